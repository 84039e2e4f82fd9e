// A reseller's selling prices, per event SKU, always inside the event's markup window.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { publicSaleEvent } from '../sale-events/index.ts';
import { resellerPrices } from './pricing.tables.ts';
import { priceBounds, isInsideWindow } from './pricing.rules.ts';

export interface PriceInput { eventSkuId?: string; productId?: string; sellingPrice: number }

/**
 * Set my selling prices for an event. A product-level price applies to each of its SKUs; every
 * resulting price must be inside the window, or nothing is saved.
 */
export async function setPrices(ctx: Ctx, input: { saleEventId: string; prices: PriceInput[] }): Promise<{ eventSkuId: string; sellingPrice: number }[]> {
  authorize(ctx, 'prices.set');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const resellerId = ctx.actor.resellerId;
  const ev = await publicSaleEvent(ctx, input.saleEventId);
  if (!ev) throw new AppError('not_found');
  if (ev.status === 'ended' || ev.status === 'closed') throw new AppError('sale_event_not_live');
  const issues: FieldIssue[] = [];
  const out = new Map<string, number>();
  input.prices.forEach((p, i) => {
    const targets = p.eventSkuId ? ev.skus.filter((s) => s.eventSkuId === p.eventSkuId) : ev.skus.filter((s) => s.productId === p.productId);
    if (targets.length === 0) { issues.push({ path: `prices.${i}`, message: 'not in this sale event' }); return; }
    for (const s of targets) {
      if (!isInsideWindow(s.basePrice, ev.markup, p.sellingPrice)) {
        const b = priceBounds(s.basePrice, ev.markup);
        issues.push({ path: `prices.${i}.sellingPrice`, message: `must be between ${b.min} and ${b.max} fen`, ...{ min: b.min, max: b.max } as object });
      } else out.set(s.eventSkuId, p.sellingPrice);
    }
  });
  if (issues.length) throw new AppError('price_outside_window', { fields: issues });
  await withTx(ctx, async (t) => {
    const rows = [...out].map(([eventSkuId, sellingPrice]) => ({ resellerId, eventSkuId, saleEventId: ev.id, sellingPrice }));
    await t.db.insert(resellerPrices).values(rows).onConflictDoUpdate({
      target: [resellerPrices.resellerId, resellerPrices.eventSkuId],
      set: { sellingPrice: sql`excluded.selling_price`, updatedAt: sql`now()` },
    });
  });
  return [...out].map(([eventSkuId, sellingPrice]) => ({ eventSkuId, sellingPrice }));
}

/** A reseller's prices for the given event SKUs. */
export async function pricesOf(ctx: Ctx, resellerId: string, eventSkuIds: string[]): Promise<Map<string, number>> {
  if (eventSkuIds.length === 0) return new Map();
  const rows = await ctx.db.select({ id: resellerPrices.eventSkuId, p: resellerPrices.sellingPrice }).from(resellerPrices)
    .where(and(eq(resellerPrices.resellerId, resellerId), inArray(resellerPrices.eventSkuId, eventSkuIds)));
  return new Map(rows.map((r) => [r.id, r.p]));
}
