// npm test: one PostgreSQL for the whole run (embedded, or the server TEST_DATABASE_URL names),
// a migrated template database, and node's test runner over every *.test.ts file. Each test
// file clones the template into its own database, so files run in parallel without sharing rows.
//
// Whatever happens — tests fail, a migration fails, Ctrl-C, SIGTERM from a process manager — the
// run leaves nothing behind: the test runner and its children are stopped, this run's databases
// are dropped, the embedded server is stopped and its folder removed, and the exit code is
// non-zero unless every test passed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runMigrations } from '../src/platform/database.ts';
import { startOwnPostgres, type OwnPostgres } from '../test/support/embedded.ts';

function findTests(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findTests(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
const template = `st_tmpl_${process.pid}`;
let embedded: OwnPostgres | undefined;
let admin: pg.Client | undefined;
let child: ChildProcess | undefined;
let childExited: Promise<number> | undefined;
let stopping: NodeJS.Signals | undefined;

/** Processes in the runner's process group (the runner, each test file's process, what they started). */
function runnerGroup(): number[] {
  const leader = child;
  const pgid = leader?.pid;
  if (!leader || !pgid) return [];
  const found: number[] = [];
  let names: string[] = [];
  try { names = fs.readdirSync('/proc'); } catch { return leader.exitCode === null && leader.signalCode === null ? [pgid] : []; }
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${n}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid) found.push(Number(n));
    } catch { /* gone */ }
  }
  return found;
}

/** Signal the test runner's whole process group, if anything of it is left. */
function signalRunner(sig: NodeJS.Signals): void {
  if (!child?.pid || runnerGroup().length === 0) return;
  try { process.kill(-child.pid, sig); } catch { /* gone meanwhile */ }
}

/** Drop what this run made on the server, stop the embedded server, remove its folder and the upload folders. */
async function cleanUp(): Promise<void> {
  if (admin) {
    // Databases left by this run's test files that crashed are dropped with the template (only
    // this run's: another run may be using the same server).
    const left = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [`st_t_${process.pid}_`]).catch(() => ({ rows: [] as { datname: string }[] }));
    for (const r of left.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`).catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => {});
    await admin.end().catch(() => {});
    admin = undefined;
  }
  await embedded?.stop();
  // Upload folders of this run's test files that crashed before closing their platform.
  for (const n of fs.readdirSync(os.tmpdir())) {
    if (n.startsWith(`st-uploads-st_t_${process.pid}_`)) fs.rmSync(path.join(os.tmpdir(), n), { recursive: true, force: true });
  }
}

/**
 * Ctrl-C or SIGTERM: stop the runner and everything it started (a second signal, or 15 s, kills
 * them), clean up, exit 128 + signal. npm forwards the signal it gets too, so under `npm test` one
 * Ctrl-C arrives twice: a repeat within a second is the same request.
 */
let firstSignalAt = 0;
async function onSignal(sig: NodeJS.Signals): Promise<void> {
  if (stopping) {
    if (Date.now() - firstSignalAt > 1000) signalRunner('SIGKILL');
    return;
  }
  stopping = sig;
  firstSignalAt = Date.now();
  console.error(`\n# ${sig}: stopping the tests and cleaning up`);
  signalRunner(sig);
  const killer = setTimeout(() => signalRunner('SIGKILL'), 15_000);
  if (childExited) await childExited;
  clearTimeout(killer);
  signalRunner('SIGKILL'); // what the test files started and left behind
  try { await cleanUp(); } catch (e) { console.error('clean-up failed:', e); }
  process.exit(128 + SIGNALS[sig as keyof typeof SIGNALS]);
}
for (const s of Object.keys(SIGNALS)) process.on(s, (sig: NodeJS.Signals) => void onSignal(sig));

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const filters = args.filter((a) => !a.startsWith('--'));
  const files = [...findTests('src'), ...findTests('test'), ...(args.includes('--no-e2e') ? [] : findTests('e2e'))]
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
  if (files.length === 0) { console.error('no test files matched'); return 1; }
  // Browser tests drive the built web app.
  if (files.some((f) => f.startsWith('e2e'))) {
    const b = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-web.ts'], { stdio: 'inherit' });
    if (b.status !== 0) return b.status ?? 1;
  }

  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    embedded = await startOwnPostgres('sellthrough-test-', 'postgres', { handleSignals: false });
    adminUrl = embedded.adminUrl;
  }
  if (stopping) return 1;
  admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => { /* the server went away (stopped by a signal); cleanup copes */ });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const u = new URL(adminUrl);
  u.pathname = `/${template}`;
  await runMigrations(u.toString());
  if (stopping) return 1;

  const concurrency = process.env.TEST_CONCURRENCY ?? String(Math.max(1, Math.min(2, os.cpus().length)));
  // Connections: a test file may hold its own pool and two API processes' pools at once, and
  // `concurrency` files run together. A server with few connections (a system PostgreSQL's
  // default is 100; the embedded one allows 300) gets smaller pools rather than refusing
  // connections mid-test (53300 too_many_connections answers 503 database_unavailable).
  const limits = await admin.query<{ max: number; reserved: number; used: number }>(
    `SELECT current_setting('max_connections')::int AS max, current_setting('superuser_reserved_connections')::int AS reserved, (SELECT count(*)::int FROM pg_stat_activity) AS used`);
  const { max, reserved, used } = limits.rows[0];
  const perFile = Math.floor((max - reserved - used - 10) / Number(concurrency));
  const poolCap = process.env.TEST_POOL_CAP ?? String(Math.max(4, Math.min(40, Math.floor(perFile / 3))));
  console.log(`# database: ${embedded ? 'embedded PostgreSQL' : 'TEST_DATABASE_URL'} (max_connections ${max}: pools of at most ${poolCap}); ${files.length} test files`);
  // In a process group of its own, so that a signal reaches the runner, every test file's
  // process and what they started (browsers, `sellthrough start`), and nothing else.
  child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
    stdio: 'inherit', detached: true,
    env: { ...process.env, NO_COLOR: '1', ST_TEST_ADMIN_URL: adminUrl, ST_TEST_TEMPLATE: template, TEST_POOL_CAP: poolCap, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
  });
  const started = child;
  childExited = new Promise((resolve) => {
    started.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0)));
    started.on('error', (e) => { console.error(e); resolve(1); });
  });
  return await childExited;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(e);
  code = 1;
} finally {
  if (!stopping) {
    signalRunner('SIGKILL'); // what the test files started and left behind
    try { await cleanUp(); } catch (e) { console.error('clean-up failed:', e); code = code || 1; }
  }
}
if (!stopping) process.exit(code);
