// The storefront desk on a real PostgreSQL: consumers' orders through resellers' links placed at
// once are written in groups, each exactly as the ordinary path writes it — the order unpaid and
// holding its stock for the storefront hold, its lines, its payment with a charge opened at the
// gateway, its lookup token — and answered as the order reads afterwards; the hold caps hold
// across a group and against placements elsewhere (counted by the group's write under the holders'
// locks); the buyers get their pay links before what the gateway answered is recorded; and
// whatever the desk does not place goes the ordinary way and is answered as before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, payOnGateway, uniquePhone, linksRecorded, ADDRESS, settle, type ResellerFixture } from './support/fixtures.ts';
import { within } from '../src/platform/within.ts';
import { loadConfig } from '../src/platform/config.ts';
import { placeStorefrontOrder, placeResellerOrder } from '../src/flows/checkout.flow.ts';
import { storefrontDeskStats } from '../src/flows/storefront-desk.flow.ts';
import { holderLockIds, heldWithinSql, GroupHolds, HeldTally, type HeldJson, type HeldCeilingsJson } from '../src/modules/orders/index.ts';
import { sql } from 'drizzle-orm';
import { shareLinkFor } from '../src/modules/sharing/index.ts';
import { GatewayRecorder, type GatewayAnswer } from '../src/modules/payments/index.ts';
import { setResellerStatus } from '../src/modules/resellers/index.ts';

let tp: TestPlatform;
const DEFAULTS = loadConfig().holdLimits;
before(async () => { tp = await testPlatform({ poolSize: 20 }); });
after(async () => { await tp.close(); });

const q = async <T = Record<string, unknown>>(text: string, values: unknown[] = []) => (await tp.database.pool.query(text, values)).rows as T[];
/** An order's charge as if the gateway's answer had never been recorded: no reference, no link. Returns our reference. */
const unrecord = async (orderId: string) => (await q<{ merchant_ref: string }>(`UPDATE payment_charges c SET provider_ref = NULL, pay_url = NULL FROM payment_intents i
  WHERE i.id = c.intent_id AND i.order_id = $1 RETURNING c.merchant_ref`, [orderId]))[0].merchant_ref;
const anon = () => tp.ctx({ kind: 'anonymous' });
const ip = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
const buyer = (phone: string) => ({ name: '顾客', phone, address: ADDRESS });

/** Until `n` placements wait on this holder's lock, in this file's database only (other test files share the server). */
async function waitingOn(lockId: bigint, n: number) {
  const deadline = Date.now() + 15_000;
  const hi = ((lockId >> 32n) & 0xffffffffn).toString();
  const lo = (lockId & 0xffffffffn).toString();
  while ((await q<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND classid = $1::oid AND objid = $2::oid AND objsubid = 1`, [hi, lo]))[0].n < n) {
    if (Date.now() > deadline) throw new Error(`${n} placements never waited on the holder's lock`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A placement elsewhere (the ordinary path, as another process would place it) queued first on a
 * holder's lock held here, then a desk's group, whose write queues behind it; then the lock let go.
 * The group's outcomes, once the placement elsewhere is placed.
 */
async function elsewhereThenGroup(lockId: bigint, elsewhere: StorefrontInput, group: StorefrontInput[]) {
  const locker = await tp.database.pool.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockId.toString()]);
    tp.config.orderGroupCommit = false;
    const first = placeStorefrontOrder(anon(), elsewhere);
    await waitingOn(lockId, 1);
    tp.config.orderGroupCommit = true;
    const desk = settle(group.map((o) => placeStorefrontOrder(anon(), o)));
    await waitingOn(lockId, 2);
    await locker.query('COMMIT');
    await first;
    return await desk;
  } finally {
    tp.config.orderGroupCommit = true;
    await locker.query('ROLLBACK').catch(() => {});
    locker.release();
  }
}
type StorefrontInput = Parameters<typeof placeStorefrontOrder>[1];

async function arena(stock: number, sizes = ['M']) {
  // Base ¥100.00 a unit, commission 20 %: the storefront price is the reseller's selling price.
  const brand = await brandWithLot(tp, { qty: stock, sizes, base: '100.00', tag: '399.00' });
  const ev = await liveEvent(tp, brand, { skuIds: brand.skuIds, quantity: stock });
  return { ev, esks: ev.skus.map((s) => s.eventSkuId) };
}

