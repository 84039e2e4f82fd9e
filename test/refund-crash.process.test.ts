// A refund survives the process that asked for it being killed, and settles exactly once. The
// platform runs as a real child process (`sellthrough start`, workers on) on the test's database.
// A paid storefront order is cancelled over HTTP; the refund is recorded and sent to the sandbox
// gateway, which takes it — and the process is SIGKILLed before the gateway's answer (its refund
// reference) is written down. Started again on the same address, the platform's jobs send the
// refund again (the gateway is idempotent on our reference) and its notification or the sweep
// settles it: one refund row, one reversal in the ledger, the gateway's charge refunded by exactly
// the order's amount.
//
// The moment is made exact with row locks the test holds: the gateway's write waits on the
// charge's row until the refund is recorded, then the platform's write of the answer waits on the
// refund's row while the process is killed. A killed process's sessions die with it; one waiting
// on a lock would notice only once it got the lock, so the test ends it, as the lost connection would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import pg from 'pg';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, payOnGateway, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import { startApiProcess, type ApiProcess } from './support/processes.ts';
import { freePort } from '../src/platform/database.ts';

let tp: TestPlatform;
let shop: ResellerFixture;
let api: ApiProcess | undefined;
const clients: pg.Client[] = [];

before(async () => {
  tp = await testPlatform();
  shop = await reseller(tp, 0);
});
after(async () => {
  for (const c of clients) await c.end().catch(() => {});
  await api?.stop();
  await tp?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const q = async <T,>(s: string, p: unknown[] = []) => (await tp.database.pool.query(s, p)).rows as T[];

async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, ms = 150_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting (${ms} ms): ${what}\n${api?.output().slice(-4000) ?? ''}`);
    await sleep(100);
  }
}

async function session(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: tp.url });
  await c.connect();
  clients.push(c);
  return c;
}

/** Backends waiting on a lock the session `holder` holds, running a statement like `like`. */
async function waitingOn(holder: pg.Client, like: string): Promise<number[]> {
  const [{ pid }] = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
  return (await q<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)) AND query ILIKE $2`, [pid, like])).map((r) => r.pid);
}

