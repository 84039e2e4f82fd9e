// 销售战报 (battle report) of a sale event: the report's type and curve, shared with the reseller
// app's phone page, and the desktop page the brand portal (its own events) and the operator
// console (every event) show — headline figures, sell-through, the cumulative curve, top and
// sold-out SKUs with CSV, and the shareable image. Units and people only, never money.
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import { get } from '../lib/api.ts';
import { sellThroughPercent } from '../lib/money.ts';
import { CHINA_TIME } from '../lib/device.ts';
import { Chart } from './Chart.tsx';
import { CsvButton } from './Traffic.tsx';
import { Empty, QueryView } from './states.tsx';
import './battle-report.i18n.ts';
import './battle-report.css';

/** GET /sale-events/:id/battle-report, as JSON gives it (times as ISO strings). */
export interface BattleReport {
  saleEventId: string; title: string; brandName: string; status: string; startsAt: string; endsAt: string; now: string;
  totals: { initial: number; sold: number; sellThroughBps: number; orders: number; buyers: number; resellers: number; skus: number; soldOutSkus: number };
  opening: { minutes: number; units: number };
  peak: { at: string; units: number } | null;
  topSkus: { productName: string; colour: string; size: string; sold: number; initial: number; sellThroughBps: number }[];
  curve: { at: string; units: number; cumulative: number }[];
}

type T = (key: string, o?: Record<string, unknown>) => string;

/** "开场 M 分钟售出 N 件" while the opening sold anything, else "已抢走 N 件，B 位买家下单". */
export function reportHeadline(t: T, r: BattleReport): string {
  return r.opening.units > 0 ? t('battleReport.headline', { m: r.opening.minutes, n: r.opening.units }) : t('battleReport.headlineSold', { n: r.totals.sold, buyers: r.totals.buyers });
}

export const battleReportPath = (saleEventId: string) => `/sale-events/${encodeURIComponent(saleEventId)}/battle-report`;
/** The shareable image (the API draws it in the viewer's language); `download` asks for it as an attachment. */
export const battleReportImage = (saleEventId: string, opts: { download?: boolean } = {}) =>
  `/api/v1${battleReportPath(saleEventId)}.png${opts.download ? '?download=1' : ''}`;

/** Units paid, cumulated: a line over the report's steps (10 minutes the first day, hourly after). */
export function BattleCurve({ r, height = 200, detailed = false }: { r: BattleReport; height?: number; detailed?: boolean }) {
  const { t } = useTranslation();
  const option = useMemo<EChartsOption>(() => {
    // A time axis: the buckets are ten minutes on the first day and hours after, only where something
    // sold, so as categories a quiet night took as little room as a busy ten minutes. Times are
    // China's (the buckets' `at` is China wall time), labelled with the day when the curve spans days.
    const at = (c: { at: string }) => Date.parse(`${c.at}:00+08:00`);
    const spansDays = r.curve.length > 1 && r.curve[0].at.slice(0, 10) !== r.curve[r.curve.length - 1].at.slice(0, 10);
    const label = new Intl.DateTimeFormat('zh-CN', { ...(spansDays ? { month: 'numeric', day: 'numeric' } : {}), hour: '2-digit', minute: '2-digit', hour12: false, timeZone: CHINA_TIME });
    const tip = new Intl.DateTimeFormat('zh-CN', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: CHINA_TIME });
    return {
      grid: detailed ? { left: 48, right: 48, top: 32, bottom: 56 } : { left: 40, right: 16, top: 16, bottom: 26 },
      tooltip: {
        trigger: 'axis',
        formatter: (ps: unknown) => {
          const list = (Array.isArray(ps) ? ps : [ps]) as { value: [number, number]; seriesName: string; marker: string }[];
          return [tip.format(list[0]?.value[0] ?? 0), ...list.map((p) => `${p.marker}${p.seriesName} ${p.value[1]}`)].join('<br/>');
        },
      },
      legend: detailed ? { bottom: 0 } : undefined,
      xAxis: { type: 'time', axisLabel: { fontSize: 10, hideOverlap: true, formatter: (v: number) => label.format(v) }, splitLine: { show: false } },
      yAxis: detailed
        ? [{ type: 'value', minInterval: 1, name: t('battleReport.cumulative'), splitLine: { lineStyle: { color: '#f0f1f4' } } }, { type: 'value', minInterval: 1, name: t('battleReport.units'), splitLine: { show: false } }]
        : { type: 'value', axisLabel: { fontSize: 10 }, splitLine: { lineStyle: { color: '#f0f1f4' } } },
      series: [
        { name: t('battleReport.cumulative'), type: 'line', showSymbol: detailed && r.curve.length < 30, lineStyle: { color: '#e4393c', width: 2 }, itemStyle: { color: '#e4393c' }, areaStyle: { color: 'rgba(228, 57, 60, .14)' }, data: r.curve.map((c) => [at(c), c.cumulative]) },
        ...(detailed ? [{ name: t('battleReport.units'), type: 'bar' as const, yAxisIndex: 1, barMaxWidth: 18, itemStyle: { color: 'rgba(22, 93, 255, .55)' }, data: r.curve.map((c) => [at(c), c.units]) }] : []),
      ],
    };
  }, [r, t, detailed]);
  return <Chart option={option} height={height} label={t('battleReport.chartLabel')} />;
}

