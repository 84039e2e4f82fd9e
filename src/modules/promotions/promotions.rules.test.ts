import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planDiscounts, couponDiscount, redPacketCode, normaliseCode, MIN_PAYMENT, type CouponTerms, type DiscountableLine } from './promotions.rules.ts';
import { splitLine } from '../ledger/index.ts';

const line = (brandId: string, quantity: number, sellingPrice: number, basePrice = Math.floor(sellingPrice * 0.8)): DiscountableLine =>
  ({ brandId, quantity, sellingPrice, basePrice, commissionBps: 2000 });
const coupon = (c: Partial<CouponTerms>): CouponTerms =>
  ({ id: 'cpn_1', kind: 'fixed', threshold: 0, amountOff: 0, percentBps: 0, maxOff: null, fundedBy: 'platform', brandId: null, ...c });

test('满减: ¥30 off once the subtotal reaches ¥200, spread over lines by their amounts', () => {
  const lines = [line('brd_a', 1, 15000), line('brd_b', 1, 5000)];
  const p = planDiscounts(lines, { coupon: coupon({ kind: 'threshold', threshold: 20000, amountOff: 3000 }) });
  assert.equal(p.refusal, null);
  assert.deepEqual(p.lines.map((d) => d.amount), [2250, 750]);
  assert.equal(p.amountDue, 17000);
  const below = planDiscounts([line('brd_a', 1, 19999)], { coupon: coupon({ kind: 'threshold', threshold: 20000, amountOff: 3000 }) });
  assert.deepEqual(below.refusal, { source: 'coupon', reason: 'below_threshold', threshold: 20000 });
  assert.equal(below.discountTotal, 0);
});

test('percent off is rounded down to the fen and capped by maxOff', () => {
  const p = planDiscounts([line('brd_a', 1, 9999)], { coupon: coupon({ kind: 'percent', percentBps: 1500 }) });
  assert.equal(p.couponOff, 1499);
  const capped = planDiscounts([line('brd_a', 3, 10000)], { coupon: coupon({ kind: 'percent', percentBps: 5000, maxOff: 5000 }) });
  assert.equal(capped.couponOff, 5000);
});

test('buy one get one: each SKU line of two or more gets floor(q/2) units free at its price', () => {
  const p = planDiscounts([line('brd_a', 3, 10000), line('brd_a', 1, 8000), line('brd_a', 4, 2500)], { coupon: coupon({ kind: 'bogo' }) });
  assert.deepEqual(p.lines.map((d) => [d.lineIndex, d.amount]), [[0, 10000], [2, 5000]]);
  assert.deepEqual(planDiscounts([line('brd_a', 1, 10000)], { coupon: coupon({ kind: 'bogo' }) }).refusal, { source: 'coupon', reason: 'nothing_off' });
});

test('a brand-funded coupon discounts only that brand’s lines, never beyond the brand payable', () => {
  const lines = [line('brd_a', 1, 10000, 5000), line('brd_b', 1, 10000, 5000)];
  const p = planDiscounts(lines, { coupon: coupon({ kind: 'percent', percentBps: 9000, fundedBy: 'brand', brandId: 'brd_a' }) });
  assert.equal(p.lines.length, 1);
  assert.equal(p.lines[0].lineIndex, 0);
  assert.equal(p.lines[0].bearer, 'brand');
  assert.equal(p.lines[0].bearerPartyId, 'brd_a');
  // 90% of ¥100 is ¥90, but the brand is owed only ¥40 (¥50 base less 20% commission) on the line.
  assert.equal(p.lines[0].amount, splitLine(lines[0]).brandPayable);
  assert.equal(p.lines[0].amount, 4000);
  assert.deepEqual(planDiscounts([line('brd_b', 1, 10000)], { coupon: coupon({ fundedBy: 'brand', brandId: 'brd_a', amountOff: 100 }) }).refusal,
    { source: 'coupon', reason: 'no_eligible_items' });
});

test('the payer always pays at least ¥0.01: a coupon is cut to leave it, a red packet must fit whole', () => {
  const p = planDiscounts([line('brd_a', 1, 5000)], { coupon: coupon({ amountOff: 9000 }) });
  assert.equal(p.amountDue, MIN_PAYMENT);
  assert.equal(p.couponOff, 4999);
  const rp = { id: 'rpk_1', resellerId: 'rsl_1', amount: 5000, minSpend: 0 };
  assert.deepEqual(planDiscounts([line('brd_a', 1, 5000)], { redPacket: rp }).refusal, { source: 'red_packet', reason: 'order_too_small' });
  const ok = planDiscounts([line('brd_a', 1, 5001)], { redPacket: rp });
  assert.equal(ok.amountDue, 1);
  assert.equal(ok.lines[0].bearer, 'reseller');
  assert.equal(ok.lines[0].bearerPartyId, 'rsl_1');
});

