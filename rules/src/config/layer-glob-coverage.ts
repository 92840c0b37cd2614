import picomatch from 'picomatch';
import type { ResolvedConfig } from './resolved-config.js';
import { toGlobList } from './resolved-config.js';

export interface LayerGlobProblem {
  /** `layers.auth`, `layers.domains.booking[1]`. */
  readonly path: string;
  readonly glob: string;
  /** `error` for the auth layer (a typo there would let everything pass), `warning` otherwise. */
  readonly severity: 'error' | 'warning';
}

/** Layer globs that match none of `files` (paths relative to the config root, forward slashes). */
export function layerGlobProblems(config: ResolvedConfig, files: readonly string[]): LayerGlobProblem[] {
  const { layers } = config.data;
  const entries: { path: string; globs: string | readonly string[] | undefined; severity: 'error' | 'warning' }[] = [
    { path: 'layers.auth', globs: layers.auth, severity: 'error' },
    { path: 'layers.bff', globs: layers.bff, severity: 'warning' },
    ...Object.entries(layers.domains).map(([name, globs]) => ({ path: `layers.domains.${name}`, globs, severity: 'warning' as const })),
  ];
  const problems: LayerGlobProblem[] = [];
  for (const entry of entries) {
    const globs = toGlobList(entry.globs);
    globs.forEach((glob, index) => {
      const matches = picomatch(glob, { dot: true });
      if (!files.some((file) => matches(file))) {
        problems.push({ path: typeof entry.globs === 'string' ? entry.path : `${entry.path}[${index}]`, glob, severity: entry.severity });
      }
    });
  }
  return problems;
}
