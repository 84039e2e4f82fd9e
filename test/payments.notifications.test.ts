// Gateway notifications: only signed, fresh, genuine ones move money, each exactly once; a
// payment that arrives after its hold expired is refunded, never shipped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, CONSUMER, type ResellerFixture } from './support/fixtures.ts';
import { placeStorefrontOrder } from '../src/flows/checkout.flow.ts';
import { sign, SIGNATURE_HEADER } from '../src/modules/payments/index.ts';
import { expireHolds } from '../src/modules/orders/index.ts';
import { auditLedger } from '../src/modules/ledger/index.ts';

let tp: TestPlatform;
let r: ResellerFixture;
let esk: string;
before(async () => {
  tp = await testPlatform({ sandboxDuplicateRate: 1 });
  const brand = await brandWithLot(tp);
  const ev = await liveEvent(tp, brand, { quantity: 30 });
  esk = ev.skus[0].eventSkuId;
  r = await reseller(tp);
});
after(async () => { await tp.close(); });

let n = 0;
async function pendingOrder() {
  const o = await placeStorefrontOrder(tp.ctx({ kind: 'anonymous' }), { shareCode: r.shareCode, consumer: CONSUMER, lines: [{ eventSkuId: esk, quantity: 1 }], idempotencyKey: `notify-${++n}` });
  return { id: o.order.id, chargeId: o.order.payment!.payUrl!.split('/').pop()! };
}

/** Pay on the gateway page and take its (first) queued notification out of its outbox. */
async function payAndCapture(chargeId: string): Promise<string> {
  await tp.gateway.completeCharge(chargeId, 'succeed');
  const rows = (await tp.database.pool.query<{ id: string; body: string }>(`SELECT id, body FROM sandbox_deliveries WHERE delivered_at IS NULL AND body LIKE $1 ORDER BY created_at`, [`%${chargeId}%`])).rows;
  assert.ok(rows.length >= 1);
  await tp.database.pool.query(`UPDATE sandbox_deliveries SET delivered_at = now() WHERE id = ANY($1)`, [rows.map((x) => x.id)]);
  return rows[0].body;
}

async function notify(body: string, signature?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== undefined) headers[SIGNATURE_HEADER] = signature;
  const res = await tp.app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers, payload: body });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

