// 退款与对账: the comparisons of the payment gateway's books with ours (newest first, each with
// its mismatches, and a button that reconciles today so far), the payments — by status and
// date, or found by order number, payment, charge or gateway reference — and the gateway refunds
// — by status, or found by refund, order, payment, charge or gateway reference — each opening its order.
import { Fragment, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading, QueryView } from '../../components/states.tsx';
import { FormError, LoadMore, RefundTag } from './ui.tsx';
import { fmtDateTime, fmtTime, fromDateInput, qs, toDateInput, reconciled, REFUND_STATUSES, type Page, type Reconciliation, type RefundItem } from './lib.ts';
import './controls.i18n.ts';
import { reasonText } from '../../lib/reasons.ts';

type PaymentStatus = 'requires_payment' | 'succeeded' | 'failed';
const PAYMENT_STATUSES: PaymentStatus[] = ['requires_payment', 'succeeded', 'failed'];
const PAYMENT_TAG: Record<PaymentStatus, string> = { requires_payment: 'tag-warn', succeeded: 'tag-live', failed: 'tag-closed' };
interface PaymentCharge { id: string; attempt: number | null; merchantRef: string; providerRef: string | null; status: string; captured: number; refunded: number; paidAt: string | null; createdAt: string }
interface PaymentItem {
  id: string; purpose: 'order' | 'topup'; orderId: string | null; orderNo: string | null; topupId: string | null; amount: number; currency: string;
  status: PaymentStatus; attempt: number; provider: string; createdAt: string; succeededAt: string | null; charges: PaymentCharge[];
}

/** Reports shown before "show all". */
const RECENT = 7;
const RECON_KEY = ['console', 'reconciliations'];

/** 2024/06/03 00:00 – 08:00, or both ends in full when the period spans days. */
export function period(r: { periodStart: string; periodEnd: string }): string {
  const a = new Date(r.periodStart);
  const b = new Date(r.periodEnd);
  const sameDay = toDateInput(a) === toDateInput(b); // the same China day
  return `${fmtDateTime(r.periodStart)} – ${sameDay ? fmtTime(r.periodEnd) : fmtDateTime(r.periodEnd)}`;
}

function ReconBadge({ r }: { r: Reconciliation }) {
  const { t } = useTranslation();
  const ok = reconciled(r);
  return <span className={`tag ${ok ? 'tag-recon-ok' : 'tag-recon-problem'}`} data-testid="recon-badge" data-ok={ok}>{ok ? '✓' : '!'} {t(ok ? 'console.recon.ok' : 'console.recon.problem')}</span>;
}

/** Money that must be 0: red when it is not. */
const Must0 = ({ fen, testId }: { fen: number; testId?: string }) => <td className={`num ${fen !== 0 ? 'bad-number' : ''}`} data-testid={testId}>{yuan(fen)}</td>;

