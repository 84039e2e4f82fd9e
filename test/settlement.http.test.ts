// Membership and settlement over HTTP, end to end: a person joins through a member's invitation
// link and pays the ¥998 fee through the gateway → sells through their own link → delivery, the
// return window ends → the job settles each line: margin pending → available, the inviter's
// platform-funded rewards earned (none on a sale to the invitee's own phone) → a refund after
// settlement claws back to the fen → withdrawals (limits, fee, approval, payout provider, a failed
// payout returning the money) → the brand's month closes and is paid → the monthly review removes
// a member with a pro-rata fee refund. Every amount hand-computed; the ledger balances throughout.
// Plus the anti-pyramid rules in the database and who may not do any of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, payOnGateway, ADDRESS, type BrandWithLot, type ResellerFixture } from './support/fixtures.ts';
import { login, call as httpCall } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { auditLedger } from '../src/modules/ledger/index.ts';
import { moveUnits } from '../src/modules/orders/index.ts';
import { submitPendingPayouts, reconcilePayouts } from '../src/modules/payouts/index.ts';
import { submitRefund, refundOrderPayment } from '../src/modules/payments/index.ts';
import { giveBack } from '../src/flows/settlement.flow.ts';
import { previousShanghaiMonth } from '../src/platform/time.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

let tp: TestPlatform;
let op: string;
let brand: BrandWithLot;
let tokBrand: string;
let inviter: ResellerFixture;
let tokInviter: string;
let ev: SaleEventView;

const call = (method: string, url: string, opts: { token?: string; body?: unknown; key?: string } = {}) =>
  httpCall(tp, method, url, { token: opts.token, body: opts.body, headers: opts.key ? { 'idempotency-key': opts.key } : undefined });
const ok = (r: { status: number; body: any }, status = 200) => { assert.equal(r.status, status, JSON.stringify(r.body)); return r.body; };
const fails = (r: { status: number; body: any }, status: number, code: string) => { assert.equal(r.status, status, JSON.stringify(r.body)); assert.equal(r.body.code, code, JSON.stringify(r.body)); return r.body; };
const q = async <T = any>(text: string, params: unknown[] = []) => (await tp.database.pool.query(text, params)).rows as T[];
const account = async (name: string, party = '') => Number((await q(`SELECT coalesce(sum(amount),0)::text AS s FROM journal_lines WHERE account = $1 AND party_id = $2`, [name, party]))[0].s);

const POLICY = {
  annualFee: 998_00, renewWithinDays: 30, readmitAfterDays: 90, removalRefund: 'pro_rata', levelWindowDays: 90,
  levels: [
    { level: 'V1', minSales: 0, inviteQuota: 5, perks: [] }, { level: 'V2', minSales: 30_000_00, inviteQuota: 10, perks: [] },
    { level: 'V3', minSales: 100_000_00, inviteQuota: 20, perks: [] }, { level: 'V4', minSales: 300_000_00, inviteQuota: 50, perks: [] },
    { level: 'V5', minSales: 1_000_000_00, inviteQuota: 100, perks: [] },
  ],
  monthlyMinimum: 10_000_00, firstMonthExempt: true,
  invitation: { bps: 1000, basis: 'margin', thresholdSales: 0, months: 12 },
  team: { minLevel: 'V1', bps: 200 },
  withdrawal: { minAmount: 10_00, maxAmount: 50_000_00, dailyCount: 2, feeBps: 100, feeMin: 1_00 },
};

before(async () => {
  tp = await testPlatform({ payouts: { provider: 'sandbox', queryAfterMinutes: 10, sandbox: { settleSeconds: 0, failureRate: 0, transientRate: 0, maxAmount: 5_000_000 } } } as never);
  const opPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone: opPhone, name: '结算运营', password: 'password1' });
  op = await login(tp, opPhone, 'password1');
  ok(await call('PUT', '/api/v1/membership/policy', { token: op, body: POLICY }));
  brand = await brandWithLot(tp, { commissionBps: 2000, base: '100.00', sizes: ['S', 'M'] });
  const bPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'brand', brandId: brand.brandId, phone: bPhone, name: 'brand', password: 'password1' });
  tokBrand = await login(tp, bPhone, 'password1');
  inviter = await reseller(tp, 0);
  tokInviter = await login(tp, inviter.phone, inviter.password);
  // Selling at base + 20% (markup window of the fixture event allows it).
  ev = await liveEvent(tp, brand, { quantity: 50, markup: { minBps: 0, maxBps: 5000, suggestedBps: 2000 } });
});

