// Coupons (platform- or brand-funded) and red packets (bought by a reseller for their customers).
// Every discount on an order is a row naming who bears its cost; the ledger posts it so.
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigint, timestamp, index, uniqueIndex, check, primaryKey } from 'drizzle-orm/pg-core';

export const coupons = pgTable('coupons', {
  id: text('id').primaryKey(),
  /** What a consumer types or a link carries; upper case. */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** threshold: 满减 (amountOff once the subtotal reaches threshold); fixed: amountOff; percent: percentBps off up to maxOff; bogo: the second unit of a SKU free. */
  kind: text('kind').notNull(),
  threshold: bigint('threshold', { mode: 'number' }).notNull().default(0),
  amountOff: bigint('amount_off', { mode: 'number' }).notNull().default(0),
  percentBps: integer('percent_bps').notNull().default(0),
  maxOff: bigint('max_off', { mode: 'number' }),
  fundedBy: text('funded_by').notNull(),
  /** For a brand-funded coupon: the brand, and only its items are discounted. */
  brandId: text('brand_id'),
  currency: text('currency').notNull().default('CNY'),
  validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
  validTo: timestamp('valid_to', { withTimezone: true }).notNull(),
  totalCap: integer('total_cap').notNull(),
  perCustomerCap: integer('per_customer_cap').notNull(),
  redeemed: integer('redeemed').notNull().default(0),
  status: text('status').notNull().default('active'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('coupons_kind_ck', sql`${t.kind} IN ('threshold','fixed','percent','bogo')`),
  check('coupons_funded_ck', sql`(${t.fundedBy} = 'platform' AND ${t.brandId} IS NULL) OR (${t.fundedBy} = 'brand' AND ${t.brandId} IS NOT NULL)`),
  check('coupons_caps_ck', sql`${t.totalCap} >= 1 AND ${t.perCustomerCap} >= 1 AND ${t.redeemed} >= 0 AND ${t.redeemed} <= ${t.totalCap}`),
  check('coupons_amounts_ck', sql`${t.threshold} >= 0 AND ${t.amountOff} >= 0 AND ${t.percentBps} BETWEEN 0 AND 10000`),
  check('coupons_window_ck', sql`${t.validTo} > ${t.validFrom}`),
  check('coupons_status_ck', sql`${t.status} IN ('active','paused')`),
]);

export const couponCustomerCounts = pgTable('coupon_customer_counts', {
  couponId: text('coupon_id').notNull().references(() => coupons.id),
  customer: text('customer').notNull(),
  used: integer('used').notNull(),
  cap: integer('cap').notNull(),
}, (t) => [
  primaryKey({ columns: [t.couponId, t.customer] }),
  check('coupon_customer_counts_ck', sql`${t.used} >= 0 AND ${t.used} <= ${t.cap}`),
]);

export const redPacketBatches = pgTable('red_packet_batches', {
  id: text('id').primaryKey(),
  resellerId: text('reseller_id').notNull(),
  title: text('title').notNull(),
  amountEach: bigint('amount_each', { mode: 'number' }).notNull(),
  count: integer('count').notNull(),
  /** The order subtotal a packet needs before it applies (0: any order). */
  minSpend: bigint('min_spend', { mode: 'number' }).notNull().default(0),
  currency: text('currency').notNull().default('CNY'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  idempotencyKey: text('idempotency_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('red_packet_batches_reseller_idx').on(t.resellerId, t.createdAt),
  uniqueIndex('red_packet_batches_idem_uq').on(t.resellerId, t.idempotencyKey),
  check('red_packet_batches_ck', sql`${t.amountEach} > 0 AND ${t.count} BETWEEN 1 AND 500 AND ${t.minSpend} >= 0`),
]);

export const redPackets = pgTable('red_packets', {
  id: text('id').primaryKey(),
  batchId: text('batch_id').notNull().references(() => redPacketBatches.id),
  resellerId: text('reseller_id').notNull(),
  code: text('code').notNull().unique(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  minSpend: bigint('min_spend', { mode: 'number' }).notNull().default(0),
  /** The customer it was gifted to (the reseller's customer book), if any. */
  customerId: text('customer_id'),
  status: text('status').notNull().default('issued'),
  orderId: text('order_id'),
  usedAt: timestamp('used_at', { withTimezone: true }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [
  index('red_packets_batch_idx').on(t.batchId),
  index('red_packets_due_idx').on(t.status, t.expiresAt),
  check('red_packets_status_ck', sql`${t.status} IN ('issued','gifted','used','expired')`),
  check('red_packets_amount_ck', sql`${t.amount} > 0`),
]);
