// Holds seen by who holds them: what a phone, a client address and a reseller link hold unpaid
// (for the hold caps, counted under per-holder locks), the biggest holders right now, a
// reseller's customers' holds, and the audit of holds released.
import crypto from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { hiddenLengthArray } from '../../platform/database.ts';
import type { HoldLimits } from '../../platform/config.ts';
import { holdReleases } from './orders.tables.ts';
import { HeldTally, type HeldJson } from './holds.rules.ts';

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

/**
 * Take the holders' transaction-scoped advisory locks (until COMMIT or ROLLBACK), so two
 * placements for one phone, address or link count and write one after the other, in whichever
 * API process they run. Locks are taken in one global order (by id), so two placements sharing
 * two holders cannot deadlock — a placement takes them before anything else it locks (the order's
 * key, the pools), as the storefront desk does for its whole group; only holders with a cap that
 * is on are locked.
 */
export async function lockHolders(ctx: Ctx, h: Holders, limits: HoldLimits): Promise<void> {
  const ids = holderLockIds([h], limits);
  if (ids.length === 0) return;
  await ctx.db.execute(sql`SELECT pg_advisory_xact_lock(k) FROM unnest(${sql.param(ids.map(String))}::bigint[]) WITH ORDINALITY AS u(k, i) ORDER BY i`);
}

/** The same locks as one statement's text (the ids are numbers we computed), for a desk to send with its BEGIN. */
export function lockHoldersText(ids: bigint[]): string {
  return `SELECT pg_advisory_xact_lock(k) FROM unnest('{${ids.join(',')}}'::bigint[]) WITH ORDINALITY AS u(k, i) ORDER BY i`;
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

/**
 * A scalar subquery: what these holders hold now, as one JSON object for `HoldTally.fromJson` —
 * per phone its unpaid storefront orders placed in the window and its units on unpaid storefront
 * orders per event SKU; per client address and per link (reseller) the unpaid storefront orders
 * placed in the window. Only what a cap that is on needs is counted. Under READ COMMITTED a
 * statement after lockHolders sees every placement that held the locks before.
 */
export function heldJsonSql(holders: Holders[] | HeldKeys, limits: HoldLimits): SQL {
  const { phones, addresses, links } = Array.isArray(holders) ? heldKeys(holders) : holders;
  const since = sql`now() - make_interval(mins => ${limits.windowMinutes})`;
  // Each holder's orders in the window through its own index (phone, address, link: the column,
  // then created_at), whatever the planner believes. `<column> <> ''` is part of the phone's and
  // the link's index predicates, so neither can serve the other's count; `(column, created_at) >
  // (key, since)` is an index condition only where the column leads. A prepared statement planned
  // while those indexes were nearly empty had judged a scan of every unpaid storefront order in
  // the link's index, filtered by phone, as cheap as the phone's own — and kept that plan as they
  // grew: 0.25 ms a phone with a thousand unpaid orders, 7–10 ms a group (auto_explain on the
  // order-loop bench's storefront orders), where the phone's index takes 0.01.
  //
  // The keys' number hidden from the planner (hiddenLengthArray): the storefront desk's count
  // under the holders' locks (a statement of its own then, part of the group's write now) had been
  // planned again on every group.
  const keysOf = (keys: string[] | SQL) => sql`unnest(${Array.isArray(keys) ? hiddenLengthArray(keys) : keys})`;
  const per = (on: boolean, keys: string[] | SQL, column: string, where: SQL) => on && (!Array.isArray(keys) || keys.length)
    ? sql`(SELECT json_object_agg(h.k, (SELECT count(*) FROM orders o
          WHERE o.${sql.raw(column)} = h.k AND o.${sql.raw(column)} <> '' AND (o.${sql.raw(column)}, o.created_at) > (h.k, ${since}) AND ${where} AND o.paid_at IS NULL))
        FROM ${keysOf(keys)} AS h(k))`
    : sql`NULL::json`;
  const units = (limits.unitsPerPhoneSku > 0 || limits.unitsPerPhone > 0) && phones.length
    ? sql`(SELECT json_agg(json_build_array(o.consumer_phone, l.event_sku_id, l.quantity)) FROM ${keysOf(phones)} AS h(k)
           JOIN orders o ON o.consumer_phone = h.k JOIN order_lines l ON l.order_id = o.id
           WHERE o.status = 'pending_payment' AND o.kind = 'storefront')`
    : sql`NULL::json`;
  return sql`json_build_object(
    'phoneOrders', ${per(limits.ordersPerPhone > 0, phones, 'consumer_phone', sql`o.kind = 'storefront'`)},
    'addressOrders', ${per(limits.ordersPerAddress > 0, addresses, 'client_address', sql`true`)},
    'linkOrders', ${per(limits.ordersPerLink > 0, links, 'reseller_id', sql`o.kind = 'storefront'`)},
    'units', ${units})`;
}

/** What one holder holds now (heldJsonSql for one), not counting anything placed after it. */
export async function heldBy(ctx: Ctx, h: Holders, limits: HoldLimits): Promise<HeldTally> {
  const r = await ctx.db.execute<{ held: HeldJson }>(sql`SELECT ${heldJsonSql([h], limits)} AS held`);
  return HeldTally.fromJson(r.rows[0].held);
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
    SELECT count(*)::int AS orders, coalesce(sum(l.quantity), 0)::int AS units FROM orders o JOIN order_lines l ON l.order_id = o.id
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
