// HTTP for group buys (拼团): offers in the console, the reseller's share list, and the
// storefront's open / join / group pages behind a shared link (no login). Every route calls the
// group-buy flow, so they live here beside it rather than in the group-buys module.
import { z } from 'zod';
import { Id, IdempotencyHeaders, Timestamp, type App } from '../platform/http.ts';
import { OrderSchema, Consumer } from './flows.routes.ts';
import {
  createGroupBuyOffer, listGroupBuyOffers, listGroups, resellerGroupBuys, storefrontOffer, storefrontEventOffers, storefrontGroup, openGroup, joinGroup,
} from './group-buy.flow.ts';

const Code = z.string().min(4).max(32).regex(/^[a-z0-9]+$/);
const Lang = z.strictObject({ lang: z.string().optional() });
const GroupStatus = z.enum(['open', 'full', 'succeeded', 'failed']);
const OfferPublic = {
  id: z.string(), saleEventId: z.string(), eventSkuId: z.string(), brandId: z.string(), productId: z.string(), skuId: z.string(),
  productName: z.string(), image: z.string().nullable(), colour: z.string(), size: z.string(),
  groupSize: z.number(), hours: z.number(), groupPrice: z.number(), tagPrice: z.number(), currency: z.string(),
  onSale: z.boolean(), eventEndsAt: Timestamp, available: z.number(), createdAt: Timestamp,
};
const Counts = z.object({ open: z.number(), full: z.number(), succeeded: z.number(), failed: z.number(), members: z.number() });
const Offer = z.object({ ...OfferPublic, basePrice: z.number(), groups: Counts });
const Group = z.object({
  id: z.string(), offerId: z.string(), resellerId: z.string(), status: GroupStatus, size: z.number(), joined: z.number(), paid: z.number(), slotsLeft: z.number(),
  expiresAt: Timestamp, openedAt: Timestamp, completedAt: Timestamp.nullable(),
  members: z.array(z.object({ phone: z.string(), leader: z.boolean(), status: z.string(), joinedAt: Timestamp })),
});
const Placed = z.object({ order: OrderSchema, lookupToken: z.string(), groupId: z.string() });
const JoinBody = z.strictObject({ consumer: Consumer, quantity: z.number().int().min(1).max(5).default(1), note: z.string().max(200).optional() });

export function groupBuysRoutes(app: App): void {
  // ---- console ----
  app.post('/api/v1/group-buy-offers', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['group buys'], summary: 'Offer an event SKU as a group buy: N people within T hours at a group price',
      body: z.strictObject({ saleEventId: Id, eventSkuId: Id, groupSize: z.number().int().min(2).max(50), groupPrice: z.number().int().min(1), hours: z.number().int().min(1).max(72) }),
      response: { 201: Offer },
    },
  }, async (req, reply) => reply.code(201).send(await createGroupBuyOffer(req.ctx, req.body)));

  app.get('/api/v1/group-buy-offers', {
    config: { auth: ['operator', 'brand'] },
    schema: {
      tags: ['group buys'], summary: 'Group-buy offers with their groups counted (brands: their own)',
      querystring: z.strictObject({ saleEventId: Id.optional(), lang: z.string().optional() }), response: { 200: z.object({ items: z.array(Offer) }) },
    },
  }, async (req) => ({ items: await listGroupBuyOffers(req.ctx, req.query) }));

  app.get('/api/v1/group-buys', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['group buys'], summary: 'Groups, newest first, with their members (phones masked)',
      querystring: z.strictObject({ offerId: Id.optional(), status: GroupStatus.optional(), lang: z.string().optional() }), response: { 200: z.object({ items: z.array(Group) }) },
    },
  }, async (req) => ({ items: await listGroups(req.ctx, req.query) }));

  // ---- reseller app ----
  app.get('/api/v1/reseller/group-buys', {
    config: { auth: ['reseller', 'operator'] },
    schema: {
      tags: ['reseller app'], summary: 'Group-buy offers on sale to share (with my margin) and my groups',
      querystring: Lang,
      response: { 200: z.object({ offers: z.array(z.object({ ...OfferPublic, basePrice: z.number(), margin: z.number() })), groups: z.array(Group), now: Timestamp }) },
    },
  }, async (req) => resellerGroupBuys(req.ctx));

  // ---- storefront ----
  app.get('/api/v1/storefront/:shareCode/group-buy-offers', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'Group-buy offers of an event in a shop', params: z.strictObject({ shareCode: Code }),
      querystring: z.strictObject({ saleEventId: Id, lang: z.string().optional() }), response: { 200: z.object({ items: z.array(z.object(OfferPublic)) }) },
    },
  }, async (req) => ({ items: await storefrontEventOffers(req.ctx, req.params.shareCode, req.query.saleEventId) }));

  app.get('/api/v1/storefront/:shareCode/group-buy-offers/:offerId', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'A group-buy item: the group price and this shop’s groups one can join',
      params: z.strictObject({ shareCode: Code, offerId: Id }), querystring: Lang,
      response: { 200: z.object({ shareCode: z.string(), resellerName: z.string(), offer: z.object(OfferPublic), openGroups: z.array(Group), now: Timestamp }) },
    },
  }, async (req) => storefrontOffer(req.ctx, req.params.shareCode, req.params.offerId));

  app.post('/api/v1/storefront/:shareCode/group-buy-offers/:offerId/groups', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'Open a group: an order at the group price; share the group to fill it before it expires',
      params: z.strictObject({ shareCode: Code, offerId: Id }), headers: IdempotencyHeaders, body: JoinBody, response: { 201: Placed },
    },
  }, async (req, reply) => {
    const r = await openGroup(req.ctx, { shareCode: req.params.shareCode, offerId: req.params.offerId, ...req.body, idempotencyKey: req.headers['idempotency-key'], clientAddress: req.ip });
    return reply.code(201).header('idempotent-replayed', String(r.replayed)).send({ order: r.order, lookupToken: r.lookupToken, groupId: r.groupId });
  });

  app.get('/api/v1/storefront/:shareCode/groups/:groupId', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'A group: members (masked phones), seats left, deadline',
      params: z.strictObject({ shareCode: Code, groupId: Id }), querystring: Lang,
      response: { 200: z.object({ shareCode: z.string(), resellerName: z.string(), group: Group, offer: z.object(OfferPublic), now: Timestamp }) },
    },
  }, async (req) => storefrontGroup(req.ctx, req.params.shareCode, req.params.groupId));

  app.post('/api/v1/storefront/:shareCode/groups/:groupId/join', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'Join a shared group: one seat per phone, an order at the group price',
      params: z.strictObject({ shareCode: Code, groupId: Id }), headers: IdempotencyHeaders, body: JoinBody, response: { 201: Placed },
    },
  }, async (req, reply) => {
    const r = await joinGroup(req.ctx, { shareCode: req.params.shareCode, groupId: req.params.groupId, ...req.body, idempotencyKey: req.headers['idempotency-key'], clientAddress: req.ip });
    return reply.code(201).header('idempotent-replayed', String(r.replayed)).send({ order: r.order, lookupToken: r.lookupToken, groupId: r.groupId });
  });
}
