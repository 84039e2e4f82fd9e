// Console helpers: API types, date and percentage conversions, column names and server
// problems (whose messages arrive in the operator's language).
import type { TFunction } from 'i18next';
import { ApiError, type FieldError } from '../../lib/api.ts';
import i18n from '../../lib/i18n.ts';
import { CHINA_TIME, monthDay } from '../../lib/device.ts';

// ---- API shapes (as the routes' zod schemas return them) ----

export interface Contract { id: string; commissionBps: number; exclusive: boolean; validFrom: string; validTo: string; yearlyPlan: number | null }
export interface Brand { id: string; name: string; nameEn: string | null; category: string; status: string; createdAt: string; contract: Contract | null }
export interface Lot { id: string; brandId: string; name: string; fileName: string; rowCount: number; units: number; createdAt: string; duplicate: boolean }
export interface Sku { id: string; skuCode: string; colour: string; size: string; barcode: string | null; tagPrice: number; basePrice: number; currency: string; supplied: number; allocated: number }
export interface Product { id: string; brandId: string; spuCode: string; name: string; category: string; description: string; images: string[]; skus: Sku[] }
export type EventStatus = 'draft' | 'scheduled' | 'live' | 'ended' | 'closed';
export interface Markup { minBps: number; maxBps: number; suggestedBps: number }
export interface EventSku { eventSkuId: string; skuId: string; productId: string; basePrice: number; tagPrice: number; currency: string; initial: number; available: number; held: number; sold: number }
export interface SaleEvent { id: string; brandId: string; title: string; description: string; startsAt: string; endsAt: string; status: EventStatus; markup: Markup; commissionBps: number; createdAt: string; skus: EventSku[] }
export interface SellThrough {
  saleEventId: string; title: string; status: string; startsAt: string; endsAt: string;
  totals: { initial: number; sold: number; held: number; available: number; sellThroughBps: number; baseRevenue: number };
  skus: { eventSkuId: string; productId: string; productName: string; colour: string; size: string; initial: number; sold: number; held: number; available: number; sellThroughBps: number }[];
  bySize: { size: string; initial: number; sold: number }[];
  hourly: { at: string; units: number }[];
}
export type Level = 'V1' | 'V2' | 'V3' | 'V4' | 'V5';
export const LEVELS: Level[] = ['V1', 'V2', 'V3', 'V4', 'V5'];
export interface Reseller { id: string; name: string; phone: string; level: Level; status: string; shareCode: string; invitedBy: string | null; membershipExpiresAt: string | null; createdAt: string }
export interface Address { province: string; city: string; district: string; detail: string }
export type OrderStatus = 'pending_payment' | 'paid' | 'partially_shipped' | 'shipped' | 'delivered' | 'completed' | 'expired' | 'cancelled';
export const ORDER_STATUSES: OrderStatus[] = ['pending_payment', 'paid', 'partially_shipped', 'shipped', 'delivered', 'completed', 'expired', 'cancelled'];
export interface OrderLine {
  id: string; eventSkuId: string; saleEventId: string; skuId: string; productId: string; brandId: string; quantity: number; basePrice: number | null; sellingPrice: number | null;
  productName?: string; colour?: string; size?: string; image?: string | null;
  /** Where the line's units are: short, shipped, delivered, returned, refunded… */
  units?: { cancelled: number; short: number; shipped: number; delivered: number; returned: number; refunded: number };
}
export interface Order {
  id: string; orderNo: string; kind: 'reseller' | 'storefront'; status: OrderStatus; resellerId: string;
  consumer: { name: string; phone: string; address: Address } | null;
  payMethod: string; currency: string; sellingTotal: number | null; baseTotal: number | null; amountDue: number | null;
  holdExpiresAt: string | null; paidAt: string | null; cancelledAt: string | null; cancelReason: string | null; note: string; createdAt: string;
  shippedAt?: string | null; deliveredAt?: string | null; returnWindowEndsAt?: string | null; discountTotal?: number | null;
  lines: OrderLine[]; payment: { id: string; status: string; payUrl: string | null } | null; refunds: Refund[];
}
export interface Page<T> { items: T[]; nextCursor: string | null }
export type RefundStatus = 'pending' | 'succeeded' | 'failed';
export const REFUND_STATUSES: RefundStatus[] = ['pending', 'succeeded', 'failed'];
/** A gateway refund of an order's payment (cancelled, paid too late, paid twice). */
export interface Refund { id: string; amount: number; currency: string; status: RefundStatus; reason: string; createdAt: string; settledAt: string | null }
/** A refund in the operator's list: with the order, payment, charge and gateway reference it belongs to. */
export interface RefundItem extends Refund { orderId: string | null; orderNo: string | null; chargeId: string; paymentId: string | null; providerRef: string | null }
export interface Mismatch {
  kind: 'charge' | 'refund'; providerRef: string; merchantRef: string;
  gateway: { amount: number; currency: string }; ours: { status: string; amount: number } | null;
}
/** One comparison of the gateway's books with ours; healthy when unheld and ledgerDifference are 0 and nothing is listed. */
export interface Reconciliation {
  id: string; provider: string; periodStart: string; periodEnd: string; currency: string;
  gatewayCaptured: number; gatewayRefunded: number; unheld: number; ledgerDifference: number; mismatches: Mismatch[]; createdAt: string;
}
export const reconciled = (r: Reconciliation) => r.unheld === 0 && r.ledgerDifference === 0 && r.mismatches.length === 0;

