// Money under faults: the gateway's books and its queue move together; payments whose news was
// lost are found by asking; a hold is given up only after its charge is closed; money that
// matches nothing goes back; refunds never exceed what was taken, and people can see them; the
// daily comparison with the gateway comes out empty.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, linksRecorded, CONSUMER, ADDRESS, type ResellerFixture, type BrandWithLot } from './support/fixtures.ts';
import { login, call } from './support/http.ts';
import { placeStorefrontOrder, placeResellerOrder } from '../src/flows/checkout.flow.ts';
import { cancelOrderFlow } from '../src/flows/cancellation.flow.ts';
import { reconcileOpenPayments, expireUnpaidOrders } from '../src/flows/payment-sweeps.flow.ts';
import { createRefund, requestTopup, reconcileWithGateway, notifyUrl } from '../src/modules/payments/index.ts';
import { sandboxStats } from '../src/modules/payments/sandbox.provider.ts';
import { auditLedger, walletBalance } from '../src/modules/ledger/index.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { createCoupon, buyRedPackets } from '../src/modules/promotions/index.ts';
import { createPresale } from '../src/flows/presale.flow.ts';
import { closeSaleEvent, advanceSaleEvents, type SaleEventView } from '../src/modules/sale-events/index.ts';
import { AppError } from '../src/platform/errors.ts';
import { loadConfig, assertSafeForProduction } from '../src/platform/config.ts';

let tp: TestPlatform;
let r: ResellerFixture;
let brand: BrandWithLot;
let ev: SaleEventView;
let opToken: string;
before(async () => {
  tp = await testPlatform();
  brand = await brandWithLot(tp, { qty: 400 });
  ev = await liveEvent(tp, brand, { quantity: 60 });
  r = await reseller(tp, 5_000_00);
  const opPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone: opPhone, name: 'op', password: 'op-password' });
  opToken = await login(tp, opPhone, 'op-password');
});
after(async () => { await tp.close(); });

const q = async <T = Record<string, unknown>>(s: string, p: unknown[] = []) => (await tp.database.pool.query(s, p)).rows as T[];
const q1 = async <T = Record<string, unknown>>(s: string, p: unknown[] = []) => (await q<T>(s, p))[0];
const esk = (i = 0) => ev.skus[i].eventSkuId;
let n = 0;
const key = (p: string) => `${p}-${++n}-${Date.now()}`;
const anon = () => tp.ctx({ kind: 'anonymous' });
const chargeOf = (payUrl: string | null | undefined) => payUrl!.split('/').pop()!;
const statusOf = async (orderId: string) => (await q1<{ status: string }>('SELECT status FROM orders WHERE id = $1', [orderId])).status;

async function storefrontOrder(lines = [{ eventSkuId: esk(), quantity: 1 }]) {
  const o = await placeStorefrontOrder(anon(), { shareCode: r.shareCode, consumer: { ...CONSUMER, phone: uniquePhone() }, lines, idempotencyKey: key('sf') });
  const chargeId = chargeOf(o.order.payment?.payUrl);
  // The storefront desk records the gateway's reference a moment after answering: the tests below look charges up by it.
  if ((await linksRecorded(tp, [o.order.id], 1)) < 1) throw new Error(`charge ${chargeId} never recorded`);
  return { id: o.order.id, chargeId, token: o.lookupToken!, view: o.order };
}

