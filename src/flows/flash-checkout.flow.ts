// The flash checkout. A hot SKU is the ceiling of the platform: one order per transaction
// serialises every buyer on the item's row lock for a whole transaction and its commit. Instead,
// buyers' requests for one item queue in the process and are committed in groups: while one
// group is written, the next gathers. A group is read (the item, its window at the database
// clock, its stock, the buyers' and resellers' counters, earlier orders under the same
// idempotency keys: one statement), judged in arrival order in memory, and written in one
// autocommitted statement — orders, lines, claims, counters and the stock move — that applies
// only if the item's row is still the version read. Each table's part of the two statements
// comes from the module that owns the table (orders.bulk, inventory.bulk, flash-sales.bulk); this
// flow composes them. The row lock lives only inside that statement, so the process's event
// loop, busy answering buyers, never stretches it. Commits stay durable (synchronous_commit on):
// the group shares one WAL flush. The payment intent is opened when the buyer goes to pay (most
// grabs of a sold-out item never get that far). The limits are also CHECKs on the counter rows
// and the stock a CHECK on the pool, so a wrong judgement fails the statement rather than
// overselling; the group is then read and judged again, and a CHECK that still refuses it is
// narrowed down to the buyer whose claim cannot hold, who alone is refused. With
// FLASH_GROUP_COMMIT=off every request is its own transaction that locks the item first (the
// baseline the benchmark compares against); that pessimistic path is also the fallback when the
// item keeps moving under a group. An item's queue is bounded (FLASH_QUEUE_LIMIT): past it a grab
// is answered 503 flash_busy with Retry-After at once.
import { sql } from 'drizzle-orm';
import { authorize } from '../platform/access.ts';
import { makeCtx, withTx, type Ctx } from '../platform/context.ts';
import { pgErrorOf, type Db } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { lookupToken, insertOrdersCtes, eachRow, lookupTokenHash, ordersByKeysSql, type Address, type KeyedOrder } from '../modules/orders/index.ts';
import { takeStockBatch, availableSql } from '../modules/inventory/index.ts';
import { flashItemHeadSql, flashCountersSql, claimItemCte, recordClaimsCtes } from '../modules/flash-sales/index.ts';
import { requestHash } from '../modules/payments/index.ts';
import { resellerByShareCode, disabledResellersSql, noneDisabledSql, lockResellersSharedSql } from '../modules/resellers/index.ts';
import { onSaleNowSql, eventSkuHeadSql } from '../modules/sale-events/index.ts';

export interface FlashClaimInput {
  shareCode: string; flashItemId: string; quantity: number; idempotencyKey: string; note?: string;
  consumer: { name: string; phone: string; address: Address };
}

export interface FlashClaimResult {
  orderId: string; orderNo: string; lookupToken: string; replayed: boolean; status: string; amountDue: number; currency: string;
  quantity: number; holdExpiresAt: Date | null;
}

interface Request {
  resellerId: string; consumer: FlashClaimInput['consumer']; quantity: number; idempotencyKey: string; hash: string; note: string;
  resolve: (r: FlashClaimResult) => void; reject: (e: unknown) => void;
}

/**
 * What the desks of this process have done: groups written; of those, groups judged on a read
 * brought forward by the previous group's write (the pipeline at work); writes refused by the
 * version gate and groups read again after a unique-key race, a CHECK or a transient error (all
 * judged again); groups that fell back to the pessimistic path; groups judged again in halves
 * because a CHECK kept refusing them; grabs turned away because their item's queue was full.
 */
export const flashDeskStats = { groups: 0, advanced: 0, regated: 0, retried: 0, pessimistic: 0, split: 0, shed: 0 };

/** Errors worth another try: a unique-key race, a deadlock, a serialization failure. */
function transient(e: unknown): boolean {
  const code = pgErrorOf(e)?.code;
  return code === '23505' || code === '40P01' || code === '40001';
}

/**
 * A CHECK refused the write: the pool or a buyer's or reseller's counter is not what the group
 * was judged on. Neither is behind the item's version gate: a closed event returns its unsold
 * units to the lot without touching the item's row, and a counter carries its own cap.
 */
