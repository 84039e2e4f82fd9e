// Settlement across modules: orders whose return window is over are completed and settled in the
// same transaction (exactly once, no scan of history); units given back after settlement take
// back the rewards earned on them; the membership fee's payment activates the term; the monthly
// jobs (levels, review preview, brand statements). docs/settlement.md, docs/membership.md.
import { sql } from 'drizzle-orm';
import { systemCtx, withTx, type Ctx } from '../platform/context.ts';
import { previousShanghaiMonth } from '../platform/time.ts';
import { completeDeliveredOrders, giveBackUnits, type GiveBack, type GivenBack } from '../modules/orders/index.ts';
import { settleOrders, clawBackRewards, closeBrandStatements } from '../modules/settlement/index.ts';
import { currentPolicy, recomputeLevels, previewReview, listReviews, confirmReview, type ReviewView } from '../modules/resellers/index.ts';
import { sendRefunds } from './payment-settlement.flow.ts';

/**
 * The job: delivered orders past their window become completed and are settled, a batch per
 * transaction, `workers` transactions at a time (default 2): each claims its own batch (SKIP
 * LOCKED), so a backlog after an event day is settled on more than one of the database's cores.
 * A batch's rewards count the invitee's sales settled by transactions committed before it.
 */
export async function completeAndSettleOrders(ctx: Ctx, opts: { batch?: number; maxBatches?: number; workers?: number } = {}): Promise<{ orders: number; lines: number; rewards: number }> {
  const sys = systemCtx(ctx);
  const batch = opts.batch ?? 500;
  const maxBatches = opts.maxBatches ?? 200;
  const policy = await currentPolicy(sys);
  const total = { orders: 0, lines: 0, rewards: 0 };
  let started = 0;
  let done = false;
  const worker = async () => {
    while (!done && started < maxBatches) {
      started++;
      try {
        const r = await withTx(sys, async (t) => {
          const ids = await completeDeliveredOrders(t, batch);
          const s = await settleOrders(t, ids, policy);
          return { n: ids.length, ...s };
        });
        total.orders += r.orders;
        total.lines += r.lines;
        total.rewards += r.rewards;
        if (r.n < batch) done = true;
      } catch (e) {
        done = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.workers ?? 2) }, worker));
  return total;
}

/**
 * Orders completed before settlement existed, or by hand: settle those not yet settled (a bounded
 * catch-up, run once when the jobs start and then hourly).
 */
export async function settleCompletedBacklog(ctx: Ctx, limit = 2000): Promise<number> {
  const sys = systemCtx(ctx);
  const ids = (await sys.db.execute<{ id: string }>(sql`
    SELECT o.id FROM orders o WHERE o.status = 'completed' AND NOT EXISTS (SELECT 1 FROM order_settlements s WHERE s.order_id = o.id) LIMIT ${limit}`)).rows.map((r) => r.id);
  if (ids.length === 0) return 0;
  const r = await withTx(sys, (t) => settleOrders(t, ids));
  return r.orders;
}

/**
 * Give back units of a paid order (orders.giveBackUnits) and, for lines already settled, take back
 * the rewards earned on those units — in one transaction, exactly once per key.
 */
export async function giveBack(ctx: Ctx, orderId: string, g: GiveBack): Promise<GivenBack> {
  return withTx(ctx, async (t) => {
    const before = await t.db.execute<{ id: string; remaining: number }>(sql`
      SELECT id, quantity - qty_refunded AS remaining FROM order_lines WHERE order_id = ${orderId} AND id = ANY(${sql.param(g.units.map((u) => u.orderLineId))}::text[])`);
    const remaining = new Map(before.rows.map((r) => [r.id, Number(r.remaining)]));
    const back = await giveBackUnits(t, orderId, g);
    if (!back.duplicate) {
      await clawBackRewards(t, {
        idempotencyKey: g.idempotencyKey, causeType: g.causeType, causeId: g.causeId,
        units: g.units.map((u) => ({ orderLineId: u.orderLineId, quantity: u.quantity, remainingBefore: remaining.get(u.orderLineId) ?? u.quantity })),
      });
    }
    return back;
  });
}

/** The monthly review's preview for the month just ended, made once (the operator may rebuild it and confirms it). */
export async function monthlyReviewJob(ctx: Ctx): Promise<string | null> {
  const sys = systemCtx(ctx);
  const month = previousShanghaiMonth();
  const made = await listReviews(sys);
  if (made.items.some((r) => r.month === month)) return null;
  return (await previewReview(sys, month)).id;
}

/** Confirm a review and send the fee refunds it made through the gateway. */
export async function confirmMonthlyReview(ctx: Ctx, id: string, input: { remove: string[] }): Promise<ReviewView> {
  const { review, refundIds } = await confirmReview(ctx, id, input);
  await sendRefunds(ctx, refundIds);
  return review;
}

export async function levelsJob(ctx: Ctx): Promise<number> {
  return (await recomputeLevels(systemCtx(ctx), 'job')).changed;
}

export async function brandStatementsJob(ctx: Ctx): Promise<number> {
  return (await closeBrandStatements(systemCtx(ctx), previousShanghaiMonth())).closed;
}
