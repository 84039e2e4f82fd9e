// Resellers (代购/小b): membership, levels, share codes, and each reseller's address book.
import crypto from 'node:crypto';
import { and, asc, eq, gt, ilike, or, sql } from 'drizzle-orm';
import { authorize, scopeReseller } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { executeHot, violates } from '../../platform/database.ts';
import { createUser } from '../accounts/index.ts';
import { resellers, customers } from './resellers.tables.ts';
import { pageSize } from '../../platform/paging.ts';

export type Level = 'V1' | 'V2' | 'V3' | 'V4' | 'V5';

export interface ResellerView { id: string; name: string; phone: string; level: Level; status: string; shareCode: string; invitedBy: string | null; membershipExpiresAt: Date | null; createdAt: Date; inviteCode?: string | null; removedAt?: Date | null }

const SHARE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
function shareCode(): string {
  const bytes = crypto.randomBytes(8);
  return [...bytes].map((b) => SHARE_ALPHABET[b % SHARE_ALPHABET.length]).join('');
}

/**
 * A reseller (with a fresh share code) and their login, in the caller's transaction. A phone
 * already registered answers 409 conflict, with `phoneTaken` as the field's message. No
 * authorisation: enrolment and joining by invitation authorise their own acts.
 */
export async function insertResellerWithLogin(
  ctx: Ctx,
  r: { name: string; phone: string; level: Level; status?: 'pending' | 'active'; invitedBy?: string | null; inviteCode?: string | null; membershipExpiresAt: Date | null },
  login: { password?: string; passwordHash?: string },
  phoneTaken = 'already registered',
): Promise<string> {
  const id = newId('rsl');
  try {
    await ctx.db.insert(resellers).values({
      id, name: r.name, phone: r.phone, level: r.level, status: r.status ?? 'active', shareCode: shareCode(),
      invitedBy: r.invitedBy ?? null, inviteCode: r.inviteCode ?? null, membershipExpiresAt: r.membershipExpiresAt,
    });
  } catch (e) {
    if (violates(e, 'resellers_phone_unique')) throw new AppError('conflict', { detail: 'phone already registered', fields: [{ path: 'phone', message: phoneTaken }] });
    throw e;
  }
  await createUser(ctx, { role: 'reseller', resellerId: id, phone: r.phone, name: r.name, password: login.password, passwordHash: login.passwordHash });
  return id;
}

/** Enrol a reseller with a login. Membership runs a year from today unless given. */
export async function enrolReseller(ctx: Ctx, input: { name: string; phone: string; password?: string; passwordHash?: string; level?: Level; invitedBy?: string; membershipExpiresAt?: Date }): Promise<ResellerView> {
  authorize(ctx, 'resellers.manage');
  return withTx(ctx, async (t) => {
    const id = await insertResellerWithLogin(t, {
      name: input.name, phone: input.phone, level: input.level ?? 'V1', invitedBy: input.invitedBy,
      membershipExpiresAt: input.membershipExpiresAt ?? new Date(Date.now() + 365 * 86400_000),
    }, input);
    return getReseller(t, id);
  });
}

export async function getReseller(ctx: Ctx, id: string): Promise<ResellerView> {
  authorize(ctx, ctx.actor.kind === 'reseller' ? 'resellers.self' : 'resellers.manage', { resellerId: id });
  const [r] = await ctx.db.select().from(resellers).where(eq(resellers.id, id));
  if (!r) throw new AppError('not_found');
  return { ...r, level: r.level as Level };
}

export async function listResellers(ctx: Ctx, q: { level?: Level; search?: string; cursor?: string; limit?: number }): Promise<{ items: ResellerView[]; nextCursor: string | null }> {
  authorize(ctx, 'resellers.manage');
  const limit = pageSize(q.limit);
  const rows = await ctx.db.select().from(resellers).where(and(
    q.level ? eq(resellers.level, q.level) : undefined,
    q.search ? or(ilike(resellers.name, `%${q.search}%`), ilike(resellers.phone, `%${q.search}%`)) : undefined,
    q.cursor ? gt(resellers.id, q.cursor) : undefined,
  )).orderBy(asc(resellers.id)).limit(limit + 1);
  const items = rows.slice(0, limit).map((r) => ({ ...r, level: r.level as Level }));
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}

