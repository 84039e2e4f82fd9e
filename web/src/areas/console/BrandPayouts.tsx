// 品牌回款: every brand's monthly statements (the open month as it stands, closed months to pay),
// closing a month now (the daily job closes the month just ended), paying a closed statement's
// amount due through the payout provider behind a confirmation, each statement's payouts and its
// PDF, the CSV of the list; the payouts themselves by status; and "settle now" (the job does it
// every five minutes) with what it settled.
import { Fragment, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import i18n from '../../lib/i18n.ts';
import { get, post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading, QueryView } from '../../components/states.tsx';
import { accountLine } from '../../components/payouts/accounts.ts';
import { BrandSelect, FormError, LoadMore, Modal } from './ui.tsx';
import { fieldErrors, fmtDateTime, qs, type Page } from './lib.ts';
import { currentMonth, PAYOUT_TAG, previousMonth, sk, STATEMENT_TAG, type BrandStatement, type Payout, type PayoutStatus, type StatementStatus } from './settlement.ts';
import './settlement.i18n.ts';
import './settlement.css';

const lang = () => (i18n.language === 'en' ? 'en' : 'zh-CN');

export function StatementTag({ status }: { status: StatementStatus }) {
  const { t } = useTranslation();
  return <span className={`tag ${STATEMENT_TAG[status]}`} data-testid="statement-status" data-status={status}>{t(`console.payouts.statementStatus.${status}`)}</span>;
}

export function PayoutTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`tag ${PAYOUT_TAG[status as PayoutStatus] ?? ''}`} data-testid="payout-status" data-status={status}>{t(`console.payouts.payoutStatus.${status}`, { defaultValue: status })}</span>;
}

interface SettleRun { orders: number; lines: number; rewards: number }

function SettleNow() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () => post<SettleRun>('/settlement/run', {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: sk.statements }),
  });
  return (
    <>
      {m.isSuccess && <span className="ok-text" role="status" data-testid="settle-done">{t('console.payouts.settled', { ...m.data })}</span>}
      <FormError error={m.error} />
      <button type="button" className="btn" onClick={() => m.mutate()} disabled={m.isPending} title={t('console.payouts.settleHint')} data-testid="settle-now">
        {m.isPending && <span className="spinner" aria-hidden />}{t('console.payouts.settleNow')}
      </button>
    </>
  );
}

function CloseMonth() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [period, setPeriod] = useState(previousMonth());
  const [error, setError] = useState('');
  const m = useMutation({
    mutationFn: () => post<{ closed: number }>('/brand-statements/close', { period }),
    onSuccess: () => qc.invalidateQueries({ queryKey: sk.statements }),
    onError: (e) => setError(fieldErrors(t, e).period ?? ''),
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!/^\d{4}-\d{2}$/.test(period) || period >= currentMonth()) { setError(t('console.payouts.periodNotOver')); return; }
    setError('');
    m.mutate();
  };
  return (
    <form className="card filters" onSubmit={submit} noValidate data-testid="close-month">
      <label>{t('console.payouts.closeMonth')}
        <input type="month" value={period} max={previousMonth()} onChange={(e) => { setPeriod(e.target.value); setError(''); }} aria-invalid={Boolean(error)} data-testid="close-period" />
      </label>
      <button type="submit" className="btn btn-primary" disabled={m.isPending} data-testid="close-go">{m.isPending ? t('console.common.saving') : t('console.payouts.close')}</button>
      <span className="hint grow">{t('console.payouts.closeHint')}</span>
      {error && <span className="field-error" role="alert">{error}</span>}
      {m.isSuccess && <span className="ok-text" role="status" data-testid="close-done">{t('console.payouts.closed', { count: m.data.closed, period })}</span>}
      {!error && <FormError error={m.error} />}
    </form>
  );
}

