import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../testing/index.js';
import { noProviderIdFlow as rule } from './index.js';

const auth = {
  'src/auth/identity.ts': [
    'export function currentSub(req) { return req.claims.sub; }',
    'export function identity(req) { return { subject: req.claims.sub, email: req.claims.email }; }',
    'export function currentUser(req) { return { platformUserId: lookUp(req.claims.sub) }; }',
  ].join('\n'),
  'src/auth/index.ts': "export { currentSub, identity, currentUser } from './identity.js';",
};
const found = (code: string, path = 'src/booking/use.ts') =>
  analyzeProject(rule, { ...auth, [path]: `import { currentSub, identity, currentUser } from '../auth/index.js';\nimport * as ns from '../auth/identity.js';\n${code}` }).map(
    (finding) => `${finding.line - 2} ${finding.messageId} ${finding.data['export']}`,
  );

describe('no-provider-id-flow', () => {
  it.each([
    ['stored in an object', 'const row = { owner: currentSub(req) };', '1 stored currentSub'],
    ['stored through a local variable (shorthand)', 'const owner = currentSub(req);\nsave({ owner });', '2 stored currentSub'],
    ['passed to a call', 'repository.find(currentSub(req));', '1 passed currentSub'],
    ['passed through a local variable', 'const s = currentSub(req);\nrepository.find(s);', '2 passed currentSub'],
    ['returned', 'function f(req) { return currentSub(req); }', '1 returned currentSub'],
    ['returned from an arrow function', 'const f = (req) => currentSub(req);', '1 returned currentSub'],
    ['compared', 'if (currentSub(req) === booking.owner) allow();', '1 compared currentSub'],
    ['awaited and assigned to a property', 'row.owner = await currentSub(req);', '1 stored currentSub'],
    ['an identifier property read from the result', 'save(identity(req).subject);', '1 passed identity'],
    ['an identifier property destructured from the result', 'const { subject } = identity(req);\nlog(subject);', '2 passed identity'],
    ['a call through a namespace import', 'save(ns.currentSub(req));', '1 passed currentSub'],
  ])('reports a provider id %s', (_name, code, expected) => {
    expect(found(code)).toEqual([expected]);
  });

  it.each([
    ['the platform user id of the auth layer', 'save(currentUser(req).platformUserId);'],
    ['a property that is not an identifier', 'save(identity(req).email);'],
    ['a result used for its length only', 'const n = currentSub(req).length;'],
    ['a result that is neither stored, passed, returned nor compared', 'currentSub(req);'],
    ['a call of a local function of the same name', 'function currentSubLocal() { return 1; }\nsave(currentSubLocal());'],
  ])('does not report %s', (_name, code) => {
    expect(found(code)).toEqual([]);
  });

  it('reports in BFF code as in domain code', () => {
    expect(found('send(currentSub(req));', 'src/bff/home.ts')).toEqual(['1 passed currentSub']);
  });

  it('does not report in the auth layer itself', () => {
    expect(found('send(currentSub(req));', 'src/auth/mapping.ts')).toEqual([]);
  });

  it('names the export, its module and the platform user id', () => {
    const [finding] = analyzeProject(rule, { ...auth, 'src/booking/use.ts': "import { currentSub } from '../auth/index.js';\nsave(currentSub(req));" });
    expect(finding).toMatchObject({ messageId: 'passed', line: 2, column: 6, data: { export: 'currentSub', module: 'src/auth/identity.ts', claim: 'sub', platformUserId: 'platformUserId' } });
  });
});