after(async () => { await tp?.close(); });

/** Submit payouts to the sandbox provider, let it settle and notify, until nothing moves. */
async function runPayouts(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const s = await submitPendingPayouts(tp.ctx());
    const t = await tp.payouts.tick();
    if (s.claimed === 0 && t.settled === 0 && t.delivered === 0) return;
  }
}

let invitee: { resellerId: string; phone: string; token: string; shareCode: string };
let sold: { orderId: string; lines: { id: string; quantity: number; selling: number; base: number }[] }[] = [];

test('a person joins through an invitation link and pays the annual fee through the gateway', async () => {
  const info = ok(await call('GET', `/api/v1/join/invitation?inviter=${inviter.shareCode}`));
  assert.deepEqual(info, { kind: 'reseller', inviterName: '测试代购', usable: true, fee: 998_00, currency: 'CNY' });
  // Both or neither of link and code: refused, nothing created.
  const phone = uniquePhone();
  fails(await call('POST', '/api/v1/join', { body: { name: '小美', phone, password: 'password1' } }), 400, 'validation_failed');
  fails(await call('POST', '/api/v1/join', { body: { name: '小美', phone, password: 'password1', code: 'NOSUCHCODE' } }), 422, 'invitation_invalid');
  assert.equal((await q('SELECT count(*)::int AS n FROM resellers WHERE phone = $1', [phone]))[0].n, 0);
  const joined = ok(await call('POST', '/api/v1/join', { body: { name: '小美', phone, password: 'password1', inviter: inviter.shareCode, returnTo: '/reseller/membership' } }), 201);
  assert.equal(joined.fee, 998_00);
  const token = await login(tp, phone, 'password1');
  // Not yet paid: may log in, may not sell.
  let me = ok(await call('GET', '/api/v1/me/membership', { token }));
  assert.equal(me.standing, 'pending');
  assert.equal(me.invitedBy.id, inviter.resellerId);
  fails(await call('POST', '/api/v1/reseller/orders', { token, key: `o-${crypto.randomUUID()}`, body: { consumer: { name: '甲', phone: '13600009999', address: ADDRESS }, lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity: 1 }], payWith: 'wallet' } }), 402, 'membership_unpaid');
  await payOnGateway(tp, joined.payUrl);
  me = ok(await call('GET', '/api/v1/me/membership', { token }));
  assert.equal(me.standing, 'active');
  assert.equal(me.terms[0].status, 'active');
  const days = (new Date(me.expiresAt).getTime() - new Date(me.terms[0].startsAt).getTime()) / 86400_000;
  assert.ok(days >= 365 && days <= 366, `a year: ${days} days`);
  assert.equal(await account('membership_fees'), -998_00);
  // Renewal is not open a year ahead.
  fails(await call('POST', '/api/v1/me/membership/renew', { token, body: {} }), 409, 'renewal_not_open');
  const shareCode = (await q('SELECT share_code FROM resellers WHERE id = $1', [joined.resellerId]))[0].share_code;
  invitee = { resellerId: joined.resellerId, phone, token, shareCode };
  // The inviter sees their team.
  const team = ok(await call('GET', '/api/v1/me/team', { token: tokInviter }));
  assert.deepEqual(team.items.map((t: any) => [t.id, t.standing]), [[invitee.resellerId, 'active']]);
});

test('the invitation graph is one level and acyclic, enforced by the database', async () => {
  await assert.rejects(q('UPDATE resellers SET invited_by = id WHERE id = $1', [inviter.resellerId]), /resellers_not_self_invited_ck|inviter cannot change/);
  await assert.rejects(q('UPDATE resellers SET invited_by = $1 WHERE id = $2', [invitee.resellerId, inviter.resellerId]), /inviter cannot change/);
  await assert.rejects(q('UPDATE resellers SET invited_by = NULL WHERE id = $1', [invitee.resellerId]), /inviter cannot change/);
});

