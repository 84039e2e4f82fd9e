// Users who log in (operators, brand users, resellers), their sessions, the failed-login
// throttles, the record of every login tried and the audit of changes to logins and sessions.
// drizzle/0009_abuse_logins.sql creates the last three (written by hand: keep both in step), and
// drizzle/0012_operator_controls.sql the operator's actions.
import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, index, check, integer, bigint, primaryKey, boolean, jsonb } from 'drizzle-orm/pg-core';
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
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
  /** Set when the operator resets the password (drizzle/0012): the user must choose their own before anything else. */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
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
  /** Moved forward by requests, at most once a minute (a write per request would cost every call). */
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
  /** The client address and user agent of the login that began it. */
  ip: text('ip').notNull().default(''),
  userAgent: text('user_agent').notNull().default(''),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

/**
 * Failed logins outstanding per phone (as typed, registered or not) and per client address. A
 * row exists only while failures are outstanding; `locked_until` is what accounts.rules.ts
 * computes from the failures, written under the row's lock so several API processes agree.
 */
export const loginThrottles = pgTable('login_throttles', {
  kind: text('kind').notNull(),
  value: text('value').notNull(),
  failures: integer('failures').notNull(),
  firstFailedAt: timestamp('first_failed_at', { withTimezone: true }).notNull(),
  lastFailedAt: timestamp('last_failed_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
}, (t) => [
  primaryKey({ name: 'login_throttles_pk', columns: [t.kind, t.value] }),
  check('login_throttles_kind_ck', sql`${t.kind} IN ('phone','address')`),
  check('login_throttles_failures_ck', sql`${t.failures} >= 0`),
  index('login_throttles_locked_idx').on(t.lockedUntil).where(sql`${t.lockedUntil} IS NOT NULL`),
  index('login_throttles_last_idx').on(t.lastFailedAt),
]);

/** Every login tried: the phone as typed, its user when it is one, the outcome, from where. */
export const loginRecords = pgTable('login_records', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  phone: text('phone').notNull(),
  userId: text('user_id').references(() => users.id),
  outcome: text('outcome').notNull(),
  ip: text('ip').notNull(),
  userAgent: text('user_agent').notNull(),
}, (t) => [
  check('login_records_outcome_ck', sql`${t.outcome} IN ('succeeded','failed','locked')`),
  index('login_records_phone_idx').on(t.phone, t.id),
  index('login_records_user_idx').on(t.userId, t.id),
  index('login_records_outcome_idx').on(t.outcome, t.id),
]);

/** Who did what to a login or a session: operator unlocks, password changes, sign-outs. */
export const accountAudit = pgTable('account_audit', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  action: text('action').notNull(),
  actorUserId: text('actor_user_id').notNull().references(() => users.id),
  subjectUserId: text('subject_user_id').references(() => users.id),
  /** What was acted on: "phone:138…", "address:…", a session id, or the number of sessions ended. */
  target: text('target').notNull(),
  ip: text('ip').notNull(),
  userAgent: text('user_agent').notNull(),
}, (t) => [
  check('account_audit_action_ck', sql`${t.action} IN ('throttle_cleared','password_changed','password_change_refused','session_revoked','other_sessions_revoked')`),
]);

export const OPERATOR_ACTIONS = ['sale_event_ended_early', 'sale_event_sku_pulled', 'user_disabled', 'user_enabled', 'reseller_disabled', 'reseller_enabled', 'password_reset'] as const;
export const OPERATOR_OBJECTS = ['sale_event', 'event_sku', 'user', 'reseller'] as const;

/** What an operator did that users cannot (end an event early, disable a login, reset a password…), with the reason they gave. */
export const operatorActions = pgTable('operator_actions', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorUserId: text('actor_user_id').notNull().references(() => users.id),
  action: text('action').notNull(),
  objectKind: text('object_kind').notNull(),
  objectId: text('object_id').notNull(),
  reason: text('reason').notNull(),
  /** What the act changed, for the record: holds released, units returned, sessions ended. */
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [
  check('operator_actions_action_ck', sql`${t.action} IN ('sale_event_ended_early','sale_event_sku_pulled','user_disabled','user_enabled','reseller_disabled','reseller_enabled','password_reset')`),
  check('operator_actions_object_kind_ck', sql`${t.objectKind} IN ('sale_event','event_sku','user','reseller')`),
  check('operator_actions_reason_ck', sql`length(btrim(${t.reason})) BETWEEN 1 AND 200`),
  index('operator_actions_object_idx').on(t.objectKind, t.objectId, t.id),
  index('operator_actions_action_idx').on(t.action, t.id),
]);
