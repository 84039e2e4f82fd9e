// Settlement: once an order's return window is over its lines are settled — the reseller's margin
// moves from pending to available, exact to the line, and the inviter's platform-funded rewards
// are earned on them; refunds after that claw back. Reseller balances and withdrawals. Set-based:
// a batch of orders is three statements and one ledger entry whatever its size. docs/settlement.md.
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { authorize, scopeReseller } from '../../platform/access.ts';
import { withTx, actorRecord, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { shanghaiDay } from '../../platform/time.ts';
import { pageSize, numericCursor, keysetPage } from '../../platform/paging.ts';
import { post, postBulk, linesOf } from '../ledger/index.ts';
import { currentPolicy, withdrawalFee, levelRank, clawbackOf, LEVELS, type MembershipPolicy } from '../resellers/index.ts';
import { createPayout, payoutsOf, payoutAccountFor, payoutAccountsByIds, type PayoutView } from '../payouts/index.ts';
import { withdrawals, rewards } from './settlement.tables.ts';

// ---- settling order lines ----

/**
 * Settle these completed orders (inside the caller's transaction, e.g. the one that completed
 * them): each line's kept units and sales are recorded, its pending margin becomes available,
 * and rewards are earned for the inviter. Exactly once per order (order_settlements' key); one
 * ledger entry for the batch, each of its lines naming its order line.
 *
 * The callers pass only orders they completed, or found completed, in this transaction (the
 * orders-complete job, the backlog), and every statement finds its rows by key: a run settles
 * hundreds of thousands of orders in minutes, faster than the planner's statistics follow, and a
 * status or a join it misjudges would read every completed order or settled line per batch.
 */
export async function settleOrders(ctx: Ctx, orderIds: string[], policy?: MembershipPolicy): Promise<{ orders: number; lines: number; rewards: number }> {
  if (orderIds.length === 0) return { orders: 0, lines: 0, rewards: 0 };
  const p = policy ?? await currentPolicy(ctx);
  // One ledger entry for the batch per value day (its lines name their order lines); exactly once
  // per order by order_settlements' key: only the orders this call settles are counted, rewarded
  // and posted. An order's margin became available when its return window ended (the value date;
  // the job runs after), so a batch that catches up on days past posts one entry for each China day.
  const batchKey = `settle:${newId('jnl')}`;
  const ends = (await ctx.db.execute<{ id: string; at: string }>(sql`
    SELECT id, least(coalesce(return_window_ends_at, now()), now()) AS at FROM orders WHERE id = ANY(${sql.param(orderIds)}::text[])`)).rows;
  const valued = { ids: ends.map((e) => e.id), keys: ends.map((e) => `${batchKey}:${shanghaiDay(new Date(e.at))}`), at: ends.map((e) => new Date(e.at).toISOString()) };
  // 1. The lines: kept units, sales, and what the ledger holds for each (pending margin, brand payable, commission).
  const settled = await ctx.db.execute<{ order_id: string; order_line_id: string }>(sql`
    WITH o AS (
      INSERT INTO order_settlements (order_id, entry_key)
      SELECT id, entry_key FROM unnest(${sql.param(valued.ids)}::text[], ${sql.param(valued.keys)}::text[]) AS x(id, entry_key)
      ON CONFLICT (order_id) DO NOTHING RETURNING order_id),
    ls AS (
      INSERT INTO line_settlements (order_line_id, order_id, reseller_id, brand_id, sale_event_id, currency, units, sales, margin, brand_amount, commission, last_journal_line_id)
      SELECT l.id, l.order_id, ord.reseller_id, l.brand_id, l.sale_event_id, l.currency, l.quantity - l.qty_refunded,
        (l.quantity - l.qty_refunded)::bigint * l.selling_price, greatest(coalesce(h.margin, 0), 0), greatest(coalesce(h.brand, 0), 0), greatest(coalesce(h.commission, 0), 0), coalesce(h.last_id, 0)
      FROM o JOIN orders ord ON ord.id = o.order_id JOIN order_lines l ON l.order_id = o.order_id
      LEFT JOIN LATERAL (
        SELECT -sum(j.amount) FILTER (WHERE j.account = 'reseller_margin_pending') AS margin,
               -sum(j.amount) FILTER (WHERE j.account = 'brand_payable') AS brand,
               -sum(j.amount) FILTER (WHERE j.account = 'platform_commission') AS commission,
               max(j.id) AS last_id
        FROM journal_lines j WHERE j.order_line_id = l.id) h ON true
      RETURNING order_id, order_line_id)
    SELECT order_id, order_line_id FROM ls`);
  const lines = settled.rows.length;
  if (lines === 0) return { orders: 0, lines: 0, rewards: 0 };
  const orders = new Set(settled.rows.map((r) => r.order_id)).size;
  // The batch's settled lines by their key, so each statement below finds them by primary key
  // (whatever the planner believes of a table that grows by a million rows in a run).
  const lineIds = sql.param(settled.rows.map((r) => r.order_line_id));
  // 2. Rewards: to the invitee's own inviter (one level), on lines of an invitee who joined within
  // the reward months and whose settled sales before these orders, as they stand now (refunds
  // since taken off), passed the threshold; never on
  // an order to the invitee's or the inviter's own phone. Rounded down to the fen.
  const basis = p.invitation.basis === 'sales' ? sql`s.sales` : sql`s.units::bigint * (l.selling_price - l.base_price)`;
  const teamFloor = levelRank(p.team.minLevel);
  const rw = await ctx.db.execute<{ n: number }>(sql`
    WITH cand AS (
      -- the batch's lines sold by an invitee still in their reward months, whose inviter is active
      SELECT s.order_line_id, s.order_id, s.reseller_id AS invitee, r.invited_by AS inviter, s.units, s.sales, r.phone AS invitee_phone, inv.phone AS inviter_phone, inv.level AS inviter_level
      FROM line_settlements s
      JOIN resellers r ON r.id = s.reseller_id AND r.invited_by IS NOT NULL AND r.created_at > now() - make_interval(months => ${p.invitation.months})
      JOIN resellers inv ON inv.id = r.invited_by AND inv.status = 'active'
      WHERE s.order_line_id = ANY(${lineIds}::text[]) AND s.units > 0),
    prior AS (
      -- what each invitee's earlier settled lines still keep (a sale refunded since does not
      -- count), read per invitee through their index
      SELECT c.invitee AS reseller_id, (
        SELECT sum((ol.quantity - ol.qty_refunded)::bigint * ol.selling_price)
        FROM line_settlements x JOIN order_lines ol ON ol.id = x.order_line_id
        WHERE x.reseller_id = c.invitee AND x.order_line_id <> ALL(${lineIds}::text[])) AS sales
      FROM (SELECT DISTINCT invitee FROM cand) c),
    base AS (
      SELECT s.order_line_id, s.invitee, s.inviter, s.units, ${basis} AS basis, s.inviter_level
      FROM cand s
      JOIN order_lines l ON l.id = s.order_line_id
      JOIN orders o ON o.id = s.order_id
      LEFT JOIN prior ON prior.reseller_id = s.invitee
      WHERE coalesce(prior.sales, 0) >= ${p.invitation.thresholdSales}
        AND o.consumer_phone <> s.invitee_phone AND o.consumer_phone <> s.inviter_phone),
    k AS (
      SELECT b.*, 'invitation' AS kind, ${p.invitation.bps}::int AS bps FROM base b
      UNION ALL
      SELECT b.*, 'team', ${p.team.bps}::int FROM base b
      WHERE array_position(${sql.param([...LEVELS])}::text[], b.inviter_level) - 1 >= ${teamFloor})
    INSERT INTO rewards (kind, order_line_id, beneficiary_id, invitee_id, basis, bps, amount, units)
    SELECT kind, order_line_id, inviter, invitee, basis, bps, basis * bps / 10000, units FROM k
    WHERE bps > 0 AND basis > 0 AND basis * bps / 10000 > 0
    ON CONFLICT (order_line_id, kind) DO NOTHING RETURNING 1 AS n`);
  // 3. The batch's entries, one per value day: pending margin → available per line, and each
  // reward (platform expense → the inviter's available), valued when the order's window ended.
  const day = sql`unnest(${sql.param(valued.ids)}::text[], ${sql.param(valued.keys)}::text[], ${sql.param(valued.at)}::timestamptz[]) AS d(order_id, entry_key, effective_at)`;
  await postBulk(ctx, { kind: 'orders_settled', causeType: 'settlement', memo: 'return windows over: margins available, rewards earned' }, sql`
    SELECT d.entry_key, ${batchKey} AS cause_id, s.currency, v.account, v.party_id, v.amount, v.order_line_id, d.effective_at
    FROM line_settlements s JOIN ${day} ON d.order_id = s.order_id
    CROSS JOIN LATERAL (VALUES ('reseller_margin_pending', s.reseller_id, s.margin, s.order_line_id), ('reseller_margin_available', s.reseller_id, -s.margin, s.order_line_id)) v(account, party_id, amount, order_line_id)
    WHERE s.order_line_id = ANY(${lineIds}::text[]) AND s.margin > 0
    UNION ALL
    SELECT d.entry_key, ${batchKey}, s.currency, v.account, v.party_id, v.amount, NULL, d.effective_at
    FROM line_settlements s JOIN ${day} ON d.order_id = s.order_id
    CROSS JOIN LATERAL (SELECT w.amount, w.beneficiary_id FROM rewards w WHERE w.order_line_id = s.order_line_id) w
    CROSS JOIN LATERAL (VALUES ('reward_expense', '', w.amount), ('reseller_margin_available', w.beneficiary_id, -w.amount)) v(account, party_id, amount)
    WHERE s.order_line_id = ANY(${lineIds}::text[])`);
  return { orders, lines, rewards: rw.rows.length };
}

/**
 * Units of settled lines were refunded (after-sales after the window, a lost parcel): take back
 * from the rewards on them what they hold above the policy's rate of the kept units' basis
 * (membership.rules clawbackOf), from the inviter's available balance (it may go below zero and
 * is netted). Exactly once per key.
 */
export async function clawBackRewards(ctx: Ctx, input: { idempotencyKey: string; causeType: string; causeId: string; units: { orderLineId: string; quantity: number; remainingBefore: number }[] }): Promise<number> {
  if (input.units.length === 0) return 0;
  return withTx(ctx, async (t) => {
    const key = `${input.idempotencyKey}:reward-clawback`;
    if ((await linesOf(t, key)).length > 0) return 0;
    const held = await t.db.select().from(rewards).where(inArray(rewards.orderLineId, input.units.map((u) => u.orderLineId))).orderBy(rewards.id).for('update');
    const lines: { account: 'reward_expense' | 'reseller_margin_available'; partyId: string; amount: number }[] = [];
    let total = 0;
    for (const w of held) {
      const u = input.units.find((x) => x.orderLineId === w.orderLineId)!;
      const claw = clawbackOf({ held: w.amount - w.clawedBack, basis: w.basis, bps: w.bps, units: w.units }, u.quantity, u.remainingBefore);
      if (claw <= 0) continue;
      await t.db.update(rewards).set({ clawedBack: w.clawedBack + claw }).where(eq(rewards.id, w.id));
      lines.push({ account: 'reseller_margin_available', partyId: w.beneficiaryId, amount: claw }, { account: 'reward_expense', partyId: '', amount: -claw });
      total += claw;
    }
    if (total > 0) await post(t, { kind: 'reward_clawback', causeType: input.causeType, causeId: input.causeId, idempotencyKey: key, currency: 'CNY', memo: 'sales refunded after settlement', lines });
    return total;
  });
}

// ---- balances ----

export interface BalanceView {
  resellerId: string; currency: string;
  /** Inside the return window (margins of storefront orders not yet settled). */
  pending: number;
  /** May be withdrawn (settled margins and rewards, less clawbacks, withdrawals and what requests set aside). */
  available: number;
  /** Asked for and not yet paid out. */
  withdrawing: number;
  /** Paid out to the reseller's account. */
  withdrawn: number;
  rewards: { earned: number; clawedBack: number };
  /** The last 30 China days: what became available and what was withdrawn each day (for the chart). */
  days: { day: string; earned: number; withdrawn: number; available: number }[];
}

export async function balanceOf(ctx: Ctx, resellerId?: string): Promise<BalanceView> {
  const id = scopeReseller(ctx.actor, resellerId);
  authorize(ctx, 'settlement.read', { resellerId: id });
  if (!id || ctx.actor.kind === 'brand') throw new AppError('not_found');
  const [b] = (await ctx.db.execute<{ pending: string; available: string }>(sql`
    SELECT coalesce(-sum(amount) FILTER (WHERE account = 'reseller_margin_pending'), 0)::text AS pending,
           coalesce(-sum(amount) FILTER (WHERE account = 'reseller_margin_available'), 0)::text AS available
    FROM journal_lines WHERE party_id = ${id} AND account IN ('reseller_margin_pending','reseller_margin_available')`)).rows;
  const ws = await ctx.db.select().from(withdrawals).where(and(eq(withdrawals.resellerId, id), inArray(withdrawals.status, ['requested', 'approved'])));
  const paid = await payoutsOf(ctx, { purpose: 'withdrawal', causeIds: ws.filter((w) => w.status === 'approved').map((w) => w.id) });
  let setAside = 0;
  let withdrawing = 0;
  let withdrawn = 0;
  for (const w of ws) {
    const status = withdrawalStatus(w, paid.get(w.id));
    if (status === 'requested') setAside += w.amount;
    if (status === 'requested' || status === 'paying') withdrawing += w.amount;
    if (status === 'paid') withdrawn += w.amount;
  }
  const [r] = (await ctx.db.execute<{ earned: string; clawed: string }>(sql`
    SELECT coalesce(sum(amount), 0)::text AS earned, coalesce(sum(clawed_back), 0)::text AS clawed FROM rewards WHERE beneficiary_id = ${id}`)).rows;
  const days = (await ctx.db.execute<{ day: string; earned: string; withdrawn: string }>(sql`
    SELECT to_char(v.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
      coalesce(-sum(j.amount) FILTER (WHERE j.amount < 0), 0)::text AS earned,
      coalesce(sum(j.amount) FILTER (WHERE j.amount > 0 AND e.kind = 'withdrawal_funded'), 0)::text AS withdrawn
    FROM journal_lines j JOIN journal_entries e ON e.id = j.entry_id
    CROSS JOIN LATERAL (SELECT coalesce(e.effective_at, e.created_at) AS at) v -- the value date (when posted, unless earlier)
    WHERE j.party_id = ${id} AND j.account = 'reseller_margin_available' AND v.at > now() - interval '30 days'
    GROUP BY 1 ORDER BY 1`)).rows;
  // Walk back from today's balance to each day's closing balance.
  const byDay = new Map(days.map((d) => [d.day, d]));
  const out: BalanceView['days'] = [];
  let closing = Number(b.available);
  for (let i = 0; i < 30; i++) {
    const day = shanghaiDay(new Date(Date.now() - i * 86400_000));
    const d = byDay.get(day);
    // Today's point is the balance as it stands now: what pending requests set aside is not available.
    out.unshift({ day, earned: Number(d?.earned ?? 0), withdrawn: Number(d?.withdrawn ?? 0), available: i === 0 ? closing - setAside : closing });
    if (d) closing -= Number(d.earned) - Number(d.withdrawn);
  }
  // What requests set aside is not available, though no money has moved yet.
  return { resellerId: id, currency: 'CNY', pending: Number(b.pending), available: Number(b.available) - setAside, withdrawing, withdrawn, rewards: { earned: Number(r.earned), clawedBack: Number(r.clawed) }, days: out };
}

/** My rewards, newest first: on which invitee's line, the basis and rate, and what was clawed back. */
export async function myRewards(ctx: Ctx, q: { resellerId?: string; cursor?: string; limit?: number }): Promise<{ items: { id: string; kind: string; inviteeId: string; inviteeName: string; orderLineId: string; basis: number; bps: number; amount: number; clawedBack: number; createdAt: Date }[]; nextCursor: string | null }> {
  const id = scopeReseller(ctx.actor, q.resellerId);
  authorize(ctx, 'settlement.read', { resellerId: id });
  if (!id || ctx.actor.kind === 'brand') throw new AppError('not_found');
  const limit = pageSize(q.limit);
  const cursor = numericCursor(q.cursor);
  const rows = (await ctx.db.execute<{ id: string; kind: string; invitee_id: string; name: string; order_line_id: string; basis: string; bps: number; amount: string; clawed_back: string; created_at: string }>(sql`
    SELECT w.id::text, w.kind, w.invitee_id, r.name, w.order_line_id, w.basis::text, w.bps, w.amount::text, w.clawed_back::text, w.created_at
    FROM rewards w JOIN resellers r ON r.id = w.invitee_id
    WHERE w.beneficiary_id = ${id} ${cursor !== undefined ? sql`AND w.id < ${cursor}` : sql``}
    ORDER BY w.id DESC LIMIT ${limit + 1}`)).rows;
  const { page, nextCursor } = keysetPage(rows, limit, (r) => r.id);
  const items = page.map((r) => ({ id: r.id, kind: r.kind, inviteeId: r.invitee_id, inviteeName: r.name, orderLineId: r.order_line_id, basis: Number(r.basis), bps: r.bps, amount: Number(r.amount), clawedBack: Number(r.clawed_back), createdAt: new Date(r.created_at) }));
  return { items, nextCursor };
}

// ---- withdrawals ----

export interface WithdrawalView {
  id: string; resellerId: string; resellerName?: string; amount: number; fee: number; net: number; currency: string;
  status: 'requested' | 'approved' | 'rejected' | 'cancelled' | 'paying' | 'paid' | 'failed';
  payoutAccountId: string; account: PayoutView['account'] | null; rejectReason: string | null; failure: string | null;
  createdAt: Date; decidedAt: Date | null; paidAt: Date | null;
}

/** Available (ledger) less what requested withdrawals have set aside, for one reseller. */
async function spendable(ctx: Ctx, resellerId: string, exceptWithdrawal?: string): Promise<number> {
  const [r] = (await ctx.db.execute<{ available: string; requested: string }>(sql`
    SELECT (SELECT coalesce(-sum(amount), 0) FROM journal_lines WHERE party_id = ${resellerId} AND account = 'reseller_margin_available')::text AS available,
      (SELECT coalesce(sum(amount), 0) FROM withdrawals WHERE reseller_id = ${resellerId} AND status = 'requested' ${exceptWithdrawal ? sql`AND id <> ${exceptWithdrawal}` : sql``})::text AS requested`)).rows;
  return Number(r.available) - Number(r.requested);
}

function lockReseller(ctx: Ctx, resellerId: string) {
  return ctx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'withdraw:' + resellerId}))`);
}

/**
 * A reseller asks to withdraw from the available balance to one of their payout accounts, within
 * the policy's bounds and daily count. A request sets the amount aside — what requests ask for is
 * not available to another — and moves no money: the money moves when the operator approves.
 * One reseller's requests and approvals are serialised, so two can never spend the same money.
 * The same idempotency key returns the same withdrawal.
 */
export async function requestWithdrawal(ctx: Ctx, input: { amount: number; payoutAccountId?: string; idempotencyKey: string }): Promise<WithdrawalView> {
  authorize(ctx, 'withdrawals.request');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const resellerId = ctx.actor.resellerId;
  const policy = await currentPolicy(ctx);
  const { minAmount, maxAmount, dailyCount } = policy.withdrawal;
  if (!Number.isSafeInteger(input.amount) || input.amount < minAmount || input.amount > maxAmount) {
    throw new AppError('withdrawal_not_allowed', { fields: [{ path: 'amount', message: `withdraw between ${minAmount} and ${maxAmount} fen` }], extra: { minAmount, maxAmount } });
  }
  const account = await payoutAccountFor(ctx, { kind: 'reseller', id: resellerId }, input.payoutAccountId);
  if (!account) throw new AppError('validation_failed', { fields: [{ path: 'payoutAccountId', message: 'add a bank card or wallet account first' }] });
  const id = await withTx(ctx, async (t) => {
    const [prev] = await t.db.select().from(withdrawals).where(and(eq(withdrawals.resellerId, resellerId), eq(withdrawals.idempotencyKey, input.idempotencyKey)));
    if (prev) {
      if (prev.amount !== input.amount || prev.payoutAccountId !== account.id) throw new AppError('idempotency_key_reused');
      return prev.id;
    }
    await lockReseller(t, resellerId);
    const [{ today }] = (await t.db.execute<{ today: number }>(sql`
      SELECT count(*)::int AS today FROM withdrawals WHERE reseller_id = ${resellerId} AND status IN ('requested','approved')
        AND created_at >= (date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')`)).rows;
    if (today >= dailyCount) throw new AppError('withdrawal_not_allowed', { detail: `at most ${dailyCount} withdrawals a day`, extra: { dailyCount } });
    const available = await spendable(t, resellerId);
    if (available < input.amount) throw new AppError('available_insufficient', { extra: { available } });
    const wid = newId('wdr');
    await t.db.insert(withdrawals).values({ id: wid, resellerId, amount: input.amount, fee: withdrawalFee(policy, input.amount), payoutAccountId: account.id, status: 'requested', idempotencyKey: input.idempotencyKey });
    return wid;
  });
  return getWithdrawal(ctx, id);
}

