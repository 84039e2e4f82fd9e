// The storefront desk: consumers' orders through a reseller's link, placed in groups. At an
// event's opening thousands of consumers press 立即购买 in the same minute; one by one, each
// placement costs ~20 statements and a transaction — the terms, prices, stock and what the buyer
// holds read, then the holders' locks, the order, its lines, the payment and its charge, the
// events' check and the stock hold. Here they queue in the process while the group before them is
// written (the same queue as the order desk's). A group is read in one statement — whose sale each
// order is (the shops behind its links, its consumers' bindings, its share links: 流量保护), terms,
// flash and presale items, stock, the shops' prices, what every phone, client address and link of
// the group holds unpaid, the answers' product names — judged in arrival order in memory (stock
// counted down, each accepted order added to its holders) and written in one autocommitted
// statement: its gate takes the group's holders' locks and counts what they hold by a statement
// begun after the locks (a database function: heldAfterLocksSql), then it writes the orders and
// lines, their payments with first charges and the stock holds — only if every holder is within
// what the group's orders allow it to hold (GroupHolds). After it commits, each order's charge
// is opened at the gateway (each its own call, 16 at a time for a group, at most four groups at
// once), the buyers are answered with their pay links, and what the gateway answered is recorded
// with the answers of the groups written within the next 40 ms, in one statement — all while the
// desk goes on with the next group.
//
// Like the order desk it writes only what the ordinary path (`place`) would have written, and only
// for orders it would have accepted: a coupon or red packet, an item not on sale, pulled, on flash
// sale or in a presale, a price problem, too little stock as read, a hold cap reached, an
// idempotency key placed before or twice in a group — each goes to the ordinary path, which
// answers it as it always has. The write applies only if, at its snapshot, every event is on sale,
// none is a presale and every pool is there; a pool that cannot give what was judged fails it by
// its CHECK, a key taken meanwhile by the unique index: then nothing is written and the group is
// read and judged again. So is a group one of whose holders, counted under the locks, holds more
// than its orders allow (placements elsewhere held meanwhile): an order now past a cap goes to the
// ordinary path, which refuses it. Locks are taken in the ordinary path's order — the holders (in
// one global order), the orders' keys, the pools — so the two never wait on each other in a cycle.
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';
import { executeHot, pgErrorOf, type Db } from '../platform/database.ts';
import { newId } from '../platform/ids.ts';
import { deskQueue, type GroupQueue, type Waiting } from './group-queue.ts';
import { readGroup, priceAtDesk, keyOf, disagreement, Disagreed, type Known, type ReadSpec } from './order-desk.flow.ts';
import type { HoldLimits } from '../platform/config.ts';
import { allOnSaleSql } from '../modules/sale-events/index.ts';
import { shopsJsonSql, shopIdsSql } from '../modules/resellers/index.ts';
import { attributeStorefrontOrder, bindingsJsonSql, bindingsFromJson, shareLinkOwnersSql, type BindingsJson } from '../modules/sharing/index.ts';
import { takeStockBatch } from '../modules/inventory/index.ts';
import { noPresaleSql } from '../modules/presales/index.ts';
import { openIntentsCtes, askGateway, payLinksOf, GatewayRecorder, type OpenedCharge } from '../modules/payments/index.ts';
import {
  insertOrdersCtes, linesBatch, orderRowsFromJson, eachRow, newOrderLines, lookupToken, lookupTokenHash, holdLimitsOn, heldAfterLocksSql, heldWithinSql, GroupHolds,
  type Address, type HeldCeilingsJson, type Holders, type LineFacts, type OrderRow, type OrderLineRow, type PricedOrder,
} from '../modules/orders/index.ts';

