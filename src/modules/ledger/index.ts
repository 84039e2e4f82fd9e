export { post, linesOf, balancesOf, accountTotals, walletBalance, statementFor, partyEntries, auditLedger, type Posting, type PartyEntry, type AccountBalance } from './ledger.service.ts';
export { orderPaidLines, reversalLines, splitLine, sumLines, type PostingLine, type AccountKind, type SaleLine, type Payer } from './ledger.rules.ts';
