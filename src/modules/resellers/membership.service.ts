// Membership: joining by invitation with the annual fee paid through the gateway, renewal, levels
// by rolling sales, and the monthly review the operator confirms. docs/membership.md.
import crypto from 'node:crypto';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import { withTx, actorRecord, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { reasonOf } from '../../platform/reasons.ts';
import { violates } from '../../platform/database.ts';
import { shanghaiMonth, shanghaiMonthSpan, previousShanghaiMonth } from '../../platform/time.ts';
import { pageSize, keysetPage } from '../../platform/paging.ts';
import { post } from '../ledger/index.ts';
import { openIntent, attachCharge, intentForMembershipTerm, reopenIntent, succeededChargeOf, createRefund, type IntentRow } from '../payments/index.ts';
import { resellers } from './resellers.tables.ts';
import { membershipPolicies, membershipTerms, inviteCodes, levelChanges, membershipReviews, membershipReviewRows } from './membership.tables.ts';
import { DEFAULT_POLICY, MembershipPolicySchema, nextLevel, mayRenew, termSpan, removalRefund, type MembershipPolicy } from './membership.rules.ts';
import { standingOf, insertResellerWithLogin, type Level, type Standing } from './resellers.service.ts';

// ---- policy ----

/** The policy in force: the newest saved, or the defaults. */
export async function currentPolicy(ctx: Ctx): Promise<MembershipPolicy & { version: number }> {
  const [row] = await ctx.db.select().from(membershipPolicies).orderBy(desc(membershipPolicies.id)).limit(1);
  if (!row) return { ...DEFAULT_POLICY, version: 0 };
  return { ...MembershipPolicySchema.parse(row.policy), version: row.id };
}

/** The operator saves a new policy; it applies from now on (terms already paid keep their fee). */
export async function setPolicy(ctx: Ctx, policy: MembershipPolicy): Promise<MembershipPolicy & { version: number }> {
  authorize(ctx, 'membership.manage');
  const p = MembershipPolicySchema.parse(policy);
  await ctx.db.insert(membershipPolicies).values({ policy: p, createdBy: actorRecord(ctx.actor) });
  return currentPolicy(ctx);
}

// ---- joining ----

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** The operator issues an invitation code for people who join without an inviting reseller. */
export async function issueInviteCode(ctx: Ctx, input: { maxUses: number; days: number; note?: string }): Promise<{ code: string; maxUses: number; uses: number; expiresAt: Date; note: string }> {
  authorize(ctx, 'membership.manage');
  const code = [...crypto.randomBytes(8)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  const [row] = await ctx.db.insert(inviteCodes).values({
    code, createdBy: actorRecord(ctx.actor), maxUses: input.maxUses,
    expiresAt: new Date(Date.now() + input.days * 86400_000), note: input.note ?? '',
  }).returning();
  return { code: row.code, maxUses: row.maxUses, uses: row.uses, expiresAt: row.expiresAt, note: row.note };
}

export async function listInviteCodes(ctx: Ctx): Promise<{ items: { code: string; maxUses: number; uses: number; expiresAt: Date; note: string; createdAt: Date }[] }> {
  authorize(ctx, 'membership.manage');
  const rows = await ctx.db.select().from(inviteCodes).orderBy(desc(inviteCodes.createdAt)).limit(100);
  return { items: rows.map((r) => ({ code: r.code, maxUses: r.maxUses, uses: r.uses, expiresAt: r.expiresAt, note: r.note, createdAt: r.createdAt })) };
}

/** Who is inviting, for the join page: the inviter's name and whether they can still invite. */
export async function invitationInfo(ctx: Ctx, q: { inviter?: string; code?: string }): Promise<{ kind: 'reseller' | 'code'; inviterName: string | null; usable: boolean; fee: number; currency: string }> {
  const policy = await currentPolicy(ctx);
  if (q.inviter) {
    const inv = await inviterByShareCode(ctx, q.inviter);
    const usable = !!inv && standingOf(inv) === 'active' && (await invitesLeft(ctx, policy, inv)) > 0;
    return { kind: 'reseller', inviterName: inv?.name ?? null, usable, fee: policy.annualFee, currency: 'CNY' };
  }
  const [c] = q.code ? await ctx.db.select().from(inviteCodes).where(eq(inviteCodes.code, q.code.toUpperCase())) : [];
  return { kind: 'code', inviterName: null, usable: !!c && c.uses < c.maxUses && c.expiresAt > new Date(), fee: policy.annualFee, currency: 'CNY' };
}

async function inviterByShareCode(ctx: Ctx, shareCode: string) {
  const [r] = await ctx.db.select({ id: resellers.id, name: resellers.name, level: resellers.level, status: resellers.status, membershipExpiresAt: resellers.membershipExpiresAt })
    .from(resellers).where(eq(resellers.shareCode, shareCode));
  return r ?? null;
}

/**
 * Invitations an inviter has left: their level's yearly quota less the people who joined through
 * them in the last 365 days (sign-ups still unpaid count for a day, so a flood of unpaid sign-ups
 * cannot be used to block or to game the quota for long).
 */
async function invitesLeft(ctx: Ctx, policy: MembershipPolicy, inviter: { id: string; level: string }): Promise<number> {
  const quota = policy.levels.find((l) => l.level === inviter.level)?.inviteQuota ?? 0;
  const [{ n }] = (await ctx.db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM resellers WHERE invited_by = ${inviter.id}
      AND created_at > now() - interval '365 days' AND (status <> 'pending' OR created_at > now() - interval '1 day')`)).rows;
  return quota - n;
}

export interface JoinInput { name: string; phone: string; password: string; inviter?: string; code?: string; returnUrl?: string }
export interface JoinResult { resellerId: string; termId: string; fee: number; currency: string; payUrl: string | null }

/**
 * Sign up by invitation: a reseller's invitation link (their share code) or an operator's code.
 * Creates the reseller (pending: may log in and pay, may not sell), their login, and the first
 * term's fee to pay through the gateway. One level: the inviter is fixed here and never changes.
 */
export async function join(ctx: Ctx, input: JoinInput): Promise<JoinResult> {
  if (!!input.inviter === !!input.code) throw new AppError('validation_failed', { fields: [{ path: 'inviter', message: 'give an inviter link or an invitation code, not both' }] });
  const policy = await currentPolicy(ctx);
  const out = await withTx(ctx, async (t) => {
    let invitedBy: string | null = null;
    let inviteCode: string | null = null;
    if (input.inviter) {
      const inv = await inviterByShareCode(t, input.inviter);
      if (!inv || standingOf(inv) !== 'active') throw new AppError('invitation_invalid', { fields: [{ path: 'inviter', message: 'the inviter is not an active member' }] });
      // One sign-up at a time per inviter: the quota is counted and used under the same lock.
      await t.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'invite:' + inv.id}))`);
      if ((await invitesLeft(t, policy, inv)) <= 0) throw new AppError('invitation_quota_used');
      invitedBy = inv.id;
    } else {
      const used = await t.db.update(inviteCodes).set({ uses: sql`${inviteCodes.uses} + 1` })
        .where(and(eq(inviteCodes.code, input.code!.toUpperCase()), sql`${inviteCodes.uses} < ${inviteCodes.maxUses}`, sql`${inviteCodes.expiresAt} > now()`)).returning({ code: inviteCodes.code });
      if (used.length === 0) throw new AppError('invitation_invalid', { fields: [{ path: 'code', message: 'unknown, used up or expired' }] });
      inviteCode = used[0].code;
    }
    const id = await insertResellerWithLogin(t, { name: input.name, phone: input.phone, level: 'V1', status: 'pending', invitedBy, inviteCode, membershipExpiresAt: null },
      { password: input.password }, 'already registered: log in to renew or rejoin');
    const term = await openTerm(t, id, policy);
    return { resellerId: id, termId: term.id, fee: term.fee };
  });
  const payUrl = await payLink(ctx, out.termId, input.returnUrl);
  return { ...out, currency: 'CNY', payUrl };
}