function checkViolation(e: unknown): boolean {
  return pgErrorOf(e)?.code === '23514';
}

/** The answer for one buyer whose claim alone a CHECK still refuses, under the item's lock. */
function refusalOf(e: unknown): Outcome {
  switch (pgErrorOf(e)?.constraint) {
    case 'flash_buyer_counts_ck': return new AppError('limit_exceeded', { extra: { by: 'buyer' } });
    case 'flash_reseller_counts_ck': return new AppError('limit_exceeded', { extra: { by: 'reseller' } });
    case 'pools_nonneg_ck': case 'flash_items_claimed_ck': return new AppError('sold_out');
    // Any other CHECK is a bug rather than a buyer's answer: this buyer alone gets it (a logged 500).
    default: return e instanceof Error ? e : new Error(String(e));
  }
}

/** Requests per group transaction, at most (bounds one statement's arrays and the wait behind it). */
const MAX_GROUP = 1000;
const RETRIES = 5;
/** Seconds a turned-away buyer is asked to wait: a group takes tens of milliseconds, so a full queue is gone by then. */
const BUSY_RETRY_AFTER = 1;

class Desk {
  /** Requests waiting, per item. An item has an entry exactly while its drain runs: sold-out and ended items leave nothing behind. */
  private readonly queues = new Map<string, Request[]>();
  constructor(private readonly ctx: Ctx) {}

  /** Queue a request, or refuse it at once when its item's queue is full (the caller may retry). */
  submit(flashItemId: string, r: Request): void {
    const q = this.queues.get(flashItemId);
    if (!q) {
      this.queues.set(flashItemId, [r]);
      void this.drain(flashItemId);
      return;
    }
    if (q.length >= this.ctx.deps.config.flashQueueLimit) {
      flashDeskStats.shed++;
      throw new AppError('flash_busy', { retryAfter: BUSY_RETRY_AFTER });
    }
    q.push(r);
  }

  /** Items with a drain running (requests waiting or being written). */
  get items(): number { return this.queues.size; }

  private async drain(flashItemId: string): Promise<void> {
    const q = this.queues.get(flashItemId)!;
    try {
      // The next group is read while this one is written; `prior` is what this one's write changed.
      let next = null as { group: Request[]; read: Promise<Row | undefined> } | null;
      let prior: Effect | null = null;
      while (q.length || next) {
        const group = next ? next.group : q.splice(0, MAX_GROUP);
        const read = next ? next.read : readRow(this.ctx, flashItemId, group);
        next = null;
        const readNext = () => {
          if (!q.length) return;
          const g = q.splice(0, MAX_GROUP);
          const p = readRow(this.ctx, flashItemId, g);
          p.catch(() => { /* judged when its turn comes: a failed read is read again */ });
          next = { group: g, read: p };
        };
        try {
          const done = await claimGroupPipelined(this.ctx, flashItemId, group, read, prior, readNext);
          prior = done.effect;
          // Answered on the next turn of the event loop, once the next group's write is on its way:
          // answering hundreds of buyers takes the process a while, and the database should not wait.
          setImmediate(() => done.outcomes.forEach((o, i) => (o instanceof Error ? group[i].reject(o) : group[i].resolve(o))));
        } catch (e) {
          prior = null;
          for (const r of group) r.reject(e);
        }
      }
    } finally {
      // The loop ends only once the queue is empty (no await between its test and here, so no
      // request slips in); the next grab of this item starts a new queue and drain.
      this.queues.delete(flashItemId);
      for (const r of q.splice(0)) r.reject(new Error(`flash desk for ${flashItemId} stopped with requests waiting`));
    }
  }
}

const desks = new WeakMap<Db, Desk>();

function deskOf(ctx: Ctx): Desk {
  // One desk per connection pool, as long-lived as the pool: it is built from the process's own
  // parts (the pool, the deps, the base logger), never from the request that happens to reach it
  // first, whose id, logger and language would otherwise live on in every later group. Its
  // transactions run as the system; each request was authorised before it queued.
  if (ctx.inTx) throw new Error('claimFlash commits on its own: call it outside a transaction');
  const db = ctx.db as Db;
  let d = desks.get(db);
  if (!d) desks.set(db, (d = new Desk(makeCtx(db, ctx.deps, { kind: 'system' }))));
  return d;
}

