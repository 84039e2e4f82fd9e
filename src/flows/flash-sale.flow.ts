// Reading flash sales for the people who sell and buy: the reseller's list (with margin and the
// link to share) and a shop's list (the consumer's price only), with product facts.
import { authorize } from '../platform/access.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { productCards } from '../modules/catalog/index.ts';
import { resellerByShareCode, getReseller } from '../modules/resellers/index.ts';
import { flashItemViews, type FlashItemView } from '../modules/flash-sales/index.ts';
import { saleEventHeads } from '../modules/sale-events/index.ts';

export interface FlashCard extends Omit<FlashItemView, 'basePrice' | 'brandId'> {
  productName: string; colour: string; size: string; image: string | null; eventTitle: string;
}

async function cards(ctx: Ctx, items: FlashItemView[]): Promise<(FlashCard & { basePrice: number })[]> {
  const products = await productCards(ctx, [...new Set(items.map((i) => i.productId))]);
  const heads = await saleEventHeads(ctx, [...new Set(items.map((i) => i.saleEventId))]);
  return items.map((i) => {
    const p = products.get(i.productId);
    const s = p?.skus.get(i.skuId);
    const { brandId: _b, ...rest } = i;
    return { ...rest, productName: p?.name ?? '', colour: s?.colour ?? '', size: s?.size ?? '', image: s?.image ?? p?.images[0] ?? null, eventTitle: heads.get(i.saleEventId)?.title ?? '' };
  });
}

/** Live and upcoming flash items for a reseller to share: price, platform price and margin per unit. */
export async function resellerFlashItems(ctx: Ctx): Promise<{ shareCode: string | null; items: (FlashCard & { basePrice: number; margin: number })[] }> {
  authorize(ctx, 'campaigns.browse');
  const shareCode = ctx.actor.kind === 'reseller' ? (await getReseller(ctx, ctx.actor.resellerId)).shareCode : null;
  const items = await cards(ctx, await flashItemViews(ctx, { liveOrUpcoming: true }));
  return { shareCode, items: items.map((i) => ({ ...i, margin: i.price - i.basePrice })) };
}

/** A shop's flash items (live and upcoming): the consumer's price only. */
export async function storefrontFlashItems(ctx: Ctx, shareCode: string, saleEventId?: string): Promise<{ resellerName: string; items: FlashCard[] }> {
  authorize(ctx, 'storefront.buy');
  const reseller = await resellerByShareCode(ctx, shareCode);
  if (!reseller) throw new AppError('storefront_not_found');
  const views = await flashItemViews(ctx, saleEventId ? { saleEventIds: [saleEventId] } : { liveOrUpcoming: true });
  const items = await cards(ctx, views);
  return { resellerName: reseller.name, items: items.map(({ basePrice: _b, ...i }) => i) };
}
