import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import { globSync } from 'tinyglobby';
import type * as ts from 'typescript';
import { contentHashOf } from '../cache/result-cache.js';

/** Config file names an editor looks for in each directory, in its order (as tsserver does). */
const CONFIG_FILE_NAMES = ['tsconfig.json', 'jsconfig.json'];
/** "No inputs were found": expected, since options are read without listing the project's files. */
const NO_INPUTS_FOUND = 18003;
/**
 * Used where no tsconfig owns a file: the resolution of a current bundler setup. `allowJs` is
 * always on, because JavaScript sources are scanned too and must resolve as modules.
 */
function defaultOptions(): ts.CompilerOptions {
  return {
    module: compiler().ModuleKind.ESNext,
    moduleResolution: compiler().ModuleResolutionKind.Bundler,
    allowJs: true,
  };
}

let loadedCompiler: typeof ts | undefined;
/**
 * The TypeScript compiler, `require`d (see `compiler.cjs`) when the first resolver is made: a warm
 * scan whose resolutions all come from the cache (`ModuleResolution`) never loads it.
 */
function compiler(): typeof ts {
  // Through `compiler.cjs`, so that it loads with the scan's code cache (`compiler-code-cache.cjs`).
  loadedCompiler ??= createRequire(import.meta.url)('../compiler.cjs') as typeof ts;
  return loadedCompiler;
}

/** The YAML parser (73 modules), `require`d when a pnpm-workspace.yaml is read: most scans never read one. */
function parseYaml(text: string): unknown {
  return (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);
}

/** One tsconfig as the compiler reads it (`extends` applied), with what resolving under it needs. */
interface Project {
  readonly configPath: string | null;
  readonly options: ts.CompilerOptions;
  readonly references: readonly string[];
  readonly cache: ts.ModuleResolutionCache;
  /** Keys of `paths`, split at their `*` (suffix null for a key without one). */
  readonly pathPatterns: readonly { readonly prefix: string; readonly suffix: string | null }[];
  /** Results of bare specifiers by the importing file's module format (the same for every file of the project). */
  readonly bare: Map<string, string | null>;
  /** The files it includes (listed only when a solution-style lookup needs them). */
  fileNames?: ReadonlySet<string>;
}

/** The deepest directory holding every one of `files` (absolute paths). */
function commonDirectoryOf(files: readonly string[]): string {
  const directories = files.map((file) => dirname(resolve(file)).split(sep));
  const first = directories[0] ?? [];
  let length = first.length;
  for (const parts of directories) {
    let same = 0;
    while (same < Math.min(length, parts.length) && parts[same] === first[same]) same++;
    length = same;
  }
  return first.slice(0, length).join(sep) || sep;
}

/** Not relative, not absolute, not a package.json `imports` name (`#db`): resolved by package name, `paths` or `baseUrl`. */
function isBare(specifier: string): boolean {
  return !(
    specifier.startsWith('./') ||
    specifier.startsWith('../') ||
    specifier === '.' ||
    specifier === '..' ||
    specifier.startsWith('/') ||
    specifier.startsWith('#') ||
    /^[a-zA-Z]:[\\/]/.test(specifier)
  );
}

/** A workspace's root directory and its own packages' directories by name. */
export interface Workspace {
  readonly root: string;
  readonly packages: ReadonlyMap<string, string>;
}

/**
 * The workspace `startDirectory` is in (the nearest directory up with pnpm-workspace.yaml, or a
 * package.json with `workspaces`, as pnpm, npm and yarn declare one), or null.
 */
