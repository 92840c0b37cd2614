import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { extname, relative, resolve, sep } from 'node:path';
import type { ResolvedConfig } from '@authboundary/rules';
import { alwaysIgnored, SCHEMA_FILE_EXTENSIONS } from '@authboundary/rules';
import { glob } from 'tinyglobby';
import type { UnscannedFile } from '../report/report.js';
import { UsageError } from '../usage-error.js';

/** Extensions of the files the scanner parses. */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

export interface SourceFileRef {
  readonly absolutePath: string;
  /** Relative to the configuration root, forward slashes. */
  readonly path: string;
}

/** What discovery found: files to scan, and selected paths it cannot scan, each with its reason. */
export interface DiscoveredFiles {
  readonly files: SourceFileRef[];
  readonly unscanned: UnscannedFile[];
}

/**
 * The file system calls discovery makes. Injectable so that tests can make a directory fail to
 * read even when they run as root (for whom `chmod 000` changes nothing).
 */
export interface DiscoveryFileSystem {
  readdir(path: string): Dirent[];
  /** Follows symbolic links. */
  stat(path: string): Stats;
  realpath(path: string): string;
}

export const nodeFileSystem: DiscoveryFileSystem = {
  readdir: (path) => readdirSync(path, { withFileTypes: true }),
  stat: (path) => statSync(path),
  realpath: (path) => realpathSync.native(path),
};

export function toRootRelative(config: ResolvedConfig, absolutePath: string): string {
  // Most paths are below the root: slicing is much cheaper than `relative` (which resolves both
  // paths) on every file of a large repository.
  const prefix = config.root.endsWith(sep) ? config.root : `${config.root}${sep}`;
  const below =
    absolutePath.startsWith(prefix) && !absolutePath.includes(`${sep}.${sep}`) && !absolutePath.includes(`${sep}..`)
      ? absolutePath.slice(prefix.length)
      : relative(config.root, absolutePath);
  return sep === '/' ? below : below.split(sep).join('/');
}

/** Source files, and the schema files some rules read (`.prisma`; see `detectSchema`). */
const SCANNED_EXTENSIONS: readonly string[] = [...SOURCE_EXTENSIONS, ...SCHEMA_FILE_EXTENSIONS];
const isSourcePath = (path: string) => SCANNED_EXTENSIONS.includes(extname(path));
const isOutside = (rootRelative: string) =>
  rootRelative === '..' ||
  rootRelative.startsWith('../') ||
  /^[a-zA-Z]:/.test(rootRelative) ||
  rootRelative.startsWith('/');
const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/**
 * Walks directories for source files. Every directory is entered (dot-directories such as
 * `app/.server/` included) unless the configuration ignores it (`node_modules`, `.git`, build
 * output, `ignore`). Nothing selected vanishes: an unreadable directory, a dangling symbolic link
 * and a link loop are listed as unscanned with their reason.
 *
 * Symbolic links are followed once and never loop: a link whose target is also reached another
 * way (a file or directory of the root, or a directory already walked, which is where a loop
 * would lead) is scanned there, under that path, so its findings are not reported twice; a link
 * to a file or directory reached no other way (outside the root, or ignored there) is scanned
 * under the link's path.
 */
class SourceWalk {
  readonly files = new Map<string, SourceFileRef>();
  readonly unscanned = new Map<string, UnscannedFile>();
  /** Real path of every file found → its path in the report. */
  private readonly realFiles = new Map<string, string>();
  /** Real path of every directory walked → its path in the report. */
  private readonly realDirectories = new Map<string, string>();
  private readonly linkedFiles: { readonly path: string; readonly absolutePath: string; readonly real: string }[] = [];
  private readonly linkedDirectories: {
    readonly path: string;
    readonly absolutePath: string;
    readonly real: string;
  }[] = [];

  constructor(
    private readonly config: ResolvedConfig,
    private readonly fs: DiscoveryFileSystem,
  ) {}

  private isSelected(path: string): boolean {
    return isSourcePath(path) && this.config.classify(path) !== null;
  }

  /** A directory every file of which is ignored (`node_modules/`, `**\/dist/**`, …) is not entered. */
  private isPruned(path: string): boolean {
    return path !== '' && this.config.classify(`${path}/`) === null;
  }

  private addUnscanned(file: string, reason: string): void {
    this.unscanned.set(file, { file, reason });
  }

  addFile(path: string, absolutePath: string, real: string): void {
    this.files.set(path, { absolutePath, path });
    this.realFiles.set(real, path);
  }