/**
 * The active reseller behind a shared link, or null. No authorisation: links are public. A
 * reseller the operator disabled takes no orders through their links: `reseller_disabled`, so
 * the buyer is told the shop is paused rather than that the link is wrong.
 */
export async function resellerByShareCode(ctx: Ctx, code: string): Promise<{ id: string; name: string; shareCode: string } | null> {
  // On every storefront page and ordinary storefront order: a named prepared statement, planned once per connection.
  const [r] = await executeHot<{ id: string; name: string; share_code: string; status: string; membership_expires_at: string | null }>(ctx.db,
    sql`SELECT id, name, share_code, status, membership_expires_at FROM resellers WHERE share_code = ${code}`);
  if (!r) return null;
  if (standingOf({ status: r.status, membershipExpiresAt: r.membership_expires_at ? new Date(r.membership_expires_at) : null }) !== 'active') throw new AppError('reseller_disabled');
  return { id: r.id, name: r.name, shareCode: r.share_code };
}

/** A reseller's shop code (the code of their storefront links), whatever their standing; null for an unknown id. */
export async function shareCodeOf(ctx: Ctx, resellerId: string): Promise<string | null> {
  const [r] = await ctx.db.select({ code: resellers.shareCode }).from(resellers).where(eq(resellers.id, resellerId));
  return r?.code ?? null;
}

/**
 * Refuse a reseller the operator disabled (`reseller_disabled`): they sell through no channel,
 * their own app included. No authorisation: callers have authorised the act this guards. With
 * `lock`, inside the caller's transaction the row is read FOR SHARE, so a disabling that commits
 * meanwhile waits for this transaction and the act is judged on the status it ends with.
 */
export async function activeReseller(ctx: Ctx, id: string, opts: { lock?: boolean } = {}): Promise<void> {
  const q = ctx.db.select({ status: resellers.status, membershipExpiresAt: resellers.membershipExpiresAt }).from(resellers).where(eq(resellers.id, id));
  const [r] = opts.lock ? await q.for('share') : await q;
  if (!r) throw new AppError('not_found');
  const standing = standingOf(r);
  if (standing === 'active') return;
  throw new AppError(standing === 'pending' ? 'membership_unpaid' : standing === 'expired' ? 'membership_expired' : standing === 'removed' ? 'membership_removed' : 'reseller_disabled');
}

/**
 * Where a reseller stands: pending (signed up, fee unpaid), active, suspended (by the operator),
 * removed (by the monthly review) or expired (past their paid term: no new orders, history,
 * customers and balances kept).
 */
export type Standing = 'pending' | 'active' | 'suspended' | 'removed' | 'expired';
export function standingOf(r: { status: string; membershipExpiresAt: Date | null }, at: Date = new Date()): Standing {
  if (r.status === 'active' && r.membershipExpiresAt && r.membershipExpiresAt <= at) return 'expired';
  return r.status as Standing;
}

/**
 * Disable an active reseller (suspended: their links take no orders; orders already paid go on)
 * or enable a suspended one again. Doing what is already done is refused, so the operator's record
 * stays true; so is either act on a member who has not paid their fee (pending) or was removed by
 * the monthly review — their membership decides, and enabling one would open a shop without it.
 */
export async function setResellerStatus(ctx: Ctx, id: string, status: 'active' | 'suspended'): Promise<ResellerView> {
  authorize(ctx, 'resellers.manage');
  const before = await getReseller(ctx, id);
  const from = status === 'suspended' ? 'active' : 'suspended';
  const r = await ctx.db.update(resellers).set({ status }).where(and(eq(resellers.id, id), eq(resellers.status, from))).returning({ id: resellers.id });
  if (r.length === 0) {
    const detail = before.status === status ? (status === 'suspended' ? 'the reseller is already disabled' : 'the reseller is not disabled')
      : before.status === 'pending' ? 'the reseller has not paid the membership fee yet: paying it opens their shop'
      : before.status === 'removed' ? 'the reseller was removed by the monthly review: rejoining opens their shop again'
      : `the reseller is ${before.status}`;
    throw new AppError('invalid_transition', { detail });
  }
  return getReseller(ctx, id);
}

