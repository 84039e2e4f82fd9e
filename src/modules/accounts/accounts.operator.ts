// What only the operator may do to a login — disable and re-enable it, reset its password to a
// one-time temporary one — and the record of every such operator action (who, what, on which
// object, why, when), which other modules' operator acts write into through recordOperatorAction.
import crypto from 'node:crypto';
import { and, desc, eq, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { authorize } from '../../platform/access.ts';
import { withTx, type Ctx, type Role } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { users, sessions, operatorActions, type OPERATOR_ACTIONS, type OPERATOR_OBJECTS } from './accounts.tables.ts';
import { hashPassword } from './accounts.service.ts';
import { operatorOf } from './accounts.security.ts';
import { pageSize, numericCursor, keysetPage } from '../../platform/paging.ts';

export type OperatorAction = (typeof OPERATOR_ACTIONS)[number];
export type OperatorObject = (typeof OPERATOR_OBJECTS)[number];


export interface OperatorActionInput { action: OperatorAction; objectKind: OperatorObject; objectId: string; reason: string; detail?: Record<string, unknown> }

/** Record an operator's act, inside the transaction that does it (the act and its record stand or fall together). */
export async function recordOperatorAction(ctx: Ctx, a: OperatorActionInput): Promise<void> {
  const actorUserId = operatorOf(ctx, 'accounts.manage');
  await ctx.db.insert(operatorActions).values({ actorUserId, action: a.action, objectKind: a.objectKind, objectId: a.objectId, reason: a.reason.trim(), detail: a.detail ?? {} });
}

export interface OperatorActionView { id: string; at: Date; action: OperatorAction; objectKind: OperatorObject; objectId: string; objectName: string | null; reason: string; detail: Record<string, unknown>; actorUserId: string; actorName: string | null }

/**
 * What the object is called now, read from the owning modules' tables (a read: they stay theirs to
 * write): an event's title, an item as product · colour · size, a login's or a reseller's name.
 */
const objectName = sql<string | null>`CASE ${operatorActions.objectKind}
    WHEN 'sale_event' THEN (SELECT e.title FROM sale_events e WHERE e.id = ${operatorActions.objectId})
    WHEN 'event_sku' THEN (SELECT p.name || ' · ' || k.colour || ' · ' || k.size FROM sale_event_skus s JOIN skus k ON k.id = s.sku_id JOIN products p ON p.id = s.product_id WHERE s.id = ${operatorActions.objectId})
    WHEN 'user' THEN (SELECT u.name FROM users u WHERE u.id = ${operatorActions.objectId})
    WHEN 'reseller' THEN (SELECT r.name FROM resellers r WHERE r.id = ${operatorActions.objectId})
  END`;

/** The operator actions, newest first: all, of one kind, on one object, or on an event and its items. */
export async function listOperatorActions(ctx: Ctx, q: { action?: OperatorAction; objectKind?: OperatorObject; objectId?: string; saleEventId?: string; cursor?: string; limit?: number }): Promise<{ items: OperatorActionView[]; nextCursor: string | null }> {
  authorize(ctx, 'operator-actions.read');
  const limit = pageSize(q.limit);
  const cursor = numericCursor(q.cursor);
  const actor = alias(users, 'actor');
  const rows = await ctx.db.select({
    id: operatorActions.id, at: operatorActions.at, action: operatorActions.action, objectKind: operatorActions.objectKind, objectId: operatorActions.objectId,
    reason: operatorActions.reason, detail: operatorActions.detail, actorUserId: operatorActions.actorUserId, actorName: actor.name, objectName,
  }).from(operatorActions).leftJoin(actor, eq(actor.id, operatorActions.actorUserId)).where(and(
    q.action ? eq(operatorActions.action, q.action) : undefined,
    q.objectKind ? eq(operatorActions.objectKind, q.objectKind) : undefined,
    q.objectId ? eq(operatorActions.objectId, q.objectId) : undefined,
    // An event's own acts and those on its items (a pulled SKU names its event in the detail).
    q.saleEventId ? or(eq(operatorActions.objectId, q.saleEventId), sql`${operatorActions.detail} ->> 'saleEventId' = ${q.saleEventId}`) : undefined,
    cursor !== undefined ? lt(operatorActions.id, cursor) : undefined,
  )).orderBy(desc(operatorActions.id)).limit(limit + 1);
  const { page: read, nextCursor } = keysetPage(rows, limit, (r) => r.id);
  const page = read.map((r) => ({ ...r, id: String(r.id), action: r.action as OperatorAction, objectKind: r.objectKind as OperatorObject }));
  return { items: page, nextCursor };
}

export interface UserView {
  id: string; role: Role; name: string; phone: string; brandId: string | null; resellerId: string | null;
  disabledAt: Date | null; mustChangePassword: boolean; passwordChangedAt: Date | null; createdAt: Date;
}

const userColumns = {
  id: users.id, role: users.role, name: users.name, phone: users.phone, brandId: users.brandId, resellerId: users.resellerId,
  disabledAt: users.disabledAt, mustChangePassword: users.mustChangePassword, passwordChangedAt: users.passwordChangedAt, createdAt: users.createdAt,
};

/** Logins, newest first: by role, or found by name or phone (part of either). */
export async function listUsers(ctx: Ctx, q: { role?: Role; q?: string; cursor?: string; limit?: number }): Promise<{ items: UserView[]; nextCursor: string | null }> {
  operatorOf(ctx, 'accounts.manage');
  const limit = pageSize(q.limit);
  const term = q.q?.trim();
  const conds: (SQL | undefined)[] = [
    q.role ? eq(users.role, q.role) : undefined,
    term ? or(ilike(users.name, `%${term}%`), ilike(users.phone, `%${term}%`)) : undefined,
    q.cursor ? lt(users.id, q.cursor) : undefined,
  ];
  const rows = await ctx.db.select(userColumns).from(users).where(and(...conds)).orderBy(desc(users.id)).limit(limit + 1);
  const { page: read, nextCursor } = keysetPage(rows, limit, (r) => r.id);
  const page = read.map((r) => ({ ...r, role: r.role as Role }));
  return { items: page, nextCursor };
}

export async function getUser(ctx: Ctx, userId: string): Promise<UserView> {
  operatorOf(ctx, 'accounts.manage');
  const [u] = await ctx.db.select(userColumns).from(users).where(eq(users.id, userId));
  if (!u) throw new AppError('not_found');
  return { ...u, role: u.role as Role };
}

/** The operator may not lock themself out: another operator has to do that. */
function notSelf(ctx: Ctx, userId: string): void {
  if (operatorOf(ctx, 'accounts.manage') === userId) throw new AppError('forbidden', { detail: 'an operator cannot disable or reset their own login' });
}

/**
 * Disable a login (its sessions end at once and it can no longer log in: `account_disabled`) or
 * enable it again. Doing what is already done is refused as a conflict, so the record stays true.
 */
export async function setUserDisabled(ctx: Ctx, userId: string, disabled: boolean, reason: string): Promise<UserView & { endedSessions: number }> {
  notSelf(ctx, userId);
  await getUser(ctx, userId);
  return withTx(ctx, async (t) => {
    const changed = await t.db.update(users).set({ disabledAt: disabled ? sql`now()` : null })
      .where(and(eq(users.id, userId), disabled ? sql`${users.disabledAt} IS NULL` : sql`${users.disabledAt} IS NOT NULL`)).returning({ id: users.id });
    if (changed.length === 0) throw new AppError('invalid_transition', { detail: disabled ? 'the login is already disabled' : 'the login is not disabled' });
    const ended = disabled ? (await t.db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id })).length : 0;
    await recordOperatorAction(t, { action: disabled ? 'user_disabled' : 'user_enabled', objectKind: 'user', objectId: userId, reason, detail: { endedSessions: ended } });
    return { ...(await getUser(t, userId)), endedSessions: ended };
  });
}

// No look-alike characters (0/O, 1/l/I): the operator reads it out to its owner.
const TEMP_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const TEMP_LENGTH = 12;

export function temporaryPassword(): string {
  return Array.from({ length: TEMP_LENGTH }, () => TEMP_ALPHABET[crypto.randomInt(TEMP_ALPHABET.length)]).join('');
}

/**
 * Reset a user's password: a one-time temporary password, answered once and stored only as its
 * hash; every session of the user ends, and until they choose their own password the API lets
 * them do nothing else (`password_change_required`).
 */
export async function resetUserPassword(ctx: Ctx, userId: string, reason: string): Promise<{ user: UserView; temporaryPassword: string; endedSessions: number }> {
  notSelf(ctx, userId);
  await getUser(ctx, userId);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  return withTx(ctx, async (t) => {
    await t.db.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, userId));
    const ended = (await t.db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id })).length;
    await recordOperatorAction(t, { action: 'password_reset', objectKind: 'user', objectId: userId, reason, detail: { endedSessions: ended } });
    return { user: await getUser(t, userId), temporaryPassword: password, endedSessions: ended };
  });
}
