// The storefront's event page cache: one build per shop and event per STOREFRONT_CACHE_MS, an
// ETag (304), a brotli copy for phones that ask, and — once stale — the last page served while one
// rebuild runs, so the page never waits on a build it already has an answer for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import { login, call } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

let tp: TestPlatform;
let ev: SaleEventView;
let shop: ResellerFixture;
// Long enough that a step of the test never spans a window by accident on a busy machine.
const TTL = 2000;

before(async () => {
  tp = await testPlatform({ storefrontCacheMs: TTL });
  ev = await liveEvent(tp, await brandWithLot(tp, { qty: 50 }), { quantity: 20 });
  shop = await reseller(tp);
});
after(async () => { await tp.close(); });

const page = async (headers: Record<string, string> = {}) => {
  const res = await tp.app.inject({ method: 'GET', url: `/api/v1/storefront/${shop.shareCode}/sale-events/${ev.id}`, headers });
  const raw = res.rawPayload;
  const body = res.statusCode === 200 ? JSON.parse((res.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(raw) : raw).toString()) : null;
  return { status: res.statusCode, etag: String(res.headers.etag), encoding: res.headers['content-encoding'], body };
};
const left = (b: { products: { skus: { eventSkuId: string; available: number }[] }[] }) => b.products.flatMap((p) => p.skus).find((s) => s.eventSkuId === ev.skus[0].eventSkuId)!.available;
const buy = async () => {
  const res = await tp.app.inject({
    method: 'POST', url: `/api/v1/storefront/${shop.shareCode}/orders`, headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    payload: JSON.stringify({ consumer: { name: '周女士', phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, address: ADDRESS }, lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity: 2 }] }),
  });
  assert.equal(res.statusCode, 201, res.body);
};

test('a page is built once per freshness window: same ETag, 304 when unchanged, brotli when asked', async () => {
  const a = await page();
  const b = await page({ 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(a.status, 200);
  assert.equal(b.encoding, 'br');
  assert.deepEqual(b.body, a.body, 'the compressed page is the same page');
  assert.equal(b.etag, a.etag);
  assert.equal((await page({ 'if-none-match': a.etag })).status, 304);
});

test('within the window the page keeps its stock figures; once stale it is served once more while rebuilt, then fresh', async () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** Ask until the page shows `want` (the rebuild runs behind the answer), at most 10 s. */
  const until = async (want: number) => {
    let seen = left((await page()).body);
    for (let i = 0; i < 200 && seen !== want; i++) { await sleep(50); seen = left((await page()).body); }
    return seen;
  };
  // A fresh page: `base` is the stock now.
  await sleep(TTL + 50);
  const base = left((await page()).body);
  // That request started a rebuild behind it; let it finish before the sale, so it cannot see it.
  await sleep(500);
  await buy();
  assert.equal(left((await page()).body), base, 'inside the window: the cached figure');
  await sleep(TTL + 50);
  assert.equal(left((await page()).body), base, 'the first request after the window gets the last page, not a wait');
  assert.equal(await until(base - 2), base - 2, 'the rebuilt page shows the sale');
});

test('an operator’s edit of the event is on the page at once, not after the window', async () => {
  const phone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone, name: 'op', password: 'op-password' });
  const op = await login(tp, phone, 'op-password');
  const shown = (await page()).body as { endsAt: string };
  const endsAt = new Date(new Date(shown.endsAt).getTime() + 3_600_000).toISOString();
  const res = await call(tp, 'PATCH', `/api/v1/sale-events/${ev.id}`, { token: op, body: { endsAt } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(new Date((await page()).body.endsAt).toISOString(), endsAt, 'the page shows the later end within the window');
});
