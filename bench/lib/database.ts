// What the database benchmarks share: a database of their own (an embedded PostgreSQL in a temp
// dir, or a fresh database under BENCH_DATABASE_URL, dropped afterwards) and CPU figures read
// from /proc.
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { freePort, startEmbeddedPostgres } from '../../src/platform/database.ts';

export async function benchDatabase(tmp: string): Promise<{ url: string; mode: string; cleanup(): Promise<void> }> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) {
    const name = `st_bench_${crypto.randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: given });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(given); u.pathname = `/${name}`;
    return { url: u.toString(), mode: 'BENCH_DATABASE_URL', cleanup: async () => { await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {}); await admin.end(); } };
  }
  const server = await startEmbeddedPostgres({ dir: tmp, port: await freePort(), database: 'sellthrough_bench', persistent: false });
  return { url: server.url, mode: 'embedded', cleanup: () => server.stop() };
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

/** PostgreSQL's CPU seconds: every process named postgres (embedded or system; the machine is otherwise quiet of them). */
export function postgresSeconds(): number {
  let total = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try { if (fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres') total += cpuSeconds(Number(d)); } catch { /* gone */ }
  }
  return total;
}
