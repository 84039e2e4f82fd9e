import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  customerTags, ageForHeight, childHeightCm, compareSizes, DEFAULT_TAG_RULES, TAG_CODES, type PurchaseLine, type Tag,
} from './customer-tags.rules.ts';

const DAY = 86_400_000;
const NOW = new Date('2025-06-15T12:00:00+08:00');
const ago = (days: number, ms = 0) => new Date(NOW.getTime() - days * DAY - ms);

let n = 0;
/** A kept, full-price (3.5折) ¥300 blouse bought yesterday in its own order, unless told otherwise. */
const line = (o: Partial<PurchaseLine> = {}): PurchaseLine => ({
  orderId: `ord_${++n}`, at: ago(1), brandId: 'brd_urban', brandName: '城市漫步女装', category: '女装', productName: '醋酸缎面衬衫',
  size: 'M', units: 1, unitsReturned: 0, price: 30_000, tagPrice: 85_700, discounted: false, ...o,
});
const tagsOf = (lines: PurchaseLine[], now = NOW) => customerTags(lines, now).tags;
const has = (lines: PurchaseLine[], tag: Tag, now = NOW) => tagsOf(lines, now).includes(tag);
/** `count` single-unit lines in distinct orders, each with `o`. */
const many = (count: number, o: Partial<PurchaseLine> = {}) => Array.from({ length: count }, () => line(o));

test('no purchases: no tags, nothing known, nothing spent', () => {
  assert.deepEqual(customerTags([], NOW), {
    tags: [], sizes: [], childAgeBand: null, favouriteBrands: [], orders: 0, units: 0, spent: 0, returnRateBps: 0, lastBoughtAt: null,
  });
});

test('price_sensitive: 60% of the units bought were deals, from 3 units', () => {
  const deal = { discounted: true };
  assert.ok(has([...many(3, deal), ...many(2)], 'price_sensitive'), '3 of 5 is 60%: tagged');
  assert.ok(!has([...many(2, deal), ...many(3)], 'price_sensitive'), '2 of 5 is 40%');
  assert.ok(!has([line({ units: 59, discounted: true }), line({ units: 41 })], 'price_sensitive'), '59% is just below');
  assert.ok(!has(many(2, deal), 'price_sensitive'), 'two units are too few to say');
  assert.ok(has(many(3, deal), 'price_sensitive'));
});

test('a deal is a discount applied or a price at or below 2.5折 — the usual 3–4折 clearance price is not', () => {
  const at = (price: number) => many(3, { price, tagPrice: 100_000 });
  assert.ok(has(at(25_000), 'price_sensitive'), 'exactly 2.5折');
  assert.ok(!has(at(25_001), 'price_sensitive'), 'a fen above 2.5折');
  assert.ok(!has(at(40_000), 'price_sensitive'), '4折 is what clearance sells at');
  assert.ok(has(many(3, { price: 100_000, tagPrice: 100_000, discounted: true }), 'price_sensitive'), 'a coupon at full price is a deal');
  assert.ok(!has(many(3, { price: 1, tagPrice: 0 }), 'price_sensitive'), 'no tag price known: only a discount says deal');
});

test('brand_loyal: 60% of the units kept are one brand, from 3 units and 2 orders of it', () => {
  const other = { brandId: 'brd_sujin', brandName: '素锦' };
  assert.ok(has([line({ units: 2 }), line(), ...many(2, other)], 'brand_loyal'), '3 of 5 in two orders: tagged');
  assert.ok(!has([line(), line(), ...many(3, other), line({ brandId: 'brd_kids' })], 'brand_loyal'), '2 of 6 each');
  assert.ok(has([line({ units: 59 }), line(), line({ ...other, units: 40 })], 'brand_loyal'), '60 of 100: tagged');
  assert.ok(!has([line({ units: 58 }), line(), line({ ...other, units: 41 })], 'brand_loyal'), '59 of 100 is just below');
  assert.ok(!has([line({ units: 3 })], 'brand_loyal'), 'one big order is a haul, not loyalty');
  assert.ok(!has([line(), line()], 'brand_loyal'), 'two units are too few');
  assert.ok(!has([line(), line(), line({ unitsReturned: 1 })], 'brand_loyal'), 'returned units are not kept');
});