test('storefront orders placed at once are written in groups, each as the ordinary path writes it, and answered as it reads', async () => {
  tp.config.holdLimits = { ...DEFAULTS };
  const { ev, esks } = await arena(100, ['S', 'M']);
  const shops: ResellerFixture[] = [await reseller(tp), await reseller(tp)];
  const phones = Array.from({ length: 24 }, () => uniquePhone());
  const groups = storefrontDeskStats.groups;
  const orders = storefrontDeskStats.orders;
  const placed = await Promise.all(phones.map((phone, n) => placeStorefrontOrder(anon(), {
    shareCode: shops[n % 2].shareCode, consumer: buyer(phone), lines: [{ eventSkuId: esks[0], quantity: 1 + (n % 2) }, { eventSkuId: esks[1], quantity: 1 }],
    idempotencyKey: `sf-desk-a-${n}`, note: `备注${n}`, clientAddress: ip(),
  })));
  assert.equal(storefrontDeskStats.orders - orders, 24, 'every order went through the desk');
  assert.ok(storefrontDeskStats.groups - groups < 24, `in fewer groups than orders (${storefrontDeskStats.groups - groups})`);

  for (const [n, p] of placed.entries()) {
    const o = p.order;
    assert.equal(p.replayed, false);
    assert.equal(o.status, 'pending_payment');
    assert.ok(o.payment?.payUrl, 'the charge is open at the gateway, with its link');
    assert.ok(p.lookupToken);
    // The answer is the order as the consumer reads it afterwards, through the link's token.
    const read = await tp.app.inject({ method: 'GET', url: `/api/v1/storefront/orders/${o.id}?token=${p.lookupToken}` });
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(JSON.parse(JSON.stringify(o)), JSON.parse(read.body), 'the desk answers as the order reads');
    const [row] = await q<{ reseller_id: string; client_address: string; note: string; hold_min: number; amount_due: string; selling_total: string }>(
      `SELECT reseller_id, client_address, note, round(extract(epoch FROM hold_expires_at - created_at) / 60)::int AS hold_min, amount_due, selling_total FROM orders WHERE id = $1`, [o.id]);
    assert.equal(row.reseller_id, shops[n % 2].resellerId);
    assert.equal(row.note, `备注${n}`);
    assert.match(row.client_address, /^10\./);
    assert.equal(row.hold_min, tp.config.storefrontHoldMinutes, 'held for the storefront hold');
    assert.equal(Number(row.amount_due), Number(row.selling_total), 'a consumer pays the selling price');
    assert.ok(Number(row.amount_due) > (2 + (n % 2)) * 10_000, 'above the base price');
  }
  // One payment per order, its first charge at the gateway under our reference.
  const ids = placed.map((p) => p.order.id);
  const [pay] = await q<{ intents: number; charges: number; sandbox: number }>(`
    SELECT count(*)::int AS intents, count(c.id)::int AS charges, count(s.id)::int AS sandbox FROM payment_intents i
    LEFT JOIN payment_charges c ON c.intent_id = i.id AND c.attempt = 1 AND c.provider_ref IS NOT NULL AND c.pay_url IS NOT NULL
    LEFT JOIN sandbox_charges s ON s.id = c.provider_ref AND s.amount = i.amount
    WHERE i.order_id = ANY($1) AND i.status = 'requires_payment'`, [ids]);
  assert.deepEqual(pay, { intents: 24, charges: 24, sandbox: 24 });
  // Stock held, not sold; one hold movement per line; conserved.
  const pools = new Map((await q<{ event_sku_id: string; available: number; held: number; sold: number; initial: number }>(
    `SELECT event_sku_id, available, held, sold, initial FROM pools WHERE sale_event_id = $1`, [ev.id])).map((p) => [p.event_sku_id, p]));
  const units0 = placed.reduce((a, _, n) => a + 1 + (n % 2), 0);
  assert.deepEqual([pools.get(esks[0])!.held, pools.get(esks[0])!.sold, pools.get(esks[1])!.held], [units0, 0, 24]);
  for (const p of pools.values()) assert.equal(p.available + p.held + p.sold, p.initial);
  const [moves] = await q<{ n: number; units: number }>(`SELECT count(*)::int AS n, sum(quantity)::int AS units FROM stock_movements WHERE kind = 'hold' AND order_id = ANY($1)`, [ids]);
  assert.deepEqual([moves.n, moves.units], [48, units0 + 24]);

  // Paid through the gateway like any order: paid, its entry, the consumer bound to the shop.
  await payOnGateway(tp, placed[0].order.payment!.payUrl!);
  const [paid] = await q<{ status: string; entries: number; bound: string }>(`SELECT o.status,
      (SELECT count(*)::int FROM journal_entries e WHERE e.kind = 'order_paid' AND e.cause_id = o.id) AS entries,
      (SELECT b.reseller_id FROM customer_bindings b WHERE b.consumer_phone = o.consumer_phone) AS bound
    FROM orders o WHERE o.id = $1`, [placed[0].order.id]);
  assert.deepEqual(paid, { status: 'paid', entries: 1, bound: shops[0].resellerId });
});

