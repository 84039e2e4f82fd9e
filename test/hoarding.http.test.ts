// One buyer must not be able to hold a whole event's stock (恶意占库存): caps on what a phone,
// a client address and a reseller link hold unpaid, judged in the database under per-holder locks
// (so concurrent placements, in one process or several, never exceed them); shorter storefront
// holds; a reseller's and the operator's views of who holds what, and releasing it with an audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startApiProcess } from './support/processes.ts';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, payOnGateway, uniquePhone, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import { login } from './support/http.ts';
import { loadConfig, type HoldLimits } from '../src/platform/config.ts';
import { AppError } from '../src/platform/errors.ts';
import { placeStorefrontOrder, placeResellerOrder } from '../src/flows/checkout.flow.ts';
import { createGroupBuyOffer, openGroup, joinGroup } from '../src/flows/group-buy.flow.ts';
import { createPresale } from '../src/flows/presale.flow.ts';
import { createFlashItem } from '../src/modules/flash-sales/index.ts';
import { claimFlash } from '../src/flows/flash-checkout.flow.ts';
import { expireHolds } from '../src/modules/orders/index.ts';
import { createUser } from '../src/modules/accounts/index.ts';

let tp: TestPlatform;
let shop: ResellerFixture;
let other: ResellerFixture;
let shopToken = '';
let otherToken = '';
let opToken = '';
const DEFAULTS: HoldLimits = loadConfig().holdLimits;
const OFF: HoldLimits = { unitsPerPhoneSku: 0, unitsPerPhone: 0, ordersPerPhone: 0, ordersPerAddress: 0, ordersPerLink: 0, windowMinutes: 60 };

before(async () => {
  tp = await testPlatform();
  shop = await reseller(tp, 1_000_000);
  other = await reseller(tp, 1_000_000);
  shopToken = await login(tp, shop.phone, shop.password);
  otherToken = await login(tp, other.phone, other.password);
  const opPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone: opPhone, name: '值班运营', password: 'operator-password' });
  opToken = await login(tp, opPhone, 'operator-password');
});
after(async () => { await tp?.close(); });

/** The policy in force for the rest of a test (the platform reads its config on every placement). */
function limits(l: Partial<HoldLimits> = {}, base: HoldLimits = DEFAULTS): void {
  tp.config.holdLimits = { ...base, ...l };
}

const anon = () => tp.ctx({ kind: 'anonymous' });
const consumer = (phone: string, name = '囤货人') => ({ name, phone, address: ADDRESS });
const q = async <T>(sql: string, params: unknown[] = []) => (await tp.database.pool.query(sql, params)).rows as T[];
let seq = 0;
const key = (tag: string) => `hoard-${tag}-${++seq}-${crypto.randomBytes(3).toString('hex')}`;

async function event(units: number, skus = 1) {
  const brand = await brandWithLot(tp, { qty: units, sizes: ['S', 'M', 'L'].slice(0, Math.max(1, Math.ceil(skus / 2))) });
  const ev = await liveEvent(tp, brand, { skuIds: brand.skuIds.slice(0, skus), quantity: units });
  return { brand, ev, esk: ev.skus.map((s) => s.eventSkuId) };
}

