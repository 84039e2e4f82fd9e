// The membership and settlement screens' view of the API (members, the policy, invitation codes,
// monthly reviews, withdrawals, brand statements and payouts, payout reconciliations), their
// query keys, and the small rules they show before the server judges.
import type { Level } from './lib.ts';
import type { AccountView } from '../../components/payouts/accounts.ts';

export type Standing = 'pending' | 'active' | 'suspended' | 'removed' | 'expired';
export const STANDINGS: Standing[] = ['active', 'pending', 'expired', 'suspended', 'removed'];
export const STANDING_TAG: Record<Standing, string> = { active: 'tag-live', pending: 'tag-warn', expired: 'tag-closed', suspended: 'tag-closed', removed: 'tag-refund-failed' };
/** A reseller's status as its tag's class, wherever the console shows one (a status it does not know: closed). */
export const standingTag = (status: string): string => STANDING_TAG[status as Standing] ?? 'tag-closed';

export interface Member { id: string; name: string; phone: string; level: Level; standing: Standing; expiresAt: string | null; invitedBy: string | null; inviterName: string | null; invitees: number; joinedAt: string }
export interface TeamMember { id: string; name: string; level: Level; standing: Standing; joinedAt: string; monthSales: number; rollingSales: number }
export interface LevelRule { level: Level; minSales: number; inviteQuota: number; perks: string[] }
export interface Term { id: string; termNo: number; fee: number; status: string; startsAt: string | null; endsAt: string | null; refunded: number }
export interface Membership {
  resellerId: string; name: string; standing: Standing; level: Level; expiresAt: string | null; removedAt: string | null;
  invitedBy: { id: string; name: string } | null;
  rollingSales: number; windowDays: number; next: { level: Level; minSales: number; remaining: number } | null;
  levels: LevelRule[];
  invites: { quota: number; left: number; link: string };
  renewal: { open: boolean; from: string | null; fee: number };
  terms: Term[];
  history: { from: Level; to: Level; rollingSales: number; reason: string; at: string }[];
  team: TeamMember[];
}
export interface InviteCode { code: string; maxUses: number; uses: number; expiresAt: string; note: string; createdAt?: string }

export type RemovalRefund = 'full' | 'pro_rata' | 'none';
export interface Policy {
  annualFee: number; renewWithinDays: number; readmitAfterDays: number; removalRefund: RemovalRefund; levelWindowDays: number;
  levels: LevelRule[]; monthlyMinimum: number; firstMonthExempt: boolean;
  invitation: { bps: number; basis: 'sales' | 'margin'; thresholdSales: number; months: number };
  team: { minLevel: Level; bps: number };
  withdrawal: { minAmount: number; maxAmount: number; dailyCount: number; feeBps: number; feeMin: number };
  version?: number;
}
/** The perks the app knows how to name; a policy may carry others, shown as written. */
export const PERKS = ['share_links', 'red_packets', 'early_access', 'team_reward', 'account_manager'];

export interface ReviewHead { id: string; month: string; minimum: number; status: 'preview' | 'confirmed'; members: number; flagged: number; createdAt: string; confirmedAt: string | null }
export interface ReviewRow { resellerId: string; name: string; phone: string; level: Level; monthSales: number; flagged: boolean; exempt: string | null; decision: string | null; feeRefund: number }
export interface Review extends ReviewHead { rows: ReviewRow[]; bands: number[] }

export interface ResellerBalance {
  resellerId: string; currency: string; pending: number; available: number; withdrawing: number; withdrawn: number;
  rewards: { earned: number; clawedBack: number };
  days: { day: string; earned: number; withdrawn: number; available: number }[];
}

export type WithdrawalStatus = 'requested' | 'approved' | 'rejected' | 'cancelled' | 'paying' | 'paid' | 'failed';
/** The statuses the operator's list filters by (the server's filter). */
export const WITHDRAWAL_FILTERS = ['requested', 'approved', 'rejected', 'cancelled'] as const;
export const WITHDRAWAL_TAG: Record<WithdrawalStatus, string> = {
  requested: 'tag-warn', approved: 'tag-draft', paying: 'tag-draft', paid: 'tag-live', rejected: 'tag-closed', cancelled: 'tag-closed', failed: 'tag-refund-failed',
};
export interface Withdrawal {
  id: string; resellerId: string; resellerName?: string; amount: number; fee: number; net: number; currency: string; status: WithdrawalStatus;
  payoutAccountId: string; account: AccountView | null; rejectReason: string | null; failure: string | null;
  createdAt: string; decidedAt: string | null; paidAt: string | null;
}

