import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitLine, orderPaidLines, reversalLines, sumLines } from './ledger.rules.ts';
import { prorate } from '../../platform/money.ts';

test('prorate splits exactly: parts are integers that sum to the total', () => {
  fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0)), (total, weights) => {
    const parts = prorate(total, weights);
    assert.equal(parts.reduce((a, b) => a + b, 0), total);
    for (const p of parts) assert.ok(Number.isSafeInteger(p));
    const W = weights.reduce((a, b) => a + b, 0);
    // Each part is within one unit of its exact share.
    parts.forEach((p, i) => assert.ok(Math.abs(p - (total * weights[i]) / W) < 1 + 1e-6));
  }));
});

test('prorate gives leftover fen to the largest remainders', () => {
  assert.deepEqual(prorate(100, [1, 1, 1]), [34, 33, 33]);
  assert.deepEqual(prorate(10, [3, 7]), [3, 7]);
  assert.deepEqual(prorate(1, [1, 2]), [0, 1]);
});

test('a line splits into brand payable + commission = base, margin = selling − base, to the fen', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 10_000 }), (base, markupBps, qty, rate) => {
    const selling = base + Math.floor((base * markupBps) / 10_000);
    const s = splitLine({ brandId: 'b', quantity: qty, basePrice: base, sellingPrice: selling, commissionBps: rate });
    assert.equal(s.brandPayable + s.commission, base * qty);
    assert.equal(s.margin, (selling - base) * qty);
    assert.ok(Math.abs(s.commission - (base * qty * rate) / 10_000) <= 1);
  }));
});

test('the brief’s example: ¥199 base, 20% commission → brand ¥159.20, platform ¥39.80', () => {
  const s = splitLine({ brandId: 'b', quantity: 1, basePrice: 19900, sellingPrice: 24900, commissionBps: 2000 });
  assert.deepEqual([s.brandPayable, s.commission, s.margin], [15920, 3980, 5000]);
});

test('paid entries balance and reversals mirror them exactly', () => {
  const line = fc.record({ brandId: fc.constantFrom('b1', 'b2', 'b3'), quantity: fc.integer({ min: 1, max: 99 }), basePrice: fc.integer({ min: 1, max: 5_000_000 }), markup: fc.integer({ min: 0, max: 5_000_000 }), commissionBps: fc.integer({ min: 0, max: 10_000 }) });
  fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.boolean(), fc.boolean(), (ls, storefront, wallet) => {
    const lines = ls.map((l) => ({ ...l, sellingPrice: l.basePrice + l.markup }));
    const paid = orderPaidLines({ resellerId: 'r', payer: wallet ? { kind: 'wallet', resellerId: 'r' } : { kind: 'provider' }, creditMargin: storefront, lines });
    assert.equal(sumLines(paid), 0);
    const rev = reversalLines(paid);
    assert.equal(sumLines(rev), 0);
    const due = lines.reduce((a, l) => a + (storefront ? l.sellingPrice : l.basePrice) * l.quantity, 0);
    const payer = paid.find((l) => l.account === (wallet ? 'reseller_wallet' : 'provider_cash'))!;
    assert.equal(payer.amount, due);
    for (const l of paid) if (l.account !== 'provider_cash') assert.equal(rev.find((r) => r.account === l.account && r.partyId === l.partyId)!.amount, -l.amount);
  }));
});
