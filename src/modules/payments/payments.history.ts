// Dating order payments in the past, for a demo's history (src/demo/seed-history.ts): when an
// order is dated back, its payment intent, the gateway charge and the sandbox gateway's own record
// of that charge move with it, so the gateway's day and ours stay the same day.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';

/** Each order's intent, charges and sandbox charges shifted by its interval (PostgreSQL interval text). */
export async function shiftOrderPayments(ctx: Ctx, shifts: { orderId: string; shift: string }[]): Promise<void> {
  if (ctx.actor.kind !== 'system') throw new AppError('forbidden');
  if (shifts.length === 0) return;
  await ctx.db.execute(sql`
    WITH d AS (SELECT * FROM unnest(${sql.param(shifts.map((x) => x.orderId))}::text[], ${sql.param(shifts.map((x) => x.shift))}::interval[]) AS d(order_id, shift)),
    i AS (UPDATE payment_intents i SET created_at = i.created_at + d.shift, succeeded_at = i.succeeded_at + d.shift
          FROM d WHERE i.order_id = d.order_id RETURNING i.id, d.shift),
    c AS (UPDATE payment_charges c SET created_at = c.created_at + i.shift, paid_at = c.paid_at + i.shift, settled_at = c.settled_at + i.shift, checked_at = c.checked_at + i.shift
          FROM i WHERE c.intent_id = i.id RETURNING c.provider, c.merchant_ref, i.shift)
    UPDATE sandbox_charges g SET created_at = g.created_at + c.shift, paid_at = g.paid_at + c.shift, updated_at = g.updated_at + c.shift
    FROM c WHERE c.provider = 'sandbox' AND g.merchant_ref = c.merchant_ref`);
}
