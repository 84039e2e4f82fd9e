// Presales on a real PostgreSQL with the sandbox gateway: orders collect until the deadline
// (database clock), are refused after it, and the decision either issues a production order
// (per-SKU lines, committed ship date) or cancels and refunds every order automatically.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, payOnGateway, ADDRESS, CONSUMER, type ResellerFixture } from './support/fixtures.ts';
import { call, login } from './support/http.ts';
import { createPresale, decidePresales } from '../src/flows/presale.flow.ts';
import { placeResellerOrder, placeStorefrontOrder } from '../src/flows/checkout.flow.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { auditLedger, walletBalance } from '../src/modules/ledger/index.ts';
import { committedShipDate } from '../src/modules/presales/index.ts';
import { AppError } from '../src/platform/errors.ts';

let tp: TestPlatform;
let shop: ResellerFixture;
before(async () => { tp = await testPlatform(); shop = await reseller(tp, 10_000_000); });
after(async () => { await tp.close(); });

const q = async <T,>(s: string, p: unknown[] = []) => (await tp.database.pool.query(s, p)).rows as T[];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function refusal(p: Promise<unknown>): Promise<string> {
  try { await p; return 'no error'; } catch (e) { return e instanceof AppError ? e.code : String(e); }
}
/** Wait until the database clock passes an instant (bounded: a clock that never gets there fails the test). */
async function untilPast(at: Date, withinMs = 30_000): Promise<void> {
  for (const until = Date.now() + withinMs; ;) {
    const [{ past }] = await q<{ past: boolean }>('SELECT now() > $1 AS past', [at]);
    if (past) return;
    if (Date.now() > until) throw new Error(`the database clock did not pass ${at.toISOString()} within ${withinMs} ms`);
    await sleep(50);
  }
}

/**
 * A presale whose window is open for as long as the test needs: its deadline is an hour away
 * and arrives when the test calls closeWindow(). A deadline a few seconds ahead raced the test's
 * own setup, and on a busy machine orders meant to land inside the window were refused as late.
 */
async function presaleEvent(moq: number) {
  const brand = await brandWithLot(tp, { sizes: ['S', 'M', 'L'], qty: 100 });
  const ev = await liveEvent(tp, brand, { quantity: 50 });
  const p = await createPresale(tp.ctx(), { saleEventId: ev.id, moq, deadline: new Date(Date.now() + 3_600_000), shipDays: 20 });
  /** The deadline arrives now (database clock): the presale's row, as if the hour had passed, then wait until it is past. */
  const closeWindow = async (): Promise<Date> => {
    const [row] = await q<{ deadline: Date }>(`UPDATE presales SET deadline = now() WHERE id = $1 AND status = 'collecting' RETURNING deadline`, [p.id]);
    assert.ok(row, 'the presale was still collecting');
    await untilPast(row.deadline);
    return row.deadline;
  };
  return { brand, ev, p, closeWindow };
}

const storefront = (esk: string, quantity: number, key: string) => placeStorefrontOrder(tp.ctx({ kind: 'anonymous' }), {
  shareCode: shop.shareCode, consumer: { name: '预售顾客', phone: uniquePhone(), address: ADDRESS }, lines: [{ eventSkuId: esk, quantity }], idempotencyKey: key,
});
const wallet = (esk: string, quantity: number, key: string) => placeResellerOrder(tp.ctx(shop.actor), { consumer: CONSUMER, lines: [{ eventSkuId: esk, quantity }], payWith: 'wallet', idempotencyKey: key });

