// Abuse at the HTTP edge: request rate limits per client address (shared by every API process
// through PostgreSQL), body size and JSON depth limits, secrets nobody can read in the source,
// what /ready tells strangers, personal data kept out of logs, formula-safe CSV, an idempotent
// cancel, a refund notification for something that is not a refund, security headers, the
// session cookie and cross-site requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { startApiProcess, type ApiProcess } from './support/processes.ts';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, CONSUMER, uniquePhone, type ResellerFixture } from './support/fixtures.ts';
import { login, call } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { sign, SIGNATURE_HEADER } from '../src/modules/payments/index.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig, DEFAULT_SECRET, DEFAULT_SANDBOX_SECRET, type Config } from '../src/platform/config.ts';
import type { Deps } from '../src/platform/context.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SMALL = { max: 3, windowSeconds: 60 };
// Small limits for the tests that count; the figures a deployment gets are in README.
const LIMITS = { login: SMALL, storefrontOrders: SMALL, flashGrabs: SMALL, groupBuys: SMALL, quotes: SMALL, addresses: SMALL, signups: SMALL };

let tp: TestPlatform;
let lim: TestPlatform;
let r: ResellerFixture;
let rt: string;
let esk: string[];
let opPhone: string;
before(async () => {
  tp = await testPlatform();
  lim = await testPlatform({ rateLimits: LIMITS } as Partial<Config>);
  opPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone: opPhone, name: 'op', password: 'op-password' });
  const brand = await brandWithLot(tp);
  const ev = await liveEvent(tp, brand, { quantity: 20 });
  esk = ev.skus.map((s) => s.eventSkuId);
  r = await reseller(tp, 200_000);
  rt = await login(tp, r.phone, r.password);
});
after(async () => { await tp?.close(); await lim?.close(); });

/** An app of our own on a test platform's database, with another configuration or logger. */
async function appWith(p: TestPlatform, change: { config?: Partial<Config>; log?: Deps['log']; pool?: pg.Pool }) {
  const deps: Deps = { ...p.deps, config: { ...p.config, ...change.config }, log: change.log ?? p.deps.log };
  const app = await buildApp({ db: p.database.db, pool: change.pool ?? p.database.pool, deps });
  await app.ready();
  return app;
}

