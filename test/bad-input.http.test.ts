// Bad input gets a clear problem+json answer with a stable code and field details, and writes
// nothing: no half-imported file, no half-placed order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, CONSUMER, uniquePhone, type ResellerFixture } from './support/fixtures.ts';
import { login, call } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { signBrand } from '../src/modules/brands/index.ts';

let tp: TestPlatform;
let op: string;
let r: ResellerFixture;
let rt: string;
let esk: string[];
let eventId: string;
before(async () => {
  tp = await testPlatform();
  const phone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone, name: 'op', password: 'op-password' });
  op = await login(tp, phone, 'op-password');
  const brand = await brandWithLot(tp);
  const ev = await liveEvent(tp, brand, { quantity: 5 });
  eventId = ev.id;
  esk = ev.skus.map((s) => s.eventSkuId);
  r = await reseller(tp, 50_000);
  rt = await login(tp, r.phone, r.password);
});
after(async () => { await tp.close(); });

const count = async (sql: string) => (await tp.database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0].n;
const snapshot = async () => ({
  orders: await count('orders'), lines: await count('order_lines'), entries: await count('journal_entries'), moves: await count('stock_movements'),
  pools: (await tp.database.pool.query('SELECT event_sku_id, available, held, sold FROM pools ORDER BY 1')).rows,
  wallet: (await tp.database.pool.query('SELECT balance FROM guarded_balances WHERE party_id = $1', [r.resellerId])).rows[0].balance,
});

test('a lot file with bad rows is rejected whole, every error listed by row and column', async () => {
  const b = await signBrand(tp.ctx(), { name: '坏文件品牌', category: '童装' });
  const csv = [
    'spu_code,product_name,category,colour,size,sku_code,barcode,tag_price,base_price,quantity',
    'K1,儿童羽绒服,童装,红色,110,K1-R-110,,399.00,99.00,20',
    'K1,儿童羽绒服,童装,红色,120,K1-R-120,,399.00,abc,20',
    'K1,儿童羽绒服,童装,红色,130,K1-R-130,,59.00,99.00,20',
    'K1,儿童羽绒服,童装,红色,140,K1-R-110,,399.00,99.00,-3',
    'K2,,童装,蓝色,110,K2-B-110,,399.00,99.00,2.5',
  ].join('\n');
  const res = await tp.app.inject({ method: 'POST', url: `/api/v1/brands/${b.id}/lots?fileName=bad.csv`, headers: { authorization: `Bearer ${op}`, 'content-type': 'text/csv', 'accept-language': 'en' }, payload: csv });
  assert.equal(res.statusCode, 422);
  const p = JSON.parse(res.body);
  assert.equal(p.code, 'import_rejected');
  assert.equal(p.title, 'The file was rejected; nothing was imported');
  const at = (row: number, column: string) => p.errors.some((e: { row: number; column: string }) => e.row === row && e.column === column);
  assert.ok(at(3, 'base_price'), 'row 3: price not a number');
  assert.ok(at(4, 'tag_price'), 'row 4: tag below base');
  assert.ok(at(5, 'sku_code'), 'row 5: repeated SKU');
  assert.ok(at(5, 'quantity'), 'row 5: negative quantity');
  assert.ok(at(6, 'product_name'), 'row 6: missing name');
  assert.ok(at(6, 'quantity'), 'row 6: fractional quantity');
  assert.equal(await count(`products WHERE brand_id = '${b.id}'`), 0);
  assert.equal(await count(`lots WHERE brand_id = '${b.id}'`), 0);
  assert.equal(await count(`sku_supply WHERE brand_id = '${b.id}'`), 0);
  // Chinese by default.
  const zh = await tp.app.inject({ method: 'POST', url: `/api/v1/brands/${b.id}/lots?fileName=bad.csv`, headers: { authorization: `Bearer ${op}`, 'content-type': 'text/csv' }, payload: csv });
  assert.equal(JSON.parse(zh.body).title, '文件未通过校验，未导入任何数据');
});