interface Res { status: number; body: any; headers: Record<string, unknown> }
/** A client address of its own, unless a test is about addresses. */
const randomIp = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
async function http(method: string, url: string, o: { body?: unknown; token?: string; lang?: string; ip?: string; key?: string } = {}): Promise<Res> {
  const headers: Record<string, string> = { 'accept-language': o.lang ?? 'zh-CN' };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.key) headers['idempotency-key'] = o.key;
  const res = await tp.app.inject({ method: method as 'GET', url, headers, payload: o.body === undefined ? undefined : JSON.stringify(o.body), remoteAddress: o.ip ?? randomIp() });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
}
const buy = (code: string, phone: string, lines: { eventSkuId: string; quantity: number }[], o: { ip?: string; lang?: string; key?: string } = {}) =>
  http('POST', `/api/v1/storefront/${code}/orders`, { body: { consumer: consumer(phone), lines }, key: o.key ?? key('sf'), ip: o.ip, lang: o.lang });

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try { await p; } catch (e) { if (e instanceof AppError) return e; throw e; }
  throw new Error('expected a refusal');
}
const pool = async (esk: string) => (await q<{ available: number; held: number }>('SELECT available, held FROM pools WHERE event_sku_id = $1', [esk]))[0];
const ordersOf = async (phone: string) => (await q<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE consumer_phone = $1', [phone]))[0].n;

// ---- the caps ----

test('the issue’s hoarder: one phone cannot hold all 48 units of a SKU; past the cap a clear problem+json, and nothing is held', async () => {
  limits();
  const { esk: [esk] } = await event(48);
  const phone = uniquePhone();
  // Tried: five orders in a row (10, 10, 10, 10, 8 units) held the whole SKU. Now the first is refused at once.
  const first = await buy(shop.shareCode, phone, [{ eventSkuId: esk, quantity: 10 }]);
  assert.equal(first.status, 409, JSON.stringify(first.body));
  assert.match(String(first.headers['content-type']), /application\/problem\+json/);
  assert.equal(first.body.code, 'too_many_unpaid_orders');
  assert.equal(first.body.title, '未付款订单过多：请先支付已下的订单（或联系代购取消），再下新单');
  assert.match(first.body.detail, /每个手机号最多同时保留 5 件/);
  assert.deepEqual({ limit: first.body.limit, cap: first.body.cap, held: first.body.held, requested: first.body.requested, eventSkuId: first.body.eventSkuId },
    { limit: 'units_per_phone_sku', cap: 5, held: 0, requested: 10, eventSkuId: esk });
  assert.deepEqual(await pool(esk), { available: 48, held: 0 }, 'nothing is held');
  assert.equal(await ordersOf(phone), 0, 'no order is written');

  // Up to the cap is an ordinary purchase; one more unit of the SKU is refused, in English too.
  const three = await buy(shop.shareCode, phone, [{ eventSkuId: esk, quantity: 3 }]);
  assert.equal(three.status, 201);
  assert.equal((await buy(shop.shareCode, phone, [{ eventSkuId: esk, quantity: 2 }])).status, 201);
  const en = await buy(shop.shareCode, phone, [{ eventSkuId: esk, quantity: 1 }], { lang: 'en' });
  assert.equal(en.status, 409);
  assert.equal(en.body.title, 'Too many unpaid orders: pay for (or ask your seller to cancel) what you already hold before ordering more');
  assert.match(en.body.detail, /^This phone number already holds 5 unpaid of this item; one phone number may hold at most 5 \(this order asks for 1\)\. Pay for or cancel/);
  assert.deepEqual([en.body.held, en.body.cap, en.body.requested], [5, 5, 1]);
  assert.deepEqual(await pool(esk), { available: 43, held: 5 }, 'the rest of the SKU stays on sale');
  // Paying frees the buyer's room: paid units are not held.
  await payOnGateway(tp, three.body.order.payment.payUrl);
  assert.equal((await buy(shop.shareCode, phone, [{ eventSkuId: esk, quantity: 3 }])).status, 201, 'after paying 3, three more may be held');
});

test('units across the platform: one phone holds at most 20 unpaid, whatever the SKUs and shops', async () => {
  limits({ ordersPerPhone: 0 });
  const { esk } = await event(30, 6);
  const phone = uniquePhone();
  for (const [i, e] of esk.slice(0, 4).entries()) {
    assert.equal((await buy(i % 2 ? other.shareCode : shop.shareCode, phone, [{ eventSkuId: e, quantity: 5 }])).status, 201);
  }
  const r = await buy(shop.shareCode, phone, [{ eventSkuId: esk[4], quantity: 1 }]);
  assert.equal(r.status, 409);
  assert.deepEqual([r.body.limit, r.body.held, r.body.cap, r.body.requested], ['units_per_phone', 20, 20, 1]);
  assert.equal((await buy(shop.shareCode, uniquePhone(), [{ eventSkuId: esk[4], quantity: 5 }])).status, 201, 'another phone is not affected');
});

test('unpaid orders per phone in the window: paid ones do not count, expired ones do — a script cannot start again when its holds expire', async () => {
  limits();
  const { esk } = await event(20, 6);
  const phone = uniquePhone();
  const placed: Res[] = [];
  for (let i = 0; i < 5; i++) placed.push(await buy(shop.shareCode, phone, [{ eventSkuId: esk[i], quantity: 1 }]));
  assert.deepEqual(placed.map((p) => p.status), [201, 201, 201, 201, 201]);
  const sixth = await buy(shop.shareCode, phone, [{ eventSkuId: esk[5], quantity: 1 }]);
  assert.deepEqual([sixth.status, sixth.body.limit, sixth.body.held, sixth.body.cap, sixth.body.windowMinutes], [409, 'orders_per_phone', 5, 5, 60]);
  await payOnGateway(tp, placed[0].body.order.payment.payUrl);
  assert.equal((await buy(shop.shareCode, phone, [{ eventSkuId: esk[5], quantity: 1 }])).status, 201, 'a paid order leaves room');
  // Every hold runs out; the sweep gives the stock back — and the phone is still capped for the window.
  await tp.database.pool.query(`UPDATE orders SET hold_expires_at = now() - interval '1 second' WHERE consumer_phone = $1 AND status = 'pending_payment'`, [phone]);
  await expireHolds(tp.ctx());
  assert.equal((await q<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE consumer_phone = $1 AND status = 'expired'`, [phone]))[0].n, 5);
  const again = await buy(shop.shareCode, phone, [{ eventSkuId: esk[0], quantity: 1 }]);
  assert.deepEqual([again.status, again.body.limit], [409, 'orders_per_phone'], 'expired holds still count in the window');
  // Once they are older than the window, the phone may order again.
  await tp.database.pool.query(`UPDATE orders SET created_at = now() - interval '61 minutes' WHERE consumer_phone = $1 AND status = 'expired'`, [phone]);
  assert.equal((await buy(shop.shareCode, phone, [{ eventSkuId: esk[0], quantity: 1 }])).status, 201);
});

test('unpaid orders per client address: many phones from one network are capped; an IPv6 /64 is one network; another network is not affected', async () => {
  limits({ ordersPerAddress: 3 });
  const { esk: [esk] } = await event(50);
  for (let i = 0; i < 3; i++) assert.equal((await buy(shop.shareCode, uniquePhone(), [{ eventSkuId: esk, quantity: 1 }], { ip: '203.0.113.50' })).status, 201);
  const r = await buy(shop.shareCode, uniquePhone(), [{ eventSkuId: esk, quantity: 1 }], { ip: '203.0.113.50' });
  assert.deepEqual([r.status, r.body.limit, r.body.held, r.body.cap], [409, 'orders_per_address', 3, 3]);
  assert.match(r.body.detail, /您所在的网络 60 分钟内已有 3 笔未付款订单/);
  assert.equal((await buy(shop.shareCode, uniquePhone(), [{ eventSkuId: esk, quantity: 1 }], { ip: '::ffff:203.0.113.50' })).status, 409, 'the same IPv4 address written as IPv6');
  assert.equal((await buy(shop.shareCode, uniquePhone(), [{ eventSkuId: esk, quantity: 1 }], { ip: '203.0.113.51' })).status, 201);
  for (let i = 1; i <= 3; i++) assert.equal((await buy(shop.shareCode, uniquePhone(), [{ eventSkuId: esk, quantity: 1 }], { ip: `2408:8207:1851:7f10::${i}` })).status, 201);
  const v6 = await buy(shop.shareCode, uniquePhone(), [{ eventSkuId: esk, quantity: 1 }], { ip: '2408:8207:1851:7f10:dead:beef:1:2' });
  assert.deepEqual([v6.status, v6.body.limit], [409, 'orders_per_address'], 'another interface of the same /64');
  const [row] = await q<{ client_address: string }>(`SELECT client_address FROM orders WHERE client_address LIKE '2408%' LIMIT 1`);
  assert.equal(row.client_address, '2408:8207:1851:7f10::/64');
});

test('unpaid orders per reseller link: a link’s window is capped across phones; another link is not affected', async () => {
  const code = (await reseller(tp)).shareCode;
  limits({ ordersPerLink: 3, ordersPerAddress: 0 });
  const { esk: [esk] } = await event(50);
  for (let i = 0; i < 3; i++) assert.equal((await buy(code, uniquePhone(), [{ eventSkuId: esk, quantity: 1 }], { ip: `192.0.2.${i + 1}` })).status, 201);
  const r = await buy(code, uniquePhone(), [{ eventSkuId: esk, quantity: 1 }], { ip: '192.0.2.9' });
  assert.deepEqual([r.status, r.body.limit, r.body.held, r.body.cap], [409, 'orders_per_link', 3, 3]);
  assert.equal((await buy(other.shareCode, uniquePhone(), [{ eventSkuId: esk, quantity: 1 }], { ip: '192.0.2.9' })).status, 201);
});

test('a retry of an accepted order is answered as before, from any address, even when its phone is now at the cap', async () => {
  limits();
  const { esk: [esk] } = await event(20);
  const phone = uniquePhone();
  const k = key('retry');
  const first = await buy(shop.shareCode, phone, [{ eventSkuId: esk, quantity: 5 }], { key: k, ip: '198.51.100.7' });
  assert.equal(first.status, 201);
  const again = await buy(shop.shareCode, phone, [{ eventSkuId: esk, quantity: 5 }], { key: k, ip: '198.51.100.99' });
  assert.equal(again.status, 201, JSON.stringify(again.body));
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.equal(again.body.order.id, first.body.order.id);
});

test('reseller-placed orders are the reseller’s own, not capped; wallet orders hold nothing', async () => {
  limits();
  const { esk: [esk] } = await event(30);
  const o = await placeResellerOrder(tp.ctx(shop.actor), { consumer: consumer(uniquePhone()), lines: [{ eventSkuId: esk, quantity: 12 }], payWith: 'provider', idempotencyKey: key('rs') });
  assert.equal(o.order.status, 'pending_payment');
});

// ---- holds: storefront holds are shorter ----

test('a storefront order holds its stock for STOREFRONT_HOLD_MINUTES (10), a reseller’s gateway order for HOLD_MINUTES (15); a group’s hold no longer than the group', async () => {
  limits();
  assert.equal(tp.config.storefrontHoldMinutes, 10);
  assert.equal(tp.config.holdMinutes, 15);
  const { ev, esk: [esk] } = await event(30);
  const sf = await placeStorefrontOrder(anon(), { shareCode: shop.shareCode, consumer: consumer(uniquePhone()), lines: [{ eventSkuId: esk, quantity: 1 }], idempotencyKey: key('hold-sf') });
  const rs = await placeResellerOrder(tp.ctx(shop.actor), { consumer: consumer(uniquePhone()), lines: [{ eventSkuId: esk, quantity: 1 }], payWith: 'provider', idempotencyKey: key('hold-rs') });
  const minutes = async (id: string) => (await q<{ m: number }>(`SELECT extract(epoch FROM hold_expires_at - created_at)::int / 60 AS m FROM orders WHERE id = $1`, [id]))[0].m;
  assert.equal(await minutes(sf.order.id), 10);
  assert.equal(await minutes(rs.order.id), 15);
  const offer = await createGroupBuyOffer(tp.ctx(), { saleEventId: ev.id, eventSkuId: esk, groupSize: 3, groupPrice: 22_900, hours: 24 });
  const g = await openGroup(anon(), { shareCode: shop.shareCode, offerId: offer.id, consumer: consumer(uniquePhone()), quantity: 1, idempotencyKey: key('hold-grp') });
  assert.equal(await minutes(g.order.id), 10, 'a group order is a storefront order');
});

// ---- campaigns obey the caps ----

test('group-buy orders and presale orders obey the caps (they are placed like any storefront order)', async () => {
  limits();
  const { ev, esk } = await event(40, 3);
  const phone = uniquePhone();
  // The phone already holds 5 unpaid orders.
  for (let i = 0; i < 5; i++) assert.equal((await buy(shop.shareCode, phone, [{ eventSkuId: esk[1 + (i % 2)], quantity: 1 }])).status, 201);
  const offer = await createGroupBuyOffer(tp.ctx(), { saleEventId: ev.id, eventSkuId: esk[0], groupSize: 3, groupPrice: 22_900, hours: 24 });
  const open = await refusal(openGroup(anon(), { shareCode: shop.shareCode, offerId: offer.id, consumer: consumer(phone), quantity: 1, idempotencyKey: key('grp-open') }));
  assert.equal(open.code, 'too_many_unpaid_orders');
  const g = await openGroup(anon(), { shareCode: shop.shareCode, offerId: offer.id, consumer: consumer(uniquePhone()), quantity: 1, idempotencyKey: key('grp-open-ok') });
  const join = await refusal(joinGroup(anon(), { shareCode: shop.shareCode, groupId: g.groupId, consumer: consumer(phone), quantity: 1, idempotencyKey: key('grp-join') }));
  assert.equal(join.code, 'too_many_unpaid_orders');
  const seats = await q<{ joined: number }>('SELECT joined FROM group_buys WHERE id = $1', [g.groupId]);
  assert.equal(seats[0].joined, 1, 'the refused join took no seat');
  // Over HTTP: the group routes pass the client address too.
  limits({ ordersPerAddress: 1 });
  const byAddress = await http('POST', `/api/v1/storefront/${shop.shareCode}/groups/${g.groupId}/join`, { body: { consumer: consumer(uniquePhone()), quantity: 1 }, key: key('grp-http'), ip: '198.18.0.1' });
  assert.equal(byAddress.status, 201, JSON.stringify(byAddress.body));
  const second = await http('POST', `/api/v1/storefront/${shop.shareCode}/groups/${g.groupId}/join`, { body: { consumer: consumer(uniquePhone()), quantity: 1 }, key: key('grp-http'), ip: '198.18.0.1' });
  assert.deepEqual([second.status, second.body.code, second.body.limit], [409, 'too_many_unpaid_orders', 'orders_per_address']);

  limits();
  const pre = await event(40, 2);
  await createPresale(tp.ctx(), { saleEventId: pre.ev.id, moq: 5, deadline: new Date(Date.now() + 3_600_000), shipDays: 10 });
  const presale = await refusal(placeStorefrontOrder(anon(), { shareCode: shop.shareCode, consumer: consumer(phone), lines: [{ eventSkuId: pre.esk[0], quantity: 1 }], idempotencyKey: key('pre') }));
  assert.equal(presale.code, 'too_many_unpaid_orders');
  const big = await refusal(placeStorefrontOrder(anon(), { shareCode: shop.shareCode, consumer: consumer(uniquePhone()), lines: [{ eventSkuId: pre.esk[0], quantity: 6 }], idempotencyKey: key('pre-big') }));
  assert.equal(big.code, 'too_many_unpaid_orders');
});

test('flash sales keep their own exact per-phone limit and are not judged by the caps; a flash hold counts toward what the phone holds', async () => {
  limits();
  const brand = await brandWithLot(tp, { qty: 20, sizes: ['M', 'L'], base: '100.00', tag: '399.00' });
  const ev = await liveEvent(tp, brand, { skuIds: brand.skuIds.slice(0, 2), quantity: 20 });
  const [flashEsk, plainEsk] = ev.skus.map((s) => s.eventSkuId);
  const item = await createFlashItem(tp.ctx(), { saleEventId: ev.id, eventSkuId: flashEsk, price: 12_900, quantity: 10, perBuyerLimit: 2, perResellerLimit: 10, startsAt: new Date(Date.now() - 1000) });
  const phone = uniquePhone();
  for (let i = 0; i < 5; i++) assert.equal((await buy(shop.shareCode, phone, [{ eventSkuId: plainEsk, quantity: 1 }])).status, 201);
  // At the caps for ordinary orders, the phone still grabs its flash units — exactly its flash limit.
  const grab = (n: number) => claimFlash(anon(), { shareCode: shop.shareCode, flashItemId: item.id, quantity: 1, idempotencyKey: key(`flash-${n}`), consumer: consumer(phone) });
  await grab(1);
  await grab(2);
  assert.equal((await refusal(grab(3))).code, 'limit_exceeded');
  // Its flash holds are holds: with room for more orders, its two flash units count toward the units it holds.
  limits({ ordersPerPhone: 0, unitsPerPhoneSku: 0, unitsPerPhone: 7 });
  const r = await buy(shop.shareCode, phone, [{ eventSkuId: plainEsk, quantity: 1 }]);
  assert.deepEqual([r.status, r.body.limit, r.body.held], [409, 'units_per_phone', 7]);
});

// ---- concurrency: the caps hold when orders race ----

test('60 concurrent orders for one phone never exceed its caps: exactly 5 orders, exactly 5 units of a SKU, exactly 7 units across SKUs', async () => {
  const race = async (n: number, phone: string, eskOf: (i: number) => string, tag: string) => {
    const out = await Promise.allSettled(Array.from({ length: n }, (_, i) => placeStorefrontOrder(anon(), {
      shareCode: i % 2 ? shop.shareCode : other.shareCode, consumer: consumer(phone), lines: [{ eventSkuId: eskOf(i), quantity: 1 }], idempotencyKey: key(`${tag}-${i}`),
    })));
    const refused = out.filter((o) => o.status === 'rejected').map((o) => ((o as PromiseRejectedResult).reason as AppError).code);
    assert.deepEqual([...new Set(refused)], ['too_many_unpaid_orders'], 'no failure but the cap');
    return out.length - refused.length;
  };
  const { esk } = await event(100, 6);
  limits({ ordersPerLink: 0 });
  const p1 = uniquePhone();
  assert.equal(await race(60, p1, (i) => esk[i % 6], 'orders'), 5, 'orders per phone');
  limits({ ordersPerPhone: 0, ordersPerLink: 0 });
  const p2 = uniquePhone();
  assert.equal(await race(60, p2, () => esk[0], 'sku'), 5, 'units of one SKU per phone');
  limits({ ordersPerPhone: 0, ordersPerLink: 0, unitsPerPhone: 7 });
  const p3 = uniquePhone();
  assert.equal(await race(60, p3, (i) => esk[1 + (i % 5)], 'units'), 7, 'units across SKUs per phone');
  const held = await q<{ phone: string; orders: number; units: number }>(`
    SELECT o.consumer_phone AS phone, count(DISTINCT o.id)::int AS orders, sum(l.quantity)::int AS units FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.consumer_phone = ANY($1) AND o.status = 'pending_payment' GROUP BY 1 ORDER BY 1`, [[p1, p2, p3]]);
  assert.deepEqual(held.map((h) => [h.phone, h.orders]).sort(), [[p1, 5], [p2, 5], [p3, 7]].sort());
});

test('40 concurrent orders from one address (many phones), 60 through one link, never exceed those caps', async () => {
  const { esk: [esk] } = await event(100);
  limits({ ordersPerAddress: 6, ordersPerLink: 0 });
  const fromOne = await Promise.all(Array.from({ length: 40 }, () => buy(shop.shareCode, uniquePhone(), [{ eventSkuId: esk, quantity: 1 }], { ip: '198.51.100.200' })));
  assert.equal(fromOne.filter((r) => r.status === 201).length, 6);
  assert.ok(fromOne.every((r) => r.status === 201 || r.body.limit === 'orders_per_address'), 'no failure but the cap');
  const code = (await reseller(tp)).shareCode;
  limits({ ordersPerAddress: 0, ordersPerLink: 8 });
  const viaOne = await Promise.all(Array.from({ length: 60 }, (_, i) => buy(code, uniquePhone(), [{ eventSkuId: esk, quantity: 1 }], { ip: `198.51.101.${i + 1}` })));
  assert.equal(viaOne.filter((r) => r.status === 201).length, 8);
});

// ---- a reseller sees their customers' holds and releases them ----

test('a reseller sees only their own customers’ unpaid holds and releases one: stock back, charge closed, audited', async () => {
  limits();
  const { esk: [esk] } = await event(30);
  const alice = uniquePhone();
  const a1 = await buy(shop.shareCode, alice, [{ eventSkuId: esk, quantity: 2 }]);
  const a2 = await buy(shop.shareCode, alice, [{ eventSkuId: esk, quantity: 3 }]);
  const mine = await buy(other.shareCode, uniquePhone(), [{ eventSkuId: esk, quantity: 1 }]);
  const view = await http('GET', '/api/v1/reseller/holds', { token: shopToken });
  assert.equal(view.status, 200, JSON.stringify(view.body));
  const ids = view.body.orders.map((o: { id: string }) => o.id);
  assert.ok(ids.includes(a1.body.order.id) && ids.includes(a2.body.order.id));
  assert.ok(!ids.includes(mine.body.order.id), 'another reseller’s customer is not listed');
  const aliceRow = view.body.customers.find((c: { phone: string }) => c.phone === alice);
  assert.deepEqual([aliceRow.orders, aliceRow.units], [2, 5]);
  assert.equal(view.body.orders.find((o: { id: string }) => o.id === a1.body.order.id).lines[0].productName, '羊毛大衣');

  // Another reseller's order answers like a missing one.
  const foreign = await http('POST', '/api/v1/holds/release', { token: otherToken, body: { orderId: a1.body.order.id, reason: '不是我的' } });
  assert.equal(foreign.status, 404);
  const before = await pool(esk);
  const rel = await http('POST', '/api/v1/holds/release', { token: shopToken, body: { orderId: a1.body.order.id, reason: '顾客说不要了' } });
  assert.equal(rel.status, 200, JSON.stringify(rel.body));
  assert.deepEqual([rel.body.units, rel.body.released], [2, [{ orderId: a1.body.order.id, orderNo: a1.body.order.orderNo, units: 2 }]]);
  assert.deepEqual(await pool(esk), { available: before.available + 2, held: before.held - 2 });
  const [o] = await q<{ status: string; cancel_reason: string }>('SELECT status, cancel_reason FROM orders WHERE id = $1', [a1.body.order.id]);
  assert.deepEqual(o, { status: 'cancelled', cancel_reason: '顾客说不要了' });
  const chargeId = a1.body.order.payment.payUrl.split('/').pop();
  assert.equal((await q<{ status: string }>('SELECT status FROM sandbox_charges WHERE id = $1', [chargeId]))[0].status, 'closed', 'its payment link no longer takes money');
  const [audit] = await q<{ actor_kind: string; actor_name: string; scope: string; reason: string; units: number; reseller_id: string }>('SELECT actor_kind, actor_name, scope, reason, units, reseller_id FROM hold_releases WHERE order_id = $1', [a1.body.order.id]);
  assert.deepEqual(audit, { actor_kind: 'reseller', actor_name: '测试代购', scope: 'order', reason: '顾客说不要了', units: 2, reseller_id: shop.resellerId });

  // Released twice, or paid meanwhile: refused, never refunded.
  const twice = await http('POST', '/api/v1/holds/release', { token: shopToken, body: { orderId: a1.body.order.id, reason: '再来一次' } });
  assert.deepEqual([twice.status, twice.body.code], [409, 'order_not_holding']);
  await payOnGateway(tp, a2.body.order.payment.payUrl);
  const paid = await http('POST', '/api/v1/holds/release', { token: shopToken, body: { orderId: a2.body.order.id, reason: '顾客说不要了' }, lang: 'en' });
  assert.deepEqual([paid.status, paid.body.code], [409, 'order_not_holding']);
  assert.equal((await q<{ status: string }>('SELECT status FROM orders WHERE id = $1', [a2.body.order.id]))[0].status, 'paid');
  assert.equal((await q<{ n: number }>('SELECT count(*)::int AS n FROM refunds WHERE order_id = $1', [a2.body.order.id]))[0].n, 0);

  // A customer's holds at once, by phone — only this reseller's.
  const b = uniquePhone();
  await buy(shop.shareCode, b, [{ eventSkuId: esk, quantity: 1 }]);
  await buy(shop.shareCode, b, [{ eventSkuId: esk, quantity: 1 }]);
  const theirs = await buy(other.shareCode, b, [{ eventSkuId: esk, quantity: 1 }]);
  const byPhone = await http('POST', '/api/v1/holds/release', { token: shopToken, body: { by: 'phone', key: b, reason: '重复下单' } });
  assert.deepEqual([byPhone.status, byPhone.body.released.length, byPhone.body.units], [200, 2, 2]);
  assert.equal((await q<{ status: string }>('SELECT status FROM orders WHERE id = $1', [theirs.body.order.id]))[0].status, 'pending_payment', 'the other reseller’s order is untouched');
  const byLink = await http('POST', '/api/v1/holds/release', { token: shopToken, body: { by: 'link', key: shop.resellerId, reason: '清空' } });
  assert.equal(byLink.status, 403, 'resellers release by order or phone only');
});

// ---- the operator sees the biggest holders and releases them ----

test('the operator sees the biggest holders right now by phone, client address and link, and releases a holder with a reason (audited)', async () => {
  limits({ unitsPerPhoneSku: 20, unitsPerPhone: 40, ordersPerPhone: 20, ordersPerAddress: 0, ordersPerLink: 0 });
  const { esk } = await event(60, 2);
  const hoarder = uniquePhone();
  const ip = '203.0.113.66';
  for (let i = 0; i < 3; i++) assert.equal((await buy(shop.shareCode, hoarder, [{ eventSkuId: esk[i % 2], quantity: 8 }], { ip })).status, 201);
  await buy(other.shareCode, uniquePhone(), [{ eventSkuId: esk[0], quantity: 1 }], { ip: '203.0.113.67' });
  // An order of two lines counts once among the unpaid orders, its units twice.
  assert.equal((await buy(other.shareCode, uniquePhone(), [{ eventSkuId: esk[0], quantity: 1 }, { eventSkuId: esk[1], quantity: 1 }], { ip: '203.0.113.68' })).status, 201);

  const byPhone = await http('GET', '/api/v1/holds/holders?by=phone', { token: opToken });
  assert.equal(byPhone.status, 200, JSON.stringify(byPhone.body));
  const units = byPhone.body.holders.map((h: { units: number }) => h.units);
  assert.deepEqual(units, [...units].sort((x, y) => y - x), 'most units first');
  const top = byPhone.body.holders.find((h: { key: string }) => h.key === hoarder);
  assert.deepEqual([top.units, top.orders, top.label, top.resellers], [24, 3, '囤货人', 1]);
  assert.ok(Date.parse(top.since) <= Date.now() && Date.parse(top.until) > Date.now());
  assert.ok(byPhone.body.totals.units >= 27);
  const [held] = await q<{ orders: number; units: number }>(`SELECT count(*)::int AS orders, (SELECT coalesce(sum(l.quantity), 0)::int FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.status = 'pending_payment' AND o.kind = 'storefront') AS units
    FROM orders WHERE status = 'pending_payment' AND kind = 'storefront'`);
  assert.deepEqual(byPhone.body.totals, held, 'the unpaid orders counted once each, not once a line');
  const byAddress = await http('GET', '/api/v1/holds/holders?by=address', { token: opToken });
  const net = byAddress.body.holders.find((h: { key: string }) => h.key === ip);
  assert.deepEqual([net.units, net.orders, net.phones], [24, 3, 1]);
  const byLink = await http('GET', '/api/v1/holds/holders?by=link', { token: opToken });
  const link = byLink.body.holders.find((h: { key: string }) => h.key === shop.resellerId);
  assert.ok(link.units >= 24);
  assert.equal(link.label, `测试代购 · ${shop.shareCode}`);
  assert.equal((await http('GET', '/api/v1/holds/holders?by=phone', { token: shopToken })).status, 403);

  const rel = await http('POST', '/api/v1/holds/release', { token: opToken, body: { by: 'phone', key: hoarder, reason: '恶意占库存' } });
  assert.deepEqual([rel.status, rel.body.released.length, rel.body.units], [200, 3, 24]);
  const after = await http('GET', '/api/v1/holds/holders?by=phone', { token: opToken });
  assert.ok(!after.body.holders.some((h: { key: string }) => h.key === hoarder), 'the holder holds nothing now');
  const log = await http('GET', '/api/v1/holds/releases', { token: opToken });
  const entry = log.body.items.find((b: { batchId: string }) => b.batchId === rel.body.batchId);
  assert.deepEqual([entry.actorKind, entry.actorName, entry.scope, entry.subject, entry.reason, entry.orders, entry.units], ['operator', '值班运营', 'phone', hoarder, '恶意占库存', 3, 24]);
  // By client address and by link work the same way.
  const addr = await http('POST', '/api/v1/holds/release', { token: opToken, body: { by: 'address', key: '203.0.113.67', reason: '同一网络大量占库存' } });
  assert.deepEqual([addr.status, addr.body.released.length], [200, 1]);
  const none = await http('POST', '/api/v1/holds/release', { token: opToken, body: { by: 'phone', key: hoarder, reason: '再放一次' } });
  assert.deepEqual([none.status, none.body.released, none.body.batchId], [200, [], null], 'nothing left to release');
  const bad = await http('POST', '/api/v1/holds/release', { token: opToken, body: { by: 'phone', key: hoarder } });
  assert.equal(bad.status, 400, 'a reason is required');
});

// ---- two real API processes on one database ----

/** Both processes' requests come from 127.0.0.1: this test is about the hold caps, not request rates. */
const CAPS_ONLY = {
  RATE_LIMITS: 'off', UNPAID_UNITS_PER_PHONE_SKU: '5', UNPAID_UNITS_PER_PHONE: '20', UNPAID_ORDERS_PER_PHONE: '5', UNPAID_ORDERS_PER_ADDRESS: '0', UNPAID_ORDERS_PER_LINK: '0',
};

test('two API processes on one database agree: 40 concurrent orders for one phone, half to each, hold exactly its cap', async () => {
  const { esk } = await event(60, 3);
  const apis = await Promise.all([startApiProcess(tp.url, CAPS_ONLY), startApiProcess(tp.url, CAPS_ONLY)]);
  try {
    const place = (i: number, phone: string, eventSkuId: string) => fetch(`${apis[i % 2].base}/api/v1/storefront/${shop.shareCode}/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key(`proc-${i}`) },
      body: JSON.stringify({ consumer: consumer(phone), lines: [{ eventSkuId, quantity: 1 }] }),
    }).then(async (r) => ({ status: r.status, body: await r.json() as { code?: string; limit?: string } }));
    // Orders per phone (5) binds: three SKUs, one unit each.
    const p1 = uniquePhone();
    const a = await Promise.all(Array.from({ length: 40 }, (_, i) => place(i, p1, esk[i % 3])));
    assert.equal(a.filter((r) => r.status === 201).length, 5, JSON.stringify(a.filter((r) => r.status !== 201 && r.body.code !== 'too_many_unpaid_orders')));
    assert.ok(a.every((r) => r.status === 201 || r.body.code === 'too_many_unpaid_orders'), JSON.stringify(a.filter((r) => r.status !== 201 && r.body.code !== 'too_many_unpaid_orders')));
    // Units of one SKU (5) bind: two units each → two orders.
    const p2 = uniquePhone();
    const b = await Promise.all(Array.from({ length: 40 }, (_, i) => fetch(`${apis[i % 2].base}/api/v1/storefront/${other.shareCode}/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key(`proc2-${i}`), 'accept-language': 'en' },
      body: JSON.stringify({ consumer: consumer(p2), lines: [{ eventSkuId: esk[0], quantity: 2 }] }),
    }).then(async (r) => ({ status: r.status, body: await r.json() as { limit?: string } }))));
    assert.equal(b.filter((r) => r.status === 201).length, 2);
    assert.ok(b.every((r) => r.status === 201 || r.body.limit === 'units_per_phone_sku'));
    const held = await q<{ phone: string; units: number }>(`SELECT o.consumer_phone AS phone, sum(l.quantity)::int AS units FROM orders o JOIN order_lines l ON l.order_id = o.id
      WHERE o.consumer_phone = ANY($1) AND o.status = 'pending_payment' GROUP BY 1`, [[p1, p2]]);
    assert.deepEqual(Object.fromEntries(held.map((h) => [h.phone, h.units])), { [p1]: 5, [p2]: 4 });
  } finally {
    await Promise.all(apis.map((x) => x.stop()));
  }
});

test('with every cap off (0) the placement counts nothing and hoarding is possible again', async () => {
  limits({}, OFF);
  const { esk: [esk] } = await event(48);
  const phone = uniquePhone();
  for (const n of [10, 10, 10, 10, 8]) assert.equal((await buy(shop.shareCode, phone, [{ eventSkuId: esk, quantity: n }])).status, 201);
  assert.deepEqual(await pool(esk), { available: 0, held: 48 });
});
