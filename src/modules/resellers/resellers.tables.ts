// Resellers (代购/小b) and their address books of consumers.
import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, index, check, jsonb, foreignKey } from 'drizzle-orm/pg-core';

export const resellers = pgTable('resellers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  phone: text('phone').notNull().unique(),
  level: text('level').notNull().default('V1'),
  status: text('status').notNull().default('active'),
  /** The code in every shared link: /s/:shareCode. */
  shareCode: text('share_code').notNull().unique(),
  /**
   * Who invited them: named when the reseller is created, never changed (a trigger), never
   * themselves (a CHECK), and only someone who already exists (a foreign key) — so invitations
   * form no cycle (docs/membership.md).
   */
  invitedBy: text('invited_by'),
  /** The operator invitation code used to join, when there was no inviting reseller. */
  inviteCode: text('invite_code'),
  /** The end of the paid membership term: no new orders after it (null: enrolled by the operator without a fee term). */
  membershipExpiresAt: timestamp('membership_expires_at', { withTimezone: true }),
  /** When the monthly review removed them (status removed). */
  removedAt: timestamp('removed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('resellers_level_ck', sql`${t.level} IN ('V1','V2','V3','V4','V5')`),
  // pending: signed up, fee not yet paid; removed: by the monthly review (history and balances kept).
  check('resellers_status_ck', sql`${t.status} IN ('pending','active','suspended','removed')`),
  check('resellers_not_self_invited_ck', sql`${t.invitedBy} IS NULL OR ${t.invitedBy} <> ${t.id}`),
  foreignKey({ name: 'resellers_invited_by_fk', columns: [t.invitedBy], foreignColumns: [t.id] }),
  index('resellers_invited_by_idx').on(t.invitedBy).where(sql`${t.invitedBy} IS NOT NULL`),
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
