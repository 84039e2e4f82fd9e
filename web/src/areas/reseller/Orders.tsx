// 订单: my orders newest first with status filters (and the way to 售后), an order's detail (its
// lines' units short, returned or refunded, the gateway refunds of its payment, its parcels with
// waybills and tracking, its return requests and asking for one), and cancelling one before
// shipment with a reason.
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Truck } from 'lucide-react';
import { post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading, QueryView } from '../../components/states.tsx';
import { keys, useOrder, useOrders, type Order } from './data.ts';
import { Img, Sheet, StatusTag, formatTime, useToast } from './ui.tsx';
import { HAS_PARCELS, OrderTracking } from './Tracking.tsx';
import { OrderAftersales, useOrderReturns } from './Returns.tsx';
import { claimedUnits, isBrandShort } from '../../lib/returns.ts';
import { CANCEL_PRESETS, reasonChips, reasonText } from '../../lib/reasons.ts';
import { LineUnitsNote } from '../../components/returns/LineUnits.tsx';
import './orders.i18n.ts';
import './orders.css';

const FILTERS = ['', 'pending_payment', 'paid', 'partially_shipped', 'shipped', 'delivered', 'cancelled'] as const;
const CANCELLABLE = new Set(['pending_payment', 'paid']);
/** Orders on their way or arrived: the card points to the tracking inside. */
const TRACKED = new Set(['partially_shipped', 'shipped', 'delivered']);

function units(o: Order) { return o.lines.reduce((a, l) => a + l.quantity, 0); }

