// The order desk: resellers' wallet orders (代下单, paid from the wallet as they are placed)
// committed in groups. One order per transaction costs ~20 statements — the terms, prices, stock
// and wallet read before it, then the order, its lines, the reseller's lock, the events' check,
// the journal entry and its lines, the wallet, the binding and the stock one by one, each a round
// trip and a parse — and an event's opening at 10:00, when thousands of resellers order at once,
// is exactly when that cost is paid thousands of times a second. Here requests queue in the
// process while the group before them is written; a group is read in one statement (terms,
// flash and presale items, stock, prices, wallets, disabled resellers, the sessions taken from
// recent lookups and the answers' product names, for every order of the group, each part from the
// module that owns its table), judged in arrival order in memory (stock and wallets counted down
// as orders are accepted), and written in one autocommitted statement — orders and lines, every
// ledger entry with the wallets' debits, the customer bindings, the stock — again each part from
// its module (orders.bulk, ledger.bulk, sharing.bulk, inventory.bulk). Both go as named prepared
// statements (platform executeHot).
//
// The desk writes only what the ordinary path (`place`) would have written, and only for orders it
// would have accepted: anything else — a session the group's read does not find the reseller's live
// one, an idempotency key placed before or twice in a group, a disabled reseller, an item not on
// sale, pulled, on flash sale or in a presale, a price problem, too little stock or money as read —
// goes to the ordinary path, which answers it as it always has. The write holds the same guards: it
// applies only if, at its snapshot, every event is on sale, no reseller of the group is disabled,
// no event is a presale and every wallet and pool is there; a wallet or pool that cannot give what
// was judged fails it by its CHECK; an idempotency key taken meanwhile fails it by the unique
// index. Then nothing is written and the group is read (with earlier orders under its keys, after a
// unique-key failure) and judged again; a group that still does not hold goes to the ordinary path
// order by order. Rows are locked in the ordinary path's order (keys, wallets, bindings, pools), so
// the two never deadlock each other. Disabling a reseller is seen by the write's snapshot, as on
// the flash desk: an order whose statement began before the disabling committed may still be
// written (the ordinary path holds a share lock instead). A session ended after the group's read is
// not seen by its write — as on the ordinary path, where the lookup comes before the write. With
// ORDER_GROUP_COMMIT=off every order takes the ordinary path (the benchmark's baseline).
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';
import { executeHot, pgErrorOf, type Db } from '../platform/database.ts';
import { newId } from '../platform/ids.ts';
import { deskQueue, type GroupQueue, type Waiting } from './group-queue.ts';
import { sellableJsonSql, sellableFromJson, allOnSaleSql, eventSkuColumnSql, type SellableSku, type SellableJson } from '../modules/sale-events/index.ts';
import { availableJsonSql, takeStockBatch } from '../modules/inventory/index.ts';
import { pricesJsonSql } from '../modules/pricing/index.ts';
import { flashOnlySql } from '../modules/flash-sales/index.ts';
import { presaleEventsSql, noPresaleSql } from '../modules/presales/index.ts';
import { walletsJsonSql, entriesBatch } from '../modules/ledger/index.ts';
import { disabledResellersSql, noneDisabledSql } from '../modules/resellers/index.ts';
import { bindOnPaidCte } from '../modules/sharing/index.ts';
import { liveSessionsSql } from '../modules/accounts/index.ts';
import { skuFactsSql, type SkuFactJson } from '../modules/catalog/index.ts';
import {
  insertOrdersCtes, linesBatch, orderRowsFromJson, eachRow, ordersByKeysSql, priceOrder, newOrderLines, orderPaidPosting, heldJsonSql, HeldTally,
  type Address, type KeyedOrder, type LineFacts, type OrderRow, type OrderLineRow, type PricedOrder, type OrderKind, type Holders, type HeldKeys, type HeldJson,
} from '../modules/orders/index.ts';
import type { HoldLimits } from '../platform/config.ts';

