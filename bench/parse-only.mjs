// The floor for any tool on this stack: read every source file and parse it with the TypeScript
// API (parent pointers set, as every rule host needs them), one file at a time. Prints JSON.
// Usage: node bench/parse-only.mjs DIR [--threads N] [--no-jsdoc]
// With --no-jsdoc, JSDoc comments are not parsed (`jsDocParsingMode: ParseNone`, TypeScript >= 5.3),
// as the scanner parses: the floor the scanner's own parse is measured against besides the full one.
// With --threads N (N > 1), the files are split over N worker threads (file i to thread i mod N),
// each loading the compiler itself as a scanner worker does: what the machine's cores give a parse
// that shares nothing, the ceiling for any multi-threaded tool on it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

// Loaded with `require`, as the scanner loads it (`compiler.cjs`): imported from an ES module, Node would
// first scan the 9 MB compiler for its export names, which the whole-process row would count.
const ts = createRequire(import.meta.url)('typescript');

function sourceFilesOf(root) {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter(
      (entry) =>
        entry.isFile() &&
        /\.[cm]?[jt]sx?$/.test(entry.name) &&
        !join(entry.parentPath, entry.name).includes('node_modules'),
    )
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function parseAll(paths, withJsDoc) {
  let statements = 0;
  const options = {
    languageVersion: ts.ScriptTarget.Latest,
    ...(withJsDoc ? {} : { jsDocParsingMode: ts.JSDocParsingMode.ParseNone }),
  };
  for (const path of paths) {
    const sourceFile = ts.createSourceFile(
      path,
      readFileSync(path, 'utf8'),
      options,
      true,
      path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    statements += sourceFile.statements.length;
  }
  return statements;
}

if (!isMainThread) {
  parentPort.postMessage(parseAll(workerData.paths, workerData.withJsDoc));
} else {
  const root = process.argv[2];
  const threadsIndex = process.argv.indexOf('--threads');
  const threads = threadsIndex >= 0 ? Number(process.argv[threadsIndex + 1]) : 1;
  const withJsDoc = !process.argv.includes('--no-jsdoc');
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const paths = sourceFilesOf(root);
  let statements = 0;
  if (threads <= 1) statements = parseAll(paths, withJsDoc);
  else {
    const shares = Array.from({ length: threads }, (_, thread) =>
      paths.filter((_, index) => index % threads === thread),
    );
    const counts = await Promise.all(
      shares.map(
        (share) =>
          new Promise((resolve, reject) => {
            const worker = new Worker(new URL(import.meta.url), { workerData: { paths: share, withJsDoc } });
            worker.once('message', resolve);
            worker.once('error', reject);
          }),
      ),
    );
    statements = counts.reduce((sum, count) => sum + count, 0);
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  process.stdout.write(
    `${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS, statements, threads, jsDoc: withJsDoc })}\n`,
  );
}
