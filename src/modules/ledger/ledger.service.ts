// Posting to the ledger and reading balances. Entries are immutable and balanced; guarded
// balances (wallets) are moved in the same statement batch and can never go below zero.
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { authorize, scopeBrand, scopeReseller } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { violates } from '../../platform/database.ts';
import { newId } from '../../platform/ids.ts';
import { journalEntries, journalLines, guardedBalances } from './ledger.tables.ts';
import { GUARDED_ACCOUNTS, sumLines, mergeLines, type AccountKind, type PostingLine } from './ledger.rules.ts';
import { pageSize, numericCursor, keysetPage } from '../../platform/paging.ts';

export interface Posting {
  kind: string;
  causeType: string;
  causeId: string;
  idempotencyKey: string;
  currency: string;
  memo?: string;
  lines: PostingLine[];
}

/** Post one balanced entry. Posting the same idempotency key again does nothing. */
export async function post(ctx: Ctx, p: Posting): Promise<{ entryId: string; duplicate: boolean }> {
  const lines = mergeLines(p.lines);
  if (lines.length < 2 || sumLines(lines) !== 0) {
    throw new Error(`unbalanced posting ${p.kind} for ${p.causeId}: ${JSON.stringify(lines)}`);
  }
  for (const l of lines) if (!Number.isSafeInteger(l.amount)) throw new Error(`non-integer amount in posting ${p.kind}`);
  return withTx(ctx, async (t) => {
    const id = newId('jnl');
    const inserted = await t.db.insert(journalEntries).values({
      id, kind: p.kind, causeType: p.causeType, causeId: p.causeId, idempotencyKey: p.idempotencyKey,
      currency: p.currency, memo: p.memo ?? '', lineCount: lines.length,
    }).onConflictDoNothing({ target: journalEntries.idempotencyKey }).returning({ id: journalEntries.id });
    if (inserted.length === 0) {
      const [existing] = await t.db.select({ id: journalEntries.id }).from(journalEntries).where(eq(journalEntries.idempotencyKey, p.idempotencyKey));
      return { entryId: existing.id, duplicate: true };
    }
    await t.db.insert(journalLines).values(lines.map((l) => ({ entryId: id, account: l.account, partyId: l.partyId, amount: l.amount, currency: p.currency, orderLineId: l.orderLineId ?? null })));
    for (const l of lines) {
      if (!GUARDED_ACCOUNTS.has(l.account)) continue;
      // Guarded accounts are credit-normal: a credit (negative line) raises the balance, a debit
      // lowers it. A debit is a plain UPDATE (an upsert would check its negative insert row first).
      try {
        if (l.amount < 0) {
          await t.db.insert(guardedBalances).values({ account: l.account, partyId: l.partyId, currency: p.currency, balance: -l.amount })
            .onConflictDoUpdate({
              target: [guardedBalances.account, guardedBalances.partyId, guardedBalances.currency],
              set: { balance: sql`${guardedBalances.balance} + excluded.balance` },
            });
        } else {
          const r = await t.db.update(guardedBalances).set({ balance: sql`${guardedBalances.balance} - ${l.amount}` })
            .where(and(eq(guardedBalances.account, l.account), eq(guardedBalances.partyId, l.partyId), eq(guardedBalances.currency, p.currency)))
            .returning({ balance: guardedBalances.balance });
          if (r.length === 0) throw new AppError('insufficient_funds');
        }
      } catch (e) {
        if (violates(e, 'guarded_balances_nonneg_ck')) throw new AppError('insufficient_funds');
        throw e;
      }
    }
    return { entryId: id, duplicate: false };
  });
}

/**
 * What each order line's entries hold now: Σ of its lines over every entry (the sale and every
 * reversal since), per account and party, refunds in flight counted as the provider cash they
 * came from (ledger.rules heldAccount). Zero sums are dropped: a fully given-back line holds nothing.
 */
