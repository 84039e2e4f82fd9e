// Brand portal: the API shapes it reads, its queries, and the money and time rules it shows.
import { useQuery } from '@tanstack/react-query';
import type { Traffic } from '../../components/Traffic.tsx';
import { get } from '../../lib/api.ts';
import { CHINA_TIME, monthDay } from '../../lib/device.ts';
import type { LineUnits } from '../../lib/returns.ts';
import type { AccountView, PayoutKind } from '../../components/payouts/accounts.ts';

export interface Contract { id: string; commissionBps: number; exclusive: boolean; validFrom: string; validTo: string; yearlyPlan: number | null }
export interface Brand { id: string; name: string; nameEn: string | null; category: string; status: string; createdAt: string; contract: Contract | null }
export interface Statement { partyId: string; payable: number; accounts: { account: string; balance: number }[] }
export interface Lot { id: string; brandId: string; name: string; fileName: string; rowCount: number; units: number; createdAt: string; duplicate: boolean }
export interface Sku { id: string; skuCode: string; colour: string; size: string; barcode: string | null; tagPrice: number; basePrice: number; currency: string; supplied: number; allocated: number }
export interface Product { id: string; brandId: string; spuCode: string; name: string; category: string; description: string; images: string[]; skus: Sku[] }
export interface Page<T> { items: T[]; nextCursor: string | null }
export type EventStatus = 'draft' | 'scheduled' | 'live' | 'ended' | 'closed';
export interface EventSku { eventSkuId: string; skuId: string; productId: string; basePrice: number; tagPrice: number; currency: string; initial: number; available: number; held: number; sold: number }
export interface SaleEvent { id: string; brandId: string; title: string; description: string; startsAt: string; endsAt: string; status: EventStatus; commissionBps: number; createdAt: string; skus: EventSku[] }
export interface SellThrough {
  saleEventId: string; title: string; status: string; startsAt: string; endsAt: string;
  totals: { initial: number; sold: number; held: number; available: number; sellThroughBps: number; baseRevenue: number };
  skus: { eventSkuId: string; productId: string; productName: string; colour: string; size: string; initial: number; sold: number; held: number; available: number; sellThroughBps: number }[];
  bySize: { size: string; initial: number; sold: number }[];
  hourly: { at: string; units: number }[];
  traffic: Traffic;
}
export interface OrderLine {
  id: string; eventSkuId: string; saleEventId: string; skuId: string; productId: string; brandId: string; quantity: number; basePrice: number | null;
  productName?: string; colour?: string; size?: string;
  /** The commission rate frozen on the line (what the payable is computed from). */
  commissionBps?: number | null;
  /** Where the line's units are: short (not supplied), returned, refunded (short, returned, cancelled or refund-only). */
  units?: LineUnits;
}
export interface Order { id: string; orderNo: string; kind: string; status: string; createdAt: string; paidAt: string | null; note: string; lines: OrderLine[] }

export const LIVE_REFRESH_MS = 15_000;

export function useBrand(brandId: string) {
  return useQuery({ queryKey: ['brand', brandId, 'profile'], queryFn: ({ signal }) => get<Brand>(`/brands/${brandId}`, signal) });
}

export function useStatement(brandId: string) {
  return useQuery({ queryKey: ['brand', brandId, 'statement'], queryFn: ({ signal }) => get<Statement>(`/brands/${brandId}/statement`, signal) });
}

/** The brand's events, newest first; the server already limits a brand to its own. */
export function useEvents(brandId: string) {
  return useQuery({
    queryKey: ['brand', brandId, 'events'],
    queryFn: async ({ signal }) => (await get<{ items: SaleEvent[] }>(`/sale-events?brandId=${brandId}&limit=200`, signal)).items,
  });
}

