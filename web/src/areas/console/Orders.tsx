// 订单: search every order (status, kind, text, reseller, brand, event), page on with "load
// more", and open one in a drawer with its lines, the gateway refunds of its payment and,
// before shipment, a cancel action.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading, QueryView } from '../../components/states.tsx';
import { BrandSelect, Drawer, FormError, LevelBadge, RefundTag, StatusTag, useBrands, LoadMore, ReasonChips } from './ui.tsx';
import './orders.i18n.ts';
import { CANCEL_PRESETS, reasonChips, reasonText } from '../../lib/reasons.ts';
import { brandLabel, CANCELLABLE, fieldErrors, fmtDateTime, ORDER_STATUSES, qs, type Order, type Page, type Refund, type Reseller, type SaleEvent, type SellThrough } from './lib.ts';

const FILTERS = ['status', 'kind', 'q', 'resellerId', 'brandId', 'saleEventId'] as const;

function useReseller(id: string | null | undefined) {
  return useQuery({ queryKey: ['console', 'reseller', id], enabled: Boolean(id), staleTime: 300_000, queryFn: ({ signal }) => get<Reseller>(`/resellers/${id}`, signal) });
}

function ResellerName({ id }: { id: string }) {
  const r = useReseller(id);
  return <>{r.data ? r.data.name : <span className="mono muted small">{id.slice(-6)}</span>}</>;
}

function EventTitle({ id }: { id: string }) {
  const e = useQuery({ queryKey: ['console', 'event', id], staleTime: 300_000, queryFn: ({ signal }) => get<SaleEvent>(`/sale-events/${id}`, signal) });
  return <>{e.data?.title ?? id}</>;
}

const units = (o: Order) => o.lines.reduce((a, l) => a + l.quantity, 0);

