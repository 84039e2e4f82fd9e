// 物流: an order's parcels with their carrier, the waybill number (copied in one tap, to paste into
// the chat with the customer) and the tracking timeline newest first. A parcel may hold units of
// other orders to the same customer (合单); only this order's items are listed.
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Copy, PackageCheck, Truck } from 'lucide-react';
import { get } from '../../lib/api.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import type { OrderLine } from './data.ts';
import { copyText, formatTime, useToast } from './ui.tsx';
import './tracking.i18n.ts';
import './tracking.css';

interface TrackingEvent { status: string; occurredAt: string; location: string; description: string }
interface Parcel {
  id: string; parcelNo: string; origin: 'warehouse' | 'drop_ship'; status: string; carrier: string | null; waybillNo: string | null; trackingStatus: string | null;
  items: number; seq: number; seqOf: number; shippedAt: string | null; deliveredAt: string | null;
  lines: { orderLineId: string; quantity: number }[]; tracking: TrackingEvent[];
}

/** Orders whose parcels may exist: sorted once paid, shipped and on. */
export const HAS_PARCELS = new Set(['paid', 'partially_shipped', 'shipped', 'delivered', 'completed', 'cancelled']);
const MOVING = new Set(['partially_shipped', 'shipped']);

export function OrderTracking({ orderId, status, lines }: { orderId: string; status: string; lines: OrderLine[] }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const q = useQuery({
    queryKey: ['reseller', 'order', orderId, 'parcels', lang],
    queryFn: ({ signal }) => get<{ items: Parcel[] }>(`/orders/${orderId}/parcels?lang=${lang}`, signal),
    // On its way, the carrier's news comes in by itself: look again now and then.
    refetchInterval: MOVING.has(status) ? 30_000 : false,
  });
  const lineOf = new Map(lines.map((l) => [l.id, l]));
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const parcels = q.data.items;
  if (parcels.length === 0) {
    return status === 'paid' ? <p className="hint rs-track-wait" data-testid="tracking-none">{t('reseller.tracking.waiting')}</p> : null;
  }
  const copy = async (no: string) => toast((await copyText(no)) ? t('reseller.tracking.copied') : t('reseller.share.copyFailed'));
  return (
    <section className="rs-tracking" aria-labelledby="trk-h" data-testid="tracking">
      <h3 id="trk-h" className="rs-section-title">{t('reseller.tracking.title')}</h3>
      {parcels.map((p) => (
        <article key={p.id} className="rs-parcel" data-testid="parcel" data-status={p.status}>
          <div className="row rs-parcel-head">
            <span className="rs-parcel-icon" aria-hidden>{p.status === 'delivered' ? <PackageCheck size={18} /> : <Truck size={18} />}</span>
            <b>{p.carrier ? t(`reseller.tracking.carrier.${p.carrier}`, { defaultValue: p.carrier }) : t('reseller.tracking.noCarrier')}</b>
            {p.seqOf > 1 && <span className="tag">{t('reseller.tracking.seq', { seq: p.seq, of: p.seqOf })}</span>}
            <span className="spacer" />
            <span className={`tag rs-parcel-${p.status}`} data-testid="parcel-status">{t(`reseller.tracking.status.${p.status}`, { defaultValue: p.status })}</span>
          </div>
          {p.waybillNo ? (
            <div className="row rs-waybill">
              <span className="muted">{t('reseller.tracking.waybill')}</span>
              <span className="num rs-waybill-no" data-testid="waybill">{p.waybillNo}</span>
              <span className="spacer" />
              <button type="button" className="btn btn-small" onClick={() => void copy(p.waybillNo!)} data-testid="copy-waybill"><Copy size={16} aria-hidden />{t('reseller.tracking.copy')}</button>
            </div>
          ) : <p className="hint">{t('reseller.tracking.noWaybill')}</p>}
          <p className="rs-parcel-items muted">
            {p.lines.map((l) => { const ol = lineOf.get(l.orderLineId); return ol ? `${ol.productName} ${ol.colour}/${ol.size} ×${l.quantity}` : `×${l.quantity}`; }).join(i18n.language === 'en' ? '; ' : '，')}
            {p.items > p.lines.reduce((a, l) => a + l.quantity, 0) && <> · {t('reseller.tracking.merged', { n: p.items })}</>}
          </p>
          {p.tracking.length > 0 ? (
            <ol className="rs-timeline" data-testid="timeline">
              {p.tracking.map((e, i) => (
                <li key={`${e.occurredAt}-${i}`} className={i === 0 ? 'rs-tl-latest' : undefined} data-testid="tracking-event" data-status={e.status}>
                  <span className="rs-tl-dot" aria-hidden />
                  <div>
                    <p className="rs-tl-text">{e.description}</p>
                    <p className="hint num">{formatTime(e.occurredAt, i18n.language)}{e.location ? ` · ${e.location}` : ''}</p>
                  </div>
                </li>
              ))}
            </ol>
          ) : <p className="hint">{t('reseller.tracking.noEvents')}</p>}
        </article>
      ))}
    </section>
  );
}
