// The physical half of the loop: purchase orders to brands, receiving at the warehouse, stock by
// bin, sorting waves and parcels. Every unit that moves names the order line it is for.
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigserial, timestamp, date, index, uniqueIndex, check, jsonb, boolean, primaryKey } from 'drizzle-orm/pg-core';

import type { Address } from './fulfillment.rules.ts';

/**
 * What the platform asks a brand to send for one event (采购单): the paid units per SKU of one
 * wave. `mode` drop_ship: the brand ships to consumers itself, from its portal.
 */
export const purchaseOrders = pgTable('purchase_orders', {
  id: text('id').primaryKey(),
  poNo: text('po_no').notNull(),
  brandId: text('brand_id').notNull(),
  saleEventId: text('sale_event_id').notNull(),
  wave: integer('wave').notNull(),
  mode: text('mode').notNull().default('warehouse'),
  /** issued → confirmed (the brand gave a ship date) → receiving → received; drop-ship: issued → confirmed → shipped. */
  status: text('status').notNull().default('issued'),
  shipDate: date('ship_date'),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  receivedAt: timestamp('received_at', { withTimezone: true }),
  units: integer('units').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('purchase_orders_no_uq').on(t.poNo),
  uniqueIndex('purchase_orders_wave_uq').on(t.saleEventId, t.brandId, t.wave),
  index('purchase_orders_brand_idx').on(t.brandId, t.createdAt),
  check('purchase_orders_mode_ck', sql`${t.mode} IN ('warehouse','drop_ship')`),
  check('purchase_orders_status_ck', sql`${t.status} IN ('issued','confirmed','receiving','received','shipped')`),
  check('purchase_orders_units_ck', sql`${t.units} > 0`),
]);

/** One SKU of a purchase order, with the running counts of what arrived. */
export const purchaseOrderLines = pgTable('purchase_order_lines', {
  id: text('id').primaryKey(),
  poId: text('po_id').notNull().references(() => purchaseOrders.id),
  skuId: text('sku_id').notNull(),
  eventSkuId: text('event_sku_id').notNull(),
  barcode: text('barcode').notNull(),
  ordered: integer('ordered').notNull(),
  /** Counted in by scans: good units, and damaged ones (kept apart, treated as short). */
  received: integer('received').notNull().default(0),
  damaged: integer('damaged').notNull().default(0),
  /** Set when receiving closes: units short (ordered − good, if fewer came), and over (back to the lot). */
  short: integer('short').notNull().default(0),
  over: integer('over').notNull().default(0),
  bin: text('bin').notNull(),
}, (t) => [
  uniqueIndex('purchase_order_lines_sku_uq').on(t.poId, t.skuId),
  index('purchase_order_lines_barcode_idx').on(t.poId, t.barcode),
  check('purchase_order_lines_ck', sql`${t.ordered} > 0 AND ${t.received} >= 0 AND ${t.damaged} >= 0 AND ${t.short} >= 0 AND ${t.over} >= 0 AND ${t.short} <= ${t.ordered}`),
]);

/**
 * Which order lines' units a purchase-order line covers, and what became of them at receiving:
 * received (good, to sort) or short (cancelled and refunded). Paid time orders the shortage rule.
 */
export const poAllocations = pgTable('po_allocations', {
  poLineId: text('po_line_id').notNull().references(() => purchaseOrderLines.id),
  orderLineId: text('order_line_id').notNull(),
  orderId: text('order_id').notNull(),
  quantity: integer('quantity').notNull(),
  received: integer('received').notNull().default(0),
  short: integer('short').notNull().default(0),
  /**
   * Units put into parcels (a sorting wave, or the brand's own drop-ship parcel), kept by the
   * statements that write parcel lines: never more than arrived.
   */
  sorted: integer('sorted').notNull().default(0),
  paidAt: timestamp('paid_at', { withTimezone: true }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.poLineId, t.orderLineId] }),
  // An order line's units are asked of a brand once: never in two purchase orders.
  uniqueIndex('po_allocations_order_line_uq').on(t.orderLineId),
  check('po_allocations_ck', sql`${t.quantity} > 0 AND ${t.received} >= 0 AND ${t.short} >= 0 AND ${t.received} + ${t.short} <= ${t.quantity}`),
  check('po_allocations_sorted_ck', sql`${t.sorted} >= 0 AND ${t.sorted} <= ${t.received}`),
  // The open work: units still to come or still to sort (a closed allocation has sorted + short =
  // quantity). A sorting wave reads only these, however long the history grows.
  index('po_allocations_open_idx').on(t.poLineId).where(sql`${t.sorted} + ${t.short} < ${t.quantity}`),
]);

/** Every scan (or uploaded row) at receiving: append-only, the running counts are its sums. */
export const receivingScans = pgTable('receiving_scans', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  poId: text('po_id').notNull(),
  poLineId: text('po_line_id').notNull(),
  barcode: text('barcode').notNull(),
  quantity: integer('quantity').notNull(),
  condition: text('condition').notNull().default('good'),
  source: text('source').notNull().default('scan'),
  actorUserId: text('actor_user_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('receiving_scans_po_idx').on(t.poId, t.id),
  check('receiving_scans_ck', sql`${t.quantity} > 0 AND ${t.condition} IN ('good','damaged') AND ${t.source} IN ('scan','file','manual')`),
]);