test('return_prone: 30% of the units delivered came back, from 3 units', () => {
  assert.ok(has([line({ units: 3, unitsReturned: 3 }), line({ units: 7 })], 'return_prone'), '3 of 10: tagged');
  assert.ok(!has([line({ units: 29, unitsReturned: 29 }), line({ units: 71 })], 'return_prone'), '29 of 100 is just below');
  assert.ok(has([line({ unitsReturned: 1 }), line(), line()], 'return_prone'), '1 of 3');
  assert.ok(!has([line({ unitsReturned: 1 }), line()], 'return_prone'), 'two units are too few to say');
  assert.equal(customerTags([line({ units: 3, unitsReturned: 1 })], NOW).returnRateBps, 3333, 'rounded down');
});

test('big_spender: ¥2,000.00 kept in the last 90 days', () => {
  assert.ok(has([line({ price: 150_000 }), line({ price: 50_000, at: ago(90, -1) })], 'big_spender'), 'exactly ¥2,000, the older line just inside 90 days');
  assert.ok(!has([line({ price: 150_000 }), line({ price: 49_999 })], 'big_spender'), '¥1,999.99');
  assert.ok(!has([line({ price: 150_000 }), line({ price: 50_000, at: ago(90) })], 'big_spender'), '90 days ago is outside');
  assert.ok(!has([line({ price: 100_000, units: 2, unitsReturned: 1 }), line({ price: 99_999 })], 'big_spender'), 'refunds are not spending');
  const t = customerTags([line({ price: 100_000, units: 3, unitsReturned: 1 }), line({ price: 12_345, at: ago(400) })], NOW);
  assert.equal(t.spent, 212_345, 'spent: every kept unit, ever');
});

test('repeat_buyer: purchases on 2 different China calendar days', () => {
  assert.ok(!has([line({ at: new Date('2025-06-14T09:00:00+08:00') }), line({ at: new Date('2025-06-14T21:00:00+08:00') })], 'repeat_buyer'), 'two orders one day');
  assert.ok(has([line({ at: new Date('2025-06-13T23:30:00+08:00') }), line({ at: new Date('2025-06-14T00:30:00+08:00') })], 'repeat_buyer'),
    'an hour apart but across Beijing midnight (the same UTC day)');
  assert.ok(!has([line({ units: 5 })], 'repeat_buyer'));
});

test('new_customer: first purchase less than 14 days ago; dormant: last purchase 60 days ago or more', () => {
  assert.ok(has([line({ at: ago(14, -1) })], 'new_customer'));
  assert.ok(!has([line({ at: ago(14) })], 'new_customer'));
  assert.ok(!has([line({ at: ago(20) }), line({ at: ago(1) })], 'new_customer'), 'it is the first purchase that counts');
  assert.ok(has([line({ at: ago(60) })], 'dormant'));
  assert.ok(!has([line({ at: ago(60, -1) })], 'dormant'));
  assert.ok(!has([line({ at: ago(300) }), line({ at: ago(10) })], 'dormant'), 'it is the last purchase that counts');
  assert.deepEqual(customerTags([line({ at: ago(300) }), line({ at: ago(61) })], NOW).lastBoughtAt, ago(61));
});

test('has_children: any children’s wear or mother-and-baby line, even one sent back', () => {
  assert.ok(has([line({ category: '母婴', size: '标准' })], 'has_children'));
  assert.ok(has([line({ category: '童装', size: '110', unitsReturned: 1 })], 'has_children'));
  assert.ok(!has([line({ category: '女装', size: '110' })], 'has_children'));
});

