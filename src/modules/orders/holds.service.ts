// Holds seen by who holds them: what a phone, a client address and a reseller link hold unpaid
// (for the hold caps, counted under per-holder locks), the biggest holders right now, a
// reseller's customers' holds, and the audit of holds released.
import crypto from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import type { HoldLimits } from '../../platform/config.ts';
import { holdReleases } from './orders.tables.ts';
import type { HeldNow } from './holds.rules.ts';

/** Who a storefront placement is held against. */
export interface Holders { phone: string; address: string | null; resellerId: string }

/** A lock id for a holder: 64 bits of a hash, the same in every process. */
function lockId(what: string): bigint {
  return crypto.createHash('sha256').update(`sellthrough:hold:${what}`).digest().readBigInt64BE(0);
}

/**
 * Take the holders' transaction-scoped advisory locks (until COMMIT or ROLLBACK), so two
 * placements for one phone, address or link count and write one after the other, in whichever
 * API process they run. Locks are taken in one global order (by id), so two placements sharing
 * two holders cannot deadlock; only holders with a cap that is on are locked.
 */
export async function lockHolders(ctx: Ctx, h: Holders, limits: HoldLimits): Promise<void> {
  const ids: bigint[] = [];
  if (limits.unitsPerPhoneSku > 0 || limits.unitsPerPhone > 0 || limits.ordersPerPhone > 0) ids.push(lockId(`phone:${h.phone}`));
  if (limits.ordersPerAddress > 0 && h.address) ids.push(lockId(`address:${h.address}`));
  if (limits.ordersPerLink > 0) ids.push(lockId(`link:${h.resellerId}`));
  if (ids.length === 0) return;
  ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  await ctx.db.execute(sql`SELECT pg_advisory_xact_lock(k) FROM unnest(${sql.param(ids.map(String))}::bigint[]) WITH ORDINALITY AS u(k, i) ORDER BY i`);
}

/**
 * What the holders hold already, not counting the order `except`: the phone's units on unpaid
 * storefront orders (flash grabs included) per event SKU asked for and in all, and the unpaid
 * storefront orders placed in the window by the phone, from the address and through the link.
 * Under READ COMMITTED a statement after lockHolders sees every placement that held the locks before.
 */
export async function heldBy(ctx: Ctx, h: Holders, eventSkuIds: string[], limits: HoldLimits, except = ''): Promise<HeldNow> {
  const since = sql`now() - make_interval(mins => ${limits.windowMinutes})`;
  const count = (on: boolean, where: SQL) => on ? sql`(SELECT count(*)::int FROM orders o WHERE ${where} AND o.paid_at IS NULL AND o.created_at > ${since} AND o.id <> ${except})` : sql`0`;
  const units = limits.unitsPerPhoneSku > 0 || limits.unitsPerPhone > 0;
  const r = await ctx.db.execute<{ phone_orders: number; address_orders: number | null; link_orders: number; units: number; by_sku: [string, number][] | null }>(sql`
    SELECT ${count(limits.ordersPerPhone > 0, sql`o.consumer_phone = ${h.phone} AND o.kind = 'storefront'`)} AS phone_orders,
           ${h.address ? count(limits.ordersPerAddress > 0, sql`o.client_address = ${h.address}`) : sql`NULL::int`} AS address_orders,
           ${count(limits.ordersPerLink > 0, sql`o.reseller_id = ${h.resellerId} AND o.kind = 'storefront'`)} AS link_orders,
           coalesce(x.units, 0)::int AS units, x.by_sku
    FROM (SELECT 1) one LEFT JOIN LATERAL (
      SELECT sum(q) AS units, json_agg(json_build_array(esk, q)) FILTER (WHERE esk = ANY(${sql.param(eventSkuIds)}::text[])) AS by_sku
      FROM (SELECT l.event_sku_id AS esk, sum(l.quantity)::int AS q FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE ${units ? sql`true` : sql`false`} AND o.consumer_phone = ${h.phone} AND o.status = 'pending_payment' AND o.kind = 'storefront' AND o.id <> ${except}
            GROUP BY 1) s) x ON true`);
  const row = r.rows[0];
  return {
    phoneUnitsBySku: new Map(row.by_sku ?? []), phoneUnits: row.units,
    phoneOrders: row.phone_orders, addressOrders: row.address_orders, linkOrders: row.link_orders,
  };
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
