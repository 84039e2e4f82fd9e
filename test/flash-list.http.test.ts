// The console's list of flash items across every event, over HTTP on a real PostgreSQL: each item
// with its event, product and brand, its figures (claimed by standing orders, sold = paid, left)
// and its phase at the database clock; filtered by phase, event and brand, a page at a time, with
// the count of each phase; the operator's alone (brands, resellers and strangers are refused).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, ADDRESS, payOnGateway, type BrandWithLot, type ResellerFixture } from './support/fixtures.ts';
import { call, login } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { createFlashItem, type FlashItemView } from '../src/modules/flash-sales/index.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

let tp: TestPlatform;
let shop: ResellerFixture;
let brandA: BrandWithLot;
let brandB: BrandWithLot;
let eventA: SaleEventView;
let eventB: SaleEventView;
const tokens = {} as Record<'operator' | 'brand' | 'reseller', string>;
const items = {} as Record<'selling' | 'upcoming' | 'soldOut' | 'ended' | 'otherBrand', FlashItemView>;

interface Row { id: string; saleEventId: string; eventTitle: string; brandId: string; brandName: string; productName: string; skuCode: string; colour: string; size: string; price: number; quantity: number; claimed: number; sold: number; left: number; perBuyerLimit: number; perResellerLimit: number; startsAt: string; endsAt: string; phase: string }
interface Page { items: Row[]; nextCursor: string | null; phases: Record<string, number> }

const list = async (query: string, token = tokens.operator) => call(tp, 'GET', `/api/v1/flash-items${query}`, { token });
const grab = (itemId: string, quantity: number) => call(tp, 'POST', `/api/v1/storefront/${shop.shareCode}/flash-items/${itemId}/orders`, {
  headers: { 'idempotency-key': `list-${itemId}-${quantity}-${Math.random().toString(36).slice(2)}` }, body: { consumer: { name: '抢购者', phone: uniquePhone(), address: ADDRESS }, quantity },
});

before(async () => {
  tp = await testPlatform();
  const op = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone: op, name: 'operator', password: 'operator-password' });
  tokens.operator = await login(tp, op, 'operator-password');
  shop = await reseller(tp);
  tokens.reseller = await login(tp, shop.phone, shop.password);
  brandA = await brandWithLot(tp, { sizes: ['S', 'M', 'L'], base: '100.00' });
  brandB = await brandWithLot(tp, { sizes: ['M'], base: '100.00' });
  const bp = uniquePhone();
  await createUser(tp.ctx(), { role: 'brand', brandId: brandA.brandId, phone: bp, name: 'brand user', password: 'brand-password' });
  tokens.brand = await login(tp, bp, 'brand-password');
  eventA = await liveEvent(tp, brandA, { quantity: 20 });
  eventB = await liveEvent(tp, brandB, { quantity: 20 });
  const at = (ms: number) => new Date(Date.now() + ms);
  const make = (ev: SaleEventView, i: number, o: { quantity: number; startsAt: Date; endsAt?: Date }) => createFlashItem(tp.ctx(), {
    saleEventId: ev.id, eventSkuId: ev.skus[i].eventSkuId, price: 12_900, perBuyerLimit: 3, perResellerLimit: 10, ...o,
  });
  items.ended = await make(eventA, 0, { quantity: 5, startsAt: at(-50_000), endsAt: at(3_600_000) });
  items.soldOut = await make(eventA, 1, { quantity: 1, startsAt: at(-40_000) });
  items.selling = await make(eventA, 2, { quantity: 5, startsAt: at(-30_000) });
  items.upcoming = await make(eventA, 3, { quantity: 5, startsAt: at(3_600_000) });
  items.otherBrand = await make(eventB, 0, { quantity: 5, startsAt: at(-20_000) });
  // Ended: its window closed a moment ago (a flash window cannot be created in the past).
  await tp.database.pool.query(`UPDATE flash_items SET ends_at = now() - interval '1 second' WHERE id = $1`, [items.ended.id]);
  // The selling item: one grab of 2 paid, one of 1 awaiting payment; the sold-out item's one unit awaits payment.
  const paid = await grab(items.selling.id, 2);
  assert.equal(paid.status, 201, JSON.stringify(paid.body));
  const pay = await call(tp, 'POST', `/api/v1/storefront/${shop.shareCode}/orders/${paid.body.orderId}/pay?token=${paid.body.lookupToken}`);
  assert.equal(pay.status, 200, JSON.stringify(pay.body));
  await payOnGateway(tp, pay.body.payment.payUrl);
  assert.equal((await grab(items.selling.id, 1)).status, 201);
  assert.equal((await grab(items.soldOut.id, 1)).status, 201);
});
after(async () => { await tp?.close(); });