test('unknown or missing columns, an empty file and a non-CSV file are refused', async () => {
  const b = await signBrand(tp.ctx(), { name: '列名品牌', category: '美妆' });
  const post = (payload: string, name = 'x.csv') => tp.app.inject({ method: 'POST', url: `/api/v1/brands/${b.id}/lots?fileName=${name}`, headers: { authorization: `Bearer ${op}`, 'content-type': 'text/csv' }, payload });
  const unknown = JSON.parse((await post('spu_code,product_name,category,colour,size,sku_code,tag_price,base_price,quantity,price_per_kg\nA,B,C,D,E,F,1,1,1,9')).body);
  assert.equal(unknown.code, 'import_rejected');
  assert.ok(unknown.errors.some((e: { message: string }) => e.message.includes('price_per_kg')));
  const missing = JSON.parse((await post('spu_code,product_name\nA,B')).body);
  assert.ok(missing.errors.some((e: { column: string; message: string }) => e.column === 'base_price' && e.message === '缺少列「平台价」'), 'a missing column is named as the template writes it, in Chinese by default');
  assert.equal(JSON.parse((await post('')).body).code, 'file_required');
  assert.equal(JSON.parse((await post('a,b', 'x.pdf')).body).code, 'unsupported_file');
  assert.equal(await count(`products WHERE brand_id = '${b.id}'`), 0);
});

test('a content type a route does not take is refused with 415 in both languages, and nothing is written', async () => {
  const before = await snapshot();
  const multipart = '--x\r\nContent-Disposition: form-data; name="phone"\r\n\r\n13800000000\r\n--x--\r\n';
  // Multipart is for the upload routes only; JSON routes refuse it before reading it.
  const order = await tp.app.inject({ method: 'POST', url: '/api/v1/reseller/orders', headers: { authorization: `Bearer ${rt}`, 'content-type': 'multipart/form-data; boundary=x', 'idempotency-key': 'bad-multipart-0001' }, payload: multipart });
  assert.equal(order.statusCode, 415);
  assert.match(String(order.headers['content-type']), /^application\/problem\+json/);
  const zh = JSON.parse(order.body);
  assert.deepEqual([zh.code, zh.title, zh.detail], ['unsupported_media_type', '此接口不接受该请求内容类型', 'Content-Type multipart/form-data is not accepted here']);
  const en = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/xml', 'accept-language': 'en' }, payload: '<login/>' });
  assert.deepEqual([en.statusCode, JSON.parse(en.body).code, JSON.parse(en.body).title], [415, 'unsupported_media_type', 'This endpoint does not accept this content type']);
  // An upload route takes files, not any body.
  const b = await signBrand(tp.ctx(), { name: '类型品牌', category: '女装' });
  const xml = await tp.app.inject({ method: 'POST', url: `/api/v1/brands/${b.id}/lots`, headers: { authorization: `Bearer ${op}`, 'content-type': 'application/xml' }, payload: '<lot/>' });
  assert.deepEqual([xml.statusCode, JSON.parse(xml.body).code], [415, 'unsupported_media_type']);
  assert.equal(await count(`lots WHERE brand_id = '${b.id}'`), 0);
  assert.deepEqual(await snapshot(), before);
});

