// After-sales requests on the module's own tables. What a request does to the order and to money
// (units returned, the ledger reversed, the refund) is the after-sales flow's business.
import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { authorize, scopeBrand, scopeReseller } from '../../platform/access.ts';
import { type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId, readableNo } from '../../platform/ids.ts';
import { pageSize, keysetPage } from '../../platform/paging.ts';
import { assertTransition } from '../../platform/state-machine.ts';
import { returnRequests, returnLines } from './aftersales.tables.ts';
import { returnTransitions, OPEN_RETURN, type ReturnKind, type ReturnStatus, type ReasonCode } from './aftersales.rules.ts';

export type ReturnRow = typeof returnRequests.$inferSelect;
export type ReturnLineRow = typeof returnLines.$inferSelect;
export interface ReturnView extends ReturnRow { lines: ReturnLineRow[] }

/** Units of each order line claimed by open requests of an order. */
export async function claimedUnits(ctx: Ctx, orderId: string): Promise<Map<string, number>> {
  const rows = await ctx.db.select({ id: returnLines.orderLineId, q: sql<number>`sum(${returnLines.quantity})::int` }).from(returnLines)
    .innerJoin(returnRequests, eq(returnRequests.id, returnLines.returnId))
    .where(and(eq(returnRequests.orderId, orderId), inArray(returnRequests.status, [...OPEN_RETURN]))).groupBy(returnLines.orderLineId);
  return new Map(rows.map((r) => [r.id, r.q]));
}

export interface NewReturn {
  orderId: string; resellerId: string; kind: ReturnKind; reasonCode: ReasonCode; note: string; photos: string[]; requestedBy: 'consumer' | 'reseller' | 'operator'; currency: string;
  lines: { orderLineId: string; brandId: string; saleEventId: string; skuId: string; quantity: number }[];
}

/** Record a request (the caller judged it under the order's lock). */
export async function insertReturn(ctx: Ctx, r: NewReturn): Promise<ReturnView> {
  const id = newId('ret');
  const [row] = await ctx.db.insert(returnRequests).values({
    id, returnNo: readableNo('R', 8), orderId: r.orderId, resellerId: r.resellerId, kind: r.kind, reasonCode: r.reasonCode, note: r.note, photos: r.photos, requestedBy: r.requestedBy, currency: r.currency,
  }).returning();
  const lines = await ctx.db.insert(returnLines).values(r.lines.map((l) => ({ returnId: id, ...l }))).returning();
  return { ...row, lines };
}

