export { post, linesOf, balancesOf, accountTotals, walletBalance, statementFor, auditLedger, type Posting, type AccountBalance } from './ledger.service.ts';
export { orderPaidLines, reversalLines, splitLine, sumLines, type PostingLine, type AccountKind, type SaleLine, type Payer } from './ledger.rules.ts';