export async function heldForOrderLines(ctx: Ctx, orderLineIds: string[]): Promise<Map<string, PostingLine[]>> {
  const out = new Map<string, PostingLine[]>(orderLineIds.map((id) => [id, []]));
  if (orderLineIds.length === 0) return out;
  const r = await ctx.db.execute<{ order_line_id: string; account: AccountKind; party_id: string; amount: string }>(sql`
    SELECT order_line_id, CASE account WHEN 'refunds_in_flight' THEN 'provider_cash' ELSE account END AS account, party_id, sum(amount)::text AS amount
    FROM journal_lines WHERE order_line_id = ANY(${sql.param(orderLineIds)}::text[])
    GROUP BY 1, 2, 3 HAVING sum(amount) <> 0 ORDER BY 1, 2, 3`);
  for (const row of r.rows) out.get(row.order_line_id)!.push({ account: row.account, partyId: row.party_id, amount: Number(row.amount), orderLineId: row.order_line_id });
  return out;
}

/** The lines of the entry posted under `idempotencyKey`, or none. */
export async function linesOf(ctx: Ctx, idempotencyKey: string): Promise<PostingLine[]> {
  const rows = await ctx.db.select({ account: journalLines.account, partyId: journalLines.partyId, amount: journalLines.amount, orderLineId: journalLines.orderLineId })
    .from(journalLines).innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .where(eq(journalEntries.idempotencyKey, idempotencyKey)).orderBy(asc(journalLines.id));
  return rows.map((r) => ({ account: r.account as AccountKind, partyId: r.partyId, amount: r.amount, orderLineId: r.orderLineId }));
}

export interface AccountBalance { account: AccountKind; partyId: string; currency: string; balance: number }

/** Σ lines per account for one party (or for the platform's own accounts when partyId is ''). */
export async function balancesOf(ctx: Ctx, partyId: string): Promise<AccountBalance[]> {
  const rows = await ctx.db.select({
    account: journalLines.account, partyId: journalLines.partyId, currency: journalLines.currency,
    balance: sql<number>`sum(${journalLines.amount})::bigint`,
  }).from(journalLines).where(eq(journalLines.partyId, partyId))
    .groupBy(journalLines.account, journalLines.partyId, journalLines.currency).orderBy(journalLines.account);
  return rows.map((r) => ({ ...r, account: r.account as AccountKind }));
}

/** Σ lines of one account over every party, per currency (debit positive). */
export async function accountTotals(ctx: Ctx, account: AccountKind): Promise<Map<string, number>> {
  const rows = await ctx.db.select({ currency: journalLines.currency, total: sql<string>`sum(${journalLines.amount})::text` })
    .from(journalLines).where(eq(journalLines.account, account)).groupBy(journalLines.currency);
  return new Map(rows.map((r) => [r.currency, Number(r.total)]));
}

/** A reseller's wallet: what it may spend now (normal-side, positive). */
export async function walletBalance(ctx: Ctx, resellerId: string, currency = 'CNY'): Promise<number> {
  const [row] = await ctx.db.select({ balance: guardedBalances.balance }).from(guardedBalances)
    .where(and(eq(guardedBalances.account, 'reseller_wallet'), eq(guardedBalances.partyId, resellerId), eq(guardedBalances.currency, currency)));
  return row?.balance ?? 0;
}

export interface PartyStatement {
  partyId: string;
  /** Normal-side figures (what the platform owes the party is positive). */
  accounts: { account: AccountKind; balance: number }[];
}

/** What a brand or reseller sees: their accounts, owed-to-them positive. */
export async function statementFor(ctx: Ctx, party: { brandId?: string; resellerId?: string }): Promise<PartyStatement> {
  authorize(ctx, 'ledger.read', { brandId: party.brandId, resellerId: party.resellerId });
  const partyId = scopeBrand(ctx.actor, party.brandId) ?? scopeReseller(ctx.actor, party.resellerId);
  if (!partyId) throw new AppError('not_found');
  const rows = await balancesOf(ctx, partyId);
  return { partyId, accounts: rows.map((r) => ({ account: r.account, balance: -r.balance })) };
}

export interface PartyEntry {
  lineId: string; entryId: string;
  /** When it was posted; `effectiveAt` when it took effect earlier (a settlement: the return window's end), else null. */
  at: Date; effectiveAt: Date | null;
  kind: string; causeType: string; causeId: string; memo: string;
  /** The number people read for the cause (订单号, 采购单号, 售后单号, 包裹号); null when it has none. */
  causeNo: string | null;
  account: AccountKind; currency: string;
  /** Normal side for the party: what the platform owes them goes up with a positive amount. */
  amount: number;
}

