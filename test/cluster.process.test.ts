// `sellthrough start --processes 2` on a real PostgreSQL: requests over fresh connections are
// spread over both API processes (the log names each answer's process), and what the database
// guards holds across them — a small stock is never oversold, a flash item's per-buyer limit and
// quantity hold with two flash desks, one idempotency key makes one order whichever process
// answers, the unpaid-orders cap per phone counts orders taken by both. Ctrl-C to the group
// stops everything with exit code 0.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, type ChildProcess } from 'node:child_process';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import { createFlashItem } from '../src/modules/flash-sales/index.ts';
import { freePort } from '../src/platform/database.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PER_PHONE = 3;

let tp: TestPlatform;
let ev: SaleEventView;
let shop: ResellerFixture;
let app: ChildProcess | undefined;
let port: number;
const lines: string[] = [];
let exited: Promise<{ code: number | null; signal: string | null }>;

before(async () => {
  tp = await testPlatform({ poolSize: 10 });
  ev = await liveEvent(tp, await brandWithLot(tp, { qty: 60 }), { quantity: 10 });
  shop = await reseller(tp);
  port = await freePort();
  app = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--processes', '2'], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, DATABASE_URL: tp.url, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'info', LOG_FORMAT: 'json', NO_COLOR: '1', SEED_DEMO: 'off', SELLTHROUGH_WORKERS: 'off', RATE_LIMITS: 'off', DATABASE_POOL_SIZE: '8',
      UNPAID_ORDERS_PER_PHONE: String(PER_PHONE), UNPAID_ORDERS_PER_ADDRESS: '0', UNPAID_ORDERS_PER_LINK: '0', UNPAID_UNITS_PER_PHONE: '0', UNPAID_UNITS_PER_PHONE_SKU: '0',
    },
  });
  exited = new Promise((resolve) => app!.once('close', (code, signal) => resolve({ code, signal })));
  for (const s of [app.stdout!, app.stderr!]) {
    let rest = '';
    s.on('data', (d: Buffer) => { const parts = (rest + d.toString()).split('\n'); rest = parts.pop() ?? ''; lines.push(...parts); });
  }
  const deadline = Date.now() + 90_000;
  while (!lines.some((l) => l.includes('API processes listening'))) {
    if (app.exitCode !== null || Date.now() > deadline) throw new Error(`the cluster did not start:\n${lines.slice(-30).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

after(async () => {
  if (app && app.exitCode === null) { try { process.kill(-app.pid!, 'SIGKILL'); } catch { /* gone */ } }
  await tp?.close();
});

/** One request on a connection of its own, as many phones are: the cluster hands each to the next process. */
function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port, path: url, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'idempotency-key': crypto.randomUUID(), connection: 'close', ...headers } }, (res) => {
      let data = '';
      res.on('data', (c) => { data += c; });
      res.on('end', () => { try { resolve({ status: res.statusCode!, body: data ? JSON.parse(data) : null }); } catch (e) { reject(e); } });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const order = (phone: string, quantity: number, headers: Record<string, string> = {}, sku = 0) => post(`/api/v1/storefront/${shop.shareCode}/orders`,
  { consumer: { name: '周女士', phone, address: ADDRESS }, lines: [{ eventSkuId: ev.skus[sku].eventSkuId, quantity }] }, headers);

/** The processes that answered requests, from their log lines. */
const answeredBy = () => new Set(lines.flatMap((l) => { try { const j = JSON.parse(l) as { msg?: string; pid?: number }; return j.msg === 'request completed' ? [j.pid] : []; } catch { return []; } }));

test('60 orders for 10 units over both processes: exactly 10 placed, none oversold; both processes answered', async () => {
  const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => order(`1370000${String(1000 + i)}`, 1)));
  const placed = answers.filter((a) => a.status === 201);
  assert.equal(placed.length, 10, answers.map((a) => `${a.status} ${JSON.stringify(a.body).slice(0, 100)}`).join('\n'));
  for (const a of answers) if (a.status !== 201) assert.equal(a.status, 409, JSON.stringify(a.body));
  const { rows: [p] } = await tp.database.pool.query<{ available: number; held: number }>('SELECT available, held FROM pools WHERE event_sku_id = $1', [ev.skus[0].eventSkuId]);
  assert.deepEqual({ available: Number(p.available), held: Number(p.held) }, { available: 0, held: 10 });
  assert.ok(answeredBy().size >= 2, `both API processes answered: ${[...answeredBy()].join(', ')}`);
});

test('one idempotency key sent to both processes at once makes one order', async () => {
  const key = crypto.randomUUID();
  const answers = await Promise.all(Array.from({ length: 12 }, () => order('13700002001', 1, { 'idempotency-key': key }, 1)));
  const ok = answers.filter((a) => a.status === 201);
  assert.ok(ok.length >= 1, answers.map((a) => `${a.status} ${JSON.stringify(a.body).slice(0, 100)}`).join('\n'));
  // A duplicate arriving while the first is still being placed is told so (409), never given a second order.
  for (const a of answers) if (a.status !== 201) assert.equal(a.status, 409, JSON.stringify(a.body));
  assert.equal(new Set(ok.map((a) => a.body.order.id)).size, 1);
  const { rows: [n] } = await tp.database.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM orders WHERE consumer_phone = '13700002001'");
  assert.equal(n.n, 1);
});

test(`a phone may hold ${PER_PHONE} unpaid orders: 10 at once over both processes place exactly ${PER_PHONE}`, async () => {
  const answers = await Promise.all(Array.from({ length: 10 }, () => order('13700003001', 1, {}, 2)));
  const placed = answers.filter((a) => a.status === 201);
  assert.equal(placed.length, PER_PHONE, answers.map((a) => `${a.status} ${JSON.stringify(a.body).slice(0, 120)}`).join('\n'));
  for (const a of answers) if (a.status !== 201) assert.ok([409, 429].includes(a.status), JSON.stringify(a.body));
});

test('a flash item of 8 with one per buyer: 40 grabs by 20 buyers over two flash desks claim 8, nobody twice', async () => {
  const brand = await brandWithLot(tp, { qty: 8, sizes: ['M'], base: '100.00', tag: '399.00' });
  const fev = await liveEvent(tp, brand, { skuIds: [brand.skuIds[0]], quantity: 8 });
  const item = await createFlashItem(tp.ctx(), {
    saleEventId: fev.id, eventSkuId: fev.skus[0].eventSkuId, price: 12_900, quantity: 8, perBuyerLimit: 1, perResellerLimit: 100, startsAt: new Date(Date.now() - 1000),
  });
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => post(`/api/v1/storefront/${shop.shareCode}/flash-items/${item.id}/orders`,
    { consumer: { name: '抢购者', phone: `1370004${String(1000 + (i % 20))}`, address: ADDRESS }, quantity: 1 })));
  const won = answers.filter((a) => a.status === 201 || a.status === 200);
  assert.equal(won.length, 8, answers.map((a) => `${a.status} ${JSON.stringify(a.body).slice(0, 100)}`).join('\n'));
  const { rows } = await tp.database.pool.query<{ phone: string; n: number }>(`
    SELECT o.consumer_phone AS phone, sum(l.quantity)::int AS n FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE l.event_sku_id = $1 GROUP BY 1`, [fev.skus[0].eventSkuId]);
  assert.equal(rows.reduce((s, r) => s + r.n, 0), 8);
  assert.ok(rows.every((r) => r.n === 1), JSON.stringify(rows));
  const { rows: [p] } = await tp.database.pool.query<{ available: number; held: number; sold: number }>('SELECT available, held, sold FROM pools WHERE event_sku_id = $1', [fev.skus[0].eventSkuId]);
  assert.equal(Number(p.available) + Number(p.held) + Number(p.sold), 8);
  assert.equal(Number(p.available), 0);
});

test('Ctrl-C to the group stops every process with exit code 0', async () => {
  process.kill(-app!.pid!, 'SIGINT');
  const r = await Promise.race([exited, new Promise<{ code: null; signal: 'timeout' }>((res) => setTimeout(() => res({ code: null, signal: 'timeout' }), 40_000))]);
  assert.deepEqual(r, { code: 0, signal: null }, lines.slice(-20).join('\n'));
  assert.ok(lines.some((l) => l.includes('"stopping: api processes done"')), lines.slice(-20).join('\n'));
});
