// Fulfilment across modules: purchase orders from what was sold and paid (campaign orders wait for
// their campaign), receiving that cancels and refunds what did not come, sorting waves, labels,
// hand-over to the carrier, and tracking news that ships and delivers order lines (delivery starts
// the return window).
import { withTx, systemCtx, type Ctx } from '../platform/context.ts';
import { shanghaiDay } from '../platform/time.ts';
import { AppError } from '../platform/errors.ts';
import { reasonOf } from '../platform/reasons.ts';
import { fulfillableLines, consigneesOf, giveBackUnits, moveUnits, getOrderRow } from '../modules/orders/index.ts';
import {
  issuePurchaseOrders, closeReceiving, runSortingWave, wavePickList, packParcel, setWaybill, markShipped, parcelTracked, parcelWithLines, dropShipParcel, getPurchaseOrder,
  RETURN_ADDRESS, lastWaveAt, renderLabels, renderPurchaseOrder, type ShippingLabel, type SourceLine, type ParcelRow, type ParcelLineRow,
} from '../modules/fulfillment/index.ts';
import { returnTracked } from './aftersales.flow.ts';
import { requestWaybill, handOverParcels, takeTrackingChanges, waybillsOf, type TrackingChange, type WaybillView } from '../modules/carriers/index.ts';
import type { Db } from '../platform/database.ts';
import { skuTags } from '../modules/catalog/index.ts';
import { addSupply } from '../modules/inventory/index.ts';
import { getReseller } from '../modules/resellers/index.ts';
import { listSaleEvents, saleEventHeads } from '../modules/sale-events/index.ts';
import { brandNames } from '../modules/brands/index.ts';
import { groupById } from '../modules/group-buys/index.ts';
import { presaleOfOrder, productionOrdersBy } from '../modules/presales/index.ts';
import { refundOrderPayment } from '../modules/payments/index.ts';
import { sendRefunds } from './payment-settlement.flow.ts';

/**
 * Whether a campaign's paid orders may be fulfilled now: a group buy's once the group (the
 * order's campaign ref) has succeeded; a presale's once its production order's ship date has come
 * (Asia/Shanghai); orders of no campaign (or a flash sale) at once.
 */
async function campaignReady(ctx: Ctx, l: { orderId: string; campaign: string | null; campaignRef: string | null }, today: string): Promise<boolean> {
  if (l.campaign === 'group') return (await groupById(ctx, l.campaignRef!))?.status === 'succeeded';
  if (l.campaign === 'presale') {
    const p = await presaleOfOrder(ctx, l.orderId);
    if (!p || p.status !== 'confirmed' || !p.productionOrderId) return false;
    const [po] = await productionOrdersBy(ctx, { ids: [p.productionOrderId] });
    return Boolean(po && po.status !== 'cancelled' && String(po.committedShipDate) <= today);
  }
  return true;
}

/** Ask each brand for what an event sold and was paid (the next wave; units never asked twice). */
export async function issuePurchaseOrdersFor(ctx: Ctx, saleEventId: string, mode: 'warehouse' | 'drop_ship' = 'warehouse') {
  const lines = await fulfillableLines(ctx, saleEventId);
  const today = shanghaiDay();
  // One verdict per campaign (a group, a presale), however many orders it has.
  const verdict = new Map<string, boolean>();
  const ready: SourceLine[] = [];
  for (const l of lines) {
    const key = `${l.campaign}:${l.campaignRef}`;
    if (!verdict.has(key)) verdict.set(key, await campaignReady(ctx, l, today));
    if (verdict.get(key)) ready.push({ orderLineId: l.orderLineId, orderId: l.orderId, eventSkuId: l.eventSkuId, skuId: l.skuId, brandId: l.brandId, quantity: l.toShip, paidAt: l.paidAt });
  }
  const tags = await skuTags(ctx, ready.map((l) => l.skuId));
  return issuePurchaseOrders(ctx, saleEventId, ready, { mode, barcodes: new Map([...tags].map(([id, t]) => [id, t.barcode])) });
}

type Units = { orderLineId: string; quantity: number }[];

/** Order-line units of parcel lines or shortages, per order (giving back is per order: one entry and one refund each). */
function unitsByOrder(lines: { orderId: string; orderLineId: string; quantity: number }[]): Map<string, Units> {
  const out = new Map<string, Units>();
  for (const l of lines) out.set(l.orderId, [...(out.get(l.orderId) ?? []), { orderLineId: l.orderLineId, quantity: l.quantity }]);
  return out;
}

