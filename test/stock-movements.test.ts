// Every stock movement an order causes names its order line, on a real PostgreSQL: holds and sales
// at checkout, releases when a hold expires, unsells when a paid order is cancelled, the flash
// desk's set-based grabs (one movement per line, in its one statement), and a CHECK that refuses
// an order-caused movement without its line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, ADDRESS, CONSUMER, type ResellerFixture } from './support/fixtures.ts';
import { placeResellerOrder, placeStorefrontOrder } from '../src/flows/checkout.flow.ts';
import { cancelOrderFlow } from '../src/flows/cancellation.flow.ts';
import { claimFlash } from '../src/flows/flash-checkout.flow.ts';
import { createFlashItem } from '../src/modules/flash-sales/index.ts';
import { expireHolds } from '../src/modules/orders/index.ts';
import { pgErrorOf } from '../src/platform/database.ts';

let tp: TestPlatform;
let seller: ResellerFixture;
before(async () => {
  tp = await testPlatform();
  seller = await reseller(tp, 10_000_000);
});
after(async () => { await tp.close(); });

interface Move { kind: string; order_id: string | null; order_line_id: string | null; event_sku_id: string; quantity: number; line_order: string | null; line_sku: string | null; line_qty: number | null }

/** The movements of these orders, each beside the order line it names. */
async function movesOf(orderIds: string[]): Promise<Move[]> {
  return (await tp.database.pool.query<Move>(`
    SELECT m.kind, m.order_id, m.order_line_id, m.event_sku_id, m.quantity, l.order_id AS line_order, l.event_sku_id AS line_sku, l.quantity AS line_qty
    FROM stock_movements m LEFT JOIN order_lines l ON l.id = m.order_line_id WHERE m.order_id = ANY($1) ORDER BY m.id`, [orderIds])).rows;
}

/** Each movement names a line of its own order, on its own event SKU, for that line's units. */
function assertNamesItsLine(moves: Move[]): void {
  for (const m of moves) {
    assert.ok(m.order_line_id, `${m.kind} of ${m.order_id} names its line`);
    assert.equal(m.line_order, m.order_id, 'the line is of the movement’s order');
    assert.equal(m.line_sku, m.event_sku_id, 'the line is for the moved event SKU');
    assert.equal(m.line_qty, m.quantity, 'the line’s units moved');
  }
}

test('a two-line order held, expired and released names each line in every movement; a wallet order sold and cancelled too', async () => {
  const brand = await brandWithLot(tp, { qty: 20, sizes: ['M', 'L'] });
  const ev = await liveEvent(tp, brand, { skuIds: brand.skuIds.slice(0, 2), quantity: 10 });
  const [a, b] = ev.skus.map((s) => s.eventSkuId);

  const held = await placeStorefrontOrder(tp.ctx({ kind: 'anonymous' }), {
    shareCode: seller.shareCode, consumer: { ...CONSUMER, phone: '13911110001' }, lines: [{ eventSkuId: a, quantity: 2 }, { eventSkuId: b, quantity: 1 }], idempotencyKey: 'mv-held',
  });
  await tp.database.pool.query(`UPDATE orders SET hold_expires_at = now() - interval '1 minute' WHERE id = $1`, [held.order.id]);
  assert.equal(await expireHolds(tp.ctx(), [held.order.id]), 1);
  const heldMoves = await movesOf([held.order.id]);
  assert.deepEqual(heldMoves.map((m) => `${m.kind} ${m.event_sku_id === a ? 'a' : 'b'} ${m.quantity}`).sort(), ['hold a 2', 'hold b 1', 'release a 2', 'release b 1']);
  assertNamesItsLine(heldMoves);

  const paid = await placeResellerOrder(tp.ctx(seller.actor), { consumer: CONSUMER, lines: [{ eventSkuId: a, quantity: 1 }, { eventSkuId: b, quantity: 3 }], payWith: 'wallet', idempotencyKey: 'mv-paid' });
  await cancelOrderFlow(tp.ctx(seller.actor), paid.order.id, 'changed my mind');
  const paidMoves = await movesOf([paid.order.id]);
  assert.deepEqual(paidMoves.map((m) => `${m.kind} ${m.event_sku_id === a ? 'a' : 'b'} ${m.quantity}`).sort(), ['sell a 1', 'sell b 3', 'unsell a 1', 'unsell b 3']);
  assertNamesItsLine(paidMoves);
});

test('a flash group writes one hold movement per order line in its one statement, adding up to the pool’s held units', async () => {
  const brand = await brandWithLot(tp, { qty: 30, sizes: ['M'] });
  const ev = await liveEvent(tp, brand, { skuIds: [brand.skuIds[0]], quantity: 30 });
  const esk = ev.skus[0].eventSkuId;
  const item = await createFlashItem(tp.ctx(), { saleEventId: ev.id, eventSkuId: esk, price: 29_900, quantity: 30, perBuyerLimit: 3, perResellerLimit: 30, startsAt: new Date(Date.now() - 1000) });
  // Sent together: the desk writes them as one group (or a few).
  const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => claimFlash(tp.ctx({ kind: 'anonymous' }), {
    shareCode: seller.shareCode, flashItemId: item.id, quantity: 1 + (i % 3), idempotencyKey: `mv-flash-${i}`,
    consumer: { name: '抢购者', phone: `1370000${String(1000 + i)}`, address: ADDRESS },
  })));
  const moves = await movesOf(claims.map((c) => c.orderId));
  assert.equal(moves.length, claims.length, 'one movement per order line');
  assert.ok(moves.every((m) => m.kind === 'hold'));
  assertNamesItsLine(moves);
  assert.deepEqual(new Set(moves.map((m) => m.order_id)), new Set(claims.map((c) => c.orderId)));
  const { rows: [pool] } = await tp.database.pool.query<{ held: number }>('SELECT held FROM pools WHERE event_sku_id = $1', [esk]);
  assert.equal(moves.reduce((s, m) => s + m.quantity, 0), pool.held);
  const { rows: [groupMoves] } = await tp.database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM stock_movements WHERE event_sku_id = $1 AND order_id IS NULL AND kind <> 'allocate'`, [esk]);
  assert.equal(groupMoves.n, 0, 'no movement for a group without its orders');
});

test('the CHECK refuses an order-caused movement without its line, and one naming a line without its order', async () => {
  const { rows: [pool] } = await tp.database.pool.query<{ event_sku_id: string }>('SELECT event_sku_id FROM pools LIMIT 1');
  const insert = (kind: string, orderId: string | null, lineId: string | null) => tp.database.pool.query(
    'INSERT INTO stock_movements (event_sku_id, order_id, order_line_id, kind, quantity) VALUES ($1, $2, $3, $4, 1)', [pool.event_sku_id, orderId, lineId, kind]);
  const refused = async (p: Promise<unknown>) => {
    const e = await p.then(() => null, (err: unknown) => err);
    assert.equal(pgErrorOf(e)?.constraint, 'stock_movements_line_ck');
  };
  for (const kind of ['hold', 'sell', 'release', 'unsell']) {
    await refused(insert(kind, 'ord_x', null));
    await refused(insert(kind, null, null));
  }
  await refused(insert('return', 'ord_x', null));
  await refused(insert('allocate', null, 'oln_x'));
  // Not about an order: an allocation, and a closed pool's unsold units going back to the lot.
  await insert('allocate', null, null);
  await insert('return', null, null);
});
