// HTTP for the share kit: a reseller's links (with each one's figures) and visitor feed; what a
// link opens in the storefront, and the storefront's view records with their visitor cookie.
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Id, Ok, Text, Timestamp, type App } from '../platform/http.ts';
import { CHANNELS, MATERIAL_KINDS, TARGETS, TAG_CODES, VIEW_PAGES, myBindings, myBuyers, visitorFeed } from '../modules/sharing/index.ts';
import { addPhotosByToken, attachMaterial, buyerPhotos, detachMaterial, eventMaterialsFor, photosByToken } from './materials.flow.ts';
import { battleReportPng, makeShareLink, myLinkFigures, openShareLink, posterForLink, recordStorefrontView } from './share-kit.flow.ts';

const Code = z.string().min(4).max(32).regex(/^[a-z0-9]+$/);
export const LinkCode = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{10}$/, 'a share link code');
const Channel = z.enum(CHANNELS);
const Lang = { lang: z.string().optional() };
const ShareLink = z.object({
  code: z.string(), url: z.string(), target: z.enum(TARGETS), saleEventId: z.string().nullable(), targetRef: z.string().nullable(),
  channel: Channel, label: z.string(), expiresAt: Timestamp.nullable().describe('the end of its sale event (阅后即焚); null: the shop, no end'), createdAt: Timestamp,
});

/** The anonymous visitor id: a first-party cookie of 16 random bytes, no address or device kept. */
export const VISITOR_COOKIE = 'st_vid';
const VISITOR_RE = /^[A-Za-z0-9_-]{22}$/;

/** The request's visitor id, if it carries a well-formed one. */
export function visitorOf(req: FastifyRequest): string | null {
  const v = (req.cookies as Record<string, string | undefined> | undefined)?.[VISITOR_COOKIE];
  return v && VISITOR_RE.test(v) ? v : null;
}

/** The request's visitor id, or a new one set on the reply (a year; the storefront's pages only read it through the API). */
function visitorFor(req: FastifyRequest, reply: FastifyReply): string {
  const known = visitorOf(req);
  if (known) return known;
  const id = crypto.randomBytes(16).toString('base64url');
  reply.setCookie(VISITOR_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 365 * 86_400, secure: req.ctx.deps.config.publicUrl.startsWith('https:') });
  return id;
}

const Material = z.object({ id: z.string(), saleEventId: z.string(), kind: z.enum(MATERIAL_KINDS), title: z.string(), url: z.string(), createdAt: Timestamp });
const Photo = z.object({ id: z.string(), orderId: z.string(), productIds: z.array(z.string()), url: z.string(), note: z.string(), createdAt: Timestamp });
const ImageDataUrl = z.string().max(7_000_000).describe('a JPEG, PNG or WebP image as a base64 data URL');

