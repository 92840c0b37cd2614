import { describe, expect, it } from 'vitest';
import { detect, span, testConfig, testLayers } from '../testing/index.js';
import { noBusinessPolicyInBff as rule } from './index.js';

/** A Next.js app: route handlers and server actions in the BFF, every table behind one ORM client in `lib/`. */
const config = testConfig({
  layers: { ...testLayers, bff: ['app/api/**', 'app/actions/**'], domains: { lib: 'lib/**' } },
});
const ROUTE = 'app/api/courses/route.ts';

const findingsOf = (code: string) =>
  detect(rule, code, { path: ROUTE, config }).map((finding) => ({
    messageId: finding.messageId,
    at: span(finding),
    text: finding.text,
    data: finding.data,
  }));

describe('no-business-policy-in-bff on small Next.js apps (issue 17)', () => {
  describe('finds decisions over ORM models and tables', () => {
    it.each([
      [
        "readiness over an aggregate's fields and children (Prisma)",
        `import { db } from '@/lib/db';
export async function POST(req: Request, { params }: { params: { id: string } }) {
  const doc = await db.course.findUnique({ where: { id: params.id }, include: { sections: true } });
  if (!doc) return new Response(null, { status: 404 });
  if (!doc.title || !doc.summary || !doc.coverUrl || !doc.sections.some((s) => s.isPublished)) return bad(400);
  return publish(doc);
}`,
        {
          messageId: 'readinessCheck',
          at: '5:7-5:94',
          data: { aggregate: 'doc', checks: '`title`, `summary`, `coverUrl` and `sections`', sources: '`db.course`' },
        },
      ],
      [
        'entitlement gating on a trial and a plan (Prisma)',
        `import { db } from '@/lib/db';
import { NextResponse } from 'next/server';
export async function POST(req: Request) {
  const user = await db.user.findUnique({ where: { id: await currentUserId() } });
  const trialLeft = user.trialEndsAt > new Date();
  const isPremium = Boolean(user.stripePriceId);
  if (!trialLeft && !isPremium) return new NextResponse('Upgrade required', { status: 403 });
  return NextResponse.json(await generate());
}`,
        { messageId: 'entitlementCheck', at: '7:7-7:31', data: { state: 'trialLeft', sources: '`db.user`' } },
      ],
      [
        'ownership compared across two tables (Supabase)',
        `import { createClient } from '@/lib/supabase/server';
export async function DELETE(req: Request, { params }: { params: { id: string } }) {
  const supabase = createClient();
  const { data: upload } = await supabase.from('files').select('*').eq('id', params.id).single();
  const { data: profile } = await supabase.from('profiles').select('*').eq('user_id', (await supabase.auth.getUser()).data.user!.id).single();
  if (upload.owner_id !== profile.owner_id) return forbidden();
  await supabase.from('files').delete().eq('id', params.id);
}`,
        {
          messageId: 'ownershipCheck',
          at: '6:7-6:43',
          data: {
            left: 'upload.owner_id',
            right: 'profile.owner_id',
            sources: '`supabase.from("files")` and `supabase.from("profiles")`',
          },
        },
      ],
      [
        'an existing record that refuses the request (Prisma)',
        `import { db } from '@/lib/db';
export async function POST(req: Request) {
  const { courseId, userId } = await req.json();
  const existingOrder = await db.order.findUnique({ where: { courseId_userId: { courseId, userId } } });
  if (existingOrder) return conflict();
  return Response.json(await db.order.create({ data: { courseId, userId } }));
}`,
        { messageId: 'existenceCheck', at: '5:7-5:20', data: { name: 'existingOrder', sources: '`db.order`' } },
      ],
      [
        'two tables combined (Drizzle select and relational query)',
        `import { db } from '@/server/db';
import { courses, purchases } from '@/server/db/schema';
export async function GET() {
  const [course] = await db.select().from(courses).where(eq(courses.id, id));
  const purchase = await db.query.purchases.findFirst({ where: eq(purchases.courseId, id) });
  return Response.json({ video: course.isFree || purchase.isPaid ? course.videoUrl : null });
}`,
        { messageId: 'composedDecision', at: '6:33-6:65', data: { sources: '`courses` and `db.query.purchases`' } },
      ],
      [
        'two tables combined (Kysely)',
        `import { db } from '../../../lib/db';
export async function GET() {
  const seat = await db.selectFrom('seats').selectAll().executeTakeFirst();
  const member = await db.selectFrom('members').selectAll().executeTakeFirst();
  if (seat.reserved && member.active) return Response.json({ ok: false }, { status: 409 });
}`,
        {
          messageId: 'composedDecision',
          at: '5:7-5:37',
          data: { sources: '`db.selectFrom("seats")` and `db.selectFrom("members")`' },
        },
      ],
      [
        'two entities combined (TypeORM)',
        `import { dataSource } from '@/lib/data-source';
import { Ticket, Account } from '@/lib/entities';
export async function POST() {
  const ticket = await dataSource.getRepository(Ticket).findOneBy({ id });
  const account = await dataSource.getRepository(Account).findOneBy({ id: accountId });
  if (ticket.refundable && account.verified) await refund(ticket);
}`,
        {
          messageId: 'composedDecision',
          at: '6:7-6:44',
          data: { sources: '`dataSource.getRepository(Ticket)` and `dataSource.getRepository(Account)`' },
        },
      ],
      [
        'a limit over one record (server action)',
        `'use server';
import prisma from '@/lib/prisma';
export async function progress(journeyId: string) {
  const journey = await prisma.journey.findFirst({ where: { id: journeyId }, include: { program: true } });
  if (journey.currRep >= journey.program.reps) throw new Error('Journey already complete');
}`,
        {
          messageId: 'limitCheck',
          at: '5:7-5:46',
          data: { left: 'journey.currRep', right: 'journey.program.reps', sources: '`prisma.journey`' },
        },
      ],
      [
        'a quota against a configured constant',
        `import { countIdeasSince } from '@/lib/ideas';
import { MAX_IDEAS_PER_HOUR } from '@/lib/limits';
export async function POST() {
  const recent = await countIdeasSince(userId, hourAgo);
  if (recent >= MAX_IDEAS_PER_HOUR) return Response.json({ error: 'limit' }, { status: 429 });
}`,
        {
          messageId: 'limitCheck',
          at: '5:7-5:35',
          data: { left: 'recent', right: 'MAX_IDEAS_PER_HOUR', sources: '`countIdeasSince`' },
        },
      ],
      [
        'a role literal on a Mongoose model',
        `import User from '@/lib/models/User';
export async function GET() {
  const user = await User.findOne({ email });
  if (user.role !== 'admin') return Response.json({ error: 'Forbidden' }, { status: 403 });
}`,
        { messageId: 'policyLiteral', at: '4:7-4:28', data: { state: 'user.role', sources: '`User`' } },
      ],
    ])('%s', (_name, code, expected) => {
      const [finding, ...rest] = findingsOf(code);
      expect(rest).toEqual([]);
      expect(finding).toMatchObject(expected);
    });

    it('names the owner of the models when no module says so', () => {
      const [finding] = detect(
        rule,
        `import { db } from '@/lib/db';
      expect(span(finding)).toBe('5:7-5:27');
export async function GET() {
  const a = await db.course.findFirst();
  const b = await db.purchase.findFirst();
  if (a.isFree || b.isPaid) return open();
}`,
        { path: ROUTE, config: testConfig({ layers: { ...testLayers, bff: ['app/api/**'] } }) },
      );
      expect(span(finding)).toBe('6:7-6:27');
      expect(finding?.message).toContain('one domain service over `course` and `purchase`');
    });

    it('counts reads of one model as one source, whichever call reads them', () => {
      const code = `import { db } from '@/lib/db';
export async function GET() {
  const mine = await db.course.findFirst({ where: { ownerId } });
  const other = await db.course.findUnique({ where: { id } });
  if (mine.isActive && other.isActive) return Response.json({ both: true });
}`;
      expect(findingsOf(code)).toEqual([]);
    });
  });

  describe('one decision, one finding', () => {
    it('reports a computed condition where it is computed, not again where it is used', () => {
      const code = `import { db } from '@/lib/db';
export async function DELETE() {
  const member = await db.member.findFirst({ where: { userId } });
  const org = await db.org.findFirst({ where: { id: member.orgId } });
  const isOwner = member.role === 'owner';
  if (!isOwner && !org.isOpen) return Response.json({ readOnly: true });
}`;
      expect(findingsOf(code).map((finding) => [finding.messageId, finding.at])).toEqual([
        ['policyLiteral', '5:19-5:42'],
      ]);
    });

    it('reports a filter predicate once, not again on the length of what it kept', () => {
      const code = `import { db } from '@/lib/db';
export async function DELETE() {
  const members = await db.member.findMany({ where: { orgId } });
  const org = await db.org.findFirst({ where: { id: orgId } });
  const owners = members.filter((m) => m.role === 'owner');
  if (owners.length > 1 && org.isActive) return Response.json({ leave: 'allowed' });
}`;
      expect(findingsOf(code).map((finding) => [finding.messageId, finding.at])).toEqual([
        ['policyLiteral', '5:40-5:58'],
      ]);
    });

    it('reports an ownership check at its use when it was only named before', () => {
      const code = `import { db } from '@/lib/db';
export async function PATCH() {
  const post = await db.post.findUnique({ where: { id } });
  const isAuthor = post.authorId === session.user.id;
  if (!isAuthor) return new Response('Forbidden', { status: 403 });
}`;
      expect(findingsOf(code).map((finding) => [finding.messageId, finding.at])).toEqual([
        ['ownershipCheck', '5:7-5:16'],
      ]);
    });
  });

  describe('does not report plumbing (near misses)', () => {
    it.each([
      [
        'emptiness before a write',
        `const rows = await db.item.findMany(); const cart = await db.cart.findFirst();
if (rows.length > 0 && cart.items.length === 0) await db.cartItem.createMany({ data: rows });`,
      ],
      [
        'change detection between an old and a new value',
        `const existing = await db.course.findUnique({ where: { id } }); const next = await db.draft.findFirst();
if (existing.title !== next.title) await db.course.update({ where: { id }, data: { title: next.title } });`,
      ],
      [
        'Result and Either checks',
        `const result = await db.course.findFirst(); const other = await db.plan.findFirst();
if (result.isErr() || other.err || !result.ok) return Response.json({ error: 'failed' }, { status: 500 });`,
      ],
      [
        'an error code or reason',
        `const result = await billing.subscribe(id); const course = await db.course.findFirst();
if (result.reason === 'subscription_conflict' && course.isFree) return Response.json({ retry: true });`,
      ],
      [
        'a database error code',
        `try { await db.user.create({ data }); } catch (e) { if (e.code === 'P2002') return Response.json({ error: 'taken' }, { status: 409 }); }`,
      ],
      [
        'a presence check on a property of one object',
        `const course = await db.course.findFirst(); const user = await db.user.findFirst();
if (!course.description || user.passwordHash) return Response.json({ error: 'missing' }, { status: 400 });`,
      ],
      [
        'a failed query (Supabase `error`)',
        `const { data, error } = await supabase.from('files').select('*');
if (error) return Response.json({ error: error.message }, { status: 400 });`,
      ],
      [
        'a record that is not there (not found)',
        `const order = await db.order.findUnique({ where: { id } });
if (!order) return Response.json({ error: 'Not found' }, { status: 404 });`,
      ],
      [
        'an existing record that is returned, not refused (idempotency)',
        `const existing = await db.order.findFirst({ where: { key } });
if (existing) return Response.json(existing);`,
      ],
      [
        "input validated before a write (a parameter's fields)",
        `export async function create(data: CourseFormData) {
  if (!data.title || !data.summary || !data.coverUrl) return { error: 'Missing fields' };
  await db.course.create({ data });
}`,
      ],
      [
        'the user checking their own account (no domain record)',
        `export async function GET(req: Request, { params }: { params: { userId: string } }) {
  const session = await getServerSession(authOptions);
  if (params.userId !== session?.user.id) return new Response(null, { status: 403 });
}`,
      ],
      [
        'a label chosen for display',
        `const sub = await db.subscription.findFirst(); const user = await db.user.findFirst();
return Response.json({ badge: sub.plan === 'pro' ? 'Pro' : 'Free', name: user.nickname || user.email });`,
      ],
      [
        'a schema helper and a length constant',
        `const body = courseSchema.parse(await req.json()); const course = await db.course.findFirst();
if (body.title.length < TITLE_MIN_LENGTH) return Response.json({ error: 'short' }, { status: 400 });`,
      ],
      [
        'class methods named like tables',
        `const bytes = Buffer.from('abc'); const list = Array.from(ids); cache.delete(key);
if (bytes.length > 0 && list.length > 0) return Response.json({});`,
      ],
      [
        'not notifying yourself (an owner compared where nothing is refused)',
        `const story = await db.story.findUnique({ where: { id } }); const me = await db.user.findFirst();
if (story.creatorId && story.creatorId !== me.id) await db.notification.create({ data: { userId: story.creatorId } });`,
      ],
      [
        'a guard against dividing by zero',
        `const eng = await db.metric.findFirst(); const story = await db.story.findFirst();
const views = eng.views || story.viewCount; return Response.json({ rate: views > 0 ? eng.completions / views : 0 });`,
      ],
      [
        'a stored flag passed through with a default',
        `const story = await db.story.findFirst();
return Response.json({ tipEnabled: story.tip_enabled || false });`,
      ],
      [
        'the outcome of validating an upload',
        `const check = sanitizeFileUpload(await req.formData(), ['image/png']);
if (!check.isValid) return Response.json({ error: 'bad file' }, { status: 400 });`,
      ],
      [
        'a cached flag encoded as a string',
        `const flag = await db.likeFlag.findFirst();
if (flag.value === '1') return Response.json({ liked: true });`,
      ],
      [
        "a domain's yes/no answer mapped to a response",
        `const alreadyOwned = await entitlements.hasEntitlement(userId, sku);
if (alreadyOwned) return Response.json({ error: 'already owned' }, { status: 409 });`,
      ],
    ])('%s', (_name, body) => {
      const code = `import { db } from '@/lib/db';
import { supabase } from '@/lib/supabase';
import { billing, entitlements } from '@/lib/services';
import { courseSchema } from '@/lib/validations/course';
import { TITLE_MIN_LENGTH } from '@/lib/constants';
import type { CourseFormData } from '@/lib/types';
import { sanitizeFileUpload } from '@/lib/files';
${body.startsWith('export') ? body : `export async function POST(req: Request) {\n${body}\n}`}`;
      expect(findingsOf(code)).toEqual([]);
    });
  });

  describe('ownership asked of the query, and records skipped in a loop (issue 17, second pass)', () => {
    const positionsOf = (code: string) =>
      detect(rule, code, { path: ROUTE, config }).map((finding) => ({
        messageId: finding.messageId,
        at: span(finding),
        data: finding.data,
      }));
    const head = `import { db } from '@/lib/db';
import Collectible from '@/lib/models/Collectible';
`;

    it.each([
      [
        'a record looked up by its id and its owner, refused when not found (Prisma `findFirst`)',
        `export async function DELETE(req: Request, { params }: { params: { id: string } }) {
  const pet = await db.pet.findFirst({ where: { id: params.id, userId: session.user.id } });
  if (!pet) return Response.json({ error: 'Not found or not yours' }, { status: 404 });
}`,
        {
          messageId: 'ownershipCheck',
          at: '5:7-5:11',
          data: { left: 'pet.userId', right: 'session.user.id', sources: '`db.pet`' },
        },
      ],
      [
        'the same inside a transaction, with a shorthand owner key and a thrown refusal',
        `export async function archive(id: string, teacherId: string) {
  await db.$transaction(async (tx) => {
    const cls = await tx.class.findFirst({ where: { id, teacherId } });
    if (!cls) throw new Error('No right permission');
  });
}`,
        { messageId: 'ownershipCheck', at: '6:9-6:13', data: { left: 'class.teacherId', right: 'teacherId' } },
      ],
      [
        "a count by id and author compared with zero (taxonomy's access helper)",
        `async function verifyAccess(postId: string) {
  const count = await db.post.count({ where: { id: postId, authorId: session.user.id } });
  return count > 0;
}`,
        { messageId: 'ownershipCheck', at: '5:10-5:19', data: { left: 'post.authorId', right: 'session.user.id' } },
      ],
      [
        'an inactive record skipped in a loop over a model',
        `export async function POST() {
  const docs = await Collectible.find({ kind: 'badge' });
  for (const collectible of docs) {
    if (!collectible.active) { skipped.push(collectible.name); continue; }
    await grant(collectible);
  }
}`,
        { messageId: 'stateCheck', at: '6:9-6:28', data: { state: 'collectible.active', sources: '`Collectible`' } },
      ],
      [
        'a sold-out record skipped in a loop over a model',
        `export async function POST() {
  const docs = await Collectible.find({ kind: 'badge' });
  for (const collectible of docs) {
    if (collectible.limited && collectible.remaining <= 0) continue;
    await grant(collectible);
  }
}`,
        { messageId: 'limitCheck', at: '6:9-6:58', data: { left: 'collectible.remaining', right: '0' } },
      ],
      [
        'a record assigned later to a `let`, refused on a step already taken',
        `export async function PATCH() {
  let session;
  try { session = await db.session.findFirst({ where: { id } }); } catch { return fail(); }
  if (session.actualStartTime) return Response.json({ error: 'Start time is already set' }, { status: 400 });
}`,
        {
          messageId: 'stateCheck',
          at: '6:7-6:30',
          data: { state: 'session.actualStartTime', sources: '`db.session`' },
        },
      ],
      [
        "a record's fact written as a comparison with `true`, refused through a named condition",
        `export async function POST() {
  const item = await db.huntItem.findUnique({ where: { id } });
  const isItemActive = item.active == true;
  if (!isItemActive) return Response.json({ error: 'Item is not active' }, { status: 403 });
}`,
        { messageId: 'stateCheck', at: '6:7-6:20', data: { state: 'item.active', sources: '`db.huntItem`' } },
      ],
    ])('%s', (_name, body, expected) => {
      const [finding, ...rest] = positionsOf(head + body);
      expect(rest).toEqual([]);
      expect(finding).toMatchObject(expected);
    });

    it.each([
      [
        'a lookup by id alone',
        `const post = await db.post.findFirst({ where: { id } });
if (!post) return Response.json({ error: 'Not found' }, { status: 404 });`,
      ],
      [
        "a lookup of the caller's own record by their id alone",
        `const profile = await db.profile.findUnique({ where: { userId: session.user.id } });
if (!profile) return Response.json({ error: 'No profile' }, { status: 404 });`,
      ],
      [
        'a join row found by two foreign keys (membership, not ownership)',
        `const row = await db.studentsInClasses.findFirst({ where: { studentId, classId } });
if (!row) throw new Error('No request to join this class');`,
      ],
      [
        'an owner key compared with a literal',
        `const pet = await db.pet.findFirst({ where: { id, userId: 'system' } });
if (!pet) return Response.json({ error: 'Not found' }, { status: 404 });`,
      ],
      [
        'an owned record that is created when missing, not refused',
        `let pet = await db.pet.findFirst({ where: { id, userId } });
if (!pet) { pet = await db.pet.create({ data: { id, userId } }); }`,
      ],
      [
        "a count by author alone (the caller's own posts)",
        `const count = await db.post.count({ where: { authorId: session.user.id } });
return Response.json({ hasPosts: count > 0 });`,
      ],
      [
        'a record without a field skipped in a loop (presence)',
        `const docs = await Collectible.find({});
for (const doc of docs) { if (!doc.imageUrl) continue; urls.push(doc.imageUrl); }`,
      ],
      [
        'an inactive element of request input skipped in a loop',
        `const { items } = await req.json();
for (const item of items) { if (!item.active) continue; names.push(item.name); }`,
      ],
      [
        'request input assigned later to a `let`',
        `let input;
input = await req.json();
if (input.startedAt) return Response.json({ error: 'already set' }, { status: 400 });`,
      ],
      [
        'a validation result compared with `false`',
        `const parsed = schema.safeParse(await req.json());
if (parsed.success === false) return Response.json({ error: 'invalid' }, { status: 400 });`,
      ],
      [
        'request input compared with `true`',
        `const body = await req.json();
if (body.acceptTerms !== true) return Response.json({ error: 'Accept the terms' }, { status: 400 });`,
      ],
    ])('%s is not reported', (_name, body) => {
      expect(positionsOf(`${head}export async function POST(req: Request) {\n${body}\n}`)).toEqual([]);
    });
  });

  describe('import resolution', () => {
    it('reads `@/` and `~/` as the project root or its `src/`, and a package as a package', () => {
      const code = (specifier: string) => `import { billing } from '${specifier}';
import { access } from '@/lib/access';
export async function GET() {
  return Response.json({ lounge: billing.account.paid && access.grants.lounge });
}`;
      expect(findingsOf(code('~/lib/billing')).map((finding) => [finding.messageId, finding.at])).toEqual([
        ['composedDecision', '4:34-4:78'],
      ]);
      const srcConfig = testConfig({
        layers: { ...testLayers, bff: ['src/app/api/**'], domains: { lib: 'src/lib/**' } },
      });
      expect(
        detect(rule, code('@/lib/billing'), { path: 'src/app/api/x/route.ts', config: srcConfig }).map(
          (finding) => `${finding.data['owner']}@${span(finding)}`,
        ),
      ).toEqual(['the `lib` domain@4:34-4:78']);
      expect(findingsOf(code('billing-sdk'))).toEqual([]);
    });
  });
});
