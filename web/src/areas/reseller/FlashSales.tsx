// 秒杀 in the reseller app: the live and upcoming flash items to share (countdown, progress, the
// flash price and what I earn per unit, the limits) with a 分享 button that copies the storefront
// flash link; the entry card on the events list; the badge on a flash SKU in an event.
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, QueryView } from '../../components/states.tsx';
import type { Sku } from './data.ts';
import { Img, copyText, formatTime, useToast } from './ui.tsx';
import './flash.i18n.ts';
import './review.i18n.ts';
import './flash.css';

type Phase = 'upcoming' | 'on_sale' | 'sold_out' | 'ended';
interface FlashItem {
  id: string; saleEventId: string; eventSkuId: string; price: number; tagPrice: number; basePrice: number; margin: number; currency: string;
  quantity: number; claimed: number; left: number; perBuyerLimit: number; perResellerLimit: number; startsAt: string; endsAt: string;
  phase: Phase; sellingSeconds: number | null; now: string; productName: string; colour: string; size: string; image: string | null; eventTitle: string;
}
interface FlashList { shareCode: string | null; items: FlashItem[] }

const flashKey = ['reseller', 'flash-items'];

function useFlash() {
  const fetchedAt = useRef(Date.now());
  const q = useQuery({
    queryKey: flashKey,
    queryFn: async ({ signal }) => { const r = await get<FlashList>('/reseller/flash-items', signal); fetchedAt.current = Date.now(); return r; },
    refetchInterval: 5_000,
  });
  return { q, fetchedAt };
}

/** The server's clock, ticking: countdowns agree with the storefront's. */
function useServerNow(serverNow: string | undefined, fetchedAt: number): number {
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => { const id = setInterval(() => setTick(Date.now()), 1000); return () => clearInterval(id); }, []);
  return tick + (serverNow ? Date.parse(serverNow) - fetchedAt : 0);
}

