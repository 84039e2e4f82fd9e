// A consumer's order, opened with its lookup token (the link the pay page returns to): status,
// the hold countdown and pay link while unpaid, "confirming" until the gateway's notification
// lands, then the lines (with units short, returned or refunded), totals and delivery details;
// once shipped, the parcels' waybills and tracking, and after-sales (售后); a cancelled or
// late-paid order shows its refunds as the gateway reports them (on the way, refunded, failed).
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../components/states.tsx';
import { isCode, markPaying, savedToken, useOrder, wasPaying, type Order, type Refund } from './data.ts';
import { ApiError, post } from '../../lib/api.ts';
import { maskPhone, mmss, price, when } from './format.ts';
import { Header, Img, Message, Page } from './parts.tsx';
import { skuLabel } from './Cart.tsx';
import { Icon } from './icons.tsx';
import { FlashOrderTag, OpenPayment, isFlashOrder } from './Flash.tsx';
import { CampaignOrderNote } from './GroupBuy.tsx';
import './orders.i18n.ts';
import { useTitle } from '../../lib/title.ts';
import { isBrandShort } from '../../lib/returns.ts';
import { LineUnitsNote } from '../../components/returns/LineUnits.tsx';
import { OrderTracking, TRACKED } from './Tracking.tsx';

// The request form and the requests' cards load only on an order that has left the warehouse.
const Aftersales = lazy(() => import('./Aftersales.tsx'));
const ShareOrder = lazy(() => import('./ShareOrder.tsx'));

function useNow(active: boolean) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [active]);
  return now;
}

const REFUND_TEXT = {
  pending: ['storefront.refundPending', 'storefront.refundPendingBody'],
  succeeded: ['storefront.refundSucceeded', 'storefront.refundSucceededBody'],
  failed: ['storefront.refundFailed', 'storefront.refundFailedBody'],
} as const;

/** Each refund of the order's payment: how much, where it stands, and since when. */
function Refunds({ refunds }: { refunds: Refund[] }) {
  const { t, i18n } = useTranslation();
  if (refunds.length === 0) return null;
  return (
    <ul className="sf-refunds" data-testid="refunds">
      {refunds.map((r) => (
        <li key={r.id} className="sf-refund" data-testid="refund" data-status={r.status}>
          <div className="sf-refund-head">
            <span>{t('storefront.refundTitle')}</span>
            <strong className="num" data-testid="refund-amount">{price(r.amount)}</strong>
            <span className={`sf-refund-state sf-refund-${r.status}`} data-testid="refund-status">{t(REFUND_TEXT[r.status][0])}</span>
          </div>
          <p>{t(REFUND_TEXT[r.status][1], { time: when(r.settledAt ?? r.createdAt, i18n.language) })}</p>
        </li>
      ))}
    </ul>
  );
}

