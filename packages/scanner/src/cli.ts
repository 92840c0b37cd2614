import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { ConfigError } from '@authboundary/rules';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { mergeShardReports } from './merge/merge-shard-reports.js';
import type { ScanReport } from './report/report.js';
import { formatNames, reporters, type FormatName } from './reporters/index.js';
import { scan, type Shard } from './scan.js';
import { UsageError } from './usage-error.js';
import { writeFileAtomic } from './write-file-atomic.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Exit codes, documented once: 0 clean, 1 violations (or files that could not be scanned), 2 usage or configuration error. */
export const ExitCode = { clean: 0, violations: 1, usage: 2 } as const;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
  readonly cwd: string;
}

const processIo = (): CliIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTty: process.stdout.isTTY === true,
  stderrIsTty: process.stderr.isTTY === true,
  cwd: process.cwd(),
});

function useColor(isTty: boolean): boolean {
  return isTty && process.env['NO_COLOR'] === undefined && process.env['CI'] === undefined;
}

function parseConcurrency(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError(`expected a positive whole number of worker threads, got "${value}"`);
  return Number(value);
}

function parseShard(value: string): Shard {
  const match = /^([1-9]\d*)\/([1-9]\d*)$/.exec(value);
  if (!match || Number(match[1]) > Number(match[2])) throw new InvalidArgumentError(`expected i/n with 1 ≤ i ≤ n (e.g. 2/4), got "${value}"`);
  return { index: Number(match[1]), count: Number(match[2]) };
}

export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('authboundary')
    .description('Keeps identity layered: finds identity-provider identifiers, SDKs and authorization leaking past the auth boundary.')
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('scan')
    .description('Scan files or directories and report violations (exit 0 clean, 1 violations, 2 usage or configuration error).')
    .argument('[paths...]', 'files or directories to scan (default: the directory of the configuration)')
    .option('-c, --config <file>', 'configuration file (default: authboundary.config.json found by walking up from the first path)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(formatNames).default('text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--cache-location <dir>', 'directory of the per-file result cache (default: node_modules/.cache/authboundary beside the configuration)')
    .option('--no-cache', 'parse every file, neither reading nor writing the cache')
    .option('--concurrency <n>', 'worker threads parsing files (default: available cores; 1 parses in the main thread)', parseConcurrency)
    .option('--shard <i/n>', 'scan the i-th of n deterministic parts of the files (CI matrix); combine the JSON outputs with `authboundary merge`', parseShard)
    .option('-q, --quiet', 'no progress line, even on a terminal')
    .action(async (paths: string[], options: { config?: string; format: FormatName; output?: string; cache: boolean; cacheLocation?: string; concurrency?: number; shard?: Shard; quiet?: boolean }) => {
      // Progress only where a person watches: a terminal on stderr.
      const showProgress = io.stderrIsTty && options.quiet !== true;
      const started = Date.now();
      let lastDrawn = 0;
      const drawProgress = (done: number, total: number) => {
        const now = Date.now();
        if (done !== total && now - lastDrawn < 100) return;
        lastDrawn = now;
        io.stderr(`\r${done}/${total} files, ${Math.round(done / Math.max((now - started) / 1000, 0.001))} files/s`);
      };
      const { report, warnings, cacheError } = await scan({
        paths,
        cwd: io.cwd,
        cache: options.cache,
        ...(options.config !== undefined ? { configPath: options.config } : {}),
        ...(options.cacheLocation !== undefined ? { cacheLocation: options.cacheLocation } : {}),
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        ...(options.shard !== undefined ? { shard: options.shard } : {}),
        ...(showProgress ? { onFile: drawProgress } : {}),
      });
      if (showProgress) io.stderr('\n');
      for (const warning of warnings) io.stderr(`warning: ${warning.path}: the glob "${warning.glob}" matches no file\n`);
      if (cacheError !== undefined) io.stderr(`warning: ${cacheError}\n`);
      if (options.shard !== undefined && options.format !== 'json') io.stderr(`note: shard ${options.shard.index}/${options.shard.count} shows per-file rules only; write --format json and combine the shards with authboundary merge for the project-wide rules\n`);
      writeReport(report, options);
    });

  const writeReport = (report: ScanReport, options: { format: FormatName; output?: string }) => {
    const output = reporters[options.format](report, { color: options.output === undefined && options.format === 'text' && useColor(io.stdoutIsTty) });
    if (options.output !== undefined) writeFileAtomic(resolve(io.cwd, options.output), output);
    else io.stdout(output);
    setExitCode(report.summary.errors > 0 || report.unscanned.length > 0 ? ExitCode.violations : ExitCode.clean);
  };

  program
    .command('merge')
    .description('Combine the JSON reports of `scan --shard 1/n` … `n/n` into the report of a single run, project-wide rules included (exit codes as for scan).')
    .argument('<parts...>', 'the shard reports (JSON files)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(formatNames).default('text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .action((parts: string[], options: { format: FormatName; output?: string }) => {
      const inputs = parts.map((name) => {
        let text: string;
        try {
          text = readFileSync(resolve(io.cwd, name), 'utf8');
        } catch (error) {
          throw new UsageError(`cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
        }
        try {
          return { name, data: JSON.parse(text) as unknown };
        } catch (error) {
          throw new UsageError(`${name} is not JSON: ${(error as Error).message}`, { cause: error });
        }
      });
      writeReport(mergeShardReports(inputs), options);
    });

  return program;
}

/** Runs the CLI; returns the exit code (also set on `process.exitCode` by `main`). */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = ExitCode.clean;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other parse error is a usage error.
      return error.exitCode === 0 ? ExitCode.clean : ExitCode.usage;
    }
    if (error instanceof ConfigError || error instanceof UsageError) {
      io.stderr(`authboundary: ${error.message}\n`);
      return ExitCode.usage;
    }
    io.stderr(`authboundary: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.usage;
  }
  return exitCode;
}

export async function main(argv: readonly string[]): Promise<void> {
  process.exitCode = await run(argv);
}
