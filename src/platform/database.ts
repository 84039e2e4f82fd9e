// The database: a pg pool, drizzle over it, migrations, and the embedded PostgreSQL server that
// `npm start` and `npm test` run when no DATABASE_URL is given (embedded-postgres.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
// @ts-expect-error pg's own value preparation (no types published for pg/lib)
import pgUtils from 'pg/lib/utils.js';
import { drizzle, NodePgSession, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { PgDialect } from 'drizzle-orm/pg-core';
import { SQL, StringChunk, Name, Param, Placeholder, sql } from 'drizzle-orm';

export { startEmbeddedPostgres, EmbeddedPostgresRefused, type EmbeddedServer, type EmbeddedEvent, type EmbeddedOptions } from './embedded-postgres.ts';

// bigint (int8) columns hold money in fen and counts; they fit a JS number up to 2^53.
pg.types.setTypeParser(20, (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${v} exceeds the safe integer range`);
  return n;
});
// numeric stays a string (never money); timestamptz becomes Date by default.

export type Db = NodePgDatabase;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

export interface Database {
  pool: pg.Pool;
  db: Db;
  close(): Promise<void>;
}

/**
 * A pool whose broken connections never take the process down. A connection can die at any
 * moment: PostgreSQL restarts (or crash-recovers after a backend was killed), an operator runs
 * pg_terminate_backend, a network cut. pg then emits 'error' on the client, and an 'error' event
 * with no listener is an uncaught exception that kills the whole API. The pool listens only
 * while a client sits idle in it; a client checked out (a transaction waiting between
 * statements, idle in transaction) has no listener at all. So every client gets one for its
 * whole life: the query in flight rejects by itself (the request answers with an error), the
 * transaction's release hands the broken client back, and the pool drops it and opens a new one
 * on the next checkout.
 */
export function connect(url: string, max = 20, onError?: (err: Error) => void, opts: { preparedStatements?: boolean; applicationName?: string } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max, application_name: opts.applicationName ?? 'sellthrough' });
  if (opts.preparedStatements === false) unprepared.add(pool);
  // The pool's clients until each has hung up (close waits for that).
  let open = 0;
  let allClosed: (() => void) | null = null;
  pool.on('connect', (client) => {
    open++;
    client.on('error', (err: Error) => onError?.(err));
    if (BEGIN_OUTSIDE_TRY) releaseOnFailedBegin(client);
  });
  pool.on('remove', () => { if (--open === 0) allClosed?.(); });
  // An idle client died: the pool has dropped it, and the client's own listener said so. The pool
  // re-emits the error, and without a listener that too would end the process.
  pool.on('error', () => {});
  const db = drizzle(pool);
  /**
   * The pool's end resolves once it has asked every client to hang up, not when they have: a
   * database stopped right after it (the embedded one, at the end of a stop) would cut the
   * connections still hanging up, each a "terminating connection" error in the log. Wait for them.
   */
  const close = async () => {
    const closed = new Promise<void>((resolve) => { allClosed = resolve; });
    await pool.end();
    if (open) await closed;
  };
  return { pool, db, close };
}

/**
 * drizzle-orm's pooled transaction (0.45) runs BEGIN before the try/finally that gives its client
 * back (drizzle-orm#6241, #6023): a BEGIN that fails — the connection died while it sat idle in
 * the pool (a database restart, a terminated session) or right after it was handed out — keeps
 * the client checked out for the life of the process, and a handful of those leave the pool with
 * no connections. Read off drizzle's own code, so a version that fixes it turns this off.
 */
const BEGIN_OUTSIDE_TRY = (() => {
  const src = NodePgSession.prototype.transaction.toString();
  const begin = src.search(/\bbegin\b/);
  const tryAt = src.search(/\btry\s*\{/);
  return begin >= 0 && tryAt >= 0 && begin < tryAt;
})();

/** A BEGIN that failed on this client gives it back to the pool with its error (the pool drops it): drizzle would not. */
function releaseOnFailedBegin(client: pg.PoolClient): void {
  const query = client.query as (...args: unknown[]) => unknown;
  client.query = function (this: pg.PoolClient, ...args: unknown[]) {
    const r = query.apply(this, args);
    // Only a query answered by a promise (drizzle's); the pool's own calls pass a callback.
    if (!(r instanceof Promise)) return r;
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
    if (typeof text === 'string' && /^\s*begin\b/i.test(text)) {
      // (A client its holder has given back already is left alone: the pool refuses a second release.)
      r.catch((err: unknown) => { try { client.release(err instanceof Error ? err : new Error(String(err))); } catch { /* released */ } });
    }
    return r;
  } as typeof client.query;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  '57P01', '57P02', '57P03', // admin_shutdown (terminated), crash_shutdown, cannot_connect_now (starting, recovering)
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
  '53300', // too_many_connections
]);

/**
 * Is this error the database being away (restarting, recovering, a dropped connection) rather
 * than a fault of the request? Such a request deserves a 503 with Retry-After, not a 500.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (let x: unknown = e; x && typeof x === 'object'; x = (x as { cause?: unknown }).cause) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    const msg = (x as { message?: unknown }).message;
    if (typeof msg === 'string' && /^Connection terminated|not queryable|timeout exceeded when trying to connect/.test(msg)) return true;
  }
  return false;
}

/** Apply pending migrations, serialised across processes by an advisory lock. */
export async function runMigrations(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => { /* the server went away: the query in flight rejects and we fail */ });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7261001)');
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('SELECT pg_advisory_unlock(7261001)').catch(() => {});
    await client.end();
  }
}

/** Migrations known to the code, and how many the database has applied. */
export async function migrationStatus(pool: pg.Pool): Promise<{ known: number; applied: number }> {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  const r = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
  ).catch(() => ({ rows: [{ n: 0 }] }));
  return { known: journal.entries.length, applied: r.rows[0].n };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** The PostgreSQL error inside a driver or ORM error (drizzle wraps the driver's as `cause`). */
export function pgErrorOf(e: unknown): { code: string; constraint?: string } | null {
  for (let x: unknown = e; x && typeof x === 'object'; x = (x as { cause?: unknown }).cause) {
    const pe = x as { code?: unknown; constraint?: string };
    if (typeof pe.code === 'string' && /^[0-9A-Z]{5}$/.test(pe.code)) return { code: pe.code, constraint: pe.constraint };
  }
  return null;
}

/** A unique violation (of this constraint, when named). */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const pe = pgErrorOf(e);
  return pe?.code === '23505' && (!constraint || pe.constraint === constraint);
}

/** Any violation of the named constraint (CHECK, unique, foreign key). */
export function violates(e: unknown, constraint: string): boolean {
  return pgErrorOf(e)?.constraint === constraint;
}

const dialect = new PgDialect();
/** Pools whose hot-path statements go unnamed (connect's `preparedStatements: false`). */
const unprepared = new WeakSet<pg.Pool>();

/**
 * drizzle's rendering of a statement (text and parameters, exactly as `PgDialect.sqlToQuery` gives
 * them) for the chunks hot-path statements are made of — text, nested `sql`, parameters,
 * identifiers, lists of values, plain values — by `instanceof`. drizzle asks each chunk in turn
 * whether it is each of ten kinds of entity, walking its prototype chain for every no: rendering
 * the order desk's two statements took 15 % of the app's CPU at 8 clients. Null when the
 * statement holds anything else (tables, columns, placeholders, inlined parameters, aliases),
 * which drizzle then renders. test/hot-sql.test.ts compares the two.
 */
export function renderPlain(query: SQL): { sql: string; params: unknown[] } | null {
  let text = '';
  const params: unknown[] = [];
  const value = (v: unknown) => { params.push(v); text += `$${params.length}`; };
  const walk = (chunk: unknown): boolean => {
    if (chunk instanceof StringChunk) { text += chunk.value.join(''); return true; }
    if (chunk instanceof SQL) {
      if ((chunk as unknown as { shouldInlineParams: boolean }).shouldInlineParams) return false;
      for (const c of chunk.queryChunks) if (!walk(c)) return false;
      return true;
    }
    if (chunk instanceof Param) {
      if (chunk.value instanceof Placeholder) return false;
      const mapped = chunk.value === null ? null : chunk.encoder.mapToDriverValue(chunk.value);
      if (mapped instanceof SQL) return false;
      value(mapped);
      return true;
    }
    if (chunk instanceof Name) { text += `"${chunk.value.replace(/"/g, '""')}"`; return true; }
    if (chunk === undefined) return true;
    if (Array.isArray(chunk)) {
      text += '(';
      for (let i = 0; i < chunk.length; i++) {
        if (!walk(chunk[i])) return false;
        if (i < chunk.length - 1) text += ', ';
      }
      text += ')';
      return true;
    }
    if (chunk === null || (typeof chunk !== 'object' && typeof chunk !== 'function')) { value(chunk); return true; }
    // Dates, buffers and plain objects go as values; any other object may be a drizzle entity.
    if (typeof (chunk as { getSQL?: unknown }).getSQL === 'function') return false;
    const proto = Object.getPrototypeOf(chunk);
    if (chunk instanceof Date || Buffer.isBuffer(chunk) || proto === Object.prototype || proto === null) { value(chunk); return true; }
    return false;
  };
  return walk(query) ? { sql: text, params } : null;
}

