// Stock moves. Every change is one guarded UPDATE (… WHERE available >= $n) plus a movement row;
// CHECK constraints back it up. Multi-line orders lock pools in id order so two orders never
// wait on each other in a cycle.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { skuSupply, pools, stockMovements } from './inventory.tables.ts';

export interface StockLine { eventSkuId: string; quantity: number }
/** Units of one order line: every movement an order causes names its line. */
export interface OrderStockLine extends StockLine { orderLineId: string }

export async function addSupply(ctx: Ctx, brandId: string, lines: { skuId: string; quantity: number }[]): Promise<void> {
  for (let i = 0; i < lines.length; i += 2000) {
    await ctx.db.insert(skuSupply).values(lines.slice(i, i + 2000).map((l) => ({ skuId: l.skuId, brandId, supplied: l.quantity })))
      .onConflictDoUpdate({ target: skuSupply.skuId, set: { supplied: sql`${skuSupply.supplied} + excluded.supplied` } });
  }
}

export async function supplyOf(ctx: Ctx, skuIds: string[]): Promise<Map<string, { supplied: number; allocated: number }>> {
  if (skuIds.length === 0) return new Map();
  const rows = await ctx.db.select().from(skuSupply).where(inArray(skuSupply.skuId, skuIds));
  return new Map(rows.map((r) => [r.skuId, { supplied: r.supplied, allocated: r.allocated }]));
}

/** Move `quantity` of a SKU's unallocated lot supply into an event's pool (creating it). */
export async function allocateToPool(ctx: Ctx, p: { eventSkuId: string; saleEventId: string; skuId: string; quantity: number }): Promise<void> {
  const r = await ctx.db.update(skuSupply).set({ allocated: sql`${skuSupply.allocated} + ${p.quantity}` })
    .where(and(eq(skuSupply.skuId, p.skuId), sql`${skuSupply.allocated} + ${p.quantity} <= ${skuSupply.supplied}`))
    .returning({ skuId: skuSupply.skuId });
  if (r.length === 0) throw new AppError('insufficient_supply', { extra: { skuId: p.skuId } });
  await ctx.db.insert(pools).values({ eventSkuId: p.eventSkuId, saleEventId: p.saleEventId, skuId: p.skuId, initial: p.quantity, available: p.quantity })
    .onConflictDoUpdate({ target: pools.eventSkuId, set: { initial: sql`${pools.initial} + ${p.quantity}`, available: sql`${pools.available} + ${p.quantity}` } });
  await ctx.db.insert(stockMovements).values({ eventSkuId: p.eventSkuId, kind: 'allocate', quantity: p.quantity });
}

function sorted<L extends StockLine>(lines: L[]): L[] {
  return [...lines].sort((a, b) => (a.eventSkuId < b.eventSkuId ? -1 : a.eventSkuId > b.eventSkuId ? 1 : 0));
}

/**
 * Take stock for an order: `hold` (unpaid, expires) or `sell` (paid at once). Throws sold_out
 * naming the first line that does not fit; the caller's transaction then rolls everything back.
 */
export async function takeStock(ctx: Ctx, orderId: string, lines: OrderStockLine[], mode: 'hold' | 'sell'): Promise<void> {
  // One statement per line: the guarded update and its movement row together.
  const to = sql.identifier(mode === 'hold' ? 'held' : 'sold');
  for (const l of sorted(lines)) {
    const r = await ctx.db.execute(sql`
      WITH taken AS (
        UPDATE pools SET available = available - ${l.quantity}, ${to} = ${to} + ${l.quantity}
        WHERE event_sku_id = ${l.eventSkuId} AND available >= ${l.quantity} RETURNING event_sku_id
      )
      INSERT INTO stock_movements (event_sku_id, order_id, order_line_id, kind, quantity) SELECT event_sku_id, ${orderId}, ${l.orderLineId}, ${mode}, ${l.quantity} FROM taken`);
    if (r.rowCount === 0) throw new AppError('sold_out', { extra: { eventSkuId: l.eventSkuId } });
  }
}

const MOVES = {
  sell: { from: 'held', to: 'sold' },
  release: { from: 'held', to: 'available' },
  unsell: { from: 'sold', to: 'available' },
} as const;

/**
 * Move an order's stock between held, sold and available (payment, expiry, cancellation). Units
 * that come free in the pool of a closed event (a hold expiring after the close, a paid order
 * cancelled after it) are no longer for sale there: they go straight back to the lot, as the
 * close did with the pool's other unsold units, with a movement of their own.
 */
