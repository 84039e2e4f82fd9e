// What the gateway says about a charge or a refund, applied exactly once, whoever brings the
// news: a signed notification, the sweep that asks about payments still open, the hold expiry
// that closes a charge before giving its stock back, or a buyer pressing Pay again. Money the
// gateway took is always applied (an order paid, a wallet credited) or given back (paid too
// late, paid twice, matching nothing); it is never kept without a use.
import { activateTerm } from '../modules/resellers/index.ts';
import { withTx, type Ctx } from '../platform/context.ts';
import { reasonOf } from '../platform/reasons.ts';
import {
  lockCharge, lockIntent, recordChargeOutcome, recordUnmatchedCharge, markIntent, markChargesChecked, completeTopup, receiveForRefund,
  createRefund, recordChargeLines, submitRefund, settleRefund, recordNotification, intentById, currentCharge, reopenIntent, attachCharge,
  type ChargeRow, type ChargeState, type ChargeStatus, type RefundState, type IntentView,
} from '../modules/payments/index.ts';
import { getOrderRow, settleOrderPayment } from '../modules/orders/index.ts';
import { bindOnPaid } from '../modules/sharing/index.ts';
import { presaleOfOrder } from '../modules/presales/index.ts';
import { linesOf } from '../modules/ledger/index.ts';

export type ChargeOutcome = 'applied' | 'duplicate' | 'ignored' | 'refunding';

/** What is known of a charge: the gateway's full state, or only that it is closed (a reference it never opened). */
export type KnownCharge = ChargeState | { merchantRef: string; status: 'closed'; providerRef?: undefined; paidAt?: undefined };

/**
 * Apply the gateway's state of one charge. Returns what happened; refunds it records are sent
 * to the gateway after the transaction commits (and by the refund job if that fails).
 */
export async function applyChargeState(ctx: Ctx, state: KnownCharge): Promise<ChargeOutcome> {
  const refundIds: string[] = [];
  const outcome = await withTx(ctx, async (t): Promise<ChargeOutcome> => {
    const charge = await lockCharge(t, state.merchantRef);
    if (!charge) {
      if (state.status !== 'succeeded') return 'ignored';
      // Money taken for nothing of ours: record the charge and give it back.
      const unmatched = await recordUnmatchedCharge(t, state);
      if (!unmatched) return 'duplicate';
      refundIds.push(await giveBack(t, unmatched, null, null, reasonOf('payment_unmatched')));
      return 'refunding';
    }
    if (state.status === 'pending') {
      await markChargesChecked(t, [charge.id]);
      return 'ignored';
    }
    if (charge.status === 'succeeded' || (charge.status !== 'open' && state.status !== 'succeeded')) return 'duplicate';
    await recordChargeOutcome(t, charge, { status: state.status, providerRef: state.providerRef ?? null, paidAt: state.paidAt ?? null });
    const intent = charge.intentId ? await lockIntent(t, charge.intentId) : null;
    if (!intent) return 'applied';
    if (state.status !== 'succeeded') {
      // Declined or closed: only the current try decides whether the intent can be paid again.
      if (intent.attempt === charge.attempt && intent.status === 'requires_payment') {
        await markIntent(t, intent.id, 'failed');
        if (intent.purpose === 'topup') await completeTopup(t, intent, state.status === 'closed' ? 'expired' : 'failed');
      }
      return 'applied';
    }
    // Money taken. An intent already paid by another try was paid twice: this one goes back.
    if (intent.status === 'succeeded') {
      refundIds.push(await giveBack(t, charge, intent.id, intent.orderId, reasonOf('paid_twice')));
      return 'refunding';
    }
    await markIntent(t, intent.id, 'succeeded', ['requires_payment', 'failed']);
    if (intent.purpose === 'topup') {
      await completeTopup(t, intent, 'succeeded');
      return 'applied';
    }
    if (intent.purpose === 'membership') {
      // The annual fee: the member's term starts (a renewal after the current one).
      await activateTerm(t, intent, state.paidAt ?? new Date());
      return 'applied';
    }
    const orderId = intent.orderId!;
    // A presale decided at its deadline counted only what was paid by then: later money goes back.
    const presale = await presaleOfOrder(t, orderId);
    const refuse = presale && presale.status !== 'collecting' ? 'presale_closed_unpaid' as const : undefined;
    const settled = await settleOrderPayment(t, orderId, { paidAt: state.paidAt ?? new Date(), refuse });
    // What the charge paid for each line (the sale's provider cash per line): each line's refunds stay within it.
    if (settled === 'paid') {
      const sale = await linesOf(t, `order-paid:${orderId}`);
      await recordChargeLines(t, charge.id, sale.filter((l) => l.account === 'provider_cash' && l.orderLineId).map((l) => ({ orderLineId: l.orderLineId!, amount: l.amount })));
      // A paid order binds its consumer to its reseller, or renews the binding (流量保护).
      await bindOnPaid(t, (await getOrderRow(t, orderId))!);
    }
    if (settled !== 'too_late') return 'applied';
    // Paid after the hold ended (or the order was cancelled, or its presale decided): the money goes back, never the goods.
    refundIds.push(await giveBack(t, charge, intent.id, orderId, reasonOf(refuse ?? 'paid_too_late')));
    return 'refunding';
  });
  await sendRefunds(ctx, refundIds);
  return outcome;
}

