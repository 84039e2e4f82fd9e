// Crashes, for real: the platform runs as a user runs it (`node src/cli.ts start`, `npm start`,
// `sellthrough worker`) on its own embedded PostgreSQL, paid orders flow over HTTP, and we kill
// things with SIGKILL at random moments: the app (5×, once together with its PostgreSQL, and once
// more before the worker round), the PostgreSQL server under the running app (5×), sessions of the
// app's pool (pg_terminate_backend, some idle in a transaction), and a separate worker together
// with PostgreSQL. After each kill the platform must come back by itself and say in one log line
// what it found; afterwards every order that was answered 201 exists and is paid exactly once,
// the pools add up, the ledger balances, and the gateway's money equals the ledger's provider
// cash to the fen. Ctrl-C and SIGTERM (to the
// process, to npm) stop everything with exit code 0 and leave no PostgreSQL process behind; an
// orphaned PostgreSQL (its app killed, nothing restarted) is stopped by the watchdog.
//
// This file starts its own processes and database (npm test's shared server is not used).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { connect, freePort } from '../src/platform/database.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEADLINE_MS = 90_000; // for any one thing to come back: generous for a busy two-core machine
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const rnd = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

// ---- processes ----

interface Launched {
  name: string;
  child: ChildProcess;
  /** Every line the process wrote (stdout and stderr). */
  lines: string[];
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited: boolean;
  /** We ended it (SIGKILL, a signal to stop): any other exit is a crash. */
  expected: boolean;
}

const launched: Launched[] = [];
let dir = '';
let httpPort = 0;
let pgPort = 0;
let base = '';

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(httpPort), HOST: '127.0.0.1', PUBLIC_URL: base,
    SELLTHROUGH_DATA_DIR: dir, SELLTHROUGH_PG_PORT: String(pgPort),
    LOG_LEVEL: 'info', LOG_FORMAT: 'json', NO_COLOR: '1',
    // Restarts here may take longer than the default grace on a busy machine; the watchdog's own
    // check (at the end) sets a short one.
    SELLTHROUGH_PG_ORPHAN_SECONDS: '120',
    // Every consumer here comes from 127.0.0.1 through one link: the caps on unpaid orders per
    // address and per link (anti-hoarding) would refuse them; they are not what this test is about.
    UNPAID_ORDERS_PER_ADDRESS: '0', UNPAID_ORDERS_PER_LINK: '0', RATE_LIMITS: 'off',
    ...extra,
  };
  for (const k of ['DATABASE_URL', 'ST_TEST_ADMIN_URL', 'ST_TEST_TEMPLATE', 'TEST_DATABASE_URL', 'SEED_DEMO', 'SELLTHROUGH_WORKERS']) if (!(k in extra)) delete e[k];
  return e;
}

/** `sellthrough <cmd>` as node runs it, or `npm start` (in its own process group, as a terminal's foreground job is). */
function launch(name: string, how: { cli: 'start' | 'worker' } | { npm: 'start' }, extra: Record<string, string> = {}): Launched {
  const child = 'npm' in how
    ? spawn('npm', ['start', '--ignore-scripts'], { cwd: ROOT, env: env(extra), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', how.cli], { cwd: ROOT, env: env(extra), stdio: ['ignore', 'pipe', 'pipe'] });
  const l: Launched = { name, child, lines: [], exited: false, expected: false, done: null as never };
  // 'close', not 'exit': the output is complete only when every holder of the pipes is gone (npm's
  // node child writes to them too).
  l.done = new Promise((resolve) => child.once('close', (code, signal) => { l.exited = true; resolve({ code, signal }); }));
  for (const s of [child.stdout!, child.stderr!]) {
    let rest = '';
    s.on('data', (d: Buffer) => {
      const parts = (rest + d.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      // Request logs are most of the output and say nothing here: keep the rest.
      for (const p of parts) if (!/"msg":"(incoming request|request completed)"/.test(p)) l.lines.push(p);
    });
  }
  launched.push(l);
  return l;
}

function tail(l: Launched, n = 40): string {
  return `--- ${l.name} (${l.exited ? 'exited' : 'running'}) ---\n${l.lines.slice(-n).join('\n')}`;
}

/** The message of each JSON log line (and plain lines as they are). */
function messages(l: Launched, from = 0): string[] {
  return l.lines.slice(from).map((s) => { try { return String((JSON.parse(s) as { msg?: unknown }).msg ?? s); } catch { return s; } });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = DEADLINE_MS, context?: () => string): Promise<T> {
  const until = Date.now() + ms;
  for (let pause = 20; ; pause = Math.min(500, pause * 2)) {
    noCrash();
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}${context ? `\n${context()}` : ''}`);
    await sleep(pause);
  }
}

/** A line matching `re` written after line `from`; fails at once if the process exits first. */
function waitForLine(l: Launched, re: RegExp, from = 0, ms = DEADLINE_MS): Promise<string> {
  return waitFor(`${l.name} to log ${re}`, () => {
    const hit = messages(l, from).find((m) => re.test(m));
    if (hit) return hit;
    if (l.exited) throw new Error(`${l.name} exited while we waited for ${re}\n${tail(l)}`);
    return undefined;
  }, ms, () => tail(l));
}

const UP = /Sellthrough is running/;
const WORKER_UP = /^worker running$/;

function postmasterPid(): number | null {
  try { return Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]) || null; } catch { return null; }
}
function alive(pid: number): boolean {
  try { process.kill(pid, 0); } catch { return false; }
  try { return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'; } catch { return false; }
}

/** Every process of this test's platform: by data directory in cwd, command line or environment. */
function processesOfOurs(): { pid: number; what: string }[] {
  const out: { pid: number; what: string }[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${name}/cwd`);
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      let envHit = false;
      try { envHit = fs.readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(`SELLTHROUGH_DATA_DIR=${dir}`); } catch { /* not readable */ }
      if (cwd.startsWith(dir) || cmd.includes(dir) || envHit) out.push({ pid: Number(name), what: cmd.slice(0, 160) });
    } catch { /* exited meanwhile */ }
  }
  return out;
}
const postgresOfOurs = () => processesOfOurs().filter((p) => !p.what.includes('pg-watchdog') && !p.what.includes('node') && !p.what.startsWith('npm'));

