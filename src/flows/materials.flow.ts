// Proof for resellers to forward, and buyers' own photos: a brand (its own events) or the
// operator attaches material to a sale event — 品牌授权书, 质检报告, 实拍图 — which every reseller
// selling the event sees; a consumer adds photos to a delivered order through the order's link
// (晒单), which the order's reseller may reuse in their share kit.
import { authorize } from '../platform/access.ts';
import { withTx, type Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { saveDataUrlImages } from '../platform/uploads.ts';
import { publicSaleEvent, saleEventHeads } from '../modules/sale-events/index.ts';
import { readOrderByToken } from '../modules/orders/index.ts';
import {
  addMaterial, addOrderPhotos, materialsOf, myBuyerPhotos, photosOfOrder, removeMaterial, MAX_ORDER_PHOTOS,
  type MaterialKind, type MaterialView, type OrderPhotoView,
} from '../modules/sharing/index.ts';

/** The event's brand, for the ownership check; a reseller may read only events past their draft. */
async function eventBrand(ctx: Ctx, saleEventId: string): Promise<string | null> {
  if (ctx.actor.kind === 'reseller') return (await publicSaleEvent(ctx, saleEventId))?.brandId ?? null;
  return (await saleEventHeads(ctx, [saleEventId])).get(saleEventId)?.brandId ?? null;
}

export async function eventMaterialsFor(ctx: Ctx, saleEventId: string): Promise<MaterialView[]> {
  const brandId = await eventBrand(ctx, saleEventId);
  authorize(ctx, 'sharing.materials.read', ctx.actor.kind === 'brand' ? { brandId: brandId ?? '\u0000' } : undefined);
  if (!brandId) throw new AppError('not_found');
  return materialsOf(ctx, saleEventId);
}

export async function attachMaterial(ctx: Ctx, saleEventId: string, input: { kind: MaterialKind; title: string; image: string }): Promise<MaterialView> {
  const brandId = await eventBrand(ctx, saleEventId);
  authorize(ctx, 'sharing.materials.manage', { brandId: brandId ?? '\u0000' });
  if (!brandId) throw new AppError('not_found');
  const [url] = await saveDataUrlImages(ctx, [input.image], { max: 1, field: 'image', maxBytes: 5 * 1024 * 1024 });
  return withTx(ctx, (t) => addMaterial(t, { saleEventId, brandId, kind: input.kind, title: input.title, url }));
}

export async function detachMaterial(ctx: Ctx, saleEventId: string, materialId: string): Promise<void> {
  const brandId = await eventBrand(ctx, saleEventId);
  authorize(ctx, 'sharing.materials.manage', { brandId: brandId ?? '\u0000' });
  if (!brandId || !(await removeMaterial(ctx, saleEventId, materialId))) throw new AppError('not_found');
}

/** 晒单: the consumer's photos of a delivered order, through the order's link. */
export async function addPhotosByToken(ctx: Ctx, orderId: string, token: string, input: { photos: string[]; note?: string }): Promise<OrderPhotoView[]> {
  authorize(ctx, 'storefront.buy');
  const { order, lines } = await readOrderByToken(ctx, orderId, token);
  if (!lines.some((l) => l.qtyDelivered > 0)) throw new AppError('order_not_delivered');
  const already = (await photosOfOrder(ctx, orderId)).length;
  if (already + input.photos.length > MAX_ORDER_PHOTOS) throw new AppError('validation_failed', { fields: [{ path: 'photos', message: `at most ${MAX_ORDER_PHOTOS} photos per order (${already} already)` }] });
  const urls = await saveDataUrlImages(ctx, input.photos, { max: MAX_ORDER_PHOTOS, field: 'photos' });
  const productIds = [...new Set(lines.filter((l) => l.qtyDelivered > 0).map((l) => l.productId))];
  return withTx(ctx, (t) => addOrderPhotos(t, { orderId, resellerId: order.resellerId, productIds, urls, note: input.note?.trim() ?? '' }));
}

export async function photosByToken(ctx: Ctx, orderId: string, token: string): Promise<OrderPhotoView[]> {
  authorize(ctx, 'storefront.buy');
  await readOrderByToken(ctx, orderId, token);
  return photosOfOrder(ctx, orderId);
}

/** 买家秀: my buyers' photos (of one product when asked), to reuse in my share kit. */
export async function buyerPhotos(ctx: Ctx, productId?: string): Promise<OrderPhotoView[]> {
  authorize(ctx, 'sharing.visitors');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  return myBuyerPhotos(ctx, ctx.actor.resellerId, productId);
}
