import { describe, expect, it } from 'vitest';
import { noProviderIdOutsideAuth } from '../no-provider-id-outside-auth/index.js';
import { detect } from './index.js';
import { positionsToAssert, span, takeUnassertedPositions } from './positions.js';

describe('positions a rule test must assert', () => {
  it('lists the registered findings whose position no span() read, and empties the list', () => {
    const [read, unread] = positionsToAssert([
      { line: 1, column: 12, endLine: 1, endColumn: 22 },
      { line: 3, column: 1, endLine: 4, endColumn: 2 },
    ]);
    expect(span(read)).toBe('1:12-1:22');
    expect(takeUnassertedPositions()).toEqual([unread]);
    expect(takeUnassertedPositions()).toEqual([]);
  });

  it('registers every finding detect returns, unless told positions are skipped', () => {
    const code = 'const id = claims.sub;\nconst cognitoSub = 1;';
    const findings = detect(noProviderIdOutsideAuth, code);
    expect(takeUnassertedPositions()).toEqual(findings);
    expect(findings.map(span)).toEqual(['1:12-1:22', '2:7-2:17']);
    detect(noProviderIdOutsideAuth, code, { positions: 'skip' });
    expect(takeUnassertedPositions()).toEqual([]);
  });

  it("says 'no finding' for a finding the test expected and did not get", () => {
    const [finding] = detect(noProviderIdOutsideAuth, 'const total = order.sub + order.tax;');
    expect(span(finding)).toBe('no finding');
  });
});
