// Membership policy and the pure rules that apply it: levels by rolling sales, the monthly
// minimum, fee refunds on removal, rewards and their clawback, withdrawal limits and fees.
// Amounts are fen (CNY minor units); rates are basis points. docs/membership.md.
import { z } from 'zod';
import type { Level } from './resellers.service.ts';

export const LEVELS: readonly Level[] = ['V1', 'V2', 'V3', 'V4', 'V5'];

const Fen = z.number().int().min(0).max(1_000_000_000_00);
const Bps = z.number().int().min(0).max(5000);
const LevelName = z.enum(['V1', 'V2', 'V3', 'V4', 'V5']);

export const MembershipPolicySchema = z.strictObject({
  /** The annual fee (年费), paid through the payment gateway. */
  annualFee: Fen.min(1),
  /** Renewal opens this many days before the term ends (and stays open after it ended). */
  renewWithinDays: z.number().int().min(0).max(365),
  /** A member removed by the review may join again after this many days. */
  readmitAfterDays: z.number().int().min(0).max(3650),
  /** What a removal gives back of the fee: all of it, the unused part of the term, or nothing. */
  removalRefund: z.enum(['full', 'pro_rata', 'none']),
  /** Levels are judged on the sales (kept units × selling price, orders paid) of this many days. */
  levelWindowDays: z.number().int().min(7).max(366),
  /** V1 … V5 in order: the rolling sales each needs, how many people a member may invite a year, the perks shown. */
  levels: z.array(z.strictObject({ level: LevelName, minSales: Fen, inviteQuota: z.number().int().min(0).max(10_000), perks: z.array(z.string().max(60)).max(10) })).length(5),
  /** The monthly review flags members whose month's sales are under this (月度考核). */
  monthlyMinimum: Fen,
  /** Members who joined during the month reviewed are not flagged for it. */
  firstMonthExempt: z.boolean(),
  /** The invitation reward: the inviter earns bps of the invitee's qualifying sales or margin, on lines settled once the invitee's settled sales passed the threshold, for this many months after they joined. */
  invitation: z.strictObject({ bps: Bps, basis: z.enum(['sales', 'margin']), thresholdSales: Fen, months: z.number().int().min(1).max(120) }),
  /** The team (training) reward: inviters at or above a level earn more bps of their own invitees' qualifying sales. */
  team: z.strictObject({ minLevel: LevelName, bps: Bps }),
  /** Withdrawals: per request bounds, requests a day, and the fee withheld (bps of the amount, at least feeMin). */
  withdrawal: z.strictObject({ minAmount: Fen.min(1), maxAmount: Fen.min(1), dailyCount: z.number().int().min(1).max(100), feeBps: z.number().int().min(0).max(1000), feeMin: Fen }),
}).superRefine((p, ctx) => {
  p.levels.forEach((l, i) => {
    if (l.level !== LEVELS[i]) ctx.addIssue({ code: 'custom', path: ['levels', i, 'level'], message: `level ${i + 1} must be ${LEVELS[i]}` });
    if (i > 0 && l.minSales <= p.levels[i - 1].minSales) ctx.addIssue({ code: 'custom', path: ['levels', i, 'minSales'], message: 'must be more than the level below' });
  });
  if (p.levels[0]?.minSales !== 0) ctx.addIssue({ code: 'custom', path: ['levels', 0, 'minSales'], message: 'V1 needs no sales' });
  if (p.withdrawal.maxAmount < p.withdrawal.minAmount) ctx.addIssue({ code: 'custom', path: ['withdrawal', 'maxAmount'], message: 'must be at least minAmount' });
  if (p.withdrawal.feeMin >= p.withdrawal.minAmount) ctx.addIssue({ code: 'custom', path: ['withdrawal', 'feeMin'], message: 'must be less than minAmount' });
});

export type MembershipPolicy = z.infer<typeof MembershipPolicySchema>;

/** The defaults: Aikucun's published figures where the seed gives them (¥998 a year, ¥10,000 a month, 10%). */
export const DEFAULT_POLICY: MembershipPolicy = {
  annualFee: 998_00,
  renewWithinDays: 30,
  readmitAfterDays: 90,
  removalRefund: 'pro_rata',
  levelWindowDays: 90,
  levels: [
    { level: 'V1', minSales: 0, inviteQuota: 5, perks: ['share_links'] },
    { level: 'V2', minSales: 30_000_00, inviteQuota: 10, perks: ['share_links', 'red_packets'] },
    { level: 'V3', minSales: 100_000_00, inviteQuota: 20, perks: ['share_links', 'red_packets', 'early_access'] },
    { level: 'V4', minSales: 300_000_00, inviteQuota: 50, perks: ['share_links', 'red_packets', 'early_access', 'team_reward'] },
    { level: 'V5', minSales: 1_000_000_00, inviteQuota: 100, perks: ['share_links', 'red_packets', 'early_access', 'team_reward', 'account_manager'] },
  ],
  monthlyMinimum: 10_000_00,
  firstMonthExempt: true,
  invitation: { bps: 1000, basis: 'margin', thresholdSales: 1_000_00, months: 12 },
  team: { minLevel: 'V4', bps: 200 },
  withdrawal: { minAmount: 10_00, maxAmount: 50_000_00, dailyCount: 3, feeBps: 0, feeMin: 0 },
};

