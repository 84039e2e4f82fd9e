// HTTP: coupons (operator; brands see the ones they fund), red packets (reseller), and the
// storefront's discount preview.
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { Id, IdempotencyHeaders, Money, Phone, Timestamp, type App } from '../../platform/http.ts';
import { getReseller } from '../resellers/index.ts';
import { createCoupon, listCoupons, setCouponStatus, buyRedPackets, listRedPacketBatches, giftRedPackets, quoteStorefrontDiscounts, checkoutCoupons, type BatchView } from './promotions.service.ts';

const Kind = z.enum(['threshold', 'fixed', 'percent', 'bogo']);
const Coupon = z.object({
  id: z.string(), code: z.string(), name: z.string(), kind: Kind, threshold: z.number(), amountOff: z.number(), percentBps: z.number(), maxOff: z.number().nullable(),
  fundedBy: z.enum(['platform', 'brand']), brandId: z.string().nullable(), brandName: z.string().nullable(), currency: z.string(),
  validFrom: Timestamp, validTo: Timestamp, totalCap: z.number(), perCustomerCap: z.number(), redeemed: z.number(),
  status: z.enum(['active', 'paused']), state: z.enum(['scheduled', 'active', 'paused', 'ended', 'exhausted']), createdAt: Timestamp,
  usage: z.object({ paidOrders: z.number(), pendingOrders: z.number(), discount: z.number().describe('discount on paid orders, minor units'), sales: z.number().describe('what the paid orders’ consumers paid for the lines it discounted') }),
});
const Packet = z.object({ id: z.string(), code: z.string(), amount: z.number(), minSpend: z.number(), status: z.enum(['issued', 'gifted', 'used', 'expired']), customerId: z.string().nullable(), orderId: z.string().nullable(), usedAt: Timestamp.nullable(), expiresAt: Timestamp, link: z.string() });
const Batch = z.object({
  id: z.string(), title: z.string(), amountEach: z.number(), count: z.number(), minSpend: z.number(), currency: z.string(), expiresAt: Timestamp, createdAt: Timestamp,
  total: z.number(), counts: z.object({ issued: z.number(), gifted: z.number(), used: z.number(), expired: z.number() }), packets: z.array(Packet),
});
const CodeText = z.string().trim().min(3).max(32).regex(/^[A-Za-z0-9-]+$/, 'letters, digits and - only');
const ShareCode = z.string().min(4).max(32).regex(/^[a-z0-9]+$/);