/** Items whose queue is open on this pool's desk (0 once every queue has drained); for tests and diagnostics. */
export function flashDeskQueues(db: Db): number {
  return desks.get(db)?.items ?? 0;
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
    // A full queue throws flash_busy here, which rejects this promise.
    if (ctx.deps.config.flashGroupCommit) deskOf(ctx).submit(input.flashItemId, r);
    else claimGroup({ ...ctx, actor: { kind: 'system' } }, input.flashItemId, [r]).then(([o]) => (o instanceof Error ? reject(o) : resolve(o)), reject);
  });
}

// Share codes change never and resellers are suspended rarely: a few seconds of cache spares
// the hot path a query per request. The group transaction does not depend on it for money,
// stock or the reseller's status. Dropping an entry when a reseller is disabled would only help
// the process that disabled them (every API process has its own cache), so the cache is kept and
// the status is judged by the database instead: the group's read brings the disabled resellers
// among its buyers' links (refused with `reseller_disabled`), and the statement that writes the
// claims applies only if none of the resellers it writes for is disabled at its own snapshot
// (otherwise nothing is written and the group is read and judged again). A reseller disabled in
// any process therefore takes no flash order once the disabling has committed. A refusal is not
// cached, so a reseller enabled again sells at once.
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
  started: boolean; open: boolean; available: number; hold_until: Date; ver: string;
};
type Replay = KeyedOrder;
type Known = {
  buyers: { buyer: string; quantity: number }[] | null; sellers: { reseller_id: string; quantity: number }[] | null; replays: Replay[] | null;
  /** The group's resellers the operator disabled. */
  disabled: string[] | null;
};
/** A buyer's answer: an order, a refusal (AppError), or, for a bug, the error that buyer alone gets. */
type Outcome = FlashClaimResult | Error;

/**
 * One group. The design's path: read the item's state in one statement, judge in memory, write in
 * one autocommitted statement that applies only if the item's row is the version that was read
 * (its `xmin`: every writer of the item — groups, the release sweep — updates that row). The
 * item's row lock is then held only inside PostgreSQL for the write and its commit, never across
 * a round trip to this process, whose event loop is busy answering buyers. If the row moved (a
 * group of another process, the sweep), read and judge again; after a few tries the pessimistic
 * path: one transaction that locks the item first (also the path of FLASH_GROUP_COMMIT=off).
 *
 * Pipelined: the desk reads the next group while this one is written (`beforeWrite`). That read
 * sees the item either after this write (its version is the write's) or before it (its version
 * is the one this group was judged on, and nothing else has written since); in the second case
 * the next group is judged on it plus this write's known effect (`advance`) and gated on the
 * write's version. Any other version is judged as read, and the gate catches it if it is stale.
 *
 * A CHECK that refuses the write (the pool or a counter moved outside the gate) is read and judged
 * once more; if the same judgement is refused again, the pessimistic path finds the buyer.
 */