export type StatementStatus = 'open' | 'closed' | 'paying' | 'paid';
export const STATEMENT_TAG: Record<StatementStatus, string> = { open: 'tag-scheduled', closed: 'tag-draft', paying: 'tag-warn', paid: 'tag-live' };
export interface StatementPayout { id: string; amount: number; status: string; account: AccountView | null; createdAt: string; settledAt: string | null; failure: string | null }
export interface BrandStatement {
  id: string | null; brandId: string; brandName: string; period: string; periodStart: string; periodEnd: string; currency: string;
  soldUnits: number; returnedUnits: number; shortUnits: number; gross: number; commission: number; discountsBorne: number;
  settled: number; adjustments: number; carriedIn: number; amountDue: number; status: StatementStatus; paid: number;
  payouts: StatementPayout[];
}

export type PayoutStatus = 'pending' | 'submitted' | 'succeeded' | 'failed';
export const PAYOUT_TAG: Record<PayoutStatus, string> = { pending: 'tag-warn', submitted: 'tag-draft', succeeded: 'tag-live', failed: 'tag-refund-failed' };
export interface Payout {
  id: string; purpose: 'withdrawal' | 'brand_payout'; causeId: string; partyKind: 'reseller' | 'brand'; partyId: string; payoutAccountId: string;
  account: AccountView; amount: number; currency: string; status: PayoutStatus; provider: string; merchantRef: string; providerRef: string | null;
  failureCode: string | null; failureMessage: string | null; attempts: number; lastError: string | null;
  createdAt: string; submittedAt: string | null; settledAt: string | null;
}

export type DifferenceCause = 'provider_paid_not_in_books' | 'books_paid_provider_failed' | 'amount_differs' | 'unknown_to_provider' | 'ledger_difference';
type Side = { status: string; amount: number; currency: string } | null;
export interface PayoutDifference {
  cause: DifferenceCause; payoutId: string | null; merchantRef: string | null; providerRef: string | null;
  provider: Side; ours: Side; account?: string; expected?: number; actual?: number; currency?: string;
}
export interface PayoutReconciliation {
  id: string; provider: string; periodStart: string; periodEnd: string; providerCount: number; providerPaid: number; booksPaid: number;
  differences: PayoutDifference[]; createdAt: string;
}

export const sk = {
  members: ['console', 'members'] as const,
  member: (id: string) => ['console', 'member', id] as const,
  balance: (id: string) => ['console', 'member', id, 'balance'] as const,
  inviteCodes: ['console', 'invite-codes'] as const,
  policy: ['console', 'membership-policy'] as const,
  reviews: ['console', 'reviews'] as const,
  review: (id: string) => ['console', 'review', id] as const,
  withdrawals: ['console', 'withdrawals'] as const,
  statements: ['console', 'brand-statements'] as const,
  payouts: ['console', 'payouts'] as const,
  payoutRecons: ['console', 'payout-reconciliations'] as const,
};

/** The month before the current one in China (the review's default), yyyy-mm. */
export function previousMonth(now = Date.now()): string {
  const d = new Date(now + 8 * 3_600_000);
  const y = d.getUTCFullYear(), m = d.getUTCMonth(); // m: this month, 0-based
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

/** The current month in China, yyyy-mm. */
export function currentMonth(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** The bands of the monthly minimum the review chart counts members in. */
export const BANDS = ['b0', 'b1', 'b2', 'b3', 'b4'] as const;

/** What the selection adds up to: count, amount, fee and net. */
export function totalsOf(ws: Pick<Withdrawal, 'amount' | 'fee' | 'net'>[]): { count: number; amount: number; fee: number; net: number } {
  const sum = { count: 0, amount: 0, fee: 0, net: 0 };
  for (const w of ws) { sum.count += 1; sum.amount += w.amount; sum.fee += w.fee; sum.net += w.net; }
  return sum;
}

/** The join link an invitation code opens in the reseller app. */
export const joinLink = (code: string) => `${location.origin}/reseller/join?code=${encodeURIComponent(code)}`;
