import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { noProviderIdOutsideAuth as rule } from '../no-provider-id-outside-auth/index.js';
import { detect, span, testConfig } from '../testing/index.js';
import { identityFlowOf, identityIndexListeners } from './identity-flow.js';

const clerk = "import { auth, currentUser } from '@clerk/nextjs/server';\n";
const supabase = "import { createClient } from '@/lib/supabase/server';\n";
const uses = (
  code: string,
  providers = ['clerk', 'supabase', 'firebase', 'authjs', 'workos', 'kinde', 'auth0', 'cognito'],
) =>
  detect(rule, code, { config: testConfig({ providers }) })
    .filter((finding) => finding.messageId === 'providerUserId')
    .map((finding) => `${finding.text} ${finding.data['use']} <- ${finding.data['source']}@${span(finding)}`);

describe('identity sources followed inside a file', () => {
  it.each([
    [
      'a destructured id stored in an insert',
      `${clerk}export async function save() { const { userId } = await auth(); await db.insert(posts).values({ userId, title: 'x' }); }`,
      ['userId stored <- `auth().userId` from @clerk/nextjs/server@2:97-2:103'],
    ],
    [
      'an id filtered in a where clause',
      `${clerk}async function list() { const { userId } = await auth(); return db.select().from(posts).where(eq(posts.userId, userId)); }`,
      ['userId used to filter or look up data <- `auth().userId` from @clerk/nextjs/server@2:112-2:118'],
    ],
    [
      'a property read of an awaited call',
      `${clerk}async function f() { const user = await currentUser(); await prisma.post.create({ data: { authorId: user.id } }); }`,
      ['user.id stored <- `currentUser().id` from @clerk/nextjs/server@2:101-2:108'],
    ],
    [
      'an inline read passed to a domain function',
      `${clerk}async function f() { await createInvoice((await auth()).userId); }`,
      ['(await auth()).userId passed on <- `auth().userId` from @clerk/nextjs/server@2:42-2:63'],
    ],
    [
      'an alias of an alias',
      `${clerk}async function f() { const a = await auth(); const id = a.userId; const owner = id; if (owner === post.ownerId) return; }`,
      ['owner compared <- `auth().userId` from @clerk/nextjs/server@2:89-2:94'],
    ],
    [
      'a closure that captures the id',
      `${clerk}async function f() { const { userId } = await auth(); items.forEach((item) => save({ ...item, ownerId: userId })); }`,
      ['userId stored <- `auth().userId` from @clerk/nextjs/server@2:104-2:110'],
    ],
    [
      'Supabase data.user.id filtered with eq',
      `${supabase}async function f() { const supabase = await createClient(); const { data: { user } } = await supabase.auth.getUser(); await supabase.from('notes').select('*').eq('user_id', user.id); }`,
      [
        'user.id used to filter or look up data <- `supabase.auth.getUser().data.user.id` from @/lib/supabase/server@2:174-2:181',
      ],
    ],
    [
      'Stripe metadata',
      `${clerk}async function f() { const { userId } = await auth(); await stripe.checkout.sessions.create({ metadata: { userId } }); }`,
      ['userId put in event or third-party metadata <- `auth().userId` from @clerk/nextjs/server@2:107-2:113'],
    ],
    [
      'a route handler response',
      `${clerk}export async function GET() { const { userId } = await auth(); return Response.json({ userId }); }`,
      ['userId returned to the client <- `auth().userId` from @clerk/nextjs/server@2:87-2:93'],
    ],
    [
      'a helper whose return value is used in the file',
      `${clerk}async function me() { const { userId } = await auth(); return userId; }\nasync function f() { await db.insert(t).values({ owner: await me() }); }`,
      ['me() stored <- `auth().userId` from @clerk/nextjs/server@3:63-3:67'],
    ],
    [
      'a response header',
      `${clerk}export async function GET() { const { userId } = await auth(); const response = new Response('x'); response.headers.set('X-User', userId); return response; }`,
      ['userId returned to the client <- `auth().userId` from @clerk/nextjs/server@2:131-2:137'],
    ],
    [
      'a sql template',
      `${clerk}async function f() { const { userId } = await auth(); await sql\`select * from notes where owner = \${userId}\`; }`,
      ['userId used to filter or look up data <- `auth().userId` from @clerk/nextjs/server@2:101-2:107'],
    ],
    [
      'a Firebase callback parameter',
      "import { onAuthStateChanged } from 'firebase/auth';\nonAuthStateChanged(auth, (user) => { if (user) setDoc(doc(db, 'users', user.uid), {}); });",
      ['user.uid used to filter or look up data <- `onAuthStateChanged() callback.uid` from firebase/auth@2:72-2:80'],
    ],
  ])('reports %s', (_name, code, expected) => {
    expect(uses(code)).toEqual(expected);
  });

  it('reports a user object that carries the id where it is returned or passed to a function, not where a component gets it', () => {
    const code = `${supabase}export async function loader() {\n  const supabase = await createClient();\n  const { data: { user } } = await supabase.auth.getUser();\n  const favorite = await isFavorite(supabase, user);\n  return json({ user, favorite });\n}\nfunction View({ user }) { return <Avatar user={user} />; }`;
    expect(
      detect(rule, code, { config: testConfig({ providers: ['supabase'] }) })
        .filter((finding) => finding.messageId === 'providerUser')
        .map((finding) => `${finding.data['use']}@${span(finding)}`),
    ).toEqual(['passed on@5:47-5:51', 'returned to the client@6:17-6:21']);
  });

  it("passes an id to an app's own hook, but not to React's", () => {
    expect(
      uses(
        `import { useAuth } from '@clerk/nextjs';\nfunction C() { const { userId: clerkId } = useAuth(); const [id] = useState(clerkId); const user = useGetUser(clerkId!); }`,
      ),
    ).toEqual(['clerkId passed on <- `useAuth().userId` from @clerk/nextjs@2:111-2:118']);
  });

  it('reports a provider-named key on the line of a tracked use once, as the use', () => {
    const code =
      "import { withAuth } from '@workos-inc/authkit-nextjs';\nasync function f() { const { user } = await withAuth(); await prisma.user.findUnique({ where: { workOsUserId: user.id } }); }";
    expect(
      detect(rule, code, { config: testConfig({ providers: ['workos'] }) }).map(
        (finding) => `${finding.messageId}@${span(finding)}`,
      ),
    ).toEqual(['providerUserId@2:111-2:118']);
  });

  it('follows a value awaited with Promise.all to its index', () => {
    expect(
      uses(
        `${clerk}async function f() { const [{ userId }, posts] = await Promise.all([auth(), load()]); await db.insert(t).values({ userId }); }`,
      ),
    ).toEqual(['userId stored <- `auth().userId` from @clerk/nextjs/server@2:115-2:121']);
  });

  it('reports a leak once per statement, not once per copy', () => {
    expect(
      uses(
        `${clerk}async function f() { const { userId } = await auth(); await db.update(t).set({ a: userId, b: userId }).where(eq(t.owner, userId)); }`,
      ),
    ).toEqual(['userId stored <- `auth().userId` from @clerk/nextjs/server@2:83-2:89']);
  });

  it.each([
    [
      'the id handed back to the provider',
      `${clerk}async function f() { const { userId } = await auth(); const user = await clerkClient.users.getUser(userId); }`,
    ],
    [
      'a null check',
      `${clerk}async function f() { const { userId } = await auth(); if (userId === null) redirect('/sign-in'); if (!userId) return; }`,
    ],
    ['a log line', `${clerk}async function f() { const { userId } = await auth(); console.log(userId); }`],
    [
      'a platform-owned user id',
      `${clerk}async function f(db) { const account = await db.account.findFirst(); await db.post.create({ data: { userId: account.id } }); }`,
    ],
    [
      'an organization id of the same call',
      `${clerk}async function f() { const { orgId } = await auth(); await db.insert(t).values({ orgId }); }`,
    ],
    [
      'a user object field that is not the id',
      `${clerk}async function f() { const user = await currentUser(); await db.insert(t).values({ name: user.firstName }); }`,
    ],
    [
      'a React dependency list and a key',
      `import { useUser } from '@clerk/nextjs';\nfunction C() { const { user } = useUser(); useEffect(() => {}, [user.id]); return <Row key={user.id} />; }`,
    ],
    [
      'an Auth.js session user id (whether it is the provider id depends on the project: the scanner decides)',
      "import { getServerSession } from 'next-auth';\nasync function f() { const session = await getServerSession(); await save({ owner: session.user.id }); }",
    ],
    [
      'values awaited together with Promise.all or allSettled',
      "import { getKindeServerSession } from '@kinde-oss/kinde-auth-nextjs/server';\nexport async function GET() { const { getUser } = getKindeServerSession(); const [user, roles] = await Promise.allSettled([getUser(), getRoles()]); console.log(user, roles); }",
    ],
    [
      'a call named like a source from another module',
      "import { auth } from './my-auth';\nasync function f() { const { userId } = await auth(); await save({ userId }); }",
    ],
  ])('does not report %s', (_name, code) => {
    expect(uses(code)).toEqual([]);
  });

  it('follows a value handed to resolve() of a new Promise to the promise, not as a value passed on', () => {
    const firebase = "import { getAuth } from 'firebase/auth';\n";
    const wait = `${firebase}async function boot() {\n  const auth = getAuth();\n  await new Promise((resolve) => {\n    auth.onAuthStateChanged((user) => { resolve(user); });\n  });\n}`;
    const all = (code: string) =>
      detect(rule, code, { config: testConfig({ providers: ['firebase'] }) }).map(
        (finding) => `${finding.messageId}:${finding.text}@${span(finding)}`,
      );
    expect(all(wait)).toEqual([]);
    // The promise's value is followed where it is used: the id stored after the await is the leak.
    const kept = `${firebase}async function boot() {\n  const auth = getAuth();\n  const user = await new Promise((resolve) => auth.onAuthStateChanged((u) => resolve(u)));\n  await createOwner(user.uid);\n}`;
    expect(all(kept)).toEqual(['providerUserId:user.uid@5:21-5:29']);
    // A function of the app named `resolve` is a function like any other.
    const named = `${firebase}async function boot(resolve) {\n  getAuth().onAuthStateChanged((user) => resolve(user));\n}`;
    expect(all(named)).toEqual(['providerUser:user@3:50-3:54']);
  });

  it('reports nothing in the auth layer', () => {
    expect(
      detect(rule, `${clerk}async function f() { const { userId } = await auth(); await save({ userId }); }`, {
        path: 'src/auth/session.ts',
      }),
    ).toEqual([]);
  });
});

