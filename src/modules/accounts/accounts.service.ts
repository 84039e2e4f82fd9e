// Login, sessions, passwords and user creation. Passwords are argon2id hashes; session tokens are
// random and stored only as sha256. Every login is throttled per phone and per client address
// and recorded (accounts.security.ts).
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { Actor, Ctx, Role } from '../../platform/context.ts';
import { withTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { executeHot, hiddenLengthArray, type Executor } from '../../platform/database.ts';
import { users, sessions } from './accounts.tables.ts';
import { admitAttempt, audit, cleanOrigin, recordLogin, settleSuccess, userOf, type Origin } from './accounts.security.ts';

const SESSION_DAYS = 30;

export function sha256(s: string): string {
  return crypto.hash('sha256', s);
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export interface NewUser { role: Role; phone: string; name: string; password?: string; passwordHash?: string; brandId?: string; resellerId?: string }

/** Create a login. Called by the brand and reseller use cases and the seeder (system). */
export async function createUser(ctx: Ctx, u: NewUser): Promise<{ id: string }> {
  const id = newId('usr');
  const passwordHash = u.passwordHash ?? await hashPassword(u.password ?? crypto.randomBytes(12).toString('base64url'));
  try {
    await ctx.db.insert(users).values({ id, role: u.role, phone: u.phone, name: u.name, passwordHash, brandId: u.brandId ?? null, resellerId: u.resellerId ?? null });
  } catch (e) {
    if ((e as { cause?: { constraint?: string } }).cause?.constraint === 'users_phone_unique') {
      throw new AppError('conflict', { detail: 'phone already registered', fields: [{ path: 'phone', message: 'already registered' }] });
    }
    throw e;
  }
  return { id };
}

export interface LoginResult { token: string; expiresAt: Date; user: { id: string; role: Role; name: string; phone: string; brandId: string | null; resellerId: string | null; mustChangePassword: boolean } }

/**
 * Log in by phone and password. The same answers, and the same work, for an unknown phone and a
 * wrong password: the phone is throttled and recorded either way and an unknown one is verified
 * against a dummy hash. A locked phone or client address is refused before any password is
 * checked (429 `login_locked`, Retry-After). A login the operator disabled is told so
 * (`account_disabled`), but only to someone who knows its password.
 */
export async function login(ctx: Ctx, input: { phone: string; password: string } & Partial<Origin>): Promise<LoginResult> {
  const origin = cleanOrigin(input);
  const [u] = await ctx.db.select().from(users).where(eq(users.phone, input.phone));
  let pass;
  try {
    pass = await admitAttempt(ctx, [{ kind: 'phone', value: input.phone }, { kind: 'address', value: origin.ip }]);
  } catch (e) {
    if (e instanceof AppError && e.code === 'login_locked') await recordLogin(ctx, { phone: input.phone, userId: u?.id ?? null, outcome: 'locked' }, origin);
    throw e;
  }
  // Verify against a dummy hash when the user is unknown so both paths take the same time.
  const ok = await verify(u?.passwordHash ?? (await dummyHash()), input.password).catch(() => false);
  if (!u || !ok) {
    await recordLogin(ctx, { phone: input.phone, userId: u?.id ?? null, outcome: 'failed' }, origin);
    throw new AppError('invalid_credentials');
  }
  await settleSuccess(ctx, pass);
  if (u.disabledAt) {
    await recordLogin(ctx, { phone: input.phone, userId: u.id, outcome: 'failed' }, origin);
    throw new AppError('account_disabled');
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86400_000);
  await ctx.db.insert(sessions).values({ id: newId('ses'), tokenHash: sha256(token), userId: u.id, expiresAt, ip: origin.ip, userAgent: origin.userAgent });
  await recordLogin(ctx, { phone: input.phone, userId: u.id, outcome: 'succeeded' }, origin);
  return { token, expiresAt, user: { id: u.id, role: u.role as Role, name: u.name, phone: u.phone, brandId: u.brandId, resellerId: u.resellerId, mustChangePassword: u.mustChangePassword } };
}

export async function logout(db: Executor, token: string): Promise<void> {
  const hash = sha256(token);
  await db.delete(sessions).where(eq(sessions.tokenHash, hash));
  // A hint only (every use of a remembered session is checked by a statement): this process's
  // next order on the token is refused by the hook, not by the desk's read.
  sessionLookups(db).forget(hash);
}

/** What a user whose password the operator reset may still call: who am I, change my password, log out. */
const BEFORE_PASSWORD_CHANGE = new Set(['/api/v1/me', '/api/v1/me/account', '/api/v1/me/password', '/api/v1/auth/logout']);

/**
 * The actor behind a session token, or anonymous. Judged by the database clock. The session's
 * last use moves forward in the same statement, at most once a minute (its owner's list of
 * sessions shows it; a write on every request would cost every call). Given the route asked
 * for, a user who must change a reset password is refused anything but that
 * (`password_change_required`).
 */
export async function actorForToken(db: Executor, token: string | undefined, route?: string): Promise<Actor & { name?: string; mustChangePassword?: boolean }> {
  if (!token) return { kind: 'anonymous' };
  return actorOf(await sessionLookups(db).lookup(sha256(token)), route);
}

function actorOf(row: SessionRow | undefined, route: string | undefined): Actor & { name?: string; mustChangePassword?: boolean } {
  if (!row) return { kind: 'anonymous' };
  const mustChangePassword = row.must_change_password;
  if (mustChangePassword && route !== undefined && !BEFORE_PASSWORD_CHANGE.has(route)) throw new AppError('password_change_required');
  switch (row.role) {
    case 'operator': return { kind: 'operator', userId: row.id, name: row.name, mustChangePassword };
    case 'brand': return { kind: 'brand', userId: row.id, brandId: row.brand_id!, name: row.name, mustChangePassword };
    case 'reseller': return { kind: 'reseller', userId: row.id, resellerId: row.reseller_id!, name: row.name, mustChangePassword };
    default: return { kind: 'anonymous' };
  }
}

/**
 * A reseller's session as this process looked it up less than RECENT_MS ago, without a statement
 * (its last use is then not moved forward: the next lookup, within a minute or two, moves it):
 * the actor carries the token hash (`checkSession`), and whoever acts on it checks the session
 * first — confirmSession, or the order desk in the read its group makes anyway (liveSessionsSql),
 * so a placed order is still judged by a statement begun after its request arrived. Only for a
 * route that says so (`sessionCheckedLater`: placing a reseller's order, where one lookup more a
 * request was a round trip on every group's way, docs/benchmarks.md). Anything else — no recent
 * lookup, another role, a password to change — is looked up now, as actorForToken does.
 */
export async function recentActorForToken(db: Executor, token: string | undefined, route?: string): Promise<Actor & { name?: string; mustChangePassword?: boolean }> {
  if (!token) return { kind: 'anonymous' };
  const lookups = sessionLookups(db);
  const hash = sha256(token);
  const row = lookups.recent(hash);
  // Only live resellers' sessions without a password to change are remembered.
  if (!row) return actorOf(await lookups.lookup(hash), route);
  const actor = actorOf(row, route);
  return actor.kind === 'reseller' ? { ...actor, checkSession: hash } : actor;
}

/**
 * The context with its session checked by a statement begun now: as it is when it was looked up
 * with its request; otherwise its session must still be the same reseller's, live, its user
 * enabled and without a password to change, or the request is refused as a lookup would refuse it.
 */
export async function confirmSession(ctx: Ctx): Promise<Ctx> {
  const a = ctx.actor;
  if (a.kind !== 'reseller' || a.checkSession === undefined) return ctx;
  const lookups = sessionLookups(ctx.db);
  const row = await lookups.lookup(a.checkSession);
  if (!row || row.role !== 'reseller' || row.reseller_id !== a.resellerId || row.id !== a.userId) throw new AppError('unauthenticated');
  if (row.must_change_password) throw new AppError('password_change_required');
  const { checkSession: _checked, ...actor } = a;
  return { ...ctx, actor };
}

/**
 * Of these token hashes, the resellers' sessions that are live now, their users enabled and
 * without a password to change, as a JSON object of token hash → reseller id: for a statement
 * that checks its requests' sessions (recentActorForToken) along with what it reads.
 */
export function liveSessionsSql(tokenHashes: string[]): SQL {
  return sql`(SELECT json_object_agg(l.token_hash, l.reseller_id) FROM (${liveSessionRowsSql(tokenHashes)}) l
    WHERE l.role = 'reseller' AND NOT l.must_change_password)`;
}

/**
 * What makes a session live — not expired, its user not disabled — in one place, for the lookup
 * and for the desk's check (liveSessionsSql): the rows of these token hashes' live sessions.
 * Each token is looked up through its unique index, each user by key, whatever the planner
 * believes of the tables: the prepared statement's generic plan, made from the statistics of the
 * moment, once walked every user and probed their sessions (0.3 ms a lookup at 130 users). The
 * tokens' number is hidden from the planner (hiddenLengthArray), so PostgreSQL keeps the generic
 * plan instead of planning each lookup again.
 */
function liveSessionRowsSql(tokenHashes: string[]): SQL {
  return sql`SELECT h.hash AS token_hash, s.id AS session_id, s.last_used_at, u.id, u.role, u.brand_id, u.reseller_id, u.name, u.must_change_password
    FROM unnest(${hiddenLengthArray(tokenHashes)}) AS h(hash)
    CROSS JOIN LATERAL (SELECT s.id, s.user_id, s.last_used_at FROM sessions s WHERE s.token_hash = h.hash AND s.expires_at > now() OFFSET 0) s
    CROSS JOIN LATERAL (SELECT u.id, u.role, u.brand_id, u.reseller_id, u.name, u.must_change_password FROM users u WHERE u.id = s.user_id AND u.disabled_at IS NULL OFFSET 0) u`;
}

type SessionRow = { token_hash: string; id: string; role: string; brand_id: string | null; reseller_id: string | null; name: string; must_change_password: boolean };

/** How long a lookup's answer may be acted on before a statement checks it (recentActorForToken). */
const RECENT_MS = 60_000;
/** Recent lookups kept per pool, at most (the oldest go first). */
const RECENT_MAX = 50_000;

/** Counted by this process: the sessions its lookups looked up. */
export const sessionLookupStats = { sessions: 0 };

/**
 * Session lookups, batched per pool: when none is running, a lookup starts a statement on the
 * event loop's next turn (setImmediate), so the requests read from the sockets in this turn go
 * together, and the requests that arrive while one runs are looked up together by the next — one
 * round trip for many requests when many arrive at once (measured at 8 clients: 2,689 lookups for
 * 8,555 orders before, ~1,790 for as many after; docs/benchmarks.md), and never an answer older
 * than the request (each is judged by a statement that began after it arrived, at the database
 * clock). The live resellers' sessions found are remembered for a minute, for
 * recentActorForToken (whose callers check them again by a statement).
 */
class SessionLookups {
  private waiting: { hash: string; resolve: (r: SessionRow | undefined) => void; reject: (e: unknown) => void }[] = [];
  private running = false;
  private readonly found = new Map<string, { row: SessionRow; at: number }>();
  constructor(private readonly db: Executor) {}

  lookup(hash: string): Promise<SessionRow | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ hash, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => this.next());
      }
    });
  }

  /** What a lookup less than RECENT_MS ago found under this hash. */
  recent(hash: string): SessionRow | undefined {
    const f = this.found.get(hash);
    return f && performance.now() - f.at < RECENT_MS ? f.row : undefined;
  }

  forget(hash: string): void {
    this.found.delete(hash);
  }

  /** Only what recentActorForToken may use: a reseller's session without a password to change. */
  private remember(hashes: string[], found: Map<string, SessionRow>, at: number): void {
    for (const h of hashes) {
      // Re-inserted, so the map's order is the order of the lookups (one at a time): oldest first.
      this.found.delete(h);
      const row = found.get(h);
      if (row?.role === 'reseller' && !row.must_change_password) this.found.set(h, { row, at });
    }
    // The stale, and the oldest beyond RECENT_MAX, from the head.
    for (const [h, f] of this.found) {
      if (this.found.size <= RECENT_MAX && at - f.at < RECENT_MS) break;
      this.found.delete(h);
    }
  }

  private next(): void {
    const batch = this.waiting.splice(0, 1000);
    if (batch.length === 0) { this.running = false; return; }
    const hashes = [...new Set(batch.map((b) => b.hash))];
    const at = performance.now();
    sessionLookupStats.sessions += hashes.length;
    executeHot<SessionRow>(this.db, sql`
      WITH s AS (${liveSessionRowsSql(hashes)}), touched AS (
        UPDATE sessions SET last_used_at = now()
        WHERE id = ANY(ARRAY(SELECT session_id FROM s WHERE last_used_at < now() - interval '1 minute'))
      )
      SELECT token_hash, id, role, brand_id, reseller_id, name, must_change_password FROM s`).then((rows) => {
      const found = new Map(rows.map((x) => [x.token_hash, x]));
      this.remember(hashes, found, at);
      for (const b of batch) b.resolve(found.get(b.hash));
    }, (e: unknown) => {
      for (const b of batch) b.reject(e);
    }).finally(() => this.next());
  }
}

