import { resolve } from 'node:path';
import { findConfigFile, loadConfigFile, type ResolvedConfig } from '@authboundary/rules';
import { UsageError } from '../usage-error.js';

/**
 * Where a scan looks for its configuration. Kept apart from `scan.ts` so that commands which only
 * locate files (`trend`, `report`'s history path) do not load the compiler.
 */
export interface ConfigLocation {
  readonly paths?: readonly string[];
  readonly configPath?: string;
  readonly cwd?: string;
}

/** Finds and loads the configuration for a scan; throws `UsageError` or `ConfigError`. */
export function configForScan(options: ConfigLocation): ResolvedConfig {
  const cwd = options.cwd ?? process.cwd();
  if (options.configPath !== undefined) return loadConfigFile(resolve(cwd, options.configPath));
  const start = resolve(cwd, options.paths?.[0] ?? '.');
  const found = findConfigFile(start);
  if (found === null) {
    throw new UsageError(
      `no authboundary.config.json found in ${start} or any parent directory; create one (see the README's configuration reference) or pass --config FILE`,
    );
  }
  return loadConfigFile(found);
}
