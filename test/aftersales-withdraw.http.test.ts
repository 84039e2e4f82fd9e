// Withdrawing a return request (撤销申请) over HTTP: the consumer by their order link and the
// reseller for their customer, while the request awaits a decision or, approved, before the goods
// were sent back (an approved return's waybill is cancelled at the carrier); the units may then be
// asked for again. Refused to anyone else — another reseller, the operator, a token of another
// order — and in the states only the operator and the warehouse move on (on the way back,
// received, refunded, rejected, withdrawn already), with 409 return_not_withdrawable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, payOnGateway, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import { login, call as httpCall } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { applyTrackingChanges } from '../src/flows/fulfilment.flow.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

let tp: TestPlatform;
let op: string;
let brandTok: string;
let shop: ResellerFixture;
let shopTok: string;
let otherTok: string;
let ev: SaleEventView;

const call = (method: string, url: string, opts: { token?: string; body?: unknown; key?: string; lang?: string } = {}) =>
  httpCall(tp, method, url, { token: opts.token, body: opts.body, headers: { ...(opts.key ? { 'idempotency-key': opts.key } : {}), ...(opts.lang ? { 'accept-language': opts.lang } : {}) } });
const ok = (r: { status: number; body: any }, status = 200) => { assert.equal(r.status, status, JSON.stringify(r.body)); return r.body; };

before(async () => {
  tp = await testPlatform({ sandboxCarrier: { stepSeconds: 0.05, pickupSeconds: 600, duplicateRate: 0, reorderRate: 0, exceptionRate: 0 } } as never);
  const opPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone: opPhone, name: '售后专员', password: 'password1' });
  op = await login(tp, opPhone, 'password1');
  const brand = await brandWithLot(tp, { base: '20.00', sizes: ['M'], qty: 100 });
  const brandPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'brand', brandId: brand.brandId, phone: brandPhone, name: 'brand', password: 'password1' });
  brandTok = await login(tp, brandPhone, 'password1');
  shop = await reseller(tp, 1_000_000);
  shopTok = await login(tp, shop.phone, shop.password);
  const other = await reseller(tp, 0);
  otherTok = await login(tp, other.phone, other.password);
  ev = await liveEvent(tp, brand, { skuIds: [brand.skuIds[0]], quantity: 50 });
});
after(async () => { await tp?.close(); });

/** Carrier ticks and tracking applied until `done` holds. */
async function until(done: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await done()) return;
    await tp.carrier.deliverDue();
    await applyTrackingChanges(tp.ctx());
    await new Promise((r) => setTimeout(r, 30));
  }
  assert.fail(`gave up waiting: ${what}`);
}

/** A consumer's storefront order (with its link's token) and the shop's wallet order, 4 units each, drop-shipped by the brand and delivered. */
async function deliveredOrders(): Promise<{ c: { id: string; token: string; line: string }; r: { id: string; line: string } }> {
  const esk = ev.skus[0].eventSkuId;
  const placed = ok(await call('POST', `/api/v1/storefront/${shop.shareCode}/orders`, {
    key: `w-${crypto.randomUUID()}`, body: { consumer: { name: '林小雨', phone: uniquePhone(), address: ADDRESS }, lines: [{ eventSkuId: esk, quantity: 4 }] },
  }), 201);
  await payOnGateway(tp, placed.order.payment.payUrl);
  const r = ok(await call('POST', '/api/v1/reseller/orders', {
    token: shopTok, key: `w-${crypto.randomUUID()}`, body: { consumer: { name: '王芳', phone: uniquePhone(), address: ADDRESS }, lines: [{ eventSkuId: esk, quantity: 4 }], payWith: 'wallet' },
  }), 201);
  const [po] = ok(await call('POST', '/api/v1/purchase-orders/issue', { token: op, body: { saleEventId: ev.id, mode: 'drop_ship' } })).items;
  for (const id of [placed.order.id, r.id]) ok(await call('POST', `/api/v1/purchase-orders/${po.id}/drop-ship`, { token: brandTok, body: { orderId: id } }));
  const status = async (id: string) => ok(await call('GET', `/api/v1/orders/${id}`, { token: op })).status;
  await until(async () => (await status(placed.order.id)) === 'delivered' && (await status(r.id)) === 'delivered', 'both orders delivered');
  const lineOf = async (id: string) => ok(await call('GET', `/api/v1/orders/${id}`, { token: op })).lines[0].id as string;
  return { c: { id: placed.order.id, token: placed.lookupToken, line: await lineOf(placed.order.id) }, r: { id: r.id, line: await lineOf(r.id) } };
}