export async function moveStock(ctx: Ctx, orderId: string, lines: OrderStockLine[], kind: keyof typeof MOVES): Promise<void> {
  const { from, to } = MOVES[kind];
  const returned: { orderLineId: string; eventSkuId: string; skuId: string; quantity: number }[] = [];
  for (const l of sorted(lines)) {
    const f = sql.identifier(from);
    // One statement decides by the pool's own row: a close (which locks it) is either before or after.
    const set = to === 'available'
      ? sql`available = available + CASE WHEN closed_at IS NULL THEN ${l.quantity} ELSE 0 END, initial = initial - CASE WHEN closed_at IS NULL THEN 0 ELSE ${l.quantity} END`
      : sql`${sql.identifier(to)} = ${sql.identifier(to)} + ${l.quantity}`;
    const r = await ctx.db.execute<{ sku_id: string; closed: boolean }>(sql`UPDATE pools SET ${f} = ${f} - ${l.quantity}, ${set}
      WHERE event_sku_id = ${l.eventSkuId} AND ${f} >= ${l.quantity} RETURNING sku_id, closed_at IS NOT NULL AS closed`);
    if (r.rows.length === 0) throw new Error(`stock invariant broken: ${kind} ${l.quantity} of ${l.eventSkuId} for ${orderId}`);
    if (to === 'available' && r.rows[0].closed) returned.push({ orderLineId: l.orderLineId, eventSkuId: l.eventSkuId, skuId: r.rows[0].sku_id, quantity: l.quantity });
  }
  for (const x of returned) {
    await ctx.db.update(skuSupply).set({ allocated: sql`${skuSupply.allocated} - ${x.quantity}` }).where(eq(skuSupply.skuId, x.skuId));
  }
  await ctx.db.insert(stockMovements).values([
    ...lines.map((l) => ({ eventSkuId: l.eventSkuId, orderId, orderLineId: l.orderLineId, kind, quantity: l.quantity })),
    ...returned.map((x) => ({ eventSkuId: x.eventSkuId, orderId, orderLineId: x.orderLineId, kind: 'return', quantity: x.quantity })),
  ]);
}

export interface PoolView { eventSkuId: string; skuId: string; initial: number; available: number; held: number; sold: number }

export async function poolsOf(ctx: Ctx, saleEventIds: string[]): Promise<PoolView[]> {
  if (saleEventIds.length === 0) return [];
  return ctx.db.select({ eventSkuId: pools.eventSkuId, skuId: pools.skuId, initial: pools.initial, available: pools.available, held: pools.held, sold: pools.sold })
    .from(pools).where(inArray(pools.saleEventId, saleEventIds));
}

/**
 * Units available now per event SKU. A read, not a reservation: callers use it to refuse early
 * when stock is plainly gone (the sold-out storm of a flash sale); the guarded UPDATE decides.
 */
export async function availableOf(ctx: Ctx, eventSkuIds: string[]): Promise<Map<string, number>> {
  if (eventSkuIds.length === 0) return new Map();
  const rows = await ctx.db.select({ id: pools.eventSkuId, available: pools.available }).from(pools).where(inArray(pools.eventSkuId, eventSkuIds));
  return new Map(rows.map((r) => [r.id, r.available]));
}

/**
 * A closed event gives its unsold units back to the lots (they can go into another event, or
 * another channel); so does one SKU pulled from a live event (`eventSkuId`). Held units stay
 * until their orders are paid or expire.
 */
export async function returnUnsold(ctx: Ctx, saleEventId: string, eventSkuId?: string): Promise<number> {
  const one = eventSkuId ? sql`AND event_sku_id = ${eventSkuId}` : sql``;
  const rows = await ctx.db.execute<{ event_sku_id: string; n: number }>(sql`
    WITH unsold AS (
      SELECT event_sku_id, sku_id, available AS n FROM pools WHERE sale_event_id = ${saleEventId} ${one} AND available > 0 ORDER BY event_sku_id FOR UPDATE
    ), supply AS (
      UPDATE sku_supply s SET allocated = s.allocated - u.n FROM unsold u WHERE s.sku_id = u.sku_id
    )
    UPDATE pools p SET initial = p.initial - u.n, available = 0 FROM unsold u WHERE p.event_sku_id = u.event_sku_id
    RETURNING p.event_sku_id, u.n`);
  // From now on, units that come free in these pools go back to the lot as well (see moveStock).
  await ctx.db.update(pools).set({ closedAt: sql`now()` }).where(and(eq(pools.saleEventId, saleEventId), eventSkuId ? eq(pools.eventSkuId, eventSkuId) : undefined, isNull(pools.closedAt)));
  if (rows.rows.length) await ctx.db.insert(stockMovements).values(rows.rows.map((r) => ({ eventSkuId: r.event_sku_id, kind: 'return', quantity: r.n })));
  return rows.rows.reduce((a, r) => a + r.n, 0);
}