async function walletOrder(): Promise<string> {
  const res = await call(tp, 'POST', '/api/v1/reseller/orders', { token: rt, body: { consumer: CONSUMER, lines: [{ eventSkuId: esk[0], quantity: 1 }], payWith: 'wallet' }, headers: { 'idempotency-key': `abuse-${Math.random().toString(36).slice(2)}` } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.status, 'paid');
  return res.body.id;
}
const statusOf = async (orderId: string) => (await tp.database.pool.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [orderId])).rows[0].status;
const count = async (p: TestPlatform, table: string) => (await p.database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

// ---- rate limits ----

const LIMITED: [string, string][] = [
  ['login', '/api/v1/auth/login'],
  ['storefront order', '/api/v1/storefront/abcd1234/orders'],
  ['storefront pay again', '/api/v1/storefront/abcd1234/orders/ord_01kb0000000000000000000000/pay?token=abcdefghijkl'],
  ['flash grab', '/api/v1/storefront/abcd1234/flash-items/fls_01kb0000000000000000000000/orders'],
  ['group open', '/api/v1/storefront/abcd1234/group-buy-offers/gbo_01kb0000000000000000000000/groups'],
  ['group join', '/api/v1/storefront/abcd1234/groups/gb_01kb0000000000000000000000/join'],
  ['quote', '/api/v1/storefront/abcd1234/quote'],
  ['sign-up by invitation', '/api/v1/join'],
];

test('every public endpoint that creates things, and login, says its limit per client address', async () => {
  let n = 10;
  for (const [name, url] of LIMITED) {
    const res = await lim.app.inject({ method: 'POST', url, remoteAddress: `198.51.100.${n++}`, headers: { 'content-type': 'application/json' }, payload: '{}' });
    assert.equal(res.headers['ratelimit-limit'], '3', `${name}: ${res.statusCode} ${JSON.stringify(res.headers)}`);
    assert.equal(res.headers['ratelimit-remaining'], '2', name);
    const reset = Number(res.headers['ratelimit-reset']);
    assert.ok(reset > 0 && reset <= 60, `${name}: reset ${reset}`);
  }
  // Reads and signed-in work are not limited here.
  const read = await lim.app.inject({ method: 'GET', url: '/api/v1/storefront/abcd1234', remoteAddress: '198.51.100.99' });
  assert.equal(read.headers['ratelimit-limit'], undefined);
});

test('past the limit a client address gets 429 rate_limited with Retry-After, in both languages; other addresses carry on', async () => {
  const url = `/api/v1/storefront/abcd1234/orders`;
  const send = (remoteAddress: string, lang = 'zh-CN') => lim.app.inject({ method: 'POST', url, remoteAddress, headers: { 'content-type': 'application/json', 'idempotency-key': 'rate-limit-0001', 'accept-language': lang }, payload: JSON.stringify({ consumer: CONSUMER, lines: [{ eventSkuId: 'esk_01kb0000000000000000000000', quantity: 1 }] }) });
  for (let i = 0; i < 3; i++) assert.notEqual((await send('203.0.113.7')).statusCode, 429);
  const zh = await send('203.0.113.7');
  assert.equal(zh.statusCode, 429);
  assert.match(String(zh.headers['content-type']), /^application\/problem\+json/);
  const p = JSON.parse(zh.body);
  assert.deepEqual([p.code, p.status, p.title], ['rate_limited', 429, '请求过于频繁']);
  const retry = Number(zh.headers['retry-after']);
  assert.ok(retry >= 1 && retry <= 60, `Retry-After ${zh.headers['retry-after']}`);
  assert.equal(zh.headers['ratelimit-remaining'], '0');
  const en = await send('203.0.113.7', 'en');
  assert.deepEqual([en.statusCode, JSON.parse(en.body).title], [429, 'Too many requests']);
  assert.notEqual((await send('203.0.113.8')).statusCode, 429, 'another address has its own count');
  // An IPv6 client cannot step around the limit by using another address of its /64.
  for (let i = 0; i < 3; i++) await send(`2001:db8:1:2::${i + 1}`);
  assert.equal((await send('2001:db8:1:2::ffff')).statusCode, 429);
});

test('X-Forwarded-For is believed only with TRUST_PROXY: by default a client cannot make up addresses to escape its limit', async () => {
  const url = '/api/v1/storefront/abcd1234/quote';
  const spoof = (app: typeof lim.app, socket: string, forwarded: string) => app.inject({ method: 'POST', url, remoteAddress: socket, headers: { 'content-type': 'application/json', 'x-forwarded-for': forwarded }, payload: '{}' });
  for (let i = 0; i < 3; i++) await spoof(lim.app, '192.0.2.50', `10.0.0.${i}`);
  assert.equal((await spoof(lim.app, '192.0.2.50', '10.0.0.99')).statusCode, 429, 'made-up forwarded addresses are ignored');
  // Behind a proxy that sets the header (TRUST_PROXY=127.0.0.1), each client counts on its own.
  const behind = await appWith(lim, { config: { trustProxy: ['127.0.0.1'] } as Partial<Config> });
  try {
    for (let i = 0; i < 3; i++) assert.notEqual((await spoof(behind, '127.0.0.1', '192.0.2.60')).statusCode, 429);
    assert.equal((await spoof(behind, '127.0.0.1', '192.0.2.60')).statusCode, 429);
    assert.notEqual((await spoof(behind, '127.0.0.1', '192.0.2.61')).statusCode, 429);
  } finally { await behind.close(); }
  assert.equal(loadConfig().trustProxy, false, 'TRUST_PROXY is off unless set');
});

test('two API processes on one database share the limit: the fifth login from one address is refused by either', { timeout: 240_000 }, async () => {
  const own = await testPlatform();
  const procs: ApiProcess[] = [];
  try {
    const phone = uniquePhone();
    await createUser(own.ctx(), { role: 'operator', phone, name: 'op', password: 'op-password' });
    // The limit under test, and no other: the test runner's RATE_LIMITS or TRUST_PROXY would change it.
    const env = { RATE_LIMIT_LOGIN: '4/120', RATE_LIMITS: undefined, TRUST_PROXY: undefined };
    procs.push(...await Promise.all([startApiProcess(own.url, env), startApiProcess(own.url, env)]));
    const loginAt = (p: ApiProcess) => fetch(`${p.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password: 'op-password' }) });
    const seen: [number, string | null][] = [];
    for (const p of [procs[0], procs[1], procs[0], procs[1]]) {
      const res = await loginAt(p);
      seen.push([res.status, res.headers.get('ratelimit-remaining')]);
    }
    assert.deepEqual(seen, [[200, '3'], [200, '2'], [200, '1'], [200, '0']], 'one count across both processes');
    for (const p of procs) {
      const res = await loginAt(p);
      assert.equal(res.status, 429, `process at ${p.base}`);
      assert.equal(((await res.json()) as { code: string }).code, 'rate_limited');
      assert.ok(Number(res.headers.get('retry-after')) > 0);
    }
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await own.close();
  }
});

// ---- bodies ----

test('a JSON body over the route’s limit is refused with 413 payload_too_large before it is parsed', async () => {
  const big = JSON.stringify({ phone: '13800000000', password: 'x'.repeat(100 * 1024) });
  const zh = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: big });
  assert.equal(zh.statusCode, 413, zh.body);
  assert.match(String(zh.headers['content-type']), /^application\/problem\+json/);
  assert.deepEqual([JSON.parse(zh.body).code, JSON.parse(zh.body).title], ['payload_too_large', '请求内容过大']);
  const en = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, payload: big });
  assert.deepEqual([en.statusCode, JSON.parse(en.body).title], [413, 'The request body is too large']);
  assert.equal(JSON.parse(en.body).limitBytes, 64 * 1024);
  // The 9.5 MB nested body that used to stall the API for a second and take a gigabyte.
  const nested = '{"phone":' + '['.repeat(5_000_000) + ']'.repeat(5_000_000) + '}';
  const huge = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: nested });
  assert.equal(huge.statusCode, 413);
});

test('deeply nested JSON is refused with 400 json_too_deep before JSON.parse builds it', async () => {
  const deep = '{"phone":' + '['.repeat(2000) + ']'.repeat(2000) + ',"password":"x"}';
  const res = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, payload: deep });
  assert.equal(res.statusCode, 400);
  const p = JSON.parse(res.body);
  assert.equal(p.code, 'json_too_deep');
  assert.equal(p.maxDepth, 32);
  // Brackets inside strings are text, not nesting.
  const text = await call(tp, 'POST', '/api/v1/auth/login', { body: { phone: '13800000000', password: '['.repeat(150) } });
  assert.equal(text.body.code, 'invalid_credentials');
});

test('routes that need bigger bodies have them: an event of thousands of SKUs, a large lot file', async () => {
  const op = await login(tp, opPhone, 'op-password');
  const items = Array.from({ length: 4000 }, (_, i) => ({ skuId: `sku_${String(i).padStart(26, '0')}`, quantity: 1000 }));
  const event = await call(tp, 'POST', '/api/v1/sale-events', { token: op, body: { brandId: 'brd_01kb0000000000000000000000', title: 'big', startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-02T00:00:00Z', markup: { minBps: 2000, maxBps: 3000, suggestedBps: 2500 }, items } });
  assert.ok(JSON.stringify(items).length > 200 * 1024);
  assert.notEqual(event.status, 413, JSON.stringify(event.body));
  const rows = ['spu_code,product_name,category,colour,size,sku_code,tag_price,base_price,quantity'];
  for (let i = 0; i < 2000; i++) rows.push(`K${i},name ${i},女装,黑色,M,K${i}-M,oops,99.00,1`);
  const lot = await tp.app.inject({ method: 'POST', url: '/api/v1/brands/brd_01kb0000000000000000000000/lots?fileName=big.csv', headers: { authorization: `Bearer ${op}`, 'content-type': 'text/csv' }, payload: rows.join('\n') });
  assert.notEqual(lot.statusCode, 413, lot.body);
});

// ---- secrets ----

test('without SELLTHROUGH_SECRET a random secret is made once and shared through the database, with a warning', async () => {
  const { useSharedSecrets } = await import('../src/platform/secrets.ts');
  const warned: string[] = [];
  const log = { warn: (_o: unknown, m?: string) => { warned.push(String(m)); } };
  const first = loadConfig({ secret: DEFAULT_SECRET, sandboxSecret: DEFAULT_SANDBOX_SECRET, production: false });
  await useSharedSecrets(tp.database.pool, first, log);
  assert.notEqual(first.secret, DEFAULT_SECRET);
  assert.notEqual(first.sandboxSecret, DEFAULT_SANDBOX_SECRET);
  assert.ok(first.secret.length >= 40 && first.sandboxSecret.length >= 40);
  assert.notEqual(first.secret, first.sandboxSecret);
  assert.equal(warned.length, 2, warned.join('\n'));
  assert.match(warned.join('\n'), /SELLTHROUGH_SECRET/);
  // Another process (its own pool) on the same database gets the same secrets.
  const other = new pg.Pool({ connectionString: tp.url, max: 1 });
  try {
    const second = loadConfig({ secret: DEFAULT_SECRET, sandboxSecret: DEFAULT_SANDBOX_SECRET, production: false });
    await useSharedSecrets(other, second, log);
    assert.deepEqual([second.secret, second.sandboxSecret], [first.secret, first.sandboxSecret]);
  } finally { await other.end(); }
  // A secret that is set is used as it is, without a word.
  const set = loadConfig({ secret: 'a-secret-of-our-own', sandboxSecret: 'another-of-our-own', production: false });
  const before = warned.length;
  await useSharedSecrets(tp.database.pool, set, log);
  assert.deepEqual([set.secret, set.sandboxSecret, warned.length], ['a-secret-of-our-own', 'another-of-our-own', before]);
  // Production refuses the public defaults rather than generating one.
  await assert.rejects(useSharedSecrets(tp.database.pool, loadConfig({ secret: DEFAULT_SECRET, production: true }), log), /SELLTHROUGH_SECRET/);
  await assert.rejects(appWith(tp, { config: { production: true } }), /refusing to start in production/);
});

// ---- /ready ----

test('/ready tells an anonymous caller "not ready" only, and logs the database error', async () => {
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => { lines.push(s); } });
  const dead = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:9/nothing', connectionTimeoutMillis: 3000 });
  dead.on('error', () => {});
  const app = await appWith(tp, { pool: dead, log });
  try {
    const res = await app.inject({ method: 'GET', url: '/ready' });
    assert.equal(res.statusCode, 503);
    assert.deepEqual(JSON.parse(res.body), { status: 'not ready' });
    assert.doesNotMatch(res.body, /127\.0\.0\.1|:9\b|ECONNREFUSED/);
    assert.ok(lines.some((l) => /ECONNREFUSED|127\.0\.0\.1/.test(l)), 'the detail is in the log');
  } finally { await app.close(); await dead.end(); }
});

// ---- logs ----

test('logs keep consumers’ names, phones, addresses and order tokens out', async () => {
  const { logOptions } = await import('../src/platform/log.ts');
  const lines: string[] = [];
  const log = pino({ level: 'info', ...logOptions }, { write: (s: string) => { lines.push(s); } });
  // A failed query carries its parameters (drizzle puts them in the message) and PostgreSQL quotes values.
  try {
    await tp.database.db.execute(sql`SELECT ${'13812345678'}::int AS phone, ${'李四'} AS name, ${'世纪大道88号 12楼'} AS detail`);
    assert.fail('the query should fail');
  } catch (err) { log.error({ err }, 'unhandled error'); }
  log.warn({ consumer: CONSUMER, order: { consumer: CONSUMER, id: 'ord_1' } }, 'something about an order');
  const app = await appWith(tp, { log });
  try {
    await app.inject({ method: 'GET', url: '/api/v1/storefront/orders/ord_01kb0000000000000000000000?token=SECRET-lookup-token-123' });
  } finally { await app.close(); }
  const out = lines.join('');
  assert.match(out, /Failed query/, 'the error is still logged');
  assert.match(out, /ord_1/);
  for (const secret of ['13812345678', '李四', '世纪大道88号', '张三', CONSUMER.address.detail, 'SECRET-lookup-token-123']) assert.ok(!out.includes(secret), `${secret} leaked:\n${out}`);
});

// ---- CSV ----

test('the brand’s pick list escapes cells that a spreadsheet would run as formulas', async () => {
  const { csvCell, toCsv } = await import('../web/src/lib/csv.ts');
  assert.equal(csvCell('=HYPERLINK("http://evil.example","x")'), `"'=HYPERLINK(""http://evil.example"",""x"")"`);
  for (const v of ['+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '＝1']) assert.ok(csvCell(v).replace(/^"/, '').startsWith("'"), `${JSON.stringify(v)} → ${csvCell(v)}`);
  assert.equal(csvCell('黑色 M'), '黑色 M');
  assert.equal(csvCell(12), '12');
  assert.equal(csvCell(-3), '-3', 'numbers are numbers');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(toCsv([['sku', 'name'], ['K1-M', '=cmd|\' /C calc\'!A0']]), `\uFEFFsku,name\r\nK1-M,'=cmd|' /C calc'!A0\r\n`);
});

// ---- cancel ----

test('a cancel retried with the same Idempotency-Key answers as the first did; another request with that key is refused', async () => {
  const orderId = await walletOrder();
  const cancel = (key: string | undefined, reason = '客户不要了') => call(tp, 'POST', `/api/v1/orders/${orderId}/cancel`, { token: rt, body: { reason }, headers: key ? { 'idempotency-key': key } : {} });
  const first = await cancel('cancel-key-0001');
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.status, 'cancelled');
  const again = await cancel('cancel-key-0001');
  assert.equal(again.status, 200, JSON.stringify(again.body));
  assert.deepEqual(again.body, first.body);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.equal(first.headers['idempotent-replayed'], 'false');
  const reused = await cancel('cancel-key-0001', 'another reason');
  assert.deepEqual([reused.status, reused.body.code], [422, 'idempotency_key_reused']);
  const withoutKey = await cancel(undefined);
  assert.deepEqual([withoutKey.status, withoutKey.body.code], [409, 'invalid_transition'], 'without a key a second cancel is a conflict, as before');
  // Concurrent retries with one key: one cancellation.
  const second = await walletOrder();
  const answers = await Promise.all(Array.from({ length: 6 }, () => call(tp, 'POST', `/api/v1/orders/${second}/cancel`, { token: rt, body: { reason: 'x' }, headers: { 'idempotency-key': 'cancel-key-0002' } })));
  assert.deepEqual(answers.map((a) => a.status), Array(6).fill(200), JSON.stringify(answers.map((a) => a.body)));
  assert.equal(answers.filter((a) => a.headers['idempotent-replayed'] === 'false').length, 1);
  assert.equal(await statusOf(second), 'cancelled');
});

// ---- payment notifications ----

test('a signed refund notification naming a charge (or a charge notification naming a refund) is refused with 404 and changes nothing', async () => {
  const placed = await call(tp, 'POST', `/api/v1/storefront/${r.shareCode}/orders`, { body: { consumer: CONSUMER, lines: [{ eventSkuId: esk[1], quantity: 1 }] }, headers: { 'idempotency-key': 'notify-wrong-0001' } });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  const chargeId = placed.body.order.payment.payUrl.split('/').pop();
  const tables = ['payment_notifications', 'refunds', 'journal_entries', 'payment_charges', 'orders'];
  const snapshot = async () => Promise.all(tables.map((t) => count(tp, t)));
  const before = await snapshot();
  for (const [type, object] of [['refund.succeeded', chargeId], ['refund.failed', 're_01kb0000000000000000000000'], ['charge.succeeded', 're_01kb0000000000000000000000']]) {
    const body = JSON.stringify({ id: `evt_${Math.random().toString(36).slice(2)}`, type, created: Math.floor(Date.now() / 1000), data: { object } });
    const res = await tp.app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers: { 'content-type': 'application/json', 'accept-language': 'en', [SIGNATURE_HEADER]: sign(tp.config.sandboxSecret, Math.floor(Date.now() / 1000), body) }, payload: body });
    assert.equal(res.statusCode, 404, `${type} ${object}: ${res.body}`);
    assert.equal(JSON.parse(res.body).code, 'not_found');
  }
  assert.deepEqual(await snapshot(), before);
  assert.equal(await statusOf(placed.body.order.id), 'pending_payment');
});

