// Order rules: the lifecycle, line normalisation and server-side pricing. The server computes
// every price and total; nothing a client sends about money is trusted.
import type { Transitions } from '../../platform/state-machine.ts';
import type { FieldIssue } from '../../platform/errors.ts';
import { sellingPriceFor, type MarkupWindow } from '../pricing/index.ts';

export type OrderStatus = 'pending_payment' | 'paid' | 'partially_shipped' | 'shipped' | 'delivered' | 'completed' | 'expired' | 'cancelled';
export type OrderKind = 'reseller' | 'storefront';

/**
 * An order's lifecycle. After payment the status is derived from its lines (orderStatusOf):
 * paid (nothing shipped yet) → partially_shipped (some units on their way, others still to
 * ship) → shipped (every live unit shipped) → delivered (every shipped unit delivered) →
 * completed (the return window has passed). A paid order whose every unit is cancelled or
 * short is cancelled. Returns and refunds are counted on the lines; they never move an order back.
 */
export const orderTransitions: Transitions<OrderStatus> = {
  pending_payment: ['paid', 'expired', 'cancelled'],
  paid: ['partially_shipped', 'shipped', 'cancelled'],
  // The rest of the order ships, or turns out short (then what did ship decides).
  partially_shipped: ['shipped', 'delivered'],
  shipped: ['delivered'],
  delivered: ['completed'],
  expired: [],
  cancelled: [],
  completed: [],
};

/** Statuses of an order that was paid (and may have moved on since). */
export const PAID_OR_LATER: readonly OrderStatus[] = ['paid', 'partially_shipped', 'shipped', 'delivered', 'completed'];

/**
 * Where each unit of an order line is: every unit ordered is, at any time, in exactly one of
 * to-ship, cancelled, short (the brand did not deliver it, or it arrived damaged) and shipped;
 * shipped units may since have been delivered and returned; refunded counts the units whose money
 * went back (cancelled after payment, short, returned, refund-only). The database checks the same
 * sums (order_lines_qty_sums_ck, drizzle/0014).
 */
export interface LineQuantities {
  quantity: number; qtyCancelled: number; qtyShort: number; qtyShipped: number; qtyDelivered: number; qtyReturned: number; qtyRefunded: number;
}

/** Units of a line still to ship (live, not yet shipped). */
export function toShip(l: LineQuantities): number {
  return l.quantity - l.qtyCancelled - l.qtyShort - l.qtyShipped;
}

/** Units of a line the buyer still has the money for (paid, not refunded). */
export function unrefunded(l: LineQuantities): number {
  return l.quantity - l.qtyRefunded;
}

/** The sums every line must keep; the messages name the one broken. */
export function lineQuantityProblems(l: LineQuantities): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(l)) if (!Number.isInteger(v) || v < 0) out.push(`${k} must be a whole number ≥ 0`);
  if (l.quantity < 1) out.push('quantity must be at least 1');
  if (l.qtyCancelled + l.qtyShort + l.qtyShipped > l.quantity) out.push('cancelled + short + shipped exceeds the quantity');
  if (l.qtyDelivered > l.qtyShipped) out.push('delivered exceeds shipped');
  if (l.qtyReturned > l.qtyShipped) out.push('returned exceeds shipped');
  if (l.qtyRefunded > l.quantity) out.push('refunded exceeds the quantity');
  return out;
}

/**
 * A paid order's status from its lines (and whether its return window has passed). Unpaid
 * statuses (pending_payment, expired, and cancelled) are not derived: they stay as they are.
 */
export function orderStatusOf(current: OrderStatus, lines: LineQuantities[], windowPassed = false): OrderStatus {
  if (current === 'pending_payment' || current === 'expired' || current === 'cancelled') return current;
  const live = lines.reduce((a, l) => a + l.quantity - l.qtyCancelled - l.qtyShort, 0);
  const shipped = lines.reduce((a, l) => a + l.qtyShipped, 0);
  const delivered = lines.reduce((a, l) => a + l.qtyDelivered, 0);
  const waiting = lines.reduce((a, l) => a + toShip(l), 0);
  if (live === 0 && shipped === 0) return 'cancelled';
  if (shipped === 0) return 'paid';
  if (waiting > 0) return 'partially_shipped';
  if (delivered < shipped) return 'shipped';
  return windowPassed || current === 'completed' ? 'completed' : 'delivered';
}

export const MAX_LINE_QUANTITY = 99;
export const MAX_LINES = 50;

