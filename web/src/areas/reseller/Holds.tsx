// 待付款占库存: my customers' unpaid orders holding stock, grouped by customer (who holds what,
// since when, when each hold runs out), releasing one order or a customer's all with a reason;
// and the banner on the orders tab that leads here while anything is held.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Hourglass } from 'lucide-react';
import { post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { RELEASE_PRESETS, reasonChips } from '../../lib/reasons.ts';
import { ErrorState, QueryView } from '../../components/states.tsx';
import { holdsKey, keys, useHolds, type CustomerHolds, type HeldOrder } from './data.ts';
import { Img, Sheet, formatTime, useToast } from './ui.tsx';
import './holds.i18n.ts';
import './orders.i18n.ts';
import './holds.css';

interface Released { units: number; released: { orderId: string; units: number }[] }
type Target = { kind: 'order'; order: HeldOrder } | { kind: 'customer'; customer: CustomerHolds };

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => { const id = setInterval(() => setNow(Date.now()), 1000); return () => clearInterval(id); }, []);
  return now;
}

/** Minutes and seconds left, said as such ('09:57 后' read as a time of day, not a countdown). */
function minSec(ms: number): { m: number; s: number } {
  const s = Math.max(0, Math.floor(ms / 1000));
  return { m: Math.floor(s / 60), s: s % 60 };
}

/** On the orders tab: how much my customers hold unpaid, and the way to it. Nothing when nothing is held. */
export function HoldsBanner() {
  const { t } = useTranslation();
  const q = useHolds();
  if (!q.data || q.data.totals.orders === 0) return null;
  return (
    <Link to="/reseller/holds" className="card rs-holds-banner" data-testid="holds-banner">
      <Hourglass className="rs-holds-dot" size={18} aria-hidden />
      <span className="rs-grow">{t('reseller.holds.banner', { count: q.data.totals.orders, units: q.data.totals.units })}</span>
      <span className="rs-holds-go">{t('reseller.holds.bannerAction')} ›</span>
    </Link>
  );
}

