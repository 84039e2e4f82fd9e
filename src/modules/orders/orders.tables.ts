// Orders and their lines. Prices are frozen on the line; totals are computed by the server.
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigint, timestamp, index, uniqueIndex, check, jsonb } from 'drizzle-orm/pg-core';
import { resellers } from '../resellers/resellers.tables.ts';

export interface Address { province: string; city: string; district: string; detail: string }

export const orders = pgTable('orders', {
  id: text('id').primaryKey(),
  /**
   * The order number people read, search and print (订单号): yyyymmdd (Asia/Shanghai) + 8 digits.
   * Assigned by the column's default (drizzle/0011_order_numbers.sql) in the statement that
   * inserts the order, so every flow that creates orders gets one, unique by constraint.
   */
  orderNo: text('order_no').notNull().default(sql`order_no_for(now())`),
  /** reseller: placed by the reseller for a consumer (代下单); storefront: by the consumer through a link. */
  kind: text('kind').notNull(),
  resellerId: text('reseller_id').notNull().references(() => resellers.id),
  customerId: text('customer_id'),
  consumerName: text('consumer_name').notNull(),
  consumerPhone: text('consumer_phone').notNull(),
  address: jsonb('address').$type<Address>().notNull(),
  status: text('status').notNull(),
  payMethod: text('pay_method').notNull(),
  currency: text('currency').notNull().default('CNY'),
  sellingTotal: bigint('selling_total', { mode: 'number' }).notNull(),
  baseTotal: bigint('base_total', { mode: 'number' }).notNull(),
  /** What the payer owes the platform: base total for reseller orders, selling total for storefront. */
  amountDue: bigint('amount_due', { mode: 'number' }).notNull(),
  holdExpiresAt: timestamp('hold_expires_at', { withTimezone: true }),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  cancelReason: text('cancel_reason'),
  /** When the first of its parcels left, and when its last shipped unit was delivered. */
  shippedAt: timestamp('shipped_at', { withTimezone: true }),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  /** Delivery starts the return window (七天无理由): returns may be asked for until then. */
  returnWindowEndsAt: timestamp('return_window_ends_at', { withTimezone: true }),
  idempotencyKey: text('idempotency_key').notNull(),
  requestHash: text('request_hash').notNull(),
  /** sha256 of the secret the consumer uses to look the order up without an account. */
  lookupTokenHash: text('lookup_token_hash'),
  note: text('note').notNull().default(''),
  /** A campaign the order belongs to: flash (flash item id), group (group buy id) or presale (presale id). */
  campaign: text('campaign'),
  campaignRef: text('campaign_ref'),
  /** Σ of the order's discounts (coupons, red packets); the payer's amount due is already net of it. */
  discountTotal: bigint('discount_total', { mode: 'number' }).notNull().default(0),
  /** Where a storefront order came from (IPv4, or an IPv6 /64): unpaid orders per client address are capped. */
  clientAddress: text('client_address'),
  /**
   * 流量保护: a storefront order through another reseller's link, given to the reseller the
   * consumer is bound to (docs/sharing.md): that link's reseller. The consumer paid their prices.
   */
  viaResellerId: text('via_reseller_id').references(() => resellers.id),
  /** The share link (sharing: share_links.code) the order came through: its channel's conversion. */
  shareLink: text('share_link'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('orders_order_no_uq').on(t.orderNo),
  // A tail of the number (the last digits a customer reads out) is a prefix of the reversed number.
  index('orders_order_no_tail_idx').using('btree', sql`reverse(${t.orderNo}) text_pattern_ops`),
  uniqueIndex('orders_idem_uq').on(t.resellerId, t.kind, t.idempotencyKey),
  // What a phone holds now, and the unpaid orders of the hold caps' window (per phone, address, link).
  index('orders_pending_phone_idx').on(t.consumerPhone).where(sql`${t.status} = 'pending_payment'`),
  // The phone's and the link's unpaid orders each through their own index, whatever the planner
  // believes: `<> ''` (also asked by the counts, holds.service heldJsonSql) sets the two predicates
  // apart, so neither index can serve the other's count as a scan of every unpaid order — which a
  // prepared statement planned while they were nearly empty did, and kept doing as they grew.
  index('orders_unpaid_phone_idx').on(t.consumerPhone, t.createdAt).where(sql`${t.paidAt} IS NULL AND ${t.kind} = 'storefront' AND ${t.consumerPhone} <> ''`),
  index('orders_unpaid_address_idx').on(t.clientAddress, t.createdAt).where(sql`${t.paidAt} IS NULL AND ${t.clientAddress} IS NOT NULL`),
  index('orders_unpaid_link_idx').on(t.resellerId, t.createdAt).where(sql`${t.paidAt} IS NULL AND ${t.kind} = 'storefront' AND ${t.resellerId} <> ''`),
  // Lists of orders, newest first by the time placed then id (orders.service ORDERS_NEWEST_FIRST):
  // everyone's, and a reseller's own.
  index('orders_created_idx').on(t.createdAt, t.id),
  index('orders_reseller_idx').on(t.resellerId, t.createdAt, t.id),
  index('orders_share_link_idx').on(t.shareLink).where(sql`${t.shareLink} IS NOT NULL`),
  index('orders_status_idx').on(t.status, t.holdExpiresAt),
  // Only campaign orders are looked up by campaign: most orders have none and need no entry.
  index('orders_campaign_idx').on(t.campaign, t.campaignRef).where(sql`${t.campaign} IS NOT NULL`),
  check('orders_kind_ck', sql`${t.kind} IN ('reseller','storefront')`),
  check('orders_pay_method_ck', sql`${t.payMethod} IN ('wallet','provider')`),
  check('orders_status_ck', sql`${t.status} IN ('pending_payment','paid','partially_shipped','shipped','delivered','completed','expired','cancelled')`),
  // Orders waiting for their return window to end (the completion job's scan).
  index('orders_return_window_idx').on(t.returnWindowEndsAt).where(sql`${t.status} = 'delivered'`),
  check('orders_amounts_ck', sql`${t.baseTotal} > 0 AND ${t.sellingTotal} >= ${t.baseTotal} AND ${t.amountDue} > 0 AND ${t.discountTotal} >= 0`),
  check('orders_via_ck', sql`${t.viaResellerId} IS NULL OR (${t.kind} = 'storefront' AND ${t.viaResellerId} <> ${t.resellerId})`),
  check('orders_campaign_ck', sql`${t.campaign} IS NULL OR (${t.campaign} IN ('flash','group','presale') AND ${t.campaignRef} IS NOT NULL)`),
]);

export const orderLines = pgTable('order_lines', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull().references(() => orders.id),
  /** 1, 2, 3 … in the order the lines were asked for: every read lists them so. */
  lineNo: integer('line_no').notNull().default(1),
  eventSkuId: text('event_sku_id').notNull(),
  saleEventId: text('sale_event_id').notNull(),
  skuId: text('sku_id').notNull(),
  productId: text('product_id').notNull(),
  brandId: text('brand_id').notNull(),
  quantity: integer('quantity').notNull(),
  basePrice: bigint('base_price', { mode: 'number' }).notNull(),
  sellingPrice: bigint('selling_price', { mode: 'number' }).notNull(),
  commissionBps: integer('commission_bps').notNull(),
  currency: text('currency').notNull().default('CNY'),
  // Where the units are (orders.rules LineQuantities): each ordered unit is to ship, cancelled,
  // short or shipped; shipped units may be delivered and returned; refunded counts units whose
  // money went back. Written only with the guarded updates of orders.service.
  qtyCancelled: integer('qty_cancelled').notNull().default(0),
  qtyShort: integer('qty_short').notNull().default(0),
  qtyShipped: integer('qty_shipped').notNull().default(0),
  qtyDelivered: integer('qty_delivered').notNull().default(0),
  qtyReturned: integer('qty_returned').notNull().default(0),
  qtyRefunded: integer('qty_refunded').notNull().default(0),
}, (t) => [
  uniqueIndex('order_lines_line_no_uq').on(t.orderId, t.lineNo),
  check('order_lines_qty_nonneg_ck', sql`${t.qtyCancelled} >= 0 AND ${t.qtyShort} >= 0 AND ${t.qtyShipped} >= 0 AND ${t.qtyDelivered} >= 0 AND ${t.qtyReturned} >= 0 AND ${t.qtyRefunded} >= 0`),
  check('order_lines_qty_sums_ck', sql`${t.qtyCancelled} + ${t.qtyShort} + ${t.qtyShipped} <= ${t.quantity} AND ${t.qtyDelivered} <= ${t.qtyShipped} AND ${t.qtyReturned} <= ${t.qtyShipped} AND ${t.qtyRefunded} <= ${t.quantity}`),
  index('order_lines_event_idx').on(t.saleEventId, t.skuId),
  index('order_lines_brand_idx').on(t.brandId),
  check('order_lines_qty_ck', sql`${t.quantity} > 0`),
  check('order_lines_price_ck', sql`${t.basePrice} > 0 AND ${t.sellingPrice} >= ${t.basePrice}`),
]);