async function claimGroupPipelined(
  ctx: Ctx, flashItemId: string, group: Request[], firstRead: Promise<Row | undefined>, prior: Effect | null, beforeWrite: () => void,
): Promise<{ outcomes: Outcome[]; effect: Effect | null }> {
  let readNextDone = false;
  let checked = false;
  for (let attempt = 1; attempt <= RETRIES; attempt++) {
    try {
      let row = attempt === 1 ? await firstRead : await readRow(ctx, flashItemId, group);
      const advanced = attempt === 1 && row !== undefined && prior !== null && row.ver === prior.before;
      if (advanced) row = advance(row!, prior!);
      if (!row || !row.started || !row.open) return { outcomes: closed(row, group), effect: null };
      const j = judge(ctx, row, row, group);
      // Refusals and replays only: nothing to write, nothing changed.
      if (j.accepted.length === 0) return { outcomes: settle(j.out, group), effect: null };
      if (!readNextDone) { readNextDone = true; beforeWrite(); }
      const w = await write(ctx, flashItemId, row, j);
      if (w.gated === 0) { flashDeskStats.regated++; continue; }
      if (w.orders !== j.accepted.length) throw new Error(`flash group for ${flashItemId}: wrote ${w.orders}/${j.accepted.length} orders`);
      numbered(j, w.numbers);
      flashDeskStats.groups++;
      if (advanced) flashDeskStats.advanced++;
      return { outcomes: settle(j.out, group), effect: { before: row.ver, after: w.ver!, head: row, judged: j } };
    } catch (e) {
      // Another path inserted an order with one of these keys after we read, a deadlock or
      // serialization failure, the pipelined read failed, or a CHECK refused what was judged:
      // read again. Anything else is the group's answer.
      if (checkViolation(e)) {
        flashDeskStats.retried++;
        // Refused twice: the state is not moving under the group, a claim in it cannot hold.
        if (checked) break;
        checked = true;
        continue;
      }
      if (!transient(e) && !(attempt === 1 && e instanceof ReadFailed)) throw e;
      flashDeskStats.retried++;
    }
  }
  flashDeskStats.pessimistic++;
  return { outcomes: await claimGroup(ctx, flashItemId, group, checked), effect: null };
}

/**
 * The pessimistic path: one transaction that locks the item row first, then reads, judges and
 * writes. The item's lock does not cover the pool or the counters, so a CHECK may still refuse the
 * write: the group is read and judged again once (an event closed meanwhile now reads as ended),
 * and if the CHECK still refuses it, the group is judged in halves, in arrival order, until the
 * buyer whose claim cannot hold stands alone and is refused; everyone else gets their answer.
 * `judgedAgain`: the group was already judged again after a CHECK.
 */
async function claimGroup(ctx: Ctx, flashItemId: string, group: Request[], judgedAgain = false): Promise<Outcome[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTx(ctx, async (t) => {
        const head = (await t.db.execute<Head>(headQuery(t, flashItemId, true))).rows[0];
        if (!head || !head.started || !head.open) return closed(head, group);
        // The group's resellers keep their status until this transaction ends, so the write's
        // status gate can only agree with what is judged here.
        await t.db.execute(lockResellersSharedSql([...new Set(group.map((r) => r.resellerId))]));
        // After the lock: a fresh snapshot of the counters and earlier orders.
        const known = (await t.db.execute<Known>(knownQuery(flashItemId, group))).rows[0];
        const j = judge(t, head, known, group);
        if (j.accepted.length) {
          const w = await write(t, flashItemId, head, j);
          // The row is locked, so only the window can have closed since the read (the event ended
          // between two statements): nothing was written, and the answer is that it ended.
          if (w.gated === 0) return group.map(() => new AppError('flash_ended'));
          // Cannot happen while the item's row lock is held; if it does, nothing of this group stays.
          if (w.orders !== j.accepted.length) throw new Error(`flash group for ${flashItemId}: wrote ${w.orders}/${j.accepted.length} orders`);
          numbered(j, w.numbers);
        }
        return settle(j.out, group);
      });
    } catch (e) {
      // Another path inserted an order with one of these idempotency keys after we looked, or a
      // deadlock or serialization failure: look again.
      if (attempt < RETRIES && transient(e)) continue;
      if (!checkViolation(e)) throw e;
      if (!judgedAgain) { judgedAgain = true; continue; }
      if (group.length === 1) return [refusalOf(e)];
      flashDeskStats.split++;
      const half = Math.ceil(group.length / 2);
      const first = await claimGroup(ctx, flashItemId, group.slice(0, half), true);
      return [...first, ...(await claimGroup(ctx, flashItemId, group.slice(half), true))];
    }
  }
}

type Row = Head & Known;
class ReadFailed extends Error {}