async function status(orderId: string): Promise<string> {
  return (await tp.database.pool.query('SELECT status FROM orders WHERE id = $1', [orderId])).rows[0].status;
}
async function entries(): Promise<number> {
  return (await tp.database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM journal_entries')).rows[0].n;
}
const now = () => Math.floor(Date.now() / 1000);
const secret = () => tp.config.sandboxSecret;

test('unsigned, tampered, wrongly signed and stale notifications are rejected and change nothing', async () => {
  const o = await pendingOrder();
  const body = await payAndCapture(o.chargeId);
  const before = await entries();
  const cases: [string, string, string | undefined, string][] = [
    ['unsigned', body, undefined, 'signature_invalid'],
    ['malformed header', body, 'nonsense', 'signature_invalid'],
    ['tampered body', body.replace('"type":"charge.succeeded"', '"type":"charge.failed"'), sign(secret(), now(), body), 'signature_invalid'],
    ['wrong secret', body, sign('not-the-secret', now(), body), 'signature_invalid'],
    ['stale (301 s old)', body, sign(secret(), now() - 301, body), 'notification_stale'],
    ['from the future (330 s ahead: clear of the time the request itself takes)', body, sign(secret(), now() + 330, body), 'notification_stale'],
  ];
  for (const [name, b, sig, code] of cases) {
    const res = await notify(b, sig);
    assert.equal(res.status, 401, name);
    assert.equal(res.body.code, code, name);
  }
  assert.equal(await status(o.id), 'pending_payment');
  assert.equal(await entries(), before);
  assert.equal((await tp.database.pool.query('SELECT count(*)::int AS n FROM payment_notifications')).rows[0].n, 0);

  const ok = await notify(body, sign(secret(), now(), body));
  assert.equal(ok.status, 200);
  assert.equal(ok.body.outcome, 'applied');
  assert.equal(await status(o.id), 'paid');
  const afterPaid = await entries();
  // A replay of the genuine notification inside the tolerance is acknowledged and ignored.
  const replay = await notify(body, sign(secret(), now(), body));
  assert.deepEqual([replay.status, replay.body.outcome], [200, 'duplicate']);
  // A captured notification replayed later is stale.
  assert.equal((await notify(body, sign(secret(), now() - 3600, body))).body.code, 'notification_stale');
  assert.equal(await entries(), afterPaid);
});

test('a signed body that claims success for a charge that failed does not pay the order', async () => {
  const o = await pendingOrder();
  await tp.gateway.completeCharge(o.chargeId, 'fail');
  await tp.database.pool.query(`UPDATE sandbox_deliveries SET delivered_at = now() WHERE body LIKE $1`, [`%${o.chargeId}%`]);
  // The gateway is asked for the charge's real state, whatever the body says.
  const forged = JSON.stringify({ id: 'evt_forged_1', type: 'charge.succeeded', created: now(), data: { object: o.chargeId } });
  const res = await notify(forged, sign(secret(), now(), forged));
  assert.equal(res.status, 200);
  assert.equal(await status(o.id), 'pending_payment');
  const intent = (await tp.database.pool.query('SELECT status FROM payment_intents WHERE order_id = $1', [o.id])).rows[0];
  assert.equal(intent.status, 'failed');
});

test('the gateway sends every notification twice here; each takes effect once', async () => {
  const o = await pendingOrder();
  const before = await entries();
  await tp.gateway.completeCharge(o.chargeId, 'succeed');
  const delivered = await tp.deliver();
  assert.equal(delivered, 2);
  assert.equal(await status(o.id), 'paid');
  assert.equal(await entries(), before + 1);
  const outcomes = (await tp.database.pool.query(`SELECT count(*)::int AS n FROM payment_notifications WHERE payload->'data'->>'object' = $1`, [o.chargeId])).rows[0].n;
  assert.equal(outcomes, 1, 'the duplicate is recognised by its event id');
});

test('failed deliveries are retried with backoff until acknowledged', async () => {
  const o = await pendingOrder();
  await tp.gateway.completeCharge(o.chargeId, 'succeed');
  await tp.database.pool.query(`UPDATE sandbox_deliveries SET url = 'http://test.local/api/v1/payments/notify/nowhere' WHERE body LIKE $1`, [`%${o.chargeId}%`]);
  const first = await tp.gateway.deliverDue();
  assert.equal(first.delivered, 0);
  assert.ok(first.failed >= 1);
  const row = (await tp.database.pool.query(`SELECT attempts, next_attempt_at > now() AS later, last_error FROM sandbox_deliveries WHERE body LIKE $1 LIMIT 1`, [`%${o.chargeId}%`])).rows[0];
  assert.deepEqual([row.attempts, row.later, row.last_error], [1, true, 'HTTP 404']);
  // The merchant's endpoint comes back; the next attempt (made due now) lands.
  await tp.database.pool.query(`UPDATE sandbox_deliveries SET url = 'http://test.local/api/v1/payments/notify/sandbox', next_attempt_at = now() WHERE body LIKE $1`, [`%${o.chargeId}%`]);
  await tp.deliver();
  assert.equal(await status(o.id), 'paid');
});

test('a payment that arrives after the hold expired is refunded, and the stock stays released', async () => {
  const o = await pendingOrder();
  await tp.database.pool.query(`UPDATE orders SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, [o.id]);
  assert.equal(await expireHolds(tp.ctx()), 1);
  assert.equal(await status(o.id), 'expired');
  const pool = () => tp.database.pool.query('SELECT available, held, sold FROM pools WHERE event_sku_id = $1', [esk]).then((x) => x.rows[0]);
  const released = await pool();
  await tp.gateway.completeCharge(o.chargeId, 'succeed');
  await tp.deliver();
  assert.equal(await status(o.id), 'expired');
  assert.deepEqual(await pool(), released, 'no stock taken for a late payment');
  const refund = (await tp.database.pool.query('SELECT status, amount FROM refunds WHERE order_id = $1', [o.id])).rows[0];
  assert.equal(refund.status, 'succeeded');
  const charge = (await tp.database.pool.query('SELECT refunded, amount FROM sandbox_charges WHERE id = $1', [o.chargeId])).rows[0];
  assert.equal(charge.refunded, charge.amount, 'the payer got everything back');
  const audit = await auditLedger(tp.ctx());
  assert.deepEqual([audit.unbalancedEntries, audit.total, audit.guardedMismatches], [0, 0, 0]);
  assert.equal(audit.accounts.find((a) => a.account === 'refunds_in_flight')?.balance ?? 0, 0);
});

test('a payment is judged by when the gateway took it, not by when the news arrived', async () => {
  // Paid 150 ms before the hold ended; the notification is handled 10 s later, before any sweep.
  const inTime = await pendingOrder();
  await tp.gateway.completeCharge(inTime.chargeId, 'succeed');
  await tp.database.pool.query(`UPDATE sandbox_charges SET paid_at = now() - interval '10 seconds' WHERE id = $1`, [inTime.chargeId]);
  await tp.database.pool.query(`UPDATE orders SET hold_expires_at = now() - interval '9850 milliseconds' WHERE id = $1`, [inTime.id]);
  await tp.deliver();
  assert.equal(await status(inTime.id), 'paid');
  assert.equal((await tp.database.pool.query('SELECT count(*)::int AS n FROM refunds WHERE order_id = $1', [inTime.id])).rows[0].n, 0);
  // Paid 10 s after the hold ended (past the grace): refunded, the stock released.
  const late = await pendingOrder();
  await tp.database.pool.query(`UPDATE orders SET hold_expires_at = now() - interval '10 seconds' WHERE id = $1`, [late.id]);
  await tp.gateway.completeCharge(late.chargeId, 'succeed');
  await tp.deliver();
  assert.equal(await status(late.id), 'expired');
  assert.equal((await tp.database.pool.query('SELECT status FROM refunds WHERE order_id = $1', [late.id])).rows[0].status, 'succeeded');
});

test('after a declined card the consumer pays again with a new charge, and only that one counts', async () => {
  const o = await placeStorefrontOrder(tp.ctx({ kind: 'anonymous' }), { shareCode: r.shareCode, consumer: CONSUMER, lines: [{ eventSkuId: esk, quantity: 1 }], idempotencyKey: `again-${++n}` });
  const first = o.order.payment!.payUrl!.split('/').pop()!;
  await tp.gateway.completeCharge(first, 'fail');
  await tp.deliver();
  assert.equal(await status(o.order.id), 'pending_payment');
  const url = `/api/v1/storefront/${r.shareCode}/orders/${o.order.id}/pay?token=${o.lookupToken}`;
  const again = await tp.app.inject({ method: 'POST', url });
  assert.equal(again.statusCode, 200, again.body);
  const view = JSON.parse(again.body);
  assert.equal(view.payment.status, 'requires_payment');
  const second = view.payment.payUrl.split('/').pop();
  assert.notEqual(second, first, 'a new gateway charge');
  assert.equal(JSON.parse((await tp.app.inject({ method: 'POST', url })).body).payment.payUrl, view.payment.payUrl, 'asking twice opens one charge');
  const wrong = await tp.app.inject({ method: 'POST', url: url.replace(o.lookupToken!, 'not-the-right-token') });
  assert.equal(wrong.statusCode, 404);
  await tp.gateway.completeCharge(second, 'succeed');
  await tp.deliver();
  assert.equal(await status(o.order.id), 'paid');
  const paidAgain = await tp.app.inject({ method: 'POST', url });
  assert.equal(JSON.parse(paidAgain.body).code, 'order_not_payable');
});