test('bad quantities, unknown fields and malformed JSON are refused with field details and nothing written', async () => {
  const before = await snapshot();
  const cases: [string, unknown, string][] = [
    ['zero', { consumer: CONSUMER, lines: [{ eventSkuId: esk[0], quantity: 0 }] }, 'lines.0.quantity'],
    ['negative', { consumer: CONSUMER, lines: [{ eventSkuId: esk[0], quantity: -1 }] }, 'lines.0.quantity'],
    ['fraction', { consumer: CONSUMER, lines: [{ eventSkuId: esk[0], quantity: 1.5 }] }, 'lines.0.quantity'],
    ['huge', { consumer: CONSUMER, lines: [{ eventSkuId: esk[0], quantity: 1e12 }] }, 'lines.0.quantity'],
    ['string', { consumer: CONSUMER, lines: [{ eventSkuId: esk[0], quantity: '2' }] }, 'lines.0.quantity'],
    ['unknown field', { consumer: CONSUMER, lines: [{ eventSkuId: esk[0], quantity: 1 }], price: 1 }, 'body'],
    ['client-sent price', { consumer: CONSUMER, lines: [{ eventSkuId: esk[0], quantity: 1, sellingPrice: 1 }] }, 'lines.0'],
    ['bad phone', { consumer: { ...CONSUMER, phone: '123' }, lines: [{ eventSkuId: esk[0], quantity: 1 }] }, 'consumer.phone'],
    ['no lines', { consumer: CONSUMER, lines: [] }, 'lines'],
  ];
  for (const [name, body, path] of cases) {
    const res = await call(tp, 'POST', '/api/v1/reseller/orders', { token: rt, body, headers: { 'idempotency-key': `bad-${name.replace(/\W/g, '')}-0001` } });
    assert.equal(res.status, 400, name);
    assert.equal(res.body.code, 'validation_failed', name);
    assert.ok(res.body.errors.some((e: { path: string }) => e.path.startsWith(`body.${path}`) || (path === 'body' && e.path.startsWith('body'))), `${name}: ${JSON.stringify(res.body.errors)}`);
  }
  // The field messages read plainly in the caller's language, with no English type names in the Chinese.
  const said = async (lang: string, body: unknown) => (await call(tp, 'POST', '/api/v1/reseller/orders', { token: rt, body, headers: { 'idempotency-key': 'bad-said-0001', 'accept-language': lang } })).body.errors;
  const zero = { consumer: CONSUMER, lines: [{ eventSkuId: esk[0], quantity: 0 }] };
  assert.deepEqual(await said('zh-CN', zero), [{ path: 'body.lines.0.quantity', message: '不能小于 1' }]);
  assert.deepEqual(await said('en', zero), [{ path: 'body.lines.0.quantity', message: 'Must be at least 1' }]);
  assert.deepEqual(await said('zh-CN', { consumer: CONSUMER, lines: [{ eventSkuId: esk[0], quantity: '2' }] }), [{ path: 'body.lines.0.quantity', message: '应为数字' }]);
  assert.deepEqual(await said('zh-CN', { consumer: CONSUMER, lines: [{ eventSkuId: esk[0], quantity: 1 }], price: 1 }), [{ path: 'body', message: '不支持的字段：price' }]);
  const malformed = await tp.app.inject({ method: 'POST', url: '/api/v1/reseller/orders', headers: { authorization: `Bearer ${rt}`, 'content-type': 'application/json', 'idempotency-key': 'bad-json-0001' }, payload: '{"lines": [' });
  assert.equal(malformed.statusCode, 400);
  assert.equal(JSON.parse(malformed.body).code, 'validation_failed');
  assert.deepEqual(await snapshot(), before);
});

test('an order whose second line is sold out takes nothing from the first', async () => {
  const before = await snapshot();
  const res = await call(tp, 'POST', '/api/v1/reseller/orders', { token: rt, body: { consumer: CONSUMER, lines: [{ eventSkuId: esk[0], quantity: 1 }, { eventSkuId: esk[1], quantity: 6 }], payWith: 'wallet' }, headers: { 'idempotency-key': 'sold-out-0001' } });
  assert.equal(res.status, 409);
  assert.equal(res.body.code, 'sold_out');
  assert.equal(res.body.eventSkuId, esk[1]);
  assert.deepEqual(await snapshot(), before);
});

test('an order the wallet cannot cover takes no stock and no money', async () => {
  const before = await snapshot();
  const res = await call(tp, 'POST', '/api/v1/reseller/orders', { token: rt, body: { consumer: CONSUMER, lines: [{ eventSkuId: esk[2], quantity: 3 }], payWith: 'wallet' }, headers: { 'idempotency-key': 'poor-0001' } });
  assert.equal(res.status, 409);
  assert.equal(res.body.code, 'insufficient_funds');
  assert.deepEqual(await snapshot(), before);
});

test('prices outside the window are refused whole, with the allowed range', async () => {
  const res = await call(tp, 'PUT', `/api/v1/reseller/sale-events/${eventId}/prices`, { token: rt, body: { prices: [{ eventSkuId: esk[0], sellingPrice: 24000 }, { eventSkuId: esk[1], sellingPrice: 19900 }] } });
  assert.equal(res.status, 422);
  assert.equal(res.body.code, 'price_outside_window');
  assert.equal(res.body.errors.length, 1);
  assert.equal(res.body.errors[0].path, 'prices.1.sellingPrice');
  assert.equal(await count('reseller_prices'), 0, 'the valid price in the same request was not saved either');
});