async function openTerm(ctx: Ctx, resellerId: string, policy: MembershipPolicy): Promise<{ id: string; fee: number }> {
  const [{ next }] = (await ctx.db.execute<{ next: number }>(sql`SELECT coalesce(max(term_no), 0)::int + 1 AS next FROM membership_terms WHERE reseller_id = ${resellerId}`)).rows;
  const id = newId('mbt');
  try {
    await ctx.db.insert(membershipTerms).values({ id, resellerId, termNo: next, fee: policy.annualFee, status: 'pending_payment' });
  } catch (e) {
    if (violates(e, 'membership_terms_pending_uq') || violates(e, 'membership_terms_no_uq')) throw new AppError('conflict', { detail: 'a membership fee is already waiting to be paid' });
    throw e;
  }
  await openIntent(ctx, { membershipTermId: id, amount: policy.annualFee, currency: 'CNY' });
  return { id, fee: policy.annualFee };
}

/** The gateway's pay link for a term's fee (opened at the gateway once); a declined try is opened again. */
async function payLink(ctx: Ctx, termId: string, returnUrl?: string): Promise<string | null> {
  let intent = await intentForMembershipTerm(ctx, termId);
  if (!intent) return null;
  if (intent.status === 'failed') {
    await reopenIntent(ctx, intent.id);
    intent = await intentForMembershipTerm(ctx, termId);
  }
  if (!intent || intent.status !== 'requires_payment') return null;
  await attachCharge(ctx, intent.id, 'Sellthrough annual membership 年费', returnUrl);
  return (await intentForMembershipTerm(ctx, termId))?.payUrl ?? null;
}

