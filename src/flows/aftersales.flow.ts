// After-sales across modules (售后): a consumer (by their order link) or the reseller on their
// behalf asks to return units of delivered lines within the return window, with a reason and
// photos; the operator approves (a return waybill from the consumer to the warehouse) or rejects
// with a reason; the return parcel's tracking brings it in; inspection accepts units; accepted
// units are given back — every party's ledger lines reversed to the fen — and refunded through
// the gateway or to the wallet, exactly once. Small amounts and lost parcels may be refunded
// without a return (仅退款), by policy.
import { sql } from 'drizzle-orm';
import { withTx, systemCtx, type Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { authorize } from '../platform/access.ts';
import { saveDataUrlImages } from '../platform/uploads.ts';
import { reasonOf } from '../platform/reasons.ts';
import { giveBack } from './settlement.flow.ts';
import { getOrderRow, lockOrderWithLines, readOrderByToken, readOrder, deliveredUnits, unrefunded, consigneesOf } from '../modules/orders/index.ts';
import { heldForOrderLines } from '../modules/ledger/index.ts';
import {
  claimedUnits, insertReturn, getReturn, lockReturn, moveReturn, recordInspection, returnRates, returnsOfOrder, judgeReturn,
  WITHDRAWABLE_RETURN, type ReturnKind, type ReasonCode, type ReturnView, type ReturnStatus,
} from '../modules/aftersales/index.ts';
import { receiveReturnedUnits, RETURN_ADDRESS } from '../modules/fulfillment/index.ts';
import { requestWaybill, cancelWaybill } from '../modules/carriers/index.ts';
import { brandNames } from '../modules/brands/index.ts';
import { saleEventHeads } from '../modules/sale-events/index.ts';
import { skuTags } from '../modules/catalog/index.ts';
import { refundOrderPayment } from '../modules/payments/index.ts';
import { sendRefunds } from './payment-settlement.flow.ts';

export interface ReturnInput {
  kind: ReturnKind; reasonCode: ReasonCode; note?: string;
  lines: { orderLineId: string; quantity: number }[];
  /** Up to 3 photos as base64 data URLs (image/jpeg, png, webp). */
  photos?: string[];
}

/** Up to 3 photos of a return, 2 MB each. */
const storePhotos = (ctx: Ctx, photos: string[] = []) => saveDataUrlImages(ctx, photos, { max: 3, field: 'photos' });

/**
 * Ask to return units of an order. `via` says who asks: the signed-in actor (a reseller for their
 * customer, or an operator), or the consumer with their order link's token.
 */
export async function requestReturn(ctx: Ctx, orderId: string, input: ReturnInput, via: { token: string } | 'actor'): Promise<ReturnView> {
  let requestedBy: 'consumer' | 'reseller' | 'operator';
  if (via === 'actor') {
    authorize(ctx, 'returns.request');
    await readOrder(ctx, orderId); // not_found for an order the actor may not see
    requestedBy = ctx.actor.kind === 'reseller' ? 'reseller' : 'operator';
  } else {
    await readOrderByToken(ctx, orderId, via.token);
    requestedBy = 'consumer';
  }
  // Photos are stored before the transaction: a refused request leaves at most unused files.
  const photos = await storePhotos(ctx, input.photos);
  const sys = systemCtx(ctx);
  const created = await withTx(sys, async (t) => {
    const locked = await lockOrderWithLines(t, orderId);
    if (!locked) throw new AppError('not_found');
    const { order, lines } = locked;
    const claimed = await claimedUnits(t, orderId);
    const held = await heldForOrderLines(t, lines.map((l) => l.id));
    const payerHeld = (id: string) => (held.get(id) ?? []).filter((x) => x.account === 'provider_cash' || x.account === 'reseller_wallet').reduce((a, x) => a + x.amount, 0);
    const [{ now }] = (await t.db.execute<{ now: Date }>(sql`SELECT now() AS now`)).rows;
    const verdict = judgeReturn({ kind: input.kind, reasonCode: input.reasonCode, lines: input.lines }, {
      returnWindowEndsAt: order.returnWindowEndsAt, shippedAt: order.shippedAt, deliveredAt: order.deliveredAt,
      lines: lines.map((l) => ({
        orderLineId: l.id, lineNo: l.lineNo, quantity: l.quantity, qtyShipped: l.qtyShipped, qtyDelivered: l.qtyDelivered, qtyReturned: l.qtyReturned, qtyRefunded: l.qtyRefunded,
        claimed: claimed.get(l.id) ?? 0, unitPaid: unrefunded(l) > 0 ? Math.floor(payerHeld(l.id) / unrefunded(l)) : 0,
      })),
    }, new Date(now), t.deps.config.fulfilment.refundOnly);
    if (!verdict.ok) throw new AppError(verdict.code, { fields: verdict.issues, detail: verdict.issues[0]?.message });
    const byId = new Map(lines.map((l) => [l.id, l]));
    const r = await insertReturn(t, {
      orderId, resellerId: order.resellerId, kind: input.kind, reasonCode: input.reasonCode, note: input.note?.trim() ?? '', photos, requestedBy, currency: order.currency,
      lines: input.lines.map((x) => { const l = byId.get(x.orderLineId)!; return { orderLineId: l.id, brandId: l.brandId, saleEventId: l.saleEventId, skuId: l.skuId, quantity: x.quantity }; }),
    });
    return { r, auto: input.kind === 'refund_only' && !verdict.lost };
  });
  // Policy: a small refund without a return is approved at once (a lost parcel waits for the operator).
  if (created.auto) return decideReturn(sys, created.r.id, { approve: true, reason: reasonOf('refund_only_within_policy') });
  return getReturn(sys, created.r.id);
}

/** Give the accepted units back and refund them, once (the key is the request's). */
async function refundReturn(t: Ctx, r: ReturnView, units: { orderLineId: string; quantity: number }[], as: 'returned' | 'refund_only'): Promise<{ amount: number; refundId: string | null }> {
  const key = `return:${r.id}`;
  const back = await giveBack(t, r.orderId, {
    kind: as === 'returned' ? 'order_line_returned' : 'order_line_refund', reason: reasonOf(as === 'returned' ? 'return' : 'refund_only', r.returnNo),
    idempotencyKey: key, causeType: 'return', causeId: r.id, as, units,
  });
  const refundId = await refundOrderPayment(t, { orderId: r.orderId, amount: back.provider, reason: reasonOf(as === 'returned' ? 'return' : 'refund_only', r.returnNo), idempotencyKey: key, lines: back.perLine });
  return { amount: back.provider + back.wallet, refundId };
}

/** The operator approves (a return waybill, or the refund for refund-only) or rejects with a reason. */
export async function decideReturn(ctx: Ctx, id: string, d: { approve: boolean; reason: string }): Promise<ReturnView> {
  authorize(ctx, 'returns.decide');
  const who = 'userId' in ctx.actor ? ctx.actor.userId : null;
  if (!d.approve) {
    await withTx(ctx, async (t) => moveReturn(t, await lockReturn(t, id), 'rejected', { decisionReason: d.reason, decidedByUserId: who }));
    return getReturn(systemCtx(ctx), id);
  }
  const current = await getReturn(systemCtx(ctx), id);
  if (current.kind === 'return' && current.status === 'requested') {
    // The return parcel's waybill first (outside the transaction; idempotent on the request id).
    const o = (await getOrderRow(ctx, current.orderId))!;
    const w = await requestWaybill(systemCtx(ctx), {
      parcelRef: current.id, service: 'standard',
      sender: { name: o.consumerName, phone: o.consumerPhone, address: o.address },
      recipient: { name: RETURN_ADDRESS.name, phone: RETURN_ADDRESS.phone, address: RETURN_ADDRESS.address },
      weightGrams: 500 * current.lines.reduce((a, l) => a + l.quantity, 0), items: current.lines.map((l) => ({ name: l.skuId, quantity: l.quantity })),
    });
    await withTx(ctx, async (t) => moveReturn(t, await lockReturn(t, id), 'approved', { decisionReason: d.reason, decidedByUserId: who, returnCarrier: w.carrier, returnWaybillNo: w.waybillNo }));
    return getReturn(systemCtx(ctx), id);
  }
  const refundId = await withTx(ctx, async (t) => {
    let r = await lockReturn(t, id);
    if (r.kind !== 'refund_only') throw new AppError('invalid_transition', { detail: `return ${r.returnNo} is ${r.status}`, extra: { from: r.status, to: 'approved' } });
    const approved = await moveReturn(t, r, 'approved', { decisionReason: d.reason, decidedByUserId: who });
    r = { ...r, ...approved };
    const out = await refundReturn(systemCtx(t), r, r.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity })), 'refund_only');
    await moveReturn(t, r, 'refunded', { refunded: out.amount });
    return out.refundId;
  });
  if (refundId) await sendRefunds(ctx, [refundId]);
  return getReturn(systemCtx(ctx), id);
}

