// The data loop over HTTP: a reseller's dashboard (today / 7 / 30 days, by channel, conversion)
// counts only their own orders and visitors; an event's battle report (战报) counts paid units,
// "N sold in the first M minutes" and top SKUs, and a brand reads only its own events'.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, payOnGateway, uniquePhone, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import { login, call } from './support/http.ts';
import { decodePng, scanQr } from './support/png.ts';
import { flushViews } from '../src/modules/sharing/index.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

let tp: TestPlatform;
let ev: SaleEventView;
let otherEv: SaleEventView;
let a: ResellerFixture & { token: string };
let b: ResellerFixture & { token: string };
let brandToken: string;

before(async () => {
  tp = await testPlatform();
  const brand = await brandWithLot(tp, { qty: 100 });
  ev = await liveEvent(tp, brand, { quantity: 20, startsInMs: -5 * 60_000 });
  const otherBrand = await brandWithLot(tp, { qty: 20 });
  otherEv = await liveEvent(tp, otherBrand, { quantity: 5 });
  a = { ...(await reseller(tp, 100_000)), token: '' }; a.token = await login(tp, a.phone, a.password);
  b = { ...(await reseller(tp)), token: '' }; b.token = await login(tp, b.phone, b.password);
  const phone = uniquePhone();
  await createUser(tp.ctx(), { phone, password: 'brand-password-1', role: 'brand', brandId: otherBrand.brandId, name: '乙品牌' });
  brandToken = await login(tp, phone, 'brand-password-1');
});
after(async () => { await tp.close(); });

const storefrontOrder = async (shareCode: string, quantity: number, shareLink?: string, cookie?: string) => {
  const res = await tp.app.inject({
    method: 'POST', url: `/api/v1/storefront/${shareCode}/orders`,
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...(cookie ? { cookie } : {}) },
    payload: JSON.stringify({ consumer: { name: '吴女士', phone: uniquePhone(), address: ADDRESS }, lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity }], shareLink }),
  });
  assert.equal(res.statusCode, 201, res.body);
  const o = JSON.parse(res.body).order;
  await payOnGateway(tp, o.payment.payUrl);
  return o as { sellingTotal: number };
};

test('a reseller’s dashboard: sales, margin, buyers, visitors, conversion and channels — only their own', async () => {
  const link = (await call(tp, 'POST', '/api/v1/reseller/share-links', { token: a.token, body: { target: 'event', saleEventId: ev.id, channel: 'moments' } })).body;
  // Two visitors through the Moments link, one of whom buys; one buyer without a link.
  const v1 = await tp.app.inject({ method: 'POST', url: `/api/v1/storefront/${a.shareCode}/views`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ page: 'event', saleEventId: ev.id, link: link.code }) });
  const cookie = String(v1.headers['set-cookie']).split(';')[0];
  await tp.app.inject({ method: 'POST', url: `/api/v1/storefront/${a.shareCode}/views`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ page: 'event', saleEventId: ev.id, link: link.code }) });
  await flushViews(tp.ctx());
  const o1 = await storefrontOrder(a.shareCode, 2, link.code, cookie);
  const o2 = await storefrontOrder(a.shareCode, 1);
  const d = (await call(tp, 'GET', '/api/v1/reseller/dashboard?days=7', { token: a.token })).body;
  assert.equal(d.days, 7);
  assert.equal(d.daily.length, 7);
  assert.deepEqual([d.totals.orders, d.totals.units, d.totals.buyers, d.totals.visitors, d.totals.sales], [2, 3, 2, 2, o1.sellingTotal + o2.sellingTotal]);
  assert.equal(d.totals.margin, o1.sellingTotal + o2.sellingTotal - 3 * ev.skus[0].basePrice);
  assert.equal(d.totals.conversionBps, 5000, 'one of the two visitors bought (the other buyer came without a visit)');
  const moments = d.channels.find((c: { channel: string }) => c.channel === 'moments');
  assert.deepEqual([moments.visitors, moments.orders, moments.buyers, moments.sales, moments.conversionBps], [2, 1, 1, o1.sellingTotal, 5000]);
  assert.equal(d.channels.find((c: { channel: string }) => c.channel === 'direct').orders, 1);
  assert.equal(d.daily.at(-1).orders, 2, 'today is the last day');
  assert.equal(d.topProducts[0].units, 3);
  const today = (await call(tp, 'GET', '/api/v1/reseller/dashboard?days=1', { token: a.token })).body;
  assert.equal(today.daily.length, 1);
  const theirs = (await call(tp, 'GET', '/api/v1/reseller/dashboard?days=30', { token: b.token })).body;
  assert.deepEqual([theirs.totals.orders, theirs.totals.visitors, theirs.channels, theirs.topProducts], [0, 0, [], []]);
  assert.equal((await call(tp, 'GET', '/api/v1/reseller/dashboard?days=14', { token: a.token })).status, 400);
});

