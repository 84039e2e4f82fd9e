// HTTP: my payout accounts (a reseller's, a brand's), the operator's view of accounts, payouts and
// their daily reconciliation with the provider (with a CSV of the differences), and the payout
// provider's signed notifications (public, believed only when signed and fresh).
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { Cursor, Id, Ok, Timestamp, type App } from '../../platform/http.ts';
import { attachment, csvStream } from '../../platform/csv.ts';
import {
  listMyPayoutAccounts, addPayoutAccount, removePayoutAccount, setDefaultPayoutAccount, payoutAccountsOf, listPayouts, getPayout, handlePayoutNotification,
} from './payouts.service.ts';
import { reconcilePayouts, listPayoutReconciliations, getPayoutReconciliation, reconciliationDifferenceRows } from './payouts.reconciliation.ts';
import { PAYOUT_ACCOUNT_KINDS, PAYOUT_PURPOSES, PAYOUT_STATUSES, DIFFERENCE_CAUSES } from './payouts.rules.ts';

const PayoutAccount = z.object({
  id: z.string(), ownerKind: z.enum(['reseller', 'brand']), ownerId: z.string(), kind: z.enum(PAYOUT_ACCOUNT_KINDS), holderName: z.string(),
  accountNoMasked: z.string().describe('the last four characters only, e.g. **** 6789'), bankName: z.string().nullable(), isDefault: z.boolean(),
  createdAt: Timestamp, removedAt: Timestamp.nullable(),
});

const Payout = z.object({
  id: z.string(), purpose: z.enum(PAYOUT_PURPOSES), causeId: z.string(), partyKind: z.enum(['reseller', 'brand']), partyId: z.string(), payoutAccountId: z.string(),
  account: z.object({ kind: z.enum(PAYOUT_ACCOUNT_KINDS), holderName: z.string(), accountNoMasked: z.string(), bankName: z.string().nullable() }),
  amount: z.number(), currency: z.string(), status: z.enum(PAYOUT_STATUSES), provider: z.string(), merchantRef: z.string(), providerRef: z.string().nullable(),
  failureCode: z.string().nullable(), failureMessage: z.string().nullable(), attempts: z.number(), lastError: z.string().nullable(),
  createdAt: Timestamp, submittedAt: Timestamp.nullable(), settledAt: Timestamp.nullable(),
});

const Side = z.object({ status: z.string(), amount: z.number(), currency: z.string() }).nullable();
const Difference = z.object({
  cause: z.enum(DIFFERENCE_CAUSES), payoutId: z.string().nullable(), merchantRef: z.string().nullable(), providerRef: z.string().nullable(),
  provider: Side, ours: Side, account: z.string().optional(), expected: z.number().optional(), actual: z.number().optional(), currency: z.string().optional(),
});
const Reconciliation = z.object({
  id: z.string(), provider: z.string(), periodStart: Timestamp, periodEnd: Timestamp, providerCount: z.number(), providerPaid: z.number(), booksPaid: z.number(),
  differences: z.array(Difference), createdAt: Timestamp,
});

const Period = z.strictObject({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() })
  .refine((b) => !b.from || !b.to || new Date(b.from) < new Date(b.to), { message: 'from must be before to', path: ['from'] });