describe('references of a name, by the scope that declares it', () => {
  it('follow each function’s own binding of a name that several functions declare', () => {
    // a and c only log the provider's id; b inserts a `userId` of its own; d stores the provider's id.
    const logs = (name: string) =>
      `export async function ${name}() { const { userId } = await auth(); console.log(userId); }\n`;
    const code = `${clerk}${logs('a')}export async function b() { const userId = 'platform'; await db.insert(userId); }\n${logs('c')}export async function d() { const { userId } = await auth(); await db.insert(userId); }\n`;
    expect(uses(code).map((use) => use.replace(/ <- .*@/, ' @'))).toEqual(['userId stored @5:78-5:84']);
  });
});

describe('callees, classified once by their text', () => {
  it('answer for the providers of each configuration: a call naming a provider is the provider’s own API only where it is configured', () => {
    const code = `${clerk}export async function f() { const { userId } = await auth(); await workosClient.save(userId); }`;
    const stored = ['userId stored <- `auth().userId` from @clerk/nextjs/server@2:86-2:92'];
    expect(uses(code, ['clerk', 'workos'])).toEqual([]);
    expect(uses(code, ['clerk'])).toEqual(stored);
    expect(uses(code, ['clerk', 'workos'])).toEqual([]);
  });

  it('leave the value’s place in what is passed first say (`where`, `data`, `metadata`)', () => {
    const code = `${clerk}export async function f() { const { userId } = await auth(); await db.post.create({ where: { userId } }); await db.post.findMany({ data: { userId } }); }`;
    expect(uses(code).map((use) => use.split(' <- ')[0])).toEqual([
      'userId used to filter or look up data',
      'userId stored',
    ]);
  });
});

describe('files the identity flow has nothing to follow in', () => {
  it('builds no index and walks nothing for a file without an identity source, a project import or a context', () => {
    const config = testConfig({ providers: ['clerk', 'supabase', 'cognito'] });
    const code = "import { z } from 'zod';\nexport const Order = z.object({ id: z.string(), total: z.number() });\n";
    const sourceFile = ts.createSourceFile('/src/booking/order.ts', code, ts.ScriptTarget.Latest, true);
    let walked = 0;
    // The compiler as the rules see it, counting every walk of a node's children.
    const counting = {
      ...ts,
      forEachChild: (...args: Parameters<typeof ts.forEachChild>) => {
        walked++;
        return ts.forEachChild(...args);
      },
    } as typeof ts;
    expect(identityIndexListeners(counting, sourceFile, config.providers)).toBeNull();
    const flow = identityFlowOf(counting, sourceFile, config.providers, { recordUses: true, openOrigins: true });
    expect(flow).toEqual({ uses: [], exports: [], context: [] });
    expect(walked).toBe(0);
  });
});