test('the battle report counts paid units, the opening minutes and top SKUs; a brand reads only its own events’', async () => {
  const r = (await call(tp, 'GET', `/api/v1/sale-events/${ev.id}/battle-report`, { token: b.token })).body;
  assert.equal(r.totals.sold, 3);
  assert.equal(r.totals.initial, ev.skus.length * 20);
  assert.equal(r.totals.sellThroughBps, Math.floor((3 * 10_000) / (ev.skus.length * 20)));
  assert.deepEqual([r.totals.orders, r.totals.buyers, r.totals.resellers], [2, 2, 1]);
  assert.ok(r.opening.minutes >= 5 && r.opening.minutes <= 7, JSON.stringify(r.opening));
  assert.equal(r.opening.units, 3, 'all three units were paid in the first minutes');
  assert.deepEqual([r.topSkus[0].sold, r.curve.at(-1).cumulative, r.peak.units], [3, 3, 3]);
  assert.ok(!('baseRevenue' in r.totals) && !r.topSkus.some((x: Record<string, unknown>) => 'basePrice' in x), 'no money of the platform’s');
  const foreign = await call(tp, 'GET', `/api/v1/sale-events/${ev.id}/battle-report`, { token: brandToken });
  assert.equal(foreign.status, 404);
  assert.equal((await call(tp, 'GET', `/api/v1/sale-events/${otherEv.id}/battle-report`, { token: brandToken })).status, 200);
});

test('my buyers, with tags derived from what they bought; filtered by tag; another reseller sees none of them', async () => {
  const r = (await call(tp, 'GET', '/api/v1/reseller/buyers', { token: a.token })).body;
  assert.equal(r.total, 2, JSON.stringify(r));
  for (const x of r.items) {
    assert.ok(x.tags.includes('new_customer'), JSON.stringify(x.tags));
    assert.equal(x.orders, 1);
    assert.ok(x.sizes.length === 1 && x.sizes[0].units >= 1);
    assert.match(x.phone, /^1\d{10}$/, 'my own buyers’ phones are mine to see');
  }
  assert.deepEqual([r.counts.new_customer, r.counts.dormant], [2, 0]);
  assert.equal(r.items.reduce((n: number, x: { units: number }) => n + x.units, 0), 3);
  assert.equal((await call(tp, 'GET', '/api/v1/reseller/buyers?tag=dormant', { token: a.token })).body.total, 0);
  assert.equal((await call(tp, 'GET', '/api/v1/reseller/buyers', { token: b.token })).body.total, 0);
  assert.equal((await call(tp, 'GET', '/api/v1/reseller/buyers?tag=rich', { token: a.token })).status, 400);
});

test('the operator’s overview and the brand’s event figures carry visitors, conversion and channels', async () => {
  const phone = uniquePhone();
  await createUser(tp.ctx(), { phone, password: 'operator-password-1', role: 'operator', name: '运营' });
  const op = await login(tp, phone, 'operator-password-1');
  const o = (await call(tp, 'GET', '/api/v1/analytics/overview', { token: op })).body.traffic;
  assert.deepEqual([o.visitors, o.buyingVisitors, o.conversionBps], [2, 1, 5000]);
  const moments = o.channels.find((c: { channel: string }) => c.channel === 'moments');
  assert.deepEqual([moments.visitors, moments.orders, moments.conversionBps], [2, 1, 5000]);
  assert.equal(o.channels.find((c: { channel: string }) => c.channel === 'direct').orders, 1);
  const st = (await call(tp, 'GET', `/api/v1/analytics/sale-events/${ev.id}/sell-through`, { token: op })).body.traffic;
  assert.deepEqual([st.visitors, st.views, st.conversionBps], [2, 2, 5000]);
  const none = (await call(tp, 'GET', `/api/v1/analytics/sale-events/${otherEv.id}/sell-through`, { token: brandToken })).body.traffic;
  assert.deepEqual([none.visitors, none.channels], [0, []]);
});

test('the battle report as an image: a PNG whose QR code is the reseller’s link; another brand’s event is not found', async () => {
  const res = await tp.app.inject({ method: 'GET', url: `/api/v1/sale-events/${ev.id}/battle-report.png`, headers: { authorization: `Bearer ${b.token}` } });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'image/png');
  const png = decodePng(res.rawPayload);
  assert.equal(png.width, 750);
  const qr = scanQr(png);
  const links = (await call(tp, 'GET', '/api/v1/reseller/share-links', { token: b.token })).body.items;
  assert.equal(qr, links.find((l: { saleEventId: string; channel: string }) => l.saleEventId === ev.id && l.channel === 'group').url);
  assert.equal((await tp.app.inject({ method: 'GET', url: `/api/v1/sale-events/${ev.id}/battle-report.png`, headers: { authorization: `Bearer ${b.token}`, 'if-none-match': String(res.headers.etag) } })).statusCode, 304);
  assert.equal((await call(tp, 'GET', `/api/v1/sale-events/${ev.id}/battle-report.png`, { token: brandToken })).status, 404);
});
