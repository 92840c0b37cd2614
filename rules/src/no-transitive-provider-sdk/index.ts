import { z } from 'zod';
import { defineProjectRule, type ProjectDetection } from '../detector.js';
import { IDENTITY_TYPES, noProviderSdkOutsideAuth, reachesAuthApi } from '../no-provider-sdk-outside-auth/index.js';
import { ModuleGraph, sdkOf } from '../project/module-graph.js';
import { resolveRuleOptions } from '../run-rule.js';
import { isModuleOrSubpath } from '../syntax/module-imports.js';
import { moduleFactsOf, type ImportFact, type ModuleFacts } from '../syntax/module-facts.js';

/** A file's imports, and whether it reaches a data client's identity API (`supabase.auth…`). */
interface TransitiveFacts extends ModuleFacts {
  readonly reachesAuthApi: boolean;
}

const options = z.strictObject({
  checkTypeImports: z
    .boolean()
    .default(false)
    .describe(
      'Follow `import type` and `export type … from` too (off by default: they load nothing at run time, so they reach no SDK; on, they count because the types still couple the importer to the provider).',
    ),
});

/** How a module reaches a provider SDK: the next module on the shortest chain, or the SDK itself. */
interface Reach {
  readonly next: string;
  readonly sdk: { readonly module: string; readonly provider: string };
  readonly length: number;
}

export const noTransitiveProviderSdk = defineProjectRule({
  id: 'no-transitive-provider-sdk',
  kind: 'project',
  meta: {
    type: 'problem',
    description:
      'Reject domain and BFF imports of modules outside the auth layer through which a provider SDK is reached (helpers, re-exports), naming the chain.',
    preset: 'recommended',
    messages: {
      transitiveSdk:
        'This import reaches the {{provider}} SDK `{{sdk}}` through {{chain}}. Depend on the auth layer (or a port it implements) instead of modules that wrap the provider SDK outside it.',
    },
    options,
  },
  appliesTo: () => true,
  collect({ ts, sourceFile }): TransitiveFacts {
    return { ...moduleFactsOf(ts, sourceFile), reachesAuthApi: reachesAuthApi(sourceFile.text) };
  },
  analyze(files, { config, options, resolveModule }) {
    const graph = new ModuleGraph(files, resolveModule);
    const followed = (typeOnly: boolean) => options.checkTypeImports || !typeOnly;
    const outsideAuth = [...graph.nodes.values()].filter((node) => node.layer !== 'auth');
    const reachesAuth = new Map(files.map(({ file, facts }) => [file.path, facts.reachesAuthApi]));

    // A chain is one more finding only when it says something the per-file rule does not: when the
    // module at its end imports the SDK without an `sdkImport` finding of its own. Otherwise that
    // finding is the leak, and every importer of the module (a barrel's too) repeats it.
    const perFile = noProviderSdkOutsideAuth;
    const perFileOn = config.ruleSetting(perFile).severity !== 'off';
    const perFileOptions = resolveRuleOptions(perFile, config);
    const isDataClient = (specifier: string) =>
      perFileOptions.dataClientModules.some((module) => isModuleOrSubpath(specifier, module));
    const isAllowed = (specifier: string) =>
      perFileOptions.allowedModules.some((module) => isModuleOrSubpath(specifier, module));
    const reportedPerFile = (path: string, fact: ImportFact) =>
      perFileOn &&
      (!fact.typeOnly || perFileOptions.checkTypeImports) &&
      (!isDataClient(fact.specifier) ||
        reachesAuth.get(path) === true ||
        fact.bindings.some((binding) => IDENTITY_TYPES.has(binding.imported)));

    // Multi-source breadth-first search from the modules that import an SDK, over reversed
    // edges between modules outside the auth layer: every module gets its shortest chain.
    const reach = new Map<string, Reach>();
    const importers = new Map<string, string[]>();
    let frontier: string[] = [];
    for (const node of outsideAuth) {
      for (const fact of node.facts.imports) {
        if (!followed(fact.typeOnly)) continue;
        const sdk = sdkOf(fact.specifier, config.providers);
        // Modules the per-file rule allows may be reached through helpers too.
        if (sdk !== null && !isAllowed(fact.specifier) && !reportedPerFile(node.path, fact) && !reach.has(node.path)) {
          reach.set(node.path, { next: sdk.module, sdk, length: 1 });
          frontier.push(node.path);
        }
        const target = graph.resolve(node.path, fact.specifier);
        if (target !== null && target !== node.path && graph.nodes.get(target)?.layer !== 'auth') {
          const list = importers.get(target) ?? [];
          if (!list.includes(node.path)) list.push(node.path);
          importers.set(target, list);
        }
      }
    }
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const path of frontier) {
        const found = reach.get(path)!;
        for (const importer of importers.get(path) ?? []) {
          if (reach.has(importer)) continue;
          reach.set(importer, { next: path, sdk: found.sdk, length: found.length + 1 });
          next.push(importer);
        }
      }
      frontier = next.sort();
    }

    const chainOf = (path: string): string[] => {
      const chain = [path];
      for (let step = reach.get(path); step !== undefined; step = reach.get(step.next)) chain.push(step.next);
      return chain;
    };
    const detections: ProjectDetection[] = [];
    for (const node of outsideAuth) {
      if (node.layer !== 'domain' && node.layer !== 'bff') continue;
      for (const fact of node.facts.imports) {
        if (!followed(fact.typeOnly)) continue;
        const target = graph.resolve(node.path, fact.specifier);
        if (target === null || target === node.path || graph.nodes.get(target)?.layer === 'auth') continue;
        const found = reach.get(target);
        if (found === undefined) continue;
        const chain = chainOf(target);
        // A data client (Supabase's is also the database client) leaks identity only where its `auth` API is
        // reached: by the importer, or by a module on the chain that has no finding of its own for it (one
        // outside the domain and BFF layers); a domain or BFF module on the chain is reported for its own import.
        if (isDataClient(found.sdk.module)) {
          const reaching = [node.path, ...chain].find((path) => reachesAuth.get(path) === true);
          const layer = reaching === undefined ? undefined : graph.nodes.get(reaching)?.layer;
          if (reaching === undefined || (reaching !== node.path && (layer === 'domain' || layer === 'bff'))) continue;
          // An importer that calls the `auth` API itself does so on the client it imports from the module that creates it.
          if (reaching === node.path && chain.length > 2) continue;
        }
        detections.push({
          file: node.path,
          range: fact.range,
          messageId: 'transitiveSdk',
          data: {
            sdk: found.sdk.module,
            provider: found.sdk.provider,
            chain: chain.map((step) => `\`${step}\``).join(' → '),
          },
        });
      }
    }
    return detections;
  },
});
