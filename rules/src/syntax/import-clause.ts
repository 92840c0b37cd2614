import type * as ts from 'typescript';

/**
 * Whether an import clause is `import type …`. TypeScript 5.9 deprecated `isTypeOnly` for
 * `phaseModifier` (which also says `import defer`), but the hosts' TypeScript may be as old as 5.5,
 * which has no `phaseModifier`: the deprecated property is the one every supported release sets.
 */
export function isTypeOnlyImport(clause: ts.ImportClause): boolean {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- phaseModifier is missing before TypeScript 5.9 (peer range >=5.5)
  return clause.isTypeOnly;
}
