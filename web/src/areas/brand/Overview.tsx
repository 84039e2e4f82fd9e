// Brand portal overview: who the brand is, its contract, and the figures a brand checks first.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Countdown } from '../../components/Countdown.tsx';
import { ErrorState, Loading, QueryView } from '../../components/states.tsx';
import { percent, yuan } from '../../lib/money.ts';
import { eventTotals, fmtDate, isOpen, parseTs, sellThroughBps, useBrand, useEvents, useStatement, type Brand, type SaleEvent } from './data.ts';
import { Progress, StatusTag } from './parts.tsx';

const DAY = 86_400_000;

function ContractCard({ brand }: { brand: Brand }) {
  const { t, i18n } = useTranslation();
  const c = brand.contract;
  if (!c) return <section className="card"><h2>{t('brand.overview.contract')}</h2><p className="muted" data-testid="no-contract">{t('brand.overview.noContract')}</p></section>;
  const now = Date.now();
  const to = parseTs(c.validTo), from = parseTs(c.validFrom);
  const state = now > to ? 'expired' : now < from ? 'notYet' : to - now < 30 * DAY ? 'expiring' : 'valid';
  return (
    <section className="card bp-contract" data-testid="contract">
      <h2>{t('brand.overview.contract')}</h2>
      <dl className="bp-dl">
        <dt>{t('brand.overview.commission')}</dt><dd data-testid="contract-commission"><strong>{percent(c.commissionBps)}</strong></dd>
        <dt>{t('brand.overview.cooperation')}</dt><dd data-testid="contract-exclusive">{c.exclusive ? <span className="tag bp-tag-exclusive">{t('brand.overview.exclusive')}</span> : <span className="tag">{t('brand.overview.standard')}</span>}</dd>
        <dt>{t('brand.overview.validity')}</dt>
        <dd data-testid="contract-validity">
          {fmtDate(c.validFrom, i18n.language)} – {fmtDate(c.validTo, i18n.language)}{' '}
          <span className={`tag bp-contract-${state}`}>{t(`brand.overview.contractState.${state}`, { days: Math.max(0, Math.ceil((to - now) / DAY)) })}</span>
        </dd>
        {c.yearlyPlan !== null && (<><dt>{t('brand.overview.yearlyPlan')}</dt><dd className="num">{yuan(c.yearlyPlan)}</dd></>)}
      </dl>
      <p className="hint">{t('brand.overview.commissionHint', { rate: percent(c.commissionBps) })}</p>
    </section>
  );
}

function Kpis({ events, payable }: { events: SaleEvent[]; payable: number | undefined }) {
  const { t } = useTranslation();
  let unitsSold = 0, liveInitial = 0, liveSold = 0, live = 0, upcoming = 0;
  for (const e of events) {
    const tot = eventTotals(e);
    unitsSold += tot.sold;
    if (e.status === 'live') { live++; liveInitial += tot.initial; liveSold += tot.sold; }
    if (e.status === 'scheduled') upcoming++;
  }
  return (
    <div className="kpis">
      <div className="kpi"><div className="label">{t('brand.overview.unitsSold')}</div><div className="value" data-testid="kpi-units-sold">{unitsSold.toLocaleString()}</div><div className="hint">{t('brand.overview.unitsSoldHint')}</div></div>
      <div className="kpi"><div className="label">{t('brand.overview.liveSellThrough')}</div><div className="value" data-testid="kpi-live-sellthrough">{live ? percent(sellThroughBps(liveSold, liveInitial)) : '—'}</div><div className="hint">{t('brand.overview.liveSellThroughHint', { sold: liveSold, initial: liveInitial })}</div></div>
      <div className="kpi"><div className="label">{t('brand.overview.payable')}</div><div className="value bp-money" data-testid="kpi-payable">{payable === undefined ? '—' : yuan(payable)}</div><div className="hint"><Link to="/brand/statement">{t('brand.overview.toStatement')}</Link></div></div>
      <div className="kpi"><div className="label">{t('brand.overview.eventsCount')}</div><div className="value" data-testid="kpi-events">{live} / {upcoming}</div><div className="hint">{t('brand.overview.eventsCountHint')}</div></div>
    </div>
  );
}

function OpenEvents({ events }: { events: SaleEvent[] }) {
  const { t, i18n } = useTranslation();
  const open = events.filter(isOpen).sort((a, b) => (a.status === b.status ? parseTs(a.startsAt) - parseTs(b.startsAt) : a.status === 'live' ? -1 : 1));
  return (
    <section className="card">
      <div className="page-head"><h2>{t('brand.overview.openEvents')}</h2><Link to="/brand/events">{t('brand.overview.allEvents')}</Link></div>
      {open.length === 0 ? <p className="muted" data-testid="no-open-events">{t('brand.overview.noOpenEvents')}</p> : (
        <table className="table">
          <thead><tr><th>{t('brand.events.title')}</th><th>{t('brand.events.status')}</th><th>{t('brand.events.time')}</th><th className="num">{t('brand.events.soldOfInitial')}</th><th>{t('brand.events.sellThrough')}</th></tr></thead>
          <tbody>
            {open.map((e) => {
              const tot = eventTotals(e);
              return (
                <tr key={e.id} data-testid="open-event">
                  <td><Link to={`/brand/events/${e.id}`}>{e.title}</Link></td>
                  <td><StatusTag status={e.status} /> <Countdown startsAt={e.startsAt} endsAt={e.endsAt} /></td>
                  <td className="muted">{fmtDate(e.startsAt, i18n.language)}</td>
                  <td className="num">{tot.sold.toLocaleString()} / {tot.initial.toLocaleString()}</td>
                  <td className="bp-progress-cell"><Progress bps={tot.bps} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

export default function Overview({ brandId }: { brandId: string }) {
  const { t } = useTranslation();
  const brand = useBrand(brandId);
  const events = useEvents(brandId);
  const statement = useStatement(brandId);
  return (
    <>
      <QueryView q={brand}>
        {(b) => (
          <div className="page-head bp-title-row">
            <h1 data-testid="brand-name">{b.name}{b.nameEn && <span className="muted bp-name-en">{b.nameEn}</span>}</h1>
            <span className="tag">{b.category}</span>
            <span className={`tag ${b.status === 'active' ? 'tag-live' : ''}`}>{t(`brand.brandStatus.${b.status}`, { defaultValue: b.status })}</span>
          </div>
        )}
      </QueryView>
      {events.isPending ? <Loading /> : events.error ? <ErrorState error={events.error} onRetry={() => events.refetch()} /> : (
        <Kpis events={events.data} payable={statement.data?.payable} />
      )}
      {statement.error ? <ErrorState error={statement.error} onRetry={() => statement.refetch()} /> : null}
      <div className="bp-two">
        {brand.data ? <ContractCard brand={brand.data} /> : <div />}
        {events.data ? <OpenEvents events={events.data} /> : <div />}
      </div>
    </>
  );
}
