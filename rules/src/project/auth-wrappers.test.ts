import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { TypeScript } from '../detector.js';
import { importedCallsOf } from './auth-wrappers.js';

const rangeOf = (node: ts.Node) => ({ line: node.pos, column: 0, endLine: node.end, endColumn: 0 });
const imports = new Map([['getRole', { specifier: '../auth/role.js', imported: 'getRole' }]]);

/** A handler that keeps the results of `calls` calls of an imported function, each read once. */
function handler(calls: number): string {
  const lines = Array.from({ length: calls }, (_, index) => {
    return `  const r${index} = await getRole(${index});\n  use(r${index}.role);`;
  });
  return `import { getRole } from '../auth/role.js';\nexport async function GET() {\n${lines.join('\n')}\n}\n`;
}

/** `importedCallsOf` over `text`, with the number of `forEachChild` calls it made. */
function callsWithVisits(text: string): { calls: ReturnType<typeof importedCallsOf>; visits: number } {
  const sourceFile = ts.createSourceFile('/src/bff/route.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let visits = 0;
  const counting = new Proxy(ts, {
    get: (target, key, receiver) =>
      key === 'forEachChild'
        ? (...args: Parameters<typeof ts.forEachChild>) => {
            visits++;
            return ts.forEachChild(...args);
          }
        : (Reflect.get(target, key, receiver) as unknown),
  }) as unknown as TypeScript;
  return { calls: importedCallsOf(counting, sourceFile, imports, rangeOf), visits };
}

describe('importedCallsOf', () => {
  it('follows each kept result to its reads', () => {
    const { calls } = callsWithVisits(handler(2));
    expect(calls.map((call) => [call.callee, call.uses?.reads.map((read) => read.name)])).toEqual([
      ['getRole', ['role']],
      ['getRole', ['role']],
    ]);
  });

  // Following each result walked the whole function again: a function with many calls cost calls × size.
  it('walks a function once however many results in it are followed', () => {
    const small = callsWithVisits(handler(40));
    const large = callsWithVisits(handler(80));
    expect(large.calls).toHaveLength(80);
    expect(large.visits / small.visits).toBeLessThan(2.2);
  });
});
