import { describe, expect, it, vi } from 'vitest';
import { noAuthzFromIdpAttributes } from '../no-authz-from-idp-attributes/index.js';
import { analyzeProject, span, testConfig } from '../testing/index.js';
import { noIdpThroughWrapper as rule } from './index.js';

const clerk = testConfig({ providers: ['clerk'] });
const at = (files: Record<string, string>, config = clerk, options?: Record<string, unknown>) =>
  analyzeProject(rule, files, { config, ...(options ? { options } : {}) }).map(
    (finding) =>
      `${finding.file}@${span(finding)} ${finding.messageId} ${finding.data['callee'] ?? finding.data['wrapper']} ${finding.data['claim'] ?? finding.data['providerCall']}`,
  );

const roleWrapper =
  "import { auth } from '@clerk/nextjs/server';\nexport function getRole() {\n  const claims = auth().sessionClaims;\n  return claims?.metadata?.role ?? null;\n}";

describe('no-idp-through-wrapper', () => {
  describe('authorization attributes handed out by a wrapper (issue 17.6)', () => {
    it.each([
      [
        'a route handler gating on a wrapper that returns the role',
        {
          'src/auth/role.ts': roleWrapper,
          'src/bff/route.ts':
            "import { getRole } from '../auth/role.js';\nexport async function GET() {\n  if (getRole() !== 'admin') return forbidden();\n}",
        },
        [
          'src/auth/role.ts@4:10-4:26 wrapperHandsOut getRole metadata',
          'src/bff/route.ts@3:7-3:16 authzThroughWrapper getRole() metadata',
        ],
      ],
      [
        'a boolean wrapper over a namespaced Auth0 claim, default-exported, called twice on a line',
        {
          'src/auth/is-admin.ts':
            "import { auth0 } from './auth0.js';\nexport default async function isAdmin() {\n  const session = await auth0.getSession();\n  return session?.user['https://mobility.example/roles']?.includes('Admin') ?? false;\n}",
          'src/bff/users.ts':
            "import isAdmin from '../auth/is-admin.js';\nexport async function POST() {\n  if (!(await isAdmin()) && !(await isAdmin())) return forbidden();\n}",
        },
        [
          'src/auth/is-admin.ts@4:10-4:57 wrapperHandsOut isAdmin https://mobility.example/roles',
          'src/bff/users.ts@3:15-3:24 authzThroughWrapper isAdmin() https://mobility.example/roles',
          'src/bff/users.ts@3:37-3:46 authzThroughWrapper isAdmin() https://mobility.example/roles',
        ],
      ],
      [
        'a wrapper whose read reaches its answer through local names, re-exported by a barrel, called through a namespace',
        {
          'src/auth/admin.ts':
            "export async function isAdminByProvider(id: string) {\n  const { data } = await admin.getUserById(id);\n  const role = data.user.app_metadata?.role;\n  const isAdmin = role === 'admin';\n  return isAdmin;\n}",
          'src/auth/index.ts': "export * from './admin.js';",
          'src/booking/approve.ts':
            "import * as authn from '../auth/index.js';\nexport const approve = async (id: string) => (await authn.isAdminByProvider(id)) && book(id);",
        },
        [
          'src/auth/admin.ts@3:16-3:38 wrapperHandsOut isAdminByProvider app_metadata',
          'src/booking/approve.ts@2:53-2:80 authzThroughWrapper authn.isAdminByProvider() app_metadata',
        ],
      ],
      [
        'a wrapper that gates (throws) on the role',
        {
          'src/auth/require.ts':
            "export const requireAdmin = (claims: SessionClaims) => {\n  if (claims.metadata.role !== 'admin') throw new Error('forbidden');\n};",
          'src/bff/h.ts': "import { requireAdmin } from '../auth/require.js';\nrequireAdmin(claims);",
        },
        [
          'src/auth/require.ts@2:7-2:22 wrapperHandsOut requireAdmin metadata',
          'src/bff/h.ts@2:1-2:21 authzThroughWrapper requireAdmin() metadata',
        ],
      ],
    ])('reports %s', (_name, files, expected) => {
      expect(at(files, testConfig({ providers: ['clerk', 'auth0', 'supabase'] }))).toEqual(expected);
    });

    it('reports the reads of the property that carries the attribute, and its hand-over to the wrapper module, not the call', () => {
      const files = {
        'src/auth/request.ts':
          "export async function authenticateRequest(request: Request) {\n  const decodedToken = await verifyIdToken(tokenOf(request));\n  const role = decodedToken.role || 'viewer';\n  return { uid: decodedToken.uid, role };\n}\nexport const requireRole = (user: { role: string }, roles: string[]) => roles.includes(user.role);",
        'src/bff/lessons/route.ts':
          "import { authenticateRequest, requireRole } from '../../auth/request.js';\nexport async function POST(request: Request) {\n  const user = await authenticateRequest(request);\n  if (!requireRole(user, ['admin', 'teacher'])) return forbidden();\n  if (user.role === 'teacher' && lesson.authorId !== user.uid) return forbidden();\n  console.log('lessons', { userRole: user.role });\n}",
      };
      expect(at(files, testConfig({ providers: ['firebase'] }))).toEqual([
        'src/auth/request.ts@3:16-3:33 wrapperHandsOut authenticateRequest role',
        'src/bff/lessons/route.ts@4:8-4:47 authzThroughWrapper authenticateRequest().role role',
        'src/bff/lessons/route.ts@5:7-5:16 authzThroughWrapper authenticateRequest().role role',
      ]);
    });

    it('reports a component of the auth layer that gates on the role, where it is used in markup', () => {
      const files = {
        'src/auth/role-guard.tsx':
          "import { useSession } from 'next-auth/react';\nexport function RoleGuard({ allowed, children }: Props) {\n  const { data: session } = useSession();\n  const roles = session?.user?.roles ?? [];\n  if (!allowed.some((role) => roles.includes(role))) return null;\n  return <>{children}</>;\n}",
        'src/bff/admin-panel.tsx':
          "import { RoleGuard } from '../auth/role-guard.js';\nexport const AdminPanel = () => (\n  <RoleGuard allowed={['admin']}>\n    <p>Reports</p>\n  </RoleGuard>\n);",
      };
      expect(at(files, testConfig({ providers: ['authjs', 'entra'] }))).toEqual([
        'src/auth/role-guard.tsx@4:17-4:37 wrapperHandsOut RoleGuard roles',
        'src/bff/admin-panel.tsx@3:3-3:34 authzThroughWrapper RoleGuard() roles',
      ]);
    });

    it.each([
      [
        'a component that only shows the role (found on real code)',
        {
          'src/auth/profile.tsx':
            'export function ProfileCard({ user }: Props) {\n  const data = { name: user.fullName, role: (user.publicMetadata as Meta).role };\n  return <p>{data.name} ({data.role})</p>;\n}',
          'src/bff/page.tsx':
            "import { ProfileCard } from '../auth/profile.js';\nexport const Page = () => <ProfileCard user={user} />;",
        },
      ],
      [
        'a wrapper that reads the role only to log it',
        {
          'src/auth/session.ts':
            'export function sessionOf(claims: SessionClaims) {\n  log(claims.metadata.role);\n  return { userId: claims.sub };\n}',
          'src/bff/h.ts': "import { sessionOf } from '../auth/session.js';\nsessionOf(claims);",
        },
      ],
      [
        "a wrapper that maps the role to the platform's own user",
        {
          'src/auth/user.ts':
            'export async function currentUser() {\n  const { userId } = auth();\n  return db.user.findUnique({ where: { id: userId } });\n}',
          'src/bff/h.ts': "import { currentUser } from '../auth/user.js';\nconst user = await currentUser();",
        },
      ],
      [
        'a call of the wrapper inside the auth layer',
        {
          'src/auth/role.ts': roleWrapper,
          'src/auth/guard.ts':
            "import { getRole } from './role.js';\nexport const isStaff = () => getRole() === 'staff';",
        },
      ],
      [
        'an imported function of the same name from elsewhere',
        {
          'src/auth/role.ts': roleWrapper,
          'src/shared/role.ts': 'export const getRole = () => "guest";',
          'src/bff/h.ts': "import { getRole } from '../shared/role.js';\ngetRole();",
        },
      ],
      [
        'a type-only import of the wrapper',
        {
          'src/auth/role.ts': roleWrapper,
          'src/bff/h.ts': "import type { getRole } from '../auth/role.js';\ntype Role = ReturnType<typeof getRole>;",
        },
      ],
    ])('does not report %s', (_name, files) => {
      expect(at(files)).toEqual([]);
    });

    it('leaves authorization reads alone when checkAuthzReads is off', () => {
      expect(
        at(
          {
            'src/auth/role.ts': roleWrapper,
            'src/bff/route.ts': "import { getRole } from '../auth/role.js';\nexport const GET = () => getRole();",
          },
          clerk,
          { checkAuthzReads: false },
        ),
      ).toEqual([]);
    });
  });

  describe('per-request provider calls made by a wrapper (issue 17.7)', () => {
    const profileWrapper =
      "import { clerkClient } from '@clerk/nextjs/server';\nexport async function getProfile(userId: string) {\n  const client = await clerkClient();\n  const user = await client.users.getUser(userId);\n  return { email: user.emailAddresses[0]?.emailAddress };\n}";
    const workosWrapper =
      "import { WorkOS } from '@workos-inc/node';\nconst workos = new WorkOS(key);\nexport const userOf = (id: string) => workos.userManagement.getUser(id);";

    it.each([
      [
        'a route handler calling a Clerk wrapper',
        {
          'src/auth/profile.ts': profileWrapper,
          'src/bff/account/route.ts':
            "import { getProfile } from '../../auth/profile.js';\nexport async function GET(request: Request) {\n  return Response.json(await getProfile(userIdOf(request)));\n}",
        },
        ['src/bff/account/route.ts@3:30-3:59 remoteCallThroughWrapper getProfile() client.users.getUser'],
        clerk,
      ],
      [
        'a server action calling a WorkOS wrapper',
        {
          'src/auth/users.ts': workosWrapper,
          'src/bff/actions.ts':
            "'use server';\nimport { userOf } from '../auth/users.js';\nexport async function rename(id: string) {\n  const user = await userOf(id);\n}",
        },
        ['src/bff/actions.ts@4:22-4:32 remoteCallThroughWrapper userOf() workos.userManagement.getUser'],
        testConfig({ providers: ['workos'] }),
      ],
    ])('reports %s', (_name, files, expected, config) => {
      expect(at(files, config)).toEqual(expected);
    });

    it.each([
      [
        'a call outside any request handler (a nightly job)',
        {
          'src/auth/profile.ts': profileWrapper,
          'src/booking/digest.ts':
            "import { getProfile } from '../auth/profile.js';\nexport async function nightlyDigest(ids: string[]) {\n  for (const id of ids) await getProfile(id);\n}",
        },
      ],
      [
        'a handler calling a wrapper that reads the verified session only',
        {
          'src/auth/session.ts':
            "import { auth } from '@clerk/nextjs/server';\nexport const currentUserId = () => auth().userId;",
          'src/bff/route.ts':
            "import { currentUserId } from '../auth/session.js';\nexport async function GET() {\n  return Response.json({ id: currentUserId() });\n}",
        },
      ],
    ])('does not report %s', (_name, files) => {
      expect(at(files)).toEqual([]);
    });

    it('leaves provider calls alone when checkProviderCalls is off', () => {
      expect(
        at(
          {
            'src/auth/profile.ts': profileWrapper,
            'src/bff/route.ts':
              "import { getProfile } from '../auth/profile.js';\nexport const GET = (request: Request) => getProfile('1');",
          },
          clerk,
          { checkProviderCalls: false },
        ),
      ).toEqual([]);
    });
  });

  it('validates the options it runs no-authz-from-idp-attributes with once per configuration, not once per file', () => {
    const parse = vi.spyOn(noAuthzFromIdpAttributes.meta.options, 'parse');
    try {
      const config = testConfig({ providers: ['clerk'] });
      const files = {
        'src/auth/role.ts': roleWrapper,
        'src/bff/route.ts':
          "import { getRole } from '../auth/role.js';\nexport async function GET() {\n  if (getRole() !== 'admin') return forbidden();\n}",
        'src/bff/other.ts': 'export const other = 1;',
      };
      const expected = [
        'src/auth/role.ts@4:10-4:26 wrapperHandsOut getRole metadata',
        'src/bff/route.ts@3:7-3:16 authzThroughWrapper getRole() metadata',
      ];
      expect(at(files, config)).toEqual(expected);
      expect(at(files, config)).toEqual(expected);
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});