/**
 * An array parameter whose length the planner does not see: `(SELECT $1::text[])`. A prepared
 * statement's custom plan for a few elements always looks cheaper than its generic plan's guess,
 * so PostgreSQL plans it again on every call (measured: the session lookup 0.2 ms of planning for
 * 0.06 ms of work; a storefront group's count under its locks 0.48 for 0.08; recording its charges 0.16 for
 * 0.27). Behind a sub-select the plan for one element and for ten cost the same, and the generic
 * plan is kept (test/hot-plans). Use it with `unnest(…)` or `= ANY(…)`.
 */
export function hiddenLengthArray(values: readonly (string | null)[]): SQL {
  return sql`(SELECT ${sql.param(values)}::text[])`;
}

/**
 * Run a hot-path statement on the pool behind `db` (a transaction's runs it as drizzle would), as a named
 * prepared statement when prepared statements are on: the same text is parsed and planned once
 * per connection, not once per call — for statements run thousands of times a second whose text
 * does not change with their arguments (arrays are parameters). Named after a hash of the text.
 * Off (connect's `preparedStatements: false`, DATABASE_PREPARED_STATEMENTS=off) behind a pooler
 * that cannot keep them, such as PgBouncer before 1.21 in transaction mode: then an unnamed
 * statement, as drizzle sends.
 */
