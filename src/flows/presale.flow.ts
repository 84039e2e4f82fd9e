// Presale (以销定产) across modules: the operator marks a sale event presale (MOQ, deadline, ship
// days); orders collect through the ordinary checkout (tagged and refused after the deadline
// there, see presales.withPresale); at the deadline (database clock) the sweep decides: enough
// paid units → a production order to the brand; too few → every order cancelled and refunded.
import { sql } from 'drizzle-orm';
import { authorize } from '../platform/access.ts';
import { withTx, systemCtx, type Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { reasonOf } from '../platform/reasons.ts';
import { getSaleEvent } from '../modules/sale-events/index.ts';
import { productCards } from '../modules/catalog/index.ts';
import { flashOnly } from '../modules/flash-sales/index.ts';
import { offersBy } from '../modules/group-buys/index.ts';
import { resellerByShareCode } from '../modules/resellers/index.ts';
import {
  insertPresale, presalesBy, lockDuePresales, setPresaleStatus, insertProductionOrder, productionOrdersBy, acknowledgeProductionOrder as ackRow,
  validatePresale, decide, productionLines, committedShipDate, progressBps, demandBySize, type PresaleRow, type DemandRow,
} from '../modules/presales/index.ts';
import { isPaidOrLater } from '../modules/orders/index.ts';
import { cancelOrderFlow } from './cancellation.flow.ts';

async function dbNow(ctx: Ctx): Promise<Date> {
  return new Date((await ctx.db.execute<{ now: Date }>(sql`SELECT now() AS now`)).rows[0].now);
}

/** Mark a sale event presale. Nothing may have been sold or held on it yet, and no other campaign may use it. */
export async function createPresale(ctx: Ctx, input: { saleEventId: string; moq: number; deadline: Date; shipDays: number }) {
  authorize(ctx, 'campaigns.manage');
  const ev = await getSaleEvent(ctx, input.saleEventId);
  if (!['draft', 'scheduled', 'live'].includes(ev.status)) throw new AppError('invalid_transition', { detail: 'the event has ended' });
  const esk = ev.skus.map((s) => s.eventSkuId);
  if ((await flashOnly(ctx, esk)).length || (await offersBy(ctx, { saleEventIds: [ev.id] })).length) throw new AppError('campaign_conflict');
  if (ev.skus.some((s) => s.held + s.sold > 0)) throw new AppError('campaign_conflict', { detail: 'orders were already placed on this event' });
  const issues = validatePresale(input, ev, await dbNow(ctx));
  if (issues.length) throw new AppError('validation_failed', { fields: issues });
  const p = await insertPresale(ctx, { saleEventId: ev.id, brandId: ev.brandId, moq: input.moq, deadline: input.deadline, shipDays: input.shipDays });
  return (await presaleSummaries(ctx, [{ ...p, open: true }]))[0];
}

async function demandRows(ctx: Ctx, presaleIds: string[]): Promise<Map<string, { skuId: string; paid: number; pending: number }[]>> {
  const out = new Map<string, { skuId: string; paid: number; pending: number }[]>(presaleIds.map((id) => [id, []]));
  if (presaleIds.length === 0) return out;
  // A read across orders (owned by the orders module): the demand picture, never written here.
  const rows = await ctx.db.execute<{ ref: string; sku_id: string; paid: number; pending: number }>(sql`
    SELECT o.campaign_ref AS ref, l.sku_id,
           coalesce(sum(l.quantity) FILTER (WHERE ${isPaidOrLater(sql`o.status`)}), 0)::int AS paid,
           coalesce(sum(l.quantity) FILTER (WHERE o.status = 'pending_payment'), 0)::int AS pending
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.campaign = 'presale' AND o.campaign_ref IN (${sql.join(presaleIds.map((id) => sql`${id}`), sql`, `)})
    GROUP BY o.campaign_ref, l.sku_id`);
  for (const r of rows.rows) out.get(r.ref)!.push({ skuId: r.sku_id, paid: Number(r.paid), pending: Number(r.pending) });
  return out;
}

async function presaleSummaries(ctx: Ctx, rows: (PresaleRow & { open: boolean })[]) {
  const demand = await demandRows(ctx, rows.map((r) => r.id));
  const pos = new Map((await productionOrdersBy(ctx, { presaleIds: rows.map((r) => r.id) })).map((po) => [po.presaleId, po]));
  const sys = systemCtx(ctx);
  const out = [];
  for (const p of rows) {
    const ev = await getSaleEvent(sys, p.saleEventId);
    const d = demand.get(p.id)!;
    const paidUnits = d.reduce((s, x) => s + x.paid, 0);
    out.push({
      id: p.id, saleEventId: p.saleEventId, eventTitle: ev.title, brandId: p.brandId, moq: p.moq, deadline: p.deadline, shipDays: p.shipDays,
      status: p.status as 'collecting' | 'confirmed' | 'failed', open: p.open, decidedAt: p.decidedAt, createdAt: p.createdAt,
      paidUnits, pendingUnits: d.reduce((s, x) => s + x.pending, 0), progressBps: progressBps(paidUnits, p.moq),
      expectedShipDate: committedShipDate(p.deadline, p.shipDays),
      productionOrderStatus: (pos.get(p.id)?.status ?? null) as 'issued' | 'acknowledged' | 'cancelled' | null,
    });
  }
  return out;
}

/** Presales for the console (all) and brands (their own). */
export async function listPresales(ctx: Ctx, q: { saleEventId?: string }) {
  authorize(ctx, 'campaigns.read');
  const rows = await presalesBy(ctx, { brandId: ctx.actor.kind === 'brand' ? ctx.actor.brandId : undefined, saleEventIds: q.saleEventId ? [q.saleEventId] : undefined });
  return presaleSummaries(ctx, rows);
}

/** One presale with demand per SKU and by size, and its production order once issued. */
export async function presaleDetail(ctx: Ctx, id: string) {
  authorize(ctx, 'campaigns.read');
  const [p] = await presalesBy(ctx, { ids: [id] });
  authorize(ctx, 'campaigns.read', { brandId: p?.brandId ?? '\u0000' });
  if (!p) throw new AppError('not_found');
  const [summary] = await presaleSummaries(ctx, [p]);
  const ev = await getSaleEvent(systemCtx(ctx), p.saleEventId);
  const cards = await productCards(ctx, [...new Set(ev.skus.map((s) => s.productId))]);
  const d = new Map((await demandRows(ctx, [id])).get(id)!.map((x) => [x.skuId, x]));
  const skus: (DemandRow & { productName: string; eventSkuId: string; capacity: number })[] = ev.skus.map((s) => {
    const card = cards.get(s.productId);
    const sku = card?.skus.get(s.skuId);
    return {
      eventSkuId: s.eventSkuId, skuId: s.skuId, productName: card?.name ?? '', colour: sku?.colour ?? '', size: sku?.size ?? '',
      paid: d.get(s.skuId)?.paid ?? 0, pending: d.get(s.skuId)?.pending ?? 0, capacity: s.initial,
    };
  });
  const [po] = await productionOrdersBy(ctx, { presaleIds: [id] });
  return {
    ...summary, skus, bySize: demandBySize(skus),
    productionOrder: po ? productionOrderView(po, skus) : null,
  };
}

function productionOrderView(po: Awaited<ReturnType<typeof productionOrdersBy>>[number], skus?: { skuId: string; productName: string; colour: string; size: string }[]) {
  return {
    id: po.id, presaleId: po.presaleId, brandId: po.brandId, status: po.status as 'issued' | 'acknowledged' | 'cancelled', committedShipDate: po.committedShipDate, totalUnits: po.totalUnits,
    createdAt: po.createdAt, acknowledgedAt: po.acknowledgedAt, amendedAt: po.amendedAt,
    lines: po.lines.map((l) => {
      const s = skus?.find((x) => x.skuId === l.skuId);
      return { skuId: l.skuId, quantity: l.quantity, productName: s?.productName ?? '', colour: s?.colour ?? '', size: s?.size ?? '' };
    }),
  };
}

/** Production orders: the console sees all, a brand its own. */
export async function listProductionOrders(ctx: Ctx) {
  authorize(ctx, 'campaigns.read');
  const pos = await productionOrdersBy(ctx, { brandId: ctx.actor.kind === 'brand' ? ctx.actor.brandId : undefined });
  const skuIds = [...new Set(pos.flatMap((p) => p.lines.map((l) => l.skuId)))];
  const facts = skuIds.length ? (await ctx.db.execute<{ id: string; name: string; colour: string; size: string }>(sql`
    SELECT s.id, p.name, s.colour, s.size FROM skus s JOIN products p ON p.id = s.product_id WHERE s.id IN (${sql.join(skuIds.map((x) => sql`${x}`), sql`, `)})`)).rows : [];
  const skus = facts.map((f) => ({ skuId: f.id, productName: f.name, colour: f.colour, size: f.size }));
  return pos.map((po) => productionOrderView(po, skus));
}

export async function acknowledgeProductionOrder(ctx: Ctx, id: string) {
  authorize(ctx, 'production.acknowledge');
  const [po] = await productionOrdersBy(ctx, { ids: [id] });
  authorize(ctx, 'production.acknowledge', { brandId: po?.brandId ?? '\u0000' });
  if (!po) throw new AppError('not_found');
  await ackRow(ctx, id);
  return (await listProductionOrders(ctx)).find((p) => p.id === id)!;
}

/** The storefront's presale badge: deadline and progress to the minimum (no prices, no personal data). */
export async function storefrontPresale(ctx: Ctx, shareCode: string, saleEventId: string) {
  if (!(await resellerByShareCode(ctx, shareCode))) throw new AppError('storefront_not_found');
  const [p] = await presalesBy(ctx, { saleEventIds: [saleEventId] });
  if (!p) return { presale: null, now: await dbNow(ctx) };
  const [s] = await presaleSummaries(ctx, [p]);
  return {
    presale: { id: s.id, moq: s.moq, deadline: s.deadline, status: s.status, open: s.open, paidUnits: s.paidUnits, progressBps: s.progressBps, expectedShipDate: s.expectedShipDate },
    now: await dbNow(ctx),
  };
}

/**
 * The decision at the deadline, by the database clock. Under the presale's row lock (which
 * placements read FOR SHARE) the paid units are counted: reached → a production order with one
 * line per SKU, committed ship date = the deadline's day + shipDays; missed → failed. Unpaid
 * orders are cancelled either way (payment had to arrive by the deadline); on failure paid ones
 * are cancelled and refunded through the gateway. Cancelling happens after the decision
 * commits, and the sweep picks up any order a crash left behind.
 */
export async function decidePresales(ctx: Ctx): Promise<{ confirmed: number; failed: number; cancelled: number }> {
  const sys = systemCtx(ctx);
  const out = { confirmed: 0, failed: 0, cancelled: 0 };
  for (;;) {
    const decided = await withTx(sys, async (t) => {
      const [p] = await lockDuePresales(t, 1);
      if (!p) return null;
      const rows = await t.db.execute<{ sku_id: string; quantity: number }>(sql`
        SELECT l.sku_id, sum(l.quantity)::int AS quantity FROM orders o JOIN order_lines l ON l.order_id = o.id
        WHERE o.campaign = 'presale' AND o.campaign_ref = ${p.id} AND ${isPaidOrLater(sql`o.status`)} GROUP BY l.sku_id`);
      const lines = productionLines(rows.rows.map((r) => ({ skuId: r.sku_id, quantity: Number(r.quantity) })));
      const paidUnits = lines.reduce((s, l) => s + l.quantity, 0);
      const outcome = decide(paidUnits, p.moq);
      await setPresaleStatus(t, p.id, outcome);
      if (outcome === 'confirmed') await insertProductionOrder(t, { presaleId: p.id, brandId: p.brandId, committedShipDate: committedShipDate(p.deadline, p.shipDays), lines });
      return outcome;
    });
    if (!decided) break;
    out[decided]++;
  }
  out.cancelled = await cancelLeftovers(sys);
  return out;
}

/** Orders a decided presale no longer wants: unpaid ones of any decided presale, and every live one of a failed presale. */
async function cancelLeftovers(sys: Ctx, limit = 500): Promise<number> {
  const rows = await sys.db.execute<{ id: string; paid: boolean }>(sql`
    SELECT o.id, o.status <> 'pending_payment' AS paid FROM orders o JOIN presales p ON p.id = o.campaign_ref
    WHERE o.campaign = 'presale' AND ((p.status = 'confirmed' AND o.status = 'pending_payment') OR (p.status = 'failed' AND o.status IN ('pending_payment','paid')))
    ORDER BY o.id LIMIT ${limit}`);
  let n = 0;
  for (const o of rows.rows) {
    try {
      await cancelOrderFlow(sys, o.id, reasonOf(o.paid ? 'presale_minimum_not_reached' : 'presale_closed_unpaid'));
      n++;
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'invalid_transition')) throw e;
    }
  }
  return n;
}
