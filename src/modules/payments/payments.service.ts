// Payment intents, wallet top-ups and refunds. Calls to the gateway happen outside database
// transactions; the database remembers what was asked so a retry asks again, never twice.
import crypto from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { post } from '../ledger/index.ts';
import { paymentIntents, walletTopups, refunds, paymentNotifications } from './payments.tables.ts';
import type { VerifiedNotification } from './payments.provider.ts';

export type IntentRow = typeof paymentIntents.$inferSelect;

export function notifyUrl(ctx: Ctx): string {
  return `${ctx.deps.config.publicUrl}/api/v1/payments/notify/${ctx.deps.payments.name}`;
}

/** Record that something must be paid; inside the caller's transaction. */
export async function openIntent(ctx: Ctx, p: { orderId?: string; topupId?: string; amount: number; currency: string }): Promise<IntentRow> {
  const purpose = p.orderId ? 'order' : 'topup';
  const [row] = await ctx.db.insert(paymentIntents).values({
    id: newId('pay'), purpose, orderId: p.orderId ?? null, topupId: p.topupId ?? null, amount: p.amount, currency: p.currency, provider: ctx.deps.payments.name,
  }).returning();
  return row;
}

/** The gateway knows each try of an intent by its own reference: the id, then id.2, id.3 … */
export function merchantRefOf(intent: Pick<IntentRow, 'id' | 'attempt'>): string {
  return intent.attempt === 1 ? intent.id : `${intent.id}.${intent.attempt}`;
}

/** Open (or reopen, idempotently) the gateway charge for an intent; returns where to pay. */
export async function attachCharge(ctx: Ctx, intentId: string, description: string, returnUrl?: string): Promise<IntentRow> {
  const [intent] = await ctx.db.select().from(paymentIntents).where(eq(paymentIntents.id, intentId));
  if (!intent) throw new AppError('not_found');
  if (intent.providerRef && intent.payUrl) return intent;
  const charge = await ctx.deps.payments.createCharge({ merchantRef: merchantRefOf(intent), amount: intent.amount, currency: intent.currency, description, notifyUrl: notifyUrl(ctx), returnUrl });
  const [row] = await ctx.db.update(paymentIntents).set({ providerRef: charge.providerRef, payUrl: charge.payUrl }).where(eq(paymentIntents.id, intentId)).returning();
  return row;
}

export async function intentForOrder(ctx: Ctx, orderId: string): Promise<IntentRow | null> {
  const [i] = await ctx.db.select().from(paymentIntents).where(eq(paymentIntents.orderId, orderId));
  return i ?? null;
}

/** Lock an intent by the gateway's merchantRef (our id, with the try number after a dot). */
export async function lockIntent(ctx: Ctx, merchantRef: string): Promise<IntentRow | null> {
  const [i] = await ctx.db.select().from(paymentIntents).where(eq(paymentIntents.id, merchantRef.split('.')[0])).for('update');
  return i ?? null;
}

/** After a declined payment: the intent may be paid again, through a new gateway charge. */
export async function reopenIntent(ctx: Ctx, intentId: string): Promise<boolean> {
  const r = await ctx.db.update(paymentIntents).set({ status: 'requires_payment', attempt: sql`${paymentIntents.attempt} + 1`, providerRef: null, payUrl: null })
    .where(and(eq(paymentIntents.id, intentId), eq(paymentIntents.status, 'failed'))).returning({ id: paymentIntents.id });
  return r.length === 1;
}