// ---- headers ----

test('pages carry a Content-Security-Policy they work under, no framing, nosniff and a referrer policy that keeps tokens home', async () => {
  const check = (res: { headers: Record<string, unknown> }, what: string) => {
    assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
    assert.equal(res.headers['x-frame-options'], 'DENY', what);
    assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin', what);
    const csp = String(res.headers['content-security-policy'] ?? '');
    assert.match(csp, /frame-ancestors 'none'/, what);
    return csp;
  };
  if (fs.existsSync(path.join(ROOT, 'web/dist/index.html'))) {
    const page = await tp.app.inject({ method: 'GET', url: '/s/abcd1234/orders/ord_1?token=abc' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    const csp = check(page, 'SPA');
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/, 'no inline or eval scripts');
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /base-uri 'self'/);
    // The built page has no inline script the policy would block.
    assert.doesNotMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/);
    // A reload answered 304 must not carry another policy: the browser would merge it into the
    // cached page's headers and block its scripts (a blank page).
    const first = await tp.app.inject({ method: 'GET', url: '/console' });
    const etag = String(first.headers.etag ?? '');
    assert.ok(etag, 'pages are served with an ETag');
    const again = await tp.app.inject({ method: 'GET', url: '/console', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.headers['content-security-policy'], undefined, 'a 304 keeps the cached page’s policy');
  }
  const docs = await tp.app.inject({ method: 'GET', url: '/api/docs/' });
  assert.equal(docs.statusCode, 200);
  assert.match(check(docs, 'docs'), /script-src 'self'(;|$)/);
  assert.doesNotMatch(docs.body, /<script(?![^>]*\bsrc=)[^>]*>/);
  const placed = await call(tp, 'POST', `/api/v1/storefront/${r.shareCode}/orders`, { body: { consumer: CONSUMER, lines: [{ eventSkuId: esk[1], quantity: 1 }] }, headers: { 'idempotency-key': 'headers-pay-0001' } });
  const pay = await tp.app.inject({ method: 'GET', url: new URL(placed.body.order.payment.payUrl).pathname });
  assert.equal(pay.statusCode, 200);
  const payCsp = check(pay, 'sandbox pay page');
  assert.match(payCsp, /default-src 'none'/);
  assert.match(payCsp, /style-src 'unsafe-inline'/, 'its one inline <style>');
  assert.match(payCsp, /form-action 'self' http:\/\/test\.local/, 'its forms post here and return to the shop');
  const api = await tp.app.inject({ method: 'GET', url: '/api/v1/storefront/abcd1234' });
  assert.match(check(api, 'API'), /default-src 'none'/);
});

