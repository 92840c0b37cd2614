import type * as ts from 'typescript';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { TypeScript } from '../detector.js';
import type { FileContext } from '../layers.js';
import { relativeImportCandidates } from '../project/module-graph.js';
import { importedBindings, type ImportedBinding } from '../syntax/imported-bindings.js';

/** Where an imported name comes from, as far as this rule needs to know. */
export interface ImportOrigin {
  /** Whether the module is outside the BFF layer. */
  readonly outside: boolean;
  /**
   * Whether the specifier names a file of the project (relative, or a `@/` / `~/` root alias)
   * rather than a package: only such imports are domain clients.
   */
  readonly project: boolean;
  /** The domain or auth module it lies in (`layers.domains` name, `auth`), or null. */
  readonly module: string | null;
}

const PACKAGE: ImportOrigin = { outside: true, project: false, module: null };
const UNASSIGNED: ImportOrigin = { outside: true, project: true, module: null };

/**
 * The paths a project specifier may name: relative ones against the file (see
 * `relativeImportCandidates`), and the root aliases that create-next-app, Nuxt and Remix set up
 * (`@/lib/db`, `~/server/db`) against the root and `src/` (no npm package is named `@` or `~`).
 * A per-file rule gets no module resolution from its host, so the layer is read from these paths.
 */
function candidatePaths(fromPath: string, specifier: string): string[] | null {
  if (specifier.startsWith('.')) return relativeImportCandidates(fromPath, specifier);
  const alias = /^[@~]\/(.+)$/.exec(specifier);
  if (alias === null) return null;
  return [...relativeImportCandidates('', `./${alias[1]!}`), ...relativeImportCandidates('', `./src/${alias[1]!}`)];
}

/** The file's imports (`syntax/imported-bindings`, types included), classified by layer on first use. */
export class Imports {
  private readonly bindings: ReadonlyMap<string, ImportedBinding>;
  private readonly origins = new Map<string, ImportOrigin>();

  constructor(
    ts: TypeScript,
    sourceFile: ts.SourceFile,
    private readonly config: ResolvedConfig,
    private readonly file: FileContext,
  ) {
    this.bindings = importedBindings(ts, sourceFile, { includeTypeOnly: true });
  }

  /** The import a top-level name is bound by, with its export name and where its module lies. */
  of(name: string): (ImportOrigin & { readonly exportName: string }) | undefined {
    const binding = this.bindings.get(name);
    if (binding === undefined) return undefined;
    let origin = this.origins.get(binding.module);
    if (origin === undefined) {
      origin = this.classify(binding.module);
      this.origins.set(binding.module, origin);
    }
    return { ...origin, exportName: binding.exportName };
  }

  /** Whether a name is imported from a project file outside the BFF layer (a domain client when `clientsFromImports`). */
  isProjectImportOutside(name: string): boolean {
    const origin = this.of(name);
    return origin !== undefined && origin.outside && origin.project;
  }

  private classify(specifier: string): ImportOrigin {
    const candidates = candidatePaths(this.file.path, specifier);
    if (candidates === null) return PACKAGE;
    if (candidates.length === 0) return UNASSIGNED;
    for (const candidate of candidates) {
      const context = this.config.classify(candidate);
      // `@/lib/db` may be `lib/db` or `src/lib/db`: the first candidate a layer glob claims decides.
      if (context === null || context.layer === 'unassigned') continue;
      return {
        outside: context.layer !== 'bff',
        project: true,
        module: context.layer === 'domain' || context.layer === 'auth' ? context.module : null,
      };
    }
    return UNASSIGNED;
  }
}