export interface CustomerInput { name: string; phone: string; province: string; city: string; district: string; detail: string; tags?: string[] }
export type CustomerView = CustomerInput & { id: string; resellerId: string; tags: string[]; createdAt: Date };

/** A customer from the address book as an order's consumer: name, phone and address. */
export function customerAsConsumer(c: CustomerInput): { name: string; phone: string; address: { province: string; city: string; district: string; detail: string } } {
  return { name: c.name, phone: c.phone, address: { province: c.province, city: c.city, district: c.district, detail: c.detail } };
}

/** Add a consumer to my address book. */
export async function addCustomer(ctx: Ctx, input: CustomerInput): Promise<CustomerView> {
  authorize(ctx, 'customers.manage');
  const resellerId = scopeReseller(ctx.actor)!;
  const id = newId('cus');
  const [row] = await ctx.db.insert(customers).values({ id, resellerId, ...input, tags: input.tags ?? [] }).returning();
  return row;
}

export async function getCustomer(ctx: Ctx, id: string): Promise<CustomerView> {
  const [c] = await ctx.db.select().from(customers).where(eq(customers.id, id));
  authorize(ctx, 'customers.manage', { resellerId: c?.resellerId ?? '\u0000' });
  if (!c) throw new AppError('not_found');
  return c;
}

/** Correct a consumer in my address book: only the fields given change. */
export async function updateCustomer(ctx: Ctx, id: string, patch: Partial<CustomerInput>): Promise<CustomerView> {
  return withTx(ctx, async (t) => {
    const [c] = await t.db.select().from(customers).where(eq(customers.id, id)).for('update');
    authorize(t, 'customers.manage', { resellerId: c?.resellerId ?? '\u0000' });
    if (!c) throw new AppError('not_found');
    const [row] = await t.db.update(customers).set(patch).where(eq(customers.id, id)).returning();
    return row;
  });
}

/**
 * Remove a consumer from my address book. Orders keep their own copy of name, phone and address,
 * so they are untouched; a red packet gifted to the customer and not used yet still names them
 * (it works only with their phone), so such a customer stays until the packet is used or expires.
 */
export async function deleteCustomer(ctx: Ctx, id: string): Promise<void> {
  await withTx(ctx, async (t) => {
    const [c] = await t.db.select().from(customers).where(eq(customers.id, id)).for('update');
    authorize(t, 'customers.manage', { resellerId: c?.resellerId ?? '\u0000' });
    if (!c) throw new AppError('not_found');
    // Read-only look at the promotions module's table: it imports this module, so it cannot be asked.
    const gifted = await t.db.execute(sql`SELECT 1 FROM red_packets WHERE customer_id = ${id} AND status = 'gifted' AND expires_at > now() LIMIT 1`);
    if (gifted.rows.length > 0) throw new AppError('customer_has_red_packets');
    await t.db.delete(customers).where(eq(customers.id, id));
  });
}

export async function listCustomers(ctx: Ctx, q: { search?: string; cursor?: string; limit?: number }): Promise<{ items: CustomerView[]; nextCursor: string | null }> {
  authorize(ctx, 'customers.manage');
  const resellerId = scopeReseller(ctx.actor)!;
  const limit = pageSize(q.limit);
  const rows = await ctx.db.select().from(customers).where(and(
    eq(customers.resellerId, resellerId),
    q.search ? or(ilike(customers.name, `%${q.search}%`), ilike(customers.phone, `%${q.search}%`)) : undefined,
    q.cursor ? gt(customers.id, q.cursor) : undefined,
  )).orderBy(asc(customers.id)).limit(limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}