export interface StorefrontDeskOrder {
  /** The shop the consumer orders in: its reseller and the consumer's binding are read with the group. */
  shareCode: string;
  /** The share link the consumer came through, as given: attributed only when it is the shop's. */
  shareLinkCode: string | null;
  consumer: { name: string; phone: string; address: Address };
  /** Normalised (normaliseLines): one line per event SKU, quantities checked. */
  lines: { eventSkuId: string; quantity: number }[];
  idempotencyKey: string; hash: string; note: string;
  /** The client's address as a cap counts it (clientAddressKey), null when unknown. */
  clientAddress: string | null;
  /** Where the payer returns after paying this order. */
  returnUrl: (orderId: string) => string;
}

/**
 * A placed order with its payment: `payUrl` null when the gateway did not open its charge
 * (the caller opens it the ordinary way); or 'ordinary': place it the ordinary way.
 */
export type StorefrontOutcome = { order: OrderRow; lines: OrderLineRow[]; facts: LineFacts; intent: { id: string; status: 'requires_payment'; payUrl: string | null } } | 'ordinary';

interface Request extends StorefrontDeskOrder, Waiting<StorefrontOutcome> {}

/** A request attributed as the ordinary path attributes it (placeStorefrontOrder). */
interface Attributed extends Request {
  /** Whose sale it is: the link's reseller, or the reseller the consumer is bound to (流量保护). */
  resellerId: string;
  /** The link's reseller when the sale is another's (their prices, their link's cap). */
  viaResellerId: string | null;
  shareLink: string | null;
}

/**
 * What the storefront desks of this process have done: orders that came to a desk (`submitted`);
 * groups written and the orders in them;
 * orders sent to the ordinary path, and of those, orders past a hold cap as read (`overCap`);
 * groups read and judged again after a write disagreed, and of those, writes whose count under the
 * holders' locks found more held than judged (`recounted`); groups given up to the ordinary path;
 * groups that waited a moment for the orders expected.
 */
export const storefrontDeskStats = { submitted: 0, groups: 0, orders: 0, ordinary: 0, overCap: 0, rejudged: 0, recounted: 0, gaveUp: 0, gathered: 0 };

const JUDGEMENTS = 3;

const desks = new WeakMap<Db, GroupQueue<Request>>();

/**
 * Place a consumer's storefront order through this pool's desk. Resolves with the order, its
 * lines and its payment when the desk wrote it, or 'ordinary' when the ordinary path must place
 * it (and answer it). The request was authorised and attributed before it came here.
 */
export function placeAtStorefrontDesk(ctx: Ctx, order: StorefrontDeskOrder): Promise<StorefrontOutcome> {
  const desk = deskQueue(desks, ctx, commitGroup, storefrontDeskStats);
  storefrontDeskStats.submitted++;
  return new Promise<StorefrontOutcome>((resolve, reject) => desk.submit({ ...order, resolve, reject }));
}

interface Accepted { r: Attributed; id: string; intentId: string; holders: Holders; counted: Holders; priced: PricedOrder; lines: OrderLineRow[] }

/** Who an order is judged against, as on the ordinary path: its phone, its client address and the link's reseller. */
const holdersOf = (r: Attributed): Holders => ({ phone: r.consumer.phone, address: r.clientAddress, resellerId: r.viaResellerId ?? r.resellerId });
/**
 * Whose count the order adds to once written: the link's count is of orders by their reseller
 * (heldJsonSql), and an order through another reseller's link is the bound reseller's (流量保护).
 */
const countedOf = (r: Attributed): Holders => ({ phone: r.consumer.phone, address: r.clientAddress, resellerId: r.resellerId });
/**
 * Groups whose charges are being opened at the gateway, answered and recorded while the desk goes
 * on with the next: at most this many (then the desk waits for one), so a slow gateway or record
 * holds back the desk, not the pool's connections.
 */
const ANSWERING = 4;
const answeringOf = new WeakMap<object, Set<Promise<void>>>();

/**
 * Once the groups this pool's storefront desk is answering have been answered and recorded: what
 * a stopping app waits for before its pool closes (a record cut off would only wait for the next
 * read of its order, or its payment's notification).
 */
