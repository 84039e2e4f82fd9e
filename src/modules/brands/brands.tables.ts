// Brands (品牌商) and their commission contracts.
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, boolean, bigint, timestamp, index, check } from 'drizzle-orm/pg-core';

export const brands = pgTable('brands', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  category: text('category').notNull(),
  status: text('status').notNull().default('active'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('brands_status_ck', sql`${t.status} IN ('active','suspended')`)]);

export const brandContracts = pgTable('brand_contracts', {
  id: text('id').primaryKey(),
  brandId: text('brand_id').notNull().references(() => brands.id),
  /** Commission the platform keeps on base price of what is sold and not returned, in basis points. */
  commissionBps: integer('commission_bps').notNull(),
  exclusive: boolean('exclusive').notNull().default(false),
  /** Yearly clearance plan (年度清仓计划), fen of base price. */
  yearlyPlan: bigint('yearly_plan', { mode: 'number' }),
  validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
  validTo: timestamp('valid_to', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('brand_contracts_brand_idx').on(t.brandId, t.validFrom),
  check('brand_contracts_rate_ck', sql`${t.commissionBps} BETWEEN 0 AND 10000`),
  check('brand_contracts_validity_ck', sql`${t.validTo} > ${t.validFrom}`),
]);
