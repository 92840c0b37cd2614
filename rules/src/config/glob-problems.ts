import { posix } from 'node:path';
import type { ConfigProblem } from './config-error.js';
import type { ConfigData } from './schema.js';

/**
 * What is wrong with a glob that the schema accepts as a string but that can never select what
 * it says: globs resolve against the configuration's directory, select files (a layer is the files
 * its globs match) and never reach outside that directory (scans do not look there).
 */
function problemOf(glob: string, kind: 'layer' | 'ignore'): string | undefined {
  const shown = JSON.stringify(glob);
  if (glob.startsWith('!')) {
    return kind === 'layer'
      ? `expected a glob that selects files, got the negated glob ${shown}: a layer is the files its globs match, so a negation selects nothing; to leave files out of every layer, list them in "ignore"`
      : `expected a glob of files to ignore, got the negated glob ${shown}: "ignore" only leaves files out; to scan a file that another ignore glob matches, narrow that glob`;
  }
  if (posix.isAbsolute(glob) || /^[A-Za-z]:[\\/]/.test(glob) || glob.startsWith('\\\\')) {
    return `expected a glob relative to the configuration's directory, got the absolute glob ${shown}; write it relative to the directory holding authboundary.config.json`;
  }
  const normalized = posix.normalize(glob.replace(/\\/g, '/'));
  if (normalized === '..' || normalized.startsWith('../')) {
    return `expected a glob inside the configuration's directory, got ${shown}, which is outside the configuration's directory; files there are never scanned (move the configuration up to cover them)`;
  }
  return undefined;
}

/** Every layer and ignore glob that is absolute, leaves the configuration's directory or is negated. */
export function globProblems(data: Pick<ConfigData, 'layers' | 'ignore'>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const check = (path: string, globs: string | readonly string[] | undefined, kind: 'layer' | 'ignore') => {
    if (globs === undefined) return;
    const list = typeof globs === 'string' ? [globs] : globs;
    list.forEach((glob, index) => {
      const message = problemOf(glob, kind);
      if (message !== undefined)
        problems.push({ path: typeof globs === 'string' ? path : `${path}[${index}]`, message });
    });
  };
  check('layers.auth', data.layers.auth, 'layer');
  check('layers.bff', data.layers.bff, 'layer');
  for (const [name, globs] of Object.entries(data.layers.domains)) check(`layers.domains.${name}`, globs, 'layer');
  check('ignore', data.ignore, 'ignore');
  return problems;
}
