/** One problem in a configuration: where (`layers.domains.booking`) and what is wrong. */
export interface ConfigProblem {
  /** JSON path of the offending key, dotted (`layers.auth`, `providers[1]`); empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

/** A configuration that cannot be used. The message lists every problem, one per line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    /** The configuration file, or a label such as `settings.authboundary` for inline settings. */
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
    options?: ErrorOptions,
  ) {
    super(
      `${source}: invalid configuration\n${problems.map((problem) => `  ${problem.path === '' ? '(root)' : problem.path}: ${problem.message}`).join('\n')}`,
      options,
    );
  }
}
