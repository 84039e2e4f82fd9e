// Carriers: the waybills the platform opened for its parcels and every tracking event the
// carriers reported, and the sandbox carrier's own books (it stands in for an external 快递公司).
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigint, timestamp, index, uniqueIndex, check, jsonb } from 'drizzle-orm/pg-core';

const TRACKING = `'created','picked_up','in_transit','out_for_delivery','delivered','exception','returned_to_sender'`;

/** One waybill per parcel and carrier. Its status is the latest tracking event by when it happened. */
export const waybills = pgTable('waybills', {
  id: text('id').primaryKey(),
  /** Our parcel id (the fulfilment side's), the carrier's merchant reference. */
  parcelRef: text('parcel_ref').notNull(),
  carrier: text('carrier').notNull(),
  waybillNo: text('waybill_no').notNull(),
  service: text('service').notNull(),
  sortCode: text('sort_code').notNull(),
  /** A tracking status, or cancelled (before pickup, by us). */
  status: text('status').notNull().default('created'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** The earliest event showing the carrier had the parcel (by the carrier's clock). */
  pickedUpAt: timestamp('picked_up_at', { withTimezone: true }),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  /** When the event that set the status happened (the carrier's clock); null until the first event. */
  lastEventAt: timestamp('last_event_at', { withTimezone: true }),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  /** When reconciliation last asked the carrier about this waybill. */
  checkedAt: timestamp('checked_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('waybills_parcel_uq').on(t.parcelRef, t.carrier),
  uniqueIndex('waybills_waybill_no_uq').on(t.waybillNo, t.carrier),
  index('waybills_open_idx').on(t.createdAt).where(sql`${t.status} NOT IN ('delivered','returned_to_sender','cancelled')`),
  check('waybills_status_ck', sql`${t.status} IN (${sql.raw(TRACKING)},'cancelled')`),
  check('waybills_service_ck', sql`${t.service} IN ('standard','bulky')`),
  check('waybills_cancelled_ck', sql`(${t.status} = 'cancelled') = (${t.cancelledAt} IS NOT NULL)`),
]);

/**
 * Every tracking event received, once (the carrier's event id is unique), whether it came by
 * notification or by asking. applied_at stays null until the fulfilment side consumed it.
 */
export const trackingEvents = pgTable('tracking_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  waybillId: text('waybill_id').notNull().references(() => waybills.id),
  carrier: text('carrier').notNull(),
  eventId: text('event_id').notNull(),
  status: text('status').notNull(),
  /** When it happened, by the carrier's clock. */
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  location: text('location').notNull().default(''),
  description: text('description').notNull(),
  /** notification: the carrier posted it; query: reconciliation found it by asking. */
  source: text('source').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  appliedAt: timestamp('applied_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('tracking_events_event_uq').on(t.carrier, t.eventId),
  index('tracking_events_waybill_idx').on(t.waybillId, t.occurredAt),
  index('tracking_events_unapplied_idx').on(t.occurredAt, t.id).where(sql`${t.appliedAt} IS NULL`),
  check('tracking_events_status_ck', sql`${t.status} IN (${sql.raw(TRACKING)})`),
  check('tracking_events_source_ck', sql`${t.source} IN ('notification','query')`),
]);

// ---- the sandbox carrier's books ----

export const sandboxCarrierWaybills = pgTable('sandbox_carrier_waybills', {
  waybillNo: text('waybill_no').primaryKey(),
  merchantRef: text('merchant_ref').notNull().unique(),
  service: text('service').notNull(),
  sender: jsonb('sender').notNull(),
  recipient: jsonb('recipient').notNull(),
  weightGrams: integer('weight_grams').notNull(),
  items: jsonb('items').notNull(),
  sortCode: text('sort_code').notNull(),
  notifyUrl: text('notify_url').notNull(),
  /** created: waiting for the courier; picked_up: collected, its way scheduled; cancelled. */
  status: text('status').notNull().default('created'),
  /** When the courier comes by on its own if the warehouse does not hand the parcel over first. */
  pickupDueAt: timestamp('pickup_due_at', { withTimezone: true }).notNull(),
  pickedUpAt: timestamp('picked_up_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('sandbox_carrier_waybills_pickup_idx').on(t.pickupDueAt).where(sql`${t.status} = 'created'`),
  check('sandbox_carrier_waybills_status_ck', sql`${t.status} IN ('created','picked_up','cancelled')`),
  check('sandbox_carrier_waybills_weight_ck', sql`${t.weightGrams} > 0`),
]);

/** The way of each parcel, scheduled at pickup: an event happens at occurred_at (track shows it from then). */
export const sandboxCarrierEvents = pgTable('sandbox_carrier_events', {
  id: text('id').primaryKey(),
  waybillNo: text('waybill_no').notNull().references(() => sandboxCarrierWaybills.waybillNo),
  seq: integer('seq').notNull(),
  status: text('status').notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  location: text('location').notNull(),
  description: text('description').notNull(),
}, (t) => [
  uniqueIndex('sandbox_carrier_events_seq_uq').on(t.waybillNo, t.seq),
  check('sandbox_carrier_events_status_ck', sql`${t.status} IN (${sql.raw(TRACKING)})`),
]);

/** The notifications to send: one row per copy (a duplicate is a second row), retried until a 2xx. */
export const sandboxCarrierDeliveries = pgTable('sandbox_carrier_deliveries', {
  id: text('id').primaryKey(),
  eventId: text('event_id').notNull().references(() => sandboxCarrierEvents.id),
  url: text('url').notNull(),
  body: text('body').notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('sandbox_carrier_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.deliveredAt} IS NULL`),
  index('sandbox_carrier_deliveries_event_idx').on(t.eventId),
]);