test('tags list in the one stable order', () => {
  const lines = [
    line({ category: '童装', size: '110', at: ago(100), discounted: true, unitsReturned: 1 }),
    line({ at: ago(90), discounted: true, units: 2 }),
  ];
  assert.deepEqual(tagsOf(lines), ['price_sensitive', 'return_prone', 'repeat_buyer', 'dormant', 'has_children']);
});

test('sizes: kept units per category, most first, ties by size order', () => {
  const t = customerTags([
    line({ size: 'XL' }), line({ size: 'M', units: 3 }), line({ size: 'S' }), line({ size: 'L', units: 2, unitsReturned: 1 }),
    line({ size: 'XXL', units: 4, unitsReturned: 4 }),
    line({ category: '童装', size: '110', units: 2 }), line({ category: '童装', size: '100', units: 2 }),
    line({ category: '鞋包', size: '36' }), line({ category: '美妆', size: '均码' }),
  ], NOW);
  assert.deepEqual(t.sizes.map((s) => `${s.category} ${s.size}×${s.units}`), [
    '女装 M×3', '童装 100×2', '童装 110×2', '女装 S×1', '女装 L×1', '女装 XL×1', '美妆 均码×1', '鞋包 36×1',
  ], 'the XXL all sent back is not her size');
});

test('size order: letters small to large, one size, numbers by number, the rest by text', () => {
  const sizes = ['标准', '100ml', '50ml', '160', '90', '均码', '2XL', 'XL', 'L', 'M', 'S', 'XS'];
  assert.deepEqual([...sizes].sort(compareSizes), ['XS', 'S', 'M', 'L', 'XL', '2XL', '均码', '50ml', '90', '100ml', '160', '标准']);
});

test('children’s heights: the Chinese size convention, 73 → 0–1 … 160 → 14+', () => {
  const band = (cm: number) => { const a = ageForHeight(cm); return a && `${a.minYears}–${a.maxYears}`; };
  assert.deepEqual([73, 80, 90, 100, 110, 120, 130, 140, 150, 160].map(band), ['0–1', '1–2', '2–3', '3–4', '4–5', '6–7', '8–9', '10–11', '12–13', '14–15']);
  assert.equal(band(52), '0–1');
  assert.equal(band(115), '4–5', 'between rows: the row below');
  assert.equal(band(36), null, 'a shoe size');
  assert.equal(childHeightCm('110/56'), 110);
  assert.equal(childHeightCm('120cm'), 120);
  assert.equal(childHeightCm('M'), null);
  assert.equal(childHeightCm('28'), null);
});

test('the children’s age band grows with the children', () => {
  const bought = [line({ category: '童装', size: '110', at: NOW })];
  const at = (days: number) => customerTags(bought, new Date(NOW.getTime() + days * DAY)).childAgeBand;
  assert.deepEqual(at(0), { minYears: 4, maxYears: 5 });
  assert.deepEqual(at(365), { minYears: 4, maxYears: 5 }, 'not yet a year (365.25 days)');
  assert.deepEqual(at(366), { minYears: 5, maxYears: 6 });
  assert.deepEqual(at(731), { minYears: 6, maxYears: 7 }, 'a 110 bought two years ago means 6–7 now');
});

test('the age band spans the heights of her last year of children’s buying', () => {
  const t = customerTags([
    line({ category: '童装', size: '110', at: ago(10) }),
    line({ category: '童装', size: '100', at: ago(200) }),
    line({ category: '母婴', size: '80', at: ago(376) }), // more than a year before the 110: outgrown
    line({ category: '童装', size: '140', at: ago(30), unitsReturned: 1 }), // sent back: not her child's size
    line({ category: '女装', size: '160', at: ago(5) }), // a woman's 160 is no child
  ], NOW);
  assert.deepEqual(t.childAgeBand, { minYears: 3, maxYears: 5 });
  assert.equal(customerTags([line({ category: '母婴', size: '标准' })], NOW).childAgeBand, null, 'no heights: no ages');
});

