// Small pieces the brand portal's screens share: status tags, progress bars, "load more".
import { useTranslation } from 'react-i18next';
import { percent } from '../../lib/money.ts';

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`tag tag-${status}`} data-testid="status-tag">{t(`status.${status}`, { defaultValue: status })}</span>;
}

/** A sell-through bar with its percentage; `bps` is basis points of the initial stock sold. */
export function Progress({ bps, label }: { bps: number; label?: string }) {
  const { t } = useTranslation();
  const width = Math.min(100, bps / 100);
  return (
    <span className="bp-progress">
      <span className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(width)} aria-label={label ?? t('brand.events.sellThrough')}>
        <span style={{ width: `${width}%` }} className={bps >= 8000 ? 'bp-hot' : undefined} />
      </span>
      <span className="num bp-progress-text">{percent(bps)}</span>
    </span>
  );
}

export function LoadMore({ hasMore, loading, onClick, shown }: { hasMore: boolean; loading: boolean; onClick: () => void; shown?: string }) {
  const { t } = useTranslation();
  return (
    <div className="bp-load-more">
      {shown && <span className="muted">{shown}</span>}
      {hasMore ? (
        <button type="button" className="btn" onClick={onClick} disabled={loading} data-testid="load-more">{loading ? t('common.loading') : t('common.more')}</button>
      ) : <span className="muted">{t('brand.allLoaded')}</span>}
    </div>
  );
}
