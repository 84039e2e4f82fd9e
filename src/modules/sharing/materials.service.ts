// Brand material on a sale event (授权书, 质检报告, 实拍图) and buyers' photos of their orders
// (晒单): kept here, checked by the flows that know the event and the order.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { actorRecord } from '../../platform/context.ts';
import { eventMaterials, orderPhotos } from './sharing.tables.ts';

export const MATERIAL_KINDS = ['authorisation', 'quality_report', 'photo', 'other'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];
export interface MaterialView { id: string; saleEventId: string; kind: MaterialKind; title: string; url: string; createdAt: Date }

/** At most this many live materials per event. */
export const MAX_MATERIALS = 30;
/** At most this many photos per order. */
export const MAX_ORDER_PHOTOS = 6;

const materialView = (r: typeof eventMaterials.$inferSelect): MaterialView => ({ id: r.id, saleEventId: r.saleEventId, kind: r.kind as MaterialKind, title: r.title, url: r.url, createdAt: r.createdAt });

export async function materialsOf(ctx: Ctx, saleEventId: string): Promise<MaterialView[]> {
  const rows = await ctx.db.select().from(eventMaterials).where(and(eq(eventMaterials.saleEventId, saleEventId), isNull(eventMaterials.removedAt))).orderBy(eventMaterials.createdAt);
  return rows.map(materialView);
}

/** Attach material to an event (the caller checked who may); refused past MAX_MATERIALS. Serialised per event. */
export async function addMaterial(ctx: Ctx, m: { saleEventId: string; brandId: string; kind: MaterialKind; title: string; url: string }): Promise<MaterialView> {
  await ctx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`materials:${m.saleEventId}`}))`);
  const [{ n }] = (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM event_materials WHERE sale_event_id = ${m.saleEventId} AND removed_at IS NULL`)).rows;
  if (n >= MAX_MATERIALS) throw new AppError('validation_failed', { fields: [{ path: 'image', message: `at most ${MAX_MATERIALS} materials per event` }] });
  const [row] = await ctx.db.insert(eventMaterials).values({ id: newId('mat'), ...m, addedBy: actorRecord(ctx.actor) }).returning();
  return materialView(row);
}

/** Remove a material (kept, marked removed); false when there is no such live material on the event. */
export async function removeMaterial(ctx: Ctx, saleEventId: string, id: string): Promise<boolean> {
  const r = await ctx.db.update(eventMaterials).set({ removedAt: sql`now()` })
    .where(and(eq(eventMaterials.id, id), eq(eventMaterials.saleEventId, saleEventId), isNull(eventMaterials.removedAt))).returning({ id: eventMaterials.id });
  return r.length === 1;
}

export interface OrderPhotoView { id: string; orderId: string; productIds: string[]; url: string; note: string; createdAt: Date }
const photoView = (r: typeof orderPhotos.$inferSelect): OrderPhotoView => ({ id: r.id, orderId: r.orderId, productIds: r.productIds, url: r.url, note: r.note, createdAt: r.createdAt });

/** Photos of one order, oldest first. */
export async function photosOfOrder(ctx: Ctx, orderId: string): Promise<OrderPhotoView[]> {
  return (await ctx.db.select().from(orderPhotos).where(eq(orderPhotos.orderId, orderId)).orderBy(orderPhotos.createdAt)).map(photoView);
}

/** Add photos to an order (the caller checked the order link and that something was delivered); serialised per order. */
export async function addOrderPhotos(ctx: Ctx, p: { orderId: string; resellerId: string; productIds: string[]; urls: string[]; note: string }): Promise<OrderPhotoView[]> {
  await ctx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`photos:${p.orderId}`}))`);
  const [{ n }] = (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM order_photos WHERE order_id = ${p.orderId}`)).rows;
  if (n + p.urls.length > MAX_ORDER_PHOTOS) throw new AppError('validation_failed', { fields: [{ path: 'photos', message: `at most ${MAX_ORDER_PHOTOS} photos per order (${n} already)` }] });
  await ctx.db.insert(orderPhotos).values(p.urls.map((url) => ({ id: newId('pho'), orderId: p.orderId, resellerId: p.resellerId, productIds: p.productIds, url, note: p.note })));
  return photosOfOrder(ctx, p.orderId);
}

/** The signed-in reseller's buyers' photos, newest first; of one product when asked. */
export async function myBuyerPhotos(ctx: Ctx, resellerId: string, productId?: string, limit = 60): Promise<OrderPhotoView[]> {
  const rows = await ctx.db.select().from(orderPhotos)
    .where(and(eq(orderPhotos.resellerId, resellerId), productId ? sql`${productId} = ANY(${orderPhotos.productIds})` : undefined))
    .orderBy(desc(orderPhotos.createdAt)).limit(limit);
  return rows.map(photoView);
}
