import type * as ts from 'typescript';
import { z } from 'zod';
import {
  defineProjectRule,
  type CollectContext,
  type CollectListeners,
  type ProjectDetection,
  type SourceRange,
  type TypeScript,
} from '../detector.js';
import { providerNamesOf, type ProviderIdExportFacts } from '../no-provider-id-export-from-auth/index.js';
import { identifierMatchersOf } from '../providers/identifier-matchers.js';
import { ModuleGraph } from '../project/module-graph.js';
import { providerIdExportsOf } from '../project/provider-id-exports.js';
import { lineRangeFunctionOf } from '../syntax/line-ranges.js';
import { moduleFactsOf } from '../syntax/module-facts.js';
import { tokenLikeness } from '../syntax/token-likeness.js';
import { isExpressionWrapper, unwrapExpression } from '../syntax/unwrap.js';
import {
  describeSource,
  identityFlowOf,
  identityIndexListeners,
  identityKindOf,
  type IdentityHandOff,
  type IdentityUse,
  type Origin,
  type SourceOrigin,
} from '../identity/identity-flow.js';
import { startsWithPath, type IdentityPath } from '../identity/identity-path.js';
import { IDENTITY_USE_TEXT } from '../no-provider-id-outside-auth/index.js';
import { parentOf } from '../syntax/parent.js';

const options = z.strictObject({
  tokenNames: z
    .array(z.string())
    .default([])
    .describe(
      'Further words that mark an object as a token or claims payload in the auth layer, as for `no-provider-id-export-from-auth`.',
    ),
});

export type FlowUseKind = 'stored' | 'passed' | 'returned' | 'compared';

/** A use, in domain or BFF code, of the value returned by a call of an imported function. */
export interface FlowUse {
  readonly specifier: string;
  /** The imported name (`default` for a default import; the member for `ns.fn()`). */
  readonly imported: string;
  /** The property of the returned value that is used (`getIdentity(r).sub`), or null for the value itself. */
  readonly property: string | null;
  readonly use: FlowUseKind;
  readonly range: SourceRange;
}

/** A use of a value that comes from another file (an import or the request context), as a plain record. */
export interface IdentityUseFact {
  readonly origin: Origin;
  readonly path: IdentityPath;
  readonly use: IdentityUse;
  readonly prop: boolean;
  readonly range: SourceRange;
  readonly statement: number;
}

export interface IdentityFacts {
  /** The file imports a database adapter of Auth.js: its session user ids are the adapter's, the platform's. */
  readonly databaseAdapter: boolean;
  readonly uses: readonly IdentityUseFact[];
  readonly exports: readonly IdentityHandOff[];
  readonly context: readonly IdentityHandOff[];
}

export interface ProviderIdFlowFacts extends ProviderIdExportFacts {
  readonly uses: readonly FlowUse[];
  readonly identity: IdentityFacts;
}

/** Auth.js database adapters: `@auth/prisma-adapter`, `@next-auth/prisma-adapter`, `@auth/drizzle-adapter`… */
const DATABASE_ADAPTER = /^@(auth|next-auth)\/[a-z0-9-]+-adapter(\/|$)/;

/** How many exports, context entries and re-exports the analysis passes through to reach a source. */
export const MAX_HAND_OFFS = 4;

const MAX_VARIABLE_DEPTH = 3;

/** How a value node is used, from its parent: stored, passed, returned or compared; else undefined. */
function useOf(ts: TypeScript, value: ts.Node): FlowUseKind | undefined {
  const parent = value.parent;
  const comparisons: readonly ts.SyntaxKind[] = [
    ts.SyntaxKind.EqualsEqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsEqualsToken,
    ts.SyntaxKind.EqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsToken,
  ];
  if (
    (ts.isPropertyAssignment(parent) && parent.initializer === value) ||
    ts.isShorthandPropertyAssignment(parent) ||
    ts.isArrayLiteralExpression(parent)
  )
    return 'stored';
  if (ts.isBinaryExpression(parent)) {
    if (comparisons.includes(parent.operatorToken.kind)) return 'compared';
    if (
      parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      parent.right === value &&
      (ts.isPropertyAccessExpression(parent.left) || ts.isElementAccessExpression(parent.left))
    )
      return 'stored';
    return undefined;
  }
  if (
    (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
    parent.arguments?.some((argument) => argument === value)
  )
    return 'passed';
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === value)) return 'returned';
  if (ts.isCaseClause(parent) || (ts.isSwitchStatement(parent) && parent.expression === value)) return 'compared';
  return undefined;
}