test('a refund whose process is killed before the gateway’s answer is recorded settles exactly once after a restart', { timeout: 300_000 }, async () => {
  const brand = await brandWithLot(tp, { sizes: ['M'], qty: 20, base: '100.00' });
  const ev = await liveEvent(tp, brand, { skuIds: [brand.skuIds[0]], quantity: 10 });
  const placed = await tp.app.inject({
    method: 'POST', url: `/api/v1/storefront/${shop.shareCode}/orders`, headers: { 'content-type': 'application/json', 'idempotency-key': `crash-${crypto.randomUUID()}` },
    payload: JSON.stringify({ consumer: { name: '赵敏', phone: '13911112222', address: ADDRESS }, lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity: 2 }] }),
  });
  assert.equal(placed.statusCode, 201, placed.body);
  const order = JSON.parse(placed.body).order as { id: string; amountDue: number; payment: { payUrl: string } };
  await payOnGateway(tp, order.payment.payUrl);
  const [paid] = await q<{ status: string; charge: string }>(`SELECT o.status, c.provider_ref AS charge FROM orders o JOIN payment_intents i ON i.order_id = o.id JOIN payment_charges c ON c.intent_id = i.id AND c.status = 'succeeded' WHERE o.id = $1`, [order.id]);
  assert.equal(paid.status, 'paid');

  const port = await freePort();
  const env = { SELLTHROUGH_WORKERS: 'on', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'info' };
  api = await startApiProcess(tp.url, env);
  const login = await fetch(`${api.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: shop.phone, password: shop.password }) });
  const { token } = await login.json() as { token: string };

  // Hold the gateway's charge row: the refund is recorded, and its submission waits on the row.
  const gatewayLock = await session();
  await gatewayLock.query('BEGIN');
  await gatewayLock.query('SELECT 1 FROM sandbox_charges WHERE id = $1 FOR UPDATE', [paid.charge]);
  const cancelling = fetch(`${api.base}/api/v1/orders/${order.id}/cancel`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ reason: '顾客不要了' }),
  }).catch((e: unknown) => e);
  await until('the gateway’s refund waits on the charge row', async () => (await waitingOn(gatewayLock, '%sandbox_charges%')).length > 0);
  const [refund] = await q<{ id: string; status: string; provider_ref: string | null; amount: string }>('SELECT r.id, r.status, r.provider_ref, r.amount FROM refunds r JOIN payment_charges c ON c.id = r.charge_id JOIN payment_intents i ON i.id = c.intent_id WHERE i.order_id = $1', [order.id]);
  assert.ok(refund, 'the refund is recorded before the gateway is asked');
  assert.deepEqual([refund.status, refund.provider_ref, Number(refund.amount)], ['pending', null, order.amountDue]);

  // Hold the refund's row, then let the gateway take the refund: the platform's write of the
  // gateway's answer waits on our lock — and the process is killed there.
  const answerLock = await session();
  await answerLock.query('BEGIN');
  await answerLock.query('SELECT 1 FROM refunds WHERE id = $1 FOR UPDATE', [refund.id]);
  await gatewayLock.query('COMMIT');
  const blocked = await until('the gateway’s answer waits to be written', async () => {
    const pids = await waitingOn(answerLock, '%refunds%');
    return pids.length ? pids : null;
  });
  const [taken] = await q<{ n: number; amount: string }>('SELECT count(*)::int AS n, sum(amount) AS amount FROM sandbox_refunds WHERE merchant_ref = $1', [refund.id]);
  assert.deepEqual([taken.n, Number(taken.amount)], [1, order.amountDue], 'the gateway took the refund');
  await api.kill();
  for (const pid of blocked) await tp.database.pool.query('SELECT pg_terminate_backend($1)', [pid]);
  await answerLock.query('ROLLBACK');
  await cancelling;
  const [lost] = await q<{ provider_ref: string | null; status: string }>('SELECT provider_ref, status FROM refunds WHERE id = $1', [refund.id]);
  assert.deepEqual([lost.status, lost.provider_ref], ['pending', null], 'the platform never heard the gateway’s answer');

  // Started again on the same address: the refund is sent again and settles, once.
  api = await startApiProcess(tp.url, env);
  await until('the refund settles', async () => (await q<{ status: string }>('SELECT status FROM refunds WHERE id = $1', [refund.id]))[0].status !== 'pending');

  const refunds = await q<{ id: string; status: string; amount: string; provider_ref: string }>('SELECT r.id, r.status, r.amount, r.provider_ref FROM refunds r JOIN payment_charges c ON c.id = r.charge_id JOIN payment_intents i ON i.id = c.intent_id WHERE i.order_id = $1', [order.id]);
  assert.equal(refunds.length, 1, 'one refund row');
  assert.equal(refunds[0].status, 'succeeded');
  assert.equal(Number(refunds[0].amount), order.amountDue);
  const atGateway = await q<{ id: string; amount: string; status: string }>('SELECT id, amount, status FROM sandbox_refunds WHERE merchant_ref = $1', [refund.id]);
  assert.equal(atGateway.length, 1, 'the gateway refunded once');
  // Settled by the gateway's notification or by the job sending it again: its reference, if recorded, is the gateway's one refund.
  assert.ok(refunds[0].provider_ref === null || refunds[0].provider_ref === atGateway[0].id, refunds[0].provider_ref ?? '');
  const [charge] = await q<{ refunded: string; amount: string }>('SELECT refunded, amount FROM sandbox_charges WHERE id = $1', [paid.charge]);
  assert.equal(Number(charge.refunded), order.amountDue, 'the payment refunded by exactly the order’s amount');
  assert.equal(Number(charge.amount), order.amountDue);
  const reversals = await q<{ kind: string }>(`SELECT kind FROM journal_entries WHERE cause_type = 'order' AND cause_id = $1 AND kind = 'order_cancelled'`, [order.id]);
  assert.equal(reversals.length, 1, 'one reversal in the ledger');
  const [o] = await q<{ status: string }>('SELECT status FROM orders WHERE id = $1', [order.id]);
  assert.equal(o.status, 'cancelled');
  // The ledger still balances, and the refund left the books once: what is in flight is zero.
  const [{ unbalanced }] = await q<{ unbalanced: number }>('SELECT count(*)::int AS unbalanced FROM (SELECT entry_id FROM journal_lines GROUP BY entry_id HAVING sum(amount) <> 0) x');
  assert.equal(unbalanced, 0);
});