test('MOQ reached: a production order with one line per SKU and the committed ship date; unpaid orders cancelled; late orders refused', async () => {
  const { brand, ev, p, closeWindow } = await presaleEvent(5);
  const [s1, s2, s3] = ev.skus.map((s) => s.eventSkuId);
  const w1 = await wallet(s1, 2, 'moq-w1');
  assert.deepEqual(w1.order.campaign, { kind: 'presale', ref: p.id });
  const o2 = await storefront(s2, 3, 'moq-s2');
  await payOnGateway(tp, o2.order.payment!.payUrl!);
  await wallet(s1, 1, 'moq-w3');
  const pending = await storefront(s3, 1, 'moq-pending');

  // The brand watches demand per SKU and by size while the presale runs; another brand cannot.
  const bphone = uniquePhone();
  await createUser(tp.ctx(), { role: 'brand', brandId: brand.brandId, phone: bphone, name: 'b', password: 'password1' });
  const bt = await login(tp, bphone, 'password1');
  const detail = await call(tp, 'GET', `/api/v1/presales/${p.id}`, { token: bt });
  assert.equal(detail.status, 200, JSON.stringify(detail.body));
  assert.deepEqual([detail.body.paidUnits, detail.body.pendingUnits, detail.body.progressBps], [6, 1, 10_000]);
  assert.equal(detail.body.skus.length, 6);
  assert.equal(detail.body.bySize.reduce((s: number, x: { paid: number }) => s + x.paid, 0), 6);
  const other = await brandWithLot(tp);
  const ophone = uniquePhone();
  await createUser(tp.ctx(), { role: 'brand', brandId: other.brandId, phone: ophone, name: 'o', password: 'password1' });
  assert.equal((await call(tp, 'GET', `/api/v1/presales/${p.id}`, { token: await login(tp, ophone, 'password1') })).status, 404);
  // The storefront badge.
  const badge = await call(tp, 'GET', `/api/v1/storefront/${shop.shareCode}/sale-events/${ev.id}/presale`);
  assert.deepEqual([badge.body.presale.moq, badge.body.presale.paidUnits, badge.body.presale.open], [5, 6, true]);

  const deadline = await closeWindow();
  assert.equal(await refusal(wallet(s1, 1, 'moq-late')), 'presale_closed');
  assert.equal(await refusal(storefront(s1, 1, 'moq-late-s')), 'presale_closed');
  const out = await decidePresales(tp.ctx());
  assert.deepEqual([out.confirmed, out.failed, out.cancelled], [1, 0, 1]);

  const [pre] = await q<{ status: string }>('SELECT status FROM presales WHERE id = $1', [p.id]);
  assert.equal(pre.status, 'confirmed');
  const [po] = await q<{ id: string; total_units: number; ship: string; status: string }>(`SELECT id, total_units, to_char(committed_ship_date, 'YYYY-MM-DD') AS ship, status FROM production_orders WHERE presale_id = $1`, [p.id]);
  assert.equal(po.total_units, 6);
  assert.equal(po.ship, committedShipDate(deadline, 20));
  const [{ sqlShip }] = await q<{ sqlShip: string }>(`SELECT to_char(((deadline AT TIME ZONE 'Asia/Shanghai')::date + ship_days), 'YYYY-MM-DD') AS "sqlShip" FROM presales WHERE id = $1`, [p.id]);
  assert.equal(po.ship, sqlShip, 'the same date PostgreSQL computes');
  const lines = await q<{ sku_id: string; quantity: number }>('SELECT sku_id, quantity FROM production_order_lines WHERE production_order_id = $1 ORDER BY sku_id', [po.id]);
  const sku = (esk: string) => ev.skus.find((s) => s.eventSkuId === esk)!.skuId;
  assert.deepEqual(lines.map((l) => [l.sku_id, l.quantity]), [[sku(s1), 3], [sku(s2), 3]].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  const [pend] = await q<{ status: string }>('SELECT status FROM orders WHERE id = $1', [pending.order.id]);
  assert.equal(pend.status, 'cancelled', 'unpaid at the deadline: cancelled');

  // The brand acknowledges; twice is harmless; the operator cannot.
  const ack = await call(tp, 'POST', `/api/v1/production-orders/${po.id}/acknowledge`, { token: bt });
  assert.equal(ack.status, 200, JSON.stringify(ack.body));
  assert.equal(ack.body.status, 'acknowledged');
  assert.equal((await call(tp, 'POST', `/api/v1/production-orders/${po.id}/acknowledge`, { token: bt })).body.status, 'acknowledged');
  const list = await call(tp, 'GET', '/api/v1/production-orders', { token: bt });
  assert.equal(list.body.items.length, 1);
  assert.equal(list.body.items[0].lines.length, 2);
  // A second decision pass does nothing.
  assert.deepEqual(await decidePresales(tp.ctx()), { confirmed: 0, failed: 0, cancelled: 0 });
});

test('after the production order: the reseller can no longer cancel; an operator can, and the production order shrinks until it is void', async () => {
  const { brand, ev, p, closeWindow } = await presaleEvent(3);
  const [s1, s2] = ev.skus.map((s) => s.eventSkuId);
  const big = await wallet(s1, 2, 'po-big');
  const small = await wallet(s1, 1, 'po-small');
  const gw = await storefront(s2, 1, 'po-gw');
  await payOnGateway(tp, gw.order.payment!.payUrl!);
  await closeWindow();
  assert.equal((await decidePresales(tp.ctx())).confirmed, 1);
  const [po] = await q<{ id: string }>('SELECT id FROM production_orders WHERE presale_id = $1', [p.id]);
  const sku = (esk: string) => ev.skus.find((s) => s.eventSkuId === esk)!.skuId;
  const poLines = async () => new Map((await q<{ sku_id: string; quantity: number }>('SELECT sku_id, quantity FROM production_order_lines WHERE production_order_id = $1', [po.id])).map((l) => [l.sku_id, l.quantity]));
  const poRow = async () => (await q<{ total_units: number; status: string; amended: boolean }>('SELECT total_units, status, amended_at IS NOT NULL AS amended FROM production_orders WHERE id = $1', [po.id]))[0];
  assert.deepEqual([...(await poLines())].sort(), [[sku(s1), 3], [sku(s2), 1]].sort());

  // The reseller who owns it is refused with a reason; another reseller is refused as ever; nothing changes.
  const owner = await login(tp, shop.phone, shop.password);
  const refused = await call(tp, 'POST', `/api/v1/orders/${small.order.id}/cancel`, { token: owner, body: { reason: '顾客不要了' } });
  assert.equal(refused.status, 409, JSON.stringify(refused.body));
  assert.equal(refused.body.code, 'presale_in_production');
  assert.match(refused.body.title, /生产/);
  const stranger = await reseller(tp);
  const foreign = await call(tp, 'POST', `/api/v1/orders/${small.order.id}/cancel`, { token: await login(tp, stranger.phone, stranger.password), body: { reason: 'x' } });
  assert.ok([403, 404].includes(foreign.status), `a stranger gets ${foreign.status}`);
  assert.deepEqual(await poRow(), { total_units: 4, status: 'issued', amended: false });
  assert.equal((await q<{ status: string }>('SELECT status FROM orders WHERE id = $1', [small.order.id]))[0].status, 'paid');

  // The operator (customer service) can: the order's units come off its SKU's line.
  const op = await login(tp, ...(await operator()));
  const before = await walletBalance(tp.ctx(shop.actor), shop.resellerId);
  const c1 = await call(tp, 'POST', `/api/v1/orders/${small.order.id}/cancel`, { token: op, body: { reason: '客服取消' } });
  assert.equal(c1.status, 200, JSON.stringify(c1.body));
  assert.equal(await walletBalance(tp.ctx(shop.actor), shop.resellerId), before + small.order.amountDue!, 'the wallet order is refunded to the wallet');
  assert.deepEqual([...(await poLines())].sort(), [[sku(s1), 2], [sku(s2), 1]].sort());
  assert.deepEqual(await poRow(), { total_units: 3, status: 'issued', amended: true });
  // A line its cancellation empties goes; the gateway order is refunded through the gateway.
  assert.equal((await call(tp, 'POST', `/api/v1/orders/${gw.order.id}/cancel`, { token: op, body: { reason: '客服取消' } })).status, 200);
  await tp.deliver();
  assert.deepEqual([...(await poLines())], [[sku(s1), 2]]);
  assert.equal((await q<{ status: string }>('SELECT status FROM refunds WHERE order_id = $1', [gw.order.id]))[0].status, 'succeeded');
  // The last one: nothing left to produce, the production order is void; the brand sees it.
  assert.equal((await call(tp, 'POST', `/api/v1/orders/${big.order.id}/cancel`, { token: op, body: { reason: '客服取消' } })).status, 200);
  assert.deepEqual(await poRow(), { total_units: 0, status: 'cancelled', amended: true });
  const bphone = uniquePhone();
  await createUser(tp.ctx(), { role: 'brand', brandId: brand.brandId, phone: bphone, name: 'b', password: 'password1' });
  const seen = await call(tp, 'GET', '/api/v1/production-orders', { token: await login(tp, bphone, 'password1') });
  assert.deepEqual([seen.body.items[0].status, seen.body.items[0].lines.length, typeof seen.body.items[0].amendedAt], ['cancelled', 0, 'string']);
  const pools = await q<{ initial: number; available: number }>('SELECT initial, available FROM pools WHERE sale_event_id = $1', [ev.id]);
  assert.ok(pools.every((x) => x.available === x.initial), 'every unit back in its pool');
  const audit = await auditLedger(tp.ctx());
  assert.deepEqual([audit.unbalancedEntries, audit.total, audit.guardedMismatches], [0, 0, 0]);
});

test('MOQ missed: every order refunded automatically (gateway and wallet), stock back, books balanced', async () => {
  const { ev, p, closeWindow } = await presaleEvent(100);
  const [s1, s2] = ev.skus.map((s) => s.eventSkuId);
  const before = await walletBalance(tp.ctx(shop.actor), shop.resellerId);
  const a = await storefront(s1, 2, 'miss-a');
  const b = await storefront(s2, 1, 'miss-b');
  await payOnGateway(tp, a.order.payment!.payUrl!);
  await payOnGateway(tp, b.order.payment!.payUrl!);
  const w = await wallet(s1, 1, 'miss-w');
  const pending = await storefront(s2, 1, 'miss-pending');
  await closeWindow();
  const out = await decidePresales(tp.ctx());
  assert.deepEqual([out.confirmed, out.failed, out.cancelled], [0, 1, 4]);
  await tp.deliver();

  const orders = await q<{ id: string; status: string }>(`SELECT id, status FROM orders WHERE campaign = 'presale' AND campaign_ref = $1`, [p.id]);
  assert.equal(orders.length, 4);
  assert.ok(orders.every((o) => o.status === 'cancelled'));
  const refunds = await q<{ order_id: string; amount: number; status: string }>(`SELECT order_id, amount::int, status FROM refunds WHERE order_id = ANY($1)`, [[a.order.id, b.order.id, pending.order.id, w.order.id]]);
  assert.deepEqual(refunds.map((r) => r.order_id).sort(), [a.order.id, b.order.id].sort(), 'gateway payments refunded through the gateway');
  assert.ok(refunds.every((r) => r.status === 'succeeded'));
  assert.deepEqual(refunds.map((r) => r.amount).sort(), [a.order.amountDue, b.order.amountDue].sort());
  assert.equal(await walletBalance(tp.ctx(shop.actor), shop.resellerId), before, 'the wallet order’s money is back');
  const [pre] = await q<{ status: string }>('SELECT status FROM presales WHERE id = $1', [p.id]);
  assert.equal(pre.status, 'failed');
  assert.equal((await q('SELECT 1 FROM production_orders WHERE presale_id = $1', [p.id])).length, 0);
  const pools = await q<{ initial: number; available: number }>('SELECT initial, available FROM pools WHERE sale_event_id = $1', [ev.id]);
  assert.ok(pools.every((x) => x.available === x.initial));
  const audit = await auditLedger(tp.ctx());
  assert.deepEqual([audit.unbalancedEntries, audit.total, audit.guardedMismatches], [0, 0, 0]);
  assert.equal(audit.accounts.filter((x) => x.account === 'refunds_in_flight').reduce((s, x) => s + Number(x.balance), 0), 0);
});

test('a presale needs an untouched event and a deadline inside it; it excludes group buys', async () => {
  const brand = await brandWithLot(tp);
  const ev = await liveEvent(tp, brand, { quantity: 5 });
  await wallet(ev.skus[0].eventSkuId, 1, 'touched-1');
  assert.equal(await refusal(createPresale(tp.ctx(), { saleEventId: ev.id, moq: 1, deadline: new Date(Date.now() + 3_600_000), shipDays: 10 })), 'campaign_conflict');
  const ev2 = await liveEvent(tp, brand, { quantity: 5, endsInMs: 3_600_000 });
  assert.equal(await refusal(createPresale(tp.ctx(), { saleEventId: ev2.id, moq: 1, deadline: new Date(Date.now() + 7_200_000), shipDays: 10 })), 'validation_failed');
  const p = await createPresale(tp.ctx(), { saleEventId: ev2.id, moq: 1, deadline: new Date(Date.now() + 1_800_000), shipDays: 10 });
  assert.equal(p.status, 'collecting');
  assert.equal(await refusal(createPresale(tp.ctx(), { saleEventId: ev2.id, moq: 1, deadline: new Date(Date.now() + 1_800_000), shipDays: 10 })), 'campaign_conflict');
  const { createGroupBuyOffer } = await import('../src/flows/group-buy.flow.ts');
  assert.equal(await refusal(createGroupBuyOffer(tp.ctx(), { saleEventId: ev2.id, eventSkuId: ev2.skus[0].eventSkuId, groupSize: 2, groupPrice: 25_000, hours: 1 })), 'campaign_conflict');
  // Nor flash items: they are placed by their own batched path, which knows nothing of presales.
  const { createFlashItem } = await import('../src/modules/flash-sales/index.ts');
  assert.equal(await refusal(createFlashItem(tp.ctx(), {
    saleEventId: ev2.id, eventSkuId: ev2.skus[0].eventSkuId, price: 20_000, quantity: 2, perBuyerLimit: 1, perResellerLimit: 2, startsAt: new Date(Date.now() + 60_000),
  })), 'campaign_conflict');
  // The console creates one over HTTP too, and the brand lists it.
  const res = await call(tp, 'GET', `/api/v1/presales?saleEventId=${ev2.id}`, { token: await login(tp, ...(await operator())) });
  assert.equal(res.body.items[0].id, p.id);
});

async function operator(): Promise<[string, string]> {
  const phone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone, name: 'op', password: 'password1' });
  return [phone, 'password1'];
}

