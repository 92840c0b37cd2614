import { describe, expect, it } from 'vitest';
import type { ProviderCall } from './provider-profile.js';
import { calleeTextPattern, claimTextPattern } from './provider-calls.js';

const call = (callee: string) => ({
  call: { callee, source: 'https://example.com', status: 'confirmed' } as ProviderCall,
});

describe('text pre-scans of provider facts', () => {
  it("find a callee's last name only as a whole name", () => {
    const pattern = calleeTextPattern([call('.auth.getUser'), call('new GetUserCommand')])!;
    expect(pattern.test('const { data } = await supabase.auth.getUser(token);')).toBe(true);
    expect(pattern.test('await client.send(new GetUserCommand({ AccessToken }));')).toBe(true);
    expect(pattern.test('const user = await users.getUserById(id);')).toBe(false);
    expect(pattern.test('const getUser$ = of(user);')).toBe(false);
    expect(calleeTextPattern([])).toBeUndefined();
  });

  it('find an exact claim as a whole name or key, a prefix where a key starts, a suffix where one ends', () => {
    const pattern = claimTextPattern([
      { claim: 'roles', match: 'exact' },
      { claim: 'cognito:groups', match: 'exact' },
      { claim: 'custom:', match: 'prefix' },
      { claim: '/roles', match: 'suffix' },
    ])!;
    for (const text of [
      'claims.roles',
      "claims['cognito:groups']",
      'const { roles } = payload',
      "claims['custom:tenant']",
      "claims['https://example.com/roles']",
    ])
      expect(pattern.test(text), text).toBe(true);
    for (const text of [
      'user.userRoles',
      'rolesCount',
      "claims['xcustom:tenant']",
      "claims['https://example.com/rolesets']",
    ])
      expect(pattern.test(text), text).toBe(false);
    expect(claimTextPattern([])).toBeUndefined();
  });
});