async function storefrontOrder(quantity: number, consumerPhone: string) {
  const o = ok(await call('POST', `/api/v1/storefront/${invitee.shareCode}/orders`, { key: `s-${crypto.randomUUID()}`, body: { consumer: { name: '顾客', phone: consumerPhone, address: ADDRESS }, lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity }] } }), 201).order;
  await payOnGateway(tp, o.payment.payUrl);
  const lines = await q<{ id: string; quantity: number; selling_price: string; base_price: string }>('SELECT id, quantity, selling_price::text, base_price::text FROM order_lines WHERE order_id = $1', [o.id]);
  return { orderId: o.id as string, lines: lines.map((l) => ({ id: l.id, quantity: l.quantity, selling: Number(l.selling_price), base: Number(l.base_price) })) };
}

/** Delivered, and the clock moves past each order's return window (by `ago[i]`, a second by default). */
async function deliverAndEndWindow(orders: { orderId: string; lines: { id: string; quantity: number }[] }[], ago: string[] = []) {
  const units = orders.flatMap((o) => o.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })));
  await moveUnits(tp.ctx(), 'shipped', units);
  await moveUnits(tp.ctx(), 'delivered', units);
  for (const [i, o] of orders.entries()) await q(`UPDATE orders SET return_window_ends_at = now() - $2::interval WHERE id = $1`, [o.orderId, ago[i] ?? '1 second']);
}

test('after the return window each line settles: margin available, the inviter rewarded (not on a sale to the invitee\u2019s own phone)', async () => {
  // The invitee sets a 20% markup and sells two storefront orders: 3 units to a customer, 1 to their own phone.
  ok(await call('PUT', `/api/v1/reseller/sale-events/${ev.id}/prices`, { token: invitee.token, body: { prices: [{ eventSkuId: ev.skus[0].eventSkuId, sellingPrice: 120_00 }] } }));
  const toCustomer = await storefrontOrder(3, '13600001234');
  const toSelf = await storefrontOrder(1, invitee.phone);
  sold = [toCustomer, toSelf];
  const unit = toCustomer.lines[0];
  assert.equal(unit.base, 100_00);
  assert.equal(unit.selling, 120_00);
  const marginPerUnit = unit.selling - unit.base;
  let bal = ok(await call('GET', '/api/v1/me/balance', { token: invitee.token }));
  assert.equal(bal.pending, 4 * marginPerUnit);
  assert.equal(bal.available, 0);
  // The job runs late: the customer's window ended 3 days ago, the self-purchase's 10 days ago.
  await deliverAndEndWindow(sold, ['3 days', '10 days']);
  const run = ok(await call('POST', '/api/v1/settlement/run', { token: op, body: {} }));
  assert.deepEqual(run, { orders: 2, lines: 2, rewards: 2 });
  // Settling again does nothing.
  assert.deepEqual(ok(await call('POST', '/api/v1/settlement/run', { token: op, body: {} })), { orders: 0, lines: 0, rewards: 0 });
  bal = ok(await call('GET', '/api/v1/me/balance', { token: invitee.token }));
  assert.equal(bal.pending, 0);
  assert.equal(bal.available, 4 * marginPerUnit);
  // Each margin took effect when its window ended: one entry per value day, posted now, valued then
  // (the ledger keeps both times); the 收益余额 chart draws the money on those days.
  const ends = await q<{ id: string; at: Date }>('SELECT id, return_window_ends_at AS at FROM orders WHERE id = ANY($1) ORDER BY return_window_ends_at', [sold.map((o) => o.orderId)]);
  assert.deepEqual(ends.map((e) => e.id), [toSelf.orderId, toCustomer.orderId]);
  const entries = await q<{ effective_at: Date; created_at: Date; orders: string[] }>(`
    SELECT e.effective_at, e.created_at, array_agg(DISTINCT l.order_id ORDER BY l.order_id) AS orders FROM journal_entries e
    JOIN journal_lines j ON j.entry_id = e.id JOIN order_lines l ON l.id = j.order_line_id
    WHERE e.kind = 'orders_settled' AND l.order_id = ANY($1) GROUP BY e.id ORDER BY e.effective_at`, [sold.map((o) => o.orderId)]);
  assert.deepEqual(entries.map((e) => [e.orders, e.effective_at.getTime()]), ends.map((e) => [[e.id], e.at.getTime()]));
  for (const e of entries) assert.ok(e.created_at.getTime() - e.effective_at.getTime() >= 3 * 86400_000 - 60_000, 'posted after the value date');
  await assert.rejects(q(`UPDATE journal_entries SET effective_at = NULL WHERE kind = 'orders_settled'`), /immutable|not allowed|cannot/i);
  const dayOf = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const byDay = new Map(bal.days.map((d: any) => [d.day, d]));
  const [selfDay, customerDay] = ends.map((e) => byDay.get(dayOf(e.at)) as any);
  assert.deepEqual([selfDay.earned, selfDay.available], [marginPerUnit, marginPerUnit]);
  assert.deepEqual([customerDay.earned, customerDay.available], [3 * marginPerUnit, 4 * marginPerUnit]);
  const beforeIdx = bal.days.findIndex((d: any) => d.day === dayOf(ends[0].at)) - 1;
  assert.deepEqual([bal.days[beforeIdx].earned, bal.days[beforeIdx].available], [0, 0], 'nothing available before the first window ended');
  const wallet = ok(await call('GET', `/api/v1/resellers/${invitee.resellerId}/wallet?limit=200`, { token: invitee.token }));
  const settledLines = wallet.items.filter((i: any) => i.kind === 'orders_settled' && i.account === 'reseller_margin_available');
  assert.deepEqual(settledLines.map((i: any) => new Date(i.effectiveAt).getTime()).sort(), ends.map((e) => e.at.getTime()).sort());
  // Invitation 10% and team 2% of the customer order's margin (3 × ¥20 = ¥60): ¥6.00 + ¥1.20; nothing on the self-purchase.
  const rewards = ok(await call('GET', '/api/v1/me/rewards', { token: tokInviter }));
  assert.deepEqual(rewards.items.map((r: any) => [r.kind, r.basis, r.amount]).sort(), [['invitation', 60_00, 6_00], ['team', 60_00, 1_20]]);
  const ib = ok(await call('GET', '/api/v1/me/balance', { token: tokInviter }));
  assert.equal(ib.available, 7_20);
  assert.equal(await account('reward_expense'), 7_20);
  const audit = await auditLedger(tp.ctx());
  assert.equal(audit.unbalancedEntries, 0);
  assert.equal(audit.total, 0);
});

