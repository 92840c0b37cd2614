import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRuleCatalogue, ruleCatalogue } from '../catalogue.js';
import type { ProjectRule, SourceRange } from '../detector.js';
import { resolveRuleOptions, runRules } from '../run-rule.js';
import { countingCompiler } from '../testing/counting-compiler.js';
import { testConfig } from '../testing/index.js';

const config = testConfig({ providers: ['clerk', 'auth0'] });

/** A BFF file with every node kind the project rules collect: imported calls, markup, provider calls, claims. */
const bffFile = [
  "import { clerkClient } from '@clerk/nextjs/server';",
  "import { getRole, getUser } from '../auth/session.js';",
  "import * as authn from '../auth/index.js';",
  "import { RoleGuard } from '../auth/guard.js';",
  'export async function GET(request: Request) {',
  '  const user = await getUser(request);',
  "  if (user.role !== 'admin' || !authn.isAdmin()) return forbidden(user.id);",
  '  const profile = await clerkClient.users.getUser(user.id);',
  '  return Response.json({ role: getRole(), plan: profile.publicMetadata.plan });',
  '}',
  'export function Page() {',
  "  return <RoleGuard allowedRoles={['admin']}>ok</RoleGuard>;",
  '}',
].join('\n');

/** An auth-layer file: a wrapper handing out a claim and a provider user id. */
const authFile = [
  "import { auth } from '@clerk/nextjs/server';",
  'export function getRole() {',
  '  const claims = auth().sessionClaims;',
  '  return claims?.metadata?.role ?? null;',
  '}',
  'export async function getUserId() {',
  '  const { userId } = await auth();',
  '  return userId;',
  '}',
].join('\n');

function rangeFunctionOf(sourceFile: ts.SourceFile): (node: ts.Node) => SourceRange {
  return (node) => {
    const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
    return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  };
}

/**
 * Facts of every project rule as the scanner gathers them: the file parsed without parent links, the
 * per-file rules and the listening project rules in one shared walk, then each rule's facts.
 */
function factsInSharedWalk(path: string, text: string): { facts: Record<string, unknown>; walks: number } {
  const file = config.classify(path)!;
  const sourceFile = ts.createSourceFile(`/${path}`, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  // Whole walks: `forEachChild` on a source file.
  const { counting, calls: walks } = countingCompiler(ts, (node) => ts.isSourceFile(node));
  const rangeOf = rangeFunctionOf(sourceFile);
  const collectors = projectRuleCatalogue
    .filter((rule) => rule.appliesTo(file))
    .map((rule: ProjectRule<unknown>) => {
      const options = resolveRuleOptions(rule, config);
      const context = { ts: counting, sourceFile, config, file, options, rangeOf };
      return rule.listen === undefined
        ? { id: rule.id, listeners: [], finish: () => rule.collect(context) }
        : { id: rule.id, ...rule.listen(context) };
    });
  // The listening per-file rules, as in the scanner (a rule that walks on its own would count as a walk).
  const perFile = ruleCatalogue
    .filter((rule) => rule.create !== undefined)
    .map((rule) => ({ rule, options: resolveRuleOptions(rule, config) }));
  runRules(
    perFile,
    counting,
    sourceFile,
    config,
    file,
    { setParents: true },
    collectors.flatMap((collector) => collector.listeners),
  );
  const facts = Object.fromEntries(collectors.map((collector) => [collector.id, collector.finish()]));
  return { facts: JSON.parse(JSON.stringify(facts)) as Record<string, unknown>, walks: walks() };
}

/** Facts of every project rule from its own `collect` on a tree parsed with parent links. */
function factsCollectedAlone(path: string, text: string): Record<string, unknown> {
  const file = config.classify(path)!;
  const sourceFile = ts.createSourceFile(`/${path}`, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const rangeOf = rangeFunctionOf(sourceFile);
  const facts = projectRuleCatalogue
    .filter((rule) => rule.appliesTo(file))
    .map((rule) => [
      rule.id,
      rule.collect({ ts, sourceFile, config, file, options: resolveRuleOptions(rule, config), rangeOf }),
    ]);
  return JSON.parse(JSON.stringify(Object.fromEntries(facts))) as Record<string, unknown>;
}

describe('project rules in the shared walk', () => {
  it.each([
    ['a BFF file', 'src/bff/route.tsx', bffFile],
    ['an auth-layer file', 'src/auth/session.tsx', authFile],
  ])('collect the same facts in the shared walk as alone, without walking %s again', (_, path, text) => {
    const { facts, walks } = factsInSharedWalk(path, text);
    expect(facts).toEqual(factsCollectedAlone(path, text));
    // The facts are not empty: the imported calls, the wrapper and the claim read are all there.
    expect(JSON.stringify(facts)).toMatch(path.includes('bff') ? /"callee":"authn\.isAdmin"/ : /"name":"getRole"/);
    // One walk of the whole tree: the shared one (a project rule walking again would make two).
    expect(walks).toBe(1);
  });
});
