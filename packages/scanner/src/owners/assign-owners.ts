import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { ConfigError, type ResolvedConfig } from '@authboundary/rules';
import { parseCodeowners, type Codeowners } from './codeowners.js';

/** The CODEOWNERS of a configuration, resolved against the repository its patterns refer to. */
export interface ConfiguredOwners {
  readonly codeowners: Codeowners;
  /** The CODEOWNERS file (absolute). */
  readonly path: string;
  /** The directory CODEOWNERS patterns are relative to: the repository root. */
  readonly repositoryRoot: string;
}

/**
 * The directory CODEOWNERS patterns are relative to. Code hosts read the file from the repository
 * root or from its `.github/` or `docs/` directory (GitLab also `.gitlab/`), so that is the
 * directory holding it, or the parent of one of those.
 */
function repositoryRootOf(codeownersPath: string): string {
  const directory = dirname(codeownersPath);
  return ['.github', '.gitlab', 'docs'].includes(basename(directory)) ? dirname(directory) : directory;
}

/** Loads the file named by `owners` in the configuration; null when it names none. Throws `ConfigError`. */
export function loadConfiguredOwners(config: ResolvedConfig): ConfiguredOwners | null {
  if (config.data.owners === undefined) return null;
  const path = resolve(config.root, config.data.owners);
  const source = config.configPath ?? 'configuration';
  if (!existsSync(path) || !statSync(path).isFile())
    throw new ConfigError(source, [
      { path: 'owners', message: `expected a CODEOWNERS file, but ${path} does not exist` },
    ]);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(source, [{ path: 'owners', message: `cannot read ${path}: ${(error as Error).message}` }], {
      cause: error,
    });
  }
  return { codeowners: parseCodeowners(text), path, repositoryRoot: repositoryRootOf(path) };
}

/** The findings (or map sites) with their owners: the file's path is taken relative to the repository root. */
export function assignOwners<T extends { readonly file: string; readonly owners: readonly string[] }>(
  findings: readonly T[],
  owners: ConfiguredOwners | null,
  configRoot: string,
): T[] {
  if (owners === null) return [...findings];
  const cache = new Map<string, readonly string[]>();
  return findings.map((finding) => {
    let fileOwners = cache.get(finding.file);
    if (fileOwners === undefined) {
      const repositoryPath = relative(owners.repositoryRoot, join(configRoot, finding.file)).split(sep).join('/');
      fileOwners = repositoryPath.startsWith('../') ? [] : owners.codeowners.ownersOf(repositoryPath);
      cache.set(finding.file, fileOwners);
    }
    return { ...finding, owners: [...fileOwners] };
  });
}