test('an event that has not started or has ended cannot be bought', async () => {
  const brand = await brandWithLot(tp);
  const upcoming = await liveEvent(tp, brand, { startsInMs: 3600_000, skuIds: [brand.skuIds[0]] });
  assert.equal(upcoming.status, 'scheduled');
  const res = await call(tp, 'POST', `/api/v1/storefront/${r.shareCode}/orders`, { body: { consumer: CONSUMER, lines: [{ eventSkuId: upcoming.skus[0].eventSkuId, quantity: 1 }] }, headers: { 'idempotency-key': 'early-0001' } });
  assert.equal(res.status, 409);
  assert.equal(res.body.code, 'sale_event_not_live');
  await tp.database.pool.query(`UPDATE sale_events SET starts_at = now() - interval '2 days', ends_at = now() - interval '1 second' WHERE id = $1`, [upcoming.id]);
  const late = await call(tp, 'POST', `/api/v1/storefront/${r.shareCode}/orders`, { body: { consumer: CONSUMER, lines: [{ eventSkuId: upcoming.skus[0].eventSkuId, quantity: 1 }] }, headers: { 'idempotency-key': 'late-0001' } });
  assert.equal(late.body.code, 'sale_event_not_live', 'the database clock decides, before any job has ended the event');
  const shop = await call(tp, 'GET', `/api/v1/storefront/${r.shareCode}/sale-events/${upcoming.id}`);
  assert.equal(shop.body.ended, true);
});

