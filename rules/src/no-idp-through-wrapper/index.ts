import type * as ts from 'typescript';
import { z } from 'zod';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { defineProjectRule, type CollectListeners, type ProjectDetection } from '../detector.js';
import { noAuthzFromIdpAttributes } from '../no-authz-from-idp-attributes/index.js';
import { ModuleGraph } from '../project/module-graph.js';
import {
  foundFactsOf,
  importedCallListeners,
  wrapperFunctionsOf,
  type FoundFact,
  type ImportedCall,
  type WrapperFunction,
} from '../project/auth-wrappers.js';
import { oidcLibraries } from '../providers/oidc.js';
import { perProviderList } from '../providers/per-provider-list.js';
import { calleeTextPattern, providerCallFinder } from '../providers/provider-calls.js';
import { resolveRuleOptions } from '../run-rule.js';
import { calleeText } from '../syntax/expression-context.js';
import { identityIndexOf } from '../identity/identity-flow.js';
import { moduleFactsOf, type ModuleFacts } from '../syntax/module-facts.js';
import type { NodeListeners } from '../walk.js';

/** The auth layer's reads count here: a wrapper there hands them to its callers. */
const resolveAuthzOptions = (config: ResolvedConfig) =>
  resolveRuleOptions(noAuthzFromIdpAttributes, config, { checkAuthLayerReads: true, checkWrites: false });
const authzOptionsByConfig = new WeakMap<ResolvedConfig, ReturnType<typeof resolveAuthzOptions>>();

/** The options `no-authz-from-idp-attributes` runs with for this rule's facts, validated once per configuration, not per file. */
function authzOptionsOf(config: ResolvedConfig): ReturnType<typeof resolveAuthzOptions> {
  let authzOptions = authzOptionsByConfig.get(config);
  if (authzOptions === undefined) {
    authzOptions = resolveAuthzOptions(config);
    authzOptionsByConfig.set(config, authzOptions);
  }
  return authzOptions;
}

const options = z.strictObject({
  checkAuthzReads: z
    .boolean()
    .default(true)
    .describe(
      'Report calls, outside the auth layer, of functions that return or gate on an authorization attribute of the identity provider (`getRole()` returning `sessionClaims.metadata.role`).',
    ),
  checkProviderCalls: z
    .boolean()
    .default(true)
    .describe(
      'Report calls, in request handlers outside the auth layer, of functions that ask the identity provider over the network (`getUserProfile()` calling `clerkClient.users.getUser`).',
    ),
});

export interface WrapperFacts {
  readonly module: ModuleFacts;
  readonly wrappers: readonly WrapperFunction[];
  /** Only for files outside the auth layer. */
  readonly calls: readonly ImportedCall[];
}

/**
 * Provider calls that count only inside a request handler (`scope: 'request'`), wherever they stand: the
 * wrapper is not itself a handler, its callers are. Calls without a scope are reported by
 * `no-remote-token-verification` inside the wrapper already: that finding is the one leak.
 */
const providerCallsOf = perProviderList((providers) => {
  const entries = [...providers, oidcLibraries].flatMap((provider) =>
    provider.remoteVerificationCalls
      .filter((call) => call.scope === 'request')
      .map((call) => ({ provider, call: { ...call, scope: undefined } })),
  );
  return { entries, textPattern: calleeTextPattern(entries) };
});