async function load(ctx: Ctx, id: string, lock = false): Promise<ReturnView | null> {
  const q = ctx.db.select().from(returnRequests).where(eq(returnRequests.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) return null;
  return { ...row, lines: await ctx.db.select().from(returnLines).where(eq(returnLines.returnId, id)).orderBy(returnLines.orderLineId) };
}

/** A request as its reader may see it: operators any, resellers their own, brands those with their lines (only their lines). */
export async function getReturn(ctx: Ctx, id: string): Promise<ReturnView> {
  authorize(ctx, 'returns.read');
  const r = await load(ctx, id);
  if (!r) throw new AppError('not_found');
  if (ctx.actor.kind === 'brand') {
    const brandId = ctx.actor.brandId;
    const lines = r.lines.filter((l) => l.brandId === brandId);
    if (lines.length === 0) throw new AppError('not_found');
    return { ...r, lines };
  }
  authorize(ctx, 'returns.read', { resellerId: r.resellerId });
  return r;
}

/** The requests of one order (for the order's pages; the caller checked who may read the order). */
export async function returnsOfOrder(ctx: Ctx, orderId: string): Promise<ReturnView[]> {
  const rows = await ctx.db.select().from(returnRequests).where(eq(returnRequests.orderId, orderId)).orderBy(desc(returnRequests.id));
  const lines = rows.length ? await ctx.db.select().from(returnLines).where(inArray(returnLines.returnId, rows.map((r) => r.id))) : [];
  return rows.map((r) => ({ ...r, lines: lines.filter((l) => l.returnId === r.id) }));
}

/** Requests newest first, scoped: resellers their own, brands those with their lines, operators all. */
export async function listReturns(ctx: Ctx, q: { status?: ReturnStatus | ReturnStatus[]; resellerId?: string; brandId?: string; cursor?: string; limit?: number }): Promise<{ items: ReturnView[]; nextCursor: string | null }> {
  authorize(ctx, 'returns.read');
  const resellerId = scopeReseller(ctx.actor, q.resellerId);
  const brandId = scopeBrand(ctx.actor, q.brandId);
  const limit = pageSize(q.limit);
  const rows = await ctx.db.select().from(returnRequests).where(and(
    q.status?.length ? inArray(returnRequests.status, Array.isArray(q.status) ? q.status : [q.status]) : undefined,
    resellerId ? eq(returnRequests.resellerId, resellerId) : undefined,
    brandId ? sql`EXISTS (SELECT 1 FROM return_lines l WHERE l.return_id = ${returnRequests.id} AND l.brand_id = ${brandId})` : undefined,
    q.cursor ? lt(returnRequests.id, q.cursor) : undefined,
  )).orderBy(desc(returnRequests.id)).limit(limit + 1);
  const { page, nextCursor } = keysetPage(rows, limit, (r) => r.id);
  const lines = page.length ? await ctx.db.select().from(returnLines).where(inArray(returnLines.returnId, page.map((r) => r.id))) : [];
  return { items: page.map((r) => ({ ...r, lines: lines.filter((l) => l.returnId === r.id && (!brandId || ctx.actor.kind !== 'brand' || l.brandId === brandId)) })), nextCursor };
}

/** Lock a request for a change of status (the flow's transaction). */
export async function lockReturn(ctx: Ctx, id: string): Promise<ReturnView> {
  const r = await load(ctx, id, true);
  if (!r) throw new AppError('not_found');
  return r;
}

/** Move a request along its lifecycle (checked against the table), with what the move records. */
export async function moveReturn(ctx: Ctx, r: ReturnRow, to: ReturnStatus, patch: Partial<Pick<ReturnRow, 'decisionReason' | 'decidedByUserId' | 'returnCarrier' | 'returnWaybillNo' | 'inspectionNote' | 'refunded'>> = {}): Promise<ReturnRow> {
  assertTransition(returnTransitions, r.status as ReturnStatus, to);
  const [u] = await ctx.db.update(returnRequests).set({
    ...patch, status: to,
    decidedAt: to === 'approved' || (to === 'rejected' && r.status === 'requested') ? sql`now()` : undefined,
    receivedAt: to === 'received' ? sql`now()` : undefined,
    refundedAt: to === 'refunded' ? sql`now()` : undefined,
  }).where(and(eq(returnRequests.id, r.id), eq(returnRequests.status, r.status))).returning();
  if (!u) throw new AppError('invalid_transition', { detail: `return ${r.returnNo} changed meanwhile`, extra: { from: r.status, to } });
  return u;
}

/** Inspection: units accepted per line (the rest go back to the consumer). */
export async function recordInspection(ctx: Ctx, returnId: string, accepted: Map<string, number>): Promise<void> {
  for (const [orderLineId, n] of accepted) {
    await ctx.db.update(returnLines).set({ accepted: n }).where(and(eq(returnLines.returnId, returnId), eq(returnLines.orderLineId, orderLineId)));
  }
}

export interface ReturnRate { key: string; label: string | null; delivered: number; returned: number; requests: number; reasons: Record<string, number> }

/**
 * Return reasons and rates per brand, event or SKU: units returned (refunded after a return or
 * refund-only) over units delivered, and requests by reason. A brand sees its own only.
 */
export async function returnRates(ctx: Ctx, q: { by: 'brand' | 'event' | 'sku'; brandId?: string; delivered: (by: 'brand' | 'event' | 'sku', brandId?: string) => Promise<Map<string, number>> }): Promise<ReturnRate[]> {
  authorize(ctx, 'returns.stats');
  const brandId = scopeBrand(ctx.actor, q.brandId);
  const col: SQL = q.by === 'brand' ? sql`l.brand_id` : q.by === 'event' ? sql`l.sale_event_id` : sql`l.sku_id`;
  const rows = (await ctx.db.execute<{ key: string; reason: string; requests: number; returned: number }>(sql`
    SELECT ${col} AS key, r.reason_code AS reason, count(DISTINCT r.id)::int AS requests,
           coalesce(sum(CASE WHEN r.status = 'refunded' THEN coalesce(l.accepted, l.quantity) ELSE 0 END), 0)::int AS returned
    FROM return_lines l JOIN return_requests r ON r.id = l.return_id
    WHERE r.status <> 'cancelled' ${brandId ? sql`AND l.brand_id = ${brandId}` : sql``}
    GROUP BY 1, 2`)).rows;
  const delivered = await q.delivered(q.by, brandId);
  const out = new Map<string, ReturnRate>();
  for (const r of rows) {
    const x = out.get(r.key) ?? { key: r.key, label: null, delivered: delivered.get(r.key) ?? 0, returned: 0, requests: 0, reasons: {} };
    x.returned += r.returned; x.requests += r.requests; x.reasons[r.reason] = (x.reasons[r.reason] ?? 0) + r.requests;
    out.set(r.key, x);
  }
  return [...out.values()].sort((a, b) => b.returned - a.returned || (a.key < b.key ? -1 : 1));
}
