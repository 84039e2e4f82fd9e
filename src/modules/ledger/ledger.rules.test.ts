import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitLine, orderPaidLines, reversalLines, sumLines, unitReversalLines, payerRefundOf, mergeLines, heldAccount, type PostingLine } from './ledger.rules.ts';
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

test('a line given back unit by unit, in any steps, balances every time and ends at exactly zero', () => {
  const arb = fc.record({
    quantity: fc.integer({ min: 1, max: 30 }), basePrice: fc.integer({ min: 1, max: 2_000_000 }), markup: fc.integer({ min: 0, max: 2_000_000 }),
    commissionBps: fc.integer({ min: 0, max: 10_000 }), storefront: fc.boolean(), wallet: fc.boolean(), discount: fc.nat({ max: 10_000 }), bearer: fc.constantFrom('platform', 'brand', 'reseller'),
    cuts: fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 30 }),
  });
  fc.assert(fc.property(arb, (a) => {
    const line = { orderLineId: 'oln_1', brandId: 'b', quantity: a.quantity, basePrice: a.basePrice, sellingPrice: a.basePrice + a.markup, commissionBps: a.commissionBps };
    const gross = (a.storefront ? line.sellingPrice : line.basePrice) * a.quantity;
    const off = Math.min(a.discount, gross - 1);
    const discounts = off > 0 ? [{ bearer: a.bearer as 'platform' | 'brand' | 'reseller', partyId: a.bearer === 'platform' ? '' : 'x', amount: off, orderLineId: 'oln_1' }] : [];
    const paid = orderPaidLines({ resellerId: 'r', payer: a.wallet ? { kind: 'wallet', resellerId: 'r' } : { kind: 'provider' }, creditMargin: a.storefront, lines: [line], discounts });
    assert.equal(sumLines(paid), 0);
    for (const l of paid) assert.equal(l.orderLineId, 'oln_1');
    // Cut the quantity into steps; the last step takes what is left.
    const steps: number[] = [];
    let left = a.quantity;
    for (const c of a.cuts) { if (left === 0) break; const k = Math.min(c, left); steps.push(k); left -= k; }
    if (left > 0) steps.push(left);
    let held = paid.map((l) => ({ ...l }));
    let refunded = 0;
    let remaining = a.quantity;
    const paidByPayer = gross - off;
    for (const k of steps) {
      const rev = unitReversalLines(held, k, remaining);
      assert.equal(sumLines(rev), 0, 'each reversal balances');
      const back = payerRefundOf(rev);
      const got = a.wallet ? back.wallet : back.provider;
      // Proportional to the units, within a fen of the exact share of what was left.
      assert.ok(Math.abs(got - ((paidByPayer - refunded) * k) / remaining) < 1 + 1e-9, `refund ${got} for ${k}/${remaining}`);
      refunded += got;
      held = mergeHeld([...held, ...rev]);
      remaining -= k;
      for (const l of held) assert.ok(Math.sign(l.amount) === Math.sign(paid.find((p) => p.account === l.account && p.partyId === l.partyId)!.amount), 'no account is given back more than it put in');
    }
    assert.equal(refunded, paidByPayer, 'the payer gets back exactly what they paid');
    assert.equal(held.length, 0, 'nothing is left held on the line');
  }), { numRuns: 300 });
});

test('giving back more units than remain is refused', () => {
  const paid = orderPaidLines({ resellerId: 'r', payer: { kind: 'provider' }, creditMargin: false, lines: [{ orderLineId: 'l', brandId: 'b', quantity: 2, basePrice: 100, sellingPrice: 100, commissionBps: 1000 }] });
  assert.throws(() => unitReversalLines(paid, 3, 2), RangeError);
  assert.throws(() => unitReversalLines(paid, 0, 2), RangeError);
  // 1 of 3 units of ¥10.00 at 20%: the payer gets ¥3.33, brand 2.67 and commission 0.66 back.
  const three = orderPaidLines({ resellerId: 'r', payer: { kind: 'provider' }, creditMargin: false, lines: [{ orderLineId: 'l', brandId: 'b', quantity: 3, basePrice: 333, sellingPrice: 333, commissionBps: 2000 }] });
  const rev = unitReversalLines(three, 1, 3);
  assert.deepEqual(rev.map((l) => [l.account, l.amount]).sort(), [['brand_payable', 266], ['platform_commission', 67], ['refunds_in_flight', -333]].sort());
});

/** The held view of a line after a reversal: refunds in flight count as provider cash. */
function mergeHeld(lines: PostingLine[]): PostingLine[] {
  return mergeLines(lines.map((l) => ({ ...l, account: heldAccount(l.account) })));
}