/** Identifiers in `scope` that refer to the variable `name` (not property names, not declarations). */
function referencesIn(ts: TypeScript, scope: ts.Node, name: string, declaration: ts.Node): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && node !== declaration) {
      const parent = node.parent;
      const isPropertyName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node) ||
        (ts.isBindingElement(parent) && parent.propertyName === node) ||
        ((ts.isVariableDeclaration(parent) ||
          ts.isParameter(parent) ||
          ts.isBindingElement(parent) ||
          ts.isFunctionDeclaration(parent)) &&
          parent.name === node);
      if (!isPropertyName) found.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

/** The block, function body or file a variable declaration is visible in. */
function scopeOf(ts: TypeScript, declaration: ts.Node): ts.Node {
  for (let node = parentOf(declaration); node !== undefined; node = parentOf(node)) {
    if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node) || ts.isFunctionLike(node)) return node;
  }
  return declaration.getSourceFile();
}

/** Follows a call's returned value through property reads and local variables to its uses. */
function usesOfValue(
  context: CollectContext<unknown>,
  start: ts.Expression,
  property: string | null,
  depth: number,
  record: (use: FlowUseKind, property: string | null, node: ts.Node) => void,
): void {
  const { ts } = context;
  let value: ts.Node = start;
  while (isExpressionWrapper(ts, value.parent)) value = value.parent;
  const parent = value.parent;
  if (property === null && ts.isPropertyAccessExpression(parent) && parent.expression === value) {
    usesOfValue(context, parent, parent.name.text, depth, record);
    return;
  }
  if (
    property === null &&
    ts.isElementAccessExpression(parent) &&
    parent.expression === value &&
    ts.isStringLiteralLike(parent.argumentExpression)
  ) {
    usesOfValue(context, parent, parent.argumentExpression.text, depth, record);
    return;
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer === value) {
    if (depth >= MAX_VARIABLE_DEPTH) return;
    if (ts.isIdentifier(parent.name)) {
      for (const reference of referencesIn(ts, scopeOf(ts, parent), parent.name.text, parent.name))
        usesOfValue(context, reference, property, depth + 1, record);
    } else if (ts.isObjectBindingPattern(parent.name) && property === null) {
      for (const element of parent.name.elements) {
        if (!ts.isIdentifier(element.name) || element.dotDotDotToken) continue;
        const key =
          element.propertyName && (ts.isIdentifier(element.propertyName) || ts.isStringLiteral(element.propertyName))
            ? element.propertyName.text
            : element.name.text;
        for (const reference of referencesIn(ts, scopeOf(ts, parent), element.name.text, element.name))
          usesOfValue(context, reference, key, depth + 1, record);
      }
    }
    return;
  }
  const use = useOf(ts, value);
  if (use !== undefined) record(use, property, value);
}

