// Return rates (退货率) as the console and the brand portal show them: per brand, event or SKU,
// units returned over units delivered, and the requests by reason — a chart of the highest rates
// with their reasons stacked, and the table of every row.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { EChartsOption } from 'echarts';
import { Chart } from '../Chart.tsx';
import { REASON_CODES } from '../../lib/returns.ts';
import './returns.i18n.ts';
import './returns.css';

/** GET /api/v1/returns/rates items: key is a brand, event or SKU id. */
export interface ReturnRate { key: string; delivered: number; returned: number; requests: number; reasons: Record<string, number> }
export type RatesBy = 'brand' | 'event' | 'sku';

/** Returned over delivered in basis points (floor, as the sell-through is); null when nothing was delivered. */
export const rateBps = (r: Pick<ReturnRate, 'delivered' | 'returned'>) => (r.delivered > 0 ? Math.floor((r.returned * 10_000) / r.delivered) : null);
const pct = (bps: number | null) => (bps === null ? '—' : `${(bps / 100).toFixed(1)}%`);

const REASON_COLOURS: Record<string, string> = {
  size: '#165dff', quality: '#e4393c', not_as_described: '#fa8c16', wrong_item: '#722ed1', damaged: '#eb2f96', changed_mind: '#13c2c2', not_received: '#8c8c8c', other: '#c9cdd4',
};

export function RatesView({ rows, label, chartLabel, top = 12 }: { rows: ReturnRate[]; label: (key: string) => string; chartLabel: string; top?: number }) {
  const { t } = useTranslation();
  const sorted = useMemo(() => [...rows].sort((a, b) => (rateBps(b) ?? -1) - (rateBps(a) ?? -1) || b.returned - a.returned), [rows]);
  const shown = sorted.slice(0, top);
  const names = shown.map((r) => label(r.key));
  const key = JSON.stringify([shown, names]);
  const rateName = t('returns.rates.rate');
  const option = useMemo<EChartsOption>(() => ({
    grid: [{ left: 150, top: 16, bottom: 64, width: '36%' }, { left: '62%', right: 24, top: 16, bottom: 64 }],
    legend: { bottom: 0, left: 'center', itemWidth: 12, itemHeight: 8, data: REASON_CODES.map((c) => t(`returns.reason.${c}`)) },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: [
      { gridIndex: 0, type: 'value', axisLabel: { formatter: (v: number) => `${v}%` }, minInterval: 1, name: rateName, nameLocation: 'middle', nameGap: 22 },
      { gridIndex: 1, type: 'value', minInterval: 1, name: t('returns.rates.requests'), nameLocation: 'middle', nameGap: 22 },
    ],
    yAxis: [
      { gridIndex: 0, type: 'category', data: names, inverse: true, axisLabel: { width: 140, overflow: 'truncate' } },
      { gridIndex: 1, type: 'category', data: names, inverse: true, axisLabel: { show: false } },
    ],
    series: [
      { name: rateName, type: 'bar', xAxisIndex: 0, yAxisIndex: 0, barMaxWidth: 16, itemStyle: { color: '#e4393c', borderRadius: [0, 3, 3, 0] },
        data: shown.map((r) => { const b = rateBps(r); return b === null ? 0 : b / 100; }), tooltip: { valueFormatter: (v) => `${Number(v).toFixed(1)}%` } },
      ...REASON_CODES.map((c) => ({
        name: t(`returns.reason.${c}`), type: 'bar' as const, stack: 'reasons', xAxisIndex: 1, yAxisIndex: 1, barMaxWidth: 16,
        itemStyle: { color: REASON_COLOURS[c] }, data: shown.map((r) => r.reasons[c] ?? 0),
      })),
    ],
  }), [key, t, rateName]);
  const total = rows.reduce((a, r) => ({ delivered: a.delivered + r.delivered, returned: a.returned + r.returned, requests: a.requests + r.requests }), { delivered: 0, returned: 0, requests: 0 });
  return (
    <>
      {shown.length > 0 && <div className="ret-chart" data-testid="rates-chart"><Chart option={option} height={Math.max(220, 100 + shown.length * 34)} label={chartLabel} /></div>}
      <table className="table ret-rates" data-testid="rates-table">
        <thead><tr>
          <th>{t('returns.rates.name')}</th><th className="num">{t('returns.rates.delivered')}</th><th className="num">{t('returns.rates.returned')}</th>
          <th className="num">{t('returns.rates.rate')}</th><th className="num">{t('returns.rates.requests')}</th><th>{t('returns.rates.reasons')}</th>
        </tr></thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.key} data-testid="rate-row" data-key={r.key}>
              <td>{label(r.key)}</td>
              <td className="num">{r.delivered}</td>
              <td className="num" data-testid="rate-returned">{r.returned}</td>
              <td className="num" data-testid="rate-value"><strong>{pct(rateBps(r))}</strong></td>
              <td className="num">{r.requests}</td>
              <td><div className="ret-reason-cell">{Object.entries(r.reasons).sort((a, b) => b[1] - a[1]).map(([c, n]) => (
                <span key={c} className="ret-reason-pill"><i style={{ background: REASON_COLOURS[c] ?? '#c9cdd4' }} aria-hidden />{t(`returns.reason.${c}`, { defaultValue: c })} {n}</span>
              ))}</div></td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr>
          <th>{t('returns.rates.total')}</th><th className="num">{total.delivered}</th><th className="num">{total.returned}</th>
          <th className="num">{pct(rateBps(total))}</th><th className="num">{total.requests}</th><th />
        </tr></tfoot>
      </table>
    </>
  );
}
