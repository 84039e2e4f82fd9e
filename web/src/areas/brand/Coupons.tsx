// Brand portal: the coupons the brand funds (set up by the operator) — how far each is used
// against its cap, the discount the brand bears on paid orders and the sales those orders
// brought, with a chart to compare them at a glance.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import type { TFunction } from 'i18next';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Chart } from '../../components/Chart.tsx';
import { QueryView } from '../../components/states.tsx';
import { LIVE_REFRESH_MS, fmtDate } from './data.ts';
import { Progress } from './parts.tsx';
import './coupons.i18n.ts';

type Kind = 'threshold' | 'fixed' | 'percent' | 'bogo';
type State = 'scheduled' | 'active' | 'paused' | 'ended' | 'exhausted';
interface Coupon {
  id: string; code: string; name: string; kind: Kind; threshold: number; amountOff: number; percentBps: number; maxOff: number | null;
  validFrom: string; validTo: string; totalCap: number; perCustomerCap: number; redeemed: number; state: State;
  usage: { paidOrders: number; pendingOrders: number; discount: number; sales: number };
}

const RED = '#e4393c', GREY = '#8c8c8c';

function terms(t: TFunction, c: Coupon): string {
  // 85% of the price → "8.5 折" in Chinese, "15% off" in English.
  const pct = String((10_000 - c.percentBps) / 1000).replace(/\.0$/, '');
  const pctOff = `${c.percentBps / 100}%`;
  switch (c.kind) {
    case 'threshold': return t('brand.coupons.termsThreshold', { threshold: yuan(c.threshold), off: yuan(c.amountOff) });
    case 'fixed': return t('brand.coupons.termsFixed', { off: yuan(c.amountOff) });
    case 'percent': return c.maxOff ? t('brand.coupons.termsPercentMax', { pct, pctOff, max: yuan(c.maxOff) }) : t('brand.coupons.termsPercent', { pct, pctOff });
    default: return t('brand.coupons.termsBogo');
  }
}

function StateTag({ state }: { state: State }) {
  const { t } = useTranslation();
  const cls = state === 'active' ? 'tag-live' : state === 'scheduled' ? 'tag-scheduled' : 'tag-cancelled';
  return <span className={`tag ${cls}`} data-testid="coupon-state">{t(`brand.coupons.states.${state}`)}</span>;
}

function CostChart({ items }: { items: Coupon[] }) {
  const { t } = useTranslation();
  const key = JSON.stringify(items.map((c) => [c.code, c.usage.discount, c.usage.sales]));
  const option = useMemo<EChartsOption>(() => ({
    grid: { left: 110, right: 24, top: 32, bottom: 24 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => yuan(Number(v) * 100) },
    legend: { top: 0, data: [t('brand.coupons.discount'), t('brand.coupons.sales')] },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `¥${v.toLocaleString()}` } },
    yAxis: { type: 'category', data: items.map((c) => c.code), inverse: true },
    series: [
      { name: t('brand.coupons.discount'), type: 'bar', barMaxWidth: 18, itemStyle: { color: RED }, data: items.map((c) => c.usage.discount / 100) },
      { name: t('brand.coupons.sales'), type: 'bar', barMaxWidth: 18, itemStyle: { color: GREY }, data: items.map((c) => c.usage.sales / 100) },
    ],
  }), [key, t]);
  return <Chart option={option} height={Math.max(160, 60 + items.length * 44)} label={t('brand.coupons.chartLabel')} />;
}

export default function Coupons({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['brand', brandId, 'coupons'], queryFn: ({ signal }) => get<{ items: Coupon[] }>('/coupons', signal), refetchInterval: LIVE_REFRESH_MS });
  return (
    <div className="stack-16" data-testid="brand-coupons">
      <div className="page-head"><h1>{t('brand.coupons.heading')}</h1></div>
      <p className="muted">{t('brand.coupons.intro')}</p>
      <QueryView q={q}>
        {({ items }) => {
          if (items.length === 0) return <section className="card"><p className="muted" data-testid="no-coupons">{t('brand.coupons.none')}</p></section>;
          const sum = items.reduce((a, c) => ({ paid: a.paid + c.usage.paidOrders, discount: a.discount + c.usage.discount, sales: a.sales + c.usage.sales }), { paid: 0, discount: 0, sales: 0 });
          return (
            <>
              <div className="kpis">
                <div className="kpi"><div className="label">{t('brand.coupons.count')}</div><div className="value" data-testid="kpi-coupons">{items.length}</div></div>
                <div className="kpi"><div className="label">{t('brand.coupons.paidOrders')}</div><div className="value" data-testid="kpi-coupon-orders">{sum.paid.toLocaleString()}</div></div>
                <div className="kpi"><div className="label">{t('brand.coupons.discount')}</div><div className="value bp-money" data-testid="kpi-coupon-discount">{yuan(sum.discount)}</div></div>
                <div className="kpi"><div className="label">{t('brand.coupons.sales')}</div><div className="value bp-money" data-testid="kpi-coupon-sales">{yuan(sum.sales)}</div></div>
                <div className="kpi"><div className="label">{t('brand.coupons.roi')}</div><div className="value" data-testid="kpi-coupon-roi">{sum.discount ? `${(sum.sales / sum.discount).toFixed(1)}×` : '—'}</div><div className="hint">{t('brand.coupons.roiHint')}</div></div>
              </div>
              <section className="card">
                <h2>{t('brand.coupons.chart')}</h2>
                <CostChart items={items} />
              </section>
              <section className="card">
                <table className="table" data-testid="coupon-table">
                  <thead>
                    <tr>
                      <th>{t('brand.coupons.code')}</th><th>{t('brand.coupons.name')}</th><th>{t('brand.coupons.terms')}</th><th>{t('brand.coupons.validity')}</th>
                      <th>{t('brand.coupons.state')}</th><th>{t('brand.coupons.used')}</th><th className="num">{t('brand.coupons.paidOrders')}</th>
                      <th className="num">{t('brand.coupons.discount')}</th><th className="num">{t('brand.coupons.sales')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((c) => (
                      <tr key={c.id} data-testid="coupon-row">
                        <td className="bp-nowrap"><code>{c.code}</code></td>
                        <td>{c.name}</td>
                        <td>{terms(t, c)}<div className="muted">{t('brand.coupons.perCustomer', { n: c.perCustomerCap })}</div></td>
                        <td>{fmtDate(c.validFrom, i18n.language)} – {fmtDate(c.validTo, i18n.language)}</td>
                        <td><StateTag state={c.state} /></td>
                        <td><Progress bps={Math.round((c.redeemed / c.totalCap) * 10_000)} label={t('brand.coupons.used')} /><div className="muted num">{c.redeemed} / {c.totalCap}</div></td>
                        <td className="num">{c.usage.paidOrders}{c.usage.pendingOrders > 0 && <div className="muted">{t('brand.coupons.pending', { n: c.usage.pendingOrders })}</div>}</td>
                        <td className="num bp-money" data-testid="coupon-discount">{yuan(c.usage.discount)}</td>
                        <td className="num bp-money">{yuan(c.usage.sales)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            </>
          );
        }}
      </QueryView>
    </div>
  );
}
