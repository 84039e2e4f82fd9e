// Brand portal: the statement (对账单) — what the platform owes the brand from the ledger, the
// rule behind it, and the paid order lines that make it up: units short (not supplied) or
// returned show as such and are not owed; only the units kept are.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { percent, yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading, QueryView } from '../../components/states.tsx';
import { fmtDateTime, keptUnits, lineOwed, useBrand, useEvents, useSkuIndex, useStatement, type Order, type Page } from './data.ts';
import { refundOnlyUnits } from '../../lib/returns.ts';
import { LoadMore } from './parts.tsx';
import './returns.css';

// Paid orders in every state after payment (shipped, delivered, short, returned) come in one list.
const PAGE = 100;

function Rule({ rateBps }: { rateBps: number }) {
  const { t } = useTranslation();
  // A worked example in the brand's own rate: ¥109.00 × 2.
  const ex = lineOwed(10_900, 2, rateBps);
  return (
    <section className="card" aria-labelledby="rule-h" data-testid="statement-rule">
      <h2 id="rule-h">{t('brand.statement.ruleTitle')}</h2>
      <p className="bp-formula">{t('brand.statement.formula')}</p>
      <ul className="bp-rules">
        <li>{t('brand.statement.rule1', { rate: percent(rateBps) })}</li>
        <li>{t('brand.statement.rule2')}</li>
        <li>{t('brand.statement.rule3')}</li>
      </ul>
      <p className="hint">{t('brand.statement.example', { base: yuan(10_900), qty: 2, gross: yuan(ex.gross), rate: percent(rateBps), commission: yuan(ex.commission), owed: yuan(ex.owed) })}</p>
    </section>
  );
}

