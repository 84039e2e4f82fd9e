// Campaign orders wait before they are asked of the brand: a paid group-buy order until its group
// has succeeded, a presale order until its production order's ship date has come (Beijing day);
// the purchase order of the event leaves them out until then, and takes them in the next wave.
// Orders of an ended event are never asked twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, payOnGateway, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import { createGroupBuyOffer, openGroup, joinGroup, sweepGroupBuys } from '../src/flows/group-buy.flow.ts';
import { issuePurchaseOrdersFor, issueDuePurchaseOrders } from '../src/flows/fulfilment.flow.ts';
import { placeResellerOrder } from '../src/flows/checkout.flow.ts';
import { createPresale, decidePresales } from '../src/flows/presale.flow.ts';
import { shanghaiDay } from '../src/platform/time.ts';

let tp: TestPlatform;
let shop: ResellerFixture;
before(async () => { tp = await testPlatform(); shop = await reseller(tp); });
after(async () => { await tp.close(); });

const consumer = () => ({ name: '团员', phone: uniquePhone(), address: ADDRESS });
const anon = () => tp.ctx({ kind: 'anonymous' });

test('a paid group-buy order is asked of the brand only once its group has succeeded', async () => {
  const brand = await brandWithLot(tp, { sizes: ['M'], qty: 100 });
  const ev = await liveEvent(tp, brand, { skuIds: [brand.skuIds[0]], quantity: 50 });
  const offer = await createGroupBuyOffer(tp.ctx(), { saleEventId: ev.id, eventSkuId: ev.skus[0].eventSkuId, groupSize: 2, groupPrice: 22_900, hours: 24 });
  const a = await openGroup(anon(), { shareCode: shop.shareCode, offerId: offer.id, consumer: consumer(), quantity: 1, idempotencyKey: 'gate-open' });
  await payOnGateway(tp, a.order.payment!.payUrl!);
  // Paid, but the group is still open: nothing to ask of the brand yet.
  assert.deepEqual(await issuePurchaseOrdersFor(tp.ctx(), ev.id), []);
  const b = await joinGroup(anon(), { shareCode: shop.shareCode, groupId: a.groupId, consumer: consumer(), quantity: 1, idempotencyKey: 'gate-join' });
  await payOnGateway(tp, b.order.payment!.payUrl!);
  await sweepGroupBuys(tp.ctx());
  const pos = await issuePurchaseOrdersFor(tp.ctx(), ev.id);
  assert.equal(pos.length, 1);
  assert.equal(pos[0].units, 2, 'both members’ units, once the group succeeded');
  assert.deepEqual(await issuePurchaseOrdersFor(tp.ctx(), ev.id), [], 'never asked twice');
});

test('a long live event gets a purchase-order wave every PO_WAVE_HOURS; a young one waits for its end', async () => {
  const brand = await brandWithLot(tp, { sizes: ['M'], qty: 100 });
  const old = await liveEvent(tp, brand, { skuIds: [brand.skuIds[0]], quantity: 20, startsInMs: -25 * 3600_000 });
  const young = await liveEvent(tp, brand, { skuIds: [brand.skuIds[1]], quantity: 20 });
  const buyer = await reseller(tp, 100_000);
  for (const ev of [old, young]) {
    await placeResellerOrder(tp.ctx(buyer.actor), { consumer: consumer(), lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity: 1 }], payWith: 'wallet', idempotencyKey: `wave-${ev.id}` });
  }
  await issueDuePurchaseOrders(tp.ctx());
  const waves = async (id: string) => (await tp.database.pool.query('SELECT count(*)::int AS n FROM purchase_orders WHERE sale_event_id = $1', [id])).rows[0].n;
  assert.equal(await waves(old.id), 1, 'the event live for a day has its first wave');
  assert.equal(await waves(young.id), 0, 'the event live for a minute waits');
  await placeResellerOrder(tp.ctx(buyer.actor), { consumer: consumer(), lines: [{ eventSkuId: old.skus[0].eventSkuId, quantity: 1 }], payWith: 'wallet', idempotencyKey: 'wave-again' });
  await issueDuePurchaseOrders(tp.ctx());
  assert.equal(await waves(old.id), 1, 'the next wave waits PO_WAVE_HOURS after the last');
});

test('a presale order is asked of the brand only once its production order’s ship date has come', async () => {
  const brand = await brandWithLot(tp, { sizes: ['M'], qty: 100 });
  const ev = await liveEvent(tp, brand, { skuIds: [brand.skuIds[0]], quantity: 50 });
  const presale = await createPresale(tp.ctx(), { saleEventId: ev.id, moq: 2, deadline: new Date(Date.now() + 3_600_000), shipDays: 20 });
  const buyer = await reseller(tp, 1_000_000);
  for (const [i, quantity] of [1, 2].entries()) {
    await placeResellerOrder(tp.ctx(buyer.actor), { consumer: consumer(), lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity }], payWith: 'wallet', idempotencyKey: `presale-gate-${i}` });
  }
  // Paid, but still collecting: nothing to ask of the brand.
  assert.deepEqual(await issuePurchaseOrdersFor(tp.ctx(), ev.id), []);
  // The deadline arrives (database clock) and the presale is decided: a production order, shipping in 20 days.
  await tp.database.pool.query(`UPDATE presales SET deadline = now() - interval '1 second' WHERE id = $1`, [presale.id]);
  assert.equal((await decidePresales(tp.ctx())).confirmed, 1);
  const [po] = (await tp.database.pool.query<{ id: string; ship: string }>(`SELECT id, to_char(committed_ship_date, 'YYYY-MM-DD') AS ship FROM production_orders WHERE presale_id = $1`, [presale.id])).rows;
  assert.ok(po.ship > shanghaiDay(), `ships later (${po.ship})`);
  assert.deepEqual(await issuePurchaseOrdersFor(tp.ctx(), ev.id), [], 'confirmed, but the goods are not made yet');
  // The day before the ship date: still waiting.
  const setShipDate = (day: string) => tp.database.pool.query('UPDATE production_orders SET committed_ship_date = $2 WHERE id = $1', [po.id, day]);
  await setShipDate(shanghaiDay(new Date(Date.now() + 86_400_000)));
  assert.deepEqual(await issuePurchaseOrdersFor(tp.ctx(), ev.id), [], 'the ship date is tomorrow (Beijing)');
  // The ship date comes: the next wave asks for every paid unit, once.
  await setShipDate(shanghaiDay());
  const pos = await issuePurchaseOrdersFor(tp.ctx(), ev.id);
  assert.equal(pos.length, 1);
  assert.equal(pos[0].units, 3, 'both presale orders’ units');
  assert.deepEqual(await issuePurchaseOrdersFor(tp.ctx(), ev.id), [], 'never asked twice');
});
