// Storefront data: the API shapes a consumer sees, the query hooks, the cart and the saved
// order links (both in localStorage, per share code, because consumers have no account).
import { useSyncExternalStore } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get } from '../../lib/api.ts';
import type { LineUnits } from '../../lib/returns.ts';

export interface EventCard {
  id: string; title: string; brandId: string; brandName: string; startsAt: string; endsAt: string; ordersCloseAt: string; status: string; onSale: boolean;
  productCount: number; stockLeft: number; soldCount: number; coverImage: string | null;
  /** Deepest discount the prices give, tenths of 折 rounded up (27 = 2.7折); null: none. */
  discountTenths: number | null;
}
export interface Shop { shareCode: string; resellerName: string; events: EventCard[] }
export interface Sku {
  eventSkuId: string; colour: string; size: string; tagPrice: number; price: number; available: number; currency: string;
  /** The picture it is shown with (cart, orders): its colour's own, else the product's first. */
  image: string | null;
  /** The operator pulled it from the event (已下架): off sale for good. */
  pulled: boolean;
}
export interface Product { id: string; name: string; category: string; description: string; images: string[]; skus: Sku[] }
export interface ShopEvent {
  shareCode: string; resellerName: string; id: string; title: string; description: string; startsAt: string; endsAt: string; ordersCloseAt: string;
  status: string; onSale: boolean; ended: boolean; products: Product[];
}
export interface Address { province: string; city: string; district: string; detail: string }
/** A gateway refund of the order's payment (cancelled, paid too late, or paid twice). */
export interface Refund { id: string; amount: number; currency: string; status: 'pending' | 'succeeded' | 'failed'; reason: string; createdAt: string; settledAt: string | null }
export interface Order {
  id: string; orderNo: string; status: string; currency: string; sellingTotal: number | null; amountDue: number | null; discountTotal?: number | null;
  holdExpiresAt: string | null; paidAt: string | null; cancelledAt: string | null; cancelReason: string | null; note: string; createdAt: string;
  consumer: { name: string; phone: string; address: Address } | null;
  /** Shipped and delivered; returns may be asked for until the window ends (delivery starts it). */
  shippedAt?: string | null; deliveredAt?: string | null; returnWindowEndsAt?: string | null;
  lines: {
    id: string; eventSkuId: string; saleEventId: string; productId: string; quantity: number; sellingPrice: number | null;
    productName?: string; colour?: string; size?: string; image?: string | null;
    /** Where the line's units are: short (the brand could not supply them), returned, refunded… */
    units?: LineUnits;
  }[];
  payment: { id: string; status: string; payUrl: string | null } | null;
  refunds: Refund[];
}

// Same rule as the server's share-code parameter: anything else can only be a broken link.
export const validShareCode = (code: string | undefined): code is string => !!code && /^[a-z0-9]{4,32}$/.test(code);

export function useShop(code: string) {
  return useQuery({ queryKey: ['sf', code], queryFn: ({ signal }) => get<Shop>(`/storefront/${code}`, signal) });
}

const eventQuery = (code: string, id: string) => ({
  queryKey: ['sf', code, 'event', id],
  queryFn: ({ signal }: { signal: AbortSignal }) => get<ShopEvent>(`/storefront/${code}/sale-events/${id}`, signal),
});

export function useShopEvent(code: string, id: string) {
  // Stock moves fast during a sale; refresh what the consumer is looking at every half minute.
  return useQuery({ ...eventQuery(code, id), refetchInterval: 30_000 });
}

/** Several events at once (the cart and an order can span events); keyed by event id. One
 *  query over the per-event cache keeps the storefront off useQueries' extra code. */
export function useShopEvents(code: string, ids: string[]) {
  const qc = useQueryClient();
  const wanted = [...new Set(ids)].sort();
  const q = useQuery({
    queryKey: ['sf', code, 'events', wanted],
    enabled: wanted.length > 0,
    queryFn: async () => {
      const got = await Promise.allSettled(wanted.map((id) => qc.fetchQuery({ ...eventQuery(code, id), staleTime: 5_000 })));
      const byId = new Map<string, ShopEvent>();
      for (const r of got) if (r.status === 'fulfilled') byId.set(r.value.id, r.value);
      return byId;
    },
  });
  return { byId: q.data ?? new Map<string, ShopEvent>(), pending: wanted.length > 0 && q.isPending, refetch: () => void q.refetch() };
}

export function useOrder(orderId: string, token: string) {
  return useQuery({
    queryKey: ['sf-order', orderId, token],
    queryFn: ({ signal }) => get<Order>(`/storefront/orders/${orderId}?token=${encodeURIComponent(token)}`, signal),
    enabled: token.length >= 10,
    // The gateway's notification arrives on its own time: keep asking while the order waits,
    // and (less often) while a refund is on its way back.
    refetchInterval: (q) => (q.state.data?.status === 'pending_payment' ? 2000 : q.state.data?.refunds?.some((r) => r.status === 'pending') ? 5000 : false),
  });
}

export const isCode = (e: unknown, code: string) => e instanceof ApiError && e.code === code;

// ---- localStorage, tolerant of private modes and quota errors ----
const listeners = new Set<() => void>();
const cache = new Map<string, { raw: string | null; value: unknown }>();

