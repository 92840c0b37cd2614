import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import {
  ConfigError,
  layerGlobProblems,
  projectRuleCatalogue,
  ruleCatalogue,
  type LayerGlobProblem,
  type ResolvedConfig,
} from '@authboundary/rules';
import { codeIdentity } from '../cache/code-identity.js';
import { saveCompilerCodeCache, useCompilerCodeCache } from '../compiler-code-cache.cjs';
import { DEFAULT_CACHE_LOCATION, ResultCache } from '../cache/result-cache.js';
import { configForScan } from './config-for-scan.js';
import { enabledRules, type FileSite } from '../extract/file-result.js';
import { extractFiles } from '../extract/extract-files.js';
import { allProjectFiles, discoverFiles, type SourceFileRef } from '../files/discover-files.js';
import { assignOwners, loadConfiguredOwners } from '../owners/assign-owners.js';
import { surfaceEntriesOf, type SurfaceEntry } from '../map/surface-entry.js';
import { ModuleResolution } from '../project/cached-module-resolution.js';
import { runProjectRules, type FileFactsRecord } from '../project/run-project-rules.js';
import { createReport, type Finding, type ScanReport, type UnscannedFile } from '../report/report.js';
import { TOOL_VERSION as toolVersion } from '../version.js';

/** One part of a scan split over several machines: files are assigned by a hash of their path. */
export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** Whether a file belongs to a shard: stable per path, so adding a file never moves the others. */
export function isInShard(path: string, shard: Shard): boolean {
  return createHash('sha1').update(path).digest().readUInt32BE(0) % shard.count === shard.index - 1;
}

export interface ScanOptions {
  /** Files or directories to scan, relative to `cwd` (default: the configuration's directory). */
  readonly paths?: readonly string[];
  /** Configuration file; default: `authboundary.config.json` found by walking up from the first path. */
  readonly configPath?: string;
  readonly cwd?: string;
  /** Called after each file (progress reporting). */
  readonly onFile?: (done: number, total: number) => void;
  /** Reuse per-file results of unchanged files (default true). */
  readonly cache?: boolean;
  /** Cache directory, relative to `cwd` (default `node_modules/.cache/authboundary` under the configuration's directory). */
  readonly cacheLocation?: string;
  /**
   * Threads parsing files: 1 parses in the calling thread, N uses up to N. Default: one per core idle
   * now and per 8 million characters to parse (`autoThreads`), so never more than the machine and
   * the work can use.
   */
  readonly concurrency?: number;
  /** Scan only this shard's files; the report then carries what `mergeShardReports` needs. */
  readonly shard?: Shard;
}

export interface ScanResult {
  readonly report: ScanReport;
  readonly config: ResolvedConfig;
  /** Layer globs that match no file (warnings; an unmatched `layers.auth` glob throws instead). */
  readonly warnings: readonly LayerGlobProblem[];
  /** Lines of the CODEOWNERS file that were skipped, as `path:line: message`. */
  readonly ownersWarnings: readonly string[];
  /** Problems in tsconfig files met while resolving imports (those files resolve with the compiler's defaults). */
  readonly resolutionWarnings: readonly string[];
  /** Set when the cache could not be written (the scan itself succeeded). */
  readonly cacheError?: string;
  /**
   * The identity surface of the scanned files (`authboundary map`), in file and position order, with
   * owners: computed when first read (a scan printed as a report never reads it).
   */
  readonly sites: readonly SurfaceEntry[];
}

/** What each specifier of a file resolves to, when any does. */
function resolutionsOf(
  resolver: ModuleResolution,
  path: string,
  specifiers: readonly string[],
): Record<string, string> | undefined {
  const resolved = specifiers.flatMap((specifier) => {
    const target = resolver.resolve(path, specifier);
    return target === null ? [] : [[specifier, target] as const];
  });
  return resolved.length === 0 ? undefined : Object.fromEntries(resolved);
}

