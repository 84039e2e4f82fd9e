// The platform does not only wait to be told. As WeChat Pay and Alipay ask of merchants, it asks
// the gateway about every payment, top-up and refund still open a short while after it began,
// and applies what it hears; it closes a charge at the gateway before it gives up an unpaid
// order's hold, so a charge is either paid in time (and applied) or can never be paid.
import type { Ctx } from '../platform/context.ts';
import { systemCtx } from '../platform/context.ts';
import { dueUnpaidOrders, expireHolds } from '../modules/orders/index.ts';
import { chargesToCheck, openChargesOfOrders, markChargesChecked, refundsToCheck, markRefundsChecked, previousDay, reconcileWithGateway, listReconciliations } from '../modules/payments/index.ts';
import { applyChargeState, applyRefundState } from './payment-settlement.flow.ts';

/** How old an open payment is before the platform asks the gateway about it (its notification is normally there by then). */
export const ASK_AFTER_SECONDS = 20;

/**
 * The sweep: open charges past ASK_AFTER_SECONDS are asked about (once a minute each) and their
 * state applied; charges unpaid past the longest time they could be paid for (a top-up's pay
 * window, an order's hold) are closed; refunds the gateway accepted but has not reported on are
 * asked about too.
 */
export async function reconcileOpenPayments(ctx: Ctx): Promise<{ charges: number; refunds: number; applied: number }> {
  const sys = systemCtx(ctx);
  const gateway = sys.deps.payments;
  let applied = 0;
  const { topupPayMinutes, holdMinutes } = sys.deps.config;
  // An order's charge is closed with its hold; one still open well past any hold (its order was
  // cancelled, or a crash came between) is closed here.
  const charges = await chargesToCheck(sys, { minAgeSeconds: ASK_AFTER_SECONDS, topupPayMinutes, orderPayMinutes: holdMinutes + 5, limit: 200 });
  for (const c of charges) {
    try {
      const state = c.overdue ? await gateway.closeCharge(c.merchantRef)
        : c.providerRef ? await gateway.retrieveCharge(c.providerRef) : await gateway.findCharge(c.merchantRef);
      if (state) {
        if ((await applyChargeState(sys, state)) === 'applied') applied++;
      } else if (c.overdue) {
        if ((await applyChargeState(sys, { merchantRef: c.merchantRef, status: 'closed' })) === 'applied') applied++;
      } else await markChargesChecked(sys, [c.id]);
    } catch (err) {
      sys.log.warn({ err, chargeId: c.id }, 'asking the gateway about a charge failed; the sweep asks again');
    }
  }
  const refunds = await refundsToCheck(sys, { minAgeSeconds: ASK_AFTER_SECONDS, limit: 200 });
  for (const r of refunds) {
    try {
      const state = await gateway.retrieveRefund(r.providerRef!);
      if ((await applyRefundState(sys, state)) === 'applied') applied++;
      else await markRefundsChecked(sys, [r.id]);
    } catch (err) {
      sys.log.warn({ err, refundId: r.id }, 'asking the gateway about a refund failed; the sweep asks again');
    }
  }
  return { charges: charges.length, refunds: refunds.length, applied };
}

/**
 * The hold expiry: unpaid orders past their hold. Their open charges are closed at the gateway
 * first; one paid meanwhile is applied (judged by when it was paid), and only orders whose
 * every charge is now closed, declined or applied are expired, their stock given back.
 */
export async function expireUnpaidOrders(ctx: Ctx, batch = 200): Promise<number> {
  const sys = systemCtx(ctx);
  const due = await dueUnpaidOrders(sys, batch);
  if (due.length === 0) return 0;
  const unsettled = await closeOrderCharges(sys, due.filter((o) => o.payMethod === 'provider').map((o) => o.id));
  return expireHolds(sys, due.map((o) => o.id).filter((id) => !unsettled.has(id)));
}

/**
 * Close the open charges of these orders at the gateway and apply what it answers (a charge paid
 * first is applied). Returns the orders whose charges could not be closed this time.
 */
export async function closeOrderCharges(ctx: Ctx, orderIds: string[]): Promise<Set<string>> {
  const unsettled = new Set<string>();
  for (const c of await openChargesOfOrders(ctx, orderIds)) {
    try {
      const state = await ctx.deps.payments.closeCharge(c.merchantRef);
      await applyChargeState(ctx, state ?? { merchantRef: c.merchantRef, status: 'closed' });
    } catch (err) {
      unsettled.add(c.orderId);
      ctx.log.warn({ err, orderId: c.orderId, chargeId: c.id }, 'closing a charge at the gateway failed; the sweep closes it later');
    }
  }
  return unsettled;
}

/** The nightly report on the day before; once per day (a second run of the same day is skipped). */
export async function reportYesterday(ctx: Ctx): Promise<string | null> {
  const sys = systemCtx(ctx);
  const period = previousDay(new Date());
  const recent = await listReconciliations(sys, 30);
  if (recent.some((r) => r.periodStart.getTime() === period.from.getTime() && r.periodEnd.getTime() === period.to.getTime())) return null;
  return (await reconcileWithGateway(sys, period)).id;
}