test('a refund after settlement claws the rewards back, to the fen and exactly once', async () => {
  const [line] = sold[0].lines;
  // What the after-sales desk does for a refund without a return: give the units back, refund the gateway.
  const g = async (units: number, key: string) => {
    const back = await giveBack(tp.ctx(), sold[0].orderId, { kind: 'order_line_refund', reason: 'lost after settlement', idempotencyKey: key, causeType: 'test', causeId: key, as: 'refund_only', units: [{ orderLineId: line.id, quantity: units }] });
    await refundOrderPayment(tp.ctx(), { orderId: sold[0].orderId, amount: back.provider, reason: 'lost after settlement', idempotencyKey: key, lines: back.perLine });
  };
  await g(1, 'late-refund-1');
  await g(1, 'late-refund-1'); // the same key again: nothing more
  // One of three units: floor(600 × 1/3) = 200 and floor(120 × 1/3) = 40 back.
  assert.equal(ok(await call('GET', '/api/v1/me/balance', { token: tokInviter })).available, 7_20 - 2_40);
  await g(2, 'late-refund-2');
  // The last units take what is left: every reward is back.
  assert.equal(ok(await call('GET', '/api/v1/me/balance', { token: tokInviter })).available, 0);
  assert.equal(await account('reward_expense'), 0);
  const rows = await q<{ amount: string; clawed_back: string }>('SELECT amount::text, clawed_back::text FROM rewards ORDER BY kind');
  for (const r of rows) assert.equal(r.amount, r.clawed_back);
  // The invitee's margin on those units went back from available too.
  const bal = ok(await call('GET', '/api/v1/me/balance', { token: invitee.token }));
  assert.equal(bal.available, 1 * 20_00);
  assert.equal((await auditLedger(tp.ctx())).unbalancedEntries, 0);
});

