// Order rules: the lifecycle, line normalisation and server-side pricing. The server computes
// every price and total; nothing a client sends about money is trusted.
import type { Transitions } from '../../platform/state-machine.ts';
import type { FieldIssue } from '../../platform/errors.ts';
import { sellingPriceFor, type MarkupWindow } from '../pricing/index.ts';

export type OrderStatus = 'pending_payment' | 'paid' | 'expired' | 'cancelled' | 'shipped' | 'delivered' | 'completed';
export type OrderKind = 'reseller' | 'storefront';

export const orderTransitions: Transitions<OrderStatus> = {
  pending_payment: ['paid', 'expired', 'cancelled'],
  paid: ['cancelled', 'shipped'],
  shipped: ['delivered'],
  delivered: ['completed'],
  expired: [],
  cancelled: [],
  completed: [],
};

/** Statuses of an order that was paid (and may have moved on since). */
export const PAID_OR_LATER: readonly OrderStatus[] = ['paid', 'shipped', 'delivered', 'completed'];

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
