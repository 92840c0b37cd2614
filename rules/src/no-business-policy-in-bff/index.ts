import { defineRule } from '../detector.js';
import { PolicyDetector } from './decisions.js';
import { options } from './options.js';

export const noBusinessPolicyInBff = defineRule({
  id: 'no-business-policy-in-bff',
  meta: {
    type: 'suggestion',
    description:
      "Reject business decisions in the Backend-for-Frontend: conditions that combine several domains' state, compare it with role, plan, status or feature literals, compute `can*`-style answers, or decide ownership, readiness, entitlement, a limit, or refuse a request on a record's state or existence.",
    preset: 'recommended',
    messages: {
      composedDecision:
        'This {{decision}} combines domain state from {{sources}} into a business decision: the BFF has become a second application. The decision belongs in {{owner}}; call it once and pass its answer through (e.g. `access.canAccess`).',
      policyLiteral:
        'This {{decision}} tests `{{state}}` (from {{sources}}) against the {{kind}} {{literal}}: that is business policy, not response shaping. The decision belongs in {{owner}}; ask it for the answer and pass it through.',
      decisionName:
        '`{{name}}` is a decision computed in the BFF from {{sources}}. The decision belongs in {{owner}}; return it from there and pass it through instead of computing it here.',
      ownershipCheck:
        'This {{decision}} decides ownership by comparing `{{left}}` with `{{right}}` (from {{sources}}): who may act on a record is a rule of {{owner}}. Ask it (e.g. `files.canEdit(fileId, userId)`) and pass the answer through.',
      readinessCheck:
        'This {{decision}} decides whether `{{aggregate}}` (from {{sources}}) is ready from its parts {{checks}}: what makes it ready is a rule of {{owner}}. Ask it (e.g. `courses.isPublishable(id)`) and pass the answer through.',
      entitlementCheck:
        'This {{decision}} refuses the request on the entitlement `{{state}}` (from {{sources}}): what a plan, trial or subscription allows is a rule of {{owner}}. Ask it (e.g. `billing.canUse(feature, userId)`) and pass the answer through.',
      limitCheck:
        'This {{decision}} orders `{{left}}` against `{{right}}` (from {{sources}}): a limit, quota or progression rule of {{owner}}. Ask it (e.g. `journeys.canAdvance(id)`) and pass the answer through.',
      stateCheck:
        'This {{decision}} refuses the request on `{{state}}` (from {{sources}}): when a record allows this (active, approved, not yet started) is a lifecycle rule of {{owner}}. Ask it (e.g. `items.canClaim(id)`) and pass the answer through.',
      existenceCheck:
        'This {{decision}} refuses the request because `{{name}}` (from {{sources}}) exists: that is a business rule (a duplicate, a second enrolment) of {{owner}}. Let that domain refuse it and map its answer.',
    },
    options,
  },
  appliesTo: (file) => file.layer === 'bff',
  detect({ ts, sourceFile, config, file, options }) {
    return new PolicyDetector(ts, sourceFile, config, file, options).run();
  },
});
