// Orders: recording them, reading them per actor, and their lifecycle (payment, expiry,
// cancellation). Each change of status is a guarded UPDATE … WHERE status = $from.
import crypto from 'node:crypto';
import { and, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { assertTransition } from '../../platform/state-machine.ts';
import { moveStock } from '../inventory/index.ts';
import { post, linesOf, orderPaidLines, reversalLines } from '../ledger/index.ts';
import { orders, orderLines, orderDiscounts, type Address } from './orders.tables.ts';
import { orderTransitions, orderNoTerm, PAID_OR_LATER, type OrderKind, type OrderStatus, type PricedOrder } from './orders.rules.ts';
import { pageSize, keysetPage } from '../../platform/paging.ts';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;

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
}

/** A discount planned for one line of an order (by the line's index in the priced order). */
export interface PlannedDiscount {
  lineIndex: number; source: 'coupon' | 'red_packet'; sourceId: string;
  bearer: 'platform' | 'brand' | 'reseller'; bearerPartyId: string; amount: number;
}

export type OrderDiscountRow = typeof orderDiscounts.$inferSelect;

/** The consumer's secret for looking an order up: derived, so a replayed request returns it again. */
/** SQL: the order status expression names a paid order (paid, or moved on since). */
export function isPaidOrLater(status: SQL): SQL {
  return sql`${status} = ANY(${sql.param([...PAID_OR_LATER])}::text[])`;
}

export function lookupToken(secret: string, orderId: string): string {
  return crypto.createHmac('sha256', secret).update(`order-lookup:${orderId}`).digest('base64url').slice(0, 32);
}

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
    lookupTokenHash: o.kind === 'storefront' ? crypto.createHash('sha256').update(lookupToken(ctx.deps.config.secret, id)).digest('hex') : null,
    note: o.note ?? '', clientAddress: o.clientAddress ?? null,
  }).onConflictDoNothing().returning();
  if (inserted.length === 0) return null;
  const lines: OrderLineRow[] = o.priced.lines.map((l, i) => ({
    id: newId('oln'), orderId: id, lineNo: i + 1, eventSkuId: l.eventSkuId, saleEventId: l.saleEventId, skuId: l.skuId, productId: l.productId, brandId: l.brandId,
    quantity: l.quantity, basePrice: l.basePrice, sellingPrice: l.sellingPrice, commissionBps: l.commissionBps, currency: l.currency,
  }));
  await ctx.db.insert(orderLines).values(lines);
  if (o.discounts?.length) {
    await ctx.db.insert(orderDiscounts).values(o.discounts.map((d) => ({
      id: newId('dsc'), orderId: id, orderLineId: lines[d.lineIndex].id, source: d.source, sourceId: d.sourceId,
      bearer: d.bearer, bearerPartyId: d.bearerPartyId, amount: d.amount, currency: o.priced.currency,
    })));
  }
  return { order: inserted[0], lines };
}

export async function orderByIdempotencyKey(ctx: Ctx, resellerId: string, kind: OrderKind, key: string): Promise<OrderRow | null> {
  const [o] = await ctx.db.select().from(orders).where(and(eq(orders.resellerId, resellerId), eq(orders.kind, kind), eq(orders.idempotencyKey, key)));
  return o ?? null;
}

export async function linesOfOrder(ctx: Ctx, orderId: string): Promise<OrderLineRow[]> {
  return ctx.db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(orderLines.lineNo);
}