const lookups = new WeakMap<object, SessionLookups>();
function sessionLookups(db: Executor): SessionLookups {
  let l = lookups.get(db);
  if (!l) lookups.set(db, (l = new SessionLookups(db)));
  return l;
}

// ---- my sessions ----

export interface SessionView { id: string; createdAt: Date; lastUsedAt: Date; expiresAt: Date; ip: string; userAgent: string; current: boolean }

/** My sessions that have not expired, the most recently used first; `current` marks the one asking. */
export async function listMySessions(ctx: Ctx, currentToken: string | undefined): Promise<{ items: SessionView[] }> {
  const me = userOf(ctx);
  const current = currentToken ? sha256(currentToken) : '';
  const rows = await ctx.db.select({
    id: sessions.id, createdAt: sessions.createdAt, lastUsedAt: sessions.lastUsedAt, expiresAt: sessions.expiresAt, ip: sessions.ip, userAgent: sessions.userAgent,
    current: sql<boolean>`${sessions.tokenHash} = ${current}`,
  }).from(sessions).where(and(eq(sessions.userId, me), sql`${sessions.expiresAt} > now()`))
    .orderBy(desc(sessions.lastUsedAt), desc(sessions.id)).limit(100);
  return { items: rows };
}

/** End one of my sessions (another's answers like a missing one). Ending the one asking logs it out. */
export async function revokeMySession(ctx: Ctx, sessionId: string, currentToken: string | undefined, origin: Partial<Origin>): Promise<{ current: boolean }> {
  const me = userOf(ctx);
  return withTx(ctx, async (t) => {
    const gone = await t.db.delete(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.userId, me))).returning({ tokenHash: sessions.tokenHash });
    if (gone.length === 0) throw new AppError('not_found');
    await audit(t, { action: 'session_revoked', actorUserId: me, subjectUserId: me, target: sessionId }, origin);
    return { current: currentToken !== undefined && gone[0].tokenHash === sha256(currentToken) };
  });
}

