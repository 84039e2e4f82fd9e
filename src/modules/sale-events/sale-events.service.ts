// Scheduling sale events (档期) and moving them along their lifecycle by the database clock.
import { and, asc, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import { authorize, scopeBrand } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { assertTransition } from '../../platform/state-machine.ts';
import { currentContract, getBrand } from '../brands/index.ts';
import { skusForBrand } from '../catalog/index.ts';
import { allocateToPool, poolsOf, returnUnsold, type PoolView } from '../inventory/index.ts';
import { saleEvents, saleEventSkus } from './sale-events.tables.ts';
import { saleEventTransitions, validateSaleEvent, type MarkupWindow, type SaleEventStatus } from './sale-events.rules.ts';

export interface NewSaleEvent {
  brandId: string; title: string; description?: string; startsAt: Date; endsAt: Date;
  markup: MarkupWindow; items: { skuId: string; quantity: number }[];
}

export interface SaleEventView {
  id: string; brandId: string; title: string; description: string; startsAt: Date; endsAt: Date; status: SaleEventStatus;
  markup: MarkupWindow; commissionBps: number; createdAt: Date;
  skus: (PoolView & { productId: string; basePrice: number; tagPrice: number; currency: string; pulledAt: Date | null })[];
}

/** Create a draft event for a brand: curated SKUs with stock pools taken from the lots. */
export async function createSaleEvent(ctx: Ctx, input: NewSaleEvent): Promise<SaleEventView> {
  authorize(ctx, 'sale-events.manage');
  await getBrand(ctx, input.brandId);
  const issues = validateSaleEvent(input);
  if (issues.length) throw new AppError('sale_event_invalid', { fields: issues });
  const contract = await currentContract(ctx, input.brandId);
  if (!contract) throw new AppError('sale_event_invalid', { detail: 'the brand has no contract in force', fields: [{ path: 'brandId', message: 'no contract in force' }] });
  const found = await skusForBrand(ctx, input.brandId, input.items.map((i) => i.skuId));
  const byId = new Map(found.map((s) => [s.id, s]));
  const missing = input.items.map((it, i) => ({ it, i })).filter(({ it }) => !byId.has(it.skuId));
  if (missing.length) throw new AppError('sale_event_invalid', { fields: missing.map(({ i }) => ({ path: `items.${i}.skuId`, message: 'not a SKU of this brand' })) });
  return withTx(ctx, async (t) => {
    const id = newId('evt');
    await t.db.insert(saleEvents).values({
      id, brandId: input.brandId, title: input.title, description: input.description ?? '', startsAt: input.startsAt, endsAt: input.endsAt,
      markupMinBps: input.markup.minBps, markupMaxBps: input.markup.maxBps, markupSuggestedBps: input.markup.suggestedBps,
      commissionBps: contract.commissionBps,
    });
    for (const it of input.items) {
      const s = byId.get(it.skuId)!;
      const eventSkuId = newId('esk');
      await t.db.insert(saleEventSkus).values({ id: eventSkuId, saleEventId: id, skuId: s.id, productId: s.productId, brandId: input.brandId, basePrice: s.basePrice, tagPrice: s.tagPrice, currency: s.currency });
      await allocateToPool(t, { eventSkuId, saleEventId: id, skuId: s.id, quantity: it.quantity });
    }
    return getSaleEvent(t, id);
  });
}

export interface SaleEventPatch {
  title?: string; description?: string; startsAt?: Date; endsAt?: Date; markup?: MarkupWindow;
  /** More SKUs, or more units for SKUs already in the event, from the lots' unallocated supply. */
  addItems?: { skuId: string; quantity: number }[];
}

/**
 * Edit an event. Before it starts everything may change; once live only its end may move later
 * and stock may be added (a restock), so resellers' shared prices and windows stay true.
 */
export async function updateSaleEvent(ctx: Ctx, id: string, patch: SaleEventPatch): Promise<SaleEventView> {
  authorize(ctx, 'sale-events.manage');
  const ev = await getSaleEvent(ctx, id);
  if (ev.status === 'ended' || ev.status === 'closed') throw new AppError('invalid_transition', { detail: 'an ended event cannot be edited' });
  const live = ev.status === 'live';
  const frozen = (['title', 'startsAt', 'markup'] as const).filter((k) => live && patch[k] !== undefined);
  if (frozen.length) throw new AppError('sale_event_invalid', { fields: frozen.map((k) => ({ path: k, message: 'cannot change once the event is live' })) });
  if (live && patch.endsAt && patch.endsAt < ev.endsAt) throw new AppError('sale_event_invalid', { fields: [{ path: 'endsAt', message: 'a live event can only be extended' }] });
  const next = { startsAt: patch.startsAt ?? ev.startsAt, endsAt: patch.endsAt ?? ev.endsAt, markup: patch.markup ?? ev.markup, items: patch.addItems ?? [] };
  const issues = validateSaleEvent(next);
  if (issues.length) throw new AppError('sale_event_invalid', { fields: issues });
  const found = await skusForBrand(ctx, ev.brandId, next.items.map((i) => i.skuId));
  const byId = new Map(found.map((s) => [s.id, s]));
  const missing = next.items.map((it, i) => ({ it, i })).filter(({ it }) => !byId.has(it.skuId));
  if (missing.length) throw new AppError('sale_event_invalid', { fields: missing.map(({ i }) => ({ path: `addItems.${i}.skuId`, message: 'not a SKU of this brand' })) });
  return withTx(ctx, async (t) => {
    const r = await t.db.update(saleEvents).set({
      title: patch.title ?? ev.title, description: patch.description ?? ev.description, startsAt: next.startsAt, endsAt: next.endsAt,
      markupMinBps: next.markup.minBps, markupMaxBps: next.markup.maxBps, markupSuggestedBps: next.markup.suggestedBps,
    }).where(and(eq(saleEvents.id, id), eq(saleEvents.status, ev.status))).returning({ id: saleEvents.id });
    if (r.length === 0) throw new AppError('conflict', { detail: 'the event changed meanwhile; reload and retry' });
    for (const it of next.items) {
      const s = byId.get(it.skuId)!;
      const existing = ev.skus.find((x) => x.skuId === it.skuId);
      const eventSkuId = existing?.eventSkuId ?? newId('esk');
      if (!existing) await t.db.insert(saleEventSkus).values({ id: eventSkuId, saleEventId: id, skuId: s.id, productId: s.productId, brandId: ev.brandId, basePrice: s.basePrice, tagPrice: s.tagPrice, currency: s.currency });
      await allocateToPool(t, { eventSkuId, saleEventId: id, skuId: s.id, quantity: it.quantity });
    }
    await advanceSaleEvents({ ...t, actor: { kind: 'system' } });
    return getSaleEvent(t, id);
  });
}

async function move(ctx: Ctx, id: string, to: SaleEventStatus): Promise<SaleEventView> {
  authorize(ctx, 'sale-events.manage');
  const ev = await getSaleEvent(ctx, id);
  assertTransition(saleEventTransitions, ev.status, to);
  const r = await ctx.db.update(saleEvents).set({ status: to }).where(and(eq(saleEvents.id, id), eq(saleEvents.status, ev.status))).returning({ id: saleEvents.id });
  if (r.length === 0) throw new AppError('conflict', { detail: 'the event changed meanwhile; reload and retry' });
  return getSaleEvent(ctx, id);
}

/** Put a draft on the calendar. It goes live by itself when its start time comes. */
export async function scheduleSaleEvent(ctx: Ctx, id: string): Promise<SaleEventView> {
  const ev = await getSaleEvent(ctx, id);
  if (ev.skus.length === 0) throw new AppError('sale_event_invalid', { fields: [{ path: 'items', message: 'an event needs at least one SKU' }] });
  const moved = await move(ctx, id, 'scheduled');
  await advanceSaleEvents({ ...ctx, actor: { kind: 'system' } });
  return getSaleEvent(ctx, moved.id);
}

export async function unscheduleSaleEvent(ctx: Ctx, id: string): Promise<SaleEventView> { return move(ctx, id, 'draft'); }
/** Close an ended event: its unsold units go back to the brand's lots. */
export async function closeSaleEvent(ctx: Ctx, id: string): Promise<SaleEventView> {
  return withTx(ctx, async (t) => {
    await move(t, id, 'closed');
    await returnUnsold(t, id);
    return getSaleEvent(t, id);
  });
}

/**
 * End a live event now, before its planned end (the operator's call). It stops selling at once,
 * exactly as if its end had come: the caller releases its unpaid holds, paid orders go on.
 */
export async function endSaleEventNow(ctx: Ctx, id: string): Promise<SaleEventView> {
  authorize(ctx, 'sale-events.manage');
  const ev = await getSaleEvent(ctx, id);
  if (ev.status !== 'live') throw new AppError('invalid_transition', { detail: 'only a live event can be ended early' });
  assertTransition(saleEventTransitions, ev.status, 'ended');
  // The window must stay valid (end after start) for an event that went live this very second.
  const r = await ctx.db.update(saleEvents).set({ status: 'ended', endsAt: sql`greatest(now(), ${saleEvents.startsAt} + interval '1 second')` })
    .where(and(eq(saleEvents.id, id), eq(saleEvents.status, 'live'))).returning({ id: saleEvents.id });
  if (r.length === 0) throw new AppError('conflict', { detail: 'the event changed meanwhile; reload and retry' });
  return getSaleEvent(ctx, id);
}

/**
 * Pull one SKU from a live (or scheduled) event: it stops selling at once and its unsold units go
 * back to the lot; units held by unpaid orders stay with them and, freed later, go back too.
 */
export async function pullEventSku(ctx: Ctx, saleEventId: string, eventSkuId: string): Promise<{ event: SaleEventView; returnedUnits: number }> {
  authorize(ctx, 'sale-events.manage');
  const ev = await getSaleEvent(ctx, saleEventId);
  const sku = ev.skus.find((s) => s.eventSkuId === eventSkuId);
  if (!sku) throw new AppError('not_found');
  if (ev.status !== 'live' && ev.status !== 'scheduled') throw new AppError('invalid_transition', { detail: 'only a SKU of a live or scheduled event can be pulled' });
  return withTx(ctx, async (t) => {
    const r = await t.db.update(saleEventSkus).set({ pulledAt: sql`now()` })
      .where(and(eq(saleEventSkus.id, eventSkuId), eq(saleEventSkus.saleEventId, saleEventId), isNull(saleEventSkus.pulledAt))).returning({ id: saleEventSkus.id });
    if (r.length === 0) throw new AppError('invalid_transition', { detail: 'the SKU was already pulled' });
    const returnedUnits = await returnUnsold(t, saleEventId, eventSkuId);
    return { event: await getSaleEvent(t, saleEventId), returnedUnits };
  });
}

/** The job: open events whose start has come and end those whose end has come (database clock). */
export async function advanceSaleEvents(ctx: Ctx): Promise<{ opened: number; ended: number }> {
  const ended = await ctx.db.update(saleEvents).set({ status: 'ended' })
    .where(and(inArray(saleEvents.status, ['scheduled', 'live']), sql`${saleEvents.endsAt} <= now()`)).returning({ id: saleEvents.id });
  const opened = await ctx.db.update(saleEvents).set({ status: 'live' })
    .where(and(eq(saleEvents.status, 'scheduled'), sql`${saleEvents.startsAt} <= now()`, sql`${saleEvents.endsAt} > now()`)).returning({ id: saleEvents.id });
  return { opened: opened.length, ended: ended.length };
}

export async function getSaleEvent(ctx: Ctx, id: string): Promise<SaleEventView> {
  const [e] = await ctx.db.select().from(saleEvents).where(eq(saleEvents.id, id));
  authorize(ctx, 'sale-events.read', e ? { brandId: e.brandId } : undefined);
  if (!e) throw new AppError('not_found');
  return (await views(ctx, [e]))[0];
}

export async function listSaleEvents(ctx: Ctx, q: { brandId?: string; status?: SaleEventStatus; from?: Date; to?: Date; limit?: number }): Promise<SaleEventView[]> {
  authorize(ctx, 'sale-events.read', q.brandId ? { brandId: q.brandId } : undefined);
  const brandId = scopeBrand(ctx.actor, q.brandId);
  const rows = await ctx.db.select().from(saleEvents).where(and(
    brandId ? eq(saleEvents.brandId, brandId) : undefined,
    q.status ? eq(saleEvents.status, q.status) : undefined,
    q.to ? lt(saleEvents.startsAt, q.to) : undefined,
    q.from ? gte(saleEvents.endsAt, q.from) : undefined,
  )).orderBy(desc(saleEvents.startsAt)).limit(Math.min(q.limit ?? 100, 500));
  return views(ctx, rows);
}

type Row = typeof saleEvents.$inferSelect;

async function views(ctx: Ctx, rows: Row[]): Promise<SaleEventView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const items = await ctx.db.select().from(saleEventSkus).where(inArray(saleEventSkus.saleEventId, ids)).orderBy(asc(saleEventSkus.id));
  const pools = new Map((await poolsOf(ctx, ids)).map((p) => [p.eventSkuId, p]));
  return rows.map((e) => ({
    id: e.id, brandId: e.brandId, title: e.title, description: e.description, startsAt: e.startsAt, endsAt: e.endsAt,
    status: e.status as SaleEventStatus, commissionBps: e.commissionBps, createdAt: e.createdAt,
    markup: { minBps: e.markupMinBps, maxBps: e.markupMaxBps, suggestedBps: e.markupSuggestedBps },
    skus: items.filter((i) => i.saleEventId === e.id).map((i) => ({
      ...pools.get(i.id)!, productId: i.productId, basePrice: i.basePrice, tagPrice: i.tagPrice, currency: i.currency, pulledAt: i.pulledAt,
    })),
  }));
}

