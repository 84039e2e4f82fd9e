// Fast on a slow phone: the built web app goes out precompressed (brotli when asked, else gzip,
// else as it is, always with Vary), JSON answers over 1 KB are compressed, a shared link's page
// arrives with its shop's name (and its sale event's) in the title and in a skeleton — escaped,
// so a name with <script> stays text — and /favicon.ico answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, uniquePhone } from './support/fixtures.ts';
import { enrolReseller } from '../src/modules/resellers/index.ts';
import { createSaleEvent } from '../src/modules/sale-events/index.ts';

const DIST = path.resolve('web/dist');
const NASTY_SHOP = `<script>alert("shop")</script>小雨&'店'`;
const NASTY_EVENT = `</title><img src=x onerror=alert(1)>春装清仓`;

let tp: TestPlatform;
let plain: TestPlatform;
let shareCode = '';
let saleEventId = '';
let draftId = '';
let entryJs = '';

/** The body as sent, decoded as the Content-Encoding says. */
function decoded(res: { rawPayload: Buffer; headers: Record<string, unknown> }): Buffer {
  const enc = res.headers['content-encoding'];
  if (enc === 'br') return zlib.brotliDecompressSync(res.rawPayload);
  if (enc === 'gzip') return zlib.gunzipSync(res.rawPayload);
  assert.equal(enc, undefined, `unexpected encoding ${String(enc)}`);
  return res.rawPayload;
}

function escaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

before(async () => {
  // The built, precompressed app, as npm start and the browser tests use it (rebuilt only when stale).
  const b = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-web.ts'], { stdio: ['ignore', 'ignore', 'inherit'] });
  assert.equal(b.status, 0, 'the web app builds');
  entryJs = /src="(\/assets\/index-[^"]+\.js)"/.exec(fs.readFileSync(path.join(DIST, 'index.html'), 'utf8'))![1];
  tp = await testPlatform();
  plain = await testPlatform({ webCompression: false, webShell: false });
  const ctx = tp.ctx();
  shareCode = (await enrolReseller(ctx, { name: NASTY_SHOP, phone: uniquePhone(), password: 'password1' })).shareCode;
  const brand = await brandWithLot(tp);
  const live = await liveEvent(tp, brand, { quantity: 2 });
  saleEventId = live.id;
  await tp.database.pool.query('UPDATE sale_events SET title = $1 WHERE id = $2', [NASTY_EVENT, saleEventId]);
  const draft = await createSaleEvent(ctx, {
    brandId: brand.brandId, title: '未公布的秘密档期', startsAt: new Date(Date.now() + 86400_000), endsAt: new Date(Date.now() + 2 * 86400_000),
    markup: { minBps: 2000, maxBps: 3000, suggestedBps: 2500 }, items: [{ skuId: brand.skuIds[0], quantity: 1 }],
  });
  draftId = draft.id; // never scheduled: a draft
});

after(async () => {
  await tp?.close();
  await plain?.close();
});

test('a script goes out brotli when asked, gzip when asked, as it is otherwise — always with Vary and the caching headers', async () => {
  const original = fs.readFileSync(path.join(DIST, entryJs));
  const cases: [string | undefined, string | undefined][] = [
    ['br, gzip, deflate', 'br'], ['gzip, deflate, br, zstd', 'br'], ['gzip', 'gzip'], ['br;q=0, gzip', 'gzip'], ['deflate', undefined], ['identity', undefined], [undefined, undefined],
  ];
  for (const [accept, expected] of cases) {
    const res = await tp.app.inject({ method: 'GET', url: entryJs, headers: accept ? { 'accept-encoding': accept } : {} });
    assert.equal(res.statusCode, 200, String(accept));
    assert.equal(res.headers['content-encoding'], expected, `Accept-Encoding: ${accept}`);
    assert.match(String(res.headers['content-type']), /javascript/, String(accept));
    assert.match(String(res.headers.vary), /accept-encoding/i, String(accept));
    assert.match(String(res.headers['cache-control']), /max-age=3600/, String(accept));
    assert.ok(decoded(res).equals(original), `the script decodes to the built file (${accept})`);
    if (expected) assert.ok(res.rawPayload.length < original.length / 2.5, `${expected} is much smaller: ${res.rawPayload.length} of ${original.length}`);
    assert.equal(Number(res.headers['content-length']), res.rawPayload.length);
  }
  // A conditional request of the compressed file is answered 304 (its own ETag).
  const first = await tp.app.inject({ method: 'GET', url: entryJs, headers: { 'accept-encoding': 'br' } });
  const again = await tp.app.inject({ method: 'GET', url: entryJs, headers: { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) } });
  assert.equal(again.statusCode, 304);
});