function fundingKey(withdrawalId: string): string {
  return `withdrawal:${withdrawalId}:funded`;
}

/**
 * The operator approves requested withdrawals (one or a batch). Each, exactly once: the amount
 * leaves the reseller's available balance — Dr available the amount / Cr payouts in flight the
 * amount less the fee / Cr withdrawal fees the fee — and its payout goes to the provider; a failed
 * payout returns that entry exactly, fee included. A withdrawal the balance no longer covers (a
 * clawback since it was asked) is skipped as `insufficient`, for the operator to reject.
 */
export async function approveWithdrawals(ctx: Ctx, ids: string[]): Promise<{ approved: WithdrawalView[]; skipped: { id: string; status: string }[] }> {
  authorize(ctx, 'withdrawals.decide');
  const approved: string[] = [];
  const skipped: { id: string; status: string }[] = [];
  for (const id of [...new Set(ids)]) {
    await withTx(ctx, async (t) => {
      const [head] = await t.db.select({ resellerId: withdrawals.resellerId }).from(withdrawals).where(eq(withdrawals.id, id));
      if (!head) { skipped.push({ id, status: 'not_found' }); return; }
      await lockReseller(t, head.resellerId);
      const [w] = await t.db.select().from(withdrawals).where(eq(withdrawals.id, id)).for('update');
      if (w.status !== 'requested') { skipped.push({ id, status: w.status }); return; }
      if ((await spendable(t, w.resellerId, w.id)) < w.amount) { skipped.push({ id, status: 'insufficient' }); return; }
      await t.db.update(withdrawals).set({ status: 'approved', decidedAt: new Date(), decidedBy: actorRecord(t.actor) }).where(eq(withdrawals.id, id));
      await post(t, {
        kind: 'withdrawal_funded', causeType: 'withdrawal', causeId: w.id, idempotencyKey: fundingKey(w.id), currency: w.currency,
        lines: [
          { account: 'reseller_margin_available', partyId: w.resellerId, amount: w.amount },
          { account: 'payouts_in_flight', partyId: w.resellerId, amount: -(w.amount - w.fee) },
          { account: 'withdrawal_fees', partyId: '', amount: -w.fee },
        ],
      });
      await createPayout(t, { purpose: 'withdrawal', causeId: w.id, partyId: w.resellerId, payoutAccountId: w.payoutAccountId, amount: w.amount - w.fee, currency: w.currency, fundingEntryKey: fundingKey(w.id), remark: 'Sellthrough 提现' });
      approved.push(id);
    });
  }
  return { approved: await Promise.all(approved.map((id) => getWithdrawal(ctx, id))), skipped };
}

