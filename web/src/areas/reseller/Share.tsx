// The share sheet: ready-to-send copy, a poster and the pictures for a product or the whole
// event, with my link for the channel it goes to.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../lib/money.ts';
import { useQuery } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { Loading, ErrorState } from '../../components/states.tsx';
import { bySize, type Product, type SaleEvent } from './data.ts';
import './share.i18n.ts';
import './share.css';
import { MaterialGrid, useMaterials } from '../../components/Materials.tsx';
import { Sheet, copyText, useToast } from './ui.tsx';

export type ShareTarget = { kind: 'event' } | { kind: 'product'; product: Product; price: number };

/** "还剩1天5小时" / "5小时后开抢": chat copy is read later, so a rough duration beats a ticking clock. */
function whenText(t: (k: string, o?: Record<string, unknown>) => string, ev: SaleEvent, now = Date.now()): string {
  // Orders stop at ordersCloseAt (a presale's deadline can come before the event's end).
  const start = Date.parse(ev.startsAt), end = Date.parse(ev.ordersCloseAt);
  if (now >= end) return t('reseller.share.ended');
  const ms = (now < start ? start : end) - now;
  const d = Math.floor(ms / 86_400_000), h = Math.floor((ms % 86_400_000) / 3_600_000), m = Math.max(1, Math.floor((ms % 3_600_000) / 60_000));
  const span = d ? t('reseller.share.dh', { d, h }) : h ? t('reseller.share.hm', { h, m }) : t('reseller.share.m', { m });
  return t(now < start ? 'reseller.share.startsIn' : 'reseller.share.endsIn', { span });
}

export function shareCopy(t: (k: string, o?: Record<string, unknown>) => string, target: ShareTarget, ev: SaleEvent, brandName: string, link: string): string {
  const when = whenText(t, ev);
  if (target.kind === 'product') {
    const p = target.product;
    const tag = Math.max(...p.skus.map((s) => s.tagPrice));
    const sizes = [...new Set(p.skus.filter((s) => s.available > 0).map((s) => s.size))].sort(bySize).join(' ');
    return [
      t('reseller.share.pHead', { brand: brandName || ev.title, name: p.name }),
      t('reseller.share.pPrice', { price: yuan(target.price), tag: yuan(tag) }),
      sizes ? t('reseller.share.pSizes', { sizes }) : '',
      p.description,
      t('reseller.share.when', { when }),
      t('reseller.share.link', { link }),
    ].filter(Boolean).join('\n');
  }
  const lowest = Math.min(...ev.products.flatMap((p) => p.skus.map((s) => s.myPrice ?? s.sellingPrice)));
  return [
    t('reseller.share.eHead', { title: ev.title }),
    ev.description,
    t('reseller.share.eFrom', { count: ev.products.length, price: yuan(lowest) }),
    t('reseller.share.when', { when }),
    t('reseller.share.link', { link }),
  ].filter(Boolean).join('\n');
}

/** 品牌资质 (the brand's proof on the event) and 买家秀 (my buyers' photos of this product, or of any). */
function ProofAndBuyerShow({ event, productId }: { event: SaleEvent; productId?: string }) {
  const { t } = useTranslation();
  const proof = useMaterials(event.id);
  const photos = useQuery({
    queryKey: ['reseller', 'buyer-photos', productId ?? ''],
    queryFn: ({ signal }) => get<{ items: { id: string; url: string; note: string }[] }>(`/reseller/buyer-photos${productId ? `?productId=${productId}` : ''}`, signal).then((r) => r.items),
  });
  return (
    <div className="stack-12" style={{ marginTop: 12 }}>
      {proof.data && proof.data.length > 0 && (
        <section data-testid="share-proof"><h3>{t('materials.proof')}</h3><p className="hint">{t('materials.proofHint')}</p><MaterialGrid items={proof.data} /></section>
      )}
      <section data-testid="share-buyer-show">
        <h3>{t('materials.buyerShow')}</h3>
        {photos.data && photos.data.length > 0 ? (
          <><p className="hint">{t('materials.buyerShowHint')}</p>
          <div className="rs-grid9">{photos.data.slice(0, 9).map((p) => <a key={p.id} href={p.url} download className="rs-grid9-cell" title={p.note}><img src={p.url} alt={p.note} loading="lazy" /></a>)}</div></>
        ) : <p className="hint">{t('materials.noBuyerShow')}</p>}
      </section>
    </div>
  );
}

const CHANNELS = ['group', 'moments', 'private'] as const;
type Channel = (typeof CHANNELS)[number];
interface MadeLink { code: string; url: string; channel: Channel; expiresAt: string | null }

/** The target as the share-link API names it. */
function linkBody(target: ShareTarget, ev: SaleEvent, channel: Channel, label: string) {
  const named = label ? { label } : {};
  return target.kind === 'product'
    ? { target: 'product', saleEventId: ev.id, targetRef: target.product.id, channel, ...named }
    : { target: 'event', saleEventId: ev.id, channel, ...named };
}

