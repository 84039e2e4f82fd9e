// Figures people would rather look at than read: the operator's day, a brand's sell-through,
// a reseller's sales. A read model: it reads the modules' tables with SQL and writes nothing.
import { sql } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { paidTotals } from './reseller-dashboard.ts';

export interface Overview {
  today: { gmv: number; orders: number; units: number; liveEvents: number; activeResellers: number; pendingPayment: number };
  yesterday: { gmv: number; orders: number };
  hourly: { hour: number; gmv: number; orders: number }[];
  daily: { day: string; gmv: number; orders: number }[];
  topEvents: { saleEventId: string; title: string; brandName: string; units: number; gmv: number }[];
  /** The last 7 China days: storefront visitors, those who bought, and what each share channel brought. */
  traffic: Traffic;
}

export interface Traffic {
  visitors: number; views: number; buyingVisitors: number; conversionBps: number;
  channels: { channel: string; visitors: number; views: number; orders: number; sales: number; conversionBps: number }[];
}

/**
 * Storefront traffic over the last 7 China days, for the platform or one sale event: visitors
 * (anonymous visitor ids), views, visitors who bought (their visitor id ordered and that phone
 * paid an order in the period), and per share channel ('direct': no share link).
 */
async function traffic(ctx: Ctx, saleEventId: string | null): Promise<Traffic> {
  const q = async <T extends Record<string, unknown>>(s: ReturnType<typeof sql>) => (await ctx.db.execute<T>(s)).rows;
  const since = sql`(((now() AT TIME ZONE ${TZ})::date - 6)::timestamp AT TIME ZONE ${TZ})`;
  const ofEvent = saleEventId ? sql`AND sv.sale_event_id = ${saleEventId}` : sql``;
  const bought = sql`EXISTS (SELECT 1 FROM visitor_consumers vc JOIN orders o ON o.consumer_phone = vc.consumer_phone
      AND o.paid_at >= ${since} AND o.status <> 'cancelled' WHERE vc.visitor_id = sv.visitor_id)`;
  const [v] = await q<{ visitors: number; views: number; buying: number }>(sql`
    SELECT count(DISTINCT visitor_id)::int AS visitors, count(*)::int AS views, count(DISTINCT visitor_id) FILTER (WHERE ${bought})::int AS buying
    FROM storefront_views sv WHERE sv.at >= ${since} ${ofEvent}`);
  const ordersOfEvent = saleEventId ? sql`AND EXISTS (SELECT 1 FROM order_lines ol WHERE ol.order_id = o.id AND ol.sale_event_id = ${saleEventId})` : sql``;
  const channels = await q<{ channel: string; visitors: number; views: number; buying: number; orders: number; sales: number }>(sql`
    WITH v AS (SELECT coalesce(channel, 'direct') AS channel, count(DISTINCT visitor_id) AS visitors, count(*) AS views, count(DISTINCT visitor_id) FILTER (WHERE ${bought}) AS buying
               FROM storefront_views sv WHERE sv.at >= ${since} ${ofEvent} GROUP BY 1),
         o AS (SELECT coalesce(l.channel, 'direct') AS channel, count(*) AS orders, sum(o.selling_total) AS sales
               FROM orders o LEFT JOIN share_links l ON l.code = o.share_link
               WHERE o.kind = 'storefront' AND o.paid_at >= ${since} AND o.status <> 'cancelled' ${ordersOfEvent} GROUP BY 1)
    SELECT coalesce(v.channel, o.channel) AS channel, coalesce(v.visitors,0)::int AS visitors, coalesce(v.views,0)::int AS views, coalesce(v.buying,0)::int AS buying,
           coalesce(o.orders,0)::int AS orders, coalesce(o.sales,0)::bigint AS sales
    FROM v FULL JOIN o ON o.channel = v.channel ORDER BY sales DESC, visitors DESC`);
  const bps = (a: number, b: number) => (b > 0 ? Math.floor((a * 10_000) / b) : 0);
  return {
    visitors: v.visitors, views: v.views, buyingVisitors: v.buying, conversionBps: bps(v.buying, v.visitors),
    channels: channels.map(({ buying, ...c }) => ({ ...c, sales: Number(c.sales), conversionBps: bps(buying, c.visitors) })),
  };
}

