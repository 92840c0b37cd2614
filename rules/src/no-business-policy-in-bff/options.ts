import { z } from 'zod';
import { isValidRegex } from '../config/schema.js';

export const LITERAL_KINDS = ['role', 'plan', 'status', 'feature'] as const;
export type LiteralKind = (typeof LITERAL_KINDS)[number];

/** Words of a compared name that make a string literal compared with it a role, plan, status or feature literal. */
export const LITERAL_KIND_WORDS: Readonly<Record<LiteralKind, readonly string[]>> = {
  role: ['role', 'roles', 'group', 'groups', 'permission', 'permissions'],
  plan: ['plan', 'plans', 'tier', 'tiers', 'subscription', 'subscriptions', 'edition', 'entitlement', 'entitlements'],
  status: ['status', 'statuses', 'state', 'stage'],
  feature: ['feature', 'features', 'flag', 'flags', 'capability', 'capabilities'],
};

export const DEFAULT_DECISION_NAME_PATTERN =
  '^(can|should)[A-Z0-9_]|^is[A-Za-z0-9]*Allowed$|^has[A-Za-z0-9]*Access$|.(Enabled|Ready|Complete)$';

export const options = z.strictObject({
  decisionNamePattern: z
    .string()
    .refine(isValidRegex, 'expected a valid JavaScript regular expression')
    .default(DEFAULT_DECISION_NAME_PATTERN)
    .describe(
      'Regular expression over variable and property names that declare a decision (`canBook`, `isRefundAllowed`, `hasPremiumAccess`, `checkoutEnabled`, `walletReady`, `profileComplete`, `shouldUpsell`).',
    ),
  policyLiteralKinds: z
    .array(z.enum(LITERAL_KINDS))
    .default([...LITERAL_KINDS])
    .describe(
      'Kinds of string literals that make a comparison with domain state a policy decision: `role`, `plan`, `status`, `feature`.',
    ),
  minimumSources: z
    .number()
    .int()
    .min(2)
    .default(2)
    .describe(
      'How many distinct sources of domain state a condition must combine to be reported as a composed decision.',
    ),
  allowedCalls: z
    .array(z.string())
    .default([])
    .describe(
      'Calls that are composition, by callee name or dotted text (`isVisible`, `flags.isOn`): their arguments are not examined and their result is not domain state.',
    ),
  clientsFromImports: z
    .boolean()
    .default(true)
    .describe(
      'Count bindings imported from outside the BFF layer (and parameters or properties typed with such imports) as domain clients.',
    ),
  domainClients: z
    .array(z.string())
    .default(['services', 'dataSources', 'clients', 'loaders'])
    .describe(
      "Names that mark a domain client anywhere in a call's receiver chain (`ctx.services.billing.status()`, `context.dataSources.plans.get()`).",
    ),
});
export type Options = z.infer<typeof options>;
