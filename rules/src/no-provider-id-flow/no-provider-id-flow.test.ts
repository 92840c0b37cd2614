import { describe, expect, it } from 'vitest';
import { analyzeProject, span } from '../testing/index.js';
import { noProviderIdFlow as rule } from './index.js';

const auth = {
  'src/auth/identity.ts': [
    'export function currentSub(req) { return req.claims.sub; }',
    'export function identity(req) { return { subject: req.claims.sub, email: req.claims.email }; }',
    'export function currentUser(req) { return { platformUserId: lookUp(req.claims.sub) }; }',
  ].join('\n'),
  'src/auth/index.ts': "export { currentSub, identity, currentUser } from './identity.js';",
};
/** Each finding as `messageId export@range`; the code under test starts on line 3, after two imports. */
const found = (code: string, path = 'src/booking/use.ts') =>
  analyzeProject(rule, {
    ...auth,
    [path]: `import { currentSub, identity, currentUser } from '../auth/index.js';\nimport * as ns from '../auth/identity.js';\n${code}`,
  }).map((finding) => `${finding.messageId} ${finding.data['export']}@${span(finding)}`);

describe('no-provider-id-flow', () => {
  it.each([
    ['stored in an object', 'const row = { owner: currentSub(req) };', 'stored currentSub@3:22-3:37'],
    [
      'stored through a local variable (shorthand)',
      'const owner = currentSub(req);\nsave({ owner });',
      'stored currentSub@4:8-4:13',
    ],
    ['passed to a call', 'repository.find(currentSub(req));', 'passed currentSub@3:17-3:32'],
    [
      'passed through a local variable',
      'const s = currentSub(req);\nrepository.find(s);',
      'passed currentSub@4:17-4:18',
    ],
    ['returned', 'function f(req) { return currentSub(req); }', 'returned currentSub@3:26-3:41'],
    ['returned from an arrow function', 'const f = (req) => currentSub(req);', 'returned currentSub@3:20-3:35'],
    ['compared', 'if (currentSub(req) === booking.owner) allow();', 'compared currentSub@3:5-3:20'],
    ['awaited and assigned to a property', 'row.owner = await currentSub(req);', 'stored currentSub@3:13-3:34'],
    ['an identifier property read from the result', 'save(identity(req).subject);', 'passed identity@3:6-3:27'],
    [
      'an identifier property destructured from the result',
      'const { subject } = identity(req);\nlog(subject);',
      'passed identity@4:5-4:12',
    ],
    ['a call through a namespace import', 'save(ns.currentSub(req));', 'passed currentSub@3:6-3:24'],
  ])('reports a provider id %s', (_name, code, expected) => {
    expect(found(code)).toEqual([expected]);
  });

  it.each([
    ['the platform user id of the auth layer', 'save(currentUser(req).platformUserId);'],
    ['a property that is not an identifier', 'save(identity(req).email);'],
    ['a result used for its length only', 'const n = currentSub(req).length;'],
    ['a result that is neither stored, passed, returned nor compared', 'currentSub(req);'],
    [
      'a call of a local function of the same name',
      'function currentSubLocal() { return 1; }\nsave(currentSubLocal());',
    ],
  ])('does not report %s', (_name, code) => {
    expect(found(code)).toEqual([]);
  });

  it('reports in BFF code as in domain code', () => {
    expect(found('send(currentSub(req));', 'src/bff/home.ts')).toEqual(['passed currentSub@3:6-3:21']);
  });

  it('does not report in the auth layer itself', () => {
    expect(found('send(currentSub(req));', 'src/auth/mapping.ts')).toEqual([]);
  });

  it('names the export, its module and the platform user id', () => {
    const [finding] = analyzeProject(rule, {
      ...auth,
      'src/booking/use.ts': "import { currentSub } from '../auth/index.js';\nsave(currentSub(req));",
    });
    expect(span(finding)).toBe('2:6-2:21');
    expect(finding).toMatchObject({
      messageId: 'passed',
      data: { export: 'currentSub', module: 'src/auth/identity.ts', claim: 'sub', platformUserId: 'platformUserId' },
    });
  });
});
