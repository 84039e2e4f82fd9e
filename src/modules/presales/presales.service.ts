// Presales: the presale row of a sale event, the check every order on it passes at its
// transaction's clock, the decision at the deadline and the production order it issues.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { presales, productionOrders, productionOrderLines } from './presales.tables.ts';
import type { OrderRow, OrderLineRow } from '../orders/index.ts';

export type PresaleRow = typeof presales.$inferSelect;
export type ProductionOrderRow = typeof productionOrders.$inferSelect;
export type ProductionLineRow = typeof productionOrderLines.$inferSelect;

export async function insertPresale(ctx: Ctx, p: { saleEventId: string; brandId: string; moq: number; deadline: Date; shipDays: number }): Promise<PresaleRow> {
  const rows = await ctx.db.insert(presales).values({ id: newId('pre'), ...p }).onConflictDoNothing().returning();
  if (rows.length === 0) throw new AppError('campaign_conflict', { detail: 'this event is already a presale' });
  return rows[0];
}

export async function presalesBy(ctx: Ctx, by: { ids?: string[]; brandId?: string; saleEventIds?: string[]; statuses?: string[] }): Promise<(PresaleRow & { open: boolean })[]> {
  const conds = [
    by.ids ? inArray(presales.id, by.ids.length ? by.ids : ['']) : undefined,
    by.brandId ? eq(presales.brandId, by.brandId) : undefined,
    by.saleEventIds ? inArray(presales.saleEventId, by.saleEventIds.length ? by.saleEventIds : ['']) : undefined,
    by.statuses ? inArray(presales.status, by.statuses) : undefined,
  ];
  const rows = await ctx.db.select({ p: presales, open: sql<boolean>`${presales.status} = 'collecting' AND ${presales.deadline} > now()` })
    .from(presales).where(and(...conds)).orderBy(desc(presales.id)).limit(200);
  return rows.map((r) => ({ ...r.p, open: r.open }));
}

type Hooked = { tag?: { kind: 'group' | 'presale'; ref: string }; within?: (t: Ctx, order: OrderRow, lines: OrderLineRow[]) => Promise<void>; holdUntil?: Date };

/**
 * What a presale adds to an order placed on its event: the order is tagged with the presale and
 * refused (presale_closed) unless the presale is still collecting at the placement
 * transaction's clock. The presale row is read FOR SHARE there, so the decision (FOR UPDATE)
 * and a placement never cross: an order commits before the decision counts, or is refused.
 * An unpaid order's hold ends at the deadline: payment had to arrive by then.
 */
export async function withPresale<H extends Hooked>(ctx: Ctx, saleEventIds: string[], hooks?: H): Promise<H | undefined> {
  if (saleEventIds.length === 0) return hooks;
  const found = await ctx.db.select({ id: presales.id, deadline: presales.deadline, open: sql<boolean>`${presales.status} = 'collecting' AND ${presales.deadline} > now()` })
    .from(presales).where(inArray(presales.saleEventId, saleEventIds));
  if (found.length === 0) return hooks;
  if (found.some((p) => !p.open)) throw new AppError('presale_closed');
  if (saleEventIds.length > 1 || (hooks?.tag && hooks.tag.kind !== 'presale')) throw new AppError('campaign_conflict', { detail: 'order a presale event’s items on their own' });
  const presaleId = found[0].id;
  const inner = hooks?.within;
  return {
    ...(hooks ?? {}),
    tag: { kind: 'presale', ref: presaleId },
    holdUntil: hooks?.holdUntil && hooks.holdUntil < found[0].deadline ? hooks.holdUntil : found[0].deadline,
    within: async (t: Ctx, order: OrderRow, lines: OrderLineRow[]) => {
      const [open] = await t.db.select({ id: presales.id }).from(presales)
        .where(and(eq(presales.id, presaleId), eq(presales.status, 'collecting'), sql`${presales.deadline} > now()`)).for('share');
      if (!open) throw new AppError('presale_closed');
      if (inner) await inner(t, order, lines);
    },
  } as H;
}

/** Presales whose deadline has passed (database clock) and are still collecting, locked for the decision. */
export async function lockDuePresales(ctx: Ctx, limit = 20): Promise<PresaleRow[]> {
  return ctx.db.select().from(presales).where(and(eq(presales.status, 'collecting'), sql`${presales.deadline} <= now()`))
    .orderBy(presales.deadline).limit(limit).for('update', { skipLocked: true });
}

export async function setPresaleStatus(ctx: Ctx, id: string, to: 'confirmed' | 'failed'): Promise<void> {
  await ctx.db.update(presales).set({ status: to, decidedAt: sql`now()` }).where(and(eq(presales.id, id), eq(presales.status, 'collecting')));
}