export function promotionsRoutes(app: App): void {
  // ---- coupons ----
  app.get('/api/v1/coupons', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['promotions'], summary: 'Coupons with redeemed / cap (brands: the ones they fund)', querystring: z.strictObject({ brandId: Id.optional(), lang: z.string().optional() }), response: { 200: z.object({ items: z.array(Coupon) }) } },
  }, async (req) => ({ items: (await listCoupons(req.ctx, req.query)) as z.infer<typeof Coupon>[] }));

  app.post('/api/v1/coupons', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['promotions'], summary: 'Create a coupon: 满减 (threshold), fixed, percent or buy-one-get-one; platform- or brand-funded',
      body: z.strictObject({
        code: CodeText, name: z.string().trim().min(1).max(60), kind: Kind,
        threshold: Money.optional(), amountOff: Money.optional(), percentBps: z.number().int().min(1).max(9999).optional(), maxOff: Money.min(1).nullable().optional(),
        fundedBy: z.enum(['platform', 'brand']), brandId: Id.nullable().optional(),
        validFrom: z.coerce.date(), validTo: z.coerce.date(), totalCap: z.number().int().min(1).max(10_000_000), perCustomerCap: z.number().int().min(1).max(1000),
      }),
      response: { 201: Coupon },
    },
  }, async (req, reply) => reply.code(201).send(await createCoupon(req.ctx, req.body) as z.infer<typeof Coupon>));

  app.post('/api/v1/coupons/:couponId/status', {
    config: { auth: ['operator'] },
    schema: { tags: ['promotions'], summary: 'Pause or resume a coupon', params: z.strictObject({ couponId: Id }), body: z.strictObject({ status: z.enum(['active', 'paused']) }), response: { 200: Coupon } },
  }, async (req) => await setCouponStatus(req.ctx, req.params.couponId, req.body.status) as z.infer<typeof Coupon>);

  // ---- red packets ----
  const withLinks = async (req: { ctx: Parameters<typeof getReseller>[0] }, batches: BatchView[]) => {
    if (req.ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
    const me = await getReseller(req.ctx, req.ctx.actor.resellerId);
    const base = `${req.ctx.deps.config.publicUrl}/s/${me.shareCode}?rp=`;
    return batches.map((b) => ({ ...b, packets: b.packets.map((p) => ({ ...p, status: p.status as 'issued', link: base + p.code })) }));
  };

  app.get('/api/v1/reseller/red-packets', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], summary: 'My red packet batches and every packet’s state', response: { 200: z.object({ items: z.array(Batch) }) } },
  }, async (req) => ({ items: await withLinks(req, await listRedPacketBatches(req.ctx)) }));

  app.post('/api/v1/reseller/red-packets', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'Buy a batch of red packets from my wallet (unused ones return their money when they expire)',
      headers: IdempotencyHeaders,
      body: z.strictObject({
        title: z.string().trim().min(1).max(40), amountEach: Money.min(1).max(100_000), count: z.number().int().min(1).max(500),
        minSpend: Money.max(10_000_000).default(0), validDays: z.number().int().min(1).max(90).default(7),
      }),
      response: { 201: Batch },
    },
  }, async (req, reply) => {
    const r = await buyRedPackets(req.ctx, { ...req.body, idempotencyKey: req.headers['idempotency-key'] });
    return reply.code(201).header('idempotent-replayed', String(r.replayed)).send((await withLinks(req, [r.batch]))[0]);
  });

  app.post('/api/v1/reseller/red-packets/:batchId/gift', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'Gift one packet of the batch to each chosen customer of my customer book',
      params: z.strictObject({ batchId: Id }), body: z.strictObject({ customerIds: z.array(Id).min(1).max(200) }), response: { 200: Batch },
    },
  }, async (req) => (await withLinks(req, [await giftRedPackets(req.ctx, req.params.batchId, req.body.customerIds)]))[0]);

  // ---- storefront ----
  app.post('/api/v1/storefront/:shareCode/quote', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'Preview an order with a coupon and/or red packet code (nothing is reserved)',
      params: z.strictObject({ shareCode: ShareCode }),
      body: z.strictObject({
        lines: z.array(z.strictObject({ eventSkuId: Id, quantity: z.number().int().min(1).max(99) })).min(1).max(50),
        couponCode: CodeText.optional(), redPacketCode: CodeText.optional(), phone: Phone.optional(),
      }),
      response: {
        200: z.object({
          subtotal: z.number(), couponOff: z.number(), redPacketOff: z.number(), discountTotal: z.number(), amountDue: z.number(), currency: z.string(),
          coupon: z.object({ code: z.string(), name: z.string(), amount: z.number(), fundedBy: z.string() }).nullable(),
          redPacket: z.object({ code: z.string(), amount: z.number() }).nullable(),
        }),
      },
    },
  }, async (req) => quoteStorefrontDiscounts(req.ctx, { shareCode: req.params.shareCode, ...req.body }));

  app.post('/api/v1/storefront/:shareCode/coupons', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'The coupons this cart can use now, best first (one below its threshold is listed as not usable yet)',
      params: z.strictObject({ shareCode: ShareCode }),
      body: z.strictObject({ lines: z.array(z.strictObject({ eventSkuId: Id, quantity: z.number().int().min(1).max(99) })).min(1).max(50), phone: Phone.optional() }),
      response: {
        200: z.object({
          items: z.array(z.object({
            code: z.string(), name: z.string(), kind: z.enum(['threshold', 'fixed', 'percent', 'bogo']), threshold: z.number(), amountOff: z.number(), percentBps: z.number(), maxOff: z.number().nullable(),
            validTo: Timestamp, off: z.number().describe('what it takes off this cart, fen'), usable: z.boolean(), reason: z.enum(['below_threshold', 'nothing_off']).nullable(), best: z.boolean(),
            short: z.number().describe('below the threshold: how much more of its items the cart needs, fen'),
          })),
        }),
      },
    },
  }, async (req) => ({ items: await checkoutCoupons(req.ctx, { shareCode: req.params.shareCode, ...req.body }) }));
}
