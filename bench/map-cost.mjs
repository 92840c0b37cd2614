/**
 * What `authboundary map` costs next to a cold `scan` of the same platform (issue 16: no more than
 * a cold scan). `map` is a scan (whose per-file results already hold the identity-surface sites)
 * plus assembling the map: this measures both in one process, rounds alternated, and prints the
 * ratio per round. Run after `tsc -b`:
 *   node bench/map-cost.mjs [--lines 500000] [--rounds 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIdentityMap, scan } from '@authboundary/scanner';
import { generatePlatform } from './generate-platform.mjs';

const option = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const lines = option('--lines', 500_000);
const rounds = option('--rounds', 3);
const work = mkdtempSync(join(tmpdir(), 'authboundary-map-cost-'));
try {
  const root = join(work, 'platform');
  generatePlatform(root, lines);
  const rows = [];
  for (let round = 0; round < rounds; round++) {
    const scanStarted = performance.now();
    await scan({ cwd: root, cache: false, concurrency: 1 });
    const scanMs = performance.now() - scanStarted;
    const mapStarted = performance.now();
    const result = await scan({ cwd: root, cache: false, concurrency: 1 });
    const map = buildIdentityMap(result.config.root, result.sites, result.report.findings);
    const mapMs = performance.now() - mapStarted;
    rows.push({
      round: round + 1,
      scanMs: Math.round(scanMs),
      mapMs: Math.round(mapMs),
      ratio: Number((mapMs / scanMs).toFixed(3)),
      sites: map.entries.length,
      files: result.report.summary.filesScanned,
    });
  }
  console.table(rows);
  const ratios = rows.map((row) => row.ratio).sort((a, b) => a - b);
  console.log(
    `map / cold scan: median ${ratios[Math.floor(ratios.length / 2)]} (range ${ratios[0]}–${ratios.at(-1)}) on ${lines} lines, 1 thread, no cache`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
