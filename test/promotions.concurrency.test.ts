// Coupon caps hold under a storm: 1,000 concurrent storefront checkouts race for a coupon with a
// total cap of 100 and a per-customer cap of 2, through the real checkout on a real PostgreSQL,
// while some winners cancel (giving their use back) and the sweep runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import { createCoupon, sweepPromotions } from '../src/modules/promotions/index.ts';
import { placeStorefrontOrder } from '../src/flows/checkout.flow.ts';
import { cancelOrderFlow } from '../src/flows/cancellation.flow.ts';
import { AppError } from '../src/platform/errors.ts';

const CHECKOUTS = 1000;
const TOTAL_CAP = 100;
const PER_CUSTOMER = 2;
const PHONES = 70;

let tp: TestPlatform;
let r: ResellerFixture;
before(async () => {
  tp = await testPlatform({ poolSize: 40 });
  r = await reseller(tp);
});
after(async () => { await tp.close(); });

test(`${CHECKOUTS} concurrent checkouts on a coupon capped at ${TOTAL_CAP} (${PER_CUSTOMER} per customer): exactly the cap redeemed, no customer over theirs`, async () => {
  const brand = await brandWithLot(tp, { qty: 2000, sizes: ['M'], base: '100.00' });
  const ev = await liveEvent(tp, brand, { skuIds: [brand.skuIds[0]], quantity: 1500 });
  const esk = ev.skus[0].eventSkuId;
  const c = await createCoupon(tp.ctx(), {
    code: 'STORM-100', name: '抢券', kind: 'threshold', threshold: 10000, amountOff: 2000, fundedBy: 'platform',
    validFrom: new Date(Date.now() - 60_000), validTo: new Date(Date.now() + 3600_000), totalCap: TOTAL_CAP, perCustomerCap: PER_CUSTOMER,
  });
  const phones = Array.from({ length: PHONES }, (_, i) => `139${String(20000000 + i).padStart(8, '0')}`);
  const outcome = { ok: 0, exhausted: 0, limit: 0, other: [] as string[] };
  const winners: string[] = [];
  await Promise.all(Array.from({ length: CHECKOUTS }, async (_, i) => {
    try {
      const o = await placeStorefrontOrder(tp.ctx({ kind: 'anonymous' }), {
        shareCode: r.shareCode, consumer: { name: '抢券人', phone: phones[i % PHONES], address: ADDRESS },
        lines: [{ eventSkuId: esk, quantity: 1 }], idempotencyKey: `storm-${i}`, couponCode: 'STORM-100',
      });
      outcome.ok++;
      winners.push(o.order.id);
    } catch (e) {
      if (e instanceof AppError && e.code === 'coupon_exhausted') outcome.exhausted++;
      else if (e instanceof AppError && e.code === 'coupon_limit_reached') outcome.limit++;
      else outcome.other.push(e instanceof AppError ? e.code : String(e));
    }
  }));
  assert.deepEqual(outcome.other, [], 'no failure other than the caps');
  assert.equal(outcome.ok, TOTAL_CAP, `exactly the cap won (${JSON.stringify({ ...outcome, other: undefined })})`);
  assert.equal(outcome.ok + outcome.exhausted + outcome.limit, CHECKOUTS);

  const check = async (expected: number) => {
    const coupon = (await tp.database.pool.query('SELECT redeemed, total_cap FROM coupons WHERE id = $1', [c.id])).rows[0];
    assert.equal(coupon.redeemed, expected, 'redeemed = uses on live orders');
    const live = (await tp.database.pool.query<{ phone: string; n: number }>(`
      SELECT o.consumer_phone AS phone, count(DISTINCT o.id)::int AS n FROM order_discounts d JOIN orders o ON o.id = d.order_id
      WHERE d.source = 'coupon' AND d.source_id = $1 AND d.status = 'applied' GROUP BY 1`, [c.id])).rows;
    assert.equal(live.reduce((a, x) => a + x.n, 0), expected, 'one applied use per live order');
    assert.ok(live.every((x) => x.n <= PER_CUSTOMER), 'no customer over their cap');
    const counters = (await tp.database.pool.query<{ customer: string; used: number }>('SELECT customer, used FROM coupon_customer_counts WHERE coupon_id = $1', [c.id])).rows;
    for (const x of live) assert.equal(counters.find((k) => k.customer === x.phone)?.used, x.n, `counter of ${x.phone}`);
    assert.equal(counters.reduce((a, k) => a + k.used, 0), expected);
  };
  await check(TOTAL_CAP);

  // A second storm while 20 winners cancel and the sweep gives their uses back: the cap still holds.
  const cancelled = winners.slice(0, 20);
  let k = 0;
  const extra = { ok: 0 };
  await Promise.all([
    ...cancelled.map((id) => cancelOrderFlow(tp.ctx(r.actor), id, '取消')),
    ...Array.from({ length: 300 }, async (_, i) => {
      if (i % 50 === 0) await sweepPromotions(tp.ctx());
      try {
        await placeStorefrontOrder(tp.ctx({ kind: 'anonymous' }), {
          shareCode: r.shareCode, consumer: { name: '抢券人', phone: `138${String(30000000 + (k++ % 200)).padStart(8, '0')}`, address: ADDRESS },
          lines: [{ eventSkuId: esk, quantity: 1 }], idempotencyKey: `storm2-${i}`, couponCode: 'STORM-100',
        });
        extra.ok++;
      } catch (e) {
        if (!(e instanceof AppError && (e.code === 'coupon_exhausted' || e.code === 'coupon_limit_reached'))) throw e;
      }
    }),
  ]);
  await sweepPromotions(tp.ctx());
  const redeemed = (await tp.database.pool.query('SELECT redeemed FROM coupons WHERE id = $1', [c.id])).rows[0].redeemed;
  assert.ok(redeemed <= TOTAL_CAP);
  assert.equal(redeemed, TOTAL_CAP - 20 + extra.ok);
  await check(redeemed);
});