export interface SellableSku {
  eventSkuId: string; saleEventId: string; skuId: string; productId: string; brandId: string;
  basePrice: number; tagPrice: number; currency: string; commissionBps: number; markup: MarkupWindow;
  /** Judged by the database clock now. */
  onSale: boolean; eventStatus: SaleEventStatus; endsAt: Date;
  /** The operator pulled it from its event (下架): off sale for good, whatever the event does. */
  pulled: boolean;
}

/** Event SKUs with their event's terms and whether they can be bought right now. */
export async function sellableSkus(ctx: Ctx, eventSkuIds: string[]): Promise<Map<string, SellableSku>> {
  if (eventSkuIds.length === 0) return new Map();
  const rows = await ctx.db.select({
    eventSkuId: saleEventSkus.id, saleEventId: saleEventSkus.saleEventId, skuId: saleEventSkus.skuId, productId: saleEventSkus.productId,
    brandId: saleEventSkus.brandId, basePrice: saleEventSkus.basePrice, tagPrice: saleEventSkus.tagPrice, currency: saleEventSkus.currency,
    commissionBps: saleEvents.commissionBps, minBps: saleEvents.markupMinBps, maxBps: saleEvents.markupMaxBps, suggestedBps: saleEvents.markupSuggestedBps,
    eventStatus: saleEvents.status, endsAt: saleEvents.endsAt, pulledAt: saleEventSkus.pulledAt,
    // A pulled SKU is off sale whatever its event does.
    onSale: sql<boolean>`${saleEventSkus.pulledAt} IS NULL AND ${saleEvents.status} IN ('scheduled','live') AND ${saleEvents.startsAt} <= now() AND ${saleEvents.endsAt} > now()`,
  }).from(saleEventSkus).innerJoin(saleEvents, eq(saleEvents.id, saleEventSkus.saleEventId)).where(inArray(saleEventSkus.id, eventSkuIds));
  return new Map(rows.map((r) => [r.eventSkuId, {
    eventSkuId: r.eventSkuId, saleEventId: r.saleEventId, skuId: r.skuId, productId: r.productId, brandId: r.brandId,
    basePrice: r.basePrice, tagPrice: r.tagPrice, currency: r.currency, commissionBps: r.commissionBps,
    markup: { minBps: r.minBps, maxBps: r.maxBps, suggestedBps: r.suggestedBps }, onSale: r.onSale,
    eventStatus: r.eventStatus as SaleEventStatus, endsAt: r.endsAt, pulled: r.pulledAt !== null,
  }]));
}

