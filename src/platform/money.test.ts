import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatMoney } from './money.ts';
import { percent, yuan } from '../../web/src/lib/money.ts';

test('money reads ¥1,000.00: two decimals and thousands separators', () => {
  assert.equal(formatMoney(100_000), '¥1,000.00');
  assert.equal(formatMoney(123_456_789), '¥1,234,567.89');
  assert.equal(formatMoney(99_900), '¥999.00');
  assert.equal(formatMoney(5), '¥0.05');
  assert.equal(formatMoney(0), '¥0.00');
  assert.equal(formatMoney(-250_050), '-¥2,500.50');
});

test('the server prints an amount exactly as the web apps do', () => {
  fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => formatMoney(fen) === yuan(fen)));
});

test('a fraction of a fen is refused, never rounded silently', () => {
  assert.throws(() => formatMoney(10.5), RangeError);
});

test('a percentage reads to a tenth, rounded half up: 2965 bps is 29.7 %, not the float’s 29.6', () => {
  assert.deepEqual([2965, 2964, 2000, 2050, 2999, 5, 4, 0, -2965].map(percent), ['29.7%', '29.6%', '20%', '20.5%', '30%', '0.1%', '0%', '0%', '-29.7%']);
});
