// 今日概览: today's KPIs against yesterday, today by hour, the last 14 days and the top events.
import { useMemo } from 'react';
import { CsvButton, TrafficCard, type Traffic } from '../../components/Traffic.tsx';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { CHINA_TIME } from '../../lib/device.ts';
import { QueryView, Empty } from '../../components/states.tsx';
import { Chart } from '../../components/Chart.tsx';
import { bpsToPct, changeBps, yuanShort } from './lib.ts';

interface Overview {
  today: { gmv: number; orders: number; units: number; liveEvents: number; activeResellers: number; pendingPayment: number };
  yesterday: { gmv: number; orders: number };
  hourly: { hour: number; gmv: number; orders: number }[];
  daily: { day: string; gmv: number; orders: number }[];
  topEvents: { saleEventId: string; title: string; brandName: string; units: number; gmv: number }[];
  traffic: Traffic;
}

const RED = '#e4393c';
const BLUE = '#165dff';

function Change({ today, yesterday }: { today: number; yesterday: number }) {
  const { t } = useTranslation();
  const c = changeBps(today, yesterday);
  if (c === null) return <span className="kpi-change muted">{t('console.dashboard.noYesterday')}</span>;
  const cls = c > 0 ? 'up' : c < 0 ? 'down' : '';
  const arrow = c > 0 ? '▲' : c < 0 ? '▼' : '';
  return <span className={`kpi-change ${cls}`}>{t('console.dashboard.vsYesterday')} {arrow}{bpsToPct(Math.abs(c))}%</span>;
}

function Kpi({ label, value, testId, children }: { label: string; value: string; testId: string; children?: React.ReactNode }) {
  return (
    <div className="kpi" data-testid={testId}>
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      {children}
    </div>
  );
}

function Charts({ o }: { o: Overview }) {
  const { t } = useTranslation();
  const gmvName = t('console.dashboard.gmv');
  const ordersName = t('console.dashboard.orders');
  const hourly = useMemo<EChartsOption>(() => ({
    grid: { left: 60, right: 16, top: 24, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => yuan(Number(v)) },
    xAxis: { type: 'category', data: o.hourly.map((h) => `${String(h.hour).padStart(2, '0')}:00`) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => yuanShort(v) } },
    series: [{ name: gmvName, type: 'bar', data: o.hourly.map((h) => h.gmv), itemStyle: { color: RED, borderRadius: [3, 3, 0, 0] } }],
  }), [o, gmvName]);
  const daily = useMemo<EChartsOption>(() => ({
    grid: { left: 60, right: 48, top: 36, bottom: 28 },
    legend: { top: 0, data: [gmvName, ordersName] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: o.daily.map((d) => d.day.slice(5)) },
    yAxis: [
      { type: 'value', axisLabel: { formatter: (v: number) => yuanShort(v) } },
      { type: 'value', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: gmvName, type: 'bar', data: o.daily.map((d) => d.gmv), itemStyle: { color: RED, borderRadius: [3, 3, 0, 0] }, tooltip: { valueFormatter: (v) => yuan(Number(v)) } },
      { name: ordersName, type: 'line', yAxisIndex: 1, data: o.daily.map((d) => d.orders), itemStyle: { color: BLUE } },
    ],
  }), [o, gmvName, ordersName]);
  return (
    <div className="dash-charts">
      <section className="card">
        <h2>{t('console.dashboard.hourlyTitle')}</h2>
        <p className="hint">{t('console.dashboard.tzNote')}</p>
        <Chart option={hourly} height={260} label={t('console.dashboard.hourlyTitle')} />
      </section>
      <section className="card">
        <h2>{t('console.dashboard.dailyTitle')}</h2>
        <p className="hint">{t('console.dashboard.dailyNote')}</p>
        <Chart option={daily} height={260} label={t('console.dashboard.dailyTitle')} />
      </section>
    </div>
  );
}

export default function Dashboard() {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['console', 'overview'],
    queryFn: ({ signal }) => get<Overview>('/analytics/overview', signal),
    refetchInterval: 60_000,
  });
  return (
    <>
      <div className="page-head">
        <h1>{t('console.dashboard.title')}</h1>
        {q.dataUpdatedAt > 0 && <span className="muted">{t('console.dashboard.updated', { time: new Date(q.dataUpdatedAt).toLocaleTimeString(t('console.locale'), { hour12: false, timeZone: CHINA_TIME }) })}</span>}
        <button type="button" className="btn" onClick={() => void q.refetch()} disabled={q.isFetching}>{t('console.common.refresh')}</button>
      </div>
      <QueryView q={q}>
        {(o) => (
          <>
            <div className="kpis" data-testid="kpis">
              <Kpi label={t('console.dashboard.gmvToday')} value={yuan(o.today.gmv)} testId="kpi-gmv"><Change today={o.today.gmv} yesterday={o.yesterday.gmv} /></Kpi>
              <Kpi label={t('console.dashboard.ordersToday')} value={String(o.today.orders)} testId="kpi-orders"><Change today={o.today.orders} yesterday={o.yesterday.orders} /></Kpi>
              <Kpi label={t('console.dashboard.unitsToday')} value={String(o.today.units)} testId="kpi-units"><span className="kpi-change muted">{t('console.dashboard.unitsHint')}</span></Kpi>
              <Kpi label={t('console.dashboard.liveEvents')} value={String(o.today.liveEvents)} testId="kpi-live"><Link className="kpi-change" to="/console/calendar">{t('console.dashboard.toCalendar')}</Link></Kpi>
              <Kpi label={t('console.dashboard.activeResellers')} value={String(o.today.activeResellers)} testId="kpi-resellers"><span className="kpi-change muted">{t('console.dashboard.activeHint')}</span></Kpi>
              <Kpi label={t('console.dashboard.pendingPayment')} value={String(o.today.pendingPayment)} testId="kpi-pending"><Link className="kpi-change" to="/console/orders?status=pending_payment">{t('console.dashboard.toOrders')}</Link></Kpi>
            </div>
            <Charts o={o} />
            <section className="card">
              <div className="row"><h2 className="grow">{t('console.dashboard.topEvents')}</h2>
                <CsvButton fileName="top-events.csv" testId="top-events-csv" rows={() => [['#', t('console.event.title'), t('console.common.brand'), t('console.dashboard.units'), t('console.dashboard.gmv')], ...o.topEvents.map((e, i) => [i + 1, e.title, e.brandName, e.units, (e.gmv / 100).toFixed(2)])]} />
              </div>
              {o.topEvents.length === 0 ? <Empty>{t('console.dashboard.noTop')}</Empty> : (
                <table className="table" data-testid="top-events">
                  <thead><tr><th>#</th><th>{t('console.event.title')}</th><th>{t('console.common.brand')}</th><th className="num">{t('console.dashboard.units')}</th><th className="num">{t('console.dashboard.gmv')}</th></tr></thead>
                  <tbody>
                    {o.topEvents.map((e, i) => (
                      <tr key={e.saleEventId}>
                        <td className="muted">{i + 1}</td>
                        <td><Link to={`/console/events/${e.saleEventId}`}>{e.title}</Link></td>
                        <td>{e.brandName}</td>
                        <td className="num">{e.units}</td>
                        <td className="num price">{yuan(e.gmv)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <p className="hint">{t('console.dashboard.topNote')}</p>
            </section>
            <TrafficCard traffic={o.traffic} fileName="traffic-7d.csv" />
          </>
        )}
      </QueryView>
    </>
  );
}
