// The flash checkout. A hot SKU is the ceiling of the platform: one order per transaction
// serialises every buyer on the item's row lock for a whole transaction and its commit. Instead,
// buyers' requests for one item queue in the process and are committed in groups: while one
// group's transaction runs, the next group gathers; each group is one short transaction that
// locks the item, judges every request in arrival order (window at the database clock, stock,
// per-buyer and per-reseller limits, idempotency keys) and writes all accepted orders, lines,
// claims, counters and the stock move in a single statement. The payment intent is opened when
// the buyer goes to pay (most grabs of a sold-out item never get that far). Commits stay
// durable (synchronous_commit on): the group shares one WAL flush. The limits are also CHECKs on
// the counter rows and the stock is also a guarded UPDATE on the pool, so a bug here fails the
// group rather than overselling. With FLASH_GROUP_COMMIT=off every request is its own
// transaction (the baseline the benchmark compares against).
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { authorize } from '../platform/access.ts';
import { withTx, type Ctx } from '../platform/context.ts';
import { isUniqueViolation, type Db } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { lookupToken, type Address } from '../modules/orders/index.ts';
import { requestHash } from '../modules/payments/index.ts';
import { resellerByShareCode } from '../modules/resellers/index.ts';

export interface FlashClaimInput {
  shareCode: string; flashItemId: string; quantity: number; idempotencyKey: string; note?: string;
  consumer: { name: string; phone: string; address: Address };
}

export interface FlashClaimResult {
  orderId: string; lookupToken: string; replayed: boolean; status: string; amountDue: number; currency: string;
  quantity: number; holdExpiresAt: Date | null;
}

interface Request {
  resellerId: string; consumer: FlashClaimInput['consumer']; quantity: number; idempotencyKey: string; hash: string; note: string;
  resolve: (r: FlashClaimResult) => void; reject: (e: unknown) => void;
}

/** Requests per group transaction, at most (bounds one statement's arrays and the wait behind it). */
const MAX_GROUP = 1000;
const RETRIES = 5;

class Desk {
  private queues = new Map<string, Request[]>();
  private busy = new Set<string>();
  constructor(private readonly ctx: Ctx) {}

  submit(flashItemId: string, r: Request): void {
    let q = this.queues.get(flashItemId);
    if (!q) this.queues.set(flashItemId, (q = []));
    q.push(r);
    if (!this.busy.has(flashItemId)) void this.drain(flashItemId);
  }

  private async drain(flashItemId: string): Promise<void> {
    this.busy.add(flashItemId);
    try {
      const q = this.queues.get(flashItemId)!;
      while (q.length) {
        const group = q.splice(0, MAX_GROUP);
        try {
          const outcomes = await claimGroup(this.ctx, flashItemId, group);
          outcomes.forEach((o, i) => (o instanceof Error ? group[i].reject(o) : group[i].resolve(o)));
        } catch (e) {
          for (const r of group) r.reject(e);
        }
      }
    } finally {
      this.busy.delete(flashItemId);
    }
  }
}

const desks = new WeakMap<Db, Desk>();

function deskOf(ctx: Ctx): Desk {
  let d = desks.get(ctx.db);
  // The desk's transactions run as the system; each request was authorised before it queued.
  if (!d) desks.set(ctx.db, (d = new Desk({ ...ctx, actor: { kind: 'system' } })));
  return d;
}

/** A consumer grabs a flash item through a reseller's link. The order waits for payment (short hold). */
export async function claimFlash(ctx: Ctx, input: FlashClaimInput): Promise<FlashClaimResult> {
  authorize(ctx, 'storefront.buy');
  if (!Number.isInteger(input.quantity) || input.quantity < 1) throw new AppError('validation_failed', { fields: [{ path: 'quantity', message: 'must be a whole number of at least 1' }] });
  const reseller = await cachedReseller(ctx, input.shareCode);
  if (!reseller) throw new AppError('storefront_not_found');
  const hash = requestHash({ ...input, idempotencyKey: undefined });
  return new Promise<FlashClaimResult>((resolve, reject) => {
    const r: Request = { resellerId: reseller.id, consumer: input.consumer, quantity: input.quantity, idempotencyKey: input.idempotencyKey, hash, note: input.note ?? '', resolve, reject };
    if (ctx.deps.config.flashGroupCommit) deskOf(ctx).submit(input.flashItemId, r);
    else claimGroup({ ...ctx, actor: { kind: 'system' } }, input.flashItemId, [r]).then(([o]) => (o instanceof Error ? reject(o) : resolve(o)), reject);
  });
}

