// Flash sales on a real PostgreSQL: a crowd grabs one item concurrently, with group commit and
// with one transaction per order. Never more claimed than the quantity, never a buyer or a
// reseller over their limit, the pool and the claims agree to the unit, and the window and the
// hold are judged by the database clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, payOnGateway, ADDRESS, CONSUMER, type ResellerFixture } from './support/fixtures.ts';
import { call } from './support/http.ts';
import { createFlashItem, releaseFlashClaims } from '../src/modules/flash-sales/index.ts';
import { claimFlash, flashDeskStats } from '../src/flows/flash-checkout.flow.ts';
import { placeStorefrontOrder, payStorefrontOrderAgain } from '../src/flows/checkout.flow.ts';
import { cancelOrderFlow } from '../src/flows/cancellation.flow.ts';
import { auditLedger } from '../src/modules/ledger/index.ts';
import { advanceSaleEvents, closeSaleEvent } from '../src/modules/sale-events/index.ts';
import { AppError } from '../src/platform/errors.ts';
import { sql } from 'drizzle-orm';

const RUNS = Number(process.env.STOCK_TEST_RUNS ?? 20) >= 10 ? 3 : 1;

interface Arena { tp: TestPlatform; resellers: ResellerFixture[] }
const arenas: Arena[] = [];
async function arena(groupCommit: boolean): Promise<Arena> {
  // Two platforms in this file at 20 connections each: beside another test file (40) it stays under a default server's 100.
  const tp = await testPlatform({ poolSize: 20, flashGroupCommit: groupCommit });
  const resellers: ResellerFixture[] = [];
  for (let i = 0; i < 5; i++) resellers.push(await reseller(tp));
  const a = { tp, resellers };
  arenas.push(a);
  return a;
}
after(async () => { for (const a of arenas) await a.tp.close(); });

async function flashItem(tp: TestPlatform, opts: { stock: number; quantity?: number; perBuyer: number; perReseller: number; startsInMs?: number; price?: number }) {
  const brand = await brandWithLot(tp, { qty: opts.stock, sizes: ['M'], base: '100.00', tag: '399.00' });
  const ev = await liveEvent(tp, brand, { skuIds: [brand.skuIds[0]], quantity: opts.stock });
  const esk = ev.skus[0].eventSkuId;
  const item = await createFlashItem(tp.ctx(), {
    saleEventId: ev.id, eventSkuId: esk, price: opts.price ?? 12_900, quantity: opts.quantity ?? opts.stock,
    perBuyerLimit: opts.perBuyer, perResellerLimit: opts.perReseller, startsAt: new Date(Date.now() + (opts.startsInMs ?? -1000)),
  });
  return { item, esk, brand, ev };
}

const phoneOf = (n: number) => `139${String(10_000_000 + n).slice(-8)}`;

/** A group's write waiting on a row lock (matched by its opening: pg_stat_activity keeps only the first 1 kB of a statement). */
const WRITE_WAITS = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE flash_items SET claimed = claimed +%'`;

