// Brand portal: one sale event's live sell-through — totals, by size, the hourly sales curve and
// every SKU — refreshed every 15 seconds while the event is live.
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import { get } from '../../lib/api.ts';
import { percent, yuan } from '../../lib/money.ts';
import { CHINA_TIME } from '../../lib/device.ts';
import { Chart } from '../../components/Chart.tsx';
import { MaterialsEditor } from '../../components/Materials.tsx';
import { BattleReportLink, CsvButton, TrafficCard } from '../../components/Traffic.tsx';
import { Countdown } from '../../components/Countdown.tsx';
import { Empty, QueryView } from '../../components/states.tsx';
import { LIVE_REFRESH_MS, fmtDateTime, hourlySeries, parseTs, sellThroughBps, sortSizes, type SellThrough } from './data.ts';
import { Progress, StatusTag } from './parts.tsx';
import './settlement.i18n.ts';

const RED = '#e4393c', BLUE = '#165dff';

function SizeChart({ st }: { st: SellThrough }) {
  const { t } = useTranslation();
  const key = JSON.stringify(st.bySize);
  const option = useMemo<EChartsOption>(() => {
    const order = sortSizes(st.bySize.map((s) => s.size));
    const rows = order.map((z) => st.bySize.find((s) => s.size === z)!);
    return {
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      tooltip: {
        trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: ((ps: { dataIndex: number }[]) => {
          const r = rows[ps[0]?.dataIndex ?? 0];
          return r ? `${r.size}<br/>${t('brand.event.tipSize', { sold: r.sold, initial: r.initial, rate: percent(sellThroughBps(r.sold, r.initial)) })}` : '';
        }) as never,
      },
      xAxis: { type: 'category', data: order, name: t('brand.event.size'), nameLocation: 'end' },
      yAxis: { type: 'value', min: 0, max: (v: { max: number }) => Math.max(10, Math.ceil(v.max / 10) * 10), axisLabel: { formatter: '{value}%' } },
      series: [{
        type: 'bar', barMaxWidth: 48, itemStyle: { color: RED, borderRadius: [4, 4, 0, 0] },
        data: rows.map((r) => ({ value: sellThroughBps(r.sold, r.initial) / 100, label: { show: true, position: 'top', formatter: `${r.sold}/${r.initial}` } })),
      }],
    };
  }, [key, t]);
  return <Chart option={option} height={260} label={t('brand.event.bySizeLabel')} />;
}

