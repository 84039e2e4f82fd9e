// The share sheet: ready-to-send copy for a product or the whole event, with my shop link.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../lib/money.ts';
import { Loading, ErrorState } from '../../components/states.tsx';
import { bySize, shareLink, useProfile, type Product, type SaleEvent } from './data.ts';
import { Sheet, copyText, useToast } from './ui.tsx';

export type ShareTarget = { kind: 'event' } | { kind: 'product'; product: Product; price: number };

/** "还剩1天5小时" / "5小时后开抢": chat copy is read later, so a rough duration beats a ticking clock. */
function whenText(t: (k: string, o?: Record<string, unknown>) => string, ev: SaleEvent, now = Date.now()): string {
  const start = Date.parse(ev.startsAt), end = Date.parse(ev.endsAt);
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
    t('reseller.share.eFrom', { n: ev.products.length, price: yuan(lowest) }),
    t('reseller.share.when', { when }),
    t('reseller.share.link', { link }),
  ].filter(Boolean).join('\n');
}

export function ShareSheet({ target, event, brandName, onClose }: { target: ShareTarget; event: SaleEvent; brandName: string; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useProfile();
  const toast = useToast();
  const link = me.data ? shareLink(me.data.reseller.shareCode, event.id) : '';
  const initial = useMemo(() => (link ? shareCopy(t, target, event, brandName, link) : ''), [t, target, event, brandName, link]);
  const [edited, setEdited] = useState<string | null>(null);
  const text = edited ?? initial;
  const copy = async (s: string) => {
    const ok = await copyText(s);
    toast(ok ? t('reseller.share.copied') : t('reseller.share.copyFailed'));
  };
  return (
    <Sheet title={target.kind === 'product' ? t('reseller.share.productTitle') : t('reseller.share.eventTitle')} onClose={onClose} testId="share-sheet">
      {me.isPending ? <Loading /> : me.error ? <ErrorState error={me.error} onRetry={() => me.refetch()} /> : (
        <div className="stack-12">
          <label htmlFor="share-text">{t('reseller.share.copyLabel')}</label>
          <textarea id="share-text" rows={8} value={text} onChange={(e) => setEdited(e.target.value)} data-testid="share-text" />
          <div className="rs-link-row">
            <span className="rs-link" data-testid="share-link">{link}</span>
            <button type="button" className="btn btn-small" onClick={() => void copy(link)}>{t('reseller.share.copyLink')}</button>
          </div>
          <button type="button" className="btn btn-primary btn-block" data-testid="copy-share" onClick={() => void copy(text)}>{t('reseller.share.copy')}</button>
          <p className="hint">{t('reseller.share.tip')}</p>
        </div>
      )}
    </Sheet>
  );
}