/** End every session of mine but the one asking. */
export async function revokeMyOtherSessions(ctx: Ctx, currentToken: string | undefined, origin: Partial<Origin>): Promise<{ revoked: number }> {
  const me = userOf(ctx);
  return withTx(ctx, async (t) => {
    const revoked = await endOtherSessions(t.db, me, currentToken);
    await audit(t, { action: 'other_sessions_revoked', actorUserId: me, subjectUserId: me, target: String(revoked) }, origin);
    return { revoked };
  });
}

async function endOtherSessions(db: Executor, userId: string, currentToken: string | undefined): Promise<number> {
  const gone = await db.delete(sessions)
    .where(and(eq(sessions.userId, userId), currentToken ? ne(sessions.tokenHash, sha256(currentToken)) : undefined))
    .returning({ id: sessions.id });
  return gone.length;
}

// ---- my password ----

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;

/**
 * Change my own password, proving the current one. The current password is a guess like any
 * login's: throttled on my phone and the client address (a stolen session cannot use this to try
 * passwords at full speed). Every other session of mine ends; this one goes on.
 */
export async function changeMyPassword(ctx: Ctx, input: { currentPassword: string; newPassword: string; currentToken: string | undefined } & Partial<Origin>): Promise<{ endedSessions: number }> {
  const me = userOf(ctx);
  const origin = cleanOrigin(input);
  const [u] = await ctx.db.select().from(users).where(eq(users.id, me));
  if (!u) throw new AppError('unauthenticated');
  const pass = await admitAttempt(ctx, [{ kind: 'phone', value: u.phone }, { kind: 'address', value: origin.ip }]);
  const ok = await verify(u.passwordHash, input.currentPassword).catch(() => false);
  if (!ok) {
    await audit(ctx, { action: 'password_change_refused', actorUserId: me, subjectUserId: me, target: `phone:${u.phone}` }, origin);
    throw new AppError('current_password_wrong', { fields: [{ path: 'body.currentPassword', message: ctx.lang === 'en' ? 'is wrong' : '当前密码不正确' }] });
  }
  await settleSuccess(ctx, pass);
  if (input.newPassword === input.currentPassword) throw new AppError('password_unchanged');
  const passwordHash = await hashPassword(input.newPassword);
  return withTx(ctx, async (t) => {
    await t.db.update(users).set({ passwordHash, passwordChangedAt: sql`now()`, mustChangePassword: false }).where(eq(users.id, me));
    const ended = await endOtherSessions(t.db, me, input.currentToken);
    await audit(t, { action: 'password_changed', actorUserId: me, subjectUserId: me, target: String(ended) }, origin);
    return { endedSessions: ended };
  });
}

/** What the account screen shows about me besides sessions: when my password last changed. */
export async function myAccount(ctx: Ctx): Promise<{ phone: string; name: string; role: Role; passwordChangedAt: Date | null; mustChangePassword: boolean; createdAt: Date }> {
  const me = userOf(ctx);
  const [u] = await ctx.db.select({ phone: users.phone, name: users.name, role: users.role, passwordChangedAt: users.passwordChangedAt, mustChangePassword: users.mustChangePassword, createdAt: users.createdAt }).from(users).where(eq(users.id, me));
  if (!u) throw new AppError('unauthenticated');
  return { ...u, role: u.role as Role };
}

// A real argon2id hash of a random secret, verified against when the phone is unknown so that
// both answers take the same time and an attacker cannot tell which phones are registered.
let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hash(crypto.randomBytes(16).toString('hex'));
  return dummy;
}
