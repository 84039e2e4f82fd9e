// The demo's money after delivery, made through the real use cases: paid orders outside purchase
// orders are shipped by their brands (drop-ship) — those of the past month delivered, and the ones
// delivered longer ago than the return window completed and settled in two rounds, so margins are
// available and the inviters earn their first rewards; the last days' orders on their way or
// within their return window; 李丽 and a brand record payout accounts, 李丽 withdraws (approved, paid by
// the sandbox payout provider while you watch) and 王芳 asks for a withdrawal the operator has yet
// to approve; someone joins through 李丽's invitation link and pays the fee, someone else signs up
// and has not paid yet.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';
import type { SandboxGateway } from '../modules/payments/index.ts';
import { moveUnits, dateShipments } from '../modules/orders/index.ts';
import { join, currentPolicy, setPolicy } from '../modules/resellers/index.ts';
import { addPayoutAccount, listMyPayoutAccounts } from '../modules/payouts/index.ts';
import { requestWithdrawal, approveWithdrawals, balanceOf } from '../modules/settlement/index.ts';
import { completeAndSettleOrders } from '../flows/settlement.flow.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from './logins.ts';

export interface SettlementSummary {
  /** Orders delivered longer ago than the return window: completed and settled. */
  delivered: number; settledOrders: number; rewards: number; joined: number; withdrawals: number;
  /** Orders delivered within the return window, and orders on their way. */
  awaitingReturnWindow: number; inTransit: number;
}

// When a drop-shipped order went out and arrived, from when it was paid: shipped 20–39 hours
// later, delivered 2–3 days after that. Spread by the order's id, so the same for every reader.
const SHIPPED_AT = sql`o.paid_at + make_interval(hours => 20 + abs(hashtext(o.id)) % 20)`;
const DELIVERED_AT = sql`o.paid_at + make_interval(hours => 20 + abs(hashtext(o.id)) % 20 + 48 + abs(hashtext(o.id || ':d')) % 24)`;