/**
 * Why these items cannot be bought now, or nothing: an item the operator pulled (下架) says so
 * (`sku_pulled`), rather than that its event is not on sale; otherwise `sale_event_not_live`
 * for the items priced as not on sale. Every path that prices a storefront or reseller cart asks this.
 */
export function refuseUnsellable(eventSkuIds: string[], terms: Map<string, SellableSku>, notLive: string[]): void {
  const pulled = eventSkuIds.filter((id) => terms.get(id)?.pulled);
  if (pulled.length) throw new AppError('sku_pulled', { extra: { eventSkuIds: pulled } });
  if (notLive.length) throw new AppError('sale_event_not_live', { extra: { eventSkuIds: notLive } });
}

/** Inside the caller's transaction: are all these events on sale at its clock (now())? */
export async function allOnSale(ctx: Ctx, saleEventIds: string[]): Promise<boolean> {
  const ids = [...new Set(saleEventIds)];
  const r = await ctx.db.select({ id: saleEvents.id }).from(saleEvents)
    .where(and(inArray(saleEvents.id, ids), inArray(saleEvents.status, ['scheduled', 'live']), sql`${saleEvents.startsAt} <= now()`, sql`${saleEvents.endsAt} > now()`));
  return r.length === ids.length;
}

/** Live events and those starting within `days`, for resellers and storefronts (no brand scoping). */
export async function liveAndUpcoming(ctx: Ctx, days = 7): Promise<(SaleEventView & { onSale: boolean })[]> {
  const rows = await ctx.db.select({ ...getColumns(), onSale: sql<boolean>`${saleEvents.startsAt} <= now() AND ${saleEvents.endsAt} > now()` }).from(saleEvents)
    .where(and(inArray(saleEvents.status, ['scheduled', 'live']), sql`${saleEvents.endsAt} > now()`, sql`${saleEvents.startsAt} < now() + make_interval(days => ${days})`))
    .orderBy(asc(saleEvents.startsAt));
  // One batch for every event's SKUs and pools.
  const vs = await views(ctx, rows);
  return vs.map((v, i) => ({ ...v, onSale: rows[i].onSale }));
}