test('event drafts with a bad window or more stock than the lot are refused', async () => {
  const brand = await brandWithLot(tp, { qty: 10 });
  const base = { brandId: brand.brandId, title: 'x', markup: { minBps: 2000, maxBps: 3000, suggestedBps: 2500 } };
  const backwards = await call(tp, 'POST', '/api/v1/sale-events', { token: op, body: { ...base, startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z', items: [{ skuId: brand.skuIds[0], quantity: 1 }] } });
  assert.equal(backwards.body.code, 'sale_event_invalid');
  const window = await call(tp, 'POST', '/api/v1/sale-events', { token: op, body: { ...base, markup: { minBps: 3000, maxBps: 2000, suggestedBps: 2500 }, startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-02T00:00:00Z', items: [{ skuId: brand.skuIds[0], quantity: 1 }] } });
  assert.equal(window.body.code, 'sale_event_invalid');
  const events = await count('sale_events');
  const tooMuch = await call(tp, 'POST', '/api/v1/sale-events', { token: op, body: { ...base, startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-02T00:00:00Z', items: [{ skuId: brand.skuIds[0], quantity: 5 }, { skuId: brand.skuIds[1], quantity: 11 }] } });
  assert.equal(tooMuch.status, 409);
  assert.equal(tooMuch.body.code, 'insufficient_supply');
  assert.equal(await count('sale_events'), events, 'no half-created event');
  assert.equal(await count(`sku_supply WHERE brand_id = '${brand.brandId}' AND allocated > 0`), 0);
});

test('text of blanks only is refused on every route that takes an address, with field details, and nothing is written', async () => {
  const before = await snapshot();
  const customers = await count('customers');
  const blank = { province: ' ', city: '  ', district: '\t', detail: '   ' };
  const sf = await call(tp, 'POST', `/api/v1/storefront/${r.shareCode}/orders`, { body: { consumer: { ...CONSUMER, name: '   ', address: blank }, lines: [{ eventSkuId: esk[0], quantity: 1 }] }, headers: { 'idempotency-key': 'blank-sf-0001', 'accept-language': 'en' } });
  assert.deepEqual([sf.status, sf.body.code], [400, 'validation_failed'], JSON.stringify(sf.body));
  for (const f of ['name', 'address.province', 'address.city', 'address.district', 'address.detail']) {
    assert.ok(sf.body.errors.some((e: { path: string }) => e.path === `body.consumer.${f}`), `${f}: ${JSON.stringify(sf.body.errors)}`);
  }
  const ro = await call(tp, 'POST', '/api/v1/reseller/orders', { token: rt, body: { consumer: { ...CONSUMER, address: { ...CONSUMER.address, detail: ' \u3000 ' } }, lines: [{ eventSkuId: esk[0], quantity: 1 }], payWith: 'wallet' }, headers: { 'idempotency-key': 'blank-ro-0001' } });
  assert.deepEqual([ro.status, ro.body.errors?.[0]?.path], [400, 'body.consumer.address.detail'], JSON.stringify(ro.body));
  assert.equal(ro.body.errors[0].message, '必填');
  const cu = await call(tp, 'POST', '/api/v1/reseller/customers', { token: rt, body: { name: '王五', phone: '13912345678', ...blank } });
  assert.equal(cu.status, 400, JSON.stringify(cu.body));
  assert.ok(cu.body.errors.some((e: { path: string }) => e.path === 'body.province'), JSON.stringify(cu.body.errors));
  // Text around the blanks is kept, trimmed.
  const ok = await call(tp, 'POST', '/api/v1/reseller/customers', { token: rt, body: { name: '  王五  ', phone: '13912345679', province: ' 上海市 ', city: '上海市', district: '浦东新区', detail: ' 世纪大道1号 ' } });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.deepEqual([ok.body.province, ok.body.detail], ['上海市', '世纪大道1号']);
  await tp.database.pool.query('DELETE FROM customers WHERE id = $1', [ok.body.id]);
  assert.deepEqual(await snapshot(), before);
  assert.equal(await count('customers'), customers);
});

test('a NUL byte or an unpaired surrogate in text is refused with 400 and the field, never a 500, and nothing is written', async () => {
  const before = await snapshot();
  const customers = await count('customers');
  for (const [what, bad] of [['NUL', '张\u0000三'], ['lone high surrogate', '张\ud800三'], ['lone low surrogate', '\udc00'], ['escape character', 'a\u001bb']] as const) {
    const sf = await call(tp, 'POST', `/api/v1/storefront/${r.shareCode}/orders`, { body: { consumer: { ...CONSUMER, name: bad }, lines: [{ eventSkuId: esk[0], quantity: 1 }] }, headers: { 'idempotency-key': `bad-char-sf-${what.length}`, 'accept-language': 'en' } });
    assert.deepEqual([sf.status, sf.body.code], [400, 'validation_failed'], `${what}: ${JSON.stringify(sf.body)}`);
    assert.deepEqual(sf.body.errors.map((e: { path: string }) => e.path), ['body.consumer.name'], what);
    assert.match(sf.body.errors[0].message, /not allowed/);
    const ro = await call(tp, 'POST', '/api/v1/reseller/orders', { token: rt, body: { consumer: { ...CONSUMER, address: { ...CONSUMER.address, detail: bad } }, lines: [{ eventSkuId: esk[0], quantity: 1 }], payWith: 'wallet' }, headers: { 'idempotency-key': `bad-char-ro-${what.length}` } });
    assert.deepEqual([ro.status, ro.body.errors?.[0]?.path], [400, 'body.consumer.address.detail'], `${what}: ${JSON.stringify(ro.body)}`);
    assert.equal(ro.body.errors[0].message, '包含不允许的字符');
    const cu = await call(tp, 'POST', '/api/v1/reseller/customers', { token: rt, body: { name: bad, phone: '13912345678', ...CONSUMER.address } });
    assert.deepEqual([cu.status, cu.body.errors?.[0]?.path], [400, 'body.name'], `${what}: ${JSON.stringify(cu.body)}`);
  }
  // In a query string too (an operator's order search).
  const search = await call(tp, 'GET', `/api/v1/orders?q=${encodeURIComponent('张\u0000')}`, { token: op });
  assert.deepEqual([search.status, search.body.errors?.[0]?.path], [400, 'querystring.q'], JSON.stringify(search.body));
  // Tabs and line breaks are ordinary text.
  const note = await call(tp, 'POST', '/api/v1/reseller/customers', { token: rt, body: { name: '赵六', phone: '13912345670', ...CONSUMER.address, detail: '世纪大道1号\n12楼' } });
  assert.equal(note.status, 201, JSON.stringify(note.body));
  await tp.database.pool.query('DELETE FROM customers WHERE id = $1', [note.body.id]);
  assert.deepEqual(await snapshot(), before);
  assert.equal(await count('customers'), customers);
});
