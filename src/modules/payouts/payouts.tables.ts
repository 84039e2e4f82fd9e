// Payouts: where each reseller and brand is paid (payout accounts), every transfer the platform
// sends through the payout provider (its book of money leaving), the provider's notifications as
// received, the daily comparisons with the provider's statement, and the sandbox payout
// provider's own books (it stands in for an external payout company).
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigint, boolean, timestamp, index, uniqueIndex, check, jsonb } from 'drizzle-orm/pg-core';

export const payoutAccounts = pgTable('payout_accounts', {
  id: text('id').primaryKey(),
  ownerKind: text('owner_kind').notNull(),
  ownerId: text('owner_id').notNull(),
  /** bank_card: a debit card (银行卡); alipay: a phone number or email (支付宝账号); wechat: a WeChat ID (微信号). */
  kind: text('kind').notNull(),
  holderName: text('holder_name').notNull(),
  accountNo: text('account_no').notNull(),
  bankName: text('bank_name'),
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Removed accounts are kept: payouts already sent to them name them. */
  removedAt: timestamp('removed_at', { withTimezone: true }),
}, (t) => [
  index('payout_accounts_owner_idx').on(t.ownerKind, t.ownerId),
  uniqueIndex('payout_accounts_live_uq').on(t.ownerKind, t.ownerId, t.kind, t.accountNo).where(sql`${t.removedAt} IS NULL`),
  uniqueIndex('payout_accounts_default_uq').on(t.ownerKind, t.ownerId).where(sql`${t.isDefault} AND ${t.removedAt} IS NULL`),
  check('payout_accounts_owner_kind_ck', sql`${t.ownerKind} IN ('reseller','brand')`),
  check('payout_accounts_kind_ck', sql`${t.kind} IN ('bank_card','alipay','wechat')`),
  check('payout_accounts_bank_ck', sql`(${t.kind} = 'bank_card') = (${t.bankName} IS NOT NULL)`),
  check('payout_accounts_default_ck', sql`NOT (${t.isDefault} AND ${t.removedAt} IS NOT NULL)`),
]);

/**
 * The platform's book of payouts: one row per thing paid (a withdrawal, a brand statement), at
 * most one per cause. The caller funds it in its own transaction (Dr the party's account, Cr
 * payouts_in_flight, posted under funding_entry_key); the provider's outcome moves the money on
 * to payout_cash (succeeded) or back where it came from (failed, the funding entry negated).
 */
export const payouts = pgTable('payouts', {
  id: text('id').primaryKey(),
  purpose: text('purpose').notNull(),
  causeId: text('cause_id').notNull(),
  partyKind: text('party_kind').notNull(),
  partyId: text('party_id').notNull(),
  payoutAccountId: text('payout_account_id').notNull().references(() => payoutAccounts.id),
  /** The account as it was when the payout was made: what the provider is asked to pay. */
  accountSnapshot: jsonb('account_snapshot').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull().default('CNY'),
  /** pending: not yet accepted by the provider; submitted: accepted, outcome unknown; succeeded | failed: final. */
  status: text('status').notNull().default('pending'),
  provider: text('provider').notNull(),
  /** What the provider knows the transfer by (and dedups on): the payout id. */
  merchantRef: text('merchant_ref').notNull(),
  providerRef: text('provider_ref'),
  failureCode: text('failure_code'),
  failureMessage: text('failure_message'),
  /** Submissions tried; a transient error leaves the payout pending until next_attempt_at. */
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  lastError: text('last_error'),
  /** The idempotency key of the ledger entry that funded it: a failure posts its exact negation. */
  fundingEntryKey: text('funding_entry_key').notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  settledAt: timestamp('settled_at', { withTimezone: true }),
  /** When the platform last asked the provider about it (the query sweep). */
  checkedAt: timestamp('checked_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('payouts_cause_uq').on(t.purpose, t.causeId),
  uniqueIndex('payouts_merchant_ref_uq').on(t.merchantRef),
  uniqueIndex('payouts_funding_uq').on(t.fundingEntryKey),
  index('payouts_party_idx').on(t.partyKind, t.partyId),
  index('payouts_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  index('payouts_submitted_idx').on(t.submittedAt).where(sql`${t.status} = 'submitted'`),
  index('payouts_created_idx').on(t.createdAt),
  check('payouts_purpose_ck', sql`(${t.purpose} = 'withdrawal' AND ${t.partyKind} = 'reseller') OR (${t.purpose} = 'brand_payout' AND ${t.partyKind} = 'brand')`),
  check('payouts_status_ck', sql`${t.status} IN ('pending','submitted','succeeded','failed')`),
  check('payouts_amount_ck', sql`${t.amount} > 0`),
  check('payouts_settled_ck', sql`(${t.status} IN ('succeeded','failed')) = (${t.settledAt} IS NOT NULL)`),
  check('payouts_failure_ck', sql`(${t.status} = 'failed') = (${t.failureCode} IS NOT NULL)`),
]);

export const payoutNotifications = pgTable('payout_notifications', {
  id: text('id').primaryKey(),
  provider: text('provider').notNull(),
  eventId: text('event_id').notNull(),
  type: text('type').notNull(),
  payload: jsonb('payload').notNull(),
  outcome: text('outcome').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('payout_notifications_event_uq').on(t.provider, t.eventId)]);

/** The daily comparison of the provider's statement with our payouts and the ledger: must list nothing. */
export const payoutReconciliations = pgTable('payout_reconciliations', {
  id: text('id').primaryKey(),
  provider: text('provider').notNull(),
  periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
  periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
  /** Transfers on the provider's statement for the period, and what it says it paid. */
  providerCount: integer('provider_count').notNull(),
  providerPaid: bigint('provider_paid', { mode: 'number' }).notNull(),
  /** What our books say was paid in the period (succeeded payouts submitted in it). */
  booksPaid: bigint('books_paid', { mode: 'number' }).notNull(),
  /** Every difference, with its cause (see payouts.rules comparePayouts). */
  differences: jsonb('differences').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('payout_reconciliations_period_idx').on(t.periodEnd)]);

// ---- the sandbox payout provider's books ----

export const sandboxPayouts = pgTable('sandbox_payouts', {
  id: text('id').primaryKey(),
  merchantRef: text('merchant_ref').notNull().unique(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  fee: bigint('fee', { mode: 'number' }).notNull().default(0),
  account: jsonb('account').notNull(),
  remark: text('remark').notNull().default(''),
  /** processing → succeeded | failed, at settle_at. */
  status: text('status').notNull().default('processing'),
  failureCode: text('failure_code'),
  failureMessage: text('failure_message'),
  notifyUrl: text('notify_url').notNull(),
  settleAt: timestamp('settle_at', { withTimezone: true }).notNull(),
  settledAt: timestamp('settled_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('sandbox_payouts_due_idx').on(t.settleAt).where(sql`${t.status} = 'processing'`),
  index('sandbox_payouts_created_idx').on(t.createdAt),
  check('sandbox_payouts_status_ck', sql`${t.status} IN ('processing','succeeded','failed')`),
  check('sandbox_payouts_settled_ck', sql`(${t.status} = 'processing') = (${t.settledAt} IS NULL)`),
]);

export const sandboxPayoutDeliveries = pgTable('sandbox_payout_deliveries', {
  id: text('id').primaryKey(),
  eventType: text('event_type').notNull(),
  url: text('url').notNull(),
  body: text('body').notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('sandbox_payout_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.deliveredAt} IS NULL`)]);
