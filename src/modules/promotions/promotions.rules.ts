// Pure discount computation: what a coupon and a red packet take off an order, line by line,
// and who bears each fen. No I/O; the service reads codes and reserves caps around this.
import { prorate, BPS } from '../../platform/money.ts';
import { splitLine } from '../ledger/index.ts';

export type CouponKind = 'threshold' | 'fixed' | 'percent' | 'bogo';
export type Bearer = 'platform' | 'brand' | 'reseller';

/** One line of the order as the payer sees it (storefront: the reseller's selling price). */
export interface DiscountableLine { brandId: string; quantity: number; basePrice: number; sellingPrice: number; commissionBps: number }

export interface CouponTerms {
  id: string; kind: CouponKind; threshold: number; amountOff: number; percentBps: number; maxOff: number | null;
  fundedBy: 'platform' | 'brand'; brandId: string | null;
}

export interface RedPacketTerms { id: string; resellerId: string; amount: number; minSpend: number }

export interface LineDiscount { lineIndex: number; source: 'coupon' | 'red_packet'; sourceId: string; bearer: Bearer; bearerPartyId: string; amount: number }

/** Why a code does not apply to this order (shown to the consumer; nothing is reserved). */
export type Refusal =
  | { source: 'coupon'; reason: 'no_eligible_items' | 'below_threshold' | 'nothing_off'; threshold?: number }
  | { source: 'red_packet'; reason: 'below_min_spend' | 'order_too_small'; minSpend?: number };

export interface DiscountPlan {
  subtotal: number;
  couponOff: number;
  redPacketOff: number;
  discountTotal: number;
  amountDue: number;
  lines: LineDiscount[];
  refusal: Refusal | null;
}

/** The payer always pays at least this much (the database refuses an order with nothing due). */
export const MIN_PAYMENT = 1;

const lineTotal = (l: DiscountableLine) => l.sellingPrice * l.quantity;

/** Spread `total` over lines in proportion to `caps`, never giving a line more than its cap. */
function spread(total: number, caps: number[]): number[] {
  if (total <= 0) return caps.map(() => 0);
  // total ≤ Σcaps, so each largest-remainder share stays ≤ its cap.
  return prorate(total, caps);
}

/**
 * What a coupon takes off, per line, before any red packet. Brand-funded coupons discount only
 * that brand's lines, and never more on a line than what the brand is owed for it; no line goes
 * below zero; the order keeps at least MIN_PAYMENT to pay.
 */
export function couponDiscount(lines: DiscountableLine[], c: CouponTerms): { amounts: number[]; refusal: Refusal | null } {
  const zero = lines.map(() => 0);
  const eligible = lines.map((l) => c.fundedBy === 'platform' || l.brandId === c.brandId);
  if (!eligible.some(Boolean)) return { amounts: zero, refusal: { source: 'coupon', reason: 'no_eligible_items' } };
  const eligibleSubtotal = lines.reduce((a, l, i) => a + (eligible[i] ? lineTotal(l) : 0), 0);
  if (eligibleSubtotal < c.threshold) return { amounts: zero, refusal: { source: 'coupon', reason: 'below_threshold', threshold: c.threshold } };
  const caps = lines.map((l, i) => {
    if (!eligible[i]) return 0;
    return c.fundedBy === 'brand' ? Math.min(lineTotal(l), splitLine(l).brandPayable) : lineTotal(l);
  });
  const orderRoom = lines.reduce((a, l) => a + lineTotal(l), 0) - MIN_PAYMENT;
  const room = Math.max(0, Math.min(orderRoom, caps.reduce((a, b) => a + b, 0)));
  let amounts: number[];
  if (c.kind === 'bogo') {
    // For each SKU line of two or more, every second unit is free at that line's price.
    const wanted = lines.map((l, i) => Math.min(caps[i], Math.floor(l.quantity / 2) * l.sellingPrice));
    const sum = wanted.reduce((a, b) => a + b, 0);
    amounts = sum <= room ? wanted : (room > 0 ? prorate(room, wanted) : zero);
  } else {
    let off = c.kind === 'percent' ? Math.floor((eligibleSubtotal * c.percentBps) / BPS) : c.amountOff;
    if (c.maxOff !== null) off = Math.min(off, c.maxOff);
    amounts = spread(Math.min(off, room), caps);
  }
  if (amounts.every((a) => a === 0)) return { amounts: zero, refusal: { source: 'coupon', reason: 'nothing_off' } };
  return { amounts, refusal: null };
}

/**
 * Plan an order's discounts: the coupon first, then the red packet on what is left. A red packet
 * is used whole or not at all (its face value is what the reseller paid for it), so the order must
 * leave at least MIN_PAYMENT after it; min spend is judged on the subtotal before discounts.
 */
export function planDiscounts(lines: DiscountableLine[], input: { coupon?: CouponTerms | null; redPacket?: RedPacketTerms | null }): DiscountPlan {
  const subtotal = lines.reduce((a, l) => a + lineTotal(l), 0);
  const out: LineDiscount[] = [];
  const plan = (refusal: Refusal | null): DiscountPlan => {
    // A refused code refuses the whole plan: the consumer fixes the code, nothing half-applies.
    if (refusal) return { subtotal, couponOff: 0, redPacketOff: 0, discountTotal: 0, amountDue: subtotal, lines: [], refusal };
    const couponOff = out.filter((d) => d.source === 'coupon').reduce((a, d) => a + d.amount, 0);
    const redPacketOff = out.filter((d) => d.source === 'red_packet').reduce((a, d) => a + d.amount, 0);
    return { subtotal, couponOff, redPacketOff, discountTotal: couponOff + redPacketOff, amountDue: subtotal - couponOff - redPacketOff, lines: out, refusal: null };
  };
  const left = lines.map(lineTotal);
  const c = input.coupon;
  if (c) {
    const r = couponDiscount(lines, c);
    if (r.refusal) return plan(r.refusal);
    r.amounts.forEach((amount, i) => {
      if (amount <= 0) return;
      left[i] -= amount;
      out.push({ lineIndex: i, source: 'coupon', sourceId: c.id, bearer: c.fundedBy, bearerPartyId: c.fundedBy === 'brand' ? c.brandId! : '', amount });
    });
  }
  const p = input.redPacket;
  if (p) {
    if (subtotal < p.minSpend) return plan({ source: 'red_packet', reason: 'below_min_spend', minSpend: p.minSpend });
    const remaining = left.reduce((a, b) => a + b, 0);
    if (p.amount > remaining - MIN_PAYMENT) return plan({ source: 'red_packet', reason: 'order_too_small' });
    spread(p.amount, left).forEach((amount, i) => {
      if (amount > 0) out.push({ lineIndex: i, source: 'red_packet', sourceId: p.id, bearer: 'reseller', bearerPartyId: p.resellerId, amount });
    });
  }
  return plan(null);
}

/** A red packet's code: 10 characters without look-alikes (no 0/O, 1/I/L). */
export function redPacketCode(random: Uint8Array): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return 'HB' + [...random.slice(0, 8)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Coupon codes are what people type: letters and digits, compared in upper case. */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}
