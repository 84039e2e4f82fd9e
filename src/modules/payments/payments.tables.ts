// Payments: intents (one per thing to pay), wallet top-ups, refunds, received notifications,
// and the sandbox gateway's own books (it stands in for an external payment company).
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigint, timestamp, index, uniqueIndex, check, jsonb } from 'drizzle-orm/pg-core';

export const paymentIntents = pgTable('payment_intents', {
  id: text('id').primaryKey(),
  purpose: text('purpose').notNull(),
  orderId: text('order_id'),
  topupId: text('topup_id'),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull().default('CNY'),
  status: text('status').notNull().default('requires_payment'),
  /** Which try this is: a declined payment may be tried again with a new gateway charge. */
  attempt: integer('attempt').notNull().default(1),
  provider: text('provider').notNull(),
  providerRef: text('provider_ref'),
  payUrl: text('pay_url'),
  succeededAt: timestamp('succeeded_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('payment_intents_order_uq').on(t.orderId),
  uniqueIndex('payment_intents_topup_uq').on(t.topupId),
  uniqueIndex('payment_intents_ref_uq').on(t.provider, t.providerRef),
  check('payment_intents_purpose_ck', sql`${t.purpose} IN ('order','topup') AND ((${t.purpose} = 'order') = (${t.orderId} IS NOT NULL)) AND ((${t.purpose} = 'topup') = (${t.topupId} IS NOT NULL))`),
  check('payment_intents_status_ck', sql`${t.status} IN ('requires_payment','succeeded','failed')`),
  check('payment_intents_amount_ck', sql`${t.amount} > 0`),
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
  check('wallet_topups_status_ck', sql`${t.status} IN ('pending','succeeded','failed')`),
  check('wallet_topups_amount_ck', sql`${t.amount} > 0`),
]);

export const refunds = pgTable('refunds', {
  id: text('id').primaryKey(),
  paymentId: text('payment_id').notNull().references(() => paymentIntents.id),
  orderId: text('order_id'),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull().default('CNY'),
  reason: text('reason').notNull(),
  status: text('status').notNull().default('pending'),
  idempotencyKey: text('idempotency_key').notNull().unique(),
  providerRef: text('provider_ref'),
  settledAt: timestamp('settled_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('refunds_payment_idx').on(t.paymentId),
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
  notifyUrl: text('notify_url').notNull(),
  returnUrl: text('return_url'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('sandbox_charges_status_ck', sql`${t.status} IN ('pending','succeeded','failed')`),
  check('sandbox_charges_refund_ck', sql`${t.refunded} >= 0 AND ${t.refunded} <= ${t.amount}`),
]);

export const sandboxRefunds = pgTable('sandbox_refunds', {
  id: text('id').primaryKey(),
  chargeId: text('charge_id').notNull().references(() => sandboxCharges.id),
  merchantRef: text('merchant_ref').notNull().unique(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  status: text('status').notNull().default('pending'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

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
