// What issue 12's review left open, over HTTP: a reseller the operator disabled places no order
// from their own app and takes no flash grab through their link — even while this process still
// holds the link in its reseller cache, on the grouped path and on the one-transaction path — and
// nothing changes; a pulled SKU says so in every event view and is refused with `sku_pulled`;
// a flash grab answers with its order number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, ADDRESS, type BrandWithLot } from './support/fixtures.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { createFlashItem } from '../src/modules/flash-sales/index.ts';

interface Res { status: number; body: any }

/** The grouped flash path (the default) and the one-transaction path (FLASH_GROUP_COMMIT=off). */
const platforms = {} as Record<'grouped' | 'single', TestPlatform>;
let tp: TestPlatform;
let operator: Record<'grouped' | 'single', string>;
let brand: BrandWithLot;

async function call(p: TestPlatform, method: string, url: string, opts: { token?: string; body?: unknown; lang?: string; key?: string } = {}): Promise<Res> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.lang) headers['accept-language'] = opts.lang;
  if (opts.key) headers['idempotency-key'] = opts.key;
  const res = await p.app.inject({ method: method as 'GET', url, headers, payload: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}

const ok = (r: Res, status = 200) => { assert.equal(r.status, status, JSON.stringify(r.body)); return r.body; };
const login = async (p: TestPlatform, phone: string, password: string) => ok(await call(p, 'POST', '/api/v1/auth/login', { body: { phone, password } })).token as string;

const TITLES = {
  reseller_disabled: { 'zh-CN': '该店铺已暂停营业，暂不接受下单', en: 'This shop is paused and is not taking orders right now' },
  sku_pulled: { 'zh-CN': '该商品已下架', en: 'This item has been taken off sale' },
};
function refused(r: Res, code: keyof typeof TITLES, lang: 'zh-CN' | 'en'): void {
  assert.equal(r.status, 409, JSON.stringify(r.body));
  assert.match(r.body.type ?? '', /./, 'a problem+json answer');
  assert.equal(r.body.code, code);
  assert.equal(r.body.title, TITLES[code][lang]);
}

async function operatorToken(p: TestPlatform): Promise<string> {
  const phone = uniquePhone();
  await createUser(p.ctx(), { role: 'operator', phone, name: `运营 ${phone.slice(-4)}`, password: 'operator-password' });
  return login(p, phone, 'operator-password');
}

const walletOrder = (p: TestPlatform, token: string, eventSkuId: string, lang?: string) => call(p, 'POST', '/api/v1/reseller/orders', {
  token, lang, key: `rg-${crypto.randomUUID()}`,
  body: { consumer: { name: '李四', phone: '13912345678', address: ADDRESS }, lines: [{ eventSkuId, quantity: 1 }], payWith: 'wallet' },
});
const linkOrder = (p: TestPlatform, shareCode: string, eventSkuId: string, lang?: string) => call(p, 'POST', `/api/v1/storefront/${shareCode}/orders`, {
  lang, key: `rg-${crypto.randomUUID()}`, body: { consumer: { name: '张三', phone: uniquePhone(), address: ADDRESS }, lines: [{ eventSkuId, quantity: 1 }] },
});
const grab = (p: TestPlatform, shareCode: string, flashItemId: string, lang?: string, phone = uniquePhone()) => call(p, 'POST', `/api/v1/storefront/${shareCode}/flash-items/${flashItemId}/orders`, {
  lang, key: `rg-${crypto.randomUUID()}`, body: { consumer: { name: '王五', phone, address: ADDRESS }, quantity: 1 },
});

const walletOf = async (p: TestPlatform, token: string) => ok(await call(p, 'GET', '/api/v1/reseller/me', { token }));
const ordersOf = async (p: TestPlatform, resellerId: string) => (await p.database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE reseller_id = $1', [resellerId])).rows[0].n;
const poolOf = async (p: TestPlatform, eventSkuId: string) => (await p.database.pool.query('SELECT available, held, sold FROM pools WHERE event_sku_id = $1', [eventSkuId])).rows[0];

async function flashItem(p: TestPlatform) {
  const b = await brandWithLot(p, { qty: 20, sizes: ['M'], base: '100.00', tag: '399.00' });
  const ev = await liveEvent(p, b, { skuIds: [b.skuIds[0]], quantity: 20 });
  const esk = ev.skus[0].eventSkuId;
  const item = await createFlashItem(p.ctx(), { saleEventId: ev.id, eventSkuId: esk, price: 12_900, quantity: 10, perBuyerLimit: 1, perResellerLimit: 10, startsAt: new Date(Date.now() - 1000) });
  return { item, esk };
}

before(async () => {
  platforms.grouped = await testPlatform();
  platforms.single = await testPlatform({ flashGroupCommit: false });
  tp = platforms.grouped;
  operator = { grouped: await operatorToken(platforms.grouped), single: await operatorToken(platforms.single) };
  brand = await brandWithLot(tp);
});
after(async () => { for (const p of Object.values(platforms)) await p?.close(); });

// ---- a disabled reseller ----

test('a disabled reseller places no order from their own app (wallet or gateway), zh-CN and en, and nothing changes; enabled again they do; /me says suspended', async () => {
  const r = await reseller(tp, 200_000);
  const token = await login(tp, r.phone, r.password);
  const ev = await liveEvent(tp, brand, { quantity: 5 });
  const esk = ev.skus[0].eventSkuId;
  ok(await walletOrder(tp, token, esk), 201);
  ok(await call(tp, 'POST', `/api/v1/resellers/${r.resellerId}/disable`, { token: operator.grouped, body: { reason: '违规售假' } }));

  const me = await walletOf(tp, token);
  assert.equal(me.reseller.status, 'suspended', 'the app can tell its reseller they are disabled');
  const orders = await ordersOf(tp, r.resellerId);
  const stock = await poolOf(tp, esk);
  for (const lang of ['zh-CN', 'en'] as const) {
    refused(await walletOrder(tp, token, esk, lang), 'reseller_disabled', lang);
    refused(await call(tp, 'POST', '/api/v1/reseller/orders', {
      token, lang, key: `rg-${crypto.randomUUID()}`,
      body: { consumer: { name: '李四', phone: '13912345678', address: ADDRESS }, lines: [{ eventSkuId: esk, quantity: 1 }], payWith: 'provider' },
    }), 'reseller_disabled', lang);
  }
  assert.equal(await ordersOf(tp, r.resellerId), orders, 'no order was written');
  assert.deepEqual(await poolOf(tp, esk), stock, 'no stock moved');
  assert.deepEqual((await walletOf(tp, token)).wallet, me.wallet, 'the wallet is untouched');

  ok(await call(tp, 'POST', `/api/v1/resellers/${r.resellerId}/enable`, { token: operator.grouped, body: { reason: '申诉通过' } }));
  assert.equal((await walletOf(tp, token)).reseller.status, 'active');
  ok(await walletOrder(tp, token, esk), 201);
});

for (const path of ['grouped', 'single'] as const) {
  test(`flash (${path} path): a reseller disabled while their link is in this process's cache takes no grab, zh-CN and en, nothing held; enabled again it sells`, async () => {
    const p = platforms[path];
    const r = await reseller(p);
    const { item, esk } = await flashItem(p);
    // The first grab puts the link in the process's reseller cache.
    const first = ok(await grab(p, r.shareCode, item.id), 201);
    ok(await call(p, 'POST', `/api/v1/resellers/${r.resellerId}/disable`, { token: operator[path], body: { reason: '违规售假' } }));
    const stock = await poolOf(p, esk);
    const orders = await ordersOf(p, r.resellerId);
    for (const lang of ['zh-CN', 'en'] as const) refused(await grab(p, r.shareCode, item.id, lang), 'reseller_disabled', lang);
    assert.deepEqual(await poolOf(p, esk), stock, 'nothing was held');
    assert.equal(await ordersOf(p, r.resellerId), orders, 'no order was written');
    const claimed = (await p.database.pool.query('SELECT claimed FROM flash_items WHERE id = $1', [item.id])).rows[0].claimed;
    assert.equal(claimed, 1, 'only the grab before the disabling is claimed');
    assert.ok(first.orderId);

    ok(await call(p, 'POST', `/api/v1/resellers/${r.resellerId}/enable`, { token: operator[path], body: { reason: '申诉通过' } }));
    ok(await grab(p, r.shareCode, item.id), 201);
  });

  test(`flash (${path} path): a grab answers with its order number, and a replay with the same one`, async () => {
    const p = platforms[path];
    const r = await reseller(p);
    const { item } = await flashItem(p);
    const body = { consumer: { name: '王五', phone: uniquePhone(), address: ADDRESS }, quantity: 1 };
    const key = `rg-${crypto.randomUUID()}`;
    const url = `/api/v1/storefront/${r.shareCode}/flash-items/${item.id}/orders`;
    const placed = ok(await call(p, 'POST', url, { key, body }), 201);
    assert.match(placed.orderNo, /^\d{16}$/);
    const row = (await p.database.pool.query('SELECT order_no FROM orders WHERE id = $1', [placed.orderId])).rows[0];
    assert.equal(placed.orderNo, row.order_no, 'the number the order was written with');
    const again = await call(p, 'POST', url, { key, body });
    assert.ok(again.status === 200 || again.status === 201, JSON.stringify(again.body));
    assert.equal(again.body.orderId, placed.orderId, 'the same order, replayed');
    assert.equal(again.body.orderNo, placed.orderNo);
    const order = ok(await call(p, 'GET', `/api/v1/storefront/orders/${placed.orderId}?token=${placed.lookupToken}`));
    assert.equal(order.orderNo, placed.orderNo, 'the order page shows the same number');
  });
}

// ---- a pulled SKU ----

test('a pulled SKU: the storefront and reseller views say pulled, and ordering or quoting it is refused with sku_pulled (zh-CN, en), nothing changes', async () => {
  const r = await reseller(tp, 200_000);
  const token = await login(tp, r.phone, r.password);
  const ev = await liveEvent(tp, brand, { quantity: 6 });
  const [pulled, other] = ev.skus;
  ok(await call(tp, 'POST', `/api/v1/sale-events/${ev.id}/skus/${pulled.eventSkuId}/pull`, { token: operator.grouped, body: { reason: '质检不合格' } }));

  const skusOf = (body: { products: { skus: { eventSkuId: string; pulled: boolean; available: number }[] }[] }) => new Map(body.products.flatMap((x) => x.skus).map((s) => [s.eventSkuId, s]));
  const shop = skusOf(ok(await call(tp, 'GET', `/api/v1/storefront/${r.shareCode}/sale-events/${ev.id}`)));
  const app = skusOf(ok(await call(tp, 'GET', `/api/v1/reseller/sale-events/${ev.id}`, { token })));
  for (const view of [shop, app]) {
    assert.equal(view.get(pulled.eventSkuId)!.pulled, true);
    assert.equal(view.get(pulled.eventSkuId)!.available, 0);
    assert.equal(view.get(other.eventSkuId)!.pulled, false);
  }

  const orders = await ordersOf(tp, r.resellerId);
  for (const lang of ['zh-CN', 'en'] as const) {
    const a = await linkOrder(tp, r.shareCode, pulled.eventSkuId, lang);
    refused(a, 'sku_pulled', lang);
    assert.deepEqual(a.body.eventSkuIds, [pulled.eventSkuId], 'the problem names the item');
    refused(await walletOrder(tp, token, pulled.eventSkuId, lang), 'sku_pulled', lang);
    // the checkout's preview says the same, not that the event is off sale
    refused(await call(tp, 'POST', `/api/v1/storefront/${r.shareCode}/quote`, { lang, body: { lines: [{ eventSkuId: pulled.eventSkuId, quantity: 1 }] } }), 'sku_pulled', lang);
  }
  assert.equal(await ordersOf(tp, r.resellerId), orders, 'no order was written');
  assert.deepEqual(await poolOf(tp, pulled.eventSkuId), { available: 0, held: 0, sold: 0 });
  ok(await linkOrder(tp, r.shareCode, other.eventSkuId), 201);
});

test('the reseller profile is the reseller’s own: another reseller, a brand and an anonymous caller cannot read a reseller’s status', async () => {
  const r = await reseller(tp);
  const other = await reseller(tp);
  const otherToken = await login(tp, other.phone, other.password);
  assert.equal((await call(tp, 'GET', '/api/v1/reseller/me')).status, 401);
  assert.equal(ok(await call(tp, 'GET', '/api/v1/reseller/me', { token: otherToken })).reseller.id, other.resellerId, '/me is always the caller');
  for (const token of [otherToken]) assert.equal((await call(tp, 'GET', `/api/v1/resellers/${r.resellerId}`, { token })).status, 403);
});
