// Property over the real services and database: whatever sequence of sign-ups (invitation link,
// fee paid on the sandbox gateway), storefront and reseller-placed orders, payments, deliveries,
// return windows ending, settlement runs, refunds before and after settlement, withdrawals (some
// to accounts the payout provider fails), approvals, rejections, payouts and monthly-review
// removals happens, the books stay exact: every entry balances, the gateway's and the payout
// provider's money is what the ledger says, every reward on a line refunded in full is clawed
// back whole, and each reseller's balances equal a plain computation from their order lines,
// rewards and withdrawals. SETTLEMENT_PROPERTY_RUNS / SETTLEMENT_PROPERTY_OPS scale it.
// Then referral abuse, scripted: a flood of sign-ups past the quota, self-invitation, cycles,
// a reward to someone else than the inviter, and refunds after a reward was paid out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fc from 'fast-check';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, ADDRESS, type ResellerFixture } from './support/fixtures.ts';
import type { Actor } from '../src/platform/context.ts';
import { AppError } from '../src/platform/errors.ts';
import { placeStorefrontOrder, placeResellerOrder } from '../src/flows/checkout.flow.ts';
import { completeAndSettleOrders, giveBack, confirmMonthlyReview } from '../src/flows/settlement.flow.ts';
import { auditLedger } from '../src/modules/ledger/index.ts';
import { moveUnits } from '../src/modules/orders/index.ts';
import { setPrices } from '../src/modules/pricing/index.ts';
import { refundOrderPayment, submitRefund } from '../src/modules/payments/index.ts';
import { addPayoutAccount, submitPendingPayouts } from '../src/modules/payouts/index.ts';
import { join, setPolicy, previewReview, type MembershipPolicy } from '../src/modules/resellers/index.ts';
import { requestWithdrawal, approveWithdrawals, closeWithdrawal } from '../src/modules/settlement/index.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

const RUNS = Number(process.env.SETTLEMENT_PROPERTY_RUNS ?? 10);
const OPS = Number(process.env.SETTLEMENT_PROPERTY_OPS ?? 20);
const GOOD_CARD = '6222021234567890128';
/** The sandbox payout provider fails every transfer to a card ending 0000 (a valid Luhn number). */
const BAD_CARD = '6222021200000050000';

const POLICY: MembershipPolicy = {
  annualFee: 998_00, renewWithinDays: 30, readmitAfterDays: 90, removalRefund: 'pro_rata', levelWindowDays: 90,
  levels: [
    { level: 'V1', minSales: 0, inviteQuota: 3, perks: [] }, { level: 'V2', minSales: 30_000_00, inviteQuota: 10, perks: [] },
    { level: 'V3', minSales: 100_000_00, inviteQuota: 20, perks: [] }, { level: 'V4', minSales: 300_000_00, inviteQuota: 50, perks: [] },
    { level: 'V5', minSales: 1_000_000_00, inviteQuota: 100, perks: [] },
  ],
  monthlyMinimum: 10_000_00, firstMonthExempt: true,
  invitation: { bps: 1000, basis: 'margin', thresholdSales: 0, months: 12 },
  team: { minLevel: 'V1', bps: 333 },
  withdrawal: { minAmount: 10_00, maxAmount: 50_000_00, dailyCount: 100, feeBps: 100, feeMin: 1_00 },
};

let tp: TestPlatform;
let events: SaleEventView[];
const q = async <T = any>(text: string, params: unknown[] = []) => (await tp.database.pool.query(text, params)).rows as T[];
const sys = () => tp.ctx();

