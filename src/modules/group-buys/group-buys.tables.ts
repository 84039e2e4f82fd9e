// Group buy (拼团): an offer on an event SKU (group price, group size N, T hours); groups opened
// by a buyer and joined by others. A slot is a guarded increment of `joined`, so the last slot
// has exactly one winner.
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigint, boolean, timestamp, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { saleEvents, saleEventSkus } from '../sale-events/sale-events.tables.ts';

export const groupBuyOffers = pgTable('group_buy_offers', {
  id: text('id').primaryKey(),
  saleEventId: text('sale_event_id').notNull().references(() => saleEvents.id),
  eventSkuId: text('event_sku_id').notNull().unique().references(() => saleEventSkus.id),
  groupSize: integer('group_size').notNull(),
  /** What each member pays per unit. */
  groupPrice: bigint('group_price', { mode: 'number' }).notNull(),
  /** The platform price behind it; groupPrice − basePrice is the reseller's margin. */
  basePrice: bigint('base_price', { mode: 'number' }).notNull(),
  currency: text('currency').notNull().default('CNY'),
  hours: integer('hours').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('group_buy_offers_event_idx').on(t.saleEventId),
  check('group_buy_offers_size_ck', sql`${t.groupSize} BETWEEN 2 AND 50`),
  check('group_buy_offers_hours_ck', sql`${t.hours} BETWEEN 1 AND 72`),
  check('group_buy_offers_price_ck', sql`${t.basePrice} > 0 AND ${t.groupPrice} >= ${t.basePrice}`),
]);

export const groupBuys = pgTable('group_buys', {
  id: text('id').primaryKey(),
  offerId: text('offer_id').notNull().references(() => groupBuyOffers.id),
  /** The reseller whose link the group was opened through; members join through the same shop. */
  resellerId: text('reseller_id').notNull(),
  status: text('status').notNull().default('open'),
  size: integer('size').notNull(),
  joined: integer('joined').notNull().default(0),
  paid: integer('paid').notNull().default(0),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
}, (t) => [
  index('group_buys_offer_idx').on(t.offerId, t.status),
  index('group_buys_due_idx').on(t.status, t.expiresAt),
  check('group_buys_status_ck', sql`${t.status} IN ('open','full','succeeded','failed')`),
  check('group_buys_joined_ck', sql`${t.joined} >= 0 AND ${t.joined} <= ${t.size} AND ${t.paid} >= 0 AND ${t.paid} <= ${t.joined}`),
]);

export const groupBuyMembers = pgTable('group_buy_members', {
  id: text('id').primaryKey(),
  groupId: text('group_id').notNull().references(() => groupBuys.id),
  orderId: text('order_id').notNull().unique(),
  buyerPhone: text('buyer_phone').notNull(),
  leader: boolean('leader').notNull().default(false),
  status: text('status').notNull().default('joined'),
  joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('group_buy_members_group_idx').on(t.groupId),
  // One seat per phone in a group while it counts.
  uniqueIndex('group_buy_members_phone_uq').on(t.groupId, t.buyerPhone).where(sql`${t.status} IN ('joined','paid')`),
  check('group_buy_members_status_ck', sql`${t.status} IN ('joined','paid','left','refunded')`),
]);
