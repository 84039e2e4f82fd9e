// Payments: intents (one per thing to pay), wallet top-ups, refunds, received notifications,
// and the sandbox gateway's own books (it stands in for an external payment company).
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigint, timestamp, index, uniqueIndex, check, jsonb, primaryKey } from 'drizzle-orm/pg-core';

export const paymentIntents = pgTable('payment_intents', {
  id: text('id').primaryKey(),
  purpose: text('purpose').notNull(),
  orderId: text('order_id'),
  topupId: text('topup_id'),
  /** A reseller's annual membership fee (resellers' membership terms). */
  membershipTermId: text('membership_term_id'),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull().default('CNY'),
  status: text('status').notNull().default('requires_payment'),
  /** Which try is current: a declined payment may be tried again with a new gateway charge (a new charge row). */
  attempt: integer('attempt').notNull().default(1),
  provider: text('provider').notNull(),
  succeededAt: timestamp('succeeded_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('payment_intents_order_uq').on(t.orderId),
  // Only top-ups have one: an order's or a membership's intent adds no entry (NULLs never conflict anyway).
  uniqueIndex('payment_intents_topup_uq').on(t.topupId).where(sql`${t.topupId} IS NOT NULL`),
  uniqueIndex('payment_intents_membership_uq').on(t.membershipTermId).where(sql`${t.membershipTermId} IS NOT NULL`),
  // The operator's payment list, newest first by when each began (payments.service listPayments).
  index('payment_intents_created_idx').on(t.createdAt, t.id),
  check('payment_intents_purpose_ck', sql`${t.purpose} IN ('order','topup','membership') AND ((${t.purpose} = 'order') = (${t.orderId} IS NOT NULL)) AND ((${t.purpose} = 'topup') = (${t.topupId} IS NOT NULL)) AND ((${t.purpose} = 'membership') = (${t.membershipTermId} IS NOT NULL))`),
  check('payment_intents_status_ck', sql`${t.status} IN ('requires_payment','succeeded','failed')`),
  check('payment_intents_amount_ck', sql`${t.amount} > 0`),
]);

/**
 * Every charge the platform opened at the gateway (one per try of an intent), and every charge
 * the gateway reported that matched nothing (intent null): what we know of each, what it
 * captured and how much of that went back. A refund can never exceed what its charge captured.
 */
export const paymentCharges = pgTable('payment_charges', {
  id: text('id').primaryKey(),
  intentId: text('intent_id').references(() => paymentIntents.id),
  attempt: integer('attempt'),
  provider: text('provider').notNull(),
  /** Our reference at the gateway (the intent id, with the try number after a dot). */
  merchantRef: text('merchant_ref').notNull(),
  providerRef: text('provider_ref'),
  payUrl: text('pay_url'),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  /** open: payable or not yet known; succeeded: money taken; failed: declined; closed: can no longer be paid. */
  status: text('status').notNull().default('open'),
  captured: bigint('captured', { mode: 'number' }).notNull().default(0),
  /** Σ refunds recorded against this charge that are not known to have failed. */
  refunded: bigint('refunded', { mode: 'number' }).notNull().default(0),
  /** When the gateway took the money (its clock): what a hold is judged against. */
  paidAt: timestamp('paid_at', { withTimezone: true }),
  /** When the platform last asked the gateway about this charge (the reconciliation sweep). */
  checkedAt: timestamp('checked_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  settledAt: timestamp('settled_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('payment_charges_merchant_ref_uq').on(t.provider, t.merchantRef),
  // A charge has the gateway's reference only once the gateway opened it: an entry then, none before.
  uniqueIndex('payment_charges_provider_ref_uq').on(t.provider, t.providerRef).where(sql`${t.providerRef} IS NOT NULL`),
  uniqueIndex('payment_charges_attempt_uq').on(t.intentId, t.attempt),
  index('payment_charges_open_idx').on(t.createdAt).where(sql`${t.status} = 'open'`),
  check('payment_charges_status_ck', sql`${t.status} IN ('open','succeeded','failed','closed')`),
  check('payment_charges_amount_ck', sql`${t.amount} > 0`),
  check('payment_charges_captured_ck', sql`${t.captured} = CASE WHEN ${t.status} = 'succeeded' THEN ${t.amount} ELSE 0 END`),
  check('payment_charges_refund_ck', sql`${t.refunded} >= 0 AND ${t.refunded} <= ${t.captured}`),
  check('payment_charges_intent_ck', sql`(${t.intentId} IS NULL) = (${t.attempt} IS NULL)`),
]);

export const walletTopups = pgTable('wallet_topups', {
  id: text('id').primaryKey(),
  resellerId: text('reseller_id').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull().default('CNY'),
  status: text('status').notNull().default('pending'),
  idempotencyKey: text('idempotency_key').notNull(),
  requestHash: text('request_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('wallet_topups_idem_uq').on(t.resellerId, t.idempotencyKey),
  check('wallet_topups_status_ck', sql`${t.status} IN ('pending','succeeded','failed','expired')`),
  check('wallet_topups_amount_ck', sql`${t.amount} > 0`),
]);

export const refunds = pgTable('refunds', {
  id: text('id').primaryKey(),
  /** The payment intent it belongs to; null for money that matched no payment. */
  paymentId: text('payment_id').references(() => paymentIntents.id),
  chargeId: text('charge_id').notNull().references(() => paymentCharges.id),
  orderId: text('order_id'),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull().default('CNY'),
  reason: text('reason').notNull(),
  status: text('status').notNull().default('pending'),
  idempotencyKey: text('idempotency_key').notNull().unique(),
  providerRef: text('provider_ref'),
  /** When the platform last asked the gateway about this refund. */
  checkedAt: timestamp('checked_at', { withTimezone: true }),
  settledAt: timestamp('settled_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('refunds_payment_idx').on(t.paymentId),
  index('refunds_charge_idx').on(t.chargeId),
  index('refunds_order_idx').on(t.orderId),
  index('refunds_created_idx').on(t.createdAt),
  check('refunds_status_ck', sql`${t.status} IN ('pending','succeeded','failed')`),
  check('refunds_amount_ck', sql`${t.amount} > 0`),
]);

export const paymentNotifications = pgTable('payment_notifications', {
  id: text('id').primaryKey(),
  provider: text('provider').notNull(),
  eventId: text('event_id').notNull(),
  type: text('type').notNull(),
  payload: jsonb('payload').notNull(),
  outcome: text('outcome').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('payment_notifications_event_uq').on(t.provider, t.eventId)]);

// ---- the sandbox gateway's books ----

export const sandboxCharges = pgTable('sandbox_charges', {
  id: text('id').primaryKey(),
  merchantRef: text('merchant_ref').notNull().unique(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  description: text('description').notNull().default(''),
  status: text('status').notNull().default('pending'),
  refunded: bigint('refunded', { mode: 'number' }).notNull().default(0),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  notifyUrl: text('notify_url').notNull(),
  returnUrl: text('return_url'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('sandbox_charges_status_ck', sql`${t.status} IN ('pending','succeeded','failed','closed')`),
  check('sandbox_charges_paid_ck', sql`(${t.status} = 'succeeded') = (${t.paidAt} IS NOT NULL)`),
  check('sandbox_charges_refund_ck', sql`${t.refunded} >= 0 AND ${t.refunded} <= ${t.amount}`),
]);

export const sandboxRefunds = pgTable('sandbox_refunds', {
  id: text('id').primaryKey(),
  chargeId: text('charge_id').notNull().references(() => sandboxCharges.id),
  merchantRef: text('merchant_ref').notNull().unique(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  status: text('status').notNull().default('pending'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('sandbox_refunds_charge_idx').on(t.chargeId)]);

export const sandboxDeliveries = pgTable('sandbox_deliveries', {
  id: text('id').primaryKey(),
  eventType: text('event_type').notNull(),
  url: text('url').notNull(),
  body: text('body').notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('sandbox_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.deliveredAt} IS NULL`)]);

/**
 * The daily comparison of the gateway's books with ours: money the gateway took or gave back
 * that the platform does not hold, per charge and refund, and the totals. Must come out empty.
 */
export const paymentReconciliations = pgTable('payment_reconciliations', {
  id: text('id').primaryKey(),
  provider: text('provider').notNull(),
  /** The gateway activity compared: [periodStart, periodEnd). */
  periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
  periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
  currency: text('currency').notNull(),
  gatewayCaptured: bigint('gateway_captured', { mode: 'number' }).notNull(),
  gatewayRefunded: bigint('gateway_refunded', { mode: 'number' }).notNull(),
  /** Gateway money of the period that the platform's books do not hold (charges not applied, refunds not recorded), net. */
  unheld: bigint('unheld', { mode: 'number' }).notNull(),
  /** At the time of the run: Σ captured − Σ refunds settled in the platform's books, minus the ledger's provider cash. */
  ledgerDifference: bigint('ledger_difference', { mode: 'number' }).notNull(),
  /** Charges and refunds the two books disagree on, with what each side says. */
  mismatches: jsonb('mismatches').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('payment_reconciliations_period_idx').on(t.periodEnd)]);

/**
 * What one charge paid for each order line, and how much of it has been refunded: a refund names
 * its lines, and no line is ever refunded more than its charge paid for it (a CHECK).
 */
export const chargeLines = pgTable('charge_lines', {
  chargeId: text('charge_id').notNull().references(() => paymentCharges.id),
  orderLineId: text('order_line_id').notNull(),
  captured: bigint('captured', { mode: 'number' }).notNull(),
  refunded: bigint('refunded', { mode: 'number' }).notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.chargeId, t.orderLineId] }),
  check('charge_lines_ck', sql`${t.captured} > 0 AND ${t.refunded} >= 0 AND ${t.refunded} <= ${t.captured}`),
]);

/** The order lines a refund is for, and how much of it each. */
export const refundLines = pgTable('refund_lines', {
  refundId: text('refund_id').notNull().references(() => refunds.id),
  orderLineId: text('order_line_id').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.refundId, t.orderLineId] }),
  check('refund_lines_amount_ck', sql`${t.amount} > 0`),
]);
