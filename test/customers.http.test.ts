// A reseller's address book over HTTP: correcting and deleting a customer. Only my own customers,
// validated like adding one; bad input answers problem+json and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { reseller, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import { login, call } from './support/http.ts';

let tp: TestPlatform;
let r1: ResellerFixture;
let t1: string;
let t2: string;
before(async () => {
  tp = await testPlatform();
  r1 = await reseller(tp, 50_000);
  t1 = await login(tp, r1.phone, r1.password);
  const r2 = await reseller(tp);
  t2 = await login(tp, r2.phone, r2.password);
});
after(async () => { await tp.close(); });

const add = async (token: string, c: { name: string; phone: string }) => {
  const r = await call(tp, 'POST', '/api/v1/reseller/customers', { token, body: { ...c, ...ADDRESS, tags: ['老客'] } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as { id: string; name: string; phone: string; district: string; detail: string; tags: string[] };
};
const row = async (id: string) => (await tp.database.pool.query('SELECT name, phone, province, city, district, detail, tags FROM customers WHERE id = $1', [id])).rows[0];

test('correcting a customer changes only the fields given, and the address book shows it', async () => {
  const c = await add(t1, { name: '王小姐', phone: '13911112222' });
  const r = await call(tp, 'PATCH', `/api/v1/reseller/customers/${c.id}`, { token: t1, body: { phone: '13911113333', district: '徐汇区', detail: '漕溪北路18号' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.name, r.body.phone, r.body.district, r.body.detail, r.body.tags], ['王小姐', '13911113333', '徐汇区', '漕溪北路18号', ['老客']]);
  const book = await call(tp, 'GET', '/api/v1/reseller/customers?search=13911113333', { token: t1 });
  assert.deepEqual(book.body.items.map((x: { id: string }) => x.id), [c.id]);
});

test('a correction is validated like a new customer: field details, zh-CN by default, and nothing changes', async () => {
  const c = await add(t1, { name: '陈先生', phone: '13922223333' });
  const before = await row(c.id);
  const cases: [unknown, string][] = [
    [{ phone: '12345' }, 'body.phone'],
    [{ name: '   ' }, 'body.name'],
    [{ detail: 'x'.repeat(201) }, 'body.detail'],
    [{ tags: ['a'.repeat(21)] }, 'body.tags.0'],
    [{ nickname: '小陈' }, ''],
    [{}, ''],
  ];
  for (const [body, path] of cases) {
    const r = await call(tp, 'PATCH', `/api/v1/reseller/customers/${c.id}`, { token: t1, body });
    assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.status} ${JSON.stringify(r.body)}`);
    assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(r.body.code, 'validation_failed');
    assert.equal(r.body.title, '请求内容不合法');
    if (path) assert.ok(r.body.errors.some((e: { path: string }) => e.path === path), `${JSON.stringify(body)}: ${JSON.stringify(r.body.errors)}`);
  }
  const en = await call(tp, 'PATCH', `/api/v1/reseller/customers/${c.id}?lang=en`, { token: t1, body: { phone: '12345' } });
  assert.equal(en.body.title, 'The request is not valid');
  assert.deepEqual(await row(c.id), before, 'no bad request changed the customer');
});

test('deleting a customer removes them from my address book, and a second deletion finds nothing', async () => {
  const c = await add(t1, { name: '刘女士', phone: '13933334444' });
  const del = await call(tp, 'DELETE', `/api/v1/reseller/customers/${c.id}`, { token: t1 });
  assert.deepEqual([del.status, del.body], [200, { ok: true }]);
  assert.equal((await call(tp, 'GET', `/api/v1/reseller/customers/${c.id}`, { token: t1 })).status, 404);
  assert.equal(await row(c.id), undefined);
  const again = await call(tp, 'DELETE', `/api/v1/reseller/customers/${c.id}`, { token: t1 });
  assert.deepEqual([again.status, again.body.code], [404, 'not_found']);
});

test('another reseller’s customer answers not_found to a correction or a deletion, and stays as it was', async () => {
  const c = await add(t1, { name: '赵女士', phone: '13944445555' });
  const before = await row(c.id);
  const patch = await call(tp, 'PATCH', `/api/v1/reseller/customers/${c.id}`, { token: t2, body: { name: '被改了' } });
  assert.deepEqual([patch.status, patch.body.code], [404, 'not_found']);
  const del = await call(tp, 'DELETE', `/api/v1/reseller/customers/${c.id}`, { token: t2 });
  assert.deepEqual([del.status, del.body.code], [404, 'not_found']);
  assert.deepEqual(await row(c.id), before);
});

test('a customer holding an unused red packet I gifted cannot be deleted until it is used or expires', async () => {
  const c = await add(t1, { name: '孙先生', phone: '13955556666' });
  const batch = await call(tp, 'POST', '/api/v1/reseller/red-packets', { token: t1, body: { title: '老客红包', amountEach: 500, count: 1 }, headers: { 'idempotency-key': `cus-${crypto.randomUUID()}` } });
  assert.equal(batch.status, 201, JSON.stringify(batch.body));
  const gift = await call(tp, 'POST', `/api/v1/reseller/red-packets/${batch.body.id}/gift`, { token: t1, body: { customerIds: [c.id] } });
  assert.equal(gift.status, 200, JSON.stringify(gift.body));
  const del = await call(tp, 'DELETE', `/api/v1/reseller/customers/${c.id}?lang=en`, { token: t1 });
  assert.deepEqual([del.status, del.body.code], [409, 'customer_has_red_packets']);
  assert.match(del.body.title, /red packet/);
  assert.ok(await row(c.id), 'the customer is still in the book');
  await tp.database.pool.query(`UPDATE red_packets SET expires_at = now() - interval '1 second' WHERE customer_id = $1`, [c.id]);
  assert.equal((await call(tp, 'DELETE', `/api/v1/reseller/customers/${c.id}`, { token: t1 })).status, 200);
});