test('withdrawals: limits, the fee, approval, the payout provider, and a failed payout returning the money', async () => {
  // Give the invitee more to withdraw: 5 more units to a customer, settled.
  const more = await storefrontOrder(5, '13600005678');
  await deliverAndEndWindow([more]);
  ok(await call('POST', '/api/v1/settlement/run', { token: op, body: {} }));
  const available = ok(await call('GET', '/api/v1/me/balance', { token: invitee.token })).available;
  assert.equal(available, 20_00 + 5 * 20_00);
  // No payout account yet.
  fails(await call('POST', '/api/v1/me/withdrawals', { token: invitee.token, key: 'w-none-1', body: { amount: 50_00 } }), 400, 'validation_failed');
  const card = ok(await call('POST', '/api/v1/me/payout-accounts', { token: invitee.token, body: { kind: 'bank_card', holderName: '小美', accountNo: '6222021234567890128', bankName: '工商银行' } }), 201);
  void card;
  fails(await call('POST', '/api/v1/me/withdrawals', { token: invitee.token, key: 'w-small-1', body: { amount: 5_00 } }), 422, 'withdrawal_not_allowed');
  fails(await call('POST', '/api/v1/me/withdrawals', { token: invitee.token, key: 'w-big-001', body: { amount: available + 1 } }), 409, 'available_insufficient');
  // ¥50: fee max(¥1, 1%) = ¥1.00; the request sets it aside at once (no money moves until approval).
  const w = ok(await call('POST', '/api/v1/me/withdrawals', { token: invitee.token, key: 'w-first-1', body: { amount: 50_00 } }), 201);
  assert.deepEqual([w.status, w.amount, w.fee, w.net, w.account?.accountNoMasked], ['requested', 50_00, 1_00, 49_00, '**** 0128']);
  const again = ok(await call('POST', '/api/v1/me/withdrawals', { token: invitee.token, key: 'w-first-1', body: { amount: 50_00 } }), 201);
  assert.equal(again.id, w.id);
  let bal = ok(await call('GET', '/api/v1/me/balance', { token: invitee.token }));
  assert.deepEqual([bal.available, bal.withdrawing], [available - 50_00, 50_00]);
  assert.equal(bal.days.at(-1).available, bal.available, 'the chart ends at the balance as it stands');
  assert.equal(await account('payouts_in_flight', invitee.resellerId), 0, 'a request moves no money');
  // Set aside: a second request for more than is left is refused.
  fails(await call('POST', '/api/v1/me/withdrawals', { token: invitee.token, key: 'w-over-01', body: { amount: available - 50_00 + 1 } }), 409, 'available_insufficient');
  // Others may not decide it.
  fails(await call('POST', '/api/v1/withdrawals/approve', { token: invitee.token, body: { ids: [w.id] } }), 403, 'forbidden');
  fails(await call('POST', `/api/v1/me/withdrawals/${w.id}/cancel`, { token: tokInviter }), 404, 'not_found');
  const appr = ok(await call('POST', '/api/v1/withdrawals/approve', { token: op, body: { ids: [w.id, w.id] } }));
  assert.deepEqual(appr.approved.map((x: any) => x.status), ['paying']);
  await runPayouts();
  const paid = ok(await call('GET', `/api/v1/withdrawals/${w.id}`, { token: invitee.token }));
  assert.equal(paid.status, 'paid');
  bal = ok(await call('GET', '/api/v1/me/balance', { token: invitee.token }));
  assert.deepEqual([bal.available, bal.withdrawing, bal.withdrawn], [available - 50_00, 0, 50_00]);
  assert.equal(await account('payout_cash'), -49_00);
  assert.equal(await account('withdrawal_fees'), -1_00);
  // A request the operator declines with a ready-made reason: its code is what the reseller reads (in their language), the money is available again.
  const declined = ok(await call('POST', '/api/v1/me/withdrawals', { token: invitee.token, key: 'w-declined', body: { amount: 20_00 } }), 201);
  fails(await call('POST', `/api/v1/withdrawals/${declined.id}/reject`, { token: op, body: { reason: 'paid_twice' } }), 400, 'validation_failed');
  fails(await call('POST', `/api/v1/withdrawals/${declined.id}/reject`, { token: invitee.token, body: { reason: 'asked_twice' } }), 403, 'forbidden');
  assert.equal(ok(await call('POST', `/api/v1/withdrawals/${declined.id}/reject`, { token: op, body: { reason: 'payout_account_wrong' } })).status, 'rejected');
  const seen = ok(await call('GET', `/api/v1/withdrawals/${declined.id}`, { token: invitee.token }));
  assert.deepEqual([seen.status, seen.rejectReason], ['rejected', 'payout_account_wrong']);
  assert.equal(ok(await call('GET', '/api/v1/me/balance', { token: invitee.token })).available, available - 50_00, 'declined: nothing set aside');
  // A second request to an account the provider rejects: the payout fails and everything, fee included, comes back.
  const bad = ok(await call('POST', '/api/v1/me/payout-accounts', { token: invitee.token, body: { kind: 'bank_card', holderName: '小美', accountNo: '6222021200000050000', bankName: '工商银行' } }), 201);
  void bad;
  const before = ok(await call('GET', '/api/v1/me/balance', { token: invitee.token })).available;
  const accounts = ok(await call('GET', '/api/v1/me/payout-accounts', { token: invitee.token }));
  const failing = (accounts.items ?? accounts).find((a: any) => a.accountNoMasked.endsWith('0000'));
  const w2 = ok(await call('POST', '/api/v1/me/withdrawals', { token: invitee.token, key: 'w-second1', body: { amount: 30_00, payoutAccountId: failing.id } }), 201);
  ok(await call('POST', '/api/v1/withdrawals/approve', { token: op, body: { ids: [w2.id] } }));
  await runPayouts();
  assert.equal(ok(await call('GET', `/api/v1/withdrawals/${w2.id}`, { token: invitee.token })).status, 'failed');
  assert.equal(ok(await call('GET', '/api/v1/me/balance', { token: invitee.token })).available, before);
  assert.equal(await account('withdrawal_fees'), -1_00);
  // The daily count (2) is used up by the two approved today.
  fails(await call('POST', '/api/v1/me/withdrawals', { token: invitee.token, key: 'w-third-1', body: { amount: 20_00 } }), 422, 'withdrawal_not_allowed');
  assert.equal((await auditLedger(tp.ctx())).unbalancedEntries, 0);
  // The payout provider's statement agrees with the payouts and the ledger, to the fen.
  const rec = await reconcilePayouts(tp.ctx(), { from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 60_000) });
  assert.deepEqual(rec.differences, []);
  assert.equal(rec.providerPaid, 49_00);
});