export function workspaceOf(startDirectory: string): Workspace | null {
  for (let directory = resolve(startDirectory); ; directory = dirname(directory)) {
    const patterns = workspacePatternsIn(directory);
    if (patterns !== null) {
      const packages = new Map<string, string>();
      const positive = patterns
        .filter((pattern) => !pattern.startsWith('!'))
        .map((pattern) => `${pattern.replace(/\/+$/, '')}/package.json`);
      const negative = patterns
        .filter((pattern) => pattern.startsWith('!'))
        .map((pattern) => `${pattern.slice(1).replace(/\/+$/, '')}/package.json`);
      for (const manifest of globSync(positive, {
        cwd: directory,
        ignore: ['**/node_modules/**', ...negative],
        absolute: true,
        expandDirectories: false,
      })) {
        const name = nameOfPackage(manifest);
        if (name !== null && !packages.has(name)) packages.set(name, dirname(resolve(manifest)));
      }
      return { root: directory, packages };
    }
    if (dirname(directory) === directory) return null;
  }
}

function workspacePatternsIn(directory: string): string[] | null {
  const pnpm = join(directory, 'pnpm-workspace.yaml');
  if (existsSync(pnpm)) {
    try {
      const data = parseYaml(readFileSync(pnpm, 'utf8')) as { packages?: unknown } | null;
      return Array.isArray(data?.packages)
        ? data.packages.filter((entry): entry is string => typeof entry === 'string')
        : [];
    } catch {
      return [];
    }
  }
  const manifest = join(directory, 'package.json');
  if (!existsSync(manifest)) return null;
  try {
    const { workspaces } = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
    const list = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages;
    return Array.isArray(list) ? list.filter((entry): entry is string => typeof entry === 'string') : null;
  } catch {
    return null;
  }
}

function nameOfPackage(manifest: string): string | null {
  try {
    const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
    return typeof name === 'string' && name !== '' ? name : null;
  } catch {
    return null;
  }
}

/**
 * Resolves module specifiers as the project's own compiler would: `ts.resolveModuleName` with the
 * compiler options of the tsconfig (or jsconfig) that owns the importing file — the nearest one up
 * the tree, or, when that one is a solution (`references`) that does not include the file, the
 * referenced project that does, as tsserver picks — so `paths`, `baseUrl`, `extends` (of files
 * and of packages), `moduleResolution`, package `exports`/`main`/`types` and index files all apply.
 *
 * Workspace packages resolve to their sources in the repository even where `node_modules` is not
 * installed: the resolution host presents each package of the workspace in the workspace root's
 * `node_modules`, as a package manager links it (a package installed there or nearer wins).
 *
 * Results are paths relative to `root` of files in `scanned`; anything else (packages outside the
 * workspace, declaration files, files not scanned) is null.
 */
export class ProjectModuleResolver {
  /** Problems with tsconfig files (the scan goes on with the compiler's defaults for those files). */
  readonly warnings: string[] = [];
  private readonly projects = new Map<string, Project>();
  private readonly ownerOfDirectory = new Map<string, Project>();
  /** Per tsconfig: each output file it emits → the source it is emitted from. */
  private readonly sourcesOfOutputs = new Map<string, Map<string, string>>();
  private readonly defaultProject: Project;
  private readonly configHost: ts.ParseConfigHost & ts.ModuleResolutionHost;
  private readonly resolutionHost: ts.ModuleResolutionHost;
  private readonly scopes: ReadonlySet<string>;

  constructor(
    private readonly root: string,
    private readonly scanned: ReadonlySet<string>,
    private readonly workspace: Workspace | null = workspaceOf(root),
  ) {
    this.scopes = new Set(
      [...(workspace?.packages.keys() ?? [])]
        .filter((name) => name.startsWith('@'))
        .map((name) => name.slice(0, name.indexOf('/'))),
    );
    ({ configHost: this.configHost, resolutionHost: this.resolutionHost } = this.createHosts());
    this.defaultProject = this.createProject(null, defaultOptions(), []);
  }

  /**
   * Files the configuration view read, or looked for in vain, that the scan's list of project
   * files does not show (outside the root, or under `node_modules`): path → content hash, or null
   * for a missing file. With the project's own tsconfig and package files, they are what the
   * answers depend on (`ResolutionCache`).
   */
  readonly externalInputs = new Map<string, string | null>();

