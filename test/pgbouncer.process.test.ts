// The platform behind PgBouncer in transaction mode (Debian's pgbouncer): every statement outside a
// transaction may run on another server connection, so nothing may rely on session state. The
// app's pool goes through a PgBouncer started here; concurrent orders on a small stock, payment,
// the ledger, idempotent replays and a flash grab behave as they do direct. Skipped where
// pgbouncer is not installed (CI installs it). Migrations take a session lock and run direct, as
// docs/scaling.md says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { testPlatform, testServerAdminUrl, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, payOnGateway, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import { freePort } from '../src/platform/database.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';
import { auditLedger } from '../src/modules/ledger/index.ts';

function which(bin: string): string | null {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/sbin', ...(process.env.PATH ?? '').split(':')]) {
    const f = path.join(dir, bin);
    if (fs.existsSync(f)) return f;
  }
  return null;
}
const PGBOUNCER = which('pgbouncer');
const skip = PGBOUNCER ? false : 'pgbouncer is not installed here (apt-get install pgbouncer)';

let bouncer: ChildProcess | undefined;
let dir: string;
let port: number;
let tp: TestPlatform;
let ev: SaleEventView;
let shop: ResellerFixture;
let bouncerLog = '';

before(async () => {
  if (!PGBOUNCER) return;
  const admin = new URL(await testServerAdminUrl());
  port = await freePort();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'st-pgbouncer-'));
  fs.chmodSync(dir, 0o755);
  const server = `host=${admin.hostname} port=${admin.port} user=${decodeURIComponent(admin.username)}${admin.password ? ` password=${decodeURIComponent(admin.password)}` : ''}`;
  const ini = path.join(dir, 'pgbouncer.ini');
  fs.writeFileSync(ini, [
    '[databases]', `* = ${server}`, '',
    '[pgbouncer]', 'listen_addr = 127.0.0.1', `listen_port = ${port}`, 'unix_socket_dir =',
    'auth_type = trust', `auth_file = ${path.join(dir, 'users.txt')}`,
    'pool_mode = transaction', 'max_client_conn = 1000', 'default_pool_size = 20', 'ignore_startup_parameters = extra_float_digits,options',
    `logfile = ${path.join(dir, 'pgbouncer.log')}`, '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'users.txt'), `"${decodeURIComponent(admin.username)}" ""\n`);
  for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o644);
  // PgBouncer refuses to run as root: it runs as postgres then.
  const asUser = process.getuid?.() === 0 ? ['-u', 'postgres'] : [];
  if (asUser.length) execFileSync('chown', ['postgres', dir]);
  bouncer = spawn(PGBOUNCER, [...asUser, ini], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const s of [bouncer.stdout!, bouncer.stderr!]) s.on('data', (d: Buffer) => { bouncerLog += d.toString(); });
  process.once('exit', () => { if (bouncer?.exitCode === null) bouncer.kill('SIGKILL'); });
  // Ready when it answers a query through itself.
  const url = new URL(admin); url.hostname = '127.0.0.1'; url.port = String(port);
  for (let i = 0; ; i++) {
    const c = new pg.Client({ connectionString: url.toString() });
    try { await c.connect(); await c.query('SELECT 1'); await c.end(); break; } catch (e) {
      await c.end().catch(() => {});
      if (i > 100 || bouncer.exitCode !== null) throw new Error(`pgbouncer did not start: ${(e as Error).message}\n${bouncerLog}${fs.existsSync(path.join(dir, 'pgbouncer.log')) ? fs.readFileSync(path.join(dir, 'pgbouncer.log'), 'utf8').slice(-2000) : ''}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // PgBouncer before 1.21 keeps no named prepared statements in transaction mode (Debian's is 1.18).
  tp = await testPlatform({ poolSize: 30, preparedStatements: false }, { poolVia: { host: '127.0.0.1', port } });
  ev = await liveEvent(tp, await brandWithLot(tp, { qty: 50 }), { quantity: 10 });
  shop = await reseller(tp);
});

after(async () => {
  await tp?.close();
  if (bouncer && bouncer.exitCode === null) {
    const gone = new Promise((r) => bouncer!.once('exit', r));
    bouncer.kill('SIGINT');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
    if (bouncer.exitCode === null) bouncer.kill('SIGKILL');
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const order = (phone: string, quantity: number, opts: { key?: string; sku?: number } = {}) => tp.app.inject({
  method: 'POST', url: `/api/v1/storefront/${shop.shareCode}/orders`, headers: { 'content-type': 'application/json', 'idempotency-key': opts.key ?? crypto.randomUUID() },
  payload: JSON.stringify({ consumer: { name: '周女士', phone, address: ADDRESS }, lines: [{ eventSkuId: ev.skus[opts.sku ?? 0].eventSkuId, quantity }] }),
});

test('the app’s connections go through PgBouncer in transaction mode', { skip }, async () => {
  const opts = (tp.database.pool as unknown as { options: { connectionString: string } }).options;
  assert.equal(new URL(opts.connectionString).port, String(port), 'the pool’s address is PgBouncer’s');
});

test('40 concurrent orders for 10 units through PgBouncer: exactly 10 held, none oversold; paid, the ledger balances', { skip }, async () => {
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => order(`1390000${String(1000 + i)}`, 1)));
  const placed = answers.filter((a) => a.statusCode === 201);
  const refused = answers.filter((a) => a.statusCode !== 201);
  assert.equal(placed.length, 10, answers.map((a) => `${a.statusCode} ${a.body.slice(0, 120)}`).join('\n'));
  for (const a of refused) assert.equal(a.statusCode, 409, a.body);
  const { rows: [pool] } = await tp.database.pool.query<{ available: number; held: number }>('SELECT available, held FROM pools WHERE event_sku_id = $1', [ev.skus[0].eventSkuId]);
  assert.deepEqual({ available: Number(pool.available), held: Number(pool.held) }, { available: 0, held: 10 });
  // Pay three of them at the gateway; the notifications come back into the app through PgBouncer.
  for (const a of placed.slice(0, 3)) await payOnGateway(tp, (a.json() as { order: { payment: { payUrl: string } } }).order.payment.payUrl);
  await tp.deliver();
  const { rows: [after3] } = await tp.database.pool.query<{ sold: number; held: number }>('SELECT sold, held FROM pools WHERE event_sku_id = $1', [ev.skus[0].eventSkuId]);
  assert.deepEqual({ sold: Number(after3.sold), held: Number(after3.held) }, { sold: 3, held: 7 });
  const audit = await auditLedger(tp.ctx());
  assert.deepEqual({ unbalanced: audit.unbalancedEntries, total: audit.total, guardedMismatches: audit.guardedMismatches }, { unbalanced: 0, total: 0, guardedMismatches: 0 });
  assert.ok(audit.entries >= 3, 'the payments are in the ledger');
});

test('an idempotent replay through PgBouncer answers with the same order and holds nothing more', { skip }, async () => {
  const key = crypto.randomUUID();
  const first = await order('13900002001', 2, { key, sku: 1 });
  assert.equal(first.statusCode, 201, first.body);
  const again = await order('13900002001', 2, { key, sku: 1 });
  assert.equal(again.statusCode, 201, again.body);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.equal((again.json() as { order: { id: string } }).order.id, (first.json() as { order: { id: string } }).order.id);
  const { rows: [sku] } = await tp.database.pool.query<{ held: number }>('SELECT held FROM pools WHERE event_sku_id = $1', [ev.skus[1].eventSkuId]);
  assert.equal(Number(sku.held), 2, 'held once');
});
