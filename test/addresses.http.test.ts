// Addresses over HTTP: the 省/市/区 divisions (public, cached long), a pasted address read into
// fields, and a consumer's saved addresses — seen and deleted only with the lookup link of an
// order placed with that phone. Bad input answers problem+json and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import { call } from './support/http.ts';

let tp: TestPlatform;
let r: ResellerFixture;
let esk: string[];
before(async () => {
  tp = await testPlatform();
  const brand = await brandWithLot(tp);
  esk = (await liveEvent(tp, brand, { quantity: 20 })).skus.map((s) => s.eventSkuId);
  r = await reseller(tp);
});
after(async () => { await tp.close(); });

/** A storefront order for this phone and address; its id and lookup token prove the phone. */
async function order(phone: string, name: string, address = ADDRESS): Promise<{ orderId: string; token: string }> {
  const res = await call(tp, 'POST', `/api/v1/storefront/${r.shareCode}/orders`, {
    body: { consumer: { name, phone, address }, lines: [{ eventSkuId: esk[0], quantity: 1 }] },
    headers: { 'idempotency-key': `adr-${crypto.randomUUID()}` },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { orderId: res.body.order.id, token: res.body.lookupToken };
}
const saved = async (phone: string) => (await tp.database.pool.query('SELECT id, name, district, detail FROM consumer_addresses WHERE phone = $1 ORDER BY id', [phone])).rows;
const missingOrderId = () => `ord_01j${crypto.randomBytes(12).toString('hex').slice(0, 23)}`;

test('the divisions: provinces, then a province’s cities, then a city’s districts, with a long public cache', async () => {
  const p = await call(tp, 'GET', '/api/v1/divisions');
  assert.equal(p.status, 200);
  assert.match(String(p.headers['cache-control']), /public, max-age=\d{6,}/);
  assert.equal(p.body.items.length, 34);
  const zhejiang = p.body.items.find((x: { name: string }) => x.name === '浙江省');
  const cities = await call(tp, 'GET', `/api/v1/divisions/${zhejiang.code}`);
  const hangzhou = cities.body.items.find((x: { name: string }) => x.name === '杭州市');
  assert.ok(hangzhou && !hangzhou.leaf);
  const districts = await call(tp, 'GET', `/api/v1/divisions/${hangzhou.code}`);
  assert.ok(districts.body.items.some((x: { name: string; leaf: boolean }) => x.name === '西湖区' && x.leaf));
  // A municipality is its own single city, as the paste parser reads it.
  const shanghai = await call(tp, 'GET', '/api/v1/divisions/310000');
  assert.deepEqual(shanghai.body.items.map((x: { name: string }) => x.name), ['上海市']);
  const pudong = await call(tp, 'GET', `/api/v1/divisions/${shanghai.body.items[0].code}`);
  assert.ok(pudong.body.items.some((x: { name: string }) => x.name === '浦东新区'));
});

test('divisions: a malformed code is a validation error, an unknown one not_found', async () => {
  const bad = await call(tp, 'GET', '/api/v1/divisions/31a000');
  assert.deepEqual([bad.status, bad.body.code], [400, 'validation_failed']);
  assert.ok(bad.body.errors.some((e: { path: string }) => e.path === 'params.code'), JSON.stringify(bad.body));
  const leaf = await call(tp, 'GET', '/api/v1/divisions/999999?lang=en');
  assert.deepEqual([leaf.status, leaf.body.code, leaf.body.title], [404, 'not_found', 'Not found']);
});

test('a pasted recipient and address is read into name, phone, 省/市/区 and detail', async () => {
  const res = await call(tp, 'POST', '/api/v1/addresses/parse', { body: { text: '收件人：李雷 13612345678 浙江省杭州市西湖区文三路100号 5幢' } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body, { name: '李雷', phone: '13612345678', address: { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路100号 5幢' }, issues: [] });
  const partial = await call(tp, 'POST', '/api/v1/addresses/parse', { body: { text: '韩梅梅 文三路100号' } });
  assert.equal(partial.status, 200);
  assert.ok(partial.body.issues.includes('phone_missing') && partial.body.issues.includes('region_missing'), JSON.stringify(partial.body));
});

test('reading a pasted address refuses bad input with field details', async () => {
  for (const [body, path] of [[{ text: '' }, 'body.text'], [{ text: 'x'.repeat(501) }, 'body.text'], [{}, 'body.text'], [{ text: '张三', extra: 1 }, 'body']] as const) {
    const res = await call(tp, 'POST', '/api/v1/addresses/parse', { body });
    assert.deepEqual([res.status, res.body.code], [400, 'validation_failed'], JSON.stringify(body));
    assert.ok(res.body.errors.some((e: { path: string }) => e.path.startsWith(path)), `${JSON.stringify(body)}: ${JSON.stringify(res.body.errors)}`);
  }
});

test('a consumer saves an order’s address and, proving the phone with the order link, sees it at the next checkout', async () => {
  const phone = uniquePhone();
  const first = await order(phone, '韩梅梅');
  const save = await call(tp, 'POST', '/api/v1/storefront/addresses', { body: first });
  assert.equal(save.status, 201, JSON.stringify(save.body));
  assert.deepEqual([save.body.name, save.body.phone, save.body.district, save.body.detail], ['韩梅梅', phone, ADDRESS.district, ADDRESS.detail]);
  // The same address again is the same saved address, not a second one.
  const again = await call(tp, 'POST', '/api/v1/storefront/addresses', { body: await order(phone, '韩梅梅') });
  assert.equal(again.body.id, save.body.id);
  const office = await order(phone, '韩梅梅', { ...ADDRESS, district: '黄浦区', detail: '南京东路1号' });
  assert.equal((await call(tp, 'POST', '/api/v1/storefront/addresses', { body: office })).status, 201);

  const mine = await call(tp, 'POST', '/api/v1/storefront/addresses/search', { body: { proofs: [first] } });
  assert.equal(mine.status, 200);
  assert.deepEqual(mine.body.items.map((a: { detail: string }) => a.detail), ['南京东路1号', ADDRESS.detail], 'most recently used first');
  assert.ok(mine.body.items.every((a: { provenBy: string }) => a.provenBy === first.orderId), 'each names the order link that proved its phone');
});

test('without a valid order link a consumer sees no saved address, and cannot save one', async () => {
  const phone = uniquePhone();
  const proof = await order(phone, '王芳');
  await call(tp, 'POST', '/api/v1/storefront/addresses', { body: proof });
  const forged = await call(tp, 'POST', '/api/v1/storefront/addresses/search', { body: { proofs: [{ orderId: proof.orderId, token: 'x'.repeat(32) }] } });
  assert.deepEqual([forged.status, forged.body.items], [200, []]);
  const otherOrder = await call(tp, 'POST', '/api/v1/storefront/addresses/search', { body: { proofs: [{ orderId: missingOrderId(), token: proof.token }] } });
  assert.deepEqual(otherOrder.body.items, []);
  // Another consumer's link proves their own phone only.
  const stranger = await order(uniquePhone(), '路人');
  const theirs = await call(tp, 'POST', '/api/v1/storefront/addresses/search', { body: { proofs: [stranger] } });
  assert.ok(theirs.body.items.every((a: { phone: string }) => a.phone !== phone));
  const n = (await saved(phone)).length;
  const badSave = await call(tp, 'POST', '/api/v1/storefront/addresses', { body: { orderId: proof.orderId, token: 'y'.repeat(32) } });
  assert.deepEqual([badSave.status, badSave.body.code], [404, 'not_found']);
  assert.equal((await saved(phone)).length, n);
});

test('a consumer deletes a saved address with the order link; a stranger’s link or a bad request deletes nothing', async () => {
  const phone = uniquePhone();
  const proof = await order(phone, '李娜');
  const kept = (await call(tp, 'POST', '/api/v1/storefront/addresses', { body: proof })).body;
  const strangerProof = await order(uniquePhone(), '路人甲');
  const byStranger = await call(tp, 'DELETE', `/api/v1/storefront/addresses/${kept.id}?orderId=${strangerProof.orderId}&token=${strangerProof.token}`);
  assert.deepEqual([byStranger.status, byStranger.body.code], [404, 'not_found']);
  const noToken = await call(tp, 'DELETE', `/api/v1/storefront/addresses/${kept.id}?orderId=${proof.orderId}`);
  assert.deepEqual([noToken.status, noToken.body.code], [400, 'validation_failed']);
  assert.ok(noToken.body.errors.some((e: { path: string }) => e.path === 'querystring.token'), JSON.stringify(noToken.body));
  const badId = await call(tp, 'DELETE', `/api/v1/storefront/addresses/not-an-id?orderId=${proof.orderId}&token=${proof.token}`);
  assert.deepEqual([badId.status, badId.body.code], [400, 'validation_failed']);
  assert.equal((await saved(phone)).length, 1, 'nothing was deleted');

  const mine = await call(tp, 'DELETE', `/api/v1/storefront/addresses/${kept.id}?orderId=${proof.orderId}&token=${proof.token}`);
  assert.deepEqual([mine.status, mine.body], [200, { ok: true }]);
  assert.deepEqual(await saved(phone), []);
  const list = await call(tp, 'POST', '/api/v1/storefront/addresses/search', { body: { proofs: [proof] } });
  assert.deepEqual(list.body.items, []);
});

test('saved-address calls refuse malformed proofs with field details', async () => {
  for (const [url, body, path] of [
    ['/api/v1/storefront/addresses/search', { proofs: [] }, 'body.proofs'],
    ['/api/v1/storefront/addresses/search', { proofs: Array.from({ length: 11 }, () => ({ orderId: missingOrderId(), token: 'z'.repeat(32) })) }, 'body.proofs'],
    ['/api/v1/storefront/addresses/search', { proofs: [{ orderId: 'bad', token: 'z'.repeat(32) }] }, 'body.proofs.0.orderId'],
    ['/api/v1/storefront/addresses', { orderId: missingOrderId(), token: 'short' }, 'body.token'],
  ] as const) {
    const res = await call(tp, 'POST', url, { body });
    assert.deepEqual([res.status, res.body.code], [400, 'validation_failed'], `${url} ${JSON.stringify(body)}`);
    assert.ok(res.body.errors.some((e: { path: string }) => e.path === path), `${JSON.stringify(body)}: ${JSON.stringify(res.body.errors)}`);
  }
});
