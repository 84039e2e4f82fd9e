// Coupons and red packets through the real use cases and HTTP on a real PostgreSQL: what the
// consumer pays, who bears each discount in the ledger, red packet money from wallet to
// liability and back, release when orders end unpaid or cancelled, and bad codes changing nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, payOnGateway, ADDRESS, type BrandWithLot, type ResellerFixture } from './support/fixtures.ts';
import { login, call } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { addCustomer } from '../src/modules/resellers/index.ts';
import { auditLedger, linesOf, walletBalance } from '../src/modules/ledger/index.ts';
import { expireHolds } from '../src/modules/orders/index.ts';
import { createCoupon, buyRedPackets, giftRedPackets, sweepPromotions, listRedPacketBatches } from '../src/modules/promotions/index.ts';
import { placeStorefrontOrder } from '../src/flows/checkout.flow.ts';
import { cancelOrderFlow } from '../src/flows/cancellation.flow.ts';
import { AppError } from '../src/platform/errors.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

let tp: TestPlatform;
let brandA: BrandWithLot;
let brandB: BrandWithLot;
let evA: SaleEventView;
let evB: SaleEventView;
let r: ResellerFixture;
let opToken: string;
let rToken: string;
const DAY = 86400_000;

before(async () => {
  tp = await testPlatform();
  brandA = await brandWithLot(tp, { commissionBps: 2000, base: '100.00', qty: 200 });
  brandB = await brandWithLot(tp, { commissionBps: 2000, base: '100.00', qty: 200 });
  // Selling price: base ¥100 + 25% suggested markup = ¥125.
  evA = await liveEvent(tp, brandA, { quantity: 50 });
  evB = await liveEvent(tp, brandB, { quantity: 50 });
  r = await reseller(tp, 1_000_00);
  const opPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone: opPhone, name: 'op', password: 'op-password' });
  opToken = await login(tp, opPhone, 'op-password');
  rToken = await login(tp, r.phone, r.password);
});
after(async () => { await tp.close(); });

const anon = () => tp.ctx({ kind: 'anonymous' });
const esk = (ev: SaleEventView, i = 0) => ev.skus[i].eventSkuId;
let n = 0;
const consumer = (phone = uniquePhone()) => ({ name: '李女士', phone, address: ADDRESS });
const q1 = async <T>(sql: string, params: unknown[] = []) => (await tp.database.pool.query(sql, params)).rows[0] as T;

async function coupon(over: Partial<Parameters<typeof createCoupon>[1]> = {}) {
  return createCoupon(tp.ctx(), {
    code: `T${++n}X${Date.now() % 100000}`, name: '测试券', kind: 'threshold', threshold: 20000, amountOff: 3000, fundedBy: 'platform',
    validFrom: new Date(Date.now() - DAY), validTo: new Date(Date.now() + DAY), totalCap: 100, perCustomerCap: 5, ...over,
  });
}

async function order(lines: { eventSkuId: string; quantity: number }[], codes: { couponCode?: string; redPacketCode?: string } = {}, phone?: string) {
  return placeStorefrontOrder(anon(), { shareCode: r.shareCode, consumer: consumer(phone), lines, idempotencyKey: `k-${++n}-${Date.now()}`, ...codes });
}

async function snapshot() {
  return q1<Record<string, string>>(`SELECT
    (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM order_discounts) AS discounts,
    (SELECT coalesce(sum(redeemed),0) FROM coupons) AS redeemed, (SELECT count(*) FROM coupon_customer_counts) AS counters,
    (SELECT coalesce(sum(available),0) FROM pools) AS available, (SELECT count(*) FROM journal_entries) AS entries,
    (SELECT string_agg(status, ',' ORDER BY id) FROM red_packets) AS packets`);
}

