// 提现审核: resellers' withdrawals — by default the queue waiting for approval — with select-all,
// the selection's totals (amount, fee withheld, net paid out), batch approval (each is then paid
// through the payout provider, once) and rejection with a reason; other statuses as filters.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { FormError, LoadMore, Modal } from './ui.tsx';
import { ReasonDialog } from './controls.tsx';
import { OPERATOR_PRESETS, reasonText } from '../../lib/reasons.ts';
import { accountLine } from '../../components/payouts/accounts.ts';
import { fmtDateTime, qs, type Page } from './lib.ts';
import { sk, totalsOf, WITHDRAWAL_FILTERS, WITHDRAWAL_TAG, type Withdrawal, type WithdrawalStatus } from './settlement.ts';
import './settlement.i18n.ts';
import './settlement.css';

export function WithdrawalTag({ status }: { status: WithdrawalStatus }) {
  const { t } = useTranslation();
  return <span className={`tag ${WITHDRAWAL_TAG[status]}`} data-testid="withdrawal-status" data-status={status}>{t(`console.withdrawals.status.${status}`)}</span>;
}

interface ApproveResult { approved: Withdrawal[]; skipped: { id: string; status: string }[] }

export default function Withdrawals() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'requested';
  const resellerId = params.get('resellerId') ?? '';
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [approving, setApproving] = useState(false);
  const [rejecting, setRejecting] = useState<Withdrawal | null>(null);
  const [result, setResult] = useState<ApproveResult | null>(null);
  const update = (patch: Record<string, string | null>) => {
    const n = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v !== null) n.set(k, v); else n.delete(k); }
    setParams(n, { replace: true });
    setSelected(new Set());
  };
  const q = useInfiniteQuery({
    queryKey: [...sk.withdrawals, status, resellerId],
    queryFn: ({ pageParam, signal }) => get<Page<Withdrawal>>(`/withdrawals${qs({ status: status === 'all' ? undefined : status, resellerId, cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    // Approved withdrawals are paid by the provider on its own time; keep them current while any is in flight.
    refetchInterval: (x) => (x.state.data?.pages.some((p) => p.items.some((w) => w.status === 'paying' || w.status === 'approved')) ? 4000 : false),
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const selectable = items.filter((w) => w.status === 'requested');
  const chosen = selectable.filter((w) => selected.has(w.id));
  const sum = totalsOf(chosen);
  const allOn = selectable.length > 0 && chosen.length === selectable.length;
  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const approve = useMutation({
    mutationFn: () => post<ApproveResult>('/withdrawals/approve', { ids: chosen.map((w) => w.id) }),
    onSuccess: async (r) => {
      setResult(r);
      setApproving(false);
      setSelected(new Set());
      await qc.invalidateQueries({ queryKey: sk.withdrawals });
    },
  });
  const queue = status === 'requested';
  return (
    <>
      <div className="page-head"><h1>{t('console.withdrawals.title')}</h1></div>
      <p className="hint">{t('console.withdrawals.subtitle')}</p>
      <div className="card filters">
        <div className="chips" role="group" aria-label={t('console.common.status')} data-testid="withdrawal-chips">
          {[...WITHDRAWAL_FILTERS, 'all'].map((s) => (
            <button key={s} type="button" className={`chip ${status === s ? 'on' : ''}`} aria-pressed={status === s} onClick={() => update({ status: s === 'requested' ? null : s })} data-testid={`withdrawal-chip-${s}`}>
              {s === 'all' ? t('console.common.all') : t(`console.withdrawals.filter.${s}`)}
            </button>
          ))}
        </div>
        {resellerId && <span className="filter-chip">{t('console.withdrawals.oneReseller')} <button type="button" className="link-btn" onClick={() => update({ resellerId: null })} aria-label={t('console.common.reset')}>✕</button></span>}
      </div>
      {result && (
        <p className="recon-done ok" role="status" data-testid="withdrawals-approved">
          {t('console.withdrawals.approvedN', { count: result.approved.length, net: yuan(result.approved.reduce((a, w) => a + w.net, 0)) })}
          {result.skipped.length > 0 && ` ${t('console.withdrawals.skippedN', { count: result.skipped.length })}`}
        </p>
      )}
      {queue && (
        <div className="card selection-bar" data-testid="withdrawal-selection">
          <span data-testid="selection-summary">{chosen.length === 0 ? t('console.withdrawals.noneSelected') : t('console.withdrawals.selected', { count: sum.count, amount: yuan(sum.amount), fee: yuan(sum.fee), net: yuan(sum.net) })}</span>
          <span className="spacer" />
          <button type="button" className="btn btn-primary" disabled={chosen.length === 0} onClick={() => setApproving(true)} data-testid="withdrawals-approve">{t('console.withdrawals.approve', { count: chosen.length })}</button>
        </div>
      )}
      <section className="card flush" data-testid="withdrawals">
        {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{queue ? t('console.withdrawals.noneQueue') : t('console.withdrawals.none')}</Empty> : (
          <>
            <table className="table nowrap-tags" data-testid="withdrawals-table">
              <thead><tr>
                {queue && <th className="check-col"><input type="checkbox" checked={allOn} ref={(el) => { if (el) el.indeterminate = !allOn && chosen.length > 0; }} onChange={() => setSelected(allOn ? new Set() : new Set(selectable.map((w) => w.id)))} aria-label={t('console.withdrawals.selectAll')} data-testid="withdrawals-select-all" /></th>}
                <th>{t('console.withdrawals.requestedAt')}</th><th>{t('console.withdrawals.reseller')}</th>
                <th className="num">{t('console.withdrawals.amount')}</th><th className="num">{t('console.withdrawals.fee')}</th><th className="num">{t('console.withdrawals.net')}</th>
                <th>{t('console.withdrawals.account')}</th><th>{t('console.common.status')}</th><th>{t('console.withdrawals.decidedAt')}</th><th />
              </tr></thead>
              <tbody>
                {items.map((w) => (
                  <tr key={w.id} data-testid="withdrawal-row" data-id={w.id} data-status={w.status} className={selected.has(w.id) ? 'selected' : ''}>
                    {queue && <td className="check-col">{w.status === 'requested' && <input type="checkbox" checked={selected.has(w.id)} onChange={() => toggle(w.id)} aria-label={t('console.withdrawals.selectOne', { name: w.resellerName ?? w.resellerId, amount: yuan(w.amount) })} data-testid="withdrawal-select" />}</td>}
                    <td className="nowrap">{fmtDateTime(w.createdAt)}</td>
                    <td><Link to={`/console/members/${w.resellerId}`}>{w.resellerName ?? w.resellerId}</Link></td>
                    <td className="num price">{yuan(w.amount)}</td>
                    <td className="num">{yuan(w.fee)}</td>
                    <td className="num strong">{yuan(w.net)}</td>
                    <td className="small">{accountLine(t, w.account)}</td>
                    <td><WithdrawalTag status={w.status} />
                      {w.rejectReason && <div className="hint" data-testid="reject-reason">{reasonText(t, w.rejectReason)}</div>}
                      {w.failure && <div className="field-error">{w.failure}</div>}</td>
                    <td className="nowrap muted">{fmtDateTime(w.paidAt ?? w.decidedAt)}</td>
                    <td className="actions">{w.status === 'requested' && <button type="button" className="btn btn-small btn-danger" onClick={() => setRejecting(w)} data-testid="withdrawal-reject">{t('console.withdrawals.reject')}</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore q={q} count={items.length} testId="withdrawals-more" />
          </>
        )}
      </section>
      {approving && (
        <Modal title={t('console.withdrawals.approveTitle')} onClose={() => setApproving(false)} testId="approve-dialog">
          <div className="stack">
            <p data-testid="approve-summary">{t('console.withdrawals.approveBody', { count: sum.count, amount: yuan(sum.amount), fee: yuan(sum.fee), net: yuan(sum.net) })}</p>
            <p className="hint">{t('console.withdrawals.approveHint')}</p>
            <FormError error={approve.error} />
            <div className="row end">
              <button type="button" className="btn" onClick={() => setApproving(false)}>{t('common.cancel')}</button>
              <button type="button" className="btn btn-primary" disabled={approve.isPending} onClick={() => approve.mutate()} data-testid="approve-go">{approve.isPending ? t('console.common.saving') : t('console.withdrawals.approveGo')}</button>
            </div>
          </div>
        </Modal>
      )}
      {rejecting && (
        <ReasonDialog<Withdrawal>
          title={t('console.withdrawals.rejectTitle', { name: rejecting.resellerName ?? rejecting.resellerId, amount: yuan(rejecting.amount) })}
          body={t('console.withdrawals.rejectBody')} danger
          presets={OPERATOR_PRESETS.withdrawalReject}
          confirmLabel={t('console.withdrawals.reject')}
          act={(reason) => post<Withdrawal>(`/withdrawals/${rejecting.id}/reject`, { reason })}
          onDone={async () => { setRejecting(null); setSelected((s) => { const n = new Set(s); n.delete(rejecting.id); return n; }); await qc.invalidateQueries({ queryKey: sk.withdrawals }); }}
          onClose={() => setRejecting(null)} testId="reject-dialog"
        />
      )}
    </>
  );
}
