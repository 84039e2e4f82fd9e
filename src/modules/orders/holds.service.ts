// Holds seen by who holds them: what a phone, a client address and a reseller link hold unpaid
// (for the hold caps, counted under per-holder locks), the biggest holders right now, a
// reseller's customers' holds, and the audit of holds released.
import crypto from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import type { HoldLimits } from '../../platform/config.ts';
import { holdReleases } from './orders.tables.ts';
import { HeldTally, type HeldJson, type HeldCeilingsJson } from './holds.rules.ts';

/** Who a storefront placement is held against. */
export interface Holders { phone: string; address: string | null; resellerId: string }

/** A lock id for a holder: 64 bits of a hash, the same in every process. */
function lockId(what: string): bigint {
  return crypto.createHash('sha256').update(`sellthrough:hold:${what}`).digest().readBigInt64BE(0);
}

/** The holders' lock ids, in the one global order they are taken in: only holders with a cap that is on. */
export function holderLockIds(holders: Holders[], limits: HoldLimits): bigint[] {
  const ids = new Set<bigint>();
  for (const h of holders) {
    if (limits.unitsPerPhoneSku > 0 || limits.unitsPerPhone > 0 || limits.ordersPerPhone > 0) ids.add(lockId(`phone:${h.phone}`));
    if (limits.ordersPerAddress > 0 && h.address) ids.add(lockId(`address:${h.address}`));
    if (limits.ordersPerLink > 0) ids.add(lockId(`link:${h.resellerId}`));
  }
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Whose holds heldJsonSql counts: phones, client addresses, and links by their reseller (ids, or an expression giving a text[]). */
export interface HeldKeys { phones: string[]; addresses: string[]; links: string[] | SQL }

function heldKeys(holders: Holders[]): HeldKeys {
  return {
    phones: [...new Set(holders.map((h) => h.phone))],
    addresses: [...new Set(holders.flatMap((h) => (h.address ? [h.address] : [])))],
    links: [...new Set(holders.map((h) => h.resellerId))],
  };
}

/** The arguments of held_by_holders after its first (drizzle/0030): the keys, the window, and which counts a cap that is on needs. */
function heldArgs(holders: Holders[] | HeldKeys, limits: HoldLimits): SQL {
  const { phones, addresses, links } = Array.isArray(holders) ? heldKeys(holders) : holders;
  const keys = (k: string[] | SQL) => (Array.isArray(k) ? sql`${sql.param(k)}::text[]` : k);
  return sql`${keys(phones)}, ${keys(addresses)}, ${keys(links)}, ${limits.windowMinutes}::int,
    ${limits.ordersPerPhone > 0}::boolean, ${limits.ordersPerAddress > 0}::boolean, ${limits.ordersPerLink > 0}::boolean,
    ${limits.unitsPerPhoneSku > 0 || limits.unitsPerPhone > 0}::boolean`;
}

/**
 * A scalar expression: what these holders hold now, as one JSON object for `HeldTally.fromJson` —
 * per phone its unpaid storefront orders placed in the window and its units on unpaid storefront
 * orders per event SKU; per client address and per link (reseller) the unpaid orders placed in
 * the window. Only what a cap that is on needs is counted. Counted by the database function
 * held_by_holders (drizzle/0030), the one definition of these counts, at the statement's snapshot.
 */
export function heldJsonSql(holders: Holders[] | HeldKeys, limits: HoldLimits): SQL {
  return sql`held_by_holders(${heldArgs(holders, limits)})`;
}

/**
 * A scalar expression that takes the transaction-scoped advisory locks (until COMMIT or ROLLBACK)
 * of the holders in `lock`, in the one global order of holderLockIds, and then counts what the
 * holders in `count` hold, as heldJsonSql does — by a statement begun after the locks were granted
 * (held_after_locks, a VOLATILE function: under READ COMMITTED each of its statements takes a
 * snapshot of its own), so it sees every placement that held them before. Two placements for one
 * phone, address or link, in whichever API process, count and write one after the other. A
 * placement takes these locks before anything else it locks (the order's key, the pools), as the
 * storefront desk's write does for its group; only holders with a cap that is on are locked.
 */
export function heldAfterLocksSql(lock: Holders[], count: Holders[], limits: HoldLimits): SQL {
  return sql`held_after_locks(${sql.param(holderLockIds(lock, limits).map(String))}::bigint[], ${heldArgs(count, limits)})`;
}

/** A statement giving holders' JSON (`held`), as a tally. */
async function tallyOf(ctx: Ctx, held: SQL): Promise<HeldTally> {
  const r = await ctx.db.execute<{ held: HeldJson }>(sql`SELECT ${held} AS held`);
  return HeldTally.fromJson(r.rows[0].held);
}

/** What one holder holds now (heldJsonSql for one), not counting anything placed after it. */
export async function heldBy(ctx: Ctx, h: Holders, limits: HoldLimits): Promise<HeldTally> {
  return tallyOf(ctx, heldJsonSql([h], limits));
}

/**
 * The locks of the holders an order is judged against and of those it counts toward (an order
 * through another reseller's link counts toward its bound reseller's link: 流量保护), taken to the
 * end of the transaction; then what the holders judged against hold (heldAfterLocksSql).
 */
export async function lockAndCountHeld(ctx: Ctx, h: Holders, counted: Holders, limits: HoldLimits): Promise<HeldTally> {
  return tallyOf(ctx, heldAfterLocksSql([h, counted], [h], limits));
}

/**
 * A boolean expression: `now` (what holders hold, heldJsonSql's JSON, counted under their locks)
 * is within `ceilings` (GroupHolds: the most each may hold for every order of a group to fit its
 * caps) — every phone's, client address's and link's orders, every phone's units in all and of
 * each item (the units summed once by phone and item, `u`). A holder the ceilings do not name is
 * not compared.
 */
export function heldWithinSql(now: SQL, ceilings: HeldCeilingsJson): SQL {
  const counts = (part: string) => sql`NOT EXISTS (SELECT 1 FROM jsonb_each_text(c.ceilings -> ${part}) x
    WHERE coalesce((n.held -> ${part} ->> x.key)::int, 0) > x.value::int)`;
  return sql`(WITH n AS (SELECT json_strip_nulls(${now}) AS held), c AS (SELECT ${JSON.stringify(ceilings)}::jsonb AS ceilings),
      u AS (SELECT e ->> 0 AS phone, e ->> 1 AS esk, sum((e ->> 2)::int) AS q FROM n, json_array_elements(n.held -> 'units') e GROUP BY 1, 2)
    SELECT ${counts('phoneOrders')} AND ${counts('addressOrders')} AND ${counts('linkOrders')}
      AND NOT EXISTS (SELECT 1 FROM jsonb_each_text(c.ceilings -> 'phoneUnits') x
        LEFT JOIN (SELECT u.phone, sum(u.q) AS q FROM u GROUP BY 1) h ON h.phone = x.key
        WHERE coalesce(h.q, 0) > x.value::int)
      AND NOT EXISTS (SELECT 1 FROM jsonb_each(c.ceilings -> 'units') p CROSS JOIN jsonb_each_text(p.value) x
        LEFT JOIN u ON u.phone = p.key AND u.esk = x.key
        WHERE coalesce(u.q, 0) > x.value::int)
    FROM n, c)`;
}

export type HolderBy = 'phone' | 'address' | 'link';

export interface Holder {
  /** The phone, the client address, or the reseller id behind the link. */
  key: string; orders: number; units: number; since: Date; until: Date | null;
  /** The name on the newest order (phone), or how many phones / resellers stand behind it. */
  name: string; phones: number; resellers: number;
}

/** The biggest holders of unpaid storefront orders right now: most units first. */
export async function holdersNow(ctx: Ctx, by: HolderBy, limit = 20): Promise<{ holders: Holder[]; totals: { orders: number; units: number } }> {
  const key = by === 'phone' ? sql`o.consumer_phone` : by === 'address' ? sql`o.client_address` : sql`o.reseller_id`;
  const r = await ctx.db.execute<{ key: string; orders: number; units: number; since: Date; until: Date | null; name: string; phones: number; resellers: number }>(sql`
    SELECT ${key} AS key, count(*)::int AS orders, sum(u.units)::int AS units, min(o.created_at) AS since, max(o.hold_expires_at) AS until,
           (array_agg(o.consumer_name ORDER BY o.created_at DESC))[1] AS name,
           count(DISTINCT o.consumer_phone)::int AS phones, count(DISTINCT o.reseller_id)::int AS resellers
    FROM orders o CROSS JOIN LATERAL (SELECT sum(l.quantity)::int AS units FROM order_lines l WHERE l.order_id = o.id) u
    WHERE o.status = 'pending_payment' AND o.kind = 'storefront' AND ${key} IS NOT NULL
    GROUP BY 1 ORDER BY units DESC, orders DESC, since LIMIT ${limit}`);
  const t = await ctx.db.execute<{ orders: number; units: number }>(sql`
    SELECT count(DISTINCT o.id)::int AS orders, coalesce(sum(l.quantity), 0)::int AS units FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.status = 'pending_payment' AND o.kind = 'storefront'`);
  return {
    holders: r.rows.map((x) => ({ ...x, since: new Date(x.since), until: x.until ? new Date(x.until) : null })),
    totals: { orders: Number(t.rows[0]?.orders ?? 0), units: t.rows[0]?.units ?? 0 },
  };
}

export interface HeldOrder {
  id: string; orderNo: string; kind: string; resellerId: string; consumerName: string; consumerPhone: string; clientAddress: string | null;
  units: number; amountDue: number; currency: string; createdAt: Date; holdExpiresAt: Date | null;
}

/**
 * Orders awaiting payment (holding stock), oldest first: a reseller's (both kinds), or a holder's
 * storefront orders by phone, client address or link. Bounded.
 */
export async function heldOrders(ctx: Ctx, f: { resellerId?: string; by?: HolderBy; key?: string; limit?: number }): Promise<HeldOrder[]> {
  const conds: SQL[] = [sql`o.status = 'pending_payment'`];
  if (f.resellerId) conds.push(sql`o.reseller_id = ${f.resellerId}`);
  if (f.by && f.key !== undefined) {
    conds.push(sql`o.kind = 'storefront'`);
    conds.push(f.by === 'phone' ? sql`o.consumer_phone = ${f.key}` : f.by === 'address' ? sql`o.client_address = ${f.key}` : sql`o.reseller_id = ${f.key}`);
  }
  const r = await ctx.db.execute<{ id: string; order_no: string; kind: string; reseller_id: string; consumer_name: string; consumer_phone: string; client_address: string | null; units: number; amount_due: string; currency: string; created_at: Date; hold_expires_at: Date | null }>(sql`
    SELECT o.id, o.order_no, o.kind, o.reseller_id, o.consumer_name, o.consumer_phone, o.client_address, u.units, o.amount_due, o.currency, o.created_at, o.hold_expires_at
    FROM orders o CROSS JOIN LATERAL (SELECT sum(l.quantity)::int AS units FROM order_lines l WHERE l.order_id = o.id) u
    WHERE ${sql.join(conds, sql` AND `)} ORDER BY o.created_at, o.id LIMIT ${Math.min(f.limit ?? 200, 500)}`);
  return r.rows.map((x) => ({
    id: x.id, orderNo: x.order_no, kind: x.kind, resellerId: x.reseller_id, consumerName: x.consumer_name, consumerPhone: x.consumer_phone, clientAddress: x.client_address,
    units: x.units, amountDue: Number(x.amount_due), currency: x.currency, createdAt: new Date(x.created_at), holdExpiresAt: x.hold_expires_at ? new Date(x.hold_expires_at) : null,
  }));
}

export interface HoldRelease {
  orderId: string; batchId: string; resellerId: string; actorKind: 'operator' | 'reseller' | 'system'; actorUserId: string | null; actorName: string | null;
  scope: 'order' | 'phone' | 'address' | 'link'; subject: string; reason: string; units: number;
}

/** Record who released an order's hold and why (in the transaction that cancels it). */
export async function recordHoldRelease(ctx: Ctx, r: HoldRelease): Promise<void> {
  await ctx.db.insert(holdReleases).values(r);
}

export interface ReleaseBatch {
  batchId: string; actorKind: string; actorUserId: string | null; actorName: string | null; scope: string; subject: string; reason: string;
  /** The released order's number (订单号) when the release named one order; null for a holder's release. */
  orderNo: string | null;
  orders: number; units: number; resellerIds: string[]; createdAt: Date;
}

/** Releases of the last 30 days, newest first, one row per release action. */
export async function holdReleaseBatches(ctx: Ctx, limit = 50): Promise<ReleaseBatch[]> {
  const r = await ctx.db.execute<{ batch_id: string; actor_kind: string; actor_user_id: string | null; actor_name: string | null; scope: string; subject: string; reason: string; order_no: string | null; orders: number; units: number; reseller_ids: string[]; created_at: Date }>(sql`
    SELECT b.*, CASE WHEN b.scope = 'order' THEN (SELECT o.order_no FROM orders o WHERE o.id = b.subject) END AS order_no FROM (
    SELECT batch_id, min(actor_kind) AS actor_kind, min(actor_user_id) AS actor_user_id, min(actor_name) AS actor_name, min(scope) AS scope, min(subject) AS subject,
           min(reason) AS reason, count(*)::int AS orders, sum(units)::int AS units, array_agg(DISTINCT reseller_id) AS reseller_ids, max(created_at) AS created_at
    FROM hold_releases WHERE created_at > now() - interval '30 days' GROUP BY batch_id ORDER BY max(created_at) DESC LIMIT ${limit}) b ORDER BY b.created_at DESC`);
  return r.rows.map((x) => ({
    batchId: x.batch_id, actorKind: x.actor_kind, actorUserId: x.actor_user_id, actorName: x.actor_name, scope: x.scope, subject: x.subject, reason: x.reason, orderNo: x.order_no,
    orders: x.orders, units: x.units, resellerIds: x.reseller_ids, createdAt: new Date(x.created_at),
  }));
}
