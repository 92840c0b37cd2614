// The scanner benchmark: prints, for one run on the same files, bare TypeScript parsing (1 thread,
// and split over all cores as the ceiling of what they give), the scanner cold (1 worker, all
// cores), warm (nothing changed, 1 % changed), peak memory of each, and ESLint with the
// typescript-eslint parser alone, with one rule that does nothing (ESLint's own cost of any rule)
// and with the plugin's recommended rules, then the target ratios. Every measurement runs in its
// own Node process.
//
//   node bench/run.mjs [--lines 500000] [--repeat 1] [--path DIR] [--json FILE]
//
// Without --path, a synthetic platform is generated (deterministically) in a temp directory;
// with --path, that directory is copied to a temp directory first (the 1 % edits never touch it).
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generatePlatform } from './generate-platform.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : fallback;
};
const lines = Number(option('--lines', '500000'));
const repeat = Number(option('--repeat', '1'));
const localPath = option('--path', undefined);
const jsonOut = option('--json', undefined);
const cores = availableParallelism();
const here = import.meta.dirname;

const work = mkdtempSync(join(tmpdir(), 'authboundary-bench-'));
const root = join(work, 'platform');
let description;
if (localPath === undefined) {
  const generated = generatePlatform(root, lines);
  description = `synthetic platform: ${generated.files} files, ${generated.lines} lines (bench/generate-platform.mjs, --lines ${lines})`;
} else {
  cpSync(resolve(localPath), root, { recursive: true, filter: (source) => !/[\\/](node_modules|\.git)([\\/]|$)/.test(source) });
  description = `copy of ${resolve(localPath)}`;
}
const sourceFiles = readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && /\.[cm]?[jt]sx?$/.test(entry.name))
  .map((entry) => join(entry.parentPath, entry.name))
  .sort();

function measure(script, ...scriptArgs) {
  const output = execFileSync(process.execPath, [join(here, script), ...scriptArgs], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(output.trim().split('\n').at(-1));
}

/** Appends a statement to every 100th source file; returns a function that restores them. */
function changeOnePercent(round) {
  const changed = sourceFiles.filter((_, index) => index % 100 === 0);
  const originals = changed.map((path) => readFileSync(path));
  changed.forEach((path, index) => appendFileSync(path, `\nexport const benchEdit${round}x${index} = ${round};\n`));
  return { count: changed.length, restore: () => changed.forEach((path, index) => writeFileSync(path, originals[index])) };
}

const rows = [];
for (let round = 1; round <= repeat; round++) {
  const coldOne = join(work, `cache-1-${round}`);
  const coldAll = join(work, `cache-n-${round}`);
  const row = {};
  process.stderr.write(`round ${round}/${repeat}: parse`);
  row.parse = measure('parse-only.mjs', root);
  process.stderr.write(`, parse ${cores} threads`);
  row.parseN = measure('parse-only.mjs', root, '--threads', String(cores));
  process.stderr.write(', cold 1 worker');
  row.cold1 = measure('scan-once.mjs', root, '--concurrency', '1', '--cache-location', coldOne);
  process.stderr.write(`, cold ${cores} workers`);
  row.coldN = measure('scan-once.mjs', root, '--concurrency', String(cores), '--cache-location', coldAll);
  process.stderr.write(', warm');
  row.warm0 = measure('scan-once.mjs', root, '--concurrency', String(cores), '--cache-location', coldAll);
  const edit = changeOnePercent(round);
  try {
    process.stderr.write(`, warm ${edit.count} changed`);
    row.warm1 = measure('scan-once.mjs', root, '--concurrency', String(cores), '--cache-location', coldAll);
  } finally {
    edit.restore();
  }
  process.stderr.write(', eslint parser');
  row.eslintParser = measure('eslint-once.mjs', root, 'parser');
  process.stderr.write(', eslint empty rule');
  row.eslintEmpty = measure('eslint-once.mjs', root, 'empty-rule');
  process.stderr.write(', eslint plugin\n');
  row.eslintPlugin = measure('eslint-once.mjs', root, 'plugin');
  rmSync(coldOne, { recursive: true, force: true });
  rmSync(coldAll, { recursive: true, force: true });
  rows.push(row);
}
rmSync(work, { recursive: true, force: true });

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kb) => `${Math.round(kb / 1024)} MiB`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const spread = (values) => (values.length === 1 ? '' : ` (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`);