export interface DeskOrder {
  resellerId: string;
  /**
   * The token hash of a session taken from recent lookups (recentActorForToken), checked in the
   * group's read: an order whose session is not the reseller's live one goes back to its caller
   * ('ordinary'), which checks it the ordinary way before anything else. Null: checked already.
   */
  session: string | null;
  customerId: string | null; consumer: { name: string; phone: string; address: Address };
  /** Normalised (normaliseLines): one line per event SKU, quantities checked. */
  lines: { eventSkuId: string; quantity: number }[];
  idempotencyKey: string; hash: string; note: string;
}

/** A placed order as the ordinary path returns it, or 'ordinary': place it the ordinary way. */
export type DeskOutcome = { order: OrderRow; lines: OrderLineRow[]; facts: LineFacts } | 'ordinary';

interface Request extends DeskOrder, Waiting<DeskOutcome> {}

/**
 * What the desks of this process have done: groups written and the orders in them; orders sent
 * to the ordinary path, and of those, orders for a consumer another reseller's order in the same
 * group binds (one binding per phone per group; the ordinary path waits on that row instead),
 * and orders whose session the group's read did not find the reseller's live one; groups read and
 * judged again after a write disagreed; groups given up to the ordinary path; groups that waited a
 * moment for the orders expected (gather).
 */
export const orderDeskStats = { groups: 0, orders: 0, ordinary: 0, samePhone: 0, sessionsRefused: 0, rejudged: 0, gaveUp: 0, gathered: 0 };

/** Judgements per group: the first, and twice more after a write that disagreed. */
const JUDGEMENTS = 3;
/** The wallet currency the desk judges (another currency takes the ordinary path). */
const WALLET_CURRENCY = 'CNY';

/** The write found the world other than judged: read and judge the group again. */
export class Disagreed extends Error {}

export function disagreement(e: unknown): boolean {
  if (e instanceof Disagreed) return true;
  // An idempotency key taken meanwhile, a deadlock, a serialization failure, a CHECK.
  const code = pgErrorOf(e)?.code;
  return code === '23505' || code === '40P01' || code === '40001' || code === '23514';
}

const desks = new WeakMap<Db, GroupQueue<Request>>();

/**
 * Place a reseller's wallet order through this pool's desk. Resolves with the order and its lines
 * when the desk wrote it, or 'ordinary' when the ordinary path must place it (and answer it).
 * Each request was authorised before it came here, its session checked or left to the group's read
 * (`session`); the desk's transactions run as the system.
 */
export function placeAtDesk(ctx: Ctx, order: DeskOrder): Promise<DeskOutcome> {
  const desk = deskQueue(desks, ctx, commitGroup, orderDeskStats);
  return new Promise<DeskOutcome>((resolve, reject) => desk.submit({ ...order, resolve, reject }));
}

/** What a desk's judgement knows, read in one statement (readGroup). */
export interface Known {
  terms: Map<string, SellableSku>; flash: Set<string>; presale: Set<string>; available: Map<string, number>;
  /** Per `${reseller}|${eventSkuId}`: the reseller's selling price. */
  prices: Map<string, number>; wallets: Map<string, number>; disabled: Set<string>; replays: Set<string>;
  /** What the holders of storefront orders hold (when asked). */
  held: HeldTally | null;
  /** Of the sessions asked about, the live ones: token hash → reseller id. */
  sessions: Map<string, string>;
  /** Product name, colour, size and picture per SKU, for the answers. */
  facts: LineFacts;
  /** What ReadSpec.extra read. */
  extra?: unknown;
}

interface Accepted { r: Request; id: string; priced: PricedOrder; lines: OrderLineRow[] }

export const keyOf = (r: { resellerId: string; idempotencyKey: string }) => `${r.resellerId}\u0000${r.idempotencyKey}`;

