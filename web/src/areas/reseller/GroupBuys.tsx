// The reseller app: group-buy items to share in chats (link and ready-made copy, the margin per
// item) and the groups customers opened through my shop, with their progress and countdowns.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { CHINA_TIME, dayText } from '../../lib/device.ts';
import { QueryView } from '../../components/states.tsx';
import { useProfile } from './data.ts';
import { Img, copyText, useToast } from './ui.tsx';
import './group-buys.i18n.ts';
import './group-buys.css';

interface Offer {
  id: string; saleEventId: string; productName: string; image: string | null; colour: string; size: string; groupSize: number; hours: number;
  groupPrice: number; tagPrice: number; basePrice: number; margin: number; available: number;
}
interface Group { id: string; offerId: string; status: 'open' | 'full' | 'succeeded' | 'failed'; size: number; joined: number; paid: number; slotsLeft: number; expiresAt: string }

function left(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export default function GroupBuys() {
  const { t } = useTranslation();
  const toast = useToast();
  const profile = useProfile();
  const q = useQuery({ queryKey: ['reseller', 'group-buys'], queryFn: ({ signal }) => get<{ offers: Offer[]; groups: Group[]; now: string }>('/reseller/group-buys', signal), refetchInterval: 10_000 });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => { const id = setInterval(() => setNow(Date.now()), 1000); return () => clearInterval(id); }, []);
  const code = profile.data?.reseller.shareCode;
  const link = (path: string) => `${location.origin}/s/${code}${path}`;
  async function copy(text: string) { if (await copyText(text)) toast(t('reseller.groupBuys.copied')); }
  return (
    <QueryView q={q}>
      {(d) => {
        const offerOf = new Map(d.offers.map((o) => [o.id, o]));
        return (
          <div className="stack-12" data-testid="group-buys">
            <h2 className="rs-section-title">{t('reseller.groupBuys.offers', { n: d.offers.length })}</h2>
            {d.offers.length === 0 && <p className="muted">{t('reseller.groupBuys.none')}</p>}
            <ul className="rs-list rs-plain">
              {d.offers.map((o) => (
                <li key={o.id} className="card" data-testid="rs-group-offer" style={{ display: 'flex', gap: 12 }}>
                  <Img src={o.image} alt={o.productName} className="rs-gb-img" />
                  <div className="rs-grow" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
                    <strong>{o.productName}</strong>
                    <span className="muted">{o.colour} · {o.size} · {t('reseller.groupBuys.size', { n: o.groupSize })} · {t('reseller.groupBuys.hours', { h: o.hours })}</span>
                    <span><strong style={{ color: 'var(--red)' }}>{yuan(o.groupPrice)}</strong> <s className="muted">{yuan(o.tagPrice)}</s> · {t('reseller.groupBuys.stock', { n: o.available })}</span>
                    <span className="tag tag-paid" style={{ alignSelf: 'flex-start' }}>{t('reseller.groupBuys.margin', { amount: yuan(o.margin) })}</span>
                    <div className="row" style={{ gap: 8 }}>
                      <button type="button" className="btn btn-primary btn-small" disabled={!code} onClick={() => void copy(link(`/g/${o.id}`))} data-testid="copy-offer-link">{t('reseller.groupBuys.share')}</button>
                      <button type="button" className="btn btn-small" disabled={!code} onClick={() => void copy(t('reseller.groupBuys.text', {
                        n: o.groupSize, name: o.productName, colour: o.colour, size: o.size, price: yuan(o.groupPrice), tag: yuan(o.tagPrice), h: o.hours, link: link(`/g/${o.id}`),
                      }))}>{t('reseller.groupBuys.copyText')}</button>
                    </div>
                  </div>
                </li>
              ))}
            </ul>
            <h2 className="rs-section-title">{t('reseller.groupBuys.groups', { n: d.groups.length })}</h2>
            {d.groups.length === 0 && <p className="muted">{t('reseller.groupBuys.noGroups')}</p>}
            <ul className="rs-list rs-plain">
              {d.groups.map((g) => {
                const o = offerOf.get(g.offerId);
                const ms = Date.parse(g.expiresAt) - now;
                return (
                  <li key={g.id} className="card" data-testid="rs-group" data-status={g.status}>
                    <div className="row"><strong className="rs-grow">{o?.productName ?? g.offerId}</strong><span className={`tag ${g.status === 'succeeded' ? 'tag-paid' : g.status === 'failed' ? 'tag-cancelled' : 'tag-live'}`}>{t(`reseller.groupBuys.status.${g.status}`)}</span></div>
                    <div className="progress" aria-hidden style={{ margin: '8px 0' }}><span style={{ width: `${(g.joined / g.size) * 100}%` }} /></div>
                    <div className="row muted">
                      <span className="rs-grow">{t('reseller.groupBuys.joined', { joined: g.joined, size: g.size, paid: g.paid })}</span>
                      {(g.status === 'open' || g.status === 'full') && ms > 0 && <span>{t('reseller.groupBuys.left', { time: left(ms) })}</span>}
                    </div>
                    {g.status === 'open' && ms > 0 && <button type="button" className="btn btn-small" style={{ marginTop: 8 }} disabled={!code} onClick={() => void copy(link(`/groups/${g.id}`))}>{t('reseller.groupBuys.shareGroup')}</button>}
                  </li>
                );
              })}
            </ul>
          </div>
        );
      }}
    </QueryView>
  );
}

interface PresaleBadge { presale: { moq: number; deadline: string; status: string; open: boolean; paidUnits: number; progressBps: number; expectedShipDate: string } | null }

/** On an event page: this event is a presale — deadline, progress to the minimum, what it means for customers. */
export function PresaleNote({ saleEventId }: { saleEventId: string }) {
  const { t, i18n } = useTranslation();
  const profile = useProfile();
  const code = profile.data?.reseller.shareCode;
  const q = useQuery({
    queryKey: ['reseller', 'presale', saleEventId], enabled: !!code,
    queryFn: ({ signal }) => get<PresaleBadge>(`/storefront/${code}/sale-events/${saleEventId}/presale`, signal), refetchInterval: 30_000,
  });
  const p = q.data?.presale;
  if (!p) return null;
  const deadline = new Date(p.deadline).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: CHINA_TIME });
  return (
    <section className="card rs-presale" data-testid="rs-presale">
      <div className="row"><span className="tag tag-warn">{t('reseller.presale.badge')}</span><strong className="rs-grow">{t('reseller.presale.deadline', { time: deadline })}</strong></div>
      <div className="progress" aria-hidden style={{ margin: '8px 0' }}><span style={{ width: `${p.progressBps / 100}%` }} /></div>
      <div className="muted">{t('reseller.presale.progress', { paid: p.paidUnits, moq: p.moq, date: dayText(p.expectedShipDate) })}</div>
      <p className="hint">{t('reseller.presale.tell')}</p>
    </section>
  );
}
