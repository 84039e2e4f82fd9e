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
 * state applied; top-up charges unpaid past the pay window are closed; refunds the gateway
 * accepted but has not reported on are asked about too.
 */
export async function reconcileOpenPayments(ctx: Ctx): Promise<{ charges: number; refunds: number; applied: number }> {
  const sys = systemCtx(ctx);
  const gateway = sys.deps.payments;
  let applied = 0;
  const charges = await chargesToCheck(sys, { minAgeSeconds: ASK_AFTER_SECONDS, topupPayMinutes: sys.deps.config.topupPayMinutes, limit: 200 });
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
  const unsettled = new Set<string>();
  for (const c of await openChargesOfOrders(sys, due.filter((o) => o.payMethod === 'provider').map((o) => o.id))) {
    try {
      const state = await sys.deps.payments.closeCharge(c.merchantRef);
      await applyChargeState(sys, state ?? { merchantRef: c.merchantRef, status: 'closed' });
    } catch (err) {
      unsettled.add(c.orderId);
      sys.log.warn({ err, orderId: c.orderId, chargeId: c.id }, 'closing a charge before expiring its order failed; the next sweep tries again');
    }
  }
  return expireHolds(sys, due.map((o) => o.id).filter((id) => !unsettled.has(id)));
}

/** The nightly report on the day before; once per day (a second run of the same day is skipped). */
export async function reportYesterday(ctx: Ctx): Promise<string | null> {
  const sys = systemCtx(ctx);
  const period = previousDay(new Date());
  const recent = await listReconciliations(sys, 30);
  if (recent.some((r) => r.periodStart.getTime() === period.from.getTime() && r.periodEnd.getTime() === period.to.getTime())) return null;
  return (await reconcileWithGateway(sys, period)).id;
}