function Mismatches({ r }: { r: Reconciliation }) {
  const { t } = useTranslation();
  return (
    <table className="table inner" data-testid="recon-mismatches">
      <thead><tr>
        <th>{t('console.recon.kindTitle')}</th><th>{t('console.recon.gatewayRef')}</th><th>{t('console.recon.merchantRef')}</th>
        <th className="num">{t('console.recon.gatewayAmount')}</th><th>{t('console.recon.ourStatus')}</th><th className="num">{t('console.recon.ourAmount')}</th>
      </tr></thead>
      <tbody>
        {r.mismatches.map((m) => (
          <tr key={`${m.kind}:${m.providerRef}`} data-testid="recon-mismatch">
            <td>{t(`console.recon.kind.${m.kind}`)}</td>
            <td className="mono">{m.providerRef}</td>
            <td className="mono">{m.merchantRef}</td>
            <td className="num">{yuan(m.gateway.amount)}</td>
            <td>{m.ours ? t(`console.recon.ourStatuses.${m.ours.status}`, { defaultValue: m.ours.status }) : <span className="bad-number">{t('console.recon.notOurs')}</span>}</td>
            <td className="num">{m.ours ? yuan(m.ours.amount) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The gateway comparisons, newest first (one query and cache for every screen that lists them). */
export const useGatewayRuns = () => useQuery({ queryKey: RECON_KEY, queryFn: ({ signal }) => get<{ items: Reconciliation[] }>('/payments/reconciliations', signal).then((r) => r.items) });

export function Reconciliations() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [all, setAll] = useState(false);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [fresh, setFresh] = useState<Reconciliation | null>(null);
  const q = useGatewayRuns();
  const toggle = (id: string) => setOpen((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const run = useMutation({
    mutationFn: () => post<Reconciliation>('/payments/reconciliations', {}),
    onSuccess: (r) => {
      // Newest period first, as the server lists them: today so far goes on top.
      qc.setQueryData<Reconciliation[]>(RECON_KEY, (old) => [r, ...(old ?? []).filter((x) => x.id !== r.id)]);
      setFresh(r);
      if (!reconciled(r)) setOpen((s) => new Set(s).add(r.id));
    },
  });
  return (
    <section className="card flush" aria-labelledby="recon-h" data-testid="reconciliations">
      <div className="card-head pad">
        <h2 id="recon-h">{t('console.recon.title')}</h2>
        <button type="button" className="btn btn-primary" onClick={() => { setFresh(null); run.mutate(); }} disabled={run.isPending} data-testid="recon-run">
          {run.isPending && <span className="spinner" aria-hidden />}{run.isPending ? t('console.recon.running') : t('console.recon.run')}
        </button>
      </div>
      <div className="pad-x stack">
        <p className="hint">{t('console.recon.hint')}</p>
        {run.isPending && <div className="progress" role="progressbar" aria-label={t('console.recon.running')} data-testid="recon-progress"><span className="indeterminate" /></div>}
        {fresh && (
          <p className={`recon-done ${reconciled(fresh) ? 'ok' : 'bad'}`} role="status" data-testid="recon-done">
            {t('console.recon.done', { period: period(fresh), result: t(reconciled(fresh) ? 'console.recon.doneOk' : 'console.recon.doneProblem') })}
          </p>
        )}
        <FormError error={run.error} />
      </div>
      <QueryView q={q}>
        {(items) => items.length === 0 ? <Empty>{t('console.recon.none')}</Empty> : (
          <>
            <table className="table" data-testid="recon-table">
              <thead><tr>
                <th>{t('console.recon.period')}</th><th className="num">{t('console.recon.captured')}</th><th className="num">{t('console.recon.refunded')}</th>
                <th className="num" title={t('console.recon.unheldHint')}>{t('console.recon.unheld')}</th>
                <th className="num" title={t('console.recon.ledgerHint')}>{t('console.recon.ledgerDifference')}</th>
                <th className="num">{t('console.recon.mismatches')}</th><th>{t('console.recon.result')}</th><th>{t('console.recon.createdAt')}</th><th />
              </tr></thead>
              <tbody>
                {(all ? items : items.slice(0, RECENT)).map((r) => (
                  <Fragment key={r.id}>
                    <tr data-testid="recon-row" data-id={r.id} className={fresh?.id === r.id ? 'selected' : ''}>
                      <td className="nowrap">{period(r)}</td>
                      <td className="num">{yuan(r.gatewayCaptured)}</td>
                      <td className="num">{yuan(r.gatewayRefunded)}</td>
                      <Must0 fen={r.unheld} testId="recon-unheld" />
                      <Must0 fen={r.ledgerDifference} testId="recon-difference" />
                      <td className={`num ${r.mismatches.length ? 'bad-number' : ''}`} data-testid="recon-mismatch-count">{r.mismatches.length}</td>
                      <td><ReconBadge r={r} /></td>
                      <td className="nowrap muted">{fmtDateTime(r.createdAt)}</td>
                      <td className="actions">
                        {r.mismatches.length > 0 && (
                          <button type="button" className="btn btn-small" aria-expanded={open.has(r.id)} onClick={() => toggle(r.id)} data-testid="recon-expand">
                            {open.has(r.id) ? t('console.recon.hideMismatches') : t('console.recon.showMismatches', { count: r.mismatches.length })}
                          </button>
                        )}
                      </td>
                    </tr>
                    {open.has(r.id) && r.mismatches.length > 0 && <tr className="subrow"><td colSpan={9}><Mismatches r={r} /></td></tr>}
                  </Fragment>
                ))}
              </tbody>
            </table>
            {items.length > RECENT && (
              <div className="load-more">
                <button type="button" className="btn btn-ghost" onClick={() => setAll(!all)}>{all ? t('console.recon.showLess', { count: RECENT }) : t('console.recon.showAll', { count: items.length })}</button>
              </div>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}

/** Payments (one per thing paid for, with every try at the gateway): by status and start date, or found by any of their numbers. */
function PaymentList() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = params.get('pstatus') ?? '';
  const text = params.get('pq') ?? '';
  const fromDay = params.get('pfrom') ?? '';
  const toDay = params.get('pto') ?? '';
  const [typed, setTyped] = useState({ q: text, from: fromDay, to: toDay });
  const [rangeError, setRangeError] = useState(false);
  const update = (patch: Record<string, string | null>) => {
    const n = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v) n.set(k, v); else n.delete(k); }
    setParams(n, { replace: true });
  };
  // Whole days in the operator's time zone: from the start of the first to the end of the last.
  const from = fromDay ? fromDateInput(fromDay) : null;
  const toStart = toDay ? fromDateInput(toDay) : null;
  const to = toStart ? new Date(Date.parse(toStart) + 86400_000).toISOString() : null;
  const q = useInfiniteQuery({
    queryKey: ['console', 'payments', status, text, from, to],
    queryFn: ({ pageParam, signal }) => get<Page<PaymentItem>>(`/payments${qs({ status, q: text, from, to, cursor: pageParam, limit: 30 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const bad = Boolean(typed.from && typed.to && typed.from > typed.to);
    setRangeError(bad);
    if (!bad) update({ pq: typed.q.trim().slice(0, 64), pfrom: typed.from, pto: typed.to });
  };
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(status || text || fromDay || toDay);
  return (
    <section className="card flush" aria-labelledby="payments-h" data-testid="payments">
      <div className="card-head pad"><h2 id="payments-h">{t('console.controls.payments.title')}</h2></div>
      <div className="pad-x stack">
        <form className="filters" role="search" onSubmit={submit} noValidate>
          <div className="chips" role="group" aria-label={t('console.controls.payments.status')} data-testid="payment-status-chips">
            {['', ...PAYMENT_STATUSES].map((s) => (
              <button key={s || 'all'} type="button" className={`chip ${status === s ? 'on' : ''}`} aria-pressed={status === s} onClick={() => update({ pstatus: s })} data-testid={`payment-chip-${s || 'all'}`}>
                {s ? t(`console.controls.payments.statuses.${s}`) : t('console.refunds.all')}
              </button>
            ))}
          </div>
          <label className="grow">{t('console.controls.payments.search')}
            <input type="search" value={typed.q} maxLength={64} onChange={(e) => setTyped({ ...typed, q: e.target.value })} placeholder={t('console.controls.payments.searchPlaceholder')} data-testid="payments-q" />
          </label>
          <label>{t('console.controls.payments.from')}
            <input type="date" value={typed.from} onChange={(e) => setTyped({ ...typed, from: e.target.value })} aria-invalid={rangeError} data-testid="payments-from" />
          </label>
          <label>{t('console.controls.payments.to')}
            <input type="date" value={typed.to} onChange={(e) => setTyped({ ...typed, to: e.target.value })} aria-invalid={rangeError} data-testid="payments-to" />
          </label>
          <button type="submit" className="btn" data-testid="payments-search">{t('common.search')}</button>
          {filtered && <button type="button" className="btn btn-ghost" onClick={() => { setTyped({ q: '', from: '', to: '' }); setRangeError(false); update({ pstatus: null, pq: null, pfrom: null, pto: null }); }}>{t('console.common.reset')}</button>}
        </form>
        {rangeError && <p className="field-error" role="alert">{t('console.controls.payments.rangeInvalid')}</p>}
      </div>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{t('console.controls.payments.none')}</Empty> : (
        <>
          <table className="table" data-testid="payments-table">
            <thead><tr>
              <th>{t('console.controls.payments.column.id')}</th><th>{t('console.controls.payments.column.createdAt')}</th><th>{t('console.controls.payments.column.order')}</th>
              <th className="num">{t('console.controls.payments.column.amount')}</th><th>{t('console.controls.payments.column.status')}</th>
              <th>{t('console.controls.payments.column.charge')}</th><th>{t('console.controls.payments.column.gatewayRef')}</th><th>{t('console.controls.payments.column.paidAt')}</th>
            </tr></thead>
            <tbody>
              {items.map((p) => {
                const c = p.charges[0];
                return (
                  <tr key={p.id} data-testid="payment-row" data-id={p.id} data-status={p.status}>
                    <td className="mono nowrap" title={p.id}>{p.id.slice(-10)}</td>
                    <td className="nowrap">{fmtDateTime(p.createdAt)}</td>
                    <td>{p.orderId
                      ? <Link className="mono" to={`/console/orders?q=${encodeURIComponent(p.orderNo ?? p.orderId)}&order=${encodeURIComponent(p.orderId)}`} data-testid="payment-order">{p.orderNo ?? p.orderId.slice(-10)}</Link>
                      : <span className="muted">{t('console.controls.payments.purposes.topup')} <span className="mono small">{p.topupId?.slice(-10)}</span></span>}</td>
                    <td className="num price">{yuan(p.amount)}</td>
                    <td><span className={`tag ${PAYMENT_TAG[p.status]}`} data-testid="payment-status">{t(`console.controls.payments.statuses.${p.status}`)}</span></td>
                    <td className="mono small" title={c?.id}>{c ? `${c.id.slice(-10)}${p.charges.length > 1 ? ` · ${t('console.controls.payments.tries', { n: p.charges.length })}` : ''}` : '—'}</td>
                    <td className="mono muted small">{c?.providerRef ?? '—'}</td>
                    <td className="nowrap">{fmtDateTime(p.succeededAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <LoadMore q={q} count={items.length} testId="payments-more" />
        </>
      )}
    </section>
  );
}

function Refunds() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const text = params.get('q') ?? '';
  const [typed, setTyped] = useState(text);
  const update = (patch: Record<string, string | null>) => {
    const n = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v) n.set(k, v); else n.delete(k); }
    setParams(n, { replace: true });
  };
  const q = useInfiniteQuery({
    queryKey: ['console', 'refunds', status, text],
    queryFn: ({ pageParam, signal }) => get<Page<RefundItem>>(`/refunds${qs({ status, q: text, cursor: pageParam, limit: 30 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    // Refunds in flight settle by themselves; keep the list current while any is on screen.
    refetchInterval: (x) => (x.state.data?.pages.some((p) => p.items.some((r) => r.status === 'pending')) ? 5000 : false),
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(status || text);
  return (
    <section className="card flush" aria-labelledby="refunds-h" data-testid="refunds">
      <div className="card-head pad"><h2 id="refunds-h">{t('console.refunds.listTitle')}</h2></div>
      <div className="pad-x stack">
        <p className="hint">{t('console.refunds.hint')}</p>
        <form className="filters" role="search" onSubmit={(e) => { e.preventDefault(); update({ q: typed.trim().slice(0, 64) }); }}>
          <div className="chips" role="group" aria-label={t('console.refunds.filter')} data-testid="refund-status-chips">
            {['', ...REFUND_STATUSES].map((s) => (
              <button key={s || 'all'} type="button" className={`chip ${status === s ? 'on' : ''}`} aria-pressed={status === s} onClick={() => update({ status: s })} data-testid={`refund-chip-${s || 'all'}`}>
                {s ? t(`console.refunds.status.${s}`) : t('console.refunds.all')}
              </button>
            ))}
          </div>
          <label className="grow">{t('common.search')}
            <input type="search" value={typed} maxLength={64} onChange={(e) => setTyped(e.target.value)} placeholder={t('console.refunds.searchPlaceholder')} data-testid="refunds-q" />
          </label>
          <button type="submit" className="btn" data-testid="refunds-search">{t('common.search')}</button>
          {filtered && <button type="button" className="btn btn-ghost" onClick={() => { setTyped(''); update({ status: null, q: null }); }}>{t('console.common.reset')}</button>}
        </form>
        {status === 'failed' && <p className="notice">{t('console.refunds.failedHint')}</p>}
      </div>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{filtered ? t('console.common.noMatch') : t('console.refunds.none')}</Empty> : (
        <>
          <table className="table" data-testid="refunds-table">
            <thead><tr>
              <th>{t('console.refunds.id')}</th><th>{t('console.refunds.createdAt')}</th><th>{t('console.refunds.order')}</th><th className="num">{t('console.refunds.amount')}</th>
              <th>{t('console.common.status')}</th><th>{t('console.refunds.reason')}</th><th>{t('console.refunds.settledAt')}</th><th>{t('console.refunds.gatewayRef')}</th>
            </tr></thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} data-testid="refund-row" data-id={r.id} data-order={r.orderId ?? ''} data-status={r.status}>
                  <td className="mono nowrap" title={r.id}>{r.id.slice(-10)}</td>
                  <td className="nowrap">{fmtDateTime(r.createdAt)}</td>
                  <td>{r.orderId
                    ? <Link className="mono" to={`/console/orders?q=${encodeURIComponent(r.orderNo ?? r.orderId)}&order=${encodeURIComponent(r.orderId)}`} aria-label={t('console.refunds.openOrder', { id: r.orderNo ?? r.orderId })} data-testid="refund-order">{r.orderNo ?? r.orderId.slice(-10)}</Link>
                    : <span className="muted">{t('console.refunds.noOrder')}</span>}</td>
                  <td className="num price" data-testid="refund-amount">{yuan(r.amount)}</td>
                  <td><RefundTag status={r.status} testId="refund-status" /></td>
                  <td className="refund-reason">{reasonText(t, r.reason)}</td>
                  <td className="nowrap">{fmtDateTime(r.settledAt)}</td>
                  <td className="mono muted small">{r.providerRef ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <LoadMore q={q} count={items.length} testId="refunds-more" />
        </>
      )}
    </section>
  );
}

export default function Payments() {
  const { t } = useTranslation();
  return (
    <>
      <div className="page-head"><h1>{t('console.refunds.title')}</h1></div>
      <Reconciliations />
      <PaymentList />
      <Refunds />
    </>
  );
}
