// The platform's own tables (infrastructure, no business): request counters for rate limits,
// secrets generated on first start, and idempotency keys of requests that have no row of their
// own to carry one (a cancel).
import { pgTable, text, integer, timestamp, primaryKey, index } from 'drizzle-orm/pg-core';

/**
 * One fixed-window counter per (limited group of routes, client address). UNLOGGED in the
 * migration (drizzle cannot say so): no WAL, so counting costs no fsync; a crash empties it,
 * which only forgives the requests of the current window.
 */
export const rateLimitCounters = pgTable('rate_limit_counters', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  resetsAt: timestamp('resets_at', { withTimezone: true }).notNull(),
}, (t) => [index('rate_limit_counters_resets_idx').on(t.resetsAt)]);

/** Secrets the platform made itself when none was configured: every process reads the same row. */
export const platformSecrets = pgTable('platform_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A request taken with an Idempotency-Key: who sent it (scope), its hash, and what it acted on. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  scope: text('scope').notNull(),
  key: text('key').notNull(),
  requestHash: text('request_hash').notNull(),
  resourceId: text('resource_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.scope, t.key] })]);
