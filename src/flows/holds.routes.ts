// HTTP for unpaid holds (恶意占库存): a reseller's customers' holds, the operator's biggest
// holders right now, releasing holds with a reason, and the audit of releases.
import { z } from 'zod';
import { Id, Phone, Timestamp, type App } from '../platform/http.ts';
import { ChosenReason, StoredReason } from '../platform/reasons.schema.ts';
import { resellerHolds, biggestHolders, releaseHolds, holdReleaseLog } from './holds.flow.ts';

const By = z.enum(['phone', 'address', 'link']);
const Lang = { lang: z.string().optional() };
const Line = z.object({ eventSkuId: z.string(), productName: z.string(), colour: z.string(), size: z.string(), image: z.string().nullable(), quantity: z.number() });
const HeldOrder = z.object({
  id: z.string(), orderNo: z.string(), kind: z.enum(['reseller', 'storefront']), consumer: z.object({ name: z.string(), phone: z.string() }), units: z.number(), amountDue: z.number(), currency: z.string(),
  campaign: z.string().nullable(), createdAt: Timestamp, holdExpiresAt: Timestamp.nullable(), lines: z.array(Line),
});

export function holdsRoutes(app: App): void {
  app.get('/api/v1/reseller/holds', {
    config: { auth: ['reseller'] },
    schema: {
      tags: ['reseller app'], summary: 'My customers’ unpaid orders holding stock (oldest first), and who holds what', querystring: z.strictObject(Lang),
      response: {
        200: z.object({
          orders: z.array(HeldOrder),
          customers: z.array(z.object({ phone: z.string(), name: z.string(), orders: z.number(), units: z.number(), since: Timestamp, until: Timestamp.nullable() })),
          totals: z.object({ orders: z.number(), units: z.number() }),
        }),
      },
    },
  }, async (req) => resellerHolds(req.ctx));

  app.get('/api/v1/holds/holders', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['holds'], summary: 'The biggest holders of unpaid storefront orders right now, by phone, client address or reseller link (most units first)',
      querystring: z.strictObject({ by: By.default('phone'), limit: z.coerce.number().int().min(1).max(100).optional(), ...Lang }),
      response: {
        200: z.object({
          by: By, totals: z.object({ orders: z.number(), units: z.number() }),
          policy: z.object({
            unitsPerPhoneSku: z.number(), unitsPerPhone: z.number(), ordersPerPhone: z.number(), ordersPerAddress: z.number(), ordersPerLink: z.number(),
            windowMinutes: z.number(), storefrontHoldMinutes: z.number(), holdMinutes: z.number(),
          }).describe('the hold caps in force (0: off) and the hold times'),
          holders: z.array(z.object({ key: z.string(), label: z.string(), orders: z.number(), units: z.number(), since: Timestamp, until: Timestamp.nullable(), phones: z.number(), resellers: z.number() })),
        }),
      },
    },
  }, async (req) => biggestHolders(req.ctx, req.query));

  app.post('/api/v1/holds/release', {
    config: { auth: ['operator', 'reseller'] },
    schema: {
      tags: ['holds'],
      summary: 'Release unpaid holds with a reason: one order, or a holder’s orders (resellers: their customers’, by order or phone; operators: by phone, client address or reseller link)',
      body: z.strictObject({ orderId: Id.optional(), by: By.optional(), key: z.string().trim().min(1).max(64).optional(), reason: ChosenReason })
        .refine((b) => Boolean(b.orderId) !== Boolean(b.by && b.key), { message: 'give an orderId, or by and key', path: ['orderId'] })
        .refine((b) => b.by !== 'phone' || Phone.safeParse(b.key).success, { message: 'a mainland mobile number of 11 digits', path: ['key'] }),
      response: {
        200: z.object({
          batchId: z.string().nullable(), units: z.number(),
          released: z.array(z.object({ orderId: z.string(), orderNo: z.string(), units: z.number() })),
          skipped: z.array(z.object({ orderId: z.string(), orderNo: z.string().nullable(), status: z.string() })),
        }),
      },
    },
  }, async (req) => releaseHolds(req.ctx, req.body));

  app.get('/api/v1/holds/releases', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['holds'], summary: 'Who released which holds and why, newest first',
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).optional(), ...Lang }),
      response: {
        200: z.object({
          items: z.array(z.object({
            batchId: z.string(), actorKind: z.string(), actorUserId: z.string().nullable(), actorName: z.string().nullable(), scope: z.string(), subject: z.string(), reason: StoredReason,
            orderNo: z.string().nullable().describe('the order number when one order was released'), orders: z.number(), units: z.number(), resellerIds: z.array(z.string()), createdAt: Timestamp,
          })),
        }),
      },
    },
  }, async (req) => ({ items: await holdReleaseLog(req.ctx, req.query) }));
}
