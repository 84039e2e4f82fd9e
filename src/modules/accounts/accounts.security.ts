// Password guessing and its traces: the failed-login throttles (per phone and per client address,
// judged by accounts.rules.ts under the rows' locks so every API process agrees), the record of
// every login tried, the audit of what users and operators did to logins and sessions, and the
// operator's views of them.
import { and, desc, eq, gt, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/context.ts';
import { authorize, type Permission } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import { accountAudit, loginRecords, loginThrottles, users } from './accounts.tables.ts';
import { admitAll, refund, THROTTLE_POLICIES, waitText, type ThrottleKind, type ThrottleState } from './accounts.rules.ts';
import { pageSize, numericCursor, keysetPage } from '../../platform/paging.ts';

/** Where a request came from: its client address and user agent (kept short). */
export interface Origin { ip: string; userAgent: string }

export const cleanOrigin = (o: Partial<Origin>): Origin => ({ ip: (o.ip ?? '').slice(0, 64), userAgent: (o.userAgent ?? '').slice(0, 512) });

/** The logged-in user acting: an operator, a brand user or a reseller. */
export function userOf(ctx: Ctx): string {
  authorize(ctx, 'accounts.self');
  const a = ctx.actor;
  if (a.kind === 'operator' || a.kind === 'brand' || a.kind === 'reseller') return a.userId;
  throw new AppError('forbidden');
}

/** The operator acting, allowed `permission` (logins and their audit by default): their user id. */
export function operatorOf(ctx: Ctx, permission: Permission = 'accounts.security'): string {
  authorize(ctx, permission);
  if (ctx.actor.kind === 'operator') return ctx.actor.userId;
  throw new AppError('forbidden');
}

// ---- throttles ----

export interface ThrottleKey { kind: ThrottleKind; value: string }

/** An attempt that was let through: what each key looked like before and after counting it. */
export interface Pass { keys: (ThrottleKey & { before: ThrottleState | null; after: ThrottleState })[] }

// Raw rows through drizzle carry timestamps as text.
type ThrottleRow = { kind: ThrottleKind; value: string; failures: number; first_failed_at: string; last_failed_at: string; locked_until: string | null; now: string };

const stateOf = (r: ThrottleRow): ThrottleState | null => r.failures > 0
  ? { failures: r.failures, firstFailedAt: new Date(r.first_failed_at), lastFailedAt: new Date(r.last_failed_at), lockedUntil: r.locked_until === null ? null : new Date(r.locked_until) }
  : null;

// Rows are locked in (kind, value) order, 'address' before 'phone', so two attempts never deadlock.
const ordered = (keys: ThrottleKey[]) => [...keys].sort((a, b) => (a.kind + '\0' + a.value < b.kind + '\0' + b.value ? -1 : 1));

async function write(ctx: Ctx, k: ThrottleKey, s: ThrottleState | null): Promise<void> {
  if (!s) {
    await ctx.db.delete(loginThrottles).where(and(eq(loginThrottles.kind, k.kind), eq(loginThrottles.value, k.value)));
    return;
  }
  await ctx.db.update(loginThrottles)
    .set({ failures: s.failures, firstFailedAt: s.firstFailedAt, lastFailedAt: s.lastFailedAt, lockedUntil: s.lockedUntil })
    .where(and(eq(loginThrottles.kind, k.kind), eq(loginThrottles.value, k.value)));
}

/**
 * May one more password be tried for these keys now? One short transaction: the keys' rows are
 * upserted and locked (a first failure and a concurrent one meet at the primary key), the rule
 * judges them by the database clock, and an admitted attempt is counted on every key before the
 * password is checked. Refused: `login_locked` (429) with Retry-After, nothing counted.
 */
export async function admitAttempt(ctx: Ctx, keys: ThrottleKey[]): Promise<Pass> {
  const sortedKeys = ordered(keys);
  const decision = await withTx(ctx, async (t) => {
    const values = sql.join(sortedKeys.map((k) => sql`(${k.kind}, ${k.value}, 0, now(), now())`), sql`, `);
    const r = await t.db.execute<ThrottleRow>(sql`
      INSERT INTO login_throttles (kind, value, failures, first_failed_at, last_failed_at) VALUES ${values}
      ON CONFLICT (kind, value) DO UPDATE SET failures = login_throttles.failures
      RETURNING kind, value, failures, first_failed_at, last_failed_at, locked_until, now() AS now`);
    const rows = sortedKeys.map((k) => r.rows.find((x) => x.kind === k.kind && x.value === k.value)!);
    const now = new Date(rows[0].now);
    const d = admitAll(rows.map((x) => ({ kind: x.kind, state: stateOf(x) })), now);
    if (!d.admitted) {
      // Rows made just now for this attempt carry nothing.
      for (const x of rows) if (x.failures === 0) await write(t, x, null);
      return { ...d, now };
    }
    for (let i = 0; i < rows.length; i++) await write(t, rows[i], d.keys[i].after);
    return { ...d, now, keys: d.keys.map((x, i) => ({ ...sortedKeys[i], before: x.before, after: x.after })) };
  });
  if (!decision.admitted) {
    const wait = waitText(decision.retryAfter, ctx.lang);
    const detail = decision.kind === 'phone'
      ? (ctx.lang === 'en' ? `Too many failed logins for this phone number: it is locked for now. Try again in ${wait}.` : `该手机号登录失败次数过多，已暂时锁定，请 ${wait}后再试。`)
      : (ctx.lang === 'en' ? `Too many failed logins from your network: logins from it are locked for now. Try again in ${wait}.` : `你所在网络的登录失败次数过多，已暂时锁定，请 ${wait}后再试。`);
    throw new AppError('login_locked', {
      detail, retryAfter: decision.retryAfter,
      extra: { retryAfter: decision.retryAfter, lockedUntil: decision.lockedUntil.toISOString(), lockedBy: decision.kind },
    });
  }
  return { keys: decision.keys };
}

/**
 * The password was right: the phone's run is over (cleared), and every other key gets back the
 * failure its admission counted, as if the attempt had never been counted.
 */
export async function settleSuccess(ctx: Ctx, pass: Pass): Promise<void> {
  await withTx(ctx, async (t) => {
    for (const k of pass.keys) {
      if (k.kind === 'phone') { await write(t, k, null); continue; }
      const [row] = await t.db.select().from(loginThrottles)
        .where(and(eq(loginThrottles.kind, k.kind), eq(loginThrottles.value, k.value))).for('update');
      const current = row ? { failures: row.failures, firstFailedAt: row.firstFailedAt, lastFailedAt: row.lastFailedAt, lockedUntil: row.lockedUntil } : null;
      if (!current) continue;
      await write(t, k, refund(current, k, THROTTLE_POLICIES[k.kind]));
    }
  });
}

export interface LockView { kind: ThrottleKind; value: string; failures: number; firstFailedAt: Date; lastFailedAt: Date; lockedUntil: Date; retryAfter: number; userName: string | null; role: string | null }

/** Phones and client addresses locked right now, the longest wait first (the operator's view). */
export async function listLocks(ctx: Ctx): Promise<{ items: LockView[] }> {
  operatorOf(ctx);
  const rows = await ctx.db.select({
    kind: loginThrottles.kind, value: loginThrottles.value, failures: loginThrottles.failures,
    firstFailedAt: loginThrottles.firstFailedAt, lastFailedAt: loginThrottles.lastFailedAt, lockedUntil: loginThrottles.lockedUntil,
    userName: users.name, role: users.role,
    retryAfter: sql<number>`greatest(1, ceil(extract(epoch FROM ${loginThrottles.lockedUntil} - now())))::int`,
  }).from(loginThrottles)
    .leftJoin(users, and(eq(loginThrottles.kind, 'phone'), eq(users.phone, loginThrottles.value)))
    .where(and(isNotNull(loginThrottles.lockedUntil), gt(loginThrottles.lockedUntil, sql`now()`)))
    .orderBy(desc(loginThrottles.lockedUntil)).limit(200);
  return { items: rows.map((r) => ({ ...r, kind: r.kind as ThrottleKind, lockedUntil: r.lockedUntil! })) };
}

/** The operator lifts a lock (and forgets the failures behind it); audited. False when there was nothing to clear. */
export async function clearThrottle(ctx: Ctx, key: ThrottleKey, origin: Partial<Origin>): Promise<{ cleared: boolean }> {
  const operator = operatorOf(ctx);
  return withTx(ctx, async (t) => {
    const gone = await t.db.delete(loginThrottles).where(and(eq(loginThrottles.kind, key.kind), eq(loginThrottles.value, key.value))).returning({ failures: loginThrottles.failures });
    const [subject] = key.kind === 'phone' ? await t.db.select({ id: users.id }).from(users).where(eq(users.phone, key.value)) : [];
    await audit(t, { action: 'throttle_cleared', actorUserId: operator, subjectUserId: subject?.id ?? null, target: `${key.kind}:${key.value}` }, origin);
    return { cleared: gone.length > 0 && gone[0].failures > 0 };
  });
}

/** Throttle rows whose run is over (forgotten, no lock left): nothing to judge by any more. */
async function pruneThrottles(ctx: Ctx): Promise<void> {
  for (const kind of ['phone', 'address'] as const) {
    await ctx.db.execute(sql`DELETE FROM login_throttles WHERE kind = ${kind}
      AND last_failed_at < now() - make_interval(secs => ${THROTTLE_POLICIES[kind].forgetSeconds})
      AND (locked_until IS NULL OR locked_until < now())`);
  }
}

// ---- login records ----

export type LoginOutcome = 'succeeded' | 'failed' | 'locked';
/** How long login records are kept. */
export const LOGIN_RECORD_DAYS = 180;

/** Note one login tried. Every 500th record also drops records past their keeping and throttles whose run is over. */
export async function recordLogin(ctx: Ctx, r: { phone: string; userId: string | null; outcome: LoginOutcome }, origin: Partial<Origin>): Promise<void> {
  const o = cleanOrigin(origin);
  const [row] = await ctx.db.insert(loginRecords).values({ phone: r.phone.slice(0, 32), userId: r.userId, outcome: r.outcome, ip: o.ip, userAgent: o.userAgent }).returning({ id: loginRecords.id });
  if (row.id % 500 === 0) {
    await ctx.db.execute(sql`DELETE FROM login_records WHERE at < now() - make_interval(days => ${LOGIN_RECORD_DAYS})`);
    await pruneThrottles(ctx);
  }
}

export interface LoginRecordView { id: string; at: Date; phone: string; userId: string | null; userName: string | null; role: string | null; outcome: LoginOutcome; ip: string; userAgent: string }
export interface LoginRecordFilter { phone?: string; outcome?: LoginOutcome; cursor?: string; limit?: number }

async function loginRecordPage(ctx: Ctx, conds: (SQL | undefined)[], f: LoginRecordFilter): Promise<{ items: LoginRecordView[]; nextCursor: string | null }> {
  const limit = pageSize(f.limit);
  const cursor = numericCursor(f.cursor);
  const rows = await ctx.db.select({
    id: loginRecords.id, at: loginRecords.at, phone: loginRecords.phone, userId: loginRecords.userId, userName: users.name, role: users.role,
    outcome: loginRecords.outcome, ip: loginRecords.ip, userAgent: loginRecords.userAgent,
  }).from(loginRecords).leftJoin(users, eq(users.id, loginRecords.userId))
    .where(and(...conds, f.outcome ? eq(loginRecords.outcome, f.outcome) : undefined, cursor !== undefined ? lt(loginRecords.id, cursor) : undefined))
    .orderBy(desc(loginRecords.id)).limit(limit + 1);
  const { page, nextCursor } = keysetPage(rows, limit, (r) => r.id);
  return {
    items: page.map((r) => ({ ...r, id: String(r.id), outcome: r.outcome as LoginOutcome })),
    nextCursor,
  };
}

/** Every login tried, newest first: by phone (its beginning) and outcome (the operator's view). */
export async function listLoginRecords(ctx: Ctx, f: LoginRecordFilter): Promise<{ items: LoginRecordView[]; nextCursor: string | null }> {
  operatorOf(ctx);
  const phone = f.phone?.replace(/[%_\\]/g, '');
  return loginRecordPage(ctx, [phone ? sql`${loginRecords.phone} LIKE ${`${phone}%`}` : undefined], f);
}

/** Logins tried with my phone, newest first (mine: the owner sees who tried their account). */
export async function listMyLogins(ctx: Ctx, f: Omit<LoginRecordFilter, 'phone'>): Promise<{ items: LoginRecordView[]; nextCursor: string | null }> {
  const me = userOf(ctx);
  return loginRecordPage(ctx, [eq(loginRecords.userId, me)], f);
}

// ---- audit ----

export type AuditAction = 'throttle_cleared' | 'password_changed' | 'password_change_refused' | 'session_revoked' | 'other_sessions_revoked';

export async function audit(ctx: Ctx, a: { action: AuditAction; actorUserId: string; subjectUserId: string | null; target: string }, origin: Partial<Origin>): Promise<void> {
  const o = cleanOrigin(origin);
  await ctx.db.insert(accountAudit).values({ ...a, target: a.target.slice(0, 200), ip: o.ip, userAgent: o.userAgent });
}

export interface AuditView { id: string; at: Date; action: AuditAction; actorUserId: string; actorName: string | null; subjectUserId: string | null; target: string; ip: string; userAgent: string }

/** What was done to logins and sessions, newest first (the operator's view). */
export async function listAudit(ctx: Ctx, f: { cursor?: string; limit?: number }): Promise<{ items: AuditView[]; nextCursor: string | null }> {
  operatorOf(ctx);
  const limit = pageSize(f.limit);
  const cursor = numericCursor(f.cursor);
  const rows = await ctx.db.select({
    id: accountAudit.id, at: accountAudit.at, action: accountAudit.action, actorUserId: accountAudit.actorUserId, actorName: users.name,
    subjectUserId: accountAudit.subjectUserId, target: accountAudit.target, ip: accountAudit.ip, userAgent: accountAudit.userAgent,
  }).from(accountAudit).leftJoin(users, eq(users.id, accountAudit.actorUserId))
    .where(cursor !== undefined ? lt(accountAudit.id, cursor) : undefined)
    .orderBy(desc(accountAudit.id)).limit(limit + 1);
  const { page, nextCursor } = keysetPage(rows, limit, (r) => r.id);
  return {
    items: page.map((r) => ({ ...r, id: String(r.id), action: r.action as AuditAction })),
    nextCursor,
  };
}

