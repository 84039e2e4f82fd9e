// Coupons and red packets at checkout: the coupons this cart can use, listed with the best one
// chosen; codes typed in or carried by a shared link (?rp= / ?coupon=), kept per shop until an order
// uses them; priced by the server's quote before the order is placed. A code is taken only once the
// server accepts it: one it refuses is explained on its own and leaves the applied codes and their
// price as they were.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, post } from '../../lib/api.ts';
import { price } from './format.ts';
import { CHINA_TIME } from '../../lib/device.ts';
import './promotions.i18n.ts';
import './addresses.i18n.ts';
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
    }
  }, [search, shop, t]);
  // Shown for 4 s, wherever the consumer goes meanwhile: the timer is the note's own, so moving on
  // to an event (a new search) does not cancel it and leave the note over the page for good.
  useEffect(() => {
    if (!note) return undefined;
    const h = setTimeout(() => setNote(null), 4000);
    return () => clearTimeout(h);
  }, [note]);
  return note ? <div className="sf-promo-note" role="status" data-testid="promo-link-note">{note}</div> : null;
}

type Line = { eventSkuId: string; quantity: number };

const quoteKey = (shop: string, lines: Line[], codes: Codes, phone: string | undefined) =>
  ['sf', shop, 'quote', JSON.stringify(lines), codes.couponCode ?? '', codes.redPacketCode ?? '', phone ?? ''];
const fetchQuote = (shop: string, lines: Line[], codes: Codes, phone: string | undefined) =>
  post<Quote>(`/storefront/${shop}/quote`, { lines, ...codes, ...(phone ? { phone } : {}) });

/** The server's price for this cart with these codes; refreshed when the cart, codes or phone change. */
export function useQuote(shop: string, lines: Line[], codes: Codes, phone: string | undefined) {
  const any = Boolean(codes.couponCode || codes.redPacketCode);
  return useQuery({
    queryKey: quoteKey(shop, lines, codes, phone),
    enabled: any && lines.length > 0,
    retry: false,
    queryFn: () => fetchQuote(shop, lines, codes, phone),
  });
}

