// Brand portal: the brand's sale events (档期) with status, countdown and sell-through so far.
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Countdown } from '../../components/Countdown.tsx';
import { Empty, QueryView } from '../../components/states.tsx';
import { percent } from '../../lib/money.ts';
import { eventTotals, fmtDateTime, useEvents, type SaleEvent } from './data.ts';
import { Progress, StatusTag } from './parts.tsx';

const FILTERS = ['all', 'live', 'scheduled', 'ended', 'draft'] as const;
type Filter = (typeof FILTERS)[number];

function matches(e: SaleEvent, f: Filter): boolean {
  if (f === 'all') return true;
  if (f === 'ended') return e.status === 'ended' || e.status === 'closed';
  return e.status === f;
}

export default function Events({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const events = useEvents(brandId);
  const [filter, setFilter] = useState<Filter>('all');
  return (
    <>
      <div className="page-head"><h1>{t('brand.events.heading')}</h1></div>
      <div className="bp-tabs" role="group" aria-label={t('brand.events.filter')}>
        {FILTERS.map((f) => {
          const n = events.data?.filter((e) => matches(e, f)).length;
          return (
            <button key={f} type="button" aria-pressed={filter === f} className={`bp-tab ${filter === f ? 'active' : ''}`} onClick={() => setFilter(f)} data-testid={`filter-${f}`}>
              {t(`brand.events.filters.${f}`)}{n !== undefined && <span className="bp-count">{n}</span>}
            </button>
          );
        })}
      </div>
      <section className="card bp-flush">
        <QueryView q={events}>
          {(all) => {
            const list = all.filter((e) => matches(e, filter));
            if (list.length === 0) return <Empty>{t('brand.events.none')}</Empty>;
            return (
              <table className="table" data-testid="events">
                <thead><tr>
                  <th>{t('brand.events.title')}</th><th>{t('brand.events.status')}</th><th>{t('brand.events.time')}</th>
                  <th className="num">{t('brand.events.products')}</th><th className="num">{t('brand.events.initial')}</th><th className="num">{t('brand.events.sold')}</th>
                  <th>{t('brand.events.sellThrough')}</th><th className="num">{t('brand.events.commission')}</th>
                </tr></thead>
                <tbody>
                  {list.map((e) => {
                    const tot = eventTotals(e);
                    return (
                      <tr key={e.id} data-testid="event-row" data-status={e.status}>
                        <td><Link to={`/brand/events/${e.id}`} data-testid="event-link">{e.title}</Link></td>
                        <td><div className="bp-status-cell"><StatusTag status={e.status} />{(e.status === 'live' || e.status === 'scheduled') && <Countdown startsAt={e.startsAt} endsAt={e.endsAt} />}</div></td>
                        <td className="muted bp-nowrap">{fmtDateTime(e.startsAt, i18n.language)}<br />{fmtDateTime(e.endsAt, i18n.language)}</td>
                        <td className="num">{new Set(e.skus.map((s) => s.productId)).size} / {e.skus.length}</td>
                        <td className="num">{tot.initial.toLocaleString()}</td>
                        <td className="num">{tot.sold.toLocaleString()}</td>
                        <td className="bp-progress-cell"><Progress bps={tot.bps} /></td>
                        <td className="num">{percent(e.commissionBps)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            );
          }}
        </QueryView>
      </section>
      <p className="hint">{t('brand.events.hint')}</p>
    </>
  );
}
