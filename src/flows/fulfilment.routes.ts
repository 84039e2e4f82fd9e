// HTTP for fulfilment: purchase orders (operator issues, brand confirms and exports, warehouse
// receives by scan or file), sorting waves with pick lists, packing by scan, hand-over to the
// carrier, drop-ship from the brand portal, and an order's parcels with their tracking.
import { z } from 'zod';
import { Id, Timestamp, AddressView, Cursor, type App } from '../platform/http.ts';
import { attachment, csvStream } from '../platform/csv.ts';
import { type PurchaseOrderView, listPurchaseOrders, getPurchaseOrder, confirmPurchaseOrder, recordScans, listWaves, parcelsOfOrders } from '../modules/fulfillment/index.ts';
import { readOrder, consigneesOf } from '../modules/orders/index.ts';
import type { Ctx } from '../platform/context.ts';
import { trackingOf } from '../modules/carriers/index.ts';
import { skuTags } from '../modules/catalog/index.ts';
import { issuePurchaseOrdersFor, closeReceivingFlow, sortingWaveFlow, wavePickList, packParcelFlow, handOverFlow, dropShipFlow, purchaseOrderPdf, waveLabels, parcelLabel } from './fulfilment.flow.ts';

const Sku = z.object({ skuCode: z.string(), name: z.string(), colour: z.string(), size: z.string(), barcode: z.string() }).nullable().describe('the SKU as people read it');
const PoLine = z.object({ id: z.string(), skuId: z.string(), sku: Sku, barcode: z.string(), bin: z.string(), ordered: z.number(), received: z.number(), damaged: z.number(), short: z.number(), over: z.number() });
const Po = z.object({
  id: z.string(), poNo: z.string(), brandId: z.string(), saleEventId: z.string(), wave: z.number(), mode: z.string().describe('warehouse | drop_ship'),
  status: z.string().describe('issued | confirmed | receiving | received | shipped'), shipDate: z.string().nullable(), units: z.number(),
  confirmedAt: Timestamp.nullable(), receivedAt: Timestamp.nullable(), createdAt: Timestamp,
});
const PoView = Po.extend({ lines: z.array(PoLine) });
const ParcelLine = z.object({ orderLineId: z.string(), orderId: z.string(), orderNo: z.string().optional(), skuId: z.string(), sku: Sku.optional(), bin: z.string().nullable(), quantity: z.number(), packed: z.number() });
const Parcel = z.object({
  id: z.string(), parcelNo: z.string(), origin: z.string(), status: z.string(), recipient: z.string(), phone: z.string(), address: AddressView, weightGrams: z.number(), items: z.number(),
  oversize: z.boolean(), seq: z.number(), seqOf: z.number(), carrier: z.string().nullable(), waybillNo: z.string().nullable(), trackingStatus: z.string().nullable(),
  shippedAt: Timestamp.nullable(), deliveredAt: Timestamp.nullable(), lines: z.array(ParcelLine),
});
const Wave = z.object({ id: z.string(), waveNo: z.string(), status: z.string(), parcels: z.number(), units: z.number(), waiting: z.number(), createdAt: Timestamp });
const PoId = z.strictObject({ id: Id });
const Lang = { lang: z.string().optional() };

/** Scanner keystrokes or an uploaded file (CSV rows: barcode[,quantity[,damaged]]) as scans. */
function scansFromCsv(text: string): { barcode: string; quantity: number; condition: 'good' | 'damaged' }[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !/^barcode|^条码/i.test(l)).map((l) => {
    const [barcode, q, c] = l.split(/[,\t]/).map((x) => x.trim());
    return { barcode, quantity: q ? Number(q) : 1, condition: c && /damag|破损|残/i.test(c) ? 'damaged' : 'good' };
  });
}

/** A purchase order with its SKUs as people read them (code, name, colour, size, barcode). */
async function withSkus(ctx: Ctx, po: PurchaseOrderView) {
  const tags = await skuTags(ctx, po.lines.map((l) => l.skuId));
  return { ...po, lines: po.lines.map((l) => ({ ...l, sku: tags.get(l.skuId) ?? null })) };
}