test('a red packet needs its min spend on the subtotal and stacks after a coupon', () => {
  const rp = { id: 'rpk_1', resellerId: 'rsl_1', amount: 1000, minSpend: 10000 };
  assert.deepEqual(planDiscounts([line('brd_a', 1, 9999)], { redPacket: rp }).refusal, { source: 'red_packet', reason: 'below_min_spend', minSpend: 10000 });
  const p = planDiscounts([line('brd_a', 1, 6000), line('brd_b', 1, 4000)], { coupon: coupon({ amountOff: 2000 }), redPacket: rp });
  assert.equal(p.couponOff, 2000);
  assert.equal(p.redPacketOff, 1000);
  assert.equal(p.amountDue, 7000);
});

test('property: discounts never push a line below zero, never exceed a brand payable, always leave something to pay', () => {
  const lineArb = fc.record({
    brandId: fc.constantFrom('brd_a', 'brd_b'), quantity: fc.integer({ min: 1, max: 9 }),
    basePrice: fc.integer({ min: 1, max: 50_000 }), markup: fc.integer({ min: 0, max: 30_000 }), commissionBps: fc.integer({ min: 0, max: 5000 }),
  }).map((l) => ({ brandId: l.brandId, quantity: l.quantity, basePrice: l.basePrice, sellingPrice: l.basePrice + l.markup, commissionBps: l.commissionBps }));
  const couponArb = fc.record({
    kind: fc.constantFrom('threshold', 'fixed', 'percent', 'bogo') as fc.Arbitrary<CouponTerms['kind']>,
    threshold: fc.integer({ min: 0, max: 100_000 }), amountOff: fc.integer({ min: 1, max: 500_000 }), percentBps: fc.integer({ min: 1, max: 10_000 }),
    maxOff: fc.option(fc.integer({ min: 1, max: 100_000 })), brand: fc.boolean(),
  }).map((c) => coupon({ ...c, fundedBy: c.brand ? 'brand' : 'platform', brandId: c.brand ? 'brd_a' : null }));
  const rpArb = fc.option(fc.record({ id: fc.constant('rpk_1'), resellerId: fc.constant('rsl_1'), amount: fc.integer({ min: 1, max: 100_000 }), minSpend: fc.integer({ min: 0, max: 100_000 }) }));
  fc.assert(fc.property(fc.array(lineArb, { minLength: 1, maxLength: 5 }), fc.option(couponArb), rpArb, (lines, c, rp) => {
    const p = planDiscounts(lines, { coupon: c, redPacket: rp });
    const subtotal = lines.reduce((a, l) => a + l.sellingPrice * l.quantity, 0);
    assert.equal(p.subtotal, subtotal);
    assert.ok(p.amountDue >= MIN_PAYMENT);
    assert.equal(p.amountDue + p.discountTotal, subtotal);
    assert.equal(p.lines.reduce((a, d) => a + d.amount, 0), p.discountTotal);
    lines.forEach((l, i) => {
      const on = p.lines.filter((d) => d.lineIndex === i);
      assert.ok(on.every((d) => d.amount > 0 && Number.isSafeInteger(d.amount)));
      assert.ok(on.reduce((a, d) => a + d.amount, 0) <= l.sellingPrice * l.quantity, 'line below zero');
      const brand = on.filter((d) => d.bearer === 'brand');
      assert.ok(brand.every((d) => d.bearerPartyId === l.brandId), 'a brand pays only for its own lines');
      assert.ok(brand.reduce((a, d) => a + d.amount, 0) <= splitLine(l).brandPayable, 'beyond the brand payable');
    });
    if (p.refusal) assert.equal(p.lines.length, 0);
  }), { numRuns: 2000 });
});

test('codes: red packet codes avoid look-alikes; coupon codes compare in upper case', () => {
  const code = redPacketCode(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]));
  assert.match(code, /^HB[A-HJKMNP-Z2-9]{8}$/);
  assert.equal(normaliseCode('  man200-30 '), 'MAN200-30');
  // Same for a bare coupon computation.
  assert.equal(couponDiscount([line('brd_a', 2, 100)], coupon({ kind: 'bogo' })).amounts[0], 100);
});
