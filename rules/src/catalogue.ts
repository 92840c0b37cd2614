import type { Preset, ProjectRule, Rule } from './detector.js';
import { noAuthzFromIdpAttributes } from './no-authz-from-idp-attributes/index.js';
import { noBusinessPolicyInBff } from './no-business-policy-in-bff/index.js';
import { noIdpThroughWrapper } from './no-idp-through-wrapper/index.js';
import { noInsecureTokenVerification } from './no-insecure-token-verification/index.js';
import { noProviderIdExportFromAuth } from './no-provider-id-export-from-auth/index.js';
import { noProviderIdFlow } from './no-provider-id-flow/index.js';
import { noProviderIdOutsideAuth } from './no-provider-id-outside-auth/index.js';
import { noProviderSdkOutsideAuth } from './no-provider-sdk-outside-auth/index.js';
import { noRemoteTokenVerification } from './no-remote-token-verification/index.js';
import { noTransitiveProviderSdk } from './no-transitive-provider-sdk/index.js';
import { noUnverifiedTokenRead } from './no-unverified-token-read/index.js';
import { requireInstrumentedAuthDecision } from './require-instrumented-auth-decision/index.js';

/** Every per-file rule, in documentation order. Hosts and presets are generated from this list. */
export const ruleCatalogue: readonly Rule<unknown>[] = [
  noProviderIdOutsideAuth,
  noProviderSdkOutsideAuth,
  noRemoteTokenVerification,
  noAuthzFromIdpAttributes,
  noBusinessPolicyInBff,
  noUnverifiedTokenRead,
  noInsecureTokenVerification,
  requireInstrumentedAuthDecision,
];

/** Rule ids of a preset: `recommended` rules, or every rule for `strict`. */
export function presetRuleIds(preset: Preset): string[] {
  return ruleCatalogue
    .filter((rule) => preset === 'strict' || rule.meta.preset === 'recommended')
    .map((rule) => rule.id);
}

export function ruleById(id: string): Rule<unknown> | undefined {
  return ruleCatalogue.find((rule) => rule.id === id);
}

/** Every project-wide rule (scanner only: the ESLint plugin maps `ruleCatalogue` alone), in documentation order. */
export const projectRuleCatalogue: readonly ProjectRule<unknown>[] = [
  noProviderIdExportFromAuth,
  noTransitiveProviderSdk,
  noProviderIdFlow,
  noIdpThroughWrapper,
];

export function projectRuleById(id: string): ProjectRule<unknown> | undefined {
  return projectRuleCatalogue.find((rule) => rule.id === id);
}