before(async () => {
  tp = await testPlatform({ payouts: { provider: 'sandbox', queryAfterMinutes: 10, sandbox: { settleSeconds: 0, failureRate: 0, transientRate: 0, maxAmount: 5_000_000 } } } as never);
  await setPolicy(sys(), POLICY);
  const a = await brandWithLot(tp, { commissionBps: 2000, base: '99.99', qty: 5000, sizes: ['S'] });
  const b = await brandWithLot(tp, { commissionBps: 1750, base: '33.33', tag: '99.00', qty: 5000, sizes: ['S'] });
  const markup = { minBps: 0, maxBps: 5000, suggestedBps: 2000 };
  events = [await liveEvent(tp, a, { quantity: 2000, markup }), await liveEvent(tp, b, { quantity: 2000, markup })];
});
after(async () => { await tp?.close(); });

interface Member { resellerId: string; shareCode: string; phone: string; actor: Actor; inviterPhone: string | null; accounts: { good: string; bad: string } | null }

async function actorOf(resellerId: string): Promise<Actor> {
  const [u] = await q<{ id: string }>('SELECT id FROM users WHERE reseller_id = $1', [resellerId]);
  return { kind: 'reseller', userId: u.id, resellerId };
}

/** The reseller's selling prices: a markup of their own inside the window, on every SKU. */
async function pricesFor(m: Member, markupBps: number): Promise<void> {
  for (const ev of events) {
    await setPrices(tp.ctx(m.actor), { saleEventId: ev.id, prices: ev.skus.map((s) => ({ eventSkuId: s.eventSkuId, sellingPrice: s.basePrice + Math.floor((s.basePrice * markupBps) / 10_000) })) });
  }
}

/** Join through an inviter's link and pay the fee on the sandbox gateway (or leave it unpaid). */
async function signUp(inviter: Member, pays: boolean, markupBps: number): Promise<Member> {
  const phone = uniquePhone();
  const j = await join(tp.ctx({ kind: 'anonymous' }), { name: '新人', phone, password: 'password1', inviter: inviter.shareCode });
  const m: Member = { resellerId: j.resellerId, phone, shareCode: (await q('SELECT share_code FROM resellers WHERE id = $1', [j.resellerId]))[0].share_code, actor: await actorOf(j.resellerId), inviterPhone: inviter.phone, accounts: null };
  if (pays) {
    await tp.gateway.completeCharge(j.payUrl!.split('/').pop()!, 'succeed');
    await tp.deliver();
    await pricesFor(m, markupBps);
  }
  return m;
}

async function seedMember(markupBps: number): Promise<Member> {
  const r: ResellerFixture = await reseller(tp, 0);
  const m: Member = { resellerId: r.resellerId, shareCode: r.shareCode, phone: r.phone, actor: r.actor, inviterPhone: null, accounts: null };
  await pricesFor(m, markupBps);
  return m;
}

async function payoutAccounts(m: Member): Promise<{ good: string; bad: string }> {
  if (!m.accounts) {
    const good = await addPayoutAccount(tp.ctx(m.actor), { kind: 'bank_card', holderName: '代购', accountNo: GOOD_CARD, bankName: '工商银行' } as never);
    const bad = await addPayoutAccount(tp.ctx(m.actor), { kind: 'bank_card', holderName: '代购', accountNo: BAD_CARD, bankName: '工商银行' } as never);
    m.accounts = { good: good.id, bad: bad.id };
  }
  return m.accounts;
}

/** The payout provider settles and notifies until nothing moves. */
async function runPayouts(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const s = await submitPendingPayouts(sys());
    const t = await tp.payouts.tick();
    if (s.claimed === 0 && t.settled === 0 && t.delivered === 0) return;
  }
}

/** The gateway pays back every refund waiting (the job would, a few seconds later). */
async function sendRefunds(): Promise<void> {
  for (const r of await q<{ id: string }>(`SELECT id FROM refunds WHERE status = 'pending' AND provider_ref IS NULL`)) await submitRefund(sys(), r.id);
  await tp.deliver();
}

async function available(resellerId: string): Promise<number> {
  return Number((await q(`SELECT coalesce(-sum(amount), 0)::text AS s FROM journal_lines WHERE account = 'reseller_margin_available' AND party_id = $1`, [resellerId]))[0].s);
}

