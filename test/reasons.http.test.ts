// Reasons are codes (src/platform/reasons.ts): a ready-made reason is stored as its code, whoever
// chose it in whichever language, so every screen words it in its reader's language; a person's
// own words are kept as typed; what the platform decides it writes as codes too. Anything shaped
// like a code that is not a ready-made one is refused and changes nothing. Old rows written as
// words are rewritten once (drizzle/0036_reason_codes.sql).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, payOnGateway, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import { login, call as httpCall } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { expireHolds } from '../src/modules/orders/index.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

let tp: TestPlatform;
let op: string;
let r1: ResellerFixture;
let tokR1: string;
let ev: SaleEventView;

const call = (method: string, url: string, opts: { token?: string; body?: unknown; lang?: string } = {}) =>
  httpCall(tp, method, url, { token: opts.token, body: opts.body, headers: opts.lang ? { 'accept-language': opts.lang } : undefined });
const ok = (r: { status: number; body: any }, status = 200) => { assert.equal(r.status, status, JSON.stringify(r.body)); return r.body; };
const q = async <T extends object>(text: string, params: unknown[] = []) => (await tp.database.pool.query<T>(text, params)).rows;
const sku = () => ev.skus[0].eventSkuId;

before(async () => {
  tp = await testPlatform();
  const opPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone: opPhone, name: '客服', password: 'password1' });
  op = await login(tp, opPhone, 'password1');
  const brand = await brandWithLot(tp);
  ev = await liveEvent(tp, brand, { quantity: 40 });
  r1 = await reseller(tp, 1_000_000);
  tokR1 = await login(tp, r1.phone, r1.password);
});

after(async () => { await tp?.close(); });

async function walletOrder(): Promise<any> {
  const res = await httpCall(tp, 'POST', '/api/v1/reseller/orders', {
    token: tokR1, headers: { 'idempotency-key': `rz-${crypto.randomUUID()}` },
    body: { consumer: { name: '王芳', phone: '13600001111', address: ADDRESS }, lines: [{ eventSkuId: sku(), quantity: 1 }], payWith: 'wallet' },
  });
  return ok(res, 201);
}

/** A consumer's order through the reseller's link, unpaid (a phone of its own: no hold cap meets it). */
async function storefrontOrder(): Promise<any> {
  const res = await httpCall(tp, 'POST', `/api/v1/storefront/${r1.shareCode}/orders`, {
    headers: { 'idempotency-key': `rz-${crypto.randomUUID()}` },
    body: { consumer: { name: '张三', phone: uniquePhone(), address: ADDRESS }, lines: [{ eventSkuId: sku(), quantity: 1 }] },
  });
  return ok(res, 201).order;
}

test('a ready-made reason is stored as its code, in whichever language it was chosen; a person’s words as typed', async () => {
  const a = await walletOrder();
  const cancelled = ok(await call('POST', `/api/v1/orders/${a.id}/cancel`, { token: tokR1, body: { reason: 'wrong_size' }, lang: 'en' }));
  assert.equal(cancelled.cancelReason, 'wrong_size');
  assert.deepEqual(await q('SELECT status, cancel_reason FROM orders WHERE id = $1', [a.id]), [{ status: 'cancelled', cancel_reason: 'wrong_size' }]);

  const b = await walletOrder();
  ok(await call('POST', `/api/v1/orders/${b.id}/cancel`, { token: op, body: { reason: '  顾客电话里说不要了  ' } }));
  assert.deepEqual(await q('SELECT cancel_reason FROM orders WHERE id = $1', [b.id]), [{ cancel_reason: '顾客电话里说不要了' }], 'typed words kept, trimmed');
});

test('a paid order cancelled with a ready-made reason: its gateway refund carries the same code', async () => {
  const o = await storefrontOrder();
  await payOnGateway(tp, o.payment.payUrl);
  const cancelled = ok(await call('POST', `/api/v1/orders/${o.id}/cancel`, { token: op, body: { reason: 'consumer_asked' } }));
  assert.equal(cancelled.status, 'cancelled');
  assert.deepEqual(cancelled.refunds.map((r: any) => r.reason), ['consumer_asked']);
  assert.deepEqual(await q('SELECT reason FROM refunds WHERE order_id = $1', [o.id]), [{ reason: 'consumer_asked' }]);
});