/** Orders the server still lets an operator cancel (before shipment). */
export const CANCELLABLE: OrderStatus[] = ['pending_payment', 'paid'];
export const PHONE_RE = /^1[3-9]\d{9}$/;
export const MAX_EVENT_DAYS = 14;

// ---- dates ----

const pad = (n: number) => String(n).padStart(2, '0');

// The console's dates are China's, whatever the browser's time zone (an operator abroad, a test
// browser on UTC): inputs are filled and read as China wall time, and weeks and days begin at China
// midnight — as every time the console prints is China time (CHINA_TIME). China keeps UTC+8 all
// year, so a wall time is the instant shifted by eight hours.
const CHINA_OFFSET = 8 * 3600_000;
const DAY_MS = 86400_000;
/** The instant's China wall time as a Date whose UTC fields read it. */
const wall = (d: Date) => new Date(d.getTime() + CHINA_OFFSET);

/** A Date as the value of <input type="datetime-local">, in China time. */
export function toLocalInput(d: Date): string {
  const w = wall(d);
  return `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}`;
}
/** <input type="date"> value: the China day of the instant. */
export function toDateInput(d: Date): string {
  const w = wall(d);
  return `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`;
}
/** A datetime-local value (China wall time) → ISO instant; null when empty or invalid. */
export function fromLocalInput(v: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v);
  if (!m) return null;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0)) - CHINA_OFFSET;
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
/** A date input (China midnight) → ISO instant. */
export function fromDateInput(v: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return null;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3]) - CHINA_OFFSET;
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

const locale = () => (i18n.language === 'en' ? 'en-GB' : 'zh-CN');
/** A date and time as every area prints it (one formatter: lib/device's whenText). */
export { whenText as fmtDateTime } from '../../lib/device.ts';
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', ...monthDay(i18n.language), timeZone: CHINA_TIME }).format(new Date(iso));
}
export function fmtShortDateTime(iso: string): string {
  return new Intl.DateTimeFormat(locale(), { ...monthDay(i18n.language), hour: '2-digit', minute: '2-digit', hour12: false, timeZone: CHINA_TIME }).format(new Date(iso));
}
export function fmtTime(iso: string): string {
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: CHINA_TIME }).format(new Date(iso));
}

/** Monday 00:00 China time of the week containing d. */
export function startOfWeek(d: Date): Date {
  const midnight = Math.floor(wall(d).getTime() / DAY_MS) * DAY_MS;
  const monday = midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(monday - CHINA_OFFSET);
}
/** n days later (China has no daylight saving: a day is always 24 hours). */
export function addDays(d: Date, n: number): Date {
  return new Date(d.getTime() + n * DAY_MS);
}
/** Whole China days from `from` (a China midnight) to the China day of `d`. */
export function chinaDayIndex(from: Date, d: Date): number {
  return Math.floor((d.getTime() - from.getTime()) / DAY_MS);
}

// ---- percentages as basis points, without floating point ----

/** "20" or "20.5" or "20.25" (percent) → 2000 / 2050 / 2025 bps; null when not a percentage. */
export function pctToBps(input: string): number | null {
  const m = /^\s*(\d{1,4})(?:\.(\d{1,2}))?\s*$/.exec(input);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
/** 2050 bps → "20.5". */
export function bpsToPct(bps: number): string {
  const whole = Math.floor(bps / 100);
  const frac = bps % 100;
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

/** Short money for chart axes: ¥1.2万 / ¥12k. Display only. */
export function yuanShort(fen: number): string {
  const y = Math.round(fen / 100);
  if (i18n.language === 'en') return y >= 1000 ? `¥${Math.round(y / 100) / 10}k` : `¥${y}`;
  return y >= 10000 ? `¥${Math.round(y / 1000) / 10}万` : `¥${y}`;
}

/** Percent change today vs yesterday; null when yesterday had nothing to compare with. */
export function changeBps(today: number, yesterday: number): number | null {
  if (yesterday === 0) return null;
  return Math.round(((today - yesterday) * 10000) / yesterday);
}

export function brandLabel(b: Pick<Brand, 'name' | 'nameEn'>): string {
  return i18n.language === 'en' && b.nameEn ? b.nameEn : b.name;
}

// ---- server messages in the operator's language ----

/** Lot-file column keys (as the server reports them) → header as the template writes it. */
export const LOT_COLUMNS = ['spu_code', 'product_name', 'category', 'colour', 'size', 'sku_code', 'barcode', 'tag_price', 'base_price', 'quantity', 'image_urls', 'description'] as const;

export function columnLabel(t: TFunction, column: string | undefined): string {
  if (!column) return '—';
  return (LOT_COLUMNS as readonly string[]).includes(column) ? t(`console.columns.${column}`) : column;
}

/** Field errors keyed by path without the "body." prefix, in the user's language. */
export function fieldErrors(t: TFunction, err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  for (const e of err.errors) {
    const key = e.path.replace(/^body\./, '');
    out[key] ??= e.message;
  }
  return out;
}

/** The problem's detail (the server writes it in the user's language). */
export function problemDetail(_t: TFunction, err: unknown): string | null {
  if (!(err instanceof ApiError)) return null;
  const d = (err.body as { detail?: unknown }).detail;
  return typeof d === 'string' && d ? d : null;
}

export function issueText(_t: TFunction, e: FieldError): string {
  return e.message;
}

export { downloadText } from '../../lib/csv.ts';

export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}