async function deliverOrder(orderId: string): Promise<void> {
  const units = (await q<{ id: string; quantity: number }>('SELECT id, quantity FROM order_lines WHERE order_id = $1', [orderId])).map((l) => ({ orderLineId: l.id, quantity: l.quantity }));
  await moveUnits(sys(), 'shipped', units);
  await moveUnits(sys(), 'delivered', units);
}

const members: Member[] = [];
const orders: { id: string; storefront: boolean }[] = [];
const withdrawals: string[] = [];

async function checkAfterPayouts(): Promise<void> {
  await runPayouts();
  await sendRefunds();
  await checkBooks();
}

let keySeq = 0;
const key = (p: string) => `${p}-${++keySeq}-${crypto.randomBytes(3).toString('hex')}`;
let reviewMonth = 0;

const op = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('join' as const), inviter: fc.nat(), pays: fc.nat(4), markup: fc.integer({ min: 0, max: 5000 }) }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('order' as const), who: fc.nat(), invitee: fc.nat(2), ship: fc.nat(2), kind: fc.constantFrom('storefront' as const, 'storefront' as const, 'reseller' as const), phone: fc.constantFrom('stranger' as const, 'stranger' as const, 'self' as const, 'inviter' as const), lines: fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 2 }), qty: fc.integer({ min: 1, max: 4 }), pay: fc.nat(5) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('deliver' as const), which: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('windowEnds' as const), which: fc.nat(), settle: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('settle' as const) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('refund' as const), settled: fc.boolean(), which: fc.nat(), line: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('withdraw' as const), who: fc.nat(), part: fc.integer({ min: 1, max: 100 }), good: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('decide' as const), which: fc.nat(), approve: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('payouts' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('remove' as const), who: fc.nat() }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** Expected refusals: the rules saying no, which the property does not count as failures. */
const REFUSALS = new Set(['invitation_quota_used', 'invitation_invalid', 'reseller_disabled', 'membership_unpaid', 'membership_expired', 'available_insufficient', 'withdrawal_not_allowed', 'sold_out', 'invalid_transition', 'quantity_unavailable', 'too_many_unpaid_orders', 'membership_removed']);

