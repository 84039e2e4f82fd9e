// HTTP: the operator's view of the ledger, and one party's: a reseller's wallet, a brand's payable.
import { z } from 'zod';
import { Id, Timestamp, type App } from '../../platform/http.ts';
import { auditLedger, partyEntries, statementFor, walletBalance } from './ledger.service.ts';

const Entry = z.object({
  lineId: z.string(), entryId: z.string(), at: Timestamp, effectiveAt: Timestamp.nullable(), kind: z.string(), causeType: z.string(), causeId: z.string(), memo: z.string(),
  causeNo: z.string().nullable().describe('the number people read for the cause (order, purchase order, return, parcel); null when it has none'),
  account: z.string(), currency: z.string(), amount: z.number().describe('fen, normal side: positive when the platform owes the party more'),
});
const Balances = z.array(z.object({ account: z.string(), balance: z.number().describe('fen, owed to the party positive') }));
const EntryPage = z.strictObject({ cursor: z.string().max(32).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), lang: z.string().optional() });

export function ledgerRoutes(app: App): void {
  app.get('/api/v1/ledger/audit', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['ledger'], summary: 'Every entry balances, all lines sum to zero, guarded balances match their lines; balances per account',
      response: { 200: z.object({ entries: z.number(), unbalancedEntries: z.number(), total: z.number(), guardedMismatches: z.number(), accounts: z.array(z.object({ account: z.string(), partyId: z.string(), currency: z.string(), balance: z.number() })) }) },
    },
  }, async (req) => auditLedger(req.ctx));

  app.get('/api/v1/resellers/:resellerId/wallet', {
    config: { auth: ['operator', 'reseller'] },
    schema: {
      tags: ['ledger'], summary: 'A reseller’s wallet: spendable balance, balances per account, and the ledger lines behind them (newest first, paged)',
      params: z.strictObject({ resellerId: Id }), querystring: EntryPage,
      response: { 200: z.object({ resellerId: z.string(), currency: z.string(), walletBalance: z.number(), accounts: Balances, items: z.array(Entry), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => {
    const party = { resellerId: req.params.resellerId };
    const statement = await statementFor(req.ctx, party);
    const page = await partyEntries(req.ctx, party, req.query);
    return { resellerId: statement.partyId, currency: 'CNY', walletBalance: await walletBalance(req.ctx, statement.partyId), accounts: statement.accounts, ...page };
  });

  app.get('/api/v1/brands/:brandId/payable', {
    config: { auth: ['operator', 'brand'] },
    schema: {
      tags: ['ledger'], summary: 'What the platform owes a brand (brand payable), and the ledger lines behind it (newest first, paged)',
      params: z.strictObject({ brandId: Id }), querystring: EntryPage,
      response: { 200: z.object({ brandId: z.string(), currency: z.string(), payable: z.number(), accounts: Balances, items: z.array(Entry), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => {
    const party = { brandId: req.params.brandId };
    const statement = await statementFor(req.ctx, party);
    const page = await partyEntries(req.ctx, party, req.query);
    const payable = statement.accounts.find((a) => a.account === 'brand_payable')?.balance ?? 0;
    return { brandId: statement.partyId, currency: 'CNY', payable, accounts: statement.accounts, ...page };
  });
}
