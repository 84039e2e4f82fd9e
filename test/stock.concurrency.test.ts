// Stock is never oversold: hundreds of buyers race for 100 units through the real use cases on
// a real PostgreSQL, mixing paid wallet orders, unpaid holds and cancellations of either.
// STOCK_TEST_RUNS sets how many independent runs (default 20); CI may run fewer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, CONSUMER, type ResellerFixture } from './support/fixtures.ts';

/** Each attempt a buyer of their own (the per-phone hoarding caps are not what this race is about). */
const buyerPhone = (run: number, n: number) => `139${String(run * 100_000 + n).padStart(8, '0')}`;
import { placeResellerOrder, placeStorefrontOrder } from '../src/flows/checkout.flow.ts';
import { cancelOrderFlow } from '../src/flows/cancellation.flow.ts';
import { AppError } from '../src/platform/errors.ts';

const RUNS = Number(process.env.STOCK_TEST_RUNS ?? 20);
const STOCK = 100;
const BUYERS = 500;
const ATTEMPTS = 10_000;

let tp: TestPlatform;
let resellers: ResellerFixture[];
before(async () => {
  tp = await testPlatform({ poolSize: 40 });
  resellers = [];
  for (let i = 0; i < 20; i++) resellers.push(await reseller(tp, 100_000_000));
});
after(async () => { await tp.close(); });

for (let run = 1; run <= RUNS; run++) {
  test(`run ${run}/${RUNS}: ${BUYERS} buyers, ${ATTEMPTS} attempts on ${STOCK} units → 0 oversold, sold + held + available = ${STOCK}`, async () => {
    const brand = await brandWithLot(tp, { qty: STOCK, sizes: ['M'] });
    const ev = await liveEvent(tp, brand, { skuIds: [brand.skuIds[0]], quantity: STOCK });
    const esk = ev.skus[0].eventSkuId;
    let next = 0;
    const outcomes = { sold: 0, held: 0, soldOut: 0, cancelled: 0, other: [] as string[] };
    const placed: { id: string; actor: ResellerFixture['actor'] }[] = [];
    const buyer = async (b: number) => {
      while (next < ATTEMPTS) {
        const n = next++;
        const r = resellers[(b + n) % resellers.length];
        const quantity = 1 + (n % 3);
        try {
          if (n % 97 === 0 && placed.length) {
            const victim = placed.splice(n % placed.length, 1)[0];
            await cancelOrderFlow(tp.ctx(victim.actor), victim.id, 'changed my mind');
            outcomes.cancelled++;
          } else if (n % 2 === 0) {
            const o = await placeResellerOrder(tp.ctx(r.actor), { consumer: CONSUMER, lines: [{ eventSkuId: esk, quantity }], payWith: 'wallet', idempotencyKey: `c-${run}-${n}` });
            placed.push({ id: o.order.id, actor: r.actor });
            outcomes.sold += quantity;
          } else {
            const o = await placeStorefrontOrder(tp.ctx({ kind: 'anonymous' }), { shareCode: r.shareCode, consumer: { ...CONSUMER, phone: buyerPhone(run, n) }, lines: [{ eventSkuId: esk, quantity }], idempotencyKey: `s-${run}-${n}` });
            // Either kind may take the last units first (each has its desk): both are cancelled in the race.
            placed.push({ id: o.order.id, actor: r.actor });
            outcomes.held += quantity;
          }
        } catch (e) {
          if (e instanceof AppError && e.code === 'sold_out') outcomes.soldOut++;
          else outcomes.other.push(e instanceof AppError ? e.code : String(e));
        }
      }
    };
    await Promise.all(Array.from({ length: BUYERS }, (_, b) => buyer(b)));

    assert.deepEqual(outcomes.other, [], 'no failure other than sold out');
    const pool = (await tp.database.pool.query('SELECT initial, available, held, sold FROM pools WHERE event_sku_id = $1', [esk])).rows[0];
    const byStatus = (await tp.database.pool.query<{ status: string; q: number }>(
      `SELECT o.status, sum(l.quantity)::int AS q FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.event_sku_id = $1 GROUP BY o.status`, [esk])).rows;
    const q = (s: string) => byStatus.find((r) => r.status === s)?.q ?? 0;
    assert.equal(pool.available + pool.held + pool.sold, STOCK);
    assert.ok(pool.available >= 0);
    assert.equal(pool.sold, q('paid'), 'sold units = units on paid orders');
    assert.equal(pool.held, q('pending_payment'), 'held units = units on unpaid orders');
    assert.ok(q('paid') + q('pending_payment') <= STOCK, 'oversold');
    assert.ok(outcomes.soldOut > 0, 'the race really ran out of stock');
    assert.ok(outcomes.cancelled > 0, 'cancellations released stock during the race');
    const moves = (await tp.database.pool.query<{ kind: string; q: number }>(`SELECT kind, sum(quantity)::int AS q FROM stock_movements WHERE event_sku_id = $1 GROUP BY kind`, [esk])).rows;
    const m = (k: string) => moves.find((r) => r.kind === k)?.q ?? 0;
    assert.equal(m('allocate') - m('hold') - m('sell') + m('release') + m('unsell'), pool.available, 'the movement log explains the pool');
  });
}
