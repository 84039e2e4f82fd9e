// HTTP: the divisions an address is picked from, a pasted address read into fields, and a
// consumer's saved addresses (no login: the phone is proven by an order's lookup link).
import { z } from 'zod';
import { Id, Ok, Timestamp, type App } from '../../platform/http.ts';
import { forgetAddress, listDivisions, readPastedAddress, rememberAddress, savedAddresses } from './addresses.service.ts';

const Division = z.object({ code: z.string(), name: z.string(), leaf: z.boolean().describe('nothing finer to pick under it') });
const Divisions = z.object({ items: z.array(Division) });
const Address = z.object({ province: z.string(), city: z.string(), district: z.string(), detail: z.string() });
const Saved = z.object({ id: z.string(), name: z.string(), phone: z.string(), lastUsedAt: Timestamp, ...Address.shape });
const Token = z.string().min(10).max(64);
const Proof = z.strictObject({ orderId: Id, token: Token });
const Issue = z.enum(['phone_missing', 'phone_multiple', 'name_missing', 'region_missing', 'region_ambiguous', 'detail_missing']);
// The divisions change only when the data package is upgraded: a phone may keep them a week.
const LONG_CACHE = 'public, max-age=604800, stale-while-revalidate=86400';

export function addressesRoutes(app: App): void {
  app.get('/api/v1/divisions', {
    config: { auth: 'public' },
    schema: { tags: ['addresses'], summary: 'The provinces (省) an address is picked from', querystring: z.strictObject({ lang: z.string().optional() }), response: { 200: Divisions } },
  }, async (req, reply) => reply.header('cache-control', LONG_CACHE).send({ items: listDivisions(req.ctx) }));

  app.get('/api/v1/divisions/:code', {
    config: { auth: 'public' },
    schema: {
      tags: ['addresses'], summary: 'The cities (市) of a province, or the districts (区/县) of a city',
      params: z.strictObject({ code: z.string().regex(/^\d{6}$/, 'a 6-digit division code') }), querystring: z.strictObject({ lang: z.string().optional() }), response: { 200: Divisions },
    },
  }, async (req, reply) => reply.header('cache-control', LONG_CACHE).send({ items: listDivisions(req.ctx, req.params.code) }));

  app.post('/api/v1/addresses/parse', {
    config: { auth: 'public' },
    schema: {
      tags: ['addresses'], summary: 'Read a pasted recipient and address (粘贴地址自动识别) into name, phone, 省/市/区 and detail; nothing is stored',
      body: z.strictObject({ text: z.string().trim().min(1, 'required').max(500) }),
      response: { 200: z.object({ name: z.string(), phone: z.string(), address: Address, issues: z.array(Issue) }) },
    },
  }, async (req) => readPastedAddress(req.ctx, req.body.text));

  app.post('/api/v1/storefront/addresses', {
    config: { auth: 'public' },
    schema: { tags: ['storefront'], summary: 'Save the recipient and address of an order (proven by its lookup link) for the next checkout', body: Proof, response: { 201: Saved } },
  }, async (req, reply) => reply.code(201).send(await rememberAddress(req.ctx, req.body)));

  app.post('/api/v1/storefront/addresses/search', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'My saved addresses: those of the phones my order links prove (none without a valid link)',
      body: z.strictObject({ proofs: z.array(Proof).min(1).max(10) }), response: { 200: z.object({ items: z.array(Saved.extend({ provenBy: z.string().describe('the order whose link proved this phone: give it to delete') })) }) },
    },
  }, async (req) => ({ items: await savedAddresses(req.ctx, req.body.proofs) }));

  app.delete('/api/v1/storefront/addresses/:addressId', {
    config: { auth: 'public' },
    schema: {
      tags: ['storefront'], summary: 'Delete one of my saved addresses (the order link must prove its phone)',
      params: z.strictObject({ addressId: Id }), querystring: z.strictObject({ orderId: Id, token: Token, lang: z.string().optional() }), response: { 200: Ok },
    },
  }, async (req) => {
    await forgetAddress(req.ctx, req.params.addressId, { orderId: req.query.orderId, token: req.query.token });
    return { ok: true as const };
  });
}
