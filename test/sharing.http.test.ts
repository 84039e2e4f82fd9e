// Share links, visitor records and customer binding (流量保护) over HTTP: a link carries its
// channel and ends with its event (the database clock), an ended link shows the shop's other
// live events, views name a visitor only to the reseller they ordered from, and an order through
// another reseller's link goes to the reseller the consumer is bound to, by the documented rules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, payOnGateway, ADDRESS, uniquePhone, type ResellerFixture } from './support/fixtures.ts';
import { login, call } from './support/http.ts';
import { decodePng, scanQr } from './support/png.ts';
import { flushViews } from '../src/modules/sharing/index.ts';
import { setResellerStatus } from '../src/modules/resellers/index.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

let tp: TestPlatform;
let ev: SaleEventView;
let other: SaleEventView;
let a: ResellerFixture & { token: string };
let b: ResellerFixture & { token: string };
let c: ResellerFixture & { token: string };

const withLogin = async (r: ResellerFixture) => ({ ...r, token: await login(tp, r.phone, r.password) });

before(async () => {
  tp = await testPlatform();
  const brand = await brandWithLot(tp, { qty: 200 });
  ev = await liveEvent(tp, brand, { quantity: 50 });
  other = await liveEvent(tp, await brandWithLot(tp, { qty: 50 }), { quantity: 10 });
  a = await withLogin(await reseller(tp, 200_000));
  b = await withLogin(await reseller(tp, 200_000));
  c = await withLogin(await reseller(tp));
  // b sells higher than a: an order placed on b's page is priced as b prices it, whoever gets it.
  const sku = ev.skus[0];
  for (const [r, bps] of [[a, 2000], [b, 3000]] as const) {
    const price = Math.round(sku.basePrice * (10_000 + bps) / 10_000);
    const res = await call(tp, 'PUT', `/api/v1/reseller/sale-events/${ev.id}/prices`, { token: r.token, body: { prices: [{ eventSkuId: sku.eventSkuId, sellingPrice: price }] } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
});
after(async () => { await tp.close(); });

const link = async (r: { token: string }, body: Record<string, unknown>) => call(tp, 'POST', '/api/v1/reseller/share-links', { token: r.token, body });
const cookieOf = (headers: Record<string, unknown>) => {
  const set = ([] as string[]).concat((headers['set-cookie'] as string | string[] | undefined) ?? []).find((x) => x.startsWith('st_vid='));
  return set ? set.split(';')[0] : null;
};
const view = async (shareCode: string, body: Record<string, unknown>, cookie?: string) => {
  const res = await tp.app.inject({ method: 'POST', url: `/api/v1/storefront/${shareCode}/views`, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, payload: JSON.stringify(body) });
  return { status: res.statusCode, cookie: cookieOf(res.headers), body: res.body };
};
const order = async (shareCode: string, phone: string, opts: { shareLink?: string; cookie?: string; quantity?: number } = {}) => {
  const res = await tp.app.inject({
    method: 'POST', url: `/api/v1/storefront/${shareCode}/orders`,
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...(opts.cookie ? { cookie: opts.cookie } : {}) },
    payload: JSON.stringify({ consumer: { name: '林女士', phone, address: ADDRESS }, lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity: opts.quantity ?? 1 }], shareLink: opts.shareLink }),
  });
  assert.equal(res.statusCode, 201, res.body);
  return JSON.parse(res.body).order as { id: string; resellerId: string; sellingTotal: number; payment: { payUrl: string } };
};
const orderRow = async (id: string) => (await tp.database.pool.query('SELECT reseller_id, via_reseller_id, share_link, selling_total::int FROM orders WHERE id = $1', [id])).rows[0];
const bindingRow = async (phone: string) => (await tp.database.pool.query('SELECT reseller_id, expires_at > now() AS live FROM customer_bindings WHERE consumer_phone = $1', [phone])).rows[0];
const priceOn = (r: ResellerFixture) => Math.round(ev.skus[0].basePrice * (10_000 + (r === a ? 2000 : 3000)) / 10_000);

