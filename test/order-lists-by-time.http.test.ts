// Order lists by the time on the card, over HTTP on a real PostgreSQL: orders whose ids and
// created_at disagree (imported, backdated or migrated orders; the demo's history) are listed
// newest first by created_at, ties by id, and paging through them repeats and skips none — also
// where two orders were placed the same microsecond, or a microsecond apart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, ADDRESS, type BrandWithLot, type ResellerFixture } from './support/fixtures.ts';
import { call, login } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { listOrders } from '../src/modules/orders/index.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

let tp: TestPlatform;
let brand: BrandWithLot;
let shop: ResellerFixture;
let other: ResellerFixture;
let ev: SaleEventView;
const tokens = {} as Record<'operator' | 'shop', string>;

async function buy(via: ResellerFixture): Promise<string> {
  const r = await call(tp, 'POST', `/api/v1/storefront/${via.shareCode}/orders`, {
    headers: { 'idempotency-key': `by-time-${Math.random().toString(36).slice(2)}` },
    body: { consumer: { name: '顾客', phone: uniquePhone(), address: ADDRESS }, lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity: 1 }] },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.order.id;
}

/** Orders newest first by the time they were placed, ties by id: what every list must show. */
async function byTime(resellerId?: string): Promise<string[]> {
  const r = await tp.database.pool.query<{ id: string }>(
    `SELECT id FROM orders WHERE $1::text IS NULL OR reseller_id = $1 ORDER BY created_at DESC, id DESC`, [resellerId ?? null]);
  return r.rows.map((x) => x.id);
}

/** Every page of GET /api/v1/orders, `limit` at a time. */
async function allPages(token: string, query: string, limit: number): Promise<{ id: string; createdAt: string }[]> {
  const seen: { id: string; createdAt: string }[] = [];
  let cursor: string | null = null;
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 50, 'paging ends');
    const r = await call(tp, 'GET', `/api/v1/orders?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(r.body.items.length <= limit);
    seen.push(...r.body.items.map((o: { id: string; createdAt: string }) => ({ id: o.id, createdAt: o.createdAt })));
    cursor = r.body.nextCursor;
    if (!cursor) return seen;
  }
}

before(async () => {
  tp = await testPlatform();
  const op = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone: op, name: 'operator', password: 'operator-password' });
  tokens.operator = await login(tp, op, 'operator-password');
  brand = await brandWithLot(tp);
  ev = await liveEvent(tp, brand, { quantity: 40 });
  shop = await reseller(tp);
  other = await reseller(tp);
  tokens.shop = await login(tp, shop.phone, shop.password);

  const mine: string[] = [];
  for (let i = 0; i < 8; i++) mine.push(await buy(shop));
  const theirs = [await buy(other), await buy(other)];
  // Placed at other times than their ids say: a day back, hours ahead, and three orders within
  // two microseconds of each other (two of them at the very same instant).
  const placed: [string, string][] = [
    [mine[0], '2025-12-07 04:40:00.000002+08'],
    [mine[1], '2025-12-07 04:40:00.000001+08'],
    [mine[2], '2025-12-07 04:40:00.000001+08'],
    [mine[3], '2025-12-06 23:49:00+08'],
    [mine[4], '2025-12-07 02:28:00+08'],
    [mine[5], '2025-12-07 04:44:00+08'],
    [mine[6], '2025-12-06 17:46:00+08'],
    // mine[7] keeps its own time (now): the newest.
    [theirs[0], '2025-12-07 04:40:00.000001+08'],
    [theirs[1], '2025-12-01 09:00:00+08'],
  ];
  for (const [id, at] of placed) await tp.database.pool.query('UPDATE orders SET created_at = $2::timestamptz WHERE id = $1', [id, at]);
});
after(async () => { await tp?.close(); });

test('a reseller’s orders are listed newest first by the time placed, over every page, none repeated or skipped', async () => {
  const want = await byTime(shop.resellerId);
  assert.equal(want.length, 8);
  assert.notDeepEqual(want, [...want].sort().reverse(), 'the times disagree with the ids');
  for (const limit of [2, 3, 50]) {
    const got = await allPages(tokens.shop, '', limit);
    assert.deepEqual(got.map((o) => o.id), want, `pages of ${limit}`);
    for (let i = 1; i < got.length; i++) assert.ok(got[i - 1].createdAt >= got[i].createdAt, `newest first at ${i}: ${got[i - 1].createdAt} then ${got[i].createdAt}`);
  }
});

test('the operator’s list, all orders or one reseller’s, and a brand’s are in the same order over every page', async () => {
  for (const limit of [2, 3]) {
    assert.deepEqual((await allPages(tokens.operator, '', limit)).map((o) => o.id), await byTime(), `all orders, pages of ${limit}`);
    assert.deepEqual((await allPages(tokens.operator, `&resellerId=${shop.resellerId}`, limit)).map((o) => o.id), await byTime(shop.resellerId), `one reseller, pages of ${limit}`);
    const ctx = tp.ctx(brand.brandActor);
    const ids: string[] = [];
    for (let cursor: string | undefined; ;) {
      const page = await listOrders(ctx, { limit, cursor });
      ids.push(...page.items.map((i) => i.order.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    assert.deepEqual(ids, await byTime(), `the brand’s, pages of ${limit}`);
  }
});

test('the order list as CSV is in the same order as the list on screen', async () => {
  const res = await tp.app.inject({ method: 'GET', url: `/api/v1/orders/export.csv?resellerId=${shop.resellerId}&lang=en`, headers: { authorization: `Bearer ${tokens.operator}` } });
  assert.equal(res.statusCode, 200, res.body);
  const numbers = res.body.slice(1).split(/\r?\n/).slice(1).filter(Boolean).map((row) => row.split(',')[0].replaceAll('"', ''));
  const want = await byTime(shop.resellerId);
  const numberOf = new Map((await tp.database.pool.query<{ id: string; order_no: string }>('SELECT id, order_no FROM orders')).rows.map((r) => [r.id, r.order_no]));
  assert.deepEqual(numbers, want.map((id) => numberOf.get(id)));
});

test('a cursor from before (the last order’s id) goes on after that order; one that is not a cursor is refused', async () => {
  const want = await byTime(shop.resellerId);
  const old = await call(tp, 'GET', `/api/v1/orders?limit=50&cursor=${want[2]}`, { token: tokens.shop });
  assert.equal(old.status, 200, JSON.stringify(old.body));
  assert.deepEqual(old.body.items.map((o: { id: string }) => o.id), want.slice(3));
  const r = await call(tp, 'GET', '/api/v1/orders?cursor=not-a-cursor', { token: tokens.shop });
  assert.equal(r.status, 400, JSON.stringify(r.body));
});
