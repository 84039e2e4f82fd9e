// Every module's background jobs, in one list.
import type { ScheduledJob, TickJob } from './platform/jobs.ts';
import type { Ctx } from './platform/context.ts';
import { advanceSaleEvents } from './modules/sale-events/index.ts';
import { submitPendingRefunds, SandboxGateway, previousDay } from './modules/payments/index.ts';
import { submitPendingPayouts, queryStalePayouts, reconcilePayoutsForDay, SandboxPayouts } from './modules/payouts/index.ts';
import { expireUnpaidOrders, reconcileOpenPayments, reportYesterday } from './flows/payment-sweeps.flow.ts';
import { campaignScheduledJobs, campaignTickJobs } from './campaign-jobs.ts';
import { reconcileTracking, SandboxCarrier } from './modules/carriers/index.ts';
import { applyTrackingChanges, issueDuePurchaseOrders } from './flows/fulfilment.flow.ts';
import { completeAndSettleOrders, settleCompletedBacklog, monthlyReviewJob, levelsJob, brandStatementsJob } from './flows/settlement.flow.ts';

export const scheduledJobs: ScheduledJob[] = [
  { name: 'sale-events-advance', cron: '* * * * *', run: advanceSaleEvents },
  { name: 'orders-expire-holds', cron: '* * * * *', run: (ctx) => expireUnpaidOrders(ctx) },
  { name: 'payments-submit-refunds', cron: '* * * * *', run: submitPendingRefunds },
  { name: 'payments-reconcile-open', cron: '* * * * *', run: reconcileOpenPayments },
  // Ten past midnight (UTC): the day before, compared with the gateway's books.
  { name: 'payments-daily-report', cron: '10 0 * * *', run: reportYesterday },
  // Payouts: pending ones sent to the provider, quiet ones asked about, the day before compared with its statement.
  { name: 'payouts-submit', cron: '* * * * *', run: (ctx) => submitPendingPayouts(ctx) },
  { name: 'payouts-query-stale', cron: '* * * * *', run: (ctx) => queryStalePayouts(ctx) },
  { name: 'payouts-daily-reconciliation', cron: '20 0 * * *', run: (ctx) => reconcilePayoutsForDay(ctx, previousDay(new Date())) },
  // Waybills gone quiet: ask the carrier what the lost notifications said.
  { name: 'carriers-reconcile-tracking', cron: '*/10 * * * *', run: (ctx) => reconcileTracking(ctx) },
  // Ended events: a purchase order per brand for what was sold and paid (later waves as more is ready).
  { name: 'purchase-orders-issue', cron: '* * * * *', run: issueDuePurchaseOrders },
  // Delivered orders past their return window are completed and settled (margin available, rewards earned).
  { name: 'orders-complete', cron: '*/5 * * * *', run: (ctx) => completeAndSettleOrders(ctx) },
  { name: 'settlement-backlog', cron: '17 * * * *', run: (ctx) => settleCompletedBacklog(ctx) },
  // Levels by rolling sales, daily at 03:00 China time (19:00 UTC).
  { name: 'membership-levels', cron: '0 19 * * *', run: levelsJob },
  // Daily at 02:00 China time, doing something once a month: the review preview of the month just
  // ended (made once; the operator confirms it) and the brands' statements for it (closed once).
  { name: 'membership-review-preview', cron: '0 18 * * *', run: monthlyReviewJob },
  { name: 'brand-statements-close', cron: '30 18 * * *', run: brandStatementsJob },
  ...campaignScheduledJobs,
];

export function tickJobs(ctx: Ctx): TickJob[] {
  const ticks: TickJob[] = [
    // Seconds matter at the edges of a sale event and of a hold; the minutely jobs are the backstop.
    { name: 'sale-events-advance-tick', everyMs: 5000, run: advanceSaleEvents },
    { name: 'orders-expire-holds-tick', everyMs: 5000, run: (c) => expireUnpaidOrders(c) },
    { name: 'payments-reconcile-open-tick', everyMs: 10_000, run: reconcileOpenPayments },
    // Carriers' news moves parcels and order lines (shipped, delivered, refused) within a second.
    { name: 'fulfilment-apply-tracking', everyMs: 1000, run: (c) => applyTrackingChanges(c) },
    { name: 'payouts-submit-tick', everyMs: 5000, run: (c) => submitPendingPayouts(c) },
    ...campaignTickJobs,
  ];
  const gw = ctx.deps.payments;
  if (gw instanceof SandboxGateway) ticks.push({ name: 'sandbox-deliveries', everyMs: 500, run: () => gw.deliverDue() });
  const carrier = ctx.deps.carrier;
  if (carrier instanceof SandboxCarrier) ticks.push({ name: 'sandbox-carrier-deliveries', everyMs: 500, run: () => carrier.deliverDue() });
  const payouts = ctx.deps.payouts;
  if (payouts instanceof SandboxPayouts) ticks.push({ name: 'sandbox-payouts', everyMs: 1000, run: () => payouts.tick() });
  return ticks;
}
