import type { ResolvedConfig } from '@authboundary/rules';
import { ResolutionCache, resolutionKeyOf } from '../cache/resolution-cache.js';
import type { SourceFileRef } from '../files/discover-files.js';
import { ProjectModuleResolver } from './module-resolution.js';

/**
 * The scan's module resolution: answers of the last scan while nothing they depend on changed
 * (`ResolutionCache`), the compiler's (`ProjectModuleResolver`, made only when an answer is
 * missing) otherwise.
 */
export class ModuleResolution {
  private resolver: ProjectModuleResolver | undefined;
  private readonly cache: ResolutionCache | null;
  private readonly scanned: ReadonlySet<string>;

  constructor(
    private readonly config: ResolvedConfig,
    projectFiles: readonly string[],
    files: readonly SourceFileRef[],
    cacheDirectory: string | null,
    codeVersion: string,
  ) {
    this.scanned = new Set(files.map((file) => file.path));
    this.cache =
      cacheDirectory === null
        ? null
        : ResolutionCache.open(
            cacheDirectory,
            resolutionKeyOf(`${config.hash}:${codeVersion}`, config.root, projectFiles, [...this.scanned]),
          );
  }

  resolve(path: string, specifier: string): string | null {
    const cached = this.cache?.get(path, specifier);
    if (cached !== undefined) return cached;
    this.resolver ??= new ProjectModuleResolver(this.config.root, this.scanned);
    const target = this.resolver.resolve(path, specifier);
    this.cache?.set(path, specifier, target);
    return target;
  }

  warnings(): readonly string[] {
    if (this.resolver !== undefined) this.cache?.noteResolver(this.resolver.externalInputs, this.resolver.warnings);
    return this.cache?.warnings ?? this.resolver?.warnings ?? [];
  }

  retainOnly(files: ReadonlySet<string>): void {
    this.cache?.retainOnly(files);
  }

  save(): void {
    this.cache?.save();
  }
}