test('a reseller’s link names its channel, ends with its event, and is the same link when asked again', async () => {
  const r = await link(a, { target: 'event', saleEventId: ev.id, channel: 'group', label: '宝妈群 2' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.match(r.body.url, new RegExp(`/s/${a.shareCode}/l/[1-9A-HJ-NP-Za-km-z]{10}$`));
  assert.deepEqual([r.body.channel, r.body.label, r.body.target], ['group', '宝妈群 2', 'event']);
  assert.equal(new Date(r.body.expiresAt).getTime(), ev.endsAt.getTime());
  const again = await link(a, { target: 'event', saleEventId: ev.id, channel: 'group', label: '宝妈群 2' });
  assert.equal(again.body.code, r.body.code);
  const moments = await link(a, { target: 'event', saleEventId: ev.id, channel: 'moments' });
  assert.notEqual(moments.body.code, r.body.code);
  const product = await link(a, { target: 'product', saleEventId: ev.id, targetRef: ev.skus[0].productId, channel: 'private' });
  assert.equal(product.status, 201);
  const opened = await call(tp, 'GET', `/api/v1/storefront/${a.shareCode}/links/${product.body.code}`);
  assert.deepEqual([opened.body.status, opened.body.path], ['live', `/e/${ev.id}?p=${ev.skus[0].productId}`]);
});

test('what cannot be shared is refused with field details and makes no link; only resellers make links', async () => {
  const count = async () => Number((await tp.database.pool.query('SELECT count(*) FROM share_links')).rows[0].count);
  const before = await count();
  const wrongProduct = await link(a, { target: 'product', saleEventId: ev.id, targetRef: other.skus[0].productId, channel: 'group' });
  assert.deepEqual([wrongProduct.status, wrongProduct.body.code], [422, 'share_target_invalid']);
  assert.equal(wrongProduct.body.errors[0].path, 'targetRef');
  const noEvent = await link(a, { target: 'event', saleEventId: 'evt_01nothing', channel: 'group' });
  assert.deepEqual([noEvent.status, noEvent.body.code], [422, 'share_target_invalid']);
  const badChannel = await link(a, { target: 'event', saleEventId: ev.id, channel: 'weibo' });
  assert.deepEqual([badChannel.status, badChannel.body.code], [400, 'validation_failed']);
  assert.equal((await call(tp, 'POST', '/api/v1/reseller/share-links', { body: { target: 'shop', channel: 'group' } })).status, 401);
  assert.equal(await count(), before);
});

test('a link ends when the database clock passes its end, and then shows the shop’s other live events', async () => {
  const r = await link(a, { target: 'event', saleEventId: ev.id, channel: 'private' });
  const url = `/api/v1/storefront/${a.shareCode}/links/${r.body.code}`;
  // The database's now(), not this process's clock, decides: the end is set from it on both sides.
  await tp.database.pool.query(`UPDATE share_links SET expires_at = now() + interval '1 hour' WHERE code = $1`, [r.body.code]);
  assert.equal((await call(tp, 'GET', url)).body.status, 'live');
  await tp.database.pool.query(`UPDATE share_links SET expires_at = now() - interval '1 millisecond' WHERE code = $1`, [r.body.code]);
  const ended = await call(tp, 'GET', url);
  assert.equal(ended.body.status, 'expired');
  assert.equal(ended.body.shopName, '测试代购');
  const ids = ended.body.otherEvents.map((e: { id: string }) => e.id);
  assert.ok(ids.includes(other.id) && !ids.includes(ev.id), JSON.stringify(ids));
  // Another shop's code with this link, or a made-up link, finds nothing.
  assert.deepEqual([(await call(tp, 'GET', `/api/v1/storefront/${b.shareCode}/links/${r.body.code}`)).body.code], ['share_link_not_found']);
  assert.equal((await call(tp, 'GET', `/api/v1/storefront/${a.shareCode}/links/zzzzzzzzzz`)).status, 404);
});

test('views get an anonymous visitor cookie; a reseller sees only their own visitors, named once they ordered from them', async () => {
  const l = await link(a, { target: 'event', saleEventId: ev.id, channel: 'moments' });
  const first = await view(a.shareCode, { page: 'event', saleEventId: ev.id, link: l.body.code });
  assert.equal(first.status, 204, first.body);
  assert.ok(first.cookie, 'a visitor cookie is set');
  const cookie = first.cookie!;
  assert.equal((await view(a.shareCode, { page: 'product', saleEventId: ev.id, productId: ev.skus[0].productId, link: l.body.code }, cookie)).cookie, null, 'a known visitor keeps their id');
  await view(a.shareCode, { page: 'product', saleEventId: ev.id, productId: ev.skus[0].productId }, cookie);
  const stranger = (await view(a.shareCode, { page: 'shop' })).cookie!;
  await flushViews(tp.ctx());
  // No address and no user agent are stored: the row is who (an id), whose shop, which link, what, when.
  const cols = (await tp.database.pool.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'storefront_views' ORDER BY 1`)).rows.map((x) => x.column_name);
  assert.deepEqual(cols, ['at', 'channel', 'id', 'link_code', 'page', 'product_id', 'reseller_id', 'sale_event_id', 'visitor_id']);

  const feed = async (r: { token: string }, q = '') => (await call(tp, 'GET', `/api/v1/reseller/visitors${q}`, { token: r.token })).body;
  const mine = await feed(a);
  const me = mine.items.find((x: { visitorId: string }) => x.visitorId === cookie.slice('st_vid='.length));
  assert.ok(me, JSON.stringify(mine));
  assert.deepEqual([me.views, me.channels, me.customer, me.bought, me.products[0].views], [3, ['moments'], null, false, 2]);
  assert.ok(mine.items.some((x: { visitorId: string }) => x.visitorId === stranger.slice('st_vid='.length)));
  assert.deepEqual((await feed(c)).items, [], 'another reseller sees none of them');

  // The visitor orders through the link and pays: named (phone masked) to a, bought.
  const phone = uniquePhone();
  const o = await order(a.shareCode, phone, { shareLink: l.body.code, cookie });
  await payOnGateway(tp, o.payment.payUrl);
  const after = (await feed(a)).items.find((x: { visitorId: string }) => x.visitorId === cookie.slice('st_vid='.length));
  assert.deepEqual([after.customer.name, after.customer.phone, after.bought], ['林女士', `${phone.slice(0, 3)}****${phone.slice(-4)}`, true]);
  const notBought = (await feed(a, '?notBought=true')).items.map((x: { visitorId: string }) => x.visitorId);
  assert.ok(!notBought.includes(cookie.slice('st_vid='.length)) && notBought.includes(stranger.slice('st_vid='.length)));
  // The same buyer comes back in another browser (a new visitor id) and orders again: one row, their views together, their latest id.
  const again = (await view(a.shareCode, { page: 'product', saleEventId: ev.id, productId: ev.skus[0].productId })).cookie!;
  await flushViews(tp.ctx());
  await order(a.shareCode, phone, { cookie: again });
  const rows = (await feed(a)).items.filter((x: { customer: { phone: string } | null }) => x.customer?.phone === `${phone.slice(0, 3)}****${phone.slice(-4)}`);
  assert.equal(rows.length, 1, `one row for one buyer: ${JSON.stringify(rows)}`);
  assert.deepEqual([rows[0].visitorId, rows[0].views, rows[0].products[0].views, rows[0].channels, rows[0].bought], [again.slice('st_vid='.length), 4, 3, ['moments'], true]);
  assert.ok(!(await feed(a)).items.some((x: { visitorId: string }) => x.visitorId === cookie.slice('st_vid='.length)), 'the first browser is not a row of its own');
  // The link's figures: its views and visitors, the paid order, conversion.
  const links = (await call(tp, 'GET', '/api/v1/reseller/share-links', { token: a.token })).body.items;
  const mom = links.find((x: { code: string }) => x.code === l.body.code);
  assert.deepEqual([mom.views, mom.visitors, mom.orders, mom.buyers, mom.sales, mom.conversionBps], [2, 1, 1, 1, priceOn(a), 10_000]);
  assert.equal((await orderRow(o.id)).share_link, l.body.code);
  // A bad view is refused: an unknown shop, an unknown page.
  assert.equal((await view('nosuchshop1', { page: 'shop' })).status, 404);
  assert.equal((await view(a.shareCode, { page: 'cart' })).status, 400);
  // Visitor feeds are resellers' only.
  assert.equal((await call(tp, 'GET', '/api/v1/reseller/visitors')).status, 401);
});

test('流量保护: a consumer bound to a gets a’s service through b’s link at b’s prices; the binding renews, ends, and moves', async () => {
  const phone = uniquePhone();
  // First paid order through a: bound to a.
  await payOnGateway(tp, (await order(a.shareCode, phone)).payment.payUrl);
  assert.deepEqual(await bindingRow(phone), { reseller_id: a.resellerId, live: true });
  // Through b's link while bound to a: a's order, b named as the link, b's page prices.
  const bl = await link(b, { target: 'event', saleEventId: ev.id, channel: 'group' });
  const protectedOrder = await order(b.shareCode, phone, { shareLink: bl.body.code });
  assert.deepEqual(await orderRow(protectedOrder.id), { reseller_id: a.resellerId, via_reseller_id: b.resellerId, share_link: bl.body.code, selling_total: priceOn(b) });
  await payOnGateway(tp, protectedOrder.payment.payUrl);
  assert.equal((await bindingRow(phone)).reseller_id, a.resellerId, 'renewed with a, not moved to b');
  // b's link figures do not count a's sale.
  const bLinks = (await call(tp, 'GET', '/api/v1/reseller/share-links', { token: b.token })).body.items;
  assert.equal(bLinks.find((x: { code: string }) => x.code === bl.body.code).orders, 0);
  // a reseller's own order (代下单) for the consumer stays theirs and moves no binding.
  const own = await call(tp, 'POST', '/api/v1/reseller/orders', { token: b.token, headers: { 'idempotency-key': crypto.randomUUID() }, body: { consumer: { name: '林女士', phone, address: ADDRESS }, lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity: 1 }], payWith: 'wallet' } });
  assert.equal(own.status, 201, JSON.stringify(own.body));
  assert.deepEqual([own.body.resellerId, own.body.viaResellerId], [b.resellerId, null]);
  assert.equal((await bindingRow(phone)).reseller_id, a.resellerId);
  // The binding ends (database clock): the next order is b's, and paying it binds the consumer to b.
  await tp.database.pool.query(`UPDATE customer_bindings SET expires_at = now() - interval '1 second', bound_at = now() - interval '31 days' WHERE consumer_phone = $1`, [phone]);
  const afterEnd = await order(b.shareCode, phone);
  assert.deepEqual([(await orderRow(afterEnd.id)).reseller_id, (await orderRow(afterEnd.id)).via_reseller_id], [b.resellerId, null]);
  await payOnGateway(tp, afterEnd.payment.payUrl);
  assert.deepEqual(await bindingRow(phone), { reseller_id: b.resellerId, live: true });
});

test('a binding lasts its days to the next whole hour: a renewal that would not extend it writes nothing, a later one renews from its payment — storefront and desk alike', async () => {
  const phone = uniquePhone();
  const days = tp.config.customerBindingDays;
  const row = async () => (await tp.database.pool.query<{ order_id: string; expires_at: Date; version: string; whole: boolean; fits: boolean }>(`
    SELECT order_id, expires_at, xmin::text AS version, expires_at = date_trunc('hour', expires_at) AS whole,
           expires_at > now() + make_interval(days => $2) AND expires_at <= now() + make_interval(days => $2) + interval '1 hour' AS fits
    FROM customer_bindings WHERE consumer_phone = $1`, [phone, days])).rows[0];
  const own = async (r: typeof a) => {
    const res = await call(tp, 'POST', '/api/v1/reseller/orders', { token: r.token, headers: { 'idempotency-key': crypto.randomUUID() }, body: { consumer: { name: '林女士', phone, address: ADDRESS }, lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity: 1 }], payWith: 'wallet' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };
  const first = await order(a.shareCode, phone);
  await payOnGateway(tp, first.payment.payUrl);
  const bound = await row();
  assert.deepEqual([bound.order_id, bound.whole, bound.fits], [first.id, true, true]);
  // Already running past what a payment now would give (as after an order earlier this hour):
  // another paid storefront order and a's own wallet order (the order desk) leave the row unwritten.
  await tp.database.pool.query(`UPDATE customer_bindings SET expires_at = expires_at + interval '1 hour' WHERE consumer_phone = $1`, [phone]);
  const ahead = await row();
  await payOnGateway(tp, (await order(a.shareCode, phone)).payment.payUrl);
  await own(a);
  assert.deepEqual(await row(), ahead, 'no new row version');
  // Its expiry two hours short of a payment now: the next one renews it, naming its order.
  await tp.database.pool.query(`UPDATE customer_bindings SET expires_at = expires_at - interval '3 hours' WHERE consumer_phone = $1`, [phone]);
  const later = await order(a.shareCode, phone);
  await payOnGateway(tp, later.payment.payUrl);
  const renewed = await row();
  assert.deepEqual([renewed.order_id, renewed.whole, renewed.fits], [later.id, true, true]);
  await tp.database.pool.query(`UPDATE customer_bindings SET expires_at = expires_at - interval '3 hours' WHERE consumer_phone = $1`, [phone]);
  const ownId = await own(a);
  const byDesk = await row();
  assert.deepEqual([byDesk.order_id, byDesk.whole, byDesk.fits], [ownId, true, true]);
});

test('a binding to a reseller who can no longer sell protects nothing', async () => {
  const phone = uniquePhone();
  await payOnGateway(tp, (await order(c.shareCode, phone)).payment.payUrl);
  assert.equal((await bindingRow(phone)).reseller_id, c.resellerId);
  await setResellerStatus(tp.ctx(), c.resellerId, 'suspended');
  try {
    const o = await order(a.shareCode, phone);
    assert.deepEqual([(await orderRow(o.id)).reseller_id, (await orderRow(o.id)).via_reseller_id], [a.resellerId, null]);
    await payOnGateway(tp, o.payment.payUrl);
    assert.equal((await bindingRow(phone)).reseller_id, a.resellerId, 'the paid order binds the consumer to a');
  } finally {
    await setResellerStatus(tp.ctx(), c.resellerId, 'active');
  }
});

test('my link’s poster: a PNG whose QR code is the link, cached by what it shows; another reseller’s link is not found', async () => {
  const l = await link(a, { target: 'product', saleEventId: ev.id, targetRef: ev.skus[0].productId, channel: 'group' });
  const res = await tp.app.inject({ method: 'GET', url: `/api/v1/reseller/share-links/${l.body.code}/poster.png`, headers: { authorization: `Bearer ${a.token}` } });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'image/png');
  const png = decodePng(res.rawPayload);
  assert.deepEqual([png.width, png.height], [750, 1334]);
  const qr = scanQr(png);
  assert.equal(qr, l.body.url, 'the QR code opens my link');
  const again = await tp.app.inject({ method: 'GET', url: `/api/v1/reseller/share-links/${l.body.code}/poster.png`, headers: { authorization: `Bearer ${a.token}`, 'if-none-match': String(res.headers.etag) } });
  assert.equal(again.statusCode, 304);
  const foreign = await tp.app.inject({ method: 'GET', url: `/api/v1/reseller/share-links/${l.body.code}/poster.png`, headers: { authorization: `Bearer ${b.token}` } });
  assert.equal(foreign.statusCode, 404);
  const shop = await link(a, { target: 'shop', channel: 'group' });
  const shopPoster = await tp.app.inject({ method: 'GET', url: `/api/v1/reseller/share-links/${shop.body.code}/poster.png`, headers: { authorization: `Bearer ${a.token}` } });
  assert.deepEqual([shopPoster.statusCode, JSON.parse(shopPoster.body).code], [422, 'share_target_invalid']);
});

// A 1×1 PNG, as a data URL.
const PNG_1PX = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

test('brand material: the event’s brand attaches it, every reseller reads it, another brand neither reads nor adds', async () => {
  const { createUser } = await import('../src/modules/accounts/index.ts');
  const brandPhone = uniquePhone(), otherPhone = uniquePhone();
  const [evBrand] = (await tp.database.pool.query('SELECT brand_id FROM sale_events WHERE id = $1', [ev.id])).rows;
  const [otherBrand] = (await tp.database.pool.query('SELECT brand_id FROM sale_events WHERE id = $1', [other.id])).rows;
  await createUser(tp.ctx(), { phone: brandPhone, password: 'brand-password-1', role: 'brand', brandId: evBrand.brand_id, name: '甲' });
  await createUser(tp.ctx(), { phone: otherPhone, password: 'brand-password-1', role: 'brand', brandId: otherBrand.brand_id, name: '乙' });
  const mine = await login(tp, brandPhone, 'brand-password-1');
  const theirs = await login(tp, otherPhone, 'brand-password-1');
  const added = await call(tp, 'POST', `/api/v1/sale-events/${ev.id}/materials`, { token: mine, body: { kind: 'authorisation', title: '2026 品牌授权书', image: PNG_1PX } });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  assert.match(added.body.url, /^\/uploads\/upl_[0-9a-z]+\.png$/);
  const seen = await call(tp, 'GET', `/api/v1/sale-events/${ev.id}/materials`, { token: a.token });
  assert.deepEqual(seen.body.items.map((m: { title: string; kind: string }) => [m.title, m.kind]), [['2026 品牌授权书', 'authorisation']]);
  assert.equal((await call(tp, 'GET', `/api/v1/sale-events/${ev.id}/materials`, { token: theirs })).status, 404);
  const forged = await call(tp, 'POST', `/api/v1/sale-events/${ev.id}/materials`, { token: theirs, body: { kind: 'photo', title: '冒充', image: PNG_1PX } });
  assert.equal(forged.status, 404);
  assert.equal((await call(tp, 'POST', `/api/v1/sale-events/${ev.id}/materials`, { token: a.token, body: { kind: 'photo', title: '代购', image: PNG_1PX } })).status, 403);
  const bad = await call(tp, 'POST', `/api/v1/sale-events/${ev.id}/materials`, { token: mine, body: { kind: 'photo', title: '不是图片', image: 'data:image/png;base64,aGVsbG8=' } });
  assert.equal(bad.status, 415, JSON.stringify(bad.body));
  assert.equal((await call(tp, 'GET', `/api/v1/sale-events/${ev.id}/materials`, { token: a.token })).body.items.length, 1, 'nothing half-added');
  assert.equal((await call(tp, 'DELETE', `/api/v1/sale-events/${ev.id}/materials/${added.body.id}`, { token: theirs })).status, 404);
  assert.equal((await call(tp, 'DELETE', `/api/v1/sale-events/${ev.id}/materials/${added.body.id}`, { token: mine })).status, 200);
  assert.deepEqual((await call(tp, 'GET', `/api/v1/sale-events/${ev.id}/materials`, { token: a.token })).body.items, []);
});

test('晒单: photos only once something was delivered, through the order link; its reseller sees them by product, no other reseller does', async () => {
  const phone = uniquePhone();
  const res = await tp.app.inject({
    method: 'POST', url: `/api/v1/storefront/${c.shareCode}/orders`, headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    payload: JSON.stringify({ consumer: { name: '郑女士', phone, address: ADDRESS }, lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity: 1 }] }),
  });
  const placed = JSON.parse(res.body);
  await payOnGateway(tp, placed.order.payment.payUrl);
  const url = `/api/v1/storefront/orders/${placed.order.id}/photos?token=${placed.lookupToken}`;
  const early = await call(tp, 'POST', url, { body: { photos: [PNG_1PX] } });
  assert.deepEqual([early.status, early.body.code], [409, 'order_not_delivered']);
  await tp.database.pool.query('UPDATE order_lines SET qty_shipped = quantity, qty_delivered = quantity WHERE order_id = $1', [placed.order.id]);
  const added = await call(tp, 'POST', url, { body: { photos: [PNG_1PX, PNG_1PX], note: '很好看' } });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  assert.equal(added.body.items.length, 2);
  assert.equal((await call(tp, 'POST', url, { body: { photos: Array(5).fill(PNG_1PX) } })).status, 400, 'at most 6 per order');
  assert.equal((await call(tp, 'POST', `/api/v1/storefront/orders/${placed.order.id}/photos?token=wrongtoken123`, { body: { photos: [PNG_1PX] } })).status, 404);
  const forProduct = await call(tp, 'GET', `/api/v1/reseller/buyer-photos?productId=${ev.skus[0].productId}`, { token: c.token });
  assert.equal(forProduct.body.items.length, 2);
  assert.deepEqual((await call(tp, 'GET', `/api/v1/reseller/buyer-photos?productId=${other.skus[0].productId}`, { token: c.token })).body.items, []);
  assert.deepEqual((await call(tp, 'GET', '/api/v1/reseller/buyer-photos', { token: a.token })).body.items.filter((p: { orderId: string }) => p.orderId === placed.order.id), []);
});
