import { resolve } from 'node:path';
import { ConfigError, findConfigFile, layerGlobProblems, loadConfigFile, ruleCatalogue, type LayerGlobProblem, type ResolvedConfig } from '@authboundary/rules';
import { FileExtractor, enabledRules } from './extract/extract-file.js';
import { allProjectFiles, discoverFiles } from './files/discover-files.js';
import { assignOwners, loadConfiguredOwners } from './owners/assign-owners.js';
import { createReport, type Finding, type ScanReport, type UnscannedFile } from './report/report.js';
import { UsageError } from './usage-error.js';

export interface ScanOptions {
  /** Files or directories to scan, relative to `cwd` (default: the configuration's directory). */
  readonly paths?: readonly string[];
  /** Configuration file; default: `authboundary.config.json` found by walking up from the first path. */
  readonly configPath?: string;
  readonly cwd?: string;
  /** Called after each file (progress reporting). */
  readonly onFile?: (done: number, total: number) => void;
}

export interface ScanResult {
  readonly report: ScanReport;
  readonly config: ResolvedConfig;
  /** Layer globs that match no file (warnings; an unmatched `layers.auth` glob throws instead). */
  readonly warnings: readonly LayerGlobProblem[];
  /** Lines of the CODEOWNERS file that were skipped, as `path:line: message`. */
  readonly ownersWarnings: readonly string[];
}

/** Finds and loads the configuration for a scan; throws `UsageError` or `ConfigError`. */
export function configForScan(options: Pick<ScanOptions, 'paths' | 'configPath' | 'cwd'>): ResolvedConfig {
  const cwd = options.cwd ?? process.cwd();
  if (options.configPath !== undefined) return loadConfigFile(resolve(cwd, options.configPath));
  const start = resolve(cwd, options.paths?.[0] ?? '.');
  const found = findConfigFile(start);
  if (found === null) {
    throw new UsageError(`no authboundary.config.json found in ${start} or any parent directory; create one (see the README's configuration reference) or pass --config FILE`);
  }
  return loadConfigFile(found);
}

/** The programmatic API behind `authboundary scan`: configuration in, report out. */
export async function scan(options: ScanOptions = {}): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = configForScan(options);
  const globProblems = layerGlobProblems(config, await allProjectFiles(config));
  const errors = globProblems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    throw new ConfigError(
      config.configPath ?? 'configuration',
      errors.map((problem) => ({ path: problem.path, message: `the glob "${problem.glob}" matches no file; a typo here would let every file pass` })),
    );
  }
  const files = await discoverFiles(config, options.paths && options.paths.length > 0 ? options.paths : [config.root], cwd);
  const owners = loadConfiguredOwners(config);
  const extractor = new FileExtractor(config, enabledRules(ruleCatalogue, config));
  const findings: Finding[] = [];
  const unscanned: UnscannedFile[] = [];
  files.forEach((file, index) => {
    const result = extractor.extract(file);
    if (result.kind === 'scanned') findings.push(...result.findings);
    else unscanned.push(result.unscanned);
    options.onFile?.(index + 1, files.length);
  });
  return {
    report: createReport(config.root, assignOwners(findings, owners, config.root), unscanned, files.length - unscanned.length),
    config,
    warnings: globProblems.filter((problem) => problem.severity === 'warning'),
    ownersWarnings: owners?.codeowners.problems.map((problem) => `${owners.path}:${problem.line}: ${problem.message}`) ?? [],
  };
}
