import { z } from 'zod';
import { defineProjectRule, type ProjectDetection } from '../detector.js';
import { identifierMatchersOf, type IdentifierMatchers } from '../providers/identifier-matchers.js';
import { ModuleGraph } from '../project/module-graph.js';
import { providerIdExportsOf, type ProviderIdExport } from '../project/provider-id-exports.js';
import { moduleFactsOf, type ModuleFacts } from '../syntax/module-facts.js';
import { tokenLikeness } from '../syntax/token-likeness.js';

const options = z.strictObject({
  checkAllExports: z
    .boolean()
    .default(false)
    .describe(
      'Report every export of an auth-layer file, not only those imported from outside the auth layer (for an auth layer published as a package).',
    ),
  tokenNames: z
    .array(z.string())
    .default([])
    .describe(
      'Further words that mark an object as a token or claims payload, e.g. `["ctx"]` if `ctx.sub` is a claim in your code.',
    ),
});

export interface ProviderIdExportFacts {
  readonly module: ModuleFacts;
  /** Only for auth-layer files. */
  readonly exports: readonly ProviderIdExport[];
}

/** Providers (display names) a claim or provider-named identifier belongs to, for messages. */
export function providerNamesOf(matchers: IdentifierMatchers, claim: string): string {
  const names = matchers.claimProviders(claim);
  if (names !== undefined)
    return names.length <= 2
      ? names.join(' or ')
      : `${names.slice(0, 2).join(', ')} and ${names.length - 2} other providers`;
  return matchers.providerOfName(claim) ?? 'the identity provider';
}

/**
 * The auth-layer exports imported from outside the auth layer, as `path\0name` keys: named and
 * default imports, namespace imports (every export reachable through the module) and non-auth
 * barrels that re-export auth modules. Followed through auth-layer `export … from` chains.
 */
export function publicAuthExports(
  graph: ModuleGraph,
  exportsByPath: ReadonlyMap<string, readonly ProviderIdExport[]>,
): Set<string> {
  const isDeclaredIn = (path: string, name: string) =>
    exportsByPath.get(path)?.some((entry) => entry.name === name || entry.name.startsWith(`${name}.`)) ?? false;
  const used = new Set<string>();
  const mark = (target: string, name: string) => {
    const found = graph.findDeclaration(target, name, isDeclaredIn);
    if (found === null) return;
    for (const entry of exportsByPath.get(found.path) ?? []) {
      if (entry.name === found.name || entry.name.startsWith(`${found.name}.`))
        used.add(`${found.path}\u0000${entry.name}`);
    }
  };
  const markAll = (target: string) => {
    for (const entries of exportsByPath.values()) for (const entry of entries) mark(target, entry.name.split('.')[0]!);
  };
  for (const node of graph.nodes.values()) {
    if (node.layer === 'auth') continue;
    for (const fact of node.facts.imports) {
      const target = graph.resolve(node.path, fact.specifier);
      if (target === null || graph.nodes.get(target)?.layer !== 'auth') continue;
      for (const binding of fact.bindings) {
        if (binding.imported === '*') markAll(target);
        else mark(target, binding.imported);
      }
    }
    for (const reexport of node.facts.reexports) {
      const target = graph.resolve(node.path, reexport.specifier);
      if (target === null || graph.nodes.get(target)?.layer !== 'auth') continue;
      if (reexport.names === null) markAll(target);
      else {
        for (const entry of reexport.names) {
          if (entry.imported === '*') markAll(target);
          else mark(target, entry.imported);
        }
      }
    }
  }
  return used;
}

export const noProviderIdExportFromAuth = defineProjectRule({
  id: 'no-provider-id-export-from-auth',
  kind: 'project',
  meta: {
    type: 'problem',
    description:
      "Reject auth-layer exports that hand out a provider user identifier (return values, properties, type members), so the auth layer's public surface speaks only the platform's own user id.",
    preset: 'recommended',
    messages: {
      returnsIdentifier:
        '`{{name}}` is exported by the auth layer and returns `{{claim}}`, a user identifier of {{provider}}. Return `{{platformUserId}}` instead: map the provider identity to your own user id inside the auth layer.',
      exposesProperty:
        '`{{name}}` is exported by the auth layer and hands out `{{property}}`, a user identifier of {{provider}} (`{{claim}}`). Hand out `{{platformUserId}}` instead and keep the provider id inside the auth layer.',
      typeMember:
        'The exported auth-layer type `{{name}}` has the member `{{property}}`, a user identifier of {{provider}}. Give code outside the auth layer a type that carries `{{platformUserId}}` instead.',
    },
    options,
  },
  appliesTo: () => true,
  collect({ ts, sourceFile, config, file, options, rangeOf }): ProviderIdExportFacts {
    const module = moduleFactsOf(ts, sourceFile);
    if (file.layer !== 'auth') return { module, exports: [] };
    const analysis = {
      ts,
      matchers: identifierMatchersOf(config.providers),
      likeness: tokenLikeness(options.tokenNames),
    };
    return { module, exports: providerIdExportsOf(analysis, sourceFile, rangeOf) };
  },
  analyze(files, { config, options, resolveModule }) {
    const matchers = identifierMatchersOf(config.providers);
    const graph = new ModuleGraph(
      files.map(({ file, facts }) => ({ file, facts: facts.module })),
      resolveModule,
    );
    const exportsByPath = new Map(
      files.filter(({ facts }) => facts.exports.length > 0).map(({ file, facts }) => [file.path, facts.exports]),
    );
    const reported = options.checkAllExports ? null : publicAuthExports(graph, exportsByPath);
    const detections: ProjectDetection[] = [];
    for (const [path, entries] of exportsByPath) {
      for (const entry of entries) {
        if (reported !== null && !reported.has(`${path}\u0000${entry.name}`)) continue;
        const messageId =
          entry.kind === 'type' ? 'typeMember' : entry.returnsIdentifier ? 'returnsIdentifier' : 'exposesProperty';
        detections.push({
          file: path,
          range: entry.range,
          messageId,
          data: {
            name: entry.name,
            claim: entry.claim,
            property: entry.properties[0] ?? entry.claim,
            provider: providerNamesOf(matchers, entry.claim),
            platformUserId: config.data.platformUserId,
          },
        });
      }
    }
    return detections;
  },
});
