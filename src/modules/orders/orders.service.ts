// Orders: recording them, reading them per actor, and their lifecycle (payment, expiry,
// cancellation). Each change of status is a guarded UPDATE … WHERE status = $from.
import crypto from 'node:crypto';
import { and, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { reasonOf, type ReasonCode } from '../../platform/reasons.ts';
import { assertTransition } from '../../platform/state-machine.ts';
import { moveStock, type OrderStockLine } from '../inventory/index.ts';
import { post, linesOf, heldForOrderLines, orderPaidLines, unitReversalLines, payerRefundOf, type PostingLine, type Posting } from '../ledger/index.ts';
import { orders, orderLines, orderDiscounts, type Address } from './orders.tables.ts';
import { lookupTokenHash } from './orders.bulk.ts';
import { orderTransitions, orderNoTerm, orderStatusOf, toShip, unrefunded, PAID_OR_LATER, type OrderKind, type OrderStatus, type PricedOrder } from './orders.rules.ts';
import { pageSize, keysetPage, newestFirst } from '../../platform/paging.ts';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;

/** An order's lines as the stock they take or give back, each movement naming its line. */
export function stockLinesOf(lines: OrderLineRow[]): OrderStockLine[] {
  return lines.map((l) => ({ orderLineId: l.id, eventSkuId: l.eventSkuId, quantity: l.quantity }));
}

export interface NewOrder {
  kind: OrderKind; resellerId: string; customerId?: string | null;
  consumer: { name: string; phone: string; address: Address };
  payMethod: 'wallet' | 'provider'; priced: PricedOrder; holdMinutes: number | null;
  /** The hold ends no later than this (a group's deadline, a presale's), whatever holdMinutes says. */
  holdCap?: Date;
  idempotencyKey: string; requestHash: string; note?: string;
  campaign?: { kind: 'flash' | 'group' | 'presale'; ref: string };
  /** Discounts on the order (storefront only); amountDue is reduced by their sum. */
  discounts?: PlannedDiscount[];
  /** Where a storefront order came from (holds.rules clientAddressKey): unpaid orders per address are capped. */
  clientAddress?: string | null;
  /** A protected consumer's order through another reseller's link: that reseller (docs/sharing.md). */
  viaResellerId?: string | null;
  /** The share link the order came through. */
  shareLink?: string | null;
}

/** A discount planned for one line of an order (by the line's index in the priced order). */
export interface PlannedDiscount {
  lineIndex: number; source: 'coupon' | 'red_packet'; sourceId: string;
  bearer: 'platform' | 'brand' | 'reseller'; bearerPartyId: string; amount: number;
}

export type OrderDiscountRow = typeof orderDiscounts.$inferSelect;

/** SQL: the order status expression names a paid order (paid, or moved on since). */
export function isPaidOrLater(status: SQL): SQL {
  return sql`${status} = ANY(${sql.param([...PAID_OR_LATER])}::text[])`;
}

/**
 * The consumer's secret for looking an order up: derived, so a replayed request returns it again.
 * A storefront order's is worked out three times as it is placed (its hash stored with it, the
 * answer, the gateway's return link): the last 2,048 orders' are remembered (a desk's group is at
 * most 500), for one secret at a time.
 */
export function lookupToken(secret: string, orderId: string): string {
  if (secret !== recentTokens.secret) { recentTokens.secret = secret; recentTokens.byOrder.clear(); }
  const known = recentTokens.byOrder.get(orderId);
  if (known !== undefined) return known;
  const token = crypto.createHmac('sha256', secret).update(`order-lookup:${orderId}`).digest('base64url').slice(0, 32);
  if (recentTokens.byOrder.size >= 2048) recentTokens.byOrder.delete(recentTokens.byOrder.keys().next().value!);
  recentTokens.byOrder.set(orderId, token);
  return token;
}
const recentTokens = { secret: '', byOrder: new Map<string, string>() };

/** Insert an order and its lines; null if this idempotency key already has an order. */
export async function insertOrder(ctx: Ctx, o: NewOrder): Promise<{ order: OrderRow; lines: OrderLineRow[] } | null> {
  const id = newId('ord');
  const discountTotal = (o.discounts ?? []).reduce((a, d) => a + d.amount, 0);
  if (discountTotal >= o.priced.amountDue) throw new Error(`discounts ${discountTotal} would leave nothing to pay on ${o.priced.amountDue}`);
  const inserted = await ctx.db.insert(orders).values({
    id, kind: o.kind, resellerId: o.resellerId, customerId: o.customerId ?? null,
    consumerName: o.consumer.name, consumerPhone: o.consumer.phone, address: o.consumer.address,
    status: o.payMethod === 'wallet' ? 'paid' : 'pending_payment', payMethod: o.payMethod, currency: o.priced.currency,
    sellingTotal: o.priced.sellingTotal, baseTotal: o.priced.baseTotal, amountDue: o.priced.amountDue - discountTotal, discountTotal,
    campaign: o.campaign?.kind ?? null, campaignRef: o.campaign?.ref ?? null,
    holdExpiresAt: o.holdMinutes === null ? null
      : o.holdCap ? sql`least(now() + make_interval(mins => ${o.holdMinutes}), ${o.holdCap.toISOString()}::timestamptz)`
      : sql`now() + make_interval(mins => ${o.holdMinutes})`,
    paidAt: o.payMethod === 'wallet' ? sql`now()` : null,
    idempotencyKey: o.idempotencyKey, requestHash: o.requestHash,
    lookupTokenHash: o.kind === 'storefront' ? lookupTokenHash(lookupToken(ctx.deps.config.secret, id)) : null,
    note: o.note ?? '', clientAddress: o.clientAddress ?? null, viaResellerId: o.viaResellerId ?? null, shareLink: o.shareLink ?? null,
  }).onConflictDoNothing().returning();
  if (inserted.length === 0) return null;
  const lines = newOrderLines(id, o.priced);
  await ctx.db.insert(orderLines).values(lines);
  if (o.discounts?.length) {
    await ctx.db.insert(orderDiscounts).values(o.discounts.map((d) => ({
      id: newId('dsc'), orderId: id, orderLineId: lines[d.lineIndex].id, source: d.source, sourceId: d.sourceId,
      bearer: d.bearer, bearerPartyId: d.bearerPartyId, amount: d.amount, currency: o.priced.currency,
    })));
  }
  return { order: inserted[0], lines };
}

/** The lines of a new order as they are written: ids given, no unit counted yet. */
export function newOrderLines(orderId: string, priced: PricedOrder): OrderLineRow[] {
  return priced.lines.map((l, i) => ({
    id: newId('oln'), orderId, lineNo: i + 1, eventSkuId: l.eventSkuId, saleEventId: l.saleEventId, skuId: l.skuId, productId: l.productId, brandId: l.brandId,
    quantity: l.quantity, basePrice: l.basePrice, sellingPrice: l.sellingPrice, commissionBps: l.commissionBps, currency: l.currency,
    qtyCancelled: 0, qtyShort: 0, qtyShipped: 0, qtyDelivered: 0, qtyReturned: 0, qtyRefunded: 0,
  }));
}

export async function orderByIdempotencyKey(ctx: Ctx, resellerId: string, kind: OrderKind, key: string): Promise<OrderRow | null> {
  const [o] = await ctx.db.select().from(orders).where(and(eq(orders.resellerId, resellerId), eq(orders.kind, kind), eq(orders.idempotencyKey, key)));
  return o ?? null;
}

export async function linesOfOrder(ctx: Ctx, orderId: string): Promise<OrderLineRow[]> {
  return ctx.db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(orderLines.lineNo);
}

function saleLines(lines: OrderLineRow[]) {
  return lines.map((l) => ({ orderLineId: l.id, brandId: l.brandId, quantity: l.quantity, basePrice: l.basePrice, sellingPrice: l.sellingPrice, commissionBps: l.commissionBps }));
}

export async function discountsOfOrder(ctx: Ctx, orderId: string): Promise<OrderDiscountRow[]> {
  return ctx.db.select().from(orderDiscounts).where(eq(orderDiscounts.orderId, orderId)).orderBy(orderDiscounts.id);
}

export interface DiscountUsage { paidOrders: number; pendingOrders: number; discount: number; sales: number }

/**
 * What a coupon or red-packet batch has done so far, per source id: orders paid with it (and
 * shipped or later), orders still awaiting payment, the discount on the paid ones and what their
 * consumers paid for the lines it discounted (other lines of a mixed order are not its doing).
 * Cancelled and expired orders count nowhere.
 */
export async function discountUsage(ctx: Ctx, source: 'coupon' | 'red_packet', sourceIds: string[]): Promise<Map<string, DiscountUsage>> {
  const out = new Map<string, DiscountUsage>();
  if (sourceIds.length === 0) return out;
  const r = await ctx.db.execute<{ source_id: string; paid_orders: number; pending_orders: number; discount: string; sales: string }>(sql`
    SELECT x.source_id,
           count(*) FILTER (WHERE x.paid)::int AS paid_orders,
           count(*) FILTER (WHERE x.status = 'pending_payment')::int AS pending_orders,
           coalesce(sum(x.off) FILTER (WHERE x.paid), 0) AS discount,
           coalesce(sum(x.gross - x.off) FILTER (WHERE x.paid), 0) AS sales
    FROM (SELECT d.source_id, o.status, ${isPaidOrLater(sql`o.status`)} AS paid, sum(d.amount) AS off, sum(l.selling_price * l.quantity) AS gross
          FROM order_discounts d JOIN order_lines l ON l.id = d.order_line_id JOIN orders o ON o.id = d.order_id
          WHERE d.source = ${source} AND d.source_id = ANY(${sql.param(sourceIds)}::text[]) GROUP BY d.source_id, d.order_id, o.status) x
    GROUP BY x.source_id`);
  for (const row of r.rows) out.set(row.source_id, { paidOrders: row.paid_orders, pendingOrders: row.pending_orders, discount: Number(row.discount), sales: Number(row.sales) });
  return out;
}

/**
 * Discounts of orders that expired unpaid or were cancelled, marked released exactly once; the
 * caller (promotions) gives the coupon use or red packet back in the same transaction.
 */
export async function releaseEndedOrderDiscounts(ctx: Ctx, batch = 200): Promise<{ orderId: string; consumerPhone: string; source: 'coupon' | 'red_packet'; sourceId: string }[]> {
  const r = await ctx.db.execute<{ order_id: string; consumer_phone: string; source: 'coupon' | 'red_packet'; source_id: string }>(sql`
    UPDATE order_discounts d SET status = 'released' FROM orders o
    WHERE o.id = d.order_id AND d.id IN (
      SELECT d2.id FROM order_discounts d2 JOIN orders o2 ON o2.id = d2.order_id
      WHERE d2.status = 'applied' AND o2.status IN ('expired','cancelled') ORDER BY d2.id LIMIT ${batch} FOR UPDATE OF d2 SKIP LOCKED)
    RETURNING d.order_id, o.consumer_phone, d.source, d.source_id`);
  return r.rows.map((x) => ({ orderId: x.order_id, consumerPhone: x.consumer_phone, source: x.source, sourceId: x.source_id }));
}

/** Post the paid entry for an order (wallet orders at placement, others on payment). */
export async function postOrderPaid(ctx: Ctx, o: OrderRow, lines: OrderLineRow[]): Promise<void> {
  const discounts = o.discountTotal > 0 ? (await discountsOfOrder(ctx, o.id)).filter((d) => d.status === 'applied') : [];
  await post(ctx, orderPaidPosting(o, lines, discounts));
}

/** The order's paid entry (its idempotency key names the order): what the payer paid, split over brand, platform and reseller. */
export function orderPaidPosting(o: Pick<OrderRow, 'id' | 'kind' | 'resellerId' | 'payMethod' | 'currency'>, lines: OrderLineRow[], discounts: OrderDiscountRow[] = []): Posting {
  return {
    kind: 'order_paid', causeType: 'order', causeId: o.id, idempotencyKey: `order-paid:${o.id}`, currency: o.currency,
    lines: orderPaidLines({
      resellerId: o.resellerId,
      payer: o.payMethod === 'wallet' ? { kind: 'wallet', resellerId: o.resellerId } : { kind: 'provider' },
      creditMargin: o.kind === 'storefront',
      lines: saleLines(lines),
      discounts: discounts.map((d) => ({ bearer: d.bearer as 'platform' | 'brand' | 'reseller', partyId: d.bearerPartyId, amount: d.amount, orderLineId: d.orderLineId })),
    }),
  };
}

/**
 * How long after its hold ends a payment still counts: the gateway's clock and the database's
 * are not the same clock, and a payer who pressed Pay with a second left should not lose.
 */
export const PAYMENT_GRACE_SECONDS = 5;

/**
 * The gateway took an order's payment at `paidAt` (its clock). Judged against the hold, not
 * against when the news arrived: paid before the hold ended (plus the grace) and the order is
 * still waiting — paid, the stock sold. Paid too late, or `refuse` (the campaign it belongs to
 * was decided meanwhile): the order expires if it still waits, and the caller refunds.
 */
export async function settleOrderPayment(ctx: Ctx, orderId: string, p: { paidAt: Date; refuse?: ReasonCode }): Promise<'paid' | 'already_paid' | 'too_late'> {
  return withTx(ctx, async (t) => {
    const [o] = await t.db.select({ row: orders, inTime: sql<boolean>`${p.paidAt.toISOString()}::timestamptz <= ${orders.holdExpiresAt} + make_interval(secs => ${PAYMENT_GRACE_SECONDS})` })
      .from(orders).where(eq(orders.id, orderId)).for('update');
    if (!o) throw new Error(`payment for unknown order ${orderId}`);
    const row = o.row;
    if (row.status !== 'pending_payment') return row.paidAt ? 'already_paid' : 'too_late';
    const lines = await linesOfOrder(t, orderId);
    if (!o.inTime || p.refuse) {
      await expireOne(t, row, lines, p.refuse ?? reasonOf('paid_after_hold_expired'));
      return 'too_late';
    }
    await t.db.update(orders).set({ status: 'paid', paidAt: p.paidAt }).where(and(eq(orders.id, orderId), eq(orders.status, 'pending_payment')));
    await moveStock(t, orderId, stockLinesOf(lines), 'sell');
    await postOrderPaid(t, { ...row, status: 'paid' }, lines);
    return 'paid';
  });
}

async function expireOne(ctx: Ctx, o: OrderRow, lines: OrderLineRow[], reason = reasonOf('hold_expired')): Promise<void> {
  const r = await ctx.db.update(orders).set({ status: 'expired', cancelReason: reason }).where(and(eq(orders.id, o.id), eq(orders.status, 'pending_payment'))).returning({ id: orders.id });
  if (r.length === 1) {
    await cancelAllUnits(ctx, o.id);
    await moveStock(ctx, o.id, stockLinesOf(lines), 'release');
  }
}

/** An unpaid order that ends (expired, cancelled): every unit of its lines is cancelled. */
async function cancelAllUnits(ctx: Ctx, orderId: string): Promise<void> {
  await ctx.db.update(orderLines).set({ qtyCancelled: sql`${orderLines.quantity}` }).where(eq(orderLines.orderId, orderId));
}

/** Unpaid orders whose hold has run out (database clock), oldest first: candidates for expiry. */
export async function dueUnpaidOrders(ctx: Ctx, limit = 200): Promise<{ id: string; payMethod: string }[]> {
  return ctx.db.select({ id: orders.id, payMethod: orders.payMethod }).from(orders)
    .where(and(eq(orders.status, 'pending_payment'), lt(orders.holdExpiresAt, sql`now()`))).orderBy(orders.holdExpiresAt).limit(limit);
}

/**
 * Expire unpaid orders whose hold has run out and give their stock back: these (whose payments
 * the caller has closed at the gateway), or any due ones. Rows another sweep holds are skipped.
 */
export async function expireHolds(ctx: Ctx, only?: string[], batch = 200): Promise<number> {
  if (only && only.length === 0) return 0;
  return withTx(ctx, async (t) => {
    const due = await t.db.select().from(orders)
      .where(and(eq(orders.status, 'pending_payment'), lt(orders.holdExpiresAt, sql`now()`), only ? inArray(orders.id, only) : undefined))
      .orderBy(orders.id).limit(batch).for('update', { skipLocked: true });
    for (const o of due) await expireOne(t, o, await linesOfOrder(t, o.id));
    return due.length;
  });
}

export interface CancelOutcome { order: OrderRow; lines: OrderLineRow[]; refund: { amount: number; lines: { orderLineId: string; amount: number }[] } | null; wasPaid: boolean }

/**
 * Cancel before shipment. Unpaid: the hold is released. Paid: the stock returns to the pool and
 * the paid entry is reversed exactly; wallet money returns at once, gateway money is refunded.
 * `unpaidOnly` (releasing a hold): an order paid meanwhile is refused under its row lock, never refunded.
 */
export async function cancelOrder(ctx: Ctx, orderId: string, reason: string, opts: { unpaidOnly?: boolean } = {}): Promise<CancelOutcome> {
  return withTx(ctx, async (t) => {
    const [o] = await t.db.select().from(orders).where(eq(orders.id, orderId)).for('update');
    authorize(t, 'orders.cancel', { resellerId: o?.resellerId ?? '\u0000' });
    if (!o) throw new AppError('not_found');
    if (opts.unpaidOnly && o.status !== 'pending_payment') throw new AppError('order_not_holding', { extra: { status: o.status } });
    assertTransition(orderTransitions, o.status as OrderStatus, 'cancelled');
    const lines = await linesOfOrder(t, orderId);
    const stock = stockLinesOf(lines);
    const [updated] = await t.db.update(orders).set({ status: 'cancelled', cancelledAt: sql`now()`, cancelReason: reason })
      .where(and(eq(orders.id, orderId), eq(orders.status, o.status))).returning();
    if (o.status === 'pending_payment') {
      await cancelAllUnits(t, orderId);
      await moveStock(t, orderId, stock, 'release');
      return { order: updated, lines, refund: null, wasPaid: false };
    }
    // Money before stock: checkout takes the wallet before the pool too, so the two never wait
    // on each other in a cycle. Every unit still to ship is given back (none has shipped: a
    // paid order may only be cancelled before shipment).
    const units = lines.filter((l) => toShip(l) > 0).map((l) => ({ orderLineId: l.id, eventSkuId: l.eventSkuId, quantity: toShip(l) }));
    const back = await giveBackLocked(t, updated, lines, {
      kind: 'order_cancelled', reason, idempotencyKey: `order-cancelled:${orderId}`, causeType: 'order', causeId: orderId, as: 'cancelled',
      units: units.map(({ orderLineId, quantity }) => ({ orderLineId, quantity })),
    });
    // Only the units given back return to the pool: units the brand was short of never existed.
    if (units.length) await moveStock(t, orderId, units, 'unsell');
    return { order: updated, lines: back.lines, refund: o.payMethod === 'provider' ? { amount: back.provider, lines: back.perLine } : null, wasPaid: true };
  });
}

/** How units of a paid order come back: cancelled before shipment, short (not delivered by the brand, or damaged), returned after delivery, or refunded without a return. */
export type GiveBackAs = 'cancelled' | 'short' | 'returned' | 'refund_only';

export interface GiveBack {
  /** The ledger entry's kind (order_cancelled, order_line_short, order_line_returned, order_line_refund). */
  kind: string;
  reason: string;
  /** One effect per key: a second call with it changes nothing and answers as the first did. */
  idempotencyKey: string;
  causeType: string;
  causeId: string;
  as: GiveBackAs;
  units: { orderLineId: string; quantity: number }[];
}

export interface GivenBack {
  duplicate: boolean;
  /** Owed back to the payer through the provider, and credited back to the reseller's wallet. */
  provider: number;
  wallet: number;
  /** Per order line: units given back and the payer's money for them. */
  perLine: { orderLineId: string; quantity: number; amount: number }[];
  order: OrderRow;
  lines: OrderLineRow[];
}

/**
 * Give back units of a paid order, per line and per unit: the line's counts move (guarded by
 * CHECKs), every party's ledger lines for those units are reversed in one entry (each line's held
 * money in proportion, the last unit taking what is left), and the order's status is derived
 * again. Exactly once per idempotency key. The caller refunds `provider` through the gateway.
 */
export async function giveBackUnits(ctx: Ctx, orderId: string, g: GiveBack): Promise<GivenBack> {
  return withTx(ctx, async (t) => {
    const [o] = await t.db.select().from(orders).where(eq(orders.id, orderId)).for('update');
    if (!o) throw new AppError('not_found');
    const lines = await t.db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(orderLines.lineNo).for('update');
    return giveBackLocked(t, o, lines, g);
  });
}

const COUNTER: Record<GiveBackAs, keyof OrderLineRow | null> = { cancelled: 'qtyCancelled', short: 'qtyShort', returned: 'qtyReturned', refund_only: null };

async function giveBackLocked(ctx: Ctx, o: OrderRow, lines: OrderLineRow[], g: GiveBack): Promise<GivenBack> {
  const previous = await linesOf(ctx, g.idempotencyKey);
  if (previous.length > 0) return { duplicate: true, ...refundsOf(previous), order: o, lines };
  if (!PAID_OR_LATER.includes(o.status as OrderStatus) && o.status !== 'cancelled') throw new AppError('invalid_transition', { detail: `order ${o.orderNo} is not paid` });
  const byId = new Map(lines.map((l) => [l.id, l]));
  for (const u of g.units) {
    const l = byId.get(u.orderLineId);
    if (!l) throw new AppError('not_found', { detail: `order line ${u.orderLineId} is not on order ${o.orderNo}` });
    const most = g.as === 'cancelled' || g.as === 'short' ? toShip(l)
      : g.as === 'returned' ? Math.min(l.qtyShipped - l.qtyReturned, unrefunded(l)) : unrefunded(l);
    if (!Number.isInteger(u.quantity) || u.quantity < 1 || u.quantity > most) {
      throw new AppError('quantity_unavailable', { detail: `line ${l.lineNo}: ${u.quantity} asked, ${most} can be ${g.as.replace('_', ' ')}`, extra: { orderLineId: l.id, most } });
    }
  }
  const held = await heldForOrderLines(ctx, g.units.map((u) => u.orderLineId));
  const reversal: PostingLine[] = [];
  const perLine: GivenBack['perLine'] = [];
  for (const u of g.units) {
    const l = byId.get(u.orderLineId)!;
    const rev = unitReversalLines(held.get(l.id)!, u.quantity, unrefunded(l));
    const back = payerRefundOf(rev);
    perLine.push({ orderLineId: l.id, quantity: u.quantity, amount: back.provider + back.wallet });
    reversal.push(...rev);
  }
  await post(ctx, { kind: g.kind, causeType: g.causeType, causeId: g.causeId, idempotencyKey: g.idempotencyKey, currency: o.currency, memo: g.reason, lines: reversal });
  const counter = COUNTER[g.as];
  const changed: OrderLineRow[] = [];
  for (const u of g.units) {
    const l = byId.get(u.orderLineId)!;
    const next = { ...l, qtyRefunded: l.qtyRefunded + u.quantity, ...(counter ? { [counter]: (l[counter] as number) + u.quantity } : {}) };
    await ctx.db.update(orderLines).set({ qtyRefunded: next.qtyRefunded, qtyCancelled: next.qtyCancelled, qtyShort: next.qtyShort, qtyReturned: next.qtyReturned }).where(eq(orderLines.id, l.id));
    byId.set(l.id, next);
    changed.push(next);
  }
  const now = lines.map((l) => byId.get(l.id)!);
  const order = await restatus(ctx, o, now, g.reason);
  return { duplicate: false, ...payerRefundOf(reversal), perLine, order, lines: now };
}

function refundsOf(entry: PostingLine[]): Pick<GivenBack, 'provider' | 'wallet' | 'perLine'> {
  const { provider, wallet } = payerRefundOf(entry);
  const per = new Map<string, number>();
  for (const l of entry) if (l.orderLineId && (l.account === 'refunds_in_flight' || l.account === 'reseller_wallet')) per.set(l.orderLineId, (per.get(l.orderLineId) ?? 0) - l.amount);
  return { provider, wallet, perLine: [...per].map(([orderLineId, amount]) => ({ orderLineId, quantity: 0, amount })) };
}

/** Write an order's derived status (and its shipped/delivered times) if its lines moved it. */
async function restatus(ctx: Ctx, o: OrderRow, lines: OrderLineRow[], reason?: string): Promise<OrderRow> {
  const to = orderStatusOf(o.status as OrderStatus, lines);
  if (to === o.status) return o;
  assertTransition(orderTransitions, o.status as OrderStatus, to);
  const [u] = await ctx.db.update(orders).set({
    status: to,
    shippedAt: to === 'partially_shipped' || to === 'shipped' ? sql`coalesce(${orders.shippedAt}, now())` : undefined,
    deliveredAt: to === 'delivered' ? sql`now()` : undefined,
    returnWindowEndsAt: to === 'delivered' ? sql`now() + make_interval(days => ${ctx.deps.config.fulfilment.returnWindowDays})` : undefined,
    cancelledAt: to === 'cancelled' ? sql`now()` : undefined,
    cancelReason: to === 'cancelled' ? (reason ?? null) : undefined,
  }).where(and(eq(orders.id, o.id), eq(orders.status, o.status))).returning();
  if (!u) throw new Error(`order ${o.id} changed status under its lock`);
  return u;
}

/**
 * Units left the warehouse (shipped) or reached the consumer (delivered), per order line, set-based:
 * one guarded UPDATE per kind — a line can never ship more than it has to ship, nor deliver more
 * than shipped — then each touched order's status is derived again. All or nothing.
 */
export async function moveUnits(ctx: Ctx, kind: 'shipped' | 'delivered', units: { orderLineId: string; quantity: number }[]): Promise<OrderRow[]> {
  if (units.length === 0) return [];
  const merged = new Map<string, number>();
  for (const u of units) merged.set(u.orderLineId, (merged.get(u.orderLineId) ?? 0) + u.quantity);
  return withTx(ctx, async (t) => {
    const ids = [...merged.keys()];
    const qs = [...merged.values()];
    // Orders first, in id order (the lock order every writer of orders and lines keeps).
    const orderIds = (await t.db.execute<{ order_id: string }>(sql`SELECT DISTINCT order_id FROM order_lines WHERE id = ANY(${sql.param(ids)}::text[]) ORDER BY 1`)).rows.map((r) => r.order_id);
    const locked = await t.db.select().from(orders).where(inArray(orders.id, orderIds)).orderBy(orders.id).for('update');
    const r = kind === 'shipped'
      ? await t.db.execute(sql`UPDATE order_lines l SET qty_shipped = l.qty_shipped + x.q FROM unnest(${sql.param(ids)}::text[], ${sql.param(qs)}::int[]) AS x(id, q)
          WHERE l.id = x.id AND l.quantity - l.qty_cancelled - l.qty_short - l.qty_shipped >= x.q RETURNING l.id`)
      : await t.db.execute(sql`UPDATE order_lines l SET qty_delivered = l.qty_delivered + x.q FROM unnest(${sql.param(ids)}::text[], ${sql.param(qs)}::int[]) AS x(id, q)
          WHERE l.id = x.id AND l.qty_shipped - l.qty_delivered >= x.q RETURNING l.id`);
    if (r.rows.length !== ids.length) throw new AppError('quantity_unavailable', { detail: `${ids.length - r.rows.length} of ${ids.length} order lines cannot have those units ${kind}` });
    const all = await t.db.select().from(orderLines).where(inArray(orderLines.orderId, orderIds)).orderBy(orderLines.orderId, orderLines.lineNo);
    const out: OrderRow[] = [];
    for (const o of locked) out.push(await restatus(t, o, all.filter((l) => l.orderId === o.id)));
    return out;
  });
}

/** Delivered orders whose return window has passed (database clock) become completed; their ids. */
export async function completeDeliveredOrders(ctx: Ctx, limit = 500): Promise<string[]> {
  const r = await ctx.db.execute<{ id: string }>(sql`
    UPDATE orders SET status = 'completed' WHERE id IN (
      SELECT id FROM orders WHERE status = 'delivered' AND return_window_ends_at <= now() ORDER BY return_window_ends_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    AND status = 'delivered' RETURNING id`);
  return r.rows.map((x) => x.id);
}

export async function getOrderRow(ctx: Ctx, id: string): Promise<OrderRow | null> {
  const [o] = await ctx.db.select().from(orders).where(eq(orders.id, id));
  return o ?? null;
}

/** Read an order: operators any, resellers their own, brands those with their lines. */
export async function readOrder(ctx: Ctx, id: string): Promise<{ order: OrderRow; lines: OrderLineRow[] }> {
  authorize(ctx, 'orders.read');
  const o = await getOrderRow(ctx, id);
  if (!o) throw new AppError('not_found');
  let lines = await linesOfOrder(ctx, id);
  if (ctx.actor.kind === 'brand') {
    const brandId = ctx.actor.brandId;
    lines = lines.filter((l) => l.brandId === brandId);
    if (lines.length === 0) throw new AppError('not_found');
  } else {
    authorize(ctx, 'orders.read', { resellerId: o.resellerId });
  }
  return { order: o, lines };
}

/** The consumer's view, by the secret token from the confirmation link. */
export async function readOrderByToken(ctx: Ctx, id: string, token: string): Promise<{ order: OrderRow; lines: OrderLineRow[] }> {
  const o = await getOrderRow(ctx, id);
  const expected = o?.lookupTokenHash ? Buffer.from(o.lookupTokenHash, 'hex') : Buffer.alloc(32);
  const given = Buffer.from(lookupTokenHash(token), 'hex');
  if (!o || !o.lookupTokenHash || !crypto.timingSafeEqual(expected, given)) throw new AppError('not_found');
  return { order: o, lines: await linesOfOrder(ctx, id) };
}

export interface OrderFilter { status?: OrderStatus; kind?: OrderKind; resellerId?: string; brandId?: string; saleEventId?: string; q?: string; cursor?: string; limit?: number }

/**
 * The orders a filter names, scoped to the actor: resellers their own, brands those holding their
 * items. Every list, summary and export of orders asks this, so they always agree.
 */
export function orderScope(ctx: Ctx, f: OrderFilter): { where: SQL | undefined; brandId: string | undefined } {
  const a = ctx.actor;
  const resellerId = a.kind === 'reseller' ? a.resellerId : f.resellerId;
  const brandId = a.kind === 'brand' ? a.brandId : f.brandId;
  const q = f.q?.trim();
  const byNumber = q ? orderNoMatch(q) : undefined;
  const conds: (SQL | undefined)[] = [
    resellerId ? eq(orders.resellerId, resellerId) : undefined,
    f.status ? eq(orders.status, f.status) : undefined,
    f.kind ? eq(orders.kind, f.kind) : undefined,
    brandId ? sql`EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = ${orders.id} AND l.brand_id = ${brandId})` : undefined,
    f.saleEventId ? sql`EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = ${orders.id} AND l.sale_event_id = ${f.saleEventId})` : undefined,
    // Brands never see consumers' personal data, so they cannot search by it either.
    q && a.kind === 'brand' ? or(eq(orders.id, q), byNumber) : undefined,
    q && a.kind !== 'brand' ? or(sql`${orders.consumerName} ILIKE ${'%' + q + '%'}`, sql`${orders.consumerPhone} LIKE ${'%' + q + '%'}`, eq(orders.id, q), byNumber) : undefined,
  ];
  return { where: and(...conds), brandId };
}

/** The whole order number, or its last digits (through the index of reversed numbers). */
function orderNoMatch(q: string): SQL | undefined {
  const term = orderNoTerm(q);
  if (!term) return undefined;
  if (term.kind === 'whole') return eq(orders.orderNo, term.digits);
  return sql`reverse(${orders.orderNo}) LIKE ${[...term.digits].reverse().join('') + '%'}`;
}

/**
 * Every list of orders runs newest first by the time placed — the time on the card — then by id
 * (paging.ts newestFirst). Served by orders_created_idx, and orders_reseller_idx for a reseller's own.
 */
const byTime = newestFirst(orders.createdAt, orders.id);
export const ORDERS_NEWEST_FIRST = byTime.order;

/** Where a list of orders stopped (paging.ts newestFirst): select it beside the orders, read it back with ordersAfter. */
export const orderKey = byTime.key;

/** The orders after a key in ORDERS_NEWEST_FIRST order. */
export function ordersAfter(key: string): SQL {
  return byTime.after(key);
}

/** Orders newest first by the time placed, scoped to the actor, cursor-paginated by (created_at, id). */
export async function listOrders(ctx: Ctx, f: OrderFilter): Promise<{ items: { order: OrderRow; lines: OrderLineRow[] }[]; nextCursor: string | null }> {
  authorize(ctx, 'orders.read');
  const { where, brandId } = orderScope(ctx, f);
  const limit = pageSize(f.limit);
  const rows = await ctx.db.select({ order: orders, key: orderKey }).from(orders)
    .where(and(where, f.cursor ? ordersAfter(f.cursor) : undefined)).orderBy(...ORDERS_NEWEST_FIRST).limit(limit + 1);
  const { page: read, nextCursor } = keysetPage(rows, limit, (r) => r.key);
  const page = read.map((r) => r.order);
  const lines = page.length ? await ctx.db.select().from(orderLines).where(inArray(orderLines.orderId, page.map((o) => o.id))).orderBy(orderLines.orderId, orderLines.lineNo) : [];
  return {
    items: page.map((o) => ({ order: o, lines: lines.filter((l) => l.orderId === o.id && (!brandId || ctx.actor.kind !== 'brand' || l.brandId === brandId)) })),
    nextCursor,
  };
}

/** Is the order still waiting for payment with its hold good (database clock)? */
export async function awaitingPayment(ctx: Ctx, orderId: string): Promise<boolean> {
  const [o] = await ctx.db.select({ ok: sql<boolean>`${orders.status} = 'pending_payment' AND ${orders.holdExpiresAt} > now()` }).from(orders).where(eq(orders.id, orderId));
  return o?.ok ?? false;
}

export interface FulfillableLine {
  orderLineId: string; orderId: string; saleEventId: string; eventSkuId: string; skuId: string; brandId: string;
  toShip: number; paidAt: Date; campaign: string | null; campaignRef: string | null;
}

/** Lines of paid orders in an event with units still to ship (to be asked of their brands). */
export async function fulfillableLines(ctx: Ctx, saleEventId: string): Promise<FulfillableLine[]> {
  const rows = await ctx.db.select({ l: orderLines, paidAt: orders.paidAt, campaign: orders.campaign, campaignRef: orders.campaignRef }).from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(eq(orderLines.saleEventId, saleEventId), inArray(orders.status, ['paid', 'partially_shipped']),
      sql`${orderLines.quantity} - ${orderLines.qtyCancelled} - ${orderLines.qtyShort} - ${orderLines.qtyShipped} > 0`))
    .orderBy(orders.paidAt, orderLines.id);
  return rows.map((r) => ({
    orderLineId: r.l.id, orderId: r.l.orderId, saleEventId: r.l.saleEventId, eventSkuId: r.l.eventSkuId, skuId: r.l.skuId, brandId: r.l.brandId,
    toShip: toShip(r.l), paidAt: r.paidAt!, campaign: r.campaign, campaignRef: r.campaignRef,
  }));
}

