import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { backfillHistory, DEFAULT_BACKFILL_WEEKS, type BackfillEvent } from '../history/backfill-history.js';
import { recordHistory } from '../history/record-history.js';
import type { CommandContext } from './context.js';
import { calendarDate, configOption, historyOption, optional, positiveInteger } from './options.js';

function describeBackfillEvent(event: BackfillEvent): string {
  switch (event.kind) {
    case 'scanned':
    case 'cached':
      return `${event.week}  ${event.record.commit!.slice(0, 10)}  ${String(event.record.total).padStart(4)}${event.kind === 'cached' ? '  (cached)' : ''}${event.record.carriedForward ? '  (no commit this week: carried forward)' : ''}`;
    case 'kept-recorded':
      return `${event.week}  kept the record made by \`history record\` (${event.record.total})`;
    case 'before-first-commit':
      return `${event.week}  no commit yet`;
    case 'not-in-shallow-clone':
      return `${event.week}  not seen: this shallow clone holds no commit before ${event.boundary.committedAt.toISOString().slice(0, 10)}`;
    case 'failed':
      return `${event.week}  ${event.commit.slice(0, 10)}  not scanned: ${event.reason}`;
  }
}

/**
 * `authboundary history record|backfill`: the weekly violation count, one record per ISO week. The
 * scanner (and with it the compiler) is imported by the actions that scan.
 */
export function addHistoryCommand(program: Command, { io }: CommandContext): void {
  const history = program
    .command('history')
    .description(
      'The weekly violation count, one record per ISO week in a committed file (default authboundary.history.json beside the configuration).',
    );

  history
    .command('record')
    .description("Scan the working tree and write this week's record (replacing an earlier record of the same week).")
    .argument('[paths...]', 'files or directories to scan (default: the directory of the configuration)')
    .addOption(configOption('configuration file'))
    .addOption(historyOption())
    .action(async (paths: string[], options: { config?: string; history?: string }) => {
      const result = await recordHistory({
        cwd: io.cwd,
        ...(paths.length > 0 ? { paths } : {}),
        ...optional('configPath', options.config),
        ...optional('historyPath', options.history),
      });
      io.stdout(
        `${result.record.week}: ${result.record.total} violation${result.record.total === 1 ? '' : 's'} recorded in ${result.historyPath}${result.replaced === undefined ? '' : ` (replaced the earlier record of this week: ${result.replaced.total})`}\n`,
      );
    });

  history
    .command('backfill')
    .description(
      "Fill past weeks from git: each week's last commit on the current branch is scanned from git objects in a temporary directory; the working tree, index, stash, branches and HEAD are not touched. Interrupted runs resume (results are cached per commit).",
    )
    .addOption(
      new Option('--weeks <n>', `number of weeks up to and including this one (default ${DEFAULT_BACKFILL_WEEKS})`)
        .argParser(positiveInteger('--weeks'))
        .conflicts('since'),
    )
    .addOption(
      new Option('--since <date>', 'fill from the week holding this date (YYYY-MM-DD) to this week').argParser(
        calendarDate,
      ),
    )
    .addOption(
      configOption(
        "hold this configuration fixed for every commit (default: each commit's own authboundary.config.json)",
      ),
    )
    .addOption(historyOption())
    .option(
      '--cache-dir <dir>',
      'per-commit result cache (default: $XDG_CACHE_HOME/authboundary/backfill or ~/.cache/authboundary/backfill)',
    )
    .action(async (options: { weeks?: number; since?: Date; config?: string; history?: string; cacheDir?: string }) => {
      const result = await backfillHistory({
        cwd: io.cwd,
        ...optional('weeks', options.weeks),
        ...optional('since', options.since),
        ...optional('configPath', options.config),
        ...optional('historyPath', options.history),
        ...optional('cacheDirectory', options.cacheDir === undefined ? undefined : resolve(io.cwd, options.cacheDir)),
        // Each finished week is a result (stdout); a week that could not be scanned is a diagnostic (stderr).
        onWeek: (event) =>
          (event.kind === 'failed' || event.kind === 'not-in-shallow-clone' ? io.stderr : io.stdout)(
            `${describeBackfillEvent(event)}\n`,
          ),
      });
      const unseen = result.events.filter((event) => event.kind === 'not-in-shallow-clone').length;
      if (unseen > 0) {
        io.stderr(
          `authboundary: warning: ${unseen} week${unseen === 1 ? ' was' : 's were'} not seen: this is a shallow clone (the default of CI checkouts). Fetch the whole history — \`fetch-depth: 0\` in actions/checkout, or \`git fetch --unshallow\` — and run backfill again.\n`,
        );
      }
      const written = result.events.filter((event) => event.kind === 'scanned' || event.kind === 'cached').length;
      const failed = result.events.filter((event) => event.kind === 'failed').length;
      io.stdout(
        `${written} week${written === 1 ? '' : 's'} backfilled in ${result.historyPath} (${options.config === undefined ? "each commit's own configuration" : `configuration held fixed: ${options.config}`})${failed > 0 ? `; ${failed} could not be scanned (see above)` : ''}\n`,
      );
    });
}
