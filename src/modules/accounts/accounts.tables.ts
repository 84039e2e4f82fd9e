// Users who log in (operators, brand users, resellers) and their sessions.
import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, index, check } from 'drizzle-orm/pg-core';
import { brands } from '../brands/brands.tables.ts';
import { resellers } from '../resellers/resellers.tables.ts';

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  role: text('role').notNull(),
  phone: text('phone').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  brandId: text('brand_id').references(() => brands.id),
  resellerId: text('reseller_id').references(() => resellers.id),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('users_role_ck', sql`${t.role} IN ('operator','brand','reseller')`),
  check('users_scope_ck', sql`(${t.role} = 'brand') = (${t.brandId} IS NOT NULL) AND (${t.role} = 'reseller') = (${t.resellerId} IS NOT NULL)`),
]);

export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  /** sha256 of the bearer token; the token itself is never stored. */
  tokenHash: text('token_hash').notNull().unique(),
  userId: text('user_id').notNull().references(() => users.id),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('sessions_user_idx').on(t.userId)]);