// Share codes change never and resellers are suspended rarely: a few seconds of cache spares
// the hot path a query per request. The group transaction does not depend on it for money or stock.
const resellerCache = new Map<string, { at: number; value: { id: string } | null }>();
async function cachedReseller(ctx: Ctx, code: string): Promise<{ id: string } | null> {
  const hit = resellerCache.get(code);
  if (hit && Date.now() - hit.at < 5000) return hit.value;
  const r = await resellerByShareCode(ctx, code);
  if (resellerCache.size > 10_000) resellerCache.clear();
  resellerCache.set(code, { at: Date.now(), value: r ? { id: r.id } : null });
  return r ? { id: r.id } : null;
}

type Head = {
  quantity: number; claimed: number; per_buyer_limit: number; per_reseller_limit: number; price: string; base_price: string; currency: string;
  event_sku_id: string; sale_event_id: string; sku_id: string; product_id: string; brand_id: string; commission_bps: number;
  started: boolean; open: boolean; available: number; hold_until: Date;
};

/** One group: judge every request under the item's lock and write the accepted ones at once. */
async function claimGroup(ctx: Ctx, flashItemId: string, group: Request[]): Promise<(FlashClaimResult | AppError)[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTx(ctx, (t) => judgeAndWrite(t, flashItemId, group));
    } catch (e) {
      // Another path inserted an order with one of these idempotency keys after we looked: look again.
      if (attempt < RETRIES && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

async function judgeAndWrite(t: Ctx, flashItemId: string, group: Request[]): Promise<(FlashClaimResult | AppError)[]> {
  const secret = t.deps.config.secret;
  const head = (await t.db.execute<Head>(sql`
    SELECT f.quantity, f.claimed, f.per_buyer_limit, f.per_reseller_limit, f.price, f.base_price, f.currency, f.event_sku_id, f.sale_event_id,
           s.sku_id, s.product_id, s.brand_id, e.commission_bps, coalesce(p.available, 0) AS available,
           f.starts_at <= now() AS started,
           (f.ends_at > now() AND e.status IN ('scheduled','live') AND e.starts_at <= now() AND e.ends_at > now()) AS open,
           now() + make_interval(mins => ${t.deps.config.flashHoldMinutes}) AS hold_until
    FROM flash_items f JOIN sale_event_skus s ON s.id = f.event_sku_id JOIN sale_events e ON e.id = f.sale_event_id
    LEFT JOIN pools p ON p.event_sku_id = f.event_sku_id
    WHERE f.id = ${flashItemId} FOR UPDATE OF f`)).rows[0];
  if (!head) return group.map(() => new AppError('not_found'));
  if (!head.started) return group.map(() => new AppError('flash_not_started'));
  if (!head.open) return group.map(() => new AppError('flash_ended'));

  const holdUntil = new Date(head.hold_until);
  const price = Number(head.price);
  const basePrice = Number(head.base_price);
  const phones = [...new Set(group.map((r) => r.consumer.phone))];
  const resellerIds = [...new Set(group.map((r) => r.resellerId))];
  // One round trip, after the lock (a fresh snapshot): the buyers' and resellers' counters and
  // any order already placed under one of these idempotency keys.
  type Replay = { id: string; reseller_id: string; idempotency_key: string; request_hash: string; status: string; amount_due: number; currency: string; hold_expires_at: string | null; quantity: number };
  const known = (await t.db.execute<{ buyers: { buyer: string; quantity: number }[] | null; sellers: { reseller_id: string; quantity: number }[] | null; replays: Replay[] | null }>(sql`
    SELECT
      (SELECT json_agg(json_build_object('buyer', buyer, 'quantity', quantity)) FROM flash_buyer_counts WHERE flash_item_id = ${flashItemId} AND buyer = ANY(${sql.param(phones)})) AS buyers,
      (SELECT json_agg(json_build_object('reseller_id', reseller_id, 'quantity', quantity)) FROM flash_reseller_counts WHERE flash_item_id = ${flashItemId} AND reseller_id = ANY(${sql.param(resellerIds)})) AS sellers,
      (SELECT json_agg(json_build_object('id', o.id, 'reseller_id', o.reseller_id, 'idempotency_key', o.idempotency_key, 'request_hash', o.request_hash, 'status', o.status,
                                         'amount_due', o.amount_due, 'currency', o.currency, 'hold_expires_at', o.hold_expires_at,
                                         'quantity', (SELECT sum(quantity) FROM order_lines l WHERE l.order_id = o.id)))
       FROM orders o JOIN unnest(${sql.param(group.map((r) => r.resellerId))}::text[], ${sql.param(group.map((r) => r.idempotencyKey))}::text[]) AS k(reseller_id, key)
         ON o.reseller_id = k.reseller_id AND o.kind = 'storefront' AND o.idempotency_key = k.key) AS replays`)).rows[0];
  const buyers = { rows: known.buyers ?? [] };
  const sellers = { rows: known.sellers ?? [] };
  const replays = { rows: known.replays ?? [] };
  const buyerHas = new Map(buyers.rows.map((b) => [b.buyer, b.quantity]));
  const sellerHas = new Map(sellers.rows.map((s) => [s.reseller_id, s.quantity]));
  const previous = new Map(replays.rows.map((o) => [`${o.reseller_id}\u0000${o.idempotency_key}`, o]));

  let left = Math.min(head.quantity - head.claimed, head.available);
  const out: (FlashClaimResult | AppError | { sameAs: number })[] = [];
  const accepted: { i: number; id: string; r: Request }[] = [];
  const inGroup = new Map<string, number>();
  group.forEach((r, i) => {
    const key = `${r.resellerId}\u0000${r.idempotencyKey}`;
    const prev = previous.get(key);
    if (prev) {
      out.push(prev.request_hash !== r.hash ? new AppError('idempotency_key_reused') : {
        orderId: prev.id, lookupToken: lookupToken(secret, prev.id), replayed: true, status: prev.status, amountDue: Number(prev.amount_due),
        currency: prev.currency, quantity: prev.quantity, holdExpiresAt: prev.hold_expires_at ? new Date(prev.hold_expires_at) : null,
      });
      return;
    }
    const twin = inGroup.get(key);
    if (twin !== undefined) { out.push({ sameAs: twin }); return; }
    inGroup.set(key, i);
    // Limits first: "you already have yours" tells a buyer more than "sold out".
    const b = (buyerHas.get(r.consumer.phone) ?? 0) + r.quantity;
    const s = (sellerHas.get(r.resellerId) ?? 0) + r.quantity;
    if (b > head.per_buyer_limit) { out.push(new AppError('limit_exceeded', { extra: { limit: head.per_buyer_limit, by: 'buyer' } })); return; }
    if (s > head.per_reseller_limit) { out.push(new AppError('limit_exceeded', { extra: { limit: head.per_reseller_limit, by: 'reseller' } })); return; }
    if (r.quantity > left) { out.push(new AppError('sold_out', { extra: { left } })); return; }
    buyerHas.set(r.consumer.phone, b);
    sellerHas.set(r.resellerId, s);
    left -= r.quantity;
    const id = newId('ord');
    accepted.push({ i, id, r });
    out.push({
      orderId: id, lookupToken: lookupToken(secret, id), replayed: false, status: 'pending_payment', amountDue: price * r.quantity,
      currency: head.currency, quantity: r.quantity, holdExpiresAt: holdUntil,
    });
  });

  if (accepted.length) {
    const total = accepted.reduce((a, x) => a + x.r.quantity, 0);
    const col = <T>(f: (x: (typeof accepted)[number]) => T) => accepted.map(f);
    const buyerTotals = new Map<string, number>();
    const sellerTotals = new Map<string, number>();
    for (const x of accepted) {
      buyerTotals.set(x.r.consumer.phone, (buyerTotals.get(x.r.consumer.phone) ?? 0) + x.r.quantity);
      sellerTotals.set(x.r.resellerId, (sellerTotals.get(x.r.resellerId) ?? 0) + x.r.quantity);
    }
    const res = await t.db.execute<{ orders: number; pooled: number }>(sql`
      WITH input AS (
        SELECT * FROM unnest(
          ${sql.param(col((x) => x.id))}::text[], ${sql.param(col((x) => x.r.resellerId))}::text[], ${sql.param(col((x) => x.r.consumer.name))}::text[], ${sql.param(col((x) => x.r.consumer.phone))}::text[],
          ${sql.param(col((x) => JSON.stringify(x.r.consumer.address)))}::jsonb[], ${sql.param(col((x) => x.r.quantity))}::int[], ${sql.param(col((x) => x.r.idempotencyKey))}::text[],
          ${sql.param(col((x) => x.r.hash))}::text[], ${sql.param(col((x) => crypto.createHash('sha256').update(lookupToken(secret, x.id)).digest('hex')))}::text[],
          ${sql.param(col((x) => x.r.note))}::text[], ${sql.param(col(() => newId('oln')))}::text[], ${sql.param(col(() => newId('pay')))}::text[]
        ) AS x(id, reseller_id, name, phone, address, qty, idem, hash, token_hash, note, line_id, pay_id)
      ), o AS (
        INSERT INTO orders (id, kind, reseller_id, consumer_name, consumer_phone, address, status, pay_method, currency, selling_total, base_total, amount_due,
                            hold_expires_at, idempotency_key, request_hash, lookup_token_hash, note, campaign, campaign_ref)
        SELECT id, 'storefront', reseller_id, name, phone, address, 'pending_payment', 'provider', ${head.currency}, ${price} * qty, ${basePrice} * qty, ${price} * qty,
               ${head.hold_until}::timestamptz, idem, hash, token_hash, note, 'flash', ${flashItemId} FROM input RETURNING id
      ), l AS (
        INSERT INTO order_lines (id, order_id, event_sku_id, sale_event_id, sku_id, product_id, brand_id, quantity, base_price, selling_price, commission_bps, currency)
        SELECT line_id, id, ${head.event_sku_id}, ${head.sale_event_id}, ${head.sku_id}, ${head.product_id}, ${head.brand_id}, qty, ${basePrice}, ${price}, ${head.commission_bps}, ${head.currency} FROM input
      ), c AS (
        INSERT INTO flash_claims (order_id, flash_item_id, buyer, reseller_id, quantity) SELECT id, ${flashItemId}, phone, reseller_id, qty FROM input
      ), m AS (
        -- One movement for the group; each order's share is its claim row.
        INSERT INTO stock_movements (event_sku_id, order_id, kind, quantity) VALUES (${head.event_sku_id}, NULL, 'hold', ${total})
      ), b AS (
        INSERT INTO flash_buyer_counts (flash_item_id, buyer, quantity, cap)
        SELECT ${flashItemId}, buyer, q, ${head.per_buyer_limit} FROM unnest(${sql.param([...buyerTotals.keys()])}::text[], ${sql.param([...buyerTotals.values()])}::int[]) AS y(buyer, q)
        ON CONFLICT (flash_item_id, buyer) DO UPDATE SET quantity = flash_buyer_counts.quantity + excluded.quantity
      ), r AS (
        INSERT INTO flash_reseller_counts (flash_item_id, reseller_id, quantity, cap)
        SELECT ${flashItemId}, rid, q, ${head.per_reseller_limit} FROM unnest(${sql.param([...sellerTotals.keys()])}::text[], ${sql.param([...sellerTotals.values()])}::int[]) AS y(rid, q)
        ON CONFLICT (flash_item_id, reseller_id) DO UPDATE SET quantity = flash_reseller_counts.quantity + excluded.quantity
      ), p AS (
        UPDATE pools SET available = available - ${total}, held = held + ${total} WHERE event_sku_id = ${head.event_sku_id} AND available >= ${total} RETURNING 1
      ), f AS (
        UPDATE flash_items SET claimed = claimed + ${total}, first_claim_at = coalesce(first_claim_at, now()),
               sold_out_at = CASE WHEN claimed + ${total} = quantity THEN now() ELSE sold_out_at END
        WHERE id = ${flashItemId}
      )
      SELECT (SELECT count(*) FROM o)::int AS orders, (SELECT count(*) FROM p)::int AS pooled`);
    const { orders, pooled } = res.rows[0];
    // Cannot happen while the item's row lock is held; if it does, nothing of this group stays.
    if (orders !== accepted.length || pooled !== 1) throw new Error(`flash group for ${flashItemId}: wrote ${orders}/${accepted.length} orders, pool ${pooled}`);
  }
  // A repeated key inside one group answers like its first request, replayed.
  return out.map((o, i) => {
    if (o instanceof AppError || !('sameAs' in o)) return o;
    const first = out[o.sameAs];
    if (first instanceof AppError || 'sameAs' in first) return first as AppError;
    return group[i].hash === group[o.sameAs].hash ? { ...first, replayed: true } : new AppError('idempotency_key_reused');
  });
}