test('each item carries its event, product, brand, limits and figures: claimed by standing orders, sold = paid, left', async () => {
  const r = await list(`?brandId=${brandA.brandId}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const page = r.body as Page;
  const selling = page.items.find((i) => i.id === items.selling.id)!;
  assert.ok(selling, 'the selling item is listed');
  assert.deepEqual(
    [selling.saleEventId, selling.eventTitle, selling.brandId, selling.productName, selling.price, selling.quantity, selling.claimed, selling.sold, selling.left, selling.perBuyerLimit, selling.perResellerLimit, selling.phase],
    [eventA.id, eventA.title, brandA.brandId, '羊毛大衣', 12_900, 5, 3, 2, 2, 3, 10, 'on_sale'],
  );
  const sku = (await tp.database.pool.query<{ sku_code: string; colour: string; size: string }>(
    'SELECT k.sku_code, k.colour, k.size FROM sale_event_skus s JOIN skus k ON k.id = s.sku_id WHERE s.id = $1', [items.selling.eventSkuId])).rows[0];
  assert.deepEqual([selling.skuCode, selling.colour, selling.size], [sku.sku_code, sku.colour, sku.size]);
  assert.ok(selling.brandName.length > 0);
  assert.equal(selling.startsAt, items.selling.startsAt.toISOString());
  assert.equal(selling.endsAt, items.selling.endsAt.toISOString());
  const byId = new Map(page.items.map((i) => [i.id, i]));
  assert.deepEqual([byId.get(items.soldOut.id)?.phase, byId.get(items.soldOut.id)?.left, byId.get(items.soldOut.id)?.sold], ['sold_out', 0, 0], 'claimed but unpaid is not sold');
  assert.equal(byId.get(items.upcoming.id)?.phase, 'upcoming');
  assert.equal(byId.get(items.ended.id)?.phase, 'ended');
  assert.ok(!byId.has(items.otherBrand.id), 'another brand’s item is filtered out');
  assert.deepEqual(page.items.map((i) => i.id), [items.upcoming, items.selling, items.soldOut, items.ended].map((i) => i.id), 'latest start first');
  assert.deepEqual(page.phases, { upcoming: 1, on_sale: 1, sold_out: 1, ended: 1 });
});

test('filters by phase, event and brand; the phase counts follow the event and brand filter only', async () => {
  for (const [phase, want] of [['on_sale', items.selling], ['upcoming', items.upcoming], ['ended', items.ended], ['sold_out', items.soldOut]] as const) {
    const r = await list(`?brandId=${brandA.brandId}&phase=${phase}`);
    assert.equal(r.status, 200);
    assert.deepEqual((r.body as Page).items.map((i) => i.id), [want.id], phase);
    assert.equal((r.body as Page).phases[phase], 1);
  }
  const byEvent = (await list(`?saleEventId=${eventB.id}`)).body as Page;
  assert.deepEqual(byEvent.items.map((i) => i.id), [items.otherBrand.id]);
  assert.deepEqual(byEvent.phases, { upcoming: 0, on_sale: 1, sold_out: 0, ended: 0 });
  const all = (await list('?limit=200')).body as Page;
  for (const it of Object.values(items)) assert.ok(all.items.some((i) => i.id === it.id), `${it.id} is in the unfiltered list`);
});

test('pages follow each other by cursor without gaps or repeats', async () => {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r = await list(`?brandId=${brandA.brandId}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const page = r.body as Page;
    assert.ok(page.items.length <= 1);
    seen.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 10);
  assert.deepEqual(seen, [items.upcoming, items.selling, items.soldOut, items.ended].map((i) => i.id));
  const onSale = (await list(`?brandId=${brandA.brandId}&phase=ended&cursor=${items.selling.id}`)).body as Page;
  assert.deepEqual(onSale.items.map((i) => i.id), [items.ended.id], 'a phase filter pages too');
});

test('only the operator may list: a brand (even for its own brand), a reseller and a stranger are refused', async () => {
  const brand = await list(`?brandId=${brandA.brandId}`, tokens.brand);
  assert.deepEqual([brand.status, brand.body.code], [403, 'forbidden']);
  const rs = await list('', tokens.reseller);
  assert.deepEqual([rs.status, rs.body.code], [403, 'forbidden']);
  const anon = await call(tp, 'GET', '/api/v1/flash-items');
  assert.deepEqual([anon.status, anon.body.code], [401, 'unauthenticated']);
});

test('bad filters are refused with field details, in the caller’s language', async () => {
  for (const [query, field] of [['?phase=soon', 'phase'], ['?limit=0', 'limit'], ['?brandId=nope', 'brandId'], ['?cursor=x', 'cursor'], ['?colour=red', '']] as const) {
    const r = await list(query);
    assert.equal(r.status, 400, query);
    assert.equal(r.body.code, 'validation_failed', query);
    assert.ok(r.body.errors.some((e: { path: string }) => e.path.startsWith(`querystring${field ? `.${field}` : ''}`)), `${query}: ${JSON.stringify(r.body.errors)}`);
  }
  const en = await call(tp, 'GET', '/api/v1/flash-items?phase=soon', { token: tokens.operator, headers: { 'accept-language': 'en' } });
  const zh = await call(tp, 'GET', '/api/v1/flash-items?phase=soon', { token: tokens.operator, headers: { 'accept-language': 'zh-CN' } });
  assert.notEqual(en.body.title, zh.body.title);
});