/**
 * Close receiving of a purchase order. In one transaction: the units that did not come (short, or
 * damaged) are given back on the order lines paid last — each party's ledger lines reversed to the
 * fen, wallet money at once, gateway money as a refund sent after commit — and units over what was
 * sold go back to the brand's lot.
 */
export async function closeReceivingFlow(ctx: Ctx, poId: string) {
  const { outcome, refunds } = await withTx(ctx, async (t) => {
    const outcome = await closeReceiving(t, poId);
    const refunds: string[] = [];
    const sys = systemCtx(t);
    for (const [orderId, units] of [...unitsByOrder(outcome.short)].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const key = `short:${poId}:${orderId}`;
      const back = await giveBackUnits(sys, orderId, {
        kind: 'order_line_short', reason: reasonOf('brand_short', outcome.po.poNo), idempotencyKey: key, causeType: 'purchase_order', causeId: poId, as: 'short', units,
      });
      const id = await refundOrderPayment(sys, { orderId, amount: back.provider, reason: reasonOf('brand_short', outcome.po.poNo), idempotencyKey: key, lines: back.perLine });
      if (id) refunds.push(id);
    }
    if (outcome.over.length) await addSupply(sys, outcome.po.brandId, outcome.over);
    return { outcome, refunds };
  });
  await sendRefunds(ctx, refunds);
  return { po: await getPurchaseOrder(ctx, poId), short: outcome.short, over: outcome.over, refunds: refunds.length };
}

/** A sorting wave with the configured policy and the orders' consignees. */
export async function sortingWaveFlow(ctx: Ctx) {
  const f = ctx.deps.config.fulfilment;
  return runSortingWave(ctx, {
    policy: { holdMinutes: f.sortHoldMinutes, maxWeightGrams: f.parcelMaxWeightGrams, maxItems: f.parcelMaxItems },
    consignees: async (ids) => consigneesOf(ctx, ids),
  });
}

type Senders = Map<string, { name: string; phone: string }>;

/** Who parcels are sent in the name of (代发): each reseller's name and phone, read once. */
async function sendersOf(ctx: Ctx, list: ParcelRow[]): Promise<Senders> {
  const out: Senders = new Map();
  for (const id of new Set(list.map((p) => p.resellerId))) {
    const r = await getReseller(systemCtx(ctx), id);
    out.set(id, { name: r.name, phone: r.phone });
  }
  return out;
}

/**
 * The waybill of each parcel: those that have one are read in one query; the others are opened
 * at the carrier (idempotent there on our parcel id) and recorded on the parcel.
 */
async function ensureWaybills(ctx: Ctx, list: (ParcelRow & { lines: ParcelLineRow[] })[], known?: Senders): Promise<Map<string, WaybillView>> {
  const out = await waybillsOf(ctx, list.filter((p) => p.waybillNo).map((p) => p.id));
  const missing = list.filter((p) => !out.has(p.id));
  if (missing.length === 0) return out;
  const tags = await skuTags(ctx, missing.flatMap((p) => p.lines.map((l) => l.skuId)));
  const senders = known ?? await sendersOf(ctx, missing);
  for (const p of missing) {
    // 代发: the parcel goes out in the reseller's name; returns come back to the platform.
    const sender = senders.get(p.resellerId)!;
    const w = await requestWaybill(systemCtx(ctx), {
      parcelRef: p.id, service: p.oversize ? 'bulky' : 'standard',
      sender: { name: sender.name, phone: sender.phone, address: RETURN_ADDRESS.address },
      recipient: { name: p.recipient, phone: p.phone, address: p.address },
      weightGrams: p.weightGrams, items: p.lines.map((l) => ({ name: tags.get(l.skuId)?.name ?? l.skuId, quantity: l.quantity })),
    });
    await setWaybill(ctx, p.id, w.carrier, w.waybillNo);
    out.set(p.id, w);
  }
  return out;
}

/** Packing by scan: the scans must be the parcel's items exactly. */
export async function packParcelFlow(ctx: Ctx, parcelId: string, barcodes: string[]) {
  const p = await parcelWithLines(ctx, parcelId);
  const tags = await skuTags(ctx, p.lines.map((l) => l.skuId));
  const packed = await packParcel(ctx, parcelId, barcodes, new Map([...tags].map(([id, t]) => [id, t.barcode])));
  const w = (await ensureWaybills(ctx, [{ ...packed, lines: p.lines }])).get(parcelId)!;
  return { ...packed, carrier: w.carrier, waybillNo: w.waybillNo, lines: p.lines.map((l) => ({ ...l, packed: l.quantity })) };
}

