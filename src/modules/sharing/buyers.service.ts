// 我的客户 as the orders tell it: everyone who bought from the signed-in reseller (by phone), with
// tags derived by customer-tags.rules (price-sensitive, brand-loyal, sizes, children's ages,
// return-prone, …), what they spent, and whether they are bound to this reseller (流量保护).
import { sql } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { customerTags, TAG_CODES, type CustomerTags, type PurchaseLine, type Tag } from './customer-tags.rules.ts';

/** The most recent buyers a list is derived over: a reseller reaches about 2,000 customers. */
const MAX_BUYERS = 3000;

export interface Buyer extends CustomerTags {
  phone: string; name: string;
  /** Until when they are bound to me (流量保护); null: not bound to me now. */
  boundUntil: Date | null;
}

/**
 * My buyers, the most recent first, with derived tags; `tag` keeps those with it. `counts` says
 * how many buyers carry each tag, for the filter chips. Only my orders are read.
 */
export async function myBuyers(ctx: Ctx, q: { tag?: Tag; offset?: number; limit?: number; search?: string }): Promise<{ items: Buyer[]; total: number; counts: Record<Tag, number>; nextOffset: number | null }> {
  authorize(ctx, 'sharing.visitors');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const me = ctx.actor.resellerId;
  const search = q.search?.trim() ? `%${q.search.trim()}%` : null;
  const rows = (await ctx.db.execute<{
    phone: string; name: string; order_id: string; at: string; brand_id: string; brand_name: string; category: string; product_name: string; size: string;
    units: number; returned: number; price: number; tag_price: number; discounted: boolean; bound_until: string | null; now: string;
  }>(sql`
    WITH buyers AS (
      SELECT consumer_phone AS phone, max(paid_at) AS last FROM orders
      WHERE reseller_id = ${me} AND paid_at IS NOT NULL
        AND (${search}::text IS NULL OR consumer_phone LIKE ${search} OR consumer_name LIKE ${search})
      GROUP BY consumer_phone ORDER BY last DESC LIMIT ${MAX_BUYERS})
    SELECT b.phone, (SELECT consumer_name FROM orders WHERE reseller_id = ${me} AND consumer_phone = b.phone ORDER BY paid_at DESC NULLS LAST LIMIT 1) AS name,
           o.id AS order_id, o.paid_at AS at, l.brand_id, br.name AS brand_name, p.category, p.name AS product_name, s.size,
           (l.quantity - l.qty_cancelled - l.qty_short)::int AS units, least(l.qty_returned, l.quantity - l.qty_cancelled - l.qty_short)::int AS returned,
           (l.selling_price - coalesce(d.amount, 0) / l.quantity)::bigint AS price, coalesce(esk.tag_price, 0)::bigint AS tag_price,
           (d.amount IS NOT NULL OR o.campaign = 'flash') AS discounted,
           (SELECT expires_at FROM customer_bindings cb WHERE cb.consumer_phone = b.phone AND cb.reseller_id = ${me} AND cb.expires_at > now()) AS bound_until,
           now() AS now
    FROM buyers b
    JOIN orders o ON o.reseller_id = ${me} AND o.consumer_phone = b.phone AND o.paid_at IS NOT NULL
    JOIN order_lines l ON l.order_id = o.id
    JOIN products p ON p.id = l.product_id JOIN skus s ON s.id = l.sku_id JOIN brands br ON br.id = l.brand_id
    LEFT JOIN sale_event_skus esk ON esk.id = l.event_sku_id
    LEFT JOIN LATERAL (SELECT sum(amount) AS amount FROM order_discounts WHERE order_line_id = l.id AND status = 'applied') d ON true
    WHERE l.quantity - l.qty_cancelled - l.qty_short > 0
    ORDER BY b.last DESC, b.phone, o.paid_at`)).rows;
  const now = rows.length ? new Date(rows[0].now) : new Date();
  const byPhone = new Map<string, { name: string; boundUntil: Date | null; lines: PurchaseLine[] }>();
  for (const r of rows) {
    let b = byPhone.get(r.phone);
    if (!b) byPhone.set(r.phone, (b = { name: r.name, boundUntil: r.bound_until ? new Date(r.bound_until) : null, lines: [] }));
    b.lines.push({
      orderId: r.order_id, at: new Date(r.at), brandId: r.brand_id, brandName: r.brand_name, category: r.category, productName: r.product_name, size: r.size,
      units: r.units, unitsReturned: r.returned, price: Math.max(0, Number(r.price)), tagPrice: Number(r.tag_price), discounted: r.discounted,
    });
  }
  const all: Buyer[] = [...byPhone].map(([phone, b]) => ({ phone, name: b.name, boundUntil: b.boundUntil, ...customerTags(b.lines, now) }));
  const counts = Object.fromEntries(TAG_CODES.map((t) => [t, all.filter((b) => b.tags.includes(t)).length])) as Record<Tag, number>;
  const kept = q.tag ? all.filter((b) => b.tags.includes(q.tag!)) : all;
  const offset = Math.max(0, q.offset ?? 0), limit = Math.min(100, Math.max(1, q.limit ?? 30));
  const items = kept.slice(offset, offset + limit);
  return { items, total: kept.length, counts, nextOffset: offset + limit < kept.length ? offset + limit : null };
}