/** Why the server refused a code, in the page's words (the quote's and the order's refusals read the same). */
export function reasonText(t: ReturnType<typeof useTranslation>['t'], e: unknown): string {
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

export interface CheckoutCoupon {
  code: string; name: string; kind: 'threshold' | 'fixed' | 'percent' | 'bogo'; threshold: number; amountOff: number; percentBps: number; maxOff: number | null;
  validTo: string; off: number; usable: boolean; reason: 'below_threshold' | 'nothing_off' | null; best: boolean; short: number;
}

/** Shops where the consumer chose or removed a coupon by hand this visit: the best is no longer chosen for them. */
const choseByHand = new Set<string>();

/** The coupons this cart can use now, best first (server-priced for this cart and phone). */
function useCheckoutCoupons(shop: string, lines: Line[], phone: string | undefined) {
  return useQuery({
    queryKey: ['sf', shop, 'coupons', JSON.stringify(lines), phone ?? ''],
    enabled: lines.length > 0,
    retry: false,
    staleTime: 30_000,
    queryFn: async () => (await post<{ items: CheckoutCoupon[] }>(`/storefront/${shop}/coupons`, { lines, ...(phone ? { phone } : {}) })).items,
  });
}

/** `face`: what the coupon's left column says in a few characters; `big`: its headline in the terms line. */
function couponTerms(t: ReturnType<typeof useTranslation>['t'], c: CheckoutCoupon): { big: string; small: string; face?: string } {
  const small = c.threshold > 0 ? t('storefront.couponList.threshold', { threshold: price(c.threshold) }) : t('storefront.couponList.noThreshold');
  if (c.kind === 'percent') {
    // 12% off reads 8.8折 in Chinese and "12% off" in English.
    const rate = t('storefront.couponList.percent', { zhe: Number(((10000 - c.percentBps) / 1000).toFixed(2)), pct: Number((c.percentBps / 100).toFixed(2)) });
    return { big: rate, small: c.maxOff ? `${small} · ${t('storefront.couponList.percentMax', { max: price(c.maxOff) })}` : small };
  }
  if (c.kind === 'bogo') return { big: t('storefront.couponList.bogo'), small, face: t('storefront.couponList.bogoFace') };
  return { big: price(c.amountOff), small };
}

/** Tap a coupon to use it; the best is chosen for the consumer unless they chose otherwise. */
function CouponList({ shop, lines, phone }: { shop: string; lines: Line[]; phone: string | undefined }) {
  const { t, i18n } = useTranslation();
  const codes = useCodes(shop);
  const q = useCheckoutCoupons(shop, lines, phone);
  const best = q.data?.find((c) => c.best);
  useEffect(() => {
    if (!choseByHand.has(shop) && best && !codes.couponCode) saveCodes(shop, { ...codes, couponCode: best.code });
  }, [best, codes, shop]);
  if (!q.data) return null;
  const pick = (code: string | undefined) => { choseByHand.add(shop); saveCodes(shop, { ...codes, couponCode: code }); };
  const date = (iso: string) => new Date(iso).toLocaleDateString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { month: 'short', day: 'numeric', timeZone: CHINA_TIME });
  return (
    <div className="sf-coupons" data-testid="coupon-list">
      <h3 className="sf-coupons-title">{t('storefront.couponList.title')}</h3>
      {q.data.length === 0 ? <p className="hint" data-testid="coupon-list-empty">{t('storefront.couponList.none')}</p> : (
        <ul className="sf-coupon-cards">
          {q.data.map((c) => {
            const chosen = codes.couponCode === c.code;
            const terms = couponTerms(t, c);
            return (
              <li key={c.code}>
                <button type="button" className={`sf-coupon ${chosen ? 'sf-coupon-chosen' : ''} ${c.usable ? '' : 'sf-coupon-off'}`} aria-pressed={chosen} disabled={!c.usable}
                  onClick={() => pick(chosen ? undefined : c.code)} data-testid="coupon-card" data-code={c.code}>
                  <span className="sf-coupon-amount">{c.usable && c.off > 0 && c.kind !== 'threshold' && c.kind !== 'fixed' ? `−${price(c.off)}` : terms.face ?? terms.big}</span>
                  <span className="sf-coupon-body">
                    <span className="sf-coupon-name">{c.name}{c.best && <span className="sf-coupon-best">{t('storefront.couponList.best')}</span>}</span>
                    <span className="sf-coupon-terms">{c.kind === 'percent' || c.kind === 'bogo' ? `${terms.big} · ${terms.small}` : terms.small}</span>
                    <span className="sf-coupon-until">{c.usable ? t('storefront.couponList.until', { date: date(c.validTo) }) : (c.reason === 'below_threshold' ? t('storefront.couponList.short', { gap: price(c.short) }) : t('storefront.promo.reasons.nothing_off'))}</span>
                  </span>
                  <span className="sf-coupon-state" aria-hidden>{chosen ? '✓' : ''}</span>
                </button>
              </li>
            );
          })}
          {q.data.some((c) => c.usable) && (
            <li>
              <button type="button" className={`sf-coupon sf-coupon-none ${codes.couponCode ? '' : 'sf-coupon-chosen'}`} aria-pressed={!codes.couponCode} onClick={() => pick(undefined)} data-testid="coupon-none">
                {t('storefront.couponList.notUse')}
              </button>
            </li>
          )}
        </ul>
      )}
    </div>
  );
}

