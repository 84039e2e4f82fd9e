// Brand portal: one sale event's statement as it stands — units sold, cancelled, short, returned
// and kept, gross, commission, discounts the brand bears, the net payable and how much of it has
// settled — per SKU, with the CSV and the PDF.
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, QueryView } from '../../components/states.tsx';
import { settlementKeys, type EventStatement } from './data.ts';
import './settlement.i18n.ts';

export default function EventStatementPage({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const { saleEventId = '' } = useParams();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const q = useQuery({ queryKey: settlementKeys.event(brandId, saleEventId), queryFn: ({ signal }) => get<EventStatement>(`/sale-events/${encodeURIComponent(saleEventId)}/statement`, signal) });
  return (
    <>
      <Link to={`/brand/events/${saleEventId}`} className="bp-back">← {t('brand.settle.backToEvent')}</Link>
      <QueryView q={q}>
        {(e) => (
          <>
            <div className="page-head bp-title-row">
              <h1 data-testid="event-statement-title">{t('brand.settle.eventHeading', { title: e.title })}</h1>
              <span className="spacer" />
              <a className="btn" href={`/api/v1/sale-events/${e.saleEventId}/statement.csv?lang=${lang}`} download data-testid="event-statement-csv">{t('brand.settle.csv')}</a>
              <a className="btn" href={`/api/v1/sale-events/${e.saleEventId}/statement.pdf?lang=${lang}`} download data-testid="event-statement-pdf">{t('brand.settle.pdf')}</a>
            </div>
            <p className="bp-callout">{t('brand.settle.eventExplain')}</p>
            <div className="kpis">
              <div className="kpi"><div className="label">{t('brand.settle.sold')}</div><div className="value" data-testid="es-sold">{e.soldUnits}</div>
                <div className="hint">{t('brand.settle.eventBack', { cancelled: e.cancelledUnits, short: e.shortUnits, returned: e.returnedUnits })}</div></div>
              <div className="kpi"><div className="label">{t('brand.settle.kept')}</div><div className="value" data-testid="es-kept">{e.keptUnits}</div></div>
              <div className="kpi"><div className="label">{t('brand.settle.gross')}</div><div className="value">{yuan(e.gross)}</div></div>
              <div className="kpi"><div className="label">{t('brand.settle.commission')}</div><div className="value bp-neg">−{yuan(e.commission)}</div></div>
              {e.discountsBorne > 0 && <div className="kpi"><div className="label">{t('brand.settle.discounts')}</div><div className="value bp-neg">−{yuan(e.discountsBorne)}</div></div>}
              <div className="kpi"><div className="label">{t('brand.settle.netPayable')}</div><div className="value bp-money" data-testid="es-net">{yuan(e.netPayable)}</div></div>
              <div className="kpi"><div className="label">{t('brand.settle.settled')}</div><div className="value" data-testid="es-settled">{yuan(e.settled)}</div>
                <div className="hint">{t('brand.settle.settledLines', { settled: e.settledLines, lines: e.lines })}</div></div>
            </div>
            <section className="card bp-flush" aria-labelledby="es-skus-h">
              <h2 id="es-skus-h" className="bp-card-title">{t('brand.settle.bySku')}</h2>
              {e.skus.length === 0 ? <Empty>{t('brand.settle.noLines')}</Empty> : (
                <table className="table" data-testid="event-statement-skus">
                  <thead><tr>
                    <th>{t('brand.orders.skuCode')}</th><th>{t('brand.orders.product')}</th>
                    <th className="num">{t('brand.settle.sold')}</th><th className="num">{t('brand.settle.short')}</th><th className="num">{t('brand.settle.returned')}</th><th className="num">{t('brand.settle.kept')}</th>
                    <th className="num">{t('brand.settle.gross')}</th><th className="num">{t('brand.settle.netPayable')}</th>
                  </tr></thead>
                  <tbody>
                    {e.skus.map((s) => (
                      <tr key={s.skuId} data-testid="event-statement-sku">
                        <td><code>{s.skuCode}</code></td><td>{s.name}</td>
                        <td className="num">{s.sold}</td>
                        <td className={`num ${s.short ? 'bp-neg' : 'muted'}`}>{s.short ? `−${s.short}` : '—'}</td>
                        <td className={`num ${s.returned ? 'bp-neg' : 'muted'}`}>{s.returned ? `−${s.returned}` : '—'}</td>
                        <td className="num"><strong>{s.kept}</strong></td>
                        <td className="num">{yuan(s.gross)}</td><td className="num"><strong>{yuan(s.netPayable)}</strong></td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot><tr className="bp-totals">
                    <th colSpan={2}>{t('brand.orders.total')}</th>
                    <th className="num">{e.skus.reduce((a, s) => a + s.sold, 0)}</th><th className="num">{e.skus.reduce((a, s) => a + s.short, 0) || '—'}</th>
                    <th className="num">{e.skus.reduce((a, s) => a + s.returned, 0) || '—'}</th><th className="num">{e.keptUnits}</th>
                    <th className="num">{yuan(e.gross)}</th><th className="num">{yuan(e.netPayable)}</th>
                  </tr></tfoot>
                </table>
              )}
            </section>
          </>
        )}
      </QueryView>
    </>
  );
}