export async function insertProductionOrder(ctx: Ctx, p: { presaleId: string; brandId: string; committedShipDate: string; lines: { skuId: string; quantity: number }[] }): Promise<ProductionOrderRow> {
  const id = newId('pro');
  const [row] = await ctx.db.insert(productionOrders).values({
    id, presaleId: p.presaleId, brandId: p.brandId, committedShipDate: p.committedShipDate, totalUnits: p.lines.reduce((s, l) => s + l.quantity, 0),
  }).returning();
  await ctx.db.insert(productionOrderLines).values(p.lines.map((l) => ({ productionOrderId: id, skuId: l.skuId, quantity: l.quantity })));
  return row;
}

export async function productionOrdersBy(ctx: Ctx, by: { ids?: string[]; brandId?: string; presaleIds?: string[] }): Promise<(ProductionOrderRow & { lines: ProductionLineRow[] })[]> {
  const conds = [
    by.ids ? inArray(productionOrders.id, by.ids.length ? by.ids : ['']) : undefined,
    by.brandId ? eq(productionOrders.brandId, by.brandId) : undefined,
    by.presaleIds ? inArray(productionOrders.presaleId, by.presaleIds.length ? by.presaleIds : ['']) : undefined,
  ];
  const rows = await ctx.db.select().from(productionOrders).where(and(...conds)).orderBy(desc(productionOrders.id)).limit(200);
  const lines = rows.length ? await ctx.db.select().from(productionOrderLines).where(inArray(productionOrderLines.productionOrderId, rows.map((r) => r.id))).orderBy(productionOrderLines.skuId) : [];
  return rows.map((r) => ({ ...r, lines: lines.filter((l) => l.productionOrderId === r.id) }));
}

/** The brand confirms it received the production order; doing it twice is harmless. */
export async function acknowledgeProductionOrder(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.update(productionOrders).set({ status: 'acknowledged', acknowledgedAt: sql`now()` }).where(and(eq(productionOrders.id, id), eq(productionOrders.status, 'issued')));
}

/**
 * The presale an order belongs to, if any, locked for share: a deadline decision (which locks
 * the presale for update) waits for the caller's transaction, or the caller waits for it and
 * then sees its production order.
 */
export async function presaleOfOrder(ctx: Ctx, orderId: string): Promise<{ id: string; saleEventId: string; status: string; productionOrderId: string | null } | null> {
  const rows = (await ctx.db.execute<{ id: string; sale_event_id: string }>(sql`
    SELECT p.id, p.sale_event_id FROM presales p WHERE p.sale_event_id IN (SELECT sale_event_id FROM order_lines WHERE order_id = ${orderId})
    FOR SHARE OF p`)).rows;
  // Status and production order in a second statement: after waiting on the lock, its fresh
  // snapshot sees what the decision wrote.
  if (!rows[0]) return null;
  const [again] = (await ctx.db.execute<{ status: string; production_order_id: string | null }>(sql`
    SELECT p.status, (SELECT po.id FROM production_orders po WHERE po.presale_id = p.id) AS production_order_id FROM presales p WHERE p.id = ${rows[0].id}`)).rows;
  return { id: rows[0].id, saleEventId: rows[0].sale_event_id, status: again.status, productionOrderId: again.production_order_id };
}

/**
 * Takes a cancelled order's units off the production order it was counted in: lines shrink (and
 * go when empty), the total follows, the order is marked amended so the brand sees it changed,
 * and when nothing is left it is cancelled.
 */
export async function reduceProductionOrder(ctx: Ctx, productionOrderId: string, lines: { skuId: string; quantity: number }[]): Promise<ProductionOrderRow> {
  const bySku = new Map<string, number>();
  for (const l of lines) bySku.set(l.skuId, (bySku.get(l.skuId) ?? 0) + l.quantity);
  const skus = [...bySku.keys()];
  const qtys = skus.map((s) => bySku.get(s)!);
  // Lines the cancellation empties go first; the rest shrink.
  await ctx.db.execute(sql`
    DELETE FROM production_order_lines l USING unnest(${sql.param(skus)}::text[], ${sql.param(qtys)}::int[]) AS x(sku, q)
    WHERE l.production_order_id = ${productionOrderId} AND l.sku_id = x.sku AND l.quantity <= x.q`);
  await ctx.db.execute(sql`
    UPDATE production_order_lines l SET quantity = l.quantity - x.q
    FROM unnest(${sql.param(skus)}::text[], ${sql.param(qtys)}::int[]) AS x(sku, q)
    WHERE l.production_order_id = ${productionOrderId} AND l.sku_id = x.sku AND l.quantity > x.q`);
  const [row] = await ctx.db.update(productionOrders).set({
    totalUnits: sql`(SELECT coalesce(sum(quantity), 0)::int FROM production_order_lines WHERE production_order_id = ${productionOrderId})`,
    status: sql`CASE WHEN (SELECT count(*) FROM production_order_lines WHERE production_order_id = ${productionOrderId}) = 0 THEN 'cancelled' ELSE ${productionOrders.status} END`,
    amendedAt: sql`now()`,
  }).where(eq(productionOrders.id, productionOrderId)).returning();
  return row;
}
