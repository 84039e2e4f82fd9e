export { post, linesOf, heldForOrderLines, balancesOf, accountTotals, walletBalance, statementFor, partyEntries, auditLedger, type Posting, type PartyEntry, type AccountBalance } from './ledger.service.ts';
export { orderPaidLines, reversalLines, unitReversalLines, payerRefundOf, heldAccount, splitLine, sumLines, type PostingLine, type AccountKind, type SaleLine, type Payer } from './ledger.rules.ts';
export { postBulk, entriesBatch, walletsJsonSql, type BulkEntryMeta } from './ledger.bulk.ts';