/** The SKUs of the event's pools, from its sell-through (for the sold-out list). */
interface SkuRow { eventSkuId: string; productName: string; colour: string; size: string; initial: number; sold: number; held: number; available: number }

/** Sold out as the report counts it: nothing left, nothing held, something sold. */
const soldOut = (s: SkuRow) => s.available === 0 && s.held === 0 && s.sold > 0;

function Kpi({ label, value, hint, testId, children }: { label: string; value: string | number; hint?: string; testId: string; children?: React.ReactNode }) {
  return (
    <div className="kpi">
      <div className="label">{label}</div>
      <div className="value" data-testid={testId}>{typeof value === 'number' ? value.toLocaleString() : value}</div>
      {hint && <div className="hint">{hint}</div>}
      {children}
    </div>
  );
}

function Report({ r, skus, back }: { r: BattleReport; skus: SkuRow[] | undefined; back: string }) {
  const { t } = useTranslation();
  const k = r.totals;
  const out = (skus ?? []).filter(soldOut).sort((a, b) => a.productName.localeCompare(b.productName, 'zh-CN') || a.colour.localeCompare(b.colour, 'zh-CN') || a.size.localeCompare(b.size));
  const skuHead = [t('battleReport.product'), t('battleReport.colour'), t('battleReport.size'), t('battleReport.skuSold'), t('battleReport.initial'), t('battleReport.skuRate')];
  return (
    <div className="br-page" data-testid="battle-report">
      <div className="page-head">
        <Link to={back} className="btn btn-ghost" data-testid="battle-report-back">← {t('battleReport.back')}</Link>
        <h1>{t('battleReport.title')} · <span data-testid="report-title">{r.title}</span></h1>
        <span className={`tag tag-${r.status}`} data-testid="report-status">{t(`status.${r.status}`, { defaultValue: r.status })}</span>
        <a className="btn" href={battleReportImage(r.saleEventId)} target="_blank" rel="noreferrer" data-testid="report-image-open">{t('battleReport.openImage')}</a>
        <a className="btn btn-primary" href={battleReportImage(r.saleEventId, { download: true })} download={`battle-report-${r.saleEventId}.png`} data-testid="report-image-download">{t('battleReport.saveImage')}</a>
      </div>
      <div className="row muted">
        <span data-testid="report-brand">{r.brandName}</span>
        {r.status === 'live' && <span>· {t('battleReport.refreshHint')}</span>}
      </div>
      <p className="br-headline" data-testid="report-headline">{k.sold === 0 ? t('battleReport.none') : reportHeadline(t, r)}</p>
      <div className="kpis br-kpis" data-testid="report-kpis">
        <Kpi label={t('battleReport.sold')} value={k.sold} hint={t('battleReport.ofInitial', { n: k.initial.toLocaleString() })} testId="report-sold" />
        <Kpi label={t('battleReport.sellThrough')} value={sellThroughPercent(k.sellThroughBps)} testId="report-rate">
          <div className="progress" aria-hidden><span style={{ width: `${Math.min(100, k.sellThroughBps / 100)}%` }} /></div>
        </Kpi>
        <Kpi label={t('battleReport.orders')} value={k.orders} testId="report-orders" />
        <Kpi label={t('battleReport.buyers')} value={k.buyers} testId="report-buyers" />
        <Kpi label={t('battleReport.resellers')} value={k.resellers} testId="report-resellers" />
        <Kpi label={t('battleReport.soldOutSkus')} value={k.soldOutSkus} hint={t('battleReport.ofSkus', { n: k.skus })} testId="report-sold-out" />
        <Kpi label={t('battleReport.peak')} value={r.peak ? r.peak.units : t('battleReport.noPeak')} hint={r.peak ? t('battleReport.peakValue', { time: r.peak.at.slice(11), n: r.peak.units }) : undefined} testId="report-peak" />
      </div>
      <div className="br-two">
        <section className="card" data-testid="report-curve">
          <div className="row">
            <h2 className="br-grow">{t('battleReport.curve')}</h2>
            {r.curve.length > 0 && <CsvButton fileName={`${t('battleReport.csvCurve')}-${r.saleEventId}.csv`} testId="curve-csv" rows={() => [
              [t('battleReport.at'), t('battleReport.units'), t('battleReport.cumulative')], ...r.curve.map((c) => [c.at.replace('T', ' '), c.units, c.cumulative]),
            ]} />}
          </div>
          {r.curve.length === 0 ? <Empty>{t('battleReport.none')}</Empty> : <BattleCurve r={r} height={280} detailed />}
        </section>
        <section className="card br-image" data-testid="report-image">
          <h2>{t('battleReport.image')}</h2>
          <a href={battleReportImage(r.saleEventId)} target="_blank" rel="noreferrer">
            <img src={battleReportImage(r.saleEventId)} alt={t('battleReport.image')} data-testid="report-png" />
          </a>
          <p className="hint">{t('battleReport.imageHint')}</p>
        </section>
      </div>
      <section className="card" data-testid="report-top">
        <div className="row">
          <h2 className="br-grow">{t('battleReport.top')}</h2>
          <CsvButton fileName={`${t('battleReport.csvTop')}-${r.saleEventId}.csv`} testId="top-csv" rows={() => [
            [t('battleReport.rank'), ...skuHead], ...r.topSkus.map((s, i) => [i + 1, s.productName, s.colour, s.size, s.sold, s.initial, sellThroughPercent(s.sellThroughBps)]),
          ]} />
        </div>
        {r.topSkus.length === 0 ? <Empty>{t('battleReport.noTop')}</Empty> : (
          <table className="table" data-testid="top-table">
            <thead><tr><th className="num">{t('battleReport.rank')}</th>{skuHead.map((h, i) => <th key={h} className={i > 2 ? 'num' : undefined}>{h}</th>)}</tr></thead>
            <tbody>{r.topSkus.map((s, i) => (
              <tr key={i} data-testid="top-row">
                <td className="num">{i + 1}</td><td>{s.productName}</td><td>{s.colour}</td><td>{s.size}</td>
                <td className="num" data-testid="top-sold">{s.sold}</td><td className="num">{s.initial}</td><td className="num">{sellThroughPercent(s.sellThroughBps)}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </section>
      <section className="card" data-testid="report-sold-out-skus">
        <div className="row">
          <h2 className="br-grow">{t('battleReport.soldOut')}</h2>
          <CsvButton fileName={`${t('battleReport.csvSoldOut')}-${r.saleEventId}.csv`} testId="sold-out-csv" rows={() => [
            skuHead, ...out.map((s) => [s.productName, s.colour, s.size, s.sold, s.initial, sellThroughPercent(s.initial ? Math.floor((s.sold * 10_000) / s.initial) : 0)]),
          ]} />
        </div>
        {out.length === 0 ? <Empty>{skus ? t('battleReport.noSoldOut') : undefined}</Empty> : (
          <table className="table" data-testid="sold-out-table">
            <thead><tr>{skuHead.map((h, i) => <th key={h} className={i > 2 ? 'num' : undefined}>{h}</th>)}</tr></thead>
            <tbody>{out.map((s) => (
              <tr key={s.eventSkuId} data-testid="sold-out-row">
                <td>{s.productName}</td><td>{s.colour}</td><td>{s.size}</td>
                <td className="num">{s.sold}</td><td className="num">{s.initial}</td><td className="num">{sellThroughPercent(s.initial ? Math.floor((s.sold * 10_000) / s.initial) : 0)}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </section>
    </div>
  );
}

/**
 * The battle report page of one event, for a desktop area: `scope` keeps each area's cached
 * queries apart, `back` is the area's event page. A brand asking for another brand's event gets
 * the API's 404 as the error state.
 */
export function BattleReportPage({ scope, saleEventId, back }: { scope: string; saleEventId: string; back: string }) {
  const live = (status: string | undefined) => (status === 'live' ? 30_000 : false);
  const q = useQuery({
    queryKey: [scope, 'battle-report', saleEventId],
    queryFn: ({ signal }) => get<BattleReport>(battleReportPath(saleEventId), signal),
    refetchInterval: (query) => live(query.state.data?.status),
  });
  const st = useQuery({
    queryKey: [scope, 'battle-report-skus', saleEventId],
    enabled: q.isSuccess,
    queryFn: ({ signal }) => get<{ skus: SkuRow[] }>(`/analytics/sale-events/${encodeURIComponent(saleEventId)}/sell-through`, signal).then((x) => x.skus),
    refetchInterval: () => live(q.data?.status),
  });
  return <QueryView q={q}>{(r) => <Report r={r} skus={st.data} back={back} />}</QueryView>;
}