test('a platform 满减 coupon: the consumer pays less, the platform bears it as promotion expense, the ledger balances', async () => {
  const c = await coupon({ code: 'MAN200-30' });
  // Quote first (nothing reserved), then place.
  const quote = await call(tp, 'POST', `/api/v1/storefront/${r.shareCode}/quote`, { body: { lines: [{ eventSkuId: esk(evA), quantity: 2 }], couponCode: 'man200-30' } });
  assert.equal(quote.status, 200, JSON.stringify(quote.body));
  assert.deepEqual([quote.body.subtotal, quote.body.couponOff, quote.body.amountDue], [25000, 3000, 22000]);
  assert.equal((await q1<{ redeemed: number }>('SELECT redeemed FROM coupons WHERE id = $1', [c.id])).redeemed, 0, 'a quote reserves nothing');

  const res = await call(tp, 'POST', `/api/v1/storefront/${r.shareCode}/orders`, {
    headers: { 'idempotency-key': `http-${Date.now()}` },
    body: { consumer: consumer(), lines: [{ eventSkuId: esk(evA), quantity: 2 }], couponCode: 'MAN200-30' },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.deepEqual([res.body.order.sellingTotal, res.body.order.discountTotal, res.body.order.amountDue], [25000, 3000, 22000]);
  await payOnGateway(tp, res.body.order.payment.payUrl);
  const paid = await linesOf(tp.ctx(), `order-paid:${res.body.order.id}`);
  const line = (a: string, p = '') => paid.find((l) => l.account === a && l.partyId === p)?.amount ?? 0;
  assert.equal(line('promotion_expense'), 3000, 'the platform bears the coupon');
  assert.equal(line('provider_cash'), 22000, 'the consumer paid the discounted total');
  assert.equal(line('brand_payable', brandA.brandId), -16000, 'the brand is owed its full payable (2 × ¥100 less 20%)');
  assert.equal(line('reseller_margin_pending', r.resellerId), -5000, 'the reseller keeps the full margin');
  const audit = await auditLedger(tp.ctx());
  assert.equal(audit.unbalancedEntries, 0);
  assert.equal(audit.total, 0);
  assert.equal(audit.guardedMismatches, 0);
  assert.equal((await q1<{ redeemed: number }>('SELECT redeemed FROM coupons WHERE id = $1', [c.id])).redeemed, 1);
});

test('a brand-funded percent coupon discounts only that brand’s lines, and the brand bears it in its payable', async () => {
  await coupon({ code: 'BRANDA-50', kind: 'percent', threshold: 0, percentBps: 5000, maxOff: null, fundedBy: 'brand', brandId: brandA.brandId });
  const o = await order([{ eventSkuId: esk(evA), quantity: 1 }, { eventSkuId: esk(evB), quantity: 1 }], { couponCode: 'BRANDA-50' });
  // 50% of ¥125 is ¥62.50, but the brand is owed only ¥80 on the line: ¥62.50 stands; brand B untouched.
  assert.equal(o.order.discountTotal, 6250);
  const rows = (await tp.database.pool.query('SELECT d.bearer, d.bearer_party_id, d.amount::int, l.brand_id FROM order_discounts d JOIN order_lines l ON l.id = d.order_line_id WHERE d.order_id = $1', [o.order.id])).rows;
  assert.deepEqual(rows, [{ bearer: 'brand', bearer_party_id: brandA.brandId, amount: 6250, brand_id: brandA.brandId }]);
  await payOnGateway(tp, o.order.payment!.payUrl!);
  const paid = await linesOf(tp.ctx(), `order-paid:${o.order.id}`);
  assert.equal(paid.find((l) => l.account === 'brand_payable' && l.partyId === brandA.brandId)?.amount, -(8000 - 6250));
  assert.equal(paid.find((l) => l.account === 'brand_payable' && l.partyId === brandB.brandId)?.amount, -8000);
  assert.equal(paid.find((l) => l.account === 'promotion_expense'), undefined);
  assert.equal((await auditLedger(tp.ctx())).unbalancedEntries, 0);

  // A 90% brand coupon stops at the brand payable of the line (¥80 of ¥125).
  await coupon({ code: 'BRANDA-90', kind: 'percent', threshold: 0, percentBps: 9000, fundedBy: 'brand', brandId: brandA.brandId });
  const big = await order([{ eventSkuId: esk(evA), quantity: 1 }], { couponCode: 'BRANDA-90' });
  assert.equal(big.order.discountTotal, 8000);
});

test('buy one get one: the second unit of a line is free', async () => {
  await coupon({ code: 'BOGO-1', kind: 'bogo', threshold: 0 });
  const o = await order([{ eventSkuId: esk(evA), quantity: 3 }, { eventSkuId: esk(evB), quantity: 1 }], { couponCode: 'BOGO-1' });
  assert.equal(o.order.discountTotal, 12500);
  assert.equal(o.order.amountDue, 4 * 12500 - 12500);
});

test('red packets: buy from the wallet, gift, use, cancel, expire — the wallet gets back exactly what was not spent', async () => {
  const wallet0 = await walletBalance(tp.ctx(), r.resellerId);
  const cust = await addCustomer(tp.ctx(r.actor), { name: '王小姐', phone: uniquePhone(), ...ADDRESS });
  const bought = await call(tp, 'POST', '/api/v1/reseller/red-packets', {
    token: rToken, headers: { 'idempotency-key': 'rp-batch-0001' }, body: { title: '老客回馈', amountEach: 1000, count: 3, minSpend: 10000, validDays: 7 },
  });
  assert.equal(bought.status, 201, JSON.stringify(bought.body));
  assert.equal(bought.body.packets.length, 3);
  assert.match(bought.body.packets[0].link, new RegExp(`/s/${r.shareCode}\\?rp=HB`));
  const replay = await call(tp, 'POST', '/api/v1/reseller/red-packets', {
    token: rToken, headers: { 'idempotency-key': 'rp-batch-0001' }, body: { title: '老客回馈', amountEach: 1000, count: 3, minSpend: 10000, validDays: 7 },
  });
  assert.equal(replay.body.id, bought.body.id, 'a replay buys nothing twice');
  assert.equal(await walletBalance(tp.ctx(), r.resellerId), wallet0 - 3000);

  const gifted = await call(tp, 'POST', `/api/v1/reseller/red-packets/${bought.body.id}/gift`, { token: rToken, body: { customerIds: [cust.id] } });
  assert.equal(gifted.status, 200, JSON.stringify(gifted.body));
  const mine = gifted.body.packets.find((p: { customerId: string | null }) => p.customerId === cust.id);
  assert.equal(mine.status, 'gifted');

  // Someone else's phone cannot use a gifted packet; the customer can.
  await assert.rejects(order([{ eventSkuId: esk(evA), quantity: 1 }], { redPacketCode: mine.code }), (e: AppError) => e.code === 'red_packet_invalid' && e.extra?.reason === 'other_customer');
  const o = await order([{ eventSkuId: esk(evA), quantity: 1 }], { redPacketCode: mine.code }, cust.phone);
  assert.equal(o.order.amountDue, 12500 - 1000);
  await assert.rejects(order([{ eventSkuId: esk(evA), quantity: 1 }], { redPacketCode: mine.code }, cust.phone), (e: AppError) => e.code === 'red_packet_invalid' && e.extra?.reason === 'used');
  await payOnGateway(tp, o.order.payment!.payUrl!);
  const paid = await linesOf(tp.ctx(), `order-paid:${o.order.id}`);
  assert.equal(paid.find((l) => l.account === 'red_packet_liability')?.amount, 1000, 'the reseller bears the packet from what they prepaid');

  // Cancelling the paid order gives the packet back (still valid): usable again.
  await cancelOrderFlow(tp.ctx(r.actor), o.order.id, '不要了');
  assert.equal(await sweepPromotions(tp.ctx()).then((s) => s.released), 1);
  assert.equal((await q1<{ status: string; order_id: string | null }>('SELECT status, order_id FROM red_packets WHERE code = $1', [mine.code])).status, 'gifted');

  // Another packet on an unpaid order whose hold runs out: back to issued.
  const other = gifted.body.packets.find((p: { customerId: string | null }) => p.customerId === null);
  const held = await order([{ eventSkuId: esk(evB), quantity: 1 }], { redPacketCode: other.code });
  await tp.database.pool.query(`UPDATE orders SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, [held.order.id]);
  await expireHolds(tp.ctx());
  await sweepPromotions(tp.ctx());
  assert.equal((await q1<{ status: string }>('SELECT status FROM red_packets WHERE code = $1', [other.code])).status, 'issued');

  // All three expire unused: every fen comes back to the wallet, the liability is empty.
  await tp.database.pool.query(`UPDATE red_packets SET expires_at = now() - interval '1 second' WHERE batch_id = $1`, [bought.body.id]);
  assert.equal((await sweepPromotions(tp.ctx())).expired, 3);
  assert.equal(await walletBalance(tp.ctx(), r.resellerId), wallet0);
  const audit = await auditLedger(tp.ctx());
  assert.equal(audit.guardedMismatches, 0);
  assert.equal(audit.unbalancedEntries, 0);
  assert.equal(audit.accounts.find((a) => a.account === 'red_packet_liability' && a.partyId === r.resellerId)?.balance ?? 0, 0);
  const [batch] = (await listRedPacketBatches(tp.ctx(r.actor))).filter((b) => b.id === bought.body.id);
  assert.deepEqual(batch.counts, { issued: 0, gifted: 0, used: 0, expired: 3 });
  assert.equal((await sweepPromotions(tp.ctx())).expired, 0, 'expiry is done once');
});

test('a packet used on an order that is cancelled after the packet’s expiry returns its money', async () => {
  const wallet0 = await walletBalance(tp.ctx(), r.resellerId);
  const { batch } = await buyRedPackets(tp.ctx(r.actor), { title: '限时', amountEach: 500, count: 1, minSpend: 0, validDays: 1, idempotencyKey: `late-${Date.now()}` });
  const o = await order([{ eventSkuId: esk(evA), quantity: 1 }], { redPacketCode: batch.packets[0].code });
  await payOnGateway(tp, o.order.payment!.payUrl!);
  await tp.database.pool.query(`UPDATE red_packets SET expires_at = now() - interval '1 second' WHERE batch_id = $1`, [batch.id]);
  await cancelOrderFlow(tp.ctx(r.actor), o.order.id, '缺货');
  await sweepPromotions(tp.ctx());
  assert.equal((await q1<{ status: string }>('SELECT status FROM red_packets WHERE batch_id = $1', [batch.id])).status, 'expired');
  assert.equal(await walletBalance(tp.ctx(), r.resellerId), wallet0);
});

test('cancelling or expiring an order gives the coupon use back to the coupon and the customer', async () => {
  const c = await coupon({ code: 'ONCE-ONLY', totalCap: 1, perCustomerCap: 1, threshold: 0, kind: 'fixed', amountOff: 500 });
  const phone = uniquePhone();
  const o = await order([{ eventSkuId: esk(evA), quantity: 1 }], { couponCode: 'ONCE-ONLY' }, phone);
  await assert.rejects(order([{ eventSkuId: esk(evA), quantity: 1 }], { couponCode: 'ONCE-ONLY' }, uniquePhone()), (e: AppError) => e.code === 'coupon_exhausted');
  await cancelOrderFlow(tp.ctx(r.actor), o.order.id, '下错了');
  await sweepPromotions(tp.ctx());
  assert.deepEqual(await q1('SELECT redeemed FROM coupons WHERE id = $1', [c.id]), { redeemed: 0 });
  assert.deepEqual(await q1('SELECT used FROM coupon_customer_counts WHERE coupon_id = $1', [c.id]), { used: 0 });
  const again = await order([{ eventSkuId: esk(evA), quantity: 1 }], { couponCode: 'ONCE-ONLY' }, phone);
  assert.equal(again.order.discountTotal, 500);
  await assert.rejects(order([{ eventSkuId: esk(evA), quantity: 1 }], { couponCode: 'ONCE-ONLY' }, phone), (e: AppError) => e.code === 'coupon_exhausted' || e.code === 'coupon_limit_reached');
});

test('the payer always pays at least ¥0.01', async () => {
  await coupon({ code: 'HUGE-OFF', kind: 'fixed', threshold: 0, amountOff: 1_000_000 });
  const o = await order([{ eventSkuId: esk(evA), quantity: 1 }], { couponCode: 'HUGE-OFF' });
  assert.equal(o.order.amountDue, 1);
  assert.equal(o.order.discountTotal, 12499);
});

test('bad codes change nothing: unknown, not started or ended (database clock), below threshold, another brand, paused, another reseller’s packet', async () => {
  await coupon({ code: 'LATER-1', validFrom: new Date(Date.now() + DAY), validTo: new Date(Date.now() + 2 * DAY) });
  const ended = await coupon({ code: 'ENDED-1', validFrom: new Date(Date.now() - 2 * DAY), validTo: new Date(Date.now() + DAY) });
  // The window ends by the database's clock, whatever the app server thinks.
  await tp.database.pool.query(`UPDATE coupons SET valid_to = now() - interval '1 millisecond' WHERE id = $1`, [ended.id]);
  await coupon({ code: 'FAR-AWAY', threshold: 100_000 });
  await coupon({ code: 'BRANDB-10', kind: 'fixed', threshold: 0, amountOff: 1000, fundedBy: 'brand', brandId: brandB.brandId });
  const paused = await coupon({ code: 'PAUSED-1' });
  const p = await call(tp, 'POST', `/api/v1/coupons/${paused.id}/status`, { token: opToken, body: { status: 'paused' } });
  assert.equal(p.status, 200);
  const other = await reseller(tp, 10_000);
  const { batch } = await buyRedPackets(tp.ctx(other.actor), { title: '别人的', amountEach: 500, count: 1, minSpend: 0, validDays: 3, idempotencyKey: `other-${Date.now()}` });
  const { batch: big } = await buyRedPackets(tp.ctx(r.actor), { title: '满300可用', amountEach: 500, count: 1, minSpend: 30000, validDays: 3, idempotencyKey: `min-${Date.now()}` });

  const before = await snapshot();
  const cases: [Record<string, string>, string, string][] = [
    [{ couponCode: 'NOPE-404' }, 'coupon_invalid', 'not_found'],
    [{ couponCode: 'LATER-1' }, 'coupon_invalid', 'not_started'],
    [{ couponCode: 'ENDED-1' }, 'coupon_invalid', 'ended'],
    [{ couponCode: 'FAR-AWAY' }, 'coupon_invalid', 'below_threshold'],
    [{ couponCode: 'BRANDB-10' }, 'coupon_invalid', 'no_eligible_items'],
    [{ couponCode: 'PAUSED-1' }, 'coupon_invalid', 'paused'],
    [{ redPacketCode: batch.packets[0].code }, 'red_packet_invalid', 'not_found'],
    [{ redPacketCode: big.packets[0].code }, 'red_packet_invalid', 'below_min_spend'],
    [{ couponCode: 'MAN200-30', redPacketCode: 'HBNOTHERE' }, 'red_packet_invalid', 'not_found'],
  ];
  for (const [codes, code, reason] of cases) {
    await assert.rejects(order([{ eventSkuId: esk(evA), quantity: 1 }], codes), (e: AppError) => e.code === code && e.extra?.reason === reason, JSON.stringify(codes));
    const http = await call(tp, 'POST', `/api/v1/storefront/${r.shareCode}/orders`, {
      headers: { 'idempotency-key': `bad-${++n}-${Date.now()}` }, body: { consumer: consumer(), lines: [{ eventSkuId: esk(evA), quantity: 1 }], ...codes },
    });
    assert.equal(http.body.code, code, JSON.stringify(http.body));
    assert.equal(http.body.reason, reason);
    const quote = await call(tp, 'POST', `/api/v1/storefront/${r.shareCode}/quote`, { body: { lines: [{ eventSkuId: esk(evA), quantity: 1 }], ...codes } });
    assert.equal(quote.body.code, code);
  }
  assert.deepEqual(await snapshot(), before, 'no order, discount, coupon use, counter, stock, entry or packet changed');
});

test('operators create coupons over HTTP; resellers cannot; a brand sees the coupons it funds', async () => {
  const body = { code: 'http-new-1', name: '双11满减', kind: 'threshold', threshold: 30000, amountOff: 5000, fundedBy: 'platform', validFrom: new Date(Date.now() - 1000).toISOString(), validTo: new Date(Date.now() + DAY).toISOString(), totalCap: 10, perCustomerCap: 1 };
  const created = await call(tp, 'POST', '/api/v1/coupons', { token: opToken, body });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.code, 'HTTP-NEW-1');
  assert.equal(created.body.state, 'active');
  const dup = await call(tp, 'POST', '/api/v1/coupons', { token: opToken, body });
  assert.equal(dup.body.code, 'validation_failed');
  const bad = await call(tp, 'POST', '/api/v1/coupons', { token: opToken, body: { ...body, code: 'HTTP-NEW-2', amountOff: 40000 } });
  assert.equal(bad.body.code, 'validation_failed');
  assert.equal((await call(tp, 'POST', '/api/v1/coupons', { token: rToken, body: { ...body, code: 'HTTP-NEW-3' } })).status, 403);
  const list = await call(tp, 'GET', '/api/v1/coupons', { token: opToken });
  assert.ok(list.body.items.some((c: { code: string; redeemed: number; totalCap: number }) => c.code === 'MAN200-30' && c.redeemed === 1 && c.totalCap === 100));
  const brandPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'brand', brandId: brandA.brandId, phone: brandPhone, name: 'b', password: 'brand-password' });
  const mine = await call(tp, 'GET', '/api/v1/coupons', { token: await login(tp, brandPhone, 'brand-password') });
  assert.ok(mine.body.items.length > 0);
  assert.ok(mine.body.items.every((c: { brandId: string }) => c.brandId === brandA.brandId));
  // What each did: the paid order's discount and what its consumer paid; the unpaid one counts as pending only.
  type Usage = { paidOrders: number; pendingOrders: number; discount: number; sales: number };
  const usage = (code: string) => (mine.body.items as { code: string; usage: Usage }[]).find((c) => c.code === code)!.usage;
  // Sales are what consumers paid for the lines it discounted: brand A's ¥125 line less ¥62.50, not brand B's line.
  const paidDue = await q1<{ due: number }>(`SELECT sum(l.selling_price * l.quantity - d.amount)::int AS due FROM order_discounts d
    JOIN coupons c ON c.id = d.source_id JOIN order_lines l ON l.id = d.order_line_id JOIN orders o ON o.id = d.order_id WHERE c.code = 'BRANDA-50' AND o.status = 'paid'`);
  assert.equal(paidDue.due, 12_500 - 6250);
  assert.deepEqual(usage('BRANDA-50'), { paidOrders: 1, pendingOrders: 0, discount: 6250, sales: paidDue.due });
  assert.ok(paidDue.due > 0);
  assert.deepEqual(usage('BRANDA-90'), { paidOrders: 0, pendingOrders: 1, discount: 0, sales: 0 });
  // A reseller gifts only their own batches, only to their own customers: others look missing.
  const other = await reseller(tp, 10_000);
  const otherToken = await login(tp, other.phone, other.password);
  const theirs = await call(tp, 'POST', '/api/v1/reseller/red-packets', { token: otherToken, headers: { 'idempotency-key': 'rp-other-0001' }, body: { title: '别人的', amountEach: 100, count: 2 } });
  assert.equal(theirs.status, 201, JSON.stringify(theirs.body));
  const myCustomer = await addCustomer(tp.ctx(r.actor), { name: '孙先生', phone: uniquePhone(), ...ADDRESS });
  const foreignBatch = await call(tp, 'POST', `/api/v1/reseller/red-packets/${theirs.body.id}/gift`, { token: rToken, body: { customerIds: [myCustomer.id] } });
  assert.equal(foreignBatch.status, 404);
  const foreignCustomer = await call(tp, 'POST', `/api/v1/reseller/red-packets/${theirs.body.id}/gift`, { token: otherToken, body: { customerIds: [myCustomer.id] } });
  assert.equal(foreignCustomer.status, 404);
  assert.ok((await call(tp, 'GET', '/api/v1/reseller/red-packets', { token: otherToken })).body.items[0].packets.every((p: { status: string }) => p.status === 'issued'));
  // Buying more red packets than the wallet holds is refused and changes nothing.
  const tooMuch = await call(tp, 'POST', '/api/v1/reseller/red-packets', { token: rToken, headers: { 'idempotency-key': 'rp-too-much-1' }, body: { title: 'x', amountEach: 100_000, count: 500 } });
  assert.equal(tooMuch.body.code, 'insufficient_funds');
  assert.equal((await call(tp, 'GET', '/api/v1/reseller/red-packets', { token: rToken })).body.items.some((b: { title: string }) => b.title === 'x'), false);
});