export function OrdersList() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<string>('');
  // A customer's orders open from 买过的客户 with ?q=<phone>.
  const [params] = useSearchParams();
  const [typed, setTyped] = useState(() => (params.get('q') ?? '').slice(0, 50));
  const [search, setSearch] = useState(() => (params.get('q') ?? '').trim().slice(0, 50));
  const q = useOrders(status, search);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  // Say what is empty: none shipped is not the same as no orders at all.
  const empty = search ? t('reseller.orders.noMatch', { q: search }) : t(`reseller.orders.emptyBy.${status || 'all'}`);
  return (
    <>
      <form className="row rs-order-search" role="search" onSubmit={(e) => { e.preventDefault(); setSearch(typed.trim().slice(0, 50)); }}>
        <input type="search" className="rs-grow" value={typed} maxLength={50} onChange={(e) => setTyped(e.target.value)}
          placeholder={t('reseller.orders.searchPlaceholder')} aria-label={t('reseller.orders.search')} data-testid="orders-q" />
        <button type="submit" className="btn btn-small">{t('reseller.orders.searchGo')}</button>
        {search && <button type="button" className="btn btn-ghost btn-small" onClick={() => { setTyped(''); setSearch(''); }}>{t('reseller.orders.searchClear')}</button>}
        <Link to="/reseller/returns" className="btn btn-small" data-testid="returns-link">{t('returns.title')}</Link>
      </form>
      <div className="rs-filters" role="tablist" aria-label={t('reseller.orders.filter')}>
        {FILTERS.map((f) => (
          <button key={f || 'all'} type="button" role="tab" aria-selected={status === f} className={`rs-filter ${status === f ? 'active' : ''}`} onClick={() => setStatus(f)}>
            {f ? t(`status.${f}`) : t('reseller.orders.all')}
          </button>
        ))}
      </div>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{empty}</Empty> : (
        <ul className="rs-list rs-plain">
          {items.map((o) => (
            <li key={o.id}>
              <Link to={`/reseller/orders/${o.id}`} className="card rs-order" data-testid="order-row" data-order={o.id}>
                <div className="row">
                  <b>{o.consumer?.name ?? t('reseller.orders.noConsumer')}</b>
                  <span className="tag">{t(o.kind === 'reseller' ? 'reseller.orders.kindReseller' : 'reseller.orders.kindStorefront')}</span>
                  <span className="spacer" />
                  <StatusTag status={o.status} />
                </div>
                <p className="muted num rs-order-no" data-testid="order-no">{t('reseller.orders.orderNo')} {o.orderNo}</p>
                <p className="rs-order-items">{o.lines.map((l) => `${l.productName} ${l.colour}/${l.size} ×${l.quantity}`).join(i18n.language === 'en' ? '; ' : '，')}</p>
                {TRACKED.has(o.status) && <p className="rs-track-hint" data-testid="order-tracking-hint"><Truck size={14} aria-hidden />{t('reseller.tracking.seeTracking')}</p>}
                <div className="row muted rs-order-meta">
                  <span>{formatTime(o.createdAt, i18n.language)}</span>
                  <span>{t('reseller.orders.units', { count: units(o) })}</span>
                  <span className="spacer" />
                  <span className="price num" data-testid="order-amount">{yuan(listAmount(o))}</span>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {q.hasNextPage && <button type="button" className="btn btn-block" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>{q.isFetchingNextPage ? t('common.loading') : t('common.more')}</button>}
    </>
  );
}

/**
 * The order's amount in the list: what the customer pays for a consumer's order (after a coupon or
 * red packet, as on their own screen), the selling total for one placed by the reseller.
 */
function listAmount(o: Pick<Order, 'kind' | 'sellingTotal' | 'amountDue'>): number | null {
  return o.kind === 'storefront' && o.amountDue !== null ? o.amountDue : o.sellingTotal;
}

/**
 * What the order earns the reseller: selling less base price on the units kept — none of a
 * cancelled order, and none of the units cancelled, short (the brand could not supply them) or
 * refunded (refunded counts every unit whose money went back, so the larger of the two).
 */
function keptProfit(o: Pick<Order, 'lines'>): number {
  let sum = 0;
  for (const l of o.lines) {
    const gone = Math.max(l.units.refunded, l.units.cancelled + l.units.short);
    sum += Math.max(0, l.quantity - gone) * ((l.sellingPrice ?? 0) - (l.basePrice ?? 0));
  }
  return sum;
}

/** 我的利润 on the units kept, and a note when that is less than selling less base. */
function ProfitRow({ order: o }: { order: Order }) {
  const { t } = useTranslation();
  const profit = keptProfit(o);
  return (
    <>
      <dt>{t('reseller.draft.profit')}</dt>
      <dd className="num rs-profit">
        <span data-testid="order-profit">{yuan(profit)}</span>
        {profit !== (o.sellingTotal ?? 0) - (o.baseTotal ?? 0) && <small className="rs-profit-note" data-testid="order-profit-kept">{t('reseller.orders.profitKept')}</small>}
      </dd>
    </>
  );
}

function CancelSheet({ order, onClose }: { order: Order; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const { chips: presets, sent } = reasonChips(t, CANCEL_PRESETS.reseller);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const trimmed = reason.trim();
  const invalid = !trimmed || trimmed.length > 200;
  const m = useMutation({
    mutationFn: () => post<Order>(`/orders/${order.id}/cancel`, { reason: sent(trimmed) }),
    onSuccess: async (o) => {
      qc.setQueryData(keys.order(o.id), o);
      toast(t('reseller.orders.cancelled'));
      await Promise.all([qc.invalidateQueries({ queryKey: ['reseller', 'orders'] }), qc.invalidateQueries({ queryKey: keys.profile })]);
      onClose();
    },
  });
  return (
    <Sheet title={t('reseller.orders.cancelTitle')} onClose={onClose} testId="cancel-sheet">
      <form className="stack-12" onSubmit={(e) => { e.preventDefault(); setTouched(true); if (!invalid) m.mutate(); }} noValidate>
        <p className="muted">{t(order.status === 'paid' ? 'reseller.orders.cancelPaidHint' : 'reseller.orders.cancelHint')}</p>
        <div className="rs-chips">
          {presets.map((p) => <button key={p.code} type="button" className={`rs-chip rs-chip-btn ${reason === p.words ? 'active' : ''}`} onClick={() => setReason(p.words)} data-reason={p.code}>{p.words}</button>)}
        </div>
        <label htmlFor="cancel-reason">{t('reseller.orders.reason')}</label>
        <textarea id="cancel-reason" rows={2} value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} aria-invalid={touched && invalid} />
        {touched && invalid && <span className="field-error">{t('reseller.orders.reasonRequired')}</span>}
        {m.error ? <ErrorState error={m.error} /> : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={m.isPending}>{t('reseller.orders.confirmCancel')}</button>
      </form>
    </Sheet>
  );
}

export function OrderDetail() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const q = useOrder(id);
  const [cancelling, setCancelling] = useState(false);
  // Requests exist only for orders that shipped; cancelled ones may have some from before.
  const returns = useOrderReturns(id, Boolean(q.data && q.data.shippedAt));
  const claimed = claimedUnits(returns.data ?? []);
  return (
    <QueryView q={q}>
      {(o) => (
        <>
          <div className="row rs-back-row"><Link to="/reseller/orders" className="btn btn-ghost btn-small">‹ {t('common.back')}</Link></div>
          <section className="card" data-testid="order-detail" aria-labelledby="od-h">
            <div className="row"><h2 id="od-h">{t('reseller.orders.detail')}</h2><span className="spacer" /><StatusTag status={o.status} /></div>
            <p className="hint num"><span data-testid="order-no">{t('reseller.orders.orderNo')} {o.orderNo}</span> · {formatTime(o.createdAt, i18n.language)}</p>
            {o.consumer && (
              <div className="rs-consumer">
                <b>{o.consumer.name}</b> <span className="num">{o.consumer.phone}</span>
                <p className="muted">{o.consumer.address.province}{o.consumer.address.city !== o.consumer.address.province ? o.consumer.address.city : ''}{o.consumer.address.district} {o.consumer.address.detail}</p>
              </div>
            )}
            <ul className="rs-lines">
              {o.lines.map((l) => (
                <li key={l.id} className="row rs-order-line">
                  <Img src={l.image} alt={l.productName} className="rs-line-img" />
                  <span className="rs-grow">{l.productName}<br /><small className="muted">{l.colour} / {l.size}</small><LineUnitsNote quantity={l.quantity} units={l.units} open={claimed.get(l.id)} /></span>
                  <span className="num">{yuan(l.sellingPrice)} × {l.quantity}</span>
                </li>
              ))}
            </ul>
            <dl className="rs-dl">
              {o.kind === 'storefront' && o.amountDue !== null && o.sellingTotal !== null && o.amountDue !== o.sellingTotal ? (
                // A coupon or red packet took part of the price off: the customer paid less than the selling total (the margin is still selling less base).
                <>
                  <dt>{t('reseller.orders.sellingTotal')}</dt><dd className="num">{yuan(o.sellingTotal)}</dd>
                  <dt>{t('reseller.orders.discount')}</dt><dd className="num" data-testid="order-discount">−{yuan(o.sellingTotal - o.amountDue)}</dd>
                  <dt>{t(o.paidAt ? 'reseller.orders.customerPaid' : 'reseller.orders.customerDue')}</dt><dd className="num" data-testid="order-customer-paid">{yuan(o.amountDue)}</dd>
                </>
              ) : (
                <><dt>{t('reseller.draft.customerPays')}</dt><dd className="num">{yuan(o.sellingTotal)}</dd></>
              )}
              <dt>{t(o.kind === 'reseller' ? 'reseller.draft.walletPaid' : 'reseller.orders.base')}</dt><dd className="num">{yuan(o.baseTotal)}</dd>
              <ProfitRow order={o} />
              <dt>{t('reseller.orders.payMethod')}</dt><dd>{t(`reseller.orders.pay.${o.payMethod}`, { defaultValue: o.payMethod })}</dd>
              {o.paidAt && <><dt>{t('reseller.orders.paidAt')}</dt><dd>{formatTime(o.paidAt, i18n.language)}</dd></>}
              {o.cancelledAt && <><dt>{t('reseller.orders.cancelledAt')}</dt><dd>{formatTime(o.cancelledAt, i18n.language)}</dd></>}
              {o.cancelReason && !isBrandShort(o.cancelReason) && <><dt>{t('reseller.orders.reason')}</dt><dd data-testid="order-cancel-reason">{reasonText(t, o.cancelReason)}</dd></>}
            </dl>
            {o.status === 'cancelled' && isBrandShort(o.cancelReason) && (
              <p className="rs-brand-short" role="note" data-testid="brand-short"><b>{t('returns.brandShort')}</b><br />{t('reseller.returns.brandShortBody')}</p>
            )}
            {HAS_PARCELS.has(o.status) && <OrderTracking orderId={o.id} status={o.status} lines={o.lines} />}
            {returns.data && <OrderAftersales order={o} requests={returns.data} />}
            {returns.error ? <ErrorState error={returns.error} onRetry={() => returns.refetch()} /> : null}
            {o.refunds.length > 0 && (
              <div className="rs-refunds" data-testid="order-refunds">
                <h3 className="rs-section-title">{t('reseller.orders.refunds')}</h3>
                <ul className="rs-plain">
                  {o.refunds.map((r) => (
                    <li key={r.id} className="rs-refund" data-testid="order-refund" data-status={r.status}>
                      <div className="row">
                        <b className="num">{t('reseller.orders.refundAmount', { amount: yuan(r.amount) })}</b>
                        <span className={`tag rs-refund-${r.status}`}>{t(`reseller.orders.refundStatus.${r.status}`)}</span>
                        <span className="spacer" />
                        <small className="muted">{t(`reseller.orders.refundAt.${r.status}`, { time: formatTime(r.settledAt ?? r.createdAt, i18n.language) })}</small>
                      </div>
                      {r.status === 'failed' && <p className="rs-refund-note">{t('reseller.orders.refundFailedHint')}</p>}
                    </li>
                  ))}
                </ul>
                <p className="hint">{t('reseller.orders.refundGateway')}</p>
              </div>
            )}
            {CANCELLABLE.has(o.status) && (
              <button type="button" className="btn btn-block" data-testid="cancel-order" onClick={() => setCancelling(true)}>{t('reseller.orders.cancel')}</button>
            )}
          </section>
          {cancelling && <CancelSheet order={o} onClose={() => setCancelling(false)} />}
        </>
      )}
    </QueryView>
  );
}
