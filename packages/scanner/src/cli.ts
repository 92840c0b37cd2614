import { ConfigError } from '@authboundary/rules';
import { Command, CommanderError } from 'commander';
import { BaselineError } from './baseline/baseline-file.js';
import { addBaselineCommand } from './commands/baseline.js';
import { addCheckCommand } from './commands/check.js';
import { ExitCode, type CliIo, type CommandContext } from './commands/context.js';
import { addExportCommand } from './commands/export.js';
import { addHistoryCommand } from './commands/history.js';
import { addInitCommand, terminalQuestion } from './commands/init.js';
import { addMapCommand } from './commands/map.js';
import { addMergeCommand } from './commands/merge.js';
import { addReportCommand } from './commands/report.js';
import { addScanCommand } from './commands/scan.js';
import { addTrendCommand } from './commands/trend.js';
import { UsageError } from './usage-error.js';
import { TOOL_VERSION as version } from './version.js';

export { ExitCode, type CliIo } from './commands/context.js';
export { reportSummaryLine } from './commands/write-report.js';

/** Where an internal error asks to be reported: the issues of the repository the docs and schemas link to. */
const BUG_REPORT_URL = 'https://github.com/authboundary/authboundary/issues';

const processIo = (): CliIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // `isTTY` is undefined on a pipe or a file, whatever its type says.
  stdoutIsTty: (process.stdout.isTTY as boolean | undefined) === true,
  stderrIsTty: (process.stderr.isTTY as boolean | undefined) === true,
  cwd: process.cwd(),
  ...optionalAsk(terminalQuestion()),
});
const optionalAsk = (ask: CliIo['ask']) => (ask === undefined ? {} : { ask });

/**
 * The program: one module per command in `commands/`, added in the order `--help` lists them. The
 * modules are light: whatever parses (the scanner, the compiler) or exports (the OpenTelemetry SDK)
 * is imported by the action that needs it, so `--help`, `--version`, `trend` and a command line that
 * does not parse start without them.
 */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('authboundary')
    .description(
      'Keeps identity layered: finds identity-provider identifiers, SDKs and authorization leaking past the auth boundary.',
    )
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  const context: CommandContext = { io, setExitCode };
  const commands = [
    addScanCommand,
    addMergeCommand,
    addMapCommand,
    addCheckCommand,
    addBaselineCommand,
    addHistoryCommand,
    addTrendCommand,
    addReportCommand,
    addExportCommand,
  ];
  for (const addCommand of commands) addCommand(program, context);
  addInitCommand(program, io, setExitCode);
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
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof BaselineError) {
      io.stderr(`authboundary: ${error.message}\n`);
      return ExitCode.usage;
    }
    // Anything else is unexpected: a bug, not the user's input. Say so, with what a fix needs.
    const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    const versions = `authboundary ${version}, Node.js ${process.version}`;
    io.stderr(
      `authboundary: internal error — this is a bug in authboundary, not in your input; ` +
        `please report it at ${BUG_REPORT_URL} with the command line and everything below (${versions})\n${detail}\n`,
    );
    return ExitCode.internal;
  }
  return exitCode;
}

export async function main(argv: readonly string[]): Promise<void> {
  process.exitCode = await run(argv);
}