test('one phone, twelve orders at once: the caps hold across the group — five orders, each at most the units allowed — the rest refused too_many_unpaid_orders', async () => {
  tp.config.holdLimits = { ...DEFAULTS };
  const { esks } = await arena(100);
  const shop = await reseller(tp);
  const phone = uniquePhone();
  const out = await settle(Array.from({ length: 12 }, (_, n) => placeStorefrontOrder(anon(), {
    shareCode: shop.shareCode, consumer: buyer(phone), lines: [{ eventSkuId: esks[0], quantity: 1 }], idempotencyKey: `sf-desk-b-${n}`, clientAddress: ip(),
  })));
  assert.equal(out.filter((o) => typeof o !== 'string').length, DEFAULTS.ordersPerPhone);
  assert.deepEqual([...new Set(out.filter((o) => typeof o === 'string'))], ['too_many_unpaid_orders']);
  const [n] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE consumer_phone = $1`, [phone]);
  assert.equal(n.n, DEFAULTS.ordersPerPhone);
});

test('a placement elsewhere holds for the phone between the group’s read and its write: counted by the write under the holders’ locks, nothing is written, the group is judged again, that order is refused and the rest of its group written', async () => {
  tp.config.holdLimits = { ...DEFAULTS, ordersPerAddress: 0, ordersPerLink: 0 };
  const { esks } = await arena(100);
  const shop = await reseller(tp);
  const phone = uniquePhone();
  const order = (tag: string) => ({ shareCode: shop.shareCode, consumer: buyer(phone), lines: [{ eventSkuId: esks[0], quantity: 1 }], idempotencyKey: `sf-desk-c-${tag}`, clientAddress: ip() });
  for (let i = 0; i < DEFAULTS.ordersPerPhone - 1; i++) await placeStorefrontOrder(anon(), order(String(i)));
  const [lockId] = holderLockIds([{ phone, address: null, resellerId: shop.resellerId }], tp.config.holdLimits);
  const recounted = storefrontDeskStats.recounted;
  const rejudged = storefrontDeskStats.rejudged;
  // Another process's placement (the ordinary path) reads 4 held and queues on the phone's lock
  // first; then the desk's group — this phone's order and another's — reads 4 held too, accepts
  // both, and its write queues behind it on the locks (the write is one statement: begun before the
  // placement elsewhere commits, it counts by a statement of its own after the locks).
  const other = uniquePhone();
  const [refused, placed] = await elsewhereThenGroup(lockId, order('elsewhere'), [order('desk'), { ...order('other'), consumer: buyer(other) }]);
  assert.equal(refused, 'too_many_unpaid_orders');
  assert.ok(typeof placed !== 'string' && placed.order.payment?.payUrl, 'the other order of the group is written without it, with its pay link');
  assert.ok(storefrontDeskStats.rejudged > rejudged, 'the group was read and judged again after its write found more held');
  const [o] = await q<{ n: number; held: number }>(`SELECT count(*)::int AS n, sum(l.quantity)::int AS held FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.consumer_phone = $1`, [other]);
  assert.deepEqual(o, { n: 1, held: 1 }, 'written once');
  assert.ok(storefrontDeskStats.recounted > recounted, 'the counts under the locks found the phone at its cap');
  const [n] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE consumer_phone = $1`, [phone]);
  assert.equal(n.n, DEFAULTS.ordersPerPhone, 'exactly the cap, nothing of the refused order left behind');
});

test('a group’s write holds only if every holder, counted under the locks, is within what the group’s orders allow: every phone, address and link, every phone’s units in all and of each item', async () => {
  const ceilings: HeldCeilingsJson = { phoneOrders: { p1: 2, p2: 0 }, addressOrders: { a1: 3 }, linkOrders: { r1: 4 }, phoneUnits: { p1: 4 }, units: { p1: { e1: 2, e2: 2 } } };
  const held: HeldJson = { phoneOrders: { p1: 2, p2: 0 }, addressOrders: { a1: 3 }, linkOrders: { r1: 4 }, units: [['p1', 'e1', 1], ['p1', 'e1', 1], ['p1', 'e2', 2]] };
  const fits = async (now: Partial<HeldJson>, c = ceilings) => {
    const r = await tp.ctx().db.execute<{ ok: boolean }>(sql`SELECT ${heldWithinSql(sql`${JSON.stringify({ ...held, ...now })}::json`, c)} AS ok`);
    return r.rows[0].ok;
  };
  assert.equal(await fits({}), true, 'every holder at its ceiling');
  assert.equal(await fits({ phoneOrders: { p1: 1, p2: 0 }, units: [['p1', 'e2', 1]] }), true, 'less held: a payment or an expiry meanwhile');
  assert.equal(await fits({ phoneOrders: { p1: 3, p2: 0 } }), false, 'a phone with one order more');
  assert.equal(await fits({ phoneOrders: { p1: 2, p2: 1 } }), false, 'a phone allowed none holds one');
  assert.equal(await fits({ addressOrders: { a1: 4 } }), false, 'an address with one order more');
  assert.equal(await fits({ linkOrders: { r1: 5 } }), false, 'a link with one order more');
  assert.equal(await fits({ linkOrders: { r1: 5 } }, { ...ceilings, linkOrders: { r1: 40 } }), true, 'a link with one order more, far from its cap');
  assert.equal(await fits({ phoneOrders: { p1: 2, p2: 0, p3: 9 } }), true, 'a holder the ceilings do not name');
  assert.equal(await fits({ units: [['p1', 'e1', 2], ['p1', 'e2', 2]] }), true, 'the same units of an item, on one line instead of two');
  assert.equal(await fits({ units: [['p1', 'e1', 1], ['p1', 'e1', 2], ['p1', 'e2', 1]] }), false, 'a unit more of an item (the phone\'s total the same)');
  assert.equal(await fits({ units: [...held.units!, ['p1', 'e3', 1]] }), false, 'a unit of an item the phone did not hold: its total over');
  const off: HeldJson = { phoneOrders: null, addressOrders: null, linkOrders: null, units: null };
  const none: HeldCeilingsJson = { phoneOrders: {}, addressOrders: {}, linkOrders: {}, phoneUnits: {}, units: {} };
  assert.equal(await fits(off, none), true, 'counts that are off compare nothing');
});