test('the brand\u2019s month closes into a statement and is paid through the payout provider', async () => {
  const month = previousShanghaiMonth();
  // The clock moves: the lines settled so far count as settled last month.
  await q(`UPDATE line_settlements SET settled_at = settled_at - interval '32 days'`);
  fails(await call('POST', '/api/v1/brand-statements/close', { token: tokBrand, body: { period: month } }), 403, 'forbidden');
  ok(await call('POST', '/api/v1/brand-statements/close', { token: op, body: { period: month } }));
  const list = ok(await call('GET', '/api/v1/brand-statements', { token: tokBrand }));
  const st = list.items.find((s: any) => s.period === month);
  // Lines settled last month: 3 + 1 + 5 = 9 units at ¥100 base, 20% commission: ¥720 due. The
  // 3 units refunded after settlement fall in this month, as an adjustment of −3 × ¥80.
  assert.deepEqual([st.soldUnits, st.gross, st.commission, st.discountsBorne, st.settled, st.adjustments, st.amountDue, st.status], [9, 900_00, 180_00, 0, 720_00, 0, 720_00, 'closed']);
  const open = list.items[0];
  assert.deepEqual([open.status, open.soldUnits, open.adjustments, open.amountDue], ['open', 0, -240_00, 0]);
  // Another brand's statement is not found for this brand; a reseller may not read statements.
  fails(await call('GET', `/api/v1/brand-statements/${st.id}`, { token: invitee.token }), 403, 'forbidden');
  const pdf = await tp.app.inject({ method: 'GET', url: `/api/v1/brand-statements/${st.id}/pdf`, headers: { authorization: `Bearer ${tokBrand}` } });
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.body.slice(0, 5), '%PDF-');
  const csv = await tp.app.inject({ method: 'GET', url: '/api/v1/brand-statements.csv', headers: { authorization: `Bearer ${tokBrand}` } });
  assert.match(csv.body, /品牌,月份/);
  assert.match(csv.body, /,900,180,0,720,0,0,720,0,closed/);
  // No payout account: refused; the brand adds one; the operator pays; once.
  fails(await call('POST', `/api/v1/brand-statements/${st.id}/pay`, { token: op, body: {} }), 400, 'validation_failed');
  ok(await call('POST', '/api/v1/me/payout-accounts', { token: tokBrand, body: { kind: 'bank_card', holderName: '品牌公司', accountNo: '6222021234567890128', bankName: '招商银行' } }), 201);
  const payableBefore = await account('brand_payable', brand.brandId);
  const paying = ok(await call('POST', `/api/v1/brand-statements/${st.id}/pay`, { token: op, body: {} }));
  assert.equal(paying.status, 'paying');
  fails(await call('POST', `/api/v1/brand-statements/${st.id}/pay`, { token: op, body: {} }), 409, 'invalid_transition');
  await runPayouts();
  const done = ok(await call('GET', `/api/v1/brand-statements/${st.id}`, { token: tokBrand }));
  assert.deepEqual([done.status, done.paid], ['paid', 720_00]);
  assert.equal(await account('brand_payable', brand.brandId), payableBefore + 720_00);
  const evs = ok(await call('GET', `/api/v1/sale-events/${ev.id}/statement`, { token: tokBrand }));
  assert.deepEqual([evs.soldUnits, evs.keptUnits, evs.gross, evs.netPayable], [9, 6, 600_00, 480_00]);
});

