import type { ResolvedConfig } from '@authboundary/rules';
import type { FileSite } from '../extract/extract-file.js';

/** One site of the identity surface as `map` lists it: where it is, in which layer, module and owners' code. */
export interface SurfaceEntry extends FileSite {
  readonly file: string;
  readonly layer: string;
  readonly module: string | null;
  readonly owners: readonly string[];
  /** BFF handlers: the domain modules their file imports (resolved as the compiler resolves them), sorted. */
  readonly composes?: readonly string[];
}

/**
 * The map entries of one file's sites. `resolutions` are the file's imports resolved to scanned
 * files (specifier → path), used to name the domains a BFF handler composes.
 */
export function surfaceEntriesOf(
  config: ResolvedConfig,
  path: string,
  sites: readonly FileSite[],
  resolutions: Readonly<Record<string, string>> | undefined,
): SurfaceEntry[] {
  const context = config.classify(path);
  const layer = context?.layer ?? 'unassigned';
  const module = context?.module ?? null;
  let composes: string[] | undefined;
  return sites.map((site) => {
    if (site.kind !== 'bff-handler') return { ...site, file: path, layer, module, owners: [] };
    composes ??= [
      ...new Set(
        Object.values(resolutions ?? {}).flatMap((target) => {
          const imported = config.classify(target);
          return imported?.layer === 'domain' && imported.module !== null ? [imported.module] : [];
        }),
      ),
    ].sort();
    return { ...site, file: path, layer, module, owners: [], composes };
  });
}