function hms(ms: number, t: (k: string, o?: Record<string, unknown>) => string): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  return `${d ? t('countdown.days', { d }) : ''}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function phaseAt(i: FlashItem, now: number): Phase {
  if (i.phase === 'upcoming' && now >= Date.parse(i.startsAt)) return i.left > 0 ? 'on_sale' : 'sold_out';
  if (i.phase === 'on_sale' && now >= Date.parse(i.endsAt)) return 'ended';
  return i.phase;
}

function FlashCard({ i, now, code }: { i: FlashItem; now: number; code: string | null }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const phase = phaseAt(i, now);
  const link = code ? `${window.location.origin}/s/${code}/flash/${i.id}` : '';
  const pct = i.quantity ? Math.min(100, Math.round((i.claimed * 100) / i.quantity)) : 0;
  const s = i.sellingSeconds ?? 0;
  const copy = async (text: string) => toast((await copyText(text)) ? t('reseller.flash.copied') : t('reseller.flash.copyFailed'));
  const text = () => t('reseller.flash.text', {
    name: i.productName, colour: i.colour, size: i.size, price: yuan(i.price), tag: yuan(i.tagPrice), quantity: i.quantity, limit: i.perBuyerLimit, link,
    when: phase === 'upcoming' ? t('reseller.flash.whenUpcoming', { time: formatTime(i.startsAt, i18n.language) }) : t('reseller.flash.whenLive'),
  });
  return (
    <li className={`card rs-fl-card rs-fl-${phase}`} data-testid="rs-flash-item" data-phase={phase}>
      <div className="rs-fl-top">
        <Img src={i.image} alt={i.productName} className="rs-fl-img" />
        <div className="rs-grow rs-fl-body">
          <div className="row rs-fl-head">
            <span className="rs-fl-badge">{t('reseller.flash.badge')}</span>
            <span className="rs-fl-clock" data-testid="rs-flash-countdown">
              {phase === 'upcoming' ? t('reseller.flash.startsIn', { time: hms(Date.parse(i.startsAt) - now, t) })
                : phase === 'on_sale' ? t('reseller.flash.endsIn', { time: hms(Date.parse(i.endsAt) - now, t) })
                  : phase === 'sold_out' ? t('reseller.flash.soldOut') : t('reseller.flash.over')}
            </span>
          </div>
          <strong className="rs-fl-name">{i.productName}</strong>
          <span className="muted">{i.colour} · {i.size} · {i.eventTitle}</span>
          <span><strong className="rs-fl-price" data-testid="rs-flash-price">{yuan(i.price)}</strong> <s className="muted">{yuan(i.tagPrice)}</s> <span className="muted">· {t('reseller.flash.basePrice', { price: yuan(i.basePrice) })}</span></span>
          <span className="tag tag-paid rs-fl-margin" data-testid="rs-flash-margin">{t('reseller.flash.margin', { amount: yuan(i.margin) })}</span>
        </div>
      </div>
      <div className="rs-fl-bar" aria-hidden><span style={{ width: `${pct}%` }} /></div>
      <div className="row muted rs-fl-figures">
        <span className="rs-grow" data-testid="rs-flash-progress">
          {phase === 'sold_out'
            ? (s < 60 ? t('reseller.flash.soldOutInSeconds', { n: i.quantity, s: Math.max(1, s) }) : t('reseller.flash.soldOutIn', { n: i.quantity, m: Math.round(s / 60) }))
            : `${t('reseller.flash.claimed', { claimed: i.claimed, quantity: i.quantity })} · ${t('reseller.flash.left', { n: i.left })}`}
        </span>
        <span>{t('reseller.flash.limit', { n: i.perBuyerLimit })}</span>
      </div>
      {(phase === 'on_sale' || phase === 'upcoming') && (
        <div className="row rs-fl-actions">
          <span className="rs-link rs-grow" data-testid="rs-flash-link">{link}</span>
          <button type="button" className="btn btn-small" disabled={!code} onClick={() => void copy(text())}>{t('reseller.flash.copyText')}</button>
          <button type="button" className="btn btn-primary btn-small" disabled={!code} onClick={() => void copy(link)} data-testid="rs-flash-share">{t('reseller.flash.share')}</button>
        </div>
      )}
    </li>
  );
}

export default function FlashSales() {
  const { t } = useTranslation();
  const { q, fetchedAt } = useFlash();
  const now = useServerNow(q.data?.items[0]?.now, fetchedAt.current);
  return (
    <>
      {/* reached from 档期, which stays lit in the tab bar: the way back is the same */}
      <div className="row rs-back-row"><Link to="/reseller/events" className="btn btn-ghost btn-small" data-testid="flash-back">‹ {t('reseller.flash.backToEvents')}</Link></div>
      <QueryView q={q}>
        {(d) => {
          if (d.items.length === 0) return <Empty>{t('reseller.flash.none')}</Empty>;
          const by = (p: Phase[]) => d.items.filter((i) => p.includes(phaseAt(i, now)));
          const live = by(['on_sale']), upcoming = by(['upcoming']), over = by(['sold_out', 'ended']);
          const list = (items: FlashItem[]) => <ul className="rs-list rs-plain">{items.map((i) => <FlashCard key={i.id} i={i} now={now} code={d.shareCode} />)}</ul>;
          return (
            <div className="stack-12" data-testid="flash-sales">
              <h2 className="rs-section-title">{t('reseller.flash.live', { n: live.length })}</h2>
              {live.length ? list(live) : <p className="muted">{t('reseller.flash.noLive')}</p>}
              {upcoming.length > 0 && <><h2 className="rs-section-title">{t('reseller.flash.upcoming', { n: upcoming.length })}</h2>{list(upcoming)}</>}
              {over.length > 0 && <><h2 className="rs-section-title">{t('reseller.flash.ended', { n: over.length })}</h2>{list(over)}</>}
            </div>
          );
        }}
      </QueryView>
    </>
  );
}

/** The way in, at the top of the events list. */
export function FlashEntry() {
  const { t } = useTranslation();
  const { q } = useFlash();
  const items = q.data?.items ?? [];
  const live = items.filter((i) => i.phase === 'on_sale').length, upcoming = items.filter((i) => i.phase === 'upcoming').length;
  return (
    <Link to="/reseller/flash" className="card rs-fl-entry" data-testid="flash-entry">
      <span className="rs-fl-entry-icon" aria-hidden>⚡</span>
      <span className="rs-grow">
        <strong>{t('reseller.flash.entry')}</strong>
        <span className="muted rs-fl-entry-hint">{live + upcoming > 0 ? t('reseller.flash.entryHint', { live, upcoming }) : t('reseller.flash.entryNone')}</span>
      </span>
      <span aria-hidden>›</span>
    </Link>
  );
}

/** A SKU of an event sold as a flash item. */
export const isFlashSku = (s: Sku) => !!(s as Sku & { flash?: unknown }).flash;

export function FlashSkuBadge() {
  const { t } = useTranslation();
  return <span className="rs-fl-badge" data-testid="rs-flash-badge">{t('reseller.flash.badge')}</span>;
}
