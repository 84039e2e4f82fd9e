// Payment intents (one per thing to pay), the charges opened for them at the gateway (one per
// try), wallet top-ups and refunds. Calls to the gateway happen outside database transactions;
// the database remembers what was asked, so a retry asks again, never twice: the gateway knows
// every charge and refund by our reference.
import crypto from 'node:crypto';
import { and, desc, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { violates } from '../../platform/database.ts';
import { newId } from '../../platform/ids.ts';
import { post } from '../ledger/index.ts';
import { paymentIntents, paymentCharges, walletTopups, refunds, paymentNotifications, chargeLines, refundLines } from './payments.tables.ts';
import type { ChargeState, ChargeStatus, RefundState, VerifiedNotification } from '../../platform/payment-provider.ts';
import { pageSize, keysetPage, newestFirst } from '../../platform/paging.ts';

export type IntentRow = typeof paymentIntents.$inferSelect;
export type ChargeRow = typeof paymentCharges.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;
/** An intent with its current try's pay link (null until the gateway opened it). */
export type IntentView = IntentRow & { payUrl: string | null };

export function notifyUrl(ctx: Ctx): string {
  return `${ctx.deps.config.publicUrl}/api/v1/payments/notify/${ctx.deps.payments.name}`;
}

/** The gateway knows each try of an intent by our reference: the intent id, then id.2, id.3 … */
export function merchantRefOf(intentId: string, attempt: number): string {
  return attempt === 1 ? intentId : `${intentId}.${attempt}`;
}

async function insertCharge(ctx: Ctx, intent: Pick<IntentRow, 'id' | 'attempt' | 'amount' | 'currency' | 'provider'>): Promise<void> {
  await ctx.db.insert(paymentCharges).values({
    id: newId('chg'), intentId: intent.id, attempt: intent.attempt, provider: intent.provider, merchantRef: merchantRefOf(intent.id, intent.attempt),
    amount: intent.amount, currency: intent.currency,
  });
}

/** Record that something must be paid, with its first charge (not yet at the gateway); inside the caller's transaction. */
export async function openIntent(ctx: Ctx, p: { orderId?: string; topupId?: string; membershipTermId?: string; amount: number; currency: string }): Promise<IntentRow> {
  const purpose = p.orderId ? 'order' : p.membershipTermId ? 'membership' : 'topup';
  const [row] = await ctx.db.insert(paymentIntents).values({
    id: newId('pay'), purpose, orderId: p.orderId ?? null, topupId: p.topupId ?? null, membershipTermId: p.membershipTermId ?? null, amount: p.amount, currency: p.currency, provider: ctx.deps.payments.name,
  }).returning();
  await insertCharge(ctx, row);
  return row;
}

const withPayUrl = {
  intent: paymentIntents,
  // Spelled out: drizzle may render a column unqualified, and inside this subquery "id" would be the charge's.
  payUrl: sql<string | null>`(SELECT c.pay_url FROM payment_charges c WHERE c.intent_id = payment_intents.id AND c.attempt = payment_intents.attempt)`,
};

function intentView(r: { intent: IntentRow; payUrl: string | null }): IntentView {
  return { ...r.intent, payUrl: r.payUrl };
}

export async function intentForOrder(ctx: Ctx, orderId: string): Promise<IntentView | null> {
  const [r] = await ctx.db.select(withPayUrl).from(paymentIntents).where(eq(paymentIntents.orderId, orderId));
  return r ? intentView(r) : null;
}

/** The payment of a membership term's fee, with its pay link. */
export async function intentForMembershipTerm(ctx: Ctx, termId: string): Promise<IntentView | null> {
  const [r] = await ctx.db.select(withPayUrl).from(paymentIntents).where(eq(paymentIntents.membershipTermId, termId));
  return r ? intentView(r) : null;
}

export async function intentById(ctx: Ctx, id: string): Promise<IntentView | null> {
  const [r] = await ctx.db.select(withPayUrl).from(paymentIntents).where(eq(paymentIntents.id, id));
  return r ? intentView(r) : null;
}

/** The charge of an intent's current try. */
export async function currentCharge(ctx: Ctx, intent: Pick<IntentRow, 'id' | 'attempt'>): Promise<ChargeRow | null> {
  const [c] = await ctx.db.select().from(paymentCharges).where(and(eq(paymentCharges.intentId, intent.id), eq(paymentCharges.attempt, intent.attempt)));
  return c ?? null;
}

/**
 * Open the current try of an intent at the gateway (once: the gateway dedupes on our reference)
 * and remember its pay link. Returns what the gateway says when the charge is no longer payable
 * (a reference closed meanwhile), for the caller to apply; null when it is payable or nothing was due.
 */
export async function attachCharge(ctx: Ctx, intentId: string, description: string, returnUrl?: string): Promise<ChargeStatus | null> {
  const intent = await intentById(ctx, intentId);
  if (!intent || intent.status !== 'requires_payment') return null;
  const charge = await currentCharge(ctx, intent);
  if (!charge || charge.status !== 'open' || (charge.providerRef && charge.payUrl)) return null;
  const opened = await ctx.deps.payments.createCharge({ merchantRef: charge.merchantRef, amount: charge.amount, currency: charge.currency, description, notifyUrl: notifyUrl(ctx), returnUrl });
  await ctx.db.update(paymentCharges).set({ providerRef: opened.providerRef, payUrl: opened.status === 'pending' ? opened.payUrl : null })
    .where(and(eq(paymentCharges.id, charge.id), isNull(paymentCharges.providerRef), eq(paymentCharges.status, 'open')));
  return opened.status === 'pending' ? null : opened.status;
}

/** Lock the charge the gateway knows by this reference of ours. */
export async function lockCharge(ctx: Ctx, merchantRef: string): Promise<ChargeRow | null> {
  const [c] = await ctx.db.select().from(paymentCharges)
    .where(and(eq(paymentCharges.provider, ctx.deps.payments.name), eq(paymentCharges.merchantRef, merchantRef))).for('update');
  return c ?? null;
}

export async function lockIntent(ctx: Ctx, intentId: string): Promise<IntentRow | null> {
  const [i] = await ctx.db.select().from(paymentIntents).where(eq(paymentIntents.id, intentId)).for('update');
  return i ?? null;
}

/**
 * What the gateway says became of a charge we hold open: succeeded (money taken, at paidAt),
 * failed (declined) or closed. Once only: a charge leaves `open` one way. The gateway's books
 * are the truth about money: a success it reports for a try we had given up on is recorded too
 * (the caller gives that money back).
 */
export async function recordChargeOutcome(ctx: Ctx, charge: ChargeRow, state: { status: ChargeState['status']; providerRef: string | null; paidAt: Date | null }): Promise<boolean> {
  const to = state.status;
  if (to === 'pending') return false;
  const from = to === 'succeeded' ? ['open', 'failed', 'closed'] : ['open'];
  const r = await ctx.db.update(paymentCharges).set({
    status: to, captured: to === 'succeeded' ? charge.amount : 0, paidAt: to === 'succeeded' ? state.paidAt ?? sql`now()` : null,
    providerRef: charge.providerRef ?? state.providerRef, settledAt: sql`now()`, checkedAt: sql`now()`,
  }).where(and(eq(paymentCharges.id, charge.id), inArray(paymentCharges.status, from))).returning({ id: paymentCharges.id });
  return r.length === 1;
}

/** A charge the gateway took that matches no payment of ours: recorded (once) so it can be given back. */
export async function recordUnmatchedCharge(ctx: Ctx, state: ChargeState): Promise<ChargeRow | null> {
  const r = await ctx.db.insert(paymentCharges).values({
    id: newId('chg'), intentId: null, attempt: null, provider: ctx.deps.payments.name, merchantRef: state.merchantRef, providerRef: state.providerRef,
    amount: state.amount, currency: state.currency, status: 'succeeded', captured: state.amount, paidAt: state.paidAt ?? sql`now()`, settledAt: sql`now()`,
  }).onConflictDoNothing().returning();
  return r[0] ?? null;
}

/** Note that the gateway was asked about these charges (the sweep asks each again a minute later). */
export async function markChargesChecked(ctx: Ctx, ids: string[]): Promise<void> {
  if (ids.length) await ctx.db.update(paymentCharges).set({ checkedAt: sql`now()` }).where(inArray(paymentCharges.id, ids));
}

/**
 * Charges still open that the gateway has not told us about: older than `minAgeSeconds`, not
 * asked about in the last minute. `overdue`: open past the longest time it could still be paid
 * for — a top-up's pay window, or an order's hold (plus a margin): such a charge is closed.
 */
export async function chargesToCheck(ctx: Ctx, opts: { minAgeSeconds: number; topupPayMinutes: number; orderPayMinutes: number; limit: number }): Promise<(ChargeRow & { overdue: boolean })[]> {
  const rows = await ctx.db.select({
    c: paymentCharges,
    overdue: sql<boolean>`${paymentCharges.createdAt} < now() - make_interval(mins => CASE WHEN ${paymentIntents.purpose} = 'topup' THEN ${opts.topupPayMinutes}::int ELSE ${opts.orderPayMinutes}::int END)`,
  }).from(paymentCharges).leftJoin(paymentIntents, eq(paymentIntents.id, paymentCharges.intentId))
    .where(and(eq(paymentCharges.status, 'open'), sql`${paymentCharges.createdAt} < now() - make_interval(secs => ${opts.minAgeSeconds})`,
      or(isNull(paymentCharges.checkedAt), sql`${paymentCharges.checkedAt} < now() - interval '60 seconds'`)))
    .orderBy(paymentCharges.createdAt).limit(opts.limit);
  return rows.map((r) => ({ ...r.c, overdue: r.overdue }));
}

/** Open charges of these orders' intents: what must be closed at the gateway before their holds are given up. */
export async function openChargesOfOrders(ctx: Ctx, orderIds: string[]): Promise<(ChargeRow & { orderId: string })[]> {
  if (orderIds.length === 0) return [];
  const rows = await ctx.db.select({ c: paymentCharges, orderId: paymentIntents.orderId }).from(paymentCharges)
    .innerJoin(paymentIntents, eq(paymentIntents.id, paymentCharges.intentId))
    .where(and(inArray(paymentIntents.orderId, orderIds), eq(paymentCharges.status, 'open')));
  return rows.map((r) => ({ ...r.c, orderId: r.orderId! }));
}

/** After a declined (or closed) try: the intent may be paid again, through a new charge. */
export async function reopenIntent(ctx: Ctx, intentId: string): Promise<boolean> {
  return withTx(ctx, async (t) => {
    const r = await t.db.update(paymentIntents).set({ status: 'requires_payment', attempt: sql`${paymentIntents.attempt} + 1` })
      .where(and(eq(paymentIntents.id, intentId), eq(paymentIntents.status, 'failed'))).returning();
    if (r.length === 0) return false;
    await insertCharge(t, r[0]);
    return true;
  });
}

export async function markIntent(ctx: Ctx, intentId: string, to: 'succeeded' | 'failed', from: ('requires_payment' | 'failed')[] = ['requires_payment']): Promise<boolean> {
  const r = await ctx.db.update(paymentIntents).set({ status: to, succeededAt: to === 'succeeded' ? sql`now()` : null })
    .where(and(eq(paymentIntents.id, intentId), inArray(paymentIntents.status, from))).returning({ id: paymentIntents.id });
  return r.length === 1;
}

/** Remember a notification; false if this event id was already handled (a duplicate). */
export async function recordNotification(ctx: Ctx, v: VerifiedNotification, payload: unknown, outcome: string): Promise<boolean> {
  const r = await ctx.db.insert(paymentNotifications).values({ id: newId('ntf'), provider: ctx.deps.payments.name, eventId: v.eventId, type: v.type, payload, outcome })
    .onConflictDoNothing().returning({ id: paymentNotifications.id });
  return r.length === 1;
}

export function requestHash(body: unknown): string {
  return crypto.hash('sha256', JSON.stringify(body));
}

export interface TopupView { id: string; resellerId: string; amount: number; currency: string; status: string; payment: { id: string; status: string; payUrl: string | null }; createdAt: Date }

/** Top up my wallet through the gateway. The same idempotency key returns the same top-up. */
export async function requestTopup(ctx: Ctx, input: { amount: number; idempotencyKey: string; returnUrl?: string }): Promise<TopupView> {
  authorize(ctx, 'wallet.topup');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const resellerId = ctx.actor.resellerId;
  const hash = requestHash({ amount: input.amount });
  const topupId = await withTx(ctx, async (t) => {
    const id = newId('top');
    const ins = await t.db.insert(walletTopups).values({ id, resellerId, amount: input.amount, idempotencyKey: input.idempotencyKey, requestHash: hash })
      .onConflictDoNothing().returning({ id: walletTopups.id });
    if (ins.length === 0) {
      const [prev] = await t.db.select().from(walletTopups).where(and(eq(walletTopups.resellerId, resellerId), eq(walletTopups.idempotencyKey, input.idempotencyKey)));
      if (prev.requestHash !== hash) throw new AppError('idempotency_key_reused');
      return prev.id;
    }
    await openIntent(t, { topupId: id, amount: input.amount, currency: 'CNY' });
    return id;
  });
  const [intent] = await ctx.db.select().from(paymentIntents).where(eq(paymentIntents.topupId, topupId));
  await attachCharge(ctx, intent.id, 'wallet top-up', input.returnUrl);
  return getTopup(ctx, topupId);
}

export async function getTopup(ctx: Ctx, id: string): Promise<TopupView> {
  const [t] = await ctx.db.select().from(walletTopups).where(eq(walletTopups.id, id));
  authorize(ctx, 'wallet.topup', { resellerId: t?.resellerId ?? '\u0000' });
  if (!t) throw new AppError('not_found');
  const [r] = await ctx.db.select(withPayUrl).from(paymentIntents).where(eq(paymentIntents.topupId, id));
  const i = intentView(r);
  return { id: t.id, resellerId: t.resellerId, amount: t.amount, currency: t.currency, status: t.status, createdAt: t.createdAt, payment: { id: i.id, status: i.status, payUrl: t.status === 'pending' ? i.payUrl : null } };
}

/**
 * A top-up's payment came to an end: succeeded credits the wallet (once); failed (declined) or
 * expired (not paid within the pay window, its charge closed) ends it with nothing moved. A
 * success the gateway reports after all still credits the wallet: the money was taken.
 */
export async function completeTopup(ctx: Ctx, intent: IntentRow, outcome: 'succeeded' | 'failed' | 'expired'): Promise<void> {
  const from = outcome === 'succeeded' ? ['pending', 'failed', 'expired'] : ['pending'];
  const r = await ctx.db.update(walletTopups).set({ status: outcome }).where(and(eq(walletTopups.id, intent.topupId!), inArray(walletTopups.status, from))).returning();
  if (r.length === 0 || outcome !== 'succeeded') return;
  await post(ctx, {
    kind: 'wallet_topup', causeType: 'topup', causeId: r[0].id, idempotencyKey: `topup:${r[0].id}`, currency: r[0].currency,
    lines: [
      { account: 'provider_cash', partyId: '', amount: r[0].amount },
      { account: 'reseller_wallet', partyId: r[0].resellerId, amount: -r[0].amount },
    ],
  });
}

/** Money a charge took that nothing will keep (paid too late, paid twice, matched nothing): held as owed back. */
export async function receiveForRefund(ctx: Ctx, charge: Pick<ChargeRow, 'id' | 'amount' | 'currency'>): Promise<void> {
  await post(ctx, {
    kind: 'late_payment', causeType: 'charge', causeId: charge.id, idempotencyKey: `late:${charge.id}`, currency: charge.currency,
    lines: [
      { account: 'provider_cash', partyId: '', amount: charge.amount },
      { account: 'refunds_in_flight', partyId: '', amount: -charge.amount },
    ],
  });
}

/** The charge that paid an intent. */
export async function succeededChargeOf(ctx: Ctx, intentId: string): Promise<ChargeRow | null> {
  const [c] = await ctx.db.select().from(paymentCharges).where(and(eq(paymentCharges.intentId, intentId), eq(paymentCharges.status, 'succeeded')))
    .orderBy(paymentCharges.attempt).limit(1);
  return c ?? null;
}

/**
 * Record a refund to send (inside the caller's transaction). Idempotent on its key. Its charge's
 * refunded total rises with it, and can never pass what the charge captured (a CHECK).
 */
export async function createRefund(ctx: Ctx, r: { chargeId: string; paymentId: string | null; orderId?: string; amount: number; reason: string; idempotencyKey: string; lines?: { orderLineId: string; amount: number }[] }): Promise<RefundRow> {
  const lines = (r.lines ?? []).filter((l) => l.amount > 0);
  if (lines.length && lines.reduce((a, l) => a + l.amount, 0) !== r.amount) throw new Error(`refund ${r.idempotencyKey}: its lines do not add up to ${r.amount}`);
  return withTx(ctx, async (t) => {
    const [charge] = await t.db.select().from(paymentCharges).where(eq(paymentCharges.id, r.chargeId));
    const ins = await t.db.insert(refunds).values({
      id: newId('rfd'), paymentId: r.paymentId, chargeId: r.chargeId, orderId: r.orderId ?? null, amount: r.amount, currency: charge.currency, reason: r.reason, idempotencyKey: r.idempotencyKey,
    }).onConflictDoNothing({ target: refunds.idempotencyKey }).returning();
    if (ins.length === 1) {
      try {
        await t.db.update(paymentCharges).set({ refunded: sql`${paymentCharges.refunded} + ${r.amount}` }).where(eq(paymentCharges.id, r.chargeId));
      } catch (e) {
        if (violates(e, 'payment_charges_refund_ck')) throw new AppError('refund_exceeds_payment', { extra: { chargeId: r.chargeId } });
        throw e;
      }
      if (lines.length) {
        await t.db.insert(refundLines).values(lines.map((l) => ({ refundId: ins[0].id, orderLineId: l.orderLineId, amount: l.amount })));
        // Each line's refunds stay within what the charge paid for it (charge_lines_ck).
        const moved = await t.db.execute(sql`UPDATE charge_lines c SET refunded = c.refunded + x.amount
          FROM unnest(${sql.param(lines.map((l) => l.orderLineId))}::text[], ${sql.param(lines.map((l) => l.amount))}::bigint[]) AS x(line, amount)
          WHERE c.charge_id = ${r.chargeId} AND c.order_line_id = x.line RETURNING c.order_line_id`).catch((e) => {
          if (violates(e, 'charge_lines_ck')) throw new AppError('refund_exceeds_payment', { extra: { chargeId: r.chargeId } });
          throw e;
        });
        if (moved.rows.length !== lines.length) throw new Error(`refund ${r.idempotencyKey}: a line it names was not paid by charge ${r.chargeId}`);
      }
      return ins[0];
    }
    const [row] = await t.db.select().from(refunds).where(eq(refunds.idempotencyKey, r.idempotencyKey));
    return row;
  });
}

/** Ask the gateway to send a recorded refund. Safe to call again: the gateway dedupes on our id. */
export async function submitRefund(ctx: Ctx, refundId: string): Promise<void> {
  const [r] = await ctx.db.select({ refund: refunds, chargeRef: paymentCharges.providerRef }).from(refunds)
    .innerJoin(paymentCharges, eq(paymentCharges.id, refunds.chargeId)).where(eq(refunds.id, refundId));
  if (!r || r.refund.providerRef || r.refund.status !== 'pending') return;
  if (!r.chargeRef) throw new Error(`refund ${refundId}: its charge has no gateway reference`);
  const res = await ctx.deps.payments.refund({ chargeRef: r.chargeRef, merchantRef: r.refund.id, amount: r.refund.amount, notifyUrl: notifyUrl(ctx) });
  await ctx.db.update(refunds).set({ providerRef: res.providerRef }).where(and(eq(refunds.id, refundId), isNull(refunds.providerRef)));
}

/** The job: send refunds that were recorded but not yet accepted by the gateway. */
export async function submitPendingRefunds(ctx: Ctx): Promise<number> {
  const rows = await ctx.db.select({ id: refunds.id }).from(refunds)
    .where(and(eq(refunds.status, 'pending'), isNull(refunds.providerRef), sql`${refunds.createdAt} < now() - interval '5 seconds'`)).limit(100);
  for (const r of rows) await submitRefund(ctx, r.id).catch((e) => ctx.log.warn({ err: e, refundId: r.id }, 'refund submission failed; will retry'));
  return rows.length;
}

/** Refunds the gateway accepted and has not told us the outcome of, older than `minAgeSeconds`, not asked about in the last minute. */
export async function refundsToCheck(ctx: Ctx, opts: { minAgeSeconds: number; limit: number }): Promise<RefundRow[]> {
  return ctx.db.select().from(refunds)
    .where(and(eq(refunds.status, 'pending'), isNotNull(refunds.providerRef), sql`${refunds.createdAt} < now() - make_interval(secs => ${opts.minAgeSeconds})`,
      or(isNull(refunds.checkedAt), sql`${refunds.checkedAt} < now() - interval '60 seconds'`)))
    .orderBy(refunds.createdAt).limit(opts.limit);
}

export async function markRefundsChecked(ctx: Ctx, ids: string[]): Promise<void> {
  if (ids.length) await ctx.db.update(refunds).set({ checkedAt: sql`now()` }).where(inArray(refunds.id, ids));
}

/**
 * The gateway says a refund settled (or failed). Success moves money out of refunds in flight;
 * a failure gives the amount back to its charge's refundable total, and the money stays in
 * refunds in flight for an operator.
 */
export async function settleRefund(ctx: Ctx, state: Pick<RefundState, 'merchantRef' | 'status'>): Promise<boolean> {
  if (state.status === 'pending') return false;
  return withTx(ctx, async (t) => {
    const r = await t.db.update(refunds).set({ status: state.status, settledAt: sql`now()`, checkedAt: sql`now()` })
      .where(and(eq(refunds.id, state.merchantRef), eq(refunds.status, 'pending'))).returning();
    if (r.length === 0) return false;
    if (state.status === 'failed') {
      await t.db.update(paymentCharges).set({ refunded: sql`${paymentCharges.refunded} - ${r[0].amount}` }).where(eq(paymentCharges.id, r[0].chargeId));
      await t.db.execute(sql`UPDATE charge_lines c SET refunded = c.refunded - l.amount FROM refund_lines l
        WHERE l.refund_id = ${r[0].id} AND c.charge_id = ${r[0].chargeId} AND c.order_line_id = l.order_line_id`);
      t.log.error({ refundId: r[0].id }, 'gateway refused a refund; money remains in refunds_in_flight for an operator');
      return true;
    }
    await post(t, {
      kind: 'refund_settled', causeType: 'refund', causeId: r[0].id, idempotencyKey: `refund:${r[0].id}`, currency: r[0].currency,
      lines: [
        { account: 'refunds_in_flight', partyId: '', amount: r[0].amount },
        { account: 'provider_cash', partyId: '', amount: -r[0].amount },
      ],
    });
    return true;
  });
}

export interface RefundSummary { id: string; amount: number; currency: string; status: 'pending' | 'succeeded' | 'failed'; reason: string; createdAt: Date; settledAt: Date | null }

function refundSummary(r: RefundRow): RefundSummary {
  return { id: r.id, amount: r.amount, currency: r.currency, status: r.status as RefundSummary['status'], reason: r.reason, createdAt: r.createdAt, settledAt: r.settledAt };
}

/** An order's refunds, oldest first (callers check access to the order). */
export async function refundsForOrder(ctx: Ctx, orderId: string): Promise<RefundSummary[]> {
  return (await ctx.db.select().from(refunds).where(eq(refunds.orderId, orderId)).orderBy(refunds.createdAt, refunds.id)).map(refundSummary);
}

/** Refunds of many orders at once (lists), by order id. */
export async function refundsForOrders(ctx: Ctx, orderIds: string[]): Promise<Map<string, RefundSummary[]>> {
  const out = new Map<string, RefundSummary[]>();
  if (orderIds.length === 0) return out;
  for (const r of await ctx.db.select().from(refunds).where(inArray(refunds.orderId, orderIds)).orderBy(refunds.createdAt, refunds.id)) {
    const list = out.get(r.orderId!) ?? [];
    list.push(refundSummary(r));
    out.set(r.orderId!, list);
  }
  return out;
}

export interface RefundFilter { status?: 'pending' | 'succeeded' | 'failed'; q?: string; cursor?: string; limit?: number }
export interface RefundListItem extends RefundSummary { orderId: string | null; orderNo: string | null; chargeId: string; paymentId: string | null; providerRef: string | null }

// The operator's lists run newest first by the time made (paging.ts newestFirst), as the orders
// list does: the demo's history and any imported payment have new ids and old times.
const refundsByTime = newestFirst(refunds.createdAt, refunds.id);
const paymentsByTime = newestFirst(paymentIntents.createdAt, paymentIntents.id);

/** The operator's refund list, newest first: by status, or one refund, order (id or number), payment or gateway reference. */
export async function listRefunds(ctx: Ctx, f: RefundFilter): Promise<{ items: RefundListItem[]; nextCursor: string | null }> {
  authorize(ctx, 'payments.read');
  const limit = pageSize(f.limit);
  const q = f.q?.trim();
  const conds: (SQL | undefined)[] = [
    f.status ? eq(refunds.status, f.status) : undefined,
    f.cursor ? refundsByTime.after(f.cursor) : undefined,
    q ? or(
      eq(refunds.id, q), eq(refunds.orderId, q), eq(refunds.paymentId, q), eq(refunds.providerRef, q), eq(refunds.chargeId, q),
      // The number people read out (订单号) is the orders module's; a read of its unique key.
      sql`${refunds.orderId} = (SELECT o.id FROM orders o WHERE o.order_no = ${q})`,
    ) : undefined,
  ];
  const rows = await ctx.db.select({ refund: refunds, key: refundsByTime.key, orderNo: sql<string | null>`(SELECT o.order_no FROM orders o WHERE o.id = ${refunds.orderId})` })
    .from(refunds).where(and(...conds)).orderBy(...refundsByTime.order).limit(limit + 1);
  const { page, nextCursor } = keysetPage(rows, limit, (r) => r.key);
  return {
    items: page.map(({ refund: r, orderNo }) => ({ ...refundSummary(r), orderId: r.orderId, orderNo, chargeId: r.chargeId, paymentId: r.paymentId, providerRef: r.providerRef })),
    nextCursor,
  };
}

export type IntentStatus = 'requires_payment' | 'succeeded' | 'failed';
export interface PaymentFilter { status?: IntentStatus; purpose?: 'order' | 'topup' | 'membership'; q?: string; from?: Date; to?: Date; cursor?: string; limit?: number }
export interface PaymentListItem {
  id: string; purpose: 'order' | 'topup' | 'membership'; orderId: string | null; orderNo: string | null; topupId: string | null; amount: number; currency: string;
  status: IntentStatus; attempt: number; provider: string; createdAt: Date; succeededAt: Date | null;
  /** Every try at the gateway, the newest first. */
  charges: { id: string; attempt: number | null; merchantRef: string; providerRef: string | null; status: string; captured: number; refunded: number; paidAt: Date | null; createdAt: Date }[];
}

/**
 * The operator's payment list, newest first by when it began: by status, purpose and when it began ([from, to)),
 * or found by payment id, order id or order number, top-up id, charge id, our reference at the
 * gateway or the gateway's own reference.
 */
export async function listPayments(ctx: Ctx, f: PaymentFilter): Promise<{ items: PaymentListItem[]; nextCursor: string | null }> {
  authorize(ctx, 'payments.read');
  const limit = pageSize(f.limit);
  const q = f.q?.trim();
  const conds: (SQL | undefined)[] = [
    f.status ? eq(paymentIntents.status, f.status) : undefined,
    f.purpose ? eq(paymentIntents.purpose, f.purpose) : undefined,
    f.from ? sql`${paymentIntents.createdAt} >= ${f.from.toISOString()}` : undefined,
    f.to ? sql`${paymentIntents.createdAt} < ${f.to.toISOString()}` : undefined,
    f.cursor ? paymentsByTime.after(f.cursor) : undefined,
    q ? or(
      eq(paymentIntents.id, q), eq(paymentIntents.orderId, q), eq(paymentIntents.topupId, q),
      sql`EXISTS (SELECT 1 FROM payment_charges c WHERE c.intent_id = ${paymentIntents.id} AND (c.id = ${q} OR c.merchant_ref = ${q} OR c.provider_ref = ${q}))`,
      // The number people read out (订单号) is the orders module's; a read of its unique key.
      sql`${paymentIntents.orderId} = (SELECT o.id FROM orders o WHERE o.order_no = ${q})`,
    ) : undefined,
  ];
  const rows = await ctx.db.select({ intent: paymentIntents, key: paymentsByTime.key, orderNo: sql<string | null>`(SELECT o.order_no FROM orders o WHERE o.id = ${paymentIntents.orderId})` })
    .from(paymentIntents).where(and(...conds)).orderBy(...paymentsByTime.order).limit(limit + 1);
  const { page, nextCursor } = keysetPage(rows, limit, (r) => r.key);
  const charges = page.length ? await ctx.db.select().from(paymentCharges).where(inArray(paymentCharges.intentId, page.map((r) => r.intent.id))).orderBy(desc(paymentCharges.createdAt), desc(paymentCharges.id)) : [];
  return {
    items: page.map(({ intent: i, orderNo }) => ({
      id: i.id, purpose: i.purpose as 'order' | 'topup' | 'membership', orderId: i.orderId, orderNo, topupId: i.topupId, amount: i.amount, currency: i.currency,
      status: i.status as IntentStatus, attempt: i.attempt, provider: i.provider, createdAt: i.createdAt, succeededAt: i.succeededAt,
      charges: charges.filter((c) => c.intentId === i.id).map((c) => ({
        id: c.id, attempt: c.attempt, merchantRef: c.merchantRef, providerRef: c.providerRef, status: c.status, captured: c.captured, refunded: c.refunded, paidAt: c.paidAt, createdAt: c.createdAt,
      })),
    })),
    nextCursor,
  };
}

/** Our record of the charges and refunds the gateway names (for the reconciliation report). */
export async function chargesByProviderRefs(ctx: Ctx, refs: string[]): Promise<Map<string, ChargeRow>> {
  if (refs.length === 0) return new Map();
  const rows = await ctx.db.select().from(paymentCharges).where(and(eq(paymentCharges.provider, ctx.deps.payments.name), inArray(paymentCharges.providerRef, refs)));
  return new Map(rows.map((r) => [r.providerRef!, r]));
}

export async function refundsByIds(ctx: Ctx, ids: string[]): Promise<Map<string, RefundRow>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.select().from(refunds).where(inArray(refunds.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Σ captured − Σ refunds settled, per currency, in the platform's own books: what the ledger's provider cash must equal. */
export async function netCapturedByCurrency(ctx: Ctx): Promise<Map<string, number>> {
  const r = await ctx.db.execute<{ currency: string; net: string }>(sql`
    SELECT currency, sum(n)::text AS net FROM (
      SELECT currency, captured AS n FROM payment_charges WHERE status = 'succeeded'
      UNION ALL SELECT currency, -amount FROM refunds WHERE status = 'succeeded') x GROUP BY currency`);
  return new Map(r.rows.map((x) => [x.currency, Number(x.net)]));
}

/** What a charge paid for each order line (from the sale's ledger lines): the ceiling of each line's refunds. Once. */
export async function recordChargeLines(ctx: Ctx, chargeId: string, lines: { orderLineId: string; amount: number }[]): Promise<void> {
  const live = lines.filter((l) => l.amount > 0);
  if (live.length) await ctx.db.insert(chargeLines).values(live.map((l) => ({ chargeId, orderLineId: l.orderLineId, captured: l.amount }))).onConflictDoNothing();
}

/**
 * Record a refund of an order's gateway payment (inside the caller's transaction): against the
 * charge that paid it, naming the order lines it is for. Nothing to refund, no refund (null).
 */
export async function refundOrderPayment(ctx: Ctx, r: { orderId: string; amount: number; reason: string; idempotencyKey: string; lines?: { orderLineId: string; amount: number }[] }): Promise<string | null> {
  if (r.amount <= 0) return null;
  const intent = await intentForOrder(ctx, r.orderId);
  const charge = intent ? await succeededChargeOf(ctx, intent.id) : null;
  if (!intent || !charge) throw new Error(`order ${r.orderId} owes ${r.amount} back but has no captured charge`);
  return (await createRefund(ctx, { chargeId: charge.id, paymentId: intent.id, orderId: r.orderId, amount: r.amount, reason: r.reason, idempotencyKey: r.idempotencyKey, lines: r.lines })).id;
}
