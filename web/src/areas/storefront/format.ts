// Display helpers for the storefront: shop-style prices, dates, size order, phone masking.
import { yuan, zhe } from '../../lib/money.ts';
import { phoneWhen } from '../../lib/device.ts';
import { buyableNowPrices, deepestDiscountTenths } from '../../../../src/modules/pricing/pricing.rules.ts';

/** ¥575.00, ¥1,299.00: the one money format of the platform (lib/money.ts), so a shop never
 * prints ¥575 beside ¥575.50. */
export const price = (fen: number) => yuan(fen);

/**
 * "3折" / "3.5折" in Chinese, "70% off" in English; null when there is no real discount. The
 * server's own rule (pricing.rules.ts deepestDiscountTenths, pure and imported as it is): rounded
 * UP to a tenth of 折 (¥499 on a ¥1,899 tag is 2.63折 and reads 2.7折) and nothing under 1 % off,
 * so a tag never promises more than the price and the shop reads as the event badges and posters.
 */
export function discount(priceFen: number, tagFen: number): { zhe: string; off: number } | null {
  const tenths = deepestDiscountTenths([{ price: priceFen, tagPrice: tagFen }]);
  return tenths === null ? null : zhe(tenths);
}

/**
 * The deepest discount among the items a shopper can buy now (pricing.rules buyableNowPrices: in
 * stock, a flash item while its sale is on, at the price it sells at), in tenths of 折; null when
 * none is below its tag — what the shop's cards say of the same event.
 */
export function deepestDiscount(items: { price: number; tagPrice: number; available: number; flash: { price: number; phase: string } | null }[]): number | null {
  return deepestDiscountTenths(buyableNowPrices(items));
}

/** 12月8日 02:38: the phone areas' time (lib/device phoneWhen). */
export const when = phoneWhen;

const LETTERS = ['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', 'XXXL', 'XXXXL'];
const ALIASES: Record<string, string> = { '2XL': 'XXL', '3XL': 'XXXL', '4XL': 'XXXXL' };

/** S < M < L < XL, 90 < 100 < 110; anything else keeps its original order. */
export function sortSizes(sizes: string[]): string[] {
  const rank = (s: string): number | null => {
    const u = s.trim().toUpperCase();
    const l = LETTERS.indexOf(ALIASES[u] ?? u);
    if (l >= 0) return l;
    const n = /^(\d+(?:\.\d+)?)/.exec(u);
    return n ? 100 + Number(n[1]) : null;
  };
  return sizes.map((s, i) => ({ s, i, r: rank(s) })).sort((a, b) => (a.r !== null && b.r !== null ? a.r - b.r : a.i - b.i)).map((x) => x.s);
}

export const unique = <T,>(xs: T[]) => [...new Set(xs)];

/** 138****8000: the order link may be forwarded, the phone need not travel with it. */
export { maskPhone } from '../../lib/phone.ts';

export function mmss(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
