// One scanner run through the programmatic API (what `authboundary scan` calls). Prints JSON.
// Usage: node bench/scan-once.mjs DIR [--concurrency N] (--cache-location DIR | --no-cache)
import { scan } from '@authboundary/scanner';

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
