import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { judgeHold, clientAddressKey, describeHoldRefusal, holdLimitsOn, type HeldNow } from './holds.rules.ts';
import type { HoldLimits } from '../../platform/config.ts';

const LIMITS: HoldLimits = { unitsPerPhoneSku: 5, unitsPerPhone: 20, ordersPerPhone: 5, ordersPerAddress: 30, ordersPerLink: 200, windowMinutes: 60 };
const nothing: HeldNow = { phoneUnitsBySku: new Map(), phoneUnits: 0, phoneOrders: 0, addressOrders: 0, linkOrders: 0 };
const ask = (...lines: [string, number][]) => ({ lines: lines.map(([eventSkuId, quantity]) => ({ eventSkuId, quantity })) });

test('the issue’s hoarder: one phone, 48 units of one SKU in five orders — the first order past 5 units is refused', () => {
  assert.deepEqual(judgeHold(LIMITS, nothing, ask(['esk_a', 10])), { ok: false, limit: 'units_per_phone_sku', cap: 5, held: 0, requested: 10, eventSkuId: 'esk_a' });
  const holding3 = { ...nothing, phoneUnitsBySku: new Map([['esk_a', 3]]), phoneUnits: 3, phoneOrders: 1 };
  assert.deepEqual(judgeHold(LIMITS, holding3, ask(['esk_a', 2])), { ok: true }, 'up to the cap is fine');
  assert.equal((judgeHold(LIMITS, holding3, ask(['esk_a', 3])) as { limit: string }).limit, 'units_per_phone_sku');
  assert.deepEqual(judgeHold(LIMITS, holding3, ask(['esk_b', 5])), { ok: true }, 'another SKU has its own room');
});

test('units across the platform: 20 per phone, whatever the SKUs', () => {
  const held = { ...nothing, phoneUnitsBySku: new Map([['esk_a', 4]]), phoneUnits: 18, phoneOrders: 4 };
  assert.deepEqual(judgeHold(LIMITS, held, ask(['esk_x', 1], ['esk_y', 1])), { ok: true });
  assert.deepEqual(judgeHold(LIMITS, held, ask(['esk_x', 2], ['esk_y', 1])), { ok: false, limit: 'units_per_phone', cap: 20, held: 18, requested: 3 });
});

test('unpaid orders in the window: per phone, then per client address, then per link', () => {
  assert.deepEqual(judgeHold(LIMITS, { ...nothing, phoneOrders: 4 }, ask(['esk_a', 1])), { ok: true });
  assert.deepEqual(judgeHold(LIMITS, { ...nothing, phoneOrders: 5 }, ask(['esk_a', 1])), { ok: false, limit: 'orders_per_phone', cap: 5, held: 5, requested: 1, windowMinutes: 60 });
  assert.equal((judgeHold(LIMITS, { ...nothing, addressOrders: 30 }, ask(['esk_a', 1])) as { limit: string }).limit, 'orders_per_address');
  assert.deepEqual(judgeHold(LIMITS, { ...nothing, addressOrders: null }, ask(['esk_a', 1])), { ok: true }, 'no address known: not counted');
  assert.equal((judgeHold(LIMITS, { ...nothing, linkOrders: 200 }, ask(['esk_a', 1])) as { limit: string }).limit, 'orders_per_link');
  // The buyer's own limit is the one they hear about when several are reached.
  assert.equal((judgeHold(LIMITS, { ...nothing, phoneOrders: 5, addressOrders: 30, linkOrders: 200 }, ask(['esk_a', 1])) as { limit: string }).limit, 'orders_per_phone');
});

test('a cap of 0 is off', () => {
  const off: HoldLimits = { unitsPerPhoneSku: 0, unitsPerPhone: 0, ordersPerPhone: 0, ordersPerAddress: 0, ordersPerLink: 0, windowMinutes: 60 };
  assert.equal(holdLimitsOn(off), false);
  assert.equal(holdLimitsOn({ ...off, ordersPerLink: 1 }), true);
  assert.deepEqual(judgeHold(off, { ...nothing, phoneUnits: 1e6, phoneOrders: 1e6, addressOrders: 1e6, linkOrders: 1e6 }, ask(['esk_a', 99])), { ok: true });
});