async function apply(a: Op): Promise<void> {
  const skus = events.flatMap((e) => e.skus.map((s) => s.eventSkuId));
  switch (a.t) {
    case 'join': {
      const inviter = members[a.inviter % members.length];
      members.push(await signUp(inviter, a.pays > 0, a.markup));
      return;
    }
    case 'order': {
      const invitees = members.filter((x) => x.inviterPhone);
      const from = a.invitee > 0 && invitees.length ? invitees : members;
      const m = from[a.who % from.length];
      const consumerPhone = a.phone === 'self' ? m.phone : a.phone === 'inviter' && m.inviterPhone ? m.inviterPhone : uniquePhone();
      const consumer = { name: '顾客', phone: consumerPhone, address: ADDRESS };
      const lines = a.lines.map((i) => ({ eventSkuId: skus[i % skus.length], quantity: a.qty + (i % 2) }));
      const placed = a.kind === 'storefront'
        ? await placeStorefrontOrder(tp.ctx({ kind: 'anonymous' }), { shareCode: m.shareCode, consumer, lines, idempotencyKey: key('sf') })
        : await placeResellerOrder(tp.ctx(m.actor), { consumer, lines, payWith: 'provider', idempotencyKey: key('ro') });
      orders.push({ id: placed.order.id, storefront: a.kind === 'storefront' });
      if (a.pay > 0 && placed.order.payment?.payUrl) {
        await tp.gateway.completeCharge(placed.order.payment.payUrl.split('/').pop()!, 'succeed');
        await tp.deliver();
        // Often shipped and delivered straight away.
        if (a.ship > 0) await deliverOrder(placed.order.id);
      }
      return;
    }
    case 'deliver': {
      const paid = await q<{ id: string }>(`SELECT id FROM orders WHERE id = ANY($1) AND status = 'paid' ORDER BY id`, [orders.map((o) => o.id)]);
      const o = paid[a.which % Math.max(paid.length, 1)];
      if (!o) return;
      await deliverOrder(o.id);
      return;
    }
    case 'windowEnds': {
      // The clock moves past one delivered order's return window (or every one's), and the job may run.
      const delivered = await q<{ id: string }>(`SELECT id FROM orders WHERE id = ANY($1) AND status = 'delivered' ORDER BY id`, [orders.map((o) => o.id)]);
      const ids = a.which % 2 === 0 ? delivered.map((d) => d.id) : delivered.slice(a.which % Math.max(delivered.length, 1)).slice(0, 1).map((d) => d.id);
      await q(`UPDATE orders SET return_window_ends_at = now() - interval '1 second' WHERE id = ANY($1)`, [ids]);
      if (a.settle > 0) await completeAndSettleOrders(sys());
      return;
    }
    case 'settle':
      await completeAndSettleOrders(sys());
      return;
    case 'refund': {
      // k of a line's remaining units given back (refund only), before or after settlement, and the gateway pays them back.
      const open = await q<{ order_id: string; id: string; remaining: number; settled: boolean }>(`
        SELECT l.order_id, l.id, l.quantity - l.qty_refunded AS remaining, EXISTS (SELECT 1 FROM line_settlements s WHERE s.order_line_id = l.id) AS settled
        FROM order_lines l JOIN orders o ON o.id = l.order_id
        WHERE o.id = ANY($1) AND o.paid_at IS NOT NULL AND l.quantity > l.qty_refunded ORDER BY l.id`, [orders.map((o) => o.id)]);
      const settled = open.filter((l) => l.settled);
      const pool = a.settled && settled.length ? settled : open;
      const l = pool[a.which % Math.max(pool.length, 1)];
      if (!l) return;
      const k = Math.max(1, Math.ceil((l.remaining * a.part) / 100));
      const kk = key('refund');
      const back = await giveBack(sys(), l.order_id, { kind: 'order_line_refund', reason: 'property', idempotencyKey: kk, causeType: 'test', causeId: kk, as: 'refund_only', units: [{ orderLineId: l.id, quantity: k }] });
      await refundOrderPayment(sys(), { orderId: l.order_id, amount: back.provider, reason: 'property', idempotencyKey: kk, lines: back.perLine });
      return;
    }
    case 'withdraw': {
      const withMoney: Member[] = [];
      for (const m of members) if ((await available(m.resellerId)) >= POLICY.withdrawal.minAmount) withMoney.push(m);
      const m = (withMoney.length ? withMoney : members)[a.who % (withMoney.length || members.length)];
      const acc = await payoutAccounts(m);
      const amount = Math.max(POLICY.withdrawal.minAmount, Math.floor(((await available(m.resellerId)) * a.part) / 100));
      const w = await requestWithdrawal(tp.ctx(m.actor), { amount, payoutAccountId: a.good > 0 ? acc.good : acc.bad, idempotencyKey: key('wd') });
      withdrawals.push(w.id);
      return;
    }
    case 'decide': {
      const requested = await q<{ id: string }>(`SELECT id FROM withdrawals WHERE id = ANY($1) AND status = 'requested' ORDER BY id`, [withdrawals]);
      const w = requested[a.which % Math.max(requested.length, 1)];
      if (!w) return;
      if (a.approve > 0) await approveWithdrawals(sys(), [w.id]);
      else await closeWithdrawal(sys(), w.id, { reject: 'property' });
      return;
    }
    case 'payouts':
      await runPayouts();
      return;
    case 'remove': {
      // The monthly review (a month of its own, the member made old enough to be judged) removes one member.
      if (a.who % 3 !== 0) return;
      const m = members[Math.floor(a.who / 3) % members.length];
      const month = `${2001 + Math.floor(reviewMonth / 12)}-${String((reviewMonth % 12) + 1).padStart(2, '0')}`;
      reviewMonth++;
      await q(`UPDATE resellers SET created_at = '2000-01-01' WHERE id = $1 AND status = 'active'`, [m.resellerId]);
      const rv = await previewReview(sys(), month);
      if (!rv.rows.some((r) => r.resellerId === m.resellerId && r.flagged)) return;
      await confirmMonthlyReview(sys(), rv.id, { remove: [m.resellerId] });
      return;
    }
  }
}