function ReleaseSheet({ target, onClose }: { target: Target; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const { chips: presets, sent: toSend } = reasonChips(t, RELEASE_PRESETS.reseller);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const trimmed = reason.trim();
  const invalid = !trimmed || trimmed.length > 200;
  const sent = toSend(trimmed);
  const m = useMutation({
    mutationFn: () => post<Released>('/holds/release', target.kind === 'order' ? { orderId: target.order.id, reason: sent } : { by: 'phone', key: target.customer.phone, reason: sent }),
    onSuccess: async (r) => {
      toast(r.released.length ? t('reseller.holds.done', { units: r.units }) : t('reseller.holds.doneNone'));
      await Promise.all([qc.invalidateQueries({ queryKey: holdsKey }), qc.invalidateQueries({ queryKey: ['reseller', 'orders'] }), qc.invalidateQueries({ queryKey: keys.profile })]);
      onClose();
    },
  });
  const title = target.kind === 'order' ? t('reseller.holds.sheetOne') : t('reseller.holds.sheetAll', { name: target.customer.name });
  const hint = target.kind === 'order'
    ? t('reseller.holds.sheetHintOne', { units: target.order.units })
    : t('reseller.holds.sheetHintAll', { orders: target.customer.orders, units: target.customer.units });
  return (
    <Sheet title={title} onClose={onClose} testId="release-sheet">
      <form className="stack-12" onSubmit={(e) => { e.preventDefault(); setTouched(true); if (!invalid) m.mutate(); }} noValidate>
        <p className="muted">{hint}</p>
        <div className="rs-chips">
          {presets.map((p) => <button key={p.code} type="button" className={`rs-chip rs-chip-btn rs-tap ${reason === p.words ? 'active' : ''}`} aria-pressed={reason === p.words} onClick={() => setReason(p.words)} data-reason={p.code}>{p.words}</button>)}
        </div>
        <label htmlFor="release-reason">{t('reseller.holds.reason')}</label>
        <textarea id="release-reason" rows={2} value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} aria-invalid={touched && invalid} data-testid="release-reason" />
        {touched && invalid && <span className="field-error">{t('reseller.holds.reasonRequired')}</span>}
        {m.error ? <ErrorState error={m.error} /> : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={m.isPending} data-testid="release-confirm">{t('reseller.holds.confirm')}</button>
      </form>
    </Sheet>
  );
}

function OrderRow({ o, now, onRelease }: { o: HeldOrder; now: number; onRelease: () => void }) {
  const { t, i18n } = useTranslation();
  const left = o.holdExpiresAt ? Date.parse(o.holdExpiresAt) - now : 0;
  const first = o.lines[0];
  return (
    <li className="rs-hold-order" data-testid="held-order" data-order={o.id}>
      <Img src={first?.image} alt={first?.productName ?? ''} className="rs-hold-img" />
      <div className="rs-grow rs-hold-text">
        <div className="muted num rs-hold-meta" data-testid="held-order-no">{t('reseller.orders.orderNo')} {o.orderNo}</div>
        <div className="rs-hold-items">{o.lines.map((l) => `${l.productName} ${l.colour}/${l.size} ×${l.quantity}`).join(i18n.language === 'en' ? '; ' : '，')}</div>
        <div className="muted rs-hold-meta">
          <span className="tag">{t(o.kind === 'reseller' ? 'reseller.holds.kindReseller' : 'reseller.holds.kindStorefront')}</span>
          <span className="num">{yuan(o.amountDue)}</span>
          <span>{t('reseller.holds.units', { count: o.units })}</span>
        </div>
        <div className={`rs-hold-left num ${left < 120_000 ? 'soon' : ''}`} data-testid="hold-left">{left > 0 ? t('reseller.holds.endsIn', minSec(left)) : t('reseller.holds.ended')}</div>
      </div>
      <button type="button" className="btn rs-tap rs-hold-release" onClick={onRelease} data-testid="release-order">{t('reseller.holds.release')}</button>
    </li>
  );
}

export default function Holds() {
  const { t, i18n } = useTranslation();
  const q = useHolds();
  const now = useNow();
  const [target, setTarget] = useState<Target | null>(null);
  return (
    <QueryView q={q}>
      {(d) => (
        <div className="stack-12" data-testid="holds">
          <div className="row rs-back-row"><Link to="/reseller/orders" className="btn btn-ghost btn-small rs-tap">‹ {t('common.back')}</Link></div>
          <section className="card rs-holds-summary">
            <strong className="rs-holds-total" data-testid="holds-total">{t('reseller.holds.summary', { count: d.totals.orders, units: d.totals.units })}</strong>
            <p className="hint">{t('reseller.holds.hint')}</p>
          </section>
          {d.customers.length === 0 && <p className="muted rs-holds-none">{t('reseller.holds.none')}</p>}
          {d.customers.map((c) => {
            const orders = d.orders.filter((o) => o.consumer.phone === c.phone);
            return (
              <section key={c.phone} className="card rs-hold-customer" data-testid="hold-customer" data-phone={c.phone} aria-label={c.name}>
                <div className="row rs-hold-head">
                  <div className="rs-grow">
                    <b>{c.name}</b> <span className="num muted">{c.phone}</span>
                    <div className="muted rs-hold-meta">{t('reseller.holds.customer', { count: c.orders, units: c.units, time: formatTime(c.since, i18n.language) })}</div>
                  </div>
                  <a className="btn rs-tap" href={`tel:${c.phone}`} aria-label={`${t('reseller.holds.call')} ${c.name}`}>☎</a>
                </div>
                <ul className="rs-plain rs-hold-orders">
                  {orders.map((o) => <OrderRow key={o.id} o={o} now={now} onRelease={() => setTarget({ kind: 'order', order: o })} />)}
                </ul>
                {orders.length > 1 && (
                  <button type="button" className="btn btn-block rs-hold-all" onClick={() => setTarget({ kind: 'customer', customer: c })} data-testid="release-customer">
                    {t('reseller.holds.releaseAll')}
                  </button>
                )}
              </section>
            );
          })}
          {target && <ReleaseSheet target={target} onClose={() => setTarget(null)} />}
        </div>
      )}
    </QueryView>
  );
}