function notWithdrawable(r: { returnNo: string; status: string }, detail?: string): AppError {
  return new AppError('return_not_withdrawable', { detail: detail ?? `return ${r.returnNo} is ${r.status}`, extra: { status: r.status } });
}

/**
 * The consumer (`via` their order link's token, for the order the request is on) or their reseller
 * (the actor) withdraws a request (撤销申请) while it waits for a decision or, approved, before any
 * goods came back. An approved return's waybill is cancelled at the carrier first; once the courier
 * has collected the parcel it cannot be, and neither can the request. Nothing was given back or
 * refunded before these states, so nothing is undone; the units may be asked for again.
 */
export async function withdrawReturn(ctx: Ctx, id: string, via: { orderId: string; token: string } | 'actor'): Promise<ReturnView> {
  const sys = systemCtx(ctx);
  let current: ReturnView;
  if (via === 'actor') {
    authorize(ctx, 'returns.withdraw');
    current = await getReturn(ctx, id); // not_found for another reseller's request
  } else {
    await readOrderByToken(ctx, via.orderId, via.token);
    current = await getReturn(sys, id);
    if (current.orderId !== via.orderId) throw new AppError('not_found');
  }
  const withdrawable = (s: string) => WITHDRAWABLE_RETURN.includes(s as ReturnStatus);
  if (!withdrawable(current.status)) throw notWithdrawable(current);
  if (current.status === 'approved' && current.returnWaybillNo) {
    // Outside the transaction, like opening it; cancelling twice is fine if the next step fails.
    try {
      await cancelWaybill(sys, current.id);
    } catch (e) {
      if (e instanceof AppError && e.code === 'waybill_not_cancellable') throw notWithdrawable(current, `the courier has collected the parcel of return ${current.returnNo}`);
      throw e;
    }
  }
  await withTx(sys, async (t) => {
    const r = await lockReturn(t, id);
    if (!withdrawable(r.status)) throw notWithdrawable(r);
    await moveReturn(t, r, 'cancelled');
  });
  return getReturn(sys, id);
}