async function checkBooks(): Promise<void> {
  const audit = await auditLedger(sys());
  assert.equal(audit.unbalancedEntries, 0, 'every entry balances');
  assert.equal(audit.total, 0, 'Σ of every account over every party');
  assert.equal(audit.guardedMismatches, 0, 'guarded balances equal their lines');
  const total = async (account: string) => Number((await q(`SELECT coalesce(sum(amount), 0)::text AS s FROM journal_lines WHERE account = $1`, [account]))[0].s);

  // Money at the gateway: what it captured less what it paid back, by its own books.
  const [gw] = await q(`SELECT coalesce(sum(amount) FILTER (WHERE status = 'succeeded'), 0)::text AS captured, coalesce(sum(refunded), 0)::text AS refunded FROM sandbox_charges`);
  assert.equal(await total('refunds_in_flight'), 0, 'every refund settled');
  assert.equal(await total('provider_cash'), Number(gw.captured) - Number(gw.refunded), 'provider cash = captured − refunded at the gateway');
  // Money through the payout provider: out only for transfers that succeeded.
  const [po] = await q(`SELECT coalesce(sum(amount) FILTER (WHERE status = 'succeeded'), 0)::text AS paid, coalesce(sum(amount) FILTER (WHERE status IN ('pending','submitted')), 0)::text AS flying FROM payouts`);
  const [sb] = await q(`SELECT coalesce(sum(amount) FILTER (WHERE status = 'succeeded'), 0)::text AS paid FROM sandbox_payouts`);
  assert.equal(await total('payout_cash'), 0 - Number(po.paid), 'payout cash = − Σ succeeded payouts');
  assert.equal(Number(sb.paid), Number(po.paid), 'the provider paid what our payouts say');
  // A request only sets money aside; approval moves it into payouts in flight with its payout.
  assert.equal(await total('payouts_in_flight'), 0 - Number(po.flying), 'payouts in flight = payouts on their way');
  const [fees] = await q(`SELECT coalesce(sum(w.fee), 0)::text AS s FROM withdrawals w JOIN payouts p ON p.purpose = 'withdrawal' AND p.cause_id = w.id WHERE w.status = 'approved' AND p.status <> 'failed'`);
  assert.equal(await total('withdrawal_fees'), 0 - Number(fees.s), 'withdrawal fees of approved withdrawals not failed');

  // Rewards: what is left of each is exactly the rate of the basis of the kept units, rounded down
  // — all of it clawed back when the line was refunded in full; never on a self-purchase; one level.
  const rewards = await q<{ amount: string; clawed_back: string; basis: string; bps: number; units: number; kept: number; beneficiary_id: string; invited_by: string; consumer_phone: string; invitee_phone: string; inviter_phone: string }>(`
    SELECT w.amount::text, w.clawed_back::text, w.basis::text, w.bps, w.units, l.quantity - l.qty_refunded AS kept, w.beneficiary_id, r.invited_by,
      o.consumer_phone, r.phone AS invitee_phone, i.phone AS inviter_phone
    FROM rewards w JOIN order_lines l ON l.id = w.order_line_id JOIN orders o ON o.id = l.order_id
    JOIN resellers r ON r.id = w.invitee_id JOIN resellers i ON i.id = w.beneficiary_id`);
  for (const w of rewards) {
    const left = Number(w.amount) - Number(w.clawed_back);
    if (w.kept === 0) assert.equal(Number(w.clawed_back), Number(w.amount), 'a line refunded in full keeps none of its reward');
    assert.equal(left, Number((BigInt(w.basis) / BigInt(w.units) * BigInt(w.kept) * BigInt(w.bps)) / 10_000n), `reward left on ${w.kept} of ${w.units} units`);
    assert.equal(w.beneficiary_id, w.invited_by);
    assert.ok(w.consumer_phone !== w.invitee_phone && w.consumer_phone !== w.inviter_phone, 'no reward on a self-purchase');
  }

  // Each reseller: pending = margin of kept units of paid storefront orders not settled; available =
  // margin of kept units of settled ones + rewards left − withdrawals approved and not failed at the
  // provider (a request sets money aside without moving it: it may not be spent twice).
  const rows = await q<{ id: string; pending: string; available: string; exp_pending: string; exp_available: string }>(`
    WITH margins AS (
      SELECT o.reseller_id,
        sum((l.quantity - l.qty_refunded)::bigint * (l.selling_price - l.base_price)) FILTER (WHERE s.order_line_id IS NULL) AS pending,
        sum((l.quantity - l.qty_refunded)::bigint * (l.selling_price - l.base_price)) FILTER (WHERE s.order_line_id IS NOT NULL) AS settled
      FROM orders o JOIN order_lines l ON l.order_id = o.id LEFT JOIN line_settlements s ON s.order_line_id = l.id
      WHERE o.kind = 'storefront' AND o.paid_at IS NOT NULL GROUP BY 1),
    rw AS (SELECT beneficiary_id AS reseller_id, sum(amount - clawed_back) AS s FROM rewards GROUP BY 1),
    wd AS (
      SELECT w.reseller_id, sum(w.amount) AS s FROM withdrawals w LEFT JOIN payouts p ON p.purpose = 'withdrawal' AND p.cause_id = w.id
      WHERE w.status = 'approved' AND coalesce(p.status, '') <> 'failed' GROUP BY 1),
    led AS (
      SELECT party_id AS reseller_id, -sum(amount) FILTER (WHERE account = 'reseller_margin_pending') AS pending, -sum(amount) FILTER (WHERE account = 'reseller_margin_available') AS available
      FROM journal_lines WHERE account IN ('reseller_margin_pending','reseller_margin_available') GROUP BY 1)
    SELECT r.id, coalesce(led.pending, 0)::text AS pending, coalesce(led.available, 0)::text AS available,
      coalesce(m.pending, 0)::text AS exp_pending, (coalesce(m.settled, 0) + coalesce(rw.s, 0) - coalesce(wd.s, 0))::text AS exp_available
    FROM resellers r LEFT JOIN margins m ON m.reseller_id = r.id LEFT JOIN rw ON rw.reseller_id = r.id LEFT JOIN wd ON wd.reseller_id = r.id LEFT JOIN led ON led.reseller_id = r.id`);
  for (const r of rows) {
    assert.equal(r.pending, r.exp_pending, `pending of ${r.id}`);
    assert.equal(r.available, r.exp_available, `available of ${r.id}`);
  }
}