/** The item and what the group needs to be judged, in one statement (one snapshot). */
function readRow(ctx: Ctx, flashItemId: string, group: Request[]): Promise<Row | undefined> {
  return Promise.resolve().then(() => ctx.db.execute<Row>(sql`SELECT h.*, k.* FROM (${headQuery(ctx, flashItemId, false)}) h, (${knownQuery(flashItemId, group)}) k`)
    .then((r) => r.rows[0], (e: unknown) => { throw new ReadFailed('flash read failed', { cause: e }); }));
}

/** What a written group changed: the item's version before and after, and what it accepted. */
interface Effect { before: string; after: string; head: Head; judged: Judged }

/** A read taken before `e`'s write committed, brought forward by that write's effect. */
function advance(row: Row, e: Effect): Row {
  const j = e.judged;
  const add = (had: [string, number][], totals: Map<string, number>) => {
    const m = new Map(had);
    for (const [k, q] of totals) m.set(k, (m.get(k) ?? 0) + q);
    return [...m];
  };
  const hold = new Date(e.head.hold_until).toISOString();
  const written: Replay[] = j.accepted.map((x) => ({
    id: x.id, order_no: (j.out[x.i] as FlashClaimResult).orderNo, reseller_id: x.r.resellerId, idempotency_key: x.r.idempotencyKey, request_hash: x.r.hash, status: 'pending_payment',
    amount_due: Number(e.head.price) * x.r.quantity, currency: e.head.currency, hold_expires_at: hold, quantity: x.r.quantity,
  }));
  return {
    ...row, ver: e.after, claimed: row.claimed + j.total, available: row.available - j.total,
    buyers: add((row.buyers ?? []).map((b) => [b.buyer, b.quantity]), j.buyerTotals).map(([buyer, quantity]) => ({ buyer, quantity })),
    sellers: add((row.sellers ?? []).map((s) => [s.reseller_id, s.quantity]), j.sellerTotals).map(([id, quantity]) => ({ reseller_id: id, quantity })),
    replays: [...(row.replays ?? []), ...written],
  };
}

function closed(head: Head | undefined, group: Request[]): Outcome[] {
  const code = !head ? 'not_found' : !head.started ? 'flash_not_started' : 'flash_ended';
  return group.map(() => new AppError(code));
}

/** The item, its event's window and its pool at the database clock; `ver` is the item row's version. */
function headQuery(ctx: Ctx, flashItemId: string, lock: boolean) {
  return sql`
    SELECT f.quantity, f.claimed, f.per_buyer_limit, f.per_reseller_limit, f.price, f.base_price, f.currency, f.event_sku_id, f.sale_event_id,
           s.sku_id, s.product_id, s.brand_id, s.commission_bps, coalesce(${availableSql(sql`f.event_sku_id`)}, 0) AS available, f.ver, f.started,
           (f.item_open AND ${onSaleNowSql(sql`f.sale_event_id`)}) AS open,
           now() + make_interval(mins => ${ctx.deps.config.flashHoldMinutes}) AS hold_until
    FROM (${flashItemHeadSql(flashItemId, lock)}) f CROSS JOIN LATERAL (${eventSkuHeadSql(sql`f.event_sku_id`)}) s`;
}

/** The group's buyers' and resellers' counters, its disabled resellers, and any order already placed under one of its idempotency keys. */
function knownQuery(flashItemId: string, group: Request[]) {
  const resellerIds = [...new Set(group.map((r) => r.resellerId))];
  const counters = flashCountersSql(flashItemId, [...new Set(group.map((r) => r.consumer.phone))], resellerIds);
  return sql`
    SELECT ${counters.buyers} AS buyers, ${counters.sellers} AS sellers,
      ${disabledResellersSql(resellerIds)} AS disabled,
      ${ordersByKeysSql('storefront', group.map((r) => ({ resellerId: r.resellerId, key: r.idempotencyKey })))} AS replays`;
}

interface Judged {
  out: (Outcome | { sameAs: number })[];
  accepted: { i: number; id: string; token: string; r: Request }[];
  buyerTotals: Map<string, number>; sellerTotals: Map<string, number>; total: number;
}

