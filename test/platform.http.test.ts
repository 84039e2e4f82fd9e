// The platform's own surface: health, readiness, OpenAPI and docs, problem+json in two
// languages, request ids, XLSX lots, image uploads, and sale events opening and ending by the
// database clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, uniquePhone } from './support/fixtures.ts';
import { login, call } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { signBrand } from '../src/modules/brands/index.ts';
import { advanceSaleEvents } from '../src/modules/sale-events/index.ts';

let tp: TestPlatform;
let op: string;
before(async () => {
  tp = await testPlatform();
  const phone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone, name: 'op', password: 'op-password' });
  op = await login(tp, phone, 'op-password');
});
after(async () => { await tp.close(); });

test('health and readiness', async () => {
  assert.equal((await call(tp, 'GET', '/health')).body.status, 'ok');
  const ready = await call(tp, 'GET', '/ready');
  assert.equal(ready.status, 200);
  assert.equal(ready.body.status, 'ready');
  assert.equal(ready.body.migrations.applied, ready.body.migrations.known);
});

test('OpenAPI lists every route with its schemas, and the docs page is served', async () => {
  const doc = await call(tp, 'GET', '/api/openapi.json');
  assert.equal(doc.status, 200);
  assert.match(doc.body.openapi, /^3\./);
  for (const p of ['/api/v1/auth/login', '/api/v1/brands/{brandId}/lots', '/api/v1/sale-events', '/api/v1/reseller/orders', '/api/v1/storefront/{shareCode}/orders', '/api/v1/payments/notify/{provider}']) {
    assert.ok(doc.body.paths[p], `missing ${p}`);
  }
  assert.ok(doc.body.paths['/api/v1/reseller/orders'].post.requestBody);
  const docs = await tp.app.inject({ method: 'GET', url: '/api/docs/' });
  assert.equal(docs.statusCode, 200);
  assert.match(docs.body, /swagger/i);
});

test('errors are problem+json in zh-CN by default and en on request, with a request id', async () => {
  const zh = await tp.app.inject({ method: 'GET', url: '/api/v1/brands' });
  assert.equal(zh.statusCode, 401);
  assert.equal(zh.headers['content-type'], 'application/problem+json; charset=utf-8');
  const p = JSON.parse(zh.body);
  assert.deepEqual([p.code, p.title, p.status, p.type], ['unauthenticated', '请先登录', 401, 'urn:sellthrough:problem:unauthenticated']);
  assert.ok(zh.headers['x-request-id']);
  const en = await tp.app.inject({ method: 'GET', url: '/api/v1/brands', headers: { 'accept-language': 'en-US,en;q=0.9' } });
  assert.equal(JSON.parse(en.body).title, 'Please log in');
  const missing = await tp.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
  assert.equal(missing.statusCode, 404);
  assert.equal(JSON.parse(missing.body).code, 'not_found');
  const wrong = await call(tp, 'POST', '/api/v1/auth/login', { body: { phone: '13800000000', password: 'nope' }, headers: { 'accept-language': 'en' } });
  assert.deepEqual([wrong.status, wrong.body.code], [401, 'invalid_credentials']);
});

test('a lot can be imported from an .xlsx workbook', async () => {
  const b = await signBrand(tp.ctx(), { name: '美妆品牌', nameEn: 'Beauty Co', category: '美妆' });
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('货盘');
  ws.addRow(['款号', '商品名称', '品类', '颜色', '规格', 'SKU编码', '吊牌价', '平台价', '数量']);
  ws.addRow(['B1', '保湿精华', '美妆', '无', '30ml', 'B1-30', 329, 69.5, 200]);
  ws.addRow(['B1', '保湿精华', '美妆', '无', '50ml', 'B1-50', '459.00', '99.00', 120]);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const res = await tp.app.inject({ method: 'POST', url: `/api/v1/brands/${b.id}/lots?fileName=beauty.xlsx`, headers: { authorization: `Bearer ${op}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, payload: buf });
  assert.equal(res.statusCode, 201, res.body);
  assert.deepEqual([JSON.parse(res.body).rowCount, JSON.parse(res.body).units], [2, 320]);
  const products = await call(tp, 'GET', `/api/v1/brands/${b.id}/products`, { token: op });
  assert.deepEqual(products.body.items[0].skus.map((s: { basePrice: number }) => s.basePrice).sort(), [6950, 9900]);
});

test('a product image upload is stored on disk and served', async () => {
  const b = await signBrand(tp.ctx(), { name: '图片品牌', category: '女装' });
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const boundary = '----st' + Date.now();
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await tp.app.inject({ method: 'POST', url: `/api/v1/brands/${b.id}/images`, headers: { authorization: `Bearer ${op}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
  assert.equal(res.statusCode, 201, res.body);
  const url = JSON.parse(res.body).url;
  const got = await tp.app.inject({ method: 'GET', url });
  assert.equal(got.statusCode, 200);
  assert.deepEqual(got.rawPayload, png);
});

test('sale events open and end by the database clock', async () => {
  const brand = await brandWithLot(tp);
  const ev = await liveEvent(tp, brand, { startsInMs: 3600_000, endsInMs: 7200_000, skuIds: [brand.skuIds[0]] });
  assert.equal(ev.status, 'scheduled');
  await tp.database.pool.query(`UPDATE sale_events SET starts_at = now() - interval '1 minute' WHERE id = $1`, [ev.id]);
  assert.deepEqual(await advanceSaleEvents(tp.ctx()), { opened: 1, ended: 0 });
  await tp.database.pool.query(`UPDATE sale_events SET ends_at = now() - interval '1 second' WHERE id = $1`, [ev.id]);
  assert.deepEqual(await advanceSaleEvents(tp.ctx()), { opened: 0, ended: 1 });
  const got = await call(tp, 'GET', `/api/v1/sale-events/${ev.id}`, { token: op });
  assert.equal(got.body.status, 'ended');
  const allocated = async () => (await tp.database.pool.query('SELECT allocated FROM sku_supply WHERE sku_id = $1', [brand.skuIds[0]])).rows[0].allocated;
  assert.equal(await allocated(), 10);
  const close = await call(tp, 'POST', `/api/v1/sale-events/${ev.id}/close`, { token: op });
  assert.equal(close.body.status, 'closed');
  assert.equal(await allocated(), 0, 'closing gives the unsold units back to the lot');
  assert.deepEqual([close.body.skus[0].initial, close.body.skus[0].available], [0, 0]);
  const again = await call(tp, 'POST', `/api/v1/sale-events/${ev.id}/schedule`, { token: op });
  assert.deepEqual([again.status, again.body.code], [409, 'invalid_transition']);
});

test('a route may leave its session to be checked later only if it is on the list: any other that says so stops the app from starting', async () => {
  const { default: Fastify } = await import('fastify');
  const { installAccessCheck } = await import('../src/platform/http.ts');
  const build = async (method: 'GET' | 'POST', url: string) => {
    const app = Fastify();
    installAccessCheck(app, async () => ({ kind: 'anonymous' }), (_req, actor) => tp.ctx(actor));
    app.route({ method, url, config: { auth: ['reseller'], sessionCheckedLater: true }, handler: async () => ({ ok: true }) });
    try { await app.ready(); } finally { await app.close(); }
  };
  await assert.rejects(build('GET', '/api/v1/reseller/me'), /may not leave its session to be checked later/);
  await assert.rejects(build('POST', '/api/v1/orders'), /may not leave its session to be checked later/);
  await build('POST', '/api/v1/reseller/orders');
});
