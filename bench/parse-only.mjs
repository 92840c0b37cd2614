// The floor for any tool on this stack: read every source file and parse it with the TypeScript
// API (parent pointers set, as every rule host needs them), one file at a time. Prints JSON.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

function sourceFilesOf(root) {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.[cm]?[jt]sx?$/.test(entry.name) && !join(entry.parentPath, entry.name).includes('node_modules'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const root = process.argv[2];
const started = performance.now();
const cpuStarted = process.cpuUsage();
let nodes = 0;
for (const path of sourceFilesOf(root)) {
  const sourceFile = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  nodes += sourceFile.statements.length;
}
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
process.stdout.write(`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS, statements: nodes })}\n`);
