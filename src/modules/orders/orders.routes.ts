// HTTP for orders as a whole filter: the summary shown above a list, the brand's pick list and
// the CSV files (order list, pick list), streamed so a file covers every order the filter names.
import { z } from 'zod';
import { attachment, csvStream } from '../../platform/csv.ts';
import { shanghaiDay } from '../../platform/time.ts';
import { Id, type App } from '../../platform/http.ts';
import { summariseOrders, pickList, orderListCsv, pickListCsv } from './orders.exports.ts';

const STATUSES = ['pending_payment', 'paid', 'partially_shipped', 'shipped', 'delivered', 'completed', 'expired', 'cancelled'] as const;

/** The filters of every order list, summary and export (GET /api/v1/orders and below). */
export const OrderFilterQuery = {
  status: z.enum(STATUSES).optional(), kind: z.enum(['reseller', 'storefront']).optional(),
  resellerId: Id.optional(), brandId: Id.optional(), saleEventId: Id.optional(),
  /** A consumer's name or phone (not for brands), an order number or its last digits, an order id. */
  q: z.string().max(50).optional(),
  lang: z.string().optional(),
};

/** The day in Asia/Shanghai, for file names: 20261204. */
const today = () => shanghaiDay().replaceAll('-', '');

export function ordersRoutes(app: App): void {
  app.get('/api/v1/orders/summary', {
    config: { auth: ['operator', 'brand', 'reseller'] },
    schema: {
      tags: ['orders'], summary: 'How many orders the filter names (all of them, not a page) and the units of their lines in scope',
      querystring: z.strictObject(OrderFilterQuery), response: { 200: z.object({ orders: z.number(), units: z.number() }) },
    },
  }, async (req) => summariseOrders(req.ctx, req.query));

  const PickItem = z.object({ skuId: z.string(), skuCode: z.string(), productName: z.string(), colour: z.string(), size: z.string(), units: z.number(), orders: z.number() });
  app.get('/api/v1/orders/pick-list', {
    config: { auth: ['operator', 'brand'] },
    schema: {
      tags: ['orders'], summary: 'Units to pick per SKU across every order of the filter (a brand: its own items)',
      querystring: z.strictObject(OrderFilterQuery),
      response: { 200: z.object({ items: z.array(PickItem), totals: z.object({ units: z.number(), skus: z.number(), orders: z.number() }) }) },
    },
  }, async (req) => pickList(req.ctx, req.query));

  app.get('/api/v1/orders/pick-list.csv', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['orders'], summary: 'The pick list as CSV (拣货单): units per SKU, then every order line behind them', querystring: z.strictObject(OrderFilterQuery) },
  }, async (req, reply) => {
    const rows = await pickListCsv(req.ctx, req.query);
    const name = req.ctx.lang === 'en' ? `pick-list-${today()}.csv` : `拣货单-${today()}.csv`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(`pick-list-${today()}.csv`, name)).send(csvStream(rows));
  });

  app.get('/api/v1/orders/export.csv', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['orders'], summary: 'Every order of the filter as CSV, one row per order line', querystring: z.strictObject(OrderFilterQuery) },
  }, async (req, reply) => {
    const rows = orderListCsv(req.ctx, req.query);
    const name = req.ctx.lang === 'en' ? `orders-${today()}.csv` : `订单-${today()}.csv`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(`orders-${today()}.csv`, name)).send(csvStream(rows));
  });
}