export async function storefrontDeskAnswered(db: Db): Promise<void> {
  await Promise.allSettled([...(answeringOf.get(db) ?? [])]);
  await recorders.get(db)?.settled();
}

/** Per pool: what the gateway answered the desk's groups, recorded several groups at a time. */
const recorders = new WeakMap<object, GatewayRecorder>();
function recorderOf(ctx: Ctx): GatewayRecorder {
  let r = recorders.get(ctx.db);
  if (!r) recorders.set(ctx.db, (r = new GatewayRecorder(ctx)));
  return r;
}
/** A gateway that has not opened a charge in this long is slow: the order's own request asks it again, the desk goes on. */
const GATEWAY_WAIT_MS = 3000;

async function commitGroup(ctx: Ctx, group: Request[]): Promise<void> {
  // The first read attributes the group too; a group read again is attributed already.
  let pending: Attributed[] | null = null;
  let lookForReplays = false;
  for (let judgement = 1; judgement <= JUDGEMENTS && (pending === null || pending.length); judgement++) {
    const known = await readGroup(ctx, readSpecOf(group, pending, ctx.deps.config.holdLimits, lookForReplays));
    if (!pending) {
      const a = attribute(group, known.extra as AttributionJson);
      storefrontDeskStats.ordinary += a.ordinary.length;
      for (const r of a.ordinary) r.resolve('ordinary');
      pending = a.attributed;
      if (!pending.length) return;
    }
    const j = judge(ctx, known, pending);
    storefrontDeskStats.ordinary += j.ordinary.length;
    // Orders judged after the group's accepted ones go to the ordinary path once the group's write
    // has ended: placed meanwhile, one could take a holder's lock before the write and be counted
    // without the orders that came before it (a link's cap filled by the group, say).
    const handBack = () => { for (const r of j.ordinary) r.resolve('ordinary'); };
    if (j.accepted.length === 0) { handBack(); return; }
    let written: Awaited<ReturnType<typeof write>>;
    try {
      written = await write(ctx, j.accepted, j.ceilings);
    } catch (e) {
      if (!disagreement(e)) throw e;
      if (pgErrorOf(e)?.code === '23505') lookForReplays = true;
      storefrontDeskStats.rejudged++;
      pending = j.accepted.map((a) => a.r);
      continue;
    } finally {
      handBack();
    }
    storefrontDeskStats.groups++;
    storefrontDeskStats.orders += written.accepted.length;
    // The next group need not wait for this one's gateway calls: it is read and written meanwhile
    // (nothing of it touches these charges), up to ANSWERING groups at a time.
    let answeringNow = answeringOf.get(ctx.db);
    if (!answeringNow) answeringOf.set(ctx.db, (answeringNow = new Set()));
    const answering = answer(ctx, written.accepted, written.rows, written.charges, known.facts)
      .catch((e: unknown) => { for (const a of written.accepted) a.r.reject(e); })
      .finally(() => { answeringNow.delete(answering); });
    answeringNow.add(answering);
    if (answeringNow.size >= ANSWERING) await Promise.race(answeringNow);
    return;
  }
  if (pending?.length) storefrontDeskStats.gaveUp++;
  for (const r of pending ?? []) r.resolve('ordinary');
}

/**
 * What a group's read asks for. The first read, before attribution: every shop's prices and what
 * the group's phones, client addresses and shops' links hold, by share code — an order counts
 * toward its bound reseller's link too, which matters to the judgement only when that reseller's
 * shop is in the group (then it is read) — and the attribution itself. A group read again is
 * attributed already: its resellers by id, and what the orders' keys placed before, when asked.
 */