/** One event for a reseller or a storefront: any status, no brand scoping; null if missing or draft. */
export async function publicSaleEvent(ctx: Ctx, id: string): Promise<(SaleEventView & { onSale: boolean }) | null> {
  const [e] = await ctx.db.select({ ...getColumns(), onSale: sql<boolean>`${saleEvents.status} IN ('scheduled','live') AND ${saleEvents.startsAt} <= now() AND ${saleEvents.endsAt} > now()` })
    .from(saleEvents).where(and(eq(saleEvents.id, id), sql`${saleEvents.status} <> 'draft'`));
  if (!e) return null;
  const [v] = await views(ctx, [e]);
  return { ...v, onSale: e.onSale };
}

function getColumns() {
  const { id, brandId, title, description, startsAt, endsAt, status, markupMinBps, markupMaxBps, markupSuggestedBps, commissionBps, createdAt } = saleEvents;
  return { id, brandId, title, description, startsAt, endsAt, status, markupMinBps, markupMaxBps, markupSuggestedBps, commissionBps, createdAt };
}

/** Titles and brands of events, unscoped (callers authorise): for labels on campaign cards. */
export async function saleEventHeads(ctx: Ctx, ids: string[]): Promise<Map<string, { title: string; brandId: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.select({ id: saleEvents.id, title: saleEvents.title, brandId: saleEvents.brandId }).from(saleEvents).where(inArray(saleEvents.id, ids));
  return new Map(rows.map((r) => [r.id, { title: r.title, brandId: r.brandId }]));
}