/** Waits until `cond` holds, polling; a bound instead of a guess at how long a busy machine takes. */
async function until(cond: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting (${ms} ms): ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function crowd(a: Arena, flashItemId: string, o: { attempts: number; buyers: number; tag: string; phones: number; trickle?: boolean }) {
  let next = 0;
  const outcomes = { units: 0, orders: 0, replays: 0, codes: new Map<string, number>() };
  const sent: Parameters<typeof claimFlash>[1][] = [];
  const orderOfKey = new Map<string, string>();
  const worker = async () => {
    while (next < o.attempts) {
      // Trickling in (as over HTTP) rather than all at once: groups then arrive while the last is written.
      if (o.trickle) await new Promise((res) => setTimeout(res, Math.random() * 3));
      const n = next++;
      const r = a.resellers[n % a.resellers.length];
      // Trickling, every tenth request is an earlier one again (a client retrying): sent 1 to 300
      // requests later, it lands in the same group, the next one or a later one, and must get the
      // same order.
      const again = n - 1 - ((n * 7) % 300);
      const input = o.trickle && n % 10 === 9 && sent[again] ? sent[again] : {
        shareCode: r.shareCode, flashItemId, quantity: 1 + (Math.floor(n / 7) % 2), idempotencyKey: `${o.tag}-${n}`,
        // Trickling buyers come back at random, so one group's buyers are often in the next.
        consumer: { name: '抢购者', phone: phoneOf(o.trickle ? Math.floor(Math.random() * o.phones) : n % o.phones), address: ADDRESS },
      };
      sent[n] = input;
      try {
        const res = await claimFlash(a.tp.ctx({ kind: 'anonymous' }), input);
        const had = orderOfKey.get(input.idempotencyKey);
        if (had) assert.equal(res.orderId, had, 'one key, one order');
        orderOfKey.set(input.idempotencyKey, res.orderId);
        if (res.replayed) { outcomes.replays++; continue; }
        assert.equal(had, undefined, 'a key with an order is answered as a replay');
        outcomes.units += res.quantity;
        outcomes.orders++;
      } catch (e) {
        const code = e instanceof AppError ? e.code : String(e);
        outcomes.codes.set(code, (outcomes.codes.get(code) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: o.buyers }, worker));
  return outcomes;
}

async function invariants(tp: TestPlatform, flashItemId: string, esk: string) {
  const q = async <T>(text: string, params: unknown[]) => (await tp.database.pool.query(text, params)).rows as T[];
  const [item] = await q<{ quantity: number; claimed: number; per_buyer_limit: number; per_reseller_limit: number; sold_out_at: Date | null }>('SELECT * FROM flash_items WHERE id = $1', [flashItemId]);
  const [pool] = await q<{ initial: number; available: number; held: number; sold: number }>('SELECT * FROM pools WHERE event_sku_id = $1', [esk]);
  const [live] = await q<{ units: number; orders: number }>(`SELECT coalesce(sum(l.quantity),0)::int AS units, count(*)::int AS orders FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.campaign = 'flash' AND o.campaign_ref = $1 AND o.status IN ('pending_payment','paid')`, [flashItemId]);
  const [overBuyer] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT o.consumer_phone FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.campaign_ref = $1 AND o.status IN ('pending_payment','paid') GROUP BY 1 HAVING sum(l.quantity) > $2) x`, [flashItemId, item.per_buyer_limit]);
  const [overReseller] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT o.reseller_id FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.campaign_ref = $1 AND o.status IN ('pending_payment','paid') GROUP BY 1 HAVING sum(l.quantity) > $2) x`, [flashItemId, item.per_reseller_limit]);
  const [counters] = await q<{ buyers: number; resellers: number }>(`SELECT (SELECT coalesce(sum(quantity),0)::int FROM flash_buyer_counts WHERE flash_item_id = $1) AS buyers,
    (SELECT coalesce(sum(quantity),0)::int FROM flash_reseller_counts WHERE flash_item_id = $1) AS resellers`, [flashItemId]);
  return { item, pool, live, overBuyer: overBuyer.n, overReseller: overReseller.n, counters };
}

/** Groups written on a read brought forward, over the trickled runs so far. */
let advancedInTrickles = 0;

for (const groupCommit of [true, false]) {
  const mode = groupCommit ? 'group commit' : 'one transaction per order';
  const runs = groupCommit ? Math.max(2, RUNS) : 1;
  for (let run = 1; run <= runs; run++) {
    test(`${mode}, run ${run}: 600 buyers × 3,000 grabs for 300 units → 0 oversold, 0 over any limit, pool = claims`, async () => {
      const a = arenas.find((x) => x.tp.config.flashGroupCommit === groupCommit) ?? await arena(groupCommit);
      // Runs after the first trickle in, so the desk reads the next group while it writes one;
      // their pool holds more than the flash quantity, so the item's own count must bind.
      const trickle = groupCommit && run > 1;
      const { item, esk } = await flashItem(a.tp, { stock: trickle ? 400 : 300, quantity: 300, perBuyer: 2, perReseller: 70 });
      const stats0 = { ...flashDeskStats };
      const out = await crowd(a, item.id, { attempts: 3000, buyers: 600, tag: `${groupCommit}-${run}`, phones: 200, trickle });
      if (trickle) {
        // Whether a given run overlaps a read with a write is up to the machine's timing: over the
        // trickled runs together, some groups must have been (checked at the last one).
        advancedInTrickles += flashDeskStats.advanced - stats0.advanced;
        if (run === runs) assert.ok(advancedInTrickles > 0, 'some groups were written on a read brought forward by the previous write');
        // One desk, nothing else writing the item: a carried effect that is wrong in any way shows here.
        assert.equal(flashDeskStats.regated - stats0.regated, 0, 'no write refused by the version gate');
        assert.equal(flashDeskStats.retried - stats0.retried, 0, 'no group read again after a key race');
        assert.equal(flashDeskStats.pessimistic - stats0.pessimistic, 0);
        assert.ok(out.replays > 0, 'repeated requests were answered as replays');
      }
      const inv = await invariants(a.tp, item.id, esk);
      const other = [...out.codes.keys()].filter((c) => c !== 'sold_out' && c !== 'limit_exceeded');
      assert.deepEqual(other, [], 'no failure other than sold out or a limit');
      assert.ok((out.codes.get('limit_exceeded') ?? 0) > 0, 'the race really hit the per-buyer limit');
      assert.ok((out.codes.get('sold_out') ?? 0) > 0, 'the race really sold out');
      // 5 resellers × 70 = 350 ≥ 300: the item sells out, and the reseller limit is binding near the end.
      assert.equal(inv.item.claimed, 300, 'every unit claimed');
      assert.equal(out.units, 300, 'callers were told of exactly the units claimed');
      assert.equal(inv.live.units, 300, 'units on live flash orders = quantity (0 oversold)');
      assert.equal(inv.pool.held, 300);
      assert.equal(inv.pool.available, trickle ? 100 : 0);
      assert.equal(inv.overBuyer, 0, 'no buyer over the per-buyer limit');
      assert.equal(inv.overReseller, 0, 'no reseller over the per-reseller limit');
      assert.equal(inv.counters.buyers, 300);
      assert.equal(inv.counters.resellers, 300);
      assert.ok(inv.item.sold_out_at, 'the sell-out instant is recorded');
    });
  }
}

let main: Arena;
before(async () => { main = await arena(true); });

test('two app processes grab one item while buyers cancel and the release sweep runs: 0 oversold, limits exact, counters = live claims', async () => {
  // A second desk: another connection pool on the same database is what a second app process has.
  const { connect } = await import('../src/platform/database.ts');
  const { makeCtx } = await import('../src/platform/context.ts');
  const second = connect(main.tp.url, 10);
  try {
    const { item, esk } = await flashItem(main.tp, { stock: 200, perBuyer: 1, perReseller: 60 });
    const desks = [main.tp.ctx({ kind: 'anonymous' }), makeCtx(second.db, main.tp.deps, { kind: 'anonymous' })];
    let next = 0, done = false, units = 0, cancelled = 0, released = 0;
    const won: { orderId: string; resellerIdx: number }[] = [];
    const buyer = async (w: number) => {
      while (next < 1500) {
        const n = next++;
        const ri = n % main.resellers.length;
        try {
          const r = await claimFlash(desks[w % 2], {
            shareCode: main.resellers[ri].shareCode, flashItemId: item.id, quantity: 1, idempotencyKey: `two-${n}`,
            consumer: { name: '抢购者', phone: phoneOf(50_000 + (n % 400)), address: ADDRESS },
          });
          units += r.quantity;
          won.push({ orderId: r.orderId, resellerIdx: ri });
        } catch (e) {
          const code = e instanceof AppError ? e.code : String(e);
          if (code !== 'sold_out' && code !== 'limit_exceeded') throw e;
        }
      }
    };
    // Some winners change their minds (their units and limits come back through the sweep, which moves the item's row under the desks).
    const canceller = async () => {
      while (!done) {
        const w = won.shift();
        if (w && won.length % 3 === 0) {
          await cancelOrderFlow(main.tp.ctx(main.resellers[w.resellerIdx].actor), w.orderId, '不要了');
          cancelled++;
        }
        if ((await releaseFlashClaims(main.tp.ctx())) === 0) await new Promise((r) => setTimeout(r, 5));
        else released++;
      }
    };
    const sweeping = canceller();
    await Promise.all(Array.from({ length: 300 }, (_, w) => buyer(w)));
    done = true;
    await sweeping;
    while ((await releaseFlashClaims(main.tp.ctx())) > 0) { /* drain */ }
    const inv = await invariants(main.tp, item.id, esk);
    assert.ok(cancelled > 0 && released > 0, `the sweep really moved the item under the desks (${cancelled} cancelled)`);
    assert.ok(inv.live.units <= 200, 'never more on live orders than the quantity');
    assert.equal(inv.item.claimed, inv.live.units, 'claimed = units on live orders');
    assert.equal(inv.pool.held, inv.live.units, 'the pool holds exactly the live claims');
    assert.equal(inv.pool.available + inv.pool.held + inv.pool.sold, 200);
    assert.equal(inv.counters.buyers, inv.live.units, 'buyer counters = live claims');
    assert.equal(inv.counters.resellers, inv.live.units, 'reseller counters = live claims');
    assert.equal(inv.overBuyer, 0, 'no buyer over the per-buyer limit');
    assert.equal(inv.overReseller, 0, 'no reseller over the per-reseller limit');
    assert.equal(units - cancelled, inv.live.units, 'callers were told of exactly the units claimed');
  } finally {
    await second.close();
  }
});

test('the window is judged by the database clock: before the start nothing is sold, then it is', async () => {
  // Far enough ahead that no stall of a busy machine reaches it before the first grab.
  const { item } = await flashItem(main.tp, { stock: 10, perBuyer: 1, perReseller: 10, startsInMs: 3_600_000 });
  const grab = (key: string) => claimFlash(main.tp.ctx({ kind: 'anonymous' }), { shareCode: main.resellers[0].shareCode, flashItemId: item.id, quantity: 1, idempotencyKey: key, consumer: CONSUMER });
  await assert.rejects(grab('early-1'), (e: AppError) => e.code === 'flash_not_started');
  const orders = await main.tp.database.pool.query(`SELECT 1 FROM orders WHERE campaign_ref = $1`, [item.id]);
  assert.equal(orders.rowCount, 0, 'a refused grab leaves nothing behind');
  // The start moves to a moment just ahead of the database's clock; the grab waits for that clock, not for a sleep.
  await main.tp.database.pool.query(`UPDATE flash_items SET starts_at = now() + interval '300 milliseconds' WHERE id = $1`, [item.id]);
  await until(async () => (await main.tp.database.pool.query(`SELECT starts_at <= now() AS due FROM flash_items WHERE id = $1`, [item.id])).rows[0].due, 'the database clock passes the start');
  const ok = await grab('early-2');
  assert.equal(ok.status, 'pending_payment');
});

for (const groupCommit of [true, false]) {
  test(`${groupCommit ? 'group commit' : 'one transaction per order'}: an event closed while a grab is being written answers flash_ended, not a 500, and nothing is written`, async () => {
    const a = groupCommit ? main : arenas.find((x) => !x.tp.config.flashGroupCommit) ?? await arena(false);
    const { item, esk, ev } = await flashItem(a.tp, { stock: 10, perBuyer: 2, perReseller: 10 });
    const pool = a.tp.database.pool;
    // The event ends and the operator closes it: the close returns the pool's unsold units to the
    // lot and holds the pool's row until it commits. Neither touches the flash item's row, so a
    // grab judged on the open event passes the item's version gate and then finds the pool empty.
    let commit!: () => void;
    const committed = new Promise<void>((r) => (commit = r));
    let ready!: () => void;
    const holding = new Promise<void>((r) => (ready = r));
    const closing = a.tp.database.db.transaction(async (tx) => {
      const t = { ...a.tp.ctx(), db: tx, inTx: true };
      await tx.execute(sql`UPDATE sale_events SET ends_at = now() WHERE id = ${ev.id}`);
      await advanceSaleEvents(t);
      await closeSaleEvent(t, ev.id);
      ready();
      await committed;
    });
    let claim!: Promise<unknown>;
    try {
      await Promise.race([holding, closing]);
      claim = claimFlash(a.tp.ctx({ kind: 'anonymous' }), { shareCode: a.resellers[0].shareCode, flashItemId: item.id, quantity: 1, idempotencyKey: `closing-${groupCommit}`, consumer: CONSUMER });
      claim.catch(() => { /* judged below */ });
      await until(async () => (await pool.query(WRITE_WAITS)).rows[0].n > 0, 'the grab is written and waits for the close');
    } finally {
      commit();
      await closing;
    }
    await assert.rejects(claim, (e: unknown) => e instanceof AppError && e.code === 'flash_ended');
    const inv = await invariants(a.tp, item.id, esk);
    assert.equal(inv.item.claimed, 0, 'nothing claimed');
    assert.equal(inv.live.orders, 0, 'no order');
    assert.deepEqual([inv.pool.available, inv.pool.held, inv.pool.sold], [0, 0, 0], 'the units went back to the lot');
  });
}

test('a buyer whose claim a CHECK refuses (a lowered cap) alone is told limit_exceeded; the rest of the group get their orders', async () => {
  const { item, esk } = await flashItem(main.tp, { stock: 30, perBuyer: 2, perReseller: 30 });
  const r = main.resellers[3];
  const anon = main.tp.ctx({ kind: 'anonymous' });
  const grab = (key: string, phone: string) => claimFlash(anon, { shareCode: r.shareCode, flashItemId: item.id, quantity: 1, idempotencyKey: key, consumer: { ...CONSUMER, phone } });
  const x = phoneOf(70_001);
  await grab('cap-x-1', x);
  // The buyer's counter carries its cap on the row; lowered to what the buyer holds, the row refuses
  // a second unit the item's limit (2) still allows: the group's judgement and the CHECK disagree.
  await main.tp.database.pool.query(`UPDATE flash_buyer_counts SET cap = 1 WHERE flash_item_id = $1 AND buyer = $2`, [item.id, x]);
  const stats0 = { ...flashDeskStats };
  // Sent together: the first grab is a group of its own, the other eleven (with the buyer) the next group.
  const settled = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => (i === 5 ? grab('cap-x-2', x) : grab(`cap-${i}`, phoneOf(70_100 + i)))));
  const refused = settled[5];
  assert.equal(refused.status, 'rejected');
  const why = (e: unknown) => (e instanceof AppError ? e.code : String((e as { cause?: unknown }).cause ?? e));
  assert.equal(refused.status === 'rejected' ? why(refused.reason) : 'fulfilled', 'limit_exceeded', 'the buyer is told limit_exceeded');
  const others = settled.filter((_, i) => i !== 5);
  assert.deepEqual(others.map((s) => (s.status === 'fulfilled' ? s.value.status : why(s.reason))), others.map(() => 'pending_payment'), 'everyone else gets their order');
  assert.ok(flashDeskStats.split > stats0.split, 'the group was judged again in parts to find the buyer');
  const inv = await invariants(main.tp, item.id, esk);
  assert.equal(inv.item.claimed, 12);
  assert.equal(inv.live.units, 12);
  assert.equal(inv.pool.held, 12);
  assert.equal(inv.counters.buyers, 12);
  assert.equal(inv.counters.resellers, 12);
});

