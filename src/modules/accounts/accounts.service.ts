// Login, sessions and user creation. Passwords are argon2id hashes; session tokens are random
// and stored only as sha256.
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Actor, Ctx, Role } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Executor } from '../../platform/database.ts';
import { users, sessions } from './accounts.tables.ts';

const SESSION_DAYS = 30;

export function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
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

export interface LoginResult { token: string; expiresAt: Date; user: { id: string; role: Role; name: string; phone: string; brandId: string | null; resellerId: string | null } }

/** Log in by phone and password. The same answer for an unknown phone and a wrong password. */
export async function login(ctx: Ctx, input: { phone: string; password: string }): Promise<LoginResult> {
  const [u] = await ctx.db.select().from(users).where(and(eq(users.phone, input.phone), isNull(users.disabledAt)));
  // Verify against a dummy hash when the user is unknown so both paths take the same time.
  const ok = await verify(u?.passwordHash ?? (await dummyHash()), input.password).catch(() => false);
  if (!u || !ok) throw new AppError('invalid_credentials');
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86400_000);
  await ctx.db.insert(sessions).values({ id: newId('ses'), tokenHash: sha256(token), userId: u.id, expiresAt });
  return { token, expiresAt, user: { id: u.id, role: u.role as Role, name: u.name, phone: u.phone, brandId: u.brandId, resellerId: u.resellerId } };
}

export async function logout(db: Executor, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}

/** The actor behind a session token, or anonymous. Judged by the database clock. */
export async function actorForToken(db: Executor, token: string | undefined): Promise<Actor & { name?: string }> {
  if (!token) return { kind: 'anonymous' };
  const [row] = await db.select({ id: users.id, role: users.role, brandId: users.brandId, resellerId: users.resellerId, name: users.name })
    .from(sessions).innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, sql`now()`), isNull(users.disabledAt)));
  if (!row) return { kind: 'anonymous' };
  switch (row.role) {
    case 'operator': return { kind: 'operator', userId: row.id, name: row.name };
    case 'brand': return { kind: 'brand', userId: row.id, brandId: row.brandId!, name: row.name };
    case 'reseller': return { kind: 'reseller', userId: row.id, resellerId: row.resellerId!, name: row.name };
    default: return { kind: 'anonymous' };
  }
}

// A real argon2id hash of a random secret, verified against when the phone is unknown so that
// both answers take the same time and an attacker cannot tell which phones are registered.
let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hash(crypto.randomBytes(16).toString('hex'));
  return dummy;
}