/** One row per discount per order line: how much, from what, and who bears it. */
export const orderDiscounts = pgTable('order_discounts', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull(),
  orderLineId: text('order_line_id').notNull(),
  source: text('source').notNull(),
  sourceId: text('source_id').notNull(),
  bearer: text('bearer').notNull(),
  /** The brand or reseller bearing it; '' for the platform. */
  bearerPartyId: text('bearer_party_id').notNull().default(''),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull().default('CNY'),
  /** applied; released when the order is cancelled or expires before payment. */
  status: text('status').notNull().default('applied'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('order_discounts_order_idx').on(t.orderId),
  index('order_discounts_source_idx').on(t.source, t.sourceId),
  check('order_discounts_source_ck', sql`${t.source} IN ('coupon','red_packet')`),
  check('order_discounts_bearer_ck', sql`${t.bearer} IN ('platform','brand','reseller')`),
  check('order_discounts_amount_ck', sql`${t.amount} > 0`),
  check('order_discounts_status_ck', sql`${t.status} IN ('applied','released')`),
]);

/**
 * Who released unpaid holds, and why: one row per order released by a reseller (their customers'
 * orders) or an operator (a holder's, by phone, client address or reseller link). Written in the
 * transaction that cancels the order; never changed.
 */
export const holdReleases = pgTable('hold_releases', {
  /** An order's hold is released once. */
  orderId: text('order_id').primaryKey().references(() => orders.id),
  /** One release action: a holder's orders released together share it. */
  batchId: text('batch_id').notNull(),
  resellerId: text('reseller_id').notNull(),
  actorKind: text('actor_kind').notNull(),
  actorUserId: text('actor_user_id'),
  actorName: text('actor_name'),
  /** What was released: one order, or a holder's orders by phone, client address or reseller link. */
  scope: text('scope').notNull(),
  subject: text('subject').notNull(),
  reason: text('reason').notNull(),
  units: integer('units').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('hold_releases_created_idx').on(t.createdAt),
  check('hold_releases_actor_ck', sql`${t.actorKind} IN ('operator','reseller','system')`),
  check('hold_releases_scope_ck', sql`${t.scope} IN ('order','phone','address','link')`),
  check('hold_releases_units_ck', sql`${t.units} > 0`),
]);
