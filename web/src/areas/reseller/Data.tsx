// 我的数据: today, 7 or 30 days — sales, margin, orders, visitors and conversion against the days
// before, the curve day by day, what each channel brought, and the products that sold.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Chart } from '../../components/Chart.tsx';
import { CsvButton } from '../../components/Traffic.tsx';
import { ErrorState, Loading, Empty } from '../../components/states.tsx';
import './data.i18n.ts';
import './share.css';

interface Dashboard {
  days: number; from: string; to: string;
  totals: { sales: number; margin: number; orders: number; units: number; buyers: number; visitors: number; views: number; conversionBps: number };
  previous: { sales: number; orders: number; visitors: number };
  daily: { day: string; sales: number; margin: number; orders: number; visitors: number }[];
  topProducts: { productId: string; name: string; units: number; sales: number }[];
  channels: { channel: string; visitors: number; views: number; orders: number; buyers: number; sales: number; conversionBps: number }[];
}

const RED = '#e4393c';
const BLUE = '#5b8ff9';
export const pct = (bps: number) => `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 1)}%`;

function Change({ now, before }: { now: number; before: number }) {
  const { t } = useTranslation();
  if (before === 0) return <small className="muted">{now > 0 ? t('reseller.data.new') : '—'}</small>;
  const d = Math.round(((now - before) * 100) / before);
  return <small className={d >= 0 ? 'rs-up' : 'rs-down'}>{d >= 0 ? '↑' : '↓'}{Math.abs(d)}%</small>;
}

function DailyChart({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const option = useMemo<EChartsOption>(() => ({
    grid: { left: 44, right: 36, top: 30, bottom: 26 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 }, data: [t('reseller.data.sales'), t('reseller.data.visitors')] },
    xAxis: { type: 'category', data: d.daily.map((x) => x.day.slice(5)), axisLabel: { fontSize: 10, interval: d.days > 7 ? 6 : 0 } },
    yAxis: [
      { type: 'value', axisLabel: { fontSize: 10, formatter: (v: number) => (v >= 10_000 ? `${Math.round(v / 1000)}k` : String(v)) }, splitLine: { lineStyle: { color: '#f0f1f4' } } },
      { type: 'value', axisLabel: { fontSize: 10 }, splitLine: { show: false } },
    ],
    series: [
      { name: t('reseller.data.sales'), type: 'bar', barMaxWidth: 14, itemStyle: { color: RED }, data: d.daily.map((x) => x.sales / 100), tooltip: { valueFormatter: (v) => yuan(Math.round(Number(v) * 100)) } },
      { name: t('reseller.data.visitors'), type: 'line', yAxisIndex: 1, symbolSize: 4, lineStyle: { color: BLUE, width: 2 }, itemStyle: { color: BLUE }, data: d.daily.map((x) => x.visitors) },
    ],
  }), [d, t]);
  return <Chart option={option} height={220} label={t('reseller.data.chartLabel')} />;
}

export default function Data() {
  const { t } = useTranslation();
  const [days, setDays] = useState<1 | 7 | 30>(7);
  const q = useQuery({ queryKey: ['reseller', 'dashboard', days], queryFn: ({ signal }) => get<Dashboard>(`/reseller/dashboard?days=${days}`, signal), refetchInterval: 60_000 });
  return (
    <div className="stack-12" data-testid="data-page">
      <div className="rs-filters" role="tablist">
        {([1, 7, 30] as const).map((n) => (
          <button key={n} type="button" role="tab" aria-selected={days === n} className={`rs-filter ${days === n ? 'active' : ''}`} onClick={() => setDays(n)} data-testid={`days-${n}`}>
            {n === 1 ? t('reseller.data.today') : t('reseller.data.lastDays', { n })}
          </button>
        ))}
      </div>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (() => {
        const d = q.data;
        return (
          <>
            <section className="card">
              <div className="rs-kpis rs-kpis-3" data-testid="data-kpis">
                <div><span className="muted">{t('reseller.data.sales')}</span><b className="num">{yuan(d.totals.sales)}</b><Change now={d.totals.sales} before={d.previous.sales} /></div>
                <div><span className="muted">{t('reseller.data.margin')}</span><b className="num rs-profit">{yuan(d.totals.margin)}</b></div>
                <div><span className="muted">{t('reseller.data.orders')}</span><b className="num">{d.totals.orders}</b><Change now={d.totals.orders} before={d.previous.orders} /></div>
                <div><span className="muted">{t('reseller.data.visitors')}</span><b className="num">{d.totals.visitors}</b><Change now={d.totals.visitors} before={d.previous.visitors} /></div>
                <div><span className="muted">{t('reseller.data.buyers')}</span><b className="num">{d.totals.buyers}</b></div>
                <div><span className="muted">{t('reseller.data.conversion')}</span><b className="num">{pct(d.totals.conversionBps)}</b></div>
              </div>
              <p className="hint">{t('reseller.data.vs', { n: d.days })}</p>
              <p className="hint" data-testid="conversion-hint">{t('reseller.data.conversionHint')}</p>
            </section>
            {d.days > 1 && <section className="card"><h2>{t('reseller.data.curve')}</h2><DailyChart d={d} /></section>}
            <section className="card" data-testid="channels">
              <div className="row"><h2 className="rs-grow">{t('reseller.data.channels')}</h2>
                <CsvButton fileName={`channels-${d.days}d.csv`} testId="channels-csv" rows={() => [[t('reseller.data.channel'), t('reseller.data.visitors'), t('reseller.data.orders'), t('reseller.data.conversion'), t('reseller.data.sales')], ...d.channels.map((c) => [t(`reseller.data.channelNames.${c.channel}`, { defaultValue: c.channel }), c.visitors, c.orders, pct(c.conversionBps), (c.sales / 100).toFixed(2)])]} />
              </div>
              {d.channels.length === 0 ? <Empty>{t('reseller.data.noChannels')}</Empty> : (
                <table className="rs-table">
                  <thead><tr><th>{t('reseller.data.channel')}</th><th>{t('reseller.data.visitors')}</th><th>{t('reseller.data.orders')}</th><th>{t('reseller.data.conversion')}</th><th>{t('reseller.data.sales')}</th></tr></thead>
                  <tbody>{d.channels.map((c) => (
                    <tr key={c.channel} data-testid="channel-row"><td>{t(`reseller.data.channelNames.${c.channel}`, { defaultValue: c.channel })}</td><td className="num">{c.visitors}</td><td className="num">{c.orders}</td><td className="num">{pct(c.conversionBps)}</td><td className="num">{yuan(c.sales)}</td></tr>
                  ))}</tbody>
                </table>
              )}
            </section>
            <section className="card">
              <div className="row"><h2 className="rs-grow">{t('reseller.data.top')}</h2>
                <CsvButton fileName={`best-sellers-${d.days}d.csv`} testId="top-csv" rows={() => [[t('reseller.data.top'), t('reseller.data.units', { n: '' }).trim(), t('reseller.data.sales')], ...d.topProducts.map((p) => [p.name, p.units, (p.sales / 100).toFixed(2)])]} />
              </div>
              {d.topProducts.length === 0 ? <Empty>{t('reseller.data.noSales')}</Empty> : (
                <ol className="rs-top">{d.topProducts.map((p) => <li key={p.productId}><span className="rs-grow">{p.name}</span><span className="num">{t('reseller.data.units', { n: p.units })}</span><span className="num">{yuan(p.sales)}</span></li>)}</ol>
              )}
            </section>
          </>
        );
      })()}
    </div>
  );
}