test('the monthly review flags members under the minimum; confirming removes them with a pro-rata fee refund', async () => {
  const month = previousShanghaiMonth();
  // Both joined long ago (the clock moves); neither sold last month.
  await q(`UPDATE resellers SET created_at = now() - interval '90 days' WHERE id = ANY($1)`, [[inviter.resellerId, invitee.resellerId]]);
  await q(`UPDATE orders SET paid_at = now() WHERE reseller_id = $1`, [invitee.resellerId]);
  const rv = ok(await call('POST', '/api/v1/membership/reviews', { token: op, body: { month } }));
  assert.equal(rv.status, 'preview');
  const flagged = rv.rows.filter((r: any) => r.flagged).map((r: any) => r.resellerId).sort();
  assert.ok(flagged.includes(invitee.resellerId) && flagged.includes(inviter.resellerId));
  fails(await call('POST', `/api/v1/membership/reviews/${rv.id}/confirm`, { token: tokInviter, body: { remove: [] } }), 403, 'forbidden');
  fails(await call('POST', `/api/v1/membership/reviews/${rv.id}/confirm`, { token: op, body: { remove: ['rsl_notflagged'] } }), 400, 'validation_failed');
  const term = (await q<{ starts_at: Date; ends_at: Date }>(`SELECT starts_at, ends_at FROM membership_terms WHERE reseller_id = $1 AND status = 'active'`, [invitee.resellerId]))[0];
  const confirmed = ok(await call('POST', `/api/v1/membership/reviews/${rv.id}/confirm`, { token: op, body: { remove: [invitee.resellerId] } }));
  assert.equal(confirmed.status, 'confirmed');
  const row = confirmed.rows.find((r: any) => r.resellerId === invitee.resellerId);
  const removedAt = (await q<{ removed_at: Date }>('SELECT removed_at FROM resellers WHERE id = $1', [invitee.resellerId]))[0].removed_at;
  const expected = Math.floor(998_00 * (term.ends_at.getTime() - removedAt.getTime()) / (term.ends_at.getTime() - term.starts_at.getTime()));
  assert.equal(row.feeRefund, expected);
  assert.ok(expected > 990_00 && expected <= 998_00, `pro rata of almost a whole year: ${expected}`);
  assert.equal(confirmed.rows.find((r: any) => r.resellerId === inviter.resellerId).decision, 'keep');
  fails(await call('POST', `/api/v1/membership/reviews/${rv.id}/confirm`, { token: op, body: { remove: [] } }), 409, 'review_confirmed');
  // The removed member keeps their history and balance but sells no more, and may rejoin only after the waiting period.
  const me = ok(await call('GET', '/api/v1/me/membership', { token: invitee.token }));
  assert.equal(me.standing, 'removed');
  assert.ok(ok(await call('GET', '/api/v1/me/balance', { token: invitee.token })).available > 0);
  fails(await call('POST', `/api/v1/storefront/${invitee.shareCode}/orders`, { key: `s-${crypto.randomUUID()}`, body: { consumer: { name: '顾客', phone: '13600001234', address: ADDRESS }, lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity: 1 }] } }), 409, 'reseller_disabled');
  fails(await call('POST', '/api/v1/me/membership/renew', { token: invitee.token, body: {} }), 409, 'readmission_too_soon');
  // The refund goes through the gateway: fees net of it, provider cash down by it once it settles.
  assert.equal(await account('membership_fees'), -998_00 + expected);
  // Every refund still waiting (the refund-only ones above, sent by the job after 5 s) goes to the gateway now.
  for (const r of await q<{ id: string }>(`SELECT id FROM refunds WHERE status = 'pending' AND provider_ref IS NULL`)) await submitRefund(tp.ctx(), r.id);
  await tp.deliver();
  assert.equal(await account('refunds_in_flight'), 0);
  const audit = await auditLedger(tp.ctx());
  assert.deepEqual([audit.unbalancedEntries, audit.total], [0, 0]);
});

