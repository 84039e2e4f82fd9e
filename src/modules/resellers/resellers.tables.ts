// Resellers (代购/小b) and their address books of consumers.
import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, index, check, jsonb } from 'drizzle-orm/pg-core';

export const resellers = pgTable('resellers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  phone: text('phone').notNull().unique(),
  level: text('level').notNull().default('V1'),
  status: text('status').notNull().default('active'),
  /** The code in every shared link: /s/:shareCode. */
  shareCode: text('share_code').notNull().unique(),
  invitedBy: text('invited_by'),
  membershipExpiresAt: timestamp('membership_expires_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('resellers_level_ck', sql`${t.level} IN ('V1','V2','V3','V4','V5')`),
  check('resellers_status_ck', sql`${t.status} IN ('active','suspended')`),
]);

export const customers = pgTable('customers', {
  id: text('id').primaryKey(),
  resellerId: text('reseller_id').notNull().references(() => resellers.id),
  name: text('name').notNull(),
  phone: text('phone').notNull(),
  province: text('province').notNull(),
  city: text('city').notNull(),
  district: text('district').notNull(),
  detail: text('detail').notNull(),
  tags: jsonb('tags').$type<string[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('customers_reseller_idx').on(t.resellerId, t.createdAt)]);