test('with WEB_COMPRESSION off every file goes as it is', async () => {
  const res = await plain.app.inject({ method: 'GET', url: entryJs, headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-encoding'], undefined);
  assert.ok(res.rawPayload.equals(fs.readFileSync(path.join(DIST, entryJs))));
  const api = await plain.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(api.headers['content-encoding'], undefined);
});

test('a shared link names its shop in the title and the skeleton, escaped: a name with <script> stays text', async () => {
  const res = await tp.app.inject({ method: 'GET', url: `/s/${shareCode}`, headers: { 'accept-encoding': 'br', 'accept-language': 'zh-CN,zh;q=0.9' } });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  assert.equal(res.headers['content-encoding'], 'br');
  assert.match(String(res.headers.vary), /accept-encoding/i);
  assert.equal(res.headers['cache-control'], 'no-cache');
  const html = decoded(res).toString('utf8');
  const shop = `${NASTY_SHOP}的特卖小店`;
  assert.ok(html.includes(`<title>${escaped(`${shop} · 爱清仓`)}</title>`), 'the title names the shop');
  assert.ok(html.includes(`<p class="boot-name" data-shell="name">${escaped(shop)}</p>`), 'the skeleton names the shop');
  assert.ok(!html.includes('<script>alert'), 'the name is not markup');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script: the policy allows none');
  assert.match(html, /<html lang="zh-CN">/);
  assert.match(html, /<script type="module" crossorigin src="\/assets\/index-/, 'the scripts still load');
  assert.match(String(res.headers['content-security-policy']), /script-src 'self'(;|$)/);
  // The same page again, unchanged: 304.
  const again = await tp.app.inject({ method: 'GET', url: `/s/${shareCode}`, headers: { 'accept-language': 'zh-CN', 'if-none-match': String(res.headers.etag) } });
  assert.equal(again.statusCode, 304);
  // In English, for a browser that takes gzip only.
  const en = await tp.app.inject({ method: 'GET', url: `/s/${shareCode}/checkout`, headers: { 'accept-encoding': 'gzip', 'accept-language': 'en-US,en;q=0.9' } });
  assert.equal(en.headers['content-encoding'], 'gzip');
  const enHtml = decoded(en).toString('utf8');
  assert.match(enHtml, /<html lang="en">/);
  assert.ok(enHtml.includes(`<title>${escaped(`${NASTY_SHOP}'s shop · Sellthrough`)}</title>`));
});

test('a link to a sale event names the event too; a draft or another shop’s unknown link names nothing it should not', async () => {
  const res = await tp.app.inject({ method: 'GET', url: `/s/${shareCode}/e/${saleEventId}`, headers: { 'accept-language': 'zh-CN' } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-encoding'], undefined, 'nothing asked, nothing compressed');
  const html = res.body;
  assert.ok(html.includes(`<title>${escaped(`${NASTY_EVENT} · ${NASTY_SHOP}的特卖小店 · 爱清仓`)}</title>`), 'event · shop · app');
  assert.ok(html.includes(`<header class="boot-bar" data-shell="bar">${escaped(NASTY_EVENT)}</header>`));
  assert.ok(!html.includes('<img src=x'), 'the event title is not markup');
  const draft = await tp.app.inject({ method: 'GET', url: `/s/${shareCode}/e/${draftId}` });
  assert.ok(!draft.body.includes('未公布的秘密档期'), 'a draft event is not named');
  assert.ok(draft.body.includes(escaped(NASTY_SHOP)), 'its shop still is');
  const unknown = await tp.app.inject({ method: 'GET', url: '/s/nosuchshop1' });
  assert.equal(unknown.statusCode, 200);
  assert.match(unknown.body, /<title>爱清仓<\/title>/);
  const console_ = await tp.app.inject({ method: 'GET', url: '/console/orders', headers: { 'accept-language': 'en' } });
  assert.match(console_.body, /<title>Operator console · Sellthrough<\/title>/);
});

test('with WEB_SHELL off a shared link gets index.html as built', async () => {
  const res = await plain.app.inject({ method: 'GET', url: `/s/${shareCode}` });
  assert.equal(res.statusCode, 200);
  assert.equal(res.body, fs.readFileSync(path.join(DIST, 'index.html'), 'utf8'));
});

test('the icon: /favicon.svg is linked from every page, /favicon.ico answers with it', async () => {
  const page = await tp.app.inject({ method: 'GET', url: '/reseller' });
  assert.match(page.body, /<link rel="icon" type="image\/svg\+xml" href="\/favicon\.svg" \/>/);
  const svg = await tp.app.inject({ method: 'GET', url: '/favicon.svg' });
  assert.equal(svg.statusCode, 200);
  assert.match(String(svg.headers['content-type']), /^image\/svg\+xml/);
  const ico = await tp.app.inject({ method: 'GET', url: '/favicon.ico', headers: { 'accept-encoding': 'gzip' } });
  assert.equal(ico.statusCode, 200);
  assert.match(String(ico.headers['content-type']), /^image\/svg\+xml/);
  assert.match(decoded(ico).toString('utf8'), /^<svg /);
  const raw = await tp.app.inject({ method: 'GET', url: '/index.html' });
  assert.equal(raw.statusCode, 404, 'the unrendered template is not served');
});

test('JSON over 1 KB is compressed for browsers that take it; small answers and problem+json under 1 KB go as they are', async () => {
  const big = await tp.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip, br' } });
  assert.equal(big.statusCode, 200);
  assert.equal(big.headers['content-encoding'], 'br');
  assert.match(String(big.headers.vary), /accept-encoding/i);
  const doc = JSON.parse(decoded(big).toString('utf8')) as { openapi: string };
  assert.match(doc.openapi, /^3\./);
  const gz = await tp.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.deepEqual(JSON.parse(decoded(gz).toString('utf8')), doc);
  const none = await tp.app.inject({ method: 'GET', url: '/api/openapi.json' });
  assert.equal(none.headers['content-encoding'], undefined);
  assert.deepEqual(JSON.parse(none.body), doc);
  const small = await tp.app.inject({ method: 'GET', url: '/health', headers: { 'accept-encoding': 'br' } });
  assert.equal(small.headers['content-encoding'], undefined);
  assert.deepEqual(JSON.parse(small.body), { status: 'ok' });
  const problem = await tp.app.inject({ method: 'GET', url: '/api/v1/storefront/nosuchshop1', headers: { 'accept-encoding': 'br' } });
  assert.equal(problem.statusCode, 404);
  assert.equal(JSON.parse(decoded(problem).toString('utf8')).code, 'storefront_not_found');
});