function readSpecOf(group: Request[], pending: Attributed[] | null, limits: HoldLimits, lookForReplays: boolean): ReadSpec {
  const eventSkuIds = [...new Set((pending ?? group).flatMap((r) => r.lines.map((l) => l.eventSkuId)))];
  const capped = holdLimitsOn(limits);
  if (pending) {
    return {
      eventSkuIds,
      // Prices are the link's reseller's: the shop's, whoever's sale it is.
      priceResellers: [...new Set(pending.map((r) => r.viaResellerId ?? r.resellerId))],
      replays: lookForReplays ? { kind: 'storefront', keys: pending.map((x) => ({ resellerId: x.resellerId, key: x.idempotencyKey })) } : undefined,
      holders: capped ? { holders: pending.flatMap((r) => [holdersOf(r), countedOf(r)]), limits } : undefined,
    };
  }
  const shops = shopIdsSql([...new Set(group.map((r) => r.shareCode))]);
  const phones = [...new Set(group.map((r) => r.consumer.phone))];
  const addresses = [...new Set(group.flatMap((r) => (r.clientAddress ? [r.clientAddress] : [])))];
  return { eventSkuIds, priceResellers: shops, holders: capped ? { holders: { phones, addresses, links: shops }, limits } : undefined, extra: attributionSql(group) };
}

type AttributionJson = [shops: [string, string, boolean][] | null, bindings: BindingsJson, links: [string, string][] | null];

/** What attributing a group reads, with its first read: the shops behind its links, its consumers' bindings, its share links. */
function attributionSql(group: Request[]): SQL {
  return sql`json_build_array(
    ${shopsJsonSql([...new Set(group.map((r) => r.shareCode))])},
    ${bindingsJsonSql([...new Set(group.map((r) => r.consumer.phone))])},
    ${shareLinkOwnersSql([...new Set(group.flatMap((r) => (r.shareLinkCode ? [r.shareLinkCode] : [])))])})`;
}

/**
 * Whose sale each order is, as the ordinary path attributes one (placeStorefrontOrder): the
 * shop's reseller, or the one the consumer is bound to (流量保护); the share link only when it is
 * the shop's. A shop not found or not selling goes to the ordinary path, which refuses it with
 * its words.
 */
function attribute(group: Request[], [shopsJson, bindingsJson, linksJson]: AttributionJson): { attributed: Attributed[]; ordinary: Request[] } {
  const shops = new Map((shopsJson ?? []).map(([code, id, active]) => [code, { id, active }]));
  const bindings = bindingsFromJson(bindingsJson);
  const linkOwners = new Map(linksJson ?? []);
  const attributed: Attributed[] = [];
  const ordinary: Request[] = [];
  for (const r of group) {
    const shop = shops.get(r.shareCode);
    if (!shop?.active) { ordinary.push(r); continue; }
    const who = attributeStorefrontOrder(shop.id, bindings.get(r.consumer.phone) ?? null);
    const shareLink = r.shareLinkCode !== null && linkOwners.get(r.shareLinkCode) === shop.id ? r.shareLinkCode : null;
    attributed.push({ ...r, resellerId: who.resellerId, viaResellerId: who.viaResellerId, shareLink });
  }
  return { attributed, ordinary };
}

/**
 * In arrival order: the ordinary path's refusals and special cases go to it; the rest are accepted
 * while stock and the caps last. With a cap on, also what the accepted orders allow their holders
 * to hold when counted again under the locks (`ceilings`, for the write).
 */
function judge(ctx: Ctx, k: Known, group: Attributed[]): { accepted: Accepted[]; ordinary: Attributed[]; ceilings: HeldCeilingsJson | null } {
  const limits = ctx.deps.config.holdLimits;
  const capped = holdLimitsOn(limits);
  if (capped && !k.held) throw new Error('a storefront group with a hold cap on was read without its holders\' counts');
  const accepted: Accepted[] = [];
  const ordinary: Attributed[] = [];
  const left = new Map(k.available);
  const keys = new Set<string>();
  const holds = capped ? new GroupHolds(limits, k.held!) : null;
  for (const r of group) {
    const key = keyOf(r);
    if (k.replays.has(key) || keys.has(key)) { ordinary.push(r); continue; }
    keys.add(key);
    const priced = priceAtDesk(k, 'storefront', r.viaResellerId ?? r.resellerId, r.lines, left);
    if (!priced) { ordinary.push(r); continue; }
    const holders = holdersOf(r);
    const counted = countedOf(r);
    // Past a cap as read, on top of the group's orders before it: the ordinary path judges it again under the locks and refuses it, with its words.
    if (holds && !holds.accept(holders, counted, { lines: r.lines })) { storefrontDeskStats.overCap++; ordinary.push(r); continue; }
    for (const l of r.lines) left.set(l.eventSkuId, left.get(l.eventSkuId)! - l.quantity);
    const id = newId('ord');
    accepted.push({ r, id, intentId: newId('pay'), holders, counted, priced, lines: newOrderLines(id, priced) });
  }
  return { accepted, ordinary, ceilings: holds?.ceilings() ?? null };
}