/** Every request in arrival order: replay, limits (buyer, reseller), then stock. */
function judge(ctx: Ctx, head: Head, known: Known, group: Request[]): Judged {
  const secret = ctx.deps.config.secret;
  const holdUntil = new Date(head.hold_until);
  const price = Number(head.price);
  const buyerHas = new Map((known.buyers ?? []).map((b) => [b.buyer, b.quantity]));
  const sellerHas = new Map((known.sellers ?? []).map((s) => [s.reseller_id, s.quantity]));
  const previous = new Map((known.replays ?? []).map((o) => [`${o.reseller_id}\u0000${o.idempotency_key}`, o]));
  const disabled = new Set(known.disabled ?? []);

  let left = Math.min(head.quantity - head.claimed, head.available);
  const out: Judged['out'] = [];
  const accepted: Judged['accepted'] = [];
  const inGroup = new Map<string, number>();
  group.forEach((r, i) => {
    const key = `${r.resellerId}\u0000${r.idempotencyKey}`;
    const prev = previous.get(key);
    if (prev) {
      out.push(prev.request_hash !== r.hash ? new AppError('idempotency_key_reused') : {
        orderId: prev.id, orderNo: prev.order_no, lookupToken: lookupToken(secret, prev.id), replayed: true, status: prev.status, amountDue: Number(prev.amount_due),
        currency: prev.currency, quantity: prev.quantity, holdExpiresAt: prev.hold_expires_at ? new Date(prev.hold_expires_at) : null,
      });
      return;
    }
    const twin = inGroup.get(key);
    if (twin !== undefined) { out.push({ sameAs: twin }); return; }
    inGroup.set(key, i);
    if (disabled.has(r.resellerId)) { out.push(new AppError('reseller_disabled')); return; }
    // Limits first: "you already have yours" tells a buyer more than "sold out".
    const b = (buyerHas.get(r.consumer.phone) ?? 0) + r.quantity;
    const s = (sellerHas.get(r.resellerId) ?? 0) + r.quantity;
    // `has`: the units this phone (this shop) already holds, so the page can say how many are left to it.
    if (b > head.per_buyer_limit) { out.push(new AppError('limit_exceeded', { extra: { limit: head.per_buyer_limit, by: 'buyer', has: b - r.quantity } })); return; }
    if (s > head.per_reseller_limit) { out.push(new AppError('limit_exceeded', { extra: { limit: head.per_reseller_limit, by: 'reseller', has: s - r.quantity } })); return; }
    if (r.quantity > left) { out.push(new AppError('sold_out', { extra: { left } })); return; }
    buyerHas.set(r.consumer.phone, b);
    sellerHas.set(r.resellerId, s);
    left -= r.quantity;
    const id = newId('ord');
    const token = lookupToken(secret, id);
    accepted.push({ i, id, token, r });
    // The order number is the column default's, known once the write returns it (numbered()).
    out.push({
      orderId: id, orderNo: '', lookupToken: token, replayed: false, status: 'pending_payment', amountDue: price * r.quantity,
      currency: head.currency, quantity: r.quantity, holdExpiresAt: holdUntil,
    });
  });
  const buyerTotals = new Map<string, number>();
  const sellerTotals = new Map<string, number>();
  let total = 0;
  for (const x of accepted) {
    buyerTotals.set(x.r.consumer.phone, (buyerTotals.get(x.r.consumer.phone) ?? 0) + x.r.quantity);
    sellerTotals.set(x.r.resellerId, (sellerTotals.get(x.r.resellerId) ?? 0) + x.r.quantity);
    total += x.r.quantity;
  }
  return { out, accepted, buyerTotals, sellerTotals, total };
}

/**
 * The accepted orders, lines, claims, counters and the stock move in one statement, gated on the
 * item's row still being the version judged (and its window still open at this statement's
 * clock): when it is not, nothing is written (`gated` 0). Every invariant is also a constraint —
 * claimed ≤ quantity, the pool never negative, counters ≤ their caps — so a wrong judgement fails
 * the statement rather than overselling.
 */
