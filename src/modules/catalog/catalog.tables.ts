// Products, SKUs (colour × size) and the lots (货盘) brands hand over.
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigint, timestamp, index, uniqueIndex, check, jsonb, primaryKey } from 'drizzle-orm/pg-core';
import { brands } from '../brands/brands.tables.ts';

export const products = pgTable('products', {
  id: text('id').primaryKey(),
  brandId: text('brand_id').notNull().references(() => brands.id),
  spuCode: text('spu_code').notNull(),
  name: text('name').notNull(),
  category: text('category').notNull(),
  description: text('description').notNull().default(''),
  images: jsonb('images').$type<string[]>().notNull().default([]),
  /** Colour → that colour's own picture (one of the lot rows' pictures); a colour without one shows images[0]. */
  colourImages: jsonb('colour_images').$type<Record<string, string>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('products_brand_spu_uq').on(t.brandId, t.spuCode)]);

export const skus = pgTable('skus', {
  id: text('id').primaryKey(),
  productId: text('product_id').notNull().references(() => products.id),
  brandId: text('brand_id').notNull().references(() => brands.id),
  skuCode: text('sku_code').notNull(),
  colour: text('colour').notNull(),
  size: text('size').notNull(),
  barcode: text('barcode'),
  /** Packed weight of one unit, for parcels and the carrier's limits. */
  weightGrams: integer('weight_grams').notNull().default(500),
  /** 吊牌价 */
  tagPrice: bigint('tag_price', { mode: 'number' }).notNull(),
  /** 平台价: what the reseller pays. */
  basePrice: bigint('base_price', { mode: 'number' }).notNull(),
  currency: text('currency').notNull().default('CNY'),
}, (t) => [
  uniqueIndex('skus_brand_code_uq').on(t.brandId, t.skuCode),
  index('skus_product_idx').on(t.productId),
  check('skus_prices_ck', sql`${t.basePrice} > 0 AND ${t.tagPrice} >= ${t.basePrice}`),
]);

export const lots = pgTable('lots', {
  id: text('id').primaryKey(),
  brandId: text('brand_id').notNull().references(() => brands.id),
  name: text('name').notNull(),
  fileName: text('file_name').notNull(),
  /** sha256 of the file: importing the same file again returns the same lot. */
  fileSha256: text('file_sha256').notNull(),
  rowCount: integer('row_count').notNull(),
  units: integer('units').notNull(),
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('lots_brand_file_uq').on(t.brandId, t.fileSha256)]);

export const lotLines = pgTable('lot_lines', {
  lotId: text('lot_id').notNull().references(() => lots.id),
  skuId: text('sku_id').notNull().references(() => skus.id),
  quantity: integer('quantity').notNull(),
}, (t) => [primaryKey({ columns: [t.lotId, t.skuId] }), check('lot_lines_qty_ck', sql`${t.quantity} > 0`)]);