function CancelForm({ order, onDone }: { order: Order; onDone: (o: Order) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const { chips: presets, sent } = reasonChips(t, CANCEL_PRESETS.console);
  const m = useMutation({
    mutationFn: () => post<Order>(`/orders/${order.id}/cancel`, { reason: sent(reason) }),
    onSuccess: onDone,
    onError: (e) => setError(fieldErrors(t, e).reason ?? ''),
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const r = reason.trim();
    if (!r) { setError(t('console.orders.reasonRequired')); return; }
    if (r.length > 200) { setError(t('console.common.maxLen', { n: 200 })); return; }
    setError('');
    m.mutate();
  };
  return (
    <form className="cancel-box stack" onSubmit={submit} noValidate data-testid="cancel-form">
      <h3>{t('console.orders.cancelTitle')}</h3>
      <p className="hint">{order.status === 'paid' ? t('console.orders.cancelPaidHint') : t('console.orders.cancelPendingHint')}</p>
      <ReasonChips chips={presets} value={reason} onPick={setReason} label={t('console.orders.reason')} />
      <label>{t('console.orders.reason')}
        <textarea rows={2} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={Boolean(error)} data-testid="cancel-reason" />
      </label>
      {error && <span className="field-error">{error}</span>}
      <FormError error={m.error} />
      <div className="row end"><button type="submit" className="btn btn-danger" disabled={m.isPending} data-testid="cancel-submit">{m.isPending ? t('console.common.saving') : t('console.orders.cancelSubmit')}</button></div>
    </form>
  );
}

/** After the payment status: how much went back, and how much is still on its way. */
function RefundSummary({ refunds }: { refunds: Refund[] }) {
  const { t } = useTranslation();
  const back = refunds.filter((r) => r.status === 'succeeded').reduce((a, r) => a + r.amount, 0);
  const pending = refunds.filter((r) => r.status === 'pending').length;
  return (
    <>
      {back > 0 && <span className="refund-note"> · {t('console.orders.refundedTotal', { amount: yuan(back) })}</span>}
      {pending > 0 && <span className="muted"> · {t('console.orders.refundsPending', { count: pending })}</span>}
    </>
  );
}

/** The gateway refunds of the order's payment, oldest first, each as the gateway last reported it. */
function OrderRefunds({ orderId, refunds }: { orderId: string; refunds: Refund[] }) {
  const { t } = useTranslation();
  return (
    <section className="refund-box stack" data-testid="order-refunds">
      <div className="row"><h3>{t('console.orders.refunds')}</h3><span className="spacer" /><Link className="small" to={`/console/payments?q=${orderId}`}>{t('console.orders.toRefunds')}</Link></div>
      <table className="table">
        <thead><tr>
          <th className="num">{t('console.refunds.amount')}</th><th>{t('console.common.status')}</th><th>{t('console.refunds.reason')}</th>
          <th>{t('console.refunds.createdAt')}</th><th>{t('console.refunds.settledAt')}</th>
        </tr></thead>
        <tbody>
          {refunds.map((r) => (
            <tr key={r.id} data-testid="order-refund" data-status={r.status}>
              <td className="num price" data-testid="order-refund-amount">{yuan(r.amount)}</td>
              <td><RefundTag status={r.status} /></td>
              <td className="refund-reason">{reasonText(t, r.reason)}</td>
              <td className="nowrap">{fmtDateTime(r.createdAt)}</td>
              <td className="nowrap">{fmtDateTime(r.settledAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function OrderDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const brands = useBrands();
  const q = useQuery({
    queryKey: ['console', 'order', id], queryFn: ({ signal }) => get<Order>(`/orders/${id}`, signal),
    // A refund settles when the gateway's notification lands: look again while one is on its way.
    refetchInterval: (x) => (x.state.data?.refunds?.some((r) => r.status === 'pending') ? 3000 : false),
  });
  const eventIds = [...new Set((q.data?.lines ?? []).map((l) => l.saleEventId))];
  // Order lines carry ids only; the events' sell-through rows carry the product names.
  const sts = useQueries({ queries: eventIds.map((e) => ({ queryKey: ['console', 'sellThrough', e], staleTime: 60_000, queryFn: ({ signal }: { signal: AbortSignal }) => get<SellThrough>(`/analytics/sale-events/${e}/sell-through`, signal) })) });
  const names = new Map(sts.flatMap((s) => s.data?.skus ?? []).map((s) => [s.eventSkuId, s]));
  const titles = new Map(sts.flatMap((s) => (s.data ? [[s.data.saleEventId, s.data.title] as const] : [])));
  const reseller = useReseller(q.data?.resellerId);
  return (
    <Drawer title={t('console.orders.detailTitle')} onClose={onClose} testId="order-drawer">
      <QueryView q={q}>
        {(o) => (
          <div className="stack">
            <div className="row"><span className="mono" data-testid="order-no">{o.orderNo}</span><span className="muted small mono">{o.id}</span><span className="spacer" /><StatusTag status={o.status} testId="order-status" /></div>
            <dl className="facts">
              <dt>{t('console.orders.kind')}</dt><dd>{t(`console.orders.kinds.${o.kind}`)}</dd>
              <dt>{t('console.orders.createdAt')}</dt><dd>{fmtDateTime(o.createdAt)}</dd>
              {o.paidAt && <><dt>{t('console.orders.paidAt')}</dt><dd>{fmtDateTime(o.paidAt)}</dd></>}
              {o.status === 'pending_payment' && o.holdExpiresAt && <><dt>{t('console.orders.holdExpires')}</dt><dd>{fmtDateTime(o.holdExpiresAt)}</dd></>}
              {o.cancelledAt && <><dt>{t('console.orders.cancelledAt')}</dt><dd>{fmtDateTime(o.cancelledAt)}</dd></>}
              {o.cancelReason && <><dt>{t('console.orders.reason')}</dt><dd data-testid="order-cancel-reason">{reasonText(t, o.cancelReason)}</dd></>}
              <dt>{t('console.orders.reseller')}</dt><dd>{reseller.data ? <>{reseller.data.name} <LevelBadge level={reseller.data.level} /> <span className="muted">{reseller.data.phone}</span></> : '…'}</dd>
              {o.consumer && <><dt>{t('console.orders.consumer')}</dt><dd>{o.consumer.name} <span className="muted">{o.consumer.phone}</span></dd>
                <dt>{t('console.orders.address')}</dt><dd>{[o.consumer.address.province, o.consumer.address.city, o.consumer.address.district, o.consumer.address.detail].join(' ')}</dd></>}
              <dt>{t('console.orders.payMethod')}</dt><dd>{t(`console.orders.payMethods.${o.payMethod}`, { defaultValue: o.payMethod })}{o.payment && <span className="muted"> · {t(`console.orders.paymentStatus.${o.payment.status}`, { defaultValue: o.payment.status })}</span>}<RefundSummary refunds={o.refunds} /></dd>
              {o.note && <><dt>{t('console.orders.note')}</dt><dd>{o.note}</dd></>}
            </dl>
            <table className="table" data-testid="order-lines">
              <thead><tr><th>{t('console.orders.item')}</th><th className="num">{t('console.orders.qty')}</th><th className="num">{t('console.columns.base_price')}</th><th className="num">{t('console.orders.sellingPrice')}</th><th className="num">{t('console.orders.subtotal')}</th></tr></thead>
              <tbody>
                {o.lines.map((l) => {
                  const n = names.get(l.eventSkuId);
                  const brand = brands.data?.find((b) => b.id === l.brandId);
                  return (
                    <tr key={l.id}>
                      <td>
                        <div className="strong" data-testid="order-line-name" data-loaded={Boolean(n)}>{n ? n.productName : '…'}</div>
                        <div className="muted small">{n ? `${n.colour} / ${n.size}` : ''}{brand ? ` · ${brandLabel(brand)}` : ''}</div>
                        <Link className="small" to={`/console/events/${l.saleEventId}`}>{titles.get(l.saleEventId) ?? t('console.orders.event')}</Link>
                      </td>
                      <td className="num">{l.quantity}</td>
                      <td className="num">{yuan(l.basePrice)}</td>
                      <td className="num">{yuan(l.sellingPrice)}</td>
                      <td className="num">{l.sellingPrice !== null ? yuan(l.sellingPrice * l.quantity) : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <dl className="facts totals">
              <dt>{t('console.orders.sellingTotal')}</dt><dd className="num">{yuan(o.sellingTotal)}</dd>
              <dt>{t('console.orders.baseTotal')}</dt><dd className="num">{yuan(o.baseTotal)}</dd>
              {o.discountTotal ? <><dt>{t('console.orders.discountTotal')}</dt><dd className="num" data-testid="order-discount">−{yuan(o.discountTotal)}</dd></> : null}
              <dt>{t('console.orders.amountDue')}</dt><dd className="num price">{yuan(o.amountDue)}</dd>
            </dl>
            {o.refunds.length > 0 && <OrderRefunds orderId={o.id} refunds={o.refunds} />}
            {CANCELLABLE.includes(o.status) && (
              <CancelForm order={o} onDone={async (updated) => {
                qc.setQueryData(['console', 'order', id], updated);
                await qc.invalidateQueries({ queryKey: ['console', 'orders'] });
                await qc.invalidateQueries({ queryKey: ['console', 'overview'] });
              }} />
            )}
          </div>
        )}
      </QueryView>
    </Drawer>
  );
}

export default function Orders() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const f = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const open = params.get('order');
  const [typed, setTyped] = useState(f.q);
  const update = (patch: Record<string, string | null>) => {
    const n = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v) n.set(k, v); else n.delete(k); }
    setParams(n, { replace: true });
  };
  const resellers = useQuery({ queryKey: ['console', 'resellers', 'inviters'], queryFn: ({ signal }) => get<Page<Reseller>>('/resellers?limit=200', signal).then((r) => r.items) });
  const q = useInfiniteQuery({
    queryKey: ['console', 'orders', f],
    queryFn: ({ pageParam, signal }) => get<Page<Order>>(`/orders${qs({ ...f, cursor: pageParam, limit: 30 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = FILTERS.some((k) => f[k]);
  // Counts for the whole filter, not the rows loaded so far.
  const summary = useQuery({ queryKey: ['console', 'orders', 'summary', f], queryFn: ({ signal }) => get<{ orders: number; units: number }>(`/orders/summary${qs(f)}`, signal) });
  return (
    <>
      <div className="page-head">
        <h1>{t('console.orders.title')}</h1>
        {summary.data && <span className="muted" data-testid="orders-summary">{t('console.orders.summary', { count: summary.data.orders, orders: summary.data.orders, units: summary.data.units })}</span>}
        <span className="spacer" />
        <a className="btn" href={`/api/v1/orders/export.csv${qs({ ...f, lang: i18n.language === 'en' ? 'en' : 'zh-CN' })}`} download title={t('console.orders.exportHint')} data-testid="orders-export">{t('console.orders.exportCsv')}</a>
      </div>
      <form className="card filters" role="search" onSubmit={(e) => { e.preventDefault(); update({ q: typed.trim().slice(0, 50) }); }}>
        <label>{t('console.common.status')}
          <select value={f.status} onChange={(e) => update({ status: e.target.value })} data-testid="orders-status">
            <option value="">{t('console.common.all')}</option>
            {ORDER_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
          </select>
        </label>
        <label>{t('console.orders.kind')}
          <select value={f.kind} onChange={(e) => update({ kind: e.target.value })}>
            <option value="">{t('console.common.all')}</option>
            <option value="reseller">{t('console.orders.kinds.reseller')}</option>
            <option value="storefront">{t('console.orders.kinds.storefront')}</option>
          </select>
        </label>
        <label>{t('console.common.brand')}
          <BrandSelect allowAll value={f.brandId} onChange={(v) => update({ brandId: v })} />
        </label>
        <label>{t('console.orders.reseller')}
          <select value={f.resellerId} onChange={(e) => update({ resellerId: e.target.value })}>
            <option value="">{t('console.common.all')}</option>
            {f.resellerId && !resellers.data?.some((r) => r.id === f.resellerId) && <option value={f.resellerId}>{f.resellerId}</option>}
            {(resellers.data ?? []).map((r) => <option key={r.id} value={r.id}>{r.name} · {r.level}</option>)}
          </select>
        </label>
        <label className="grow">{t('console.orders.search')}
          <input type="search" value={typed} maxLength={50} onChange={(e) => setTyped(e.target.value)} placeholder={t('console.orders.searchPlaceholder')} data-testid="orders-q" />
        </label>
        <button type="submit" className="btn">{t('common.search')}</button>
        {filtered && <button type="button" className="btn btn-ghost" onClick={() => { setTyped(''); setParams({}, { replace: true }); }}>{t('console.common.reset')}</button>}
        {f.saleEventId && (
          <div className="filter-chip span-all">
            {t('console.orders.eventFilter')}：<strong><EventTitle id={f.saleEventId} /></strong>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => update({ saleEventId: null })} aria-label={t('console.orders.clearEvent')}>✕</button>
          </div>
        )}
      </form>
      <section className="card flush">
        {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{filtered ? t('console.common.noMatch') : t('console.orders.none')}</Empty> : (
          <>
            <table className="table clickable" data-testid="orders-table">
              <thead><tr>
                <th>{t('console.orders.id')}</th><th>{t('console.orders.createdAt')}</th><th>{t('console.orders.kind')}</th><th>{t('console.orders.consumer')}</th><th>{t('console.orders.reseller')}</th>
                <th className="num">{t('console.orders.units')}</th><th className="num">{t('console.orders.sellingTotal')}</th><th className="num">{t('console.orders.baseTotal')}</th><th>{t('console.common.status')}</th>
              </tr></thead>
              <tbody>
                {items.map((o) => (
                  <tr key={o.id} onClick={() => update({ order: o.id })} className={open === o.id ? 'selected' : ''} data-testid="order-row">
                    <td><button type="button" className="link-btn mono" onClick={(e) => { e.stopPropagation(); update({ order: o.id }); }} data-testid="row-order-no">{o.orderNo}</button></td>
                    <td>{fmtDateTime(o.createdAt)}</td>
                    <td>{t(`console.orders.kinds.${o.kind}`)}</td>
                    <td>{o.consumer?.name ?? '—'}</td>
                    <td><ResellerName id={o.resellerId} /></td>
                    <td className="num">{units(o)}</td>
                    <td className="num price">{yuan(o.sellingTotal)}</td>
                    <td className="num">{yuan(o.baseTotal)}</td>
                    <td><StatusTag status={o.status} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore q={q} count={items.length} testId="orders-more" />
          </>
        )}
      </section>
      {open && <OrderDrawer id={open} onClose={() => update({ order: null })} />}
    </>
  );
}