/** Every product of the brand (SKU code, colour and size by SKU id), for naming order lines. */
export function useSkuIndex(brandId: string) {
  return useQuery({
    queryKey: ['brand', brandId, 'sku-index'],
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const index = new Map<string, { product: Product; sku: Sku }>();
      let cursor: string | null = null;
      // A brand's catalogue is hundreds of products at most; 200 a page keeps this to a few calls.
      for (let i = 0; i < 50; i++) {
        const page: Page<Product> = await get<Page<Product>>(`/brands/${brandId}/products?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, signal);
        for (const p of page.items) for (const s of p.skus) index.set(s.id, { product: p, sku: s });
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return index;
    },
  });
}

export function eventTotals(e: SaleEvent) {
  let initial = 0, sold = 0;
  for (const s of e.skus) { initial += s.initial; sold += s.sold; }
  return { initial, sold, bps: sellThroughBps(sold, initial) };
}

/** Same rounding as the server's sell-through (floor), so the two never disagree. */
export function sellThroughBps(sold: number, initial: number): number {
  return initial > 0 ? Math.floor((sold * 10_000) / initial) : 0;
}

/**
 * What the brand is owed for one order line: base × qty split into commission and payable by
 * largest remainder, exactly as the ledger posts it (ties go to the commission, the first part).
 */
export function lineOwed(basePrice: number, quantity: number, commissionBps: number): { gross: number; commission: number; owed: number } {
  const gross = basePrice * quantity;
  const g = BigInt(gross);
  const c = (g * BigInt(commissionBps)) / 10_000n, cr = (g * BigInt(commissionBps)) % 10_000n;
  const p = (g * BigInt(10_000 - commissionBps)) / 10_000n, pr = (g * BigInt(10_000 - commissionBps)) % 10_000n;
  let commission = Number(c), owed = Number(p);
  if (commission + owed < gross) { if (cr >= pr) commission += 1; else owed += 1; }
  return { gross, commission, owed };
}

/**
 * Units of a line the brand is paid for: the units not given back — refunded counts the units
 * short (not supplied), returned, cancelled after payment and refunded without a return, each of
 * which reverses its amount owed.
 */
export function keptUnits(l: Pick<OrderLine, 'quantity' | 'units'>): number {
  return l.units ? Math.max(0, l.quantity - l.units.refunded) : l.quantity;
}

/** Timestamps come as ISO strings, and from the analytics read model as "2026-11-26 09:00:00+00". */
export function parseTs(s: string): number {
  const iso = /^\d{4}-\d{2}-\d{2} /.test(s) ? s.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00') : s;
  return Date.parse(iso);
}

// The platform reports and buckets by Beijing time (no daylight saving), so the portal shows it too.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export function fmtDateTime(s: string | number, lang: string): string {
  const d = new Date(typeof s === 'number' ? s : parseTs(s));
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: CHINA_TIME, ...monthDay(lang), hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

export function fmtDate(s: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: CHINA_TIME, year: 'numeric', ...monthDay(lang) }).format(new Date(parseTs(s)));
}

/** A calendar day the API sends as yyyy-mm-dd (a ship date) in the portal's date format. */
export function fmtDay(day: string, lang: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? fmtDate(`${day}T12:00:00+08:00`, lang) : day;
}

/** "2026-11-26T23:00" (Beijing) for an instant, the key the hourly sales series uses. */
export function beijingHourKey(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 13) + ':00';
}

/** Every hour from the event's start to now (or its end), with the units sold in each. */
export function hourlySeries(st: SellThrough, now: number): { at: string; units: number }[] {
  const byHour = new Map(st.hourly.map((h) => [h.at, h.units]));
  const start = parseTs(st.startsAt), end = Math.min(parseTs(st.endsAt), now);
  const out: { at: string; units: number }[] = [];
  if (Number.isFinite(start) && end > start && end - start <= 31 * 86_400_000) {
    for (let t = start - (start % 3_600_000); t <= end; t += 3_600_000) {
      const k = beijingHourKey(t);
      out.push({ at: k, units: byHour.get(k) ?? 0 });
      byHour.delete(k);
    }
  }
  // Sales outside the window (a clock skew, a late payment) still belong on the curve.
  for (const [at, units] of byHour) out.push({ at, units });
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

const SIZE_ORDER = ['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', '2XL', 'XXXL', '3XL', '4XL', '5XL', '均码', 'F', 'ONE SIZE'];

/** Clothing sizes in wearing order, children's heights and volumes by number, the rest as given. */
export function sortSizes(sizes: Iterable<string>): string[] {
  const list = [...new Set(sizes)];
  const rank = (s: string) => {
    const i = SIZE_ORDER.indexOf(s.toUpperCase());
    if (i >= 0) return i;
    const n = /^(\d+(?:\.\d+)?)/.exec(s);
    return n ? 1000 + Number(n[1]) : Number.POSITIVE_INFINITY;
  };
  return list.map((s, i) => ({ s, i, r: rank(s) })).sort((a, b) => (a.r === b.r ? a.i - b.i : a.r - b.r)).map((x) => x.s);
}

export function isOpen(e: { status: string }): boolean {
  return e.status === 'live' || e.status === 'scheduled';
}

// ---- settlement (回款): monthly statements, a sale event's statement, payout accounts ----

export type StatementStatus = 'open' | 'closed' | 'paying' | 'paid';
export interface MonthStatement {
  id: string | null; brandId: string; brandName: string; period: string; periodStart: string; periodEnd: string; currency: string;
  soldUnits: number; returnedUnits: number; shortUnits: number; gross: number; commission: number; discountsBorne: number;
  settled: number; adjustments: number; carriedIn: number; amountDue: number; status: StatementStatus; paid: number;
  payouts: { id: string; amount: number; status: string; account: AccountView | null; createdAt: string; settledAt: string | null; failure: string | null }[];
}
export interface EventStatement {
  brandId: string; brandName: string; saleEventId: string; title: string; currency: string;
  soldUnits: number; cancelledUnits: number; shortUnits: number; returnedUnits: number; keptUnits: number;
  gross: number; commission: number; discountsBorne: number; netPayable: number; settled: number; settledLines: number; lines: number;
  skus: { skuId: string; skuCode: string; name: string; sold: number; short: number; returned: number; kept: number; gross: number; netPayable: number }[];
}
export interface PayoutAccount {
  id: string; ownerKind: 'reseller' | 'brand'; ownerId: string; kind: PayoutKind; holderName: string; accountNoMasked: string;
  bankName: string | null; isDefault: boolean; createdAt: string; removedAt: string | null;
}

export const settlementKeys = {
  statements: (brandId: string) => ['brand', brandId, 'month-statements'] as const,
  event: (brandId: string, saleEventId: string) => ['brand', brandId, 'event-statement', saleEventId] as const,
  accounts: (brandId: string) => ['brand', brandId, 'payout-accounts'] as const,
};

/** The brand's monthly statements, newest first: the month as it stands, then the closed ones. */
export function useMonthStatements(brandId: string) {
  return useQuery({
    queryKey: settlementKeys.statements(brandId),
    queryFn: ({ signal }) => get<{ items: MonthStatement[] }>('/brand-statements', signal).then((r) => r.items),
    // A payout in flight settles on the provider's time.
    refetchInterval: (q) => (q.state.data?.some((s) => s.status === 'paying') ? 5000 : false),
  });
}
