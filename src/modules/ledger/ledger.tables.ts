// The double-entry ledger: immutable journal entries of lines that sum to zero (enforced by
// database triggers, see the ledger_guards migration), and guarded running balances for the
// accounts that must never go below zero (wallets).
import { sql } from 'drizzle-orm';
import { pgTable, text, bigint, bigserial, integer, timestamp, index, check, primaryKey } from 'drizzle-orm/pg-core';

/** The chart of accounts: a line may only name an account listed here (see ledger.rules AccountKind). */
export const ledgerAccounts = pgTable('ledger_accounts', {
  name: text('name').primaryKey(),
  /** debit: assets and expenses; credit: liabilities and revenue. */
  normalSide: text('normal_side').notNull(),
  description: text('description').notNull(),
}, (t) => [check('ledger_accounts_side_ck', sql`${t.normalSide} IN ('debit','credit')`)]);

export const journalEntries = pgTable('journal_entries', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  causeType: text('cause_type').notNull(),
  causeId: text('cause_id').notNull(),
  /** One effect per cause: posting the same key twice is a no-op. */
  idempotencyKey: text('idempotency_key').notNull().unique(),
  currency: text('currency').notNull(),
  memo: text('memo').notNull().default(''),
  /** How many lines the entry has: all of them are written with it, none may be added later. */
  lineCount: integer('line_count').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * The value date, when the movement took effect before it was posted: a settlement's margins
   * became available when their orders' return windows ended, though the job posted them later.
   * NULL: when posted. Never after the posting (journal_entries_effective_ck).
   */
  effectiveAt: timestamp('effective_at', { withTimezone: true }),
}, (t) => [
  index('journal_entries_cause_idx').on(t.causeType, t.causeId),
  check('journal_entries_effective_ck', sql`${t.effectiveAt} IS NULL OR ${t.effectiveAt} <= ${t.createdAt}`),
  check('journal_entries_lines_ck', sql`${t.lineCount} >= 2`),
]);

export const journalLines = pgTable('journal_lines', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /**
   * Its entry, which must exist in the line's currency, and an account listed in the chart of
   * accounts: checked set-wise once per statement by the journal_lines_complete trigger
   * (drizzle/0020), as are the entry's line count and balance.
   */
  entryId: text('entry_id').notNull(),
  account: text('account').notNull(),
  partyId: text('party_id').notNull().default(''),
  /** Debit positive, credit negative; fen. */
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  /** The order line this movement is for (sales, cancellations, shortages, returns); null otherwise. */
  orderLineId: text('order_line_id'),
}, (t) => [
  index('journal_lines_entry_idx').on(t.entryId),
  index('journal_lines_order_line_idx').on(t.orderLineId).where(sql`${t.orderLineId} IS NOT NULL`),
  index('journal_lines_account_idx').on(t.account, t.partyId),
  // One party's lines newest first (a wallet's or a brand's entries, paged; drizzle/0012).
  index('journal_lines_party_idx').on(t.partyId, t.id),
  check('journal_lines_nonzero_ck', sql`${t.amount} <> 0`),
]);

export const guardedBalances = pgTable('guarded_balances', {
  account: text('account').notNull(),
  partyId: text('party_id').notNull(),
  currency: text('currency').notNull(),
  /** Balance on the account's normal side (credit for wallets): −Σ lines. Never below zero. */
  balance: bigint('balance', { mode: 'number' }).notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.account, t.partyId, t.currency] }),
  check('guarded_balances_nonneg_ck', sql`${t.balance} >= 0`),
]);