/**
 * The share sheet: pick where it goes (a group, Moments, a private chat — each channel its own
 * link, so 链接效果 can tell them apart), then copy the text, save the poster, or save the
 * pictures as a set (九宫格). The link ends with the event (阅后即焚).
 */
export function ShareSheet({ target, event, brandName, onClose }: { target: ShareTarget; event: SaleEvent; brandName: string; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [channel, setChannel] = useState<Channel>('group');
  // A group's name (宝妈群 2) gives that group its own link and its own figures; set when typing stops.
  const [typed, setTyped] = useState('');
  const [label, setLabel] = useState('');
  const made = useQuery({
    queryKey: ['reseller', 'share-link', event.id, target.kind === 'product' ? target.product.id : '', channel, label],
    staleTime: Infinity,
    queryFn: () => post<MadeLink>('/reseller/share-links', linkBody(target, event, channel, label)),
  });
  const link = made.data?.url ?? '';
  const initial = useMemo(() => (link ? shareCopy(t, target, event, brandName, link) : ''), [t, target, event, brandName, link]);
  const [edited, setEdited] = useState<string | null>(null);
  const text = edited ?? initial;
  const [tab, setTab] = useState<'text' | 'poster' | 'images'>('text');
  const copy = async (s: string) => {
    const ok = await copyText(s);
    toast(ok ? t('reseller.share.copied') : t('reseller.share.copyFailed'));
  };
  const images = target.kind === 'product' ? target.product.images.slice(0, 9) : event.products.map((p) => p.images[0]).filter(Boolean).slice(0, 9);
  return (
    <Sheet title={target.kind === 'product' ? t('reseller.share.productTitle') : t('reseller.share.eventTitle')} onClose={onClose} testId="share-sheet">
      <div className="stack-12">
        <div className="rs-chips" role="radiogroup" aria-label={t('reseller.share.channel')}>
          {CHANNELS.map((c) => (
            <button key={c} type="button" role="radio" aria-checked={channel === c} className={`rs-chip rs-chip-btn ${channel === c ? 'active' : ''}`}
              data-testid={`channel-${c}`} onClick={() => { setChannel(c); setEdited(null); setTyped(''); setLabel(''); }}>{t(`reseller.share.channels.${c}`)}</button>
          ))}
        </div>
        {channel === 'group' && (
          <input value={typed} maxLength={30} placeholder={t('reseller.share.groupName')} aria-label={t('reseller.share.groupName')} data-testid="share-label"
            onChange={(e) => setTyped(e.target.value)} onBlur={() => { if (typed.trim() !== label) { setLabel(typed.trim()); setEdited(null); } }} />
        )}
        <div className="rs-filters" role="tablist">
          {(['text', 'poster', 'images'] as const).map((k) => (
            <button key={k} type="button" role="tab" aria-selected={tab === k} className={`rs-filter ${tab === k ? 'active' : ''}`} data-testid={`share-tab-${k}`} onClick={() => setTab(k)}>{t(`reseller.share.tabs.${k}`)}</button>
          ))}
        </div>
        {made.isPending ? <Loading /> : made.error ? <ErrorState error={made.error} onRetry={() => made.refetch()} /> : tab === 'text' ? (
          <>
            <label htmlFor="share-text">{t('reseller.share.copyLabel')}</label>
            <textarea id="share-text" rows={8} value={text} onChange={(e) => setEdited(e.target.value)} data-testid="share-text" />
            <div className="rs-link-row">
              <span className="rs-link" data-testid="share-link">{link}</span>
              <button type="button" className="btn btn-small" onClick={() => void copy(link)}>{t('reseller.share.copyLink')}</button>
            </div>
            <button type="button" className="btn btn-primary btn-block" data-testid="copy-share" onClick={() => void copy(text)}>{t('reseller.share.copy')}</button>
            <p className="hint">{t('reseller.share.expiresHint')}</p>
          </>
        ) : tab === 'poster' ? (
          <div className="rs-poster" data-testid="share-poster">
            <img src={`/api/v1/reseller/share-links/${made.data.code}/poster.png`} alt={t('reseller.share.posterAlt')} data-testid="poster-image" />
            <a className="btn btn-primary btn-block" href={`/api/v1/reseller/share-links/${made.data.code}/poster.png?download=1`} download={`poster-${made.data.code}.png`}>{t('reseller.share.savePoster')}</a>
            <p className="hint">{t('reseller.share.posterHint')}</p>
          </div>
        ) : (
          <div data-testid="share-images">
            {images.length === 0 ? <p className="hint">{t('reseller.share.noImages')}</p> : (
              <div className={`rs-grid9 rs-grid9-${Math.min(images.length, 9)}`}>
                {images.map((src, i) => <a key={src + i} href={src} download className="rs-grid9-cell"><img src={src} alt="" loading="lazy" /></a>)}
              </div>
            )}
            <p className="hint">{t('reseller.share.imagesHint', { n: images.length })}</p>
            <ProofAndBuyerShow event={event} productId={target.kind === 'product' ? target.product.id : undefined} />
          </div>
        )}
      </div>
    </Sheet>
  );
}