/** The checkout's discount card: the coupons to tap, then one row per kind of code, applied lines with amounts, errors in words. */
export function DiscountBox({ shop, quote, lines, phone }: { shop: string; quote: ReturnType<typeof useQuote>; lines: Line[]; phone: string | undefined }) {
  const { t } = useTranslation();
  const codes = useCodes(shop);
  const client = useQueryClient();
  const [draft, setDraft] = useState<Codes>({});
  // A typed code being tried, and the last code the server refused with its reason.
  const [trying, setTrying] = useState<keyof Codes | null>(null);
  const [refused, setRefused] = useState<{ k: keyof Codes; text: string } | null>(null);
  const failed = quote.error ? failedCode(quote.error) : null;
  // A kept red packet the server now refuses (a link's code that is used up or unknown, another
  // customer's gift, a cart below its minimum) is let go, so the coupon's price and the order stand;
  // its code goes back into the field with the reason, one tap from trying again.
  useEffect(() => {
    if (failed !== 'redPacketCode' || !codes.redPacketCode) return;
    setRefused({ k: 'redPacketCode', text: reasonText(t, quote.error) });
    setDraft((d) => ({ ...d, redPacketCode: codes.redPacketCode }));
    saveCodes(shop, { ...read(shop), redPacketCode: undefined });
  }, [failed, codes.redPacketCode, quote.error, shop, t]);
  const row = (k: 'couponCode' | 'redPacketCode') => {
    const label = k === 'couponCode' ? t('storefront.promo.coupon') : t('storefront.promo.redPacket');
    const applied = codes[k];
    const amount = quote.data ? (k === 'couponCode' ? quote.data.couponOff : quote.data.redPacketOff) : null;
    // Priced with the other code first: a code the server refuses is not taken, and the last good
    // quote stays on the page.
    const apply = async () => {
      const v = (draft[k] ?? '').trim().toUpperCase();
      if (!CODE.test(v) || trying) return;
      const next = { ...codes, [k]: v };
      setTrying(k);
      setRefused(null);
      try {
        client.setQueryData(quoteKey(shop, lines, next, phone), await fetchQuote(shop, lines, next, phone));
      } catch (e) {
        if (failedCode(e) === k) { setRefused({ k, text: reasonText(t, e) }); return; }
        // Any other failure says nothing against this code: take it, and the quote says what is wrong.
      } finally {
        setTrying(null);
      }
      if (k === 'couponCode') choseByHand.add(shop);
      saveCodes(shop, { ...read(shop), [k]: v });
      setDraft((d) => ({ ...d, [k]: '' }));
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
            <button type="button" className="btn btn-small btn-ghost" onClick={() => { if (k === 'couponCode') choseByHand.add(shop); saveCodes(shop, { ...codes, [k]: undefined }); }}>{t('storefront.promo.remove')}</button>
          </>
        ) : (
          // Not a <form>: the card sits inside the checkout form, and Enter here must apply, not order.
          <div className="sf-promo-form">
            <input value={draft[k] ?? ''} maxLength={32} autoCapitalize="characters"
              onChange={(e) => { setDraft({ ...draft, [k]: e.target.value }); if (refused?.k === k) setRefused(null); }}
              onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void apply(); } }}
              placeholder={k === 'couponCode' ? t('storefront.promo.couponPlaceholder') : t('storefront.promo.redPacketPlaceholder')} aria-label={label}
              data-testid={`promo-input-${k === 'couponCode' ? 'coupon' : 'red-packet'}`} />
            <button type="button" className="btn btn-small" onClick={() => void apply()} disabled={trying !== null || !CODE.test((draft[k] ?? '').trim())}
              data-testid={`promo-apply-${k === 'couponCode' ? 'coupon' : 'red-packet'}`}>{trying === k ? t('storefront.promo.checking') : t('storefront.promo.apply')}</button>
          </div>
        )}
        {applied && failed === k && <span className="field-error sf-promo-error" role="alert" data-testid="promo-error">{reasonText(t, quote.error)}</span>}
        {!applied && refused?.k === k && <span className="field-error sf-promo-error" role="alert" data-testid="promo-error">{refused.text}</span>}
      </div>
    );
  };
  return (
    <section className="card sf-promo" aria-labelledby="sf-promo-h">
      <h2 id="sf-promo-h" className="sf-card-title">{t('storefront.promo.title')}</h2>
      <CouponList shop={shop} lines={lines} phone={phone} />
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
