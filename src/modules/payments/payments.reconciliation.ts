// The daily comparison with the gateway's books (对账): every charge the gateway took in the
// period must be a captured charge in ours, every refund it paid out a settled refund in ours,
// and — in one snapshot — what our books say is at the gateway must be what the ledger's
// provider cash holds. Anything else is listed, item by item; a healthy day lists nothing.
import { desc } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/database.ts';
import { newId } from '../../platform/ids.ts';
import { accountTotals } from '../ledger/index.ts';
import { paymentReconciliations } from './payments.tables.ts';
import { chargesByProviderRefs, refundsByIds, netCapturedByCurrency } from './payments.service.ts';

export interface Mismatch {
  kind: 'charge' | 'refund';
  /** The gateway's reference and ours. */
  providerRef: string; merchantRef: string;
  /** What the gateway says (amount taken or given back) and what our books say. */
  gateway: { amount: number; currency: string };
  ours: { status: string; amount: number } | null;
}

export interface ReconciliationView {
  id: string; provider: string; periodStart: Date; periodEnd: Date; currency: string;
  gatewayCaptured: number; gatewayRefunded: number; unheld: number; ledgerDifference: number; mismatches: Mismatch[]; createdAt: Date;
}

/**
 * Compare the gateway's activity in [from, to) with our books and store the report. `unheld` is
 * the gateway money of the period our books do not hold (net of refunds they do not know of);
 * `ledgerDifference` what our books say is at the gateway minus the ledger's provider cash.
 * Both must be 0.
 */
export async function reconcileWithGateway(ctx: Ctx, period: { from: Date; to: Date }): Promise<ReconciliationView> {
  authorize(ctx, 'payments.reconcile');
  const activity = await ctx.deps.payments.activity(period.from, period.to);
  const ours = await chargesByProviderRefs(ctx, activity.charges.map((c) => c.providerRef));
  const ourRefunds = await refundsByIds(ctx, activity.refunds.map((r) => r.merchantRef));
  const mismatches: Mismatch[] = [];
  let unheld = 0;
  for (const c of activity.charges) {
    const o = ours.get(c.providerRef);
    if (o && o.status === 'succeeded' && o.captured === c.amount) continue;
    mismatches.push({ kind: 'charge', providerRef: c.providerRef, merchantRef: c.merchantRef, gateway: { amount: c.amount, currency: c.currency }, ours: o ? { status: o.status, amount: o.captured } : null });
    unheld += c.amount - (o?.captured ?? 0);
  }
  for (const r of activity.refunds) {
    const o = ourRefunds.get(r.merchantRef);
    if (o && o.status === 'succeeded' && o.amount === r.amount) continue;
    mismatches.push({ kind: 'refund', providerRef: r.providerRef, merchantRef: r.merchantRef, gateway: { amount: r.amount, currency: r.currency }, ours: o ? { status: o.status, amount: o.amount } : null });
    // Money the gateway gave back that our books still count as held there.
    unheld -= r.amount - (o?.status === 'succeeded' ? o.amount : 0);
  }
  // Our books and the ledger in one snapshot: no payment applied between the two reads.
  const { net, cash } = await (ctx.db as Db).transaction(async (tx) => {
    const t = { ...ctx, db: tx, inTx: true };
    return { net: await netCapturedByCurrency(t), cash: await accountTotals(t, 'provider_cash') };
  }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
  const currency = 'CNY';
  const ledgerDifference = (net.get(currency) ?? 0) - (cash.get(currency) ?? 0);
  const [row] = await ctx.db.insert(paymentReconciliations).values({
    id: newId('rec'), provider: ctx.deps.payments.name, periodStart: period.from, periodEnd: period.to, currency,
    gatewayCaptured: activity.charges.reduce((a, c) => a + c.amount, 0), gatewayRefunded: activity.refunds.reduce((a, r) => a + r.amount, 0),
    unheld, ledgerDifference, mismatches,
  }).returning();
  if (unheld !== 0 || ledgerDifference !== 0 || mismatches.length) ctx.log.error({ reconciliation: row.id, unheld, ledgerDifference, mismatches: mismatches.length }, 'the gateway and the ledger disagree');
  return { ...row, mismatches };
}

/** The latest reports, newest first. */
export async function listReconciliations(ctx: Ctx, limit = 30): Promise<ReconciliationView[]> {
  authorize(ctx, 'payments.read');
  const rows = await ctx.db.select().from(paymentReconciliations).orderBy(desc(paymentReconciliations.periodEnd), desc(paymentReconciliations.createdAt)).limit(Math.min(limit, 100));
  return rows.map((r) => ({ ...r, mismatches: r.mismatches as Mismatch[] }));
}

/** The UTC day before `now`: the period the nightly run reports on. */
export function previousDay(now: Date): { from: Date; to: Date } {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return { from: new Date(to.getTime() - 86_400_000), to };
}
