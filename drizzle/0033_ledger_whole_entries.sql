-- The ledger's checks, once per statement and not again at commit for what a statement already
-- proved. Profiled on the order desk (perf over PostgreSQL's backends, wallet orders at 8
-- clients), the two PL/pgSQL checks took 11-12 % of the server's CPU: the statement check on
-- journal_lines ran three queries (accounts, currencies, counts), and the check at commit
-- (journal_entries_complete, deferred, once per entry) a fourth per entry posted — eight for a
-- group of eight orders, each counting lines the statement check had just counted.
--
-- Now the statement check is one query (an entry's lines counted without grouping them by
-- currency: they are all in the entry's), and it notes the entries whose declared lines the
-- statement wrote all of — whole and balanced, once the count has passed — in a setting local to
-- the transaction. A whole entry stays whole: a line more is refused by this same check (more
-- lines than declared), lines and entries cannot be changed or deleted (their immutable
-- triggers), and a rolled-back savepoint takes its entries' checks and its change to the setting
-- with it. At commit, an entry the setting names is not counted again; any other entry (its lines
-- written over several statements, or more entries in one statement or transaction than the
-- short list keeps) is counted as before. Same rules, same errors. The setting spares work, it
-- does not guard anything: a session that could forge it already runs any SQL it likes as the
-- application. (ledger_entry_complete is given whole again, as a migration replaces a function:
-- only its first check is new.)
CREATE OR REPLACE FUNCTION ledger_lines_complete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
  known text;
BEGIN
  -- One query: a line on an unlisted account; a line whose entry is missing or in another
  -- currency; the statement's entries (`d`: each once, its lines in the statement and its declared
  -- count by key) — the first whose lines, all counted through their index, are more than declared,
  -- or all declared and not balancing; and up to 100 all of whose declared lines this statement
  -- wrote (a bulk statement's others are counted at commit, as before). Every line of an entry is
  -- in the entry's currency (the second check, on every statement that writes lines), so an entry
  -- balances when its lines sum to zero.
  WITH d AS (
    SELECT n.entry_id, min(n.currency) AS currency, count(*) AS k, (SELECT e.line_count FROM journal_entries e WHERE e.id = n.entry_id) AS line_count
    FROM new_lines n GROUP BY n.entry_id
  )
  SELECT
    (SELECT n.account FROM new_lines n WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.name = n.account) LIMIT 1) AS unlisted,
    cur.entry_id AS cur_entry, cur.currency AS cur_currency,
    bad.entry_id AS bad_entry, bad.line_count AS bad_declared, bad.written AS bad_written, bad.currency AS bad_currency, bad.total AS bad_total,
    (SELECT string_agg(w.entry_id, ',') FROM (SELECT d.entry_id FROM d WHERE d.k = d.line_count AND strpos(d.entry_id, ',') = 0 LIMIT 100) w) AS whole
  INTO r
  FROM (SELECT 1) one
  LEFT JOIN LATERAL (
    SELECT n.entry_id, n.currency FROM new_lines n
    WHERE (SELECT e.currency FROM journal_entries e WHERE e.id = n.entry_id) IS DISTINCT FROM n.currency LIMIT 1
  ) cur ON true
  LEFT JOIN LATERAL (
    SELECT d.entry_id, d.currency, d.line_count, w.written, w.total
    FROM d CROSS JOIN LATERAL (SELECT count(*)::int AS written, coalesce(sum(l.amount), 0) AS total FROM journal_lines l WHERE l.entry_id = d.entry_id) w
    WHERE w.written > d.line_count OR (w.written = d.line_count AND w.total <> 0) LIMIT 1
  ) bad ON true;
  IF r.unlisted IS NOT NULL THEN
    RAISE EXCEPTION 'journal line on account %, which is not in the chart of accounts', r.unlisted
      USING ERRCODE = '23503', CONSTRAINT = 'journal_lines_account_listed';
  END IF;
  IF r.cur_entry IS NOT NULL THEN
    RAISE EXCEPTION 'journal line in % names entry %, which does not exist in that currency', r.cur_currency, r.cur_entry
      USING ERRCODE = '23503', CONSTRAINT = 'journal_lines_entry_currency';
  END IF;
  IF r.bad_entry IS NOT NULL AND r.bad_written > r.bad_declared THEN
    RAISE EXCEPTION 'journal entry % has % lines, declared %', r.bad_entry, r.bad_written, r.bad_declared USING ERRCODE = '23514';
  END IF;
  IF r.bad_entry IS NOT NULL THEN
    RAISE EXCEPTION 'journal entry % does not balance in % (off by %)', r.bad_entry, r.bad_currency, r.bad_total USING ERRCODE = '23514';
  END IF;
  -- An entry all of whose declared lines this statement wrote has passed the count above with
  -- exactly its lines, balanced: whole, for good. Noted for its check at commit; kept short, as
  -- that check looks an entry up in it by position.
  IF r.whole IS NOT NULL THEN
    known := coalesce(nullif(current_setting('sellthrough.ledger_whole', true), ''), ',');
    IF length(known) + length(r.whole) < 4000 THEN
      PERFORM set_config('sellthrough.ledger_whole', known || r.whole || ',', true);
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_entry_complete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  entry text;
  tally record;
BEGIN
  -- A record's fields are resolved when a statement runs: each branch names only its table's column.
  IF TG_TABLE_NAME = 'journal_entries' THEN entry := NEW.id; ELSE entry := NEW.entry_id; END IF;
  -- Found whole by the statement that wrote its last line (ledger_lines_complete): nothing to count.
  -- An id with a comma is never noted (it could match two noted neighbours): always counted.
  IF strpos(entry, ',') = 0 AND strpos(current_setting('sellthrough.ledger_whole', true), ',' || entry || ',') > 0 THEN
    RETURN NULL;
  END IF;
  -- The entry's lines grouped by currency once: their number over all, and the first currency
  -- that does not balance (currency and amount from the same group).
  SELECT (SELECT e.line_count FROM journal_entries e WHERE e.id = entry) AS declared, coalesce(w.written, 0) AS written, w.currency, w.total INTO tally
    FROM (SELECT 1) one LEFT JOIN (
      SELECT c.currency, c.total, (sum(c.n) OVER ())::int AS written
      FROM (SELECT l.currency, count(*) AS n, sum(l.amount) AS total FROM journal_lines l WHERE l.entry_id = entry GROUP BY l.currency) c
      ORDER BY c.total <> 0 DESC, c.currency LIMIT 1) w ON true;
  IF tally.written <> tally.declared THEN
    RAISE EXCEPTION 'journal entry % has % lines, declared %', entry, tally.written, tally.declared USING ERRCODE = '23514';
  END IF;
  IF tally.total <> 0 THEN
    RAISE EXCEPTION 'journal entry % does not balance in % (off by %)', entry, tally.currency, tally.total USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