export interface RequestedLine { eventSkuId: string; quantity: number }

/** Merge repeated SKUs and check quantities; returns lines in a stable order. */
export function normaliseLines(lines: RequestedLine[]): { lines: RequestedLine[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const merged = new Map<string, number>();
  lines.forEach((l, i) => {
    if (!Number.isInteger(l.quantity) || l.quantity < 1) issues.push({ path: `lines.${i}.quantity`, message: 'must be a whole number of at least 1' });
    merged.set(l.eventSkuId, (merged.get(l.eventSkuId) ?? 0) + l.quantity);
  });
  for (const [id, q] of merged) if (q > MAX_LINE_QUANTITY) issues.push({ path: `lines.${id}`, message: `at most ${MAX_LINE_QUANTITY} of one item per order` });
  if (merged.size === 0) issues.push({ path: 'lines', message: 'an order needs at least one line' });
  if (merged.size > MAX_LINES) issues.push({ path: 'lines', message: `at most ${MAX_LINES} different items per order` });
  return { lines: [...merged].map(([eventSkuId, quantity]) => ({ eventSkuId, quantity })), issues };
}

export interface SkuTerms {
  eventSkuId: string; saleEventId: string; skuId: string; productId: string; brandId: string;
  basePrice: number; currency: string; commissionBps: number; markup: MarkupWindow; onSale: boolean;
}

export interface PricedLine extends RequestedLine {
  saleEventId: string; skuId: string; productId: string; brandId: string; basePrice: number; sellingPrice: number; commissionBps: number; currency: string;
}

export interface PricedOrder { lines: PricedLine[]; baseTotal: number; sellingTotal: number; amountDue: number; currency: string }

/**
 * Price an order. Storefront payers pay the reseller's selling price; a reseller placing an
 * order pays the base price (they collected the selling price in chat).
 */
export function priceOrder(kind: OrderKind, lines: RequestedLine[], terms: Map<string, SkuTerms>, resellerPrices: Map<string, number>,
  campaignPrices?: Map<string, { basePrice: number; sellingPrice: number }>):
  { order: PricedOrder; issues: FieldIssue[]; notLive: string[] } {
  const issues: FieldIssue[] = [];
  const notLive: string[] = [];
  const priced: PricedLine[] = [];
  lines.forEach((l, i) => {
    const t = terms.get(l.eventSkuId);
    if (!t) { issues.push({ path: `lines.${i}.eventSkuId`, message: 'no such item' }); return; }
    if (!t.onSale) { notLive.push(l.eventSkuId); return; }
    // A campaign (group buy) fixes both prices; otherwise the reseller's price inside the window.
    const fixed = campaignPrices?.get(l.eventSkuId);
    priced.push({
      ...l, saleEventId: t.saleEventId, skuId: t.skuId, productId: t.productId, brandId: t.brandId, basePrice: fixed?.basePrice ?? t.basePrice,
      sellingPrice: fixed?.sellingPrice ?? sellingPriceFor(t.basePrice, t.markup, resellerPrices.get(l.eventSkuId)), commissionBps: t.commissionBps, currency: t.currency,
    });
  });
  const currencies = new Set(priced.map((p) => p.currency));
  if (currencies.size > 1) issues.push({ path: 'lines', message: 'all items of an order must be in one currency' });
  const baseTotal = priced.reduce((a, p) => a + p.basePrice * p.quantity, 0);
  const sellingTotal = priced.reduce((a, p) => a + p.sellingPrice * p.quantity, 0);
  return {
    order: { lines: priced, baseTotal, sellingTotal, amountDue: kind === 'storefront' ? sellingTotal : baseTotal, currency: priced[0]?.currency ?? 'CNY' },
    issues, notLive,
  };
}

/** An order number (订单号): the order's day, yyyymmdd in Asia/Shanghai, and 8 digits. */
export const ORDER_NO = /^\d{8}\d{8}$/;
/** The fewest last digits of an order number a search matches on (fewer would match too many). */
export const MIN_ORDER_NO_TAIL = 4;

/**
 * What a search term says about order numbers: the whole number, or its last digits (as a
 * customer reads them out, spaces and dashes allowed), or nothing.
 */
export function orderNoTerm(q: string): { kind: 'whole' | 'tail'; digits: string } | null {
  const digits = q.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) return null;
  if (ORDER_NO.test(digits)) return { kind: 'whole', digits };
  return digits.length >= MIN_ORDER_NO_TAIL && digits.length < 16 ? { kind: 'tail', digits } : null;
}
