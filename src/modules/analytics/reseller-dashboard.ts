// A reseller's figures for today, 7 or 30 days (Asia/Shanghai days): sales, margin, orders,
// buyers, visitors and conversion, a day-by-day curve, top products, and what each channel
// (微信群, 朋友圈, 私聊, a link without a channel) brought. A read model over the orders and the
// storefront's view records; only the signed-in reseller's rows are read.
import { sql, type SQL } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';

const TZ = 'Asia/Shanghai';

export interface ResellerDashboard {
  days: number; from: string; to: string;
  totals: { sales: number; margin: number; orders: number; units: number; buyers: number; visitors: number; views: number; conversionBps: number };
  previous: { sales: number; orders: number; visitors: number };
  daily: { day: string; sales: number; margin: number; orders: number; visitors: number }[];
  topProducts: { productId: string; name: string; units: number; sales: number }[];
  channels: { channel: string; visitors: number; views: number; orders: number; buyers: number; sales: number; conversionBps: number }[];
}

const bps = (part: number, whole: number) => (whole > 0 ? Math.floor((part * 10_000) / whole) : 0);

/** Days from `days - 1` China days ago to today, as SQL. */
const fromDay = (days: number) => sql`((now() AT TIME ZONE ${TZ})::date - ${days - 1}::int)`;
/** A timestamp column on one of the last `days` China days. */
const inLastDays = (col: SQL, days: number) => sql`(${col} AT TIME ZONE ${TZ})::date >= ${fromDay(days)}`;

/**
 * A reseller's paid orders (not cancelled) of the last `days` China days (1: today): sales (what
 * was charged), margin (selling less base), orders, units and buyers (phones) — one query for the
 * figures page and 我的 → 今日数据 alike.
 */
export async function paidTotals(ctx: Ctx, resellerId: string, days: number): Promise<{ sales: number; margin: number; orders: number; units: number; buyers: number }> {
  const [t] = (await ctx.db.execute<{ sales: string; margin: string; orders: number; units: number; buyers: number }>(sql`
    SELECT coalesce(sum(o.selling_total),0)::bigint AS sales, coalesce(sum(o.selling_total - o.base_total),0)::bigint AS margin,
           count(*)::int AS orders, coalesce(sum(u.units),0)::int AS units, count(DISTINCT o.consumer_phone)::int AS buyers
    FROM orders o CROSS JOIN LATERAL (SELECT sum(quantity) AS units FROM order_lines WHERE order_id = o.id) u
    WHERE o.reseller_id = ${resellerId} AND o.paid_at IS NOT NULL AND o.status <> 'cancelled' AND ${inLastDays(sql`o.paid_at`, days)}`)).rows;
  return { sales: Number(t.sales), margin: Number(t.margin), orders: t.orders, units: t.units, buyers: t.buyers };
}

/**
 * The signed-in reseller's dashboard over the last `days` China days (1: today). Sales are what
 * consumers paid on paid orders not cancelled; margin is selling less base price (a storefront
 * order's margin is credited to the reseller; on their own orders it is what they charged over
 * the base price). Conversion: visitors who bought (their visitor id ordered and paid in the
 * period) per visitor — at most 100%.
 */
