import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { identityIndexListeners, identityIndexOf } from '../identity/identity-flow.js';
import { walkTree } from '../walk.js';
import { importedCallListeners, importedCallsOf } from './auth-wrappers.js';
import { countingCompiler } from '../testing/counting-compiler.js';
import { testConfig } from '../testing/index.js';

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
  const { counting, calls: visits } = countingCompiler(ts);
  return { calls: importedCallsOf(counting, sourceFile, imports, rangeOf), visits: visits() };
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

  // In the scanner the identity flow's index of the file is built in the shared walk: the results are followed
  // in it, without a walk of each function that keeps one.
  it("follows the results in the file's identifier index when the shared walk built one", () => {
    const text = handler(20);
    const sourceFile = ts.createSourceFile('/src/bff/route.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const { counting, calls: visits } = countingCompiler(ts);
    const index = identityIndexListeners(counting, sourceFile, testConfig({ providers: ['clerk'] }).providers);
    const calls = importedCallListeners(
      counting,
      sourceFile,
      imports,
      rangeOf,
      () => identityIndexOf(sourceFile)?.identifiers,
    );
    expect(index).not.toBeNull();
    expect(calls).not.toBeNull();
    walkTree(counting, sourceFile, [{ enter: index?.enter }, calls?.listeners ?? {}], { setParents: true });
    index?.finish();
    const walked = visits();
    const found = calls?.finish() ?? [];
    expect(found).toHaveLength(20);
    expect(found.every((call) => call.uses?.reads.map((read) => read.name).join() === 'role')).toBe(true);
    expect(visits() - walked).toBe(0);
  });
});