/** Renew (or, after removal and the waiting period, rejoin): a new term to pay, starting when the current one ends. */
export async function renew(ctx: Ctx, input: { returnUrl?: string }): Promise<JoinResult> {
  authorize(ctx, 'membership.self');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const resellerId = ctx.actor.resellerId;
  const policy = await currentPolicy(ctx);
  const term = await withTx(ctx, async (t) => {
    const [r] = await t.db.select().from(resellers).where(eq(resellers.id, resellerId)).for('update');
    const [pending] = await t.db.select().from(membershipTerms).where(and(eq(membershipTerms.resellerId, resellerId), eq(membershipTerms.status, 'pending_payment')));
    if (pending) return { id: pending.id, fee: pending.fee };
    if (r.status === 'suspended') throw new AppError('reseller_disabled');
    if (r.status === 'removed') {
      if (r.removedAt && Date.now() < r.removedAt.getTime() + policy.readmitAfterDays * 86400_000) throw new AppError('readmission_too_soon', { extra: { from: new Date(r.removedAt.getTime() + policy.readmitAfterDays * 86400_000).toISOString() } });
    } else if (r.status === 'active' && !mayRenew(policy, r.membershipExpiresAt, new Date())) {
      throw new AppError('renewal_not_open', { extra: { from: r.membershipExpiresAt ? new Date(r.membershipExpiresAt.getTime() - policy.renewWithinDays * 86400_000).toISOString() : null } });
    }
    return openTerm(t, resellerId, policy);
  });
  return { resellerId, termId: term.id, fee: term.fee, currency: 'CNY', payUrl: await payLink(ctx, term.id, input.returnUrl) };
}

/**
 * A term's fee was paid (the payment flow calls this once the gateway says so, exactly once per
 * intent): the term runs a year from the end of the current one (or from now), the member is
 * active, and the fee is the platform's (provider cash → membership fees).
 */
export async function activateTerm(ctx: Ctx, intent: IntentRow, paidAt: Date): Promise<void> {
  const [term] = await ctx.db.select().from(membershipTerms).where(eq(membershipTerms.id, intent.membershipTermId!)).for('update');
  if (!term || term.status === 'active' || term.status === 'removed') return;
  const [r] = await ctx.db.select().from(resellers).where(eq(resellers.id, term.resellerId)).for('update');
  // A removed member's new term starts now: what was left of the old one ended with the removal.
  const current = r.status === 'removed' ? null : r.membershipExpiresAt;
  const span = termSpan(current, paidAt);
  await ctx.db.update(membershipTerms).set({ status: 'active', paidAt, startsAt: span.startsAt, endsAt: span.endsAt }).where(eq(membershipTerms.id, term.id));
  await ctx.db.update(resellers).set({ status: r.status === 'suspended' ? 'suspended' : 'active', membershipExpiresAt: span.endsAt, removedAt: null }).where(eq(resellers.id, r.id));
  await post(ctx, {
    kind: 'membership_fee', causeType: 'membership_term', causeId: term.id, idempotencyKey: `membership:${term.id}`, currency: term.currency,
    memo: `annual membership ${span.startsAt.toISOString().slice(0, 10)} – ${span.endsAt.toISOString().slice(0, 10)}`,
    lines: [
      { account: 'provider_cash', partyId: '', amount: term.fee },
      { account: 'membership_fees', partyId: '', amount: -term.fee },
    ],
  });
}

