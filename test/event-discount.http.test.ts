// An event card's discount badge is worked out from the prices a reseller's customers really pay,
// rounded up to a tenth of 折, so no card promises more than the prices give.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { call, login } from './support/http.ts';
import { brandWithLot, liveEvent, reseller } from './support/fixtures.ts';
import { createFlashItem } from '../src/modules/flash-sales/index.ts';

let tp: TestPlatform;
before(async () => { tp = await testPlatform(); });
after(async () => { await tp.close(); });

const tenths = (price: number, tag: number) => Math.ceil((price * 100) / tag);

test('the badge follows each reseller’s own prices, on the reseller’s list and in each shop', async () => {
  // ¥399.00 base on a ¥1,899.00 tag, window 20–30%: ¥478.80–¥518.70, suggested ¥498.75
  const brand = await brandWithLot(tp, { tag: '1899.00', base: '399.00' });
  const ev = await liveEvent(tp, brand);
  const [a, b] = [await reseller(tp), await reseller(tp)];
  const tokenA = await login(tp, a.phone, a.password);

  const detail = await call(tp, 'GET', `/api/v1/reseller/sale-events/${ev.id}`, { token: tokenA });
  const skus = detail.body.products.flatMap((p: { skus: { eventSkuId: string; sellingPrice: number; tagPrice: number; minPrice: number }[] }) => p.skus);
  const suggested = Math.min(...skus.map((s: { sellingPrice: number; tagPrice: number }) => tenths(s.sellingPrice, s.tagPrice)));
  assert.equal(suggested, 27, '¥498.75 of ¥1,899.00 is 2.63折: the badge says 2.7折, never 2.6折');
  const card = async (token: string) => (await call(tp, 'GET', '/api/v1/reseller/sale-events', { token })).body.items.find((e: { id: string }) => e.id === ev.id);
  assert.equal((await card(tokenA)).discountTenths, suggested);

  // reseller A sells one SKU at the bottom of the window: A's badge deepens, B's shop does not
  const cheapest = skus[0];
  const put = await call(tp, 'PUT', `/api/v1/reseller/sale-events/${ev.id}/prices`, { token: tokenA, body: { prices: [{ eventSkuId: cheapest.eventSkuId, sellingPrice: cheapest.minPrice }] } });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const deeper = tenths(cheapest.minPrice, cheapest.tagPrice);
  assert.ok(deeper < suggested);
  assert.equal((await card(tokenA)).discountTenths, deeper);
  const shop = async (code: string) => (await call(tp, 'GET', `/api/v1/storefront/${code}`)).body.events.find((e: { id: string }) => e.id === ev.id);
  assert.equal((await shop(a.shareCode)).discountTenths, deeper, 'A’s customers see A’s prices');
  assert.equal((await shop(b.shareCode)).discountTenths, suggested, 'B’s customers see B’s (suggested) prices');
});

test('an event with nothing below its tag price has no badge', async () => {
  // base ¥100.00 on a ¥110.00 tag, window 20–30%: every price is above the tag
  const brand = await brandWithLot(tp, { tag: '110.00', base: '100.00' });
  const ev = await liveEvent(tp, brand);
  const r = await reseller(tp);
  const token = await login(tp, r.phone, r.password);
  const card = (await call(tp, 'GET', '/api/v1/reseller/sale-events', { token })).body.items.find((e: { id: string }) => e.id === ev.id);
  assert.equal(card.discountTenths, null);
});

test('a flash item counts at its flash price while its sale is on, and not at all before or after', async () => {
  // ¥399.00 base on a ¥1,899.00 tag: the suggested ¥498.75 reads 2.7折; the flash price ¥429.00 reads 2.3折
  const brand = await brandWithLot(tp, { tag: '1899.00', base: '399.00', sizes: ['S', 'M'] });
  const ev = await liveEvent(tp, brand);
  const r = await reseller(tp);
  const token = await login(tp, r.phone, r.password);
  const item = await createFlashItem(tp.ctx(), {
    saleEventId: ev.id, eventSkuId: ev.skus[0].eventSkuId, price: 42_900, quantity: 3, perBuyerLimit: 1, perResellerLimit: 3, startsAt: new Date(Date.now() + 3_600_000),
  });
  const cards = async () => [
    (await call(tp, 'GET', '/api/v1/reseller/sale-events', { token })).body.items.find((e: { id: string }) => e.id === ev.id).discountTenths,
    (await call(tp, 'GET', `/api/v1/storefront/${r.shareCode}`)).body.events.find((e: { id: string }) => e.id === ev.id).discountTenths,
  ];
  assert.deepEqual(await cards(), [27, 27], 'upcoming: the flash item is not on sale yet');
  await tp.database.pool.query(`UPDATE flash_items SET starts_at = now() - interval '1 second' WHERE id = $1`, [item.id]);
  assert.deepEqual(await cards(), [tenths(42_900, 189_900), tenths(42_900, 189_900)], 'on sale: the card says what the flash price gives');
  assert.equal(tenths(42_900, 189_900), 23);
  await tp.database.pool.query(`UPDATE flash_items SET claimed = quantity WHERE id = $1`, [item.id]);
  assert.deepEqual(await cards(), [27, 27], 'sold out: back to the regular prices');
});
