import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { supersedes, isTerminal } from './carriers.rules.ts';
import { plannedWay } from './sandbox.carrier.ts';
import { TRACKING_STATUSES, type Party, type TrackingStatus } from '../../platform/carrier-provider.ts';

const t = (s: number) => new Date(Date.UTC(2026, 11, 4, 8, 0, s));

test('an event that happened later sets the status; one that happened earlier never does, however late it arrives', () => {
  assert.equal(supersedes({ status: 'created', at: null }, { status: 'in_transit', at: t(5) }), true);
  assert.equal(supersedes({ status: 'in_transit', at: t(5) }, { status: 'picked_up', at: t(1) }), false);
  assert.equal(supersedes({ status: 'delivered', at: t(9) }, { status: 'out_for_delivery', at: t(8) }), false);
  assert.equal(supersedes({ status: 'out_for_delivery', at: t(8) }, { status: 'delivered', at: t(9) }), true);
  assert.equal(supersedes({ status: 'exception', at: t(9) }, { status: 'out_for_delivery', at: t(10) }), true, 'a second try after an exception');
});

test('at the same instant the step further along the way wins, so a terminal status stays', () => {
  assert.equal(supersedes({ status: 'out_for_delivery', at: t(3) }, { status: 'delivered', at: t(3) }), true);
  assert.equal(supersedes({ status: 'delivered', at: t(3) }, { status: 'out_for_delivery', at: t(3) }), false);
  assert.equal(supersedes({ status: 'delivered', at: t(3) }, { status: 'delivered', at: t(3) }), false);
});

test('a cancelled waybill is never reopened by an event', () => {
  assert.equal(supersedes({ status: 'cancelled', at: null }, { status: 'picked_up', at: t(1) }), false);
});

test('whatever order the events arrive in, the status ends as the latest event says (property)', () => {
  const ev = fc.record({ status: fc.constantFrom(...TRACKING_STATUSES), s: fc.integer({ min: 0, max: 5 }) });
  fc.assert(fc.property(fc.array(ev, { minLength: 1, maxLength: 12 }), fc.func(fc.integer()), (events, key) => {
    const fold = (list: typeof events) => {
      let cur: { status: string; at: Date | null } = { status: 'created', at: null };
      for (const e of list) if (supersedes(cur, { status: e.status, at: t(e.s) })) cur = { status: e.status, at: t(e.s) };
      return cur.status;
    };
    const shuffled = [...events].sort((a, b) => key(a.s * 10 + TRACKING_STATUSES.indexOf(a.status)) - key(b.s * 10 + TRACKING_STATUSES.indexOf(b.status)));
    assert.equal(fold(shuffled), fold(events));
  }), { numRuns: 500 });
});

const sender: Party = { name: '仓库', phone: '057100000000', address: { province: '浙江省', city: '杭州市', district: '余杭区', detail: '文一西路1500号' } };
const to = (detail: string): Party => ({ name: '张三', phone: '13800138000', address: { province: '上海市', city: '上海市', district: '浦东新区', detail } });
const statuses = (way: { status: TrackingStatus }[]) => way.map((s) => s.status);

test('the sandbox way: delivered; one failed try then delivered; refused (拒收) goes back to the sender', () => {
  assert.deepEqual(statuses(plannedWay(sender, to('张江路88号'), false)), ['picked_up', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
  assert.deepEqual(statuses(plannedWay(sender, to('张江路88号'), true)), ['picked_up', 'in_transit', 'in_transit', 'out_for_delivery', 'exception', 'out_for_delivery', 'delivered']);
  assert.deepEqual(statuses(plannedWay(sender, to('张江路88号 家中无人请放门口'), false)), ['picked_up', 'in_transit', 'in_transit', 'out_for_delivery', 'exception', 'out_for_delivery', 'delivered']);
  const refused = plannedWay(sender, to('张江路88号（拒收）'), true);
  assert.deepEqual(statuses(refused), ['picked_up', 'in_transit', 'in_transit', 'out_for_delivery', 'exception', 'returned_to_sender']);
  assert.match(refused[4].description, /拒收/);
  assert.ok(isTerminal(refused.at(-1)!.status));
  for (const way of [plannedWay(sender, to('x'), false), refused]) {
    assert.deepEqual(way.map((s) => s.after), way.map((_, i) => i), 'one step apart, in order');
    assert.ok(way.every((s) => s.location && s.description));
  }
});
