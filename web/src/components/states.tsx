// Loading, empty and error states, used by every screen.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api.ts';

/** A reseller's membership stops them (fee unpaid, expired, ended): the error leads to where they pay, renew or rejoin. */
const MEMBERSHIP_CODES = new Set(['membership_unpaid', 'membership_expired', 'membership_removed']);

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return <div className="state state-loading" role="status" aria-live="polite"><span className="spinner" aria-hidden />{label ?? t('common.loading')}</div>;
}

export function Empty({ children }: { children?: React.ReactNode }) {
  const { t } = useTranslation();
  return <div className="state state-empty">{children ?? t('common.empty')}</div>;
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const msg = error instanceof ApiError ? error.title : t('common.unknownError');
  return (
    <div className="state state-error" role="alert">
      <p>{msg}</p>
      {/* Refused for now (a lock-out, a rate limit): the server's detail says how long to wait. */}
      {error instanceof ApiError && error.status === 429 && typeof error.body.detail === 'string' && <p className="hint" data-testid="error-detail">{error.body.detail}</p>}
      {error instanceof ApiError && error.errors.length > 0 && (
        <ul className="field-errors">{error.errors.slice(0, 20).map((e, i) => <li key={i}>{e.row ? `#${e.row} ${e.column ?? ''}: ` : `${e.path}: `}{e.message}</li>)}</ul>
      )}
      {error instanceof ApiError && MEMBERSHIP_CODES.has(error.code) && <p><Link className="btn btn-primary" to="/reseller/membership" data-testid="error-membership">{t(`common.membershipAction.${error.code}`)}</Link></p>}
      {onRetry && <button type="button" className="btn" onClick={onRetry}>{t('common.retry')}</button>}
    </div>
  );
}

/** Render a query's loading / error / data states in one line. */
export function QueryView<T>({ q, children, empty }: { q: { isPending: boolean; error: unknown; data: T | undefined; refetch: () => unknown }; children: (data: T) => React.ReactNode; empty?: (data: T) => boolean }) {
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (q.data === undefined) return <Loading />;
  if (empty?.(q.data)) return <Empty />;
  return <>{children(q.data)}</>;
}
