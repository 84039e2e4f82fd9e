// Small pieces the reseller screens share: a bottom sheet, a toast, images that degrade to a
// placeholder, and copying text (lib/clipboard).
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHINA_TIME, monthDay } from '../../lib/device.ts';

export function Sheet({ title, onClose, children, testId }: { title: string; onClose: () => void; children: React.ReactNode; testId?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  // the latest onClose without re-running the focus effect on every parent render
  const close = useRef(onClose);
  useEffect(() => { close.current = onClose; });
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') close.current(); };
    document.addEventListener('keydown', onKey);
    // the page behind a sheet must not scroll under the reseller's thumb
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => { document.removeEventListener('keydown', onKey); document.body.style.overflow = overflow; prev?.focus?.(); };
  }, []);
  return (
    <div className="sheet-backdrop" onClick={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div className="sheet rs-sheet" role="dialog" aria-modal="true" aria-label={title} tabIndex={-1} ref={ref} data-testid={testId}>
        <div className="rs-sheet-head">
          <h2>{title}</h2>
          <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label={t('common.close')}>✕</button>
        </div>
        {children}
      </div>
    </div>
  );
}

const ToastContext = createContext<(msg: string) => void>(() => {});
export const useToast = () => useContext(ToastContext);

export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [msg, setMsg] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const show = useCallback((m: string) => {
    setMsg(m);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMsg(null), 2600);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="rs-toast-zone" role="status" aria-live="polite">{msg && <div className="rs-toast" data-testid="toast">{msg}</div>}</div>
    </ToastContext.Provider>
  );
}

/** A product or event picture; a soft placeholder with the name's first character when it cannot load. */
export function Img({ src, alt, className }: { src: string | null | undefined; alt: string; className?: string }) {
  const [broken, setBroken] = useState(false);
  if (!src || broken) return <div className={`rs-img rs-img-empty ${className ?? ''}`} role="img" aria-label={alt}><span aria-hidden>{alt.slice(0, 1)}</span></div>;
  return <img className={`rs-img ${className ?? ''}`} src={src} alt={alt} loading="lazy" onError={() => setBroken(true)} />;
}

/** Copy with the Clipboard API, or a selected textarea where that is missing. */
export { copyText } from '../../lib/clipboard.ts';

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`tag tag-${status}`} data-testid="status-tag">{t(`status.${status}`, { defaultValue: status })}</span>;
}

export function formatTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { ...monthDay(lang), hour: '2-digit', minute: '2-digit', timeZone: CHINA_TIME });
}

/** A day as China counts it (a membership's end, a join date): 2026/05/01, 1 May 2026. */
export function formatDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'zh-CN', { year: 'numeric', ...monthDay(lang), timeZone: CHINA_TIME });
}
