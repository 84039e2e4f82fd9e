// Coupons and red packets at checkout: codes typed in or carried by a shared link (?rp= / ?coupon=),
// kept per shop until an order uses them, priced by the server's quote before the order is placed.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { ApiError, post } from '../../lib/api.ts';
import { price } from './format.ts';
import './promotions.i18n.ts';
import './promotions.css';

export interface Codes { couponCode?: string; redPacketCode?: string }
export interface Quote {
  subtotal: number; couponOff: number; redPacketOff: number; discountTotal: number; amountDue: number; currency: string;
  coupon: { code: string; name: string; amount: number } | null; redPacket: { code: string; amount: number } | null;
}

const key = (shop: string) => `sf-codes:${shop}`;
const CODE = /^[A-Za-z0-9-]{3,32}$/;
const listeners = new Set<() => void>();
const cache = new Map<string, { raw: string | null; value: Codes }>();

function read(shop: string): Codes {
  let raw: string | null = null;
  try { raw = localStorage.getItem(key(shop)); } catch { /* private mode: no memory */ }
  const hit = cache.get(shop);
  if (hit && hit.raw === raw) return hit.value;
  let value: Codes = {};
  try {
    const v = JSON.parse(raw ?? '{}') as Codes;
    value = { ...(v.couponCode && CODE.test(v.couponCode) ? { couponCode: v.couponCode } : {}), ...(v.redPacketCode && CODE.test(v.redPacketCode) ? { redPacketCode: v.redPacketCode } : {}) };
  } catch { /* a broken value is no code */ }
  cache.set(shop, { raw, value });
  return value;
}

export function saveCodes(shop: string, codes: Codes): void {
  try { localStorage.setItem(key(shop), JSON.stringify(codes)); } catch { /* optional */ }
  listeners.forEach((l) => l());
}

/** Forget the codes once an order has used them. */
export const clearCodes = (shop: string) => saveCodes(shop, {});

export function useCodes(shop: string): Codes {
  return useSyncExternalStore((l) => { listeners.add(l); return () => { listeners.delete(l); }; }, () => read(shop));
}

/** On any storefront page: a link with ?rp=CODE or ?coupon=CODE keeps the code for checkout, and says so. */
export function DiscountLinkCapture({ shop }: { shop: string }) {
  const { t } = useTranslation();
  const search = useLocation().search;
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    const q = new URLSearchParams(search);
    const rp = q.get('rp')?.trim().toUpperCase();
    const coupon = q.get('coupon')?.trim().toUpperCase();
    const next = { ...read(shop) };
    if (rp && CODE.test(rp)) next.redPacketCode = rp;
    if (coupon && CODE.test(coupon)) next.couponCode = coupon;
    if (next.redPacketCode !== read(shop).redPacketCode || next.couponCode !== read(shop).couponCode) {
      saveCodes(shop, next);
      setNote(rp ? t('storefront.promo.fromLink') : t('storefront.promo.fromLinkCoupon'));
      const h = setTimeout(() => setNote(null), 4000);
      return () => clearTimeout(h);
    }
    return undefined;
  }, [search, shop, t]);
  return note ? <div className="sf-promo-note" role="status" data-testid="promo-link-note">{note}</div> : null;
}

/** The server's price for this cart with these codes; refreshed when the cart, codes or phone change. */
export function useQuote(shop: string, lines: { eventSkuId: string; quantity: number }[], codes: Codes, phone: string | undefined) {
  const any = Boolean(codes.couponCode || codes.redPacketCode);
  return useQuery({
    queryKey: ['sf', shop, 'quote', JSON.stringify(lines), codes.couponCode ?? '', codes.redPacketCode ?? '', phone ?? ''],
    enabled: any && lines.length > 0,
    retry: false,
    queryFn: () => post<Quote>(`/storefront/${shop}/quote`, { lines, ...codes, ...(phone ? { phone } : {}) }),
  });
}

function reasonText(t: ReturnType<typeof useTranslation>['t'], e: unknown): string {
  if (!(e instanceof ApiError)) return t('common.unknownError');
  const reason = typeof e.body.reason === 'string' ? e.body.reason : null;
  const vars = { threshold: typeof e.body.threshold === 'number' ? price(e.body.threshold) : '', minSpend: typeof e.body.minSpend === 'number' ? price(e.body.minSpend) : '' };
  return reason ? t(`storefront.promo.reasons.${reason}`, { ...vars, defaultValue: e.title }) : e.title;
}