/** What a group's write wrote. */
interface Written { accepted: Accepted[]; rows: Map<string, OrderRow>; charges: OpenedCharge[] }
type WrittenRow = { gated: boolean; held_fits: boolean | null; orders: Record<string, unknown>[] | null };

/**
 * The accepted orders, unpaid and holding their stock, each with its payment and first charge, in
 * one autocommitted statement. With a cap on (`ceilings`), its gate first takes the locks of every
 * holder the group is judged against or counts toward and counts what the holders judged against
 * hold, by a statement begun after the locks (heldAfterLocksSql): a placement elsewhere that held
 * meanwhile is seen. The group is written only if every holder is within its ceiling — what the
 * group's orders, judged on what was read, allow it to hold (GroupHolds): then every order still
 * fits its caps, however much more was held meanwhile. Otherwise nothing is written and the group
 * is read and judged again (an order now past its cap goes to the ordinary path, which refuses
 * it). One round trip, where BEGIN with the locks, the write and COMMIT were three.
 */
async function write(ctx: Ctx, accepted: Accepted[], ceilings: HeldCeilingsJson | null): Promise<Written> {
  const holdersFit = ceilings
    ? heldWithinSql(heldAfterLocksSql(accepted.flatMap((a) => [a.holders, a.counted]), accepted.map((a) => a.holders), ctx.deps.config.holdLimits), ceilings)
    : null;
  const w = writeStatement(ctx, accepted, holdersFit);
  const [row] = await executeHot<WrittenRow>(ctx.db, w.statement);
  if (!row.gated) {
    if (row.held_fits === false) storefrontDeskStats.recounted++;
    throw new Disagreed(row.held_fits === false
      ? 'a holder of the group holds more than its orders allow (a placement elsewhere, counted under the locks)'
      : 'the group\'s gate is closed (an event ended, became a presale, …)');
  }
  const rows = orderRowsFromJson(row.orders ?? []);
  if (rows.length !== accepted.length) throw new Error(`storefront desk wrote ${rows.length}/${accepted.length} orders`);
  return { accepted, rows: new Map(rows.map((o) => [o.id, o])), charges: w.charges };
}

/**
 * `holdersFit`: a boolean that takes the holders' locks and says whether they still fit (write): a
 * part of the gate, which every part of the write waits for, so the locks come before the orders'
 * keys and the pools; returned as `held_fits`.
 */
