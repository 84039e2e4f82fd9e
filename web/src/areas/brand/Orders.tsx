// Brand portal: paid orders holding the brand's goods, and the picking list (SKU → units) the
// brand prepares for the bulk shipment to the platform warehouse. No consumer data reaches here.
// The picking list, its totals and both files come from the server for every order of the
// filter, not just the orders loaded on screen.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { fmtDateTime, useEvents, useSkuIndex, type Order, type Page } from './data.ts';
import { LoadMore } from './parts.tsx';
import './orders.i18n.ts';

const PAGE = 30;

interface PickList {
  items: { skuId: string; skuCode: string; productName: string; colour: string; size: string; units: number; orders: number }[];
  totals: { units: number; skus: number; orders: number };
}

/** The list's filter as a query string: paid orders, optionally of one event or found by number. */
function filterQuery(eventId: string, search: string, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ status: 'paid', ...extra });
  if (eventId) q.set('saleEventId', eventId);
  if (search) q.set('q', search);
  return q.toString();
}

export default function Orders({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const [eventId, setEventId] = useState('');
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const events = useEvents(brandId);
  const skus = useSkuIndex(brandId);
  const q = useInfiniteQuery({
    queryKey: ['brand', brandId, 'orders', 'paid', eventId, search],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => get<Page<Order>>(`/orders?${filterQuery(eventId, search, { limit: String(PAGE), ...(pageParam ? { cursor: pageParam } : {}) })}`, signal),
    getNextPageParam: (last) => last.nextCursor,
  });
  const picks = useQuery({
    queryKey: ['brand', brandId, 'pick-list', eventId, search],
    queryFn: ({ signal }) => get<PickList>(`/orders/pick-list?${filterQuery(eventId, search)}`, signal),
  });
  const orders = useMemo(() => q.data?.pages.flatMap((p) => p.items) ?? [], [q.data]);
  const eventTitle = useMemo(() => new Map((events.data ?? []).map((e) => [e.id, e.title])), [events.data]);
  const index = skus.data;
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';

  const describe = (skuId: string) => {
    const hit = index?.get(skuId);
    return hit ? `${hit.product.name} · ${hit.sku.colour} / ${hit.sku.size}` : skuId;
  };

  return (
    <>
      <div className="page-head">
        <h1>{t('brand.orders.heading')}</h1>
        <label className="bp-inline">{t('brand.orders.event')}
          <select value={eventId} onChange={(e) => setEventId(e.target.value)} data-testid="orders-event">
            <option value="">{t('brand.orders.allEvents')}</option>
            {(events.data ?? []).map((e) => <option key={e.id} value={e.id}>{e.title}</option>)}
          </select>
        </label>
        <form className="bp-inline" role="search" onSubmit={(e) => { e.preventDefault(); setSearch(typed.trim().slice(0, 50)); }}>
          <label className="bp-inline">{t('brand.orders.search')}
            <input type="search" value={typed} maxLength={50} inputMode="numeric" onChange={(e) => setTyped(e.target.value)} placeholder={t('brand.orders.searchPlaceholder')} data-testid="orders-q" />
          </label>
          <button type="submit" className="btn btn-small" data-testid="orders-q-go">{t('brand.orders.searchGo')}</button>
          {search && <button type="button" className="btn btn-ghost btn-small" onClick={() => { setTyped(''); setSearch(''); }}>{t('brand.orders.searchClear')}</button>}
        </form>
      </div>
      <p className="bp-callout">{t('brand.orders.explain')}</p>
      {q.isPending ? <Loading /> : q.error && !q.data ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : orders.length === 0 ? <section className="card"><Empty>{search ? t('brand.orders.noMatch', { q: search }) : t('brand.orders.none')}</Empty></section> : (
        <>
          <section className="card" aria-labelledby="pick-h" data-testid="picking">
            <div className="page-head">
              <h2 id="pick-h">{t('brand.orders.picking')}</h2>
              {picks.data && <span className="muted" data-testid="picking-total">{t('brand.orders.pickingTotal', picks.data.totals)}</span>}
              <a className="btn btn-small" href={`/api/v1/orders/pick-list.csv?${filterQuery(eventId, search, { lang })}`} download data-testid="export-picking">{t('brand.orders.exportCsv')}</a>
              <a className="btn btn-small" href={`/api/v1/orders/export.csv?${filterQuery(eventId, search, { lang })}`} download title={t('brand.orders.exportHint')} data-testid="export-orders">{t('brand.orders.exportOrders')}</a>
            </div>
            {picks.isPending ? <Loading /> : picks.error ? <ErrorState error={picks.error} onRetry={() => picks.refetch()} /> : (
              <table className="table">
                <thead><tr><th>{t('brand.orders.skuCode')}</th><th>{t('brand.orders.product')}</th><th>{t('brand.orders.colour')}</th><th>{t('brand.orders.size')}</th><th className="num">{t('brand.orders.units')}</th><th className="num">{t('brand.orders.orderCount')}</th></tr></thead>
                <tbody>
                  {picks.data.items.map((p) => (
                    <tr key={p.skuId} data-testid="pick-row" data-sku={p.skuId}>
                      <td><code>{p.skuCode}</code></td>
                      <td>{p.productName || '—'} {index?.get(p.skuId) && <span className="muted">{index.get(p.skuId)!.product.spuCode}</span>}</td>
                      <td>{p.colour || '—'}</td><td>{p.size || '—'}</td>
                      <td className="num" data-testid="pick-units"><strong>{p.units}</strong></td>
                      <td className="num">{p.orders}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot><tr className="bp-totals"><th colSpan={4}>{t('brand.orders.total')}</th><th className="num" data-testid="pick-total-units">{picks.data.totals.units}</th><th className="num">{picks.data.totals.orders}</th></tr></tfoot>
              </table>
            )}
          </section>
          <section className="card bp-flush" aria-labelledby="orders-h">
            <h2 id="orders-h" className="bp-card-title">{t('brand.orders.list')}</h2>
            <table className="table" data-testid="orders">
              <thead><tr><th>{t('brand.orders.orderId')}</th><th>{t('brand.orders.paidAt')}</th><th>{t('brand.orders.event')}</th><th>{t('brand.orders.lines')}</th><th className="num">{t('brand.orders.units')}</th><th className="num">{t('brand.orders.baseTotal')}</th></tr></thead>
              <tbody>
                {orders.map((o) => {
                  const mine = o.lines.filter((l) => l.brandId === brandId);
                  const events = [...new Set(mine.map((l) => l.saleEventId))];
                  return (
                    <tr key={o.id} data-testid="order-row" data-order={o.id}>
                      <td><code className="bp-id" data-testid="order-no">{o.orderNo}</code>{o.note && <div className="hint" title={o.note}>{t('brand.orders.note')}: {o.note}</div>}</td>
                      <td className="bp-nowrap">{fmtDateTime(o.paidAt ?? o.createdAt, i18n.language)}</td>
                      <td>{events.map((id) => <div key={id}>{eventTitle.get(id) ?? id}</div>)}</td>
                      <td>
                        <ul className="bp-lines">
                          {mine.map((l) => <li key={l.id}>{describe(l.skuId)} <span className="muted">× {l.quantity} @ {yuan(l.basePrice)}</span></li>)}
                        </ul>
                      </td>
                      <td className="num">{mine.reduce((a, l) => a + l.quantity, 0)}</td>
                      <td className="num">{yuan(mine.reduce((a, l) => a + (l.basePrice ?? 0) * l.quantity, 0))}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {q.error ? <ErrorState error={q.error} onRetry={() => q.fetchNextPage()} /> : null}
            <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()} shown={t('brand.orders.shown', { count: orders.length })} />
          </section>
        </>
      )}
    </>
  );
}