test('the session cookie is Secure when PUBLIC_URL is https', async () => {
  const plain = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: opPhone, password: 'op-password' } });
  assert.doesNotMatch(String(plain.headers['set-cookie']), /Secure/i);
  const app = await appWith(tp, { config: { publicUrl: 'https://shop.example' } });
  try {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: opPhone, password: 'op-password' } });
    assert.equal(res.statusCode, 200);
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith('st_session='))!;
    const signedIn = cookies.find((c) => c.startsWith('st_signed_in='))!;
    assert.match(session, /;\s*Secure/i);
    assert.match(session, /HttpOnly/i, 'the session is out of the page\'s reach');
    // Beside it, the page may read whether it is signed in (and so ask GET /me): it carries nothing secret.
    assert.match(signedIn, /^st_signed_in=1;.*;\s*Secure/i);
    assert.doesNotMatch(signedIn, /HttpOnly/i);
    assert.equal(/Expires=([^;]+)/.exec(signedIn)![1], /Expires=([^;]+)/.exec(session)![1], 'it ends when the session does');
  } finally { await app.close(); }
});

test('a cross-site request riding the session cookie is refused, and a form body on a JSON route too; bearer callers and same-site pages are not affected', async () => {
  const cookieLogin = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: r.phone, password: r.password } });
  const cookie = String(cookieLogin.headers['set-cookie']).split(';')[0];
  const orderId = await walletOrder();
  const url = `/api/v1/orders/${orderId}/cancel`;
  // What a page on evil.example can make a browser send: a form post, with the victim's cookie.
  const form = await tp.app.inject({ method: 'POST', url, headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, payload: 'reason=pwned' });
  assert.notEqual(form.statusCode, 200, form.body);
  assert.ok([403, 415].includes(form.statusCode), form.body);
  assert.equal(await statusOf(orderId), 'paid');
  const formNoOrigin = await tp.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'reason=pwned' });
  assert.deepEqual([formNoOrigin.statusCode, JSON.parse(formNoOrigin.body).code], [415, 'unsupported_media_type']);
  const evil = await tp.app.inject({ method: 'POST', url, headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json', 'accept-language': 'en' }, payload: JSON.stringify({ reason: 'pwned' }) });
  assert.equal(evil.statusCode, 403);
  assert.equal(JSON.parse(evil.body).code, 'cross_site_request');
  const fetchMeta = await tp.app.inject({ method: 'POST', url, headers: { cookie, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, payload: JSON.stringify({ reason: 'pwned' }) });
  assert.deepEqual([fetchMeta.statusCode, JSON.parse(fetchMeta.body).code], [403, 'cross_site_request']);
  const nullOrigin = await tp.app.inject({ method: 'POST', url, headers: { cookie, origin: 'null', 'content-type': 'application/json' }, payload: JSON.stringify({ reason: 'pwned' }) });
  assert.equal(nullOrigin.statusCode, 403);
  assert.equal(await statusOf(orderId), 'paid');
  // Our own pages (same origin) work with the cookie.
  const same = await tp.app.inject({ method: 'POST', url, headers: { cookie, origin: 'http://localhost', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, payload: JSON.stringify({ reason: '客户不要了' }) });
  assert.equal(same.statusCode, 200, same.body);
  // A bearer token is not sent by browsers on their own: not a CSRF risk, whatever the Origin.
  const other = await walletOrder();
  const bearer = await tp.app.inject({ method: 'POST', url: `/api/v1/orders/${other}/cancel`, headers: { authorization: `Bearer ${rt}`, origin: 'https://partner.example', 'content-type': 'application/json' }, payload: JSON.stringify({ reason: '客户不要了' }) });
  assert.equal(bearer.statusCode, 200, bearer.body);
  // Reading with the cookie from anywhere is unaffected (nothing changes).
  const read = await tp.app.inject({ method: 'GET', url: `/api/v1/orders/${other}`, headers: { cookie, origin: 'https://evil.example' } });
  assert.equal(read.statusCode, 200);
});

test('while the database is away, requests get 503 database_unavailable with Retry-After, and the process lives on', async () => {
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const dead = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:9/nothing', connectionTimeoutMillis: 3000 });
  dead.on('error', () => {});
  const app = await buildApp({ db: drizzle(dead), pool: dead, deps: tp.deps });
  await app.ready();
  try {
    const res = await app.inject({ method: 'GET', url: '/api/v1/storefront/abcd1234', headers: { 'accept-language': 'en' } });
    assert.equal(res.statusCode, 503, res.body);
    assert.equal(res.headers['retry-after'], '1');
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    const body = JSON.parse(res.body);
    assert.equal(body.code, 'database_unavailable');
    assert.doesNotMatch(res.body, /127\.0\.0\.1|ECONNREFUSED/);
  } finally { await app.close(); await dead.end(); }
});