export async function markIntent(ctx: Ctx, intentId: string, to: 'succeeded' | 'failed'): Promise<boolean> {
  const r = await ctx.db.update(paymentIntents).set({ status: to, succeededAt: to === 'succeeded' ? sql`now()` : null })
    .where(and(eq(paymentIntents.id, intentId), eq(paymentIntents.status, 'requires_payment'))).returning({ id: paymentIntents.id });
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
export async function requestTopup(ctx: Ctx, input: { amount: number; idempotencyKey: string }): Promise<TopupView> {
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
  await attachCharge(ctx, intent.id, 'wallet top-up');
  return getTopup(ctx, topupId);
}

export async function getTopup(ctx: Ctx, id: string): Promise<TopupView> {
  const [t] = await ctx.db.select().from(walletTopups).where(eq(walletTopups.id, id));
  authorize(ctx, 'wallet.topup', { resellerId: t?.resellerId ?? '\u0000' });
  if (!t) throw new AppError('not_found');
  const [i] = await ctx.db.select().from(paymentIntents).where(eq(paymentIntents.topupId, id));
  return { id: t.id, resellerId: t.resellerId, amount: t.amount, currency: t.currency, status: t.status, createdAt: t.createdAt, payment: { id: i.id, status: i.status, payUrl: i.payUrl } };
}

/** A top-up's payment succeeded: credit the wallet (once). */
export async function completeTopup(ctx: Ctx, intent: IntentRow, outcome: 'succeeded' | 'failed'): Promise<void> {
  const r = await ctx.db.update(walletTopups).set({ status: outcome }).where(and(eq(walletTopups.id, intent.topupId!), eq(walletTopups.status, 'pending'))).returning();
  if (r.length === 0 || outcome === 'failed') return;
  await post(ctx, {
    kind: 'wallet_topup', causeType: 'topup', causeId: r[0].id, idempotencyKey: `topup:${r[0].id}`, currency: r[0].currency,
    lines: [
      { account: 'provider_cash', partyId: '', amount: r[0].amount },
      { account: 'reseller_wallet', partyId: r[0].resellerId, amount: -r[0].amount },
    ],
  });
}

/** A payment that arrived for something no longer payable: hold the money as owed back. */
export async function receiveForRefund(ctx: Ctx, intent: IntentRow): Promise<void> {
  await post(ctx, {
    kind: 'late_payment', causeType: 'payment', causeId: intent.id, idempotencyKey: `late:${intent.id}`, currency: intent.currency,
    lines: [
      { account: 'provider_cash', partyId: '', amount: intent.amount },
      { account: 'refunds_in_flight', partyId: '', amount: -intent.amount },
    ],
  });
}

export type RefundRow = typeof refunds.$inferSelect;

/** Record a refund to send (inside the caller's transaction). Idempotent on its key. */
export async function createRefund(ctx: Ctx, r: { paymentId: string; orderId?: string; amount: number; reason: string; idempotencyKey: string }): Promise<RefundRow> {
  await ctx.db.insert(refunds).values({ id: newId('rfd'), paymentId: r.paymentId, orderId: r.orderId ?? null, amount: r.amount, reason: r.reason, idempotencyKey: r.idempotencyKey })
    .onConflictDoNothing({ target: refunds.idempotencyKey });
  const [row] = await ctx.db.select().from(refunds).where(eq(refunds.idempotencyKey, r.idempotencyKey));
  return row;
}

/** Ask the gateway to send a recorded refund. Safe to call again: the gateway dedupes on our id. */
export async function submitRefund(ctx: Ctx, refundId: string): Promise<void> {
  const [r] = await ctx.db.select().from(refunds).where(eq(refunds.id, refundId));
  if (!r || r.providerRef || r.status !== 'pending') return;
  const [intent] = await ctx.db.select().from(paymentIntents).where(eq(paymentIntents.id, r.paymentId));
  if (!intent.providerRef) throw new Error(`refund ${r.id}: payment ${intent.id} has no gateway charge`);
  const res = await ctx.deps.payments.refund({ chargeRef: intent.providerRef, merchantRef: r.id, amount: r.amount, notifyUrl: notifyUrl(ctx) });
  await ctx.db.update(refunds).set({ providerRef: res.providerRef }).where(and(eq(refunds.id, r.id), isNull(refunds.providerRef)));
}

/** The job: send refunds that were recorded but not yet accepted by the gateway. */
export async function submitPendingRefunds(ctx: Ctx): Promise<number> {
  const rows = await ctx.db.select({ id: refunds.id }).from(refunds)
    .where(and(eq(refunds.status, 'pending'), isNull(refunds.providerRef), sql`${refunds.createdAt} < now() - interval '5 seconds'`)).limit(100);
  for (const r of rows) await submitRefund(ctx, r.id).catch((e) => ctx.log.warn({ err: e, refundId: r.id }, 'refund submission failed; will retry'));
  return rows.length;
}

/** The gateway says a refund settled (or failed). Success moves money out of refunds in flight. */
export async function settleRefund(ctx: Ctx, merchantRef: string, outcome: 'succeeded' | 'failed'): Promise<void> {
  const r = await ctx.db.update(refunds).set({ status: outcome, settledAt: sql`now()` })
    .where(and(eq(refunds.id, merchantRef), eq(refunds.status, 'pending'))).returning();
  if (r.length === 0 || outcome === 'failed') {
    if (r.length === 1) ctx.log.error({ refundId: merchantRef }, 'gateway refused a refund; money remains in refunds_in_flight for an operator');
    return;
  }
  await post(ctx, {
    kind: 'refund_settled', causeType: 'refund', causeId: r[0].id, idempotencyKey: `refund:${r[0].id}`, currency: r[0].currency,
    lines: [
      { account: 'refunds_in_flight', partyId: '', amount: r[0].amount },
      { account: 'provider_cash', partyId: '', amount: -r[0].amount },
    ],
  });
}

export async function refundsForOrder(ctx: Ctx, orderId: string): Promise<RefundRow[]> {
  return ctx.db.select().from(refunds).where(eq(refunds.orderId, orderId));
}
