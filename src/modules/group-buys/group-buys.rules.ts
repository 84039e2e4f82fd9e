// Pure rules of the group buy (拼团): what a valid offer is, where a group stands, and what a
// stranger may see of its members.
import type { FieldIssue } from '../../platform/errors.ts';

export type GroupStatus = 'open' | 'full' | 'succeeded' | 'failed';
export type MemberStatus = 'joined' | 'paid' | 'left' | 'refunded';

export interface OfferInput { groupSize: number; hours: number; groupPrice: number; basePrice: number; tagPrice: number }

/** An offer: 2–50 people, 1–72 hours, a group price above the platform price and at most the tag price. */
export function validateOffer(o: OfferInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!Number.isInteger(o.groupSize) || o.groupSize < 2 || o.groupSize > 50) issues.push({ path: 'groupSize', message: 'must be a whole number from 2 to 50' });
  if (!Number.isInteger(o.hours) || o.hours < 1 || o.hours > 72) issues.push({ path: 'hours', message: 'must be a whole number from 1 to 72' });
  if (!Number.isInteger(o.groupPrice) || o.groupPrice <= o.basePrice) issues.push({ path: 'groupPrice', message: `must be above the platform price (${o.basePrice} fen)` });
  else if (o.groupPrice > o.tagPrice) issues.push({ path: 'groupPrice', message: `must not exceed the tag price (${o.tagPrice} fen)` });
  return issues;
}

export interface GroupFacts { status: GroupStatus; size: number; joined: number; paid: number; expired: boolean }

/**
 * Where a group goes next, given its counters and the database clock:
 * every seat taken and paid → succeeded (even at the last second: the money is in);
 * expired before that → failed; nobody left in it → failed;
 * all seats taken but some unpaid → full; otherwise open. A decided group never moves again.
 */
export function nextGroupStatus(g: GroupFacts): GroupStatus {
  if (g.status === 'succeeded' || g.status === 'failed') return g.status;
  if (g.joined === g.size && g.paid === g.size) return 'succeeded';
  if (g.expired || g.joined === 0) return 'failed';
  return g.joined === g.size ? 'full' : 'open';
}

/** Members of a member-in-progress: who still holds a seat. */
export function holdsSeat(s: MemberStatus): boolean {
  return s === 'joined' || s === 'paid';
}

/** 13812345678 → 138****5678: enough for friends to recognise each other, no more. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** Seats left for newcomers. */
export function slotsLeft(g: Pick<GroupFacts, 'status' | 'size' | 'joined'>): number {
  return g.status === 'open' || g.status === 'full' ? Math.max(0, g.size - g.joined) : 0;
}
