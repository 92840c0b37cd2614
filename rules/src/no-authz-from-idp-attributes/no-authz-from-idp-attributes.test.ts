import { describe, expect, it } from 'vitest';
import { detect, span, testConfig } from '../testing/index.js';
import { noAuthzFromIdpAttributes as rule } from './index.js';

const findings = (code: string, options?: Parameters<typeof detect>[2]) =>
  detect(rule, code, options).map(
    (finding) => `${finding.messageId}:${finding.data['claim'] ?? finding.data['callee']}@${span(finding)}`,
  );

describe('no-authz-from-idp-attributes', () => {
  describe('authorization read from the provider', () => {
    it.each([
      [
        'a Cognito custom attribute',
        "if (claims['custom:role'] === 'dispatcher') allow();",
        'authzRead:custom:role@1:5-1:26',
      ],
      ['Cognito groups', "const groups = payload['cognito:groups'] ?? [];", 'authzRead:cognito:groups@1:16-1:41'],
      [
        'Cognito roles, destructured',
        "const { 'cognito:roles': roles } = idToken;",
        'authzRead:cognito:roles@1:9-1:31',
      ],
      ['Auth0 app_metadata', 'const plan = user.app_metadata.plan;', 'authzRead:app_metadata@1:14-1:31'],
      [
        'an Auth0 namespaced role claim',
        "const roles = token['https://mobility.example.com/roles'];",
        'authzRead:https://mobility.example.com/roles@1:15-1:58',
      ],
      [
        'Clerk publicMetadata',
        "const isAdmin = user.publicMetadata.role === 'admin';",
        'authzRead:publicMetadata@1:17-1:36',
      ],
      ['Clerk session claim metadata', 'const role = sessionClaims?.metadata?.role;', 'authzRead:metadata@1:14-1:37'],
      [
        'the Clerk organisation role claim',
        "if (claims.org_role !== 'org:admin') deny();",
        'authzRead:org_role@1:5-1:20',
      ],
      [
        'Keycloak realm roles',
        'const roles = req.kauth.grant.access_token.content.realm_access.roles;',
        'authzRead:realm_access@1:15-1:64',
      ],
      [
        'Keycloak client roles, destructured',
        'const { resource_access } = decodedToken;',
        'authzRead:resource_access@1:9-1:24',
      ],
      [
        'Entra app roles of a claims object',
        "if (claims.roles.includes('Fleet.Manage')) allow();",
        'authzRead:roles@1:5-1:17',
      ],
      ['Entra directory roles', 'const wids = idTokenClaims.wids;', 'authzRead:wids@1:14-1:32'],
      [
        'Supabase app_metadata',
        'const tenant = session.user.app_metadata.tenant_id;',
        'authzRead:app_metadata@1:16-1:41',
      ],
    ])('reports %s outside the auth layer', (_name, code, expected) => {
      expect(findings(code)).toEqual([expected]);
    });

    it.each([
      [
        'Supabase user_metadata',
        "if (user.user_metadata.role === 'admin') allow();",
        'userEditableRead:user_metadata@1:5-1:23',
      ],
      ['Clerk unsafeMetadata', 'const tier = user.unsafeMetadata.tier;', 'userEditableRead:unsafeMetadata@1:14-1:33'],
      [
        'Stytch untrusted_metadata',
        'const role = user.untrusted_metadata.role;',
        'userEditableRead:untrusted_metadata@1:14-1:37',
      ],
      ['Ory traits', 'const isStaff = session.identity.traits.staff === true;', 'userEditableRead:traits@1:17-1:40'],
    ])('reports user-editable %s', (_name, code, expected) => {
      expect(findings(code)).toEqual([expected]);
    });

    describe('metadata that also holds profile data (found on real code)', () => {
      it.each([
        ['a display name read from user_metadata', 'const name = session.user.user_metadata?.name;'],
        [
          'profile keys read through a local variable',
          'const meta = data.user.user_metadata || {};\nconst label = meta.player_name ?? meta.name;',
        ],
        ['profile keys destructured', 'const { avatar_url, full_name } = user.user_metadata;'],
        ['a nested profile key', 'const city = session.user.user_metadata.address.city;'],
      ])('does not report %s', (_name, code) => {
        expect(findings(code)).toEqual([]);
      });

      it.each([
        [
          'a role read through a local variable',
          "const meta = user.user_metadata ?? {};\nif (meta.role === 'admin') allow();",
          'userEditableRead:user_metadata@1:14-1:32',
        ],
        [
          'an authorization key destructured',
          'const { role, name } = user.publicMetadata;',
          'authzRead:publicMetadata@1:24-1:43',
        ],
        [
          'a container handed on whole (its use cannot be told)',
          'return decide(user.unsafeMetadata);',
          'userEditableRead:unsafeMetadata@1:15-1:34',
        ],
      ])('reports %s', (_name, code, expected) => {
        expect(findings(code)).toEqual([expected]);
      });
    });

    it("reports a role nested under Clerk's `metadata.public` (found on real code, issue 17)", () => {
      const [finding, ...rest] = detect(
        rule,
        'const jwt = auth().sessionClaims;\nreturn (jwt?.metadata?.public?.role as UserRole) ?? null;',
        { config: testConfig({ providers: ['clerk'] }) },
      );
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({ messageId: 'authzRead', data: { claim: 'metadata' }, text: 'jwt?.metadata' });
      expect(span(finding)).toBe('2:9-2:22');
    });

    it('reports user-editable metadata in the auth layer too', () => {
      expect(findings('const role = user.user_metadata.role;', { path: 'src/auth/identity-mapping.ts' })).toEqual([
        'userEditableRead:user_metadata@1:14-1:32',
      ]);
    });

    it("allows the auth layer's mapping code to read IdP authorization (near miss)", () => {
      expect(
        findings("const seed = claims.app_metadata.roles;\nconst groups = payload['cognito:groups'];", {
          path: 'src/auth/identity-mapping.ts',
        }),
      ).toEqual([]);
    });

    it('reports reads in the auth layer with checkAuthLayerReads', () => {
      expect(
        findings('const seed = claims.app_metadata;', {
          path: 'src/auth/identity-mapping.ts',
          options: { checkAuthLayerReads: true },
        }),
      ).toEqual(['authzRead:app_metadata@1:14-1:33']);
    });

    it('reports a nested read once, at the attribute of the provider', () => {
      expect(findings("if (claims.app_metadata.roles.includes('admin')) allow();")).toEqual([
        'authzRead:app_metadata@1:5-1:24',
      ]);
    });

    it.each([
      ["`roles` of the platform's own user", "if (account.roles.includes('dispatcher')) allow();"],
      ['`groups` of an object that is not a token', 'const groups = directory.groups;'],
      ['`metadata` of a file upload', 'const size = upload.metadata.size;'],
      ['a claim-like key in an object literal', "const update = { app_metadata: { plan: 'pro' } };"],
      ['a property type in a declaration', 'interface ClerkUser { publicMetadata: { role: string } }'],
      ['a custom attribute name that is only a prefix', "const key = attributes['custom:'];"],
    ])('does not report %s', (_name, code) => {
      expect(findings(code, { config: testConfig({ providers: ['cognito', 'auth0', 'entra', 'clerk'] }) })).toEqual([]);
    });

    it('names the providers and the platform user id', () => {
      const [finding] = detect(rule, 'const m = user.app_metadata;', {
        config: testConfig({ providers: ['auth0', 'supabase'], platformUserId: 'accountId' }),
      });
      expect(span(finding)).toBe('1:11-1:28');
      expect(finding?.data).toEqual({
        claim: 'app_metadata',
        provider: 'Auth0 or Supabase Auth',
        platformUserId: 'accountId',
      });
    });

    it('honours tokenNames for one-word claims', () => {
      expect(findings('const r = ctx.roles;', { config: testConfig({ providers: ['entra'] }) })).toEqual([]);
      expect(
        findings('const r = ctx.roles;', {
          config: testConfig({ providers: ['entra'] }),
          options: { tokenNames: ['ctx'] },
        }),
      ).toEqual(['authzRead:roles@1:11-1:20']);
    });
  });

  describe('reads for display, logging and export are no decisions (found on real code, issue 17)', () => {
    const positions = (code: string, providers: string[], path = 'src/app/settings/page.tsx') =>
      detect(rule, code, { config: testConfig({ providers }), path }).map((finding) => ({
        messageId: finding.messageId,
        claim: finding.data['claim'],
        at: span(finding),
      }));
    const badge = (use: string) => `export default function Settings() {
  const [role, setRole] = useState<string>('user');
  useEffect(() => { supabase.auth.getUser().then(({ data }) => setRole(data.user?.app_metadata?.role || 'user')); }, []);
  ${use}
}`;

    it.each([
      ['the role shown as JSX text', badge('return <span>{role}</span>;')],
      [
        'a label and a class name chosen from the role (a badge)',
        badge(
          "return <div className={`pill ${role === 'admin' ? 'green' : 'grey'}`}>{role === 'admin' ? 'Admin' : 'User'}</div>;",
        ),
      ],
      [
        'a label chosen through a named comparison',
        badge(
          "const isAdmin = role === 'admin';\n  return <b title={isAdmin ? 'Admin' : 'User'}>{isAdmin ? 'Admin' : 'User'}</b>;",
        ),
      ],
      [
        'a role logged',
        'const claims = (await user.getIdTokenResult()).claims;\nconsole.log(`signed in as ${claims.role}`);',
      ],
      [
        'the old role read for the audit log of a role change',
        `const target = await getAuth().getUser(uid);
const currentRole = target.customClaims?.role || 'user';
await getAuth().setCustomUserClaims(uid, { role });
if (currentRole !== role) {
  logRoleChange({ before: { role: currentRole }, after: { role } });
}`,
      ],
    ])('does not report %s', (_name, code) => {
      expect(positions(code, ['supabase', 'firebase']).filter((finding) => finding.messageId !== 'authzWrite')).toEqual(
        [],
      );
    });

    it.each([
      [
        "a data export of the user's own metadata",
        'return NextResponse.json({ user: { email: user.email, metadata: user.user_metadata } });',
        ['supabase'],
      ],
      [
        'user-editable metadata posted on whole to the profile API',
        'await fetch(url, { method: "POST", body: JSON.stringify(data.unsafeMetadata) });',
        ['clerk'],
      ],
    ])('does not report %s (a user-editable container handed on whole)', (_name, code, providers) => {
      expect(positions(code, providers)).toEqual([]);
    });

    it.each([
      ['rendering gated on the role', badge('return role === \'admin\' && <a href="/admin">Admin</a>;'), '3:72-3:95'],
      ['a role compared in a guard', badge("if (role !== 'admin') redirect('/');"), '3:72-3:95'],
      [
        "a role returned to the client (the attribute enters the app's contract)",
        'const { data } = await supabase.auth.getUser();\nreturn Response.json({ role: data.user?.app_metadata?.role });',
        '2:30-2:53',
      ],
      [
        'a role logged and also compared',
        "const claims = (await user.getIdTokenResult()).claims;\nconsole.log(claims.role);\nif (claims.role === 'admin') allow();",
        '3:5-3:16',
      ],
      [
        'a change of role that is refused, not logged',
        "const target = await getAuth().getUser(uid);\nconst currentRole = target.customClaims?.role;\nif (currentRole !== role) throw new Error('no');",
        '2:21-2:40',
      ],
      [
        'a trusted container handed on whole',
        'return Response.json({ metadata: session.user.app_metadata });',
        '1:34-1:59',
      ],
    ])('reports %s', (_name, code, at) => {
      const reads = positions(code, ['supabase', 'firebase']).filter((finding) => finding.messageId !== 'authzWrite');
      expect(reads.at(-1)).toMatchObject({ at });
    });
  });

  describe('authorization claims of every provider (issue 17)', () => {
    const at = (code: string, providers: string[], path = 'src/booking/booking.service.ts') =>
      detect(rule, code, { config: testConfig({ providers }), path }).map(
        (finding) => `${finding.messageId}:${finding.data['claim'] ?? finding.data['callee']}@${span(finding)}`,
      );

    it.each([
      [
        'a Firebase custom claim of `getIdTokenResult()`',
        "const { claims } = await user.getIdTokenResult();\nif (claims.role === 'admin') allow();",
        ['authzRead:role@2:5-2:16'],
      ],
      [
        'a Firebase custom claim of a verified ID token',
        'const decodedToken = await getAuth().verifyIdToken(idToken);\nif (decodedToken.admin === true) allow();',
        ['authzRead:admin@2:5-2:23'],
      ],
      [
        "the Stripe extension's role claim",
        'const plan = (await auth.currentUser.getIdTokenResult()).claims.stripeRole;',
        ['authzRead:stripeRole@1:14-1:75'],
      ],
      [
        'the custom claims of a user record',
        'const record = await getAuth().getUser(uid);\nreturn record.customClaims?.isAdmin === true;',
        ['authzRead:customClaims@2:8-2:27'],
      ],
    ])('reports %s (Firebase)', (_name, code, expected) => {
      expect(at(code, ['firebase'])).toEqual(expected);
    });

    it.each([
      ["`role` of the platform's own user", "if (user.role === 'admin') allow();"],
      ['`isAdmin` of an account', 'const show = account.isAdmin;'],
    ])('does not report %s (Firebase custom claims count on tokens only)', (_name, code) => {
      expect(at(code, ['firebase'])).toEqual([]);
    });

    it.each([
      [
        '`getRoles()` destructured from the Kinde session',
        "import { getKindeServerSession } from '@kinde-oss/kinde-auth-nextjs/server';\nconst { getRoles } = getKindeServerSession();\nconst roles = await getRoles();",
        ['authzRead:getRoles()@3:21-3:31'],
      ],
      [
        '`getPermission(key)` of the Kinde session',
        "import { getKindeServerSession } from '@kinde-oss/kinde-auth-nextjs/server';\nconst session = getKindeServerSession();\nif (!(await session.getPermission('create:visit'))?.isGranted) deny();",
        ['authzRead:session.getPermission()@3:13-3:50'],
      ],
      [
        'the permissions claim of a Kinde access token',
        'const accessToken = await getAccessToken();\nconst allowed = accessToken.permissions.includes("read:pets");',
        ['authzRead:permissions@2:17-2:40'],
      ],
    ])('reports %s (Kinde)', (_name, code, expected) => {
      expect(at(code, ['kinde'])).toEqual(expected);
    });

    it("does not report a `getRoles()` that is not Kinde's (near miss)", () => {
      expect(
        at("import { getRoles } from '../users/roles.js';\nconst roles = await getRoles(accountId);", ['kinde']),
      ).toEqual([]);
    });

    it.each([
      [
        '`has({ role })` of the auth object',
        "import { auth } from '@clerk/nextjs/server';\nconst { has } = await auth();\nif (!has({ role: 'org:admin' })) deny();",
        ['authzRead:has()@3:6-3:32'],
      ],
      [
        'the organisation role of the auth object',
        "import { auth } from '@clerk/nextjs/server';\nconst { orgRole } = await auth();",
        ['authzRead:orgRole@2:9-2:16'],
      ],
    ])('reports %s (Clerk)', (_name, code, expected) => {
      expect(at(code, ['clerk'])).toEqual(expected);
    });

    it('does not report `has` of a set in a Clerk file (near miss)', () => {
      expect(
        at("import { auth } from '@clerk/nextjs/server';\nconst seen = new Set<string>();\nif (seen.has(id)) skip();", [
          'clerk',
        ]),
      ).toEqual([]);
    });

    describe("Auth.js callbacks that copy the provider's roles", () => {
      const callbacks = (body: string) => `export const authOptions = {\n  callbacks: {\n${body}\n  },\n};`;

      it('reports the copy into the token and into the session, in the auth layer too', () => {
        const code = callbacks(
          '    async jwt({ token, profile }) {\n      if (profile) token.roles = profile.roles ?? [];\n      return token;\n    },\n    async session({ session, token }) {\n      session.user.roles = token.roles;\n      return session;\n    },',
        );
        expect(at(code, ['authjs'], 'src/auth/auth-options.ts')).toEqual([
          'authzRead:roles@4:34-4:47',
          'authzRead:roles@8:28-8:39',
        ]);
      });

      it.each([
        [
          'tokens copied into the session',
          '    jwt({ token, account }) {\n      token.accessToken = account.access_token;\n      return token;\n    },',
        ],
        [
          "roles mapped to the platform's own",
          '    async jwt({ token }) {\n      token.roles = await platformRolesOf(token.sub);\n      return token;\n    },',
        ],
        [
          'a copy outside the callbacks',
          '    signIn() { return true; },\n  },\n  events: { createUser({ user }) { user.groups = profile.groups; } },\n  x: {',
        ],
      ])('does not report %s', (_name, body) => {
        expect(at(callbacks(body), ['authjs'], 'src/auth/auth-options.ts')).toEqual([]);
      });
    });
  });

  describe('authorization written into the provider', () => {
    it.each([
      [
        'a Cognito group assignment',
        "import { AdminAddUserToGroupCommand } from '@aws-sdk/client-cognito-identity-provider';\nawait cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: 'dispatchers' }));",
        'authzWrite:new AdminAddUserToGroupCommand@2:20-2:102',
      ],
      [
        'a Cognito custom attribute update',
        "import { AdminUpdateUserAttributesCommand } from '@aws-sdk/client-cognito-identity-provider';\nawait cognito.send(new AdminUpdateUserAttributesCommand({ UserAttributes: [{ Name: 'custom:role', Value: 'admin' }] }));",
        'authzWrite:new AdminUpdateUserAttributesCommand@2:20-2:119',
      ],
      [
        'Auth0 app_metadata',
        "import { ManagementClient } from 'auth0';\nawait management.users.update({ id }, { app_metadata: { role: 'driver' } });",
        'authzWrite:management.users.update@2:7-2:76',
      ],
      [
        'an Auth0 role assignment',
        "import { ManagementClient } from 'auth0';\nawait management.users.assignRoles({ id }, { roles });",
        'authzWrite:management.users.assignRoles@2:7-2:54',
      ],
      [
        'Firebase custom claims',
        "import { getAuth } from 'firebase-admin/auth';\nawait getAuth().setCustomUserClaims(uid, { admin: true });",
        'authzWrite:setCustomUserClaims@2:7-2:58',
      ],
      [
        'Clerk metadata',
        "import { clerkClient } from '@clerk/nextjs/server';\nawait (await clerkClient()).users.updateUserMetadata(userId, { publicMetadata: { role: 'admin' } });",
        'authzWrite:users.updateUserMetadata@2:7-2:100',
      ],
      [
        'Clerk role metadata set at creation (found on real code)',
        "import { clerkClient } from '@clerk/nextjs/server';\nconst clerk = await clerkClient();\nawait clerk.users.createUser({ username, publicMetadata: { role: 'teacher' } });",
        'authzWrite:clerk.users.createUser@3:7-3:80',
      ],
      [
        'Supabase app_metadata',
        "await supabaseAdmin.auth.admin.updateUserById(id, { app_metadata: { role: 'ops' } });",
        'authzWrite:supabaseAdmin.auth.admin.updateUserById@1:7-1:85',
      ],
    ])('reports %s, in every layer', (_name, code, expected) => {
      expect(findings(code, { path: 'src/auth/admin.ts' })).toEqual([expected]);
    });

    it.each([
      [
        'a Cognito attribute update without custom attributes',
        "import { AdminUpdateUserAttributesCommand } from '@aws-sdk/client-cognito-identity-provider';\nawait cognito.send(new AdminUpdateUserAttributesCommand({ UserAttributes: [{ Name: 'email', Value: email }] }));",
      ],
      [
        'an Auth0 profile update without app_metadata',
        "import { ManagementClient } from 'auth0';\nawait management.users.update({ id }, { name });",
      ],
      ["an update of the platform's own users", 'await db.users.update({ id }, { app_metadata: {} });'],
    ])('does not report %s', (_name, code) => {
      expect(findings(code)).toEqual([]);
    });

    it('leaves writes alone when checkWrites is off', () => {
      expect(
        findings(
          "import { getAuth } from 'firebase-admin/auth';\nawait getAuth().setCustomUserClaims(uid, { admin: true });",
          { options: { checkWrites: false } },
        ),
      ).toEqual([]);
    });
  });

  it('knows authorization claims and writes of custom providers', () => {
    const config = testConfig({
      providers: ['acme-id'],
      customProviders: [
        {
          id: 'acme-id',
          name: 'Acme ID',
          sdkModules: ['@acme/id-sdk'],
          authzClaims: [{ claim: 'acme:roles' }, { claim: 'profile_flags', userEditable: true }],
          authzWrites: [{ callee: '.roles.grant' }],
        },
      ],
    });
    expect(
      findings(
        "import { Acme } from '@acme/id-sdk';\nconst r = claims['acme:roles']; const f = user.profile_flags; await acme.roles.grant(id, 'admin');",
        { config },
      ),
    ).toEqual([
      'authzRead:acme:roles@2:11-2:31',
      'userEditableRead:profile_flags@2:43-2:61',
      'authzWrite:acme.roles.grant@2:69-2:98',
    ]);
  });
});
