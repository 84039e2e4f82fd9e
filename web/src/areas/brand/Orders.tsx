// Brand portal: paid orders holding the brand's goods, and the picking list (SKU → units) the
// brand prepares for the bulk shipment to the platform warehouse. No consumer data reaches here.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { toCsv } from '../../lib/csv.ts';
import { fmtDateTime, sortSizes, useEvents, useSkuIndex, type Order, type Page, type Product, type Sku } from './data.ts';
import { LoadMore } from './parts.tsx';

const PAGE = 30;

interface Pick { skuId: string; product?: Product; sku?: Sku; units: number; orders: Set<string> }

export default function Orders({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const [eventId, setEventId] = useState('');
  const events = useEvents(brandId);
  const skus = useSkuIndex(brandId);
  const q = useInfiniteQuery({
    queryKey: ['brand', brandId, 'orders', 'paid', eventId],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => get<Page<Order>>(`/orders?status=paid&limit=${PAGE}${eventId ? `&saleEventId=${eventId}` : ''}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`, signal),
    getNextPageParam: (last) => last.nextCursor,
  });
  const orders = useMemo(() => q.data?.pages.flatMap((p) => p.items) ?? [], [q.data]);
  const eventTitle = useMemo(() => new Map((events.data ?? []).map((e) => [e.id, e.title])), [events.data]);
  const index = skus.data;

  const picks = useMemo(() => {
    const m = new Map<string, Pick>();
    for (const o of orders) for (const l of o.lines) {
      if (l.brandId !== brandId) continue;
      const p = m.get(l.skuId) ?? { skuId: l.skuId, product: index?.get(l.skuId)?.product, sku: index?.get(l.skuId)?.sku, units: 0, orders: new Set<string>() };
      p.units += l.quantity; p.orders.add(o.id);
      m.set(l.skuId, p);
    }
    const list = [...m.values()];
    const sizes = sortSizes(list.map((p) => p.sku?.size ?? ''));
    return list.sort((a, b) => (a.product?.spuCode ?? '').localeCompare(b.product?.spuCode ?? '') || (a.sku?.colour ?? '').localeCompare(b.sku?.colour ?? '', 'zh-CN') || sizes.indexOf(a.sku?.size ?? '') - sizes.indexOf(b.sku?.size ?? ''));
  }, [orders, index, brandId]);
  const totalUnits = picks.reduce((a, p) => a + p.units, 0);

  const pickCsv = () => {
    const head = [t('brand.orders.skuCode'), t('brand.orders.spu'), t('brand.orders.product'), t('brand.orders.colour'), t('brand.orders.size'), t('brand.orders.units'), t('brand.orders.orderCount')];
    const rows = picks.map((p) => [p.sku?.skuCode ?? p.skuId, p.product?.spuCode ?? '', p.product?.name ?? '', p.sku?.colour ?? '', p.sku?.size ?? '', p.units, p.orders.size]);
    return `data:text/csv;charset=utf-8,${encodeURIComponent(toCsv([head, ...rows]))}`;
  };

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
      </div>
      <p className="bp-callout">{t('brand.orders.explain')}</p>
      {q.isPending ? <Loading /> : q.error && !q.data ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : orders.length === 0 ? <section className="card"><Empty>{t('brand.orders.none')}</Empty></section> : (
        <>
          <section className="card" aria-labelledby="pick-h" data-testid="picking">
            <div className="page-head">
              <h2 id="pick-h">{t('brand.orders.picking')}</h2>
              <span className="muted" data-testid="picking-total">{t('brand.orders.pickingTotal', { units: totalUnits, skus: picks.length, orders: orders.length })}</span>
              <a className="btn btn-small" href={pickCsv()} download={`picking-${new Date().toISOString().slice(0, 10)}.csv`}>{t('brand.orders.exportCsv')}</a>
            </div>
            {skus.error ? <ErrorState error={skus.error} onRetry={() => skus.refetch()} /> : null}
            <table className="table">
              <thead><tr><th>{t('brand.orders.skuCode')}</th><th>{t('brand.orders.product')}</th><th>{t('brand.orders.colour')}</th><th>{t('brand.orders.size')}</th><th className="num">{t('brand.orders.units')}</th><th className="num">{t('brand.orders.orderCount')}</th></tr></thead>
              <tbody>
                {picks.map((p) => (
                  <tr key={p.skuId} data-testid="pick-row" data-sku={p.skuId}>
                    <td><code>{p.sku?.skuCode ?? p.skuId}</code></td>
                    <td>{p.product ? <>{p.product.name} <span className="muted">{p.product.spuCode}</span></> : skus.isPending ? t('common.loading') : '—'}</td>
                    <td>{p.sku?.colour ?? '—'}</td><td>{p.sku?.size ?? '—'}</td>
                    <td className="num" data-testid="pick-units"><strong>{p.units}</strong></td>
                    <td className="num">{p.orders.size}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot><tr className="bp-totals"><th colSpan={4}>{t('brand.orders.total')}</th><th className="num">{totalUnits}</th><th /></tr></tfoot>
            </table>
            {q.hasNextPage && <p className="hint">{t('brand.orders.partial')}</p>}
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
                      <td><code className="bp-id">{o.id}</code>{o.note && <div className="hint" title={o.note}>{t('brand.orders.note')}: {o.note}</div>}</td>
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
