import { describe, expect, it, vi } from 'vitest';
import { scan } from '../src/commands/run-scan.js';
import { surfaceEntriesOf } from '../src/map/surface-entry.js';
import { createProject } from './project.js';

vi.mock('../src/map/surface-entry.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/map/surface-entry.js')>();
  return { ...original, surfaceEntriesOf: vi.fn(original.surfaceEntriesOf) };
});

describe("a scan's identity surface (`sites`)", () => {
  it('is made only when read: a scan printed as a report does not make it', async () => {
    const directory = createProject({
      'src/auth/cognito.ts':
        "import { CognitoJwtVerifier } from 'aws-jwt-verify';\nexport const v = CognitoJwtVerifier;\n",
      'src/bff/home.handler.ts':
        "import { book } from '../booking/book.js';\nexport async function GET(request: Request) {\n  return book(request);\n}\n",
      'src/booking/book.ts': 'export const book = (request: Request) => request.url;\n',
    });
    const made = vi.mocked(surfaceEntriesOf);
    made.mockClear();
    const result = await scan({ cwd: directory, cache: false, concurrency: 1 });
    expect(made).not.toHaveBeenCalled();
    const kinds = result.sites.map((site) => `${site.kind} ${site.file}`);
    expect(kinds).toContain('provider-sdk src/auth/cognito.ts');
    expect(made).toHaveBeenCalled();
    const calls = made.mock.calls.length;
    expect(result.sites).toBe(result.sites);
    expect(made.mock.calls.length).toBe(calls);
  });
});
