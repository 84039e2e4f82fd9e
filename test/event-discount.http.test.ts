// An event card's discount badge is worked out from the prices a reseller's customers really pay,
// rounded up to a tenth of 折, so no card promises more than the prices give.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { call, login } from './support/http.ts';
import { brandWithLot, liveEvent, reseller } from './support/fixtures.ts';

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
