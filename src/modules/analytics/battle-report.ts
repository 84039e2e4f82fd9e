// 销售战报: a sale event's live battle report — units sold, sell-through, "N sold in M minutes",
// sold-out SKUs, top SKUs, buyers and selling resellers, the sales curve — social proof the
// operator, the brand and every reseller may show. Never a price below what consumers see: no
// base price, no money but units. A read model over pools and paid orders.
import { sql } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';

export interface BattleReport {
  saleEventId: string; title: string; brandName: string; status: string; startsAt: Date; endsAt: Date; now: Date;
  totals: { initial: number; sold: number; sellThroughBps: number; orders: number; buyers: number; resellers: number; skus: number; soldOutSkus: number };
  /** "开场 M 分钟售出 N 件": the first M minutes of the event (at most the first two hours), N units paid in them. */
  opening: { minutes: number; units: number };
  /** The busiest ten minutes so far. */
  peak: { at: string; units: number } | null;
  topSkus: { productName: string; colour: string; size: string; sold: number; initial: number; sellThroughBps: number }[];
  /** Units paid, cumulated, per 10 minutes for the first 24 hours then per hour (China time). */
  curve: { at: string; units: number; cumulative: number }[];
}

const OPENING_MAX_MINUTES = 120;

/** A sale event's battle report. Brands see their own events'; resellers and the operator any event past its draft. */
export async function battleReport(ctx: Ctx, saleEventId: string): Promise<BattleReport> {
  const [ev] = (await ctx.db.execute<{ id: string; brand_id: string; brand_name: string; title: string; status: string; starts_at: string; ends_at: string; now: string }>(sql`
    SELECT e.id, e.brand_id, b.name AS brand_name, e.title, e.status, e.starts_at, e.ends_at, now() AS now
    FROM sale_events e JOIN brands b ON b.id = e.brand_id WHERE e.id = ${saleEventId} AND e.status <> 'draft'`)).rows;
  authorize(ctx, 'analytics.battle-report', ctx.actor.kind === 'brand' ? { brandId: ev?.brand_id ?? '\u0000' } : undefined);
  if (!ev) throw new AppError('not_found');
  const q = async <T extends Record<string, unknown>>(s: ReturnType<typeof sql>) => (await ctx.db.execute<T>(s)).rows;
  const paid = sql`o.paid_at IS NOT NULL AND o.status <> 'cancelled'`;
  const [pool] = await q<{ initial: number; sold: number; skus: number; sold_out: number }>(sql`
    SELECT coalesce(sum(initial),0)::int AS initial, coalesce(sum(sold),0)::int AS sold, count(*)::int AS skus,
           count(*) FILTER (WHERE available = 0 AND held = 0 AND sold > 0)::int AS sold_out
    FROM pools WHERE sale_event_id = ${saleEventId}`);
  const [people] = await q<{ orders: number; buyers: number; resellers: number }>(sql`
    SELECT count(DISTINCT o.id)::int AS orders, count(DISTINCT o.consumer_phone)::int AS buyers, count(DISTINCT o.reseller_id)::int AS resellers
    FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.sale_event_id = ${saleEventId} AND ${paid}`);
  const [opening] = await q<{ minutes: number; units: number }>(sql`
    WITH m AS (SELECT greatest(1, least(${OPENING_MAX_MINUTES}, ceil(extract(epoch FROM (least(now(), e.ends_at) - e.starts_at)) / 60)))::int AS minutes, e.starts_at
               FROM sale_events e WHERE e.id = ${saleEventId})
    SELECT m.minutes, coalesce((SELECT sum(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id
      WHERE l.sale_event_id = ${saleEventId} AND ${paid} AND o.paid_at < m.starts_at + make_interval(mins => m.minutes)), 0)::int AS units FROM m`);
  const topSkus = await q<BattleReport['topSkus'][number]>(sql`
    SELECT pr.name AS "productName", s.colour, s.size, p.sold, p.initial,
           CASE WHEN p.initial = 0 THEN 0 ELSE p.sold * 10000 / p.initial END::int AS "sellThroughBps"
    FROM pools p JOIN skus s ON s.id = p.sku_id JOIN products pr ON pr.id = s.product_id
    WHERE p.sale_event_id = ${saleEventId} AND p.sold > 0 ORDER BY p.sold DESC, "sellThroughBps" DESC, pr.name LIMIT 5`);
  const buckets = await q<{ at: string; units: number }>(sql`
    SELECT to_char(CASE WHEN o.paid_at < e.starts_at + interval '1 day'
                        THEN date_bin('10 minutes', o.paid_at, e.starts_at) ELSE date_bin('1 hour', o.paid_at, e.starts_at) END AT TIME ZONE ${'Asia/Shanghai'},
                   'YYYY-MM-DD"T"HH24:MI') AS at, sum(l.quantity)::int AS units
    FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN sale_events e ON e.id = l.sale_event_id
    WHERE l.sale_event_id = ${saleEventId} AND ${paid} GROUP BY 1 ORDER BY 1`);
  let cumulative = 0;
  const curve = buckets.map((b) => ({ at: b.at, units: b.units, cumulative: (cumulative += b.units) }));
  // The peak among the ten-minute buckets (the first day's).
  const tens = buckets.filter((b) => new Date(`${b.at}:00+08:00`).getTime() < new Date(ev.starts_at).getTime() + 86_400_000);
  const peak = tens.reduce<{ at: string; units: number } | null>((best, b) => (!best || b.units > best.units ? { at: b.at, units: b.units } : best), null);
  return {
    saleEventId: ev.id, title: ev.title, brandName: ev.brand_name, status: ev.status, startsAt: new Date(ev.starts_at), endsAt: new Date(ev.ends_at), now: new Date(ev.now),
    totals: {
      initial: pool.initial, sold: pool.sold, sellThroughBps: pool.initial ? Math.floor((pool.sold * 10_000) / pool.initial) : 0,
      orders: people.orders, buyers: people.buyers, resellers: people.resellers, skus: pool.skus, soldOutSkus: pool.sold_out,
    },
    opening, peak, topSkus, curve,
  };
}
