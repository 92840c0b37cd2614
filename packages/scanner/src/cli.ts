import { Command, CommanderError } from 'commander';
import { ExitCode, terminalQuestion, type CliIo, type CommandContext } from './commands/context.js';
import { UsageError } from './usage-error.js';
import { TOOL_VERSION as version } from './version.js';

export { ExitCode, type CliIo } from './commands/context.js';

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

/** Adds one command, with its options and action, to the program. */
type AddCommand = (program: Command, context: CommandContext) => void;

/**
 * Every command, in the order `--help` lists them: its name and the module that defines it (options
 * and action), imported when the command line needs it.
 */
const COMMANDS: readonly { readonly name: string; readonly load: () => Promise<AddCommand> }[] = [
  { name: 'scan', load: async () => (await import('./commands/scan.js')).addScanCommand },
  { name: 'merge', load: async () => (await import('./commands/merge.js')).addMergeCommand },
  { name: 'map', load: async () => (await import('./commands/map.js')).addMapCommand },
  { name: 'check', load: async () => (await import('./commands/check.js')).addCheckCommand },
  { name: 'baseline', load: async () => (await import('./commands/baseline.js')).addBaselineCommand },
  { name: 'history', load: async () => (await import('./commands/history.js')).addHistoryCommand },
  { name: 'trend', load: async () => (await import('./commands/trend.js')).addTrendCommand },
  { name: 'report', load: async () => (await import('./commands/report.js')).addReportCommand },
  { name: 'export', load: async () => (await import('./commands/export.js')).addExportCommand },
  {
    name: 'init',
    load: async () => {
      const { addInitCommand } = await import('./commands/init.js');
      return (program, { io, setExitCode }) => addInitCommand(program, io, setExitCode);
    },
  },
];

/**
 * The commands a command line needs defined: the one it names (`scan …`, `help scan`), none for
 * `--version` alone, every one otherwise (`--help`, no command, a mistyped one, which commander
 * answers with the nearest name). Each command's module imports what its options need; whatever
 * parses (the compiler) or exports (the OpenTelemetry SDK) is imported by its action.
 */
function commandsFor(args: readonly string[]): readonly (typeof COMMANDS)[number][] {
  // The program's own options take no value: the first other word names the command.
  const words = args.filter((arg) => !arg.startsWith('-'));
  const named = words[0] === 'help' && words.length > 1 ? words[1] : words[0];
  const command = COMMANDS.find(({ name }) => name === named);
  if (command !== undefined) return [command];
  if (named === undefined && (args.includes('--version') || args.includes('-V'))) return [];
  return COMMANDS;
}

/** The program, with the commands `argv` (as `process.argv`: node, script, arguments) needs. */
export async function buildProgram(
  io: CliIo,
  setExitCode: (code: number) => void,
  argv: readonly string[],
): Promise<Command> {
  const program = new Command('authboundary')
    .description(
      'Keeps identity layered: finds identity-provider identifiers, SDKs and authorization leaking past the auth boundary.',
    )
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  const context: CommandContext = { io, setExitCode };
  const adds = await Promise.all(commandsFor(argv.slice(2)).map(({ load }) => load()));
  for (const addCommand of adds) addCommand(program, context);
  return program;
}

/** Runs the CLI; returns the exit code (also set on `process.exitCode` by `main`). */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = ExitCode.clean;
  try {
    const program = await buildProgram(
      io,
      (code) => {
        exitCode = code;
      },
      argv,
    );
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other parse error is a usage error.
      return error.exitCode === 0 ? ExitCode.clean : ExitCode.usage;
    }
    // The errors of the user's input, whose modules are imported here, on the way out of a failed command.
    const [{ ConfigError }, { BaselineError }] = await Promise.all([
      import('@authboundary/rules'),
      import('./baseline/baseline-file.js'),
    ]);
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