test(`settlement over the real services: ${RUNS} random sequences × ${OPS} operations keep the books exact`, async () => {
  await fc.assert(fc.asyncProperty(fc.array(op, { minLength: OPS, maxLength: OPS }), async (ops) => {
    // Each run brings an operator-enrolled member and one person they invite; earlier runs' members,
    // orders and withdrawals stay in play (a later run refunds lines an earlier one settled).
    const seed = await seedMember(2000);
    members.push(seed, await signUp(seed, true, 5000));
    for (const a of ops) {
      try {
        await apply(a);
      } catch (e) {
        if (!(e instanceof AppError) || !REFUSALS.has(e.code)) throw e;
      }
    }
    await checkAfterPayouts();
    // Then every paid order arrives and every window ends: what is left settles, and the books still agree.
    for (const o of await q<{ id: string }>(`SELECT id FROM orders WHERE id = ANY($1) AND status = 'paid'`, [orders.map((x) => x.id)])) await deliverOrder(o.id);
    await q(`UPDATE orders SET return_window_ends_at = now() - interval '1 second' WHERE id = ANY($1) AND status = 'delivered'`, [orders.map((x) => x.id)]);
    await completeAndSettleOrders(sys());
    await checkAfterPayouts();
  }), { numRuns: RUNS, includeErrorInReport: true });
});

