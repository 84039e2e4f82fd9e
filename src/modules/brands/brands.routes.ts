// HTTP: brands and contracts (operator), a brand's own profile and statement.
import { z } from 'zod';
import { Id, Phone, Text, Timestamp, type App } from '../../platform/http.ts';
import { statementFor } from '../ledger/index.ts';
import { signBrand, addContract, getBrand, listBrands } from './brands.service.ts';

const Contract = z.object({ id: z.string(), commissionBps: z.number(), exclusive: z.boolean(), validFrom: Timestamp, validTo: Timestamp, yearlyPlan: z.number().nullable() });
export const BrandSchema = z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable(), category: z.string(), status: z.string(), createdAt: Timestamp, contract: Contract.nullable() });
const ContractInput = z.strictObject({
  commissionBps: z.number().int().min(0).max(10_000).describe('basis points; 2000 = 20%'),
  exclusive: z.boolean().default(false),
  validFrom: z.coerce.date(), validTo: z.coerce.date(),
  yearlyPlan: z.number().int().positive().optional(),
});
const Params = z.strictObject({ brandId: Id });

export function brandsRoutes(app: App): void {
  app.get('/api/v1/brands', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['brands'], summary: 'Brands (a brand user sees only its own)', response: { 200: z.object({ items: z.array(BrandSchema) }) } },
  }, async (req) => ({ items: await listBrands(req.ctx) }));

  app.post('/api/v1/brands', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['brands'], summary: 'Sign a brand with its contract and first login',
      body: z.strictObject({
        name: Text(100), nameEn: z.string().trim().max(100).optional(), category: Text(50),
        contract: ContractInput.partial().optional(),
        user: z.strictObject({ phone: Phone, name: Text(50), password: z.string().min(8).max(200) }).optional(),
      }),
      response: { 201: BrandSchema },
    },
  }, async (req, reply) => reply.code(201).send(await signBrand(req.ctx, req.body)));

  app.get('/api/v1/brands/:brandId', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['brands'], params: Params, response: { 200: BrandSchema } },
  }, async (req) => getBrand(req.ctx, req.params.brandId));

  app.post('/api/v1/brands/:brandId/contracts', {
    config: { auth: ['operator'] },
    schema: { tags: ['brands'], summary: 'Add a contract (renewal or new terms)', params: Params, body: ContractInput, response: { 201: BrandSchema } },
  }, async (req, reply) => reply.code(201).send(await addContract(req.ctx, req.params.brandId, req.body)));

  app.get('/api/v1/brands/:brandId/statement', {
    config: { auth: ['operator', 'brand'] },
    schema: {
      tags: ['brands', 'ledger'], summary: 'What the platform owes the brand, from the ledger', params: Params,
      response: { 200: z.object({ partyId: z.string(), payable: z.number(), accounts: z.array(z.object({ account: z.string(), balance: z.number() })) }) },
    },
  }, async (req) => {
    const s = await statementFor(req.ctx, { brandId: req.params.brandId });
    return { ...s, payable: s.accounts.find((a) => a.account === 'brand_payable')?.balance ?? 0 };
  });
}