test('an unknown or system code, an empty or too long reason is refused with problem+json and changes nothing', async () => {
  const o = await walletOrder();
  for (const [reason, lang] of [['refund_now', 'en'], ['brand_short:PO20261207-0001', 'zh-CN'], ['hold_expired', 'en'], ['', 'en'], ['   ', 'zh-CN'], ['好'.repeat(201), 'en']] as const) {
    const res = await call('POST', `/api/v1/orders/${o.id}/cancel`, { token: tokR1, body: { reason }, lang });
    assert.equal(res.status, 400, reason);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.equal(res.body.code, 'validation_failed');
    assert.ok(res.body.errors.some((e: { path: string }) => /reason$/.test(e.path)), JSON.stringify(res.body.errors));
  }
  const zh = await call('POST', `/api/v1/orders/${o.id}/cancel`, { token: tokR1, body: { reason: 'refund_now' }, lang: 'zh-CN' });
  assert.match(zh.body.errors[0].message, /不是可选的原因代码/);
  assert.deepEqual(await q('SELECT status, cancel_reason FROM orders WHERE id = $1', [o.id]), [{ status: 'paid', cancel_reason: null }], 'nothing changed');
  assert.deepEqual(await q('SELECT count(*)::int AS n FROM refunds WHERE order_id = $1', [o.id]), [{ n: 0 }]);
});

test('releasing a hold with a ready-made reason stores its code on the order and in the release log; a system code is refused', async () => {
  const o = await storefrontOrder();
  const refused = await call('POST', '/api/v1/holds/release', { token: tokR1, body: { orderId: o.id, reason: 'hold_expired' } });
  assert.equal(refused.status, 400);
  assert.deepEqual(await q('SELECT status FROM orders WHERE id = $1', [o.id]), [{ status: 'pending_payment' }]);
  ok(await call('POST', '/api/v1/holds/release', { token: tokR1, body: { orderId: o.id, reason: 'customer_unreachable' } }));
  assert.deepEqual(await q('SELECT status, cancel_reason FROM orders WHERE id = $1', [o.id]), [{ status: 'cancelled', cancel_reason: 'customer_unreachable' }]);
  assert.deepEqual(await q('SELECT reason FROM hold_releases WHERE order_id = $1', [o.id]), [{ reason: 'customer_unreachable' }]);
  const log = ok(await call('GET', '/api/v1/holds/releases', { token: op })).items;
  assert.equal(log.find((b: any) => b.subject === o.id)?.reason, 'customer_unreachable');
});

