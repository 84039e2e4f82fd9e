// 物流 on the consumer's order page, read with the order link's token: each parcel's carrier, the
// waybill number (copied in one tap) and the tracking timeline, newest first.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import type { TrackedParcel } from '../../lib/returns.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ErrorState } from '../../components/states.tsx';
import { when } from './format.ts';
import { Icon } from './icons.tsx';
import './orders.i18n.ts';
import './aftersales.css';

/** Orders whose parcels may have left: what is on the way keeps being asked about. */
export const TRACKED = new Set(['partially_shipped', 'shipped', 'delivered', 'completed']);
const MOVING = new Set(['partially_shipped', 'shipped']);
/** The latest steps show at once; the rest on a tap (a phone screen is short). */
const FIRST = 3;

export function OrderTracking({ orderId, token, status }: { orderId: string; token: string; status: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const q = useQuery({
    queryKey: ['sf-parcels', orderId, token, lang],
    queryFn: ({ signal }) => get<{ items: TrackedParcel[] }>(`/storefront/orders/${orderId}/parcels?token=${encodeURIComponent(token)}&lang=${lang}`, signal),
    refetchInterval: MOVING.has(status) ? 30_000 : false,
  });
  if (q.isPending) return null;
  if (q.error) return <section className="card"><ErrorState error={q.error} onRetry={() => q.refetch()} /></section>;
  const parcels = q.data.items;
  if (parcels.length === 0) return null;
  return (
    <section className="card sf-tracking" aria-labelledby="sf-trk" data-testid="tracking">
      <h2 id="sf-trk" className="sf-card-title"><Icon name="truck" />{t('storefront.tracking.title')}</h2>
      {parcels.map((p) => <ParcelCard key={p.id} p={p} />)}
    </section>
  );
}

function ParcelCard({ p }: { p: TrackedParcel }) {
  const { t, i18n } = useTranslation();
  const [all, setAll] = useState(false);
  const shown = all ? p.tracking : p.tracking.slice(0, FIRST);
  return (
    <article className="sf-parcel" data-testid="parcel" data-status={p.status}>
      <div className="sf-parcel-head">
        <strong>{p.carrier ? t(`storefront.tracking.carrier.${p.carrier}`, { defaultValue: p.carrier }) : t('storefront.tracking.noCarrier')}</strong>
        <span className="sf-parcel-items">{t('storefront.tracking.items', { count: p.items })}</span>
        <span className={`sf-parcel-status sf-parcel-${p.status}`} data-testid="parcel-status">{t(`storefront.tracking.status.${p.status}`, { defaultValue: p.status })}</span>
      </div>
      {p.waybillNo ? (
        <div className="sf-waybill">
          <span className="muted">{t('storefront.tracking.waybill')}</span>
          <span className="num sf-waybill-no" data-testid="waybill">{p.waybillNo}</span>
          <CopyButton text={p.waybillNo} testId="copy-waybill" className="btn btn-small" labels={{ copy: t('storefront.tracking.copy'), copied: t('storefront.copied'), failed: t('storefront.tracking.copyFailed') }} />
        </div>
      ) : <p className="hint">{t('storefront.tracking.noWaybill')}</p>}
      {p.tracking.length > 0 ? (
        <ol className="sf-timeline" data-testid="timeline">
          {shown.map((e, i) => (
            <li key={`${e.occurredAt}-${i}`} className={i === 0 ? 'latest' : undefined} data-testid="tracking-event" data-status={e.status}>
              <span className="sf-tl-dot" aria-hidden />
              <div>
                <p className="sf-tl-status">{t(`storefront.tracking.event.${e.status}`, { defaultValue: e.status })}</p>
                <p className="sf-tl-text">{e.description}</p>
                <p className="hint num">{when(e.occurredAt, i18n.language)}{e.location ? ` · ${e.location}` : ''}</p>
              </div>
            </li>
          ))}
        </ol>
      ) : <p className="hint">{t('storefront.tracking.noEvents')}</p>}
      {p.tracking.length > FIRST && (
        <button type="button" className="btn btn-ghost sf-tl-more" aria-expanded={all} onClick={() => setAll((x) => !x)} data-testid="tracking-more">
          {all ? t('storefront.tracking.less') : t('storefront.tracking.more', { n: p.tracking.length })}
        </button>
      )}
    </article>
  );
}
