// 月度考核: the monthly reviews, newest month first, and building (or rebuilding, until confirmed)
// the preview of a month that is over — by default the month just ended — which opens it.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, QueryView } from '../../components/states.tsx';
import { FormError } from './ui.tsx';
import { fieldErrors, fmtDateTime } from './lib.ts';
import { currentMonth, previousMonth, sk, type Review, type ReviewHead } from './settlement.ts';
import './membership.i18n.ts';
import './settlement.css';

export function ReviewTag({ status }: { status: ReviewHead['status'] }) {
  const { t } = useTranslation();
  return <span className={`tag ${status === 'confirmed' ? 'tag-live' : 'tag-warn'}`} data-testid="review-status" data-status={status}>{t(`console.review.status.${status}`)}</span>;
}

export default function Reviews() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [month, setMonth] = useState(previousMonth());
  const [error, setError] = useState('');
  const q = useQuery({ queryKey: sk.reviews, queryFn: ({ signal }) => get<{ items: ReviewHead[] }>('/membership/reviews', signal).then((r) => r.items) });
  const build = useMutation({
    mutationFn: () => post<Review>('/membership/reviews', { month }),
    onSuccess: async (r) => {
      qc.setQueryData(sk.review(r.id), r);
      await qc.invalidateQueries({ queryKey: sk.reviews });
      navigate(`/console/membership/reviews/${r.id}`);
    },
    onError: (e) => setError(fieldErrors(t, e).month ?? ''),
  });
  const existing = q.data?.find((r) => r.month === month);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!/^\d{4}-\d{2}$/.test(month)) { setError(t('console.review.monthInvalid')); return; }
    if (month >= currentMonth()) { setError(t('console.review.monthNotOver')); return; }
    setError('');
    build.mutate();
  };
  return (
    <>
      <div className="page-head"><h1>{t('console.review.title')}</h1></div>
      <p className="hint">{t('console.review.subtitle')}</p>
      <form className="card filters" onSubmit={submit} noValidate data-testid="review-build">
        <label>{t('console.review.month')}
          <input type="month" value={month} max={previousMonth()} onChange={(e) => { setMonth(e.target.value); setError(''); }} aria-invalid={Boolean(error)} aria-describedby={error ? 'month-err' : undefined} data-testid="review-month" />
        </label>
        <button type="submit" className="btn btn-primary" disabled={build.isPending || existing?.status === 'confirmed'} data-testid="review-preview">
          {build.isPending && <span className="spinner" aria-hidden />}{existing ? t('console.review.rebuild') : t('console.review.build')}
        </button>
        {existing?.status === 'confirmed' && <span className="hint">{t('console.review.alreadyConfirmed')} <Link to={`/console/membership/reviews/${existing.id}`}>{t('console.common.view')}</Link></span>}
        {error && <span id="month-err" className="field-error" role="alert">{error}</span>}
      </form>
      {!error && <FormError error={build.error} />}
      <section className="card flush" data-testid="reviews">
        <QueryView q={q}>
          {(items) => items.length === 0 ? <Empty>{t('console.review.none')}</Empty> : (
            <table className="table clickable" data-testid="reviews-table">
              <thead><tr>
                <th>{t('console.review.month')}</th><th>{t('console.common.status')}</th><th className="num">{t('console.review.minimum')}</th>
                <th className="num">{t('console.review.members')}</th><th className="num">{t('console.review.flagged')}</th><th>{t('console.review.builtAt')}</th><th>{t('console.review.confirmedAt')}</th>
              </tr></thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id} data-testid="review-row" data-id={r.id} data-month={r.month} onClick={() => navigate(`/console/membership/reviews/${r.id}`)}>
                    <td className="strong"><Link to={`/console/membership/reviews/${r.id}`} onClick={(e) => e.stopPropagation()}>{r.month}</Link></td>
                    <td><ReviewTag status={r.status} /></td>
                    <td className="num">{yuan(r.minimum)}</td>
                    <td className="num">{r.members}</td>
                    <td className={`num ${r.flagged ? 'bad-number' : ''}`}>{r.flagged}</td>
                    <td className="nowrap">{fmtDateTime(r.createdAt)}</td>
                    <td className="nowrap">{fmtDateTime(r.confirmedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </section>
    </>
  );
}
