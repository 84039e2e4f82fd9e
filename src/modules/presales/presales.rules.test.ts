import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validatePresale, decide, productionLines, committedShipDate, progressBps, demandBySize } from './presales.rules.ts';

const now = new Date('2026-11-27T02:00:00Z');
const event = { startsAt: new Date('2026-11-27T00:00:00Z'), endsAt: new Date('2026-11-30T00:00:00Z') };

test('a presale deadline lies in the future and inside the event', () => {
  assert.deepEqual(validatePresale({ moq: 100, shipDays: 15, deadline: new Date('2026-11-29T12:00:00Z') }, event, now), []);
  assert.deepEqual(validatePresale({ moq: 0, shipDays: 0, deadline: new Date('2026-11-27T01:00:00Z') }, event, now).map((i) => i.path), ['moq', 'shipDays', 'deadline']);
  assert.deepEqual(validatePresale({ moq: 1, shipDays: 1, deadline: new Date('2026-12-01T00:00:00Z') }, event, now).map((i) => i.path), ['deadline']);
});

test('the decision: MOQ reached (inclusive) confirms, short of it fails', () => {
  assert.equal(decide(100, 100), 'confirmed');
  assert.equal(decide(99, 100), 'failed');
  fc.assert(fc.property(fc.nat(10_000), fc.integer({ min: 1, max: 10_000 }), (u, m) => (decide(u, m) === 'confirmed') === (u >= m)));
});

test('production lines: one per SKU, totals preserved', () => {
  assert.deepEqual(productionLines([{ skuId: 'b', quantity: 2 }, { skuId: 'a', quantity: 1 }, { skuId: 'b', quantity: 3 }]), [{ skuId: 'a', quantity: 1 }, { skuId: 'b', quantity: 5 }]);
  fc.assert(fc.property(fc.array(fc.record({ skuId: fc.constantFrom('a', 'b', 'c'), quantity: fc.integer({ min: 1, max: 9 }) })), (rows) => {
    const out = productionLines(rows);
    return out.reduce((s, l) => s + l.quantity, 0) === rows.reduce((s, l) => s + l.quantity, 0) && new Set(out.map((l) => l.skuId)).size === out.length;
  }));
});

test('the committed ship date counts days from the deadline’s Beijing calendar day', () => {
  assert.equal(committedShipDate(new Date('2026-11-29T12:00:00Z'), 15), '2026-12-14');
  // 20:00 UTC is already the next day in Beijing.
  assert.equal(committedShipDate(new Date('2026-11-29T20:00:00Z'), 1), '2026-12-01');
});

test('progress and demand by size', () => {
  assert.equal(progressBps(50, 200), 2500);
  assert.equal(progressBps(300, 200), 10_000);
  assert.deepEqual(demandBySize([
    { skuId: '1', colour: '黑', size: 'M', paid: 2, pending: 1 }, { skuId: '2', colour: '白', size: 'M', paid: 3, pending: 0 }, { skuId: '3', colour: '黑', size: 'L', paid: 1, pending: 0 },
  ]), [{ size: 'M', paid: 5, pending: 1 }, { size: 'L', paid: 1, pending: 0 }]);
});