export const noProviderIdFlow = defineProjectRule({
  id: 'no-provider-id-flow',
  kind: 'project',
  meta: {
    type: 'problem',
    description:
      'Reject provider user identifiers that leave the auth layer and are stored, passed, returned or compared in domain or BFF code.',
    preset: 'recommended',
    messages: {
      stored:
        'The {{provider}} user identifier from `{{export}}` ({{module}}) is stored here. Store `{{platformUserId}}` instead: the provider id belongs to the auth layer.',
      passed:
        'The {{provider}} user identifier from `{{export}}` ({{module}}) is passed on here. Pass `{{platformUserId}}` instead: the provider id belongs to the auth layer.',
      returned:
        'The {{provider}} user identifier from `{{export}}` ({{module}}) is returned here. Return `{{platformUserId}}` instead: the provider id belongs to the auth layer.',
      compared:
        'The {{provider}} user identifier from `{{export}}` ({{module}}) is compared here. Compare `{{platformUserId}}` instead: the provider id belongs to the auth layer.',
      providerUserId:
        'The {{provider}} user id {{source}} reaches this file through {{via}} and is {{use}} here, outside the auth layer. Map it to `{{platformUserId}}` in the auth layer and hand out only that.',
      providerUser:
        'The {{provider}} user object {{source}}, which carries the provider user id, reaches this file through {{via}} and is {{use}} here, outside the auth layer. Hand out `{{platformUserId}}` (mapped in the auth layer) instead.',
    },
    options,
  },
  appliesTo: () => true,
  listen(context): CollectListeners<ProviderIdFlowFacts> {
    const { ts, sourceFile, config, file, options } = context;
    // The host's ranges, from line starts found only as far as needed (see `lineRangeFunctionOf`), when one is.
    const rangeOf = (node: ts.Node): SourceRange => lineRangeFunctionOf(sourceFile)(node);
    const module = moduleFactsOf(ts, sourceFile);
    /** The identity flow, once the walk is done (it reads the index the per-file rule built in it). */
    const identityOf = (): IdentityFacts => {
      const flow = identityFlowOf(ts, sourceFile, config.providers, {
        recordUses: file.layer !== 'auth',
        openOrigins: true,
      });
      return {
        databaseAdapter: module.imports.some((fact) => DATABASE_ADAPTER.test(fact.specifier)),
        // Uses of a source in the same file are no-provider-id-outside-auth's (it runs in the editor too), except
        // those that depend on the whole project.
        uses: flow.uses
          .filter((use) => use.origin.kind !== 'source' || use.origin.unless !== undefined)
          .map((use) => ({
            origin: use.origin,
            path: use.path,
            use: use.use,
            prop: use.prop,
            range: rangeOf(use.node),
            statement: use.statement,
          })),
        exports: flow.exports,
        context: flow.context,
      };
    };
    if (file.layer === 'auth') {
      const analysis = {
        ts,
        matchers: identifierMatchersOf(config.providers),
        likeness: tokenLikeness(options.tokenNames),
      };
      // Outside the auth layer no-provider-id-outside-auth builds the flow's index in the walk; here this rule does.
      const index = identityIndexListeners(ts, sourceFile, config.providers);
      return {
        listeners: index === null ? [] : [{ enter: index.enter }],
        finish: () => {
          index?.finish();
          const identity = identityOf();
          return { module, exports: providerIdExportsOf(analysis, sourceFile, rangeOf), uses: [], identity };
        },
      };
    }
    const uses: FlowUse[] = [];
    const finish = () => ({ module, exports: [], uses, identity: identityOf() });
    if (file.layer !== 'domain' && file.layer !== 'bff') return { listeners: [], finish };
    // Type-only imports cannot be called; a file that never calls an imported name is not walked.
    const bindings = new Map(
      module.imports
        .filter((fact) => !fact.typeOnly)
        .flatMap((fact) =>
          fact.bindings.map(
            (binding) => [binding.local, { specifier: fact.specifier, imported: binding.imported }] as const,
          ),
        ),
    );
    const text = sourceFile.text;
    if (![...bindings.keys()].some((local) => text.includes(`${local}(`) || text.includes(`${local}.`)))
      return { listeners: [], finish };
    const call = (node: ts.Node): void => {
      const callee = unwrapExpression(ts, (node as ts.CallExpression).expression);
      let origin: { specifier: string; imported: string } | undefined;
      if (ts.isIdentifier(callee)) {
        const binding = bindings.get(callee.text);
        if (binding && binding.imported !== '*') origin = binding;
      } else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
        const binding = bindings.get(callee.expression.text);
        if (binding?.imported === '*') origin = { specifier: binding.specifier, imported: callee.name.text };
      }
      if (origin !== undefined) {
        const found = origin;
        usesOfValue(context, node as ts.CallExpression, null, 0, (use, property, value) =>
          uses.push({ ...found, property, use, range: rangeOf(value) }),
        );
      }
    };
    return { listeners: [{ enter: { [ts.SyntaxKind.CallExpression]: call } }], finish };
  },
  analyze(files, { config, resolveModule }) {
    const matchers = identifierMatchersOf(config.providers);
    const graph = new ModuleGraph(
      files.map(({ file, facts }) => ({ file, facts: facts.module })),
      resolveModule,
    );
    const exportsByPath = new Map(
      files
        .filter(({ file, facts }) => file.layer === 'auth' && facts.exports.length > 0)
        .map(({ file, facts }) => [file.path, facts.exports]),
    );
    const isDeclaredIn = (path: string, name: string) =>
      exportsByPath.get(path)?.some((entry) => entry.name === name && entry.kind === 'function') ?? false;
    const detections: ProjectDetection[] = [];
    for (const { file, facts } of files) {
      for (const use of facts.uses) {
        const target = graph.resolve(file.path, use.specifier);
        if (target === null) continue;
        const declaration = graph.findDeclaration(target, use.imported, isDeclaredIn);
        const entry =
          declaration && exportsByPath.get(declaration.path)?.find((candidate) => candidate.name === declaration.name);
        if (!entry) continue;
        const leaks = use.property === null ? entry.returnsIdentifier : entry.properties.includes(use.property);
        if (!leaks) continue;
        const claim = use.property ?? entry.claim;
        detections.push({
          file: file.path,
          range: use.range,
          messageId: use.use,
          data: {
            export: entry.name,
            module: declaration.path,
            claim,
            provider: providerNamesOf(matchers, entry.claim),
            platformUserId: config.data.platformUserId,
          },
        });
      }
    }
    detections.push(...identityDetections(files, graph, config.data.platformUserId));
    return detections;
  },
});