// ---- referral abuse ----

test('scripted sign-ups from one link stop at the level’s invitation quota', async () => {
  const inviter = await seedMember(2000);
  for (let i = 0; i < POLICY.levels[0].inviteQuota; i++) await signUp(inviter, i % 2 === 0, 2000);
  for (let i = 0; i < 3; i++) {
    await assert.rejects(signUp(inviter, true, 2000), (e: unknown) => e instanceof AppError && e.code === 'invitation_quota_used');
  }
  assert.equal((await q('SELECT count(*)::int AS n FROM resellers WHERE invited_by = $1', [inviter.resellerId]))[0].n, POLICY.levels[0].inviteQuota);
});

test('self-invitation, cycles and a reward to anyone but the inviter are refused by the database', async () => {
  const a = await seedMember(2000);
  const b = await signUp(a, true, 2000);
  const c = await signUp(b, true, 2000);
  // Self-invitation: on the row itself, or a new row naming itself.
  await assert.rejects(q('UPDATE resellers SET invited_by = id WHERE id = $1', [a.resellerId]), /resellers_not_self_invited_ck|inviter cannot change/);
  await assert.rejects(q(`INSERT INTO resellers (id, name, phone, level, status, share_code, invited_by) VALUES ('rsl_selfinvite', 'x', $1, 'V1', 'pending', 'selfinv1', 'rsl_selfinvite')`, [uniquePhone()]), /resellers_not_self_invited_ck|resellers_invited_by_fk/);
  // Cycles: a → b → c, then c → a or b → a by changing an inviter: refused, the inviter is fixed.
  await assert.rejects(q('UPDATE resellers SET invited_by = $1 WHERE id = $2', [c.resellerId, a.resellerId]), /inviter cannot change/);
  await assert.rejects(q('UPDATE resellers SET invited_by = $1 WHERE id = $2', [b.resellerId, a.resellerId]), /inviter cannot change/);
  await assert.rejects(q('UPDATE resellers SET invited_by = $1 WHERE id = $2', [a.resellerId, c.resellerId]), /inviter cannot change/);
  // A settled line of c's; a reward on it to a (c's inviter's inviter: two levels up) or to c itself.
  const line = await settledLine(c, 2, uniquePhone());
  const reward = (beneficiary: string) => q(`INSERT INTO rewards (kind, order_line_id, beneficiary_id, invitee_id, basis, bps, amount, units) VALUES ('invitation', $1, $2, $3, 1000, 1000, 100, 2)`, [line.orderLineId, beneficiary, c.resellerId]);
  await assert.rejects(reward(a.resellerId), /rewards_one_level|not to their inviter/);
  await assert.rejects(reward(c.resellerId), /rewards_not_self_ck|rewards_one_level|not to their inviter/);
  // Re-pointing an existing reward to someone else is refused too.
  assert.equal((await q('SELECT beneficiary_id FROM rewards WHERE order_line_id = $1', [line.orderLineId]))[0].beneficiary_id, b.resellerId, 'the one reward is b’s');
  await assert.rejects(q('UPDATE rewards SET beneficiary_id = $1 WHERE order_line_id = $2', [a.resellerId, line.orderLineId]), /rewards_one_level|not to their inviter/);
});

