import { ruleById } from '@authboundary/rules';
import { INSTRUMENTED_WRAPPERS } from '@authboundary/telemetry';
import { expect, it } from 'vitest';

// The rules package must not depend on a run-time package, so the strict rule keeps its own copy
// of the wrapper names; this test keeps the two lists one list.
it('require-instrumented-auth-decision recognizes exactly the wrappers @authboundary/telemetry exports', () => {
  const options = ruleById('require-instrumented-auth-decision')!.meta.options.parse({}) as { wrappers: string[] };
  expect([...options.wrappers].sort()).toEqual([...INSTRUMENTED_WRAPPERS].sort());
});
