// A gateway notification: verify it, ask the gateway for the object's real state (so a forged,
// duplicated or out-of-order body cannot move money), then apply it exactly once.
import { withTx, type Ctx } from '../platform/context.ts';
import {
  lockIntent, markIntent, recordNotification, completeTopup, receiveForRefund, createRefund, submitRefund, settleRefund,
} from '../modules/payments/index.ts';
import { settleOrderPayment } from '../modules/orders/index.ts';

export type NotificationOutcome = 'applied' | 'duplicate' | 'ignored' | 'refunding';

export async function handlePaymentNotification(ctx: Ctx, rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<NotificationOutcome> {
  const gateway = ctx.deps.payments;
  const v = gateway.verifyNotification(rawBody, headers, new Date());
  const payload = JSON.parse(rawBody) as unknown;
  const refundsToSend: string[] = [];

  const outcome = v.type.startsWith('charge.')
    ? await (async () => {
      const charge = await gateway.retrieveCharge(v.objectRef);
      return withTx(ctx, async (t): Promise<NotificationOutcome> => {
        const intent = await lockIntent(t, charge.merchantRef);
        if (!intent || intent.providerRef !== charge.providerRef || intent.amount !== charge.amount) {
          await recordNotification(t, v, payload, 'ignored: no matching intent');
          return 'ignored';
        }
        if (!(await recordNotification(t, v, payload, `charge ${charge.status}`))) return 'duplicate';
        if (charge.status === 'pending' || intent.status !== 'requires_payment') return 'ignored';
        if (charge.status === 'failed') {
          await markIntent(t, intent.id, 'failed');
          if (intent.purpose === 'topup') await completeTopup(t, intent, 'failed');
          return 'applied';
        }
        await markIntent(t, intent.id, 'succeeded');
        if (intent.purpose === 'topup') {
          await completeTopup(t, intent, 'succeeded');
          return 'applied';
        }
        const settled = await settleOrderPayment(t, intent.orderId!);
        if (settled !== 'too_late') return 'applied';
        // Paid after the hold expired (or the order was cancelled): the money goes back, never the goods.
        await receiveForRefund(t, intent);
        const refund = await createRefund(t, { paymentId: intent.id, orderId: intent.orderId!, amount: intent.amount, reason: 'paid after the order was no longer payable', idempotencyKey: `late:${intent.id}` });
        refundsToSend.push(refund.id);
        return 'refunding';
      });
    })()
    : await (async () => {
      const refund = await gateway.retrieveRefund(v.objectRef);
      return withTx(ctx, async (t): Promise<NotificationOutcome> => {
        if (!(await recordNotification(t, v, payload, `refund ${refund.status}`))) return 'duplicate';
        if (refund.status === 'pending') return 'ignored';
        await settleRefund(t, refund.merchantRef, refund.status);
        return 'applied';
      });
    })();

  for (const id of refundsToSend) {
    await submitRefund(ctx, id).catch((e) => ctx.log.warn({ err: e, refundId: id }, 'refund submission failed; the job retries'));
  }
  return outcome;
}
