// What the database benchmarks share: a database of their own (an embedded PostgreSQL in a temp
// dir, or a fresh database under BENCH_DATABASE_URL, dropped afterwards) and CPU figures read
// from /proc.
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { freePort, startEmbeddedPostgres } from '../../src/platform/database.ts';

export interface BenchDb {
  url: string;
  mode: 'embedded' | 'BENCH_DATABASE_URL';
  /** The cluster's postmaster, whose CPU (with its backends') the benchmarks count; null when it is not on this machine's /proc. */
  postmasterPid: number | null;
  cleanup(): Promise<void>;
}

/** The postmaster of the server a client is connected to, when that server runs on this machine. */
async function postmasterOf(client: pg.Client): Promise<number | null> {
  const { rows: [{ pid }] } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  try {
    const ppid = Number(/^PPid:\s*(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return fs.readFileSync(`/proc/${ppid}/comm`, 'utf8').trim() === 'postgres' ? ppid : null;
  } catch { return null; }
}

/** `settings`: more server settings for an embedded server this starts (BENCH_DATABASE_URL's server keeps its own). */
export async function benchDatabase(tmp: string, log: (msg: string) => void = () => {}, settings?: Record<string, string>): Promise<BenchDb> {
  const given = process.env.BENCH_DATABASE_URL;
  const fromEnv = settingsFromEnv();
  if (given && Object.keys(fromEnv).length) throw new Error('BENCH_PG_SETTINGS applies to the embedded server only: set them on BENCH_DATABASE_URL\'s server');
  if (given) {
    const name = `st_bench_${crypto.randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: given });
    admin.on('error', (e) => log(`admin client: ${e.message}`));
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(given); u.pathname = `/${name}`;
    log(`created database ${name} on BENCH_DATABASE_URL's server`);
    return {
      url: u.toString(), mode: 'BENCH_DATABASE_URL', postmasterPid: await postmasterOf(admin),
      cleanup: async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e) => log(`could not drop ${name}: ${(e as Error).message}`));
        await admin.end().catch(() => {});
      },
    };
  }
  const port = await freePort();
  log(`starting embedded PostgreSQL in ${tmp} on port ${port}`);
  const server = await startEmbeddedPostgres({ dir: tmp, port, database: 'sellthrough_bench', persistent: false, settings: { ...fromEnv, ...settings } });
  return { url: server.url, mode: 'embedded', postmasterPid: server.pid(), cleanup: () => server.stop() };
}

/**
 * BENCH_PG_SETTINGS="name=value,name=value": server settings for the embedded server over the
 * platform's own (SERVER_FLAGS), to measure one against the default in alternating runs, e.g.
 * `random_page_cost=4`. A bench's own settings (pg_stat_statements) win over these.
 */
function settingsFromEnv(): Record<string, string> {
  const given = process.env.BENCH_PG_SETTINGS?.trim();
  if (!given) return {};
  return Object.fromEntries(given.split(',').filter((kv) => kv.trim()).map((kv) => {
    const m = /^\s*([A-Za-z_][\w.]*)\s*=\s*([^,\s]+)\s*$/.exec(kv);
    if (!m) throw new Error(`BENCH_PG_SETTINGS must list name=value pairs separated by commas, got "${kv}"`);
    return [m[1], m[2]];
  }));
}

/** CPU seconds used so far by a process (and its reaped children), from /proc; 0 where unreadable. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const v = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(v[11]) + Number(v[12]) + Number(v[13]) + Number(v[14])) / 100;
  } catch { return 0; }
}

/**
 * The CPU seconds of one PostgreSQL cluster: its postmaster (with the backends it has reaped) and
 * its live children — not other clusters' (a system PostgreSQL, another test run); null without
 * a postmaster on this machine.
 */
export function postgresSeconds(postmasterPid: number | null): number | null {
  if (!postmasterPid) return null;
  let total = cpuSeconds(postmasterPid);
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const v = f.slice(f.lastIndexOf(')') + 2).split(' ');
      // v[1] is the parent's pid; a live backend's own time (its children's is the postmaster's to reap).
      if (Number(v[1]) === postmasterPid) total += (Number(v[11]) + Number(v[12])) / 100;
    } catch { /* gone */ }
  }
  return total;
}
