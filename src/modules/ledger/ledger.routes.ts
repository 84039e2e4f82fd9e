// HTTP: the operator's view of the ledger.
import { z } from 'zod';
import { type App } from '../../platform/http.ts';
import { auditLedger } from './ledger.service.ts';

export function ledgerRoutes(app: App): void {
  app.get('/api/v1/ledger/audit', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['ledger'], summary: 'Every entry balances, all lines sum to zero, guarded balances match their lines; balances per account',
      response: { 200: z.object({ entries: z.number(), unbalancedEntries: z.number(), total: z.number(), guardedMismatches: z.number(), accounts: z.array(z.object({ account: z.string(), partyId: z.string(), currency: z.string(), balance: z.number() })) }) },
    },
  }, async (req) => auditLedger(req.ctx));
}
