import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';

/**
 * The compiler API `compiler` with its `forEachChild` calls counted, for tests that prove a tree is
 * not walked again: `count` says which calls count (all of them by default; `ts.isSourceFile` counts
 * whole walks), `calls()` how many counted so far.
 */
export function countingCompiler(
  compiler: TypeScript,
  count: (node: ts.Node) => boolean = () => true,
): {
  counting: TypeScript;
  calls: () => number;
} {
  let calls = 0;
  const counting = new Proxy(compiler, {
    get: (target, key, receiver) =>
      key === 'forEachChild'
        ? (...args: Parameters<TypeScript['forEachChild']>) => {
            if (count(args[0])) calls++;
            return compiler.forEachChild(...args);
          }
        : (Reflect.get(target, key, receiver) as unknown),
  });
  return { counting, calls: () => calls };
}
