import { describe, expect, it } from 'vitest';
import { analyzeProject, span } from '../testing/index.js';
import { noProviderIdExportFromAuth as rule } from './index.js';

/** A domain file that imports `names` from the auth module, so they are the auth layer's public surface. */
const importing = (names: string, from = '../auth/identity.js') => `import { ${names} } from '${from}';\n`;
const found = (files: Record<string, string>, options?: Record<string, unknown>) =>
  analyzeProject(rule, files, options ? { options } : {}).map((finding) =>
    `${finding.file}@${span(finding)} ${finding.messageId} ${finding.data['name']} ${finding.data['property'] ?? ''}`.trim(),
  );

describe('no-provider-id-export-from-auth', () => {
  describe('exports that hand out a provider identifier, imported from outside the auth layer', () => {
    it.each([
      [
        'a function returning a claim of the request claims',
        'export function currentCognitoSub(req) { return req.claims.sub; }',
        'currentCognitoSub',
        'src/auth/identity.ts@1:17-1:34 returnsIdentifier currentCognitoSub sub',
      ],
      [
        'an arrow function returning a namespaced claim',
        "export const username = (token) => token['cognito:username'];",
        'username',
        'src/auth/identity.ts@1:14-1:22 returnsIdentifier username cognito:username',
      ],
      [
        'a function returning a local holding a destructured claim',
        'export function subject(claims) {\n  const { sub } = claims;\n  return sub;\n}',
        'subject',
        'src/auth/identity.ts@1:17-1:24 returnsIdentifier subject sub',
      ],
      [
        'a function returning an object with a claim property',
        'export function identity(req) { return { id: req.claims.sub, email: req.claims.email }; }',
        'identity',
        'src/auth/identity.ts@1:17-1:25 exposesProperty identity id',
      ],
      [
        'a function returning a provider-named property',
        'export function links(row) { return { auth0UserId: row.value }; }',
        'links',
        'src/auth/identity.ts@1:17-1:22 exposesProperty links auth0UserId',
      ],
      [
        'a constant holding a claim',
        'export const SUPPORT = session.claims.sub;',
        'SUPPORT',
        'src/auth/identity.ts@1:14-1:21 returnsIdentifier SUPPORT sub',
      ],
      [
        'an interface of a token with the subject',
        'export interface VerifiedToken { sub: string; issuer: string; }',
        'VerifiedToken',
        'src/auth/identity.ts@1:18-1:31 typeMember VerifiedToken sub',
      ],
      [
        'a type alias with a provider-named member',
        'export type Link = { cognitoSub: string };',
        'Link',
        'src/auth/identity.ts@1:13-1:17 typeMember Link cognitoSub',
      ],
      [
        'a public method of an exported class',
        'export class Identity {\n  subject(req) { return req.claims.sub; }\n}',
        'Identity',
        'src/auth/identity.ts@2:3-2:10 returnsIdentifier Identity.subject sub',
      ],
      [
        'a function exported under another name',
        'function read(req) { return req.claims.sub; }\nexport { read as subjectOf };',
        'subjectOf',
        'src/auth/identity.ts@2:18-2:27 returnsIdentifier subjectOf sub',
      ],
    ])('reports %s', (_name, code, imported, expected) => {
      expect(found({ 'src/auth/identity.ts': code, 'src/booking/use.ts': importing(imported) })).toEqual([expected]);
    });

    it('reports an export reached through an auth-layer barrel', () => {
      const files = {
        'src/auth/identity.ts': 'export function currentSub(req) { return req.claims.sub; }',
        'src/auth/index.ts': "export * from './identity.js';",
        'src/bff/home.ts': importing('currentSub', '../auth/index.js'),
      };
      expect(found(files)).toEqual(['src/auth/identity.ts@1:17-1:27 returnsIdentifier currentSub sub']);
    });

    it('reports every identifier export reachable through a namespace import', () => {
      const files = {
        'src/auth/identity.ts': 'export function a(req) { return req.claims.sub; }\nexport function b() { return 1; }',
        'src/booking/use.ts': "import * as auth from '../auth/identity.js';",
      };
      expect(found(files)).toEqual(['src/auth/identity.ts@1:17-1:18 returnsIdentifier a sub']);
    });
  });

  describe('near misses', () => {
    it.each([
      [
        'an export only the auth layer imports',
        {
          'src/auth/identity.ts': 'export function sub(req) { return req.claims.sub; }',
          'src/auth/other.ts': importing('sub', './identity.js'),
        },
      ],
      ['an export nobody imports', { 'src/auth/identity.ts': 'export function sub(req) { return req.claims.sub; }' }],
      [
        'a function returning the platform user id',
        {
          'src/auth/identity.ts': 'export function current(req) { return lookUp(req.claims.sub).platformUserId; }',
          'src/booking/use.ts': importing('current'),
        },
      ],
      [
        'a private method',
        {
          'src/auth/identity.ts': 'export class Identity {\n  private subject(req) { return req.claims.sub; }\n}',
          'src/booking/use.ts': importing('Identity'),
        },
      ],
      [
        'a claim returned by a nested function only',
        {
          'src/auth/identity.ts':
            'export function make() { return { read: (req) => req.claims.sub }.read !== undefined; }',
          'src/booking/use.ts': importing('make'),
        },
      ],
      [
        '`sub` of an object that is not a token',
        {
          'src/auth/identity.ts': 'export function total(order) { return order.sub; }',
          'src/booking/use.ts': importing('total'),
        },
      ],
      [
        'a user type with a username',
        {
          'src/auth/identity.ts': 'export interface AuthenticatedUser { platformUserId: string; username: string; }',
          'src/booking/use.ts': importing('AuthenticatedUser'),
        },
      ],
      [
        'a domain module exporting a claim (the per-file rule covers it)',
        {
          'src/payment/identity.ts': 'export function sub(req) { return req.claims.sub; }',
          'src/booking/use.ts': importing('sub', '../payment/identity.js'),
        },
      ],
    ])('does not report %s', (_name, files) => {
      expect(found(files)).toEqual([]);
    });
  });

  it('reports unimported exports too with checkAllExports', () => {
    expect(
      found(
        { 'src/auth/identity.ts': 'export function sub(req) { return req.claims.sub; }' },
        { checkAllExports: true },
      ),
    ).toEqual(['src/auth/identity.ts@1:17-1:20 returnsIdentifier sub sub']);
  });

  it('names the provider and the platform user id in its message data', () => {
    const [finding] = analyzeProject(rule, {
      'src/auth/identity.ts': 'export function s(req) { return req.claims.sub; }',
      'src/booking/use.ts': importing('s'),
    });
    expect(span(finding)).toBe('1:17-1:18');
    expect(finding?.data).toEqual({
      name: 's',
      claim: 'sub',
      property: 'sub',
      provider: expect.stringContaining('Cognito'),
      platformUserId: 'platformUserId',
    });
  });
});