export const noIdpThroughWrapper = defineProjectRule({
  id: 'no-idp-through-wrapper',
  kind: 'project',
  meta: {
    type: 'problem',
    description:
      'Reject calls, outside the auth layer, of functions that hand out identity-provider authorization attributes or ask the provider on every request.',
    preset: 'recommended',
    messages: {
      authzThroughWrapper:
        "`{{callee}}` answers from `{{claim}}`, authorization data kept in {{provider}}: calling it here decides access from the provider's attributes. Decide from the platform's own authorization data (roles and permissions it stores for `{{platformUserId}}`).",
      wrapperHandsOut:
        "`{{wrapper}}` hands `{{claim}}`, authorization data kept in {{provider}}, unchanged to {{callers}} module(s) outside the auth layer. Map it here, once, to the platform's own roles and permissions for `{{platformUserId}}`, and answer in those.",
      remoteCallThroughWrapper:
        '`{{callee}}` calls `{{providerCall}}`, which asks {{provider}} over the network; called from a request handler, that is a round trip on every request. Read identity from the verified token (or the session the auth layer established) instead.',
    },
    options,
  },
  appliesTo: () => true,
  listen({ ts, sourceFile, config, file, rangeOf }): CollectListeners<WrapperFacts> {
    const module = moduleFactsOf(ts, sourceFile);
    const listeners: NodeListeners[] = [];
    // The reads `no-authz-from-idp-attributes` reports with this rule's options, found in the same walk.
    const authz =
      noAuthzFromIdpAttributes.create?.({ ts, sourceFile, config, file, options: authzOptionsOf(config) }) ?? null;
    if (authz !== null) listeners.push(authz);
    const { entries, textPattern } = providerCallsOf(config.providers);
    const finder = (textPattern?.test(sourceFile.text) ?? false) ? providerCallFinder(ts, sourceFile, entries) : null;
    if (finder !== null) {
      const literal = (node: ts.Node) => {
        finder.noteModuleSpecifier(node as ts.StringLiteralLike);
      };
      const call = (node: ts.Node) => {
        finder.noteCall(node as ts.CallExpression | ts.NewExpression);
      };
      listeners.push({
        enter: {
          [ts.SyntaxKind.StringLiteral]: literal,
          [ts.SyntaxKind.NoSubstitutionTemplateLiteral]: literal,
          [ts.SyntaxKind.CallExpression]: call,
          [ts.SyntaxKind.NewExpression]: call,
        },
      });
    }
    let importedCalls: ReturnType<typeof importedCallListeners> = null;
    if (file.layer !== 'auth') {
      const imports = new Map<string, { specifier: string; imported: string }>();
      for (const fact of module.imports)
        if (!fact.typeOnly)
          for (const binding of fact.bindings)
            imports.set(binding.local, { specifier: fact.specifier, imported: binding.imported });
      // The results are followed in the identity flow's index of the file, when the shared walk built one.
      importedCalls = importedCallListeners(
        ts,
        sourceFile,
        imports,
        rangeOf,
        () => identityIndexOf(sourceFile)?.identifiers,
      );
      if (importedCalls !== null) listeners.push(importedCalls.listeners);
    }
    return {
      listeners,
      finish() {
        const authzReads = foundFactsOf(authz?.finish() ?? [], (detection) => ({
          start: detection.start,
          end: detection.end,
          label: detection.data['claim'] ?? '',
          provider: detection.data['provider'] ?? 'the identity provider',
        }));
        const providerCalls: FoundFact[] = (finder?.matches() ?? []).map((match) => ({
          start: match.node.getStart(sourceFile),
          end: match.node.getEnd(),
          label: calleeText(sourceFile, match.node.expression),
          provider: match.provider.name,
        }));
        const wrappers = wrapperFunctionsOf(ts, sourceFile, authzReads, providerCalls, rangeOf);
        return { module, wrappers, calls: importedCalls?.finish() ?? [] };
      },
    };
  },
  analyze(files, { config, options, resolveModule }) {
    const graph = new ModuleGraph(
      files.map(({ file, facts }) => ({ file, facts: facts.module })),
      resolveModule,
    );
    const wrappersByPath = new Map(files.map(({ file, facts }) => [file.path, facts.wrappers]));
    const isDeclaredIn = (path: string, name: string) =>
      wrappersByPath.get(path)?.some((wrapper) => wrapper.name === name) ?? false;
    const detections: ProjectDetection[] = [];
    /** Auth-layer wrappers whose attribute reaches callers outside the auth layer, with those callers. */
    const handedOut = new Map<string, { path: string; wrapper: WrapperFunction; callers: Set<string> }>();
    for (const { file, facts } of files) {
      if (file.layer === 'auth') continue;
      for (const call of facts.calls) {
        const target = graph.resolve(file.path, call.specifier);
        if (target === null || target === file.path) continue;
        const found = graph.findDeclaration(target, call.imported, isDeclaredIn);
        const wrapper =
          found === null
            ? undefined
            : wrappersByPath.get(found.path)?.find((candidate) => candidate.name === found.name);
        if (wrapper === undefined) continue;
        const callee = `${call.callee}()`;
        if (options.checkAuthzReads && wrapper.authz !== null && graph.nodes.get(found!.path)?.layer === 'auth') {
          const key = `${found!.path}\u0000${wrapper.name}`;
          const entry = handedOut.get(key) ?? { path: found!.path, wrapper, callers: new Set<string>() };
          entry.callers.add(file.path);
          handedOut.set(key, entry);
        }
        if (options.checkAuthzReads && wrapper.authz !== null) {
          const data = {
            callee,
            claim: wrapper.authz.claim,
            provider: wrapper.authz.provider,
            platformUserId: config.data.platformUserId,
          };
          if (wrapper.authzProperty === null)
            detections.push({ file: file.path, range: call.range, messageId: 'authzThroughWrapper', data });
          else {
            // The attribute travels in a property of what the wrapper returns: its reads are the uses, and so
            // are the calls that hand the value to another function of the wrapper's module (`requireRole(user, …)`).
            const property = wrapper.authzProperty;
            for (const read of call.uses?.reads ?? []) {
              if (read.name === property)
                detections.push({
                  file: file.path,
                  range: read.range,
                  messageId: 'authzThroughWrapper',
                  data: { ...data, callee: `${call.callee}().${property}` },
                });
            }
            for (const passed of call.uses?.passedTo ?? []) {
              if (graph.resolve(file.path, passed.specifier) === target)
                detections.push({
                  file: file.path,
                  range: passed.range,
                  messageId: 'authzThroughWrapper',
                  data: { ...data, callee: `${call.callee}().${property}` },
                });
            }
          }
        }
        if (options.checkProviderCalls && wrapper.providerCall !== null && call.perRequest) {
          detections.push({
            file: file.path,
            range: call.range,
            messageId: 'remoteCallThroughWrapper',
            data: { callee, providerCall: wrapper.providerCall.callee, provider: wrapper.providerCall.provider },
          });
        }
      }
    }
    // The auth layer may map the provider's attributes to the platform's once; a wrapper that hands them on
    // unchanged is reported where it reads them too, which is where the mapping belongs.
    for (const { path, wrapper, callers } of handedOut.values()) {
      const authz = wrapper.authz!;
      detections.push({
        file: path,
        range: authz.range,
        messageId: 'wrapperHandsOut',
        data: {
          wrapper: wrapper.declaredName,
          claim: authz.claim,
          provider: authz.provider,
          callers: String(callers.size),
          platformUserId: config.data.platformUserId,
        },
      });
    }
    return detections;
  },
});
