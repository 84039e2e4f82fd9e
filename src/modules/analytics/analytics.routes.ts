// HTTP: dashboards.
import { z } from 'zod';
import { Id, Timestamp, type App } from '../../platform/http.ts';
import { readOnReplica } from '../../platform/replica.ts';
import { overview, sellThrough, resellerToday } from './analytics.service.ts';
import { resellerDashboard } from './reseller-dashboard.ts';
import { battleReport } from './battle-report.ts';

const Traffic = z.object({
  visitors: z.number(), views: z.number(), buyingVisitors: z.number(), conversionBps: z.number().describe('visitors who bought per visitor, basis points'),
  channels: z.array(z.object({ channel: z.string().describe('group, moments, private, other, or direct (no share link)'), visitors: z.number(), views: z.number(), orders: z.number(), sales: z.number(), conversionBps: z.number() })),
}).describe('storefront traffic over the last 7 China days');

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
          traffic: Traffic,
        }),
      },
    },
  }, async (req) => readOnReplica(req.ctx, overview));

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
          traffic: Traffic,
        }),
      },
    },
  }, async (req) => readOnReplica(req.ctx, (c) => sellThrough(c, req.params.saleEventId)));

  app.get('/api/v1/reseller/today', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], summary: 'My sales today', response: { 200: z.object({ orders: z.number(), units: z.number(), sales: z.number(), margin: z.number(), customers: z.number() }) } },
  }, async (req) => readOnReplica(req.ctx, resellerToday));

  app.get('/api/v1/reseller/dashboard', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'My figures for today, 7 or 30 days: sales, margin, orders, buyers, visitors, conversion, by day, top products, by channel',
      querystring: z.strictObject({ days: z.enum(['1', '7', '30']).default('7'), lang: z.string().optional() }),
      response: {
        200: z.object({
          days: z.number(), from: z.string(), to: z.string(),
          totals: z.object({ sales: z.number(), margin: z.number(), orders: z.number(), units: z.number(), buyers: z.number(), visitors: z.number(), views: z.number(), conversionBps: z.number() }),
          previous: z.object({ sales: z.number(), orders: z.number(), visitors: z.number() }).describe('the same number of days just before'),
          daily: z.array(z.object({ day: z.string(), sales: z.number(), margin: z.number(), orders: z.number(), visitors: z.number() })),
          topProducts: z.array(z.object({ productId: z.string(), name: z.string(), units: z.number(), sales: z.number() })),
          channels: z.array(z.object({ channel: z.string().describe('group, moments, private, other, or direct (no share link)'), visitors: z.number(), views: z.number(), orders: z.number(), buyers: z.number(), sales: z.number(), conversionBps: z.number() })),
        }),
      },
    },
  }, async (req) => readOnReplica(req.ctx, (c) => resellerDashboard(c, Number(req.query.days) as 1 | 7 | 30)));

  app.get('/api/v1/sale-events/:saleEventId/battle-report', {
    config: { auth: ['operator', 'brand', 'reseller'] },
    schema: {
      tags: ['analytics'], summary: '销售战报: units sold, sell-through, N sold in the first M minutes, sold-out and top SKUs, buyers, the sales curve', params: z.strictObject({ saleEventId: Id }),
      querystring: z.strictObject({ lang: z.string().optional() }),
      response: {
        200: z.object({
          saleEventId: z.string(), title: z.string(), brandName: z.string(), status: z.string(), startsAt: Timestamp, endsAt: Timestamp, now: Timestamp,
          totals: z.object({ initial: z.number(), sold: z.number(), sellThroughBps: z.number(), orders: z.number(), buyers: z.number(), resellers: z.number(), skus: z.number(), soldOutSkus: z.number() }),
          opening: z.object({ minutes: z.number(), units: z.number() }),
          peak: z.object({ at: z.string(), units: z.number() }).nullable(),
          topSkus: z.array(z.object({ productName: z.string(), colour: z.string(), size: z.string(), sold: z.number(), initial: z.number(), sellThroughBps: z.number() })),
          curve: z.array(z.object({ at: z.string(), units: z.number(), cumulative: z.number() })),
        }),
      },
    },
  }, async (req) => readOnReplica(req.ctx, (c) => battleReport(c, req.params.saleEventId)));
}
