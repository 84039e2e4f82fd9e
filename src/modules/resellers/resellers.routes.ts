// HTTP: resellers (operator), and a reseller's own profile, earnings and address book.
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { AddressSchema, Id, Ok, Phone, Text, Timestamp, type App } from '../../platform/http.ts';
import { statementFor, walletBalance } from '../ledger/index.ts';
import { enrolReseller, getReseller, listResellers, addCustomer, getCustomer, listCustomers, updateCustomer, deleteCustomer } from './resellers.service.ts';

const Level = z.enum(['V1', 'V2', 'V3', 'V4', 'V5']);
const Reseller = z.object({ id: z.string(), name: z.string(), phone: z.string(), level: Level, status: z.string(), shareCode: z.string(), invitedBy: z.string().nullable(), membershipExpiresAt: Timestamp.nullable(), createdAt: Timestamp });
const Customer = z.object({ id: z.string(), resellerId: z.string(), name: z.string(), phone: z.string(), province: z.string(), city: z.string(), district: z.string(), detail: z.string(), tags: z.array(z.string()), createdAt: Timestamp });
const CustomerFields = z.strictObject({ name: Text(50), phone: Phone, ...AddressSchema.shape, tags: z.array(Text(20)).max(20).optional() });
const Page = z.strictObject({ cursor: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), search: z.string().max(50).optional(), lang: z.string().optional() });

export function resellersRoutes(app: App): void {
  app.get('/api/v1/resellers', {
    config: { auth: ['operator'] },
    schema: { tags: ['resellers'], querystring: Page.extend({ level: Level.optional() }), response: { 200: z.object({ items: z.array(Reseller), nextCursor: z.string().nullable() }) } },
  }, async (req) => listResellers(req.ctx, req.query));

  app.post('/api/v1/resellers', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['resellers'], summary: 'Enrol a reseller (membership paid) with a login',
      body: z.strictObject({ name: Text(50), phone: Phone, password: z.string().min(8).max(200), level: Level.optional(), invitedBy: Id.optional() }),
      response: { 201: Reseller },
    },
  }, async (req, reply) => reply.code(201).send(await enrolReseller(req.ctx, req.body)));

  app.get('/api/v1/resellers/:resellerId', {
    config: { auth: ['operator'] },
    schema: { tags: ['resellers'], params: z.strictObject({ resellerId: Id }), response: { 200: Reseller } },
  }, async (req) => getReseller(req.ctx, req.params.resellerId));

  app.get('/api/v1/reseller/me', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'My profile, wallet and earnings',
      response: { 200: z.object({ reseller: Reseller, wallet: z.number(), earnings: z.object({ pending: z.number(), available: z.number() }) }) },
    },
  }, async (req) => {
    if (req.actor.kind !== 'reseller') throw new AppError('forbidden');
    const id = req.actor.resellerId;
    const s = await statementFor(req.ctx, { resellerId: id });
    const bal = (a: string) => s.accounts.find((x) => x.account === a)?.balance ?? 0;
    return { reseller: await getReseller(req.ctx, id), wallet: await walletBalance(req.ctx, id), earnings: { pending: bal('reseller_margin_pending'), available: bal('reseller_margin_available') } };
  });

  app.get('/api/v1/reseller/customers', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], summary: 'My address book', querystring: Page, response: { 200: z.object({ items: z.array(Customer), nextCursor: z.string().nullable() }) } },
  }, async (req) => listCustomers(req.ctx, req.query));

  app.post('/api/v1/reseller/customers', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'Add a consumer to my address book',
      body: CustomerFields,
      response: { 201: Customer },
    },
  }, async (req, reply) => reply.code(201).send(await addCustomer(req.ctx, req.body)));

  app.get('/api/v1/reseller/customers/:customerId', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], params: z.strictObject({ customerId: Id }), response: { 200: Customer } },
  }, async (req) => getCustomer(req.ctx, req.params.customerId));

  app.patch('/api/v1/reseller/customers/:customerId', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'Correct a consumer in my address book (only the fields given change)',
      params: z.strictObject({ customerId: Id }),
      body: CustomerFields.partial().refine((b) => Object.keys(b).length > 0, 'give at least one field to change'),
      response: { 200: Customer },
    },
  }, async (req) => updateCustomer(req.ctx, req.params.customerId, req.body));

  app.delete('/api/v1/reseller/customers/:customerId', {
    config: { auth: ['reseller'] },
    schema: { tags: ['reseller app'], summary: 'Remove a consumer from my address book (their orders keep their own copy)', params: z.strictObject({ customerId: Id }), response: { 200: Ok } },
  }, async (req) => {
    await deleteCustomer(req.ctx, req.params.customerId);
    return { ok: true as const };
  });
}
