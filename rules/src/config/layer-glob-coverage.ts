import type { ResolvedConfig } from './resolved-config.js';
import { globMatcher, toGlobList } from './resolved-config.js';

export interface LayerGlobProblem {
  /** `layers.auth`, `layers.domains.booking[1]`. */
  readonly path: string;
  readonly glob: string;
  /** `error` for the auth layer (a typo there would let everything pass), `warning` otherwise. */
  readonly severity: 'error' | 'warning';
  /** What the user most likely meant, when the glob uses glob syntax that a path name holds literally. */
  readonly hint?: string;
}

/** Glob syntax that also occurs in directory names: `(`, `)`, `[`, `]`, `{`, `}`, `!`, `+`, `@`. */
const SYNTAX_IN_NAMES = /[()[\]{}!+@]/;

/**
 * A hint for a glob that matches nothing while some file's path contains its glob characters
 * literally (escaped as one-character classes, the glob matches).
 */
function hintFor(glob: string, files: readonly string[]): string | undefined {
  if (!SYNTAX_IN_NAMES.test(glob)) return undefined;
  const escaped = glob.replace(/[()[\]{}!+@]/g, (character) => `[${character}]`);
  const matches = globMatcher([escaped]);
  const example = files.find((file) => matches(file));
  const syntax =
    'parentheses, brackets, braces, "!", "+" and "@" are glob syntax; only whole segments shaped like a route group "(name)" or a dynamic segment "[id]", "[...slug]" are taken literally';
  return example === undefined ? syntax : `${syntax}; to match paths such as "${example}" write "${escaped}"`;
}

/** Layer globs that match none of `files` (paths relative to the config root, forward slashes). */
export function layerGlobProblems(config: ResolvedConfig, files: readonly string[]): LayerGlobProblem[] {
  const { layers } = config.data;
  const entries: { path: string; globs: string | readonly string[] | undefined; severity: 'error' | 'warning' }[] = [
    { path: 'layers.auth', globs: layers.auth, severity: 'error' },
    { path: 'layers.bff', globs: layers.bff, severity: 'warning' },
    ...Object.entries(layers.domains).map(([name, globs]) => ({
      path: `layers.domains.${name}`,
      globs,
      severity: 'warning' as const,
    })),
  ];
  const problems: LayerGlobProblem[] = [];
  for (const entry of entries) {
    const globs = toGlobList(entry.globs);
    globs.forEach((glob, index) => {
      const matches = globMatcher([glob]);
      if (!files.some((file) => matches(file))) {
        const hint = hintFor(glob, files);
        problems.push({
          path: typeof entry.globs === 'string' ? entry.path : `${entry.path}[${index}]`,
          glob,
          severity: entry.severity,
          ...(hint === undefined ? {} : { hint }),
        });
      }
    });
  }
  return problems;
}