export function fulfilmentRoutes(app: App): void {
  app.post('/api/v1/purchase-orders/issue', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['fulfilment'], summary: 'Issue purchase orders for an event now (the next wave): one per brand, for the paid units not yet asked for',
      body: z.strictObject({ saleEventId: Id, mode: z.enum(['warehouse', 'drop_ship']).optional() }), response: { 200: z.object({ items: z.array(Po) }) },
    },
  }, async (req) => ({ items: await issuePurchaseOrdersFor(req.ctx, req.body.saleEventId, req.body.mode) }));

  app.get('/api/v1/purchase-orders', {
    config: { auth: ['operator', 'brand'] },
    schema: {
      tags: ['fulfilment'], summary: 'Purchase orders, newest first (a brand sees its own)',
      querystring: Cursor.extend({ brandId: Id.optional(), saleEventId: Id.optional(), status: z.enum(['issued', 'confirmed', 'receiving', 'received', 'shipped']).optional() }),
      response: { 200: z.object({ items: z.array(Po), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => listPurchaseOrders(req.ctx, req.query));

  app.get('/api/v1/purchase-orders/:id', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['fulfilment'], summary: 'A purchase order with its lines and running counts', params: PoId, querystring: z.strictObject(Lang), response: { 200: PoView } },
  }, async (req) => withSkus(req.ctx, await getPurchaseOrder(req.ctx, req.params.id)));

  app.get('/api/v1/purchase-orders/:id/export.csv', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['fulfilment'], summary: 'A purchase order as CSV (采购单): SKU, barcode, name, colour, size, units', params: PoId, querystring: z.strictObject(Lang) },
  }, async (req, reply) => {
    const po = await getPurchaseOrder(req.ctx, req.params.id);
    const tags = await skuTags(req.ctx, po.lines.map((l) => l.skuId));
    const en = req.ctx.lang === 'en';
    const head = en ? ['PO', 'SKU code', 'Barcode', 'Product', 'Colour', 'Size', 'Units', 'Ship date'] : ['采购单号', '货号', '条码', '商品', '颜色', '尺码', '数量', '发货日期'];
    const rows = po.lines.map((l) => { const t = tags.get(l.skuId); return [po.poNo, t?.skuCode ?? l.skuId, l.barcode, t?.name ?? '', t?.colour ?? '', t?.size ?? '', l.ordered, po.shipDate ?? '']; });
    async function* batches() { yield [head, ...rows]; }
    return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(`${po.poNo}.csv`, `${en ? 'purchase-order' : '采购单'}-${po.poNo}.csv`)).send(csvStream(batches()));
  });

  app.get('/api/v1/purchase-orders/:id/export.pdf', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['fulfilment'], summary: 'A purchase order as a PDF to print (A4, zh-CN or en)', params: PoId, querystring: z.strictObject(Lang) },
  }, async (req, reply) => {
    const { poNo, pdf } = await purchaseOrderPdf(req.ctx, req.params.id);
    return reply.type('application/pdf').header('content-disposition', attachment(`${poNo}.pdf`, `${req.ctx.lang === 'en' ? 'purchase-order' : '采购单'}-${poNo}.pdf`)).send(Buffer.from(pdf));
  });

  app.post('/api/v1/purchase-orders/:id/confirm', {
    config: { auth: ['brand'] },
    schema: {
      tags: ['fulfilment'], summary: 'The brand confirms the date it will ship the purchase order', params: PoId,
      body: z.strictObject({ shipDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as yyyy-mm-dd') }), response: { 200: PoView },
    },
  }, async (req) => withSkus(req.ctx, await confirmPurchaseOrder(req.ctx, req.params.id, req.body.shipDate)));

  app.post('/api/v1/purchase-orders/:id/scans', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['fulfilment'], summary: 'Count units in by barcode: scans, or an uploaded file’s text (barcode[,quantity[,damaged]] per row); all or nothing', params: PoId,
      body: z.strictObject({
        scans: z.array(z.strictObject({ barcode: z.string().trim().min(1).max(64), quantity: z.number().int().min(1).max(100_000).optional(), condition: z.enum(['good', 'damaged']).optional() })).max(5000).optional(),
        file: z.string().max(2_000_000).optional(),
      }).refine((b) => Boolean(b.scans?.length) !== Boolean(b.file), { message: 'send scans or a file', path: ['scans'] }),
      response: { 200: PoView },
    },
  }, async (req) => withSkus(req.ctx, req.body.file
    ? await recordScans(req.ctx, req.params.id, scansFromCsv(req.body.file), 'file')
    : await recordScans(req.ctx, req.params.id, req.body.scans!, 'scan')));

  app.post('/api/v1/purchase-orders/:id/close', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['fulfilment'], summary: 'Close receiving: short and damaged units cancelled and refunded (latest paid first), overage back to the brand’s lot', params: PoId,
      response: { 200: z.object({ po: PoView, short: z.array(z.object({ orderId: z.string(), orderNo: z.string(), orderLineId: z.string(), quantity: z.number() })), over: z.array(z.object({ skuId: z.string(), quantity: z.number() })), refunds: z.number() }) },
    },
  }, async (req) => {
    const r = await closeReceivingFlow(req.ctx, req.params.id);
    const heads = await consigneesOf(req.ctx, r.short.map((s) => s.orderId));
    return { ...r, po: await withSkus(req.ctx, r.po), short: r.short.map((s) => ({ ...s, orderNo: heads.get(s.orderId)?.orderNo ?? '' })) };
  });

  app.post('/api/v1/purchase-orders/:id/drop-ship', {
    config: { auth: ['brand'] },
    schema: {
      tags: ['fulfilment'], summary: 'Drop-ship: the brand sends one order’s units itself; a waybill is made and the parcel is shipped', params: PoId,
      body: z.strictObject({ orderId: Id }), response: { 200: Parcel },
    },
  }, async (req) => dropShipFlow(req.ctx, req.params.id, req.body.orderId));

  app.post('/api/v1/warehouse/waves', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['fulfilment'], summary: 'Run a sorting wave: received units into parcels per consumer and address (合单), merged across events and brands',
      body: z.strictObject({}).optional(), response: { 200: z.object({ waveId: z.string().nullable(), waveNo: z.string().nullable(), parcels: z.number(), units: z.number(), waiting: z.number() }) },
    },
  }, async (req) => sortingWaveFlow(req.ctx));

  app.get('/api/v1/warehouse/waves', {
    config: { auth: ['operator'] },
    schema: { tags: ['fulfilment'], summary: 'Sorting waves, newest first', querystring: Cursor, response: { 200: z.object({ items: z.array(Wave), nextCursor: z.string().nullable() }) } },
  }, async (req) => listWaves(req.ctx, req.query));

  app.get('/api/v1/warehouse/waves/:id', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['fulfilment'], summary: 'A wave: its pick list by bin and its parcels', params: PoId, querystring: z.strictObject(Lang),
      response: { 200: z.object({ wave: Wave, picks: z.array(z.object({ bin: z.string(), skuId: z.string(), sku: Sku, units: z.number(), parcels: z.number() })), parcels: z.array(Parcel) }) },
    },
  }, async (req) => {
    const w = await wavePickList(req.ctx, req.params.id);
    const tags = await skuTags(req.ctx, w.picks.map((p) => p.skuId));
    const heads = await consigneesOf(req.ctx, [...new Set(w.parcels.flatMap((p) => p.lines.map((l) => l.orderId)))]);
    return {
      ...w, picks: w.picks.map((p) => ({ ...p, sku: tags.get(p.skuId) ?? null })),
      parcels: w.parcels.map((p) => ({ ...p, lines: p.lines.map((l) => ({ ...l, orderNo: heads.get(l.orderId)?.orderNo ?? '', sku: tags.get(l.skuId) ?? null })) })),
    };
  });

  app.get('/api/v1/warehouse/waves/:id/labels.pdf', {
    config: { auth: ['operator'] },
    schema: { tags: ['fulfilment'], summary: 'A wave’s shipping labels (面单): one 100×150 mm page per parcel, Code 128 waybill, the reseller as sender, no price', params: PoId },
  }, async (req, reply) => {
    const pdf = await waveLabels(req.ctx, req.params.id);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="labels-${req.params.id}.pdf"`).send(Buffer.from(pdf));
  });

  app.get('/api/v1/warehouse/parcels/:id/label.pdf', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['fulfilment'], summary: 'One parcel’s shipping label (a brand: its own drop-ship parcels)', params: PoId },
  }, async (req, reply) => {
    const pdf = await parcelLabel(req.ctx, req.params.id);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="label-${req.params.id}.pdf"`).send(Buffer.from(pdf));
  });

  app.post('/api/v1/warehouse/parcels/:id/pack', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['fulfilment'], summary: 'Confirm packing by scanning every item into the parcel (must match exactly); the waybill is made', params: PoId,
      body: z.strictObject({ barcodes: z.array(z.string().trim().min(1).max(64)).min(1).max(500) }), response: { 200: Parcel },
    },
  }, async (req) => packParcelFlow(req.ctx, req.params.id, req.body.barcodes));

  app.post('/api/v1/warehouse/hand-over', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['fulfilment'], summary: 'Hand packed parcels to the carrier: they and their order lines are shipped',
      body: z.strictObject({ parcelIds: z.array(Id).min(1).max(1000) }), response: { 200: z.object({ shipped: z.array(z.object({ id: z.string(), parcelNo: z.string(), waybillNo: z.string().nullable() })) }) },
    },
  }, async (req) => handOverFlow(req.ctx, req.body.parcelIds));

  app.get('/api/v1/orders/:id/parcels', {
    config: { auth: ['operator', 'brand', 'reseller'] },
    schema: {
      tags: ['orders'], summary: 'An order’s parcels with their waybills and tracking (物流轨迹), newest event first', params: PoId, querystring: z.strictObject(Lang),
      response: {
        200: z.object({
          items: z.array(Parcel.extend({
            tracking: z.array(z.object({ status: z.string(), occurredAt: Timestamp, location: z.string(), description: z.string() })),
          })),
        }),
      },
    },
  }, async (req) => {
    const { lines } = await readOrder(req.ctx, req.params.id);
    const visible = new Set(lines.map((l) => l.id));
    const ps = (await parcelsOfOrders(req.ctx, [req.params.id])).map((p) => ({ ...p, lines: p.lines.filter((l) => visible.has(l.orderLineId)) })).filter((p) => p.lines.length > 0);
    const tracks = new Map((await trackingOf(req.ctx, ps.map((p) => p.id))).map((t) => [t.parcelRef, t.events]));
    return { items: ps.map((p) => ({ ...p, tracking: tracks.get(p.id) ?? [] })) };
  });
}
