// HTTP for after-sales (售后): requests by the consumer (order link) or the reseller on their
// behalf, the operator's decisions and inspection, the order's requests, and return rates. Also
// the consumer's view of their parcels' tracking by the order link.
import { z } from 'zod';
import { ReasonBody, StoredReason } from '../platform/reasons.schema.ts';
import { Id, Timestamp, Cursor, AddressView, type App } from '../platform/http.ts';
import { readOrderByToken } from '../modules/orders/index.ts';
import { parcelsOfOrders } from '../modules/fulfillment/index.ts';
import { trackingOf } from '../modules/carriers/index.ts';
import { getReturn, listReturns, REASON_CODES } from '../modules/aftersales/index.ts';
import { requestReturn, decideReturn, inspectReturn, withdrawReturn, orderReturns, returnRatesFlow, presentReturns } from './aftersales.flow.ts';

const ReturnLine = z.object({ orderLineId: z.string(), brandId: z.string(), saleEventId: z.string(), skuId: z.string(), quantity: z.number(), accepted: z.number().nullable() });
const Return = z.object({
  id: z.string(), returnNo: z.string(), orderId: z.string(), resellerId: z.string(), kind: z.string().describe('return | refund_only'),
  status: z.string().describe('requested | approved | in_transit | received | refunded | rejected | cancelled'), reasonCode: z.string(), note: z.string(), photos: z.array(z.string()),
  requestedBy: z.string(), decisionReason: StoredReason.nullable(), returnCarrier: z.string().nullable(), returnWaybillNo: z.string().nullable(), inspectionNote: z.string().nullable(),
  refunded: z.number(), currency: z.string(), createdAt: Timestamp, decidedAt: Timestamp.nullable(), receivedAt: Timestamp.nullable(), refundedAt: Timestamp.nullable(), lines: z.array(ReturnLine),
  orderNo: z.string(),
  returnAddress: z.object({ name: z.string(), phone: z.string(), address: AddressView }).nullable().describe('where an approved return is sent'),
});
const Body = z.strictObject({
  kind: z.enum(['return', 'refund_only']), reasonCode: z.enum(REASON_CODES as [string, ...string[]]), note: z.string().trim().max(500).optional(),
  lines: z.array(z.strictObject({ orderLineId: Id, quantity: z.number().int().min(1).max(99) })).min(1).max(50),
  photos: z.array(z.string().max(3_000_000)).max(3).optional().describe('up to 3 photos as data URLs (image/jpeg, png or webp, 2 MB each)'),
});
const OrderParam = z.strictObject({ id: Id });
const TokenQuery = z.strictObject({ token: z.string().min(10).max(64), lang: z.string().optional() });
const Tracked = z.object({
  id: z.string(), parcelNo: z.string(), status: z.string(), carrier: z.string().nullable(), waybillNo: z.string().nullable(), trackingStatus: z.string().nullable(), items: z.number(),
  shippedAt: Timestamp.nullable(), deliveredAt: Timestamp.nullable(),
  tracking: z.array(z.object({ status: z.string(), occurredAt: Timestamp, location: z.string(), description: z.string() })),
});

