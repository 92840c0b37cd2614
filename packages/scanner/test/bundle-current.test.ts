import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleIsCurrent } from '../bin/bundle-current.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/**
 * A package layout as `scripts/bundle.mjs` leaves it: `dist/.tsbuildinfo`, the workspace's
 * `rules/dist/.tsbuildinfo`, and `dist/bundle/` with `cli.js` and `inputs.json` naming both.
 */
function bundled(): { bundle: URL; cli: string; scannerInfo: string; rulesInfo: string } {
  const root = mkdtempSync(join(tmpdir(), 'authboundary-bundle-'));
  roots.push(root);
  const dist = join(root, 'packages', 'scanner', 'dist');
  mkdirSync(join(dist, 'bundle'), { recursive: true });
  mkdirSync(join(root, 'rules', 'dist'), { recursive: true });
  const scannerInfo = join(dist, '.tsbuildinfo');
  const rulesInfo = join(root, 'rules', 'dist', '.tsbuildinfo');
  writeFileSync(scannerInfo, '{}');
  writeFileSync(rulesInfo, '{}');
  const cli = join(dist, 'bundle', 'cli.js');
  writeFileSync(cli, 'export {};\n');
  writeFileSync(
    join(dist, 'bundle', 'inputs.json'),
    JSON.stringify({ buildInfo: ['../.tsbuildinfo', '../../../../rules/dist/.tsbuildinfo'] }),
  );
  // The build wrote the build-info files at 1000 s, the bundle at 2000 s.
  for (const file of [scannerInfo, rulesInfo]) utimesSync(file, 1000, 1000);
  utimesSync(cli, 2000, 2000);
  return { bundle: new URL(`${pathToFileURL(join(dist, 'bundle')).href}/`), cli, scannerInfo, rulesInfo };
}

describe('bundleIsCurrent: the bin runs the bundle only when no build it was made from is newer', () => {
  it('a bundle made after the last build is current', () => {
    expect(bundleIsCurrent(bundled().bundle)).toBe(true);
  });

  it('a tsc -b of the scanner after the bundle makes it stale', () => {
    const { bundle, scannerInfo } = bundled();
    utimesSync(scannerInfo, 3000, 3000);
    expect(bundleIsCurrent(bundle)).toBe(false);
  });

  it('a tsc -b of the workspace rules after the bundle makes it stale', () => {
    const { bundle, rulesInfo } = bundled();
    utimesSync(rulesInfo, 3000, 3000);
    expect(bundleIsCurrent(bundle)).toBe(false);
  });

  it('build-info files that are not there (the published package) leave it current', () => {
    const { bundle, scannerInfo, rulesInfo } = bundled();
    rmSync(scannerInfo);
    rmSync(rulesInfo);
    expect(bundleIsCurrent(bundle)).toBe(true);
  });

  it('no bundle, or no inputs.json, is not current', () => {
    const withoutInputs = bundled();
    rmSync(new URL('inputs.json', withoutInputs.bundle));
    expect(bundleIsCurrent(withoutInputs.bundle)).toBe(false);
    const withoutCli = bundled();
    rmSync(withoutCli.cli);
    expect(bundleIsCurrent(withoutCli.bundle)).toBe(false);
  });

  it("the workspace's own bundle, made by `pnpm test` or the test setup, is current", () => {
    expect(bundleIsCurrent()).toBe(true);
  });
});
