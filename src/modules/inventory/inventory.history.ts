// Dating stock movements in the past, for a demo's history (src/demo/seed-history.ts): the
// movements an order caused move with it when the order is dated back.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';

/** Each order's stock movements shifted by its interval (PostgreSQL interval text). */
export async function shiftOrderMovements(ctx: Ctx, shifts: { orderId: string; shift: string }[]): Promise<void> {
  if (ctx.actor.kind !== 'system') throw new AppError('forbidden');
  if (shifts.length === 0) return;
  await ctx.db.execute(sql`
    UPDATE stock_movements s SET created_at = s.created_at + d.shift
    FROM unnest(${sql.param(shifts.map((x) => x.orderId))}::text[], ${sql.param(shifts.map((x) => x.shift))}::interval[]) AS d(order_id, shift)
    WHERE s.order_id = d.order_id`);
}