/** The operator rejects a requested withdrawal, or the reseller cancels it: what it set aside is available again. */
export async function closeWithdrawal(ctx: Ctx, id: string, how: { reject?: string }): Promise<WithdrawalView> {
  const rejecting = how.reject !== undefined;
  authorize(ctx, rejecting ? 'withdrawals.decide' : 'withdrawals.request');
  await withTx(ctx, async (t) => {
    const [w] = await t.db.select().from(withdrawals).where(eq(withdrawals.id, id)).for('update');
    if (!w || (ctx.actor.kind === 'reseller' && w.resellerId !== ctx.actor.resellerId)) throw new AppError('not_found');
    if (w.status !== 'requested') throw new AppError('invalid_transition', { detail: `the withdrawal is ${w.status}` });
    await t.db.update(withdrawals).set({ status: rejecting ? 'rejected' : 'cancelled', decidedAt: new Date(), decidedBy: actorRecord(t.actor), rejectReason: how.reject ?? null }).where(eq(withdrawals.id, id));
  });
  return getWithdrawal(ctx, id);
}

function accountOf(a: { kind: string; holderName: string; accountNoMasked: string; bankName: string | null } | undefined): WithdrawalView['account'] {
  return a ? { kind: a.kind as NonNullable<WithdrawalView['account']>['kind'], holderName: a.holderName, accountNoMasked: a.accountNoMasked, bankName: a.bankName } : null;
}