/** One group: read, judge, write; read and judge again when the write disagrees. */
async function commitGroup(ctx: Ctx, group: Request[]): Promise<void> {
  let pending = group;
  let lookForReplays = false;
  for (let judgement = 1; judgement <= JUDGEMENTS && pending.length; judgement++) {
    const known = await readGroup(ctx, {
      eventSkuIds: [...new Set(pending.flatMap((r) => r.lines.map((l) => l.eventSkuId)))],
      priceResellers: [...new Set(pending.map((r) => r.resellerId))], resellers: [...new Set(pending.map((r) => r.resellerId))],
      sessions: [...new Set(pending.flatMap((r) => (r.session === null ? [] : [r.session])))],
      replays: lookForReplays ? { kind: 'reseller', keys: pending.map((x) => ({ resellerId: x.resellerId, key: x.idempotencyKey })) } : undefined,
    });
    const j = judge(known, pending);
    orderDeskStats.ordinary += j.ordinary.length;
    for (const r of j.ordinary) r.resolve('ordinary');
    if (j.accepted.length === 0) return;
    try {
      const rows = await write(ctx, j.accepted);
      orderDeskStats.groups++;
      orderDeskStats.orders += j.accepted.length;
      for (const a of j.accepted) a.r.resolve({ order: rows.get(a.id)!, lines: a.lines, facts: known.facts });
      return;
    } catch (e) {
      if (!disagreement(e)) throw e;
      // An idempotency key placed before (or meanwhile): find which.
      if (pgErrorOf(e)?.code === '23505') lookForReplays = true;
      orderDeskStats.rejudged++;
      pending = j.accepted.map((a) => a.r);
    }
  }
  // Still disagreeing: each order the ordinary way, which finds and answers whatever it is.
  if (pending.length) orderDeskStats.gaveUp++;
  for (const r of pending) r.resolve('ordinary');
}

/** What a group's judgement is to read besides the items' terms, stock and facts. */
export interface ReadSpec {
  eventSkuIds: string[];
  /** Whose selling prices: ids, or an expression giving a text[]. */
  priceResellers: string[] | SQL;
  /** Whose wallets (and whether they are disabled): the reseller desk's. */
  resellers?: string[];
  /** Sessions to check (token hashes, liveSessionsSql): the reseller desk's. */
  sessions?: string[];
  /** Earlier orders of this kind under these keys (after a unique-key failure). */
  replays?: { kind: OrderKind; keys: { resellerId: string; key: string }[] };
  /** What these holders hold (the storefront desk's, with the caps on). */
  holders?: { holders: Holders[] | HeldKeys; limits: HoldLimits };
  /** Anything else the desk needs from the same snapshot: returned as `extra`, as PostgreSQL gives it. */
  extra?: SQL;
}

/**
 * What a group's judgement needs, for every order of it, in one statement (one snapshot), each
 * part from the module that owns its table. Earlier orders under the group's idempotency keys are
 * looked for only when asked: a replay is rare, and the write's insert meets any earlier key in
 * the orders' unique index (23505), after which the group is read again with them.
 */
export async function readGroup(ctx: Ctx, spec: ReadSpec): Promise<Known> {
  const esks = spec.eventSkuIds;
  const resellers = spec.resellers;
  const [k] = await executeHot<{
    terms: SellableJson[] | null; flash: string[] | null; presale: string[] | null; available: Record<string, number> | null;
    prices: [string, string, number][] | null; wallets: Record<string, number> | null; disabled: string[] | null; replays: KeyedOrder[] | null;
    held: HeldJson | null; sessions: Record<string, string> | null; facts: Record<string, SkuFactJson> | null; extra?: unknown;
  }>(ctx.db, sql`SELECT ${sellableJsonSql(esks)} AS terms, ${flashOnlySql(esks)} AS flash, ${presaleEventsSql(eventSkuColumnSql(esks, 'sale_event_id'))} AS presale,
      ${availableJsonSql(esks)} AS available, ${pricesJsonSql(spec.priceResellers, esks)} AS prices,
      ${resellers ? sql`${walletsJsonSql(resellers, WALLET_CURRENCY)} AS wallets, ${disabledResellersSql(resellers)} AS disabled,` : sql``}
      ${spec.replays ? ordersByKeysSql(spec.replays.kind, spec.replays.keys) : sql`NULL::json`} AS replays,
      ${spec.holders ? heldJsonSql(spec.holders.holders, spec.holders.limits) : sql`NULL::json`} AS held,
      ${spec.sessions ? liveSessionsSql(spec.sessions) : sql`NULL::json`} AS sessions,
      ${skuFactsSql(eventSkuColumnSql(esks, 'sku_id'))} AS facts${spec.extra ? sql`, ${spec.extra} AS extra` : sql``}`);
  return {
    terms: sellableFromJson(k.terms), flash: new Set(k.flash ?? []), presale: new Set(k.presale ?? []),
    available: new Map(Object.entries(k.available ?? {}).map(([id, n]) => [id, Number(n)])),
    prices: new Map((k.prices ?? []).map(([reseller, esk, p]) => [`${reseller}|${esk}`, Number(p)])),
    wallets: new Map(Object.entries(k.wallets ?? {}).map(([id, n]) => [id, Number(n)])),
    disabled: new Set(k.disabled ?? []),
    replays: new Set((k.replays ?? []).map((o) => keyOf({ resellerId: o.reseller_id, idempotencyKey: o.idempotency_key }))),
    held: k.held ? HeldTally.fromJson(k.held) : null,
    sessions: new Map(Object.entries(k.sessions ?? {})),
    facts: new Map(Object.entries(k.facts ?? {})),
    extra: k.extra,
  };
}

