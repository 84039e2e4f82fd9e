// Order numbers (订单号) over HTTP on a real PostgreSQL: every kind of order — a reseller's wallet
// order, a consumer's storefront order, a flash grab, a group-buy seat, a presale order — gets
// one number of the day (yyyymmdd in Asia/Shanghai, then 8 digits), unique by constraint, shown
// in every order view; the console, reseller and brand order lists find an order by its whole
// number, by its last digits or by its id, each inside the caller's own orders only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, ADDRESS, CONSUMER, type BrandWithLot, type ResellerFixture } from './support/fixtures.ts';
import { call, login } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { createFlashItem } from '../src/modules/flash-sales/index.ts';
import { createGroupBuyOffer } from '../src/flows/group-buy.flow.ts';
import { createPresale } from '../src/flows/presale.flow.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

let tp: TestPlatform;
let shop: ResellerFixture;
let other: ResellerFixture;
let brandA: BrandWithLot;
let brandB: BrandWithLot;
let eventA: SaleEventView;
const tokens = {} as Record<'operator' | 'shop' | 'other' | 'brandA' | 'brandB', string>;
/** One order of each kind: its id and the view the caller got back. */
const placed = {} as Record<'wallet' | 'storefront' | 'flash' | 'group' | 'presale', { id: string; orderNo: string; lookupToken?: string }>;

const q = async <T,>(s: string, p: unknown[] = []) => (await tp.database.pool.query(s, p)).rows as T[];
const shopper = () => ({ name: '顾客', phone: uniquePhone(), address: ADDRESS });

async function brandLogin(brandId: string): Promise<string> {
  const phone = uniquePhone();
  await createUser(tp.ctx(), { role: 'brand', brandId, phone, name: 'brand user', password: 'brand-password' });
  return login(tp, phone, 'brand-password');
}

before(async () => {
  tp = await testPlatform();
  const opPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone: opPhone, name: 'operator', password: 'operator-password' });
  tokens.operator = await login(tp, opPhone, 'operator-password');
  shop = await reseller(tp, 1_000_000);
  other = await reseller(tp, 1_000_000);
  tokens.shop = await login(tp, shop.phone, shop.password);
  tokens.other = await login(tp, other.phone, other.password);
  brandA = await brandWithLot(tp);
  brandB = await brandWithLot(tp);
  tokens.brandA = await brandLogin(brandA.brandId);
  tokens.brandB = await brandLogin(brandB.brandId);
  eventA = await liveEvent(tp, brandA);

  // A reseller's wallet order (代下单).
  const w = await call(tp, 'POST', '/api/v1/reseller/orders', {
    token: tokens.shop, headers: { 'idempotency-key': 'no-wallet' },
    body: { consumer: CONSUMER, lines: [{ eventSkuId: eventA.skus[0].eventSkuId, quantity: 2 }], payWith: 'wallet' },
  });
  assert.equal(w.status, 201, JSON.stringify(w.body));
  placed.wallet = w.body;

  // A consumer's order through the shared link.
  const s = await call(tp, 'POST', `/api/v1/storefront/${shop.shareCode}/orders`, {
    headers: { 'idempotency-key': 'no-storefront' }, body: { consumer: shopper(), lines: [{ eventSkuId: eventA.skus[1].eventSkuId, quantity: 1 }] },
  });
  assert.equal(s.status, 201, JSON.stringify(s.body));
  placed.storefront = { ...s.body.order, lookupToken: s.body.lookupToken };

  // A flash grab (written by one statement for a whole group of grabs).
  const flashBrand = await brandWithLot(tp, { sizes: ['M'], base: '100.00' });
  const flashEvent = await liveEvent(tp, flashBrand, { skuIds: [flashBrand.skuIds[0]], quantity: 20 });
  const item = await createFlashItem(tp.ctx(), {
    saleEventId: flashEvent.id, eventSkuId: flashEvent.skus[0].eventSkuId, price: 12_900, quantity: 10, perBuyerLimit: 2, perResellerLimit: 10, startsAt: new Date(Date.now() - 1000),
  });
  const f = await call(tp, 'POST', `/api/v1/storefront/${shop.shareCode}/flash-items/${item.id}/orders`, { headers: { 'idempotency-key': 'no-flash' }, body: { consumer: shopper(), quantity: 1 } });
  assert.equal(f.status, 201, JSON.stringify(f.body));
  const fv = await call(tp, 'GET', `/api/v1/storefront/orders/${f.body.orderId}?token=${f.body.lookupToken}`);
  placed.flash = { ...fv.body, lookupToken: f.body.lookupToken };

  // A group-buy seat.
  const groupBrand = await brandWithLot(tp, { sizes: ['M'] });
  const groupEvent = await liveEvent(tp, groupBrand, { skuIds: [groupBrand.skuIds[0]], quantity: 20 });
  const offer = await createGroupBuyOffer(tp.ctx(), { saleEventId: groupEvent.id, eventSkuId: groupEvent.skus[0].eventSkuId, groupSize: 2, groupPrice: 22_900, hours: 24 });
  const g = await call(tp, 'POST', `/api/v1/storefront/${shop.shareCode}/group-buy-offers/${offer.id}/groups`, { headers: { 'idempotency-key': 'no-group' }, body: { consumer: shopper(), quantity: 1 } });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  placed.group = g.body.order;

  // A presale order.
  const presaleBrand = await brandWithLot(tp, { sizes: ['M'] });
  const presaleEvent = await liveEvent(tp, presaleBrand, { quantity: 20 });
  await createPresale(tp.ctx(), { saleEventId: presaleEvent.id, moq: 5, deadline: new Date(Date.now() + 3_600_000), shipDays: 20 });
  const p = await call(tp, 'POST', `/api/v1/storefront/${shop.shareCode}/orders`, {
    headers: { 'idempotency-key': 'no-presale' }, body: { consumer: shopper(), lines: [{ eventSkuId: presaleEvent.skus[0].eventSkuId, quantity: 1 }] },
  });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  placed.presale = p.body.order;
});
after(async () => { await tp?.close(); });