export async function executeHot<T extends Record<string, unknown>>(db: Executor, query: SQL): Promise<T[]> {
  const client = (db as { $client?: pg.Pool }).$client;
  // A transaction's executor (no pool of its own): as drizzle sends it, on the transaction's connection.
  if (!client) return (await db.execute<T>(query)).rows as T[];
  const r = await client.query<T>(hotQuery(client, query));
  return r.rows;
}

/**
 * A hot statement as pg sends it: rendered without drizzle where it can be, named after its text
 * unless the pool cannot keep prepared statements, its arrays written as literals (arrayLiteral).
 */
function hotQuery(pool: pg.Pool, query: SQL): pg.QueryConfig {
  const q = renderPlain(query) ?? dialect.sqlToQuery(query);
  const name = unprepared.has(pool) ? undefined : statementName(q.sql);
  const values = q.params as unknown[];
  for (let i = 0; i < values.length; i++) if (Array.isArray(values[i])) values[i] = arrayLiteral(values[i] as unknown[]);
  return { name, text: q.sql, values };
}

/**
 * Hot statements' names by text: a group's write is some 6 kB of text, hashed once instead of at
 * every call (its SHA-1 at every call was 3 % of the app's CPU at 8 clients).
 */
const statementNames = new Map<string, string>();
const STATEMENT_NAMES = 1000;

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    // Hot statements are a few dozen texts; a bound keeps a statement built wrongly from growing it without end.
    if (statementNames.size >= STATEMENT_NAMES) statementNames.clear();
    name = `hot_${crypto.hash('sha1', text).slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * An array parameter as PostgreSQL's array literal, exactly as pg writes it (pg/lib/utils
 * arrayString), with its common elements — text without quotes or backslashes, numbers, nulls —
 * written without two regular-expression replacements each: a group's write of eight orders
 * carries some 600 elements, and pg's way of quoting them was about 10 % of the app's CPU at 8
 * clients (3–4 % this way).
 * Anything else (dates, buffers, objects, booleans) is written by pg itself.
 */
export function arrayLiteral(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v == null) out += 'NULL';
    else if (typeof v === 'string') out += v.indexOf('"') === -1 && v.indexOf('\\') === -1 ? `"${v}"` : `"${v.replace(/[\\"]/g, '\\$&')}"`;
    else if (typeof v === 'number') out += `"${v}"`;
    else if (Array.isArray(v)) out += arrayLiteral(v);
    else out += ((pgUtils as { prepareValue(v: unknown): string }).prepareValue([v])).slice(1, -1);
  }
  return out + '}';
}