function StatusCard({ o, code }: { o: Order; code: string }) {
  const { t } = useTranslation();
  const pending = o.status === 'pending_payment';
  const now = useNow(pending);
  const payUrl = o.payment?.payUrl ?? null;
  const tag = <>{isFlashOrder(o) && <FlashOrderTag />}<span className={`tag tag-${o.status}`} data-testid="order-status">{t(`status.${o.status}`, { defaultValue: o.status })}</span></>;
  const payLink = (cls: string) => payUrl && (
    <a className={cls} href={payUrl} onClick={() => markPaying(o.id)} data-testid="pay-now">{t('storefront.payNow')}</a>
  );

  if (pending && o.payment?.status === 'failed') return <PayAgain o={o} code={code} tag={tag} />;
  // A flash order's payment opens when the buyer first goes to pay.
  if (pending && o.payment === null) return <OpenPayment o={o} code={code} tag={tag} />;
  if (pending) {
    const left = o.holdExpiresAt ? Date.parse(o.holdExpiresAt) - now : null;
    const paying = wasPaying(o.id);
    return (
      <section className="sf-status sf-status-wait" data-testid="status-card">
        <div className="sf-status-head"><span className="sf-status-icon" aria-hidden><Icon name="yuan" /></span><h2>{t('storefront.awaitingTitle')}</h2>{tag}</div>
        {paying && <p className="sf-confirming" role="status" data-testid="confirming"><span className="spinner" aria-hidden />{t('storefront.confirming')}</p>}
        {left !== null && <p>{t('storefront.payWithin', { time: mmss(left) })}</p>}
        {paying
          ? <p className="hint">{t('storefront.notPaidYet')} {payLink('')}</p>
          : <>{payLink('btn btn-primary sf-wide-btn')}<p className="hint sf-confirm-hint" data-testid="confirming-hint">{t('storefront.confirmingHint')}</p></>}
      </section>
    );
  }
  if (o.status === 'expired') {
    return (
      <section className="sf-status sf-status-off" data-testid="status-card">
        <div className="sf-status-head"><span className="sf-status-icon" aria-hidden><Icon name="clock" /></span><h2>{t('storefront.expiredTitle')}</h2>{tag}</div>
        {o.refunds.length > 0 ? <p>{t('storefront.latePaid')}</p> : <p>{t('storefront.expiredBody')}</p>}
        {o.refunds.length === 0 && o.payment?.status === 'succeeded' && <p className="sf-refund">{t('storefront.lateRefund')}</p>}
        <Refunds refunds={o.refunds} />
      </section>
    );
  }
  if (o.status === 'cancelled') {
    const short = isBrandShort(o.cancelReason);
    return (
      <section className="sf-status sf-status-off" data-testid="status-card" data-reason={short ? 'brand_short' : undefined}>
        <div className="sf-status-head"><span className="sf-status-icon" aria-hidden><Icon name="close" /></span><h2>{short ? t('returns.brandShort') : t('storefront.cancelledTitle')}</h2>{tag}</div>
        <p data-testid="status-body">{short ? t('returns.brandShortBody') : o.refunds.length > 0 ? t('storefront.cancelledPaidBody') : t('storefront.cancelledBody')}</p>
        <Refunds refunds={o.refunds} />
      </section>
    );
  }
  // Paid and later: say only what is true now — waiting for the warehouse until it ships.
  const after = AFTER_PAYMENT.has(o.status) ? `storefront.afterPayment.${o.status}` : null;
  return (
    <section className="sf-status sf-status-ok" data-testid="status-card" data-status={o.status}>
      <div className="sf-status-head"><span className="sf-status-icon" aria-hidden><Icon name="check" /></span><h2>{t(after ? `${after}.title` : 'storefront.paidTitle')}</h2>{tag}</div>
      <p data-testid="status-body">{t(after ? `${after}.body` : 'storefront.paidBody')}</p>
      <Refunds refunds={o.refunds} />
    </section>
  );
}

const AFTER_PAYMENT = new Set(['partially_shipped', 'shipped', 'delivered', 'completed']);

/** A declined card: pay again through a new gateway charge while the hold lasts (and how long that is). */
function PayAgain({ o, code, tag }: { o: Order; code: string; tag: React.ReactNode }) {
  const { t } = useTranslation();
  const now = useNow(true);
  const left = o.holdExpiresAt ? Date.parse(o.holdExpiresAt) - now : null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [search] = useSearchParams();
  const token = search.get('token') ?? savedToken(code, o.id) ?? '';
  const again = async () => {
    setBusy(true); setError(null);
    try {
      const fresh = await post<Order>(`/storefront/${code}/orders/${o.id}/pay?token=${encodeURIComponent(token)}`);
      if (fresh.payment?.payUrl) { markPaying(o.id); window.location.assign(fresh.payment.payUrl); }
    } catch (e) { setError(e); setBusy(false); }
  };
  return (
    <section className="sf-status sf-status-bad" data-testid="status-card">
      <div className="sf-status-head"><span className="sf-status-icon" aria-hidden><Icon name="alert" /></span><h2>{t('status.pending_payment')}</h2>{tag}</div>
      <p>{t('storefront.paymentFailed')}</p>
      {left !== null && <p data-testid="hold-left">{t('storefront.payWithin', { time: mmss(left) })}</p>}
      {error ? <p className="field-error" role="alert">{error instanceof ApiError ? error.title : t('common.unknownError')}</p> : null}
      <button type="button" className="btn btn-primary sf-wide-btn" disabled={busy} onClick={() => void again()} data-testid="pay-again">{t('storefront.payAgain')}</button>
      <Link className="btn sf-wide-btn" to={`/s/${code}`}>{t('storefront.backToShop')}</Link>
    </section>
  );
}

