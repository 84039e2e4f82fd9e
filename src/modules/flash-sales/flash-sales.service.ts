// Flash sales: the operator sets an item up inside an event; resellers and consumers read it with
// its countdown and "sold N in M minutes"; expired or cancelled flash orders give their claim back.
// Taking units is the flash checkout's job (src/flows/flash-checkout.flow.ts), batched per item;
// its reads and writes of this module's tables are flash-sales.bulk.ts.
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { saleEventHeads } from '../sale-events/index.ts';
import { flashItems, flashClaims } from './flash-sales.tables.ts';
import { pageSize, keysetPage } from '../../platform/paging.ts';

export type FlashItemRow = typeof flashItems.$inferSelect;

/** Which of these event SKUs are flash-sale items (sold only through the flash path). */
export async function flashOnly(ctx: Ctx, eventSkuIds: string[]): Promise<string[]> {
  if (eventSkuIds.length === 0) return [];
  const rows = await ctx.db.select({ id: flashItems.eventSkuId }).from(flashItems).where(inArray(flashItems.eventSkuId, eventSkuIds));
  return rows.map((r) => r.id);
}

export interface NewFlashItem {
  saleEventId: string; eventSkuId: string; price: number; basePrice?: number; quantity: number;
  perBuyerLimit: number; perResellerLimit: number; startsAt: Date; endsAt?: Date;
}

/**
 * Put an event SKU on flash sale. Its pool must hold the quantity and nothing may have been sold
 * or held from it yet; it must not be in a group buy nor in a presale event. The flash price must not be below the
 * platform price behind it (by default the event's base price).
 */
export async function createFlashItem(ctx: Ctx, input: NewFlashItem): Promise<FlashItemView> {
  authorize(ctx, 'campaigns.manage');
  return withTx(ctx, async (t) => {
    const found = await t.db.execute<{
      sale_event_id: string; base_price: number; currency: string; available: number | null; held: number | null; sold: number | null;
      status: string; starts_at: Date; ends_at: Date; in_group: boolean;
    }>(sql`
      SELECT s.sale_event_id, s.base_price, s.currency, p.available, p.held, p.sold, e.status, e.starts_at, e.ends_at,
             EXISTS (SELECT 1 FROM group_buy_offers g WHERE g.event_sku_id = s.id)
               OR EXISTS (SELECT 1 FROM presales ps WHERE ps.sale_event_id = s.sale_event_id) AS in_group
      FROM sale_event_skus s JOIN sale_events e ON e.id = s.sale_event_id LEFT JOIN pools p ON p.event_sku_id = s.id
      WHERE s.id = ${input.eventSkuId} FOR UPDATE OF s`);
    const row = found.rows[0];
    if (!row || row.sale_event_id !== input.saleEventId) throw new AppError('validation_failed', { fields: [{ path: 'eventSkuId', message: 'not an item of this event' }] });
    if (!['draft', 'scheduled', 'live'].includes(row.status)) throw new AppError('invalid_transition', { detail: 'the event has ended' });
    if (row.in_group) throw new AppError('campaign_conflict');
    if ((row.held ?? 0) + (row.sold ?? 0) > 0) throw new AppError('campaign_conflict', { detail: 'units of this item were already sold or held' });
    const basePrice = input.basePrice ?? Number(row.base_price);
    // Raw rows carry timestamps as text.
    const eventStarts = new Date(row.starts_at), eventEnds = new Date(row.ends_at);
    const endsAt = input.endsAt ?? eventEnds;
    const issues: FieldIssue[] = [];
    if (input.price < basePrice) issues.push({ path: 'price', message: `must be at least the platform price (${basePrice} fen)` });
    if (input.quantity > (row.available ?? 0)) issues.push({ path: 'quantity', message: `at most ${row.available ?? 0} units are in the event's pool` });
    if (input.perResellerLimit < input.perBuyerLimit) issues.push({ path: 'perResellerLimit', message: 'must be at least the per-buyer limit' });
    if (input.startsAt < new Date(eventStarts.getTime() - 60_000) || input.startsAt >= eventEnds) issues.push({ path: 'startsAt', message: 'must fall inside the event' });
    if (endsAt <= input.startsAt || endsAt > eventEnds) issues.push({ path: 'endsAt', message: 'must be after the start and no later than the event ends' });
    if (issues.length) throw new AppError('validation_failed', { fields: issues });
    const inserted = await t.db.insert(flashItems).values({
      id: newId('fls'), saleEventId: input.saleEventId, eventSkuId: input.eventSkuId, price: input.price, basePrice, currency: row.currency,
      quantity: input.quantity, perBuyerLimit: input.perBuyerLimit, perResellerLimit: input.perResellerLimit, startsAt: input.startsAt, endsAt,
    }).onConflictDoNothing().returning();
    if (inserted.length === 0) throw new AppError('campaign_conflict', { detail: 'this item is already on flash sale' });
    return (await flashItemViews(t, { ids: [inserted[0].id] }))[0];
  });
}