/**
 * One brand's or reseller's ledger lines, newest first, paged by line: what moved on their
 * accounts and why (the entry's kind and cause). Beside statementFor, whose balances they explain.
 */
export async function partyEntries(ctx: Ctx, party: { brandId?: string; resellerId?: string }, q: { accounts?: AccountKind[]; cursor?: string; limit?: number }): Promise<{ items: PartyEntry[]; nextCursor: string | null }> {
  authorize(ctx, 'ledger.read', { brandId: party.brandId, resellerId: party.resellerId });
  const partyId = scopeBrand(ctx.actor, party.brandId) ?? scopeReseller(ctx.actor, party.resellerId);
  if (!partyId) throw new AppError('not_found');
  const limit = pageSize(q.limit);
  const cursor = numericCursor(q.cursor);
  const rows = await ctx.db.select({
    lineId: journalLines.id, entryId: journalLines.entryId, at: journalEntries.createdAt, effectiveAt: journalEntries.effectiveAt, kind: journalEntries.kind, causeType: journalEntries.causeType,
    causeId: journalEntries.causeId, memo: journalEntries.memo, account: journalLines.account, currency: journalLines.currency, amount: journalLines.amount,
    // Reads of the owning modules' unique numbers, for the line to name its cause as people do.
    causeNo: sql<string | null>`CASE ${journalEntries.causeType}
      WHEN 'order' THEN (SELECT o.order_no FROM orders o WHERE o.id = ${journalEntries.causeId})
      WHEN 'purchase_order' THEN (SELECT p.po_no FROM purchase_orders p WHERE p.id = ${journalEntries.causeId})
      WHEN 'return' THEN (SELECT r.return_no FROM return_requests r WHERE r.id = ${journalEntries.causeId})
      WHEN 'parcel' THEN (SELECT c.parcel_no FROM parcels c WHERE c.id = ${journalEntries.causeId})
    END`,
  }).from(journalLines).innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .where(and(eq(journalLines.partyId, partyId), q.accounts?.length ? inArray(journalLines.account, q.accounts) : undefined, cursor !== undefined ? lt(journalLines.id, cursor) : undefined))
    .orderBy(desc(journalLines.id)).limit(limit + 1);
  const { page: read, nextCursor } = keysetPage(rows, limit, (r) => r.lineId);
  const page = read.map((r) => ({ ...r, lineId: String(r.lineId), account: r.account as AccountKind, amount: -r.amount }));
  return { items: page, nextCursor };
}

/** The operator's audit: every entry balances, Σ all lines is zero, guarded balances match Σ lines. */
export async function auditLedger(ctx: Ctx): Promise<{ entries: number; unbalancedEntries: number; total: number; guardedMismatches: number; accounts: AccountBalance[] }> {
  authorize(ctx, 'ledger.audit');
  const [{ entries }] = (await ctx.db.execute<{ entries: number }>(sql`SELECT count(*)::int AS entries FROM journal_entries`)).rows;
  const [{ unbalanced }] = (await ctx.db.execute<{ unbalanced: number }>(sql`
    SELECT count(*)::int AS unbalanced FROM (SELECT entry_id FROM journal_lines GROUP BY entry_id, currency HAVING sum(amount) <> 0) x`)).rows;
  const [{ total }] = (await ctx.db.execute<{ total: number }>(sql`SELECT coalesce(sum(amount),0)::bigint AS total FROM journal_lines`)).rows;
  const [{ mismatches }] = (await ctx.db.execute<{ mismatches: number }>(sql`
    SELECT count(*)::int AS mismatches FROM guarded_balances g
    LEFT JOIN (SELECT account, party_id, currency, -sum(amount) AS s FROM journal_lines GROUP BY 1,2,3) l
      USING (account, party_id, currency)
    WHERE g.balance <> coalesce(l.s, 0)`)).rows;
  const accounts = (await ctx.db.execute<{ account: AccountKind; partyId: string; currency: string; balance: number }>(sql`
    SELECT account, party_id AS "partyId", currency, sum(amount)::bigint AS balance FROM journal_lines GROUP BY 1,2,3 ORDER BY 1,2`)).rows;
  return { entries, unbalancedEntries: unbalanced, total, guardedMismatches: mismatches, accounts };
}
