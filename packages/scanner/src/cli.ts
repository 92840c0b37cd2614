import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { ConfigError } from '@authboundary/rules';
import { Command, CommanderError, Option } from 'commander';
import { formatNames, reporters, type FormatName } from './reporters/index.js';
import { scan } from './scan.js';
import { UsageError } from './usage-error.js';
import { addWeeklyCommands } from './weekly-commands.js';
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
    .action(async (paths: string[], options: { config?: string; format: FormatName; output?: string }) => {
      // Progress only where a person watches: a terminal on stderr.
      const showProgress = io.stderrIsTty;
      const started = Date.now();
      const { report, warnings } = await scan({
        paths,
        cwd: io.cwd,
        ...(options.config !== undefined ? { configPath: options.config } : {}),
        ...(showProgress ? { onFile: (done: number, total: number) => io.stderr(`\r${done}/${total} files, ${Math.round(done / Math.max((Date.now() - started) / 1000, 0.001))} files/s`) } : {}),
      });
      if (showProgress) io.stderr('\n');
      for (const warning of warnings) io.stderr(`warning: ${warning.path}: the glob "${warning.glob}" matches no file\n`);
      const output = reporters[options.format](report, { color: options.output === undefined && options.format === 'text' && useColor(io.stdoutIsTty) });
      if (options.output !== undefined) writeFileAtomic(resolve(io.cwd, options.output), output);
      else io.stdout(output);
      setExitCode(report.summary.errors > 0 || report.unscanned.length > 0 ? ExitCode.violations : ExitCode.clean);
    });

  addWeeklyCommands(program, io);

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
