// Console building blocks: status and refund tags, dialogs, drawers, form error boxes, a reason
// form's chips and the shared queries (brands) every console screen reads.
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { ApiError, get } from '../../lib/api.ts';
import { columnLabel, problemDetail, type Brand, type Level, type RefundStatus } from './lib.ts';

export function StatusTag({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  return <span className={`tag tag-${status}`} data-testid={testId} data-status={status}>{t(`status.${status}`, { defaultValue: status })}</span>;
}

/** A gateway refund's state: refunding, refunded, failed. */
export function RefundTag({ status, testId }: { status: RefundStatus; testId?: string }) {
  const { t } = useTranslation();
  return <span className={`tag tag-refund-${status}`} data-testid={testId} data-status={status}>{t(`console.refunds.status.${status}`)}</span>;
}

export function LevelBadge({ level }: { level: Level }) {
  return <span className={`level-badge level-${level}`}>{level}</span>;
}

/** An API error as a form shows it: the title, the detail we can translate, each field. */
/**
 * A reason form's ready-made reasons (lib/reasons reasonChips): each fills the box with its words;
 * the one whose words the box holds is shown pressed.
 */
export function ReasonChips({ chips, value, onPick, label }: { chips: readonly { code: string; words: string }[]; value: string; onPick: (words: string) => void; label: string }) {
  return (
    <div className="chips" role="group" aria-label={label}>
      {chips.map((c) => <button key={c.code} type="button" className={`chip ${value === c.words ? 'on' : ''}`} aria-pressed={value === c.words} onClick={() => onPick(c.words)} data-reason={c.code}>{c.words}</button>)}
    </div>
  );
}

export function FormError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const title = error instanceof ApiError ? error.title : t('common.unknownError');
  const detail = problemDetail(t, error);
  // The detail often repeats a field's message; say it once.
  const errors = (error instanceof ApiError ? error.errors : []).filter((e) => e.row || e.message !== detail);
  return (
    <div className="form-error" role="alert" data-testid="form-error">
      <strong>{title}</strong>
      {detail && <p>{detail}</p>}
      {errors.length > 0 && (
        <ul>{errors.slice(0, 30).map((e, i) => (
          <li key={i}>{e.row ? `${t('console.lots.rowN', { n: e.row })} · ${columnLabel(t, e.column)}：` : ''}{e.message}</li>
        ))}</ul>
      )}
    </div>
  );
}

/** A labelled input with its error underneath, wired for screen readers. */
export function Field({ label, error, hint, children, className }: { label: string; error?: string; hint?: string; children: (p: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => React.ReactNode; className?: string }) {
  const id = useId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {hint && !error && <span id={hintId} className="hint">{hint}</span>}
      {error && <span id={errId} className="field-error">{error}</span>}
    </div>
  );
}

function useEscape(onClose: () => void) {
  useEffect(() => {
    const h = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', h);
    return () => window.removeEventListener('keydown', h);
  }, [onClose]);
}

function useFocusFirst(ref: React.RefObject<HTMLElement | null>) {
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button:not(.dialog-close)');
    (first ?? ref.current)?.focus();
    return () => prev?.focus?.();
  }, [ref]);
}

/** The foot of a cursor-paged list: "load more" while there is more, the count when all is in. */
export function LoadMore({ q, count, testId }: { q: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }; count: number; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="load-more">
      {q.hasNextPage
        ? <button type="button" className="btn" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage} data-testid={testId}>{q.isFetchingNextPage ? t('common.loading') : t('common.more')}</button>
        : <span className="muted">{t('console.common.allLoaded', { count })}</span>}
    </div>
  );
}

export function Modal({ title, onClose, children, wide, testId }: { title: string; onClose: () => void; children: React.ReactNode; wide?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEscape(onClose);
  useFocusFirst(ref);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div ref={ref} className={`modal card ${wide ? 'modal-wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1} data-testid={testId}>
        <div className="modal-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="btn btn-ghost dialog-close" onClick={onClose} aria-label={t('common.close')}>✕</button>
        </div>
        {children}
      </div>
    </div>
  );
}

export function Drawer({ title, onClose, children, testId }: { title: string; onClose: () => void; children: React.ReactNode; testId?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEscape(onClose);
  useFocusFirst(ref);
  return (
    <div className="drawer-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <aside ref={ref} className="drawer" role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1} data-testid={testId}>
        <div className="modal-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="btn btn-ghost dialog-close" onClick={onClose} aria-label={t('common.close')}>✕</button>
        </div>
        {children}
      </aside>
    </div>
  );
}

export function useBrands() {
  return useQuery({ queryKey: ['console', 'brands'], queryFn: ({ signal }) => get<{ items: Brand[] }>('/brands', signal).then((r) => r.items), staleTime: 60_000 });
}

/** A brand picker fed by the brand list. */
export function BrandSelect({ value, onChange, id, allowAll, testId, invalid, describedBy }: { value: string; onChange: (v: string) => void; id?: string; allowAll?: boolean; testId?: string; invalid?: boolean; describedBy?: string }) {
  const { t } = useTranslation();
  const brands = useBrands();
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} aria-invalid={invalid} aria-describedby={describedBy} disabled={brands.isPending}>
      <option value="">{allowAll ? t('console.common.allBrands') : brands.isPending ? t('common.loading') : t('console.common.chooseBrand')}</option>
      {(brands.data ?? []).map((b) => <option key={b.id} value={b.id}>{b.name}{b.nameEn ? ` · ${b.nameEn}` : ''}</option>)}
    </select>
  );
}
