import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { admit, admitAll, backoffSeconds, lockFor, refund, standing, THROTTLE_POLICIES, waitText, type ThrottlePolicy, type ThrottleState } from './accounts.rules.ts';

const PHONE = THROTTLE_POLICIES.phone;
const ADDRESS = THROTTLE_POLICIES.address;
const T0 = new Date('2025-03-01T08:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** Try at each time in order (all wrong passwords); the times that were let through. */
function guess(times: number[], p: ThrottlePolicy, start: ThrottleState | null = null): { admitted: number[]; state: ThrottleState | null } {
  let state = start;
  const admitted: number[] = [];
  for (const t of times) {
    const a = admit(state, at(t), p);
    if (a.admitted) { admitted.push(t); state = a.after; }
  }
  return { admitted, state };
}

/** The fastest a guesser can go: five at once, then each the moment the lock ends. */
function greedy(horizonSeconds: number, p: ThrottlePolicy): number {
  let state: ThrottleState | null = null;
  let t = 0;
  let n = 0;
  while (t <= horizonSeconds) {
    const a = admit(state, at(t), p);
    assert.ok(a.admitted, 'the greedy guesser only tries when nothing is locked');
    n++;
    state = a.after;
    if (state.lockedUntil) t = (state.lockedUntil.getTime() - T0.getTime()) / 1000;
  }
  return n;
}

const policies = fc.record({
  lockAfter: fc.integer({ min: 1, max: 30 }),
  baseSeconds: fc.integer({ min: 1, max: 600 }),
  maxSeconds: fc.integer({ min: 1, max: 86_400 }),
}).map((p) => ({ ...p, maxSeconds: Math.max(p.maxSeconds, p.baseSeconds), forgetSeconds: Math.max(p.maxSeconds, p.baseSeconds) * 2 }));

test('a phone gets five tries, then waits 30 s, doubling with each failure up to an hour', () => {
  assert.deepEqual([1, 2, 3, 4].map((n) => backoffSeconds(n, PHONE)), [0, 0, 0, 0]);
  assert.deepEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 100, 10_000].map((n) => backoffSeconds(n, PHONE)), [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600]);
  assert.equal(lockFor(4, T0, PHONE), null);
  assert.deepEqual(lockFor(6, T0, PHONE), at(60));
});

test('a client address gets twenty tries across every phone, then waits 30 s doubling up to 15 minutes', () => {
  assert.equal(backoffSeconds(19, ADDRESS), 0);
  assert.deepEqual([20, 21, 22, 23, 24, 25, 60].map((n) => backoffSeconds(n, ADDRESS)), [30, 60, 120, 240, 480, 900, 900]);
});

test('30 wrong passwords in a row at full speed: 5 are checked, 25 are told to wait 30 s', () => {
  const times = Array.from({ length: 30 }, (_, i) => i * 0.01);
  const { admitted, state } = guess(times, PHONE);
  assert.equal(admitted.length, 5);
  const next = admit(state, at(0.3), PHONE);
  assert.equal(next.admitted, false);
  assert.equal(!next.admitted && next.retryAfter, 30);
  assert.deepEqual(!next.admitted && next.lockedUntil, at(0.04 + 30));
});

test('a guesser who tries every second gets 11 guesses in the first hour and 34 in a day', () => {
  const everySecond = (n: number) => Array.from({ length: n + 1 }, (_, i) => i);
  assert.equal(guess(everySecond(3600), PHONE).admitted.length, 11);
  assert.equal(guess(everySecond(86_400), PHONE).admitted.length, 34);
  assert.equal(greedy(3600, PHONE), 11);
  assert.equal(greedy(86_400, PHONE), 34);
});

test('property: the wait never shrinks as failures grow, and never passes the cap', () => {
  fc.assert(fc.property(policies, fc.integer({ min: 0, max: 500 }), (p, n) => {
    const a = backoffSeconds(n, p);
    const b = backoffSeconds(n + 1, p);
    assert.ok(b >= a);
    assert.ok(a <= p.maxSeconds);
    assert.equal(a === 0, n < p.lockAfter);
  }));
});

test('property: no schedule of guesses is let through more often than trying the moment each lock ends', () => {
  fc.assert(fc.property(policies, fc.array(fc.integer({ min: 0, max: 20_000_000 }), { maxLength: 300 }), (p, ms) => {
    const horizon = 20_000;
    const times = [...ms].sort((a, b) => a - b).map((x) => x / 1000);
    const { admitted } = guess(times, p);
    assert.ok(admitted.length <= greedy(horizon, p), `${admitted.length} guesses beat the greedy ${greedy(horizon, p)}`);
  }), { numRuns: 200 });
});

