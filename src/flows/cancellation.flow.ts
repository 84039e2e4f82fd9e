// Cancelling an order before shipment: stock back to the pool, money reversed in the ledger,
// and for gateway payments a refund recorded in the same transaction and sent after it.
// A presale order whose production order has gone to the brand is the brand's work in
// progress: resellers can no longer cancel it (returns go through after-sales once it ships);
// an operator still can, and the production order shrinks by its units in the same transaction.
import { withTx, systemCtx, type Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { authorize } from '../platform/access.ts';
import { claimIdempotencyKey } from '../platform/idempotency.ts';
import { cancelOrder, getOrderRow } from '../modules/orders/index.ts';
import { presaleOfOrder, reduceProductionOrder } from '../modules/presales/index.ts';
import { refundOrderPayment } from '../modules/payments/index.ts';
import { sendRefunds } from './payment-settlement.flow.ts';
import { presentOrder } from './checkout.flow.ts';
import { closeOrderCharges } from './payment-sweeps.flow.ts';

export async function cancelOrderFlow(ctx: Ctx, orderId: string, reason: string) {
  return (await cancelOrderOnce(ctx, orderId, reason)).order;
}

/**
 * Cancel, taking an optional Idempotency-Key: a retry with the key (after a lost answer) answers
 * as the first request did — the order as it now stands — instead of 409 for cancelling twice.
 * The key belongs to the caller (one user's key is not another's).
 */
export async function cancelOrderOnce(ctx: Ctx, orderId: string, reason: string, idempotencyKey?: string) {
  const done = await withTx(ctx, async (t) => {
    if (idempotencyKey) {
      const claim = await claimIdempotencyKey(t, { scope: `orders.cancel:${actorKey(t)}`, key: idempotencyKey, request: { orderId, reason }, resourceId: orderId });
      if (claim === 'replay') return null;
    }
    // Before the order's row lock: the deadline decision locks presale then orders, so do we.
    const presale = await presaleOfOrder(t, orderId);
    const producing = presale?.status === 'confirmed' && presale.productionOrderId ? presale.productionOrderId : null;
    if (producing && t.actor.kind !== 'operator' && t.actor.kind !== 'system') {
      // Someone else's order is refused as cancelOrder refuses it; one's own is in production.
      const o = await getOrderRow(t, orderId);
      authorize(t, 'orders.cancel', { resellerId: o?.resellerId ?? '\u0000' });
      throw new AppError('presale_in_production', { extra: { productionOrderId: producing } });
    }
    const out = await cancelOrder(t, orderId, reason);
    // Only paid orders were counted into the production order (unpaid ones close with the deadline).
    if (producing && out.wasPaid) {
      const lines = out.lines.filter((l) => l.saleEventId === presale!.saleEventId);
      await reduceProductionOrder(t, producing, lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })));
    }
    if (!out.refund) return { order: out.order, refundId: null };
    const refundId = await refundOrderPayment(t, { orderId, amount: out.refund.amount, reason, idempotencyKey: `cancel:${orderId}`, lines: out.refund.lines });
    return { order: out.order, refundId };
  });
  if (!done) {
    const order = await getOrderRow(ctx, orderId);
    if (!order) throw new AppError('not_found');
    return { order: await presentOrder(ctx, order, 'actor'), replayed: true };
  }
  const { order, refundId } = done;
  if (refundId) await sendRefunds(ctx, [refundId]);
  // An unpaid order's payment link must stop working: its charge is closed at the gateway (money
  // taken a moment before is given back, as for any payment of an order no longer payable).
  if (!refundId && order.payMethod === 'provider') await closeOrderCharges(systemCtx(ctx), [orderId]);
  return { order: await presentOrder(ctx, order, 'actor'), replayed: false };
}

function actorKey(ctx: Ctx): string {
  const a = ctx.actor;
  return 'userId' in a ? a.userId : a.kind;
}