export interface Consignee { orderId: string; orderNo: string; resellerId: string; name: string; phone: string; address: Address; status: string }

/** Who each order goes to (for sorting and labels). */
export async function consigneesOf(ctx: Ctx, orderIds: string[]): Promise<Map<string, Consignee>> {
  if (orderIds.length === 0) return new Map();
  const rows = await ctx.db.select({ id: orders.id, orderNo: orders.orderNo, resellerId: orders.resellerId, name: orders.consumerName, phone: orders.consumerPhone, address: orders.address, status: orders.status })
    .from(orders).where(inArray(orders.id, orderIds));
  return new Map(rows.map((r) => [r.id, { orderId: r.id, orderNo: r.orderNo, resellerId: r.resellerId, name: r.name, phone: r.phone, address: r.address, status: r.status }]));
}

/** Units delivered per brand, event or SKU (the denominator of return rates). */
export async function deliveredUnits(ctx: Ctx, by: 'brand' | 'event' | 'sku', brandId?: string): Promise<Map<string, number>> {
  const col = by === 'brand' ? sql`brand_id` : by === 'event' ? sql`sale_event_id` : sql`sku_id`;
  const r = await ctx.db.execute<{ key: string; n: number }>(sql`
    SELECT ${col} AS key, sum(qty_delivered)::int AS n FROM order_lines WHERE qty_delivered > 0 ${brandId ? sql`AND brand_id = ${brandId}` : sql``} GROUP BY 1`);
  return new Map(r.rows.map((x) => [x.key, x.n]));
}

/** An order and its lines, locked for a change that must see them as they are (after-sales). */
export async function lockOrderWithLines(ctx: Ctx, orderId: string): Promise<{ order: OrderRow; lines: OrderLineRow[] } | null> {
  const [o] = await ctx.db.select().from(orders).where(eq(orders.id, orderId)).for('update');
  if (!o) return null;
  return { order: o, lines: await ctx.db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(orderLines.lineNo) };
}
