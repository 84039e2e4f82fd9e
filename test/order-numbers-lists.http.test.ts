// Order numbers (订单号) where unpaid holds and refunds are listed, over HTTP on a real PostgreSQL:
// a reseller's held orders, the answer to a release and the release record name each order by its
// number; the operator's refund list shows it and finds a refund by it, never another order's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, ADDRESS, payOnGateway, type ResellerFixture } from './support/fixtures.ts';
import { call, login } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { cancelOrderFlow } from '../src/flows/cancellation.flow.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

let tp: TestPlatform;
let shop: ResellerFixture;
let ev: SaleEventView;
const tokens = {} as Record<'operator' | 'shop', string>;

const numberOf = async (orderId: string) => (await tp.database.pool.query<{ order_no: string }>('SELECT order_no FROM orders WHERE id = $1', [orderId])).rows[0].order_no;
async function buy(phone: string, quantity = 1) {
  const r = await call(tp, 'POST', `/api/v1/storefront/${shop.shareCode}/orders`, {
    headers: { 'idempotency-key': `lists-${phone}-${Math.random().toString(36).slice(2)}` },
    body: { consumer: { name: '顾客', phone, address: ADDRESS }, lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity }] },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.order as { id: string; orderNo: string; payment: { payUrl: string } };
}

before(async () => {
  tp = await testPlatform();
  const op = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone: op, name: 'operator', password: 'operator-password' });
  tokens.operator = await login(tp, op, 'operator-password');
  shop = await reseller(tp);
  tokens.shop = await login(tp, shop.phone, shop.password);
  ev = await liveEvent(tp, await brandWithLot(tp), { quantity: 30 });
});
after(async () => { await tp?.close(); });

test('held orders, releases and the release record name each order by its number', async () => {
  const phone = uniquePhone();
  const a = await buy(phone), b = await buy(phone, 2);
  const mine = await call(tp, 'GET', '/api/v1/reseller/holds', { token: tokens.shop });
  assert.equal(mine.status, 200, JSON.stringify(mine.body));
  const held = new Map((mine.body.orders as { id: string; orderNo: string }[]).map((o) => [o.id, o.orderNo]));
  assert.equal(held.get(a.id), await numberOf(a.id));
  assert.equal(held.get(b.id), await numberOf(b.id));
  assert.notEqual(held.get(a.id), held.get(b.id));

  // One order released by the reseller: the answer and the operator's record show its number.
  const one = await call(tp, 'POST', '/api/v1/holds/release', { token: tokens.shop, body: { orderId: a.id, reason: '顾客说不要了' } });
  assert.equal(one.status, 200, JSON.stringify(one.body));
  assert.deepEqual(one.body.released, [{ orderId: a.id, orderNo: a.orderNo, units: 1 }]);
  // The rest of the phone's holds, released by the operator.
  const rest = await call(tp, 'POST', '/api/v1/holds/release', { token: tokens.operator, body: { by: 'phone', key: phone, reason: '恶意占库存' } });
  assert.equal(rest.status, 200, JSON.stringify(rest.body));
  assert.deepEqual(rest.body.released, [{ orderId: b.id, orderNo: b.orderNo, units: 2 }]);

  const log = await call(tp, 'GET', '/api/v1/holds/releases', { token: tokens.operator });
  assert.equal(log.status, 200, JSON.stringify(log.body));
  const byOrder = log.body.items.find((x: { batchId: string }) => x.batchId === one.body.batchId);
  assert.deepEqual([byOrder.scope, byOrder.subject, byOrder.orderNo], ['order', a.id, a.orderNo]);
  const byPhone = log.body.items.find((x: { batchId: string }) => x.batchId === rest.body.batchId);
  assert.deepEqual([byPhone.scope, byPhone.subject, byPhone.orderNo], ['phone', phone, null], 'a holder’s release names the holder, not one order');
});

test('the refund list shows each refund’s order number and finds refunds by it; no other order’s', async () => {
  const refunded: { id: string; orderNo: string }[] = [];
  for (let i = 0; i < 2; i++) {
    const o = await buy(uniquePhone());
    await payOnGateway(tp, o.payment.payUrl);
    await cancelOrderFlow(tp.ctx(), o.id, '顾客取消');
    await tp.deliver();
    refunded.push({ id: o.id, orderNo: o.orderNo });
  }
  const all = await call(tp, 'GET', '/api/v1/refunds?limit=50', { token: tokens.operator });
  assert.equal(all.status, 200, JSON.stringify(all.body));
  for (const o of refunded) {
    const r = all.body.items.find((x: { orderId: string }) => x.orderId === o.id);
    assert.equal(r.orderNo, o.orderNo);
  }
  const found = await call(tp, 'GET', `/api/v1/refunds?q=${refunded[1].orderNo}`, { token: tokens.operator });
  assert.equal(found.status, 200);
  assert.deepEqual(found.body.items.map((x: { orderId: string; orderNo: string; status: string }) => [x.orderId, x.orderNo, x.status]), [[refunded[1].id, refunded[1].orderNo, 'succeeded']]);
  const byId = await call(tp, 'GET', `/api/v1/refunds?q=${refunded[0].id}`, { token: tokens.operator });
  assert.deepEqual(byId.body.items.map((x: { orderNo: string }) => x.orderNo), [refunded[0].orderNo]);
  const none = await call(tp, 'GET', `/api/v1/refunds?q=20000101${'0'.repeat(8)}`, { token: tokens.operator });
  assert.deepEqual(none.body.items, []);
  // Still the operator's alone.
  assert.equal((await call(tp, 'GET', `/api/v1/refunds?q=${refunded[1].orderNo}`, { token: tokens.shop })).status, 403);
  assert.equal((await call(tp, 'GET', `/api/v1/refunds?q=${refunded[1].orderNo}`)).status, 401);
});
