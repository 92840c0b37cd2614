import { OTHER } from './semconv.js';

/**
 * Maps `value` onto a closed set: members pass through, anything else becomes `_OTHER`, so a metric
 * attribute can never grow a series per user, tenant or typo.
 */
export function boundedValue(value: unknown, allowed: ReadonlySet<string>): string {
  return typeof value === 'string' && allowed.has(value) ? value : OTHER;
}
