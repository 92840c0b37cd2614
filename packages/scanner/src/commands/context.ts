/**
 * Exit codes, documented once (and in the README): 0 clean, 1 violations (or files that could not be
 * scanned; for `check`: new findings of severity error, or fixed findings still in the baseline
 * without `--allow-stale`), 2 usage or configuration error (including a missing, corrupt or foreign
 * baseline), 70 internal error — a bug of authboundary (sysexits' EX_SOFTWARE), never the user's input.
 */
export const ExitCode = { clean: 0, violations: 1, usage: 2, internal: 70 } as const;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
  readonly cwd: string;
  /** Asks a question on a terminal (`init`); absent where nobody can answer. */
  readonly ask?: (question: string) => Promise<string>;
}

/** What every command gets: where to write and read, and how to set the exit code. */
export interface CommandContext {
  readonly io: CliIo;
  readonly setExitCode: (code: number) => void;
}

/** Asks on the process's terminal (stdin and stdout both terminals), else undefined. */
export function terminalQuestion(): CliIo['ask'] {
  // `isTTY` is undefined on a pipe or a file, whatever its type says.
  if ((process.stdin.isTTY as boolean | undefined) !== true || (process.stdout.isTTY as boolean | undefined) !== true)
    return undefined;
  return async (question) => {
    const { createInterface } = await import('node:readline/promises');
    const readline = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await readline.question(question);
    } finally {
      readline.close();
    }
  };
}
