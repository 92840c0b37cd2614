// Whether the bundled CLI in `dist/bundle/` (built by `scripts/bundle.mjs` after `tsc -b`) may run:
// it exists, and none of the build-info files its `inputs.json` names (`dist/.tsbuildinfo`, and the
// workspace's `rules/dist/.tsbuildinfo`, which `tsc -b` rewrites whenever it emits the project) is
// newer than its `cli.js`. A missing build-info file does not make it stale: the published package
// carries none. `bin/authboundary.js` and the test suite's setup ask this.
import { readFileSync, statSync } from 'node:fs';

/** @param {URL} [bundle] the bundle's directory, ending with `/` */
export function bundleIsCurrent(bundle = new URL('../dist/bundle/', import.meta.url)) {
  let built;
  let inputs;
  try {
    built = statSync(new URL('cli.js', bundle)).mtimeMs;
    inputs = JSON.parse(readFileSync(new URL('inputs.json', bundle), 'utf8')).buildInfo;
  } catch {
    return false;
  }
  if (!Array.isArray(inputs)) return false;
  return inputs.every((input) => {
    const stat = statSync(new URL(input, bundle), { throwIfNoEntry: false });
    return stat === undefined || stat.mtimeMs <= built;
  });
}