/** Which code a failed quote is about. */
export function failedCode(e: unknown): 'couponCode' | 'redPacketCode' | null {
  if (!(e instanceof ApiError)) return null;
  if (e.code.startsWith('coupon_')) return 'couponCode';
  if (e.code === 'red_packet_invalid') return 'redPacketCode';
  return null;
}

/** The checkout's discount card: one row per kind of code, applied lines with amounts, errors in words. */
export function DiscountBox({ shop, quote }: { shop: string; quote: ReturnType<typeof useQuote> }) {
  const { t } = useTranslation();
  const codes = useCodes(shop);
  const [draft, setDraft] = useState<Codes>({});
  const failed = quote.error ? failedCode(quote.error) : null;
  const row = (k: 'couponCode' | 'redPacketCode') => {
    const label = k === 'couponCode' ? t('storefront.promo.coupon') : t('storefront.promo.redPacket');
    const applied = codes[k];
    const amount = quote.data ? (k === 'couponCode' ? quote.data.couponOff : quote.data.redPacketOff) : null;
    const apply = () => {
      const v = (draft[k] ?? '').trim().toUpperCase();
      if (!CODE.test(v)) return;
      saveCodes(shop, { ...codes, [k]: v });
      setDraft({ ...draft, [k]: '' });
    };
    return (
      <div className="sf-promo-row" data-testid={`promo-${k === 'couponCode' ? 'coupon' : 'red-packet'}`}>
        <span className="sf-promo-label">{label}</span>
        {applied ? (
          <>
            <span className="sf-promo-code">{applied}{k === 'couponCode' && quote.data?.coupon ? ` · ${quote.data.coupon.name}` : ''}</span>
            <span className="spacer" />
            {quote.isFetching ? <span className="hint">{t('storefront.promo.checking')}</span>
              : amount !== null && failed === null ? <strong className="price sf-promo-off" data-testid={`promo-off-${k}`}>−{price(amount)}</strong> : null}
            <button type="button" className="btn btn-small btn-ghost" onClick={() => saveCodes(shop, { ...codes, [k]: undefined })}>{t('storefront.promo.remove')}</button>
          </>
        ) : (
          // Not a <form>: the card sits inside the checkout form, and Enter here must apply, not order.
          <div className="sf-promo-form">
            <input value={draft[k] ?? ''} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} maxLength={32} autoCapitalize="characters"
              onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); apply(); } }}
              placeholder={k === 'couponCode' ? t('storefront.promo.couponPlaceholder') : t('storefront.promo.redPacketPlaceholder')} aria-label={label}
              data-testid={`promo-input-${k === 'couponCode' ? 'coupon' : 'red-packet'}`} />
            <button type="button" className="btn btn-small" onClick={apply} disabled={!CODE.test((draft[k] ?? '').trim())} data-testid={`promo-apply-${k === 'couponCode' ? 'coupon' : 'red-packet'}`}>{t('storefront.promo.apply')}</button>
          </div>
        )}
        {applied && failed === k && <span className="field-error sf-promo-error" role="alert" data-testid="promo-error">{reasonText(t, quote.error)}</span>}
      </div>
    );
  };
  return (
    <section className="card sf-promo" aria-labelledby="sf-promo-h">
      <h2 id="sf-promo-h" className="sf-card-title">{t('storefront.promo.title')}</h2>
      {row('couponCode')}
      {row('redPacketCode')}
      {quote.data && !quote.error && quote.data.discountTotal > 0 && (
        <dl className="sf-promo-sum" data-testid="promo-summary">
          <div><dt>{t('storefront.promo.subtotal')}</dt><dd className="price">{price(quote.data.subtotal)}</dd></div>
          <div><dt>{t('storefront.promo.discount')}</dt><dd className="price sf-promo-off" data-testid="checkout-discount">−{price(quote.data.discountTotal)}</dd></div>
          <div><dt>{t('storefront.promo.payable')}</dt><dd className="price"><strong>{price(quote.data.amountDue)}</strong></dd></div>
        </dl>
      )}
    </section>
  );
}