/** Hand packed parcels to the carrier: they are shipped, and so are their order lines' units. */
export async function handOverFlow(ctx: Ctx, parcelIds: string[]) {
  const list = await Promise.all(parcelIds.map((id) => parcelWithLines(ctx, id)));
  const unpacked = list.filter((p) => p.status !== 'packed');
  if (unpacked.length) throw new AppError('invalid_transition', { detail: `parcels not packed: ${unpacked.map((p) => p.parcelNo).join(', ')}`, extra: { from: unpacked[0].status, to: 'shipped' } });
  await ensureWaybills(ctx, list);
  return withTx(ctx, async (t) => {
    const moved = await markShipped(t, parcelIds);
    await moveUnits(systemCtx(t), 'shipped', moved.flatMap((p) => p.lines));
    await handOverParcels(systemCtx(t), moved.map((p) => p.id));
    return { shipped: moved.map((p) => ({ id: p.id, parcelNo: p.parcelNo, waybillNo: p.waybillNo })) };
  });
}

/** A brand ships one order of a drop-ship purchase order itself: a parcel, a waybill, shipped. */
export async function dropShipFlow(ctx: Ctx, poId: string, orderId: string) {
  const order = await getOrderRow(ctx, orderId);
  if (!order) throw new AppError('not_found');
  const parcel = await dropShipParcel(ctx, poId, orderId, { resellerId: order.resellerId, name: order.consumerName, phone: order.consumerPhone, address: order.address });
  // The hand-over opens its waybill first.
  await handOverFlow(systemCtx(ctx), [parcel.id]);
  return parcelWithLines(ctx, parcel.id);
}

/**
 * The job: carriers' tracking news, applied once each. Delivered: the parcel's units are
 * delivered on their order lines (an order whose every shipped unit is delivered starts its return
 * window). Returned to sender (refused): the units are returned and refunded.
 */
export async function applyTrackingChanges(ctx: Ctx, limit = 100): Promise<number> {
  const sys = systemCtx(ctx);
  const { n, refunds } = await withTx(sys, async (t) => {
    const changes = await takeTrackingChanges(t, limit);
    const refunds: string[] = [];
    for (const c of changes) {
      // Each change in its own savepoint: one that cannot be applied is logged for an operator
      // and never holds back the parcels behind it.
      try {
        refunds.push(...await (t.db as Db).transaction(async (sp) => applyTrackingChange({ ...t, db: sp }, c)));
      } catch (e) {
        t.log.error({ err: e, parcelRef: c.parcelRef, waybillNo: c.waybillNo, status: c.status }, 'a tracking change could not be applied; skipped');
      }
    }
    return { n: changes.length, refunds };
  });
  await sendRefunds(sys, refunds);
  return n;
}

/** One tracking change; the refunds it recorded (to send after commit). */
async function applyTrackingChange(t: Ctx, c: TrackingChange): Promise<string[]> {
  // A return parcel (its reference is the return request's id) moves its request.
  if (c.parcelRef.startsWith('ret_')) { await returnTracked(t, c.parcelRef, c.waybillStatus); return []; }
  // The courier collected a packed parcel on their round before anyone handed it over: it has shipped.
  if (c.waybillStatus !== 'created' && c.waybillStatus !== 'cancelled') {
    const moved = await markShipped(t, [c.parcelRef]);
    if (moved.length) await moveUnits(t, 'shipped', moved.flatMap((p) => p.lines));
  }
  const ended = await parcelTracked(t, c.parcelRef, c.waybillStatus, c.occurredAt);
  if (!ended) return [];
  if (ended.ended === 'delivered') {
    await moveUnits(t, 'delivered', ended.parcel.lines);
    return [];
  }
  const refunds: string[] = [];
  for (const [orderId, us] of unitsByOrder(ended.parcel.lines)) {
    const key = `refused:${ended.parcel.id}:${orderId}`;
    const back = await giveBackUnits(t, orderId, { kind: 'order_line_returned', reason: reasonOf('parcel_refused', ended.parcel.parcelNo), idempotencyKey: key, causeType: 'parcel', causeId: ended.parcel.id, as: 'returned', units: us });
    const id = await refundOrderPayment(t, { orderId, amount: back.provider, reason: reasonOf('parcel_refused', ended.parcel.parcelNo), idempotencyKey: key, lines: back.perLine });
    if (id) refunds.push(id);
  }
  return refunds;
}

export { wavePickList };

/**
 * The job: when an event has ended, each brand gets a purchase order for what was sold and paid
 * (and later waves for orders paid or campaigns decided since); a long event that is still live
 * gets a wave every `PO_WAVE_HOURS` (what was paid since the last one), so goods start moving
 * before it ends.
 */
