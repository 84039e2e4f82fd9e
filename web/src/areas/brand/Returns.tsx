// Brand portal: 退货分析 — the return rates and reasons of the brand's own SKUs and events (units
// returned over units delivered, requests by reason) as a chart and a table, and the latest
// return requests with the brand's items.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { RatesView, rateBps, type ReturnRate } from '../../components/returns/ReturnRates.tsx';
import { ReturnStatusTag } from '../../components/returns/ReturnCard.tsx';
import type { ReturnRequest } from '../../lib/returns.ts';
import { Empty, QueryView } from '../../components/states.tsx';
import { percent } from '../../lib/money.ts';
import { fmtDateTime, useEvents, useSkuIndex, type Page } from './data.ts';
import './returns.i18n.ts';

type By = 'sku' | 'event';

export default function ReturnsPage({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const [by, setBy] = useState<By>('sku');
  const q = useQuery({
    queryKey: ['brand', brandId, 'return-rates', by],
    queryFn: ({ signal }) => get<{ items: ReturnRate[] }>(`/returns/rates?by=${by}`, signal).then((r) => r.items),
  });
  // The brand's totals: every unit delivered, not only those of SKUs with a request.
  const whole = useQuery({
    queryKey: ['brand', brandId, 'return-rates', 'brand'],
    queryFn: ({ signal }) => get<{ items: ReturnRate[] }>('/returns/rates?by=brand', signal).then((r) => r.items),
  });
  const recent = useQuery({
    queryKey: ['brand', brandId, 'returns'],
    queryFn: ({ signal }) => get<Page<ReturnRequest>>('/returns?limit=20', signal).then((r) => r.items),
  });
  const skus = useSkuIndex(brandId);
  const events = useEvents(brandId);
  const label = (key: string) => {
    if (by === 'event') return events.data?.find((e) => e.id === key)?.title ?? key;
    const hit = skus.data?.get(key);
    return hit ? `${hit.product.name} · ${hit.sku.colour} / ${hit.sku.size} (${hit.sku.skuCode})` : key;
  };
  const skuName = (skuId: string) => { const hit = skus.data?.get(skuId); return hit ? `${hit.product.name} ${hit.sku.colour}/${hit.sku.size}` : skuId; };
  return (
    <div className="bp-stack" data-testid="brand-returns">
      <div className="page-head"><h1>{t('brand.returns.heading')}</h1></div>
      <p className="muted">{t('brand.returns.intro')}</p>
      <QueryView q={whole}>
        {(rows) => {
          const total = rows.reduce((a, r) => ({ delivered: a.delivered + r.delivered, returned: a.returned + r.returned, requests: a.requests + r.requests }), { delivered: 0, returned: 0, requests: 0 });
          const bps = rateBps(total);
          return (
            <div className="kpis">
              <div className="kpi"><div className="label">{t('returns.rates.delivered')}</div><div className="value" data-testid="kpi-delivered">{total.delivered || '—'}</div></div>
              <div className="kpi"><div className="label">{t('returns.rates.returned')}</div><div className="value" data-testid="kpi-returned">{total.returned}</div></div>
              <div className="kpi"><div className="label">{t('returns.rates.rate')}</div><div className="value bp-money" data-testid="kpi-return-rate">{bps === null ? '—' : percent(bps)}</div><div className="hint">{t('brand.returns.rateHint')}</div></div>
              <div className="kpi"><div className="label">{t('returns.rates.requests')}</div><div className="value" data-testid="kpi-requests">{total.requests}</div></div>
            </div>
          );
        }}
      </QueryView>
      <QueryView q={q}>
        {(rows) => (
        <section className="card bp-flush" aria-labelledby="rates-h" data-testid="rates" data-by={by}>
          <div className="page-head bp-card-title">
            <h2 id="rates-h">{t('brand.returns.ratesTitle')}</h2>
            <div className="bp-seg" role="group" aria-label={t('brand.returns.ratesTitle')}>
              {(['sku', 'event'] as const).map((b) => <button key={b} type="button" className="btn btn-small" aria-pressed={by === b} onClick={() => setBy(b)} data-testid={`rates-by-${b}`}>{t(`brand.returns.by.${b}`)}</button>)}
            </div>
          </div>
          {rows.length === 0 ? <Empty>{t('returns.rates.none')}</Empty> : <RatesView rows={rows} label={label} chartLabel={t('brand.returns.ratesTitle')} />}
        </section>
        )}
      </QueryView>
      <section className="card bp-flush" aria-labelledby="recent-h">
        <div className="page-head bp-card-title"><h2 id="recent-h">{t('brand.returns.recent')}</h2></div>
        <QueryView q={recent}>
          {(items) => items.length === 0 ? <Empty>{t('returns.none')}</Empty> : (
            <table className="table" data-testid="brand-return-list">
              <thead><tr><th>{t('returns.returnNo')}</th><th>{t('brand.returns.items')}</th><th>{t('returns.reasonLabel')}</th><th>{t('returns.kindLabel')}</th><th>{t('brand.returns.requestedAt')}</th><th>{t('brand.returns.status')}</th></tr></thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id} data-testid="brand-return-row" data-status={r.status}>
                    <td><code className="bp-id">{r.returnNo}</code></td>
                    <td>{r.lines.map((l) => `${skuName(l.skuId)} ×${l.quantity}`).join(i18n.language === 'en' ? '; ' : '，')}</td>
                    <td>{t(`returns.reason.${r.reasonCode}`)}</td>
                    <td>{t(`returns.kind.${r.kind}`)}</td>
                    <td className="bp-nowrap">{fmtDateTime(r.createdAt, i18n.language)}</td>
                    <td><ReturnStatusTag r={r} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </section>
    </div>
  );
}