test('the same idempotency key, sent concurrently, gives one order; with another body it is refused', async () => {
  const { item } = await flashItem(main.tp, { stock: 10, perBuyer: 3, perReseller: 10 });
  const body = { shareCode: main.resellers[0].shareCode, flashItemId: item.id, quantity: 1, idempotencyKey: 'same-key-123', consumer: CONSUMER };
  const results = await Promise.all(Array.from({ length: 20 }, () => claimFlash(main.tp.ctx({ kind: 'anonymous' }), body)));
  assert.equal(new Set(results.map((r) => r.orderId)).size, 1);
  assert.equal(results.filter((r) => !r.replayed).length, 1, 'exactly one request placed it');
  await assert.rejects(claimFlash(main.tp.ctx({ kind: 'anonymous' }), { ...body, quantity: 2 }), (e: AppError) => e.code === 'idempotency_key_reused');
  const [f] = (await main.tp.database.pool.query('SELECT claimed FROM flash_items WHERE id = $1', [item.id])).rows;
  assert.equal(f.claimed, 1);
});

test('a cancelled or expired flash order gives its unit and the buyer’s limit back; a paid one posts the flash prices', async () => {
  const { item, esk } = await flashItem(main.tp, { stock: 2, perBuyer: 1, perReseller: 2, price: 15_000 });
  const r = main.resellers[1];
  const anon = main.tp.ctx({ kind: 'anonymous' });
  const first = await claimFlash(anon, { shareCode: r.shareCode, flashItemId: item.id, quantity: 1, idempotencyKey: 'rel-1', consumer: CONSUMER });
  await assert.rejects(claimFlash(anon, { shareCode: r.shareCode, flashItemId: item.id, quantity: 1, idempotencyKey: 'rel-2', consumer: CONSUMER }), (e: AppError) => e.code === 'limit_exceeded');
  await cancelOrderFlow(main.tp.ctx(r.actor), first.orderId, '不要了');
  assert.equal(await releaseFlashClaims(main.tp.ctx()), 1);
  assert.equal(await releaseFlashClaims(main.tp.ctx()), 0, 'released once');
  const again = await claimFlash(anon, { shareCode: r.shareCode, flashItemId: item.id, quantity: 1, idempotencyKey: 'rel-3', consumer: CONSUMER });
  // Expire the other buyer's hold at the database clock.
  const other = await claimFlash(anon, { shareCode: r.shareCode, flashItemId: item.id, quantity: 1, idempotencyKey: 'rel-4', consumer: { ...CONSUMER, phone: '13700001111' } });
  await main.tp.database.pool.query(`UPDATE orders SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, [other.orderId]);
  const { expireHolds } = await import('../src/modules/orders/index.ts');
  await expireHolds(main.tp.ctx());
  assert.equal(await releaseFlashClaims(main.tp.ctx()), 1);
  const [f] = (await main.tp.database.pool.query('SELECT claimed, sold_out_at FROM flash_items WHERE id = $1', [item.id])).rows;
  assert.equal(f.claimed, 1);
  assert.equal(f.sold_out_at, null, 'back on sale');
  // Pay the live one: the paid entry uses the flash price and the flash platform price.
  const paid = await payStorefrontOrderAgain(anon, { orderId: again.orderId, token: again.lookupToken, shareCode: r.shareCode });
  await payOnGateway(main.tp, paid.payment!.payUrl!);
  const [o] = (await main.tp.database.pool.query('SELECT status FROM orders WHERE id = $1', [again.orderId])).rows;
  assert.equal(o.status, 'paid');
  const [pool] = (await main.tp.database.pool.query('SELECT available, held, sold FROM pools WHERE event_sku_id = $1', [esk])).rows;
  assert.deepEqual(pool, { available: 1, held: 0, sold: 1 });
  const margin = (await main.tp.database.pool.query(`SELECT -sum(amount)::int AS m FROM journal_lines WHERE account = 'reseller_margin_pending' AND party_id = $1`, [r.resellerId])).rows[0].m;
  assert.equal(margin, 15_000 - 10_000, 'the reseller earns flash price − platform price');
  const audit = await auditLedger(main.tp.ctx());
  assert.equal(audit.unbalancedEntries, 0);
  assert.equal(audit.total, 0);
});

test('a flash item sells only through the flash path, and the operator’s setup is checked', async () => {
  const { item, esk, ev } = await flashItem(main.tp, { stock: 5, perBuyer: 1, perReseller: 5 });
  await assert.rejects(placeStorefrontOrder(main.tp.ctx({ kind: 'anonymous' }), { shareCode: main.resellers[0].shareCode, consumer: CONSUMER, lines: [{ eventSkuId: esk, quantity: 1 }], idempotencyKey: 'normal-path-1' }),
    (e: AppError) => e.code === 'flash_sale_only');
  await assert.rejects(createFlashItem(main.tp.ctx(), { saleEventId: ev.id, eventSkuId: esk, price: 1, quantity: 1, perBuyerLimit: 1, perResellerLimit: 1, startsAt: new Date() }),
    (e: AppError) => e.code === 'campaign_conflict' || e.code === 'validation_failed');
  assert.ok(item.id);
});

test('over HTTP: grab, see the figures, a limit answers problem+json in zh-CN', async () => {
  const { item, ev } = await flashItem(main.tp, { stock: 5, perBuyer: 1, perReseller: 5 });
  const code = main.resellers[2].shareCode;
  const list = await call(main.tp, 'GET', `/api/v1/storefront/${code}/flash-items?saleEventId=${ev.id}`);
  assert.equal(list.status, 200);
  assert.equal(list.body.items[0].phase, 'on_sale');
  assert.equal(list.body.items[0].basePrice, undefined, 'consumers never see the platform price');
  const body = { consumer: CONSUMER, quantity: 1 };
  const ok = await call(main.tp, 'POST', `/api/v1/storefront/${code}/flash-items/${item.id}/orders`, { body, headers: { 'idempotency-key': 'http-grab-1' } });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.amountDue, 12_900);
  const limited = await call(main.tp, 'POST', `/api/v1/storefront/${code}/flash-items/${item.id}/orders`, { body, headers: { 'idempotency-key': 'http-grab-2', 'accept-language': 'zh-CN' } });
  assert.equal(limited.status, 409);
  assert.equal(limited.body.code, 'limit_exceeded');
  assert.equal(limited.body.title, '已达到该商品的限购数量');
  const after1 = await call(main.tp, 'GET', `/api/v1/storefront/${code}/flash-items?saleEventId=${ev.id}`);
  assert.equal(after1.body.items[0].claimed, 1);
  assert.equal(after1.body.items[0].left, 4);
});