test('property: an attempt is refused exactly while its key is locked, and told how long to wait', () => {
  fc.assert(fc.property(policies, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 200_000 }), (p, failures, lastMs, nowMs) => {
    const last = new Date(T0.getTime() + lastMs);
    const state: ThrottleState = { failures, firstFailedAt: T0, lastFailedAt: last, lockedUntil: lockFor(failures, last, p) };
    const now = new Date(T0.getTime() + Math.max(lastMs, nowMs));
    const a = admit(state, now, p);
    const locked = state.lockedUntil !== null && state.lockedUntil > now;
    assert.equal(a.admitted, !locked);
    if (!a.admitted) {
      assert.ok(a.retryAfter >= 1 && a.retryAfter <= p.maxSeconds);
      assert.ok(now.getTime() + a.retryAfter * 1000 >= state.lockedUntil!.getTime(), 'waiting Retry-After seconds is enough');
    } else {
      // A run quiet for longer than forgetSeconds starts again.
      const n = standing(state, now, p) ? failures + 1 : 1;
      assert.equal(a.after.failures, n);
      assert.deepEqual(a.after.lastFailedAt, now);
      assert.deepEqual(a.after.lockedUntil, lockFor(n, now, p));
    }
  }));
});

test('a run of failures is forgotten after a quiet spell longer than any lock, and not before', () => {
  const state: ThrottleState = { failures: 9, firstFailedAt: T0, lastFailedAt: at(100), lockedUntil: lockFor(9, at(100), PHONE) };
  const before = admit(state, at(100 + PHONE.forgetSeconds - 1), PHONE);
  assert.ok(before.admitted && before.after.failures === 10 && before.after.firstFailedAt.getTime() === T0.getTime());
  const after = admit(state, at(100 + PHONE.forgetSeconds), PHONE);
  assert.ok(after.admitted && after.after.failures === 1 && after.before === null);
  assert.deepEqual(after.admitted && after.after.firstFailedAt, at(100 + PHONE.forgetSeconds));
  assert.equal(standing(state, at(100 + ADDRESS.forgetSeconds), ADDRESS), null);
  for (const p of Object.values(THROTTLE_POLICIES)) assert.ok(p.forgetSeconds > p.maxSeconds, 'a lock always ends before its run is forgotten');
});

test('property: a success gives back exactly what its admission counted, and never starts or lengthens a lock', () => {
  fc.assert(fc.property(policies, fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 40 }), fc.integer({ min: 0, max: 5_000_000 }), (p, ms, extra) => {
    const times = [...ms].sort((a, b) => a - b).map((x) => x / 1000);
    const { state } = guess(times, p);
    const now = (times.at(-1) ?? 0) + extra / 1000;
    const a = admit(state, at(now), p);
    if (!a.admitted) return;
    // Nobody else touched the key: it is as it was.
    assert.deepEqual(refund(a.after, a, p), a.before);
    // Another failure was counted meanwhile: it stands, only ours is taken back.
    const other = admit(a.after, at(now + 0.001), p);
    if (!other.admitted) return;
    const left = refund(other.after, a, p);
    assert.equal(left?.failures ?? 0, other.after.failures - 1);
    if (left?.lockedUntil) assert.ok(other.after.lockedUntil && left.lockedUntil <= other.after.lockedUntil);
    // Cleared meanwhile (an operator): stays cleared.
    assert.equal(refund(null, a, p), null);
  }));
});

test('an attempt carries its phone and its client address: refused with the longest wait if either is locked, else counted on both', () => {
  const lockedPhone: ThrottleState = { failures: 6, firstFailedAt: T0, lastFailedAt: T0, lockedUntil: at(60) };
  const lockedAddress: ThrottleState = { failures: 22, firstFailedAt: T0, lastFailedAt: T0, lockedUntil: at(120) };
  const r = admitAll([{ kind: 'phone', state: lockedPhone }, { kind: 'address', state: lockedAddress }], at(10));
  assert.deepEqual(r, { admitted: false, kind: 'address', lockedUntil: at(120), retryAfter: 110 });
  const onlyPhone = admitAll([{ kind: 'phone', state: lockedPhone }, { kind: 'address', state: null }], at(10));
  assert.equal(!onlyPhone.admitted && onlyPhone.kind, 'phone');
  const ok = admitAll([{ kind: 'phone', state: null }, { kind: 'address', state: { ...lockedAddress, lockedUntil: at(5) } }], at(10));
  assert.ok(ok.admitted);
  assert.deepEqual(ok.keys.map((k) => [k.kind, k.after.failures]), [['phone', 1], ['address', 23]]);
  assert.deepEqual(ok.keys[1].after.lockedUntil, at(10 + backoffSeconds(23, ADDRESS)));
});

test('waits are said in whole seconds, minutes or hours, rounded up', () => {
  assert.deepEqual([1, 30, 59, 60, 61, 3599, 3600].map((s) => waitText(s, 'en')), ['1 second', '30 seconds', '59 seconds', '1 minute', '2 minutes', '60 minutes', '1 hour']);
  assert.deepEqual([30, 120, 3600].map((s) => waitText(s, 'zh-CN')), ['30 秒', '2 分钟', '1 小时']);
});
