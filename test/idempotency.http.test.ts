// Retried requests take effect once: the same Idempotency-Key gives the same order, the same
// payment and the same response; a different body under a used key is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, CONSUMER, type ResellerFixture } from './support/fixtures.ts';
import { login } from './support/http.ts';

let tp: TestPlatform;
let r: ResellerFixture;
let token: string;
let esk: string[];
before(async () => {
  tp = await testPlatform();
  const brand = await brandWithLot(tp);
  const ev = await liveEvent(tp, brand, { quantity: 50 });
  esk = ev.skus.map((s) => s.eventSkuId);
  r = await reseller(tp, 1_000_000);
  token = await login(tp, r.phone, r.password);
});
after(async () => { await tp.close(); });

async function count(table: string): Promise<number> {
  return (await tp.database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
}

test('the same key 40 times (20 at once) makes one storefront order, one payment and identical responses', async () => {
  const send = () => tp.app.inject({
    method: 'POST', url: `/api/v1/storefront/${r.shareCode}/orders`, headers: { 'idempotency-key': 'sf-key-000001', 'content-type': 'application/json' },
    payload: JSON.stringify({ consumer: CONSUMER, lines: [{ eventSkuId: esk[0], quantity: 2 }] }),
  });
  const concurrent = await Promise.all(Array.from({ length: 20 }, send));
  const sequential = [];
  for (let i = 0; i < 20; i++) sequential.push(await send());
  const all = [...concurrent, ...sequential];
  for (const res of all) assert.equal(res.statusCode, 201, res.body);
  const bodies = new Set(all.map((x) => x.body));
  assert.equal(bodies.size, 1, `every response is the same; got:\n${[...bodies].join('\n')}`);
  assert.equal(all.filter((x) => x.headers['idempotent-replayed'] === 'false').length, 1, 'exactly one did the work');
  assert.equal(await count('orders'), 1);
  assert.equal(await count('payment_intents WHERE order_id IS NOT NULL'), 1);
  assert.equal(await count('sandbox_charges WHERE merchant_ref LIKE \'pay_%\' AND amount = ' + JSON.parse(all[0].body).order.amountDue), 1);
  const pool = (await tp.database.pool.query('SELECT held FROM pools WHERE event_sku_id = $1', [esk[0]])).rows[0];
  assert.equal(pool.held, 2, 'stock held once');
});

test('the same key 40 times (20 at once) makes one reseller order and debits the wallet once', async () => {
  const before = await tp.database.pool.query(`SELECT balance FROM guarded_balances WHERE party_id = $1`, [r.resellerId]);
  const send = () => tp.app.inject({
    method: 'POST', url: '/api/v1/reseller/orders', headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'rs-key-000001', 'content-type': 'application/json' },
    payload: JSON.stringify({ consumer: CONSUMER, lines: [{ eventSkuId: esk[1], quantity: 1 }], payWith: 'wallet' }),
  });
  const all = [...(await Promise.all(Array.from({ length: 20 }, send)))];
  for (let i = 0; i < 20; i++) all.push(await send());
  assert.equal(new Set(all.map((x) => `${x.statusCode} ${x.body}`)).size, 1);
  assert.equal(all[0].statusCode, 201);
  const after = await tp.database.pool.query(`SELECT balance FROM guarded_balances WHERE party_id = $1`, [r.resellerId]);
  assert.equal(before.rows[0].balance - after.rows[0].balance, 19900);
  assert.equal(await count(`journal_entries WHERE kind = 'order_paid'`), 1);
});

test('a used key with a different body is refused and changes nothing', async () => {
  const ordersBefore = await count('orders');
  const res = await tp.app.inject({
    method: 'POST', url: '/api/v1/reseller/orders', headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'rs-key-000001', 'content-type': 'application/json' },
    payload: JSON.stringify({ consumer: CONSUMER, lines: [{ eventSkuId: esk[1], quantity: 3 }], payWith: 'wallet' }),
  });
  assert.equal(res.statusCode, 422);
  assert.equal(JSON.parse(res.body).code, 'idempotency_key_reused');
  assert.equal(await count('orders'), ordersBefore);
});

test('an order without an Idempotency-Key is refused', async () => {
  const res = await tp.app.inject({
    method: 'POST', url: '/api/v1/reseller/orders', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ consumer: CONSUMER, lines: [{ eventSkuId: esk[1], quantity: 1 }] }),
  });
  assert.equal(res.statusCode, 400);
  assert.equal(JSON.parse(res.body).code, 'validation_failed');
  assert.ok(JSON.parse(res.body).errors.some((e: { path: string }) => e.path.includes('idempotency-key')));
});

test('wallet top-ups are idempotent: one top-up, one charge per key', async () => {
  const send = () => tp.app.inject({ method: 'POST', url: '/api/v1/reseller/wallet/topups', headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'top-key-000001', 'content-type': 'application/json' }, payload: JSON.stringify({ amount: 50_000 }) });
  const all = await Promise.all(Array.from({ length: 10 }, send));
  assert.equal(new Set(all.map((x) => x.body)).size, 1);
  assert.equal(await count(`wallet_topups WHERE idempotency_key = 'top-key-000001'`), 1);
  const other = await tp.app.inject({ method: 'POST', url: '/api/v1/reseller/wallet/topups', headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'top-key-000001', 'content-type': 'application/json' }, payload: JSON.stringify({ amount: 60_000 }) });
  assert.equal(other.statusCode, 422);
});