test('the ceilings of a group: each order allows its holders its caps less what it asks and what the group added before it; the least over the orders', () => {
  const limits = { ...DEFAULTS, unitsPerPhoneSku: 5, unitsPerPhone: 20, ordersPerPhone: 5, ordersPerAddress: 10, ordersPerLink: 50 };
  const c = new GroupHolds(limits, HeldTally.empty());
  const h = { phone: 'p1', address: 'a1', resellerId: 'r1' };
  for (const lines of [[{ eventSkuId: 'e1', quantity: 2 }], [{ eventSkuId: 'e1', quantity: 1 }, { eventSkuId: 'e2', quantity: 3 }]]) {
    c.accept(h, h, { lines });
  }
  // First order: e1 5−2−0 = 3, units 20−2−0 = 18, orders 5−1−0 = 4 …; second: e1 5−1−2 = 2, e2 5−3−0 = 2, units 20−4−2 = 14, orders 5−1−1 = 3 …
  assert.deepEqual(c.ceilings(), { phoneOrders: { p1: 3 }, addressOrders: { a1: 8 }, linkOrders: { r1: 48 }, phoneUnits: { p1: 14 }, units: { p1: { e1: 2, e2: 2 } } });
});

test('a placement elsewhere through the same link, far from the link’s cap, between a group’s read and its write: the group is written as judged, not judged again', async () => {
  tp.config.holdLimits = { ...DEFAULTS, ordersPerAddress: 0, ordersPerLink: 50 };
  const { esks } = await arena(100);
  const shop = await reseller(tp);
  const order = (tag: string, phone = uniquePhone()) => ({ shareCode: shop.shareCode, consumer: buyer(phone), lines: [{ eventSkuId: esks[0], quantity: 1 }], idempotencyKey: `sf-desk-f-${tag}`, clientAddress: ip() });
  const [linkLock] = holderLockIds([{ phone: uniquePhone(), address: null, resellerId: shop.resellerId }], { ...tp.config.holdLimits, unitsPerPhoneSku: 0, unitsPerPhone: 0, ordersPerPhone: 0 });
  const rejudged = storefrontDeskStats.rejudged;
  const placed = await elsewhereThenGroup(linkLock, order('elsewhere'), [order('a'), order('b')]);
  assert.ok(placed.every((o) => typeof o !== 'string' && o.order.payment?.payUrl), 'both orders of the group placed, with their pay links');
  assert.equal(storefrontDeskStats.rejudged, rejudged, 'the link held one more than read, within what the group allows: written as judged');
  const [n] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE reseller_id = $1 AND kind = 'storefront'`, [shop.resellerId]);
  assert.equal(n.n, 3);
  tp.config.holdLimits = { ...DEFAULTS };
});

test('ten units, thirty consumers at once: ten held, twenty sold_out, none oversold; with the caps off the desk writes without the holders’ locks', async () => {
  for (const limits of [{ ...DEFAULTS }, { ...DEFAULTS, unitsPerPhoneSku: 0, unitsPerPhone: 0, ordersPerPhone: 0, ordersPerAddress: 0, ordersPerLink: 0 }]) {
    tp.config.holdLimits = limits;
    const { esks } = await arena(10);
    const shop = await reseller(tp);
    const out = await settle(Array.from({ length: 30 }, (_, n) => placeStorefrontOrder(anon(), {
      shareCode: shop.shareCode, consumer: buyer(uniquePhone()), lines: [{ eventSkuId: esks[0], quantity: 1 }], idempotencyKey: `sf-desk-d-${n}`, clientAddress: ip(),
    })));
    assert.equal(out.filter((o) => typeof o !== 'string').length, 10);
    assert.equal(out.filter((o) => o === 'sold_out').length, 20);
    const [p] = await q<{ available: number; held: number }>(`SELECT available, held FROM pools WHERE event_sku_id = $1`, [esks[0]]);
    assert.deepEqual([p.available, p.held], [0, 10]);
  }
  tp.config.holdLimits = { ...DEFAULTS };
});

test('a link’s cap counts the orders of its reseller: a consumer bound to b buying through c’s link, in the same group as one through b’s own link, fills b’s count as one by one', async () => {
  tp.config.holdLimits = { ...DEFAULTS, ordersPerAddress: 0, ordersPerLink: 3 };
  const { esks } = await arena(100, ['S', 'M']);
  const b = await reseller(tp, 1_000_000);
  const c = await reseller(tp);
  const bound = uniquePhone();
  const overCapBefore = storefrontDeskStats.overCap;
  // The consumer is bound to b by b's paid order (流量保护); b's link holds two unpaid orders.
  await placeResellerOrder(tp.ctx(b.actor), { consumer: buyer(bound), lines: [{ eventSkuId: esks[0], quantity: 1 }], payWith: 'wallet', idempotencyKey: 'sf-desk-e-bind' });
  for (let i = 0; i < 2; i++) await placeStorefrontOrder(anon(), { shareCode: b.shareCode, consumer: buyer(uniquePhone()), lines: [{ eventSkuId: esks[0], quantity: 1 }], idempotencyKey: `sf-desk-e-held-${i}`, clientAddress: ip() });
  const locker = await tp.database.pool.connect();
  let out: (Awaited<ReturnType<typeof placeStorefrontOrder>> | string)[];
  try {
    // A group whose write waits on a pool row held here: the next two orders queue behind it and make one group.
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM pools WHERE event_sku_id = $1 FOR UPDATE', [esks[1]]);
    const lockerPid = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const blocker = placeStorefrontOrder(anon(), { shareCode: c.shareCode, consumer: buyer(uniquePhone()), lines: [{ eventSkuId: esks[1], quantity: 1 }], idempotencyKey: 'sf-desk-e-blocker', clientAddress: ip() });
    const deadline = Date.now() + 15_000;
    while ((await q<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND $1 = ANY(pg_blocking_pids(pid))`, [lockerPid]))[0].n === 0) {
      if (Date.now() > deadline) throw new Error('the blocking group never waited on the pool');
      await new Promise((r) => setTimeout(r, 20));
    }
    // The bound consumer's order reaches the desk first (its lookups done), then the one through b's link.
    const submitted = storefrontDeskStats.submitted;
    const via = placeStorefrontOrder(anon(), { shareCode: c.shareCode, consumer: buyer(bound), lines: [{ eventSkuId: esks[0], quantity: 1 }], idempotencyKey: 'sf-desk-e-via', clientAddress: ip() });
    while (storefrontDeskStats.submitted === submitted) {
      if (Date.now() > deadline) throw new Error('the bound consumer’s order never reached the desk');
      await new Promise((r) => setTimeout(r, 5));
    }
    const own = placeStorefrontOrder(anon(), { shareCode: b.shareCode, consumer: buyer(uniquePhone()), lines: [{ eventSkuId: esks[0], quantity: 1 }], idempotencyKey: 'sf-desk-e-own', clientAddress: ip() });
    const both = settle([via, own]);
    await new Promise((r) => setTimeout(r, 100));
    await locker.query('COMMIT');
    await blocker;
    out = await both;
  } finally {
    await locker.query('ROLLBACK').catch(() => {});
    locker.release();
  }
  const [viaOut, own] = out;
  assert.ok(typeof viaOut !== 'string', `the bound consumer's order through c's link is placed (${String(viaOut)})`);
  const [row] = await q<{ reseller_id: string; via_reseller_id: string }>('SELECT reseller_id, via_reseller_id FROM orders WHERE id = $1', [viaOut.order.id]);
  assert.deepEqual([row.reseller_id, row.via_reseller_id], [b.resellerId, c.resellerId], 'b’s sale, through c’s link');
  assert.equal(own, 'too_many_unpaid_orders', 'b’s link now holds its three');
  assert.ok(storefrontDeskStats.overCap > overCapBefore, 'refused as read by the desk, in the group with the order before it');
  const [n] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE reseller_id = $1 AND kind = 'storefront' AND paid_at IS NULL`, [b.resellerId]);
  assert.equal(n.n, 3);
  tp.config.holdLimits = { ...DEFAULTS };
});

test('a group is attributed as one by one: the shop’s sale or the bound reseller’s (流量保护), a share link only when it is the shop’s; a shop unknown or paused is refused with its words', async () => {
  tp.config.holdLimits = { ...DEFAULTS };
  const { esks } = await arena(100);
  const b = await reseller(tp, 1_000_000);
  const c = await reseller(tp);
  const paused = await reseller(tp);
  const bound = uniquePhone();
  // The consumer is bound to b by b's paid order; c and b each have a link; one shop is paused.
  await placeResellerOrder(tp.ctx(b.actor), { consumer: buyer(bound), lines: [{ eventSkuId: esks[0], quantity: 1 }], payWith: 'wallet', idempotencyKey: 'sf-desk-g-bind' });
  const link = (r: ResellerFixture) => shareLinkFor(tp.ctx(r.actor), { target: 'shop', saleEventId: null, targetRef: null, channel: 'group', label: '宝妈群', expiresAt: null });
  const [cLink, bLink] = [await link(c), await link(b)];
  await setResellerStatus(tp.ctx(), paused.resellerId, 'suspended');
  const orders = storefrontDeskStats.orders;
  const place = (shareCode: string, phone: string, key: string, shareLink?: string) =>
    placeStorefrontOrder(anon(), { shareCode, consumer: buyer(phone), lines: [{ eventSkuId: esks[0], quantity: 1 }], idempotencyKey: `sf-desk-g-${key}`, clientAddress: ip(), shareLink });
  const out = await settle([
    place(c.shareCode, bound, 'via', cLink.code),
    place(c.shareCode, uniquePhone(), 'own', cLink.code),
    place(c.shareCode, uniquePhone(), 'foreign-link', bLink.code),
    place('NoSuchShop9', uniquePhone(), 'unknown'),
    place(paused.shareCode, uniquePhone(), 'paused'),
  ]);
  assert.deepEqual(out.slice(3), ['storefront_not_found', 'reseller_disabled']);
  assert.equal(storefrontDeskStats.orders - orders, 3, 'the three placed went through the desk');
  const rows = [];
  for (const o of out.slice(0, 3)) {
    assert.ok(typeof o !== 'string', String(o));
    rows.push((await q<{ reseller_id: string; via_reseller_id: string | null; share_link: string | null }>('SELECT reseller_id, via_reseller_id, share_link FROM orders WHERE id = $1', [o.order.id]))[0]);
  }
  assert.deepEqual(rows, [
    { reseller_id: b.resellerId, via_reseller_id: c.resellerId, share_link: cLink.code },
    { reseller_id: c.resellerId, via_reseller_id: null, share_link: cLink.code },
    { reseller_id: c.resellerId, via_reseller_id: null, share_link: null },
  ]);
  await setResellerStatus(tp.ctx(), paused.resellerId, 'active');
});

type CreateCharge = TestPlatform['gateway']['createCharge'];
/** The gateway's createCharge answered by `stub` (which may call the real one) until the returned function puts it back. */
function stubCreateCharge(stub: (input: Parameters<CreateCharge>[0], open: CreateCharge) => ReturnType<CreateCharge>): () => void {
  const gateway = tp.gateway;
  const open = gateway.createCharge.bind(gateway);
  gateway.createCharge = (input) => stub(input, open);
  return () => { gateway.createCharge = open; };
}

test('a group’s buyers get their pay links before what the gateway answered is recorded; the record follows, and a read of an order before it gets the same link', async () => {
  tp.config.holdLimits = { ...DEFAULTS };
  const { esks } = await arena(100);
  const shop = await reseller(tp);
  // Once the group has committed and its charges are being opened, payment_charges is locked
  // against writes (reads go on): the desk's record of the gateway's answers waits for it. (Any
  // other write of a charge meanwhile — a second group, an order sent the ordinary way — would
  // wait too, and the test fail at its 5 s: the three orders are one group of the desk.)
  const locker = await tp.database.pool.connect();
  let lockError: Error | undefined;
  let locked: Promise<unknown> | null = null;
  const restore = stubCreateCharge(async (input, open) => {
    locked ??= locker.query('BEGIN; LOCK TABLE payment_charges IN SHARE MODE').catch((e: Error) => { lockError = e; throw e; });
    await locked;
    return open(input);
  });
  try {
    const placing = Promise.all(Array.from({ length: 3 }, (_, n) => placeStorefrontOrder(anon(), {
      shareCode: shop.shareCode, consumer: buyer(uniquePhone()), lines: [{ eventSkuId: esks[0], quantity: 1 }], idempotencyKey: `sf-desk-r-${n}`, clientAddress: ip(),
    })));
    const placed = await within(placing, 5000, null);
    assert.ok(placed, 'the buyers were answered while the record waited for the lock');
    assert.ok(locked, 'the gateway was asked');
    for (const p of placed) assert.match(p.order.payment?.payUrl ?? '', /\/sandbox\/pay\/ch_/, 'every buyer has the gateway\'s pay link');
    const ids = placed.map((p) => p.order.id);
    const [n] = (await locker.query<{ n: number }>(`SELECT count(*)::int AS n FROM payment_charges c JOIN payment_intents i ON i.id = c.intent_id
      WHERE i.order_id = ANY($1) AND c.provider_ref IS NOT NULL`, [ids])).rows;
    assert.equal(n.n, 0, 'answered while the record still waits');
    await locker.query('COMMIT');
    assert.equal(await linksRecorded(tp, ids, 3), 3, 'then every answer is recorded');
    const [row] = await q<{ pay_url: string }>(`SELECT c.pay_url FROM payment_charges c JOIN payment_intents i ON i.id = c.intent_id WHERE i.order_id = $1`, [ids[0]]);
    assert.equal(row.pay_url, placed[0].order.payment!.payUrl, 'the link recorded is the one the buyer got');
    // An order read before its link is recorded (the moment after its answer) asks the gateway
    // again: the same charge (the gateway dedupes on our reference), its link, now recorded.
    await unrecord(ids[1]);
    const read = await tp.app.inject({ method: 'GET', url: `/api/v1/storefront/orders/${ids[1]}?token=${placed[1].lookupToken}` });
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(JSON.parse(read.body).payment.payUrl, placed[1].order.payment!.payUrl, 'the read shows the link the buyer was answered with');
    assert.equal(await linksRecorded(tp, [ids[1]], 1), 1, 'and records it');
  } finally {
    await locker.query('ROLLBACK').catch(() => {});
    locker.release(lockError);
    restore();
  }
});

test('a read of an order without its link asks the gateway for the current try only while the order awaits payment, and the link it records returns to the shop', async () => {
  tp.config.holdLimits = { ...DEFAULTS };
  const { esks } = await arena(100);
  const shop = await reseller(tp);
  const place = (tag: string) => placeStorefrontOrder(anon(), {
    shareCode: shop.shareCode, consumer: buyer(uniquePhone()), lines: [{ eventSkuId: esks[0], quantity: 1 }], idempotencyKey: `sf-desk-h-${tag}`, clientAddress: ip(),
  });
  const [a, b] = await Promise.all([place('a'), place('b')]);
  await linksRecorded(tp, [a.order.id, b.order.id], 2);
  // The gateway lost a's charge, and we never recorded it: the read opens it again, for the shop's page.
  const merchantRef = await unrecord(a.order.id);
  await q(`DELETE FROM sandbox_charges WHERE merchant_ref = $1`, [merchantRef]);
  const read = await tp.app.inject({ method: 'GET', url: `/api/v1/storefront/orders/${a.order.id}?token=${a.lookupToken}` });
  assert.equal(read.statusCode, 200, read.body);
  const link = JSON.parse(read.body).payment.payUrl as string;
  assert.match(link ?? '', /\/sandbox\/pay\/ch_/, 'the read shows a link');
  const [opened] = await q<{ return_url: string }>(`SELECT return_url FROM sandbox_charges WHERE merchant_ref = $1`, [merchantRef]);
  assert.equal(opened.return_url, `${tp.config.publicUrl}/s/${shop.shareCode}/orders/${a.order.id}?token=${a.lookupToken}`, 'the payer returns to the order\'s page in the shop');
  // b's hold is over (the sweep has not come yet): its read asks the gateway nothing and shows no link.
  await unrecord(b.order.id);
  await q(`UPDATE orders SET hold_expires_at = now() - interval '1 minute' WHERE id = $1`, [b.order.id]);
  let asked = 0;
  const restore = stubCreateCharge((input, open) => { asked++; return open(input); });
  try {
    const late = await tp.app.inject({ method: 'GET', url: `/api/v1/storefront/orders/${b.order.id}?token=${b.lookupToken}` });
    assert.equal(late.statusCode, 200, late.body);
    assert.equal(JSON.parse(late.body).payment.payUrl, null, 'no link for an order past its hold');
    assert.equal(asked, 0, 'the gateway was not asked');
  } finally {
    restore();
  }
});

test('a gateway slow to open one charge holds up neither the group nor the next: that order’s own request asks it again, and every buyer gets a pay link', async () => {
  tp.config.holdLimits = { ...DEFAULTS };
  const { esks } = await arena(100);
  const shop = await reseller(tp);
  let stalled = 0;
  // The gateway's first answer for one reference never comes (a lost response); asked again, it answers.
  const slowRef = new Set<string>();
  const restore = stubCreateCharge(async (input, open) => {
    if (stalled === 0 && !slowRef.has(input.merchantRef)) {
      stalled++;
      slowRef.add(input.merchantRef);
      return new Promise(() => {});
    }
    return open(input);
  });
  try {
    const started = Date.now();
    const placed = await Promise.all(Array.from({ length: 4 }, (_, n) => placeStorefrontOrder(anon(), {
      shareCode: shop.shareCode, consumer: buyer(uniquePhone()), lines: [{ eventSkuId: esks[0], quantity: 1 }], idempotencyKey: `sf-desk-f-${n}`, clientAddress: ip(),
    })));
    const took = Date.now() - started;
    assert.equal(stalled, 1, 'one call was never answered');
    assert.ok(took < 10_000, `answered after the desk stopped waiting (${took} ms)`);
    for (const p of placed) assert.ok(p.order.payment?.payUrl, 'every order has its pay link');
    // The desk records the gateway's answers within moments of answering its buyers.
    assert.equal(await linksRecorded(tp, placed.map((p) => p.order.id), 4), 4, 'each charge recorded once, with its link');
  } finally {
    restore();
  }
});

test('the next group is written and answered while the group before it waits for the gateway: a slow gateway holds back only its own group’s answers', async () => {
  tp.config.holdLimits = { ...DEFAULTS };
  const { esks } = await arena(100);
  const shop = await reseller(tp);
  // The first group's calls wait until released; the next group's are answered at once.
  let release!: () => void;
  const released = new Promise<void>((r) => { release = r; });
  const held = new Set<string>();
  let holding = true;
  const restore = stubCreateCharge(async (input, open) => {
    if (holding) { held.add(input.merchantRef); await released; }
    return open(input);
  });
  const order = (tag: string) => placeStorefrontOrder(anon(), {
    shareCode: shop.shareCode, consumer: buyer(uniquePhone()), lines: [{ eventSkuId: esks[0], quantity: 1 }], idempotencyKey: `sf-desk-g-${tag}`, clientAddress: ip(),
  });
  try {
    const first = Promise.all([order('a'), order('b')]);
    const deadline = Date.now() + 10_000;
    while (held.size < 2) {
      if (Date.now() > deadline) throw new Error('the first group never reached the gateway');
      await new Promise((r) => setTimeout(r, 5));
    }
    holding = false;
    const started = Date.now();
    const next = await Promise.all([order('c'), order('d')]);
    const took = Date.now() - started;
    // A desk that waited for the first group's answers would start the next only when it gave up on the gateway (3 s).
    assert.ok(took < 2000, `the next group was answered in ${took} ms, while the first still waited for its gateway calls`);
    for (const p of next) assert.ok(p.order.payment?.payUrl, 'the next group has its pay links');
    release();
    for (const p of await first) assert.ok(p.order.payment?.payUrl, 'the first group gets its pay links once the gateway answers');
  } finally {
    release();
    restore();
  }
});

test('what the gateway answered groups written close together is recorded together, in one statement; settled records what waits at once', async () => {
  tp.config.holdLimits = { ...DEFAULTS };
  const { esks } = await arena(100);
  const shop = await reseller(tp);
  const placed = [];
  for (const n of [0, 1, 2]) {
    placed.push(await placeStorefrontOrder(anon(), {
      shareCode: shop.shareCode, consumer: buyer(uniquePhone()), lines: [{ eventSkuId: esks[0], quantity: 1 }], idempotencyKey: `sf-desk-rec-${n}`, clientAddress: ip(),
    }));
  }
  const ids = placed.map((p) => p.order.id);
  assert.equal(await linksRecorded(tp, ids, 3), 3, 'the desk\'s recorder recorded them');
  const charges = await q<{ id: string; intent_id: string; merchant_ref: string; amount: string; currency: string; provider_ref: string; pay_url: string }>(
    `SELECT c.id, c.intent_id, c.merchant_ref, c.amount, c.currency, c.provider_ref, c.pay_url FROM payment_charges c JOIN payment_intents i ON i.id = c.intent_id
     WHERE i.order_id = ANY($1) ORDER BY i.order_id`, [ids]);
  for (const id of ids) await unrecord(id);
  const answer = (c: (typeof charges)[number], opened: boolean): GatewayAnswer => ({
    charge: { intentId: c.intent_id, chargeId: c.id, merchantRef: c.merchant_ref, amount: Number(c.amount), currency: c.currency },
    opened: opened ? { providerRef: c.provider_ref, payUrl: c.pay_url, status: 'pending' } : null,
  });
  const recorder = new GatewayRecorder(tp.ctx({ kind: 'system' }));
  // Two groups' answers, one of them not opened by the gateway (left for the order's own request).
  await recorder.add([answer(charges[0], true), answer(charges[2], false)]);
  await recorder.add([answer(charges[1], true)]);
  await recorder.settled();
  assert.equal(recorder.statements, 1, 'one statement for both groups');
  const rows = await q<{ id: string; provider_ref: string | null; pay_url: string | null }>(`SELECT id, provider_ref, pay_url FROM payment_charges WHERE id = ANY($1) ORDER BY id`, [charges.map((c) => c.id)]);
  const want = charges.map((c, n) => ({ id: c.id, provider_ref: n === 2 ? null : c.provider_ref, pay_url: n === 2 ? null : c.pay_url })).sort((a, b) => (a.id < b.id ? -1 : 1));
  assert.deepEqual(rows, want, 'each opened answer recorded as the gateway gave it, the other left unrecorded');
  await recorder.settled();
  assert.equal(recorder.statements, 1, 'nothing waiting: no statement');
});
