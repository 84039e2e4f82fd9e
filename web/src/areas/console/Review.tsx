// 月度考核 · one month's review: members per band of the monthly minimum (a bar chart), the flagged
// members with a checkbox each (checked = remove), the exempt ones, and confirming behind a
// dialog that says how many will be removed and how their fee is refunded. A confirmed review
// shows each decision and the fee refunded, read-only.
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import { get, post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Chart } from '../../components/Chart.tsx';
import { Empty, QueryView } from '../../components/states.tsx';
import { FormError, LevelBadge, Modal } from './ui.tsx';
import { fmtDateTime } from './lib.ts';
import { BANDS, sk, type Review, type ReviewRow } from './settlement.ts';
import { ReviewTag } from './Reviews.tsx';
import { usePolicy } from './Policy.tsx';
import './membership.i18n.ts';
import './settlement.css';

const BAND_COLOURS = ['#e4393c', '#f76560', '#ff7d00', '#ffb400', '#00b42a'];

function BandChart({ r }: { r: Review }) {
  const { t } = useTranslation();
  const labels = BANDS.map((b) => t(`console.review.bands.${b}`));
  const key = JSON.stringify(r.bands);
  const option = useMemo<EChartsOption>(() => ({
    grid: { left: 44, right: 16, top: 28, bottom: 28 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', minInterval: 1, name: t('console.review.membersAxis') },
    series: [{
      type: 'bar', barMaxWidth: 56, name: t('console.review.membersAxis'),
      data: r.bands.map((v, i) => ({ value: v, itemStyle: { color: BAND_COLOURS[i], borderRadius: [4, 4, 0, 0] } })),
      label: { show: true, position: 'top' },
    }],
  }), [key, labels.join(), t]);
  return <Chart option={option} height={240} label={t('console.review.chart')} />;
}

function Decision({ row }: { row: ReviewRow }) {
  const { t } = useTranslation();
  if (!row.decision) return <span className="muted">—</span>;
  return <span className={`tag ${row.decision === 'remove' ? 'tag-refund-failed' : 'tag-live'}`} data-testid="review-decision" data-decision={row.decision}>{t(`console.review.decision.${row.decision}`, { defaultValue: row.decision })}</span>;
}

function Body({ r }: { r: Review }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const flagged = r.rows.filter((x) => x.flagged);
  const exempt = r.rows.filter((x) => !x.flagged && x.exempt);
  const preview = r.status === 'preview';
  // Checked = remove; every flagged member starts checked.
  const [keep, setKeep] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const policy = usePolicy(preview);
  const remove = flagged.filter((x) => !keep.has(x.resellerId)).map((x) => x.resellerId);
  const toggle = (id: string) => setKeep((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const allOn = remove.length === flagged.length;
  const m = useMutation({
    mutationFn: () => post<Review>(`/membership/reviews/${r.id}/confirm`, { remove }),
    onSuccess: async (next) => {
      qc.setQueryData(sk.review(r.id), next);
      setConfirming(false);
      await Promise.all([qc.invalidateQueries({ queryKey: sk.reviews }), qc.invalidateQueries({ queryKey: sk.members })]);
    },
  });
  const refunded = flagged.reduce((a, x) => a + x.feeRefund, 0);
  const refundRule = policy.data ? t(`console.review.refundRule.${policy.data.removalRefund}`) : '';
  return (
    <>
      <div className="page-head">
        <Link to="/console/membership/reviews" className="btn btn-ghost">← {t('console.review.back')}</Link>
        <div className="title-group"><h1 data-testid="review-title">{t('console.review.monthTitle', { month: r.month })}</h1><ReviewTag status={r.status} /></div>
      </div>
      {preview ? <p className="notice" data-testid="review-preview-note">{t('console.review.previewNote')}</p>
        : <p className="hint" data-testid="review-confirmed-note">{t('console.review.confirmedNote', { at: fmtDateTime(r.confirmedAt) })}</p>}
      <div className="kpis">
        <div className="kpi"><div className="label">{t('console.review.minimum')}</div><div className="value">{yuan(r.minimum)}</div></div>
        <div className="kpi"><div className="label">{t('console.review.members')}</div><div className="value" data-testid="review-members">{r.members}</div></div>
        <div className="kpi"><div className="label">{t('console.review.flagged')}</div><div className="value bad-number" data-testid="review-flagged">{r.flagged}</div></div>
        <div className="kpi"><div className="label">{t('console.review.exempt')}</div><div className="value">{exempt.length}</div></div>
        {!preview && <div className="kpi"><div className="label">{t('console.review.refundedTotal')}</div><div className="value" data-testid="review-refunded">{yuan(refunded)}</div></div>}
      </div>
      <section className="card" data-testid="review-chart">
        <h2>{t('console.review.chart')}</h2>
        <p className="hint">{t('console.review.chartHint', { minimum: yuan(r.minimum) })}</p>
        <BandChart r={r} />
      </section>
      <section className="card flush" data-testid="review-flagged-list">
        <div className="card-head pad">
          <h2>{t('console.review.flaggedTitle', { count: flagged.length })}</h2>
          {preview && flagged.length > 0 && (
            <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)} data-testid="review-confirm">{t('console.review.confirm', { count: remove.length })}</button>
          )}
        </div>
        {preview && flagged.length > 0 && <p className="hint pad-x">{t('console.review.checkHint')}</p>}
        {flagged.length === 0 ? <Empty>{t('console.review.noneFlagged')}</Empty> : (
          <table className="table" data-testid="review-flagged-table">
            <thead><tr>
              {preview && <th className="check-col"><input type="checkbox" checked={allOn} ref={(el) => { if (el) el.indeterminate = !allOn && remove.length > 0; }} onChange={() => setKeep(allOn ? new Set(flagged.map((x) => x.resellerId)) : new Set())} aria-label={t('console.review.selectAll')} data-testid="review-select-all" /></th>}
              <th>{t('console.members.name')}</th><th>{t('console.members.phone')}</th><th>{t('console.members.level')}</th>
              <th className="num">{t('console.review.monthSales')}</th><th className="num">{t('console.review.ofMinimum')}</th>
              {!preview && <><th>{t('console.review.decisionTitle')}</th><th className="num">{t('console.review.feeRefund')}</th></>}
            </tr></thead>
            <tbody>
              {flagged.map((x) => (
                <tr key={x.resellerId} data-testid="review-flagged-row" data-id={x.resellerId} className={preview && !keep.has(x.resellerId) ? 'to-remove' : ''}>
                  {preview && <td className="check-col"><input type="checkbox" checked={!keep.has(x.resellerId)} onChange={() => toggle(x.resellerId)} aria-label={t('console.review.removeOne', { name: x.name })} data-testid="review-remove" /></td>}
                  <td className="strong"><Link to={`/console/members/${x.resellerId}`}>{x.name}</Link></td>
                  <td className="num">{x.phone}</td>
                  <td><LevelBadge level={x.level} /></td>
                  <td className="num">{yuan(x.monthSales)}</td>
                  <td className="num">{r.minimum ? `${Math.floor((x.monthSales * 100) / r.minimum)}%` : '—'}</td>
                  {!preview && <><td><Decision row={x} /></td><td className="num" data-testid="review-fee-refund">{x.feeRefund ? yuan(x.feeRefund) : '—'}</td></>}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card flush" data-testid="review-exempt">
        <div className="card-head pad"><h2>{t('console.review.exemptTitle', { count: exempt.length })}</h2></div>
        {exempt.length === 0 ? <Empty>{t('console.review.noneExempt')}</Empty> : (
          <table className="table">
            <thead><tr><th>{t('console.members.name')}</th><th>{t('console.members.phone')}</th><th>{t('console.members.level')}</th><th className="num">{t('console.review.monthSales')}</th><th>{t('console.review.why')}</th></tr></thead>
            <tbody>
              {exempt.map((x) => (
                <tr key={x.resellerId} data-testid="review-exempt-row">
                  <td><Link to={`/console/members/${x.resellerId}`}>{x.name}</Link></td><td className="num">{x.phone}</td><td><LevelBadge level={x.level} /></td>
                  <td className="num">{yuan(x.monthSales)}</td><td>{t(`console.review.exemptWhy.${x.exempt}`, { defaultValue: x.exempt ?? '' })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {confirming && (
        <Modal title={t('console.review.confirmTitle', { month: r.month })} onClose={() => setConfirming(false)} testId="review-confirm-dialog">
          <div className="stack">
            <p data-testid="review-confirm-count">{remove.length > 0 ? t('console.review.confirmRemove', { count: remove.length }) : t('console.review.confirmNone')}</p>
            {flagged.length - remove.length > 0 && <p>{t('console.review.confirmKeep', { count: flagged.length - remove.length })}</p>}
            {remove.length > 0 && <p className="notice" data-testid="review-confirm-refund">{t('console.review.confirmRefund', { rule: refundRule })}</p>}
            <p className="hint">{t('console.review.confirmFinal')}</p>
            <FormError error={m.error} />
            <div className="row end">
              <button type="button" className="btn" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
              <button type="button" className="btn btn-danger" onClick={() => m.mutate()} disabled={m.isPending} data-testid="review-confirm-go">{m.isPending ? t('console.common.saving') : t('console.review.confirmGo')}</button>
            </div>
          </div>
        </Modal>
      )}
    </>
  );
}

export default function ReviewPage() {
  const { reviewId = '' } = useParams();
  const q = useQuery({ queryKey: sk.review(reviewId), queryFn: ({ signal }) => get<Review>(`/membership/reviews/${reviewId}`, signal) });
  return <QueryView q={q}>{(r) => <Body key={`${r.id}:${r.status}`} r={r} />}</QueryView>;
}
