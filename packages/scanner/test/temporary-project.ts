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

/** The files of the smallest project with one finding: an auth layer and a domain file naming a provider id. */
export const oneLeakProject = {
  'authboundary.config.json': standardConfig,
  'src/auth/verify.ts': 'export const verify = () => true;\n',
  'src/booking/booking.ts': 'export const cognitoSub = 1;\n',
};