test('expiry stops new orders but keeps everything; renewal opens near the end and a renewed term follows on', async () => {
  // A fresh member through an operator's code, paid.
  const code = ok(await call('POST', '/api/v1/membership/invite-codes', { token: op, body: { maxUses: 1, days: 7, note: 'test' } }), 201).code;
  const phone = uniquePhone();
  const j = ok(await call('POST', '/api/v1/join', { body: { name: '小林', phone, password: 'password1', code } }), 201);
  await payOnGateway(tp, j.payUrl);
  fails(await call('POST', '/api/v1/join', { body: { name: '小周', phone: uniquePhone(), password: 'password1', code } }), 422, 'invitation_invalid');
  const token = await login(tp, phone, 'password1');
  const order = (t: string) => call('POST', '/api/v1/reseller/orders', { token: t, key: `o-${crypto.randomUUID()}`, body: { consumer: { name: '甲', phone: '13600009999', address: ADDRESS }, lines: [{ eventSkuId: ev.skus[0].eventSkuId, quantity: 1 }], payWith: 'provider' } });
  ok(await order(token), 201);
  // The clock moves past the term's end: no new orders, history kept.
  await q(`UPDATE resellers SET membership_expires_at = now() - interval '1 day' WHERE id = $1`, [j.resellerId]);
  fails(await order(token), 403, 'membership_expired');
  let me = ok(await call('GET', '/api/v1/me/membership', { token }));
  assert.deepEqual([me.standing, me.renewal.open], ['expired', true]);
  // Renewing after expiry: the new term starts when it is paid and runs a year.
  const r = ok(await call('POST', '/api/v1/me/membership/renew', { token, body: {} }), 201);
  await payOnGateway(tp, r.payUrl);
  me = ok(await call('GET', '/api/v1/me/membership', { token }));
  assert.equal(me.standing, 'active');
  assert.deepEqual(me.terms.map((t: any) => [t.termNo, t.status]), [[2, 'active'], [1, 'active']]);
  assert.ok(new Date(me.expiresAt).getTime() > Date.now() + 364 * 86400_000);
  ok(await order(token), 201);
  assert.equal(await account('membership_fees'), -(await q<{ s: string }>(`SELECT coalesce(sum(fee - refunded),0)::text AS s FROM membership_terms WHERE status IN ('active','removed')`))[0].s);
});

test('who may not: anonymous, other resellers, brands', async () => {
  fails(await call('GET', '/api/v1/me/balance'), 401, 'unauthenticated');
  fails(await call('GET', '/api/v1/withdrawals', { token: tokInviter }), 403, 'forbidden');
  fails(await call('GET', '/api/v1/members', { token: tokBrand }), 403, 'forbidden');
  fails(await call('GET', `/api/v1/resellers/${invitee.resellerId}/balance`, { token: tokInviter }), 403, 'forbidden');
  fails(await call('PUT', '/api/v1/membership/policy', { token: tokInviter, body: POLICY }), 403, 'forbidden');
  fails(await call('PUT', '/api/v1/membership/policy', { token: op, body: { ...POLICY, levels: POLICY.levels.slice(0, 4) } }), 400, 'validation_failed');
  fails(await call('POST', '/api/v1/brand-statements/close', { token: op, body: { period: '2099-01' } }), 400, 'validation_failed');
});
