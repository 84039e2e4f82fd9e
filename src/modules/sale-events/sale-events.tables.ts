// Sale events (档期): a brand's curated SKUs on sale between two instants, with a markup window.
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigint, timestamp, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { brands } from '../brands/brands.tables.ts';
import { products, skus } from '../catalog/catalog.tables.ts';

export const saleEvents = pgTable('sale_events', {
  id: text('id').primaryKey(),
  brandId: text('brand_id').notNull().references(() => brands.id),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  status: text('status').notNull().default('draft'),
  markupMinBps: integer('markup_min_bps').notNull(),
  markupMaxBps: integer('markup_max_bps').notNull(),
  markupSuggestedBps: integer('markup_suggested_bps').notNull(),
  /** Commission rate frozen from the brand's contract when the event is created. */
  commissionBps: integer('commission_bps').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('sale_events_window_idx').on(t.status, t.startsAt, t.endsAt),
  index('sale_events_brand_idx').on(t.brandId, t.startsAt),
  check('sale_events_status_ck', sql`${t.status} IN ('draft','scheduled','live','ended','closed')`),
  check('sale_events_window_ck', sql`${t.endsAt} > ${t.startsAt}`),
  check('sale_events_markup_ck', sql`0 <= ${t.markupMinBps} AND ${t.markupMinBps} <= ${t.markupSuggestedBps} AND ${t.markupSuggestedBps} <= ${t.markupMaxBps} AND ${t.markupMaxBps} <= 100000`),
  check('sale_events_commission_ck', sql`${t.commissionBps} BETWEEN 0 AND 10000`),
]);

export const saleEventSkus = pgTable('sale_event_skus', {
  id: text('id').primaryKey(),
  saleEventId: text('sale_event_id').notNull().references(() => saleEvents.id),
  skuId: text('sku_id').notNull().references(() => skus.id),
  productId: text('product_id').notNull().references(() => products.id),
  brandId: text('brand_id').notNull().references(() => brands.id),
  /** Prices frozen for the event. */
  basePrice: bigint('base_price', { mode: 'number' }).notNull(),
  tagPrice: bigint('tag_price', { mode: 'number' }).notNull(),
  currency: text('currency').notNull().default('CNY'),
  /** Pulled by the operator (drizzle/0012): it stopped selling then and its unsold units went back to the lot. */
  pulledAt: timestamp('pulled_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('sale_event_skus_uq').on(t.saleEventId, t.skuId),
  index('sale_event_skus_product_idx').on(t.saleEventId, t.productId),
]);
