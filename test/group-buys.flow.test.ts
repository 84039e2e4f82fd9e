// Group buys end to end on a real PostgreSQL and the sandbox gateway: a group fills and
// succeeds; one seat per phone; a member whose hold expires leaves and frees the seat; a group
// that expires unfilled refunds every member (gateway refunds, ledger reversed, books balanced).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, payOnGateway, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import { call, login } from './support/http.ts';
import { createGroupBuyOffer, openGroup, joinGroup, sweepGroupBuys } from '../src/flows/group-buy.flow.ts';
import { expireHolds } from '../src/modules/orders/index.ts';
import { auditLedger } from '../src/modules/ledger/index.ts';
import { AppError } from '../src/platform/errors.ts';

let tp: TestPlatform;
let shop: ResellerFixture;
before(async () => { tp = await testPlatform(); shop = await reseller(tp); });
after(async () => { await tp.close(); });

const consumer = (phone = uniquePhone()) => ({ name: '团员', phone, address: ADDRESS });
const q = async <T,>(s: string, p: unknown[] = []) => (await tp.database.pool.query(s, p)).rows as T[];
const anon = () => tp.ctx({ kind: 'anonymous' });

async function offerOf(size: number) {
  const brand = await brandWithLot(tp, { sizes: ['M'], qty: 100 });
  const ev = await liveEvent(tp, brand, { skuIds: [brand.skuIds[0]], quantity: 50 });
  const offer = await createGroupBuyOffer(tp.ctx(), { saleEventId: ev.id, eventSkuId: ev.skus[0].eventSkuId, groupSize: size, groupPrice: 22_900, hours: 24 });
  return { brand, ev, offer, esk: ev.skus[0].eventSkuId };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try { await p; return 'no error'; } catch (e) { return e instanceof AppError ? e.code : String(e); }
}

test('a group fills, every member pays, the group succeeds; a full group and a second seat are refused', async () => {
  const { offer, esk } = await offerOf(3);
  const leaderPhone = uniquePhone();
  const a = await openGroup(anon(), { shareCode: shop.shareCode, offerId: offer.id, consumer: consumer(leaderPhone), quantity: 1, idempotencyKey: 'ok-open-1' });
  assert.equal(a.order.amountDue, 22_900);
  assert.deepEqual(a.order.campaign, { kind: 'group', ref: a.groupId });
  assert.equal(await refusal(joinGroup(anon(), { shareCode: shop.shareCode, groupId: a.groupId, consumer: consumer(leaderPhone), quantity: 1, idempotencyKey: 'ok-dup-1' })), 'group_already_joined');
  const friend = consumer();
  const b = await joinGroup(anon(), { shareCode: shop.shareCode, groupId: a.groupId, consumer: friend, quantity: 1, idempotencyKey: 'ok-join-b' });
  // A replay answers with the same order and takes no second seat.
  const b2 = await joinGroup(anon(), { shareCode: shop.shareCode, groupId: a.groupId, consumer: friend, quantity: 1, idempotencyKey: 'ok-join-b' });
  assert.equal(b2.order.id, b.order.id);
  const c = await joinGroup(anon(), { shareCode: shop.shareCode, groupId: a.groupId, consumer: consumer(), quantity: 1, idempotencyKey: 'ok-join-c' });
  assert.equal(await refusal(joinGroup(anon(), { shareCode: shop.shareCode, groupId: a.groupId, consumer: consumer(), quantity: 1, idempotencyKey: 'ok-join-d' })), 'group_full');

  // The group page behind the shared link: masked phones, seats, deadline.
  let page = await call(tp, 'GET', `/api/v1/storefront/${shop.shareCode}/groups/${a.groupId}`);
  assert.equal(page.status, 200, JSON.stringify(page.body));
  assert.equal(page.body.group.status, 'full');
  assert.equal(page.body.group.slotsLeft, 0);
  assert.equal(page.body.group.members.length, 3);
  assert.equal(page.body.group.members[0].phone, `${leaderPhone.slice(0, 3)}****${leaderPhone.slice(-4)}`);
  assert.equal(page.body.group.members[0].leader, true);
  assert.ok(!JSON.stringify(page.body).includes(leaderPhone), 'no full phone on the public page');
  assert.ok(!('basePrice' in page.body.offer), 'no base price on the public page');

  for (const o of [a, b, c]) await payOnGateway(tp, o.order.payment!.payUrl!);
  const swept = await sweepGroupBuys(tp.ctx());
  assert.equal(swept.succeeded, 1);
  page = await call(tp, 'GET', `/api/v1/storefront/${shop.shareCode}/groups/${a.groupId}`);
  assert.deepEqual([page.body.group.status, page.body.group.paid, page.body.group.joined], ['succeeded', 3, 3]);
  const [pool] = await q<{ sold: number; held: number }>('SELECT sold, held FROM pools WHERE event_sku_id = $1', [esk]);
  assert.deepEqual([pool.sold, pool.held], [3, 0]);

  // The reseller sees the group; the operator console counts it.
  const rt = await login(tp, shop.phone, shop.password);
  const mine = await call(tp, 'GET', '/api/v1/reseller/group-buys', { token: rt });
  assert.equal(mine.status, 200, JSON.stringify(mine.body));
  assert.ok(mine.body.groups.some((g: { id: string; status: string }) => g.id === a.groupId && g.status === 'succeeded'));
  assert.equal(mine.body.offers.find((o: { id: string }) => o.id === offer.id).margin, 22_900 - offer.basePrice);
  const offers = (await call(tp, 'GET', `/api/v1/group-buy-offers?saleEventId=${offer.saleEventId}`, { token: await opToken() })).body;
  assert.equal(offers.items[0].groups.succeeded, 1);
});