async function kill9(l: Launched): Promise<void> {
  l.expected = true;
  l.child.kill('SIGKILL');
  await l.done;
}

async function signal(l: Launched, sig: NodeJS.Signals, group = false): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  l.expected = true;
  if (group) process.kill(-l.child.pid!, sig); else l.child.kill(sig);
  return l.done;
}

/** A process of ours that ended without being told to: fail at once, with what it said last. */
function noCrash(): void {
  if (loadError) throw new Error(`a shopper failed: ${loadError.stack ?? loadError.message}`);
  const crashed = launched.filter((l) => l.exited && !l.expected);
  if (crashed.length) throw new Error(`crashed:\n${crashed.map((l) => tail(l, 60)).join('\n')}`);
}

// ---- HTTP ----

type Answer = { status: number; body: Record<string, unknown>; problem: boolean };

async function http(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer | 'down'> {
  try {
    const res = await fetch(base + url, {
      method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try { parsed = JSON.parse(text) as Record<string, unknown>; } catch { parsed = { text }; }
    return { status: res.status, body: parsed, problem: (res.headers.get('content-type') ?? '').startsWith('application/problem+json') };
  } catch {
    return 'down'; // refused, reset, timed out: the process (or its listener) is gone
  }
}

const stats = { answers: 0, created: 0, paid: 0, down: 0, fiveXX: 0, fiveXXNotProblem: [] as string[], refused: new Map<string, number>(), unexpected: [] as string[] };

/**
 * What a careful client does: the same request with the same Idempotency-Key until it gets an
 * answer that is not "try again" (no connection, a 5xx). It waits for the platform to say it is
 * ready rather than sleeping a fixed time.
 */
async function untilAnswered(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const until = Date.now() + DEADLINE_MS * 2;
  for (;;) {
    const r = await http(method, url, body, headers);
    if (r !== 'down' && r.status < 500) { stats.answers++; return r; }
    if (r === 'down') stats.down++;
    else {
      stats.fiveXX++;
      if (!r.problem) stats.fiveXXNotProblem.push(`${method} ${url} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    }
    if (Date.now() > until) throw new Error(`${method} ${url}: no answer in ${DEADLINE_MS * 2} ms`);
    await waitFor('the platform to be ready', async () => { const x = await http('GET', '/ready'); return x !== 'down' && x.status === 200; }, DEADLINE_MS * 2);
  }
}

// ---- the shop ----

interface Placed { id: string; kind: 'wallet' | 'storefront'; chargeId?: string; paidAtGateway?: boolean }
const placed = new Map<string, Placed>(); // by idempotency key
const topups = new Map<string, { id: string; chargeId: string; paidAtGateway?: boolean }>();
let resellerToken = '';
let shareCode = '';
let walletSkus: string[] = [];
let shopSkus: string[] = [];
let seq = 0;
let loadOn = false;
let loadError: Error | undefined;

const consumer = () => ({ name: `顾客${rnd(1, 999)}`, phone: `139${String(rnd(0, 99_999_999)).padStart(8, '0')}`, address: { province: '上海市', city: '上海市', district: '浦东新区', detail: `XX路${rnd(1, 999)}号` } });
const chargeOf = (payUrl: unknown) => String(payUrl).split('/').pop()!;
const pick = (a: string[]) => a[rnd(0, a.length - 1)];

function record(key: string, p: Placed): void {
  const seen = placed.get(key);
  // A retried request must get the first request's order back, never a second order.
  if (seen && seen.id !== p.id) stats.unexpected.push(`key ${key} answered ${seen.id} then ${p.id}`);
  if (!seen) { placed.set(key, p); stats.created++; }
}

async function pay(chargeId: string): Promise<boolean> {
  const r = await untilAnswered('POST', `/sandbox/pay/${chargeId}`, { outcome: 'succeed' });
  if (r.status === 200 && r.body.status === 'succeeded') { stats.paid++; return true; }
  stats.unexpected.push(`pay ${chargeId} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  return false;
}

async function topUp(): Promise<void> {
  const key = `crash-topup-${++seq}`;
  const r = await untilAnswered('POST', '/api/v1/reseller/wallet/topups', { amount: 200_000 }, { authorization: `Bearer ${resellerToken}`, 'idempotency-key': key });
  if (r.status !== 201) { stats.unexpected.push(`top-up → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`); return; }
  const t = { id: String(r.body.id), chargeId: chargeOf((r.body.payment as { payUrl: string }).payUrl), paidAtGateway: false };
  topups.set(key, t);
  t.paidAtGateway = await pay(t.chargeId);
}

async function walletOrder(): Promise<void> {
  const key = `crash-w-${++seq}`;
  const r = await untilAnswered('POST', '/api/v1/reseller/orders', { consumer: consumer(), lines: [{ eventSkuId: pick(walletSkus), quantity: 1 }], payWith: 'wallet' }, { authorization: `Bearer ${resellerToken}`, 'idempotency-key': key });
  if (r.status === 201) { record(key, { id: String(r.body.id), kind: 'wallet' }); return; }
  const code = String(r.body.code);
  stats.refused.set(code, (stats.refused.get(code) ?? 0) + 1);
  if (code === 'insufficient_funds') await topUp();
  else if (code !== 'sold_out') stats.unexpected.push(`wallet order → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
}

async function storefrontOrder(): Promise<void> {
  const key = `crash-s-${++seq}`;
  const a = pick(shopSkus);
  const b = pick(shopSkus);
  const lines = a === b || Math.random() < 0.7 ? [{ eventSkuId: a, quantity: rnd(1, 2) }] : [{ eventSkuId: a, quantity: 1 }, { eventSkuId: b, quantity: 1 }];
  const r = await untilAnswered('POST', `/api/v1/storefront/${shareCode}/orders`, { consumer: consumer(), lines }, { 'idempotency-key': key });
  if (r.status !== 201) {
    const code = String(r.body.code);
    stats.refused.set(code, (stats.refused.get(code) ?? 0) + 1);
    if (code !== 'sold_out') stats.unexpected.push(`storefront order → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    return;
  }
  const order = r.body.order as { id: string; payment: { payUrl: string } | null };
  const p: Placed = { id: order.id, kind: 'storefront', chargeId: chargeOf(order.payment?.payUrl) };
  record(key, p);
  placed.get(key)!.paidAtGateway = await pay(p.chargeId!);
}

const shoppers: Promise<void>[] = [];
function startLoad(): void {
  loadOn = true;
  // A shopper that fails stops the load and fails the test at its next wait (noCrash).
  const loop = async (op: () => Promise<void>) => {
    try { while (loadOn) await op(); } catch (e) { loadError ??= e as Error; loadOn = false; }
  };
  shoppers.push(loop(walletOrder), loop(storefrontOrder), loop(storefrontOrder));
  // Now and then a wallet top-up through the gateway: more gateway money for the books to match.
  shoppers.push(loop(async () => {
    await topUp();
    const next = stats.created + 25;
    await waitFor('more orders', () => !loadOn || stats.created >= next || undefined, DEADLINE_MS * 3);
  }));
}
async function stopLoad(): Promise<void> {
  loadOn = false;
  await Promise.all(shoppers);
}
/** A random moment under load: after a random number of further answers. */
async function randomMoment(lo = 2, hi = 12): Promise<void> {
  const target = stats.answers + rnd(lo, hi);
  await waitFor(`${target} answers`, () => stats.answers >= target || undefined, DEADLINE_MS * 2);
}

// ---- the database, read directly for the checks ----

let admin: pg.Client | undefined;
async function db(): Promise<pg.Client> {
  if (admin) return admin;
  const c = new pg.Client({ connectionString: `postgres://postgres:sellthrough@127.0.0.1:${pgPort}/sellthrough` });
  c.on('error', () => { admin = undefined; });
  await c.connect();
  admin = c;
  return c;
}
async function q<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await (await db()).query<T>(text, values)).rows;
}

after(async () => {
  loadOn = false;
  await admin?.end().catch(() => {});
  for (const l of launched) if (!l.exited) l.child.kill('SIGKILL');
  // Whatever is left of ours (an orphaned server, watchdogs): only processes of this test's data directory.
  for (const p of processesOfOurs()) { try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ } }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// ---- a pooled client whose session dies inside a transaction (in this process) ----

async function poolSurvivesTermination(url: string): Promise<void> {
  const lost: Error[] = [];
  const database = connect(url, 4, (e) => lost.push(e));
  const killer = new pg.Client({ connectionString: url });
  killer.on('error', () => {});
  await killer.connect();
  try {
    // Idle in a transaction through the pool (what a drizzle transaction is between statements).
    const c = await database.pool.connect();
    await c.query('BEGIN');
    await c.query('SELECT count(*) FROM orders');
    const { rows: [{ pid }] } = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const [{ state }] = (await killer.query<{ state: string }>('SELECT state FROM pg_stat_activity WHERE pid = $1', [pid])).rows;
    assert.equal(state, 'idle in transaction');
    await killer.query('SELECT pg_terminate_backend($1)', [pid]);
    // Without a listener on the checked-out client, this 'error' event is an uncaught exception
    // and this test process dies here.
    await waitFor('the client to learn its session was terminated', () => lost.length > 0 || undefined, 10_000);
    await assert.rejects(c.query('SELECT 1'));
    c.release();
    // The same inside a drizzle transaction that is waiting between its statements.
    await assert.rejects(database.db.transaction(async (tx) => {
      const [{ pid: p2 }] = (await tx.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`)).rows;
      await killer.query('SELECT pg_terminate_backend($1)', [p2]);
      await waitFor('the transaction session to die', async () => (await killer.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [p2])).rowCount === 0 || undefined, 10_000);
      await tx.execute(sql`SELECT 1`);
    }));
    // And the pool serves again with fresh connections.
    assert.equal((await database.pool.query<{ one: number }>('SELECT 1 AS one')).rows[0].one, 1);
  } finally {
    await killer.end().catch(() => {});
    await database.close().catch(() => {});
  }
}

// ---- the test ----

test('kills of the app, its PostgreSQL, pooled sessions and the worker lose nothing; signals stop everything cleanly', { timeout: 420_000 }, async (t) => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'st-crash-'));
  fs.chmodSync(dir, 0o755);
  httpPort = await freePort();
  pgPort = await freePort();
  base = `http://127.0.0.1:${httpPort}`;
  const pgLog = () => { try { return fs.readFileSync(path.join(dir, 'postgres.log'), 'utf8').split('\n').slice(-15).join('\n'); } catch { return ''; } };

  // ---- first start: initdb, migrations, demo data ----
  let app = launch('start #1', { cli: 'start' });
  await waitForLine(app, UP, 0, 180_000);
  assert.ok(messages(app).some((m) => /embedded PostgreSQL: no server was running; started the server/.test(m)), tail(app));

  const login = async (phone: string) => {
    const r = await untilAnswered('POST', '/api/v1/auth/login', { phone, password: 'demo1234' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return String(r.body.token);
  };
  resellerToken = await login('13700000001');
  const operatorToken = await login('13800000000');
  const me = await untilAnswered('GET', '/api/v1/reseller/me', undefined, { authorization: `Bearer ${resellerToken}` });
  shareCode = String((me.body.reseller as { shareCode: string }).shareCode);
  // Live events' plain items (no flash sale, not a presale) with stock to sell.
  const events = (await untilAnswered('GET', '/api/v1/reseller/sale-events', undefined, { authorization: `Bearer ${resellerToken}` })).body.items as { id: string; onSale: boolean }[];
  const skus: { id: string; base: number }[] = [];
  for (const e of events.filter((x) => x.onSale)) {
    const presale = await untilAnswered('GET', `/api/v1/storefront/${shareCode}/sale-events/${e.id}/presale`);
    if (presale.status === 200 && presale.body.presale) continue;
    const detail = await untilAnswered('GET', `/api/v1/reseller/sale-events/${e.id}`, undefined, { authorization: `Bearer ${resellerToken}` });
    for (const p of detail.body.products as { skus: { eventSkuId: string; basePrice: number; available: number; flash: unknown }[] }[]) {
      for (const s of p.skus) if (s.flash === null && s.available >= 10) skus.push({ id: s.eventSkuId, base: s.basePrice });
    }
  }
  assert.ok(skus.length >= 20, `demo data should offer plain items with stock, found ${skus.length}`);
  skus.sort((a, b) => a.base - b.base);
  walletSkus = skus.slice(0, 15).map((s) => s.id); // cheap ones: the wallet lasts longer
  shopSkus = skus.map((s) => s.id);

  const [{ initial }] = await q<{ initial: number }>('SELECT sum(initial)::int AS initial FROM pools');
  startLoad();

  // ---- the app killed with SIGKILL, 5 times (the 3rd time together with its PostgreSQL) ----
  await t.test('the app killed with SIGKILL comes back with its orphaned PostgreSQL, or after a stale pid file', async () => {
    for (let round = 1; round <= 5; round++) {
      await randomMoment();
      const both = round === 3;
      const pm = postmasterPid();
      assert.ok(pm, 'a running server has a pid file');
      if (both) process.kill(pm, 'SIGKILL');
      await kill9(app);
      if (!both) assert.ok(alive(pm), 'PostgreSQL outlives a SIGKILLed app (it is reused next)');
      const before = stats.answers;
      app = launch(`start #${round + 1}`, { cli: 'start' });
      await waitForLine(app, UP);
      const found = messages(app).filter((m) => m.startsWith('embedded PostgreSQL'));
      assert.equal(found.length, 1, `one line says what the start found:\n${found.join('\n')}`);
      if (both) assert.match(found[0], /removed a stale pid file \(pid \d+ is gone\); started the server/);
      else assert.match(found[0], new RegExp(`reused a running server of ours \\(pid ${pm}\\)`));
      await waitFor('orders to flow again', () => stats.answers > before + 2 || undefined, DEADLINE_MS, () => tail(app));
    }
  });

  // ---- PostgreSQL killed with SIGKILL under the running app, 5 times ----
  await t.test('PostgreSQL killed with SIGKILL under the running app is started again by it; the API keeps serving', async () => {
    for (let round = 1; round <= 5; round++) {
      await randomMoment();
      const pm = postmasterPid();
      assert.ok(pm);
      const from = app.lines.length;
      process.kill(pm, 'SIGKILL');
      const back = await waitForLine(app, /embedded PostgreSQL is back after/, from);
      assert.match(back, /crash recovery/);
      assert.ok(!app.exited, `the API must survive its database's crash\n${tail(app)}`);
      assert.notEqual(postmasterPid(), pm);
      const before = stats.answers;
      await waitFor('orders to flow again', () => stats.answers > before + 2 || undefined, DEADLINE_MS, () => `${tail(app)}\n${pgLog()}`);
    }
    assert.ok(!app.exited);
    // During the outages requests were answered with errors in problem+json, never a bare 5xx.
    assert.deepEqual(stats.fiveXXNotProblem, []);
  });

  // ---- sessions of the app's pool terminated (some idle in a transaction) ----
  await t.test('pg_terminate_backend on the app\'s sessions, idle in a transaction or not, does not kill the API', async () => {
    await poolSurvivesTermination(`postgres://postgres:sellthrough@127.0.0.1:${pgPort}/sellthrough`);
    const killer = new pg.Client({ connectionString: `postgres://postgres:sellthrough@127.0.0.1:${pgPort}/sellthrough` });
    killer.on('error', () => {});
    await killer.connect();
    let idleInTx = 0;
    let all = 0;
    try {
      const until = Date.now() + 4000;
      while (Date.now() < until) {
        const r = await killer.query<{ state: string }>(`SELECT state, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'sellthrough' AND pid <> pg_backend_pid() AND application_name IN ('sellthrough', 'pgboss') AND (state = 'idle in transaction' OR random() < 0.05)`);
        all += r.rowCount ?? 0;
        idleInTx += r.rows.filter((x) => x.state === 'idle in transaction').length;
        await sleep(5);
      }
    } finally {
      await killer.end();
    }
    t.diagnostic(`terminated ${all} sessions of the app, ${idleInTx} idle in a transaction`);
    assert.ok(all > 0, 'the app had sessions to terminate');
    const before = stats.answers;
    await waitFor('orders to flow again', () => stats.answers > before + 5 || undefined, DEADLINE_MS, () => tail(app));
    assert.ok(!app.exited, tail(app));
  });

  // ---- a separate worker, killed together with PostgreSQL; the API started through npm ----
  let worker: Launched;
  await t.test('a separate worker killed with PostgreSQL comes back; jobs run again', async () => {
    await kill9(app); // the 6th SIGKILL of the app; PostgreSQL stays for the next start to reuse
    // Both at once, as a process manager starts them: both reuse the orphaned server.
    app = launch('npm start (API only)', { npm: 'start' }, { SELLTHROUGH_WORKERS: 'off' });
    worker = launch('worker #1', { cli: 'worker' });
    await Promise.all([waitForLine(app, UP), waitForLine(worker, WORKER_UP)]);
    for (const l of [app, worker]) assert.ok(messages(l).some((m) => /^embedded PostgreSQL: reused a running server of ours/.test(m)), tail(l));
    await randomMoment();
    const pm = postmasterPid()!;
    const from = app.lines.length;
    process.kill(pm, 'SIGKILL');
    await kill9(worker);
    await waitForLine(app, /embedded PostgreSQL is back after/, from);
    worker = launch('worker #2', { cli: 'worker' });
    await waitForLine(worker, WORKER_UP);
    // Paid storefront orders need the worker: the gateway's notifications are its job.
    const paidBefore = (await q<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE kind = 'storefront' AND paid_at IS NOT NULL`))[0].n;
    await waitFor('the worker to apply new payments', async () => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE kind = 'storefront' AND paid_at IS NOT NULL`))[0].n > paidBefore || undefined, DEADLINE_MS, () => tail(worker));
  });

  await stopLoad();
  t.diagnostic(`orders answered 201: ${placed.size}, top-ups: ${topups.size}, charges paid at the gateway: ${stats.paid}; no connection ${stats.down}×, 5xx ${stats.fiveXX}×; refused ${JSON.stringify(Object.fromEntries(stats.refused))}`);

  // ---- the books, once the platform has settled ----
  // Gateway money and the ledger, and orders paid at the gateway still waiting to be applied.
  const books = async () => {
    const open = await q<{ id: string }>(`SELECT id FROM orders WHERE id = ANY($1) AND paid_at IS NULL`, [[...placed.values()].filter((p) => p.paidAtGateway).map((p) => p.id)]);
    const openTopups = await q<{ id: string }>(`SELECT id FROM wallet_topups WHERE id = ANY($1) AND status <> 'succeeded'`, [[...topups.values()].filter((x) => x.paidAtGateway).map((x) => x.id)]);
    const [g] = await q<{ charged: number; refunded: number; cash: number }>(`
      SELECT (SELECT coalesce(sum(amount), 0)::bigint FROM sandbox_charges WHERE status = 'succeeded') AS charged,
             (SELECT coalesce(sum(amount), 0)::bigint FROM sandbox_refunds WHERE status = 'succeeded') AS refunded,
             (SELECT coalesce(sum(amount), 0)::bigint FROM journal_lines WHERE account = 'provider_cash') AS cash`);
    return { open: open.map((o) => o.id), openTopups: openTopups.map((o) => o.id), gateway: g.charged - g.refunded, ledger: g.cash };
  };
  // Settled: nothing paid at the gateway is waiting, the two agree, and they stay so for a second
  // look. Bounded: payments a crash stranded never settle, and the check below says which.
  let settled = await books();
  const settleStart = Date.now();
  await waitFor('the platform to settle', async () => {
    const now = await books();
    const ok = now.open.length === 0 && now.openTopups.length === 0 && now.gateway === now.ledger && settled.gateway === now.gateway && settled.ledger === now.ledger;
    settled = now;
    return ok || undefined;
  }, 90_000).catch(() => {});
  t.diagnostic(`settled in ${((Date.now() - settleStart) / 1000).toFixed(1)} s`);

  await t.test('every order answered 201 exists and is paid exactly once; pools add up; the ledger audit balances', async () => {
    assert.deepEqual(stats.unexpected, []);
    assert.ok(placed.size >= 30, `enough orders to mean something (${placed.size})`);
    const ids = [...placed.values()].map((p) => p.id);
    const rows = await q<{ id: string; status: string; paid: boolean; entries: number }>(`
      SELECT o.id, o.status, o.paid_at IS NOT NULL AS paid,
             (SELECT count(*)::int FROM journal_entries j WHERE j.idempotency_key = 'order-paid:' || o.id) AS entries
      FROM orders o WHERE o.id = ANY($1)`, [ids]);
    assert.equal(rows.length, ids.length, 'every order answered 201 exists');
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const p of placed.values()) {
      const r = byId.get(p.id)!;
      if (p.kind === 'wallet') assert.equal(r.status, 'paid', `wallet order ${p.id} is paid`);
      // Paid once: one order_paid entry for a paid order (the idempotency key makes a second one
      // impossible; a missing one would be money taken and never booked), none for an unpaid one.
      assert.equal(r.entries, r.paid ? 1 : 0, `order ${p.id} (${p.kind}, ${r.status}) has ${r.entries} order_paid entries`);
    }
    // Every paid order in the database, not only ours: the demo's too.
    const [{ wrong }] = await q<{ wrong: number }>(`
      SELECT count(*)::int AS wrong FROM orders o
      WHERE (o.paid_at IS NOT NULL) <> EXISTS (SELECT 1 FROM journal_entries j WHERE j.idempotency_key = 'order-paid:' || o.id)`);
    assert.equal(wrong, 0, 'every paid order has its order_paid entry and no unpaid one has');

    // Pools: nothing created or lost, and what they say is sold or held is what the orders say.
    // Sold: every unit of an order that was paid, but those cancelled before shipment (they went
    // back to the pool). Units the brand was short of, or that came back after shipment, stay sold
    // — a paid order whose every unit was short is cancelled and still counts them.
    const [pools] = await q<{ initial: number; broken: number; sold_mismatch: number; held_mismatch: number }>(`
      WITH l AS (
        SELECT ol.event_sku_id,
               sum(ol.quantity - ol.qty_cancelled) FILTER (WHERE o.paid_at IS NOT NULL) AS sold,
               sum(ol.quantity) FILTER (WHERE o.status = 'pending_payment') AS held
        FROM order_lines ol JOIN orders o ON o.id = ol.order_id GROUP BY 1)
      SELECT sum(p.initial)::int AS initial,
             count(*) FILTER (WHERE p.available + p.held + p.sold <> p.initial)::int AS broken,
             count(*) FILTER (WHERE p.sold <> coalesce(l.sold, 0))::int AS sold_mismatch,
             count(*) FILTER (WHERE p.held <> coalesce(l.held, 0))::int AS held_mismatch
      FROM pools p LEFT JOIN l USING (event_sku_id)`);
    if (pools.sold_mismatch || pools.held_mismatch) {
      // Which pools, and the orders on them, for whoever reads a failure.
      const rows = await q<Record<string, unknown>>(`
        SELECT p.event_sku_id, p.initial, p.available, p.held, p.sold,
               (SELECT json_agg(json_build_object('order', o.id, 'status', o.status, 'qty', ol.quantity, 'cancelled', ol.qty_cancelled, 'short', ol.qty_short,
                  'kind', o.kind, 'campaign', o.campaign, 'paidAt', o.paid_at, 'holdExpiresAt', o.hold_expires_at, 'cancelReason', o.cancel_reason))
                FROM order_lines ol JOIN orders o ON o.id = ol.order_id WHERE ol.event_sku_id = p.event_sku_id) AS orders,
               (SELECT json_agg(json_build_object('kind', m.kind, 'qty', m.quantity, 'order', m.order_id, 'at', m.created_at) ORDER BY m.id)
                FROM stock_movements m WHERE m.event_sku_id = p.event_sku_id) AS movements
        FROM pools p WHERE p.sold <> (SELECT coalesce(sum(ol.quantity - ol.qty_cancelled), 0) FROM order_lines ol JOIN orders o ON o.id = ol.order_id
          WHERE ol.event_sku_id = p.event_sku_id AND o.paid_at IS NOT NULL) LIMIT 5`);
      assert.fail(`pools disagree with their orders: ${JSON.stringify(pools)} ${JSON.stringify(rows)}`);
    }
    assert.deepEqual(pools, { initial, broken: 0, sold_mismatch: 0, held_mismatch: 0 });

    const audit = await untilAnswered('GET', '/api/v1/ledger/audit', undefined, { authorization: `Bearer ${operatorToken}` });
    assert.equal(audit.status, 200);
    assert.deepEqual({ unbalancedEntries: audit.body.unbalancedEntries, total: audit.body.total, guardedMismatches: audit.body.guardedMismatches }, { unbalancedEntries: 0, total: 0, guardedMismatches: 0 });
  });

  await t.test('money the gateway took is applied: gateway money equals the ledger\'s provider cash to the fen', async () => {
    const now = await books();
    if (now.open.length || now.openTopups.length || now.gateway !== now.ledger) {
      // Say which payments are stranded: money the gateway took that the platform never applied.
      const stranded = await q<{ id: string; amount: number; merchant_ref: string; intent_status: string | null }>(`
        SELECT c.id, c.amount, c.merchant_ref, i.status AS intent_status FROM sandbox_charges c
        LEFT JOIN payment_intents i ON i.id = split_part(c.merchant_ref, '.', 1)
        WHERE c.status = 'succeeded' AND i.status IS DISTINCT FROM 'succeeded' LIMIT 20`)
        .catch((e: Error) => [{ id: `query failed: ${e.message}`, amount: 0, merchant_ref: '', intent_status: null }]);
      assert.fail(`gateway money ${now.gateway} fen ≠ ledger provider_cash ${now.ledger} fen (difference ${now.gateway - now.ledger}); `
        + `orders paid at the gateway but not applied: ${JSON.stringify(now.open)}; top-ups paid but not credited: ${JSON.stringify(now.openTopups)}; `
        + `charges taken whose payment is not succeeded (first 20): ${JSON.stringify(stranded)}`);
    }
  });

  // ---- signals: SIGTERM to the worker, Ctrl-C to npm start, SIGTERM to npm start ----
  await t.test('SIGTERM and Ctrl-C stop the API, the workers and the database with exit code 0', async () => {
    await admin?.end().catch(() => {});
    admin = undefined;
    // The worker is not the last user of the database: it leaves it running for the API.
    assert.deepEqual(await signal(worker, 'SIGTERM'), { code: 0, signal: null }, tail(worker));
    assert.ok(messages(worker).some((m) => /^embedded PostgreSQL left running: still used by pid/.test(m)), tail(worker));
    assert.ok(postmasterPid() && alive(postmasterPid()!));

    // Ctrl-C in a terminal: SIGINT to the foreground process group, npm and node alike.
    assert.deepEqual(await signal(app, 'SIGINT', true), { code: 0, signal: null }, tail(app));
    assert.ok(messages(app).some((m) => /^embedded PostgreSQL stopped/.test(m)), tail(app));
    // Nothing alarming on the way: no connection cut by the database's stop while it was still
    // hanging up, no tick cut short by its pool's end, no job queue error.
    const stopping = app.lines.map((s) => s.includes('"msg":"stopping"')).lastIndexOf(true);
    assert.ok(stopping >= 0, tail(app));
    const alarms = app.lines.slice(stopping).filter((s) => { try { return (JSON.parse(s) as { level?: number }).level! >= 40; } catch { return false; } });
    assert.deepEqual(alarms, [], tail(app));
    await waitFor('no process of ours left', () => processesOfOurs().filter((p) => !p.what.includes('pg-watchdog')).length === 0 || undefined, 15_000, () => JSON.stringify(processesOfOurs()));
    assert.equal(postmasterPid(), null, 'a clean shutdown removes postmaster.pid');
  });

  // ---- a process manager stops npm start; an orphan nobody reuses ----
  await t.test('SIGTERM to npm start stops the API with exit code 0; an orphaned PostgreSQL is stopped by the watchdog', async () => {
    // Both with a short grace, so the watchdog acts within the test.
    const short = { SELLTHROUGH_PG_ORPHAN_SECONDS: '2' };
    const npmStart = launch('npm start (SIGTERM)', { npm: 'start' }, { ...short, SELLTHROUGH_WORKERS: 'off' });
    const lastWorker = launch('worker (orphaned)', { cli: 'worker' }, short);
    await Promise.all([waitForLine(npmStart, UP), waitForLine(lastWorker, WORKER_UP)]);
    // SIGTERM to npm's own process only: npm passes it to node (the script execs node).
    assert.deepEqual(await signal(npmStart, 'SIGTERM'), { code: 0, signal: null }, tail(npmStart));
    assert.ok(messages(npmStart).some((m) => /^stopped$/.test(m)), tail(npmStart));
    await waitFor('the API process to be gone', () => processesOfOurs().filter((p) => p.what.includes('src/cli.ts start')).length === 0 || undefined, 15_000, () => JSON.stringify(processesOfOurs()));
    // The worker still used the server, so it runs on; now the worker dies and nothing restarts.
    const pm = postmasterPid()!;
    assert.ok(alive(pm), `the worker's server is still running\n${tail(npmStart)}`);
    await kill9(lastWorker);
    const watchdogLog = () => { try { return fs.readFileSync(path.join(dir, 'pg-watchdog.log'), 'utf8'); } catch { return ''; } };
    await waitFor('the watchdog to stop the orphan', () => !alive(pm) || undefined, 30_000, watchdogLog);
    assert.match(watchdogLog(), new RegExp(`stopping PostgreSQL pid ${pm}`));
    await waitFor('no process of ours left (watchdogs included)', () => processesOfOurs().length === 0 || undefined, 15_000, () => JSON.stringify(processesOfOurs()));
  });
});