const ask = (o: { id: string; token?: string; line: string }, quantity: number, kind: 'return' | 'refund_only' = 'return') => (o.token
  ? call('POST', `/api/v1/storefront/orders/${o.id}/returns?token=${encodeURIComponent(o.token)}`, { body: { kind, reasonCode: 'size', lines: [{ orderLineId: o.line, quantity }] } })
  : call('POST', `/api/v1/orders/${o.id}/returns`, { token: shopTok, body: { kind, reasonCode: 'size', lines: [{ orderLineId: o.line, quantity }] } }));
const byConsumer = (o: { id: string; token: string }, returnId: string, token = o.token, lang?: string) =>
  call('POST', `/api/v1/storefront/orders/${o.id}/returns/${returnId}/withdraw?token=${encodeURIComponent(token)}`, { lang });
const byReseller = (returnId: string, token = shopTok, lang?: string) => call('POST', `/api/v1/returns/${returnId}/withdraw`, { token, lang });
const waybillStatus = async (returnId: string) => (await tp.database.pool.query('SELECT status FROM waybills WHERE parcel_ref = $1', [returnId])).rows[0]?.status;

test('the consumer withdraws a request awaiting review, and the reseller an approved return whose waybill is cancelled; the units may be asked again', async () => {
  const { c, r } = await deliveredOrders();

  const mine = ok(await ask(c, 4), 201);
  assert.equal(ok(await ask(c, 1), 400).code, 'validation_failed', 'all four units are claimed by the open request');
  const gone = ok(await byConsumer(c, mine.id));
  assert.equal(gone.status, 'cancelled');
  assert.equal(gone.orderNo.length > 0, true);
  const again = ok(await ask(c, 2), 201);
  assert.equal(again.status, 'requested', 'withdrawn units can be asked for again');

  const theirs = ok(await ask(r, 3), 201);
  const approved = ok(await call('POST', `/api/v1/returns/${theirs.id}/approve`, { token: op, body: { reason: '符合七天无理由' } }));
  assert.equal(approved.status, 'approved');
  assert.ok(approved.returnWaybillNo, 'an approved return has its waybill back to the warehouse');
  assert.equal(await waybillStatus(theirs.id), 'created');
  const withdrawn = ok(await byReseller(theirs.id));
  assert.equal(withdrawn.status, 'cancelled');
  assert.equal(await waybillStatus(theirs.id), 'cancelled', 'the return waybill is cancelled at the carrier');
  const carrier = (await tp.database.pool.query('SELECT status FROM sandbox_carrier_waybills WHERE waybill_no = $1', [approved.returnWaybillNo])).rows[0];
  assert.equal(carrier.status, 'cancelled');
  // Nothing was given back or refunded for a withdrawn request.
  const line = (await tp.database.pool.query('SELECT qty_returned, qty_refunded FROM order_lines WHERE id = $1', [r.line])).rows[0];
  assert.deepEqual(line, { qty_returned: 0, qty_refunded: 0 });
  ok(await ask(r, 4), 201);
});

test('no one else may withdraw: another reseller, the operator, a token of another order, nobody signed in', async () => {
  const { c, r } = await deliveredOrders();
  const other = await deliveredOrders();
  const cr = ok(await ask(c, 1), 201);
  const rr = ok(await ask(r, 1), 201);

  assert.equal(ok(await byReseller(rr.id, otherTok), 404).code, 'not_found', 'another reseller does not see it');
  assert.equal(ok(await byReseller(rr.id, op), 403).code, 'forbidden', 'the operator rejects instead');
  assert.equal(ok(await call('POST', `/api/v1/returns/${rr.id}/withdraw`), 401).code, 'unauthenticated');
  assert.equal(ok(await byConsumer(c, cr.id, other.c.token), 404).code, 'not_found', 'a token of another order');
  assert.equal(ok(await byConsumer(other.c, cr.id), 404).code, 'not_found', 'a request that is not on the order the token opens');
  assert.equal(ok(await byConsumer(c, cr.id, 'x'.repeat(32)), 404).code, 'not_found', 'a made-up token');
  // The reseller's own request through the consumer's link of another order is not theirs either.
  assert.equal(ok(await byConsumer(c, rr.id), 404).code, 'not_found');
  for (const id of [cr.id, rr.id]) assert.equal(ok(await call('GET', `/api/v1/returns/${id}`, { token: op })).status, 'requested', 'nothing changed');
});