function readJson<T>(key: string, clean: (v: unknown) => T): T {
  let raw: string | null = null;
  try { raw = localStorage.getItem(key); } catch { /* storage unavailable */ }
  const hit = cache.get(key);
  if (hit && hit.raw === raw) return hit.value as T;
  let value: T;
  try { value = clean(raw ? JSON.parse(raw) : null); } catch { value = clean(null); }
  cache.set(key, { raw, value });
  return value;
}

function writeJson(key: string, value: unknown): void {
  try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* storage unavailable: the cart lives only in this page */ cache.set(key, { raw: null, value }); }
  listeners.forEach((l) => l());
}

function subscribe(l: () => void) {
  listeners.add(l);
  const onStorage = () => l();
  window.addEventListener('storage', onStorage);
  return () => { listeners.delete(l); window.removeEventListener('storage', onStorage); };
}

// ---- the cart ----
export interface CartLine {
  eventSkuId: string; saleEventId: string; productId: string; name: string; colour: string; size: string;
  price: number; tagPrice: number; image: string | null; quantity: number;
}

export const MAX_QTY = 99;
export const MAX_LINES = 50;
const cartKey = (code: string) => `sf-cart:${code}`;
const isInt = (n: unknown): n is number => Number.isInteger(n);

function cleanCart(v: unknown): CartLine[] {
  if (!Array.isArray(v)) return [];
  return v.filter((l): l is CartLine => !!l && typeof l === 'object' && typeof l.eventSkuId === 'string' && typeof l.saleEventId === 'string'
    && typeof l.name === 'string' && isInt(l.price) && isInt(l.quantity) && l.quantity >= 1).slice(0, MAX_LINES)
    .map((l) => ({ ...l, quantity: Math.min(MAX_QTY, l.quantity) }));
}

export function useCart(code: string) {
  const lines = useSyncExternalStore(subscribe, () => readJson(cartKey(code), cleanCart));
  const save = (next: CartLine[]) => writeJson(cartKey(code), next);
  return {
    lines,
    count: lines.reduce((a, l) => a + l.quantity, 0),
    /** For display only: the server prices the order. */
    total: lines.reduce((a, l) => a + l.price * l.quantity, 0),
    /** Adds to an existing line; returns false when the cart already holds its maximum of lines. */
    add(line: CartLine, cap: number): boolean {
      const cur = readJson(cartKey(code), cleanCart);
      const i = cur.findIndex((l) => l.eventSkuId === line.eventSkuId);
      if (i < 0 && cur.length >= MAX_LINES) return false;
      const limit = Math.max(1, Math.min(MAX_QTY, cap));
      save(i < 0 ? [...cur, { ...line, quantity: Math.min(limit, line.quantity) }]
        : cur.map((l, j) => (j === i ? { ...line, quantity: Math.min(limit, l.quantity + line.quantity) } : l)));
      return true;
    },
    setQuantity(eventSkuId: string, q: number) {
      save(readJson(cartKey(code), cleanCart).map((l) => (l.eventSkuId === eventSkuId ? { ...l, quantity: Math.max(1, Math.min(MAX_QTY, q)) } : l)));
    },
    remove(ids: string[]) { save(readJson(cartKey(code), cleanCart).filter((l) => !ids.includes(l.eventSkuId))); },
    clear() { save([]); },
  };
}

// ---- orders placed from this browser, so the consumer can find them again ----
export interface SavedOrder { orderId: string; token: string; createdAt: string; amount: number | null }
const ordersKey = (code: string) => `sf-orders:${code}`;

function cleanOrders(v: unknown): SavedOrder[] {
  if (!Array.isArray(v)) return [];
  return v.filter((o): o is SavedOrder => !!o && typeof o.orderId === 'string' && typeof o.token === 'string').slice(0, 20);
}

export function useSavedOrders(code: string): SavedOrder[] {
  return useSyncExternalStore(subscribe, () => readJson(ordersKey(code), cleanOrders));
}

export function saveOrder(code: string, o: SavedOrder): void {
  const cur = readJson(ordersKey(code), cleanOrders).filter((x) => x.orderId !== o.orderId);
  writeJson(ordersKey(code), [o, ...cur].slice(0, 20));
}

export function savedToken(code: string, orderId: string): string | null {
  return readJson(ordersKey(code), cleanOrders).find((o) => o.orderId === orderId)?.token ?? null;
}

// ---- the consumer's last delivery details, to save retyping on the next order ----
export interface ConsumerForm { name: string; phone: string; province: string; city: string; district: string; detail: string }
const consumerKey = 'sf-consumer';
const emptyConsumer: ConsumerForm = { name: '', phone: '', province: '', city: '', district: '', detail: '' };

export function lastConsumer(): ConsumerForm {
  return readJson(consumerKey, (v) => {
    if (!v || typeof v !== 'object') return emptyConsumer;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(emptyConsumer).map((k) => [k, typeof o[k] === 'string' ? o[k] : ''])) as unknown as ConsumerForm;
  });
}

export function rememberConsumer(c: ConsumerForm): void { writeJson(consumerKey, c); }

// Marks an order whose pay page the consumer went to, so the order page says "confirming"
// rather than "pay now" when they come back before the gateway's notification.
export function markPaying(orderId: string): void { try { sessionStorage.setItem(`sf-paying:${orderId}`, '1'); } catch { /* optional hint */ } }
export function wasPaying(orderId: string): boolean { try { return sessionStorage.getItem(`sf-paying:${orderId}`) === '1'; } catch { return false; } }