/** An unpaid term whose payment failed or was closed stays open to pay again (payLink reopens it). */

// ---- my membership ----

export interface MembershipView {
  resellerId: string; name: string; standing: Standing; level: Level; expiresAt: Date | null; removedAt: Date | null;
  invitedBy: { id: string; name: string } | null;
  rollingSales: number; windowDays: number; next: { level: Level; minSales: number; remaining: number } | null;
  levels: MembershipPolicy['levels'];
  invites: { quota: number; left: number; link: string };
  renewal: { open: boolean; from: Date | null; fee: number };
  pendingTerm: { id: string; fee: number; payUrl: string | null } | null;
  terms: { id: string; termNo: number; fee: number; status: string; startsAt: Date | null; endsAt: Date | null; refunded: number }[];
  history: { from: Level; to: Level; rollingSales: number; reason: string; at: Date }[];
}

export async function myMembership(ctx: Ctx, opts: { resellerId?: string } = {}): Promise<MembershipView> {
  const resellerId = ctx.actor.kind === 'reseller' ? ctx.actor.resellerId : opts.resellerId;
  authorize(ctx, ctx.actor.kind === 'reseller' ? 'membership.self' : 'membership.manage', { resellerId });
  const [r] = await ctx.db.select().from(resellers).where(eq(resellers.id, resellerId ?? ''));
  if (!r) throw new AppError('not_found');
  const policy = await currentPolicy(ctx);
  const rolling = await rollingSales(ctx, policy, [r.id]);
  const sales = rolling.get(r.id) ?? 0;
  const [inviter] = r.invitedBy ? await ctx.db.select({ id: resellers.id, name: resellers.name }).from(resellers).where(eq(resellers.id, r.invitedBy)) : [];
  const terms = await ctx.db.select().from(membershipTerms).where(eq(membershipTerms.resellerId, r.id)).orderBy(desc(membershipTerms.termNo));
  const pending = terms.find((t) => t.status === 'pending_payment');
  const history = await ctx.db.select().from(levelChanges).where(eq(levelChanges.resellerId, r.id)).orderBy(desc(levelChanges.id)).limit(20);
  const quota = policy.levels.find((l) => l.level === r.level)?.inviteQuota ?? 0;
  const standing = standingOf(r);
  const renewFrom = r.membershipExpiresAt ? new Date(r.membershipExpiresAt.getTime() - policy.renewWithinDays * 86400_000) : null;
  return {
    resellerId: r.id, name: r.name, standing, level: r.level as Level, expiresAt: r.membershipExpiresAt, removedAt: r.removedAt,
    invitedBy: inviter ?? null, rollingSales: sales, windowDays: policy.levelWindowDays, next: nextLevel(policy, sales), levels: policy.levels,
    invites: { quota, left: Math.max(0, await invitesLeft(ctx, policy, { id: r.id, level: r.level })), link: `${ctx.deps.config.publicUrl}/reseller/join?inviter=${r.shareCode}` },
    renewal: { open: standing === 'expired' || (standing === 'active' && mayRenew(policy, r.membershipExpiresAt, new Date())), from: renewFrom, fee: policy.annualFee },
    pendingTerm: pending ? { id: pending.id, fee: pending.fee, payUrl: await payLink(ctx, pending.id) } : null,
    terms: terms.map((t) => ({ id: t.id, termNo: t.termNo, fee: t.fee, status: t.status, startsAt: t.startsAt, endsAt: t.endsAt, refunded: t.refunded })),
    history: history.map((h) => ({ from: h.fromLevel as Level, to: h.toLevel as Level, rollingSales: h.rollingSales, reason: h.reason, at: h.createdAt })),
  };
}

/**
 * The query of kept sales (units not refunded × selling price) of orders paid in [from, to), per
 * reseller (reseller_id, sales): what levels, the review and the team screens all count, composed
 * into their statements.
 */
function keptSalesSql(from: Date, to: Date, resellerIds?: string[]): SQL {
  return sql`
    SELECT o.reseller_id, sum((l.quantity - l.qty_refunded)::bigint * l.selling_price) AS sales
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.paid_at >= ${from.toISOString()}::timestamptz AND o.paid_at < ${to.toISOString()}::timestamptz
      ${resellerIds ? sql`AND o.reseller_id = ANY(${sql.param(resellerIds)}::text[])` : sql``}
    GROUP BY o.reseller_id`;
}

