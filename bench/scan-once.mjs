// One scanner run through the programmatic API (what `authboundary scan` calls). Prints JSON.
// Usage: node bench/scan-once.mjs DIR [--concurrency N] (--cache-location DIR | --no-cache)
// The compiler is loaded before the timer starts, as `parse-only.mjs` loads it before its own: this row
// compares the scan's work with the parse's work. Importing the package does not load the compiler (a
// command that parses nothing never pays for it), so it is loaded here, through the scanner's own loader,
// without a code cache (a cold run has none). What loading costs is in the whole-process rows
// (`run.mjs` times the CLI and `parse-only.mjs` as processes, each loading the compiler).
import { createRequire } from 'node:module';
import { scan } from '@authboundary/scanner';

createRequire(import.meta.url)('../packages/scanner/dist/compiler.cjs');

const [root, ...rest] = process.argv.slice(2);
const option = (name) => {
  const index = rest.indexOf(name);
  return index >= 0 ? rest[index + 1] : undefined;
};
const started = performance.now();
const cpuStarted = process.cpuUsage();
const { report } = await scan({
  paths: [root],
  cwd: root,
  // Without --concurrency: the scanner's default (decided from the load and the work).
  ...(option('--concurrency') === undefined ? {} : { concurrency: Number(option('--concurrency')) }),
  ...(rest.includes('--no-cache') ? { cache: false } : { cacheLocation: option('--cache-location') }),
});
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
process.stdout.write(
  `${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS, findings: report.summary.total, files: report.summary.filesScanned })}\n`,
);
