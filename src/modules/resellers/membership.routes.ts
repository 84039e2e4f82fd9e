// HTTP: joining by invitation (public), my membership, level and team (reseller app), and the
// operator's members, policy, invitation codes and monthly review.
import { z } from 'zod';
import { Cursor, Id, Phone, Text, Timestamp, Month, ResellerReturnPath, returnUrlOf, type App } from '../../platform/http.ts';
import { AppError } from '../../platform/errors.ts';
import {
  currentPolicy, setPolicy, issueInviteCode, listInviteCodes, invitationInfo, join, renew, myMembership, recomputeMyLevel, recomputeLevels,
  myTeam, listMembers, previewReview, getReview, listReviews,
} from './membership.service.ts';
import { MembershipPolicySchema } from './membership.rules.ts';
import { shanghaiMonth } from '../../platform/time.ts';

const LevelE = z.enum(['V1', 'V2', 'V3', 'V4', 'V5']);
const StandingE = z.enum(['pending', 'active', 'suspended', 'removed', 'expired']);
const ShareCodeQ = z.string().trim().min(4).max(32).regex(/^[a-z0-9]+$/, 'an invitation link code');
const InviteCodeQ = z.string().trim().min(4).max(32).regex(/^[A-Za-z0-9]+$/, 'an invitation code');

const Policy = MembershipPolicySchema;
const JoinOut = z.object({ resellerId: z.string(), termId: z.string(), fee: z.number(), currency: z.string(), payUrl: z.string().nullable() });
const Membership = z.object({
  resellerId: z.string(), name: z.string(), standing: StandingE, level: LevelE, expiresAt: Timestamp.nullable(), removedAt: Timestamp.nullable(),
  invitedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  rollingSales: z.number(), windowDays: z.number(), next: z.object({ level: LevelE, minSales: z.number(), remaining: z.number() }).nullable(),
  levels: z.array(z.object({ level: LevelE, minSales: z.number(), inviteQuota: z.number(), perks: z.array(z.string()) })),
  invites: z.object({ quota: z.number(), left: z.number(), link: z.string() }),
  renewal: z.object({ open: z.boolean(), from: Timestamp.nullable(), fee: z.number() }),
  pendingTerm: z.object({ id: z.string(), fee: z.number(), payUrl: z.string().nullable() }).nullable(),
  terms: z.array(z.object({ id: z.string(), termNo: z.number(), fee: z.number(), status: z.string(), startsAt: Timestamp.nullable(), endsAt: Timestamp.nullable(), refunded: z.number() })),
  history: z.array(z.object({ from: LevelE, to: LevelE, rollingSales: z.number(), reason: z.string(), at: Timestamp })),
});
const Team = z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), level: LevelE, standing: StandingE, joinedAt: Timestamp, monthSales: z.number(), rollingSales: z.number() })) });
const Member = z.object({ id: z.string(), name: z.string(), phone: z.string(), level: LevelE, standing: StandingE, expiresAt: Timestamp.nullable(), invitedBy: z.string().nullable(), inviterName: z.string().nullable(), invitees: z.number(), joinedAt: Timestamp });
const InviteCode = z.object({ code: z.string(), maxUses: z.number(), uses: z.number(), expiresAt: Timestamp, note: z.string() });
const ReviewHead = z.object({ id: z.string(), month: z.string(), minimum: z.number(), status: z.enum(['preview', 'confirmed']), members: z.number(), flagged: z.number(), createdAt: Timestamp, confirmedAt: Timestamp.nullable() });
export const ReviewSchema = ReviewHead.extend({
  rows: z.array(z.object({ resellerId: z.string(), name: z.string(), phone: z.string(), level: LevelE, monthSales: z.number(), flagged: z.boolean(), exempt: z.string().nullable(), decision: z.string().nullable(), feeRefund: z.number() })),
  bands: z.array(z.number()),
});

