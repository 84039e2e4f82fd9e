// HTTP for flash sales where they are sold: the reseller's list to share, a shop's list, and the
// consumer's grab through a reseller's link (batched per item, see flash-checkout.flow.ts). They
// call flows, so they live here; the console's routes stay in the flash-sales module.
import { z } from 'zod';
import { AddressSchema, Id, IdempotencyHeaders, Phone, Text, Timestamp, type App } from '../platform/http.ts';
import { FlashFigures } from '../modules/flash-sales/index.ts';
import { claimFlash } from './flash-checkout.flow.ts';
import { resellerFlashItems, storefrontFlashItems } from './flash-sale.flow.ts';

const Card = { ...FlashFigures, productName: z.string(), colour: z.string(), size: z.string(), image: z.string().nullable(), eventTitle: z.string() };
const Code = z.string().min(4).max(32).regex(/^[a-z0-9]+$/);

export function flashSalesShopRoutes(app: App): void {
  app.get('/api/v1/reseller/flash-items', {
    config: { auth: ['reseller', 'operator'] },
    schema: {
      tags: ['reseller app'], summary: 'Live and upcoming flash sales to share, with my margin per unit',
      response: { 200: z.object({ shareCode: z.string().nullable(), items: z.array(z.object({ ...Card, basePrice: z.number(), margin: z.number() })) }) },
    },
  }, async (req) => resellerFlashItems(req.ctx));

  app.get('/api/v1/storefront/:shareCode/flash-items', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'A shop’s flash sales (live and upcoming, or one event’s)',
      params: z.strictObject({ shareCode: Code }), querystring: z.strictObject({ saleEventId: Id.optional(), lang: z.string().optional() }),
      response: { 200: z.object({ resellerName: z.string(), items: z.array(z.object(Card)) }) },
    },
  }, async (req) => storefrontFlashItems(req.ctx, req.params.shareCode, req.query.saleEventId));

  app.post('/api/v1/storefront/:shareCode/flash-items/:flashItemId/orders', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'Grab a flash item: the order holds the units for a few minutes; pay through /pay',
      params: z.strictObject({ shareCode: Code, flashItemId: Id }), headers: IdempotencyHeaders,
      body: z.strictObject({
        consumer: z.strictObject({ name: Text(50), phone: Phone, address: AddressSchema }),
        quantity: z.number().int().min(1).max(99).default(1), note: z.string().max(200).optional(),
      }),
      response: {
        201: z.object({
          orderId: z.string(), orderNo: z.string().describe('the order number (yyyymmdd + 8 digits)'), lookupToken: z.string(), status: z.string(), amountDue: z.number(), currency: z.string(), quantity: z.number(), holdExpiresAt: Timestamp.nullable(),
        }),
      },
    },
  }, async (req, reply) => {
    const r = await claimFlash(req.ctx, { shareCode: req.params.shareCode, flashItemId: req.params.flashItemId, ...req.body, idempotencyKey: req.headers['idempotency-key'] });
    const { replayed, ...body } = r;
    return reply.code(201).header('idempotent-replayed', String(replayed)).send(body);
  });
}