test('once the goods are on their way back, received, refunded, rejected or withdrawn, it is 409 return_not_withdrawable in the caller’s language', async () => {
  const { c, r } = await deliveredOrders();
  // zh-CN unless the caller asks for en.
  const refusal = (res: { status: number; body: any }, lang: 'en' | 'zh-CN' = 'zh-CN') => {
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.match(String((res as any).headers['content-type']), /^application\/problem\+json/);
    assert.equal(res.body.code, 'return_not_withdrawable');
    assert.equal(res.body.title, lang === 'en' ? 'This request can no longer be withdrawn: the goods are on their way back or it has been dealt with' : '该售后申请已无法撤销：退货已寄出或已处理');
  };

  // Approved, and the courier collected the parcel before its tracking came: the waybill cannot be
  // cancelled, so neither can the request.
  const collected = ok(await ask(r, 1), 201);
  const a1 = ok(await call('POST', `/api/v1/returns/${collected.id}/approve`, { token: op, body: { reason: 'ok' } }));
  await tp.database.pool.query('UPDATE sandbox_carrier_waybills SET pickup_due_at = now() WHERE waybill_no = $1', [a1.returnWaybillNo]);
  await tp.carrier.deliverDue();
  refusal(await byReseller(collected.id, shopTok, 'en'), 'en');
  assert.equal(ok(await call('GET', `/api/v1/returns/${collected.id}`, { token: op })).status, 'approved', 'still approved: the goods are coming');
  // Its tracking arrives: on the way back.
  await until(async () => ok(await call('GET', `/api/v1/returns/${collected.id}`, { token: op })).status !== 'approved', 'the return parcel moves');
  refusal(await byReseller(collected.id, shopTok, 'zh-CN'), 'zh-CN');
  // Received at the warehouse, then refunded after inspection.
  await until(async () => ok(await call('GET', `/api/v1/returns/${collected.id}`, { token: op })).status === 'received', 'the return parcel arrives');
  refusal(await byReseller(collected.id));
  ok(await call('POST', `/api/v1/returns/${collected.id}/inspect`, { token: op, body: { accepted: [{ orderLineId: r.line, quantity: 1 }], note: '完好' } }));
  refusal(await byReseller(collected.id));

  // Rejected by the operator, with a ready-made reason: its code is what the consumer and the reseller are
  // answered (each says it in their language); a code the platform writes itself is refused and changes nothing.
  const rejected = ok(await ask(c, 1), 201);
  const asSystem = await call('POST', `/api/v1/returns/${rejected.id}/reject`, { token: op, body: { reason: 'refund_only_within_policy' } });
  assert.equal(asSystem.status, 400, JSON.stringify(asSystem.body));
  assert.equal(ok(await call('GET', `/api/v1/returns/${rejected.id}`, { token: op })).status, 'requested');
  assert.equal(ok(await call('POST', `/api/v1/returns/${rejected.id}/reject`, { token: op, body: { reason: 'tags_removed' } })).decisionReason, 'tags_removed');
  refusal(await byConsumer(c, rejected.id));

  // A small refund-only request (the shop paid 20 yuan a unit, within REFUND_ONLY_MAX_FEN) is refunded at once: nothing left to withdraw.
  const small = ok(await ask(r, 1, 'refund_only'), 201);
  assert.equal(small.status, 'refunded');
  refusal(await byReseller(small.id));

  // Withdrawn already.
  const twice = ok(await ask(c, 1), 201);
  ok(await byConsumer(c, twice.id));
  refusal(await byConsumer(c, twice.id));
});