export interface FlashItemView {
  id: string; saleEventId: string; eventSkuId: string; productId: string; skuId: string; brandId: string;
  price: number; basePrice: number; tagPrice: number; currency: string; quantity: number; claimed: number; left: number;
  perBuyerLimit: number; perResellerLimit: number; startsAt: Date; endsAt: Date; firstClaimAt: Date | null; soldOutAt: Date | null;
  /** upcoming | on_sale | sold_out | ended, at the database clock. */
  phase: 'upcoming' | 'on_sale' | 'sold_out' | 'ended';
  /** Seconds from the first claim to the sell-out (or to now while selling): "sold N in M minutes". */
  sellingSeconds: number | null;
  now: Date;
}

/** Flash items with their figures, by id or by event(s). */
export async function flashItemViews(ctx: Ctx, by: { ids?: string[]; saleEventIds?: string[]; liveOrUpcoming?: boolean }): Promise<FlashItemView[]> {
  const rows = await ctx.db.execute<{
    id: string; sale_event_id: string; event_sku_id: string; product_id: string; sku_id: string; brand_id: string; price: string; base_price: string; tag_price: string;
    currency: string; quantity: number; claimed: number; per_buyer_limit: number; per_reseller_limit: number; starts_at: Date; ends_at: Date;
    first_claim_at: Date | null; sold_out_at: Date | null; now: Date; event_live: boolean;
  }>(sql`
    SELECT f.*, s.product_id, s.sku_id, s.brand_id, s.tag_price, now() AS now,
           (e.status IN ('scheduled','live') AND e.starts_at <= now() AND e.ends_at > now()) AS event_live
    FROM flash_items f JOIN sale_event_skus s ON s.id = f.event_sku_id JOIN sale_events e ON e.id = f.sale_event_id
    WHERE ${by.ids ? sql`f.id = ANY(${sql.param(by.ids)})` : sql`true`}
      AND ${by.saleEventIds ? sql`f.sale_event_id = ANY(${sql.param(by.saleEventIds)})` : sql`true`}
      AND ${by.liveOrUpcoming ? sql`e.status IN ('scheduled','live') AND f.ends_at > now() AND f.starts_at < now() + interval '7 days'` : sql`true`}
    ORDER BY f.starts_at, f.id`);
  const at = (v: Date | string | null) => (v === null ? null : new Date(v));
  return rows.rows.map((raw) => {
    const r = { ...raw, starts_at: at(raw.starts_at)!, ends_at: at(raw.ends_at)!, first_claim_at: at(raw.first_claim_at), sold_out_at: at(raw.sold_out_at), now: at(raw.now)! };
    const left = r.quantity - r.claimed;
    const phase = r.now < r.starts_at ? 'upcoming' : left === 0 ? 'sold_out' : r.now >= r.ends_at || !r.event_live ? 'ended' : 'on_sale';
    const until = r.sold_out_at ?? (phase === 'on_sale' ? r.now : null);
    return {
      id: r.id, saleEventId: r.sale_event_id, eventSkuId: r.event_sku_id, productId: r.product_id, skuId: r.sku_id, brandId: r.brand_id,
      price: Number(r.price), basePrice: Number(r.base_price), tagPrice: Number(r.tag_price), currency: r.currency, quantity: r.quantity, claimed: r.claimed, left,
      perBuyerLimit: r.per_buyer_limit, perResellerLimit: r.per_reseller_limit, startsAt: r.starts_at, endsAt: r.ends_at,
      firstClaimAt: r.first_claim_at, soldOutAt: r.sold_out_at, phase, now: r.now,
      sellingSeconds: r.first_claim_at && until ? Math.max(0, Math.round((until.getTime() - r.first_claim_at.getTime()) / 1000)) : null,
    };
  });
}

/**
 * The sweep: a flash order that expired unpaid or was cancelled gives back its claim (the pool's
 * held units already went back through the order's own release). Each claim is released once.
 */
