import { describe, expect, it } from 'vitest';
import { detect, span, testConfig, testLayers, type DetectOptions } from '../testing/index.js';
import { noBusinessPolicyInBff as rule } from './index.js';

/** A platform with the domains the handlers below talk to. */
const config = testConfig({
  layers: {
    ...testLayers,
    domains: {
      booking: 'src/booking/**',
      payment: 'src/payment/**',
      billing: 'src/billing/**',
      access: 'src/access/**',
      platform: 'src/platform/**',
      lines: 'src/lines/**',
      promotions: 'src/promotions/**',
    },
  },
});

const BFF = 'src/bff/handler.ts';

/** Each finding as its message id with the range it underlines (`composedDecision@6:9-6:69`), and its sources. */
const findingsOf = (code: string, options: DetectOptions = {}) =>
  detect(rule, code, { path: BFF, config, ...options }).map((finding) => ({
    messageId: `${finding.messageId}@${span(finding)}`,
    sources: finding.data['sources'],
  }));

describe('no-business-policy-in-bff', () => {
  describe('reports decisions a BFF handler makes', () => {
    it.each([
      [
        'Express: readiness, billing and access combined into `canAccess` (values of Promise.all)',
        `import { platformClient } from '../platform/platform.client.js';
import { billingClient } from '../billing/billing.client.js';
import { accessClient } from '../access/access.client.js';
router.get('/home', async (req, res) => {
  const [platform, billing, access] = await Promise.all([platformClient.status(), billingClient.accountOf(req.userId), accessClient.grantsOf(req.userId)]);
  const canAccess = platform.ready && billing.active && access.granted;
  res.json({ canAccess });
});`,
        'composedDecision@6:21-6:71',
        '`platformClient.status`, `billingClient.accountOf` and `accessClient.grantsOf`',
      ],
      [
        'Express: an `if` that gates a response field on two services',
        `import { trips } from '../booking/trips.js';
import { wallets } from '../payment/wallets.js';
app.get('/trip/:id', async (req, res) => {
  const trip = await trips.get(req.params.id);
  const wallet = await wallets.of(req.userId);
  const body: Record<string, unknown> = { trip };
  if (trip.refundable && wallet.hasCard) body.refundButton = true;
  res.json(body);
});`,
        'composedDecision@7:7-7:40',
        '`trips.get` and `wallets.of`',
      ],
      [
        'Express: a filter predicate that keeps bookings by status',
        `import { bookingClient } from '../booking/booking.client.js';
router.get('/trips', async (req, res) => {
  const trips = await bookingClient.tripsOf(req.userId);
  res.json(trips.filter((trip) => trip.status === 'confirmed').map(toTripCard));
});`,
        'policyLiteral@4:35-4:62',
        '`bookingClient.tripsOf`',
      ],
      [
        'Express: a `||` chain of negated facts from two services',
        `import { wallets } from '../payment/wallets.js';
import { profiles } from '../access/profiles.js';
router.get('/checkout', async (req, res) => {
  const wallet = await wallets.of(req.userId);
  const profile = await profiles.of(req.userId);
  const blocked = !wallet.verified || !profile.complete;
  res.json({ blocked });
});`,
        'composedDecision@6:19-6:56',
        '`wallets.of` and `profiles.of`',
      ],
      [
        'Fastify: an early return on a plan literal, through a decorated client',
        `fastify.get('/exports', async (request, reply) => {
  const subscription = await fastify.billing.subscriptionOf(request.user.id);
  if (subscription.plan !== 'enterprise') return reply.code(403).send();
  return fastify.exports.list(request.user.id);
});`,
        'policyLiteral@3:7-3:41',
        '`fastify.billing.subscriptionOf`',
      ],
      [
        'Fastify: a role literal tested with `includes` in a response field',
        `export default async function routes(app: FastifyInstance) {
  app.get('/dashboard', async (request) => {
    const member = await app.members.get(request.params.orgId);
    return { showAdminPanel: member.roles.includes('admin') };
  });
}`,
        'policyLiteral@4:30-4:60',
        '`app.members.get`',
      ],
      [
        'Fastify: a membership of a status in a list of literals',
        `app.get('/perks', async (request) => {
  const subscription = await app.billing.current(request.user.id);
  return { perks: ['active', 'trialing'].includes(subscription.status) ? await app.perks.all() : [] };
});`,
        'policyLiteral@3:19-3:71',
        '`app.billing.current`',
      ],
      [
        'Next.js route handler: a ternary that picks the response from two answers',
        `import { NextResponse } from 'next/server';
import { getSubscription } from '@/lib/billing';
import { getOnboarding } from '@/lib/onboarding';
export async function GET() {
  const subscription = await getSubscription();
  const onboarding = await getOnboarding();
  return NextResponse.json(subscription.active && onboarding.done ? { dashboard: 'full' } : { dashboard: 'setup' });
}`,
        'composedDecision@7:28-7:66',
        '`getSubscription` and `getOnboarding`',
      ],
      [
        'Next.js route handler: `checkoutEnabled` from a status literal',
        `import { billing } from '@/lib/billing';
export async function GET() {
  const account = await billing.account();
  const checkoutEnabled = account.status !== 'past_due';
  return Response.json({ checkoutEnabled });
}`,
        'policyLiteral@4:27-4:56',
        '`billing.account`',
      ],
      [
        'Next.js route handler: two fetches to different backends combined',
        `export async function GET() {
  const billing = await (await fetch(\`\${BILLING_URL}/status\`)).json();
  const access = await (await fetch(\`\${ACCESS_URL}/grants\`)).json();
  return Response.json({ lounge: billing.paid && access.lounge });
}`,
        'composedDecision@4:34-4:63',
        '`fetch(`${BILLING_URL}/status`)` and `fetch(`${ACCESS_URL}/grants`)`',
      ],
      [
        "tRPC: an order between two services' amounts",
        `export const homeRouter = router({
  home: protectedProcedure.query(async ({ ctx }) => {
    const wallet = await ctx.services.wallet.balanceOf(ctx.userId);
    const booking = await ctx.services.booking.activeFor(ctx.userId);
    return { showTopUp: wallet.balance < booking.fare };
  }),
});`,
        'composedDecision@5:25-5:54',
        '`ctx.services.wallet.balanceOf` and `ctx.services.booking.activeFor`',
      ],
      [
        'tRPC: `canCancel` computed from one fetched booking',
        `export const bookingRouter = router({
  cancelInfo: publicProcedure.input(z.object({ id: z.string() })).query(async ({ ctx, input }) => {
    const booking = await ctx.db.booking.findUnique({ where: { id: input.id } });
    const canCancel = !booking.departed;
    return { canCancel };
  }),
});`,
        'decisionName@4:11-4:20',
        '`ctx.db.booking`',
      ],
      [
        'tRPC: a feature literal behind a `*Enabled` name',
        `export const checkoutRouter = router({
  options: protectedProcedure.query(async ({ ctx }) => {
    const { features } = await ctx.services.features.forUser(ctx.userId);
    const oneTapEnabled = features.includes('one-tap-checkout');
    return { oneTapEnabled };
  }),
});`,
        'policyLiteral@4:27-4:64',
        '`ctx.services.features.forUser`',
      ],
      [
        'GraphQL resolver: a filter predicate over two data sources',
        `export const resolvers = {
  Query: {
    offers: async (_parent: unknown, _args: unknown, { dataSources, user }: Context) => {
      const offers = await dataSources.promotions.activeOffers();
      const wallet = await dataSources.wallet.of(user.id);
      return offers.filter((offer) => offer.minimumBalance <= wallet.balance);
    },
  },
};`,
        'composedDecision@6:39-6:77',
        '`dataSources.promotions.activeOffers` and `dataSources.wallet.of`',
      ],
      [
        'GraphQL field resolver: a plan-tier literal on a parent typed by the domain',
        `import type { PaymentAccount } from '../payment/payment-account.js';
export const accountResolvers = {
  PaymentAccount: {
    canExportInvoices: (account: PaymentAccount) => account.tier === 'business',
  },
};`,
        'policyLiteral@4:53-4:80',
        '`account`',
      ],
      [
        'plain function: an early return combining a line and a wallet',
        `import { lineSchedule } from '../lines/schedule.js';
import { walletService } from '../payment/wallet.js';
export async function checkoutSummary(userId: string, lineId: string) {
  const departure = await lineSchedule.nextDeparture(lineId);
  const wallet = await walletService.of(userId);
  if (departure.seatsLeft === 0 || wallet.blocked) return { checkout: 'unavailable' };
  return { checkout: 'open', departure, wallet };
}`,
        'composedDecision@6:7-6:50',
        '`lineSchedule.nextDeparture` and `walletService.of`',
      ],
      [
        'plain function: a `switch` over a plan',
        `import { billing } from '../billing/billing.js';
export async function planLimits(accountId: string) {
  const account = await billing.accountOf(accountId);
  switch (account.plan) {
    case 'enterprise':
      return { exports: true, seats: 'unlimited' };
    default:
      return { exports: false, seats: 5 };
  }
}`,
        'policyLiteral@4:11-4:23',
        '`billing.accountOf`',
      ],
      [
        'plain function: a role group checked before throwing',
        `import { staffDirectory } from '../access/staff.js';
export async function refundQueue(request: Request) {
  const staff = await staffDirectory.get(request.headers.get('x-staff'));
  if (!staff.groups.includes('support-leads')) throw new ForbiddenError();
  return refunds.pending();
}`,
        'policyLiteral@4:7-4:46',
        '`staffDirectory.get`',
      ],
      [
        'plain function: `walletReady` computed from one source',
        `import { wallets } from '../payment/wallets.js';
export async function walletCard(userId: string) {
  const wallet = await wallets.of(userId);
  const walletReady = wallet.balance > 0;
  return { walletReady, balance: wallet.balance };
}`,
        'decisionName@4:9-4:20',
        '`wallets.of`',
      ],
      [
        'plain function: a local helper that decides over two services',
        `import { trips } from '../booking/trips.js';
import { wallets } from '../payment/wallets.js';
export async function upsell(userId: string) {
  const trip = await trips.next(userId);
  const wallet = await wallets.of(userId);
  const shouldUpsell = upsellWorthy(trip, wallet);
  return { shouldUpsell };
}`,
        'composedDecision@6:24-6:50',
        '`trips.next` and `wallets.of`',
      ],
      [
        'a presence check does not hide the plan literal beside it',
        `import { billing } from '../billing/billing.js';
export async function exportsCard(accountId: string) {
  const account = await billing.accountOf(accountId);
  if (account && account.plan === 'enterprise') return { exports: true };
  return { exports: false };
}`,
        'policyLiteral@4:7-4:47',
        '`billing.accountOf`',
      ],
      [
        'tRPC: a role compared with an enum member (documenso style)',
        `export const deleteGroup = authenticatedProcedure.mutation(async ({ ctx, input }) => {
  const group = await prisma.teamGroup.findFirst({ where: { id: input.groupId } });
  if (group.organisationRole === OrganisationMemberRole.ADMIN) throw new AppError(AppErrorCode.UNAUTHORIZED);
  await prisma.teamGroup.delete({ where: { id: group.id } });
});`,
        'policyLiteral@3:7-3:62',
        '`prisma.teamGroup`',
      ],
      [
        'class controller: synchronous answers of two injected services combined',
        `import { BillingService } from '../billing/billing.service.js';
import { AccessService } from '../access/access.service.js';
export class HomeController {
  constructor(private readonly billing: BillingService, private readonly access: AccessService) {}
  home(request: Request) {
    const premium = this.billing.isPremium(request.userId);
    const allowed = this.access.allows(request.userId, 'lounge');
    return { lounge: premium && allowed };
  }
}`,
        'composedDecision@8:22-8:40',
        '`billing.isPremium` and `access.allows`',
      ],
      [
        'plain function: parameters typed with domain services, used synchronously',
        `import type { BookingService } from '../booking/booking.service.js';
import type { WalletService } from '../payment/wallet.service.js';
export function tripActions(bookings: BookingService, wallet: WalletService, userId: string) {
  return { rebook: bookings.hasUpcoming(userId) && !wallet.isFrozen(userId) };
}`,
        'composedDecision@4:20-4:76',
        '`bookings.hasUpcoming` and `wallet.isFrozen`',
      ],
    ])('%s', (_name, code, messageId, sources) => {
      expect(findingsOf(code)).toEqual([{ messageId, sources }]);
    });
  });

  describe('does not report composition', () => {
    it.each([
      [
        'passing a domain answer through',
        `import { accessService } from '../access/access.service.js';
export async function home() {
  const access = await accessService.getAccessState();
  return { canAccess: access.canAccess };
}`,
      ],
      [
        'passing a destructured domain answer through (tRPC)',
        `export const r = router({
  eligibility: protectedProcedure.query(async ({ ctx, input }) => {
    const { canBook } = await ctx.services.booking.eligibility(input.lineId);
    return { canBook };
  }),
});`,
      ],
      [
        'an awaited domain decision under a decision name',
        `import { booking } from '../booking/booking.js';
export async function bookButton(userId: string, lineId: string) {
  const canBook = await booking.canBook(userId, lineId);
  return { canBook };
}`,
      ],
      [
        'a domain flag defaulted for display',
        `import { flags } from '../platform/flags.js';
export async function features() {
  const current = await flags.current();
  const checkoutEnabled = current.checkoutEnabled ?? false;
  return { checkoutEnabled, banner: current.banner ?? null };
}`,
      ],
      [
        "merging and renaming two domains' answers (Express)",
        `import { profiles } from '../access/profiles.js';
import { wallets } from '../payment/wallets.js';
router.get('/me', async (req, res) => {
  const [profile, wallet] = await Promise.all([profiles.of(req.userId), wallets.of(req.userId)]);
  res.json({ ...profile, name: profile.displayName, balance: wallet.formattedBalance });
});`,
      ],
      [
        'ordering a list by departure',
        `import { trips } from '../booking/trips.js';
export async function upcoming(userId: string) {
  const list = await trips.upcoming(userId);
  return list.toSorted((a, b) => a.departsAt - b.departsAt).slice(0, 5);
}`,
      ],
      [
        'formatting for display',
        `import { lines } from '../lines/lines.js';
export async function lineCard(id: string) {
  const line = await lines.get(id);
  return { label: line.name.toUpperCase(), operator: line.operator ?? null };
}`,
      ],
      [
        'a ternary that picks a label from one domain answer',
        `import { accessService } from '../access/access.service.js';
export async function lounge() {
  const access = await accessService.getAccessState();
  return { badge: access.canAccess ? 'Open' : 'Locked' };
}`,
      ],
      [
        'a ternary that maps a status to a label (Next.js)',
        `import { trips } from '@/lib/trips';
export async function GET() {
  const trip = await trips.next();
  return Response.json({ label: trip.status === 'delayed' ? 'Delayed' : 'On time' });
}`,
      ],
      [
        'pagination over request input',
        `import { trips } from '../booking/trips.js';
app.get('/trips', async (request) => {
  const limit = Number(request.query.limit ?? 20);
  const page = await trips.page(request.query.cursor, limit + 1);
  return { items: page.slice(0, limit), nextCursor: page.length > limit ? page[limit].id : null };
});`,
      ],
      [
        'null checks of fetched objects before answering 404 (Express)',
        `import { bookings } from '../booking/bookings.js';
import { wallets } from '../payment/wallets.js';
router.get('/booking/:id', async (req, res) => {
  const booking = await bookings.get(req.params.id);
  const wallet = await wallets.of(req.userId);
  if (!booking || !wallet) return res.status(404).end();
  res.json({ booking, wallet });
});`,
      ],
      [
        'error mapping of backend responses',
        `export async function GET() {
  const [billingRes, accessRes] = await Promise.all([fetch(BILLING_URL), fetch(ACCESS_URL)]);
  if (!billingRes.ok || !accessRes.ok) throw new BadGatewayError();
  if (billingRes.status >= 500 || accessRes.status === 503) throw new BadGatewayError();
  return Response.json({ billing: await billingRes.json(), access: await accessRes.json() });
}`,
      ],
      [
        'settled results separated by promise status',
        `import { bookings } from '../booking/bookings.js';
export async function summary(ids: string[]) {
  const results = await Promise.allSettled(ids.map((id) => bookings.get(id)));
  return { failed: results.filter((result) => result.status === 'rejected').length };
}`,
      ],
      [
        'a comparison of request input, not domain state (tRPC)',
        `export const r = router({
  trips: protectedProcedure.input(schema).query(async ({ ctx, input }) => {
    if (input.status === 'cancelled') return ctx.services.booking.cancelled(ctx.userId);
    return ctx.services.booking.active(ctx.userId);
  }),
});`,
      ],
      [
        'a display fallback with `||`',
        `import { profiles } from '../access/profiles.js';
import { accounts } from '../billing/accounts.js';
export async function header(userId: string) {
  const profile = await profiles.of(userId);
  const account = await accounts.of(userId);
  return { title: profile.displayName || account.email };
}`,
      ],
      [
        'a join of two domains by id (GraphQL)',
        `export const resolvers = {
  Query: {
    trips: async (_p: unknown, _a: unknown, { dataSources, user }: Context) => {
      const trips = await dataSources.booking.tripsOf(user.id);
      const lines = await dataSources.lines.all();
      return trips.map((trip) => ({ ...trip, line: lines.find((line) => line.id === trip.lineId) ?? null }));
    },
  },
};`,
      ],
      [
        "a GraphQL field resolver passing the parent's answer through",
        `export const Booking = {
  canCancel: (booking: { canCancel: boolean }) => booking.canCancel,
  label: (booking: { code: string }) => booking.code.toUpperCase(),
};`,
      ],
      [
        'a type check of a fetched value',
        `import { billing } from '../billing/billing.js';
export async function plan() {
  const account = await billing.accountOf('x');
  return { plan: typeof account.plan === 'string' ? account.plan : null };
}`,
      ],
      [
        'a body read from the request is not domain state (Next.js)',
        `export async function POST(request: Request) {
  const body = await request.json();
  if (body.plan === 'enterprise') return Response.json({ contactSales: true });
  return Response.json({ contactSales: false });
}`,
      ],
      [
        'a helper imported from inside the BFF is not a domain client',
        `import { presenter } from './presenter.js';
export function card() {
  return { visible: presenter.compact && presenter.highlighted };
}`,
      ],
      [
        'optional chaining and defaults for a fetched object',
        `import { bookings } from '../booking/bookings.js';
export async function status(id: string) {
  const booking = await bookings.get(id);
  return { status: booking?.status ?? 'unknown', seats: booking?.seats ?? 0 };
}`,
      ],
    ])('%s', (_name, code) => {
      expect(findingsOf(code)).toEqual([]);
    });

    it('looks at files of the BFF layer only', () => {
      const code = 'const canAccess = (await platform.status()).ready && (await billing.account()).active;';
      expect(findingsOf(code, { path: 'src/booking/booking.service.ts' })).toEqual([]);
      expect(findingsOf(code, { path: 'src/auth/session.ts' })).toEqual([]);
      expect(findingsOf(code)).toEqual([
        { messageId: 'composedDecision@1:19-1:86', sources: '`platform.status` and `billing.account`' },
      ]);
    });
  });

  describe('false positives found on public applications (docs/bff-rule-evaluation.md)', () => {
    it.each([
      [
        'a request body parsed by a helper is request input, not a source (destructured `req`)',
        `export const PATCH = withWorkspace(async ({ req, workspace }) => {
  const { slug, archived } = await parseRequestBody(req);
  const domain = await getDomainOrThrow({ workspace, domain: slug });
  if (archived !== undefined && archived !== domain.archived) await prisma.domain.update({ where: { slug }, data: { archived } });
  return NextResponse.json(domain);
});`,
      ],
      [
        'search parameters read through a helper from `request.url`',
        `export async function GET(request: NextRequest) {
  const { start } = await getSearchParams(request.url);
  const workspace = await getWorkspace();
  return NextResponse.json({ truncated: start < workspace.retentionStart });
}`,
      ],
      [
        'change detection with a deep-equality helper',
        `export const PATCH = withWorkspace(async ({ params }) => {
  const template = await prisma.utmTemplate.findFirst({ where: { id: params.id } });
  const updated = await prisma.utmTemplate.update({ where: { id: params.id }, data: {} });
  const utmFieldsChanged = !deepEqual(extractUtmParams(updated), extractUtmParams(template));
  if (utmFieldsChanged) await syncDefaultLinks(updated);
  return NextResponse.json(updated);
});`,
      ],
      [
        'string matching between two fetched values (a join)',
        `export async function GET() {
  const domain = await getDomainOrThrow();
  const { verification } = await getDomainResponse(domain.slug);
  const host = verification.domain.endsWith(domain.apex) ? verification.domain.slice(0, -domain.apex.length) : verification.domain;
  return NextResponse.json({ host });
}`,
      ],
      [
        'membership of a fetched value in another fetched list',
        `export async function GET() {
  const [methods, pending] = await Promise.all([stripe.paymentMethods.list(), listPendingMicrodeposits()]);
  return NextResponse.json(methods.data.filter((method) => pending.types.includes(method.type)));
}`,
      ],
      [
        'a configuration field named `*Scope` compared with a literal',
        `export const PATCH = withWorkspace(async ({ params }) => {
  const webhook = await prisma.webhook.findUniqueOrThrow({ where: { id: params.webhookId } });
  if (webhook.linkScope === 'links') await syncLinks(webhook);
  return NextResponse.json(webhook);
});`,
      ],
      [
        'a chain of ternaries that maps a plan to a badge colour',
        `export async function POST() {
  const { plan } = await prisma.project.findFirst({ where: { id } });
  return NextResponse.json({ badgeColor: plan === 'enterprise' ? 'RED' : plan === 'advanced' ? 'YELLOW' : plan.startsWith('business') ? 'BLUE' : 'GREY' });
}`,
      ],
      [
        'a presence check of a value found in a fetched list',
        `export async function GET() {
  const [methods, pending] = await Promise.all([stripe.paymentMethods.list(), listPendingMicrodeposits()]);
  const merged = withStatus(methods.data, pending);
  const directDebit = merged.find((method) => method.type === DIRECT_DEBIT);
  return NextResponse.json([...(directDebit ? [directDebit] : []), ...merged]);
}`,
      ],
      [
        'a truthiness check of two strings derived from fetched values',
        `export async function GET() {
  const domain = await getDomainOrThrow();
  const { verification } = await getDomainResponse(domain.slug);
  const txtHost = verification.domain === domain.apex ? '@' : verification.domain;
  const txtValue = verification.value?.trim() ?? '';
  if (txtHost && txtValue) records.push({ type: 'TXT', name: txtHost, value: txtValue });
  return NextResponse.json(records);
}`,
      ],
      [
        'an enum member whose enum is not named for a kind (`OrganisationGroupType`, in documenso)',
        `export const deleteGroup = authenticatedProcedure.mutation(async ({ input }) => {
  const group = await prisma.organisationGroup.findFirst({ where: { id: input.groupId } });
  if (group.type === OrganisationGroupType.INTERNAL_ORGANISATION) throw new AppError(AppErrorCode.UNAUTHORIZED);
});`,
      ],
      [
        'a `find` that looks a record up by a role key (documenso)',
        `export const addMembers = authenticatedProcedure.mutation(async ({ input }) => {
  const team = await prisma.team.findFirst({ where: { id: input.teamId }, include: { teamGroups: true } });
  const adminGroup = team.teamGroups.find((group) => group.teamId === input.teamId && group.teamRole === TeamMemberRole.ADMIN);
  return adminGroup;
});`,
      ],
    ])('does not report %s', (_name, code) => {
      expect(findingsOf(code)).toEqual([]);
    });

    it('reports an early exit that decides together with the `if` it is nested in (a plan quota in taxonomy)', () => {
      const code = `export async function POST(req: Request) {
  const session = await getServerSession(authOptions);
  if (!session) return new Response('Unauthorized', { status: 403 });
  const subscriptionPlan = await getUserSubscriptionPlan(session.user.id);
  if (!subscriptionPlan?.isPro) {
    const count = await db.post.count({ where: { authorId: session.user.id } });
    if (count >= 3) throw new RequiresProPlanError();
  }
  return new Response(null);
}`;
      const findings = detect(rule, code, { path: BFF, config });
      expect(
        findings.map((finding) => [
          finding.messageId,
          finding.data['decision'],
          finding.data['sources'],
          `${finding.text}@${span(finding)}`,
        ]),
      ).toEqual([
        [
          'composedDecision',
          'early return inside an enclosing `if`',
          '`db.post` and `getUserSubscriptionPlan`',
          'count >= 3@7:9-7:19',
        ],
      ]);
    });

    it('does not carry an enclosing condition into a nested function or into a plain `if`', () => {
      const code = `export async function POST() {
  const plan = await getPlan();
  if (plan.trial) {
    const count = await db.post.count();
    if (count > 0) log(count);
    queue.push(async () => { const usage = await usageOf(); if (usage.total > 10) return; });
  }
}`;
      expect(findingsOf(code)).toEqual([]);
    });

    it('does not take a presence check of a property as an enclosing decision (a password check in dub)', () => {
      const code = `export async function POST() {
  const user = await prisma.user.findUniqueOrThrow({ where: { email } });
  if (user.passwordHash) {
    const isSamePassword = await validatePassword({ password, passwordHash: user.passwordHash });
    if (isSamePassword) throw new DubApiError({ code: 'unprocessable_entity' });
  }
  return NextResponse.json({ ok: true });
}`;
      expect(findingsOf(code)).toEqual([]);
    });

    it('still treats an id taken from the request as a lookup key of a domain read', () => {
      const code = `app.get('/orgs/:orgId', async (request) => {
  const member = await app.members.get(request.params.orgId);
  return { admin: member.roles.includes('admin') };
});`;
      expect(findingsOf(code)).toEqual([{ messageId: 'policyLiteral@3:19-3:49', sources: '`app.members.get`' }]);
    });
  });

  describe('message data', () => {
    it('names the kind of decision, the sources and the owning domains', () => {
      const [finding] = detect(
        rule,
        `import { trips } from '../booking/trips.js';
import { wallets } from '../payment/wallets.js';
export async function card(userId: string) {
  const trip = await trips.next(userId);
  const wallet = await wallets.of(userId);
  if (trip.refundable && wallet.hasCard) return { refund: true };
  return { refund: false };
}`,
        { path: BFF, config },
      );
      expect(finding?.messageId).toBe('composedDecision');
      expect(span(finding)).toBe('6:7-6:40');
      expect(finding?.data).toEqual({
        decision: 'early return',
        sources: '`trips.next` and `wallets.of`',
        owner: 'one domain service (`booking` or `payment`, or an access service over them)',
      });
      expect(finding?.text).toBe('trip.refundable && wallet.hasCard');
    });

    it('names the compared state, the literal and its kind', () => {
      const [finding] = detect(
        rule,
        `import { billing } from '../billing/billing.js';
export async function exportsCard(accountId: string) {
  const account = await billing.accountOf(accountId);
  return { exports: account.plan === 'enterprise' };
}`,
        { path: BFF, config },
      );
      expect(span(finding)).toBe('4:21-4:50');
      expect(finding?.data).toEqual({
        decision: 'comparison',
        state: 'account.plan',
        sources: '`billing.accountOf`',
        kind: 'plan literal',
        literal: '"enterprise"',
        owner: 'the `billing` domain',
      });
    });

    it("names an enum member as the literal, with the kind its enum's name gives", () => {
      const [finding] = detect(
        rule,
        `const member = await members.get(id);\nexport const admin = member.level === MemberRole.ADMIN;`,
        { path: BFF, config },
      );
      expect(span(finding)).toBe('2:22-2:55');
      expect(finding?.data).toMatchObject({ state: 'member.level', kind: 'role literal', literal: 'MemberRole.ADMIN' });
    });

    it('names the decision a computed name declares', () => {
      const [finding] = detect(
        rule,
        `import { wallets } from '../payment/wallets.js';\nconst wallet = await wallets.of(id);\nconst walletReady = wallet.balance > 0;`,
        { path: BFF, config },
      );
      expect(span(finding)).toBe('3:7-3:18');
      expect(finding?.data).toEqual({ name: 'walletReady', sources: '`wallets.of`', owner: 'the `payment` domain' });
      expect(finding?.text).toBe('walletReady');
    });
  });

  describe('options', () => {
    const twoSources = `import { trips } from '../booking/trips.js';
import { wallets } from '../payment/wallets.js';
const trip = await trips.next(id);
const wallet = await wallets.of(id);
export const rebook = trip.refundable && wallet.hasCard;`;

    it('`minimumSources` raises how many sources a composed decision needs', () => {
      expect(findingsOf(twoSources)).toEqual([
        { messageId: 'composedDecision@5:23-5:56', sources: '`trips.next` and `wallets.of`' },
      ]);
      expect(findingsOf(twoSources, { options: { minimumSources: 3 } })).toEqual([]);
    });

    it("`allowedCalls` makes a helper's call composition", () => {
      const code = `import { trips } from '../booking/trips.js';
import { wallets } from '../payment/wallets.js';
const trip = await trips.next(id);
const wallet = await wallets.of(id);
export const card = { shown: isVisible(trip.promo, wallet.segment) && trip.promo.active };`;
      expect(findingsOf(code)).toEqual([
        { messageId: 'composedDecision@5:30-5:88', sources: '`trips.next` and `wallets.of`' },
      ]);
      expect(findingsOf(code, { options: { allowedCalls: ['isVisible'] } })).toEqual([]);
      expect(findingsOf(code, { options: { allowedCalls: ['trips.next'] } })).toEqual([]);
    });

    it('`policyLiteralKinds` chooses which literals make a comparison policy', () => {
      const code = `import { billing } from '../billing/billing.js';
const account = await billing.accountOf(id);
export const a = account.plan === 'enterprise';
export const b = account.roles.includes('admin');`;
      expect(findingsOf(code).map((finding) => finding.messageId)).toEqual([
        'policyLiteral@3:18-3:47',
        'policyLiteral@4:18-4:49',
      ]);
      expect(
        detect(rule, code, { path: BFF, config, options: { policyLiteralKinds: ['role'] } }).map(
          (finding) => `${finding.data['kind']}@${span(finding)}`,
        ),
      ).toEqual(['role literal@4:18-4:49']);
    });

    it('`decisionNamePattern` replaces the names that declare a decision', () => {
      const code = `import { wallets } from '../payment/wallets.js';
const wallet = await wallets.of(id);
export const eligibleForTopUp = wallet.balance < 5;`;
      expect(findingsOf(code)).toEqual([]);
      expect(findingsOf(code, { options: { decisionNamePattern: '^eligible' } })).toEqual([
        { messageId: 'decisionName@3:14-3:30', sources: '`wallets.of`' },
      ]);
    });

    it('`clientsFromImports` decides whether imports and their types are domain clients', () => {
      const code = `import type { BookingService } from '../booking/booking.service.js';
import type { WalletService } from '../payment/wallet.service.js';
export function actions(bookings: BookingService, wallet: WalletService, id: string) {
  return { rebook: bookings.hasUpcoming(id) && !wallet.isFrozen(id) };
}`;
      expect(findingsOf(code)).toEqual([
        { messageId: 'composedDecision@4:20-4:68', sources: '`bookings.hasUpcoming` and `wallet.isFrozen`' },
      ]);
      expect(findingsOf(code, { options: { clientsFromImports: false } })).toEqual([]);
    });

    it('`domainClients` names the receivers that are domain clients', () => {
      const code = `export function actions(ctx: Context) {
  return { rebook: ctx.backends.booking.hasUpcoming() && !ctx.backends.wallet.isFrozen() };
}`;
      expect(findingsOf(code)).toEqual([]);
      expect(findingsOf(code, { options: { domainClients: ['backends'] } })).toEqual([
        {
          messageId: 'composedDecision@2:20-2:89',
          sources: '`ctx.backends.booking.hasUpcoming` and `ctx.backends.wallet.isFrozen`',
        },
      ]);
    });

    it('rejects a decision-name pattern that is not a regular expression', () => {
      expect(() => findingsOf('const a = 1;', { options: { decisionNamePattern: '(' } })).toThrow(/regular expression/);
    });
  });

  describe('import resolution', () => {
    it("resolves relative specifiers against the file's path to decide the layer", () => {
      const code = `import { a } from '../shared/a.js';
import { b } from './nested/b.js';
export const both = a.ready() && b.ready();`;
      // From src/bff/deep/x.ts, `../shared` is src/bff/shared (BFF) and `./nested` src/bff/deep/nested (BFF).
      expect(findingsOf(code, { path: 'src/bff/deep/x.ts' })).toEqual([]);
      // From src/bff/x.ts, `../shared` is src/shared: outside the BFF.
      expect(findingsOf(code, { path: 'src/bff/x.ts' })).toEqual([]);
      expect(findingsOf(code.replace("'./nested/b.js'", "'../payment/b.js'"), { path: 'src/bff/x.ts' })).toEqual([
        { messageId: 'composedDecision@3:21-3:43', sources: '`a.ready` and `b.ready`' },
      ]);
    });
  });
});
