// Membership: the policy in force, paid yearly terms, operator invitation codes, level changes and
// the monthly review (a preview the operator confirms). drizzle/0020_membership.sql.
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigint, timestamp, index, uniqueIndex, check, jsonb, serial, bigserial, boolean, primaryKey, unique } from 'drizzle-orm/pg-core';
import { resellers } from './resellers.tables.ts';

/** The membership and settlement policy in force is the newest row; none means the defaults in code. */
export const membershipPolicies = pgTable('membership_policies', {
  id: serial('id').primaryKey(),
  policy: jsonb('policy').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A year of membership, paid through the gateway; renewal adds the next term after the current one. */
export const membershipTerms = pgTable('membership_terms', {
  id: text('id').primaryKey(),
  resellerId: text('reseller_id').notNull().references(() => resellers.id),
  termNo: integer('term_no').notNull(),
  fee: bigint('fee', { mode: 'number' }).notNull(),
  currency: text('currency').notNull().default('CNY'),
  status: text('status').notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }),
  endsAt: timestamp('ends_at', { withTimezone: true }),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  /** What was given back of the fee (a removal refunds by policy). */
  refunded: bigint('refunded', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('membership_terms_no_uq').on(t.resellerId, t.termNo),
  uniqueIndex('membership_terms_pending_uq').on(t.resellerId).where(sql`${t.status} = 'pending_payment'`),
  check('membership_terms_status_ck', sql`${t.status} IN ('pending_payment','active','removed','cancelled')`),
  check('membership_terms_fee_ck', sql`${t.fee} > 0 AND ${t.refunded} >= 0 AND ${t.refunded} <= ${t.fee}`),
  check('membership_terms_paid_ck', sql`(${t.status} IN ('active','removed')) = (${t.paidAt} IS NOT NULL) AND (${t.paidAt} IS NULL OR (${t.startsAt} IS NOT NULL AND ${t.endsAt} > ${t.startsAt}))`),
]);

/** Codes the operator hands out to people who join without an inviting reseller. */
export const inviteCodes = pgTable('invite_codes', {
  code: text('code').primaryKey(),
  createdBy: text('created_by').notNull(),
  maxUses: integer('max_uses').notNull(),
  uses: integer('uses').notNull().default(0),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  note: text('note').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('invite_codes_uses_ck', sql`${t.maxUses} > 0 AND ${t.uses} >= 0 AND ${t.uses} <= ${t.maxUses}`)]);

export const levelChanges = pgTable('level_changes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  resellerId: text('reseller_id').notNull().references(() => resellers.id),
  fromLevel: text('from_level').notNull(),
  toLevel: text('to_level').notNull(),
  rollingSales: bigint('rolling_sales', { mode: 'number' }).notNull(),
  reason: text('reason').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('level_changes_reseller_idx').on(t.resellerId, t.id),
  check('level_changes_ck', sql`${t.fromLevel} <> ${t.toLevel} AND ${t.reason} IN ('job','on_demand','operator')`),
]);

export const membershipReviews = pgTable('membership_reviews', {
  id: text('id').primaryKey(),
  /** The Asia/Shanghai month reviewed, YYYY-MM. */
  month: text('month').notNull(),
  minimum: bigint('minimum', { mode: 'number' }).notNull(),
  status: text('status').notNull(),
  members: integer('members').notNull(),
  flagged: integer('flagged').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  confirmedBy: text('confirmed_by'),
}, (t) => [
  unique('membership_reviews_month_uq').on(t.month),
  check('membership_reviews_status_ck', sql`${t.status} IN ('preview','confirmed') AND ((${t.status} = 'confirmed') = (${t.confirmedAt} IS NOT NULL))`),
]);

export const membershipReviewRows = pgTable('membership_review_rows', {
  reviewId: text('review_id').notNull().references(() => membershipReviews.id),
  resellerId: text('reseller_id').notNull().references(() => resellers.id),
  monthSales: bigint('month_sales', { mode: 'number' }).notNull(),
  flagged: boolean('flagged').notNull(),
  /** Why a member under the minimum is not flagged (their first month). */
  exempt: text('exempt'),
  decision: text('decision'),
  feeRefund: bigint('fee_refund', { mode: 'number' }).notNull().default(0),
}, (t) => [
  primaryKey({ name: 'membership_review_rows_pk', columns: [t.reviewId, t.resellerId] }),
  index('membership_review_rows_flagged_idx').on(t.reviewId).where(sql`${t.flagged}`),
  check('membership_review_rows_decision_ck', sql`${t.decision} IS NULL OR (${t.decision} IN ('remove','keep') AND ${t.flagged})`),
]);
