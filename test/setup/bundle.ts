// Vitest global setup (both projects): the tests run `packages/scanner/bin/authboundary.js` as users
// do, which runs the bundled CLI only when it is current; a `tsc -b` since the last bundle would
// have them test the modules as built instead. So the bundle is built first when it is missing or
// stale (`pnpm test` has just built it: then this does nothing).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { bundleIsCurrent } from '../../packages/scanner/bin/bundle-current.js';

export default function bundleTheCli(): void {
  if (bundleIsCurrent()) return;
  const script = join(import.meta.dirname, '..', '..', 'packages', 'scanner', 'scripts', 'bundle.mjs');
  execFileSync(process.execPath, [script], { stdio: ['ignore', 'ignore', 'inherit'] });
}
