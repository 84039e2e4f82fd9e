// 档期日历: one week (Mon–Sun) of sale events as bars across the days they run, coloured by
// status, with the week's events listed underneath.
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { CHINA_TIME } from '../../lib/device.ts';
import { QueryView } from '../../components/states.tsx';
import { StatusTag, useBrands } from './ui.tsx';
import { addDays, brandLabel, chinaDayIndex, fmtShortDateTime, fmtTime, fromDateInput, qs, startOfWeek, toDateInput, type EventStatus, type SaleEvent } from './lib.ts';

const STATUSES: EventStatus[] = ['draft', 'scheduled', 'live', 'ended', 'closed'];

// A week's columns are China days (lib.ts startOfWeek): an event lands on the day its China time falls on.
const dayIndex = chinaDayIndex;

interface Bar { ev: SaleEvent; from: number; to: number; lane: number; clippedStart: boolean; clippedEnd: boolean }

/** Lay bars out in lanes so that bars on the same days never overlap. */
function layout(events: SaleEvent[], weekStart: Date, weekEnd: Date): Bar[] {
  const bars = events.map((ev) => {
    const s = new Date(Math.max(Date.parse(ev.startsAt), weekStart.getTime()));
    const e = new Date(Math.min(Date.parse(ev.endsAt), weekEnd.getTime()) - 1);
    return { ev, from: Math.max(0, dayIndex(weekStart, s)), to: Math.min(6, dayIndex(weekStart, e)), lane: 0, clippedStart: Date.parse(ev.startsAt) < weekStart.getTime(), clippedEnd: Date.parse(ev.endsAt) > weekEnd.getTime() };
  }).sort((a, b) => a.from - b.from || (b.to - b.from) - (a.to - a.from) || a.ev.startsAt.localeCompare(b.ev.startsAt));
  const laneEnds: number[] = [];
  for (const b of bars) {
    let lane = laneEnds.findIndex((end) => end < b.from);
    if (lane === -1) { lane = laneEnds.length; laneEnds.push(b.to); } else laneEnds[lane] = b.to;
    b.lane = lane;
  }
  return bars;
}

