/**
 * The metric and attribute names authboundary exports: a public contract (dashboards and alerts
 * are built on them), defined once here for OTLP and, with dots as underscores, for Prometheus.
 */
export const METRIC_VIOLATIONS = 'authboundary.violations';
export const METRIC_VIOLATIONS_NEW = 'authboundary.violations.new';
export const ATTRIBUTE_NAMES = ['rule', 'layer', 'module', 'owner'] as const;
/** Decision sites (`authboundary map`): instrumentation coverage is `instrumented="true"` over the sum. */
export const METRIC_AUTH_DECISIONS = 'authboundary.auth_decisions';
export const AUTH_DECISION_ATTRIBUTE_NAMES = ['module', 'owner', 'instrumented'] as const;
/**
 * The attribute naming the repository on every series (configuration `name`, else the git remote),
 * and the Pushgateway grouping label: many repositories push to one gateway and sum on one dashboard.
 */
export const REPOSITORY_ATTRIBUTE = 'repository';

export const METRIC_DESCRIPTIONS = {
  [METRIC_VIOLATIONS]: 'Current authboundary violations (findings) per rule, layer, module and owner.',
  [METRIC_VIOLATIONS_NEW]: 'Current authboundary violations whose fingerprint is not in the baseline.',
  [METRIC_AUTH_DECISIONS]:
    'Auth decision sites (token verifications, authorization decisions) per module and owner, instrumented through @authboundary/telemetry or not.',
} as const;

/** The Prometheus name of a metric (`authboundary.violations` → `authboundary_violations`). */
export const prometheusName = (name: string) => name.replaceAll('.', '_');