export function shareKitRoutes(app: App): void {
  app.get('/api/v1/sale-events/:saleEventId/materials', {
    config: { auth: ['operator', 'brand', 'reseller'] },
    schema: { tags: ['sharing'], summary: 'Brand material on an event (品牌授权书, 质检报告, 实拍图) for resellers to forward', params: z.strictObject({ saleEventId: Id }), querystring: z.strictObject(Lang), response: { 200: z.object({ items: z.array(Material) }) } },
  }, async (req) => ({ items: await eventMaterialsFor(req.ctx, req.params.saleEventId) }));

  app.post('/api/v1/sale-events/:saleEventId/materials', {
    config: { auth: ['operator', 'brand'] },
    schema: {
      tags: ['sharing'], summary: 'Attach material to an event (a brand: its own events; at most 30)', params: z.strictObject({ saleEventId: Id }), querystring: z.strictObject(Lang),
      body: z.strictObject({ kind: z.enum(MATERIAL_KINDS), title: Text(40), image: ImageDataUrl }),
      response: { 201: Material },
    },
  }, async (req, reply) => reply.code(201).send(await attachMaterial(req.ctx, req.params.saleEventId, req.body)));

  app.delete('/api/v1/sale-events/:saleEventId/materials/:materialId', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['sharing'], summary: 'Take material off an event', params: z.strictObject({ saleEventId: Id, materialId: Id }), querystring: z.strictObject(Lang), response: { 200: Ok } },
  }, async (req) => { await detachMaterial(req.ctx, req.params.saleEventId, req.params.materialId); return { ok: true as const }; });

  app.get('/api/v1/storefront/orders/:orderId/photos', {
    config: { auth: 'public' },
    schema: { tags: ['storefront'], summary: '晒单: my photos of this order (the order link’s token)', params: z.strictObject({ orderId: Id }), querystring: z.strictObject({ token: z.string().min(10).max(64), ...Lang }), response: { 200: z.object({ items: z.array(Photo) }) } },
  }, async (req) => ({ items: await photosByToken(req.ctx, req.params.orderId, req.query.token) }));

  app.post('/api/v1/storefront/orders/:orderId/photos', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: '晒单: add photos of a delivered order (up to 6 per order); the order’s reseller may reuse them',
      params: z.strictObject({ orderId: Id }), querystring: z.strictObject({ token: z.string().min(10).max(64), ...Lang }),
      body: z.strictObject({ photos: z.array(ImageDataUrl).min(1).max(6), note: z.string().trim().max(200).optional() }),
      response: { 201: z.object({ items: z.array(Photo) }) },
    },
  }, async (req, reply) => reply.code(201).send({ items: await addPhotosByToken(req.ctx, req.params.orderId, req.query.token, req.body) }));

  app.get('/api/v1/reseller/buyer-photos', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], summary: '买家秀: my buyers’ photos of their orders (of one product when asked), newest first', querystring: z.strictObject({ productId: Id.optional(), ...Lang }), response: { 200: z.object({ items: z.array(Photo) }) } },
  }, async (req) => ({ items: await buyerPhotos(req.ctx, req.query.productId) }));

  app.post('/api/v1/reseller/share-links', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'My share link for an event, a product or a campaign, tagged with the channel it goes to; it ends with its event',
      body: z.strictObject({
        target: z.enum(TARGETS), saleEventId: Id.optional(), targetRef: Id.optional().describe('product (with saleEventId), flash item, group-buy offer or presale id'),
        channel: Channel, label: z.string().trim().max(30).optional().describe('my name for where it goes, e.g. 宝妈群 2'),
      }),
      querystring: z.strictObject(Lang),
      response: { 201: ShareLink },
    },
  }, async (req, reply) => reply.code(201).send(await makeShareLink(req.ctx, req.body)));

  app.get('/api/v1/reseller/share-links', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'My share links (the latest 200) with what each brought: views, visitors, paid orders, buyers, sales, conversion',
      querystring: z.strictObject(Lang),
      response: { 200: z.object({ items: z.array(ShareLink.extend({ title: z.string().nullable(), expired: z.boolean(), views: z.number(), visitors: z.number(), orders: z.number(), buyers: z.number(), sales: z.number(), conversionBps: z.number() })) }) },
    },
  }, async (req) => ({ items: await myLinkFigures(req.ctx) }));

  app.get('/api/v1/reseller/share-links/:linkCode/poster.png', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'The poster of my link: a PNG with the pictures, my prices, the tag price struck through, the discount, the event’s end and the link’s QR code',
      params: z.strictObject({ linkCode: LinkCode }), querystring: z.strictObject({ download: z.literal('1').optional(), ...Lang }),
    },
  }, async (req, reply) => {
    const { png, key } = await posterForLink(req.ctx, req.params.linkCode);
    const etag = `"${key}"`;
    reply.header('etag', etag).header('cache-control', 'private, max-age=60').header('vary', 'accept-language');
    if (req.query.download) reply.header('content-disposition', `attachment; filename="poster-${req.params.linkCode}.png"`);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('image/png').send(Buffer.from(png));
  });

  app.get('/api/v1/reseller/buyers', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'My buyers (by phone, the most recent first) with tags derived from what they bought: price-sensitive, brand-loyal, sizes, children’s ages, return-prone, …',
      querystring: z.strictObject({ tag: z.enum(TAG_CODES).optional(), search: z.string().max(50).optional(), offset: z.coerce.number().int().min(0).max(10_000).optional(), limit: z.coerce.number().int().min(1).max(100).optional(), ...Lang }),
      response: {
        200: z.object({
          items: z.array(z.object({
            phone: z.string(), name: z.string(), boundUntil: Timestamp.nullable().describe('bound to me (流量保护) until then'),
            tags: z.array(z.enum(TAG_CODES)), sizes: z.array(z.object({ category: z.string(), size: z.string(), units: z.number() })),
            childAgeBand: z.object({ minYears: z.number(), maxYears: z.number() }).nullable(),
            favouriteBrands: z.array(z.object({ brandId: z.string(), brandName: z.string(), units: z.number() })),
            orders: z.number(), units: z.number(), spent: z.number(), returnRateBps: z.number(), lastBoughtAt: Timestamp.nullable(),
          })),
          total: z.number(), counts: z.record(z.enum(TAG_CODES), z.number()), nextOffset: z.number().nullable(),
        }),
      },
    },
  }, async (req) => myBuyers(req.ctx, req.query));

  app.get('/api/v1/sale-events/:saleEventId/battle-report.png', {
    config: { auth: ['operator', 'brand', 'reseller'] },
    schema: {
      tags: ['analytics'], summary: '销售战报 as an image to post in groups (a reseller’s with the QR code of their link while the event is on sale); units only, no money',
      params: z.strictObject({ saleEventId: Id }), querystring: z.strictObject({ download: z.literal('1').optional(), ...Lang }),
    },
  }, async (req, reply) => {
    const { png, key } = await battleReportPng(req.ctx, req.params.saleEventId);
    const etag = `"${key}"`;
    reply.header('etag', etag).header('cache-control', 'private, max-age=30').header('vary', 'accept-language');
    if (req.query.download) reply.header('content-disposition', `attachment; filename="battle-report-${req.params.saleEventId}.png"`);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('image/png').send(Buffer.from(png));
  });

  app.get('/api/v1/reseller/visitors', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: '访客记录: who opened my shop, what they looked at, how often, from which channel, and whether they bought',
      querystring: z.strictObject({ days: z.coerce.number().int().min(1).max(90).optional(), notBought: z.enum(['true', 'false']).optional(), cursor: z.iso.datetime().optional(), limit: z.coerce.number().int().min(1).max(100).optional(), ...Lang }),
      response: {
        200: z.object({
          items: z.array(z.object({
            visitorId: z.string(), customer: z.object({ name: z.string(), phone: z.string() }).nullable().describe('named only when they ordered from me'),
            views: z.number(), products: z.array(z.object({ productId: z.string(), name: z.string(), views: z.number() })),
            firstAt: Timestamp, lastAt: Timestamp, channels: z.array(Channel), bought: z.boolean(),
          })),
          nextCursor: z.string().nullable(),
          bindings: z.object({ bound: z.number(), endingSoon: z.number() }).describe('consumers bound to me now (流量保护), and those whose binding ends within 7 days'),
        }),
      },
    },
  }, async (req) => ({
    ...(await visitorFeed(req.ctx, { days: req.query.days, notBought: req.query.notBought === 'true', before: req.query.cursor, limit: req.query.limit })),
    bindings: await myBindings(req.ctx),
  }));

  app.get('/api/v1/storefront/:shareCode/links/:linkCode', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'What a share link opens; once its event has ended, the shop’s other events on sale',
      params: z.strictObject({ shareCode: Code, linkCode: LinkCode }), querystring: z.strictObject(Lang),
      response: {
        200: z.discriminatedUnion('status', [
          z.object({ status: z.literal('live'), shopName: z.string(), target: z.enum(TARGETS), saleEventId: z.string().nullable(), targetRef: z.string().nullable(), channel: Channel, path: z.string() }),
          z.object({ status: z.literal('expired'), shopName: z.string(), channel: Channel, otherEvents: z.array(z.object({ id: z.string(), title: z.string(), brandName: z.string(), endsAt: Timestamp, coverImage: z.string().nullable(), productCount: z.number(), discountTenths: z.number().nullable() })) }),
        ]),
      },
    },
  }, async (req) => openShareLink(req.ctx, req.params.shareCode, req.params.linkCode));

  app.post('/api/v1/storefront/:shareCode/views', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'Record a storefront view (batched); sets the anonymous visitor cookie when missing',
      params: z.strictObject({ shareCode: Code }),
      body: z.strictObject({ page: z.enum(VIEW_PAGES), saleEventId: Id.optional(), productId: Id.optional(), link: LinkCode.optional() }),
    },
  }, async (req, reply) => {
    await recordStorefrontView(req.ctx, { shareCode: req.params.shareCode, visitorId: visitorFor(req, reply), ...req.body });
    return reply.code(204).send();
  });
}
