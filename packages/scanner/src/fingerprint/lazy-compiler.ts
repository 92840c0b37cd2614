import { createRequire } from 'node:module';
import type * as ts from 'typescript';

let loaded: typeof ts | undefined;

/**
 * The TypeScript compiler (`compiler.cjs`), `require`d the first time a normalized text or a scope
 * is asked for: `normalizedTextOf` and `scopeOf` are part of the package's API, and importing
 * `@authboundary/scanner` must not load the compiler (without the scan's code cache) for a program
 * that never calls them (`test/startup-modules.test.ts`). A scan has loaded it by then.
 */
export function compiler(): typeof ts {
  loaded ??= createRequire(import.meta.url)('../compiler.cjs') as typeof ts;
  return loaded;
}