function HourlyChart({ st }: { st: SellThrough }) {
  const { t } = useTranslation();
  const series = hourlySeries(st, Date.now());
  const key = JSON.stringify(series);
  const option = useMemo<EChartsOption>(() => ({
    grid: { left: 40, right: 16, top: 24, bottom: 28 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', boundaryGap: false, data: series.map((h) => `${h.at.slice(5, 10)} ${h.at.slice(11, 13)}:00`) },
    yAxis: { type: 'value', minInterval: 1, name: t('brand.event.units') },
    series: [{ type: 'line', name: t('brand.event.unitsSold'), smooth: false, showSymbol: series.length < 30, data: series.map((h) => h.units), lineStyle: { color: BLUE, width: 2 }, itemStyle: { color: BLUE }, areaStyle: { color: 'rgba(22,93,255,.12)' } }],
  }), [key, t]);
  if (series.length === 0) return <Empty>{t('brand.event.noSalesYet')}</Empty>;
  return <Chart option={option} height={260} label={t('brand.event.hourlyLabel')} />;
}

type Sort = 'product' | 'rate' | 'sold';
type Cell = SellThrough['skus'][number];
interface Line { productId: string; productName: string; colour: string; cells: Map<string, Cell>; initial: number; sold: number; bps: number }

/** One row per product and colour, one column per size: where the stock sells and where it sits. */
function SkuMatrix({ st }: { st: SellThrough }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<Sort>('product');
  const sizes = useMemo(() => sortSizes(st.skus.map((s) => s.size)), [st.skus]);
  const lines = useMemo(() => {
    const m = new Map<string, Line>();
    for (const s of st.skus) {
      const k = `${s.productId}\u0000${s.colour}`;
      const l = m.get(k) ?? { productId: s.productId, productName: s.productName, colour: s.colour, cells: new Map(), initial: 0, sold: 0, bps: 0 };
      l.cells.set(s.size, s); l.initial += s.initial; l.sold += s.sold;
      m.set(k, l);
    }
    const list = [...m.values()].map((l) => ({ ...l, bps: sellThroughBps(l.sold, l.initial) }));
    if (sort === 'rate') return list.sort((a, b) => b.bps - a.bps || b.sold - a.sold);
    if (sort === 'sold') return list.sort((a, b) => b.sold - a.sold || b.bps - a.bps);
    return list.sort((a, b) => a.productName.localeCompare(b.productName, 'zh-CN') || a.productId.localeCompare(b.productId) || a.colour.localeCompare(b.colour, 'zh-CN'));
  }, [st.skus, sort]);
  // In product order a product's name spans its colours.
  const spans = new Map<number, number>();
  if (sort === 'product') {
    for (let i = 0; i < lines.length;) { let j = i; while (j < lines.length && lines[j].productId === lines[i].productId) j++; spans.set(i, j - i); i = j; }
  }
  return (
    <section className="card" aria-labelledby="skus-h">
      <div className="page-head">
        <h2 id="skus-h">{t('brand.event.skuTable')}</h2>
        <span className="hint">{t('brand.event.matrixHint')}</span>
        <label className="bp-inline">{t('brand.event.sortBy')}
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)} data-testid="sku-sort">
            <option value="product">{t('brand.event.sort.product')}</option>
            <option value="rate">{t('brand.event.sort.rate')}</option>
            <option value="sold">{t('brand.event.sort.sold')}</option>
          </select>
        </label>
        <CsvButton fileName={`sell-through-${st.saleEventId}.csv`} testId="sku-csv" rows={() => [
          [t('brand.event.sort.product'), 'colour', 'size', t('brand.event.initial'), t('brand.event.sold'), t('brand.event.held'), t('brand.event.available'), t('brand.events.sellThrough')],
          ...st.skus.map((x) => [x.productName, x.colour, x.size, x.initial, x.sold, x.held, x.available, `${(x.sellThroughBps / 100).toFixed(1)}%`]),
        ]} />
      </div>
      {lines.length === 0 ? <Empty /> : (
        <div className="bp-grid-wrap">
          <table className="table bp-matrix" data-testid="sku-table">
            <thead><tr>
              <th scope="col">{t('brand.event.product')}</th><th scope="col">{t('brand.event.colour')}</th>
              {sizes.map((z) => <th key={z} scope="col" className="bp-matrix-size">{z}</th>)}
              <th scope="col" className="bp-matrix-total">{t('brand.event.rowTotal')}</th>
            </tr></thead>
            <tbody>
              {lines.map((l, i) => (
                <tr key={`${l.productId}-${l.colour}`} data-testid="sku-line">
                  {sort !== 'product' ? <td>{l.productName}</td> : spans.has(i) ? <th scope="rowgroup" rowSpan={spans.get(i)} className="bp-product-cell">{l.productName}</th> : null}
                  <td>{l.colour}</td>
                  {sizes.map((z) => {
                    const c = l.cells.get(z);
                    if (!c) return <td key={z} className="muted bp-matrix-cell">—</td>;
                    const title = t('brand.event.cellTitle', { name: l.productName, colour: l.colour, size: z, sold: c.sold, initial: c.initial, held: c.held, available: c.available });
                    return (
                      <td key={z} className={`bp-matrix-cell ${c.available === 0 ? 'bp-soldout' : ''}`} title={title} data-testid="sku-cell" data-event-sku={c.eventSkuId}>
                        <span className="num"><strong data-testid="sku-sold">{c.sold}</strong><span className="muted">/{c.initial}</span></span>
                        <span className="progress bp-mini" aria-hidden><span style={{ width: `${Math.min(100, c.sellThroughBps / 100)}%` }} /></span>
                        {c.available === 0 ? <span className="bp-cell-flag">{t('brand.event.soldOut')}</span> : c.held > 0 ? <span className="bp-cell-held">{t('brand.event.heldShort', { n: c.held })}</span> : null}
                      </td>
                    );
                  })}
                  <td className="bp-matrix-total"><span className="num"><strong>{l.sold}</strong><span className="muted">/{l.initial}</span></span><Progress bps={l.bps} label={`${l.productName} ${l.colour}`} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Body({ st, updatedAt, fetching, refetch }: { st: SellThrough; updatedAt: number; fetching: boolean; refetch: () => void }) {
  const { t, i18n } = useTranslation();
  const live = st.status === 'live';
  const startsAt = new Date(parseTs(st.startsAt)).toISOString(), endsAt = new Date(parseTs(st.endsAt)).toISOString();
  const k = st.totals;
  return (
    <>
      <div className="page-head bp-title-row">
        <h1 data-testid="event-title">{st.title}</h1>
        <StatusTag status={st.status} />
        {(live || st.status === 'scheduled') && <Countdown startsAt={startsAt} endsAt={endsAt} />}
        <span className="spacer" />
        <Link className="btn" to={`/brand/events/${st.saleEventId}/statement`} data-testid="event-statement-link">{t('brand.settle.toEvent')}</Link>
      </div>
      <div className="row muted bp-event-meta">
        <span>{fmtDateTime(startsAt, i18n.language)} – {fmtDateTime(endsAt, i18n.language)} {t('brand.beijingTime')}</span>
        <span className="spacer" />
        {live && <span className="bp-live-dot" aria-hidden />}
        <span data-testid="updated-at">{live ? t('brand.event.autoRefresh', { s: LIVE_REFRESH_MS / 1000 }) : ''}{t('brand.event.updatedAt', { time: new Date(updatedAt).toLocaleTimeString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { hour12: false, timeZone: CHINA_TIME }) })}</span>
        {st.status !== 'draft' && <BattleReportLink to={`/brand/events/${st.saleEventId}/report`} />}
        <button type="button" className="btn btn-small" onClick={refetch} disabled={fetching} data-testid="refresh">{fetching ? t('common.loading') : t('brand.event.refresh')}</button>
      </div>
      <div className="kpis">
        <div className="kpi"><div className="label">{t('brand.event.initial')}</div><div className="value" data-testid="st-initial">{k.initial.toLocaleString()}</div></div>
        <div className="kpi"><div className="label">{t('brand.event.sold')}</div><div className="value bp-money" data-testid="st-sold">{k.sold.toLocaleString()}</div></div>
        <div className="kpi"><div className="label">{t('brand.event.held')}</div><div className="value" data-testid="st-held">{k.held.toLocaleString()}</div><div className="hint">{t('brand.event.heldHint')}</div></div>
        <div className="kpi"><div className="label">{t('brand.event.available')}</div><div className="value" data-testid="st-available">{k.available.toLocaleString()}</div></div>
        <div className="kpi"><div className="label">{t('brand.events.sellThrough')}</div><div className="value" data-testid="st-rate">{percent(k.sellThroughBps)}</div><div className="progress" aria-hidden><span style={{ width: `${Math.min(100, k.sellThroughBps / 100)}%` }} /></div></div>
        <div className="kpi"><div className="label">{t('brand.event.baseRevenue')}</div><div className="value" data-testid="st-revenue">{yuan(k.baseRevenue)}</div><div className="hint">{t('brand.event.baseRevenueHint')}</div></div>
      </div>
      <div className="bp-two bp-two-even">
        <section className="card" data-testid="chart-by-size"><h2>{t('brand.event.bySize')}</h2>{st.bySize.length ? <SizeChart st={st} /> : <Empty />}</section>
        <section className="card" data-testid="chart-hourly"><h2>{t('brand.event.hourly')}</h2><HourlyChart st={st} /></section>
      </div>
      <SkuMatrix st={st} />
      <TrafficCard traffic={st.traffic} fileName={`traffic-${st.saleEventId}.csv`} />
      <MaterialsEditor saleEventId={st.saleEventId} />
    </>
  );
}

export default function EventDetail({ brandId }: { brandId: string }) {
  const { t } = useTranslation();
  const { saleEventId = '' } = useParams();
  const q = useQuery({
    queryKey: ['brand', brandId, 'sell-through', saleEventId],
    queryFn: ({ signal }) => get<SellThrough>(`/analytics/sale-events/${encodeURIComponent(saleEventId)}/sell-through`, signal),
    // A live event changes by the second; a scheduled one only needs to notice when it opens.
    refetchInterval: (query) => (query.state.data?.status === 'live' ? LIVE_REFRESH_MS : query.state.data?.status === 'scheduled' ? 60_000 : false),
  });
  return (
    <>
      <Link to="/brand/events" className="bp-back">← {t('brand.event.back')}</Link>
      <QueryView q={q}>{(st) => <Body st={st} updatedAt={q.dataUpdatedAt} fetching={q.isFetching} refetch={() => void q.refetch()} />}</QueryView>
    </>
  );
}