export function aftersalesRoutes(app: App): void {
  app.post('/api/v1/orders/:id/returns', {
    config: { auth: ['reseller', 'operator'] },
    schema: { tags: ['after-sales'], summary: 'Ask to return units of a delivered order (a reseller for their customer): per line and quantity, with a reason and photos', params: OrderParam, body: Body, response: { 201: Return } },
  }, async (req, reply) => reply.code(201).send((await presentReturns(req.ctx, [await requestReturn(req.ctx, req.params.id, { ...req.body, reasonCode: req.body.reasonCode as never }, 'actor')]))[0]));

  app.get('/api/v1/orders/:id/returns', {
    config: { auth: ['operator', 'brand', 'reseller'] },
    schema: { tags: ['after-sales'], summary: 'An order’s return and refund requests', params: OrderParam, querystring: z.strictObject({ lang: z.string().optional() }), response: { 200: z.object({ items: z.array(Return) }) } },
  }, async (req) => ({ items: await presentReturns(req.ctx, await orderReturns(req.ctx, req.params.id, 'actor')) }));

  app.post('/api/v1/storefront/orders/:id/returns', {
    config: { auth: 'public' },
    schema: { tags: ['storefront'], summary: 'The consumer asks to return units, with the token from their order link', params: OrderParam, querystring: TokenQuery, body: Body, response: { 201: Return } },
  }, async (req, reply) => reply.code(201).send((await presentReturns(req.ctx, [await requestReturn(req.ctx, req.params.id, { ...req.body, reasonCode: req.body.reasonCode as never }, { token: req.query.token })]))[0]));

  app.get('/api/v1/storefront/orders/:id/returns', {
    config: { auth: 'public' },
    schema: { tags: ['storefront'], summary: 'The consumer’s return requests, with the order link’s token', params: OrderParam, querystring: TokenQuery, response: { 200: z.object({ items: z.array(Return) }) } },
  }, async (req) => ({ items: await presentReturns(req.ctx, await orderReturns(req.ctx, req.params.id, { token: req.query.token })) }));

  app.post('/api/v1/storefront/orders/:id/returns/:returnId/withdraw', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'The consumer withdraws their request (撤销申请) while it awaits a decision or, approved, before the goods were sent back; with the order link’s token',
      params: z.strictObject({ id: Id, returnId: Id }), querystring: TokenQuery, response: { 200: Return },
    },
  }, async (req) => (await presentReturns(req.ctx, [await withdrawReturn(req.ctx, req.params.returnId, { orderId: req.params.id, token: req.query.token })]))[0]);

  app.get('/api/v1/storefront/orders/:id/parcels', {
    config: { auth: 'public' },
    schema: { tags: ['storefront'], summary: 'The consumer’s parcels with waybills and tracking, with the order link’s token', params: OrderParam, querystring: TokenQuery, response: { 200: z.object({ items: z.array(Tracked) }) } },
  }, async (req) => {
    await readOrderByToken(req.ctx, req.params.id, req.query.token);
    const ps = await parcelsOfOrders(req.ctx, [req.params.id]);
    const tracks = new Map((await trackingOf(req.ctx, ps.map((p) => p.id))).map((t) => [t.parcelRef, t.events]));
    return { items: ps.map((p) => ({ ...p, items: p.lines.filter((l) => l.orderId === req.params.id).reduce((a, l) => a + l.quantity, 0), tracking: tracks.get(p.id) ?? [] })) };
  });

  app.get('/api/v1/returns', {
    config: { auth: ['operator', 'brand', 'reseller'] },
    schema: {
      tags: ['after-sales'], summary: 'Return and refund requests, newest first (resellers their own; brands those with their items)',
      querystring: Cursor.extend({ status: z.string().regex(/^(requested|approved|in_transit|received|refunded|rejected|cancelled)(,(requested|approved|in_transit|received|refunded|rejected|cancelled))*$/, 'statuses separated by commas').optional().describe('one status or several, comma-separated'), resellerId: Id.optional(), brandId: Id.optional() }),
      response: { 200: z.object({ items: z.array(Return), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => {
    const page = await listReturns(req.ctx, { ...req.query, status: req.query.status?.split(',') as never });
    return { ...page, items: await presentReturns(req.ctx, page.items) };
  });

  app.get('/api/v1/returns/rates', {
    config: { auth: ['operator', 'brand'] },
    schema: {
      tags: ['after-sales'], summary: 'Return reasons and rates per brand, event or SKU (returned units over delivered units)',
      querystring: z.strictObject({ by: z.enum(['brand', 'event', 'sku']).default('sku'), brandId: Id.optional(), lang: z.string().optional() }),
      response: { 200: z.object({ items: z.array(z.object({ key: z.string(), label: z.string().nullable().describe('the brand’s, event’s or SKU’s name'), delivered: z.number(), returned: z.number(), requests: z.number(), reasons: z.record(z.string(), z.number()) })) }) },
    },
  }, async (req) => ({ items: await returnRatesFlow(req.ctx, req.query.by, req.query.brandId) }));

  app.get('/api/v1/returns/:id', {
    config: { auth: ['operator', 'brand', 'reseller'] },
    schema: { tags: ['after-sales'], summary: 'A return or refund request', params: OrderParam, querystring: z.strictObject({ lang: z.string().optional() }), response: { 200: Return } },
  }, async (req) => (await presentReturns(req.ctx, [await getReturn(req.ctx, req.params.id)]))[0]);

  app.post('/api/v1/returns/:id/approve', {
    config: { auth: ['operator'] },
    schema: { tags: ['after-sales'], summary: 'Approve: a return gets its waybill back to the warehouse; a refund-only request is refunded', params: OrderParam, body: ReasonBody, response: { 200: Return } },
  }, async (req) => (await presentReturns(req.ctx, [await decideReturn(req.ctx, req.params.id, { approve: true, reason: req.body.reason })]))[0]);

  app.post('/api/v1/returns/:id/reject', {
    config: { auth: ['operator'] },
    schema: { tags: ['after-sales'], summary: 'Reject with a reason the consumer and reseller see', params: OrderParam, body: ReasonBody, response: { 200: Return } },
  }, async (req) => (await presentReturns(req.ctx, [await decideReturn(req.ctx, req.params.id, { approve: false, reason: req.body.reason })]))[0]);

  app.post('/api/v1/returns/:id/withdraw', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['after-sales'], summary: 'The reseller withdraws a request of their customer’s (撤销申请) while it awaits a decision or, approved, before the goods were sent back',
      params: OrderParam, response: { 200: Return },
    },
  }, async (req) => (await presentReturns(req.ctx, [await withdrawReturn(req.ctx, req.params.id, 'actor')]))[0]);

  app.post('/api/v1/returns/:id/inspect', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['after-sales'], summary: 'Inspection at the warehouse: units accepted per line are refunded; none accepted rejects the return',
      params: OrderParam, body: z.strictObject({ accepted: z.array(z.strictObject({ orderLineId: Id, quantity: z.number().int().min(0).max(99) })).max(50), note: z.string().trim().max(500) }),
      response: { 200: Return },
    },
  }, async (req) => (await presentReturns(req.ctx, [await inspectReturn(req.ctx, req.params.id, req.body)]))[0]);
}