/** The return parcel's tracking: moving → in transit; delivered to the warehouse → received. Inside the tracking job's transaction. */
export async function returnTracked(t: Ctx, returnId: string, waybillStatus: string): Promise<void> {
  const r = await lockReturn(t, returnId).catch(() => null);
  if (!r) return;
  if (waybillStatus === 'delivered' && (r.status === 'approved' || r.status === 'in_transit')) await moveReturn(t, r, 'received');
  else if (['picked_up', 'in_transit', 'out_for_delivery'].includes(waybillStatus) && r.status === 'approved') await moveReturn(t, r, 'in_transit');
}

/**
 * Inspection at the warehouse: units accepted per line are taken into stock, given back and
 * refunded (exactly once); a return with none accepted is rejected with the note.
 */
export async function inspectReturn(ctx: Ctx, id: string, input: { accepted: { orderLineId: string; quantity: number }[]; note: string }): Promise<ReturnView> {
  authorize(ctx, 'returns.decide');
  const refundId = await withTx(ctx, async (t) => {
    let r = await lockReturn(t, id);
    if (r.kind !== 'return') throw new AppError('invalid_transition', { detail: 'a refund-only request has nothing to inspect' });
    // Goods that arrived without their tracking news (handed in at the counter) are received now.
    if (r.status === 'approved' || r.status === 'in_transit') r = { ...r, ...(await moveReturn(t, r, 'received')) };
    if (r.status !== 'received') throw new AppError('invalid_transition', { detail: `return ${r.returnNo} is ${r.status}`, extra: { from: r.status, to: 'refunded' } });
    const asked = new Map(r.lines.map((l) => [l.orderLineId, l]));
    const accepted = new Map<string, number>();
    input.accepted.forEach((a, i) => {
      const l = asked.get(a.orderLineId);
      if (!l || !Number.isInteger(a.quantity) || a.quantity < 0 || a.quantity > l.quantity) {
        throw new AppError('validation_failed', { fields: [{ path: `accepted.${i}`, message: l ? `0 to ${l.quantity}` : 'not a line of this return' }] });
      }
      accepted.set(a.orderLineId, a.quantity);
    });
    for (const l of r.lines) if (!accepted.has(l.orderLineId)) accepted.set(l.orderLineId, 0);
    await recordInspection(t, r.id, accepted);
    const units = r.lines.map((l) => ({ orderLineId: l.orderLineId, skuId: l.skuId, quantity: accepted.get(l.orderLineId)! })).filter((u) => u.quantity > 0);
    if (units.length === 0) {
      await moveReturn(t, r, 'rejected', { inspectionNote: input.note });
      return null;
    }
    await receiveReturnedUnits(t, units);
    const out = await refundReturn(systemCtx(t), r, units.map((u) => ({ orderLineId: u.orderLineId, quantity: u.quantity })), 'returned');
    await moveReturn(t, r, 'refunded', { refunded: out.amount, inspectionNote: input.note });
    return out.refundId;
  });
  if (refundId) await sendRefunds(ctx, [refundId]);
  return getReturn(systemCtx(ctx), id);
}