function StatementPayouts({ s }: { s: BrandStatement }) {
  const { t } = useTranslation();
  if (s.payouts.length === 0) return <p className="muted">{t('console.payouts.noPayouts')}</p>;
  return (
    <table className="table inner" data-testid="statement-payouts">
      <thead><tr><th>{t('console.payouts.payoutId')}</th><th className="num">{t('console.payouts.amount')}</th><th>{t('console.common.status')}</th><th>{t('console.payouts.account')}</th><th>{t('console.payouts.createdAt')}</th><th>{t('console.payouts.settledAt')}</th></tr></thead>
      <tbody>
        {s.payouts.map((p) => (
          <tr key={p.id} data-testid="statement-payout">
            <td className="mono small">{p.id.slice(-10)}</td><td className="num">{yuan(p.amount)}</td>
            <td><PayoutTag status={p.status} />{p.failure && <div className="field-error">{p.failure}</div>}</td>
            <td className="small">{accountLine(t, p.account)}</td>
            <td className="nowrap">{fmtDateTime(p.createdAt)}</td><td className="nowrap">{fmtDateTime(p.settledAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Statements() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const brandId = params.get('brandId') ?? '';
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [paying, setPaying] = useState<BrandStatement | null>(null);
  const q = useQuery({
    queryKey: [...sk.statements, brandId],
    queryFn: ({ signal }) => get<{ items: BrandStatement[] }>(`/brand-statements${qs({ brandId })}`, signal).then((r) => r.items),
    refetchInterval: (x) => (x.state.data?.some((s) => s.status === 'paying') ? 4000 : false),
  });
  const pay = useMutation({
    mutationFn: (s: BrandStatement) => post<BrandStatement>(`/brand-statements/${s.id}/pay`, {}),
    onSuccess: async (s) => {
      setPaying(null);
      setOpen((o) => new Set(o).add(s.id ?? ''));
      await Promise.all([qc.invalidateQueries({ queryKey: sk.statements }), qc.invalidateQueries({ queryKey: sk.payouts })]);
    },
  });
  const key = (s: BrandStatement) => s.id ?? `${s.brandId}:${s.period}`;
  const toggle = (k: string) => setOpen((o) => { const n = new Set(o); if (n.has(k)) n.delete(k); else n.add(k); return n; });
  return (
    <section className="card flush" aria-labelledby="statements-h" data-testid="brand-statements">
      <div className="card-head pad">
        <h2 id="statements-h">{t('console.payouts.statements')}</h2>
        <label className="inline">{t('console.common.brand')}
          <BrandSelect allowAll value={brandId} onChange={(v) => { const n = new URLSearchParams(params); if (v) n.set('brandId', v); else n.delete('brandId'); setParams(n, { replace: true }); }} testId="statements-brand" />
        </label>
        <a className="btn" href={`/api/v1/brand-statements.csv${qs({ brandId, lang: lang() })}`} download data-testid="statements-csv">{t('console.payouts.csv')}</a>
      </div>
      <QueryView q={q}>
        {(items) => items.length === 0 ? <Empty>{t('console.payouts.none')}</Empty> : (
          <div className="table-scroll">
            <table className="table statements" data-testid="statements-table">
              <thead><tr>
                <th>{t('console.common.brand')}</th><th>{t('console.payouts.period')}</th><th>{t('console.common.status')}</th>
                <th className="num" title={t('console.payouts.unitsHint')}>{t('console.payouts.units')}</th>
                <th className="num">{t('console.payouts.gross')}</th><th className="num">{t('console.payouts.commission')}</th><th className="num">{t('console.payouts.discountsBorne')}</th>
                <th className="num">{t('console.payouts.settledCol')}</th><th className="num">{t('console.payouts.adjustments')}</th><th className="num">{t('console.payouts.carriedIn')}</th>
                <th className="num">{t('console.payouts.amountDue')}</th><th className="num">{t('console.payouts.paid')}</th><th />
              </tr></thead>
              <tbody>
                {items.map((s) => {
                  const k = key(s);
                  return (
                    <Fragment key={k}>
                      <tr data-testid="statement-row" data-id={s.id ?? ''} data-brand={s.brandId} data-period={s.period} data-status={s.status}>
                        <td className="strong">{s.brandName}</td>
                        <td className="nowrap">{s.period}</td>
                        <td><StatementTag status={s.status} /></td>
                        <td className="num nowrap">{s.soldUnits} / <span className="muted">−{s.returnedUnits} / −{s.shortUnits}</span></td>
                        <td className="num">{yuan(s.gross)}</td>
                        <td className="num">−{yuan(s.commission)}</td>
                        <td className="num">{s.discountsBorne ? `−${yuan(s.discountsBorne)}` : '—'}</td>
                        <td className="num">{yuan(s.settled)}</td>
                        <td className={`num ${s.adjustments < 0 ? 'bad-number' : ''}`}>{s.adjustments ? yuan(s.adjustments) : '—'}</td>
                        <td className="num">{s.carriedIn ? yuan(s.carriedIn) : '—'}</td>
                        <td className="num strong" data-testid="statement-due">{yuan(s.amountDue)}</td>
                        <td className="num" data-testid="statement-paid">{s.paid ? yuan(s.paid) : '—'}</td>
                        <td className="actions">
                          {s.status === 'closed' && s.amountDue > 0 && <button type="button" className="btn btn-small btn-primary" onClick={() => setPaying(s)} data-testid="statement-pay">{t('console.payouts.pay')}</button>}
                          {s.id && <a className="btn btn-small" href={`/api/v1/brand-statements/${s.id}/pdf?lang=${lang()}`} target="_blank" rel="noreferrer" data-testid="statement-pdf">PDF</a>}
                          {s.payouts.length > 0 && <button type="button" className="btn btn-small" aria-expanded={open.has(k)} onClick={() => toggle(k)} data-testid="statement-expand">{t('console.payouts.payoutsN', { count: s.payouts.length })}</button>}
                        </td>
                      </tr>
                      {open.has(k) && <tr className="subrow"><td colSpan={13}><StatementPayouts s={s} /></td></tr>}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      {paying && (
        <Modal title={t('console.payouts.payTitle', { brand: paying.brandName, period: paying.period })} onClose={() => setPaying(null)} testId="pay-dialog">
          <div className="stack">
            <p data-testid="pay-summary">{t('console.payouts.payBody', { amount: yuan(paying.amountDue), brand: paying.brandName, period: paying.period })}</p>
            <p className="hint">{t('console.payouts.payHint')}</p>
            <FormError error={pay.error} />
            <div className="row end">
              <button type="button" className="btn" onClick={() => setPaying(null)}>{t('common.cancel')}</button>
              <button type="button" className="btn btn-primary" disabled={pay.isPending} onClick={() => pay.mutate(paying)} data-testid="pay-go">{pay.isPending ? t('console.common.saving') : t('console.payouts.payGo', { amount: yuan(paying.amountDue) })}</button>
            </div>
          </div>
        </Modal>
      )}
    </section>
  );
}

const PAYOUT_STATUSES: PayoutStatus[] = ['pending', 'submitted', 'succeeded', 'failed'];

function Payouts() {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  const [purpose, setPurpose] = useState('');
  const q = useInfiniteQuery({
    queryKey: [...sk.payouts, status, purpose],
    queryFn: ({ pageParam, signal }) => get<Page<Payout>>(`/payouts${qs({ status, purpose, cursor: pageParam, limit: 30 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    refetchInterval: (x) => (x.state.data?.pages.some((p) => p.items.some((y) => y.status === 'pending' || y.status === 'submitted')) ? 4000 : false),
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card flush" aria-labelledby="payouts-h" data-testid="payouts">
      <div className="card-head pad"><h2 id="payouts-h">{t('console.payouts.payoutsTitle')}</h2></div>
      <div className="pad-x filters">
        <div className="chips" role="group" aria-label={t('console.common.status')}>
          {['', ...PAYOUT_STATUSES].map((s) => (
            <button key={s || 'all'} type="button" className={`chip ${status === s ? 'on' : ''}`} aria-pressed={status === s} onClick={() => setStatus(s)} data-testid={`payout-chip-${s || 'all'}`}>
              {s ? t(`console.payouts.payoutStatus.${s}`) : t('console.common.all')}
            </button>
          ))}
        </div>
        <label>{t('console.payouts.purpose')}
          <select value={purpose} onChange={(e) => setPurpose(e.target.value)} data-testid="payout-purpose">
            <option value="">{t('console.common.all')}</option>
            <option value="brand_payout">{t('console.payouts.purposes.brand_payout')}</option>
            <option value="withdrawal">{t('console.payouts.purposes.withdrawal')}</option>
          </select>
        </label>
      </div>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{t('console.payouts.noPayouts')}</Empty> : (
        <>
          <table className="table nowrap-tags" data-testid="payouts-table">
            <thead><tr>
              <th>{t('console.payouts.createdAt')}</th><th>{t('console.payouts.purpose')}</th><th className="num">{t('console.payouts.amount')}</th><th>{t('console.common.status')}</th>
              <th>{t('console.payouts.account')}</th><th>{t('console.payouts.merchantRef')}</th><th>{t('console.payouts.providerRef')}</th><th className="num">{t('console.payouts.attempts')}</th><th>{t('console.payouts.settledAt')}</th>
            </tr></thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id} data-testid="payout-row" data-id={p.id} data-status={p.status}>
                  <td className="nowrap">{fmtDateTime(p.createdAt)}</td>
                  <td>{t(`console.payouts.purposes.${p.purpose}`)}</td>
                  <td className="num price">{yuan(p.amount)}</td>
                  <td><PayoutTag status={p.status} />{(p.failureMessage || p.failureCode) && <div className="field-error">{p.failureMessage ?? p.failureCode}</div>}</td>
                  <td className="small">{accountLine(t, p.account)}</td>
                  <td className="mono small">{p.merchantRef}</td>
                  <td className="mono small muted">{p.providerRef ?? '—'}</td>
                  <td className="num">{p.attempts}</td>
                  <td className="nowrap">{fmtDateTime(p.settledAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <LoadMore q={q} count={items.length} testId="payouts-more" />
        </>
      )}
    </section>
  );
}

export default function BrandPayouts() {
  const { t } = useTranslation();
  return (
    <>
      <div className="page-head">
        <h1>{t('console.payouts.title')}</h1>
        <span className="spacer" />
        <SettleNow />
      </div>
      <p className="hint">{t('console.payouts.subtitle')}</p>
      <CloseMonth />
      <Statements />
      <Payouts />
    </>
  );
}