/** A storefront sale of `quantity` units by `m`, delivered, its window over, settled. */
async function settledLine(m: Member, quantity: number, consumerPhone: string): Promise<{ orderId: string; orderLineId: string }> {
  const placed = await placeStorefrontOrder(tp.ctx({ kind: 'anonymous' }), { shareCode: m.shareCode, consumer: { name: '顾客', phone: consumerPhone, address: ADDRESS }, lines: [{ eventSkuId: events[0].skus[0].eventSkuId, quantity }], idempotencyKey: key('abuse') });
  await tp.gateway.completeCharge(placed.order.payment!.payUrl!.split('/').pop()!, 'succeed');
  await tp.deliver();
  const [l] = await q<{ id: string }>('SELECT id FROM order_lines WHERE order_id = $1', [placed.order.id]);
  await moveUnits(sys(), 'shipped', [{ orderLineId: l.id, quantity }]);
  await moveUnits(sys(), 'delivered', [{ orderLineId: l.id, quantity }]);
  await q(`UPDATE orders SET return_window_ends_at = now() - interval '1 second' WHERE id = $1`, [placed.order.id]);
  await completeAndSettleOrders(sys());
  return { orderId: placed.order.id, orderLineId: l.id };
}

test('refunds after the reward was paid out: the inviter’s balance goes negative by exactly what was clawed, and no unearned reward survives', async () => {
  const inviter = await seedMember(2000);
  const invitee = await signUp(inviter, true, 5000);
  // Two sales to strangers (3 and 2 units at base + 50%), one to the inviter's own phone (no reward).
  const a = await settledLine(invitee, 3, uniquePhone());
  const b = await settledLine(invitee, 2, uniquePhone());
  const self = await settledLine(invitee, 1, inviter.phone);
  assert.equal((await q('SELECT count(*)::int AS n FROM rewards WHERE order_line_id = $1', [self.orderLineId]))[0].n, 0, 'no reward on a sale to the inviter');
  const earned = Number((await q(`SELECT sum(amount)::text AS s FROM rewards WHERE beneficiary_id = $1`, [inviter.resellerId]))[0].s);
  assert.ok(earned >= POLICY.withdrawal.minAmount, `rewards to withdraw: ${earned}`);
  assert.equal(await available(inviter.resellerId), earned);
  // The inviter withdraws every fen and the payout succeeds.
  const acc = await payoutAccounts(inviter);
  const w = await requestWithdrawal(tp.ctx(inviter.actor), { amount: earned, payoutAccountId: acc.good, idempotencyKey: key('abuse-wd') });
  await approveWithdrawals(sys(), [w.id]);
  await runPayouts();
  assert.equal((await q(`SELECT status FROM payouts WHERE cause_id = $1`, [w.id]))[0].status, 'succeeded');
  assert.equal(await available(inviter.resellerId), 0);
  // Then the sales are refunded: line a one unit at a time, line b at once.
  const refund = async (s: { orderId: string; orderLineId: string }, units: number) => {
    const kk = key('abuse-refund');
    const back = await giveBack(sys(), s.orderId, { kind: 'order_line_refund', reason: 'after payout', idempotencyKey: kk, causeType: 'test', causeId: kk, as: 'refund_only', units: [{ orderLineId: s.orderLineId, quantity: units }] });
    await refundOrderPayment(sys(), { orderId: s.orderId, amount: back.provider, reason: 'after payout', idempotencyKey: kk, lines: back.perLine });
  };
  for (let i = 0; i < 3; i++) await refund(a, 1);
  await refund(b, 2);
  const [left] = await q(`SELECT sum(amount - clawed_back)::text AS left, sum(clawed_back)::text AS clawed FROM rewards WHERE order_line_id = ANY($1)`, [[a.orderLineId, b.orderLineId]]);
  assert.equal(Number(left.left), 0, 'no unearned reward survives');
  assert.equal(Number(left.clawed), earned);
  assert.equal(await available(inviter.resellerId), -earned, 'the inviter owes back exactly what was clawed (netted against future earnings)');
  // Withdrawing more is refused while the balance is negative.
  await assert.rejects(requestWithdrawal(tp.ctx(inviter.actor), { amount: POLICY.withdrawal.minAmount, payoutAccountId: acc.good, idempotencyKey: key('abuse-wd2') }), (e: unknown) => e instanceof AppError && e.code === 'available_insufficient');
  await sendRefunds();
  await checkBooks();
});
