// The reseller app's view of the API: response types and the queries every screen shares.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import type { LineUnits } from '../../lib/returns.ts';
import type { AccountView, PayoutKind } from '../../components/payouts/accounts.ts';

export interface EventCard {
  id: string; title: string; brandId: string; brandName: string; startsAt: string; endsAt: string; ordersCloseAt: string; status: string; onSale: boolean;
  productCount: number; stockLeft: number; soldCount: number; coverImage: string | null;
  /** Deepest discount the prices give, tenths of 折 rounded up (27 = 2.7折); null: none. */
  discountTenths: number | null;
}
export interface Sku {
  eventSkuId: string; skuId: string; colour: string; size: string; tagPrice: number; basePrice: number; minPrice: number; maxPrice: number;
  suggestedPrice: number; myPrice: number | null; sellingPrice: number; profit: number; available: number; sold: number; currency: string;
  /** The operator pulled it from the event (已下架): off sale for good. */
  pulled: boolean;
}
export interface Product { id: string; name: string; category: string; description: string; images: string[]; skus: Sku[] }
export interface SaleEvent {
  id: string; title: string; description: string; brandId: string; startsAt: string; endsAt: string; ordersCloseAt: string; status: string; onSale: boolean;
  markup: { minBps: number; maxBps: number; suggestedBps: number }; products: Product[];
}
export interface Address { province: string; city: string; district: string; detail: string }
export interface Profile {
  reseller: { id: string; name: string; phone: string; level: string; status: string; shareCode: string; membershipExpiresAt: string | null };
  wallet: number; earnings: { pending: number; available: number };
}
export interface Today { orders: number; units: number; sales: number; margin: number; customers: number }
export interface Customer { id: string; name: string; phone: string; province: string; city: string; district: string; detail: string; tags: string[]; createdAt: string }
export interface OrderLine {
  id: string; eventSkuId: string; saleEventId: string; productId: string; productName: string; colour: string; size: string; image: string | null;
  quantity: number; basePrice: number | null; sellingPrice: number | null;
  /** Where the line's units are: short (the brand could not supply them), returned, refunded… */
  units: LineUnits;
}
/** A gateway refund of the order's payment (wallet payments go back to the wallet instead). */
export interface Refund { id: string; amount: number; currency: string; status: 'pending' | 'succeeded' | 'failed'; reason: string; createdAt: string; settledAt: string | null }
export interface Order {
  id: string; orderNo: string; kind: 'reseller' | 'storefront'; status: string; consumer: { name: string; phone: string; address: Address } | null;
  payMethod: string; sellingTotal: number | null; baseTotal: number | null; amountDue: number | null; holdExpiresAt: string | null; paidAt: string | null;
  cancelledAt: string | null; cancelReason: string | null; note: string; createdAt: string; lines: OrderLine[];
  shippedAt: string | null; deliveredAt: string | null;
  /** Returns may be asked for until then (delivery starts the window). */
  returnWindowEndsAt: string | null;
  payment: { id: string; status: string; payUrl: string | null } | null;
  refunds: Refund[];
}
export interface Topup { id: string; amount: number; status: string; payment: { id: string; status: string; payUrl: string | null } }
export interface PasteDraft {
  consumer: { name: string; phone: string; address: Address };
  lines: { eventSkuId: string; productId: string; productName: string; image: string | null; colour: string; size: string; quantity: number; price: number; basePrice: number; available: number }[];
  unmatched: { text: string; colour: string | null; size: string | null; product: string | null; quantity: number; reason: 'no_match' | 'ambiguous'; candidates: string[]; share: number }[];
  warnings: { code: string; message: string }[];
  confidence: number; unparsed: string;
}

export const keys = {
  events: ['reseller', 'events'] as const,
  event: (id: string) => ['reseller', 'event', id] as const,
  profile: ['reseller', 'profile'] as const,
  today: ['reseller', 'today'] as const,
  customers: (q: string) => ['reseller', 'customers', q] as const,
  orders: (status: string) => ['reseller', 'orders', status] as const,
  order: (id: string) => ['reseller', 'order', id] as const,
  orderReturns: (id: string) => ['reseller', 'order', id, 'returns'] as const,
  returns: (status: string) => ['reseller', 'returns', status] as const,
};

