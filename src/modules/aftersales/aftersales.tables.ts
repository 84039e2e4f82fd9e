// After-sales (售后): return and refund requests per order line and quantity, the decision, the
// return parcel, inspection at the warehouse and the refund.
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigint, timestamp, index, uniqueIndex, check, jsonb, primaryKey } from 'drizzle-orm/pg-core';

export const returnRequests = pgTable('return_requests', {
  id: text('id').primaryKey(),
  returnNo: text('return_no').notNull(),
  orderId: text('order_id').notNull(),
  resellerId: text('reseller_id').notNull(),
  /** return: goods come back, then the refund (退货退款); refund_only: money only (仅退款), by policy. */
  kind: text('kind').notNull(),
  /**
   * requested → approved → in_transit (the return waybill moves) → received → refunded, or
   * rejected (by the operator, or at inspection); refund_only: requested → approved → refunded.
   * cancelled: withdrawn by whoever asked, before the goods came back.
   */
  status: text('status').notNull().default('requested'),
  reasonCode: text('reason_code').notNull(),
  note: text('note').notNull().default(''),
  photos: jsonb('photos').$type<string[]>().notNull().default([]),
  requestedBy: text('requested_by').notNull(),
  decidedByUserId: text('decided_by_user_id'),
  decisionReason: text('decision_reason'),
  returnCarrier: text('return_carrier'),
  returnWaybillNo: text('return_waybill_no'),
  inspectionNote: text('inspection_note'),
  /** What the payer got back, when refunded (fen). */
  refunded: bigint('refunded', { mode: 'number' }).notNull().default(0),
  currency: text('currency').notNull().default('CNY'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  receivedAt: timestamp('received_at', { withTimezone: true }),
  refundedAt: timestamp('refunded_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('return_requests_no_uq').on(t.returnNo),
  index('return_requests_order_idx').on(t.orderId),
  index('return_requests_status_idx').on(t.status, t.createdAt),
  index('return_requests_reseller_idx').on(t.resellerId, t.createdAt),
  check('return_requests_kind_ck', sql`${t.kind} IN ('return','refund_only')`),
  check('return_requests_status_ck', sql`${t.status} IN ('requested','approved','in_transit','received','refunded','rejected','cancelled')`),
  check('return_requests_reason_ck', sql`${t.reasonCode} IN ('size','quality','not_as_described','wrong_item','damaged','changed_mind','not_received','other')`),
  check('return_requests_by_ck', sql`${t.requestedBy} IN ('consumer','reseller','operator')`),
  check('return_requests_refunded_ck', sql`${t.refunded} >= 0`),
]);

export const returnLines = pgTable('return_lines', {
  returnId: text('return_id').notNull().references(() => returnRequests.id),
  orderLineId: text('order_line_id').notNull(),
  brandId: text('brand_id').notNull(),
  saleEventId: text('sale_event_id').notNull(),
  skuId: text('sku_id').notNull(),
  quantity: integer('quantity').notNull(),
  /** Units accepted at inspection (refunded); the rest were sent back to the consumer. */
  accepted: integer('accepted'),
}, (t) => [
  primaryKey({ columns: [t.returnId, t.orderLineId] }),
  index('return_lines_order_line_idx').on(t.orderLineId),
  index('return_lines_brand_idx').on(t.brandId),
  check('return_lines_ck', sql`${t.quantity} > 0 AND (${t.accepted} IS NULL OR (${t.accepted} >= 0 AND ${t.accepted} <= ${t.quantity}))`),
]);