/** Units on hand per bin and SKU at the warehouse (physical stock, apart from the event pools). */
export const binStock = pgTable('bin_stock', {
  bin: text('bin').notNull(),
  skuId: text('sku_id').notNull(),
  onHand: integer('on_hand').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.bin, t.skuId] }),
  check('bin_stock_ck', sql`${t.onHand} >= 0`),
]);

/** Every physical movement, naming the order line it is for (overage and damage name the PO line). */
export const warehouseMovements = pgTable('warehouse_movements', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  kind: text('kind').notNull(),
  skuId: text('sku_id').notNull(),
  bin: text('bin'),
  quantity: integer('quantity').notNull(),
  orderLineId: text('order_line_id'),
  poLineId: text('po_line_id'),
  parcelId: text('parcel_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('warehouse_movements_line_idx').on(t.orderLineId),
  check('warehouse_movements_kind_ck', sql`${t.kind} IN ('receive','damaged','overage','pack','return_in')`),
  check('warehouse_movements_qty_ck', sql`${t.quantity} > 0`),
  check('warehouse_movements_line_ck', sql`${t.kind} IN ('damaged','overage') OR ${t.orderLineId} IS NOT NULL`),
]);

/** A sorting wave (分拣波次): what was sorted together, picked by bin and packed. */
export const sortWaves = pgTable('sort_waves', {
  id: text('id').primaryKey(),
  waveNo: text('wave_no').notNull(),
  status: text('status').notNull().default('picking'),
  parcels: integer('parcels').notNull(),
  units: integer('units').notNull(),
  /** Units kept back for the rest of their consumer's goods (合单), at the time of the wave. */
  waiting: integer('waiting').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('sort_waves_no_uq').on(t.waveNo),
  check('sort_waves_status_ck', sql`${t.status} IN ('picking','packed','shipped')`),
]);

/** A parcel to one consumer at one address, sent in one reseller's name. */
export const parcels = pgTable('parcels', {
  id: text('id').primaryKey(),
  parcelNo: text('parcel_no').notNull(),
  waveId: text('wave_id'),
  /** warehouse: sorted and packed by the platform; drop_ship: sent by the brand itself. */
  origin: text('origin').notNull().default('warehouse'),
  brandId: text('brand_id'),
  resellerId: text('reseller_id').notNull(),
  phone: text('phone').notNull(),
  recipient: text('recipient').notNull(),
  address: jsonb('address').$type<Address>().notNull(),
  weightGrams: integer('weight_grams').notNull(),
  items: integer('items').notNull(),
  oversize: boolean('oversize').notNull().default(false),
  /** Which of its consumer's parcels from one wave this is (n of count), for the label. */
  seq: integer('seq').notNull().default(1),
  seqOf: integer('seq_of').notNull().default(1),
  /** packing → packed → shipped (handed to the carrier) → delivered | returned (to sender) */
  status: text('status').notNull().default('packing'),
  carrier: text('carrier'),
  waybillNo: text('waybill_no'),
  trackingStatus: text('tracking_status'),
  packedAt: timestamp('packed_at', { withTimezone: true }),
  shippedAt: timestamp('shipped_at', { withTimezone: true }),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('parcels_no_uq').on(t.parcelNo),
  uniqueIndex('parcels_waybill_uq').on(t.carrier, t.waybillNo),
  index('parcels_wave_idx').on(t.waveId),
  index('parcels_status_idx').on(t.status),
  check('parcels_origin_ck', sql`${t.origin} IN ('warehouse','drop_ship')`),
  check('parcels_status_ck', sql`${t.status} IN ('packing','packed','shipped','delivered','returned')`),
  check('parcels_counts_ck', sql`${t.weightGrams} > 0 AND ${t.items} > 0 AND ${t.seq} >= 1 AND ${t.seq} <= ${t.seqOf}`),
]);

/** Shipment lines: which order lines' units a parcel carries, from which bin. */
export const parcelLines = pgTable('parcel_lines', {
  parcelId: text('parcel_id').notNull().references(() => parcels.id),
  orderLineId: text('order_line_id').notNull(),
  orderId: text('order_id').notNull(),
  skuId: text('sku_id').notNull(),
  bin: text('bin'),
  quantity: integer('quantity').notNull(),
  /** Packing confirmed by scanning this line's barcode (units counted in). */
  packed: integer('packed').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.parcelId, t.orderLineId] }),
  index('parcel_lines_order_line_idx').on(t.orderLineId),
  index('parcel_lines_order_idx').on(t.orderId),
  check('parcel_lines_ck', sql`${t.quantity} > 0 AND ${t.packed} >= 0 AND ${t.packed} <= ${t.quantity}`),
]);
