// HTTP: a reseller sets selling prices inside an event's markup window.
import { z } from 'zod';
import { Id, Money, type App } from '../../platform/http.ts';
import { setPrices } from './pricing.service.ts';

export function pricingRoutes(app: App): void {
  app.put('/api/v1/reseller/sale-events/:saleEventId/prices', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'Set my selling prices (per product or per SKU); all inside the window or none saved',
      params: z.strictObject({ saleEventId: Id }),
      body: z.strictObject({
        prices: z.array(z.union([
          z.strictObject({ productId: Id, sellingPrice: Money.positive() }),
          z.strictObject({ eventSkuId: Id, sellingPrice: Money.positive() }),
        ])).min(1).max(1000),
      }),
      response: { 200: z.object({ items: z.array(z.object({ eventSkuId: z.string(), sellingPrice: z.number() })) }) },
    },
  }, async (req) => ({ items: await setPrices(req.ctx, { saleEventId: req.params.saleEventId, prices: req.body.prices }) }));
}
