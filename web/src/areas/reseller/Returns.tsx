// 售后 in the reseller app: on an order, its return requests and asking for one on the customer's
// behalf (the same form the customer has on their order page); and every request of mine, by
// status, each opening its order.
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { OPEN_RETURN, claimedUnits, mayBeLost, returnableUnits, windowOpen, type ReturnBody, type ReturnRequest, type ReturnStatus } from '../../lib/returns.ts';
import { ReturnForm } from '../../components/returns/ReturnForm.tsx';
import { ReturnCard, ReturnStatusTag } from '../../components/returns/ReturnCard.tsx';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { keys, type Order } from './data.ts';
import { Img, Sheet, formatTime, useToast } from './ui.tsx';
import './returns.i18n.ts';

/** An order's requests (the order's page shows them, and the units they claim). */
export function useOrderReturns(orderId: string, enabled = true) {
  return useQuery({
    queryKey: keys.orderReturns(orderId), enabled,
    queryFn: ({ signal }) => get<{ items: ReturnRequest[] }>(`/orders/${orderId}/returns`, signal).then((r) => r.items),
    refetchInterval: (q) => (q.state.data?.some((r) => OPEN_RETURN.includes(r.status)) ? 20_000 : false),
  });
}

/** The order's 售后: its requests, and a request for the customer while the window is open. */
export function OrderAftersales({ order, requests }: { order: Order; requests: ReturnRequest[] }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState<'return' | 'lost' | null>(null);
  const claimed = claimedUnits(requests);
  const open = windowOpen(order);
  const lost = !open && mayBeLost(order);
  const lines = order.lines.map((l) => ({
    id: l.id, name: l.productName, detail: `${l.colour} / ${l.size}`, image: l.image,
    max: returnableUnits(l, claimed.get(l.id) ?? 0, form === 'lost' ? 'refund_only' : 'return', form === 'lost'),
  }));
  const anyLeft = lines.some((l) => l.max > 0);
  const nameOf = (id: string) => { const l = order.lines.find((x) => x.id === id); return l ? `${l.productName} ${l.colour}/${l.size}` : ''; };
  const submit = (body: ReturnBody) => post<ReturnRequest>(`/orders/${order.id}/returns`, body);
  const withdraw = async (r: ReturnRequest) => {
    await post<ReturnRequest>(`/returns/${r.id}/withdraw`, {});
    toast(t('returns.card.cancelled'));
    await Promise.all([qc.invalidateQueries({ queryKey: keys.orderReturns(order.id) }), qc.invalidateQueries({ queryKey: ['reseller', 'returns'] })]);
  };
  const done = async () => {
    setForm(null);
    toast(t('reseller.returns.sent'));
    await Promise.all([
      qc.invalidateQueries({ queryKey: keys.orderReturns(order.id) }), qc.invalidateQueries({ queryKey: keys.order(order.id) }),
      qc.invalidateQueries({ queryKey: ['reseller', 'returns'] }),
    ]);
  };
  if (requests.length === 0 && !order.returnWindowEndsAt && !lost) return null;
  return (
    <section className="rs-aftersales" aria-labelledby="ras-h" data-testid="order-aftersales">
      <h3 id="ras-h" className="rs-section-title">{t('returns.title')}</h3>
      {order.returnWindowEndsAt && (
        <p className={open ? 'rs-deadline' : 'hint'} data-testid="return-deadline">
          {t(open ? 'returns.deadline' : 'returns.closedAt', { time: formatTime(order.returnWindowEndsAt, i18n.language) })}
        </p>
      )}
      {requests.length > 0 && <div className="rs-returns" data-testid="returns">{requests.map((r) => <ReturnCard key={r.id} r={r} lineName={nameOf} withdraw={withdraw} at={(iso) => formatTime(iso, i18n.language)} />)}</div>}
      {open && anyLeft && <button type="button" className="btn btn-primary btn-block" onClick={() => setForm('return')} data-testid="return-open">{t('returns.requestFor')}</button>}
      {lost && (
        <>
          <p className="hint">{t('returns.lostHint')}</p>
          <button type="button" className="btn btn-block" onClick={() => setForm('lost')} data-testid="return-lost">{t('returns.lostRequest')}</button>
        </>
      )}
      {form && (
        <Sheet title={t('returns.requestFor')} onClose={() => setForm(null)} testId="return-sheet">
          <p className="hint">{t('reseller.returns.forCustomer', { name: order.consumer?.name ?? '' })}</p>
          <ReturnForm lines={lines} lost={form === 'lost'} submit={submit} onDone={() => void done()} onCancel={() => setForm(null)}
            thumb={(l) => <Img src={l.image} alt={l.name} className="rs-line-img" />} />
        </Sheet>
      )}
    </section>
  );
}

const FILTERS: ('' | ReturnStatus)[] = ['', 'requested', 'approved', 'in_transit', 'received', 'refunded', 'rejected'];

/** 售后 list: my requests newest first, by status, each opening its order. */
export function ReturnsList() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<'' | ReturnStatus>('');
  const q = useInfiniteQuery({
    queryKey: keys.returns(status),
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams({ limit: '20' });
      if (pageParam) p.set('cursor', pageParam);
      if (status) p.set('status', status);
      return get<{ items: ReturnRequest[]; nextCursor: string | null }>(`/returns?${p}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <div className="row rs-back-row"><Link to="/reseller/orders" className="btn btn-ghost btn-small">‹ {t('reseller.titles.orders')}</Link></div>
      <p className="hint">{t('reseller.returns.intro')}</p>
      <div className="rs-filters" role="tablist" aria-label={t('reseller.returns.filter')}>
        {FILTERS.map((f) => (
          <button key={f || 'all'} type="button" role="tab" aria-selected={status === f} className={`rs-filter ${status === f ? 'active' : ''}`} onClick={() => setStatus(f)} data-testid={`returns-filter-${f || 'all'}`}>
            {f ? t(`returns.status.${f}`) : t('reseller.orders.all')}
          </button>
        ))}
      </div>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{t('returns.none')}</Empty> : (
        <ul className="rs-list rs-plain" data-testid="returns-list">
          {items.map((r) => (
            <li key={r.id}>
              <Link to={`/reseller/orders/${r.orderId}`} className="card rs-order" data-testid="return-row" data-return={r.id} data-status={r.status}>
                <div className="row">
                  <b>{t(`returns.kind.${r.kind}`)}</b>
                  <span className="tag">{t(`returns.by.${r.requestedBy}`)}</span>
                  <span className="spacer" />
                  <ReturnStatusTag r={r} />
                </div>
                <p className="muted num rs-order-no">{t('returns.returnNo')} {r.returnNo}</p>
                <p className="rs-order-items">{t(`returns.reason.${r.reasonCode}`)}{r.note ? ` · ${r.note}` : ''}</p>
                <div className="row muted rs-order-meta">
                  <span>{formatTime(r.createdAt, i18n.language)}</span>
                  <span>{t('reseller.orders.units', { count: r.lines.reduce((a, l) => a + l.quantity, 0) })}</span>
                  <span className="spacer" />
                  {r.status === 'refunded' && <span className="price num">{t('returns.card.refunded', { amount: yuan(r.refunded) })}</span>}
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