/** Kept sales of orders paid in [from, to), per reseller. */
export async function salesBetween(ctx: Ctx, from: Date, to: Date, resellerIds?: string[]): Promise<Map<string, number>> {
  const rows = (await ctx.db.execute<{ reseller_id: string; sales: string }>(sql`SELECT reseller_id, sales::text FROM (${keptSalesSql(from, to, resellerIds)}) s`)).rows;
  return new Map(rows.map((r) => [r.reseller_id, Number(r.sales)]));
}

async function rollingSales(ctx: Ctx, policy: MembershipPolicy, resellerIds?: string[]): Promise<Map<string, number>> {
  const to = new Date();
  return salesBetween(ctx, new Date(to.getTime() - policy.levelWindowDays * 86400_000), to, resellerIds);
}

/**
 * Recompute levels from rolling sales (the daily job, or on demand for some members): every change
 * is written with the sales it was judged on. Set-based: one statement for any number of members.
 */
export async function recomputeLevels(ctx: Ctx, reason: 'job' | 'on_demand' | 'operator', resellerIds?: string[]): Promise<{ changed: number }> {
  if (reason !== 'job') authorize(ctx, reason === 'operator' ? 'membership.manage' : 'membership.self', { resellerId: resellerIds?.[0] });
  const policy = await currentPolicy(ctx);
  const now = new Date();
  const since = new Date(now.getTime() - policy.levelWindowDays * 86400_000);
  const cases = sql.join(policy.levels.slice(1).reverse().map((l) => sql`WHEN coalesce(s.sales, 0) >= ${l.minSales} THEN ${l.level}`), sql` `);
  const r = await ctx.db.execute<{ n: number }>(sql`
    WITH s AS (${keptSalesSql(since, now, resellerIds)}),
    lv AS (
      SELECT r.id, r.level AS old, coalesce(s.sales, 0) AS sales, CASE ${cases} ELSE 'V1' END AS new
      FROM resellers r LEFT JOIN s ON s.reseller_id = r.id
      WHERE r.status IN ('active','suspended') ${resellerIds ? sql`AND r.id = ANY(${sql.param(resellerIds)}::text[])` : sql``}),
    ch AS (
      UPDATE resellers r SET level = lv.new FROM lv WHERE r.id = lv.id AND lv.old <> lv.new RETURNING r.id, lv.old, lv.new, lv.sales)
    INSERT INTO level_changes (reseller_id, from_level, to_level, rolling_sales, reason)
    SELECT id, old, new, sales, ${reason} FROM ch RETURNING 1 AS n`);
  return { changed: r.rows.length };
}

export async function recomputeMyLevel(ctx: Ctx): Promise<MembershipView> {
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  await recomputeLevels(ctx, 'on_demand', [ctx.actor.resellerId]);
  return myMembership(ctx);
}

/** The people a member invited, with this month's and the rolling window's sales. */
export async function myTeam(ctx: Ctx, opts: { resellerId?: string } = {}): Promise<{ items: { id: string; name: string; level: Level; standing: Standing; joinedAt: Date; monthSales: number; rollingSales: number }[] }> {
  const resellerId = ctx.actor.kind === 'reseller' ? ctx.actor.resellerId : opts.resellerId;
  authorize(ctx, ctx.actor.kind === 'reseller' ? 'membership.self' : 'membership.manage', { resellerId });
  const team = await ctx.db.select().from(resellers).where(eq(resellers.invitedBy, resellerId ?? '')).orderBy(resellers.createdAt);
  const ids = team.map((t) => t.id);
  if (ids.length === 0) return { items: [] };
  const policy = await currentPolicy(ctx);
  const month = shanghaiMonthSpan(shanghaiMonth());
  const [m, rolling] = await Promise.all([salesBetween(ctx, month.start, month.end, ids), rollingSales(ctx, policy, ids)]);
  return { items: team.map((t) => ({ id: t.id, name: t.name, level: t.level as Level, standing: standingOf(t), joinedAt: t.createdAt, monthSales: m.get(t.id) ?? 0, rollingSales: rolling.get(t.id) ?? 0 })) };
}

// ---- members (operator) ----

