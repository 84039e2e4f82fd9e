// Posting many entries in one statement, for set-based work over many orders (settlement): the
// caller gives a SELECT of lines, each naming the idempotency key of the entry it belongs to; one
// entry is written per key (line count declared, a key already posted is skipped whole), and the
// database's statement check refuses any entry that does not balance (drizzle/0020).
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { GUARDED_ACCOUNTS } from './ledger.rules.ts';

export interface BulkEntryMeta { kind: string; causeType: string; memo?: string }

/**
 * `lines` must select (entry_key text, cause_id text, currency text, account text, party_id text,
 * amount bigint, order_line_id text) with no zero amounts and none on a guarded account (wallets,
 * red packets: their running balances are kept by `post` only). Returns the entries written.
 */
export async function postBulk(ctx: Ctx, meta: BulkEntryMeta, lines: SQL): Promise<number> {
  const guarded = [...GUARDED_ACCOUNTS];
  const r = await ctx.db.execute<{ n: number }>(sql`
    WITH src AS (${lines}),
    bad AS (SELECT 1 FROM src WHERE amount = 0 OR account = ANY(${sql.param(guarded)}::text[]) LIMIT 1),
    agg AS (SELECT entry_key, min(cause_id) AS cause_id, min(currency) AS currency, count(*)::int AS n FROM src GROUP BY entry_key),
    e AS (
      INSERT INTO journal_entries (id, kind, cause_type, cause_id, idempotency_key, currency, memo, line_count)
      SELECT 'jnl_' || substr(md5(entry_key), 1, 26), ${meta.kind}, ${meta.causeType}, cause_id, entry_key, currency, ${meta.memo ?? ''}, n
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