  private noteExternal(path: string, text: string | undefined): void {
    const inside = path.startsWith(`${this.root}${sep}`) && !path.includes(`${sep}node_modules${sep}`);
    if (!inside) this.externalInputs.set(path, text === undefined ? null : contentHashOf(text));
  }

  /** The scanned file (relative to the root, forward slashes) that `specifier` names in `fromPath`, or null. */
  resolve(fromPath: string, specifier: string): string | null {
    const { containingFile, project } = this.importingFile(fromPath);
    const bare = isBare(specifier);
    if (bare && !this.mayNameScannedFile(project, specifier)) return null;
    if (!bare) {
      const first = this.firstLookupOf(fromPath, specifier, () => this.modeOf(containingFile, project), project);
      if (first !== null) return first;
    }
    const mode = this.modeOf(containingFile, project);
    // A bare specifier otherwise resolves the same from every file of a project: through `paths`,
    // `baseUrl` or the workspace root's `node_modules`, the only places that hold scanned files.
    const key = `${mode ?? ''}:${specifier}`;
    const known = bare ? project.bare.get(key) : undefined;
    if (known !== undefined) return known;
    const { resolvedModule } = compiler().resolveModuleName(
      specifier,
      containingFile,
      project.options,
      this.resolutionHost,
      project.cache,
      undefined,
      mode,
    );
    const result =
      resolvedModule === undefined
        ? null
        : (this.scannedPathOf(resolvedModule.resolvedFileName) ??
          this.scannedSourceOf(resolvedModule.resolvedFileName));
    if (bare) project.bare.set(key, result);
    return result;
  }

  /** The file whose specifiers are being resolved (a scan asks for all of one file's in a row), with its owner. */
  private current: { fromPath: string; containingFile: string; project: Project; mode?: ts.ResolutionMode } | null =
    null;

  private importingFile(fromPath: string): { containingFile: string; project: Project } {
    if (this.current?.fromPath !== fromPath) {
      const containingFile = join(this.root, fromPath);
      this.current = { fromPath, containingFile, project: this.ownerOf(containingFile) };
    }
    return this.current;
  }

  /**
   * Under node16/nodenext an ES module and a CommonJS file resolve with different `exports`
   * conditions (`import` / `require`): the file's format, as the compiler implies it (once per file).
   */
  private modeOf(containingFile: string, project: Project): ts.ResolutionMode {
    const current = this.current;
    if (current !== null && current.containingFile === containingFile && 'mode' in current) return current.mode;
    const mode = compiler().getImpliedNodeFormatForFile(
      containingFile,
      project.cache.getPackageJsonInfoCache(),
      this.resolutionHost,
      project.options,
    );
    if (current !== null && current.containingFile === containingFile) current.mode = mode;
    return mode;
  }

  /**
   * The scanned file a relative specifier names when it is the first file the compiler looks for
   * (`./a` → `a.ts`, `./a.js` → `a.ts`): the compiler would stop there (relative names resolve without
   * `realpath`), so it is not asked. Null when that file is not scanned, for other specifiers, and
   * where options change the first look-up (`rootDirs`, `moduleSuffixes`, an ES module under node16 or
   * nodenext, where `./a` gets no extension added).
   */
  private firstLookupOf(
    fromPath: string,
    specifier: string,
    modeOf: () => ts.ResolutionMode,
    project: Project,
  ): string | null {
    if (!specifier.startsWith('./') && !specifier.startsWith('../')) return null;
    const name = specifier.slice(specifier.lastIndexOf('/') + 1);
    if (name === '' || name === '.' || name === '..' || specifier.includes('\\')) return null;
    const { options } = project;
    if (options.rootDirs !== undefined || (options.moduleSuffixes?.length ?? 0) > 0) return null;
    const parts = fromPath.split('/').slice(0, -1);
    for (const part of specifier.split('/')) {
      if (part === '..') {
        if (parts.length === 0) return null;
        parts.pop();
      } else if (part !== '.' && part !== '') parts.push(part);
    }
    const base = parts.join('/');
    let first: string;
    if (name.endsWith('.js')) first = `${base.slice(0, -'.js'.length)}.ts`;
    else if (!name.includes('.') && modeOf() !== compiler().ModuleKind.ESNext) first = `${base}.ts`;
    else return null;
    return this.scanned.has(first) && !first.includes('node_modules/') ? first : null;
  }