interface Resolved {
  readonly source: SourceOrigin;
  readonly path: IdentityPath;
  /** The first hand-off on the way: the export or the context the using file reads. */
  readonly via: string;
}

/**
 * Uses of values from other files, resolved to the provider's identity sources: an imported
 * binding through the exports of the module it names (and their re-exports), the request context
 * through every context entry of the project; at most `MAX_HAND_OFFS` hand-offs deep. A use is
 * reported when the value it uses is the user id; uses of one source in one statement are one leak.
 */
function identityDetections(
  files: readonly { file: { path: string; layer: string }; facts: ProviderIdFlowFacts }[],
  graph: ModuleGraph,
  platformUserId: string,
): ProjectDetection[] {
  const exportsByPath = new Map(
    files
      .filter(({ facts }) => facts.identity.exports.length > 0)
      .map(({ file, facts }) => [file.path, facts.identity.exports]),
  );
  const contextEntries = files.flatMap(({ file, facts }) =>
    facts.identity.context.map((entry) => ({ path: file.path, entry })),
  );
  const isDeclaredIn = (path: string, name: string) =>
    exportsByPath.get(path)?.some((entry) => entry.name === name) ?? false;
  const databaseAdapter = files.some(({ facts }) => facts.identity.databaseAdapter);

  const resolve = (fromPath: string, origin: Origin, path: IdentityPath, depth: number): Resolved | undefined => {
    if (origin.kind === 'source') {
      if (origin.unless === 'database-adapter' && databaseAdapter) return undefined;
      return identityKindOf(origin, path) !== undefined ? { source: origin, path, via: '' } : undefined;
    }
    if (depth >= MAX_HAND_OFFS) return undefined;
    const candidates: { path: string; entry: IdentityHandOff; via: string }[] = [];
    if (origin.kind === 'import') {
      const target = graph.resolve(fromPath, origin.specifier);
      if (target === null) return undefined;
      const declaration = graph.findDeclaration(target, origin.name, isDeclaredIn);
      if (declaration === null) return undefined;
      for (const entry of exportsByPath.get(declaration.path) ?? [])
        if (entry.name === declaration.name)
          candidates.push({ path: declaration.path, entry, via: `\`${origin.name}\` (${declaration.path})` });
    } else {
      const onRequest = path[0] === '$request';
      for (const { path: entryPath, entry } of contextEntries)
        candidates.push({
          path: entryPath,
          entry,
          via: onRequest
            ? `the request (\`req.${path[1] ?? ''}\`, set by middleware in ${entryPath})`
            : 'the request context (`ctx`)',
        });
    }
    for (const candidate of candidates) {
      if (!startsWithPath(path, candidate.entry.outPath)) continue;
      const rest = path.slice(candidate.entry.outPath.length);
      const found = resolve(
        candidate.path,
        candidate.entry.origin,
        [...candidate.entry.originPath, ...rest],
        depth + 1,
      );
      if (found !== undefined) return { ...found, via: candidate.via };
    }
    return undefined;
  };

  const detections: ProjectDetection[] = [];
  const seen = new Set<string>();
  for (const { file, facts } of files) {
    if (file.layer === 'auth') continue;
    for (const use of facts.identity.uses) {
      const found = resolve(file.path, use.origin, use.path, 0);
      if (found === undefined) continue;
      const kind = identityKindOf(found.source, found.path);
      // A user object counts where it is stored, passed to a function or returned, as in the per-file part.
      if (kind === 'user' && (use.prop || use.use === 'compared')) continue;
      const source = describeSource(found.source, found.path);
      const via = found.via === '' ? 'a call in this file' : found.via;
      const key = `${file.path}\u0000${use.statement}\u0000${source}`;
      if (seen.has(key)) continue;
      seen.add(key);
      detections.push({
        file: file.path,
        range: use.range,
        messageId: kind === 'id' ? 'providerUserId' : 'providerUser',
        data: { provider: found.source.provider, source, via, use: IDENTITY_USE_TEXT[use.use], platformUserId },
      });
    }
  }
  return detections;
}
