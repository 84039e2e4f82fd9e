// HTTP for presales (以销定产): the console marks events presale, brands watch demand and
// acknowledge production orders, the storefront shows the badge. Every route calls the presale
// flow, so they live here beside it rather than in the presales module.
import { z } from 'zod';
import { Id, Timestamp, type App } from '../platform/http.ts';
import {
  createPresale, listPresales, presaleDetail, listProductionOrders, acknowledgeProductionOrder, storefrontPresale,
} from './presale.flow.ts';

const Code = z.string().min(4).max(32).regex(/^[a-z0-9]+$/);
const Lang = z.strictObject({ lang: z.string().optional() });
const Summary = {
  id: z.string(), saleEventId: z.string(), eventTitle: z.string(), brandId: z.string(), moq: z.number(), deadline: Timestamp, shipDays: z.number(),
  status: z.enum(['collecting', 'confirmed', 'failed']), open: z.boolean(), decidedAt: Timestamp.nullable(), createdAt: Timestamp,
  paidUnits: z.number(), pendingUnits: z.number(), progressBps: z.number(), expectedShipDate: z.string(),
  productionOrderStatus: z.enum(['issued', 'acknowledged', 'cancelled']).nullable(),
};
const ProductionOrder = z.object({
  id: z.string(), presaleId: z.string(), brandId: z.string(), status: z.enum(['issued', 'acknowledged', 'cancelled']), committedShipDate: z.string(), totalUnits: z.number(),
  createdAt: Timestamp, acknowledgedAt: Timestamp.nullable(), amendedAt: Timestamp.nullable(),
  lines: z.array(z.object({ skuId: z.string(), quantity: z.number(), productName: z.string(), colour: z.string(), size: z.string() })),
});

export function presalesRoutes(app: App): void {
  app.post('/api/v1/presales', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['presales'], summary: 'Mark a sale event presale: orders collect until the deadline; MOQ reached → production order, else all refunded',
      body: z.strictObject({ saleEventId: Id, moq: z.number().int().min(1).max(1_000_000), deadline: z.coerce.date(), shipDays: z.number().int().min(1).max(180) }),
      response: { 201: z.object(Summary) },
    },
  }, async (req, reply) => reply.code(201).send(await createPresale(req.ctx, req.body)));

  app.get('/api/v1/presales', {
    config: { auth: ['operator', 'brand'] },
    schema: {
      tags: ['presales'], summary: 'Presales with progress to the MOQ (brands: their own)',
      querystring: z.strictObject({ saleEventId: Id.optional(), lang: z.string().optional() }), response: { 200: z.object({ items: z.array(z.object(Summary)) }) },
    },
  }, async (req) => ({ items: await listPresales(req.ctx, req.query) }));

  app.get('/api/v1/presales/:presaleId', {
    config: { auth: ['operator', 'brand'] },
    schema: {
      tags: ['presales'], summary: 'A presale’s demand per SKU and by size, and its production order',
      params: z.strictObject({ presaleId: Id }), querystring: Lang,
      response: {
        200: z.object({
          ...Summary,
          skus: z.array(z.object({ eventSkuId: z.string(), skuId: z.string(), productName: z.string(), colour: z.string(), size: z.string(), paid: z.number(), pending: z.number(), capacity: z.number() })),
          bySize: z.array(z.object({ size: z.string(), paid: z.number(), pending: z.number() })),
          productionOrder: ProductionOrder.nullable(),
        }),
      },
    },
  }, async (req) => presaleDetail(req.ctx, req.params.presaleId));

  app.get('/api/v1/production-orders', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['presales'], summary: 'Production orders from confirmed presales (brands: their own)', querystring: Lang, response: { 200: z.object({ items: z.array(ProductionOrder) }) } },
  }, async (req) => ({ items: await listProductionOrders(req.ctx) }));

  app.post('/api/v1/production-orders/:productionOrderId/acknowledge', {
    config: { auth: ['brand'] },
    schema: { tags: ['presales'], summary: 'The brand confirms it will produce and ship by the committed date', params: z.strictObject({ productionOrderId: Id }), response: { 200: ProductionOrder } },
  }, async (req) => acknowledgeProductionOrder(req.ctx, req.params.productionOrderId));

  app.get('/api/v1/storefront/:shareCode/sale-events/:saleEventId/presale', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'The presale badge of an event: deadline and progress (null when the event is not a presale)',
      params: z.strictObject({ shareCode: Code, saleEventId: Id }), querystring: Lang,
      response: {
        200: z.object({
          presale: z.object({ id: z.string(), moq: z.number(), deadline: Timestamp, status: z.string(), open: z.boolean(), paidUnits: z.number(), progressBps: z.number(), expectedShipDate: z.string() }).nullable(),
          now: Timestamp,
        }),
      },
    },
  }, async (req) => storefrontPresale(req.ctx, req.params.shareCode, req.params.saleEventId));
}
