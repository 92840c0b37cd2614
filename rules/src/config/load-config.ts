import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { projectRuleCatalogue, ruleCatalogue } from '../catalogue.js';
import { providerIds } from '../providers/index.js';
import { ConfigError } from './config-error.js';
import { problemsFromIssues } from './format-issues.js';
import { globProblems } from './glob-problems.js';
import { createResolvedConfig, type ResolvedConfig } from './resolved-config.js';
import { buildConfigSchema } from './schema.js';

export const CONFIG_FILE_NAME = 'authboundary.config.json';

/** The configuration schema of this version, with every shipped rule's options. */
export const configSchema = buildConfigSchema([...ruleCatalogue, ...projectRuleCatalogue], providerIds);

let jsonSchemaCache: Record<string, unknown> | undefined;

/** The published JSON Schema (`schema.json`), generated from `configSchema`. */
export function configJsonSchema(): Record<string, unknown> {
  jsonSchemaCache ??= {
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
    // Served as JSON (the raw file), so an editor given this URL as `$schema` loads the schema.
    $id: 'https://raw.githubusercontent.com/authboundary/authboundary/main/packages/scanner/schema.json',
    title: 'authboundary configuration',
  };
  return jsonSchemaCache;
}

/** Walks up from `startDirectory` to the filesystem root; the first config file found, or null. */
export function findConfigFile(startDirectory: string): string | null {
  let directory = resolve(startDirectory);
  for (;;) {
    const candidate = join(directory, CONFIG_FILE_NAME);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

/** Validates configuration data (parsed JSON or inline settings) and resolves it against `root`. */
export function resolveConfig(
  input: unknown,
  root: string,
  source: string,
  configPath: string | null = null,
): ResolvedConfig {
  const result = configSchema.safeParse(input, { reportInput: true });
  if (!result.success)
    throw new ConfigError(source, problemsFromIssues(result.error.issues, input, configJsonSchema()));
  const problems = globProblems(result.data);
  problems.push(
    ...[...ruleCatalogue, ...projectRuleCatalogue].flatMap((rule) => {
      const entry = (result.data.rules as Record<string, unknown>)[rule.id];
      if (!Array.isArray(entry) || entry.length < 2) return [];
      const options = rule.meta.options.safeParse(entry[1], { reportInput: true });
      return options.success
        ? []
        : problemsFromIssues(
            options.error.issues.map((issue) => ({ ...issue, path: ['rules', rule.id, 1, ...issue.path] })),
            input,
            configJsonSchema(),
          );
    }),
  );
  if (problems.length > 0) throw new ConfigError(source, problems);
  return createResolvedConfig(result.data, root, configPath);
}

/** Line and column (1-based) of a character offset. */
function positionOf(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/** Reads, parses and validates a configuration file; throws `ConfigError` naming every problem. */
export function loadConfigFile(path: string): ResolvedConfig {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(absolute, [{ path: '', message: reason }], { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const offset = /position (\d+)/.exec((error as Error).message)?.[1];
    const where = offset === undefined ? '' : ` at ${positionOf(text, Number(offset))}`;
    throw new ConfigError(absolute, [{ path: '', message: `not valid JSON${where}: ${(error as Error).message}` }], {
      cause: error,
    });
  }
  return resolveConfig(data, dirname(absolute), absolute, absolute);
}