/**
 * An order's items as the ordinary path would price them, or null when it must place them: an
 * item not on sale, pulled, on flash sale or in a presale, a price problem, another currency than
 * `currency` (when given), or less stock `left` than asked.
 */
export function priceAtDesk(k: Known, kind: OrderKind, priceReseller: string, lines: DeskOrder['lines'], left: Map<string, number>, currency?: string): PricedOrder | null {
  const special = lines.some((l) => {
    const t = k.terms.get(l.eventSkuId);
    return !t || !t.onSale || t.pulled || k.flash.has(l.eventSkuId) || k.presale.has(t.saleEventId);
  });
  if (special) return null;
  const mine = new Map<string, number>();
  for (const l of lines) {
    const p = k.prices.get(`${priceReseller}|${l.eventSkuId}`);
    if (p !== undefined) mine.set(l.eventSkuId, p);
  }
  const priced = priceOrder(kind, lines, k.terms, mine);
  if (priced.issues.length || priced.notLive.length || (currency !== undefined && priced.order.currency !== currency)) return null;
  if (lines.some((l) => (left.get(l.eventSkuId) ?? 0) < l.quantity)) return null;
  return priced.order;
}

/** In arrival order: the ordinary path's refusals and special cases go to it; the rest are accepted while stock and wallets last. */
function judge(k: Known, group: Request[]): { accepted: Accepted[]; ordinary: Request[] } {
  const accepted: Accepted[] = [];
  const ordinary: Request[] = [];
  const left = new Map(k.available);
  const wallets = new Map(k.wallets);
  const keys = new Set<string>();
  // A consumer's phone binds to one reseller per group (one upsert per phone in the write).
  const phoneOf = new Map<string, string>();
  for (const r of group) {
    // A session not the reseller's live one: its caller checks it (and refuses it) the ordinary way.
    if (r.session !== null && k.sessions.get(r.session) !== r.resellerId) { orderDeskStats.sessionsRefused++; ordinary.push(r); continue; }
    const key = keyOf(r);
    // A key placed before, or twice in this group: the ordinary path replays it (after this group commits).
    if (k.replays.has(key) || keys.has(key)) { ordinary.push(r); continue; }
    keys.add(key);
    const bound = phoneOf.get(r.consumer.phone);
    if (bound !== undefined && bound !== r.resellerId) { orderDeskStats.samePhone++; ordinary.push(r); continue; }
    if (k.disabled.has(r.resellerId)) { ordinary.push(r); continue; }
    const priced = priceAtDesk(k, 'reseller', r.resellerId, r.lines, left, WALLET_CURRENCY);
    if (!priced) { ordinary.push(r); continue; }
    const due = priced.amountDue;
    if ((wallets.get(r.resellerId) ?? 0) < due) { ordinary.push(r); continue; }
    for (const l of r.lines) left.set(l.eventSkuId, left.get(l.eventSkuId)! - l.quantity);
    wallets.set(r.resellerId, wallets.get(r.resellerId)! - due);
    phoneOf.set(r.consumer.phone, r.resellerId);
    const id = newId('ord');
    accepted.push({ r, id, priced, lines: newOrderLines(id, priced) });
  }
  return { accepted, ordinary };
}

