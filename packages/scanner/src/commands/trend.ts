import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { readHistory } from '../history/history-file.js';
import { historyPathFor } from '../history/history-path.js';
import { trendFormatNames, trendFormatters, type TrendFormatName } from '../outputs/index.js';
import { computeTrend } from '../trend/trend.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';
import { configOption, formatOption, historyOption, optional, windowOption } from './options.js';

export const noHistoryMessage = (historyPath: string) =>
  `${historyPath}: no history file; run \`authboundary history record\` or \`authboundary history backfill\` first`;

/** `authboundary trend`: the weekly series from the history file; reads no source file. */
export function addTrendCommand(program: Command, { io }: CommandContext): void {
  program
    .command('trend')
    .description(
      'The weekly series from the history: change against last week and the first week, sparkline, breakdowns, and the projected week of reaching zero.',
    )
    .addOption(formatOption(trendFormatNames))
    .addOption(historyOption())
    .addOption(configOption('configuration file (locates the default history file)'))
    .addOption(windowOption())
    .action((options: { format: TrendFormatName; history?: string; config?: string; window?: number }) => {
      const historyPath = historyPathFor({ cwd: io.cwd, historyPath: options.history, configPath: options.config });
      if (!existsSync(historyPath)) throw new UsageError(noHistoryMessage(historyPath));
      io.stdout(
        trendFormatters[options.format](computeTrend(readHistory(historyPath), optional('window', options.window))),
      );
    });
}
