// HTTP: dashboards.
import { z } from 'zod';
import { Id, Timestamp, type App } from '../../platform/http.ts';
import { overview, sellThrough, resellerToday } from './analytics.service.ts';

export function analyticsRoutes(app: App): void {
  app.get('/api/v1/analytics/overview', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['analytics'], summary: 'Today’s GMV, orders, live events; today by hour; the last 14 days; top events',
      response: {
        200: z.object({
          today: z.object({ gmv: z.number(), orders: z.number(), units: z.number(), liveEvents: z.number(), activeResellers: z.number(), pendingPayment: z.number() }),
          yesterday: z.object({ gmv: z.number(), orders: z.number() }),
          hourly: z.array(z.object({ hour: z.number(), gmv: z.number(), orders: z.number() })),
          daily: z.array(z.object({ day: z.string(), gmv: z.number(), orders: z.number() })),
          topEvents: z.array(z.object({ saleEventId: z.string(), title: z.string(), brandName: z.string(), units: z.number(), gmv: z.number() })),
        }),
      },
    },
  }, async (req) => overview(req.ctx));

  app.get('/api/v1/analytics/sale-events/:saleEventId/sell-through', {
    config: { auth: ['operator', 'brand'] },
    schema: {
      tags: ['analytics'], summary: 'Sell-through per SKU and size, and units sold by hour', params: z.strictObject({ saleEventId: Id }),
      response: {
        200: z.object({
          saleEventId: z.string(), title: z.string(), status: z.string(), startsAt: Timestamp, endsAt: Timestamp,
          totals: z.object({ initial: z.number(), sold: z.number(), held: z.number(), available: z.number(), sellThroughBps: z.number(), baseRevenue: z.number() }),
          skus: z.array(z.object({ eventSkuId: z.string(), productId: z.string(), productName: z.string(), colour: z.string(), size: z.string(), initial: z.number(), sold: z.number(), held: z.number(), available: z.number(), sellThroughBps: z.number() })),
          bySize: z.array(z.object({ size: z.string(), initial: z.number(), sold: z.number() })),
          hourly: z.array(z.object({ at: z.string(), units: z.number() })),
        }),
      },
    },
  }, async (req) => sellThrough(req.ctx, req.params.saleEventId));

  app.get('/api/v1/reseller/today', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], summary: 'My sales today', response: { 200: z.object({ orders: z.number(), units: z.number(), sales: z.number(), margin: z.number(), customers: z.number() }) } },
  }, async (req) => resellerToday(req.ctx));
}
