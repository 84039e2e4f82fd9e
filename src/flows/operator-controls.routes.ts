// HTTP for the operator's controls over sale events and resellers: end an event early, pull a
// SKU, disable and enable a reseller. Each takes the reason that goes into the operator actions record.
import { z } from 'zod';
import { Id, Timestamp, type App } from '../platform/http.ts';
import { ReasonBody } from '../platform/reasons.schema.ts';
import { SaleEventSchema } from '../modules/sale-events/sale-events.routes.ts';
import { endSaleEventEarly, pullSaleEventSku, setResellerEnabled } from './operator-controls.flow.ts';

const Reseller = z.object({
  id: z.string(), name: z.string(), phone: z.string(), level: z.string(), status: z.string().describe('active, or suspended (disabled)'), shareCode: z.string(),
  invitedBy: z.string().nullable(), membershipExpiresAt: Timestamp.nullable(), createdAt: Timestamp,
});

export function operatorControlsRoutes(app: App): void {
  app.post('/api/v1/sale-events/:saleEventId/end-early', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['sale-events'], summary: 'End a live event now: it stops selling, its unpaid orders are released (stock back, payment links closed); paid orders go on',
      params: z.strictObject({ saleEventId: Id }), body: ReasonBody,
      response: {
        200: z.object({
          event: SaleEventSchema, released: z.array(z.object({ orderId: z.string(), units: z.number() })),
          skipped: z.array(z.object({ orderId: z.string(), status: z.string() })),
        }),
      },
    },
  }, async (req) => endSaleEventEarly(req.ctx, req.params.saleEventId, req.body.reason));

  app.post('/api/v1/sale-events/:saleEventId/skus/:eventSkuId/pull', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['sale-events'], summary: 'Pull one SKU from a live or scheduled event: off sale at once, its unsold units back to the lot (held units follow when freed)',
      params: z.strictObject({ saleEventId: Id, eventSkuId: Id }), body: ReasonBody,
      response: { 200: z.object({ event: SaleEventSchema, returnedUnits: z.number() }) },
    },
  }, async (req) => pullSaleEventSku(req.ctx, req.params.saleEventId, req.params.eventSkuId, req.body.reason));

  for (const [action, enabled, summary] of [
    ['disable', false, 'Disable a reseller: their shared links and shop take no orders (`reseller_disabled`); orders already paid go on'],
    ['enable', true, 'Enable a disabled reseller again'],
  ] as const) {
    app.post(`/api/v1/resellers/:resellerId/${action}`, {
      config: { auth: ['operator'] },
      schema: { tags: ['resellers'], summary, params: z.strictObject({ resellerId: Id }), body: ReasonBody, response: { 200: Reseller } },
    }, async (req) => setResellerEnabled(req.ctx, req.params.resellerId, enabled, req.body.reason));
  }
}