const labels = {
  parse: 'bare parse (TypeScript API, 1 thread)',
  parseN: `bare parse, files split over ${cores} worker threads`,
  cold1: 'scanner cold, 1 worker',
  coldN: `scanner cold, ${cores} workers`,
  warm0: 'scanner warm, nothing changed',
  warm1: 'scanner warm, 1 % of files changed',
  eslintParser: 'ESLint, typescript-eslint parser only',
  eslintEmpty: 'ESLint, parser + one rule that does nothing',
  eslintPlugin: 'ESLint, parser + plugin recommended',
};
const ratios = [
  { name: 'cold 1 worker / bare parse', target: '≤ 1.50', ok: (v) => v <= 1.5, of: (r) => r.cold1.ms / r.parse.ms },
  { name: `speed-up ${cores} workers vs 1`, target: '≥ 1.60', ok: (v) => v >= 1.6, of: (r) => r.cold1.ms / r.coldN.ms },
  { name: 'warm nothing changed / cold', target: '≤ 0.10', ok: (v) => v <= 0.1, of: (r) => r.warm0.ms / r.coldN.ms },
  { name: 'warm 1 % changed / cold', target: '≤ 0.15', ok: (v) => v <= 0.15, of: (r) => r.warm1.ms / r.coldN.ms },
  { name: 'peak RSS of the scanner (max) / 1 GiB', target: '≤ 1.00', ok: (v) => v <= 1, of: (r) => Math.max(r.cold1.maxRssKb, r.coldN.maxRssKb, r.warm0.maxRssKb, r.warm1.maxRssKb) / (1024 * 1024) },
  { name: 'ESLint with plugin / parser only', target: '≤ 1.15', ok: (v) => v <= 1.15, of: (r) => r.eslintPlugin.ms / r.eslintParser.ms },
  { name: `(reference) bare parse speed-up, ${cores} threads vs 1: what the cores give a parse sharing nothing`, target: 'info', ok: () => true, of: (r) => r.parse.ms / r.parseN.ms },
  { name: '(reference) ESLint with one empty rule / parser only: ESLint\'s own cost once any rule is on', target: 'info', ok: () => true, of: (r) => r.eslintEmpty.ms / r.eslintParser.ms },
  { name: '(plugin\'s own cost) ESLint with plugin / with one empty rule', target: 'info', ok: () => true, of: (r) => r.eslintPlugin.ms / r.eslintEmpty.ms },
  { name: '(CPU time) cold 1 worker / bare parse', target: 'info', ok: () => true, of: (r) => r.cold1.cpuMs / r.parse.cpuMs },
  { name: '(CPU time) ESLint with plugin / parser only', target: 'info', ok: () => true, of: (r) => r.eslintPlugin.cpuMs / r.eslintParser.cpuMs },
];

const out = [];
out.push(`authboundary benchmark — ${description}`);
out.push(`node ${process.version}, ${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${repeat} round${repeat === 1 ? '' : 's'}; median (min–max)`);
out.push('');
out.push('| measurement | wall time | CPU time | peak RSS |');
out.push('|---|---:|---:|---:|');
for (const [key, label] of Object.entries(labels)) {
  const values = rows.map((row) => row[key]);
  out.push(`| ${label} | ${seconds(median(values.map((v) => v.ms)))}${spread(values.map((v) => v.ms / 1000))} | ${seconds(median(values.map((v) => v.cpuMs)))} | ${mib(median(values.map((v) => v.maxRssKb)))} |`);
}
out.push('');
out.push('| ratio (per round, same files) | median | min–max | target | met |');
out.push('|---|---:|---:|---:|:---:|');
for (const ratio of ratios) {
  const values = rows.map(ratio.of);
  const value = median(values);
  out.push(`| ${ratio.name} | ${value.toFixed(2)} | ${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)} | ${ratio.target} | ${ratio.target === 'info' ? '' : ratio.ok(value) ? 'yes' : 'NO'} |`);
}
process.stdout.write(`${out.join('\n')}\n`);
if (jsonOut !== undefined) writeFileSync(resolve(jsonOut), `${JSON.stringify({ description, cores, rows }, null, 2)}\n`);