export async function seedSettlement(ctx: Ctx, opts: { gateway: SandboxGateway; deliverNotifications: () => Promise<void> }): Promise<SettlementSummary> {
  const out: SettlementSummary = { delivered: 0, settledOrders: 0, rewards: 0, joined: 0, withdrawals: 0, awaitingReturnWindow: 0, inTransit: 0 };
  const windowDays = ctx.deps.config.fulfilment.returnWindowDays;
  // Paid orders outside campaigns and purchase orders: their brands ship them (drop-ship). Where
  // each stands now follows from when it was paid (the history is a month long): delivered and
  // past the return window, delivered within it, on its way, or not yet shipped.
  const orders = (await ctx.db.execute<{ id: string; stage: 'completed' | 'delivered' | 'shipped' | 'paid' }>(sql`
    SELECT o.id, CASE WHEN ${DELIVERED_AT} + make_interval(days => ${windowDays}) <= now() THEN 'completed'
                      WHEN ${DELIVERED_AT} <= now() - interval '2 hours' THEN 'delivered'
                      WHEN ${SHIPPED_AT} <= now() - interval '1 hour' THEN 'shipped' ELSE 'paid' END AS stage
    FROM orders o WHERE o.status = 'paid' AND o.campaign IS NULL
      AND NOT EXISTS (SELECT 1 FROM order_lines l JOIN po_allocations a ON a.order_line_id = l.id WHERE l.order_id = o.id)
    ORDER BY o.paid_at, o.id`)).rows;
  const stage = (st: string) => orders.filter((o) => o.stage === st).map((o) => o.id);
  const completed = stage('completed');
  // The demo's policy: the defaults, but invitation rewards from an invitee's first settled sale
  // (the default waits for ¥1,000 of them), so the team screens have something to show.
  const policy = await currentPolicy(ctx);
  if (policy.version === 0) {
    const { version: _v, ...defaults } = policy;
    await setPolicy(ctx, { ...defaults, invitation: { ...defaults.invitation, thresholdSales: 0 } });
  }
  // Shipped and delivered through the use case, then dated from when each was paid; the orders
  // whose return window has so passed are completed and settled by the settlement job's own
  // flow, in two rounds (oldest first).
  const unitsOf = async (ids: string[]) => (await ctx.db.execute<{ id: string; n: number }>(sql`
    SELECT id, quantity - qty_cancelled - qty_short - qty_shipped AS n FROM order_lines WHERE order_id = ANY(${sql.param(ids)}::text[])`)).rows.filter((u) => u.n > 0)
    .map((u) => ({ orderLineId: u.id, quantity: Number(u.n) }));
  const deliver = async (ids: string[], arrived: boolean) => {
    if (ids.length === 0) return;
    const units = await unitsOf(ids);
    await moveUnits(ctx, 'shipped', units);
    if (arrived) await moveUnits(ctx, 'delivered', units);
    await dateShipments(ctx, ids, { shipped: SHIPPED_AT, delivered: DELIVERED_AT });
  };
  const half = Math.ceil(completed.length / 2);
  for (const round of [completed.slice(0, half), completed.slice(half)]) {
    if (round.length === 0) continue;
    await deliver(round, true);
    out.delivered += round.length;
    const s = await completeAndSettleOrders(ctx);
    out.settledOrders += s.orders;
    out.rewards += s.rewards;
  }
  await deliver(stage('delivered'), true);
  out.awaitingReturnWindow = stage('delivered').length;
  await deliver(stage('shipped'), false);
  out.inTransit = stage('shipped').length;

  const userOf = async (phone: string) => (await ctx.db.execute<{ id: string; reseller_id: string | null; brand_id: string | null }>(sql`SELECT id, reseller_id, brand_id FROM users WHERE phone = ${phone}`)).rows[0];
  const operator = await userOf(DEMO_LOGINS.operator.phone);
  const opCtx: Ctx = { ...ctx, actor: { kind: 'operator', userId: operator.id } };
  const resellerCtx = async (phone: string): Promise<Ctx | null> => {
    const u = await userOf(phone);
    return u?.reseller_id ? { ...ctx, actor: { kind: 'reseller', userId: u.id, resellerId: u.reseller_id } } : null;
  };

  // 李丽's bank card; a withdrawal approved and sent to the payout provider, and a second one
  // waiting for the operator (a forced re-seed finds the account there and leaves her be).
  const lili = await resellerCtx(DEMO_LOGINS.resellers[0].phone);
  if (lili && (await listMyPayoutAccounts(lili)).length === 0) {
    await addPayoutAccount(lili, { kind: 'bank_card', holderName: '李丽', accountNo: '6222021234567890128', bankName: '中国工商银行' });
    const available = (await balanceOf(lili)).available;
    const amount = Math.min(Math.floor(available / 3 / 100) * 100, 500_00);
    if (amount >= 10_00) {
      const first = await requestWithdrawal(lili, { amount, idempotencyKey: 'demo-withdrawal-1' });
      await approveWithdrawals(opCtx, [first.id]);
      await requestWithdrawal(lili, { amount, idempotencyKey: 'demo-withdrawal-2' });
      out.withdrawals += 2;
    }
  }
  const brandUser = await userOf(DEMO_LOGINS.brands[0].phone);
  const brandCtx: Ctx | null = brandUser?.brand_id ? { ...ctx, actor: { kind: 'brand', userId: brandUser.id, brandId: brandUser.brand_id } } : null;
  if (brandCtx && (await listMyPayoutAccounts(brandCtx)).length === 0) {
    await addPayoutAccount(brandCtx, { kind: 'bank_card', holderName: '城市漫步服饰有限公司', accountNo: '6225881234567890120', bankName: '招商银行' });
  }

  // Joining through 李丽's invitation link: one paid the ¥998 fee, one has not yet.
  const [inviter] = (await ctx.db.execute<{ share_code: string }>(sql`SELECT r.share_code FROM resellers r JOIN users u ON u.reseller_id = r.id WHERE u.phone = ${DEMO_LOGINS.resellers[0].phone}`)).rows;
  if (inviter) {
    for (const [name, phone, pay] of [['周晓梅', '13700000011', true], ['郑雅琪', '13700000012', false]] as const) {
      const exists = (await ctx.db.execute(sql`SELECT 1 FROM users WHERE phone = ${phone}`)).rows.length > 0;
      if (exists) continue;
      const j = await join({ ...ctx, actor: { kind: 'anonymous' } }, { name, phone, password: DEMO_PASSWORD, inviter: inviter.share_code });
      if (pay && j.payUrl) {
        await opts.gateway.completeCharge(j.payUrl.split('/').pop()!, 'succeed');
        await opts.deliverNotifications();
      }
      out.joined++;
    }
  }
  return out;
}