export async function getWithdrawal(ctx: Ctx, id: string): Promise<WithdrawalView> {
  const [w] = await ctx.db.select().from(withdrawals).where(eq(withdrawals.id, id));
  authorize(ctx, 'settlement.read', { resellerId: w?.resellerId ?? '\u0000' });
  if (!w || ctx.actor.kind === 'brand') throw new AppError('not_found');
  return (await withdrawalViews(ctx, [w]))[0];
}

/** A withdrawal as the reseller reads it: its own status until approved, then its payout's (paying, paid, failed). */
function withdrawalStatus(w: { status: string }, payout: PayoutView | undefined): WithdrawalView['status'] {
  if (w.status !== 'approved') return w.status as WithdrawalView['status'];
  return payout?.status === 'succeeded' ? 'paid' : payout?.status === 'failed' ? 'failed' : 'paying';
}

async function withdrawalViews(ctx: Ctx, rows: (typeof withdrawals.$inferSelect & { resellerName?: string })[]): Promise<WithdrawalView[]> {
  const paid = await payoutsOf(ctx, { purpose: 'withdrawal', causeIds: rows.filter((w) => w.status === 'approved').map((w) => w.id) });
  // The account as paid (the payout's snapshot), or, before a payout, the account asked for.
  const accounts = await payoutAccountsByIds(ctx, rows.filter((w) => !paid.has(w.id)).map((w) => w.payoutAccountId));
  return rows.map((w) => {
    const p = paid.get(w.id);
    const status = withdrawalStatus(w, p);
    return {
      id: w.id, resellerId: w.resellerId, resellerName: w.resellerName, amount: w.amount, fee: w.fee, net: w.amount - w.fee, currency: w.currency, status,
      payoutAccountId: w.payoutAccountId, account: p?.account ?? accountOf(accounts.get(w.payoutAccountId)), rejectReason: w.rejectReason, failure: p?.failureMessage ?? p?.failureCode ?? null,
      createdAt: w.createdAt, decidedAt: w.decidedAt, paidAt: p?.status === 'succeeded' ? p.settledAt : null,
    };
  });
}