export function payoutsRoutes(app: App): void {
  // ---- my payout accounts ----
  app.get('/api/v1/me/payout-accounts', {
    config: { auth: ['reseller', 'brand'] },
    schema: { tags: ['payouts'], summary: 'My payout accounts (a brand user: the brand’s), the default first; numbers masked', response: { 200: z.object({ items: z.array(PayoutAccount) }) } },
  }, async (req) => ({ items: await listMyPayoutAccounts(req.ctx) }));

  app.post('/api/v1/me/payout-accounts', {
    config: { auth: ['reseller', 'brand'] },
    schema: {
      tags: ['payouts'], summary: 'Add a payout account: a bank card (16–19 digits, check digit, bank name), an Alipay account (mobile or email) or a WeChat ID; the first becomes the default',
      body: z.strictObject({
        kind: z.enum(PAYOUT_ACCOUNT_KINDS), holderName: z.string().max(60), accountNo: z.string().min(1, 'required').max(200), bankName: z.string().max(60).optional(),
        makeDefault: z.boolean().optional(),
      }),
      response: { 201: PayoutAccount },
    },
  }, async (req, reply) => reply.code(201).send(await addPayoutAccount(req.ctx, req.body)));

  app.delete('/api/v1/me/payout-accounts/:accountId', {
    config: { auth: ['reseller', 'brand'] },
    schema: { tags: ['payouts'], summary: 'Remove a payout account (payouts already sent to it keep naming it)', params: z.strictObject({ accountId: Id }), response: { 200: Ok } },
  }, async (req) => {
    await removePayoutAccount(req.ctx, req.params.accountId);
    return { ok: true as const };
  });

  app.post('/api/v1/me/payout-accounts/:accountId/default', {
    config: { auth: ['reseller', 'brand'] },
    schema: { tags: ['payouts'], summary: 'Make a payout account the default', params: z.strictObject({ accountId: Id }), response: { 200: PayoutAccount } },
  }, async (req) => setDefaultPayoutAccount(req.ctx, req.params.accountId));

  // ---- the operator ----
  app.get('/api/v1/payout-accounts', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['payouts'], summary: 'A reseller’s or brand’s payout accounts, removed ones last',
      querystring: z.strictObject({ partyKind: z.enum(['reseller', 'brand']), partyId: Id, lang: z.string().optional() }),
      response: { 200: z.object({ items: z.array(PayoutAccount) }) },
    },
  }, async (req) => ({ items: await payoutAccountsOf(req.ctx, { kind: req.query.partyKind, id: req.query.partyId }) }));

  app.get('/api/v1/payouts', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['payouts'], summary: 'Payouts newest first: by status, purpose, party and creation time [from, to)',
      querystring: Cursor.extend({
        status: z.enum(PAYOUT_STATUSES).optional(), purpose: z.enum(PAYOUT_PURPOSES).optional(), partyKind: z.enum(['reseller', 'brand']).optional(), partyId: Id.optional(),
        from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional(),
      }).refine((b) => !b.from || !b.to || new Date(b.from) < new Date(b.to), { message: 'from must be before to', path: ['from'] }),
      response: { 200: z.object({ items: z.array(Payout), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => listPayouts(req.ctx, { ...req.query, from: req.query.from ? new Date(req.query.from) : undefined, to: req.query.to ? new Date(req.query.to) : undefined }));

  app.get('/api/v1/payouts/reconciliations', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['payouts'], summary: 'Comparisons of the payout provider’s statement with our payouts and the ledger, newest first (differences must be empty)',
      querystring: Cursor,
      response: { 200: z.object({ items: z.array(Reconciliation), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => listPayoutReconciliations(req.ctx, req.query));

  app.post('/api/v1/payouts/reconciliations', {
    config: { auth: ['operator'] },
    schema: { tags: ['payouts'], summary: 'Compare the payout provider’s statement with our books for a period now (default: today so far, UTC)', body: Period.optional(), response: { 201: Reconciliation } },
  }, async (req, reply) => {
    const now = new Date();
    const to = req.body?.to ? new Date(req.body.to) : now;
    const from = req.body?.from ? new Date(req.body.from) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    return reply.code(201).send(await reconcilePayouts(req.ctx, { from, to }));
  });

  app.get('/api/v1/payouts/reconciliations/:reconciliationId', {
    config: { auth: ['operator'] },
    schema: { tags: ['payouts'], params: z.strictObject({ reconciliationId: Id }), response: { 200: Reconciliation } },
  }, async (req) => getPayoutReconciliation(req.ctx, req.params.reconciliationId));

  app.get('/api/v1/payouts/reconciliations/:reconciliationId/differences.csv', {
    config: { auth: ['operator'] },
    schema: { tags: ['payouts'], summary: 'A reconciliation’s differences as CSV (amounts in fen)', params: z.strictObject({ reconciliationId: Id }), querystring: z.strictObject({ lang: z.string().optional() }) },
  }, async (req, reply) => {
    const rows = await reconciliationDifferenceRows(req.ctx, req.params.reconciliationId);
    const ascii = `payout-reconciliation-${req.params.reconciliationId}.csv`;
    const name = req.ctx.lang === 'en' ? ascii : `代付对账差异-${req.params.reconciliationId}.csv`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(ascii, name)).send(csvStream([rows]));
  });

  app.get('/api/v1/payouts/:payoutId', {
    config: { auth: ['operator'] },
    schema: { tags: ['payouts'], params: z.strictObject({ payoutId: Id }), response: { 200: Payout } },
  }, async (req) => getPayout(req.ctx, req.params.payoutId));

  // ---- the provider's notifications ----
  app.post('/api/v1/payouts/notify/:provider', {
    config: { auth: 'public' },
    schema: { tags: ['payouts'], summary: 'Signed asynchronous notifications from the payout provider; 2xx acknowledges, anything else is retried', params: z.strictObject({ provider: z.string().max(20) }), response: { 200: z.object({ received: z.literal(true), outcome: z.string() }) } },
  }, async (req) => {
    if (req.params.provider !== req.ctx.deps.payouts.name) throw new AppError('not_found');
    if (typeof req.rawBody !== 'string') throw new AppError('validation_failed', { detail: 'expected a JSON body' });
    const outcome = await handlePayoutNotification(req.ctx, req.rawBody, req.headers);
    return { received: true as const, outcome };
  });
}