/** An order's requests, for whoever may read the order (actor, or consumer by token). */
export async function orderReturns(ctx: Ctx, orderId: string, via: { token: string } | 'actor'): Promise<ReturnView[]> {
  if (via === 'actor') await readOrder(ctx, orderId); else await readOrderByToken(ctx, orderId, via.token);
  const list = await returnsOfOrder(ctx, orderId);
  if (ctx.actor.kind !== 'brand') return list;
  const brandId = ctx.actor.brandId;
  return list.map((r) => ({ ...r, lines: r.lines.filter((l) => l.brandId === brandId) })).filter((r) => r.lines.length > 0);
}

/** Return reasons and rates per brand, event or SKU. */
export async function returnRatesFlow(ctx: Ctx, by: 'brand' | 'event' | 'sku', brandId?: string) {
  const rates = await returnRates(ctx, { by, brandId, delivered: (b, id) => deliveredUnits(ctx, b, id) });
  const keys = rates.map((r) => r.key);
  const sys = systemCtx(ctx);
  const label = by === 'brand' ? await brandNames(sys, keys)
    : by === 'event' ? new Map([...(await saleEventHeads(sys, keys))].map(([id, h]) => [id, h.title]))
    : new Map([...(await skuTags(sys, keys))].map(([id, t]) => [id, `${t.name} ${t.colour} ${t.size}`]));
  return rates.map((r) => ({ ...r, label: label.get(r.key) ?? null }));
}

/**
 * Requests as their screens show them: with the order's number, and for an approved return the
 * warehouse address the consumer sends it to.
 */
export async function presentReturns(ctx: Ctx, list: ReturnView[]) {
  const heads = await consigneesOf(systemCtx(ctx), [...new Set(list.map((r) => r.orderId))]);
  return list.map((r) => ({
    ...r, orderNo: heads.get(r.orderId)?.orderNo ?? '',
    returnAddress: r.kind === 'return' && r.returnWaybillNo ? RETURN_ADDRESS : null,
  }));
}
