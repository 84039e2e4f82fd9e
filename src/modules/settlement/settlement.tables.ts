// Settlement: order lines whose return window is over (their money moves from pending to
// available), platform-funded rewards on them, reseller withdrawals, brand statements (回款) and
// the brand payouts that settle them. drizzle/0020_membership.sql; docs/settlement.md.
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigint, timestamp, index, check, bigserial, unique } from 'drizzle-orm/pg-core';
import { resellers } from '../resellers/resellers.tables.ts';

/** One settled order line: what it came to once nothing more could be returned. */
export const lineSettlements = pgTable('line_settlements', {
  orderLineId: text('order_line_id').primaryKey(),
  orderId: text('order_id').notNull(),
  resellerId: text('reseller_id').notNull(),
  brandId: text('brand_id').notNull(),
  saleEventId: text('sale_event_id').notNull(),
  currency: text('currency').notNull(),
  /** Units kept by the consumer (ordered − cancelled − short − refunded). */
  units: integer('units').notNull(),
  /** Selling price × units: the sales the review, levels and rewards count. */
  sales: bigint('sales', { mode: 'number' }).notNull(),
  /** The reseller's margin moved to available. */
  margin: bigint('margin', { mode: 'number' }).notNull(),
  /** The brand's payable for the line at settlement (what its statement counts). */
  brandAmount: bigint('brand_amount', { mode: 'number' }).notNull(),
  /** The platform's commission on the line at settlement. */
  commission: bigint('commission', { mode: 'number' }).notNull(),
  /** The line's last journal line at settlement: later ones are refunds after settlement (statement adjustments). */
  lastJournalLineId: bigint('last_journal_line_id', { mode: 'number' }).notNull(),
  settledAt: timestamp('settled_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('line_settlements_brand_idx').on(t.brandId, t.settledAt),
  index('line_settlements_reseller_idx').on(t.resellerId, t.settledAt),
  check('line_settlements_ck', sql`${t.units} >= 0 AND ${t.sales} >= 0 AND ${t.margin} >= 0 AND ${t.brandAmount} >= 0 AND ${t.commission} >= 0`),
]);

/** Orders whose lines are settled, with the entry that moved their money. */
export const orderSettlements = pgTable('order_settlements', {
  orderId: text('order_id').primaryKey(),
  entryKey: text('entry_key'),
  settledAt: timestamp('settled_at', { withTimezone: true }).notNull().defaultNow(),
});

export const rewards = pgTable('rewards', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  kind: text('kind').notNull(),
  orderLineId: text('order_line_id').notNull().references(() => lineSettlements.orderLineId),
  beneficiaryId: text('beneficiary_id').notNull().references(() => resellers.id),
  inviteeId: text('invitee_id').notNull().references(() => resellers.id),
  /** The invitee's qualifying sales or margin on the line (policy), and the rate applied. */
  basis: bigint('basis', { mode: 'number' }).notNull(),
  bps: integer('bps').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  /** Taken back as the line's units were refunded after settlement (the last unit takes the rest). */
  clawedBack: bigint('clawed_back', { mode: 'number' }).notNull().default(0),
  /** The line's units the reward was earned on. */
  units: integer('units').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // By line first: settlement and clawback find a line's rewards by it.
  unique('rewards_line_uq').on(t.orderLineId, t.kind),
  index('rewards_beneficiary_idx').on(t.beneficiaryId, t.id),
  check('rewards_kind_ck', sql`${t.kind} IN ('invitation','team')`),
  check('rewards_not_self_ck', sql`${t.beneficiaryId} <> ${t.inviteeId}`),
  check('rewards_amount_ck', sql`${t.amount} > 0 AND ${t.basis} > 0 AND ${t.bps} > 0 AND ${t.bps} <= 5000 AND ${t.clawedBack} >= 0 AND ${t.clawedBack} <= ${t.amount} AND ${t.units} > 0`),
]);

export const withdrawals = pgTable('withdrawals', {
  id: text('id').primaryKey(),
  resellerId: text('reseller_id').notNull().references(() => resellers.id),
  /** Taken from the available balance; the payout sends amount − fee. */
  amount: bigint('amount', { mode: 'number' }).notNull(),
  fee: bigint('fee', { mode: 'number' }).notNull(),
  currency: text('currency').notNull().default('CNY'),
  payoutAccountId: text('payout_account_id').notNull(),
  status: text('status').notNull(),
  idempotencyKey: text('idempotency_key').notNull(),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decidedBy: text('decided_by'),
  rejectReason: text('reject_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('withdrawals_idem_uq').on(t.resellerId, t.idempotencyKey),
  index('withdrawals_status_idx').on(t.status, t.createdAt),
  index('withdrawals_reseller_idx').on(t.resellerId, t.createdAt),
  check('withdrawals_status_ck', sql`${t.status} IN ('requested','approved','rejected','cancelled')`),
  check('withdrawals_amount_ck', sql`${t.amount} > 0 AND ${t.fee} >= 0 AND ${t.fee} < ${t.amount}`),
]);

/** A brand's month: what settled, what came back after, and what is due (回款). */
export const brandStatements = pgTable('brand_statements', {
  id: text('id').primaryKey(),
  brandId: text('brand_id').notNull(),
  period: text('period').notNull(),
  periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
  periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
  currency: text('currency').notNull().default('CNY'),
  soldUnits: integer('sold_units').notNull(),
  returnedUnits: integer('returned_units').notNull(),
  shortUnits: integer('short_units').notNull(),
  gross: bigint('gross', { mode: 'number' }).notNull(),
  commission: bigint('commission', { mode: 'number' }).notNull(),
  discountsBorne: bigint('discounts_borne', { mode: 'number' }).notNull(),
  /** The brand's payable on the lines settled in the month. */
  settled: bigint('settled', { mode: 'number' }).notNull(),
  /** Refunds in the month on lines settled earlier (negative). */
  adjustments: bigint('adjustments', { mode: 'number' }).notNull(),
  /** What earlier months left (a negative month carries into the next). */
  carriedIn: bigint('carried_in', { mode: 'number' }).notNull(),
  amountDue: bigint('amount_due', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('brand_statements_period_uq').on(t.brandId, t.period),
  check('brand_statements_ck', sql`${t.periodEnd} > ${t.periodStart} AND ${t.amountDue} >= 0`),
]);

export const brandPayouts = pgTable('brand_payouts', {
  id: text('id').primaryKey(),
  statementId: text('statement_id').notNull().references(() => brandStatements.id),
  brandId: text('brand_id').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull().default('CNY'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('brand_payouts_statement_idx').on(t.statementId),
  check('brand_payouts_amount_ck', sql`${t.amount} > 0`),
]);
