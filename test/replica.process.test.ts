// A real streaming replica (DATABASE_REPLICA_URL): a primary of our own, a base backup taken with
// PostgreSQL's low-level backup API (pg_backup_start / pg_backup_stop; the embedded binaries ship
// no pg_basebackup) into a standby of the same binaries streaming from it over loopback through a
// replication slot. Storefront pages read from the replica — a paused replay shows the page as it
// was — while the buyer reads their own order from the primary at once (read-your-writes); /ready
// reports the lag; a replica too far behind is left for the primary until it catches up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { startOwnPostgres, type OwnPostgres } from './support/embedded.ts';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import { freePort, runMigrations } from '../src/platform/database.ts';
import { SERVER_FLAGS } from '../src/platform/embedded-postgres.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

const TEMPLATE = 'st_replica_tmpl';
const SLOT = 'st_test_replica';
const MAX_LAG_MS = 2500;

let primary: OwnPostgres;
let standby: ChildProcess | undefined;
let standbyDir: string;
let replicaAdminUrl: string;
let tp: TestPlatform;
let ev: SaleEventView;
let shop: ResellerFixture;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isRoot = () => process.getuid?.() === 0;

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return (await c.query<T>(sql)).rows; } finally { await c.end(); }
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

before(async () => {
  primary = await startOwnPostgres('sellthrough-primary-', TEMPLATE);
  const template = new URL(primary.adminUrl); template.pathname = `/${TEMPLATE}`;
  await runMigrations(template.toString());

  // The base backup: a slot keeps the WAL from here on for the standby; the files are copied
  // between pg_backup_start and pg_backup_stop in one session.
  const dataDir = path.join(primary.dir, 'pg');
  standbyDir = path.join(primary.dir, 'standby');
  const admin = new pg.Client({ connectionString: primary.adminUrl });
  await admin.connect();
  try {
    await admin.query(`SELECT pg_create_physical_replication_slot('${SLOT}', true)`);
    await admin.query(`SELECT pg_backup_start('sellthrough test replica', true)`);
    fs.cpSync(dataDir, standbyDir, {
      recursive: true,
      // what a base backup leaves out: the server's lock and options, its WAL (streamed instead), slots
      filter: (src) => {
        const rel = path.relative(dataDir, src);
        return !['postmaster.pid', 'postmaster.opts'].includes(rel) && !/^(pg_wal|pg_replslot)\/./.test(rel);
      },
    });
    const { rows: [stop] } = await admin.query<{ labelfile: string; spcmapfile: string }>('SELECT labelfile, spcmapfile FROM pg_backup_stop(true)');
    fs.writeFileSync(path.join(standbyDir, 'backup_label'), stop.labelfile);
    if (stop.spcmapfile) fs.writeFileSync(path.join(standbyDir, 'tablespace_map'), stop.spcmapfile);
  } finally { await admin.end(); }
  fs.mkdirSync(path.join(standbyDir, 'pg_wal', 'archive_status'), { recursive: true });
  fs.writeFileSync(path.join(standbyDir, 'standby.signal'), '');
  const p = new URL(primary.adminUrl);
  const conninfo = `host=127.0.0.1 port=${p.port} user=${decodeURIComponent(p.username)} password=${decodeURIComponent(p.password)} application_name=sellthrough_test`;
  fs.appendFileSync(path.join(standbyDir, 'postgresql.auto.conf'), `\nprimary_conninfo = '${conninfo}'\nprimary_slot_name = '${SLOT}'\nhot_standby = on\n`);
  fs.chmodSync(standbyDir, 0o700);
  let ids = {};
  if (isRoot()) {
    execFileSync('chown', ['-R', 'postgres:postgres', standbyDir]);
    ids = { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) };
  }
  const port = await freePort();
  const { postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  const log = fs.openSync(path.join(primary.dir, 'standby.log'), 'a');
  standby = spawn(postgres, ['-D', standbyDir, '-p', String(port), ...SERVER_FLAGS], { ...ids, stdio: ['ignore', log, log], env: { ...process.env, LC_MESSAGES: 'C' } });
  fs.closeSync(log);
  // However this process ends, the standby ends with it (its folder goes with the primary's).
  process.once('exit', () => { if (standby?.exitCode === null) standby.kill('SIGQUIT'); });
  const r = new URL(primary.adminUrl); r.port = String(port);
  replicaAdminUrl = r.toString();
  await until('the standby to accept connections in recovery', async () => (await query<{ r: boolean }>(replicaAdminUrl, 'SELECT pg_is_in_recovery() AS r'))[0].r, 60_000)
    .catch((e: Error) => { throw new Error(`${e.message}\n${fs.readFileSync(path.join(primary.dir, 'standby.log'), 'utf8').slice(-3000)}`); });

  tp = await testPlatform({ replicaMaxLagMs: MAX_LAG_MS }, { server: { adminUrl: primary.adminUrl, template: TEMPLATE }, replicaAdminUrl });
  ev = await liveEvent(tp, await brandWithLot(tp, { qty: 50 }), { quantity: 20 });
  shop = await reseller(tp);
});

