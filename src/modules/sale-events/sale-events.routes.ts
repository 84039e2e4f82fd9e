// HTTP: the operator's event calendar, and a brand's view of its own events.
import { z } from 'zod';
import { Id, Text, Timestamp, type App } from '../../platform/http.ts';
import { saleEventChanged } from '../../platform/changes.ts';
import { createSaleEvent, updateSaleEvent, scheduleSaleEvent, unscheduleSaleEvent, closeSaleEvent, getSaleEvent, listSaleEvents } from './sale-events.service.ts';

const Status = z.enum(['draft', 'scheduled', 'live', 'ended', 'closed']);
const Markup = z.strictObject({ minBps: z.number().int().min(0).max(100_000), maxBps: z.number().int().min(0).max(100_000), suggestedBps: z.number().int().min(0).max(100_000) });
export const SaleEventSchema = z.object({
  id: z.string(), brandId: z.string(), title: z.string(), description: z.string(), startsAt: Timestamp, endsAt: Timestamp, status: Status,
  markup: Markup, commissionBps: z.number(), createdAt: Timestamp,
  skus: z.array(z.object({ eventSkuId: z.string(), skuId: z.string(), productId: z.string(), basePrice: z.number(), tagPrice: z.number(), currency: z.string(), initial: z.number(), available: z.number(), held: z.number(), sold: z.number(), pulledAt: Timestamp.nullable().describe('pulled by the operator: off sale since') })),
});
const Params = z.strictObject({ saleEventId: Id });

/** The edited event, once its change is committed: this process's cached copies are forgotten. */
function changed<T extends { id: string }>(event: T): T {
  saleEventChanged(event.id);
  return event;
}

export function saleEventsRoutes(app: App): void {
  app.get('/api/v1/sale-events', {
    config: { auth: ['operator', 'brand'] },
    schema: {
      tags: ['sale-events'], summary: 'The calendar: events overlapping [from, to), newest first',
      querystring: z.strictObject({ brandId: Id.optional(), status: Status.optional(), from: z.coerce.date().optional(), to: z.coerce.date().optional(), limit: z.coerce.number().int().min(1).max(500).optional(), lang: z.string().optional() }),
      response: { 200: z.object({ items: z.array(SaleEventSchema) }) },
    },
  }, async (req) => ({ items: await listSaleEvents(req.ctx, req.query) }));

  app.post('/api/v1/sale-events', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['sale-events'], summary: 'Create a draft event: curated SKUs with stock pools from the brand’s lots',
      body: z.strictObject({
        brandId: Id, title: Text(100), description: z.string().max(2000).optional(),
        startsAt: z.coerce.date(), endsAt: z.coerce.date(), markup: Markup,
        items: z.array(z.strictObject({ skuId: Id, quantity: z.number().int().min(1).max(1_000_000) })).min(1).max(5000),
      }),
      response: { 201: SaleEventSchema },
    },
  }, async (req, reply) => reply.code(201).send(await createSaleEvent(req.ctx, req.body)));

  app.get('/api/v1/sale-events/:saleEventId', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['sale-events'], params: Params, response: { 200: SaleEventSchema } },
  }, async (req) => getSaleEvent(req.ctx, req.params.saleEventId));

  app.patch('/api/v1/sale-events/:saleEventId', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['sale-events'], summary: 'Edit an event: anything before it starts; once live, only extend its end or add stock',
      params: Params,
      body: z.strictObject({
        title: Text(100).optional(), description: z.string().max(2000).optional(),
        startsAt: z.coerce.date().optional(), endsAt: z.coerce.date().optional(), markup: Markup.optional(),
        addItems: z.array(z.strictObject({ skuId: Id, quantity: z.number().int().min(1).max(1_000_000) })).max(5000).optional(),
      }),
      response: { 200: SaleEventSchema },
    },
  }, async (req) => changed(await updateSaleEvent(req.ctx, req.params.saleEventId, req.body)));

  for (const [action, fn, summary] of [
    ['schedule', scheduleSaleEvent, 'Put a draft on the calendar (it opens by itself at its start)'],
    ['unschedule', unscheduleSaleEvent, 'Take a scheduled event back to draft'],
    ['close', closeSaleEvent, 'Close an ended event'],
  ] as const) {
    app.post(`/api/v1/sale-events/:saleEventId/${action}`, {
      config: { auth: ['operator'] },
      schema: { tags: ['sale-events'], summary, params: Params, response: { 200: SaleEventSchema } },
    }, async (req) => changed(await fn(req.ctx, req.params.saleEventId)));
  }
}
