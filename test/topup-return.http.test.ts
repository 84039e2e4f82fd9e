// A wallet top-up leaves for the gateway's page and comes back to the reseller app: the way back
// is a path of our own app, never another site, and the page prints the amount as every screen does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { call, login } from './support/http.ts';
import { reseller } from './support/fixtures.ts';

let tp: TestPlatform;
let token: string;
before(async () => {
  tp = await testPlatform();
  const r = await reseller(tp);
  token = await login(tp, r.phone, r.password);
});
after(async () => { await tp.close(); });

const topup = (body: unknown, key: string) => call(tp, 'POST', '/api/v1/reseller/wallet/topups', { token, body, headers: { 'idempotency-key': key, 'accept-language': 'zh-CN' } });
const count = async () => Number((await tp.database.pool.query<{ n: string }>('SELECT count(*) AS n FROM wallet_topups')).rows[0].n);

test('paying a top-up on the gateway page returns to the reseller app, which then sees the new balance', async () => {
  const t = await topup({ amount: 100_000, returnTo: '/reseller/me?topup=return' }, 'return-ok-0001');
  assert.equal(t.status, 201, JSON.stringify(t.body));
  const chargeId = t.body.payment.payUrl.split('/').pop();
  const page = await tp.app.inject({ method: 'GET', url: `/sandbox/pay/${chargeId}` });
  assert.match(page.body, /data-testid="amount">¥1,000\.00</, 'two decimals and a thousands separator, as the apps print money');
  const paid = await tp.app.inject({ method: 'POST', url: `/sandbox/pay/${chargeId}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'outcome=succeed' });
  assert.equal(paid.statusCode, 303);
  assert.equal(paid.headers.location, `${tp.config.publicUrl}/reseller/me?topup=return`);
  // the finished page keeps a way back too (a reseller who reopens the link)
  const after = await tp.app.inject({ method: 'GET', url: `/sandbox/pay/${chargeId}` });
  assert.match(after.body, new RegExp(`href="${tp.config.publicUrl}/reseller/me\\?topup=return" data-testid="return"`));
  await tp.deliver();
  const settled = await call(tp, 'GET', `/api/v1/reseller/wallet/topups/${t.body.id}`, { token });
  assert.equal(settled.body.status, 'succeeded');
  assert.equal((await call(tp, 'GET', '/api/v1/reseller/me', { token })).body.wallet, 100_000);
});

test('a return address outside the reseller app is refused with the field named, and no top-up is opened', async () => {
  const before = await count();
  for (const [i, returnTo] of ['https://evil.example/reseller/me', '//evil.example/reseller', '/reseller/../console', '/console/orders', 'javascript:alert(1)', '/reseller/me#x', `/reseller/${'a'.repeat(200)}`].entries()) {
    const r = await topup({ amount: 10_000, returnTo }, `return-bad-${i}-0001`);
    assert.equal(r.status, 400, `${returnTo}: ${JSON.stringify(r.body)}`);
    assert.equal(r.headers['content-type']?.toString().split(';')[0], 'application/problem+json');
    assert.equal(r.body.code, 'validation_failed');
    assert.ok(r.body.errors.some((e: { path: string }) => e.path === 'body.returnTo'), JSON.stringify(r.body.errors));
  }
  assert.equal(await count(), before, 'nothing opened');
});

test('a top-up without a return address still works and the finished page has no link back', async () => {
  const t = await topup({ amount: 500 }, 'return-none-0001');
  assert.equal(t.status, 201);
  const chargeId = t.body.payment.payUrl.split('/').pop();
  const paid = await tp.app.inject({ method: 'POST', url: `/sandbox/pay/${chargeId}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'outcome=succeed' });
  assert.equal(paid.headers.location, `/sandbox/pay/${chargeId}`);
  const page = await tp.app.inject({ method: 'GET', url: `/sandbox/pay/${chargeId}` });
  assert.match(page.body, /¥5\.00/);
  assert.doesNotMatch(page.body, /data-testid="return"/);
});
