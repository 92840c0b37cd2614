import type { Preset, Rule } from './detector.js';
import { noAuthzFromIdpAttributes } from './no-authz-from-idp-attributes/index.js';
import { noBusinessPolicyInBff } from './no-business-policy-in-bff/index.js';
import { noInsecureTokenVerification } from './no-insecure-token-verification/index.js';
import { noProviderIdOutsideAuth } from './no-provider-id-outside-auth/index.js';
import { noProviderSdkOutsideAuth } from './no-provider-sdk-outside-auth/index.js';
import { noRemoteTokenVerification } from './no-remote-token-verification/index.js';
import { noUnverifiedTokenRead } from './no-unverified-token-read/index.js';
import { requireInstrumentedAuthDecision } from './require-instrumented-auth-decision/index.js';

/** Every per-file rule, in documentation order. Hosts and presets are generated from this list. */
export const ruleCatalogue: readonly Rule<any>[] = [
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
  return ruleCatalogue.filter((rule) => preset === 'strict' || rule.meta.preset === 'recommended').map((rule) => rule.id);
}

export function ruleById(id: string): Rule<any> | undefined {
  return ruleCatalogue.find((rule) => rule.id === id);
}
