// The demo's levels, earned. Its resellers are enrolled at the level each persona plays (the logins
// V5, V3 and V1), but a level is what the rolling sales earn — the daily job (03:00 China time)
// and the reseller's own 按最新销售重新评定 judge it again — and a month of demo sales is a small
// fraction of what the default policy asks (V2 at ¥30,000): left so, the first job moved every
// demo reseller to V1, and a V5's page said keeping V5 needs ¥1,000,000.
//
// So the demo's policy has thresholds on the demo's scale, set from its own sales, level by level
// from the bottom: each threshold is the next round ¥1,000 above everything the level below sold,
// and a reseller short of their level's threshold sells more — consumers' orders in their shop,
// through the real use cases and the sandbox gateway, as any of the seed's orders — until they
// reach it (plus a little, so the demo's members are not all exactly at a threshold). Every
// reseller then holds the level the policy gives their sales: the job changes nothing.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { SandboxGateway } from '../modules/payments/index.ts';
import { currentPolicy, salesBetween, LEVELS, type Level, type MembershipPolicy } from '../modules/resellers/index.ts';
import { placeStorefrontOrder } from '../flows/checkout.flow.ts';
import { pickLines, take, type SellingEvent } from './basket.ts';
import { consumer } from './people.ts';
import { chargeIdOf } from './notifications.ts';
import type { Rng } from './random.ts';

/** Thresholds are whole thousands of yuan (fen). */
const STEP = 1_000_00;
/** Orders one reseller may need to reach their level; more means the demo's stock ran out. */
const MOST_ORDERS = 150;

export interface EarnedLevels {
  /** V1 … V5: the sales each needs (fen); V1 at 0. */
  minSales: number[];
  /** The orders placed so that resellers reach their level, paid (ids). */
  sold: string[];
}

/** A level's threshold: the next round STEP above what the level below sold and above its threshold. */
function thresholdAbove(levelBelowSales: number[], thresholdBelow: number): number {
  const c = Math.max(thresholdBelow, ...levelBelowSales);
  return (Math.floor(c / STEP) + 1) * STEP;
}

/**
 * Set each level's threshold from the sales of the level below, and sell for the resellers of the
 * level who are short of it, level by level from V2 to V5. Returns the thresholds and the orders.
 */
export async function earnLevels(ctx: Ctx, o: {
  r: Rng; run: string; stage: string; live: SellingEvent[]; gateway: SandboxGateway; deliverNotifications: () => Promise<void>;
}): Promise<EarnedLevels> {
  const policy = await currentPolicy(ctx);
  const members = (await ctx.db.execute<{ id: string; level: Level; share_code: string }>(sql`
    SELECT id, level, share_code FROM resellers WHERE status IN ('active','suspended') ORDER BY id`)).rows;
  const salesNow = async () => salesBetween(ctx, new Date(Date.now() - policy.levelWindowDays * 86400_000), new Date(Date.now() + 60_000), members.map((m) => m.id));
  let sales = await salesNow();
  const of = (id: string) => sales.get(id) ?? 0;
  const anonymous: Ctx = { ...ctx, actor: { kind: 'anonymous' } };
  // Buyers no order has named before: 16, the stage, the run's number, a counter (11 digits). A
  // random phone may be one the seed already bound to another reseller, whose sale it would then be.
  let bought = 0;
  const runNo = Number(/\d+$/.exec(o.run)?.[0] ?? 0) % 100;
  const newPhone = () => `16${o.stage === 'a' ? 0 : 1}${String(runNo).padStart(2, '0')}${String(bought++).padStart(6, '0')}`;
  const minSales = [0];
  const sold: string[] = [];
  for (let k = 1; k < LEVELS.length; k++) {
    const below = members.filter((m) => m.level === LEVELS[k - 1]).map((m) => of(m.id));
    const threshold = thresholdAbove(below, minSales[k - 1]);
    minSales.push(threshold);
    const short = members.filter((m) => m.level === LEVELS[k] && of(m.id) < threshold);
    if (short.length === 0) continue;
    for (const m of short) {
      const target = threshold + o.r.int(1, 9) * 100_00;
      let reached = of(m.id);
      for (let n = 0; reached < target; n++) {
        if (n >= MOST_ORDERS) throw new Error(`demo seed: reseller ${m.id} could not sell ${target} for ${LEVELS[k]} in ${MOST_ORDERS} tries`);
        const ev = o.r.pick(o.live);
        const lines = pickLines(o.r, ev, Number.MAX_SAFE_INTEGER);
        if (!lines) continue;
        let placed;
        try {
          placed = await placeStorefrontOrder(anonymous, {
            shareCode: m.share_code, consumer: { ...consumer(o.r), phone: newPhone() }, lines: lines.lines, idempotencyKey: `${o.run}-level-${o.stage}-${m.id}-${n}`,
          });
        } catch (e) {
          // An item a campaign took over (a flash sale's, a presale's) or sold out meanwhile: another basket.
          if (e instanceof AppError) continue;
          throw e;
        }
        take(ev, lines.lines);
        // A buyer bound to another reseller would be that reseller's sale (流量保护): new phones never are.
        if (placed.order.resellerId !== m.id) throw new Error(`demo seed: an order in ${m.id}'s shop was attributed to ${placed.order.resellerId}`);
        await o.gateway.completeCharge(chargeIdOf(placed.order.payment?.payUrl), 'succeed');
        sold.push(placed.order.id);
        reached += Number(placed.order.sellingTotal ?? 0);
      }
    }
    // Paid when the gateway's notifications arrive; the level above is judged on what was paid.
    await o.deliverNotifications();
    sales = await salesNow();
    for (const m of short) if (of(m.id) < threshold) throw new Error(`demo seed: reseller ${m.id} sold ${of(m.id)}, short of ${threshold} for ${LEVELS[k]}`);
  }
  return { minSales, sold };
}

/** The policy with these thresholds (invitation quotas and perks as they were). */
export function withThresholds(policy: MembershipPolicy, minSales: number[]): MembershipPolicy {
  return { ...policy, levels: policy.levels.map((l, i) => ({ ...l, minSales: minSales[i] })) };
}