export const useEvents = () => useQuery({ queryKey: keys.events, queryFn: ({ signal }) => get<{ items: EventCard[] }>('/reseller/sale-events', signal) });
export const useEvent = (id: string) => useQuery({ queryKey: keys.event(id), queryFn: ({ signal }) => get<SaleEvent>(`/reseller/sale-events/${id}`, signal) });
export const useProfile = () => useQuery({ queryKey: keys.profile, queryFn: ({ signal }) => get<Profile>('/reseller/me', signal) });
export const useToday = () => useQuery({ queryKey: keys.today, queryFn: ({ signal }) => get<Today>('/reseller/today', signal) });

export function useCustomers(search: string) {
  return useInfiniteQuery({
    queryKey: keys.customers(search),
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => {
      const q = new URLSearchParams({ limit: '20' });
      if (pageParam) q.set('cursor', pageParam);
      if (search) q.set('search', search);
      return get<{ items: Customer[]; nextCursor: string | null }>(`/reseller/customers?${q}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** My orders of a status (all with ''), optionally those an order number, its tail, a name or a phone finds. */
export function useOrders(status: string, search = '') {
  return useInfiniteQuery({
    queryKey: [...keys.orders(status), search],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => {
      const q = new URLSearchParams({ limit: '20' });
      if (pageParam) q.set('cursor', pageParam);
      if (status) q.set('status', status);
      if (search) q.set('q', search);
      return get<{ items: Order[]; nextCursor: string | null }>(`/orders?${q}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export const useOrder = (id: string) => useQuery({
  queryKey: keys.order(id), queryFn: ({ signal }) => get<Order>(`/orders/${id}`, signal),
  // A refund settles when the gateway says so: look again while one is on its way.
  refetchInterval: (q) => (q.state.data?.refunds?.some((r) => r.status === 'pending') ? 5000 : false),
});

/** Same rule as the server (platform/http.ts Phone). */
export const PHONE_RE = /^1[3-9]\d{9}$/;
/** The storefront link a consumer opens. */
export const shareLink = (shareCode: string, saleEventId: string) => `${location.origin}/s/${shareCode}/e/${saleEventId}`;

const LETTER_SIZES = ['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', '2XL', 'XXXL', '3XL', '4XL'];
/** Sizes in the order people read them: S M L XL, 90 100 110, 30ml 50ml. */
export function bySize(a: string, b: string): number {
  const la = LETTER_SIZES.indexOf(a.toUpperCase()), lb = LETTER_SIZES.indexOf(b.toUpperCase());
  if (la >= 0 && lb >= 0) return la - lb;
  const na = parseFloat(a), nb = parseFloat(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb) && na !== nb) return na - nb;
  return a.localeCompare(b, 'zh-CN');
}

/** An unpaid order holding stock, and a customer's holds together (GET /reseller/holds). */
export interface HeldOrder {
  id: string; orderNo: string; kind: 'reseller' | 'storefront'; consumer: { name: string; phone: string }; units: number; amountDue: number; currency: string;
  campaign: string | null; createdAt: string; holdExpiresAt: string | null;
  lines: { eventSkuId: string; productName: string; colour: string; size: string; image: string | null; quantity: number }[];
}
export interface CustomerHolds { phone: string; name: string; orders: number; units: number; since: string; until: string | null }
export interface Holds { orders: HeldOrder[]; customers: CustomerHolds[]; totals: { orders: number; units: number } }
export const holdsKey = ['reseller', 'holds'] as const;
/** Holds end by themselves within minutes: look again now and then. */
export const useHolds = () => useQuery({ queryKey: holdsKey, queryFn: ({ signal }) => get<Holds>('/reseller/holds', signal), refetchInterval: 20_000 });

// ---- membership, team, balance and withdrawals (membership.routes.ts, settlement.routes.ts, payouts.routes.ts) ----

export type Level = 'V1' | 'V2' | 'V3' | 'V4' | 'V5';
/** pending: signed up, fee unpaid; expired: past the paid term; removed: by the monthly review; suspended: by the operator. */
export type Standing = 'pending' | 'active' | 'suspended' | 'removed' | 'expired';
export interface Invitation { kind: 'reseller' | 'code'; inviterName: string | null; usable: boolean; fee: number; currency: string }
export interface Joined { resellerId: string; termId: string; fee: number; currency: string; payUrl: string | null }
export interface Membership {
  resellerId: string; name: string; standing: Standing; level: Level; expiresAt: string | null; removedAt: string | null;
  invitedBy: { id: string; name: string } | null;
  rollingSales: number; windowDays: number; next: { level: Level; minSales: number; remaining: number } | null;
  levels: { level: Level; minSales: number; inviteQuota: number; perks: string[] }[];
  invites: { quota: number; left: number; link: string };
  renewal: { open: boolean; from: string | null; fee: number };
  pendingTerm: { id: string; fee: number; payUrl: string | null } | null;
  terms: { id: string; termNo: number; fee: number; status: string; startsAt: string | null; endsAt: string | null; refunded: number }[];
  history: { from: Level; to: Level; rollingSales: number; reason: string; at: string }[];
}
export interface TeamMember { id: string; name: string; level: Level; standing: Standing; joinedAt: string; monthSales: number; rollingSales: number }
export interface Reward { id: string; kind: string; inviteeId: string; inviteeName: string; orderLineId: string; basis: number; bps: number; amount: number; clawedBack: number; createdAt: string }
export interface Balance {
  resellerId: string; currency: string; pending: number; available: number; withdrawing: number; withdrawn: number;
  rewards: { earned: number; clawedBack: number };
  /** The last 30 China days: what became available, what was withdrawn, and the available balance at the day's end. */
  days: { day: string; earned: number; withdrawn: number; available: number }[];
}
export interface PayoutAccount { id: string; kind: PayoutKind; holderName: string; accountNoMasked: string; bankName: string | null; isDefault: boolean; createdAt: string }
export type WithdrawalStatus = 'requested' | 'approved' | 'rejected' | 'cancelled' | 'paying' | 'paid' | 'failed';
export interface Withdrawal {
  id: string; amount: number; fee: number; net: number; currency: string; status: WithdrawalStatus; payoutAccountId: string;
  account: AccountView | null;
  rejectReason: string | null; failure: string | null; createdAt: string; decidedAt: string | null; paidAt: string | null;
}

export const moneyKeys = {
  membership: ['reseller', 'membership'] as const,
  team: ['reseller', 'team'] as const,
  rewards: ['reseller', 'rewards'] as const,
  balance: ['reseller', 'balance'] as const,
  withdrawals: ['reseller', 'withdrawals'] as const,
  accounts: ['reseller', 'payout-accounts'] as const,
};

/** My membership; looked at again every 1.5 s while `poll` (back from the gateway, until the fee is in). */
export const useMembership = (poll = false) => useQuery({
  queryKey: moneyKeys.membership, queryFn: ({ signal }) => get<Membership>('/me/membership', signal),
  refetchInterval: (q) => (poll && q.state.data?.standing !== 'active' && q.state.dataUpdateCount < 80 ? 1500 : false),
});
export const useTeam = () => useQuery({ queryKey: moneyKeys.team, queryFn: ({ signal }) => get<{ items: TeamMember[] }>('/me/team', signal) });
export const useBalance = () => useQuery({ queryKey: moneyKeys.balance, queryFn: ({ signal }) => get<Balance>('/me/balance', signal) });
export const usePayoutAccounts = () => useQuery({ queryKey: moneyKeys.accounts, queryFn: ({ signal }) => get<{ items: PayoutAccount[] }>('/me/payout-accounts', signal) });

function pages<T>(key: readonly string[], path: string) {
  return {
    queryKey: key,
    initialPageParam: '',
    queryFn: ({ pageParam, signal }: { pageParam: string; signal: AbortSignal }) => {
      const q = new URLSearchParams({ limit: '20' });
      if (pageParam) q.set('cursor', pageParam);
      return get<{ items: T[]; nextCursor: string | null }>(`${path}?${q}`, signal);
    },
    getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor ?? undefined,
  };
}
export const useRewards = () => useInfiniteQuery(pages<Reward>(moneyKeys.rewards, '/me/rewards'));
/** Withdrawals still moving are looked at again: often while being paid, now and then while awaiting the operator. */
export const useWithdrawals = () => useInfiniteQuery({
  ...pages<Withdrawal>(moneyKeys.withdrawals, '/me/withdrawals'),
  refetchInterval: (q) => {
    const items = q.state.data?.pages.flatMap((p) => p.items) ?? [];
    return items.some((w) => w.status === 'approved' || w.status === 'paying') ? 5000 : items.some((w) => w.status === 'requested') ? 30_000 : false;
  },
});