test('every kind of order gets one order number of the day: yyyymmdd (Asia/Shanghai) and 8 digits, all different', async () => {
  const rows = await q<{ id: string; order_no: string; campaign: string | null; day: string }>(
    `SELECT id, order_no, campaign, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') AS day FROM orders WHERE id = ANY($1)`, [Object.values(placed).map((p) => p.id)]);
  assert.equal(rows.length, 5);
  assert.deepEqual(rows.map((r) => r.campaign).sort(), ['flash', 'group', 'presale', null, null].sort());
  for (const [kind, o] of Object.entries(placed)) {
    const row = rows.find((r) => r.id === o.id)!;
    assert.match(o.orderNo, /^\d{16}$/, `${kind}: ${o.orderNo}`);
    assert.equal(o.orderNo, row.order_no, `${kind}: the view shows the stored number`);
    assert.equal(o.orderNo.slice(0, 8), row.day, `${kind}: starts with the day it was placed`);
  }
  assert.equal(new Set(Object.values(placed).map((p) => p.orderNo)).size, 5, 'no two orders share a number');
});

test('the number is the same in every view of the order: list, detail, the consumer’s page', async () => {
  const detail = await call(tp, 'GET', `/api/v1/orders/${placed.wallet.id}`, { token: tokens.shop });
  assert.equal(detail.body.orderNo, placed.wallet.orderNo);
  const list = await call(tp, 'GET', '/api/v1/orders?limit=200', { token: tokens.operator });
  assert.equal(list.body.items.find((o: { id: string }) => o.id === placed.storefront.id).orderNo, placed.storefront.orderNo);
  const consumer = await call(tp, 'GET', `/api/v1/storefront/orders/${placed.storefront.id}?token=${placed.storefront.lookupToken}`);
  assert.equal(consumer.body.orderNo, placed.storefront.orderNo);
  const brand = await call(tp, 'GET', `/api/v1/orders/${placed.wallet.id}`, { token: tokens.brandA });
  assert.equal(brand.body.orderNo, placed.wallet.orderNo, 'the brand prints the same number on its pick list');
});

test('two orders can never share a number: the database refuses it', async () => {
  await assert.rejects(q('UPDATE orders SET order_no = $1 WHERE id = $2', [placed.wallet.orderNo, placed.storefront.id]), /orders_order_no_uq/);
  await assert.rejects(q('UPDATE orders SET order_no = NULL WHERE id = $1', [placed.storefront.id]), /null value/);
});

const found = async (token: string, term: string) => {
  const r = await call(tp, 'GET', `/api/v1/orders?limit=200&q=${encodeURIComponent(term)}`, { token });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.map((o: { id: string }) => o.id) as string[];
};

test('the console finds an order by its whole number, its last digits (as read out, with spaces) and its id', async () => {
  const { id, orderNo } = placed.storefront;
  assert.deepEqual(await found(tokens.operator, orderNo), [id]);
  assert.ok((await found(tokens.operator, orderNo.slice(-8))).includes(id), 'by the last 8 digits');
  assert.ok((await found(tokens.operator, `${orderNo.slice(-8, -4)} ${orderNo.slice(-4)}`)).includes(id), 'digits read out in groups');
  assert.deepEqual(await found(tokens.operator, id), [id]);
  // A tail is the end of the number, not any part of it.
  const middle = orderNo.slice(4, 12);
  const byMiddle = await found(tokens.operator, middle);
  assert.ok(byMiddle.every((x) => Object.values(placed).find((p) => p.id === x)?.orderNo.endsWith(middle) ?? true), 'only numbers ending in the digits');
});

test('a reseller finds their own orders by number or tail, and never another reseller’s', async () => {
  const { id, orderNo } = placed.wallet;
  assert.deepEqual(await found(tokens.shop, orderNo), [id]);
  assert.ok((await found(tokens.shop, orderNo.slice(-6))).includes(id));
  assert.deepEqual(await found(tokens.other, orderNo), [], 'another reseller’s order is not found by its number');
  assert.deepEqual(await found(tokens.other, orderNo.slice(-6)), []);
});

test('a brand finds orders holding its items by number or tail, and never another brand’s', async () => {
  const { id, orderNo } = placed.wallet;
  assert.deepEqual(await found(tokens.brandA, orderNo), [id]);
  assert.ok((await found(tokens.brandA, orderNo.slice(-8))).includes(id));
  assert.deepEqual(await found(tokens.brandA, id), [id], 'the internal id still finds it');
  assert.deepEqual(await found(tokens.brandB, orderNo), []);
  assert.deepEqual(await found(tokens.brandB, orderNo.slice(-8)), []);
  assert.deepEqual(await found(tokens.brandA, CONSUMER.phone), [], 'a brand still cannot search by a consumer’s phone');
});

test('a search term longer than the filter allows is refused with the field, changing nothing', async () => {
  const r = await call(tp, 'GET', `/api/v1/orders?q=${'1'.repeat(51)}`, { token: tokens.operator });
  assert.equal(r.status, 400);
  assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(r.body.code, 'validation_failed');
  assert.ok(r.body.errors.some((e: { path: string }) => e.path === 'querystring.q'), JSON.stringify(r.body.errors));
});
