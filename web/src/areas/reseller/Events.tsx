// 档期: live events first, then the upcoming ones, as cards a reseller taps into.
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Countdown } from '../../components/Countdown.tsx';
import { Empty, QueryView } from '../../components/states.tsx';
import { zhe } from '../../lib/money.ts';
import { useEvents, type Customer, type EventCard } from './data.ts';
import { Img } from './ui.tsx';
import { FlashEntry } from './FlashSales.tsx';
import './review.i18n.ts';

function Card({ e, to, state }: { e: EventCard; to: string; state?: unknown }) {
  const { t } = useTranslation();
  return (
    <Link to={to} state={state} className="card rs-event-card" data-testid="event-card" data-status={e.status}>
      <Img src={e.coverImage} alt={e.title} className="rs-event-cover" />
      <div className="rs-event-body">
        <div className="row rs-event-meta">
          <span className={`tag tag-${e.onSale ? 'live' : 'scheduled'}`}>{t(e.onSale ? 'reseller.events.live' : 'reseller.events.upcoming')}</span>
          <span className="rs-brand">{e.brandName}</span>
        </div>
        <h3 className="rs-event-title">{e.title}</h3>
        {e.discountTenths !== null && (
          <span className="rs-discount" data-testid="event-discount" data-tenths={e.discountTenths} title={t('reseller.events.upToHint')}>{t('reseller.events.upTo', zhe(e.discountTenths))}</span>
        )}
        <Countdown startsAt={e.startsAt} endsAt={e.ordersCloseAt} />
        <div className="rs-event-stats muted">
          <span>{t('reseller.events.products', { count: e.productCount })}</span>
          <span>{t('reseller.events.stockLeft', { n: e.stockLeft })}</span>
          <span>{t('reseller.events.sold', { n: e.soldCount })}</span>
        </div>
      </div>
    </Link>
  );
}

export default function Events() {
  const { t } = useTranslation();
  const q = useEvents();
  const navigate = useNavigate();
  // Arriving from the address book: the next event tapped opens an order for that customer.
  const forCustomer = (useLocation().state as { forCustomer?: Customer } | null)?.forCustomer;
  return (
    <>
      {forCustomer && (
        <div className="card rs-banner" role="status">
          <span>{t('reseller.events.pickFor', { name: forCustomer.name })}</span>
          <button type="button" className="btn btn-small" onClick={() => navigate('/reseller/events', { replace: true, state: null })}>{t('common.cancel')}</button>
        </div>
      )}
      <FlashEntry />
      <QueryView q={q}>
        {(data) => {
          const live = data.items.filter((e) => e.onSale);
          const upcoming = data.items.filter((e) => !e.onSale);
          if (!data.items.length) return <Empty>{t('reseller.events.none')}</Empty>;
          const card = (e: EventCard) => forCustomer && e.onSale
            ? <Card key={e.id} e={e} to={`/reseller/events/${e.id}/order`} state={{ customer: forCustomer }} />
            : <Card key={e.id} e={e} to={`/reseller/events/${e.id}`} />;
          return (
            <>
              <section aria-labelledby="live-h" className="rs-list">
                <h2 id="live-h" className="rs-section-title">{t('reseller.events.liveTitle', { n: live.length })}</h2>
                {live.length ? live.map(card) : <Empty>{t('reseller.events.noLive')}</Empty>}
              </section>
              {upcoming.length > 0 && (
                <section aria-labelledby="up-h" className="rs-list">
                  <h2 id="up-h" className="rs-section-title">{t('reseller.events.upcomingTitle', { n: upcoming.length })}</h2>
                  {upcoming.map(card)}
                </section>
              )}
            </>
          );
        }}
      </QueryView>
    </>
  );
}