test('two children make one band across both', () => {
  assert.deepEqual(customerTags([line({ category: '童装', size: '90' }), line({ category: '童装', size: '140' })], NOW).childAgeBand, { minYears: 2, maxYears: 11 });
});

test('favourite brands: the three she kept most of, named as she last bought them', () => {
  const b = (brandId: string, brandName: string, units: number, o: Partial<PurchaseLine> = {}) => line({ brandId, brandName, units, ...o });
  const t = customerTags([
    b('brd_a', '旧名', 2, { at: ago(100) }), b('brd_a', '新名', 1, { at: ago(3) }),
    b('brd_c', '丙', 2), b('brd_b', '乙', 2), b('brd_d', '丁', 1), b('brd_e', '戊', 9, { unitsReturned: 9 }),
  ], NOW);
  assert.deepEqual(t.favouriteBrands, [
    { brandId: 'brd_a', brandName: '新名', units: 3 }, { brandId: 'brd_b', brandName: '乙', units: 2 }, { brandId: 'brd_c', brandName: '丙', units: 2 },
  ]);
});

test('orders count order ids, not lines', () => {
  const t = customerTags([line({ orderId: 'ord_x' }), line({ orderId: 'ord_x', size: 'L' }), line({ orderId: 'ord_y' })], NOW);
  assert.equal(t.orders, 2);
  assert.equal(t.units, 3);
});

test('thresholds can be set per call', () => {
  assert.ok(!has(many(2, { discounted: true }), 'price_sensitive'));
  assert.ok(customerTags(many(2, { discounted: true }), NOW, { priceSensitiveMinUnits: 2 }).tags.includes('price_sensitive'));
  assert.ok(customerTags([line({ price: 100_000 })], NOW, { bigSpenderFen: 100_000, newCustomerDays: undefined }).tags.includes('new_customer'));
  assert.equal(DEFAULT_TAG_RULES.newCustomerDays, 14, 'the defaults stay put');
});

test('a line that cannot be a paid line is refused', () => {
  assert.throws(() => customerTags([line({ units: 0 })], NOW), RangeError);
  assert.throws(() => customerTags([line({ units: 1, unitsReturned: 2 })], NOW), RangeError);
  assert.throws(() => customerTags([line({ price: 99.5 })], NOW), RangeError);
  assert.throws(() => customerTags([line({ at: new Date('nonsense') })], NOW), RangeError);
});

// ── properties ──

const lineArb: fc.Arbitrary<PurchaseLine> = fc.record({
  orderId: fc.constantFrom('ord_1', 'ord_2', 'ord_3', 'ord_4', 'ord_5'),
  at: fc.integer({ min: -800 * DAY, max: 5 * DAY }).map((ms) => new Date(NOW.getTime() + ms)),
  brand: fc.constantFrom(...([['brd_a', '甲'], ['brd_a', '甲新'], ['brd_b', '乙'], ['brd_c', '丙'], ['brd_d', '丁']] as const).map(([brandId, brandName]) => ({ brandId, brandName }))),
  category: fc.constantFrom('女装', '童装', '美妆', '男装', '母婴'),
  size: fc.constantFrom('S', 'M', 'L', 'XL', '均码', '73', '90', '110', '140', '160', '36', '标准', '50ml'),
  units: fc.integer({ min: 1, max: 6 }),
  returned: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6 })),
  price: fc.integer({ min: 0, max: 300_000 }),
  tagPrice: fc.integer({ min: 0, max: 600_000 }),
  discounted: fc.boolean(),
}).map(({ brand, returned, ...l }) => ({ ...l, ...brand, productName: '商品', unitsReturned: Math.min(returned, l.units) }));
const linesArb = fc.array(lineArb, { maxLength: 14 });
const nowArb = fc.integer({ min: -30, max: 900 }).map((d) => new Date(NOW.getTime() + d * DAY));