export async function resellerDashboard(ctx: Ctx, days: 1 | 7 | 30): Promise<ResellerDashboard> {
  authorize(ctx, 'resellers.self');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const me = ctx.actor.resellerId;
  const q = async <T extends Record<string, unknown>>(s: ReturnType<typeof sql>) => (await ctx.db.execute<T>(s)).rows;
  const from = fromDay(days);
  const inPeriod = (col: SQL) => inLastDays(col, days);
  const [range] = await q<{ from: string; to: string }>(sql`SELECT to_char(${from}, 'YYYY-MM-DD') AS from, to_char((now() AT TIME ZONE ${TZ})::date, 'YYYY-MM-DD') AS to`);
  const t = await paidTotals(ctx, me, days);
  // Visitors who bought: a visitor of the period whose visitor id ordered (visitor_consumers) and
  // whose phone paid an order of mine in the period.
  const bought = sql`EXISTS (SELECT 1 FROM visitor_consumers vc JOIN orders o ON o.consumer_phone = vc.consumer_phone
      AND o.reseller_id = ${me} AND o.paid_at IS NOT NULL AND o.status <> 'cancelled' AND ${inPeriod(sql`o.paid_at`)}
    WHERE vc.visitor_id = sv.visitor_id)`;
  const [v] = await q<{ visitors: number; views: number; buying: number }>(sql`
    SELECT count(DISTINCT visitor_id)::int AS visitors, count(*)::int AS views, count(DISTINCT visitor_id) FILTER (WHERE ${bought})::int AS buying
    FROM storefront_views sv WHERE reseller_id = ${me} AND ${inPeriod(sql`at`)}`);
  const [prev] = await q<{ sales: number; orders: number; visitors: number }>(sql`
    SELECT (SELECT coalesce(sum(selling_total),0)::bigint FROM orders WHERE reseller_id = ${me} AND paid_at IS NOT NULL AND status <> 'cancelled'
              AND (paid_at AT TIME ZONE ${TZ})::date BETWEEN ${from} - ${days}::int AND ${from} - 1) AS sales,
           (SELECT count(*)::int FROM orders WHERE reseller_id = ${me} AND paid_at IS NOT NULL AND status <> 'cancelled'
              AND (paid_at AT TIME ZONE ${TZ})::date BETWEEN ${from} - ${days}::int AND ${from} - 1) AS orders,
           (SELECT count(DISTINCT visitor_id)::int FROM storefront_views WHERE reseller_id = ${me}
              AND (at AT TIME ZONE ${TZ})::date BETWEEN ${from} - ${days}::int AND ${from} - 1) AS visitors`);
  const daily = await q<{ day: string; sales: number; margin: number; orders: number; visitors: number }>(sql`
    WITH d AS (SELECT generate_series(${from}, (now() AT TIME ZONE ${TZ})::date, interval '1 day')::date AS day),
         o AS (SELECT (paid_at AT TIME ZONE ${TZ})::date AS day, sum(selling_total) AS sales, sum(selling_total - base_total) AS margin, count(*) AS orders
               FROM orders WHERE reseller_id = ${me} AND paid_at IS NOT NULL AND status <> 'cancelled' AND ${inPeriod(sql`paid_at`)} GROUP BY 1),
         v AS (SELECT (at AT TIME ZONE ${TZ})::date AS day, count(DISTINCT visitor_id) AS visitors
               FROM storefront_views WHERE reseller_id = ${me} AND ${inPeriod(sql`at`)} GROUP BY 1)
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, coalesce(o.sales,0)::bigint AS sales, coalesce(o.margin,0)::bigint AS margin,
           coalesce(o.orders,0)::int AS orders, coalesce(v.visitors,0)::int AS visitors
    FROM d LEFT JOIN o ON o.day = d.day LEFT JOIN v ON v.day = d.day ORDER BY d.day`);
  const topProducts = await q<{ productId: string; name: string; units: number; sales: number }>(sql`
    SELECT l.product_id AS "productId", p.name, sum(l.quantity)::int AS units, sum(l.selling_price * l.quantity)::bigint AS sales
    FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id
    WHERE o.reseller_id = ${me} AND o.paid_at IS NOT NULL AND o.status <> 'cancelled' AND ${inPeriod(sql`o.paid_at`)}
    GROUP BY l.product_id, p.name ORDER BY units DESC, sales DESC, p.name LIMIT 5`);
  const channels = await q<{ channel: string; visitors: number; views: number; buying: number; orders: number; buyers: number; sales: number }>(sql`
    WITH v AS (SELECT coalesce(channel, 'direct') AS channel, count(DISTINCT visitor_id) AS visitors, count(*) AS views,
                      count(DISTINCT visitor_id) FILTER (WHERE ${bought}) AS buying
               FROM storefront_views sv WHERE reseller_id = ${me} AND ${inPeriod(sql`at`)} GROUP BY 1),
         o AS (SELECT coalesce(l.channel, 'direct') AS channel, count(*) AS orders, count(DISTINCT o.consumer_phone) AS buyers, sum(o.selling_total) AS sales
               FROM orders o LEFT JOIN share_links l ON l.code = o.share_link
               WHERE o.reseller_id = ${me} AND o.kind = 'storefront' AND o.paid_at IS NOT NULL AND o.status <> 'cancelled' AND ${inPeriod(sql`o.paid_at`)} GROUP BY 1)
    SELECT coalesce(v.channel, o.channel) AS channel, coalesce(v.visitors,0)::int AS visitors, coalesce(v.views,0)::int AS views, coalesce(v.buying,0)::int AS buying,
           coalesce(o.orders,0)::int AS orders, coalesce(o.buyers,0)::int AS buyers, coalesce(o.sales,0)::bigint AS sales
    FROM v FULL JOIN o ON o.channel = v.channel ORDER BY sales DESC, visitors DESC`);
  const n = (x: unknown) => Number(x);
  return {
    days, from: range.from, to: range.to,
    totals: { ...t, visitors: v.visitors, views: v.views, conversionBps: bps(v.buying, v.visitors) },
    previous: { sales: n(prev.sales), orders: prev.orders, visitors: prev.visitors },
    daily: daily.map((d) => ({ ...d, sales: n(d.sales), margin: n(d.margin) })),
    topProducts: topProducts.map((p) => ({ ...p, sales: n(p.sales) })),
    channels: channels.map(({ buying, ...c }) => ({ ...c, sales: n(c.sales), conversionBps: bps(buying, c.visitors) })),
  };
}
