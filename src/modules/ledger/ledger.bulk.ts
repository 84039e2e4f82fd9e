// Posting many entries in one statement, for set-based work over many orders (settlement): the
// caller gives a SELECT of lines, each naming the idempotency key of the entry it belongs to; one
// entry is written per key (line count declared, a key already posted is skipped whole), and the
// database's statement check refuses any entry that does not balance (drizzle/0020).
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { GUARDED_ACCOUNTS, mergeLines, sumLines } from './ledger.rules.ts';
import type { Posting } from './ledger.service.ts';

export interface BulkEntryMeta { kind: string; causeType: string; memo?: string }

/**
 * `lines` must select (entry_key text, cause_id text, currency text, account text, party_id text,
 * amount bigint, order_line_id text, effective_at timestamptz) with no zero amounts and none on a
 * guarded account (wallets, red packets: their running balances are kept by `post` only). An
 * entry's value date is the latest of its lines' `effective_at` (NULL: when posted; never later
 * than now). Returns the entries written.
 */
export async function postBulk(ctx: Ctx, meta: BulkEntryMeta, lines: SQL): Promise<number> {
  const guarded = [...GUARDED_ACCOUNTS];
  const r = await ctx.db.execute<{ n: number }>(sql`
    WITH src AS (${lines}),
    bad AS (SELECT 1 FROM src WHERE amount = 0 OR account = ANY(${sql.param(guarded)}::text[]) LIMIT 1),
    agg AS (SELECT entry_key, min(cause_id) AS cause_id, min(currency) AS currency, count(*)::int AS n, least(max(effective_at), now()) AS effective_at FROM src GROUP BY entry_key),
    e AS (
      INSERT INTO journal_entries (id, kind, cause_type, cause_id, idempotency_key, currency, memo, line_count, effective_at)
      SELECT 'jnl_' || substr(md5(entry_key), 1, 26), ${meta.kind}, ${meta.causeType}, cause_id, entry_key, currency, ${meta.memo ?? ''}, n, effective_at
      FROM agg WHERE NOT EXISTS (SELECT 1 FROM bad)
      ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key),
    l AS (
      INSERT INTO journal_lines (entry_id, account, party_id, amount, currency, order_line_id)
      SELECT e.id, s.account, s.party_id, s.amount, s.currency, s.order_line_id FROM src s JOIN e ON e.idempotency_key = s.entry_key
      RETURNING 1)
    SELECT (SELECT count(*) FROM e)::int AS n, (SELECT count(*) FROM bad)::int AS bad`);
  const row = r.rows[0] as unknown as { n: number; bad: number };
  if (row.bad) throw new Error(`bulk ${meta.kind}: a line is zero or on a guarded account`);
  return row.n;
}

/** A scalar subquery: these resellers' wallets in one currency, as a JSON object of balances by reseller id (NULL when none). */
export function walletsJsonSql(resellerIds: string[], currency: string): SQL {
  return sql`(SELECT json_object_agg(g.party_id, g.balance) FROM guarded_balances g
    WHERE g.account = 'reseller_wallet' AND g.party_id = ANY(${sql.param(resellerIds)}::text[]) AND g.currency = ${currency})`;
}

/**
 * Many balanced entries posted inside the caller's single statement, guarded accounts included —
 * the batched form of `post`, for a hot path that commits many orders at once (the order desk).
 * Each posting is checked as `post` checks it. `gate` is a boolean expression the caller must make
 * part of `when`: every guarded account to be debited has its balance row (a debit with none is
 * `post`'s insufficient_funds). `ctes(name, when)` gives the common table expressions: `<name>`
 * the entries, `<name>_lines` their lines, `<name>_debits` a plain UPDATE per debited guarded
 * balance (its rows locked in key order first; the CHECK `guarded_balances_nonneg_ck` refuses an
 * overdraft, failing the whole statement), `<name>_credits` an upsert per credited one. The
 * idempotency keys must be new (a key posted before fails the statement, 23505), as they are for
 * the fresh orders this is for. The statement's trigger checks every entry balances.
 */
