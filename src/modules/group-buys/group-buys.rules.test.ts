import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateOffer, nextGroupStatus, maskPhone, slotsLeft, type GroupStatus } from './group-buys.rules.ts';

test('an offer needs 2–50 people, 1–72 hours and a group price between the platform and tag prices', () => {
  assert.deepEqual(validateOffer({ groupSize: 3, hours: 24, groupPrice: 15_900, basePrice: 12_000, tagPrice: 59_900 }), []);
  const bad = validateOffer({ groupSize: 1, hours: 100, groupPrice: 12_000, basePrice: 12_000, tagPrice: 59_900 });
  assert.deepEqual(bad.map((i) => i.path), ['groupSize', 'hours', 'groupPrice']);
  assert.deepEqual(validateOffer({ groupSize: 2, hours: 1, groupPrice: 60_000, basePrice: 12_000, tagPrice: 59_900 }).map((i) => i.path), ['groupPrice']);
});

test('a group succeeds only when every seat is taken and paid; expiry before that fails it', () => {
  const g = { status: 'open' as GroupStatus, size: 3, joined: 3, paid: 3, expired: true };
  assert.equal(nextGroupStatus(g), 'succeeded');
  assert.equal(nextGroupStatus({ ...g, paid: 2 }), 'failed');
  assert.equal(nextGroupStatus({ ...g, paid: 2, expired: false }), 'full');
  assert.equal(nextGroupStatus({ ...g, joined: 2, paid: 1, expired: false }), 'open');
  assert.equal(nextGroupStatus({ ...g, joined: 0, paid: 0, expired: false }), 'failed');
  assert.equal(nextGroupStatus({ ...g, status: 'failed' }), 'failed');
});

test('a decided group never changes, whatever the counters say', () => {
  fc.assert(fc.property(fc.constantFrom<GroupStatus>('succeeded', 'failed'), fc.integer({ min: 2, max: 50 }), fc.nat(50), fc.nat(50), fc.boolean(), (status, size, j, p, expired) => {
    const joined = Math.min(j, size); const paid = Math.min(p, joined);
    return nextGroupStatus({ status, size, joined, paid, expired }) === status;
  }));
});

test('an undecided group is open, full, succeeded or failed consistently with its counters', () => {
  fc.assert(fc.property(fc.integer({ min: 2, max: 50 }), fc.nat(50), fc.nat(50), fc.boolean(), (size, j, p, expired) => {
    const joined = Math.min(j, size); const paid = Math.min(p, joined);
    const s = nextGroupStatus({ status: 'open', size, joined, paid, expired });
    if (s === 'succeeded') return joined === size && paid === size;
    if (s === 'full') return joined === size && paid < size && !expired;
    if (s === 'open') return joined < size && joined > 0 && !expired;
    return expired || joined === 0;
  }));
});

test('phones are masked and seats counted', () => {
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskPhone('12345'), '*****');
  assert.equal(slotsLeft({ status: 'open', size: 5, joined: 3 }), 2);
  assert.equal(slotsLeft({ status: 'succeeded', size: 5, joined: 5 }), 0);
});