function Lines({ o }: { o: Order }) {
  const { t } = useTranslation();
  return (
    <ul className="sf-lines">
      {o.lines.map((l) => {
        const name = l.productName || t('storefront.unknownItem');
        const sku = skuLabel({ colour: l.colour ?? '', size: l.size ?? '' });
        return (
          <li key={l.id} className="sf-line" data-testid="order-line" data-line={l.id}>
            <div className="sf-line-img"><Img src={l.image} alt={name} label={name} /></div>
            <div className="sf-line-body">
              <div className="sf-line-name">{name}</div>
              {sku && <div className="sf-line-sku">{sku}</div>}
              <LineUnitsNote quantity={l.quantity} units={l.units} />
              <div className="sf-line-foot"><span className="price">{price(l.sellingPrice ?? 0)}</span><span className="muted">{t('storefront.qty', { n: l.quantity })}</span></div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function CopyLink({ url }: { url: string }) {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  return (
    <div className="sf-copy">
      <input readOnly value={url} aria-label={t('storefront.bookmark')} onFocus={(e) => e.target.select()} data-testid="lookup-link" />
      <button type="button" className="btn btn-small" onClick={() => {
        void navigator.clipboard?.writeText(url).then(() => { setDone(true); setTimeout(() => setDone(false), 1500); }, () => {});
      }}>{done ? t('storefront.copied') : t('storefront.copy')}</button>
    </div>
  );
}

export default function OrderPage({ code }: { code: string }) {
  const { orderId = '' } = useParams();
  const [search] = useSearchParams();
  const { t, i18n } = useTranslation();
  const token = search.get('token') ?? savedToken(code, orderId) ?? '';
  const q = useOrder(orderId, token);
  useTitle([q.data?.orderNo, t('storefront.orderTitle')]);
  const head = <Header title={t('storefront.orderTitle')} back={`/s/${code}`} />;
  if (token.length < 10 || isCode(q.error, 'not_found') || isCode(q.error, 'validation_failed')) {
    return <Page>{head}<Message icon="doc" title={t('storefront.orderNotFound')} code={code} /></Page>;
  }
  if (q.isPending) return <Page>{head}<Loading /></Page>;
  if (!q.data) return <Page>{head}<ErrorState error={q.error} onRetry={() => q.refetch()} /></Page>;
  const o = q.data;
  const lookup = `${window.location.origin}/s/${code}/orders/${o.id}?token=${encodeURIComponent(token)}`;
  const paid = o.paidAt !== null;
  const a = o.consumer?.address;
  return (
    <Page>
      {head}
      <main className="sf-content">
        <StatusCard o={o} code={code} />
        <CampaignOrderNote o={o} code={code} token={token} />
        {TRACKED.has(o.status) && <OrderTracking orderId={o.id} token={token} status={o.status} />}
        {TRACKED.has(o.status) && <Suspense fallback={null}><Aftersales o={o} token={token} /></Suspense>}
        {TRACKED.has(o.status) && <Suspense fallback={null}><ShareOrder o={o} token={token} /></Suspense>}
        {q.error && <ErrorState error={q.error} />}
        {o.consumer && (
          <section className="card sf-address" aria-labelledby="sf-recipient">
            <h2 id="sf-recipient" className="sf-card-title"><Icon name="pin" />{t('storefront.recipient')}</h2>
            <div><strong>{o.consumer.name}</strong> <span className="muted">{maskPhone(o.consumer.phone)}</span></div>
            {a && <div className="muted">{a.province} {a.city} {a.district} {a.detail}</div>}
          </section>
        )}
        <section className="card" aria-labelledby="sf-order-items">
          <h2 id="sf-order-items" className="sf-card-title"><Icon name="bag" />{t('storefront.items')}</h2>
          <Lines o={o} />
          <dl className="sf-totals">
            <div><dt>{t('storefront.goodsTotal')}</dt><dd>{price(o.sellingTotal ?? 0)}</dd></div>
            {o.discountTotal ? <div><dt>{t('storefront.promo.discount')}</dt><dd className="sf-promo-off" data-testid="order-discount">−{price(o.discountTotal)}</dd></div> : null}
            <div className="sf-total-main"><dt>{paid ? t('storefront.amountPaid') : t('storefront.amountDue')}</dt><dd className="price" data-testid="order-amount">{price(o.amountDue ?? 0)}</dd></div>
          </dl>
        </section>
        <section className="card">
          <dl className="sf-meta">
            <div><dt>{t('storefront.orderNo')}</dt><dd className="num" data-testid="order-no">{o.orderNo}</dd></div>
            <div><dt>{t('storefront.placedAt')}</dt><dd>{when(o.createdAt, i18n.language)}</dd></div>
            {o.paidAt && <div><dt>{t('storefront.paidAt')}</dt><dd>{when(o.paidAt, i18n.language)}</dd></div>}
            {o.note && <div><dt>{t('storefront.noteShort')}</dt><dd>{o.note}</dd></div>}
          </dl>
        </section>
        <section className="card" aria-labelledby="sf-bookmark">
          <h2 id="sf-bookmark" className="sf-card-title"><Icon name="bookmark" />{t('storefront.bookmark')}</h2>
          <p className="hint">{t('storefront.bookmarkHint')}</p>
          <CopyLink url={lookup} />
        </section>
        <Link className="btn sf-wide-btn" to={`/s/${code}`} data-testid="continue-shopping">{t('storefront.continueShopping')}</Link>
      </main>
    </Page>
  );
}