/** The gateway's queued notifications about a charge or refund are lost (never delivered). */
async function loseNotifications(objectRef: string) {
  await q(`UPDATE sandbox_deliveries SET delivered_at = now() WHERE delivered_at IS NULL AND body LIKE $1`, [`%${objectRef}%`]);
}
/** Make the platform's open charges and refunds old enough for the sweep to ask about them. */
async function ageOpenPayments() {
  await q(`UPDATE payment_charges SET created_at = now() - interval '2 minutes', checked_at = NULL WHERE status = 'open'`);
  await q(`UPDATE refunds SET created_at = now() - interval '2 minutes', checked_at = NULL WHERE status = 'pending'`);
}
async function booksBalance() {
  const a = await auditLedger(tp.ctx());
  assert.deepEqual([a.unbalancedEntries, a.total, a.guardedMismatches], [0, 0, 0]);
  return a;
}
/** Gateway money (taken − given back) against the ledger's provider cash. */
async function gatewayMatchesLedger() {
  const g = await q1<{ n: string }>(`SELECT (coalesce((SELECT sum(amount) FROM sandbox_charges WHERE status = 'succeeded'),0) - coalesce((SELECT sum(amount) FROM sandbox_refunds WHERE status = 'succeeded'),0))::text AS n`);
  const l = await q1<{ n: string }>(`SELECT coalesce(sum(amount),0)::text AS n FROM journal_lines WHERE account = 'provider_cash'`);
  assert.equal(Number(l.n), Number(g.n), 'the ledger holds exactly what the gateway holds');
}

test('the gateway marks a charge paid and queues its notification together, or neither', async () => {
  const o = await storefrontOrder();
  // The gateway's queue refuses writes for a moment (its database fails under it).
  await q(`ALTER TABLE sandbox_deliveries ADD CONSTRAINT queue_down CHECK (false) NOT VALID`);
  try {
    await assert.rejects(tp.gateway.completeCharge(o.chargeId, 'succeed'));
  } finally {
    await q(`ALTER TABLE sandbox_deliveries DROP CONSTRAINT queue_down`);
  }
  assert.equal((await q1<{ status: string }>('SELECT status FROM sandbox_charges WHERE id = $1', [o.chargeId])).status, 'pending', 'not paid without its notification');
  await tp.gateway.completeCharge(o.chargeId, 'succeed');
  await tp.deliver();
  assert.equal(await statusOf(o.id), 'paid');
});

test('an order, a top-up and a refund whose notifications were lost are applied by asking the gateway', async () => {
  const o = await storefrontOrder();
  await tp.gateway.completeCharge(o.chargeId, 'succeed');
  await loseNotifications(o.chargeId);
  const topup = await requestTopup(tp.ctx(r.actor), { amount: 12_345, idempotencyKey: key('topup') });
  const wallet = await walletBalance(tp.ctx(), r.resellerId);
  await tp.gateway.completeCharge(chargeOf(topup.payment.payUrl), 'succeed');
  await loseNotifications(chargeOf(topup.payment.payUrl));
  // A paid order cancelled: its refund's outcome notification is lost too.
  const c = await storefrontOrder();
  await tp.gateway.completeCharge(c.chargeId, 'succeed');
  await tp.deliver();
  await cancelOrderFlow(tp.ctx(), c.id, 'customer changed their mind');
  const refundRef = (await q1<{ provider_ref: string }>('SELECT provider_ref FROM refunds WHERE order_id = $1', [c.id])).provider_ref;
  await loseNotifications(refundRef);
  await tp.deliver();
  // Nothing told the platform: still open.
  assert.equal(await statusOf(o.id), 'pending_payment');
  assert.equal((await q1<{ status: string }>('SELECT status FROM wallet_topups WHERE id = $1', [topup.id])).status, 'pending');
  assert.equal((await q1<{ status: string }>('SELECT status FROM refunds WHERE order_id = $1', [c.id])).status, 'pending');
  // Too young to ask about: the sweep leaves them to their notifications.
  assert.equal((await reconcileOpenPayments(tp.ctx())).applied, 0);
  await ageOpenPayments();
  const swept = await reconcileOpenPayments(tp.ctx());
  assert.ok(swept.applied >= 3, JSON.stringify(swept));
  assert.equal(await statusOf(o.id), 'paid');
  assert.equal((await q1<{ status: string }>('SELECT status FROM wallet_topups WHERE id = $1', [topup.id])).status, 'succeeded');
  assert.equal(await walletBalance(tp.ctx(), r.resellerId), wallet + 12_345);
  assert.equal((await q1<{ status: string }>('SELECT status FROM refunds WHERE order_id = $1', [c.id])).status, 'succeeded');
  // The notifications, if they ever come, change nothing more.
  await q(`UPDATE sandbox_deliveries SET delivered_at = NULL, next_attempt_at = now() WHERE body LIKE $1 OR body LIKE $2`, [`%${o.chargeId}%`, `%${refundRef}%`]);
  await tp.deliver();
  assert.equal((await q1<{ n: number }>(`SELECT count(*)::int AS n FROM journal_entries WHERE idempotency_key = $1`, [`order-paid:${o.id}`])).n, 1);
  await booksBalance();
  await gatewayMatchesLedger();
});

