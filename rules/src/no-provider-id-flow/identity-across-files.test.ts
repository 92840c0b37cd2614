import { describe, expect, it } from 'vitest';
import { analyzeProject, span, testConfig } from '../testing/index.js';
import { noProviderIdFlow as rule } from './index.js';

const config = testConfig({ providers: ['clerk', 'supabase', 'authjs', 'firebase'] });
const identity = (files: Record<string, string>) =>
  analyzeProject(rule, files, { config })
    .filter((finding) => finding.messageId === 'providerUserId')
    .map(
      (finding) =>
        `${finding.file}@${span(finding)} ${finding.data['use']} <- ${finding.data['source']} via ${finding.data['via']}`,
    );

const clerkHelper =
  "import { auth } from '@clerk/nextjs/server';\nexport async function requireUserId() { const { userId } = await auth(); if (!userId) throw new Error('401'); return userId; }\nexport async function requireUser() { return auth(); }";

describe('provider user ids across files', () => {
  it('follows an auth-layer helper that returns the id to the caller that stores it', () => {
    expect(
      identity({
        'src/auth/session.ts': clerkHelper,
        'src/booking/book.ts':
          "import { requireUserId } from '../auth/session';\nexport async function book() {\n  const owner = await requireUserId();\n  await db.insert(bookings).values({ owner });\n}",
      }),
    ).toEqual([
      'src/booking/book.ts@4:38-4:43 stored <- `auth().userId` from @clerk/nextjs/server via `requireUserId` (src/auth/session.ts)',
    ]);
  });

  it('follows a helper that returns the provider object, read by the caller', () => {
    expect(
      identity({
        'src/auth/session.ts': clerkHelper,
        'src/booking/book.ts':
          "import { requireUser } from '../auth/session';\nexport async function book() {\n  const { userId } = await requireUser();\n  return prisma.booking.findMany({ where: { userId } });\n}",
      }),
    ).toEqual([
      'src/booking/book.ts@4:45-4:51 used to filter or look up data <- `auth().userId` from @clerk/nextjs/server via `requireUser` (src/auth/session.ts)',
    ]);
  });

  it('follows the tRPC context from createContext through a middleware to a procedure', () => {
    const files = {
      'src/auth/context.ts':
        "import { auth } from '@clerk/nextjs/server';\nexport const createTRPCContext = async () => ({ auth: await auth(), db });",
      'src/auth/trpc.ts':
        'export const protectedProcedure = t.procedure.use(({ ctx, next }) => next({ ctx: { userId: ctx.auth.userId } }));',
      'src/booking/router.ts':
        "import { protectedProcedure } from '../auth/trpc';\nexport const router = {\n  list: protectedProcedure.query(({ ctx }) => ctx.db.query.notes.findMany({ where: eq(notes.ownerId, ctx.userId) })),\n  mine: protectedProcedure.query(({ ctx }) => ctx.db.note.findMany({ where: { ownerId: ctx.auth.userId } })),\n};",
    };
    expect(identity(files)).toEqual([
      'src/booking/router.ts@3:102-3:112 used to filter or look up data <- `auth().userId` from @clerk/nextjs/server via the request context (`ctx`)',
      'src/booking/router.ts@4:88-4:103 used to filter or look up data <- `auth().userId` from @clerk/nextjs/server via the request context (`ctx`)',
    ]);
  });

  it('follows what auth-layer middleware puts on the request to the handlers that read it', () => {
    const files = {
      'src/auth/middleware.ts':
        "import { CognitoJwtVerifier } from 'aws-jwt-verify';\nconst verifier = CognitoJwtVerifier.create(options);\nexport async function requireUser(req, res, next) { req.user = await verifier.verify(req.headers.authorization); next(); }",
      'src/booking/routes.ts':
        "export function register(app) {\n  app.post('/bookings', async (req, res) => {\n    await bookings.insert({ owner: req.user.sub, line: req.body.line });\n    res.json({ ok: true, email: req.user.email });\n  });\n}",
    };
    expect(
      analyzeProject(rule, files, { config: testConfig({ providers: ['cognito'] }) })
        .filter((finding) => finding.messageId === 'providerUserId')
        .map((finding) => `${span(finding)} ${finding.data['use']} via ${finding.data['via']}`),
    ).toEqual(['3:36-3:48 stored via the request (`req.user`, set by middleware in src/auth/middleware.ts)']);
  });

  it('follows Auth.js `auth` made by NextAuth in the auth layer', () => {
    const files = {
      'src/auth/index.ts': "import NextAuth from 'next-auth';\nexport const { auth, handlers } = NextAuth(config);",
      'src/booking/page.tsx':
        "import { auth } from '../auth';\nexport default async function Page() {\n  const session = await auth();\n  const posts = await getPosts(session.user.id);\n}",
    };
    expect(identity(files)).toEqual([
      'src/booking/page.tsx@4:32-4:47 passed on <- `NextAuth().auth().user.id` from next-auth via `auth` (src/auth/index.ts)',
    ]);
  });

  it('reports Auth.js session user ids only in a project without a database adapter (with one they are the platform ids)', () => {
    const files = {
      'src/auth/index.ts': "import NextAuth from 'next-auth';\nexport const { auth } = NextAuth(config);",
      'src/booking/route.ts':
        "import { getServerSession } from 'next-auth/next';\nexport async function POST() {\n  const session = await getServerSession(options);\n  await db.post.create({ data: { authorId: session.user.id } });\n}",
    };
    expect(identity(files)).toEqual([
      'src/booking/route.ts@4:44-4:59 stored <- `getServerSession().user.id` from next-auth/next via a call in this file',
    ]);
    expect(
      identity({
        ...files,
        'src/auth/index.ts':
          "import NextAuth from 'next-auth';\nimport { PrismaAdapter } from '@auth/prisma-adapter';\nexport const { auth } = NextAuth({ adapter: PrismaAdapter(db) });",
      }),
    ).toEqual([]);
  });

  it('follows a Firebase auth instance exported by the auth layer', () => {
    const files = {
      'src/auth/firebase.ts': "import { getAuth } from 'firebase/auth';\nexport const auth = getAuth(app);",
      'src/booking/save.ts':
        "import { auth } from '../auth/firebase';\nexport async function save(note) {\n  await addDoc(collection(db, 'notes'), { ...note, uid: auth.currentUser.uid });\n}",
    };
    expect(identity(files)).toEqual([
      'src/booking/save.ts@3:57-3:77 stored <- `getAuth().currentUser.uid` from firebase/auth via `auth` (src/auth/firebase.ts)',
    ]);
  });

  it('follows a firebase-admin auth instance through a route-local helper to the domain call', () => {
    const files = {
      'src/auth/firestore.ts': "import * as admin from 'firebase-admin';\nexport const adminAuth = admin.auth();",
      'src/bff/chapters.ts':
        "import { adminAuth } from '../auth/firestore';\nasync function userIdOf(token) { const decoded = await adminAuth.verifyIdToken(token); return decoded.uid; }\nexport async function POST(request) {\n  const userId = await userIdOf(request.headers.get('authorization'));\n  return createChapter(await request.json(), userId);\n}",
    };
    expect(identity(files)).toEqual([
      'src/bff/chapters.ts@5:46-5:52 passed on <- `admin.auth().verifyIdToken().uid` from firebase-admin via `adminAuth` (src/auth/firestore.ts)',
    ]);
  });

  it('reports a provider user object handed out by an auth helper and passed to a function', () => {
    const files = {
      'src/auth/session.ts':
        "import { createClient } from '../lib/supabase';\nexport async function requireAuth() { const { data } = await createClient().auth.getUser(); return data.user; }",
      'src/booking/load.ts':
        "import { requireAuth } from '../auth/session';\nexport async function load(id) {\n  const user = await requireAuth();\n  return isFavorite(user, id);\n}",
    };
    expect(analyzeProject(rule, files, { config }).map((finding) => `${finding.messageId}@${span(finding)}`)).toEqual([
      'providerUser@4:21-4:25',
    ]);
  });

  it.each([
    [
      'a helper that maps to the platform id',
      "import { auth } from '@clerk/nextjs/server';\nexport async function requireUserId() { const { userId } = await auth(); return lookUpPlatformId(userId); }",
    ],
    [
      'a helper that returns the organization id',
      "import { auth } from '@clerk/nextjs/server';\nexport async function requireUserId() { const { orgId } = await auth(); return orgId; }",
    ],
  ])('does not report %s', (_name, helper) => {
    expect(
      identity({
        'src/auth/session.ts': helper,
        'src/booking/book.ts':
          "import { requireUserId } from '../auth/session';\nexport async function book() {\n  const owner = await requireUserId();\n  await db.insert(bookings).values({ owner });\n}",
      }),
    ).toEqual([]);
  });

  it('does not report a Stripe customer id or a platform user id read from the context', () => {
    const files = {
      'src/auth/context.ts':
        "import { auth } from '@clerk/nextjs/server';\nexport async function createContext() { const { userId } = await auth(); const account = await db.account.find(userId); return { account, stripeCustomerId: account.stripeCustomerId }; }",
      'src/booking/router.ts':
        'export const router = { a: p.query(({ ctx }) => db.insert(x).values({ owner: ctx.account.id, customer: ctx.stripeCustomerId })) };',
    };
    expect(identity(files)).toEqual([]);
  });
});
