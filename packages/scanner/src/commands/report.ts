import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readHistory, withRecord } from '../history/history-file.js';
import { historyPathFor } from '../history/history-path.js';
import { recordOfWorkingTree } from '../history/record-history.js';
import { htmlReport } from '../outputs/html-report.js';
import { computeTrend } from '../trend/trend.js';
import { UsageError } from '../usage-error.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import type { CommandContext } from './context.js';
import { configOption, historyOption, optional, windowOption } from './options.js';
import { noHistoryMessage } from './trend.js';

/** `authboundary report --html`: the trend, this week's scan and the map as one self-contained page. */
export function addReportCommand(program: Command, { io }: CommandContext): void {
  program
    .command('report')
    .description(
      'Write the trend as one self-contained HTML page: weekly chart with per-rule lines, projection, tables by module, owner and rule with the current findings behind each number (exit 2 without a history file, as for trend).',
    )
    .requiredOption('--html <file>', 'HTML file to write (atomically)')
    .argument(
      '[paths...]',
      'files or directories to scan for the current findings (default: the directory of the configuration)',
    )
    .addOption(configOption('configuration file'))
    .addOption(historyOption())
    .option(
      '--link-base <url>',
      'prefix for file links, e.g. https://github.com/org/repo/blob/main/ (default: file:// links)',
    )
    .addOption(windowOption())
    .action(
      async (
        paths: string[],
        options: { html: string; config?: string; history?: string; linkBase?: string; window?: number },
      ) => {
        const historyPath = historyPathFor({
          cwd: io.cwd,
          historyPath: options.history,
          configPath: options.config,
          paths,
        });
        // As for `trend`: a page of one week, the current scan, would show no trend and no projection.
        if (!existsSync(historyPath)) throw new UsageError(noHistoryMessage(historyPath));
        const stored = readHistory(historyPath);
        const { scan } = await import('./run-scan.js');
        const { report, config, sites } = await scan({
          cwd: io.cwd,
          ...(paths.length > 0 ? { paths } : {}),
          ...optional('configPath', options.config),
        });
        const now = new Date();
        const { buildIdentityMap } = await import('../map/identity-map.js');
        const map = buildIdentityMap(report.root, sites, report.findings);
        // The current scan stands for this week in the page (not written to the history file), so
        // the chart's last point and the tables count the same findings.
        const trend = computeTrend(
          withRecord(stored, recordOfWorkingTree(report, config.hash, now, map.summary.decisions)),
          optional('window', options.window),
        );
        const target = resolve(io.cwd, options.html);
        writeFileAtomic(
          target,
          htmlReport({ trend, report, map, generatedAt: now, ...optional('linkBase', options.linkBase) }),
        );
        io.stdout(`HTML report written to ${target}\n`);
      },
    );
}
