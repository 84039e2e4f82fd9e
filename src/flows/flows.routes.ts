// HTTP for use cases that span modules: browsing events, placing and cancelling orders, the
// storefront behind a shared link, and gateway notifications.
import { z } from 'zod';
import { AppError } from '../platform/errors.ts';
import { readOnReplica } from '../platform/replica.ts';
import { ChosenReason, StoredReason } from '../platform/reasons.schema.ts';
import { AddressSchema, AddressView, Id, IdempotencyHeaders, OptionalIdempotencyHeaders, Phone, Text, Timestamp, type App } from '../platform/http.ts';
import { readOrder, listOrders, orderView } from '../modules/orders/index.ts';
import { intentForOrder, refundsForOrder, refundsForOrders } from '../modules/payments/index.ts';
import { placeResellerOrder, placeStorefrontOrder, readStorefrontOrder, lineFacts, payStorefrontOrderAgain } from './checkout.flow.ts';
import { cancelOrderOnce } from './cancellation.flow.ts';
import { handlePaymentNotification } from './payment-settlement.flow.ts';
import { browseSaleEvents, resellerSaleEvent, storefront, storefrontSaleEvent } from './shop.flow.ts';
import { holdsRoutes } from './holds.routes.ts';
import { LinkCode, visitorOf } from './share-kit.routes.ts';
import { sendCachedJson } from './storefront-cache.ts';
import { operatorControlsRoutes } from './operator-controls.routes.ts';
import { ordersRoutes, OrderFilterQuery } from '../modules/orders/orders.routes.ts';

const N = z.number().nullable();
export const OrderSchema = z.object({
  id: z.string(), orderNo: z.string(), kind: z.enum(['reseller', 'storefront']), status: z.string(), resellerId: z.string(),
  consumer: z.object({ name: z.string(), phone: z.string(), address: AddressView }).nullable(),
  payMethod: z.string(), currency: z.string(), sellingTotal: N, baseTotal: N, amountDue: N, discountTotal: N,
  viaResellerId: z.string().nullable().describe('流量保护: the reseller whose link the consumer bought through, when the order went to the reseller they are bound to'),
  shareLink: z.string().nullable().describe('the share link (code) the order came through'),
  campaign: z.object({ kind: z.enum(['flash', 'group', 'presale']), ref: z.string() }).nullable(),
  holdExpiresAt: Timestamp.nullable(), paidAt: Timestamp.nullable(), cancelledAt: Timestamp.nullable(), cancelReason: StoredReason.nullable(), note: z.string(), createdAt: Timestamp,
  shippedAt: Timestamp.nullable(), deliveredAt: Timestamp.nullable(), returnWindowEndsAt: Timestamp.nullable().describe('returns may be asked for until then (delivery starts the window)'),
  lines: z.array(z.object({
    id: z.string(), eventSkuId: z.string(), saleEventId: z.string(), skuId: z.string(), productId: z.string(), brandId: z.string(), productName: z.string(), colour: z.string(), size: z.string(), image: z.string().nullable(), quantity: z.number(), basePrice: N, sellingPrice: N, commissionBps: N,
    units: z.object({ cancelled: z.number(), short: z.number(), shipped: z.number(), delivered: z.number(), returned: z.number(), refunded: z.number() }).describe('where the line’s units are: short = the brand did not deliver them (cancelled and refunded)'),
  })),
  payment: z.object({ id: z.string(), status: z.string(), payUrl: z.string().nullable() }).nullable(),
  refunds: z.array(z.object({ id: z.string(), amount: z.number(), currency: z.string(), status: z.enum(['pending', 'succeeded', 'failed']), reason: StoredReason, createdAt: Timestamp, settledAt: Timestamp.nullable() })),
});
export const Lines = z.array(z.strictObject({ eventSkuId: Id, quantity: z.number().int().min(1).max(99) })).min(1).max(50);
export const Consumer = z.strictObject({ name: Text(50), phone: Phone, address: AddressSchema });
const EventCard = z.object({ id: z.string(), title: z.string(), brandId: z.string(), brandName: z.string(), startsAt: Timestamp, endsAt: Timestamp, ordersCloseAt: Timestamp.describe('when orders stop: the end, or the presale deadline when earlier'), status: z.string(), onSale: z.boolean(), productCount: z.number(), stockLeft: z.number(), soldCount: z.number(), coverImage: z.string().nullable(),
  discountTenths: z.number().int().min(1).max(99).nullable().describe('deepest discount the prices give, tenths of 折 rounded up (27 = 2.7折 = up to 73% off); null: none') });
/** Set on an item that sells only through its flash sale (at this price, from this instant). */
const FlashMark = z.object({ id: z.string(), price: z.number(), startsAt: Timestamp, phase: z.string() }).nullable();
const SkuImage = z.string().nullable().describe('the picture this item is shown with: its colour’s own, else the product’s first');
const Product = <T extends z.ZodRawShape>(sku: T) => z.object({ id: z.string(), name: z.string(), category: z.string(), description: z.string(), images: z.array(z.string()), skus: z.array(z.object(sku)) });

