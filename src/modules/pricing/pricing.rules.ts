// Markup windows and selling prices. The window is a percentage range over the base price
// (平台价); a reseller's price must fall inside it, to the fen.
import { BPS } from '../../platform/money.ts';

export interface MarkupWindow { minBps: number; maxBps: number; suggestedBps: number }
export interface PriceBounds { min: number; max: number; suggested: number }

/** ⌊a ÷ d⌋ of safe non-negative integers, exactly: the float quotient corrected by its remainder. */
function floorDiv(a: number, d: number): number {
  let q = Math.floor(a / d);
  const r = a - q * d;
  if (r < 0) q -= 1; else if (r >= d) q += 1;
  return q;
}

/**
 * The lowest and highest selling prices a window allows for a base price: the minimum rounds
 * up and the maximum rounds down, so both stay inside the percentages. The suggested price is
 * rounded to a whole yuan (prices people say in chat), then kept inside the bounds. Integer
 * arithmetic throughout: in numbers while base × (100 % + markup) stays a safe integer (every
 * price there is: ¥4.5 billion at a 100 % markup), in BigInt beyond — every order line is priced
 * here, and BigInt's allocations were a few percent of a checkout's CPU.
 */
export function priceBounds(basePrice: number, w: MarkupWindow): PriceBounds {
  // ⌊(base × (100 % + bps) + add) ÷ 100 %⌋
  const inNumbers = Number.isSafeInteger(basePrice) && basePrice >= 0
    && Number.isSafeInteger(basePrice * (BPS + Math.max(w.minBps, w.maxBps, w.suggestedBps)) + BPS);
  const scaled = (bps: number, add: number) => inNumbers
    ? floorDiv(basePrice * (BPS + bps) + add, BPS)
    : Number((BigInt(basePrice) * BigInt(BPS + bps) + BigInt(add)) / BigInt(BPS));
  const min = scaled(w.minBps, BPS - 1);
  const max = scaled(w.maxBps, 0);
  const raw = scaled(w.suggestedBps, BPS / 2);
  const whole = Math.round(raw / 100) * 100;
  const suggested = whole >= min && whole <= max ? whole : Math.min(Math.max(raw, min), max);
  return { min, max, suggested };
}

export function isInsideWindow(basePrice: number, w: MarkupWindow, price: number): boolean {
  const { min, max } = priceBounds(basePrice, w);
  return Number.isSafeInteger(price) && price >= min && price <= max;
}

/** The price a consumer pays through a reseller: the reseller's own, or the suggested one. */
export function sellingPriceFor(basePrice: number, w: MarkupWindow, resellerPrice: number | undefined): number {
  if (resellerPrice !== undefined && isInsideWindow(basePrice, w, resellerPrice)) return resellerPrice;
  return priceBounds(basePrice, w).suggested;
}

/**
 * The deepest discount a set of prices really gives, as tenths of 折 (27 = 2.7折 = 73% off):
 * the lowest price ÷ its tag price, rounded UP to a tenth so the badge never promises more than
 * the prices give (¥499.00 on a ¥1,899.00 tag is 2.63折 and reads 2.7折). Null when nothing is
 * a whole per cent below its tag price.
 */
export function deepestDiscountTenths(items: readonly { price: number; tagPrice: number }[]): number | null {
  let best: number | null = null;
  for (const { price, tagPrice } of items) {
    if (tagPrice <= 0 || price <= 0 || price >= tagPrice) continue;
    const tenths = Math.ceil((price * 100) / tagPrice); // integers: exact for any fen amount below 2^53 / 100
    // Less than 1 % off reads 10折 / 0% off: no discount to print.
    if (tenths >= 100) continue;
    if (best === null || tenths < best) best = tenths;
  }
  return best;
}

/**
 * What an event's 低至N折 badge is worked out from: the items a shopper can buy now — a regular
 * item in stock at the shop's price, a flash-sale item only while its flash sale is on (its own
 * units left) at its flash price; an upcoming, sold-out or ended flash item is not sold at all.
 * The same rule for the shop's cards (server) and the event page (web).
 */
export function buyableNowPrices(skus: readonly { price: number; tagPrice: number; available: number; flash: { price: number; phase: string } | null }[]): { price: number; tagPrice: number }[] {
  return skus.filter((s) => (s.flash ? s.flash.phase === 'on_sale' : s.available > 0))
    .map((s) => ({ price: s.flash ? s.flash.price : s.price, tagPrice: s.tagPrice }));
}
