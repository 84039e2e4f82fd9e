// The daily comparison with the payout provider's statement (代付对账): every transfer it lists
// for the period against our payouts, every payout we submitted in the period against what the
// provider knows, and — in one snapshot — the ledger's payout_cash and payouts_in_flight against
// our payouts. Every difference is listed with its cause (payouts.rules comparePayouts); a
// healthy day lists nothing. Runs are kept, and their differences can be exported as CSV.
import { and, desc, eq, lt } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { keysetPage, pageSize } from '../../platform/paging.ts';
import type { CsvValue } from '../../platform/csv.ts';
import { accountTotals } from '../ledger/index.ts';
import { payoutReconciliations } from './payouts.tables.ts';
import { payoutsByMerchantRefs, payoutsSubmittedIn, payoutTotals, type PayoutRow } from './payouts.service.ts';
import { comparePayouts, type BookPayout, type PayoutDifference, type PayoutStatus } from './payouts.rules.ts';

export interface PayoutReconciliationView {
  id: string; provider: string; periodStart: Date; periodEnd: Date;
  providerCount: number; providerPaid: number; booksPaid: number; differences: PayoutDifference[]; createdAt: Date;
}

const book = (p: PayoutRow): BookPayout => ({ id: p.id, merchantRef: p.merchantRef, providerRef: p.providerRef, status: p.status as PayoutStatus, amount: p.amount, currency: p.currency });

/** Compare the provider's statement for [from, to) with our payouts and the ledger, and keep the run. */
export async function reconcilePayouts(ctx: Ctx, period: { from: Date; to: Date }): Promise<PayoutReconciliationView> {
  authorize(ctx, 'payouts.operate');
  const provider = ctx.deps.payouts;
  const records = await provider.records(period);
  const named = await payoutsByMerchantRefs(ctx, records.map((r) => r.merchantRef));
  const ours = new Map([...named].map(([ref, p]) => [ref, book(p)]));
  // Ours the provider accepted in the period but did not list: asked by reference (it may list
  // them in the next period, a clock apart), and those it never heard of are differences.
  const unknownToProvider: BookPayout[] = [];
  for (const p of await payoutsSubmittedIn(ctx, period)) {
    if (named.has(p.merchantRef)) continue;
    if (!(await provider.findTransfer(p.merchantRef))) unknownToProvider.push(book(p));
  }
  // Our payouts and the ledger in one snapshot: nothing settled between the reads.
  const { totals, cash, inFlight } = await (ctx.db as Db).transaction(async (tx) => {
    const t = { ...ctx, db: tx, inTx: true };
    return { totals: await payoutTotals(t), cash: await accountTotals(t, 'payout_cash'), inFlight: await accountTotals(t, 'payouts_in_flight') };
  }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
  const currencies = new Set([...totals.paid.keys(), ...totals.inFlight.keys(), ...cash.keys(), ...inFlight.keys()]);
  const ledger = [...currencies].sort().flatMap((c) => [
    { account: 'payout_cash' as const, currency: c, expected: -(totals.paid.get(c) ?? 0), actual: cash.get(c) ?? 0 },
    { account: 'payouts_in_flight' as const, currency: c, expected: -(totals.inFlight.get(c) ?? 0), actual: inFlight.get(c) ?? 0 },
  ]);
  const differences = comparePayouts({ records, ours, unknownToProvider, ledger });
  const [row] = await ctx.db.insert(payoutReconciliations).values({
    id: newId('rec'), provider: provider.name, periodStart: period.from, periodEnd: period.to,
    providerCount: records.length,
    providerPaid: records.filter((r) => r.status === 'succeeded').reduce((a, r) => a + r.amount, 0),
    booksPaid: [...named.values()].filter((p) => p.status === 'succeeded').reduce((a, p) => a + p.amount, 0),
    differences,
  }).returning();
  if (differences.length) ctx.log.error({ reconciliation: row.id, differences: differences.length, causes: [...new Set(differences.map((d) => d.cause))] }, 'the payout provider, our payouts and the ledger disagree');
  return { ...row, differences };
}

/** The runs, newest first, a page at a time. */
export async function listPayoutReconciliations(ctx: Ctx, q: { cursor?: string; limit?: number } = {}): Promise<{ items: PayoutReconciliationView[]; nextCursor: string | null }> {
  authorize(ctx, 'payouts.read');
  const limit = pageSize(q.limit);
  const rows = await ctx.db.select().from(payoutReconciliations).where(q.cursor ? lt(payoutReconciliations.id, q.cursor) : undefined)
    .orderBy(desc(payoutReconciliations.id)).limit(limit + 1);
  const { page, nextCursor } = keysetPage(rows, limit, (r) => r.id);
  return { items: page.map((r) => ({ ...r, differences: r.differences as PayoutDifference[] })), nextCursor };
}

export async function getPayoutReconciliation(ctx: Ctx, id: string): Promise<PayoutReconciliationView> {
  authorize(ctx, 'payouts.read');
  const [r] = await ctx.db.select().from(payoutReconciliations).where(eq(payoutReconciliations.id, id));
  if (!r) throw new AppError('not_found');
  return { ...r, differences: r.differences as PayoutDifference[] };
}

/** A run's differences as CSV rows (header first; amounts in fen, as the ledger keeps them). */
export async function reconciliationDifferenceRows(ctx: Ctx, id: string): Promise<CsvValue[][]> {
  const r = await getPayoutReconciliation(ctx, id);
  const header = ['cause', 'payout_id', 'merchant_ref', 'provider_ref', 'provider_status', 'provider_amount_fen', 'our_status', 'our_amount_fen', 'currency', 'account', 'expected_fen', 'actual_fen'];
  return [header, ...r.differences.map((d) => [
    d.cause, d.payoutId ?? '', d.merchantRef ?? '', d.providerRef ?? '', d.provider?.status ?? '', d.provider?.amount ?? '', d.ours?.status ?? '', d.ours?.amount ?? '',
    d.currency ?? d.ours?.currency ?? d.provider?.currency ?? '', d.account ?? '', d.expected ?? '', d.actual ?? '',
  ])];
}

/**
 * The nightly run on the day before (UTC); once per day — a second run for the same day is skipped.
 * `previousDay` is the payments module's, so both reports cover the same day.
 */
export async function reconcilePayoutsForDay(ctx: Ctx, period: { from: Date; to: Date }): Promise<string | null> {
  const done = await ctx.db.select({ id: payoutReconciliations.id }).from(payoutReconciliations)
    .where(and(eq(payoutReconciliations.periodStart, period.from), eq(payoutReconciliations.periodEnd, period.to))).limit(1);
  if (done.length) return null;
  return (await reconcilePayouts(ctx, period)).id;
}
