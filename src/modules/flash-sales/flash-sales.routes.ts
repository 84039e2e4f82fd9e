// HTTP for flash sales in the console: the operator sets items up and watches them. What resellers
// share and consumers grab goes through flows (src/flows/flash-sales.routes.ts).
import { z } from 'zod';
import { Id, Money, Timestamp, type App } from '../../platform/http.ts';
import { createFlashItem, flashItemsForEvent, flashTimelines, listFlashItems } from './flash-sales.service.ts';

const Phase = z.enum(['upcoming', 'on_sale', 'sold_out', 'ended']);
/** A flash item's figures as every list shows them (the shop's routes add product facts). */
export const FlashFigures = {
  id: z.string(), saleEventId: z.string(), eventSkuId: z.string(), productId: z.string(), skuId: z.string(),
  price: z.number(), tagPrice: z.number(), currency: z.string(), quantity: z.number(), claimed: z.number(), left: z.number(),
  perBuyerLimit: z.number(), perResellerLimit: z.number(), startsAt: Timestamp, endsAt: Timestamp, firstClaimAt: Timestamp.nullable(), soldOutAt: Timestamp.nullable(),
  phase: Phase, sellingSeconds: z.number().nullable(), now: Timestamp,
};
const OperatorItem = z.object({ ...FlashFigures, basePrice: z.number(), brandId: z.string() });
const ListItem = z.object({
  id: z.string(), saleEventId: z.string(), eventTitle: z.string(), eventSkuId: z.string(), brandId: z.string(), brandName: z.string(),
  productName: z.string(), skuCode: z.string(), colour: z.string(), size: z.string(),
  price: z.number(), basePrice: z.number(), tagPrice: z.number(), currency: z.string(), quantity: z.number(),
  claimed: z.number().describe('units taken by standing orders, paid or awaiting payment'), sold: z.number().describe('units of paid orders'), left: z.number(),
  perBuyerLimit: z.number(), perResellerLimit: z.number(), startsAt: Timestamp, endsAt: Timestamp, phase: Phase,
});

export function flashSalesRoutes(app: App): void {
  app.post('/api/v1/sale-events/:saleEventId/flash-items', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['flash sales'], summary: 'Put an item of the event on flash sale: price, quantity, limits, start',
      params: z.strictObject({ saleEventId: Id }),
      body: z.strictObject({
        eventSkuId: Id, price: Money.min(1), basePrice: Money.min(1).optional(), quantity: z.number().int().min(1).max(1_000_000),
        perBuyerLimit: z.number().int().min(1).max(99), perResellerLimit: z.number().int().min(1).max(1_000_000),
        startsAt: z.coerce.date(), endsAt: z.coerce.date().optional(),
      }),
      response: { 201: OperatorItem },
    },
  }, async (req, reply) => reply.code(201).send(await createFlashItem(req.ctx, { saleEventId: req.params.saleEventId, ...req.body })));

  app.get('/api/v1/flash-items', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['flash sales'], summary: 'Flash items of every event, latest start first: by phase, event and brand; with the count of each phase',
      querystring: z.strictObject({
        phase: Phase.optional(), saleEventId: Id.optional(), brandId: Id.optional(),
        cursor: Id.optional(), limit: z.coerce.number().int().min(1).max(200).optional(), lang: z.string().optional(),
      }),
      response: {
        200: z.object({
          items: z.array(ListItem), nextCursor: z.string().nullable(),
          phases: z.object({ upcoming: z.number(), on_sale: z.number(), sold_out: z.number(), ended: z.number() }),
        }),
      },
    },
  }, async (req) => listFlashItems(req.ctx, req.query));

  app.get('/api/v1/sale-events/:saleEventId/flash-items', {
    config: { auth: ['operator', 'brand'] },
    schema: {
      tags: ['flash sales'], summary: 'An event’s flash items with their figures and claims per minute', params: z.strictObject({ saleEventId: Id }),
      response: { 200: z.object({ items: z.array(OperatorItem.extend({ timeline: z.array(z.object({ minute: Timestamp, units: z.number() })) })) }) },
    },
  }, async (req) => {
    const items = await flashItemsForEvent(req.ctx, req.params.saleEventId);
    const timelines = await flashTimelines(req.ctx, items.map((i) => i.id));
    return { items: items.map((i) => ({ ...i, timeline: timelines.get(i.id)! })) };
  });
}
