// The shop a shared link opens: the reseller's name, sales on now and sales coming up.
import { Link } from 'react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { Countdown } from '../../components/Countdown.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { isCode, useCart, useSavedOrders, useShop, type EventCard, type Order } from './data.ts';
import './orders.i18n.ts';
import { when } from './format.ts';
import { CartBar, Header, Img, Message, Page } from './parts.tsx';
import { EventDiscount } from './EventDiscount.tsx';
import { FlashStrip, useFlashItems } from './Flash.tsx';
import { useTitle } from '../../lib/title.ts';
import { useStorefrontView } from './Sharing.tsx';

export function ShopNotFound() {
  const { t } = useTranslation();
  useTitle([t('storefront.notFoundTitle')]);
  return (
    <Page>
      <Header title={t('common.appName')} />
      <Message icon="store" title={t('storefront.notFoundTitle')} body={t('storefront.notFoundBody')} />
    </Page>
  );
}

/**
 * A shop the platform paused (reseller_disabled): said plainly, not as an error, with this
 * device's orders from the shop — their pages still show how they are doing.
 */
export function ShopPaused({ code }: { code: string }) {
  const { t } = useTranslation();
  useTitle([t('storefront.pausedTitle')]);
  return (
    <Page>
      <Header title={t('common.appName')} />
      <div data-testid="shop-paused"><Message icon="store" title={t('storefront.pausedTitle')} body={t('storefront.pausedBody')} /></div>
      <main className="sf-content"><MyOrders code={code} /></main>
    </Page>
  );
}

/** The orders this device placed in the shop (kept on it), each a link to its page; nothing when none. */
function MyOrders({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const orders = useSavedOrders(code);
  if (orders.length === 0) return null;
  return (
    <section aria-labelledby="sf-orders" className="card sf-my-orders">
      <h2 id="sf-orders" className="sf-section-title">{t('storefront.myOrders')}</h2>
      <ul>
        {orders.map((o) => (
          <li key={o.orderId}>
            <Link to={`/s/${code}/orders/${o.orderId}?token=${encodeURIComponent(o.token)}`} data-testid="saved-order">
              <span>{t('storefront.orderedAt', { time: when(o.createdAt, i18n.language) })}</span>
              <SavedOrderNo orderId={o.orderId} token={o.token} />
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function EventTile({ e, code }: { e: EventCard; code: string }) {
  const { t, i18n } = useTranslation();
  const live = e.onSale;
  return (
    <Link to={`/s/${code}/e/${e.id}`} className={`sf-event ${live ? '' : 'sf-event-upcoming'}`} data-testid="event-card" data-event-id={e.id}>
      <Img src={e.coverImage} alt={e.title} label={e.brandName || e.title} className="sf-event-cover" />
      <div className="sf-event-body">
        <div className="sf-event-brand">{e.brandName}</div>
        <h3>{e.title}</h3>
        <EventDiscount tenths={e.discountTenths} />
        <div className="sf-event-meta">
          {live ? <Countdown startsAt={e.startsAt} endsAt={e.ordersCloseAt} /> : <span className="sf-starts">{t('storefront.startsAt', { time: when(e.startsAt, i18n.language) })}</span>}
        </div>
        <div className="sf-event-foot">
          <span className="muted">{t('storefront.eventMeta', { products: e.productCount, count: e.productCount, sold: e.soldCount })}</span>
          <span className={`sf-pill ${live ? '' : 'sf-pill-ghost'}`}>{live ? t('storefront.enter') : t('storefront.preview')}</span>
        </div>
      </div>
    </Link>
  );
}

/** The order number of an order this browser placed (saved with its lookup token); it never changes. */
function SavedOrderNo({ orderId, token }: { orderId: string; token: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['sf-order-no', orderId], staleTime: Infinity, retry: false,
    queryFn: ({ signal }) => get<Order>(`/storefront/orders/${orderId}?token=${encodeURIComponent(token)}`, signal).then((o) => o.orderNo),
  });
  return <span className="muted num" data-testid="saved-order-no">{q.data ?? (q.isPending ? t('storefront.orderNoLoading') : '')} ›</span>;
}

/** True once `ms` have passed since it was given a number (null: not started). */
function useDeadline(ms: number | null): boolean {
  const [over, setOver] = useState(false);
  useEffect(() => {
    if (ms === null) return undefined;
    const h = setTimeout(() => setOver(true), ms);
    return () => clearTimeout(h);
  }, [ms]);
  return over;
}

export default function Shop({ code }: { code: string }) {
  const { t } = useTranslation();
  const q = useShop(code);
  // The flash strip sits above the events: asked for with the shop (one query, shared with the
  // strip) and shown with it, so the events do not move down under a finger when it arrives. A
  // flash answer that fails, or is still out 400 ms after the shop's, does not hold the shop back.
  const flash = useFlashItems(code, 30_000);
  const flashWaitOver = useDeadline(q.isPending ? null : 400);
  const flashPending = flash.isPending && flash.failureCount === 0 && !flashWaitOver;
  const cart = useCart(code);
  useStorefrontView(code, 'shop');
  useTitle(q.data ? [t('storefront.shopTitle', { name: q.data.resellerName })] : null);
  if (isCode(q.error, 'storefront_not_found')) return <ShopNotFound />;
  if (isCode(q.error, 'reseller_disabled')) return <ShopPaused code={code} />;
  const name = q.data?.resellerName ?? '';
  const live = q.data?.events.filter((e) => e.onSale) ?? [];
  const upcoming = q.data?.events.filter((e) => !e.onSale) ?? [];
  return (
    <Page withBar={cart.count > 0}>
      <Header title={q.data ? t('storefront.shopTitle', { name }) : t('common.appName')} />
      {q.isPending || (flashPending && !q.error) ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (
        <>
          <section className="sf-hero" aria-label={t('storefront.shopTitle', { name })}>
            <div className="sf-avatar" aria-hidden>{[...name][0]}</div>
            <div>
              <div className="sf-hero-name" data-testid="shop-name">{t('storefront.shopTitle', { name })}</div>
              <div className="sf-hero-tagline">{t('storefront.shopTagline')}</div>
            </div>
          </section>
          <main className="sf-content">
            {q.data!.events.length === 0 && <div className="state state-empty" data-testid="no-events">{t('storefront.noEvents')}</div>}
            <FlashStrip code={code} />
            {live.length > 0 && (
              <section aria-labelledby="sf-live">
                <h2 id="sf-live" className="sf-section-title"><span className="sf-dot" aria-hidden />{t('storefront.live')}</h2>
                <div className="sf-events">{live.map((e) => <EventTile key={e.id} e={e} code={code} />)}</div>
              </section>
            )}
            {upcoming.length > 0 && (
              <section aria-labelledby="sf-upcoming">
                <h2 id="sf-upcoming" className="sf-section-title">{t('storefront.upcoming')}</h2>
                <div className="sf-events">{upcoming.map((e) => <EventTile key={e.id} e={e} code={code} />)}</div>
              </section>
            )}
            <MyOrders code={code} />
          </main>
        </>
      )}
      {cart.count > 0 && <CartBar code={code} />}
    </Page>
  );
}