async function opToken(): Promise<string> {
  const { createUser } = await import('../src/modules/accounts/index.ts');
  const phone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone, name: 'op', password: 'password1' });
  return login(tp, phone, 'password1');
}

test('a member whose hold expires unpaid leaves and frees the seat; the next friend takes it', async () => {
  const { offer } = await offerOf(2);
  const a = await openGroup(anon(), { shareCode: shop.shareCode, offerId: offer.id, consumer: consumer(), quantity: 1, idempotencyKey: 'hold-open-1' });
  const b = await joinGroup(anon(), { shareCode: shop.shareCode, groupId: a.groupId, consumer: consumer(), quantity: 1, idempotencyKey: 'hold-join-b' });
  assert.equal(await refusal(joinGroup(anon(), { shareCode: shop.shareCode, groupId: a.groupId, consumer: consumer(), quantity: 1, idempotencyKey: 'hold-join-x' })), 'group_full');
  await payOnGateway(tp, a.order.payment!.payUrl!);
  // b's hold runs out (the database clock decides; the test moves the hold, not the clock).
  await tp.database.pool.query(`UPDATE orders SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, [b.order.id]);
  await expireHolds(tp.ctx());
  await sweepGroupBuys(tp.ctx());
  const [g] = await q<{ status: string; joined: number; paid: number }>('SELECT status, joined, paid FROM group_buys WHERE id = $1', [a.groupId]);
  assert.deepEqual([g.status, g.joined, g.paid], ['open', 1, 1]);
  const [m] = await q<{ status: string }>('SELECT status FROM group_buy_members WHERE order_id = $1', [b.order.id]);
  assert.equal(m.status, 'left');
  const c = await joinGroup(anon(), { shareCode: shop.shareCode, groupId: a.groupId, consumer: consumer(), quantity: 1, idempotencyKey: 'hold-join-c' });
  await payOnGateway(tp, c.order.payment!.payUrl!);
  await sweepGroupBuys(tp.ctx());
  const [g2] = await q<{ status: string }>('SELECT status FROM group_buys WHERE id = $1', [a.groupId]);
  assert.equal(g2.status, 'succeeded');
});

test('a group that expires before it is full refunds every member: paid ones through the gateway, unpaid ones cancelled', async () => {
  const { offer, esk } = await offerOf(4);
  const a = await openGroup(anon(), { shareCode: shop.shareCode, offerId: offer.id, consumer: consumer(), quantity: 2, idempotencyKey: 'exp-open-1' });
  const b = await joinGroup(anon(), { shareCode: shop.shareCode, groupId: a.groupId, consumer: consumer(), quantity: 1, idempotencyKey: 'exp-join-b' });
  const c = await joinGroup(anon(), { shareCode: shop.shareCode, groupId: a.groupId, consumer: consumer(), quantity: 1, idempotencyKey: 'exp-join-c' });
  await payOnGateway(tp, a.order.payment!.payUrl!);
  await payOnGateway(tp, b.order.payment!.payUrl!);
  await sweepGroupBuys(tp.ctx());
  let [g] = await q<{ status: string; joined: number; paid: number }>('SELECT status, joined, paid FROM group_buys WHERE id = $1', [a.groupId]);
  assert.deepEqual([g.status, g.joined, g.paid], ['open', 3, 2]);

  await tp.database.pool.query(`UPDATE group_buys SET expires_at = now() - interval '1 second' WHERE id = $1`, [a.groupId]);
  assert.equal(await refusal(joinGroup(anon(), { shareCode: shop.shareCode, groupId: a.groupId, consumer: consumer(), quantity: 1, idempotencyKey: 'exp-join-late' })), 'group_closed');
  const swept = await sweepGroupBuys(tp.ctx());
  assert.equal(swept.failed, 1);
  assert.equal(swept.cancelled, 3);
  await tp.deliver();

  [g] = await q<{ status: string; joined: number; paid: number }>('SELECT status, joined, paid FROM group_buys WHERE id = $1', [a.groupId]);
  assert.equal(g.status, 'failed');
  const orders = await q<{ id: string; status: string }>(`SELECT id, status FROM orders WHERE campaign_ref = $1 ORDER BY id`, [a.groupId]);
  assert.deepEqual(orders.map((o) => o.status), ['cancelled', 'cancelled', 'cancelled']);
  const refunds = await q<{ order_id: string; amount: number; status: string }>(`SELECT order_id, amount::int, status FROM refunds WHERE order_id = ANY($1) ORDER BY order_id`, [[a.order.id, b.order.id, c.order.id]]);
  assert.deepEqual(refunds.map((r) => [r.order_id, r.amount, r.status]).sort(), [[a.order.id, 45_800, 'succeeded'], [b.order.id, 22_900, 'succeeded']].sort());
  const members = await q<{ order_id: string; status: string }>('SELECT order_id, status FROM group_buy_members WHERE group_id = $1', [a.groupId]);
  assert.deepEqual(members.map((m) => m.status).sort(), ['left', 'refunded', 'refunded']);
  const reversals = await q<{ n: number }>(`SELECT count(*)::int AS n FROM journal_entries WHERE kind = 'order_cancelled' AND cause_id = ANY($1)`, [[a.order.id, b.order.id]]);
  assert.equal(reversals[0].n, 2, 'each paid entry reversed');
  const [pool] = await q<{ initial: number; available: number; held: number; sold: number }>('SELECT initial, available, held, sold FROM pools WHERE event_sku_id = $1', [esk]);
  assert.deepEqual([pool.available, pool.held, pool.sold], [pool.initial, 0, 0], 'all stock back');
  const audit = await auditLedger(tp.ctx());
  assert.deepEqual([audit.unbalancedEntries, audit.total, audit.guardedMismatches], [0, 0, 0]);
  const acct = (a: string) => audit.accounts.filter((x) => x.account === a).reduce((s, x) => s + Number(x.balance), 0);
  assert.equal(acct('refunds_in_flight'), 0, 'every refund settled');
  // A second sweep finds nothing left to do.
  assert.deepEqual(await sweepGroupBuys(tp.ctx()), { groups: 0, succeeded: 0, failed: 0, cancelled: 0 });
});

test('an offer is refused on a flash or presale item, above the tag price, or twice on one item', async () => {
  const { ev, esk } = await offerOf(3);
  assert.equal(await refusal(createGroupBuyOffer(tp.ctx(), { saleEventId: ev.id, eventSkuId: esk, groupSize: 3, groupPrice: 23_000, hours: 24 })), 'campaign_conflict');
  const brand = await brandWithLot(tp, { sizes: ['M'] });
  const ev2 = await liveEvent(tp, brand, { skuIds: [brand.skuIds[0]] });
  assert.equal(await refusal(createGroupBuyOffer(tp.ctx(), { saleEventId: ev2.id, eventSkuId: ev2.skus[0].eventSkuId, groupSize: 3, groupPrice: 1_000_000, hours: 24 })), 'validation_failed');
  assert.equal(await refusal(createGroupBuyOffer(tp.ctx({ kind: 'anonymous' }), { saleEventId: ev2.id, eventSkuId: ev2.skus[0].eventSkuId, groupSize: 3, groupPrice: 22_900, hours: 24 })), 'unauthenticated');
});

test('over HTTP: open and join through a shared link, replay by idempotency key, another shop cannot see the group', async () => {
  const { offer } = await offerOf(3);
  const op = await opToken();
  const listed = await call(tp, 'GET', `/api/v1/group-buy-offers?saleEventId=${offer.saleEventId}`, { token: op });
  assert.equal(listed.body.items[0].id, offer.id);
  const body = { consumer: consumer(), quantity: 1 };
  const opened = await call(tp, 'POST', `/api/v1/storefront/${shop.shareCode}/group-buy-offers/${offer.id}/groups`, { body, headers: { 'idempotency-key': 'http-open-1' } });
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  assert.match(opened.body.order.payment.payUrl, /\/sandbox\/pay\//);
  const again = await call(tp, 'POST', `/api/v1/storefront/${shop.shareCode}/group-buy-offers/${offer.id}/groups`, { body, headers: { 'idempotency-key': 'http-open-1' } });
  assert.equal(again.status, 201);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.deepEqual([again.body.order.id, again.body.groupId], [opened.body.order.id, opened.body.groupId]);
  assert.equal((await q<{ n: number }>('SELECT count(*)::int AS n FROM group_buys WHERE offer_id = $1', [offer.id]))[0].n, 1, 'a replay opens no second group');

  const gid = opened.body.groupId;
  const tooMany = await call(tp, 'POST', `/api/v1/storefront/${shop.shareCode}/groups/${gid}/join`, { body: { consumer: consumer(), quantity: 6 }, headers: { 'idempotency-key': 'http-join-x' } });
  assert.equal(tooMany.status, 400);
  const joined = await call(tp, 'POST', `/api/v1/storefront/${shop.shareCode}/groups/${gid}/join`, { body: { consumer: consumer(), quantity: 1 }, headers: { 'idempotency-key': 'http-join-1' } });
  assert.equal(joined.status, 201, JSON.stringify(joined.body));
  const dup = await call(tp, 'POST', `/api/v1/storefront/${shop.shareCode}/groups/${gid}/join`, { body: { ...body }, headers: { 'idempotency-key': 'http-join-dup' } });
  assert.deepEqual([dup.status, dup.body.code], [409, 'group_already_joined']);

  const page = await call(tp, 'GET', `/api/v1/storefront/${shop.shareCode}/groups/${gid}`);
  assert.deepEqual([page.body.group.joined, page.body.group.slotsLeft, page.body.group.status], [2, 1, 'open']);
  const offerPage = await call(tp, 'GET', `/api/v1/storefront/${shop.shareCode}/group-buy-offers/${offer.id}`);
  assert.equal(offerPage.body.openGroups[0].id, gid);
  const other = await reseller(tp);
  assert.equal((await call(tp, 'GET', `/api/v1/storefront/${other.shareCode}/groups/${gid}`)).status, 404);
  const foreignJoin = await call(tp, 'POST', `/api/v1/storefront/${other.shareCode}/groups/${gid}/join`, { body: { consumer: consumer(), quantity: 1 }, headers: { 'idempotency-key': 'http-join-foreign' } });
  assert.equal(foreignJoin.status, 404);
  const eventOffers = await call(tp, 'GET', `/api/v1/storefront/${shop.shareCode}/group-buy-offers?saleEventId=${offer.saleEventId}`);
  assert.equal(eventOffers.body.items.length, 1);
  assert.ok(!('basePrice' in eventOffers.body.items[0]));
});

test('a group never outlives its event: it expires when the event ends if that comes first', async () => {
  const brand = await brandWithLot(tp, { sizes: ['M'] });
  const ev = await liveEvent(tp, brand, { skuIds: [brand.skuIds[0]], endsInMs: 30 * 60_000 });
  const offer = await createGroupBuyOffer(tp.ctx(), { saleEventId: ev.id, eventSkuId: ev.skus[0].eventSkuId, groupSize: 2, groupPrice: 22_900, hours: 24 });
  const a = await openGroup(anon(), { shareCode: shop.shareCode, offerId: offer.id, consumer: consumer(), quantity: 1, idempotencyKey: 'short-open' });
  const [g] = await q<{ same: boolean }>('SELECT g.expires_at = e.ends_at AS same FROM group_buys g, sale_events e WHERE g.id = $1 AND e.id = $2', [a.groupId, ev.id]);
  assert.equal(g.same, true);
});
