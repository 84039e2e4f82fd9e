// A reseller's selling price per event SKU, inside the event's markup window.
import { pgTable, text, bigint, timestamp, primaryKey, index } from 'drizzle-orm/pg-core';
import { resellers } from '../resellers/resellers.tables.ts';
import { saleEventSkus } from '../sale-events/sale-events.tables.ts';

export const resellerPrices = pgTable('reseller_prices', {
  resellerId: text('reseller_id').notNull().references(() => resellers.id),
  eventSkuId: text('event_sku_id').notNull().references(() => saleEventSkus.id),
  saleEventId: text('sale_event_id').notNull(),
  sellingPrice: bigint('selling_price', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.resellerId, t.eventSkuId] }), index('reseller_prices_event_idx').on(t.resellerId, t.saleEventId)]);
