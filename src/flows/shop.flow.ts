// What resellers browse and what a shared link shows: events with their products, sizes and
// stock left. Resellers see base prices and their window; consumers see only the reseller's price.
import { authorize } from '../platform/access.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { liveAndUpcoming, publicSaleEvent, type SaleEventView } from '../modules/sale-events/index.ts';
import { productCards } from '../modules/catalog/index.ts';
import { buyableNowPrices, deepestDiscountTenths, pricesOf, priceBounds, sellingPriceFor } from '../modules/pricing/index.ts';
import { flashItemViews } from '../modules/flash-sales/index.ts';
import { presalesBy } from '../modules/presales/index.ts';
import { resellerByShareCode } from '../modules/resellers/index.ts';
import { brandNames } from '../modules/brands/index.ts';
import { onSaleEventChanged } from '../platform/changes.ts';

interface EventCard {
  id: string; title: string; brandId: string; brandName: string; startsAt: string; endsAt: string; status: string; onSale: boolean;
  productCount: number; stockLeft: number; soldCount: number; coverImage: string | null;
  /** The deepest discount this reseller's prices give on items in stock, in tenths of 折; null: none. */
  discountTenths: number | null;
  /** When orders stop: the event's end, or its presale's deadline when that is earlier (presale_closed after it). */
  ordersCloseAt: string;
}

/**
 * When each event stops taking orders: its end, or its presale's deadline when that comes first —
 * what every countdown and "still N hours" counts to, so nobody is told there is time after
 * orders are refused.
 */
async function ordersCloseAt(ctx: Ctx, events: { id: string; endsAt: Date }[]): Promise<Map<string, string>> {
  const deadlines = new Map((await presalesBy(ctx, { saleEventIds: events.map((e) => e.id) })).map((p) => [p.saleEventId, p.deadline]));
  return new Map(events.map((e) => {
    const d = deadlines.get(e.id);
    return [e.id, (d && d < e.endsAt ? d : e.endsAt).toISOString()];
  }));
}

/** Cards priced as one reseller sells (their prices, else the suggested ones); null: suggested prices. */
async function cards(ctx: Ctx, events: Awaited<ReturnType<typeof liveAndUpcoming>>, resellerId: string | null): Promise<EventCard[]> {
  const names = await brandNames(ctx, [...new Set(events.map((e) => e.brandId))]);
  const products = await productCards(ctx, [...new Set(events.flatMap((e) => e.skus.map((s) => s.productId)))]);
  const prices = resellerId ? await pricesOf(ctx, resellerId, events.flatMap((e) => e.skus.map((s) => s.eventSkuId))) : new Map<string, number>();
  const flash = events.length === 0 ? new Map<string, { price: number; phase: string }>()
    : new Map((await flashItemViews(ctx, { saleEventIds: events.map((e) => e.id) })).map((f) => [f.eventSkuId, f]));
  const closes = await ordersCloseAt(ctx, events);
  return events.map((e) => {
    // a title may not promise a discount; the card says what the prices give now, flash prices
    // included while their sale is on, as the event page does (docs/decisions.md)
    const discountTenths = deepestDiscountTenths(buyableNowPrices(e.skus.map((s) => ({
      price: sellingPriceFor(s.basePrice, e.markup, prices.get(s.eventSkuId)), tagPrice: s.tagPrice, available: s.available, flash: flash.get(s.eventSkuId) ?? null }))));
    const ids = [...new Set(e.skus.map((s) => s.productId))];
    const cover = ids.map((id) => products.get(id)).find((p) => p?.images.length)?.images[0] ?? null;
    return {
      id: e.id, title: e.title, brandId: e.brandId, brandName: names.get(e.brandId) ?? '', startsAt: e.startsAt.toISOString(), endsAt: e.endsAt.toISOString(),
      status: e.status, onSale: e.onSale, productCount: ids.length, stockLeft: e.skus.reduce((a, s) => a + s.available, 0),
      soldCount: e.skus.reduce((a, s) => a + s.sold, 0), coverImage: cover, discountTenths, ordersCloseAt: closes.get(e.id)!,
    };
  });
}

/** Live and upcoming events for a reseller. */
export async function browseSaleEvents(ctx: Ctx): Promise<EventCard[]> {
  authorize(ctx, 'sale-events.browse');
  return cards(ctx, await liveAndUpcoming(ctx), ctx.actor.kind === 'reseller' ? ctx.actor.resellerId : null);
}

function productsOf(v: SaleEventView, products: Awaited<ReturnType<typeof productCards>>) {
  const byProduct = new Map<string, SaleEventView['skus']>();
  for (const s of v.skus) byProduct.set(s.productId, [...(byProduct.get(s.productId) ?? []), s]);
  return [...byProduct].map(([productId, skus]) => ({ product: products.get(productId)!, skus }));
}