/**
 * The accepted orders in one autocommitted statement, written only when its gate holds at the
 * statement's snapshot: every event on sale at its clock, no reseller of the group disabled, no
 * event a presale, every wallet and pool there. Then the orders and lines, the ledger entries
 * with the wallets' debits, the bindings and the stock. A wallet or pool that cannot give what
 * was judged fails the statement by its CHECK (nothing is written); a closed gate writes nothing
 * (Disagreed). Returns the orders as stored.
 */
async function write(ctx: Ctx, accepted: Accepted[]): Promise<Map<string, OrderRow>> {
  const resellers = [...new Set(accepted.map((a) => a.r.resellerId))];
  const events = [...new Set(accepted.flatMap((a) => a.lines.map((l) => l.saleEventId)))];
  const allLines = accepted.flatMap((a) => a.lines);
  const col = <T>(f: (a: Accepted) => T) => eachRow(accepted.map(f));
  const ledger = entriesBatch(accepted.map((a) => orderPaidPosting({ id: a.id, kind: 'reseller', resellerId: a.r.resellerId, payMethod: 'wallet', currency: WALLET_CURRENCY }, a.lines)));
  const stock = takeStockBatch(allLines.map((l) => ({ orderId: l.orderId, orderLineId: l.id, eventSkuId: l.eventSkuId, quantity: l.quantity })), 'sell');
  // The last order of each phone names the binding (a renewal names the latest order, as one by one).
  const byPhone = new Map<string, { id: string; resellerId: string; consumerPhone: string }>();
  for (const a of accepted) byPhone.set(a.r.consumer.phone, { id: a.id, resellerId: a.r.resellerId, consumerPhone: a.r.consumer.phone });
  const when = sql`EXISTS (SELECT 1 FROM g)`;
  // Rows are locked in the ordinary path's order — the orders' keys, the wallets, the bindings,
  // then the pools — so a group and an ordinary placement never wait on each other in a cycle:
  // each part's condition reads the part before it, which makes PostgreSQL run that part first.
  const after = (cte: string) => sql`${when} AND (SELECT count(*) FROM ${sql.identifier(cte)}) >= 0`;
  const binding = bindOnPaidCte('b', ctx.deps.config.customerBindingDays, [...byPhone.values()], after('e_debits'));
  const [row] = await executeHot<{ gated: boolean; orders: Record<string, unknown>[] | null }>(ctx.db, sql`
    WITH g AS (SELECT 1 WHERE ${allOnSaleSql(events)} AND ${noneDisabledSql(resellers)} AND ${noPresaleSql(events)} AND ${ledger.gate} AND ${stock.gate}),
    ${insertOrdersCtes('o', {
      when, wholeRows: true,
      orders: {
        id: col((a) => a.id), kind: 'reseller', resellerId: col((a) => a.r.resellerId), customerId: col((a) => a.r.customerId),
        consumerName: col((a) => a.r.consumer.name), consumerPhone: col((a) => a.r.consumer.phone), address: col((a) => a.r.consumer.address),
        status: 'paid', payMethod: 'wallet', currency: WALLET_CURRENCY,
        sellingTotal: col((a) => a.priced.sellingTotal), baseTotal: col((a) => a.priced.baseTotal), amountDue: col((a) => a.priced.amountDue), paidAt: sql`now()`,
        idempotencyKey: col((a) => a.r.idempotencyKey), requestHash: col((a) => a.r.hash), note: col((a) => a.r.note),
      },
      lines: linesBatch(allLines),
    })},
    ${ledger.ctes('e', after('o'))},
    ${binding ? sql`${binding},` : sql``}
    ${stock.ctes('s', after(binding ? 'b' : 'e_debits'))}
    SELECT EXISTS (SELECT 1 FROM g) AS gated, (SELECT json_agg(o) FROM o) AS orders`);
  if (!row.gated) throw new Disagreed('the group\'s gate is closed (an event ended, a reseller was disabled, …)');
  const rows = orderRowsFromJson(row.orders ?? []);
  if (rows.length !== accepted.length) throw new Error(`order desk wrote ${rows.length}/${accepted.length} orders`);
  return new Map(rows.map((o) => [o.id, o]));
}
