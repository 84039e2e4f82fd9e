// HTTP: paste-to-order (the reseller pastes a chat message, gets a draft order to confirm).
import { z } from 'zod';
import { Id, type App } from '../platform/http.ts';
import { pasteOrderDraft } from './paste-order.flow.ts';

const Address = z.object({ province: z.string(), city: z.string(), district: z.string(), detail: z.string() });

export function pasteOrderRoutes(app: App): void {
  app.post('/api/v1/reseller/paste-order', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'],
      summary: 'Read a pasted chat message into a draft order for an event (nothing is placed: confirm with POST /reseller/orders)',
      body: z.strictObject({ saleEventId: Id, text: z.string().trim().min(1).max(2000) }),
      response: {
        200: z.object({
          consumer: z.object({ name: z.string(), phone: z.string(), address: Address }),
          lines: z.array(z.object({
            eventSkuId: z.string(), productId: z.string(), productName: z.string(), image: z.string().nullable(), colour: z.string(), size: z.string(),
            quantity: z.number().int(), price: z.number().int().describe('my selling price, fen'), basePrice: z.number().int().describe('what my wallet pays, fen'), available: z.number().int(),
          })),
          unmatched: z.array(z.object({
            text: z.string(), colour: z.string().nullable(), size: z.string().nullable(), product: z.string().nullable(), quantity: z.number().int(),
            reason: z.enum(['no_match', 'ambiguous']), candidates: z.array(z.string()).describe('event SKU ids to choose from'),
            share: z.number().min(0).max(1).describe('what choosing this item adds to confidence'),
          })),
          warnings: z.array(z.object({ code: z.string(), message: z.string() })),
          confidence: z.number().min(0).max(1).describe('how complete the draft is; items still to be chosen count as not done'),
          unparsed: z.string(),
        }),
      },
    },
  }, async (req) => pasteOrderDraft(req.ctx, req.body));
}