function writeStatement(ctx: Ctx, accepted: Accepted[], holdersFit: SQL | null): { statement: SQL; charges: OpenedCharge[] } {
  const { secret, storefrontHoldMinutes } = ctx.deps.config;
  const events = [...new Set(accepted.flatMap((a) => a.lines.map((l) => l.saleEventId)))];
  const allLines = accepted.flatMap((a) => a.lines);
  const col = <T>(f: (a: Accepted) => T) => eachRow(accepted.map(f));
  const stock = takeStockBatch(allLines.map((l) => ({ orderId: l.orderId, orderLineId: l.id, eventSkuId: l.eventSkuId, quantity: l.quantity })), 'hold');
  const when = sql`EXISTS (SELECT 1 FROM g)`;
  // The pools are locked after the orders' keys are claimed, as on the ordinary path.
  const after = (cte: string) => sql`${when} AND (SELECT count(*) FROM ${sql.identifier(cte)}) >= 0`;
  const intents = openIntentsCtes(ctx, 'p', accepted.map((a) => ({ id: a.intentId, orderId: a.id, amount: a.priced.amountDue, currency: a.priced.currency })), after('o'));
  const statement = sql`
    WITH ${holdersFit ? sql`h AS (SELECT ${holdersFit} AS fits),` : sql``}
    g AS (SELECT 1 WHERE ${allOnSaleSql(events)} AND ${noPresaleSql(events)} AND ${stock.gate}${holdersFit ? sql` AND (SELECT fits FROM h)` : sql``}),
    ${insertOrdersCtes('o', {
      when, wholeRows: true,
      orders: {
        id: col((a) => a.id), kind: 'storefront', resellerId: col((a) => a.r.resellerId), customerId: null,
        consumerName: col((a) => a.r.consumer.name), consumerPhone: col((a) => a.r.consumer.phone), address: col((a) => a.r.consumer.address),
        status: 'pending_payment', payMethod: 'provider', currency: col((a) => a.priced.currency),
        sellingTotal: col((a) => a.priced.sellingTotal), baseTotal: col((a) => a.priced.baseTotal), amountDue: col((a) => a.priced.amountDue), discountTotal: 0,
        holdExpiresAt: sql`now() + make_interval(mins => ${storefrontHoldMinutes})`,
        idempotencyKey: col((a) => a.r.idempotencyKey), requestHash: col((a) => a.r.hash), note: col((a) => a.r.note),
        lookupTokenHash: col((a) => lookupTokenHash(lookupToken(secret, a.id))),
        clientAddress: col((a) => a.r.clientAddress), viaResellerId: col((a) => a.r.viaResellerId), shareLink: col((a) => a.r.shareLink),
      },
      lines: linesBatch(allLines),
    })},
    ${intents.ctes},
    ${stock.ctes('s', after('p_charges'))}
    SELECT EXISTS (SELECT 1 FROM g) AS gated, ${holdersFit ? sql`(SELECT fits FROM h)` : sql`NULL::boolean`} AS held_fits, (SELECT json_agg(o) FROM o) AS orders`;
  return { statement, charges: intents.charges };
}

/**
 * After the group committed: each order's charge opened at the gateway (16 at a time for the
 * group, waiting at most GATEWAY_WAIT_MS), every order answered with its pay link, then what the
 * gateway answered handed to the pool's recorder, which records it with the answers of the groups
 * after it (GatewayRecorder: within 40 ms, in one statement). The buyers do not wait for that
 * record: the link they get is the gateway's, a payment is matched to its charge by our reference (the merchant
 * reference) whether or not the gateway's own was recorded yet, and a read of the order before it
 * is recorded asks the gateway again (readStorefrontOrder: the gateway dedupes on our reference). An
 * order whose charge the gateway did not open is answered without its link, for the caller to open
 * it the ordinary way.
 */
async function answer(ctx: Ctx, accepted: Accepted[], rows: Map<string, OrderRow>, charges: OpenedCharge[], facts: LineFacts): Promise<void> {
  const byIntent = new Map(accepted.map((a) => [a.intentId, a]));
  const answers = await askGateway(ctx, charges.map((c) => {
    const a = byIntent.get(c.intentId)!;
    return { ...c, description: `订单 ${rows.get(a.id)!.orderNo}`, returnUrl: a.r.returnUrl(a.id) };
  }), GATEWAY_WAIT_MS);
  const payUrls = payLinksOf(answers);
  for (const a of accepted) {
    a.r.resolve({ order: rows.get(a.id)!, lines: a.lines, facts, intent: { id: a.intentId, status: 'requires_payment', payUrl: payUrls.get(a.intentId) ?? null } });
  }
  await recorderOf(ctx).add(answers);
}
