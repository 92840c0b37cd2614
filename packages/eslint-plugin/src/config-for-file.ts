import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import {
  CONFIG_FILE_NAME,
  findConfigFile,
  loadConfigFile,
  resolveConfig,
  type ResolvedConfig,
} from '@authboundary/rules';

/** Without any configuration, files under an `auth/` directory form the auth layer. */
const conventionalLayers = { auth: '**/auth/**' };

let fallbackAnnounced = false;

/**
 * Says once per process (one `eslint` run, or one editor server's life), on the first file linted
 * without any configuration, that the built-in defaults apply. On stderr: ESLint's stdout is its
 * report, and an editor's language server speaks its protocol on stdout.
 */
function announceFallback(filename: string): void {
  if (fallbackAnnounced) return;
  fallbackAnnounced = true;
  process.stderr.write(
    `authboundary: no ${CONFIG_FILE_NAME} found above ${filename} and no settings.authboundary; ` +
      `the ESLint plugin uses its defaults (auth layer "${conventionalLayers.auth}", every built-in provider, nothing ignored). ` +
      `Run \`npx authboundary init\` to write a configuration (said once per run).\n`,
  );
}

const configFileByDirectory = new Map<string, string | null>();
const loadedByPath = new Map<string, { mtimeMs: number; config: ResolvedConfig }>();
const inlineBySettings = new WeakMap<object, Map<string, ResolvedConfig>>();

/** The configuration file that applies to a directory (walking up), cached per directory. */
function configFileFor(directory: string): string | null {
  let path = configFileByDirectory.get(directory);
  if (path === undefined) {
    path = findConfigFile(directory);
    configFileByDirectory.set(directory, path);
  }
  return path;
}

/**
 * The configuration file of a directory, found again when the cached one was deleted (an editor
 * server outlives the files it once found).
 */
function existingConfigFileFor(directory: string): string | null {
  const path = configFileFor(directory);
  if (path === null || existsSync(path)) return path;
  configFileByDirectory.clear();
  loadedByPath.delete(path);
  return configFileFor(directory);
}

/** Loads a configuration file, reloading it when it changed on disk (long-lived editor servers). */
function loadCached(path: string): ResolvedConfig {
  const mtimeMs = statSync(path).mtimeMs;
  const cached = loadedByPath.get(path);
  if (cached?.mtimeMs === mtimeMs) return cached.config;
  const config = loadConfigFile(path);
  loadedByPath.set(path, { mtimeMs, config });
  return config;
}

/**
 * The configuration for a linted file. `settings.authboundary` (inline, same keys as the file,
 * plus an optional `root`) is laid over `authboundary.config.json` found by walking up from the file.
 */
export function configForFile(
  filename: string,
  cwd: string,
  settings: Readonly<Record<string, unknown>>,
): ResolvedConfig {
  const inline = settings['authboundary'];
  const configPath = existingConfigFileFor(dirname(filename));
  if (inline === undefined || inline === null) {
    if (configPath) return loadCached(configPath);
    announceFallback(filename);
    return resolveConfig({ layers: conventionalLayers }, cwd, 'authboundary defaults');
  }
  if (typeof inline !== 'object' || Array.isArray(inline)) {
    return resolveConfig(inline, cwd, 'settings.authboundary');
  }
  const key = configPath ?? '';
  let byFile = inlineBySettings.get(inline);
  if (byFile === undefined) {
    byFile = new Map();
    inlineBySettings.set(inline, byFile);
  }
  let config = byFile.get(key);
  if (config === undefined) {
    const { root, ...overrides } = inline as Record<string, unknown>;
    const fromFile = configPath
      ? (JSON.parse(readFileSync(configPath, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>)
      : {};
    const base = configPath ? loadCached(configPath) : undefined;
    const merged = { ...(base ? fromFile : { layers: conventionalLayers }), ...overrides };
    const rootDirectory = typeof root === 'string' ? root : base ? base.root : cwd;
    config = resolveConfig(
      merged,
      rootDirectory,
      configPath ? `${configPath} + settings.authboundary` : 'settings.authboundary',
      configPath,
    );
    byFile.set(key, config);
  }
  return config;
}

/** Path of a file relative to the configuration root, with forward slashes. */
export function relativePathOf(config: ResolvedConfig, filename: string): string {
  return relative(config.root, filename).split(sep).join('/');
}