/** Withdrawals newest first: a reseller's own, or the operator's queue (by status). */
export async function listWithdrawals(ctx: Ctx, q: { status?: 'requested' | 'approved' | 'rejected' | 'cancelled'; resellerId?: string; cursor?: string; limit?: number }): Promise<{ items: WithdrawalView[]; nextCursor: string | null }> {
  const resellerId = scopeReseller(ctx.actor, q.resellerId);
  authorize(ctx, 'settlement.read', resellerId ? { resellerId } : undefined);
  if (ctx.actor.kind === 'brand' || (ctx.actor.kind !== 'reseller' && ctx.actor.kind !== 'operator' && ctx.actor.kind !== 'system')) throw new AppError('forbidden');
  const limit = pageSize(q.limit);
  const rows = await ctx.db.select({ w: withdrawals, name: sql<string>`(SELECT name FROM resellers r WHERE r.id = ${withdrawals.resellerId})` }).from(withdrawals).where(and(
    resellerId ? eq(withdrawals.resellerId, resellerId) : undefined,
    q.status ? eq(withdrawals.status, q.status) : undefined,
    q.cursor ? lt(withdrawals.id, q.cursor) : undefined,
  )).orderBy(desc(withdrawals.id)).limit(limit + 1);
  const { page, nextCursor } = keysetPage(rows, limit, (r) => r.w.id);
  return { items: await withdrawalViews(ctx, page.map((r) => ({ ...r.w, resellerName: r.name }))), nextCursor };
}