export default function Calendar() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const weekParam = params.get('week');
  const fromParam = weekParam ? fromDateInput(weekParam) : null;
  const parsed = fromParam ? new Date(fromParam) : new Date();
  const weekStart = startOfWeek(Number.isNaN(parsed.getTime()) ? new Date() : parsed);
  const weekEnd = addDays(weekStart, 7);
  const thisWeek = startOfWeek(new Date()).getTime() === weekStart.getTime();
  const go = (d: Date | null) => setParams(d ? { week: toDateInput(d) } : {}, { replace: false });
  const brands = useBrands();
  const brandName = (id: string) => { const b = brands.data?.find((x) => x.id === id); return b ? brandLabel(b) : ''; };

  const q = useQuery({
    queryKey: ['console', 'events', weekStart.toISOString()],
    queryFn: ({ signal }) => get<{ items: SaleEvent[] }>(`/sale-events${qs({ from: weekStart.toISOString(), to: weekEnd.toISOString(), limit: 500 })}`, signal).then((r) => r.items),
    refetchInterval: 30_000,
  });
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  const todayIdx = thisWeek ? dayIndex(weekStart, new Date()) : -1;
  const dayFmt = new Intl.DateTimeFormat(t('console.locale'), { month: 'numeric', day: 'numeric', timeZone: CHINA_TIME });
  const rangeLabel = new Intl.DateTimeFormat(t('console.locale'), { year: 'numeric', month: 'long', day: 'numeric', timeZone: CHINA_TIME }).formatRange(weekStart, addDays(weekStart, 6));

  return (
    <>
      <div className="page-head">
        <h1>{t('console.calendar.title')}</h1>
        <div className="row cal-nav">
          <button type="button" className="btn" onClick={() => go(addDays(weekStart, -7))} data-testid="cal-prev" aria-label={t('console.calendar.prev')}>‹ {t('console.calendar.prev')}</button>
          <button type="button" className="btn" onClick={() => go(null)} disabled={thisWeek} data-testid="cal-today">{t('console.calendar.today')}</button>
          <button type="button" className="btn" onClick={() => go(addDays(weekStart, 7))} data-testid="cal-next" aria-label={t('console.calendar.next')}>{t('console.calendar.next')} ›</button>
          <strong className="cal-range" data-testid="cal-range" aria-live="polite">{rangeLabel}</strong>
        </div>
        <Link className="btn btn-primary" to="/console/events/new" data-testid="new-event">{t('console.calendar.newEvent')}</Link>
      </div>
      <div className="cal-legend" aria-label={t('console.calendar.legend')}>
        {STATUSES.map((s) => <span key={s} className={`legend-item cal-${s}`}><i aria-hidden />{t(`status.${s}`)}</span>)}
      </div>
      <section className="card calendar" data-testid="calendar">
        <div className="cal-head" role="row">
          {days.map((d, i) => (
            <div key={i} role="columnheader" className={`cal-day-head ${i === todayIdx ? 'today' : ''} ${i >= 5 ? 'weekend' : ''}`}>
              <span>{t(`console.calendar.weekday.${i}`)}</span>
              <strong>{dayFmt.format(d)}</strong>
              {i === todayIdx && <em>{t('console.calendar.todayMark')}</em>}
            </div>
          ))}
        </div>
        <QueryView q={q}>
          {(events) => {
            const bars = layout(events, weekStart, weekEnd);
            const lanes = bars.reduce((m, b) => Math.max(m, b.lane + 1), 0);
            return (
              <div className="cal-body" style={{ minHeight: Math.max(4, lanes) * 62 + 16 }}>
                <div className="cal-bg" aria-hidden>{days.map((_, i) => <div key={i} className={`${i === todayIdx ? 'today' : ''} ${i >= 5 ? 'weekend' : ''}`} />)}</div>
                <div className="cal-lanes" style={{ gridTemplateRows: `repeat(${Math.max(lanes, 1)}, 56px)` }}>
                  {bars.map((b) => (
                    <Link key={b.ev.id} to={`/console/events/${b.ev.id}`} className={`cal-bar cal-${b.ev.status} ${b.clippedStart ? 'clip-start' : ''} ${b.clippedEnd ? 'clip-end' : ''}`}
                      style={{ gridColumn: `${b.from + 1} / ${b.to + 2}`, gridRow: b.lane + 1 }}
                      data-testid="cal-event" data-status={b.ev.status} data-event-id={b.ev.id}
                      title={`${b.ev.title} · ${fmtShortDateTime(b.ev.startsAt)} – ${fmtShortDateTime(b.ev.endsAt)}`}>
                      <span className="cal-bar-top"><span className="cal-time">{b.clippedStart ? '…' : fmtTime(b.ev.startsAt)}</span><span className="cal-status">{t(`status.${b.ev.status}`)}</span></span>
                      <span className="cal-title">{b.ev.title}</span>
                      <span className="cal-brand">{brandName(b.ev.brandId)}</span>
                    </Link>
                  ))}
                </div>
                {bars.length === 0 && <div className="cal-empty">{t('console.calendar.empty')}</div>}
              </div>
            );
          }}
        </QueryView>
      </section>
      {q.data && q.data.length > 0 && (
        <section className="card flush">
          <div className="card-head pad"><h2>{t('console.calendar.listTitle', { count: q.data.length })}</h2></div>
          <table className="table" data-testid="cal-list">
            <thead><tr><th>{t('console.event.title')}</th><th>{t('console.common.brand')}</th><th>{t('console.common.status')}</th><th>{t('console.event.startsAt')}</th><th>{t('console.event.endsAt')}</th><th className="num">{t('console.event.skuCount')}</th><th className="num">{t('console.event.soldOfInitial')}</th></tr></thead>
            <tbody>
              {[...q.data].sort((a, b) => a.startsAt.localeCompare(b.startsAt)).map((e) => {
                const initial = e.skus.reduce((a, s) => a + s.initial, 0);
                const sold = e.skus.reduce((a, s) => a + s.sold, 0);
                return (
                  <tr key={e.id}>
                    <td><Link to={`/console/events/${e.id}`}>{e.title}</Link></td>
                    <td>{brandName(e.brandId)}</td>
                    <td><StatusTag status={e.status} /></td>
                    <td>{fmtShortDateTime(e.startsAt)}</td>
                    <td>{fmtShortDateTime(e.endsAt)}</td>
                    <td className="num">{e.skus.length}</td>
                    <td className="num">{sold} / {initial}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