  private scannedPathOf(file: string): string | null {
    const target = relative(this.root, file);
    const path = sep === '/' ? target : target.split(sep).join('/');
    return this.scanned.has(path) ? path : null;
  }

  /**
   * The scanned source a build output was emitted from (`packages/db/dist/index.d.ts` →
   * `packages/db/src/index.ts`), as tsserver maps a referenced project's outputs back to its
   * sources: by the compiler's own `ts.getOutputFileNames` under the tsconfig nearest the output
   * (a package whose `types` points at its built declarations). Null when none is scanned.
   */
  private scannedSourceOf(output: string): string | null {
    if (!/\.(d\.[cm]?ts|[cm]?js)$/.test(output)) return null;
    const configPath = this.nearestConfigFile(dirname(output));
    if (configPath === null) return null;
    let sources = this.sourcesOfOutputs.get(configPath);
    if (sources === undefined) {
      sources = new Map();
      const read = compiler().readConfigFile(configPath, (path) => this.configHost.readFile(path));
      if (read.error === undefined) {
        const parsed = compiler().parseJsonConfigFileContent(
          read.config,
          this.configHost,
          dirname(configPath),
          undefined,
          configPath,
        );
        const ignoreCase = !compiler().sys.useCaseSensitiveFileNames;
        // Without `rootDir`, TypeScript 6 emits below the tsconfig's directory (`dist/src/…`) and
        // earlier releases below the inputs' common directory (`dist/…`); the package may have been
        // built by either, so both layouts map back.
        const layouts =
          parsed.options.rootDir === undefined
            ? [parsed, { ...parsed, options: { ...parsed.options, rootDir: commonDirectoryOf(parsed.fileNames) } }]
            : [parsed];
        for (const layout of layouts) {
          for (const input of layout.fileNames)
            for (const emitted of compiler().getOutputFileNames(layout, input, ignoreCase))
              sources.set(resolve(emitted), resolve(input));
        }
      }
      this.sourcesOfOutputs.set(configPath, sources);
    }
    const source = sources.get(resolve(output));
    return source === undefined ? null : this.scannedPathOf(source);
  }

  /**
   * Whether a bare specifier can name a scanned file at all: only through `baseUrl`, a `paths`
   * pattern or a workspace package. Any other (`react`, `@clerk/nextjs`) is a package from
   * `node_modules`, so the compiler is not asked (what it would look for is hidden anyway).
   */
  private mayNameScannedFile(project: Project, specifier: string): boolean {
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- TypeScript 6 deprecates baseUrl, but users' tsconfigs still set it and resolution must follow it
    if (project.options.baseUrl !== undefined) return true;
    if (
      project.pathPatterns.some(({ prefix, suffix }) =>
        suffix === null
          ? specifier === prefix
          : specifier.length >= prefix.length + suffix.length &&
            specifier.startsWith(prefix) &&
            specifier.endsWith(suffix),
      )
    )
      return true;
    const parts = specifier.split('/');
    return this.workspace?.packages.has(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!) ?? false;
  }

  /** The project whose options resolve imports of `file`. */
  private ownerOf(file: string): Project {
    const directory = dirname(file);
    let nearest = this.ownerOfDirectory.get(directory);
    if (nearest === undefined) {
      const configPath = this.nearestConfigFile(directory);
      nearest = configPath === null ? this.defaultProject : this.projectAt(configPath);
      this.ownerOfDirectory.set(directory, nearest);
    }
    if (nearest.references.length === 0) return nearest;
    return this.includingProject(nearest, file, new Set()) ?? nearest;
  }