/** The programmatic API behind `authboundary scan`: configuration in, report out. */
export async function scan(options: ScanOptions = {}): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = configForScan(options);
  const projectFiles = await allProjectFiles(config);
  let globProblems = layerGlobProblems(config, projectFiles);
  if (globProblems.length > 0) {
    // The listing above does not follow links; the scan does (a link is scanned under its own path).
    // Before a glob is said to match nothing, the files the scan would reach through links count too.
    const reachable = await discoverFiles(config, [config.root], config.root);
    globProblems = layerGlobProblems(config, [
      ...new Set([...projectFiles, ...reachable.files.map((file) => file.path)]),
    ]);
  }
  const errors = globProblems.filter((problem) => problem.severity === 'error');
  let cacheError: string | undefined;
  if (errors.length > 0) {
    throw new ConfigError(
      config.configPath ?? 'configuration',
      errors.map((problem) => ({
        path: problem.path,
        message: `the glob "${problem.glob}" matches no file; a typo here would let every file pass${problem.hint === undefined ? '' : ` (${problem.hint})`}`,
      })),
    );
  }
  const wholeRoot = options.paths === undefined || options.paths.length === 0;
  const discovered = await discoverFiles(config, wholeRoot ? [config.root] : options.paths, cwd);
  const inShard = <T>(entries: readonly T[], pathOf: (entry: T) => string): T[] =>
    options.shard ? entries.filter((entry) => isInShard(pathOf(entry), options.shard!)) : [...entries];
  const files: SourceFileRef[] = inShard(discovered.files, (file) => file.path);
  const owners = loadConfiguredOwners(config);
  const rules = enabledRules(ruleCatalogue, config);
  const projectRules = enabledRules(projectRuleCatalogue, config);
  const cacheDirectory =
    options.cacheLocation !== undefined
      ? resolve(cwd, options.cacheLocation)
      : resolve(config.root, DEFAULT_CACHE_LOCATION);
  const cache = options.cache === false ? null : ResultCache.open(cacheDirectory, config.hash, codeIdentity());
  // The compiler, when a file or an import has to be parsed or resolved, loads with the V8 code
  // cache kept beside the results (none without a cache: a cold run pays the full load).
  useCompilerCodeCache(cache === null ? null : cacheDirectory);
  const results = await extractFiles(files, {
    config,
    // The extractor's module loads the compiler: imported only when a file is parsed.
    createExtractor: async () =>
      new (await import('../extract/extract-file.js')).FileExtractor(config, rules, projectRules),
    cache,
    concurrency: options.concurrency ?? 'auto',
    codeCacheDirectory: cache === null ? null : cacheDirectory,
    ...(options.onFile ? { onFile: options.onFile } : {}),
  });
  if (cache !== null) {
    if (wholeRoot && options.shard === undefined) cache.retainOnly(new Set(files.map((file) => file.path)));
    try {
      cache.save();
    } catch (error) {
      // An unwritable cache slows the next run down; it never fails this one.
      cacheError = `cannot write the cache ${cache.path}: ${(error as Error).message}`;
    }
  }
  const findings: Finding[] = [];
  // Selected paths that discovery could not scan (unreadable directories, dangling links, loops).
  const unscanned: UnscannedFile[] = inShard(discovered.unscanned, (entry) => entry.file);
  const discoveryUnscanned = unscanned.length;
  const facts: FileFactsRecord[] = [];
  /** Files with identity-surface sites, and their resolved imports: `sites` is made of them when read. */
  const siteFiles: { path: string; sites: readonly FileSite[]; resolutions: Record<string, string> | undefined }[] = [];
  const resolver = new ModuleResolution(
    config,
    projectFiles,
    discovered.files,
    options.cache === false ? null : cacheDirectory,
    codeIdentity(),
  );
  results.forEach((result, index) => {
    if (result.kind === 'unscanned') {
      unscanned.push(result.unscanned);
      return;
    }
    findings.push(...result.findings);
    const path = files[index]!.path;
    const resolutions = result.specifiers === undefined ? undefined : resolutionsOf(resolver, path, result.specifiers);
    if (result.sites !== undefined) siteFiles.push({ path, sites: result.sites, resolutions });
    if (result.facts === undefined) return;
    facts.push(resolutions === undefined ? { path, facts: result.facts } : { path, facts: result.facts, resolutions });
  });
  const warnings = globProblems.filter((problem) => problem.severity === 'warning');
  const resolutionWarnings = resolver.warnings();
  if (cache !== null) {
    if (wholeRoot && options.shard === undefined) resolver.retainOnly(new Set(files.map((file) => file.path)));
    try {
      resolver.save();
    } catch (error) {
      cacheError ??= `cannot write the cache ${cacheDirectory}: ${(error as Error).message}`;
    }
  }
  /** Writes the compiler's code cache if this scan loaded the compiler without a valid one. */
  const saveCodeCache = () => {
    const error = saveCompilerCodeCache();
    if (error !== undefined) cacheError ??= error;
  };
  const ownersWarnings =
    owners?.codeowners.problems.map((problem) => `${owners.path}:${problem.line}: ${problem.message}`) ?? [];
  let sites: SurfaceEntry[] | undefined;
  /** The result with its `sites` made when first read. */
  const withSites = (result: Omit<ScanResult, 'sites'>): ScanResult => ({
    ...result,
    get sites(): readonly SurfaceEntry[] {
      sites ??= assignOwners(
        siteFiles.flatMap((file) => surfaceEntriesOf(config, file.path, file.sites, file.resolutions)),
        owners,
        config.root,
      );
      return sites;
    },
  });
  const { shard } = options;
  if (shard !== undefined) {
    saveCodeCache();
    const optional = cacheError !== undefined ? { cacheError } : {};
    const report: ScanReport = {
      ...createReport(
        config.root,
        assignOwners(findings, owners, config.root),
        unscanned,
        files.length - (unscanned.length - discoveryUnscanned),
      ),
      shard: {
        index: shard.index,
        count: shard.count,
        toolVersion,
        configHash: config.hash,
        config: config.data,
        facts,
      },
    };
    return withSites({ report, config, warnings, ownersWarnings, resolutionWarnings, ...optional });
  }
  findings.push(...runProjectRules(config, projectRules, facts));
  saveCodeCache();
  const optional = cacheError !== undefined ? { cacheError } : {};
  return withSites({
    report: createReport(
      config.root,
      assignOwners(findings, owners, config.root),
      unscanned,
      files.length - (unscanned.length - discoveryUnscanned),
    ),
    config,
    warnings,
    ownersWarnings,
    resolutionWarnings,
    ...optional,
  });
}