export interface MemberRow { id: string; name: string; phone: string; level: Level; standing: Standing; expiresAt: Date | null; invitedBy: string | null; inviterName: string | null; invitees: number; joinedAt: Date }

export async function listMembers(ctx: Ctx, q: { standing?: Standing; level?: Level; search?: string; cursor?: string; limit?: number }): Promise<{ items: MemberRow[]; nextCursor: string | null }> {
  authorize(ctx, 'membership.manage');
  const limit = pageSize(q.limit);
  const standing = q.standing === 'expired' ? sql`r.status = 'active' AND r.membership_expires_at <= now()`
    : q.standing === 'active' ? sql`r.status = 'active' AND (r.membership_expires_at IS NULL OR r.membership_expires_at > now())`
      : q.standing ? sql`r.status = ${q.standing}` : sql`true`;
  const rows = (await ctx.db.execute<{ id: string; name: string; phone: string; level: Level; status: string; membership_expires_at: string | null; invited_by: string | null; inviter_name: string | null; invitees: number; created_at: string }>(sql`
    SELECT r.id, r.name, r.phone, r.level, r.status, r.membership_expires_at, r.invited_by, i.name AS inviter_name, r.created_at,
      (SELECT count(*)::int FROM resellers x WHERE x.invited_by = r.id) AS invitees
    FROM resellers r LEFT JOIN resellers i ON i.id = r.invited_by
    WHERE ${standing} ${q.level ? sql`AND r.level = ${q.level}` : sql``}
      ${q.search ? sql`AND (r.name ILIKE ${'%' + q.search + '%'} OR r.phone LIKE ${'%' + q.search + '%'})` : sql``}
      ${q.cursor ? sql`AND r.id > ${q.cursor}` : sql``}
    ORDER BY r.id LIMIT ${limit + 1}`)).rows;
  const { page, nextCursor } = keysetPage(rows, limit, (r) => r.id);
  const items = page.map((r) => {
    const expiresAt = r.membership_expires_at ? new Date(r.membership_expires_at) : null;
    return { id: r.id, name: r.name, phone: r.phone, level: r.level, standing: standingOf({ status: r.status, membershipExpiresAt: expiresAt }), expiresAt, invitedBy: r.invited_by, inviterName: r.inviter_name, invitees: r.invitees, joinedAt: new Date(r.created_at) };
  });
  return { items, nextCursor };
}

// ---- the monthly review ----

export interface ReviewView {
  id: string; month: string; minimum: number; status: 'preview' | 'confirmed'; members: number; flagged: number; createdAt: Date; confirmedAt: Date | null;
  rows: { resellerId: string; name: string; phone: string; level: Level; monthSales: number; flagged: boolean; exempt: string | null; decision: string | null; feeRefund: number }[];
  /** Sales of members flagged, in bands of the minimum (for the chart): 0–25%, 25–50%, 50–75%, 75–100%, and passed. */
  bands: number[];
}

/**
 * Build (or rebuild, until confirmed) the review of a China month: every member active during it,
 * their month's kept sales, flagged under the minimum (new members exempt by policy). One statement.
 */
