import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { priceBounds, isInsideWindow, sellingPriceFor, deepestDiscountTenths } from './pricing.rules.ts';

const window = fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 20_000 }))
  .map(([a, b, c]) => { const [minBps, suggestedBps, maxBps] = [a, b, c].sort((x, y) => x - y); return { minBps, suggestedBps, maxBps }; });

test('the brief’s window: ¥199 base at 20–30% allows ¥238.80 to ¥258.70 and suggests ¥249', () => {
  assert.deepEqual(priceBounds(19900, { minBps: 2000, maxBps: 3000, suggestedBps: 2500 }), { min: 23880, max: 25870, suggested: 24900 });
});

test('bounds stay inside the percentages and the suggestion inside the bounds', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 100_000_000 }), window, (base, w) => {
    const b = priceBounds(base, w);
    assert.ok(b.min * 10_000 >= base * (10_000 + w.minBps), 'min never below the minimum markup');
    assert.ok(b.max * 10_000 <= base * (10_000 + w.maxBps), 'max never above the maximum markup');
    if (b.min <= b.max) assert.ok(b.suggested >= b.min && b.suggested <= b.max);
    assert.ok(Number.isSafeInteger(b.min) && Number.isSafeInteger(b.max) && Number.isSafeInteger(b.suggested));
  }));
});

test('bounds in numbers are the bounds in BigInt, to the fen, up to the largest safe prices', () => {
  const big = (base: number, w: { minBps: number; maxBps: number; suggestedBps: number }) => {
    const b = BigInt(base), D = 10_000n;
    const raw = Number((b * BigInt(10_000 + w.suggestedBps) + 5_000n) / D);
    return { min: Number((b * BigInt(10_000 + w.minBps) + D - 1n) / D), max: Number((b * BigInt(10_000 + w.maxBps)) / D), raw };
  };
  // Windows up to the database's 1,000 % (sale_events_markup_ck); bases up to, at and just past the
  // largest for which base × (100 % + markup) stays a safe integer (the number path's edge).
  const wide = fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }))
    .map(([a, b, c]) => { const [minBps, suggestedBps, maxBps] = [a, b, c].sort((x, y) => x - y); return { minBps, suggestedBps, maxBps }; });
  const edge = (w: { maxBps: number }) => Math.floor((Number.MAX_SAFE_INTEGER - 10_000) / (10_000 + w.maxBps));
  const cases = fc.oneof(
    fc.tuple(fc.oneof(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: Math.floor(Number.MAX_SAFE_INTEGER / 110_001) })), wide),
    wide.chain((w) => fc.tuple(fc.integer({ min: edge(w) - 2, max: edge(w) + 2 }), fc.constant(w))),
  );
  fc.assert(fc.property(cases, ([base, w]) => {
    const b = priceBounds(base, w), e = big(base, w);
    assert.equal(b.min, e.min);
    assert.equal(b.max, e.max);
    const whole = Math.round(e.raw / 100) * 100;
    assert.equal(b.suggested, whole >= e.min && whole <= e.max ? whole : Math.min(Math.max(e.raw, e.min), e.max));
  }), { numRuns: 2000 });
  // Beyond the safe range the BigInt path answers (the bounds round-trip through Number, as before).
  const huge = priceBounds(Number.MAX_SAFE_INTEGER, { minBps: 0, maxBps: 0, suggestedBps: 0 });
  assert.equal(huge.min, Number.MAX_SAFE_INTEGER);
});

test('a reseller price outside the window is never used; the suggested price is', () => {
  const w = { minBps: 2000, maxBps: 3000, suggestedBps: 2500 };
  assert.equal(isInsideWindow(19900, w, 23879), false);
  assert.equal(isInsideWindow(19900, w, 23880), true);
  assert.equal(isInsideWindow(19900, w, 25871), false);
  assert.equal(isInsideWindow(19900, w, 24000.5), false);
  assert.equal(sellingPriceFor(19900, w, 30000), 24900);
  assert.equal(sellingPriceFor(19900, w, 25000), 25000);
  assert.equal(sellingPriceFor(19900, w, undefined), 24900);
});

test('the discount badge is worked out from the prices and rounded up, so it never over-promises', () => {
  // the demo coat event: ¥499.00 on a ¥1,899.00 tag is 2.63折, which reads 2.7折, never 2.5折 or 2.6折
  assert.equal(deepestDiscountTenths([{ price: 49_900, tagPrice: 189_900 }, { price: 59_900, tagPrice: 129_900 }]), 27);
  assert.equal(deepestDiscountTenths([{ price: 30_000, tagPrice: 100_000 }]), 30, 'exactly 3折 stays 3折');
  assert.equal(deepestDiscountTenths([{ price: 30_001, tagPrice: 100_000 }]), 31);
  assert.equal(deepestDiscountTenths([{ price: 100_000, tagPrice: 100_000 }, { price: 120_000, tagPrice: 100_000 }]), null, 'no discount, no badge');
  assert.equal(deepestDiscountTenths([{ price: 99_990, tagPrice: 100_000 }]), null, 'under 1 % off would read 10折: no badge');
  assert.equal(deepestDiscountTenths([{ price: 99_990, tagPrice: 100_000 }, { price: 99_000, tagPrice: 100_000 }]), 99);
  assert.equal(deepestDiscountTenths([{ price: 1, tagPrice: 1_000_000 }]), 1);
  assert.equal(deepestDiscountTenths([]), null);
  assert.equal(deepestDiscountTenths([{ price: 199, tagPrice: 200 }]), null, '0.5 % off: no badge');
  assert.equal(deepestDiscountTenths([{ price: 198, tagPrice: 200 }]), 99, 'exactly 1 % off reads 9.9折');
  fc.assert(fc.property(fc.array(fc.oneof(
    fc.record({ price: fc.integer({ min: 1, max: 1e9 }), tagPrice: fc.integer({ min: 1, max: 1e9 }) }),
    // prices within 2 % of the tag, where the 1 % edge lies
    fc.integer({ min: 1, max: 1e9 }).chain((tagPrice) => fc.record({ price: fc.integer({ min: Math.max(1, Math.floor(tagPrice * 0.98)), max: tagPrice + 1 }), tagPrice: fc.constant(tagPrice) })),
  ), { minLength: 1 }), (items) => {
    const t = deepestDiscountTenths(items);
    // an item counts when it is at least 1 % off (a ceiling of 99 tenths or less); under that it reads 10折
    const below = items.filter((i) => i.price * 100 <= 99 * i.tagPrice);
    if (!below.length) return t === null;
    // no item is a tenth deeper than the badge says, and some item reaches the badge
    return below.every((i) => i.price * 100 > (t! - 1) * i.tagPrice)
      && below.some((i) => i.price * 100 <= t! * i.tagPrice);
  }));
});