export function flowsRoutes(app: App): void {
  // Unpaid holds: a reseller's customers', the operator's biggest holders, releases (holds.routes.ts).
  holdsRoutes(app);
  operatorControlsRoutes(app);
  // Orders as a whole filter: summaries, the pick list, CSV exports (modules/orders/orders.routes.ts).
  ordersRoutes(app);
  // ---- reseller app ----
  app.get('/api/v1/reseller/sale-events', {
    config: { auth: ['reseller', 'operator'] },
    schema: { tags: ['reseller app'], summary: 'Live and upcoming events', response: { 200: z.object({ items: z.array(EventCard) }) } },
  }, async (req) => ({ items: await browseSaleEvents(req.ctx) }));

  app.get('/api/v1/reseller/sale-events/:saleEventId', {
    config: { auth: ['reseller', 'operator'] },
    schema: {
      tags: ['reseller app'], summary: 'An event with base prices, my window, my price and profit per item', params: z.strictObject({ saleEventId: Id }),
      response: {
        200: z.object({
          id: z.string(), title: z.string(), description: z.string(), brandId: z.string(), startsAt: Timestamp, endsAt: Timestamp, ordersCloseAt: Timestamp.describe('when orders stop: the end, or the presale deadline when earlier'), status: z.string(), onSale: z.boolean(),
          markup: z.object({ minBps: z.number(), maxBps: z.number(), suggestedBps: z.number() }),
          products: z.array(Product({ eventSkuId: z.string(), skuId: z.string(), colour: z.string(), size: z.string(), image: SkuImage, tagPrice: z.number(), basePrice: z.number(), minPrice: z.number(), maxPrice: z.number(), suggestedPrice: z.number(), myPrice: z.number().nullable(), sellingPrice: z.number(), profit: z.number(), available: z.number(), sold: z.number(), currency: z.string(), pulled: z.boolean().describe('pulled by the operator (已下架): off sale for good'), flash: FlashMark })),
        }),
      },
    },
  }, async (req) => resellerSaleEvent(req.ctx, req.params.saleEventId));

  app.post('/api/v1/reseller/orders', {
    // The session is checked by placeResellerOrder: a wallet order's by the order desk's read.
    config: { auth: ['reseller'], sessionCheckedLater: true },
    schema: {
      tags: ['reseller app'], summary: 'Place an order for a consumer (代下单), paid at base price from my wallet or through the gateway',
      headers: IdempotencyHeaders,
      body: z.strictObject({ customerId: Id.optional(), consumer: Consumer.optional(), lines: Lines, payWith: z.enum(['wallet', 'provider']).default('wallet'), note: z.string().trim().max(200).optional() })
        .refine((b) => Boolean(b.customerId) !== Boolean(b.consumer), { message: 'give exactly one of customerId and consumer', path: ['consumer'] }),
      response: { 201: OrderSchema },
    },
  }, async (req, reply) => {
    const r = await placeResellerOrder(req.ctx, { ...req.body, idempotencyKey: req.headers['idempotency-key'] });
    // A replay answers exactly as the first request did; only this header tells them apart.
    return reply.code(201).header('idempotent-replayed', String(r.replayed)).send(r.order);
  });

  // ---- orders, for every role, scoped ----
  app.get('/api/v1/orders', {
    config: { auth: ['operator', 'brand', 'reseller'] },
    schema: {
      tags: ['orders'], summary: 'Orders newest first (resellers see theirs, brands those with their items); q finds an order number, its last digits or an order id',
      querystring: z.strictObject({ ...OrderFilterQuery, cursor: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).optional() }),
      response: { 200: z.object({ items: z.array(OrderSchema), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => {
    const r = await listOrders(req.ctx, req.query);
    const facts = await lineFacts(req.ctx, r.items.flatMap((i) => i.lines));
    const refunds = req.actor.kind === 'brand' ? new Map() : await refundsForOrders(req.ctx, r.items.map((i) => i.order.id));
    return { items: r.items.map((i) => orderView(req.actor, i.order, i.lines, null, facts, refunds.get(i.order.id))), nextCursor: r.nextCursor };
  });

  app.get('/api/v1/orders/:orderId', {
    config: { auth: ['operator', 'brand', 'reseller'] },
    schema: { tags: ['orders'], params: z.strictObject({ orderId: Id }), response: { 200: OrderSchema } },
  }, async (req) => {
    const { order, lines } = await readOrder(req.ctx, req.params.orderId);
    const intent = await intentForOrder(req.ctx, order.id);
    const refunds = intent && req.actor.kind !== 'brand' ? await refundsForOrder(req.ctx, order.id) : [];
    return orderView(req.actor, order, lines, intent ? { id: intent.id, status: intent.status, payUrl: intent.payUrl } : null, await lineFacts(req.ctx, lines), refunds);
  });

  app.post('/api/v1/orders/:orderId/cancel', {
    config: { auth: ['operator', 'reseller'] },
    schema: {
      tags: ['orders'], summary: 'Cancel before shipment: stock back, money reversed, gateway payments refunded. With an Idempotency-Key a retry answers as the first request did',
      params: z.strictObject({ orderId: Id }), headers: OptionalIdempotencyHeaders, body: z.strictObject({ reason: ChosenReason }), response: { 200: OrderSchema },
    },
  }, async (req, reply) => {
    const r = await cancelOrderOnce(req.ctx, req.params.orderId, req.body.reason, req.headers['idempotency-key']);
    return reply.header('idempotent-replayed', String(r.replayed)).send(r.order);
  });

  // ---- storefront: no login ----
  const Code = z.string().min(4).max(32).regex(/^[a-z0-9]+$/);
  const DiscountCode = z.string().trim().min(3).max(32).regex(/^[A-Za-z0-9-]+$/, 'letters, digits and - only');
  app.get('/api/v1/storefront/:shareCode', {
    config: { auth: 'public' },
    schema: { tags: ['storefront'], params: z.strictObject({ shareCode: Code }), response: { 200: z.object({ shareCode: z.string(), resellerName: z.string(), events: z.array(EventCard) }) } },
  }, async (req) => readOnReplica(req.ctx, (c) => storefront(c, req.params.shareCode)));

  app.get('/api/v1/storefront/:shareCode/sale-events/:saleEventId', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'An event in a reseller’s shop: the reseller’s prices only', params: z.strictObject({ shareCode: Code, saleEventId: Id }),
      response: {
        200: z.object({
          shareCode: z.string(), resellerName: z.string(), id: z.string(), title: z.string(), description: z.string(), startsAt: Timestamp, endsAt: Timestamp, ordersCloseAt: Timestamp.describe('when orders stop: the end, or the presale deadline when earlier'), status: z.string(), onSale: z.boolean(), ended: z.boolean(),
          products: z.array(Product({ eventSkuId: z.string(), colour: z.string(), size: z.string(), image: SkuImage, tagPrice: z.number(), price: z.number(), available: z.number(), currency: z.string(), pulled: z.boolean().describe('pulled by the operator (已下架): off sale for good'), flash: FlashMark })),
        }),
      },
    },
  }, async (req, reply) => sendCachedJson(req, reply, `event:${req.params.shareCode}:${req.params.saleEventId}`, req.ctx.deps.config.storefrontCacheMs,
    () => readOnReplica(req.ctx, (c) => storefrontSaleEvent(c, req.params.shareCode, req.params.saleEventId))));

  app.post('/api/v1/storefront/:shareCode/orders', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'A consumer’s order through a shared link; pay at the returned payment URL before the hold expires',
      params: z.strictObject({ shareCode: Code }), headers: IdempotencyHeaders,
      body: z.strictObject({
        consumer: Consumer, lines: Lines, note: z.string().trim().max(200).optional(), couponCode: DiscountCode.optional(), redPacketCode: DiscountCode.optional(),
        shareLink: LinkCode.optional().describe('the share link the consumer came through (its channel’s conversion)'),
      }),
      response: { 201: z.object({ order: OrderSchema, lookupToken: z.string() }) },
    },
  }, async (req, reply) => {
    const r = await placeStorefrontOrder(req.ctx, { shareCode: req.params.shareCode, ...req.body, idempotencyKey: req.headers['idempotency-key'], clientAddress: req.ip, visitorId: visitorOf(req) });
    return reply.code(201).header('idempotent-replayed', String(r.replayed)).send({ order: r.order, lookupToken: r.lookupToken! });
  });

  app.get('/api/v1/storefront/orders/:orderId', {
    config: { auth: 'public' },
    schema: { tags: ['storefront'], summary: 'Look an order up with the token from the confirmation link', params: z.strictObject({ orderId: Id }), querystring: z.strictObject({ token: z.string().min(10).max(64), lang: z.string().optional() }), response: { 200: OrderSchema } },
  }, async (req) => {
    return readStorefrontOrder(req.ctx, req.params.orderId, req.query.token);
  });

  app.post('/api/v1/storefront/:shareCode/orders/:orderId/pay', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'After a declined payment, pay again (a new gateway charge) while the hold lasts',
      params: z.strictObject({ shareCode: Code, orderId: Id }), querystring: z.strictObject({ token: z.string().min(10).max(64), lang: z.string().optional() }),
      response: { 200: OrderSchema },
    },
  }, async (req) => payStorefrontOrderAgain(req.ctx, { orderId: req.params.orderId, token: req.query.token, shareCode: req.params.shareCode }));

  // ---- gateway notifications ----
  app.post('/api/v1/payments/notify/:provider', {
    config: { auth: 'public' },
    schema: { tags: ['payments'], summary: 'Signed asynchronous notifications from the payment gateway', params: z.strictObject({ provider: z.string().max(20) }), response: { 200: z.object({ received: z.literal(true), outcome: z.string() }) } },
  }, async (req) => {
    if (req.params.provider !== req.ctx.deps.payments.name) throw new AppError('not_found');
    if (typeof req.rawBody !== 'string') throw new AppError('validation_failed', { detail: 'expected a JSON body' });
    const outcome = await handlePaymentNotification(req.ctx, req.rawBody, req.headers);
    return { received: true as const, outcome };
  });
}
