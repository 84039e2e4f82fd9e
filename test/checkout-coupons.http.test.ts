// The coupons a consumer is offered at checkout, over HTTP on a real PostgreSQL: only live ones
// that cover an item in the cart, with what each takes off this cart, the best one first; one a
// phone has used up is gone for that phone; bad input answers problem+json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, ADDRESS, type BrandWithLot, type ResellerFixture } from './support/fixtures.ts';
import { call } from './support/http.ts';
import { createCoupon, setCouponStatus } from '../src/modules/promotions/index.ts';
import { placeStorefrontOrder } from '../src/flows/checkout.flow.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

let tp: TestPlatform;
let brandA: BrandWithLot;
let brandB: BrandWithLot;
let evA: SaleEventView;
let r: ResellerFixture;
const DAY = 86400_000;
let n = 0;

before(async () => {
  tp = await testPlatform();
  brandA = await brandWithLot(tp, { commissionBps: 2000, base: '100.00', qty: 100 });
  brandB = await brandWithLot(tp, { commissionBps: 2000, base: '100.00', qty: 100 });
  // Selling price: base ¥100 + 25% suggested markup = ¥125.
  evA = await liveEvent(tp, brandA, { quantity: 50 });
  await liveEvent(tp, brandB, { quantity: 50 });
  r = await reseller(tp);
  await offers();
});
after(async () => { await tp.close(); });

const code = (p: string) => `${p}${++n}X${Date.now() % 100000}`;
async function coupon(over: Partial<Parameters<typeof createCoupon>[1]> = {}) {
  return createCoupon(tp.ctx(), {
    code: code('CK'), name: '满200减30', kind: 'threshold', threshold: 20000, amountOff: 3000, fundedBy: 'platform',
    validFrom: new Date(Date.now() - DAY), validTo: new Date(Date.now() + DAY), totalCap: 100, perCustomerCap: 5, ...over,
  });
}
const list = (lines: { eventSkuId: string; quantity: number }[], phone?: string, shareCode = r.shareCode) =>
  call(tp, 'POST', `/api/v1/storefront/${shareCode}/coupons`, { body: { lines, ...(phone ? { phone } : {}) } });

let threshold: { code: string };
let percent: { code: string };
async function offers() {
  threshold = await coupon();
  percent = await coupon({ name: '九折', kind: 'percent', threshold: 0, amountOff: 0, percentBps: 1000, maxOff: 5000, validTo: new Date(Date.now() + 2 * DAY) });
  await coupon({ name: 'B 品牌券', kind: 'fixed', threshold: 0, amountOff: 1000, fundedBy: 'brand', brandId: brandB.brandId });
  const paused = await coupon({ name: '暂停的券' });
  await setCouponStatus(tp.ctx(), paused.id, 'paused');
  await coupon({ name: '还没开始', validFrom: new Date(Date.now() + DAY), validTo: new Date(Date.now() + 2 * DAY) });
}

test('a cart over the threshold is offered the live coupons covering its items, what each takes off, the best first', async () => {
  const res = await list([{ eventSkuId: evA.skus[0].eventSkuId, quantity: 2 }]);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const got = res.body.items.map((c: { code: string; off: number; usable: boolean; best: boolean }) => [c.code, c.off, c.usable, c.best]);
  assert.deepEqual(got, [[threshold.code, 3000, true, true], [percent.code, 2500, true, false]], 'brand B’s, paused and not-yet-started coupons are not offered');
  const first = res.body.items[0];
  assert.deepEqual([first.name, first.threshold, first.amountOff], ['满200减30', 20000, 3000]);
  assert.ok(new Date(first.validTo).getTime() > Date.now());
});

test('below a threshold the coupon is listed as not usable yet, and another one is the best', async () => {
  const res = await list([{ eventSkuId: evA.skus[0].eventSkuId, quantity: 1 }]);
  const got = res.body.items.map((c: { code: string; off: number; usable: boolean; reason: string | null; best: boolean }) => [c.code, c.off, c.usable, c.reason, c.best]);
  assert.deepEqual(got, [[percent.code, 1250, true, null, true], [threshold.code, 0, false, 'below_threshold', false]]);
  assert.equal(res.body.items[1].short, 20000 - 12500, 'how far the cart is from the threshold');
});

test('a coupon this phone has used as often as allowed is no longer offered to it', async () => {
  const once = await coupon({ name: '每人一次', perCustomerCap: 1, amountOff: 5000 });
  const phone = uniquePhone();
  const lines = [{ eventSkuId: evA.skus[1].eventSkuId, quantity: 2 }];
  const before = await list(lines, phone);
  assert.equal(before.body.items[0].code, once.code, 'the biggest discount is the best');
  await placeStorefrontOrder(tp.ctx({ kind: 'anonymous' }), { shareCode: r.shareCode, consumer: { name: '李女士', phone, address: ADDRESS }, lines, idempotencyKey: `ck-${Date.now()}`, couponCode: once.code });
  const after = await list(lines, phone);
  assert.ok(!after.body.items.some((c: { code: string }) => c.code === once.code), JSON.stringify(after.body.items));
  const other = await list(lines, uniquePhone());
  assert.equal(other.body.items[0].code, once.code, 'another phone still has it');
});

test('listing coupons refuses bad input with field details and an unknown shop with storefront_not_found', async () => {
  const empty = await list([]);
  assert.deepEqual([empty.status, empty.body.code], [400, 'validation_failed']);
  assert.ok(empty.body.errors.some((e: { path: string }) => e.path === 'body.lines'), JSON.stringify(empty.body));
  const badPhone = await list([{ eventSkuId: evA.skus[0].eventSkuId, quantity: 1 }], '123');
  assert.deepEqual([badPhone.status, badPhone.body.errors?.[0]?.path], [400, 'body.phone']);
  const tooMany = await list([{ eventSkuId: evA.skus[0].eventSkuId, quantity: 100 }]);
  assert.equal(tooMany.status, 400);
  const noShop = await list([{ eventSkuId: evA.skus[0].eventSkuId, quantity: 1 }], undefined, 'zz99zz99');
  assert.deepEqual([noShop.status, noShop.body.code], [404, 'storefront_not_found']);
});
