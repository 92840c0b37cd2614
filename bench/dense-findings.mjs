// Time against findings × statements: one generated file with a finding in every function, at
// growing sizes, scanned cold in one thread and parsed bare. The ratio scan / bare parse must stay
// flat as the file grows (a per-finding walk from the top of the file made it grow with the size:
// issue 14.2). Every measurement runs in its own Node process. Prints a table and the JSON rows.
//
//   node bench/dense-findings.mjs [--sizes 1,2,4] (megabytes)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const sizesIndex = args.indexOf('--sizes');
const sizes = (sizesIndex >= 0 ? args[sizesIndex + 1] : '1,2,4').split(',').map(Number);
const here = import.meta.dirname;

/** A domain file of about `megabytes` MB: every function reads a Cognito pool id (one finding each). */
export function denseFile(megabytes) {
  const parts = [];
  let length = 0;
  for (let index = 0; length < megabytes * 1024 * 1024; index++) {
    const part = `export function handler${index}(event: { id: string; amount: number }) {\n  const total = event.amount * 2 + ${index};\n  const pool = "eu-west-1_AbCdEfGh${index % 10}";\n  return { id: event.id, total, pool };\n}\n\n`;
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

function measure(script, ...scriptArgs) {
  const output = execFileSync(process.execPath, [join(here, script), ...scriptArgs], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output.trim().split('\n').at(-1));
}

const rows = [];
for (const megabytes of sizes) {
  const root = mkdtempSync(join(tmpdir(), 'authboundary-dense-'));
  try {
    mkdirSync(join(root, 'src', 'auth'), { recursive: true });
    mkdirSync(join(root, 'src', 'booking'), { recursive: true });
    writeFileSync(
      join(root, 'authboundary.config.json'),
      JSON.stringify({
        providers: ['cognito'],
        layers: { auth: 'src/auth/**', domains: { booking: 'src/booking/**' } },
      }),
    );
    writeFileSync(
      join(root, 'src', 'auth', 'verify.ts'),
      'export const verify = (token: string) => token.length > 0;\n',
    );
    writeFileSync(join(root, 'src', 'booking', 'generated.ts'), denseFile(megabytes));
    process.stderr.write(`${megabytes} MB: parse`);
    const parse = measure('parse-only.mjs', root);
    process.stderr.write(', scan\n');
    const scan = measure('scan-once.mjs', root, '--concurrency', '1', '--no-cache');
    rows.push({ megabytes, findings: scan.findings, parseMs: parse.ms, scanMs: scan.ms, ratio: scan.ms / parse.ms });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
console.log('| size | findings | bare parse | scan (1 thread) | scan / parse |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const row of rows)
  console.log(
    `| ${row.megabytes} MB | ${row.findings} | ${(row.parseMs / 1000).toFixed(2)} s | ${(row.scanMs / 1000).toFixed(2)} s | ${row.ratio.toFixed(2)} |`,
  );
console.log(JSON.stringify(rows));