export async function previewReview(ctx: Ctx, month: string = previousShanghaiMonth()): Promise<ReviewView> {
  authorize(ctx, 'membership.manage');
  const policy = await currentPolicy(ctx);
  const span = shanghaiMonthSpan(month);
  const id = await withTx(ctx, async (t) => {
    await t.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'review:' + month}))`);
    const [existing] = await t.db.select().from(membershipReviews).where(eq(membershipReviews.month, month));
    if (existing?.status === 'confirmed') throw new AppError('review_confirmed');
    const rid = existing?.id ?? newId('rvw');
    if (existing) await t.db.delete(membershipReviewRows).where(eq(membershipReviewRows.reviewId, rid));
    else await t.db.insert(membershipReviews).values({ id: rid, month, minimum: policy.monthlyMinimum, status: 'preview', members: 0, flagged: 0 });
    await t.db.execute(sql`
      WITH s AS (${keptSalesSql(span.start, span.end)})
      INSERT INTO membership_review_rows (review_id, reseller_id, month_sales, flagged, exempt)
      SELECT ${rid}, r.id, coalesce(s.sales, 0),
        coalesce(s.sales, 0) < ${policy.monthlyMinimum} AND NOT (${policy.firstMonthExempt} AND r.created_at >= ${span.start.toISOString()}::timestamptz),
        CASE WHEN coalesce(s.sales, 0) < ${policy.monthlyMinimum} AND ${policy.firstMonthExempt} AND r.created_at >= ${span.start.toISOString()}::timestamptz THEN 'first_month' END
      FROM resellers r LEFT JOIN s ON s.reseller_id = r.id
      WHERE r.status = 'active' AND r.created_at < ${span.end.toISOString()}::timestamptz
        AND (r.membership_expires_at IS NULL OR r.membership_expires_at > ${span.start.toISOString()}::timestamptz)`);
    await t.db.execute(sql`UPDATE membership_reviews SET minimum = ${policy.monthlyMinimum}, created_at = now(),
      members = (SELECT count(*) FROM membership_review_rows WHERE review_id = ${rid}),
      flagged = (SELECT count(*) FROM membership_review_rows WHERE review_id = ${rid} AND flagged) WHERE id = ${rid}`);
    return rid;
  });
  return getReview(ctx, id);
}

export async function getReview(ctx: Ctx, id: string, q: { all?: boolean } = {}): Promise<ReviewView> {
  authorize(ctx, 'membership.manage');
  const [rv] = await ctx.db.select().from(membershipReviews).where(eq(membershipReviews.id, id));
  if (!rv) throw new AppError('not_found');
  const rows = (await ctx.db.execute<{ reseller_id: string; name: string; phone: string; level: Level; month_sales: string; flagged: boolean; exempt: string | null; decision: string | null; fee_refund: string }>(sql`
    SELECT x.reseller_id, r.name, r.phone, r.level, x.month_sales::text, x.flagged, x.exempt, x.decision, x.fee_refund::text
    FROM membership_review_rows x JOIN resellers r ON r.id = x.reseller_id
    WHERE x.review_id = ${id} ${q.all ? sql`` : sql`AND (x.flagged OR x.exempt IS NOT NULL)`}
    ORDER BY x.flagged DESC, x.month_sales ASC, x.reseller_id LIMIT 1000`)).rows;
  const [b] = (await ctx.db.execute<{ b0: number; b1: number; b2: number; b3: number; b4: number }>(sql`
    SELECT count(*) FILTER (WHERE month_sales < ${rv.minimum} * 0.25)::int AS b0,
      count(*) FILTER (WHERE month_sales >= ${rv.minimum} * 0.25 AND month_sales < ${rv.minimum} * 0.5)::int AS b1,
      count(*) FILTER (WHERE month_sales >= ${rv.minimum} * 0.5 AND month_sales < ${rv.minimum} * 0.75)::int AS b2,
      count(*) FILTER (WHERE month_sales >= ${rv.minimum} * 0.75 AND month_sales < ${rv.minimum})::int AS b3,
      count(*) FILTER (WHERE month_sales >= ${rv.minimum})::int AS b4
    FROM membership_review_rows WHERE review_id = ${id}`)).rows;
  return {
    id: rv.id, month: rv.month, minimum: rv.minimum, status: rv.status as ReviewView['status'], members: rv.members, flagged: rv.flagged, createdAt: rv.createdAt, confirmedAt: rv.confirmedAt,
    rows: rows.map((r) => ({ resellerId: r.reseller_id, name: r.name, phone: r.phone, level: r.level, monthSales: Number(r.month_sales), flagged: r.flagged, exempt: r.exempt, decision: r.decision, feeRefund: Number(r.fee_refund) })),
    bands: [b.b0, b.b1, b.b2, b.b3, b.b4],
  };
}

export async function listReviews(ctx: Ctx): Promise<{ items: Omit<ReviewView, 'rows' | 'bands'>[] }> {
  authorize(ctx, 'membership.manage');
  const rows = await ctx.db.select().from(membershipReviews).orderBy(desc(membershipReviews.month)).limit(24);
  return { items: rows.map((rv) => ({ id: rv.id, month: rv.month, minimum: rv.minimum, status: rv.status as ReviewView['status'], members: rv.members, flagged: rv.flagged, createdAt: rv.createdAt, confirmedAt: rv.confirmedAt })) };
}

/**
 * The operator confirms a review: the flagged members named in `remove` are removed (no new orders;
 * history, customers and balances kept) and their fee is refunded by policy — through the ledger
 * (membership fees → refunds in flight) and the gateway; the other flagged members are kept.
 * Exactly once: a confirmed review cannot be confirmed again. Returns the refunds to send.
 */
export async function confirmReview(ctx: Ctx, id: string, input: { remove: string[] }): Promise<{ review: ReviewView; refundIds: string[] }> {
  authorize(ctx, 'membership.manage');
  const policy = await currentPolicy(ctx);
  const refundIds: string[] = [];
  await withTx(ctx, async (t) => {
    const [rv] = await t.db.select().from(membershipReviews).where(eq(membershipReviews.id, id)).for('update');
    if (!rv) throw new AppError('not_found');
    if (rv.status === 'confirmed') throw new AppError('review_confirmed');
    const remove = new Set(input.remove);
    const flagged = await t.db.select().from(membershipReviewRows).where(and(eq(membershipReviewRows.reviewId, id), eq(membershipReviewRows.flagged, true)));
    const flaggedIds = new Set(flagged.map((f) => f.resellerId));
    const stray = [...remove].filter((r) => !flaggedIds.has(r));
    if (stray.length) throw new AppError('validation_failed', { fields: stray.map((r) => ({ path: 'remove', message: `${r} is not flagged in this review` })) });
    const now = new Date();
    // The flagged members not named are kept: one statement for all of them.
    await t.db.update(membershipReviewRows).set({ decision: 'keep' })
      .where(and(eq(membershipReviewRows.reviewId, id), eq(membershipReviewRows.flagged, true), sql`${membershipReviewRows.resellerId} <> ALL(${sql.param([...remove])}::text[])`));
    for (const f of flagged) {
      if (!remove.has(f.resellerId)) continue;
      const refund = await removeMember(t, policy, f.resellerId, now, reasonOf('membership_removed', rv.month));
      if (refund.refundId) refundIds.push(refund.refundId);
      await t.db.update(membershipReviewRows).set({ decision: 'remove', feeRefund: refund.amount }).where(and(eq(membershipReviewRows.reviewId, id), eq(membershipReviewRows.resellerId, f.resellerId)));
    }
    await t.db.update(membershipReviews).set({ status: 'confirmed', confirmedAt: now, confirmedBy: actorRecord(ctx.actor) }).where(eq(membershipReviews.id, id));
  });
  return { review: await getReview(ctx, id), refundIds };
}

/** Remove a member: standing removed, their paid terms ended, the current term's fee refunded by policy. */
async function removeMember(ctx: Ctx, policy: MembershipPolicy, resellerId: string, at: Date, reason: string): Promise<{ amount: number; refundId: string | null }> {
  const [r] = await ctx.db.select().from(resellers).where(eq(resellers.id, resellerId)).for('update');
  if (!r || r.status === 'removed') return { amount: 0, refundId: null };
  await ctx.db.update(resellers).set({ status: 'removed', removedAt: at }).where(eq(resellers.id, resellerId));
  const terms = await ctx.db.select().from(membershipTerms).where(and(eq(membershipTerms.resellerId, resellerId), eq(membershipTerms.status, 'active'))).for('update');
  let amount = 0;
  let refundId: string | null = null;
  for (const term of terms) {
    const back = term.startsAt && term.endsAt && term.endsAt > at ? removalRefund(policy, { fee: term.fee, refunded: term.refunded, startsAt: term.startsAt, endsAt: term.endsAt }, at) : 0;
    await ctx.db.update(membershipTerms).set({ status: 'removed', endedAt: at, refunded: term.refunded + back }).where(eq(membershipTerms.id, term.id));
    if (back <= 0) continue;
    const intent = await intentForMembershipTerm(ctx, term.id);
    const charge = intent ? await succeededChargeOf(ctx, intent.id) : null;
    if (!intent || !charge) continue;
    await post(ctx, {
      kind: 'membership_fee_refund', causeType: 'membership_term', causeId: term.id, idempotencyKey: `membership-refund:${term.id}`, currency: term.currency, memo: reason,
      lines: [
        { account: 'membership_fees', partyId: '', amount: back },
        { account: 'refunds_in_flight', partyId: '', amount: -back },
      ],
    });
    const refund = await createRefund(ctx, { chargeId: charge.id, paymentId: intent.id, amount: back, reason, idempotencyKey: `membership-refund:${term.id}` });
    amount += back;
    refundId = refund.id;
  }
  return { amount, refundId };
}