export function membershipRoutes(app: App): void {
  // ---- joining (public) ----
  app.get('/api/v1/join/invitation', {
    config: { auth: 'public' },
    schema: {
      tags: ['membership'], summary: 'Who is inviting: an inviter link code or an operator code, whether it can be used, and the fee',
      querystring: z.strictObject({ inviter: ShareCodeQ.optional(), code: InviteCodeQ.optional(), lang: z.string().optional() }),
      response: { 200: z.object({ kind: z.enum(['reseller', 'code']), inviterName: z.string().nullable(), usable: z.boolean(), fee: z.number(), currency: z.string() }) },
    },
  }, async (req) => invitationInfo(req.ctx, req.query));

  app.post('/api/v1/join', {
    config: { auth: 'public' },
    schema: {
      tags: ['membership'], summary: 'Sign up by invitation (an inviter link code or an operator code) and get the annual fee to pay; then log in',
      body: z.strictObject({ name: Text(50), phone: Phone, password: z.string().min(8).max(200), inviter: ShareCodeQ.optional(), code: InviteCodeQ.optional(), returnTo: ResellerReturnPath.optional() }),
      response: { 201: JoinOut },
    },
  }, async (req, reply) => {
    const { returnTo, ...input } = req.body;
    return reply.code(201).send(await join(req.ctx, { ...input, returnUrl: returnUrlOf(req.ctx, returnTo) }));
  });

  // ---- my membership (reseller app) ----
  app.get('/api/v1/me/membership', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], summary: 'My membership: standing, term, level and progress, invitations, terms paid and level history', response: { 200: Membership } },
  }, async (req) => myMembership(req.ctx));

  app.post('/api/v1/me/membership/renew', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'Renew (from the renewal window on) or rejoin after removal (after the waiting period): the fee to pay',
      body: z.strictObject({ returnTo: ResellerReturnPath.optional() }), response: { 201: JoinOut },
    },
  }, async (req, reply) => reply.code(201).send(await renew(req.ctx, { returnUrl: returnUrlOf(req.ctx, req.body.returnTo) })));

  app.post('/api/v1/me/membership/level', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], summary: 'Recompute my level from my rolling sales now', response: { 200: Membership } },
  }, async (req) => recomputeMyLevel(req.ctx));

  app.get('/api/v1/me/team', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], summary: 'The people I invited, with their sales this month and over the level window', response: { 200: Team } },
  }, async (req) => myTeam(req.ctx));

  // ---- operator ----
  app.get('/api/v1/members', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['membership'], summary: 'Members: by standing and level, or find by name or phone',
      querystring: Cursor.extend({ standing: StandingE.optional(), level: LevelE.optional(), search: z.string().trim().max(50).optional() }),
      response: { 200: z.object({ items: z.array(Member), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => listMembers(req.ctx, req.query));

  app.get('/api/v1/members/:resellerId', {
    config: { auth: ['operator'] },
    schema: { tags: ['membership'], params: z.strictObject({ resellerId: Id }), response: { 200: Membership.extend({ team: Team.shape.items }) } },
  }, async (req) => ({ ...(await myMembership(req.ctx, { resellerId: req.params.resellerId })), team: (await myTeam(req.ctx, { resellerId: req.params.resellerId })).items }));

  app.get('/api/v1/membership/policy', {
    config: { auth: ['operator'] },
    schema: { tags: ['membership'], summary: 'The membership and settlement policy in force', response: { 200: Policy.and(z.object({ version: z.number() })) } },
  }, async (req) => currentPolicy(req.ctx));

  app.put('/api/v1/membership/policy', {
    config: { auth: ['operator'] },
    schema: { tags: ['membership'], summary: 'Save a new policy (applies from now on; fees already paid are kept)', body: Policy, response: { 200: Policy.and(z.object({ version: z.number() })) } },
  }, async (req) => setPolicy(req.ctx, req.body));

  app.get('/api/v1/membership/invite-codes', {
    config: { auth: ['operator'] },
    schema: { tags: ['membership'], response: { 200: z.object({ items: z.array(InviteCode.extend({ createdAt: Timestamp })) }) } },
  }, async (req) => listInviteCodes(req.ctx));

  app.post('/api/v1/membership/invite-codes', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['membership'], summary: 'Issue an invitation code for people joining without an inviting reseller',
      body: z.strictObject({ maxUses: z.number().int().min(1).max(10_000), days: z.number().int().min(1).max(365), note: z.string().trim().max(100).optional() }),
      response: { 201: InviteCode },
    },
  }, async (req, reply) => reply.code(201).send(await issueInviteCode(req.ctx, req.body)));

  app.post('/api/v1/membership/levels/recompute', {
    config: { auth: ['operator'] },
    schema: { tags: ['membership'], summary: 'Recompute every member\u2019s level now (the daily job does it too)', body: z.strictObject({}).optional(), response: { 200: z.object({ changed: z.number() }) } },
  }, async (req) => recomputeLevels(req.ctx, 'operator'));

  app.get('/api/v1/membership/reviews', {
    config: { auth: ['operator'] },
    schema: { tags: ['membership'], summary: 'Monthly reviews, newest month first', response: { 200: z.object({ items: z.array(ReviewHead) }) } },
  }, async (req) => listReviews(req.ctx));

  app.post('/api/v1/membership/reviews', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['membership'], summary: 'Build (or rebuild, until confirmed) the review preview of a month (default: the month just ended)',
      body: z.strictObject({ month: Month.optional() }), response: { 200: ReviewSchema },
    },
  }, async (req) => {
    const month = req.body.month;
    if (month && month >= shanghaiMonth()) {
      // The month must be over: sales still come in.
      throw new AppError('validation_failed', { fields: [{ path: 'month', message: 'the month is not over yet' }] });
    }
    return previewReview(req.ctx, month);
  });

  app.get('/api/v1/membership/reviews/:reviewId', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['membership'], summary: 'A review: flagged and exempt members (all with all=true), and members per band of the minimum',
      params: z.strictObject({ reviewId: Id }), querystring: z.strictObject({ all: z.enum(['true', 'false']).optional(), lang: z.string().optional() }), response: { 200: ReviewSchema },
    },
  }, async (req) => getReview(req.ctx, req.params.reviewId, { all: req.query.all === 'true' }));
}