function saleLines(lines: OrderLineRow[]) {
  return lines.map((l) => ({ brandId: l.brandId, quantity: l.quantity, basePrice: l.basePrice, sellingPrice: l.sellingPrice, commissionBps: l.commissionBps }));
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
  await post(ctx, {
    kind: 'order_paid', causeType: 'order', causeId: o.id, idempotencyKey: `order-paid:${o.id}`, currency: o.currency,
    lines: orderPaidLines({
      resellerId: o.resellerId,
      payer: o.payMethod === 'wallet' ? { kind: 'wallet', resellerId: o.resellerId } : { kind: 'provider' },
      creditMargin: o.kind === 'storefront',
      lines: saleLines(lines),
      discounts: discounts.map((d) => ({ bearer: d.bearer as 'platform' | 'brand' | 'reseller', partyId: d.bearerPartyId, amount: d.amount })),
    }),
  });
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
export async function settleOrderPayment(ctx: Ctx, orderId: string, p: { paidAt: Date; refuse?: string }): Promise<'paid' | 'already_paid' | 'too_late'> {
  return withTx(ctx, async (t) => {
    const [o] = await t.db.select({ row: orders, inTime: sql<boolean>`${p.paidAt.toISOString()}::timestamptz <= ${orders.holdExpiresAt} + make_interval(secs => ${PAYMENT_GRACE_SECONDS})` })
      .from(orders).where(eq(orders.id, orderId)).for('update');
    if (!o) throw new Error(`payment for unknown order ${orderId}`);
    const row = o.row;
    if (row.status !== 'pending_payment') return row.paidAt ? 'already_paid' : 'too_late';
    const lines = await linesOfOrder(t, orderId);
    if (!o.inTime || p.refuse) {
      await expireOne(t, row, lines, p.refuse ?? 'paid after the hold expired');
      return 'too_late';
    }
    await t.db.update(orders).set({ status: 'paid', paidAt: p.paidAt }).where(and(eq(orders.id, orderId), eq(orders.status, 'pending_payment')));
    await moveStock(t, orderId, lines.map((l) => ({ eventSkuId: l.eventSkuId, quantity: l.quantity })), 'sell');
    await postOrderPaid(t, { ...row, status: 'paid' }, lines);
    return 'paid';
  });
}

async function expireOne(ctx: Ctx, o: OrderRow, lines: OrderLineRow[], reason = 'hold expired'): Promise<void> {
  const r = await ctx.db.update(orders).set({ status: 'expired', cancelReason: reason }).where(and(eq(orders.id, o.id), eq(orders.status, 'pending_payment'))).returning({ id: orders.id });
  if (r.length === 1) await moveStock(ctx, o.id, lines.map((l) => ({ eventSkuId: l.eventSkuId, quantity: l.quantity })), 'release');
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

export interface CancelOutcome { order: OrderRow; lines: OrderLineRow[]; refund: { amount: number } | null; wasPaid: boolean }

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
    const stock = lines.map((l) => ({ eventSkuId: l.eventSkuId, quantity: l.quantity }));
    const [updated] = await t.db.update(orders).set({ status: 'cancelled', cancelledAt: sql`now()`, cancelReason: reason })
      .where(and(eq(orders.id, orderId), eq(orders.status, o.status))).returning();
    if (o.status === 'pending_payment') {
      await moveStock(t, orderId, stock, 'release');
      return { order: updated, lines, refund: null, wasPaid: false };
    }
    // Money before stock: checkout takes the wallet before the pool too, so the two never wait
    // on each other in a cycle.
    const paid = await linesOf(t, `order-paid:${orderId}`);
    await post(t, { kind: 'order_cancelled', causeType: 'order', causeId: orderId, idempotencyKey: `order-cancelled:${orderId}`, currency: o.currency, memo: reason, lines: reversalLines(paid) });
    await moveStock(t, orderId, stock, 'unsell');
    return { order: updated, lines, refund: o.payMethod === 'provider' ? { amount: o.amountDue } : null, wasPaid: true };
  });
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
  const given = crypto.createHash('sha256').update(token).digest();
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

/** Orders newest first, scoped to the actor, cursor-paginated by id. */
export async function listOrders(ctx: Ctx, f: OrderFilter): Promise<{ items: { order: OrderRow; lines: OrderLineRow[] }[]; nextCursor: string | null }> {
  authorize(ctx, 'orders.read');
  const { where, brandId } = orderScope(ctx, f);
  const limit = pageSize(f.limit);
  const rows = await ctx.db.select().from(orders).where(and(where, f.cursor ? lt(orders.id, f.cursor) : undefined)).orderBy(desc(orders.id)).limit(limit + 1);
  const { page, nextCursor } = keysetPage(rows, limit, (r) => r.id);
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