test('property: accepted exactly when every cap that is on still holds after the order', () => {
  const cap = fc.integer({ min: 0, max: 30 });
  fc.assert(fc.property(
    fc.record({ unitsPerPhoneSku: cap, unitsPerPhone: cap, ordersPerPhone: cap, ordersPerAddress: cap, ordersPerLink: cap, windowMinutes: fc.integer({ min: 1, max: 120 }) }),
    fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 1, max: 10 })), { minLength: 1, maxLength: 3 }).map((ls) => [...new Map(ls)]),
    fc.record({ a: fc.nat(20), b: fc.nat(20), extra: fc.nat(20), phoneOrders: fc.nat(40), addressOrders: fc.option(fc.nat(40)), linkOrders: fc.nat(40) }),
    (limits, lines, h) => {
      const bySku = new Map([['a', h.a], ['b', h.b]]);
      const held: HeldNow = { phoneUnitsBySku: bySku, phoneUnits: h.a + h.b + h.extra, phoneOrders: h.phoneOrders, addressOrders: h.addressOrders, linkOrders: h.linkOrders };
      const v = judgeHold(limits, held, ask(...lines));
      const fits = (c: number, n: number) => c === 0 || n <= c;
      const units = lines.reduce((a, [, q]) => a + q, 0);
      const expected = lines.every(([s, q]) => fits(limits.unitsPerPhoneSku, (bySku.get(s) ?? 0) + q))
        && fits(limits.unitsPerPhone, held.phoneUnits + units) && fits(limits.ordersPerPhone, h.phoneOrders + 1)
        && (h.addressOrders === null || fits(limits.ordersPerAddress, h.addressOrders + 1)) && fits(limits.ordersPerLink, h.linkOrders + 1);
      assert.equal(v.ok, expected);
      if (!v.ok) assert.ok(v.held + v.requested > v.cap && v.cap > 0, 'a refusal names a cap that is really exceeded');
    },
  ));
});

test('client addresses: IPv4 as it is, IPv4-mapped unwrapped, IPv6 by its /64, rubbish not at all', () => {
  assert.equal(clientAddressKey('203.0.113.7'), '203.0.113.7');
  assert.equal(clientAddressKey('::ffff:203.0.113.7'), '203.0.113.7');
  assert.equal(clientAddressKey('2408:8207:1851:7f10:a1b2:c3d4:e5f6:1'), '2408:8207:1851:7f10::/64');
  assert.equal(clientAddressKey('2408:8207:1851:7f10::9'), '2408:8207:1851:7f10::/64', 'another interface of the same network');
  assert.equal(clientAddressKey('2408:8207::1'), '2408:8207:0:0::/64');
  assert.equal(clientAddressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(clientAddressKey('::1'), '0:0:0:0::/64');
  assert.equal(clientAddressKey('64:ff9b::192.0.2.33'), '64:ff9b:0:0::/64');
  assert.equal(clientAddressKey(undefined), null);
  assert.equal(clientAddressKey('not an address'), null);
});

test('refusals say what is held, the cap and what to do, in both languages', () => {
  const v = judgeHold(LIMITS, { ...nothing, phoneUnitsBySku: new Map([['esk_a', 4]]), phoneUnits: 4 }, ask(['esk_a', 2]));
  assert.ok(!v.ok);
  assert.match(describeHoldRefusal(v, 'zh-CN'), /已有 4 件.*最多同时保留 5 件.*请先支付或取消/);
  assert.match(describeHoldRefusal(v, 'en'), /holds 4 unpaid.*at most 5.*Pay for or cancel/);
  const w = judgeHold(LIMITS, { ...nothing, linkOrders: 200 }, ask(['esk_a', 1]));
  assert.ok(!w.ok);
  assert.match(describeHoldRefusal(w, 'zh-CN'), /60 分钟内已有 200 笔未付款订单/);
});
