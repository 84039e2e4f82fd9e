import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addressKey, groupKey, planParcels, type ReceivedUnit, type SortPolicy } from './fulfillment.rules.ts';

const HANGZHOU = { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' };
const POLICY: SortPolicy = { holdMinutes: 60, maxWeightGrams: 5_000, maxItems: 10 };
const NOW = Date.parse('2026-12-04T12:00:00Z');
const MIN = 60_000;

function unit(id: string, over: Partial<ReceivedUnit> = {}): ReceivedUnit {
  return { unitId: id, orderLineId: `ol_${id}`, orderId: `ord_${id}`, phone: '13800000001', recipient: '王小明', address: HANGZHOU, receivedAt: NOW - 10 * MIN, weightGrams: 500, ...over };
}

test('one address written two ways is one address: spaces, full-width digits and letters do not count', () => {
  assert.equal(addressKey({ province: '浙江省 ', city: '杭州市', district: '西湖区', detail: '文三路１００号 Ａ座' }), addressKey({ province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路100号a座' }));
  assert.notEqual(addressKey(HANGZHOU), addressKey({ ...HANGZHOU, detail: '文三路 101 号' }));
});

test('units of one consumer from two events go in one parcel; another consumer or another address gets its own', () => {
  const plan = planParcels([
    unit('a'), unit('b', { orderId: 'ord_other_event' }),
    unit('c', { phone: '13800000002' }),
    unit('d', { address: { ...HANGZHOU, detail: '天目山路 1 号' } }),
  ], new Set(), POLICY, NOW);
  assert.deepEqual(plan.parcels.map((p) => [...p.unitIds].sort()).sort(), [['a', 'b'], ['c'], ['d']]);
  assert.deepEqual(plan.waiting, []);
});

test('a consumer with goods still on the way waits for them, but never past the holding time of any unit here', () => {
  const key = groupKey('13800000001', HANGZHOU);
  const early = planParcels([unit('a', { receivedAt: NOW - 10 * MIN })], new Set([key]), POLICY, NOW);
  assert.deepEqual(early.parcels, []);
  assert.deepEqual(early.waiting, [{ unitId: 'a', key, shipBy: NOW + 50 * MIN }]);
  // one unit has waited its hour: everything here goes now, whatever is still expected
  const late = planParcels([unit('a', { receivedAt: NOW - 61 * MIN }), unit('b', { receivedAt: NOW - 5 * MIN })], new Set([key]), POLICY, NOW);
  assert.deepEqual(late.parcels.map((p) => [...p.unitIds].sort()), [['a', 'b']]);
  assert.deepEqual(late.waiting, []);
});

test('a group over the weight or item limit is split; a unit heavier than a parcel may be goes alone, marked oversize', () => {
  const heavy = planParcels([unit('a', { weightGrams: 3_000 }), unit('b', { weightGrams: 3_000 }), unit('c', { weightGrams: 2_000 })], new Set(), POLICY, NOW);
  assert.deepEqual(heavy.parcels.map((p) => [p.unitIds, p.weightGrams]), [[['a', 'c'], 5_000], [['b'], 3_000]]);
  const many = planParcels(Array.from({ length: 23 }, (_, i) => unit(`u${String(i).padStart(2, '0')}`, { weightGrams: 100 })), new Set(), POLICY, NOW);
  assert.deepEqual(many.parcels.map((p) => p.unitIds.length), [10, 10, 3]);
  const bulky = planParcels([unit('sofa', { weightGrams: 20_000 }), unit('cup', { weightGrams: 300 })], new Set(), POLICY, NOW);
  assert.deepEqual(bulky.parcels.map((p) => [p.unitIds, p.oversize]), [[['sofa'], true], [['cup'], false]]);
});

test('a policy that allows no parcel is refused', () => {
  assert.throws(() => planParcels([unit('a')], new Set(), { ...POLICY, maxItems: 0 }, NOW), RangeError);
  assert.throws(() => planParcels([unit('a')], new Set(), { ...POLICY, maxWeightGrams: 0 }, NOW), RangeError);
});

// ---- properties over random warehouses ----

const phones = ['13800000001', '13800000002', '13800000003', '13900000004'];
const addresses = [HANGZHOU, { ...HANGZHOU, detail: '天目山路 1 号' }, { province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 8 号' }];
const arbUnits = fc.uniqueArray(
  fc.record({ id: fc.integer({ min: 0, max: 1e6 }), p: fc.nat(phones.length - 1), a: fc.nat(addresses.length - 1), ago: fc.integer({ min: 0, max: 180 }), w: fc.integer({ min: 1, max: 9_000 }) }),
  { selector: (u) => u.id, maxLength: 120 },
).map((rows) => rows.map((r) => unit(`u${r.id}`, { phone: phones[r.p], address: addresses[r.a], receivedAt: NOW - r.ago * MIN, weightGrams: r.w })));
const arbPolicy = fc.record({ holdMinutes: fc.integer({ min: 0, max: 240 }), maxWeightGrams: fc.integer({ min: 500, max: 10_000 }), maxItems: fc.integer({ min: 1, max: 15 }) });
const arbExpected = fc.subarray(phones.flatMap((p) => addresses.map((a) => groupKey(p, a))));

test('every received unit lands in exactly one parcel or waits; no parcel mixes consumers or addresses; limits hold', () => {
  fc.assert(fc.property(arbUnits, arbPolicy, arbExpected, (units, policy, exp) => {
    const plan = planParcels(units, new Set(exp), policy, NOW);
    const placed = [...plan.parcels.flatMap((p) => p.unitIds), ...plan.waiting.map((w) => w.unitId)];
    assert.deepEqual([...placed].sort(), units.map((u) => u.unitId).sort(), 'each unit exactly once');
    const byId = new Map(units.map((u) => [u.unitId, u]));
    for (const p of plan.parcels) {
      assert.ok(p.unitIds.length >= 1);
      assert.equal(new Set(p.unitIds.map((id) => groupKey(byId.get(id)!.phone, byId.get(id)!.address))).size, 1, 'one consumer and address per parcel');
      assert.equal(p.weightGrams, p.unitIds.reduce((s, id) => s + byId.get(id)!.weightGrams, 0));
      if (p.oversize) assert.ok(p.unitIds.length === 1 && p.weightGrams > policy.maxWeightGrams);
      else assert.ok(p.unitIds.length <= policy.maxItems && p.weightGrams <= policy.maxWeightGrams, 'within the carrier’s limits');
    }
  }), { numRuns: 300 });
});

test('merging never keeps a unit past its limit, and keeps back only consumers with goods still expected', () => {
  fc.assert(fc.property(arbUnits, arbPolicy, arbExpected, (units, policy, exp) => {
    const expected = new Set(exp);
    const plan = planParcels(units, expected, policy, NOW);
    const byId = new Map(units.map((u) => [u.unitId, u]));
    for (const w of plan.waiting) {
      const u = byId.get(w.unitId)!;
      assert.ok(expected.has(w.key), 'waits only for something expected');
      assert.ok(u.receivedAt + policy.holdMinutes * MIN > NOW, 'not past its own limit');
      assert.ok(w.shipBy > NOW && w.shipBy <= u.receivedAt + policy.holdMinutes * MIN);
    }
    // a group either waits whole or ships whole: one consumer's units here are never split between now and later
    const waitingKeys = new Set(plan.waiting.map((w) => w.key));
    for (const p of plan.parcels) assert.ok(!waitingKeys.has(p.key));
  }), { numRuns: 300 });
});

test('splitting uses no more parcels than it must: no two parcels of one consumer would fit in one', () => {
  fc.assert(fc.property(arbUnits, arbPolicy, (units, policy) => {
    const plan = planParcels(units, new Set(), policy, NOW);
    const byKey = new Map<string, typeof plan.parcels>();
    for (const p of plan.parcels) if (!p.oversize) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p]);
    for (const ps of byKey.values()) {
      for (let i = 0; i < ps.length; i++) for (let j = i + 1; j < ps.length; j++) {
        const fits = ps[i].unitIds.length + ps[j].unitIds.length <= policy.maxItems && ps[i].weightGrams + ps[j].weightGrams <= policy.maxWeightGrams;
        assert.ok(!fits, `parcels ${i} and ${j} of ${ps[0].key} would fit in one`);
      }
    }
  }), { numRuns: 300 });
});

test('the plan does not depend on the order units are scanned in', () => {
  fc.assert(fc.property(arbUnits, arbPolicy, arbExpected, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })).map((s) => s.take(1000)), (units, policy, exp, r) => {
    const rnd = [...r];
    const shuffled = units.map((u, i) => [rnd[i % rnd.length] ?? 0, u] as const).sort((a, b) => a[0] - b[0]).map(([, u]) => u);
    assert.deepEqual(planParcels(shuffled, new Set(exp), policy, NOW), planParcels(units, new Set(exp), policy, NOW));
  }), { numRuns: 200 });
});
