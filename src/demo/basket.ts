// What a demo order buys and at what price a reseller sells it: shared by today's orders
// (seed.ts) and the month of history before them (seed-history.ts).
import { priceBounds, isInsideWindow } from '../modules/pricing/index.ts';
import type { MarkupWindow } from '../modules/sale-events/index.ts';
import type { LineInput } from '../flows/checkout.flow.ts';
import type { Rng } from './random.ts';

/** An event on sale while the seed places its orders, with the stock the seed has not yet taken. */
export interface SellingEvent {
  id: string; markup: MarkupWindow;
  skus: { eventSkuId: string; productId: string; basePrice: number; available: number }[];
}

/** A price people say in chat: the chosen markup rounded to a whole yuan, kept inside the window. */
export function chatPrice(basePrice: number, w: MarkupWindow, bps: number): number {
  const b = priceBounds(basePrice, w);
  const whole = Math.round((basePrice * (10_000 + bps)) / 10_000 / 100) * 100;
  const price = Math.min(Math.max(whole, b.min), b.max);
  return isInsideWindow(basePrice, w, price) ? price : b.suggested;
}

/** A reseller's selling prices on part of an event's products (a whole-yuan markup per product). */
export function chosenPrices(r: Rng, ev: SellingEvent): { eventSkuId: string; sellingPrice: number }[] {
  const productIds = [...new Set(ev.skus.map((x) => x.productId))];
  const chosen = new Set(r.sample(productIds, r.int(Math.ceil(productIds.length * 0.6), productIds.length)));
  const prices: { eventSkuId: string; sellingPrice: number }[] = [];
  for (const productId of chosen) {
    const bps = Math.round(r.int(ev.markup.minBps, ev.markup.maxBps) / 100) * 100;
    for (const sku of ev.skus.filter((x) => x.productId === productId)) prices.push({ eventSkuId: sku.eventSkuId, sellingPrice: chatPrice(sku.basePrice, ev.markup, bps) });
  }
  return prices;
}

/** One to three different items with stock left, mostly one of each, within the wallet. */
export function pickLines(r: Rng, ev: SellingEvent, budget: number): { lines: LineInput[]; baseTotal: number } | null {
  const candidates = ev.skus.filter((s) => s.available >= 3);
  const want = r.chance(0.55) ? 1 : r.chance(0.6) ? 2 : 3;
  const lines: LineInput[] = [];
  let baseTotal = 0;
  for (const s of r.sample(candidates, want)) {
    const quantity = r.chance(0.15) ? 2 : 1;
    if (baseTotal + s.basePrice * quantity > budget) continue;
    lines.push({ eventSkuId: s.eventSkuId, quantity });
    baseTotal += s.basePrice * quantity;
  }
  return lines.length ? { lines, baseTotal } : null;
}

export function take(ev: SellingEvent, lines: LineInput[]): void {
  for (const l of lines) ev.skus.find((s) => s.eventSkuId === l.eventSkuId)!.available -= l.quantity;
}