/** Hold a charge's money as owed back and record its refund. */
async function giveBack(t: Ctx, charge: Pick<ChargeRow, 'id' | 'amount' | 'currency'>, intentId: string | null, orderId: string | null, reason: string): Promise<string> {
  await receiveForRefund(t, charge);
  const refund = await createRefund(t, { chargeId: charge.id, paymentId: intentId, orderId: orderId ?? undefined, amount: charge.amount, reason, idempotencyKey: `late:${charge.id}` });
  return refund.id;
}

export async function sendRefunds(ctx: Ctx, ids: string[]): Promise<void> {
  for (const id of ids) await submitRefund(ctx, id).catch((e) => ctx.log.warn({ err: e, refundId: id }, 'refund submission failed; the job retries'));
}

/** Apply the gateway's state of one refund (once). */
export async function applyRefundState(ctx: Ctx, state: RefundState): Promise<ChargeOutcome> {
  if (state.status === 'pending') return 'ignored';
  return (await settleRefund(ctx, state)) ? 'applied' : 'duplicate';
}

/**
 * A gateway notification: verify it, ask the gateway for the object's real state (so a forged,
 * duplicated or out-of-order body cannot move money), then apply it exactly once. A notification
 * naming something the gateway does not know as that kind of object (a refund notification
 * naming a charge) is refused by the gateway's answer (404 not_found) before anything is recorded.
 */
export async function handlePaymentNotification(ctx: Ctx, rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<ChargeOutcome> {
  const gateway = ctx.deps.payments;
  const v = gateway.verifyNotification(rawBody, headers, new Date());
  const payload = JSON.parse(rawBody) as unknown;
  if (v.type.startsWith('charge.')) {
    const state = await gateway.retrieveCharge(v.objectRef);
    const outcome = await applyChargeState(ctx, state);
    await recordNotification(ctx, v, payload, `charge ${state.status}: ${outcome}`);
    return outcome;
  }
  const state = await gateway.retrieveRefund(v.objectRef);
  const outcome = await applyRefundState(ctx, state);
  await recordNotification(ctx, v, payload, `refund ${state.status}: ${outcome}`);
  return outcome;
}

/**
 * Bring an intent to a payable charge: a try whose outcome the gateway may have decided without
 * telling us yet is asked about first (when `ask`), a declined or closed try is replaced by a new
 * one, and a try not yet at the gateway is opened there. Returns the intent as it now stands.
 */
export async function ensurePayable(ctx: Ctx, intentId: string, opts: { description: string; returnUrl?: string; ask: boolean }): Promise<IntentView | null> {
  for (let round = 0; round < 3; round++) {
    let intent = await intentById(ctx, intentId);
    if (!intent) return null;
    if (intent.status === 'requires_payment' && opts.ask) {
      const charge = await currentCharge(ctx, intent);
      const state = charge?.providerRef ? await ctx.deps.payments.retrieveCharge(charge.providerRef) : null;
      if (state && state.status !== 'pending') {
        await applyChargeState(ctx, state);
        intent = (await intentById(ctx, intentId))!;
      }
    }
    if (intent.status === 'failed') {
      await reopenIntent(ctx, intent.id);
      continue;
    }
    if (intent.status !== 'requires_payment') return intent;
    const ended: ChargeStatus | null = await attachCharge(ctx, intent.id, opts.description, opts.returnUrl);
    if (!ended) return intentById(ctx, intentId);
    // The gateway says this try can no longer be paid (closed meanwhile): record it, then try anew.
    const charge = await currentCharge(ctx, intent);
    if (charge) await applyChargeState(ctx, charge.providerRef ? await ctx.deps.payments.retrieveCharge(charge.providerRef) : { merchantRef: charge.merchantRef, status: 'closed' });
  }
  return intentById(ctx, intentId);
}