/** One event as a reseller sees it: base prices, the window, my price and my profit per item. */
export async function resellerSaleEvent(ctx: Ctx, id: string) {
  authorize(ctx, 'sale-events.browse');
  const v = await publicSaleEvent(ctx, id);
  if (!v) throw new AppError('not_found');
  const products = await productCards(ctx, [...new Set(v.skus.map((s) => s.productId))]);
  const mine = ctx.actor.kind === 'reseller' ? await pricesOf(ctx, ctx.actor.resellerId, v.skus.map((s) => s.eventSkuId)) : new Map<string, number>();
  const flash = await flashByEventSku(ctx, v.id);
  return {
    id: v.id, title: v.title, description: v.description, brandId: v.brandId, startsAt: v.startsAt.toISOString(), endsAt: v.endsAt.toISOString(),
    status: v.status, onSale: v.onSale, markup: v.markup, ordersCloseAt: (await ordersCloseAt(ctx, [v])).get(v.id)!,
    products: productsOf(v, products).map(({ product, skus }) => ({
      id: product.id, name: product.name, category: product.category, description: product.description, images: product.images,
      skus: skus.map((s) => {
        const bounds = priceBounds(s.basePrice, v.markup);
        const myPrice = mine.get(s.eventSkuId) ?? null;
        const selling = sellingPriceFor(s.basePrice, v.markup, myPrice ?? undefined);
        const sku = product.skus.get(s.skuId)!;
        return {
          eventSkuId: s.eventSkuId, skuId: s.skuId, colour: sku.colour, size: sku.size, image: sku.image, tagPrice: s.tagPrice, basePrice: s.basePrice,
          minPrice: bounds.min, maxPrice: bounds.max, suggestedPrice: bounds.suggested, myPrice, sellingPrice: selling,
          profit: selling - s.basePrice, available: s.available, sold: s.sold, currency: s.currency, pulled: s.pulledAt !== null,
          // A flash-sale item is sold at its flash price through its own page.
          flash: flash.get(s.eventSkuId) ?? null,
        };
      }),
    })),
  };
}

/** The shop behind a shared link: the reseller's live and upcoming events. */
export async function storefront(ctx: Ctx, shareCode: string) {
  const r = await resellerByShareCode(ctx, shareCode);
  if (!r) throw new AppError('storefront_not_found');
  return { shareCode: r.shareCode, resellerName: r.name, events: await cards(ctx, await liveAndUpcoming(ctx), r.id) };
}

/** One event in a shop: the reseller's prices, never base prices; an ended event says so. */
export async function storefrontSaleEvent(ctx: Ctx, shareCode: string, id: string) {
  const r = await resellerByShareCode(ctx, shareCode);
  if (!r) throw new AppError('storefront_not_found');
  const v = await publicSaleEvent(ctx, id);
  if (!v) throw new AppError('not_found');
  const products = await productCards(ctx, [...new Set(v.skus.map((s) => s.productId))]);
  const prices = await pricesOf(ctx, r.id, v.skus.map((s) => s.eventSkuId));
  const flash = await flashByEventSku(ctx, v.id);
  return {
    shareCode: r.shareCode, resellerName: r.name,
    id: v.id, title: v.title, description: v.description, startsAt: v.startsAt.toISOString(), endsAt: v.endsAt.toISOString(),
    status: v.status, onSale: v.onSale, ended: v.status === 'ended' || v.status === 'closed' || (!v.onSale && v.endsAt.getTime() <= Date.now()),
    ordersCloseAt: (await ordersCloseAt(ctx, [v])).get(v.id)!,
    products: productsOf(v, products).map(({ product, skus }) => ({
      id: product.id, name: product.name, category: product.category, description: product.description, images: product.images,
      skus: skus.map((s) => {
        const sku = product.skus.get(s.skuId)!;
        const f = flash.get(s.eventSkuId);
        return {
          eventSkuId: s.eventSkuId, colour: sku.colour, size: sku.size, image: sku.image, tagPrice: s.tagPrice, price: f?.price ?? sellingPriceFor(s.basePrice, v.markup, prices.get(s.eventSkuId)),
          available: s.available, currency: s.currency, pulled: s.pulledAt !== null, flash: f ?? null,
        };
      }),
    })),
  };
}

/** The event's flash-sale items by event SKU: id, flash price, start and phase. */
async function flashByEventSku(ctx: Ctx, saleEventId: string): Promise<Map<string, { id: string; price: number; startsAt: string; phase: string }>> {
  const items = await flashItemViews(ctx, { saleEventIds: [saleEventId] });
  return new Map(items.map((i) => [i.eventSkuId, { id: i.id, price: i.price, startsAt: i.startsAt.toISOString(), phase: i.phase }]));
}

/**
 * What every reseller's poster of an event is drawn from — the event, its products' cards, its
 * flash items, the brand's name — kept by this process for a second, so a burst of resellers
 * sharing one event at 10:00 reads it once. Prices are each reseller's and are read apart.
 */
export interface EventShowcase {
  event: SaleEventView & { onSale: boolean };
  products: { product: Awaited<ReturnType<typeof productCards>> extends Map<string, infer P> ? P : never; skus: SaleEventView['skus'] }[];
  flash: Map<string, { id: string; price: number; startsAt: string; phase: string }>;
  brandName: string;
}
const showcases = new Map<string, { until: number; value: Promise<EventShowcase | null> }>();
onSaleEventChanged((saleEventId) => showcases.delete(saleEventId));
const SHOWCASE_MS = 1000;

export function eventShowcase(ctx: Ctx, saleEventId: string): Promise<EventShowcase | null> {
  const now = Date.now();
  const hit = showcases.get(saleEventId);
  if (hit && hit.until > now) return hit.value;
  const value = (async () => {
    const v = await publicSaleEvent(ctx, saleEventId);
    if (!v) return null;
    const products = await productCards(ctx, [...new Set(v.skus.map((s) => s.productId))]);
    return { event: v, products: productsOf(v, products), flash: await flashByEventSku(ctx, v.id), brandName: (await brandNames(ctx, [v.brandId])).get(v.brandId) ?? '' };
  })();
  if (showcases.size > 500) showcases.clear();
  showcases.set(saleEventId, { until: now + SHOWCASE_MS, value });
  value.catch(() => showcases.delete(saleEventId));
  return value;
}