export function entriesBatch(postings: Posting[]): { gate: SQL; ctes: (name: string, when: SQL) => SQL } {
  const e = { id: [] as string[], kind: [] as string[], causeType: [] as string[], causeId: [] as string[], key: [] as string[], currency: [] as string[], memo: [] as string[], n: [] as number[] };
  const l = { entry: [] as string[], account: [] as string[], party: [] as string[], amount: [] as number[], currency: [] as string[], orderLine: [] as (string | null)[] };
  // Guarded moves per (account, party, currency), summed: debits lower the balance, credits raise it.
  const debits = new Map<string, { account: string; party: string; currency: string; amount: number }>();
  const credits = new Map<string, { account: string; party: string; currency: string; amount: number }>();
  for (const p of postings) {
    const lines = mergeLines(p.lines);
    if (lines.length < 2 || sumLines(lines) !== 0) throw new Error(`unbalanced posting ${p.kind} for ${p.causeId}: ${JSON.stringify(lines)}`);
    const id = newId('jnl');
    e.id.push(id); e.kind.push(p.kind); e.causeType.push(p.causeType); e.causeId.push(p.causeId); e.key.push(p.idempotencyKey);
    e.currency.push(p.currency); e.memo.push(p.memo ?? ''); e.n.push(lines.length);
    for (const x of lines) {
      if (!Number.isSafeInteger(x.amount)) throw new Error(`non-integer amount in posting ${p.kind}`);
      l.entry.push(id); l.account.push(x.account); l.party.push(x.partyId); l.amount.push(x.amount); l.currency.push(p.currency); l.orderLine.push(x.orderLineId ?? null);
      if (!GUARDED_ACCOUNTS.has(x.account)) continue;
      const k = `${x.account}\u0000${x.partyId}\u0000${p.currency}`;
      // Guarded accounts are credit-normal: a positive line is a debit.
      const into = x.amount > 0 ? debits : credits;
      const m = into.get(k) ?? { account: x.account, party: x.partyId, currency: p.currency, amount: 0 };
      m.amount += Math.abs(x.amount);
      into.set(k, m);
    }
  }
  const d = [...debits.values()];
  const c = [...credits.values()];
  const arr = <T>(xs: T[], type: string) => sql`${sql.param(xs)}::${sql.raw(type)}[]`;
  const debitKeys = sql`unnest(${arr(d.map((x) => x.account), 'text')}, ${arr(d.map((x) => x.party), 'text')}, ${arr(d.map((x) => x.currency), 'text')}, ${arr(d.map((x) => x.amount), 'bigint')}) AS x(account, party_id, currency, amount)`;
  const gate = d.length === 0 ? sql`TRUE` : sql`(SELECT count(*) FROM guarded_balances g JOIN ${debitKeys} USING (account, party_id, currency)) = ${d.length}`;
  const ctes = (name: string, when: SQL) => {
    const n = (suffix: string) => sql.identifier(`${name}${suffix}`);
    return sql`${n('')} AS (
        INSERT INTO journal_entries (id, kind, cause_type, cause_id, idempotency_key, currency, memo, line_count)
        SELECT * FROM unnest(${arr(e.id, 'text')}, ${arr(e.kind, 'text')}, ${arr(e.causeType, 'text')}, ${arr(e.causeId, 'text')}, ${arr(e.key, 'text')},
                             ${arr(e.currency, 'text')}, ${arr(e.memo, 'text')}, ${arr(e.n, 'int')})
        WHERE ${when} RETURNING id),
      ${n('_lines')} AS (
        INSERT INTO journal_lines (entry_id, account, party_id, amount, currency, order_line_id)
        SELECT * FROM unnest(${arr(l.entry, 'text')}, ${arr(l.account, 'text')}, ${arr(l.party, 'text')}, ${arr(l.amount, 'bigint')}, ${arr(l.currency, 'text')}, ${arr(l.orderLine, 'text')})
        WHERE ${when} RETURNING 1),
      ${n('_locked')} AS (
        SELECT g.account, g.party_id, g.currency, x.amount FROM guarded_balances g JOIN ${debitKeys} USING (account, party_id, currency)
        WHERE ${when} ORDER BY g.account, g.party_id, g.currency FOR UPDATE OF g),
      ${n('_debits')} AS (
        UPDATE guarded_balances g SET balance = g.balance - k.amount FROM ${n('_locked')} k
        WHERE g.account = k.account AND g.party_id = k.party_id AND g.currency = k.currency RETURNING 1),
      ${n('_credits')} AS (
        INSERT INTO guarded_balances (account, party_id, currency, balance)
        SELECT * FROM unnest(${arr(c.map((x) => x.account), 'text')}, ${arr(c.map((x) => x.party), 'text')}, ${arr(c.map((x) => x.currency), 'text')}, ${arr(c.map((x) => x.amount), 'bigint')})
        WHERE ${when}
        ON CONFLICT (account, party_id, currency) DO UPDATE SET balance = guarded_balances.balance + excluded.balance
        RETURNING 1)`;
  };
  return { gate, ctes };
}
