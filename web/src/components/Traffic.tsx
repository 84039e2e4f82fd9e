// Storefront traffic as the operator and a brand see it (the last 7 days: visitors, views,
// visitors who bought, conversion, by share channel), and a CSV button any table may carry.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { csvRows, downloadText } from '../lib/csv.ts';
import { yuan } from '../lib/money.ts';
import { Empty } from './states.tsx';
import './traffic.i18n.ts';
import './battle-report.i18n.ts';

export interface Traffic {
  visitors: number; views: number; buyingVisitors: number; conversionBps: number;
  channels: { channel: string; visitors: number; views: number; orders: number; sales: number; conversionBps: number }[];
}

const pct = (bps: number) => `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 1)}%`;

/** Downloads rows as a CSV file (UTF-8 with BOM; formulas neutralised). */
export function CsvButton({ fileName, rows, testId }: { fileName: string; rows: () => (string | number)[][]; testId?: string }) {
  const { t } = useTranslation();
  return <button type="button" className="btn btn-small" onClick={() => downloadText(fileName, csvRows(rows()))} data-testid={testId ?? 'csv'}>{t('traffic.csv')}</button>;
}

export function TrafficCard({ traffic, fileName }: { traffic: Traffic; fileName: string }) {
  const { t } = useTranslation();
  const name = (c: string) => t(`traffic.channels.${c}`, { defaultValue: c });
  const rows = () => [
    [t('traffic.channel'), t('traffic.visitors'), t('traffic.views'), t('traffic.orders'), t('traffic.conversion'), t('traffic.salesYuan')],
    ...traffic.channels.map((c) => [name(c.channel), c.visitors, c.views, c.orders, pct(c.conversionBps), (c.sales / 100).toFixed(2)]),
  ];
  return (
    <section className="card" data-testid="traffic">
      <div className="row"><h2 className="grow">{t('traffic.title')}</h2><CsvButton fileName={fileName} rows={rows} testId="traffic-csv" /></div>
      <div className="kpis">
        <div className="kpi"><div className="label">{t('traffic.visitors')}</div><div className="value">{traffic.visitors.toLocaleString()}</div></div>
        <div className="kpi"><div className="label">{t('traffic.views')}</div><div className="value">{traffic.views.toLocaleString()}</div></div>
        <div className="kpi"><div className="label">{t('traffic.buyingVisitors')}</div><div className="value">{traffic.buyingVisitors.toLocaleString()}</div></div>
        <div className="kpi"><div className="label">{t('traffic.conversion')}</div><div className="value">{pct(traffic.conversionBps)}</div><div className="hint">{t('traffic.conversionHint')}</div></div>
      </div>
      {traffic.channels.length === 0 ? <Empty>{t('traffic.none')}</Empty> : (
        <table className="table" data-testid="traffic-channels">
          <thead><tr><th>{t('traffic.channel')}</th><th className="num">{t('traffic.visitors')}</th><th className="num">{t('traffic.views')}</th><th className="num">{t('traffic.orders')}</th><th className="num">{t('traffic.conversion')}</th><th className="num">{t('traffic.sales')}</th></tr></thead>
          <tbody>{traffic.channels.map((c) => (
            <tr key={c.channel}><td>{name(c.channel)}</td><td className="num">{c.visitors}</td><td className="num">{c.views}</td><td className="num">{c.orders}</td><td className="num">{pct(c.conversionBps)}</td><td className="num price">{yuan(c.sales)}</td></tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}

/** The event's battle report page (销售战报: figures, curve, SKUs, the shareable image); `to` is the area's path to it. */
export function BattleReportLink({ to }: { to: string }) {
  const { t } = useTranslation();
  return <Link className="btn btn-small" to={to} data-testid="battle-report-link">{t('battleReport.open')}</Link>;
}
