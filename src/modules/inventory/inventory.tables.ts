// Stock: what each SKU's lots supplied and how much is allocated to events, the per-event pool,
// and an append-only movement log. CHECK constraints make overselling impossible.
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigserial, timestamp, index, check } from 'drizzle-orm/pg-core';
import { skus } from '../catalog/catalog.tables.ts';
import { saleEventSkus, saleEvents } from '../sale-events/sale-events.tables.ts';

export const skuSupply = pgTable('sku_supply', {
  skuId: text('sku_id').primaryKey().references(() => skus.id),
  brandId: text('brand_id').notNull(),
  supplied: integer('supplied').notNull().default(0),
  allocated: integer('allocated').notNull().default(0),
}, (t) => [check('sku_supply_ck', sql`${t.allocated} >= 0 AND ${t.allocated} <= ${t.supplied}`)]);

export const pools = pgTable('pools', {
  eventSkuId: text('event_sku_id').primaryKey().references(() => saleEventSkus.id),
  saleEventId: text('sale_event_id').notNull().references(() => saleEvents.id),
  skuId: text('sku_id').notNull().references(() => skus.id),
  initial: integer('initial').notNull(),
  available: integer('available').notNull(),
  held: integer('held').notNull().default(0),
  sold: integer('sold').notNull().default(0),
  /**
   * Set when the event closed and the pool's unsold units went back to the lot: units released
   * later (an expired hold, a cancelled order) go straight back to the lot too.
   */
  closedAt: timestamp('closed_at', { withTimezone: true }),
}, (t) => [
  index('pools_event_idx').on(t.saleEventId),
  check('pools_nonneg_ck', sql`${t.available} >= 0 AND ${t.held} >= 0 AND ${t.sold} >= 0`),
  check('pools_conserved_ck', sql`${t.available} + ${t.held} + ${t.sold} = ${t.initial}`),
]);

/**
 * Every change to a pool, append-only. A movement an order causes (hold, sell, release, unsell, a
 * released unit going back to the lot) names the order and its order line; only allocations and
 * a closed pool's unsold units going back to the lot are about no order.
 */
export const stockMovements = pgTable('stock_movements', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  eventSkuId: text('event_sku_id').notNull(),
  orderId: text('order_id'),
  orderLineId: text('order_line_id'),
  kind: text('kind').notNull(),
  quantity: integer('quantity').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('stock_movements_sku_idx').on(t.eventSkuId),
  check('stock_movements_kind_ck', sql`${t.kind} IN ('allocate','hold','sell','release','unsell','return')`),
  check('stock_movements_qty_ck', sql`${t.quantity} > 0`),
  // Added NOT VALID by 0019: flash grabs before it wrote one movement per group, naming no order.
  check('stock_movements_line_ck', sql`(${t.orderId} IS NOT NULL AND ${t.orderLineId} IS NOT NULL) OR (${t.kind} IN ('allocate','return') AND ${t.orderId} IS NULL AND ${t.orderLineId} IS NULL)`),
]);
