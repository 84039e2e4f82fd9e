// Flash sales (秒杀): an event SKU sold only at a flash price, from a start instant, in a limited
// quantity, with per-buyer and per-reseller limits. The counters carry their limit on the row,
// so CHECK constraints hold the limits even against a bug in the code above them.
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigint, timestamp, index, check, primaryKey } from 'drizzle-orm/pg-core';
import { saleEvents, saleEventSkus } from '../sale-events/sale-events.tables.ts';

export const flashItems = pgTable('flash_items', {
  id: text('id').primaryKey(),
  saleEventId: text('sale_event_id').notNull().references(() => saleEvents.id),
  eventSkuId: text('event_sku_id').notNull().unique().references(() => saleEventSkus.id),
  /** What the consumer pays per unit. */
  price: bigint('price', { mode: 'number' }).notNull(),
  /** The platform price behind it (brand payable + commission); price − basePrice is the reseller's margin. */
  basePrice: bigint('base_price', { mode: 'number' }).notNull(),
  currency: text('currency').notNull().default('CNY'),
  quantity: integer('quantity').notNull(),
  claimed: integer('claimed').notNull().default(0),
  perBuyerLimit: integer('per_buyer_limit').notNull(),
  perResellerLimit: integer('per_reseller_limit').notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  firstClaimAt: timestamp('first_claim_at', { withTimezone: true }),
  soldOutAt: timestamp('sold_out_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('flash_items_event_idx').on(t.saleEventId),
  check('flash_items_claimed_ck', sql`${t.claimed} >= 0 AND ${t.claimed} <= ${t.quantity}`),
  check('flash_items_price_ck', sql`${t.basePrice} > 0 AND ${t.price} >= ${t.basePrice}`),
  check('flash_items_limits_ck', sql`${t.perBuyerLimit} >= 1 AND ${t.perResellerLimit} >= ${t.perBuyerLimit} AND ${t.quantity} >= 1`),
  check('flash_items_window_ck', sql`${t.endsAt} > ${t.startsAt}`),
]);

/** Units each buyer (consumer phone) holds of a flash item; released when an order expires or is cancelled. */
export const flashBuyerCounts = pgTable('flash_buyer_counts', {
  flashItemId: text('flash_item_id').notNull().references(() => flashItems.id),
  buyer: text('buyer').notNull(),
  quantity: integer('quantity').notNull(),
  cap: integer('cap').notNull(),
}, (t) => [
  primaryKey({ columns: [t.flashItemId, t.buyer] }),
  check('flash_buyer_counts_ck', sql`${t.quantity} >= 0 AND ${t.quantity} <= ${t.cap}`),
]);

export const flashResellerCounts = pgTable('flash_reseller_counts', {
  flashItemId: text('flash_item_id').notNull().references(() => flashItems.id),
  resellerId: text('reseller_id').notNull(),
  quantity: integer('quantity').notNull(),
  cap: integer('cap').notNull(),
}, (t) => [
  primaryKey({ columns: [t.flashItemId, t.resellerId] }),
  check('flash_reseller_counts_ck', sql`${t.quantity} >= 0 AND ${t.quantity} <= ${t.cap}`),
]);

/**
 * One row per flash order: who claimed how much through which reseller. When the order expires
 * unpaid or is cancelled, the claim is released once (counters and `claimed` go back down).
 */
export const flashClaims = pgTable('flash_claims', {
  orderId: text('order_id').primaryKey(),
  flashItemId: text('flash_item_id').notNull().references(() => flashItems.id),
  buyer: text('buyer').notNull(),
  resellerId: text('reseller_id').notNull(),
  quantity: integer('quantity').notNull(),
  releasedAt: timestamp('released_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('flash_claims_item_idx').on(t.flashItemId, t.createdAt),
  index('flash_claims_open_idx').on(t.flashItemId).where(sql`${t.releasedAt} IS NULL`),
  check('flash_claims_qty_ck', sql`${t.quantity} > 0`),
]);
