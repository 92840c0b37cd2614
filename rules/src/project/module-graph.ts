import type { FileFacts, ModuleResolver } from '../rule-basics.js';
import type { LayerName } from '../layers.js';
import type { ProviderProfile } from '../providers/index.js';
import type { ModuleFacts } from '../syntax/module-facts.js';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** NodeNext code imports `./a.js` for `./a.ts`: the emitted name maps back to the source names. */
const EMITTED_TO_SOURCE: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

function normalize(path: string): string | null {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/**
 * The scanned file a relative specifier names, or null (packages, path aliases and files outside
 * the scan are not resolved). Tries the path as written, emitted-to-source extensions, added
 * extensions and `index` files, in that order.
 */
export function resolveRelativeImport(fromPath: string, specifier: string, files: ReadonlySet<string>): string | null {
  return relativeImportCandidates(fromPath, specifier).find((candidate) => files.has(candidate)) ?? null;
}

/**
 * The paths a relative specifier may name, in the order `resolveRelativeImport` tries them; empty
 * for a specifier that is not relative or climbs above the root. A host that knows no file list
 * (a per-file rule) can classify these paths instead of looking them up.
 */
export function relativeImportCandidates(fromPath: string, specifier: string): string[] {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') return [];
  const directory = fromPath.includes('/') ? fromPath.slice(0, fromPath.lastIndexOf('/')) : '';
  const base = normalize(`${directory}/${specifier}`);
  if (base === null) return [];
  const candidates = [base];
  const extension = EXTENSIONS.find((candidate) => base.endsWith(candidate));
  if (extension !== undefined)
    for (const source of EMITTED_TO_SOURCE[extension] ?? []) candidates.push(base.slice(0, -extension.length) + source);
  for (const added of EXTENSIONS) candidates.push(base + added);
  for (const added of EXTENSIONS) candidates.push(`${base === '' ? '' : `${base}/`}index${added}`);
  return candidates;
}

/** The provider SDK a bare specifier names (the package or one of its subpaths), or null. */
export function sdkOf(
  specifier: string,
  providers: readonly ProviderProfile[],
): { module: string; provider: string } | null {
  for (const provider of providers) {
    for (const { module } of provider.sdkModules) {
      if (specifier === module || specifier.startsWith(`${module}/`)) return { module, provider: provider.name };
    }
  }
  return null;
}

export type { ModuleResolver } from '../rule-basics.js';

export interface ModuleNode {
  readonly path: string;
  readonly layer: LayerName;
  readonly facts: ModuleFacts;
}

/**
 * The scanned files' import graph: files by path, and specifiers resolved once. The host's
 * `resolveModule` (the scanner resolves as the compiler does, with the tsconfig that owns each
 * file: paths, baseUrl, workspace packages) answers first; relative specifiers fall back to
 * `resolveRelativeImport`, so a host without one (ESLint, tests) still sees relative edges.
 */
export class ModuleGraph {
  readonly nodes = new Map<string, ModuleNode>();
  private readonly paths: ReadonlySet<string>;
  private readonly resolved = new Map<string, string | null>();

  constructor(
    files: readonly FileFacts<ModuleFacts>[],
    private readonly resolveModule?: ModuleResolver,
  ) {
    for (const { file, facts } of files) this.nodes.set(file.path, { path: file.path, layer: file.layer, facts });
    this.paths = new Set(this.nodes.keys());
  }

  /** The file of this graph that `specifier`, imported from `fromPath`, names; null when it is none of them. */
  resolve(fromPath: string, specifier: string): string | null {
    const key = `${fromPath}\u0000${specifier}`;
    let target = this.resolved.get(key);
    if (target === undefined) {
      const hosted = this.resolveModule?.(fromPath, specifier) ?? null;
      target =
        hosted !== null && this.paths.has(hosted) ? hosted : resolveRelativeImport(fromPath, specifier, this.paths);
      this.resolved.set(key, target);
    }
    return target;
  }

  /**
   * The module that declares an exported `name` of `path` (as `isDeclaredIn` tells), following
   * `export … from` and `export * from` chains; null when no scanned module declares it.
   */
  findDeclaration(
    path: string,
    name: string,
    isDeclaredIn: (path: string, name: string) => boolean,
    seen = new Set<string>(),
  ): { path: string; name: string } | null {
    const key = `${path}\u0000${name}`;
    if (seen.has(key)) return null;
    seen.add(key);
    if (isDeclaredIn(path, name)) return { path, name };
    const node = this.nodes.get(path);
    if (node === undefined) return null;
    for (const reexport of node.facts.reexports) {
      const entry =
        reexport.names === null
          ? name === 'default'
            ? undefined
            : { imported: name }
          : reexport.names.find((candidate) => candidate.exported === name);
      if (entry === undefined) continue;
      const target = this.resolve(path, reexport.specifier);
      const found = target === null ? null : this.findDeclaration(target, entry.imported, isDeclaredIn, seen);
      if (found !== null) return found;
    }
    return null;
  }
}
