// The last seat of a group has exactly one winner: 200 consumers join at once through the real
// use case on a real PostgreSQL; one order and one member win, the group is exactly full, and
// only the winners' units are held.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, ADDRESS } from './support/fixtures.ts';
import { createGroupBuyOffer, openGroup, joinGroup } from '../src/flows/group-buy.flow.ts';
import { AppError } from '../src/platform/errors.ts';

let tp: TestPlatform;
before(async () => { tp = await testPlatform({ poolSize: 40 }); });
after(async () => { await tp.close(); });

const consumer = () => ({ name: '团员', phone: uniquePhone(), address: ADDRESS });

test('200 concurrent joins for the last seat: one winner, joined = size, no extra stock taken', async () => {
  const brand = await brandWithLot(tp, { sizes: ['M'], qty: 500 });
  const ev = await liveEvent(tp, brand, { skuIds: [brand.skuIds[0]], quantity: 300 });
  const esk = ev.skus[0].eventSkuId;
  const shop = await reseller(tp);
  const offer = await createGroupBuyOffer(tp.ctx(), { saleEventId: ev.id, eventSkuId: esk, groupSize: 5, groupPrice: 22_900, hours: 24 });
  const anon = tp.ctx({ kind: 'anonymous' });
  const opened = await openGroup(anon, { shareCode: shop.shareCode, offerId: offer.id, consumer: consumer(), quantity: 1, idempotencyKey: 'open-1-aaaa' });
  for (let i = 0; i < 3; i++) await joinGroup(anon, { shareCode: shop.shareCode, groupId: opened.groupId, consumer: consumer(), quantity: 1, idempotencyKey: `early-${i}-join` });

  const outcomes = { won: [] as string[], full: 0, other: [] as string[] };
  await Promise.all(Array.from({ length: 200 }, async (_, i) => {
    try {
      const r = await joinGroup(anon, { shareCode: shop.shareCode, groupId: opened.groupId, consumer: consumer(), quantity: 1, idempotencyKey: `race-${i}-join` });
      outcomes.won.push(r.order.id);
    } catch (e) {
      if (e instanceof AppError && e.code === 'group_full') outcomes.full++;
      else outcomes.other.push(e instanceof AppError ? e.code : String(e));
    }
  }));
  assert.deepEqual(outcomes.other, [], 'no failure other than group_full');
  assert.equal(outcomes.won.length, 1, 'exactly one winner');
  assert.equal(outcomes.full, 199);

  const q = async <T,>(s: string, p: unknown[] = []) => (await tp.database.pool.query(s, p)).rows as T[];
  const [g] = await q<{ joined: number; size: number; status: string }>('SELECT joined, size, status FROM group_buys WHERE id = $1', [opened.groupId]);
  assert.deepEqual([g.joined, g.size, g.status], [5, 5, 'full']);
  const [m] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM group_buy_members WHERE group_id = $1 AND status IN ('joined','paid')`, [opened.groupId]);
  assert.equal(m.n, 5);
  const [o] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE campaign = 'group' AND campaign_ref = $1`, [opened.groupId]);
  assert.equal(o.n, 5, 'the losers left no order behind');
  const [pool] = await q<{ initial: number; available: number; held: number; sold: number }>('SELECT initial, available, held, sold FROM pools WHERE event_sku_id = $1', [esk]);
  assert.deepEqual([pool.held, pool.sold, pool.available], [5, 0, 300 - 5], 'only the five members hold stock');
  const [prices] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.campaign_ref = $1 AND l.selling_price = 22900 AND l.base_price = $2`, [opened.groupId, offer.basePrice]);
  assert.equal(prices.n, 5, 'every member pays the group price');
});
