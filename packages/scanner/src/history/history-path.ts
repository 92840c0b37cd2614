import { join, resolve } from 'node:path';
import { configForScan } from '../commands/config-for-scan.js';
import { HISTORY_FILE_NAME } from './history-file.js';

/** `--history FILE` relative to `cwd`, or `authboundary.history.json` beside the configuration. */
export function historyPathFor(options: {
  readonly historyPath?: string | undefined;
  readonly cwd: string;
  readonly configPath?: string | undefined;
  readonly paths?: readonly string[] | undefined;
}): string {
  if (options.historyPath !== undefined) return resolve(options.cwd, options.historyPath);
  const config = configForScan({
    cwd: options.cwd,
    ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
    ...(options.paths !== undefined ? { paths: options.paths } : {}),
  });
  return join(config.root, HISTORY_FILE_NAME);
}