test('every countdown counts to when orders stop: a presale event closes at its deadline, before the event ends', async () => {
  const { ev, p } = await presaleEvent(5);
  const plain = await liveEvent(tp, await brandWithLot(tp), { quantity: 5 });
  const token = await login(tp, shop.phone, shop.password);
  const deadline = new Date(p.deadline).toISOString();
  assert.ok(deadline < new Date(ev.endsAt).toISOString(), 'the deadline comes first');
  const list = (await call(tp, 'GET', '/api/v1/reseller/sale-events', { token })).body.items as { id: string; ordersCloseAt: string; endsAt: string }[];
  const shopList = (await call(tp, 'GET', `/api/v1/storefront/${shop.shareCode}`)).body.events as { id: string; ordersCloseAt: string }[];
  const detail = (await call(tp, 'GET', `/api/v1/reseller/sale-events/${ev.id}`, { token })).body;
  const shopDetail = (await call(tp, 'GET', `/api/v1/storefront/${shop.shareCode}/sale-events/${ev.id}`)).body;
  assert.deepEqual([list, shopList].map((l) => l.find((e) => e.id === ev.id)?.ordersCloseAt), [deadline, deadline], 'the cards: the deadline');
  assert.deepEqual([detail.ordersCloseAt, shopDetail.ordersCloseAt], [deadline, deadline], 'the event pages: the deadline');
  const other = list.find((e) => e.id === plain.id)!;
  assert.equal(other.ordersCloseAt, other.endsAt, 'an event without a presale closes at its end');
});