/** The level a member's rolling sales earn. */
export function levelFor(p: MembershipPolicy, rollingSales: number): Level {
  let at: Level = 'V1';
  for (const l of p.levels) if (rollingSales >= l.minSales) at = l.level;
  return at;
}

/** The next level and what it still needs, or null at V5. */
export function nextLevel(p: MembershipPolicy, rollingSales: number): { level: Level; minSales: number; remaining: number } | null {
  const now = LEVELS.indexOf(levelFor(p, rollingSales));
  const n = p.levels[now + 1];
  return n ? { level: n.level, minSales: n.minSales, remaining: n.minSales - rollingSales } : null;
}

export function levelRank(l: Level): number {
  return LEVELS.indexOf(l);
}

/** A term's fee given back on removal at `at`: all, the unused share of the term (floor), or none; never more than is left. */
export function removalRefund(p: MembershipPolicy, term: { fee: number; refunded: number; startsAt: Date; endsAt: Date }, at: Date): number {
  const left = term.fee - term.refunded;
  if (p.removalRefund === 'none' || left <= 0) return 0;
  if (p.removalRefund === 'full') return left;
  const total = term.endsAt.getTime() - term.startsAt.getTime();
  const unused = Math.min(total, Math.max(0, term.endsAt.getTime() - at.getTime()));
  const share = Number((BigInt(term.fee) * BigInt(unused)) / BigInt(total));
  return Math.min(left, share);
}

/** The month's review verdict for one member. */
export function reviewVerdict(p: MembershipPolicy, monthSales: number, joinedAt: Date, month: { start: Date; end: Date }): { flagged: boolean; exempt: string | null } {
  if (monthSales >= p.monthlyMinimum) return { flagged: false, exempt: null };
  if (p.firstMonthExempt && joinedAt >= month.start) return { flagged: false, exempt: 'first_month' };
  return { flagged: true, exempt: null };
}

/** bps of an amount, rounded down to the fen (a reward never rounds up at the platform's cost). */
export function bpsOf(amount: number, bps: number): number {
  return Number((BigInt(amount) * BigInt(bps)) / 10000n);
}

/**
 * What to take back of a reward when `units` of the `remaining` units of its line are refunded:
 * whatever it still holds beyond bps of the basis of the units kept, rounded down as it was earned
 * — so what is left is always exactly what the kept units alone would have earned (a proportional
 * share rounded down would leave the inviter a fen the kept units never earned), and nothing once
 * the last unit is refunded, however the refunds were split. `reward.units` are the units it was
 * earned on, whose basis is `reward.basis` (a whole multiple of the units).
 */
export function clawbackOf(reward: { held: number; basis: number; bps: number; units: number }, units: number, remaining: number): number {
  if (!Number.isInteger(units) || !Number.isInteger(remaining) || units < 1 || units > remaining) throw new RangeError(`cannot claw back ${units} of ${remaining} units`);
  if (reward.held <= 0) return 0;
  const kept = Math.min(remaining - units, reward.units);
  const keep = kept === 0 ? 0 : bpsOf(Number((BigInt(reward.basis) * BigInt(kept)) / BigInt(reward.units)), reward.bps);
  return Math.max(0, reward.held - keep);
}

/** The fee withheld from a withdrawal. */
export function withdrawalFee(p: MembershipPolicy, amount: number): number {
  return Math.max(p.withdrawal.feeMin, bpsOf(amount, p.withdrawal.feeBps));
}

/** Whether a member may renew at `at`: within renewWithinDays of the end, or after it. */
export function mayRenew(p: MembershipPolicy, expiresAt: Date | null, at: Date): boolean {
  if (!expiresAt) return false;
  return at.getTime() >= expiresAt.getTime() - p.renewWithinDays * 86400_000;
}

/** A new term starts when the current one ends (renewal stacks) or now, and lasts a year. */
export function termSpan(currentEnd: Date | null, paidAt: Date): { startsAt: Date; endsAt: Date } {
  const startsAt = currentEnd && currentEnd > paidAt ? currentEnd : paidAt;
  const endsAt = new Date(startsAt);
  endsAt.setUTCFullYear(endsAt.getUTCFullYear() + 1);
  return { startsAt, endsAt };
}