export default function StatementPage({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const statement = useStatement(brandId);
  const brand = useBrand(brandId);
  const events = useEvents(brandId);
  const skus = useSkuIndex(brandId);
  const q = useInfiniteQuery({
    queryKey: ['brand', brandId, 'orders', 'statement'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => get<Page<Order>>(`/orders?limit=${PAGE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`, signal),
    getNextPageParam: (last) => last.nextCursor,
  });
  const contractRate = brand.data?.contract?.commissionBps ?? 2000;
  const rateOf = useMemo(() => new Map((events.data ?? []).map((e) => [e.id, e.commissionBps])), [events.data]);
  // Only paid orders owe anything; unpaid and expired ones never did.
  const paidOrders = useMemo(() => (q.data?.pages.flatMap((p) => p.items) ?? []).filter((o) => o.paidAt !== null), [q.data]);
  const rows = useMemo(() => paidOrders.flatMap((o) => o.lines.filter((l) => l.brandId === brandId).map((l) => {
    // The rate frozen on the line; else the event's (each keeps the rate it was created with), else the contract's.
    const rate = l.commissionBps ?? rateOf.get(l.saleEventId) ?? contractRate;
    const kept = keptUnits(l);
    const u = l.units;
    return { order: o, line: l, rate, kept, short: u?.short ?? 0, returned: u?.returned ?? 0, other: u ? u.cancelled + refundOnlyUnits(u) : 0, ...lineOwed(l.basePrice ?? 0, kept, rate) };
  })), [paidOrders, brandId, rateOf, contractRate]);
  const sum = rows.reduce((a, r) => ({
    gross: a.gross + r.gross, commission: a.commission + r.commission, owed: a.owed + r.owed, units: a.units + r.line.quantity,
    short: a.short + r.short, returned: a.returned + r.returned, kept: a.kept + r.kept,
  }), { gross: 0, commission: 0, owed: 0, units: 0, short: 0, returned: 0, kept: 0 });
  const orderCount = paidOrders.length;
  const complete = q.data !== undefined && !q.hasNextPage;
  const reconciled = complete && statement.data !== undefined && statement.data.payable === sum.owed;

  return (
    <>
      <div className="page-head"><h1>{t('brand.statement.heading')}</h1></div>
      <div className="bp-two">
        <section className="card bp-payable" aria-labelledby="payable-h">
          <h2 id="payable-h">{t('brand.statement.payable')}</h2>
          <QueryView q={statement}>
            {(s) => (
              <>
                <div className="bp-payable-value" data-testid="statement-payable">{yuan(s.payable)}</div>
                <p className="hint">{t('brand.statement.payableHint')}</p>
                {reconciled && <span className="tag tag-paid" data-testid="reconciled">✓ {t('brand.statement.reconciled')}</span>}
              </>
            )}
          </QueryView>
        </section>
        <Rule rateBps={contractRate} />
      </div>
      <section className="card bp-flush" aria-labelledby="lines-h">
        <div className="page-head bp-card-title"><h2 id="lines-h">{t('brand.statement.lines')}</h2><span className="hint">{t('brand.statement.linesHint')}</span></div>
        {q.isPending ? <Loading /> : q.error && !q.data ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : rows.length === 0 ? <Empty>{t('brand.statement.none')}</Empty> : (
          <>
            <table className="table" data-testid="statement-lines">
              <thead><tr>
                <th>{t('brand.orders.orderId')}</th><th>{t('brand.orders.paidAt')}</th><th>{t('brand.orders.product')}</th>
                <th className="num">{t('brand.statement.qty')}</th><th className="num">{t('brand.statement.short')}</th><th className="num">{t('brand.statement.returned')}</th>
                <th className="num">{t('brand.statement.kept')}</th><th className="num">{t('brand.statement.basePrice')}</th><th className="num">{t('brand.statement.gross')}</th>
                <th className="num">{t('brand.statement.rate')}</th><th className="num">{t('brand.statement.commission')}</th><th className="num">{t('brand.statement.owed')}</th>
              </tr></thead>
              <tbody>
                {rows.map((r) => {
                  const hit = skus.data?.get(r.line.skuId);
                  return (
                    <tr key={r.line.id} data-testid="statement-line" data-line={r.line.id} data-order={r.order.id} className={r.kept < r.line.quantity ? 'bp-given-back' : undefined}>
                      <td><code className="bp-id">{r.order.orderNo || r.order.id}</code></td>
                      <td className="bp-nowrap">{fmtDateTime(r.order.paidAt ?? r.order.createdAt, i18n.language)}</td>
                      <td>{r.line.productName ? `${r.line.productName} · ${r.line.colour} / ${r.line.size}` : hit ? `${hit.product.name} · ${hit.sku.colour} / ${hit.sku.size}` : r.line.skuId}
                        {r.other > 0 && <div className="hint">{t('brand.statement.otherBack', { n: r.other })}</div>}</td>
                      <td className="num">{r.line.quantity}</td>
                      <td className={`num ${r.short ? 'bp-neg' : 'muted'}`} data-testid="statement-short">{r.short ? `−${r.short}` : '—'}</td>
                      <td className={`num ${r.returned ? 'bp-neg' : 'muted'}`} data-testid="statement-returned">{r.returned ? `−${r.returned}` : '—'}</td>
                      <td className="num" data-testid="statement-kept"><strong>{r.kept}</strong></td>
                      <td className="num">{yuan(r.line.basePrice)}</td>
                      <td className="num">{yuan(r.gross)}</td>
                      <td className="num">{percent(r.rate)}</td>
                      <td className="num bp-neg">−{yuan(r.commission)}</td>
                      <td className="num"><strong>{yuan(r.owed)}</strong></td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr className="bp-totals" data-testid="statement-totals">
                  <th colSpan={3}>{t('brand.statement.totals', { orders: orderCount })}</th>
                  <th className="num">{sum.units}</th>
                  <th className="num bp-neg">{sum.short ? `−${sum.short}` : '—'}</th><th className="num bp-neg">{sum.returned ? `−${sum.returned}` : '—'}</th>
                  <th className="num">{sum.kept}</th><th />
                  <th className="num">{yuan(sum.gross)}</th><th />
                  <th className="num bp-neg">−{yuan(sum.commission)}</th>
                  <th className="num" data-testid="statement-owed-total">{yuan(sum.owed)}</th>
                </tr>
              </tfoot>
            </table>
            {q.error ? <ErrorState error={q.error} onRetry={() => q.fetchNextPage()} /> : null}
            <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()} shown={complete ? undefined : t('brand.statement.partial')} />
          </>
        )}
      </section>
    </>
  );
}