// GMV counts what consumers pay for paid orders (selling total), by the Asia/Shanghai day.
const TZ = 'Asia/Shanghai';

/** The operator's dashboard: today so far, yesterday, today by hour, the last 14 days. */
export async function overview(ctx: Ctx): Promise<Overview> {
  authorize(ctx, 'analytics.platform');
  const q = async <T extends Record<string, unknown>>(s: ReturnType<typeof sql>) => (await ctx.db.execute<T>(s)).rows;
  const [today] = await q<{ gmv: number; orders: number; units: number; resellers: number }>(sql`
    SELECT coalesce(sum(o.selling_total),0)::bigint AS gmv, count(*)::int AS orders,
           coalesce(sum((SELECT sum(quantity) FROM order_lines l WHERE l.order_id = o.id)),0)::int AS units,
           count(DISTINCT o.reseller_id)::int AS resellers
    FROM orders o WHERE o.paid_at IS NOT NULL AND o.status NOT IN ('cancelled')
      AND (o.paid_at AT TIME ZONE ${TZ})::date = (now() AT TIME ZONE ${TZ})::date`);
  const [yesterday] = await q<{ gmv: number; orders: number }>(sql`
    SELECT coalesce(sum(selling_total),0)::bigint AS gmv, count(*)::int AS orders FROM orders
    WHERE paid_at IS NOT NULL AND status <> 'cancelled' AND (paid_at AT TIME ZONE ${TZ})::date = (now() AT TIME ZONE ${TZ})::date - 1`);
  const [live] = await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM sale_events WHERE status IN ('scheduled','live') AND starts_at <= now() AND ends_at > now()`);
  const [pending] = await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM orders WHERE status = 'pending_payment'`);
  const hourly = await q<{ hour: number; gmv: number; orders: number }>(sql`
    SELECT h AS hour, coalesce(sum(o.selling_total),0)::bigint AS gmv, count(o.id)::int AS orders
    FROM generate_series(0,23) h LEFT JOIN orders o ON o.paid_at IS NOT NULL AND o.status <> 'cancelled'
      AND (o.paid_at AT TIME ZONE ${TZ})::date = (now() AT TIME ZONE ${TZ})::date AND extract(hour FROM o.paid_at AT TIME ZONE ${TZ}) = h
    GROUP BY h ORDER BY h`);
  const daily = await q<{ day: string; gmv: number; orders: number }>(sql`
    SELECT to_char(d, 'YYYY-MM-DD') AS day, coalesce(sum(o.selling_total),0)::bigint AS gmv, count(o.id)::int AS orders
    FROM generate_series((now() AT TIME ZONE ${TZ})::date - 13, (now() AT TIME ZONE ${TZ})::date, interval '1 day') d
    LEFT JOIN orders o ON o.paid_at IS NOT NULL AND o.status <> 'cancelled' AND (o.paid_at AT TIME ZONE ${TZ})::date = d::date
    GROUP BY d ORDER BY d`);
  const topEvents = await q<{ saleEventId: string; title: string; brandName: string; units: number; gmv: number }>(sql`
    SELECT e.id AS "saleEventId", e.title, b.name AS "brandName", sum(l.quantity)::int AS units, sum(l.selling_price * l.quantity)::bigint AS gmv
    FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN sale_events e ON e.id = l.sale_event_id JOIN brands b ON b.id = e.brand_id
    WHERE o.paid_at IS NOT NULL AND o.status <> 'cancelled' AND o.paid_at > now() - interval '7 days'
    GROUP BY e.id, e.title, b.name ORDER BY gmv DESC LIMIT 5`);
  return {
    today: { gmv: today.gmv, orders: today.orders, units: today.units, liveEvents: live.n, activeResellers: today.resellers, pendingPayment: pending.n },
    yesterday, hourly, daily, topEvents, traffic: await traffic(ctx, null),
  };
}