test('a notification signed by a worker whose clock runs 400 s ahead is refused; the sweep applies the payment anyway', async () => {
  const o = await storefrontOrder();
  await tp.gateway.completeCharge(o.chargeId, 'succeed');
  const body = (await q1<{ body: string }>(`SELECT body FROM sandbox_deliveries WHERE delivered_at IS NULL AND body LIKE $1`, [`%${o.chargeId}%`])).body;
  await loseNotifications(o.chargeId);
  const { sign, SIGNATURE_HEADER } = await import('../src/modules/payments/index.ts');
  const res = await tp.app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(tp.config.sandboxSecret, Math.floor(Date.now() / 1000) + 400, body) }, payload: body });
  assert.equal(JSON.parse(res.body).code, 'notification_stale');
  await ageOpenPayments();
  await reconcileOpenPayments(tp.ctx());
  assert.equal(await statusOf(o.id), 'paid');
});

test('a hold is given up only after its charge is closed: paid in time → paid; unpaid → closed for good', async () => {
  // Paid a second before the hold ended, notification lost; the expiry closes the charge, hears "succeeded", applies it.
  const paid = await storefrontOrder();
  await tp.gateway.completeCharge(paid.chargeId, 'succeed');
  await loseNotifications(paid.chargeId);
  await q(`UPDATE sandbox_charges SET paid_at = now() - interval '31 seconds' WHERE id = $1`, [paid.chargeId]);
  await q(`UPDATE orders SET hold_expires_at = now() - interval '30 seconds' WHERE id = $1`, [paid.id]);
  // Never paid: closed at the gateway, then expired.
  const unpaid = await storefrontOrder();
  await q(`UPDATE orders SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, [unpaid.id]);
  const pool = async () => q1<{ available: number; held: number; sold: number }>('SELECT available, held, sold FROM pools WHERE event_sku_id = $1', [esk()]);
  const before = await pool();
  assert.equal(await expireUnpaidOrders(tp.ctx()), 1);
  assert.equal(await statusOf(paid.id), 'paid');
  assert.equal(await statusOf(unpaid.id), 'expired');
  assert.deepEqual(await pool(), { available: before.available + 1, held: before.held - 2, sold: before.sold + 1 });
  assert.equal((await q1<{ status: string }>('SELECT status FROM sandbox_charges WHERE id = $1', [unpaid.chargeId])).status, 'closed');
  // The consumer's pay page can no longer take the money.
  const page = await tp.app.inject({ method: 'POST', url: `/sandbox/pay/${unpaid.chargeId}`, payload: { outcome: 'succeed' } });
  assert.equal(JSON.parse(page.body).status, 'closed');
  assert.equal((await q1<{ n: number }>(`SELECT count(*)::int AS n FROM refunds WHERE order_id = ANY($1)`, [[paid.id, unpaid.id]])).n, 0, 'no money to give back');
  await booksBalance();
});

test('a successful charge that matches no payment is recorded and refunded, not swallowed', async () => {
  const charge = await tp.gateway.createCharge({ merchantRef: 'pay_nothingofours', amount: 4_321, currency: 'CNY', description: 'stray', notifyUrl: notifyUrl(tp.ctx()) });
  await tp.gateway.completeCharge(charge.providerRef, 'succeed');
  await tp.deliver();
  const row = await q1<{ status: string; captured: number; refunded: number; intent_id: string | null }>(`SELECT status, captured, refunded, intent_id FROM payment_charges WHERE provider_ref = $1`, [charge.providerRef]);
  assert.deepEqual(row, { status: 'succeeded', captured: 4_321, refunded: 4_321, intent_id: null });
  assert.equal((await q1<{ refunded: number }>('SELECT refunded FROM sandbox_charges WHERE id = $1', [charge.providerRef])).refunded, 4_321, 'the payer got it back');
  const a = await booksBalance();
  assert.equal(a.accounts.find((x) => x.account === 'refunds_in_flight')?.balance ?? 0, 0);
  await gatewayMatchesLedger();
});

test('charges asked for together are opened in one statement, each answered as if asked alone', async () => {
  const ask = (merchantRef: string, amount: number) => tp.gateway.createCharge({ merchantRef, amount, currency: 'CNY', description: merchantRef, notifyUrl: notifyUrl(tp.ctx()) });
  const earlier = await ask('pay_together_0', 500);
  const before = { ...sandboxStats };
  const refs = Array.from({ length: 12 }, (_, i) => `pay_together_${i}`);
  // Twelve references at once; one of them asked twice, one with another amount, one opened before.
  const answers = await Promise.allSettled([...refs.map((ref) => ask(ref, 500)), ask('pay_together_3', 500), ask('pay_together_5', 999)]);
  assert.deepEqual({ statements: sandboxStats.openStatements - before.openStatements, asked: sandboxStats.chargesAsked - before.chargesAsked }, { statements: 1, asked: 14 });
  const opened = answers.map((a) => (a.status === 'fulfilled' ? a.value.providerRef : 'refused'));
  assert.equal(opened[0], earlier.providerRef, 'a reference opened before answers with its charge');
  assert.equal(opened[12], opened[3], 'the same reference twice: the same charge');
  assert.equal(opened[13], 'refused', 'the same reference with another amount is refused');
  assert.match(String((answers[13] as PromiseRejectedResult).reason), /exists with another amount/);
  assert.equal(new Set(opened.slice(0, 12)).size, 12);
  const rows = await q<{ id: string; merchant_ref: string; amount: number; description: string }>('SELECT id, merchant_ref, amount::int, description FROM sandbox_charges WHERE merchant_ref = ANY($1) ORDER BY merchant_ref', [refs]);
  assert.equal(rows.length, 12);
  for (const row of rows) assert.deepEqual(row, { id: opened[refs.indexOf(row.merchant_ref)], merchant_ref: row.merchant_ref, amount: 500, description: row.merchant_ref });
  // A reference closed before it was opened stays closed when asked for among others.
  await tp.gateway.closeCharge('pay_together_closed');
  const [closed, fresh] = await Promise.all([ask('pay_together_closed', 500), ask('pay_together_fresh', 500)]);
  assert.deepEqual([closed.status, fresh.status], ['closed', 'pending']);
});

test('a refund can never exceed what its charge took', async () => {
  const o = await storefrontOrder();
  await tp.gateway.completeCharge(o.chargeId, 'succeed');
  await tp.deliver();
  const ch = await q1<{ id: string; intent_id: string; captured: number }>(`SELECT id, intent_id, captured FROM payment_charges WHERE provider_ref = $1`, [o.chargeId]);
  await createRefund(tp.ctx(), { chargeId: ch.id, paymentId: ch.intent_id, orderId: o.id, amount: ch.captured - 100, reason: 'partial', idempotencyKey: key('rf') });
  await assert.rejects(createRefund(tp.ctx(), { chargeId: ch.id, paymentId: ch.intent_id, orderId: o.id, amount: 101, reason: 'too much', idempotencyKey: key('rf') }),
    (e: unknown) => e instanceof AppError && e.code === 'refund_exceeds_payment');
  // The database itself refuses it, whoever writes.
  await assert.rejects(q(`UPDATE payment_charges SET refunded = captured + 1 WHERE id = $1`, [ch.id]), /payment_charges_refund_ck/);
  assert.equal((await q1<{ n: number }>('SELECT count(*)::int AS n FROM refunds WHERE charge_id = $1', [ch.id])).n, 1);
});

test('paying again right after a decline the platform has not heard of yet opens a new charge', async () => {
  const o = await storefrontOrder();
  await tp.gateway.completeCharge(o.chargeId, 'fail');
  // The decline's notification has not been processed.
  const url = `/api/v1/storefront/${r.shareCode}/orders/${o.id}/pay?token=${o.token}`;
  const again = await tp.app.inject({ method: 'POST', url });
  assert.equal(again.statusCode, 200, again.body);
  const next = chargeOf(JSON.parse(again.body).payment.payUrl);
  assert.notEqual(next, o.chargeId, 'not the declined charge');
  assert.equal((await q1<{ status: string }>('SELECT status FROM sandbox_charges WHERE id = $1', [next])).status, 'pending');
  await tp.gateway.completeCharge(next, 'succeed');
  await tp.deliver();
  assert.equal(await statusOf(o.id), 'paid');
  const tries = await q<{ attempt: number; status: string }>(`SELECT c.attempt, c.status FROM payment_charges c JOIN payment_intents i ON i.id = c.intent_id WHERE i.order_id = $1 ORDER BY c.attempt`, [o.id]);
  assert.deepEqual(tries.map((t) => [t.attempt, t.status]), [[1, 'failed'], [2, 'succeeded']], 'every try is kept');
});

test('refunds are visible: on the order for the operator, the reseller and the consumer, and in the operator’s refund list', async () => {
  const o = await storefrontOrder();
  await tp.gateway.completeCharge(o.chargeId, 'succeed');
  await tp.deliver();
  await cancelOrderFlow(tp.ctx(), o.id, '顾客取消');
  const pending = await call(tp, 'GET', `/api/v1/orders/${o.id}`, { token: opToken });
  assert.equal(pending.body.refunds.length, 1);
  assert.equal(pending.body.refunds[0].status, 'pending');
  assert.equal(pending.body.refunds[0].amount, o.view.amountDue);
  await tp.deliver();
  const settled = await call(tp, 'GET', `/api/v1/orders/${o.id}`, { token: opToken });
  assert.equal(settled.body.refunds[0].status, 'succeeded');
  assert.ok(settled.body.refunds[0].settledAt);
  const consumer = await call(tp, 'GET', `/api/v1/storefront/orders/${o.id}?token=${o.token}`);
  assert.deepEqual(consumer.body.refunds.map((x: { amount: number; status: string }) => [x.amount, x.status]), [[o.view.amountDue, 'succeeded']]);
  const rToken = await login(tp, r.phone, r.password);
  const list = await call(tp, 'GET', `/api/v1/orders?limit=5`, { token: rToken });
  assert.equal(list.body.items.find((x: { id: string }) => x.id === o.id).refunds[0].status, 'succeeded');
  // The operator lists and finds refunds; a reseller may not.
  const found = await call(tp, 'GET', `/api/v1/refunds?q=${o.id}`, { token: opToken });
  assert.equal(found.status, 200);
  assert.deepEqual(found.body.items.map((x: { orderId: string; status: string }) => [x.orderId, x.status]), [[o.id, 'succeeded']]);
  const byStatus = await call(tp, 'GET', `/api/v1/refunds?status=succeeded&limit=1`, { token: opToken });
  assert.equal(byStatus.body.items.length, 1);
  assert.ok(byStatus.body.nextCursor);
  assert.equal((await call(tp, 'GET', '/api/v1/refunds', { token: rToken })).status, 403);
  assert.equal((await call(tp, 'GET', '/api/v1/refunds')).status, 401);
});

test('the daily comparison lists gateway money the ledger does not hold, and nothing once the sweep applied it', async () => {
  await ageOpenPayments();
  await reconcileOpenPayments(tp.ctx());
  const o = await storefrontOrder();
  await tp.gateway.completeCharge(o.chargeId, 'succeed');
  await loseNotifications(o.chargeId);
  const period = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) };
  const dirty = await reconcileWithGateway(tp.ctx(), period);
  assert.equal(dirty.unheld, o.view.amountDue);
  assert.deepEqual(dirty.mismatches.map((m) => [m.kind, m.providerRef, m.ours?.status]), [['charge', o.chargeId, 'open']]);
  assert.equal(dirty.ledgerDifference, 0, 'our books and the ledger agree; only the gateway knows');
  await ageOpenPayments();
  await reconcileOpenPayments(tp.ctx());
  const res = await call(tp, 'POST', '/api/v1/payments/reconciliations', { token: opToken, body: { from: period.from.toISOString(), to: period.to.toISOString() } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.deepEqual([res.body.unheld, res.body.ledgerDifference, res.body.mismatches.length], [0, 0, 0]);
  assert.ok(res.body.gatewayCaptured > 0);
  const listed = await call(tp, 'GET', '/api/v1/payments/reconciliations', { token: opToken });
  assert.equal(listed.body.items[0].id, res.body.id);
  assert.equal((await call(tp, 'POST', '/api/v1/payments/reconciliations', { token: await login(tp, r.phone, r.password), body: {} })).status, 403);
});

test('ten retries of one storefront order with a coupon or a red packet make one order, one use, and the same answer', async () => {
  const cap1 = await createCoupon(tp.ctx(), {
    code: `CAP1X${Date.now() % 100000}`, name: '限一张', kind: 'fixed', amountOff: 500, fundedBy: 'platform',
    validFrom: new Date(Date.now() - 86_400_000), validTo: new Date(Date.now() + 86_400_000), totalCap: 1, perCustomerCap: 1,
  });
  const cap5 = await createCoupon(tp.ctx(), {
    code: `CAP5X${Date.now() % 100000}`, name: '限五张', kind: 'fixed', amountOff: 500, fundedBy: 'platform',
    validFrom: new Date(Date.now() - 86_400_000), validTo: new Date(Date.now() + 86_400_000), totalCap: 5, perCustomerCap: 5,
  });
  const packets = await buyRedPackets(tp.ctx(r.actor), { title: '红包', amountEach: 300, count: 1, minSpend: 0, validDays: 3, idempotencyKey: key('rp') });
  for (const codes of [{ couponCode: cap1.code }, { couponCode: cap5.code }, { redPacketCode: packets.batch.packets[0].code }]) {
    const k = key('retry');
    const phone = uniquePhone();
    const body = { consumer: { name: '重试', phone, address: ADDRESS }, lines: [{ eventSkuId: esk(1), quantity: 1 }], ...codes };
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(tp, 'POST', `/api/v1/storefront/${r.shareCode}/orders`, { body, headers: { 'idempotency-key': k } })));
    assert.deepEqual(answers.map((a) => a.status), Array(10).fill(201), JSON.stringify(answers.find((a) => a.status !== 201)?.body));
    assert.equal(new Set(answers.map((a) => a.body.order.id)).size, 1, 'one order');
    assert.equal(new Set(answers.map((a) => a.body.order.payment.payUrl)).size, 1, 'one pay link');
    assert.equal(answers.filter((a) => a.headers['idempotent-replayed'] === 'false').length, 1);
    const orderId = answers[0].body.order.id;
    assert.equal((await q1<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE idempotency_key = $1', [k])).n, 1);
    if (codes.couponCode) {
      const c = await q1<{ redeemed: number }>('SELECT redeemed FROM coupons WHERE code = $1', [codes.couponCode]);
      assert.equal(c.redeemed, 1, `${codes.couponCode}: one use`);
      assert.equal((await q1<{ used: number }>('SELECT used FROM coupon_customer_counts WHERE customer = $1', [phone])).used, 1);
    } else {
      assert.equal((await q1<{ order_id: string }>('SELECT order_id FROM red_packets WHERE code = $1', [codes.redPacketCode])).order_id, orderId);
    }
  }
});

test('replays list a multi-line order’s lines in the order they were asked for', async () => {
  const lines = [4, 1, 3, 0, 2].map((i) => ({ eventSkuId: esk(i), quantity: i + 1 }));
  const k = key('lines');
  const place = () => placeResellerOrder(tp.ctx(r.actor), { consumer: CONSUMER, lines, payWith: 'wallet', idempotencyKey: k });
  const first = await place();
  const again = await place();
  assert.equal(again.replayed, true);
  const asked = lines.map((l) => l.eventSkuId);
  assert.deepEqual(first.order.lines.map((l) => l.eventSkuId), asked);
  assert.deepEqual(again.order.lines.map((l) => l.eventSkuId), asked);
  const read = await call(tp, 'GET', `/api/v1/orders/${first.order.id}`, { token: opToken });
  assert.deepEqual(read.body.lines.map((l: { eventSkuId: string }) => l.eventSkuId), asked);
});

test('a presale caps unpaid holds at its deadline, and money that arrives after the decision goes back', async () => {
  const b = await brandWithLot(tp, { qty: 50 });
  const pev = await liveEvent(tp, b, { quantity: 20 });
  const deadline = new Date(Date.now() + 120_000);
  const p = await createPresale(tp.ctx(), { saleEventId: pev.id, moq: 1, deadline, shipDays: 10 });
  const o = await placeStorefrontOrder(anon(), { shareCode: r.shareCode, consumer: { ...CONSUMER, phone: uniquePhone() }, lines: [{ eventSkuId: pev.skus[0].eventSkuId, quantity: 1 }], idempotencyKey: key('pre') });
  const hold = await q1<{ hold: Date }>('SELECT hold_expires_at AS hold FROM orders WHERE id = $1', [o.order.id]);
  assert.equal(hold.hold.getTime(), new Date(p.deadline).getTime(), 'the hold ends at the deadline, not 15 minutes on');
  // The decision has committed (the presale is no longer collecting); its clean-up has not run yet.
  await q(`UPDATE presales SET status = 'confirmed' WHERE id = $1`, [p.id]);
  await tp.gateway.completeCharge(chargeOf(o.order.payment?.payUrl), 'succeed');
  await tp.deliver();
  assert.equal(await statusOf(o.order.id), 'expired');
  assert.equal((await q1<{ status: string }>('SELECT status FROM refunds WHERE order_id = $1', [o.order.id])).status, 'succeeded');
  await booksBalance();
});

test('units freed after their event closed go back to the lot, exactly, with a movement each', async () => {
  const b = await brandWithLot(tp, { qty: 30 });
  const cev = await liveEvent(tp, b, { quantity: 10 });
  const e = cev.skus[0];
  const paid = await placeResellerOrder(tp.ctx(r.actor), { consumer: CONSUMER, lines: [{ eventSkuId: e.eventSkuId, quantity: 2 }], payWith: 'wallet', idempotencyKey: key('closed-paid') });
  const held = await placeStorefrontOrder(anon(), { shareCode: r.shareCode, consumer: { ...CONSUMER, phone: uniquePhone() }, lines: [{ eventSkuId: e.eventSkuId, quantity: 3 }], idempotencyKey: key('closed-held') });
  // The event ends and is closed: its 5 unsold units return to the lot at once.
  await q(`UPDATE sale_events SET ends_at = now() - interval '1 second' WHERE id = $1`, [cev.id]);
  await advanceSaleEvents(tp.ctx());
  await closeSaleEvent(tp.ctx(), cev.id);
  const supply = async () => q1<{ allocated: number }>('SELECT allocated FROM sku_supply WHERE sku_id = $1', [e.skuId]);
  const pool = async () => q1<{ initial: number; available: number; held: number; sold: number }>('SELECT initial, available, held, sold FROM pools WHERE event_sku_id = $1', [e.eventSkuId]);
  assert.deepEqual(await pool(), { initial: 5, available: 0, held: 3, sold: 2 });
  assert.equal((await supply()).allocated, 5);
  // The paid order is cancelled after the close: its 2 units go to the lot, not the closed pool.
  await cancelOrderFlow(tp.ctx(), paid.order.id, 'cancelled after the event closed');
  assert.deepEqual(await pool(), { initial: 3, available: 0, held: 3, sold: 0 });
  assert.equal((await supply()).allocated, 3);
  // The hold expires after the close: its 3 units go to the lot too.
  await q(`UPDATE orders SET hold_expires_at = now() - interval '1 minute' WHERE id = $1`, [held.order.id]);
  await expireUnpaidOrders(tp.ctx());
  assert.equal(await statusOf(held.order.id), 'expired');
  assert.deepEqual(await pool(), { initial: 0, available: 0, held: 0, sold: 0 });
  assert.equal((await supply()).allocated, 0);
  const moves = await q<{ order_id: string; kind: string; quantity: number }>(`SELECT order_id, kind, quantity FROM stock_movements WHERE event_sku_id = $1 AND kind IN ('unsell','release','return') ORDER BY id`, [e.eventSkuId]);
  assert.deepEqual(moves.map((m) => [m.order_id, m.kind, m.quantity]), [
    [null, 'return', 5],
    [paid.order.id, 'unsell', 2], [paid.order.id, 'return', 2],
    [held.order.id, 'release', 3], [held.order.id, 'return', 3],
  ]);
  await booksBalance();
});

test('production refuses the sandbox gateway and the secrets whose defaults are public, and says why', () => {
  assert.doesNotThrow(() => assertSafeForProduction(loadConfig({ production: false })));
  assert.throws(() => assertSafeForProduction(loadConfig({ production: true })), /sandbox gateway[\s\S]*SELLTHROUGH_SECRET[\s\S]*PAYMENT_SANDBOX_SECRET/);
  assert.throws(() => assertSafeForProduction(loadConfig({ production: true, secret: 'a-real-secret', sandboxSecret: 'another' })), /sandbox gateway/);
});

test('cancelling an unpaid order closes its payment link; a charge left open past any hold is closed by the sweep', async () => {
  const o = await storefrontOrder();
  await cancelOrderFlow(tp.ctx(), o.id, '顾客不要了');
  assert.equal((await q1<{ status: string }>('SELECT status FROM sandbox_charges WHERE id = $1', [o.chargeId])).status, 'closed');
  const page = await tp.app.inject({ method: 'POST', url: `/sandbox/pay/${o.chargeId}`, payload: { outcome: 'succeed' } });
  assert.equal(JSON.parse(page.body).status, 'closed', 'the consumer can no longer pay it');
  // A charge still open long after any hold (a crash came between the cancel and the close).
  const left = await storefrontOrder();
  await q(`UPDATE orders SET status = 'cancelled', cancel_reason = 'test' WHERE id = $1`, [left.id]);
  await q(`UPDATE pools SET held = held - 1, available = available + 1 WHERE event_sku_id = $1`, [esk()]);
  await q(`UPDATE payment_charges SET created_at = now() - make_interval(mins => $2::int + 6), checked_at = NULL WHERE provider_ref = $1`, [left.chargeId, tp.config.holdMinutes]);
  await reconcileOpenPayments(tp.ctx());
  assert.equal((await q1<{ status: string }>('SELECT status FROM sandbox_charges WHERE id = $1', [left.chargeId])).status, 'closed');
  assert.equal((await q1<{ status: string }>('SELECT status FROM payment_charges WHERE provider_ref = $1', [left.chargeId])).status, 'closed');
  await booksBalance();
});

test('a real start with NODE_ENV=production and the sandbox refuses to run, says why, and starts nothing', async () => {
  const { spawn } = await import('node:child_process');
  const os = await import('node:os');
  const fs = await import('node:fs');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'st-prod-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
      env: { ...process.env, NODE_ENV: 'production', SELLTHROUGH_DATA_DIR: dir, PORT: '0', DATABASE_URL: '', SELLTHROUGH_SECRET: '', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => { err += String(d); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.notEqual(code, 0);
    assert.match(err, /refusing to start in production[\s\S]*sandbox gateway[\s\S]*SELLTHROUGH_SECRET/);
    assert.equal(fs.existsSync(path.join(dir, 'pg')), false, 'no database was started');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