export async function releaseFlashClaims(ctx: Ctx, batch = 500): Promise<number> {
  return withTx(ctx, async (t) => {
    const due = await t.db.execute<{ order_id: string; flash_item_id: string; buyer: string; reseller_id: string; quantity: number }>(sql`
      SELECT c.order_id, c.flash_item_id, c.buyer, c.reseller_id, c.quantity FROM flash_claims c JOIN orders o ON o.id = c.order_id
      WHERE c.released_at IS NULL AND o.status IN ('expired','cancelled')
      ORDER BY c.flash_item_id, c.order_id LIMIT ${batch} FOR UPDATE OF c SKIP LOCKED`);
    if (due.rows.length === 0) return 0;
    // Lock the items in id order (the checkout locks one item at a time), then move the counters.
    const byItem = new Map<string, number>();
    for (const c of due.rows) byItem.set(c.flash_item_id, (byItem.get(c.flash_item_id) ?? 0) + c.quantity);
    for (const [itemId, q] of [...byItem].sort(([a], [b]) => (a < b ? -1 : 1))) {
      await t.db.update(flashItems).set({ claimed: sql`${flashItems.claimed} - ${q}`, soldOutAt: null }).where(eq(flashItems.id, itemId));
    }
    const col = <K extends keyof (typeof due.rows)[number]>(k: K) => sql.param(due.rows.map((c) => c[k]));
    await t.db.execute(sql`UPDATE flash_buyer_counts b SET quantity = b.quantity - x.q
      FROM (SELECT item, who, sum(q)::int AS q FROM unnest(${col('flash_item_id')}::text[], ${col('buyer')}::text[], ${col('quantity')}::int[]) AS u(item, who, q) GROUP BY 1, 2) x
      WHERE b.flash_item_id = x.item AND b.buyer = x.who`);
    await t.db.execute(sql`UPDATE flash_reseller_counts r SET quantity = r.quantity - x.q
      FROM (SELECT item, who, sum(q)::int AS q FROM unnest(${col('flash_item_id')}::text[], ${col('reseller_id')}::text[], ${col('quantity')}::int[]) AS u(item, who, q) GROUP BY 1, 2) x
      WHERE r.flash_item_id = x.item AND r.reseller_id = x.who`);
    await t.db.update(flashClaims).set({ releasedAt: sql`now()` }).where(inArray(flashClaims.orderId, due.rows.map((c) => c.order_id)));
    return due.rows.length;
  });
}

/** Claims per minute since the first, per item, for the "sold N in M minutes" chart: one query for all. */
export async function flashTimelines(ctx: Ctx, flashItemIds: string[]): Promise<Map<string, { minute: Date; units: number }[]>> {
  const out = new Map(flashItemIds.map((id) => [id, [] as { minute: Date; units: number }[]]));
  if (flashItemIds.length === 0) return out;
  const rows = await ctx.db.select({ id: flashClaims.flashItemId, minute: sql<string>`date_trunc('minute', ${flashClaims.createdAt})`, units: sql<number>`sum(${flashClaims.quantity})::int` })
    .from(flashClaims).where(inArray(flashClaims.flashItemId, flashItemIds))
    .groupBy(sql`1, 2`).orderBy(asc(sql`2`));
  for (const r of rows) out.get(r.id)!.push({ minute: new Date(r.minute), units: r.units });
  return out;
}

/** The operator's or the brand's list for one event (a brand sees only its own events). */
export async function flashItemsForEvent(ctx: Ctx, saleEventId: string): Promise<FlashItemView[]> {
  const brandId = (await saleEventHeads(ctx, [saleEventId])).get(saleEventId)?.brandId;
  authorize(ctx, 'sale-events.read', { brandId: brandId ?? '\u0000' });
  if (!brandId) throw new AppError('not_found');
  return flashItemViews(ctx, { saleEventIds: [saleEventId] });
}

export type FlashPhase = FlashItemView['phase'];
export interface FlashListFilter { phase?: FlashPhase; saleEventId?: string; brandId?: string; cursor?: string; limit?: number }
export interface FlashListItem {
  id: string; saleEventId: string; eventTitle: string; eventSkuId: string; brandId: string; brandName: string;
  productName: string; skuCode: string; colour: string; size: string;
  price: number; basePrice: number; tagPrice: number; currency: string; quantity: number;
  /** Units taken by orders still standing (paid or awaiting payment); sold of them are paid. */
  claimed: number; sold: number; left: number;
  perBuyerLimit: number; perResellerLimit: number; startsAt: Date; endsAt: Date; phase: FlashPhase;
}

