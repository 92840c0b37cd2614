import { afterEach } from 'vitest';
import { rangeText, takeUnassertedPositions } from '../../rules/src/testing/positions.js';

// A test that got findings from `detect` or `analyzeProject` (rules/src/testing) and never asserted
// their positions through `span` fails here: see rules/src/testing/positions.ts.
afterEach(() => {
  const left = takeUnassertedPositions();
  if (left.length > 0) {
    throw new Error(
      `${String(left.length)} finding(s) whose position the test did not assert: ${left.map(rangeText).join(', ')}. ` +
        'Compare span(finding) (line:column-endLine:endColumn) in the expectation, as every rule test does.',
    );
  }
});
