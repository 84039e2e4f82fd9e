// Brand statements (回款): per China month, what the brand's settled lines came to and what
// refunds after settlement took back, with the amount due and the payouts that settle it; per
// sale event, the figures as they stand. docs/settlement.md.
import { and, desc, eq, sql } from 'drizzle-orm';
import { authorize, scopeBrand } from '../../platform/access.ts';
import { withTx, actorRecord, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { shanghaiMonth, shanghaiMonthSpan, previousShanghaiMonth } from '../../platform/time.ts';
import { post } from '../ledger/index.ts';
import { brandNames } from '../brands/index.ts';
import { createPayout, payoutsOf, payoutAccountFor, type PayoutView } from '../payouts/index.ts';
import { brandStatements, brandPayouts } from './settlement.tables.ts';

export interface StatementFigures {
  soldUnits: number; returnedUnits: number; shortUnits: number;
  /** Kept units × base price. */
  gross: number;
  /** The platform's commission on them. */
  commission: number;
  /** Discounts the brand funded (brand coupons), and rounding to the fen. */
  discountsBorne: number;
  /** The brand's payable on the lines settled: gross − commission − discounts borne. */
  settled: number;
  /** Refunds in the period on lines settled before it (negative). */
  adjustments: number;
}

export interface BrandStatementView extends StatementFigures {
  id: string | null; brandId: string; brandName: string; period: string; periodStart: Date; periodEnd: Date; currency: string;
  carriedIn: number; amountDue: number;
  /** open: the month is not over (figures so far); closed: issued, to pay; paying / paid / failed by its payout. */
  status: 'open' | 'closed' | 'paying' | 'paid';
  payouts: { id: string; amount: number; status: PayoutView['status'] | 'pending'; account: PayoutView['account'] | null; createdAt: Date; settledAt: Date | null; failure: string | null }[];
  paid: number;
}

/** What a brand's month came to, computed from settled lines and the ledger. */
async function figures(ctx: Ctx, brandId: string, span: { start: Date; end: Date }): Promise<StatementFigures> {
  const s = span.start.toISOString();
  const e = span.end.toISOString();
  const [f] = (await ctx.db.execute<Record<string, string>>(sql`
    WITH settled AS (
      SELECT ls.order_line_id, ls.units, ls.brand_amount, ls.commission, ls.settled_at, l.base_price, l.qty_returned, l.qty_short
      FROM line_settlements ls JOIN order_lines l ON l.id = ls.order_line_id
      WHERE ls.brand_id = ${brandId} AND ls.settled_at >= ${s}::timestamptz AND ls.settled_at < ${e}::timestamptz),
    adj AS (
      SELECT coalesce(-sum(j.amount), 0) AS a FROM journal_lines j
      JOIN journal_entries en ON en.id = j.entry_id
      JOIN line_settlements ls ON ls.order_line_id = j.order_line_id
      WHERE j.account = 'brand_payable' AND j.party_id = ${brandId} AND ls.brand_id = ${brandId}
        AND j.id > ls.last_journal_line_id AND en.created_at >= ${s}::timestamptz AND en.created_at < ${e}::timestamptz)
    SELECT coalesce(sum(units), 0)::text AS sold, coalesce(sum(qty_returned), 0)::text AS returned, coalesce(sum(qty_short), 0)::text AS short,
      coalesce(sum(units::bigint * base_price), 0)::text AS gross, coalesce(sum(brand_amount), 0)::text AS settled,
      coalesce(sum(commission), 0)::text AS commission, (SELECT a FROM adj)::text AS adjustments
    FROM settled`)).rows;
  const gross = Number(f.gross);
  const commission = Number(f.commission);
  const settled = Number(f.settled);
  return {
    soldUnits: Number(f.sold), returnedUnits: Number(f.returned), shortUnits: Number(f.short), gross, commission,
    discountsBorne: gross - commission - settled, settled, adjustments: Number(f.adjustments),
  };
}

async function brandName(ctx: Ctx, brandId: string): Promise<string> {
  const name = (await brandNames(ctx, [brandId])).get(brandId);
  if (name === undefined) throw new AppError('not_found');
  return name;
}

/** What a month comes to: carried in + settled + adjustments; due when positive, carried when negative. */
function netOf(f: { carriedIn: number; settled: number; adjustments: number }): number {
  return f.carriedIn + f.settled + f.adjustments;
}

/** What the statements before `period` left: a negative month carries into the next. */
async function carriedInto(ctx: Ctx, brandId: string, period: string): Promise<number> {
  const [prev] = await ctx.db.select().from(brandStatements).where(and(eq(brandStatements.brandId, brandId), sql`${brandStatements.period} < ${period}`)).orderBy(desc(brandStatements.period)).limit(1);
  if (!prev) return 0;
  return Math.min(0, netOf(prev));
}

/**
 * Close the statements of a China month (the job on the 1st, or the operator): one per brand with
 * lines settled or adjusted in it, in month order, each carrying what the one before left. A
 * month's statement is written once (unique per brand and month).
 */
export async function closeBrandStatements(ctx: Ctx, period: string = previousShanghaiMonth()): Promise<{ closed: number }> {
  if (ctx.actor.kind !== 'system') authorize(ctx, 'settlement.operate');
  const span = shanghaiMonthSpan(period);
  if (span.end > new Date()) throw new AppError('validation_failed', { fields: [{ path: 'period', message: 'the month is not over yet' }] });
  const brands = (await ctx.db.execute<{ brand_id: string }>(sql`
    SELECT DISTINCT brand_id FROM line_settlements WHERE settled_at < ${span.end.toISOString()}::timestamptz
    EXCEPT SELECT brand_id FROM brand_statements WHERE period = ${period} ORDER BY 1`)).rows;
  let closed = 0;
  for (const { brand_id: brandId } of brands) {
    await withTx(ctx, async (t) => {
      await t.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'statement:' + brandId}))`);
      const f = await figures(t, brandId, span);
      const carriedIn = await carriedInto(t, brandId, period);
      if (f.soldUnits === 0 && f.adjustments === 0 && carriedIn === 0 && f.settled === 0) return;
      const ins = await t.db.insert(brandStatements).values({
        id: newId('bst'), brandId, period, periodStart: span.start, periodEnd: span.end, ...f, carriedIn, amountDue: Math.max(0, netOf({ ...f, carriedIn })),
      }).onConflictDoNothing().returning({ id: brandStatements.id });
      closed += ins.length;
    });
  }
  return { closed };
}

async function payoutsOfStatements(ctx: Ctx, ids: string[]): Promise<Map<string, BrandStatementView['payouts']>> {
  const out = new Map<string, BrandStatementView['payouts']>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await ctx.db.select().from(brandPayouts).where(sql`${brandPayouts.statementId} = ANY(${sql.param(ids)}::text[])`).orderBy(brandPayouts.createdAt);
  const paid = await payoutsOf(ctx, { purpose: 'brand_payout', causeIds: rows.map((r) => r.id) });
  for (const r of rows) {
    const p = paid.get(r.id);
    out.get(r.statementId)!.push({ id: r.id, amount: r.amount, status: p?.status ?? 'pending', account: p?.account ?? null, createdAt: r.createdAt, settledAt: p?.settledAt ?? null, failure: p?.failureMessage ?? p?.failureCode ?? null });
  }
  return out;
}

function view(row: typeof brandStatements.$inferSelect, name: string, payouts: BrandStatementView['payouts']): BrandStatementView {
  const live = payouts.filter((p) => p.status !== 'failed');
  const paid = live.filter((p) => p.status === 'succeeded').reduce((a, p) => a + p.amount, 0);
  const status: BrandStatementView['status'] = live.length === 0 ? 'closed' : paid >= row.amountDue ? 'paid' : 'paying';
  return {
    id: row.id, brandId: row.brandId, brandName: name, period: row.period, periodStart: row.periodStart, periodEnd: row.periodEnd, currency: row.currency,
    soldUnits: row.soldUnits, returnedUnits: row.returnedUnits, shortUnits: row.shortUnits, gross: row.gross, commission: row.commission, discountsBorne: row.discountsBorne,
    settled: row.settled, adjustments: row.adjustments, carriedIn: row.carriedIn, amountDue: row.amountDue, status, payouts, paid,
  };
}

/** A brand's statements newest first, with the current month as it stands (open) on top. */
export async function listBrandStatements(ctx: Ctx, q: { brandId?: string }): Promise<{ items: BrandStatementView[] }> {
  const brandId = scopeBrand(ctx.actor, q.brandId);
  authorize(ctx, 'settlement.read', brandId ? { brandId } : undefined);
  if (ctx.actor.kind === 'reseller') throw new AppError('forbidden');
  const rows = await ctx.db.select().from(brandStatements)
    .where(brandId ? eq(brandStatements.brandId, brandId) : undefined).orderBy(desc(brandStatements.period), brandStatements.brandId).limit(brandId ? 36 : 200);
  const [pays, names] = await Promise.all([payoutsOfStatements(ctx, rows.map((r) => r.id)), brandNames(ctx, [...new Set(rows.map((r) => r.brandId))])]);
  const items = rows.map((r) => view(r, names.get(r.brandId) ?? '', pays.get(r.id)!));
  if (brandId) items.unshift(await openStatement(ctx, brandId));
  return { items };
}

/** The month not yet over, as it stands. */
export async function openStatement(ctx: Ctx, brandId: string): Promise<BrandStatementView> {
  const period = shanghaiMonth();
  const span = shanghaiMonthSpan(period);
  const f = await figures(ctx, brandId, span);
  const carriedIn = await carriedInto(ctx, brandId, period);
  return { id: null, brandId, brandName: await brandName(ctx, brandId), period, periodStart: span.start, periodEnd: span.end, currency: 'CNY', ...f, carriedIn, amountDue: Math.max(0, netOf({ ...f, carriedIn })), status: 'open', payouts: [], paid: 0 };
}

export async function getBrandStatement(ctx: Ctx, id: string): Promise<BrandStatementView> {
  const [row] = await ctx.db.select().from(brandStatements).where(eq(brandStatements.id, id));
  authorize(ctx, 'settlement.read', { brandId: row?.brandId ?? '\u0000' });
  if (!row || ctx.actor.kind === 'reseller') throw new AppError('not_found');
  return view(row, await brandName(ctx, row.brandId), (await payoutsOfStatements(ctx, [id])).get(id)!);
}

/**
 * The operator pays a closed statement's amount due to the brand's payout account: the brand's
 * payable goes into payouts in flight and the payout provider is asked once. A statement has at
 * most one payout that has not failed; after a failure (the money back in the payable) it can be paid again.
 */
export async function payBrandStatement(ctx: Ctx, id: string, input: { payoutAccountId?: string } = {}): Promise<BrandStatementView> {
  authorize(ctx, 'settlement.operate');
  await withTx(ctx, async (t) => {
    const [row] = await t.db.select().from(brandStatements).where(eq(brandStatements.id, id)).for('update');
    if (!row) throw new AppError('not_found');
    const current = (await payoutsOfStatements(t, [id])).get(id)!.filter((p) => p.status !== 'failed');
    if (current.length > 0) throw new AppError('invalid_transition', { detail: 'this statement already has a payout' });
    if (row.amountDue <= 0) throw new AppError('invalid_transition', { detail: 'nothing is due on this statement' });
    const account = await payoutAccountFor(t, { kind: 'brand', id: row.brandId }, input.payoutAccountId);
    if (!account) throw new AppError('validation_failed', { fields: [{ path: 'payoutAccountId', message: 'the brand has no payout account' }] });
    const pid = newId('bpo');
    await t.db.insert(brandPayouts).values({ id: pid, statementId: id, brandId: row.brandId, amount: row.amountDue, createdBy: actorRecord(t.actor) });
    const key = `brand-payout:${pid}:funded`;
    await post(t, {
      kind: 'brand_payout_funded', causeType: 'brand_statement', causeId: id, idempotencyKey: key, currency: row.currency, memo: `statement ${row.period}`,
      lines: [
        { account: 'brand_payable', partyId: row.brandId, amount: row.amountDue },
        { account: 'payouts_in_flight', partyId: row.brandId, amount: -row.amountDue },
      ],
    });
    await createPayout(t, { purpose: 'brand_payout', causeId: pid, partyId: row.brandId, payoutAccountId: account.id, amount: row.amountDue, currency: row.currency, fundingEntryKey: key, remark: `Sellthrough 回款 ${row.period}` });
  });
  return getBrandStatement(ctx, id);
}

export interface EventStatementView {
  brandId: string; brandName: string; saleEventId: string; title: string; currency: string;
  soldUnits: number; cancelledUnits: number; shortUnits: number; returnedUnits: number; keptUnits: number;
  gross: number; commission: number; discountsBorne: number; netPayable: number; settled: number; settledLines: number; lines: number;
  skus: { skuId: string; skuCode: string; name: string; sold: number; short: number; returned: number; kept: number; gross: number; netPayable: number }[];
}

/** One sale event's figures for its brand, as they stand (settled or not), per SKU. */
export async function eventStatement(ctx: Ctx, q: { brandId?: string; saleEventId: string }): Promise<EventStatementView> {
  authorize(ctx, 'settlement.read');
  if (ctx.actor.kind === 'reseller') throw new AppError('forbidden');
  const [ev] = (await ctx.db.execute<{ id: string; title: string; brand_id: string; name: string }>(sql`
    SELECT e.id, e.title, e.brand_id, b.name FROM sale_events e JOIN brands b ON b.id = e.brand_id WHERE e.id = ${q.saleEventId}`)).rows;
  const brandId = scopeBrand(ctx.actor, q.brandId ?? ev?.brand_id);
  if (!ev || ev.brand_id !== brandId) throw new AppError('not_found');
  const rows = (await ctx.db.execute<Record<string, string>>(sql`
    SELECT l.sku_id, s.sku_code AS code, p.name || ' ' || s.colour || ' ' || s.size AS name, sum(l.quantity)::text AS sold, sum(l.qty_cancelled)::text AS cancelled, sum(l.qty_short)::text AS short, sum(l.qty_returned)::text AS returned,
      sum(l.quantity - l.qty_refunded)::text AS kept, sum((l.quantity - l.qty_refunded)::bigint * l.base_price)::text AS gross,
      coalesce(sum(h.commission), 0)::text AS commission, coalesce(sum(h.brand), 0)::text AS payable,
      coalesce(sum(ls.brand_amount), 0)::text AS settled, count(ls.order_line_id)::text AS settled_lines, count(*)::text AS lines
    FROM order_lines l JOIN orders o ON o.id = l.order_id AND o.paid_at IS NOT NULL
    JOIN skus s ON s.id = l.sku_id JOIN products p ON p.id = l.product_id
    LEFT JOIN line_settlements ls ON ls.order_line_id = l.id
    LEFT JOIN LATERAL (SELECT -sum(j.amount) FILTER (WHERE j.account = 'platform_commission') AS commission, -sum(j.amount) FILTER (WHERE j.account = 'brand_payable') AS brand
      FROM journal_lines j WHERE j.order_line_id = l.id) h ON true
    WHERE l.sale_event_id = ${ev.id}
    GROUP BY l.sku_id, s.sku_code, p.name, s.colour, s.size ORDER BY s.sku_code`)).rows;
  const n = (k: string) => rows.reduce((a, r) => a + Number(r[k]), 0);
  const gross = n('gross');
  const commission = n('commission');
  const netPayable = n('payable');
  return {
    brandId: ev.brand_id, brandName: ev.name, saleEventId: ev.id, title: ev.title, currency: 'CNY',
    soldUnits: n('sold'), cancelledUnits: n('cancelled'), shortUnits: n('short'), returnedUnits: n('returned'), keptUnits: n('kept'),
    gross, commission, discountsBorne: gross - commission - netPayable, netPayable, settled: n('settled'), settledLines: n('settled_lines'), lines: n('lines'),
    skus: rows.map((r) => ({ skuId: r.sku_id, skuCode: r.code, name: r.name, sold: Number(r.sold), short: Number(r.short), returned: Number(r.returned), kept: Number(r.kept), gross: Number(r.gross), netPayable: Number(r.payable) })),
  };
}