  walk(absolutePath: string, path: string): void {
    let real: string;
    let entries: Dirent[];
    try {
      real = this.fs.realpath(absolutePath);
      // Sorted: which of two links to one directory gives its files their paths must not depend on
      // the order a file system lists entries in.
      entries = this.fs.readdir(absolutePath).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      this.addUnscanned(path === '' ? './' : `${path}/`, `cannot read directory: ${codeOf(error)}`);
      return;
    }
    if (this.realDirectories.has(real)) return;
    this.realDirectories.set(real, path);
    // Both directories are already normalized, and an entry's name holds no separator: appending it
    // is what `join` would return, without normalizing the whole path again for every file.
    const absolutePrefix = absolutePath.endsWith(sep) ? absolutePath : `${absolutePath}${sep}`;
    const realPrefix = real.endsWith(sep) ? real : `${real}${sep}`;
    for (const entry of entries) {
      const childPath = path === '' ? entry.name : `${path}/${entry.name}`;
      const childAbsolute = `${absolutePrefix}${entry.name}`;
      if (entry.isDirectory()) {
        if (!this.isPruned(childPath)) this.walk(childAbsolute, childPath);
      } else if (entry.isFile()) {
        if (this.isSelected(childPath)) this.addFile(childPath, childAbsolute, `${realPrefix}${entry.name}`);
      } else if (entry.isSymbolicLink()) {
        this.link(childAbsolute, childPath);
      } else if (this.isSelected(childPath)) {
        this.addUnscanned(childPath, 'not a regular file (a socket, FIFO or device)');
      }
    }
  }

  private link(absolutePath: string, path: string): void {
    let stats: Stats;
    let real: string;
    try {
      stats = this.fs.stat(absolutePath);
      real = this.fs.realpath(absolutePath);
    } catch (error) {
      // The link's target is unknown, so only a link named like a source file is known to be selected.
      if (!this.isSelected(path)) return;
      const code = codeOf(error);
      this.addUnscanned(
        path,
        code === 'ELOOP'
          ? 'symbolic link loop (following it never reaches a file)'
          : code === 'ENOENT'
            ? 'dangling symbolic link (its target does not exist)'
            : `cannot follow symbolic link: ${code}`,
      );
      return;
    }
    if (stats.isDirectory()) {
      if (!this.isPruned(path)) this.linkedDirectories.push({ path, absolutePath, real });
    } else if (stats.isFile()) {
      if (this.isSelected(path)) this.linkedFiles.push({ path, absolutePath, real });
    } else if (this.isSelected(path)) {
      this.addUnscanned(path, 'symbolic link to something that is not a regular file');
    }
  }

  /** Links are settled after the walk, once every path reached directly is known. */
  settleLinks(): void {
    while (this.linkedDirectories.length > 0) {
      const { path, absolutePath, real } = this.linkedDirectories.shift()!;
      // A directory walked under its own path is scanned there: its files are not reported twice.
      if (this.walkedAs(real) === undefined) this.walk(absolutePath, path);
    }
    for (const { path, absolutePath, real } of this.linkedFiles) {
      if (!this.realFiles.has(real)) this.addFile(path, absolutePath, real);
    }
  }

  /**
   * The path under which the directory `real` was walked, directly or inside a walked directory (a
   * link into a walked tree loops back); undefined when it was not, or lies in an ignored directory
   * the walk did not enter.
   */
  private walkedAs(real: string): string | undefined {
    for (let current = real; ;) {
      const walked = this.realDirectories.get(current);
      if (walked !== undefined) {
        if (current === real) return walked;
        const parts = real.slice(current.length + 1).split(sep);
        const path = walked === '' ? parts.join('/') : `${walked}/${parts.join('/')}`;
        const segments = path.split('/');
        return segments.some((_, index) => this.isPruned(segments.slice(0, index + 1).join('/'))) ? undefined : path;
      }
      const parent = resolve(current, '..');
      if (parent === current) return undefined;
      current = parent;
    }
  }
}

/**
 * The source files under `paths` (directories or files) that the configuration selects, sorted by
 * path so every run sees them in the same order, and the selected paths that cannot be scanned.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- the walk is synchronous today; the API stays a promise, its errors rejections
export async function discoverFiles(
  config: ResolvedConfig,
  paths: readonly string[],
  cwd: string,
  fs: DiscoveryFileSystem = nodeFileSystem,
): Promise<DiscoveredFiles> {
  const walk = new SourceWalk(config, fs);
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      throw new UsageError(`path not found: ${path}`);
    }
    const rootRelative = toRootRelative(config, absolute);
    if (isOutside(rootRelative)) {
      throw new UsageError(
        `${path} is outside the configuration root ${config.root} (pass --config to use another configuration)`,
      );
    }
    if (stats.isDirectory()) walk.walk(absolute, rootRelative === '.' ? '' : rootRelative);
    else if (!isSourcePath(absolute)) {
      throw new UsageError(`${path} is not a TypeScript, JavaScript or schema file (${SCANNED_EXTENSIONS.join(', ')})`);
    } else if (config.classify(rootRelative) !== null) walk.addFile(rootRelative, absolute, fs.realpath(absolute));
  }
  walk.settleLinks();
  const byPath = <T>(entries: Iterable<T>, pathOf: (entry: T) => string) =>
    [...entries].sort((a, b) => (pathOf(a) < pathOf(b) ? -1 : pathOf(a) > pathOf(b) ? 1 : 0));
  return {
    files: byPath(walk.files.values(), (file) => file.path),
    unscanned: byPath(walk.unscanned.values(), (entry) => entry.file),
  };
}

/** Every file under the root (ignores applied): what layer globs must each match at least once. */
export async function allProjectFiles(config: ResolvedConfig): Promise<string[]> {
  const files = await glob(['**/*'], {
    cwd: config.root,
    ignore: [...alwaysIgnored],
    followSymbolicLinks: false,
    dot: true,
  });
  return files.map((file) => file.split(sep).join('/'));
}