async function write(ctx: Ctx, flashItemId: string, head: Head, j: Judged): Promise<{ gated: number; orders: number; ver: string | null; numbers: Map<string, string> }> {
  const price = Number(head.price);
  const basePrice = Number(head.base_price);
  const col = <T>(f: (x: Judged['accepted'][number]) => T) => eachRow(j.accepted.map(f));
  const ids = col((x) => x.id);
  const quantities = col((x) => x.r.quantity);
  const amounts = col((x) => price * x.r.quantity);
  const lineIds = j.accepted.map(() => newId('oln'));
  // Everything below is written only if the item's row passed the gate (f returned it).
  const when = sql`EXISTS (SELECT 1 FROM f)`;
  const res = await ctx.db.execute<{ gated: number; orders: number; ver: string | null; numbers: Record<string, string> | null }>(sql`
    WITH ${claimItemCte('f', {
      flashItemId, ver: head.ver, total: j.total,
      // No claim for a reseller disabled since the group was read (see the reseller cache).
      and: sql`${onSaleNowSql(head.sale_event_id)} AND ${noneDisabledSql([...j.sellerTotals.keys()])}`,
    })},
    ${insertOrdersCtes('o', {
      when,
      orders: {
        id: ids, kind: 'storefront', resellerId: col((x) => x.r.resellerId), consumerName: col((x) => x.r.consumer.name), consumerPhone: col((x) => x.r.consumer.phone),
        address: col((x) => x.r.consumer.address), status: 'pending_payment', payMethod: 'provider', currency: head.currency,
        sellingTotal: amounts, baseTotal: col((x) => basePrice * x.r.quantity), amountDue: amounts, holdExpiresAt: sql`${head.hold_until}::timestamptz`,
        idempotencyKey: col((x) => x.r.idempotencyKey), requestHash: col((x) => x.r.hash), lookupTokenHash: col((x) => lookupTokenHash(x.token)),
        note: col((x) => x.r.note), campaign: 'flash', campaignRef: flashItemId,
      },
      lines: {
        id: eachRow(lineIds), orderId: ids, eventSkuId: head.event_sku_id, saleEventId: head.sale_event_id, skuId: head.sku_id, productId: head.product_id,
        brandId: head.brand_id, quantity: quantities, basePrice, sellingPrice: price, commissionBps: head.commission_bps, currency: head.currency,
      },
    })},
    ${recordClaimsCtes('c', {
      flashItemId, perBuyerLimit: head.per_buyer_limit, perResellerLimit: head.per_reseller_limit, when,
      claims: j.accepted.map((x) => ({ orderId: x.id, buyer: x.r.consumer.phone, resellerId: x.r.resellerId, quantity: x.r.quantity })),
      buyerTotals: j.buyerTotals, sellerTotals: j.sellerTotals,
    })},
    ${takeStockBatch(j.accepted.map((x, k) => ({ eventSkuId: head.event_sku_id, orderId: x.id, orderLineId: lineIds[k], quantity: x.r.quantity })), 'hold').ctes('p', when)}
    SELECT (SELECT count(*) FROM f)::int AS gated, (SELECT count(*) FROM o)::int AS orders, (SELECT ver FROM f) AS ver,
           (SELECT json_object_agg(id, order_no) FROM o) AS numbers`);
  const { numbers, ...rest } = res.rows[0];
  return { ...rest, numbers: new Map(Object.entries(numbers ?? {})) };
}

/** The judged answers with the order numbers the write gave the accepted orders. */
function numbered(j: Judged, numbers: Map<string, string>): void {
  for (const x of j.accepted) {
    const o = j.out[x.i];
    const no = numbers.get(x.id);
    if (o instanceof Error || 'sameAs' in o || no === undefined) throw new Error(`flash order ${x.id} was written without its number`);
    o.orderNo = no;
  }
}

/** A repeated key inside one group answers like its first request, replayed. */
function settle(out: Judged['out'], group: Request[]): Outcome[] {
  return out.map((o, i) => {
    if (o instanceof Error || !('sameAs' in o)) return o;
    const first = out[o.sameAs];
    if (first instanceof Error || 'sameAs' in first) return first as Error;
    return group[i].hash === group[o.sameAs].hash ? { ...first, replayed: true } : new AppError('idempotency_key_reused');
  });
}
