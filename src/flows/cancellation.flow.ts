// Cancelling an order before shipment: stock back to the pool, money reversed in the ledger,
// and for gateway payments a refund recorded in the same transaction and sent after it.
import { withTx, type Ctx } from '../platform/context.ts';
import { cancelOrder } from '../modules/orders/index.ts';
import { intentForOrder, createRefund, submitRefund } from '../modules/payments/index.ts';
import { presentOrder } from './checkout.flow.ts';

export async function cancelOrderFlow(ctx: Ctx, orderId: string, reason: string) {
  const { order, refundId } = await withTx(ctx, async (t) => {
    const out = await cancelOrder(t, orderId, reason);
    if (!out.refund) return { order: out.order, refundId: null };
    const intent = (await intentForOrder(t, orderId))!;
    const refund = await createRefund(t, { paymentId: intent.id, orderId, amount: out.refund.amount, reason, idempotencyKey: `cancel:${orderId}` });
    return { order: out.order, refundId: refund.id };
  });
  if (refundId) await submitRefund(ctx, refundId).catch((e) => ctx.log.warn({ err: e, refundId }, 'refund submission failed; the job retries'));
  return presentOrder(ctx, order, 'actor');
}
