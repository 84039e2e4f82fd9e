// 售后 · 售后单: every return request, newest first, by status — by default what needs the
// operator (requests to review, returns received and waiting for inspection) — a page at a time.
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Camera } from 'lucide-react';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { NEEDS_ACTION, RETURN_STATUSES, type ReturnRequest, type ReturnStatus } from '../../lib/returns.ts';
import { ReturnStatusTag } from '../../components/returns/ReturnCard.tsx';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { LoadMore } from './ui.tsx';
import { fmtDateTime, qs, type Page } from './lib.ts';
import './aftersales.i18n.ts';

export const rk = {
  list: ['console', 'returns'] as const,
  one: (id: string) => ['console', 'return', id] as const,
};

/**
 * Requests of one status, of every status, or of several (needs action): the list route takes one
 * status, so several are read side by side, each with its own cursor, and merged newest first.
 */
function useReturns(filter: string) {
  const statuses: (ReturnStatus | undefined)[] = filter === 'action' ? NEEDS_ACTION : filter === 'all' ? [undefined] : [filter as ReturnStatus];
  return useInfiniteQuery({
    queryKey: [...rk.list, filter],
    initialPageParam: {} as Record<string, string | null>,
    queryFn: async ({ pageParam, signal }) => {
      const pages = await Promise.all(statuses.map(async (s) => {
        const k = s ?? 'all';
        if (pageParam[k] === null) return { k, items: [] as ReturnRequest[], nextCursor: null };
        const p = await get<Page<ReturnRequest>>(`/returns${qs({ status: s, cursor: pageParam[k], limit: 30 })}`, signal);
        return { k, ...p };
      }));
      return { items: pages.flatMap((p) => p.items).sort((a, b) => (a.id < b.id ? 1 : -1)), next: Object.fromEntries(pages.map((p) => [p.k, p.nextCursor])) };
    },
    getNextPageParam: (last) => (Object.values(last.next).some(Boolean) ? last.next : undefined),
  });
}

export default function Returns() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = params.get('status') ?? 'action';
  const q = useReturns(filter);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <div className="page-head"><h1>{t('console.ret.title')}</h1></div>
      <p className="hint">{t('console.ret.subtitle')}</p>
      <div className="card filters">
        <label>{t('console.common.status')}
          <select value={filter} onChange={(e) => setParams(e.target.value === 'action' ? {} : { status: e.target.value }, { replace: true })} data-testid="returns-status-filter">
            <option value="action">{t('console.ret.filter.action')}</option>
            <option value="all">{t('console.ret.filter.all')}</option>
            {RETURN_STATUSES.map((s) => <option key={s} value={s}>{t(`returns.status.${s}`)}</option>)}
          </select>
        </label>
      </div>
      <section className="card flush" data-testid="returns-list">
        {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0
          ? <Empty>{filter === 'action' ? t('console.ret.noneAction') : t('console.ret.none')}</Empty> : (
            <>
              <table className="table clickable">
                <thead><tr>
                  <th>{t('console.ret.returnNo')}</th><th>{t('console.ret.kind')}</th><th>{t('console.ret.reason')}</th><th className="num">{t('console.ret.units')}</th>
                  <th>{t('console.ret.by')}</th><th>{t('console.ret.createdAt')}</th><th>{t('console.common.status')}</th><th className="num">{t('console.ret.refunded')}</th>
                </tr></thead>
                <tbody>
                  {items.map((r) => (
                    <tr key={r.id} data-testid="return-row" data-id={r.id} data-status={r.status} data-order={r.orderId} onClick={() => navigate(`/console/returns/${r.id}`)}>
                      <td><Link to={`/console/returns/${r.id}`} className="mono" onClick={(e) => e.stopPropagation()}>{r.returnNo}</Link></td>
                      <td>{t(`returns.kind.${r.kind}`)}</td>
                      <td>{t(`returns.reason.${r.reasonCode}`)}{r.photos.length > 0 && <span className="muted small ret-photo-count" title={t('console.ret.photos')}> · <Camera size={12} aria-label={t('console.ret.photos')} />{r.photos.length}</span>}</td>
                      <td className="num">{r.lines.reduce((a, l) => a + l.quantity, 0)}</td>
                      <td>{t(`returns.by.${r.requestedBy}`)}</td>
                      <td className="nowrap">{fmtDateTime(r.createdAt)}</td>
                      <td><ReturnStatusTag r={r} /></td>
                      <td className="num">{r.status === 'refunded' ? yuan(r.refunded) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <LoadMore q={q} count={items.length} testId="returns-more" />
            </>
          )}
      </section>
    </>
  );
}