test('property: tags are known codes, each once, in TAG_CODES order; figures add up', () => {
  fc.assert(fc.property(linesArb, nowArb, (lines, now) => {
    const t = customerTags(lines, now);
    const idx = t.tags.map((g) => TAG_CODES.indexOf(g));
    assert.ok(idx.every((i, k) => i >= 0 && (k === 0 || i > idx[k - 1])), t.tags.join());
    assert.equal(t.units, lines.reduce((a, l) => a + l.units, 0));
    assert.equal(t.spent, lines.reduce((a, l) => a + l.price * (l.units - l.unitsReturned), 0));
    assert.ok(Number.isSafeInteger(t.spent) && Number.isSafeInteger(t.returnRateBps) && t.returnRateBps >= 0 && t.returnRateBps <= 10_000);
    assert.equal(t.sizes.reduce((a, s) => a + s.units, 0), lines.reduce((a, l) => a + l.units - l.unitsReturned, 0), 'sizes hold every kept unit');
    assert.ok(t.sizes.every((s, k) => s.units > 0 && (k === 0 || t.sizes[k - 1].units > s.units || (t.sizes[k - 1].units === s.units && compareSizes(t.sizes[k - 1].size, s.size) <= 0))));
    assert.ok(t.favouriteBrands.length <= 3 && t.favouriteBrands.every((b, k) => k === 0 || t.favouriteBrands[k - 1].units >= b.units));
    assert.ok(!(t.tags.includes('new_customer') && t.tags.includes('dormant')), 'never new and gone quiet at once');
    if (t.childAgeBand) assert.ok(t.childAgeBand.minYears <= t.childAgeBand.maxYears && t.tags.includes('has_children'));
    assert.equal(lines.length === 0, t.tags.length === 0 && t.lastBoughtAt === null && t.orders === 0);
  }), { numRuns: 300 });
});

test('property: the result never depends on the order of the lines', () => {
  fc.assert(fc.property(fc.array(fc.tuple(lineArb, fc.integer()), { maxLength: 14 }), nowArb, (keyed, now) => {
    const lines = keyed.map(([l]) => l);
    const shuffled = [...keyed].sort((a, b) => a[1] - b[1]).map(([l]) => l);
    assert.deepEqual(customerTags(shuffled, now), customerTags(lines, now));
  }), { numRuns: 300 });
});

test('property: another unit sent back never takes return_prone away', () => {
  fc.assert(fc.property(linesArb, nowArb, fc.nat(), (lines, now, pick) => {
    if (!customerTags(lines, now).tags.includes('return_prone')) return;
    assert.ok(customerTags([...lines, line({ unitsReturned: 1 })], now).tags.includes('return_prone'), 'a new line sent back');
    const open = lines.map((l, i) => [l, i] as const).filter(([l]) => l.unitsReturned < l.units);
    if (open.length === 0) return;
    const [l, i] = open[pick % open.length];
    const more = lines.map((x, k) => (k === i ? { ...l, unitsReturned: l.unitsReturned + 1 } : x));
    assert.ok(customerTags(more, now).tags.includes('return_prone'), 'one more unit of a line sent back');
  }), { numRuns: 300 });
});

test('property: a discount applied to a line never takes price_sensitive away', () => {
  fc.assert(fc.property(linesArb, nowArb, fc.nat(), (lines, now, pick) => {
    if (lines.length === 0 || !customerTags(lines, now).tags.includes('price_sensitive')) return;
    const i = pick % lines.length;
    assert.ok(customerTags(lines.map((l, k) => (k === i ? { ...l, discounted: true } : l)), now).tags.includes('price_sensitive'));
  }), { numRuns: 300 });
});

test('property: children only grow older — a later now never lowers the age band', () => {
  fc.assert(fc.property(linesArb, nowArb, fc.integer({ min: 0, max: 2000 }), (lines, now, later) => {
    const a = customerTags(lines, now).childAgeBand;
    const b = customerTags(lines, new Date(now.getTime() + later * DAY)).childAgeBand;
    assert.equal(a === null, b === null);
    if (a && b) assert.ok(b.minYears >= a.minYears && b.maxYears >= a.maxYears);
  }), { numRuns: 300 });
});