export async function issueDuePurchaseOrders(ctx: Ctx): Promise<number> {
  const sys = systemCtx(ctx);
  let n = 0;
  for (const status of ['ended', 'closed'] as const) {
    for (const e of await listSaleEvents(sys, { status, from: new Date(Date.now() - 30 * 86400_000) })) n += (await issuePurchaseOrdersFor(sys, e.id)).length;
  }
  const hours = sys.deps.config.fulfilment.waveHours;
  if (hours > 0) {
    const live = await listSaleEvents(sys, { status: 'live' });
    const last = await lastWaveAt(sys, live.map((e) => e.id));
    for (const e of live) {
      const since = last.get(e.id) ?? e.startsAt;
      if (Date.now() - since.getTime() >= hours * 3600_000) n += (await issuePurchaseOrdersFor(sys, e.id)).length;
    }
  }
  return n;
}

/** Carrier codes as people read them on a label. */
const CARRIER_NAMES: Record<string, string> = { sandbox: '沙箱速运 Sandbox Express' };

/** Labels for parcels (their waybills made first where missing): one PDF, one page each, never a price. */
export async function labelsFor(ctx: Ctx, list: (ParcelRow & { lines: ParcelLineRow[] })[]): Promise<Uint8Array> {
  if (list.length === 0) throw new AppError('not_found', { detail: 'no parcels to print' });
  const senders = await sendersOf(ctx, list);
  const waybills = await ensureWaybills(ctx, list, senders);
  const heads = await consigneesOf(ctx, [...new Set(list.flatMap((p) => p.lines.map((l) => l.orderId)))]);
  const labels: ShippingLabel[] = list.map((p) => {
    const w = waybills.get(p.id)!;
    return {
      waybillNo: w.waybillNo, carrier: { name: CARRIER_NAMES[w.carrier] ?? w.carrier, service: p.oversize ? '大件' : '标快' }, sortCode: w.sortCode,
      recipient: { name: p.recipient, phone: p.phone, address: p.address },
      sender: { shopName: senders.get(p.resellerId)!.name, phone: senders.get(p.resellerId)!.phone },
      returnAddress: RETURN_ADDRESS, parcel: { index: p.seq, count: p.seqOf }, itemCount: p.items, weightGrams: p.weightGrams,
      orderNos: [...new Set(p.lines.map((l) => heads.get(l.orderId)?.orderNo ?? l.orderId))],
    };
  });
  return renderLabels(labels);
}

/** A wave's labels. */
export async function waveLabels(ctx: Ctx, waveId: string): Promise<Uint8Array> {
  const { parcels } = await wavePickList(ctx, waveId);
  return labelsFor(ctx, parcels);
}

/** One parcel's label: the warehouse any; a brand its own drop-ship parcel. */
export async function parcelLabel(ctx: Ctx, parcelId: string): Promise<Uint8Array> {
  const p = await parcelWithLines(ctx, parcelId);
  if (ctx.actor.kind === 'brand' ? !(p.origin === 'drop_ship' && p.brandId === ctx.actor.brandId) : ctx.actor.kind !== 'operator' && ctx.actor.kind !== 'system') throw new AppError('not_found');
  return labelsFor(ctx, [p]);
}

/** A purchase order as a PDF, for the brand to print or file. */
export async function purchaseOrderPdf(ctx: Ctx, poId: string): Promise<{ poNo: string; pdf: Uint8Array }> {
  const po = await getPurchaseOrder(ctx, poId);
  const tags = await skuTags(ctx, po.lines.map((l) => l.skuId));
  const [brand] = (await brandNames(systemCtx(ctx), [po.brandId])).values();
  const event = (await saleEventHeads(ctx, [po.saleEventId])).get(po.saleEventId);
  const a = RETURN_ADDRESS.address;
  const pdf = await renderPurchaseOrder({
    poNo: po.poNo, brandName: brand ?? po.brandId, eventTitle: event?.title ?? po.saleEventId, wave: po.wave, mode: po.mode as 'warehouse' | 'drop_ship', status: po.status,
    shipDate: po.shipDate, issuedAt: po.createdAt, shipTo: po.mode === 'drop_ship' ? '—' : `${a.province}${a.city}${a.district}${a.detail}（${RETURN_ADDRESS.phone}）`,
    lines: po.lines.map((l) => { const t = tags.get(l.skuId); return { skuCode: t?.skuCode ?? l.skuId, barcode: l.barcode, name: t?.name ?? '', colour: t?.colour ?? '', size: t?.size ?? '', ordered: l.ordered, received: l.received, short: l.short, bin: l.bin }; }),
  }, ctx.lang === 'en' ? 'en' : 'zh-CN');
  return { poNo: po.poNo, pdf };
}
