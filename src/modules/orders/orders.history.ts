// Dating orders in the past, for a demo's history (src/demo/seed-history.ts): orders placed and
// paid through the use cases today are moved back to when they are to have been paid. Only the
// system may do it; amounts, statuses and lines are left as they are.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';

/** How far an order was moved back in time (a PostgreSQL interval, as text). */
export interface OrderShift { orderId: string; shift: string }

/**
 * Paid orders moved so that each was paid at its `at`: created, paid and hold times shifted by the
 * same interval (the order's own sequence kept). Answers each order's shift, for the records its
 * placement wrote in other modules.
 */
export async function backdatePaidOrders(ctx: Ctx, dated: { id: string; at: Date }[]): Promise<OrderShift[]> {
  if (ctx.actor.kind !== 'system') throw new AppError('forbidden');
  if (dated.length === 0) return [];
  const rows = (await ctx.db.execute<{ id: string; shift: string }>(sql`
    WITH m AS (SELECT * FROM unnest(${sql.param(dated.map((o) => o.id))}::text[], ${sql.param(dated.map((o) => o.at.toISOString()))}::timestamptz[]) AS m(id, at)),
    d AS (SELECT o.id, m.at - o.paid_at AS shift FROM orders o JOIN m ON m.id = o.id WHERE o.paid_at IS NOT NULL)
    UPDATE orders o SET created_at = o.created_at + d.shift, paid_at = o.paid_at + d.shift, hold_expires_at = o.hold_expires_at + d.shift
    FROM d WHERE o.id = d.id RETURNING o.id, d.shift::text AS shift`)).rows;
  return rows.map((r) => ({ orderId: r.id, shift: r.shift }));
}

/**
 * Shipped (and delivered) orders dated from when they were paid: shipped and delivered at the
 * instants the given SQL expressions (over the order row `o`) say, the return window counted from
 * that delivery.
 */
export async function dateShipments(ctx: Ctx, ids: string[], at: { shipped: ReturnType<typeof sql>; delivered: ReturnType<typeof sql> }): Promise<void> {
  if (ctx.actor.kind !== 'system') throw new AppError('forbidden');
  if (ids.length === 0) return;
  await ctx.db.execute(sql`
    UPDATE orders o SET shipped_at = ${at.shipped},
      delivered_at = CASE WHEN o.delivered_at IS NOT NULL THEN ${at.delivered} END,
      return_window_ends_at = CASE WHEN o.delivered_at IS NOT NULL THEN ${at.delivered} + make_interval(days => ${ctx.deps.config.fulfilment.returnWindowDays}) END
    WHERE o.id = ANY(${sql.param(ids)}::text[]) AND o.shipped_at IS NOT NULL`);
}