// The phase at the database clock, in SQL so the list can filter and count by it (same rule as flashItemViews).
const phaseSql = sql`CASE WHEN now() < f.starts_at THEN 'upcoming' WHEN f.claimed >= f.quantity THEN 'sold_out'
  WHEN now() >= f.ends_at OR NOT (e.status IN ('scheduled','live') AND e.starts_at <= now() AND e.ends_at > now()) THEN 'ended' ELSE 'on_sale' END`;

/**
 * The operator's list of flash items across all events, latest start first: by phase, event and
 * brand, a page at a time (the cursor is the last item's id), with how many items each phase
 * holds under the same event and brand filter (for the phase chips).
 */
export async function listFlashItems(ctx: Ctx, f: FlashListFilter): Promise<{ items: FlashListItem[]; nextCursor: string | null; phases: Record<FlashPhase, number> }> {
  authorize(ctx, 'campaigns.manage');
  const limit = pageSize(f.limit);
  const scope = sql`${f.saleEventId ? sql`f.sale_event_id = ${f.saleEventId}` : sql`true`} AND ${f.brandId ? sql`s.brand_id = ${f.brandId}` : sql`true`}`;
  // Product, brand and event names are read here in the same query, so the page filters and orders in one place.
  const rows = await ctx.db.execute<{
    id: string; sale_event_id: string; event_title: string; event_sku_id: string; brand_id: string; brand_name: string; product_name: string; sku_code: string; colour: string; size: string;
    price: string; base_price: string; tag_price: string; currency: string; quantity: number; claimed: number; sold: number;
    per_buyer_limit: number; per_reseller_limit: number; starts_at: Date; ends_at: Date; phase: FlashPhase;
  }>(sql`
    SELECT * FROM (
      SELECT f.id, f.sale_event_id, e.title AS event_title, f.event_sku_id, s.brand_id, b.name AS brand_name, p.name AS product_name, k.sku_code, k.colour, k.size,
             f.price, f.base_price, s.tag_price, f.currency, f.quantity, f.claimed, f.per_buyer_limit, f.per_reseller_limit, f.starts_at, f.ends_at,
             ${phaseSql} AS phase,
             (SELECT coalesce(sum(c.quantity), 0)::int FROM flash_claims c JOIN orders o ON o.id = c.order_id
               WHERE c.flash_item_id = f.id AND c.released_at IS NULL AND o.paid_at IS NOT NULL AND o.status NOT IN ('cancelled','expired')) AS sold
      FROM flash_items f JOIN sale_event_skus s ON s.id = f.event_sku_id JOIN sale_events e ON e.id = f.sale_event_id
        JOIN skus k ON k.id = s.sku_id JOIN products p ON p.id = s.product_id JOIN brands b ON b.id = s.brand_id
      WHERE ${scope}
        AND ${f.cursor ? sql`(f.starts_at, f.id) < (SELECT x.starts_at, x.id FROM flash_items x WHERE x.id = ${f.cursor})` : sql`true`}
    ) v
    WHERE ${f.phase ? sql`v.phase = ${f.phase}` : sql`true`}
    ORDER BY v.starts_at DESC, v.id DESC LIMIT ${limit + 1}`);
  const counts = await ctx.db.execute<{ phase: FlashPhase; n: number }>(sql`
    SELECT ${phaseSql} AS phase, count(*)::int AS n
    FROM flash_items f JOIN sale_event_skus s ON s.id = f.event_sku_id JOIN sale_events e ON e.id = f.sale_event_id
    WHERE ${scope} GROUP BY 1`);
  const phases: Record<FlashPhase, number> = { upcoming: 0, on_sale: 0, sold_out: 0, ended: 0 };
  for (const c of counts.rows) phases[c.phase] = c.n;
  const { page, nextCursor } = keysetPage(rows.rows, limit, (r) => r.id);
  return {
    items: page.map((r) => ({
      id: r.id, saleEventId: r.sale_event_id, eventTitle: r.event_title, eventSkuId: r.event_sku_id, brandId: r.brand_id, brandName: r.brand_name,
      productName: r.product_name, skuCode: r.sku_code, colour: r.colour, size: r.size,
      price: Number(r.price), basePrice: Number(r.base_price), tagPrice: Number(r.tag_price), currency: r.currency, quantity: r.quantity,
      claimed: r.claimed, sold: r.sold, left: r.quantity - r.claimed, perBuyerLimit: r.per_buyer_limit, perResellerLimit: r.per_reseller_limit,
      startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at), phase: r.phase,
    })),
    nextCursor,
    phases,
  };
}
