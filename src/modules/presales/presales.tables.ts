// Presale (以销定产): a sale event whose SKUs are made to order. Paid orders collect until the
// deadline; if they reach the brand's minimum (MOQ) a production order goes to the brand with a
// committed ship date, otherwise every order is refunded.
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, timestamp, date, check, primaryKey } from 'drizzle-orm/pg-core';
import { brands } from '../brands/brands.tables.ts';
import { saleEvents } from '../sale-events/sale-events.tables.ts';

export const presales = pgTable('presales', {
  id: text('id').primaryKey(),
  saleEventId: text('sale_event_id').notNull().unique().references(() => saleEvents.id),
  brandId: text('brand_id').notNull().references(() => brands.id),
  /** Minimum units (all SKUs together) for the brand to produce. */
  moq: integer('moq').notNull(),
  deadline: timestamp('deadline', { withTimezone: true }).notNull(),
  /** Days from the deadline to the committed ship date. */
  shipDays: integer('ship_days').notNull(),
  status: text('status').notNull().default('collecting'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('presales_status_ck', sql`${t.status} IN ('collecting','confirmed','failed')`),
  check('presales_moq_ck', sql`${t.moq} >= 1 AND ${t.shipDays} BETWEEN 1 AND 180`),
]);

export const productionOrders = pgTable('production_orders', {
  id: text('id').primaryKey(),
  presaleId: text('presale_id').notNull().unique().references(() => presales.id),
  brandId: text('brand_id').notNull().references(() => brands.id),
  status: text('status').notNull().default('issued'),
  committedShipDate: date('committed_ship_date').notNull(),
  totalUnits: integer('total_units').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
  /** Set when an operator cancelled a paid order after the production order went out. */
  amendedAt: timestamp('amended_at', { withTimezone: true }),
}, (t) => [
  // 'cancelled': every order behind it was cancelled by an operator after it went out.
  check('production_orders_status_ck', sql`${t.status} IN ('issued','acknowledged','cancelled')`),
  check('production_orders_units_ck', sql`${t.totalUnits} >= 0 AND (${t.totalUnits} > 0 OR ${t.status} = 'cancelled')`),
]);

export const productionOrderLines = pgTable('production_order_lines', {
  productionOrderId: text('production_order_id').notNull().references(() => productionOrders.id),
  skuId: text('sku_id').notNull(),
  quantity: integer('quantity').notNull(),
}, (t) => [
  primaryKey({ columns: [t.productionOrderId, t.skuId] }),
  check('production_order_lines_qty_ck', sql`${t.quantity} > 0`),
]);
