// The flash desk's manners on a real PostgreSQL: it sheds load past a bound with a clear 503 and
// Retry-After instead of queueing without end, it forgets an item once its queue drains, and it
// keeps nothing of the request that happened to create it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import { call } from './support/http.ts';
import { createFlashItem } from '../src/modules/flash-sales/index.ts';
import { claimFlash, flashDeskQueues } from '../src/flows/flash-checkout.flow.ts';
import { connect } from '../src/platform/database.ts';
import { makeCtx } from '../src/platform/context.ts';

const QUEUE_LIMIT = 4;
let tp: TestPlatform;
let seller: ResellerFixture;
before(async () => {
  tp = await testPlatform({ poolSize: 6, flashQueueLimit: QUEUE_LIMIT });
  seller = await reseller(tp);
});
after(async () => { await tp.close(); });

async function flashItem(stock: number) {
  const brand = await brandWithLot(tp, { qty: stock, sizes: ['M'], base: '100.00', tag: '399.00' });
  const ev = await liveEvent(tp, brand, { skuIds: [brand.skuIds[0]], quantity: stock });
  return createFlashItem(tp.ctx(), {
    saleEventId: ev.id, eventSkuId: ev.skus[0].eventSkuId, price: 12_900, quantity: stock, perBuyerLimit: 1, perResellerLimit: stock, startsAt: new Date(Date.now() - 1000),
  });
}

const phoneOf = (n: number) => `137${String(10_000_000 + n).slice(-8)}`;

/** Waits until `cond` holds, polling; a bound instead of a guess at how long a busy machine takes. */
async function until(cond: () => Promise<boolean> | boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting (${ms} ms): ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('past the queue bound a grab answers 503 flash_busy with Retry-After in the caller’s language; the queued ones are served', async () => {
  const item = await flashItem(20);
  const grab = (n: number, lang = 'zh-CN') => call(tp, 'POST', `/api/v1/storefront/${seller.shareCode}/flash-items/${item.id}/orders`, {
    body: { consumer: { name: '抢购者', phone: phoneOf(n), address: ADDRESS }, quantity: 1 }, headers: { 'idempotency-key': `busy-${item.id}-${n}`, 'accept-language': lang },
  });
  // Hold the item's row: the first group's write waits on it, so later grabs stay queued behind it.
  const locker = await tp.database.pool.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM flash_items WHERE id = $1 FOR UPDATE', [item.id]);
    const first = grab(0);
    // Matched by the write's opening: pg_stat_activity keeps only the first 1 kB of a statement.
    await until(async () => (await tp.database.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE flash_items SET claimed = claimed +%'`)).rows[0].n > 0,
      'the first group is written and waits on the row');
    const answered: (Awaited<ReturnType<typeof grab>> & { lang: string })[] = [];
    // Which two arrive past the bound is up to the event loop, not the order they were sent in.
    const rest = Array.from({ length: QUEUE_LIMIT + 2 }, (_, i) => i % 2 ? 'en' : 'zh-CN').map((lang, i) => grab(i + 1, lang).then((r) => { answered.push({ ...r, lang }); return r; }));
    await until(() => answered.length >= 2, 'the two grabs past the bound are answered at once');
    assert.equal(answered.length, 2, 'the queued grabs wait for their turn');
    for (const busy of answered) {
      assert.equal(busy.status, 503);
      assert.match(String(busy.headers['content-type']), /^application\/problem\+json/);
      assert.equal(busy.headers['retry-after'], '1');
      assert.equal(busy.body.code, 'flash_busy');
    }
    for (const busy of answered) {
      assert.equal(busy.body.title, busy.lang === 'en' ? 'Too many buyers are grabbing this item; please try again in a moment' : '抢购人数过多，请稍后再试', 'in the caller’s language');
    }
    await locker.query('COMMIT');
    const served = [await first, ...(await Promise.all(rest)).filter((r) => r.status !== 503)];
    assert.deepEqual(served.map((r) => r.status), Array.from({ length: QUEUE_LIMIT + 1 }, () => 201), 'the first and the queued grabs get their orders');
  } finally {
    await locker.query('ROLLBACK').catch(() => {});
    locker.release();
  }
  // The queue drained, and a grab afterwards is taken as usual.
  assert.equal((await grab(100)).status, 201);
});

test('an item’s queue is forgotten once it drains: the desk holds no entry per item sold', async () => {
  const items = [await flashItem(3), await flashItem(3), await flashItem(3)];
  const anon = tp.ctx({ kind: 'anonymous' });
  let n = 200;
  // Five each: one group being written and four waiting, within the bound.
  const results = await Promise.allSettled(items.flatMap((item) => Array.from({ length: 5 }, () => claimFlash(anon, {
    shareCode: seller.shareCode, flashItemId: item.id, quantity: 1, idempotencyKey: `prune-${n}`, consumer: { name: '抢购者', phone: phoneOf(n++), address: ADDRESS },
  }))));
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 9, 'each item sold its three units');
  assert.equal(flashDeskQueues(tp.database.db), 0, 'no queue is left behind');
});

test('the desk keeps nothing of the request that created it (its logger, id and language go with the request)', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  // A fresh connection pool is a fresh desk: the first request through it is the one that builds it.
  const second = connect(tp.url, 2);
  try {
    const item = await flashItem(5);
    let firstLog!: WeakRef<object>;
    await (async () => {
      const log = tp.deps.log.child({ reqId: 'req-first' });
      firstLog = new WeakRef(log);
      const ctx = makeCtx(second.db, tp.deps, { kind: 'anonymous' }, { log, requestId: 'req-first', lang: 'en' });
      const r = await claimFlash(ctx, { shareCode: seller.shareCode, flashItemId: item.id, quantity: 1, idempotencyKey: 'ctx-first', consumer: { name: '抢购者', phone: phoneOf(300), address: ADDRESS } });
      assert.equal(r.status, 'pending_payment');
    })();
    // The desk lives on (the pool does); a later request is served by it.
    const later = await claimFlash(makeCtx(second.db, tp.deps, { kind: 'anonymous' }), {
      shareCode: seller.shareCode, flashItemId: item.id, quantity: 1, idempotencyKey: 'ctx-later', consumer: { name: '抢购者', phone: phoneOf(301), address: ADDRESS },
    });
    assert.equal(later.status, 'pending_payment');
    for (let i = 0; i < 5 && firstLog.deref(); i++) {
      await new Promise((r) => setImmediate(r));
      gc();
    }
    assert.equal(firstLog.deref(), undefined, 'the first request’s logger was let go');
  } finally {
    await second.close();
  }
});