export interface SellThrough {
  saleEventId: string; title: string; status: string; startsAt: Date; endsAt: Date;
  totals: { initial: number; sold: number; held: number; available: number; sellThroughBps: number; baseRevenue: number };
  skus: { eventSkuId: string; productId: string; productName: string; colour: string; size: string; initial: number; sold: number; held: number; available: number; sellThroughBps: number }[];
  bySize: { size: string; initial: number; sold: number }[];
  hourly: { at: string; units: number }[];
  /** The event's storefront traffic over the last 7 days: visitors, conversion, channels. */
  traffic: Traffic;
}

/** A sale event's sell-through per SKU and size, and its sales curve. Brands see their own. */
export async function sellThrough(ctx: Ctx, saleEventId: string): Promise<SellThrough> {
  const [ev] = (await ctx.db.execute<{ id: string; brand_id: string; title: string; status: string; starts_at: Date; ends_at: Date }>(sql`
    SELECT id, brand_id, title, status, starts_at, ends_at FROM sale_events WHERE id = ${saleEventId}`)).rows;
  authorize(ctx, 'analytics.brand', { brandId: ev?.brand_id ?? '\u0000' });
  if (!ev) throw new AppError('not_found');
  const skus = (await ctx.db.execute<SellThrough['skus'][number] & { base: number }>(sql`
    SELECT p.event_sku_id AS "eventSkuId", pr.id AS "productId", pr.name AS "productName", s.colour, s.size,
           p.initial, p.sold, p.held, p.available, esk.base_price AS base,
           CASE WHEN p.initial = 0 THEN 0 ELSE (p.sold * 10000 / p.initial) END::int AS "sellThroughBps"
    FROM pools p JOIN skus s ON s.id = p.sku_id JOIN products pr ON pr.id = s.product_id JOIN sale_event_skus esk ON esk.id = p.event_sku_id
    WHERE p.sale_event_id = ${saleEventId} ORDER BY pr.name, s.colour, s.size`)).rows;
  const hourly = (await ctx.db.execute<{ at: string; units: number }>(sql`
    SELECT to_char(date_trunc('hour', o.paid_at) AT TIME ZONE ${TZ}, 'YYYY-MM-DD"T"HH24:00') AS at, sum(l.quantity)::int AS units
    FROM order_lines l JOIN orders o ON o.id = l.order_id
    WHERE l.sale_event_id = ${saleEventId} AND o.paid_at IS NOT NULL AND o.status <> 'cancelled'
    GROUP BY 1 ORDER BY 1`)).rows;
  const sizes = new Map<string, { initial: number; sold: number }>();
  for (const s of skus) { const v = sizes.get(s.size) ?? { initial: 0, sold: 0 }; v.initial += s.initial; v.sold += s.sold; sizes.set(s.size, v); }
  const sum = (k: 'initial' | 'sold' | 'held' | 'available') => skus.reduce((a, s) => a + s[k], 0);
  const initial = sum('initial'), sold = sum('sold');
  return {
    // Raw SQL through drizzle returns timestamptz as text; hand out real instants.
    saleEventId: ev.id, title: ev.title, status: ev.status, startsAt: new Date(ev.starts_at), endsAt: new Date(ev.ends_at),
    totals: { initial, sold, held: sum('held'), available: sum('available'), sellThroughBps: initial ? Math.floor((sold * 10000) / initial) : 0, baseRevenue: skus.reduce((a, s) => a + s.sold * s.base, 0) },
    skus: skus.map(({ base: _b, ...s }) => s),
    bySize: [...sizes].map(([size, v]) => ({ size, ...v })),
    hourly, traffic: await traffic(ctx, saleEventId),
  };
}

export type ResellerToday = { orders: number; units: number; sales: number; margin: number; customers: number };

/**
 * A reseller's sales today: orders, units, what consumers paid, margin earned — on every paid
 * order, as the figures page counts it (resellerDashboard): a storefront order's margin is
 * credited to the reseller, an order placed for a customer (代下单) earns what they charged over
 * the base price the wallet paid.
 */
export async function resellerToday(ctx: Ctx): Promise<ResellerToday> {
  authorize(ctx, 'resellers.self');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const { buyers, ...t } = await paidTotals(ctx, ctx.actor.resellerId, 1);
  return { ...t, customers: buyers };
}
