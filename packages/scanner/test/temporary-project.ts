import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes a small project into a fresh temporary directory; returns its path. */
export function temporaryProject(files: Readonly<Record<string, string | object>>): string {
  const root = mkdtempSync(join(tmpdir(), 'authboundary-test-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return root;
}

export const standardConfig = {
  providers: ['cognito', 'auth0'],
  layers: { auth: 'src/auth/**', bff: 'src/bff/**', domains: { booking: 'src/booking/**' } },
};