after(async () => {
  await tp?.close();
  if (standby && standby.exitCode === null) {
    const gone = new Promise((r) => standby!.once('exit', r));
    standby.kill('SIGINT');
    await Promise.race([gone, sleep(15_000)]);
    if (standby.exitCode === null) standby.kill('SIGKILL');
  }
  await primary?.stop();
});

const ready = async () => (await tp.app.inject({ method: 'GET', url: '/ready' })).json() as { status: string; replica?: { serving: boolean; standby: boolean; lagBytes: number; lagMs: number; maxLagMs: number } };
const left = async () => {
  const res = await tp.app.inject({ method: 'GET', url: `/api/v1/storefront/${shop.shareCode}/sale-events/${ev.id}` });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { products: { skus: { eventSkuId: string; available: number }[] }[] }).products.flatMap((p) => p.skus).find((s) => s.eventSkuId === ev.skus[0].eventSkuId)!.available;
};
const onReplica = (sql: string) => { const u = new URL(replicaAdminUrl); u.pathname = new URL(tp.url).pathname; return query(u.toString(), sql); };

test('/ready reports the replica: a standby, caught up, serving reads', async () => {
  const r = await until('the replica to serve', async () => { const s = await ready(); return s.replica?.serving && s.replica.lagBytes === 0 ? s : undefined; });
  assert.equal(r.status, 'ready');
  assert.deepEqual({ serving: r.replica!.serving, standby: r.replica!.standby, lagMs: r.replica!.lagMs, maxLagMs: r.replica!.maxLagMs }, { serving: true, standby: true, lagMs: 0, maxLagMs: MAX_LAG_MS });
  // The reads it serves are planned as on the primary: the standby runs with the embedded server's settings.
  const costs = await Promise.all([query<{ c: string }>(primary.adminUrl, 'SELECT current_setting(\'random_page_cost\') AS c'), onReplica('SELECT current_setting(\'random_page_cost\') AS c') as Promise<{ c: string }[]>]);
  assert.deepEqual(costs.map(([x]) => x.c), ['1.1', '1.1']);
  // Both compare text as the embedded server's initdb set it up: PostgreSQL's own C.UTF-8, by code point, cased by Unicode.
  const locale = 'SELECT d.datlocprovider AS provider, d.datlocale AS locale, (SELECT array_agg(x ORDER BY x) FROM unnest(ARRAY[\'b\', \'张\', \'B\', \'a\', \'Z\']) x)::text AS sorted, \'ÉCOLE\' ILIKE \'école\' AS folds FROM pg_database d WHERE d.datname = current_database()';
  const locales = await Promise.all([query(tp.url, locale), onReplica(locale)]);
  for (const [l] of locales) assert.deepEqual(l, { provider: 'b', locale: 'C.UTF-8', sorted: '{B,Z,a,b,张}', folds: true });
});

test('storefront pages read the replica; the buyer reads their own order from the primary at once; a replica too far behind is left until it catches up', async () => {
  await until('the replica to have the event', async () => (await ready()).replica?.lagBytes === 0 || undefined);
  const before = await left();
  assert.equal(before, 20);
  // Replay stops on the standby: it keeps answering, with the data as it was.
  await onReplica('SELECT pg_wal_replay_pause()');
  try {
    const res = await tp.app.inject({
      method: 'POST', url: `/api/v1/storefront/${shop.shareCode}/orders`, headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      payload: JSON.stringify({ consumer: { name: '周女士', phone: '13912340001', address: ADDRESS }, lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity: 2 }] }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const { order, lookupToken } = res.json() as { order: { id: string }; lookupToken: string };
    // The buyer's own order: from the primary, whatever the replica has replayed.
    const mine = await tp.app.inject({ method: 'GET', url: `/api/v1/storefront/orders/${order.id}?token=${lookupToken}` });
    assert.equal(mine.statusCode, 200, mine.body);
    assert.equal((mine.json() as { id: string }).id, order.id);
    // The page: from the replica, which has not replayed the order.
    assert.equal(await left(), before, 'the storefront page is read from the replica (replay paused: the hold is not there yet)');
    const behind = await ready();
    assert.ok(behind.replica!.lagBytes > 0, `the replica reports bytes behind: ${JSON.stringify(behind.replica)}`);
    // Behind for longer than REPLICA_MAX_LAG_MS: reads go to the primary, which has the hold.
    const left2 = await until('reads to leave the lagging replica', async () => { const s = await ready(); return !s.replica!.serving ? s : undefined; }, MAX_LAG_MS + 10_000);
    assert.ok(left2.replica!.lagMs > MAX_LAG_MS, JSON.stringify(left2.replica));
    assert.equal(await left(), before - 2, 'the page read from the primary shows the hold');
  } finally {
    await onReplica('SELECT pg_wal_replay_resume()');
  }
  // Caught up: read from the replica again, which now has the hold too.
  const back = await until('the replica to catch up and serve again', async () => { const s = await ready(); return s.replica?.serving && s.replica.lagBytes === 0 ? s : undefined; });
  assert.equal(back.replica!.lagMs, 0);
  assert.equal(await left(), before - 2);
});
