// 仓库 · 分拣波次: run a sorting wave (received units into parcels per consumer and address,
// merged across events and brands; units whose consumer still has goods on the way wait) and the
// waves so far, newest first, each opening its pick list and parcels.
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { FormError, LoadMore } from './ui.tsx';
import { fmtDateTime, qs, type Page } from './lib.ts';
import { wk, type Wave, type WaveRun } from './warehouse.ts';
import './warehouse.i18n.ts';
import './warehouse.css';

function RunResult({ r }: { r: WaveRun }) {
  const { t } = useTranslation();
  if (!r.waveId) {
    return (
      <div className="notice" role="status" data-testid="wave-run-result" data-empty="true">
        {t('console.wh.waves.nothing')}{r.waiting > 0 && ` ${t('console.wh.waves.waitingOnly', { count: r.waiting })}`}
      </div>
    );
  }
  return (
    <div className="wh-ok wh-run" role="status" data-testid="wave-run-result">
      <strong>{t('console.wh.waves.ran', { waveNo: r.waveNo })}</strong>
      <span data-testid="wave-run-figures">{t('console.wh.waves.figures', { parcels: r.parcels, units: r.units })}</span>
      {r.waiting > 0 && <span data-testid="wave-run-waiting">{t('console.wh.waves.waiting', { count: r.waiting })}</span>}
      <Link to={`/console/warehouse/waves/${r.waveId}`} className="btn btn-small" data-testid="wave-run-open">{t('console.wh.waves.open')}</Link>
    </div>
  );
}

export default function Waves() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const run = useMutation({
    mutationFn: () => post<WaveRun>('/warehouse/waves', {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: wk.waves }),
  });
  const q = useInfiniteQuery({
    queryKey: wk.waves,
    queryFn: ({ pageParam, signal }) => get<Page<Wave>>(`/warehouse/waves${qs({ cursor: pageParam, limit: 30 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <div className="page-head">
        <h1>{t('console.wh.waves.title')}</h1>
        <button type="button" className="btn btn-primary" disabled={run.isPending} onClick={() => run.mutate()} data-testid="wave-run">
          {run.isPending ? t('console.wh.waves.running') : t('console.wh.waves.run')}
        </button>
      </div>
      <p className="hint">{t('console.wh.waves.subtitle')}</p>
      {run.data && <RunResult r={run.data} />}
      <FormError error={run.error} />
      <section className="card flush" data-testid="wave-list">
        {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{t('console.wh.waves.none')}</Empty> : (
          <>
            <table className="table clickable">
              <thead><tr>
                <th>{t('console.wh.waves.waveNo')}</th><th>{t('console.wh.createdAt')}</th><th className="num">{t('console.wh.waves.parcels')}</th>
                <th className="num">{t('console.wh.units')}</th><th className="num">{t('console.wh.waves.waitingCol')}</th>
              </tr></thead>
              <tbody>
                {items.map((w) => (
                  <tr key={w.id} data-testid="wave-row" data-id={w.id} onClick={() => navigate(`/console/warehouse/waves/${w.id}`)}>
                    <td><Link to={`/console/warehouse/waves/${w.id}`} className="mono" onClick={(e) => e.stopPropagation()}>{w.waveNo}</Link></td>
                    <td className="nowrap">{fmtDateTime(w.createdAt)}</td>
                    <td className="num">{w.parcels}</td>
                    <td className="num">{w.units}</td>
                    <td className="num">{w.waiting}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore q={q} count={items.length} testId="wave-more" />
          </>
        )}
      </section>
    </>
  );
}