  /** `project` or the first project it references (depth first) that includes `file`. */
  private includingProject(project: Project, file: string, seen: Set<string>): Project | null {
    if (project.configPath === null || seen.has(project.configPath)) return null;
    seen.add(project.configPath);
    if (this.fileNamesOf(project).has(file)) return project;
    for (const reference of project.references) {
      const found = this.includingProject(this.projectAt(reference), file, seen);
      if (found !== null) return found;
    }
    return null;
  }

  /** The nearest config file of each directory asked about (and of the directories above it on the way). */
  private readonly configFileOfDirectory = new Map<string, string | null>();

  private nearestConfigFile(directory: string): string | null {
    const known = this.configFileOfDirectory.get(directory);
    if (known !== undefined) return known;
    let found: string | null | undefined;
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(directory, name);
      if (compiler().sys.fileExists(candidate)) {
        found = candidate;
        break;
      }
      this.noteExternal(candidate, undefined);
    }
    const parent = dirname(directory);
    found ??= parent === directory ? null : this.nearestConfigFile(parent);
    this.configFileOfDirectory.set(directory, found);
    return found;
  }

  private projectAt(configPath: string): Project {
    const existing = this.projects.get(configPath);
    if (existing !== undefined) return existing;
    const read = compiler().readConfigFile(configPath, (path) => this.configHost.readFile(path));
    let project: Project;
    if (read.error !== undefined) {
      this.warn(read.error);
      project = this.createProject(configPath, defaultOptions(), []);
    } else {
      // Options only: listing the project's files (`include`) is deferred to `fileNamesOf`.
      const optionsHost: ts.ParseConfigHost = { ...this.configHost, readDirectory: () => [] };
      const parsed = compiler().parseJsonConfigFileContent(
        read.config,
        optionsHost,
        dirname(configPath),
        undefined,
        configPath,
      );
      for (const error of parsed.errors) if (error.code !== NO_INPUTS_FOUND) this.warn(error);
      const references = (parsed.projectReferences ?? []).map((reference) =>
        compiler().resolveProjectReferencePath(reference),
      );
      project = this.createProject(configPath, { ...parsed.options, allowJs: true }, references);
    }
    this.projects.set(configPath, project);
    return project;
  }

  private fileNamesOf(project: Project): ReadonlySet<string> {
    if (project.fileNames === undefined) {
      const read = compiler().readConfigFile(project.configPath!, (path) => this.configHost.readFile(path));
      const parsed =
        read.error === undefined
          ? compiler().parseJsonConfigFileContent(
              read.config,
              this.configHost,
              dirname(project.configPath!),
              undefined,
              project.configPath!,
            )
          : undefined;
      project.fileNames = new Set((parsed?.fileNames ?? []).map((name) => resolve(name)));
    }
    return project.fileNames;
  }

  private createProject(
    configPath: string | null,
    options: ts.CompilerOptions,
    references: readonly string[],
  ): Project {
    const pathPatterns = Object.keys(options.paths ?? {}).map((key) => {
      const star = key.indexOf('*');
      return star < 0 ? { prefix: key, suffix: null } : { prefix: key.slice(0, star), suffix: key.slice(star + 1) };
    });
    return {
      configPath,
      options,
      references,
      cache: compiler().createModuleResolutionCache(this.root, (name) => name, options),
      pathPatterns,
      bare: new Map(),
    };
  }

  private warn(diagnostic: ts.Diagnostic): void {
    const where =
      diagnostic.file !== undefined && diagnostic.start !== undefined
        ? (() => {
            const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
            return `${diagnostic.file.fileName}:${line + 1}:${character + 1}: `;
          })()
        : '';
    const message = `${where}${compiler().flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /**
   * Two views of the compiler's own file system. Both show each workspace package in the workspace
   * root's `node_modules` (`node_modules/@acme/db` → `packages/db`), as a package manager links it,
   * unless another package of that name is installed there. The view used for tsconfig files reads
   * everything else as it is (`extends` of an installed `@tsconfig/…` package). The view used for
   * imports shows nothing else under any `node_modules`: a module found there is never a scanned
   * file, so the compiler is spared looking for `react` and its `@types` in every parent directory
   * (which cost more than all other resolutions together on real applications).
   */
  private createHosts(): {
    readonly configHost: ts.ParseConfigHost & ts.ModuleResolutionHost;
    readonly resolutionHost: ts.ModuleResolutionHost;
  } {
    const packages = this.workspace?.packages ?? new Map<string, string>();
    const modules = this.workspace === null ? '' : join(this.workspace.root, 'node_modules');
    const marker = `${modules}${sep}`;
    const linked = new Map<string, string | null>();
    /** The workspace package directory `node_modules/<name>` stands for, or null when another package of that name is installed. */
    const linkOf = (name: string): string | null => {
      let target = linked.get(name);
      if (target === undefined) {
        const directory = packages.get(name);
        const installed = join(modules, name);
        target =
          directory !== undefined &&
          (!existsSync(installed) || realpathSync.native(installed) === realpathSync.native(directory))
            ? directory
            : null;
        linked.set(name, target);
      }
      return target;
    };
    /** Where a path of a view is on disk: a linked workspace package's path, `path` itself, or null for a `node_modules` path hidden from imports. */
    const physical = (path: string, hideModules: boolean): string | null => {
      if (packages.size > 0 && path.startsWith(marker)) {
        const parts = path.slice(marker.length).split(sep);
        const nameLength = parts[0]?.startsWith('@') ? 2 : 1;
        const target = parts.length < nameLength ? null : linkOf(parts.slice(0, nameLength).join('/'));
        if (target !== null) return join(target, ...parts.slice(nameLength));
      }
      return hideModules && path.includes(`${sep}node_modules${sep}`) ? null : path;
    };
    const isLinkContainer = (path: string): boolean =>
      packages.size > 0 &&
      (path === modules || (dirname(path) === modules && this.scopes.has(path.slice(marker.length))));
    const view = (hideModules: boolean) => {
      const on = <T>(path: string, call: (physicalPath: string) => T, hidden: T): T => {
        const target = physical(path, hideModules);
        return target === null ? hidden : call(target);
      };
      /**
       * The view for imports remembers what exists for the whole scan: the compiler asks each project's
       * resolution for the same candidates (`../utils.ts`, `../utils/index.ts`…) from many directories
       * (on medusa 86,000 questions about 24,000 paths), and no scanned file appears or goes meanwhile.
       */
      const remembered = (ask: (path: string) => boolean): ((path: string) => boolean) => {
        if (!hideModules) return ask;
        const answers = new Map<string, boolean>();
        return (path) => {
          let answer = answers.get(path);
          if (answer === undefined) answers.set(path, (answer = ask(path)));
          return answer;
        };
      };
      const fileExists = remembered((path) => on(path, (target) => compiler().sys.fileExists(target), false));
      const directoryExists = remembered(
        (path) => isLinkContainer(path) || on(path, (target) => compiler().sys.directoryExists(target), false),
      );
      return {
        useCaseSensitiveFileNames: compiler().sys.useCaseSensitiveFileNames,
        fileExists,
        readFile: (path: string) =>
          on(
            path,
            (target) => {
              const text = compiler().sys.readFile(target);
              if (!hideModules) this.noteExternal(target, text);
              return text;
            },
            undefined,
          ),
        directoryExists,
        realpath: (path: string) => on(path, (target) => compiler().sys.realpath?.(target) ?? target, path),
        getCurrentDirectory: () => this.root,
        getDirectories: (path: string) => on(path, (target) => compiler().sys.getDirectories(target), [] as string[]),
        readDirectory: (
          path: string,
          extensions?: readonly string[],
          excludes?: readonly string[],
          includes?: readonly string[],
          depth?: number,
        ) =>
          on(
            path,
            (target) => compiler().sys.readDirectory(target, extensions, excludes, includes, depth),
            [] as string[],
          ),
      };
    };
    return { configHost: view(false), resolutionHost: view(true) };
  }
}