test('an unpaid order whose hold ran out expires with the code hold_expired', async () => {
  const o = await storefrontOrder();
  await q(`UPDATE orders SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, [o.id]);
  await expireHolds(tp.ctx(), [o.id]);
  assert.deepEqual(await q('SELECT status, cancel_reason FROM orders WHERE id = $1', [o.id]), [{ status: 'expired', cancel_reason: 'hold_expired' }]);
});

test('rows written before, as the forms’ words and the platform’s English sentences, read as codes after migration 0036', async () => {
  const sql = fs.readFileSync(new URL('../drizzle/0036_reason_codes.sql', import.meta.url), 'utf8');
  const o = await storefrontOrder();
  await payOnGateway(tp, o.payment.payUrl);
  ok(await call('POST', `/api/v1/orders/${o.id}/cancel`, { token: op, body: { reason: 'consumer_asked' } }));
  const [refund] = await q<{ id: string }>('SELECT id FROM refunds WHERE order_id = $1', [o.id]);
  const others = await Promise.all([walletOrder(), walletOrder(), walletOrder(), walletOrder()]);
  const rows: [orderReason: string, want: string][] = [
    ['Consumer asked to cancel', 'consumer_asked'], ['顾客不想要了', 'customer_changed_mind'], ['brand_short: PO20261207-0001', 'brand_short:PO20261207-0001'],
    ['hold expired', 'hold_expired'], ['顾客在电话里说不要了', '顾客在电话里说不要了'],
  ];
  for (const [i, [old]] of rows.entries()) await q('UPDATE orders SET cancel_reason = $2 WHERE id = $1', [[o, ...others][i].id, old]);
  const cases: [old: string, want: string][] = [
    ['brand short on PO20261207-0001', 'brand_short:PO20261207-0001'], ['重复下单', 'duplicate_order'], ['parcel P20261207-01 refused', 'parcel_refused:P20261207-01'],
    ['membership removed: monthly review 2026-11', 'membership_removed:2026-11'], ['paid twice: another payment already paid this', 'paid_twice'], ['客服手写的原因', '客服手写的原因'],
  ];
  for (const [old, want] of cases) {
    await q('UPDATE refunds SET reason = $2 WHERE id = $1', [refund.id, old]);
    await q(sql);
    assert.deepEqual(await q('SELECT reason FROM refunds WHERE id = $1', [refund.id]), [{ reason: want }], old);
  }
  assert.deepEqual((await q<{ id: string; cancel_reason: string }>('SELECT id, cancel_reason FROM orders WHERE id = ANY($1)', [[o, ...others].map((x) => x.id)]))
    .sort((a, b) => [o, ...others].findIndex((x) => x.id === a.id) - [o, ...others].findIndex((x) => x.id === b.id)).map((r) => r.cancel_reason), rows.map(([, want]) => want));
});

test('operator acts, declined withdrawals and return decisions written before with the console\'s words read as codes after migration 0038; typed words stay', async () => {
  const sql = fs.readFileSync(new URL('../drizzle/0038_operator_reason_codes.sql', import.meta.url), 'utf8');
  const [{ id: actor }] = await q<{ id: string }>(`SELECT id FROM users WHERE role = 'operator' LIMIT 1`);
  const cases: [old: string, want: string][] = [
    ['品牌方要求下线', 'brand_requested_end'], ['Wrong prices', 'price_error'], ['Wrong price', 'price_error'], ['质检不合格', 'failed_quality_check'],
    ['Fake orders', 'fake_orders'], ['用户忘记密码，已核实身份', 'identity_verified'], ['品牌货已备齐，提前结束进入发货', 'goods_ready_ship_early'],
    ['品牌方要求提前下线', '品牌方要求提前下线'], ['Wrong price ', 'Wrong price '],
  ];
  const ids: string[] = [];
  for (const [old] of cases) {
    const [{ id }] = await q<{ id: string }>(`INSERT INTO operator_actions (actor_user_id, action, object_kind, object_id, reason)
      VALUES ($1, 'reseller_disabled', 'reseller', $2, $3) RETURNING id`, [actor, r1.resellerId, old]);
    ids.push(id);
  }
  // An order an early end cancelled, with its hold release, carries the same words.
  const o = await storefrontOrder();
  ok(await call('POST', '/api/v1/holds/release', { token: op, body: { orderId: o.id, reason: '质检不合格' } }));
  await q(sql);
  const got = new Map((await q<{ id: string; reason: string }>('SELECT id, reason FROM operator_actions WHERE id = ANY($1)', [ids])).map((r) => [r.id, r.reason]));
  assert.deepEqual(ids.map((id) => got.get(id)), cases.map(([, want]) => want));
  assert.deepEqual(await q('SELECT cancel_reason FROM orders WHERE id = $1', [o.id]), [{ cancel_reason: 'failed_quality_check' }]);
  assert.deepEqual(await q('SELECT reason FROM hold_releases WHERE order_id = $1', [o.id]), [{ reason: 'failed_quality_check' }]);
  // A withdrawal declined with the console's words reads as the code its reseller sees in their language; typed words stay.
  for (const [i, words] of ['重复申请', 'The payout account is wrong; update it and ask again', '请先实名认证'].entries()) {
    await q(`INSERT INTO withdrawals (id, reseller_id, amount, fee, payout_account_id, status, idempotency_key, reject_reason, decided_at)
      VALUES ($1, $2, 2000, 100, 'pay_none', 'rejected', $1, $3, now())`, [`wdr_m38${i}${crypto.randomUUID().slice(0, 8)}`, r1.resellerId, words]);
  }
  await q(sql);
  assert.deepEqual((await q<{ reject_reason: string }>(`SELECT reject_reason FROM withdrawals WHERE id LIKE 'wdr_m38%' ORDER BY id`)).map((r) => r.reject_reason),
    ['asked_twice', 'payout_account_wrong', '请先实名认证']);
  // A return decision: the console's default approval words (either language) become within_policy; typed words stay.
  const order = await walletOrder();
  for (const [i, words] of ['符合售后政策，同意', 'Within the after-sales policy; approved', '吊牌已剪，影响二次销售，不符合退货条件'].entries()) {
    await q(`INSERT INTO return_requests (id, return_no, order_id, reseller_id, kind, status, reason_code, requested_by, decision_reason, decided_at)
      VALUES ($1, $1, $2, $3, 'return', $4, 'size', 'reseller', $5, now())`, [`ret_m38${i}${crypto.randomUUID().slice(0, 8)}`, order.id, r1.resellerId, i === 2 ? 'rejected' : 'approved', words]);
  }
  await q(sql);
  assert.deepEqual((await q<{ decision_reason: string }>(`SELECT decision_reason FROM return_requests WHERE id LIKE 'ret_m38%' ORDER BY id`)).map((r) => r.decision_reason),
    ['within_policy', 'within_policy', '吊牌已剪，影响二次销售，不符合退货条件']);
  // The record answers the code; the console says it in its reader's language.
  const rec = ok(await call('GET', `/api/v1/operator-actions?objectId=${r1.resellerId}`, { token: op })).items.find((a: { id: string }) => a.id === String(ids[0]));
  assert.equal(rec.reason, 'brand_requested_end');
});
