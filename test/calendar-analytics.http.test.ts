// Editing events on the calendar, and the figures the console, brand portal and reseller app draw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, CONSUMER, payOnGateway, uniquePhone, type BrandWithLot } from './support/fixtures.ts';
import { login, call } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { placeResellerOrder, placeStorefrontOrder } from '../src/flows/checkout.flow.ts';

let tp: TestPlatform;
let op: string;
let brand: BrandWithLot;
let brandToken: string;
before(async () => {
  tp = await testPlatform();
  const phone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone, name: 'op', password: 'op-password' });
  op = await login(tp, phone, 'op-password');
  brand = await brandWithLot(tp, { qty: 100 });
  const bp = uniquePhone();
  await createUser(tp.ctx(), { role: 'brand', brandId: brand.brandId, phone: bp, name: 'b', password: 'brand-password' });
  brandToken = await login(tp, bp, 'brand-password');
});
after(async () => { await tp.close(); });

test('a draft can be edited whole; a live event can only be extended and restocked', async () => {
  const draft = await call(tp, 'POST', '/api/v1/sale-events', { token: op, body: { brandId: brand.brandId, title: '草稿', startsAt: '2030-01-01T02:00:00Z', endsAt: '2030-01-02T02:00:00Z', markup: { minBps: 1000, maxBps: 3000, suggestedBps: 2000 }, items: [{ skuId: brand.skuIds[0], quantity: 5 }] } });
  const edited = await call(tp, 'PATCH', `/api/v1/sale-events/${draft.body.id}`, { token: op, body: { title: '改名', endsAt: '2030-01-03T02:00:00Z', markup: { minBps: 2000, maxBps: 3000, suggestedBps: 2500 }, addItems: [{ skuId: brand.skuIds[0], quantity: 3 }, { skuId: brand.skuIds[1], quantity: 4 }] } });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  assert.equal(edited.body.title, '改名');
  assert.deepEqual(edited.body.skus.map((s: { initial: number }) => s.initial).sort(), [4, 8]);

  const live = await liveEvent(tp, brand, { skuIds: [brand.skuIds[2]], quantity: 5 });
  const rename = await call(tp, 'PATCH', `/api/v1/sale-events/${live.id}`, { token: op, body: { title: 'no' } });
  assert.equal(rename.body.code, 'sale_event_invalid');
  const shorten = await call(tp, 'PATCH', `/api/v1/sale-events/${live.id}`, { token: op, body: { endsAt: new Date(Date.now() + 60_000).toISOString() } });
  assert.equal(shorten.body.code, 'sale_event_invalid');
  const restock = await call(tp, 'PATCH', `/api/v1/sale-events/${live.id}`, { token: op, body: { addItems: [{ skuId: brand.skuIds[2], quantity: 10 }], endsAt: new Date(Date.now() + 5 * 86400_000).toISOString() } });
  assert.equal(restock.status, 200);
  assert.deepEqual([restock.body.skus[0].initial, restock.body.skus[0].available, restock.body.status], [15, 15, 'live']);
  const tooMuch = await call(tp, 'PATCH', `/api/v1/sale-events/${live.id}`, { token: op, body: { addItems: [{ skuId: brand.skuIds[2], quantity: 1000 }] } });
  assert.equal(tooMuch.body.code, 'insufficient_supply');
});

test('the dashboards add up what was sold today', async () => {
  const ev = await liveEvent(tp, brand, { skuIds: [brand.skuIds[3], brand.skuIds[4]], quantity: 10 });
  const r = await reseller(tp, 1_000_000);
  const own = await placeResellerOrder(tp.ctx(r.actor), { consumer: CONSUMER, lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity: 3 }], payWith: 'wallet', idempotencyKey: 'dash-1' });
  const sf = await placeStorefrontOrder(tp.ctx({ kind: 'anonymous' }), { shareCode: r.shareCode, consumer: CONSUMER, lines: [{ eventSkuId: ev.skus[1].eventSkuId, quantity: 2 }], idempotencyKey: 'dash-2' });
  await payOnGateway(tp, sf.order.payment!.payUrl!);

  const st = await call(tp, 'GET', `/api/v1/analytics/sale-events/${ev.id}/sell-through`, { token: brandToken });
  assert.equal(st.status, 200);
  assert.deepEqual([st.body.totals.initial, st.body.totals.sold, st.body.totals.sellThroughBps], [20, 5, 2500]);
  assert.equal(st.body.startsAt, ev.startsAt.toISOString(), 'instants are ISO 8601');
  assert.equal(st.body.skus.find((s: { eventSkuId: string }) => s.eventSkuId === ev.skus[0].eventSkuId).sellThroughBps, 3000);
  assert.equal(st.body.hourly.reduce((a: number, h: { units: number }) => a + h.units, 0), 5);
  assert.ok(st.body.bySize.length >= 1);

  const ov = await call(tp, 'GET', '/api/v1/analytics/overview', { token: op });
  assert.equal(ov.status, 200);
  assert.ok(ov.body.today.orders >= 2);
  assert.equal(ov.body.hourly.length, 24);
  assert.equal(ov.body.daily.length, 14);
  assert.equal(ov.body.hourly.reduce((a: number, h: { gmv: number }) => a + h.gmv, 0), ov.body.today.gmv);

  const rt = await login(tp, r.phone, r.password);
  const today = await call(tp, 'GET', '/api/v1/reseller/today', { token: rt });
  assert.equal(today.body.orders, 2);
  assert.equal(today.body.units, 5);
  // the margin of both: the storefront order's (credited) and the order placed for a customer (charged over base)
  assert.ok(own.order.sellingTotal! > 3 * 19900, 'the own order is sold above its base price');
  assert.equal(today.body.margin, (own.order.sellingTotal! - 3 * 19900) + (sf.order.sellingTotal! - 2 * 19900));
  // my figures page (today) says the same
  const dash = await call(tp, 'GET', '/api/v1/reseller/dashboard?days=1', { token: rt });
  assert.deepEqual([dash.body.totals.margin, dash.body.totals.sales, dash.body.totals.orders], [today.body.margin, today.body.sales, today.body.orders]);
  assert.equal((await call(tp, 'GET', '/api/v1/analytics/overview', { token: brandToken })).status, 403);
});
