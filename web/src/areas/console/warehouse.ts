// The warehouse screens' view of the API (purchase orders, receiving, sorting waves, parcels) and
// the rules they show before the server judges: what a scan file holds, row by row, and what a
// packer has scanned against what a parcel holds.
import { useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { useBrands } from './ui.tsx';
import type { Page, Product, SaleEvent } from './lib.ts';

export type PoStatus = 'issued' | 'confirmed' | 'receiving' | 'received' | 'shipped';
export const PO_STATUSES: PoStatus[] = ['issued', 'confirmed', 'receiving', 'received', 'shipped'];
/** A purchase order the warehouse still counts units in against. */
export const RECEIVABLE: PoStatus[] = ['issued', 'confirmed', 'receiving'];
export type PoMode = 'warehouse' | 'drop_ship';

export interface PurchaseOrder {
  id: string; poNo: string; brandId: string; saleEventId: string; wave: number; mode: PoMode; status: PoStatus;
  shipDate: string | null; units: number; confirmedAt: string | null; receivedAt: string | null; createdAt: string;
}
export interface PoLine { id: string; skuId: string; sku: SkuTag | null; barcode: string; bin: string; ordered: number; received: number; damaged: number; short: number; over: number }
export interface PoView extends PurchaseOrder { lines: PoLine[] }
export interface CloseResult { po: PoView; short: { orderId: string; orderNo: string; orderLineId: string; quantity: number }[]; over: { skuId: string; quantity: number }[]; refunds: number }

export type ParcelStatus = 'packing' | 'packed' | 'shipped' | 'delivered' | 'returned';
export interface ParcelLine { orderLineId: string; orderId: string; orderNo?: string; skuId: string; sku?: SkuTag | null; bin: string | null; quantity: number; packed: number }
export interface Parcel {
  id: string; parcelNo: string; origin: 'warehouse' | 'drop_ship'; status: ParcelStatus; recipient: string; phone: string;
  address: { province: string; city: string; district: string; detail: string }; weightGrams: number; items: number; oversize: boolean;
  seq: number; seqOf: number; carrier: string | null; waybillNo: string | null; trackingStatus: string | null;
  shippedAt: string | null; deliveredAt: string | null; lines: ParcelLine[];
}
export interface Wave { id: string; waveNo: string; status: string; parcels: number; units: number; waiting: number; createdAt: string }
export interface Pick { bin: string; skuId: string; sku: SkuTag | null; units: number; parcels: number }
export interface WaveDetail { wave: Wave; picks: Pick[]; parcels: Parcel[] }
export interface WaveRun { waveId: string | null; waveNo: string | null; parcels: number; units: number; waiting: number }

export const wk = {
  pos: ['console', 'warehouse', 'purchase-orders'] as const,
  po: (id: string) => ['console', 'warehouse', 'purchase-order', id] as const,
  waves: ['console', 'warehouse', 'waves'] as const,
  wave: (id: string) => ['console', 'warehouse', 'wave', id] as const,
};

/** Events newest first (for filters and for naming an event by its id). */
export function useSaleEvents() {
  return useQuery({ queryKey: ['console', 'warehouse', 'events'], staleTime: 60_000, queryFn: ({ signal }) => get<{ items: SaleEvent[] }>('/sale-events?limit=500', signal).then((r) => r.items) });
}

/** What the warehouse reads on a SKU: its code, product, colour and size, and the code it scans. */
export interface SkuTag { skuCode: string; name: string; colour: string; size: string; barcode: string }

/** The code a unit is scanned by: its barcode, or its SKU code when the lot gave none (the server's rule). */
export const scanCode = (s: { barcode: string | null; skuCode: string }) => s.barcode?.trim() || s.skuCode;

/**
 * SKU names and barcodes by SKU id, from the catalogues of the given brands (or of every brand),
 * for what carries SKU ids only: return rates per SKU. (Purchase-order lines, picks and parcel
 * lines carry their SKU as `sku`.)
 */
export function useSkuTags(brandIds: string[] | 'all') {
  const brands = useBrands();
  const ids = brandIds === 'all' ? brands.data?.map((b) => b.id) ?? [] : brandIds;
  const key = [...new Set(ids)].sort();
  return useQuery({
    queryKey: ['console', 'warehouse', 'sku-tags', key],
    enabled: key.length > 0,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const index = new Map<string, SkuTag>();
      await Promise.all(key.map(async (brandId) => {
        let cursor: string | null = null;
        for (let i = 0; i < 50; i++) {
          const page: Page<Product> = await get<Page<Product>>(`/brands/${brandId}/products?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, signal);
          for (const p of page.items) for (const s of p.skus) index.set(s.id, { skuCode: s.skuCode, name: p.name, colour: s.colour, size: s.size, barcode: scanCode(s) });
          cursor = page.nextCursor;
          if (!cursor) break;
        }
      }));
      return index;
    },
  });
}

/** One row of a receiving file, as the server reads it, with the file's own line number. */
export interface FileScan { line: number; barcode: string; quantity: number; condition: 'good' | 'damaged'; raw: string }

/**
 * A receiving file's rows exactly as the server counts them (POST …/scans with `file`): blank
 * lines and a header row (barcode…, 条码…) skipped; barcode, quantity (1 when empty), condition
 * (damaged / 破损 / 残 mark a damaged unit). Row i here is scans.i in the server's field errors.
 */
export function readScanFile(text: string): FileScan[] {
  const out: FileScan[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const l = raw.trim();
    if (!l || /^barcode|^条码/i.test(l)) return;
    const [barcode = '', q, c] = l.split(/[,\t]/).map((x) => x.trim());
    out.push({ line: i + 1, barcode, quantity: q ? Number(q) : 1, condition: c && /damag|破损|残/i.test(c) ? 'damaged' : 'good', raw: l });
  });
  return out;
}

/** A purchase-order line's counts: short and over as the server will settle them on closing. */
export function lineOutcome(l: PoLine, closed: boolean): { short: number; over: number } {
  if (closed) return { short: l.short, over: l.over };
  return { short: l.ordered - Math.min(l.received, l.ordered), over: Math.max(0, l.received - l.ordered) };
}

/** What is in a parcel, by scan code, against what has been scanned into it. */
export interface PackRow { code: string; skuId: string | null; want: number; got: number }
export function packCheck(parcel: Parcel, codeOf: (l: ParcelLine) => string, scanned: string[]): { rows: PackRow[]; missing: number; extra: number; exact: boolean } {
  const rows = new Map<string, PackRow>();
  for (const l of parcel.lines) {
    const code = codeOf(l);
    const r = rows.get(code) ?? { code, skuId: l.skuId, want: 0, got: 0 };
    r.want += l.quantity;
    rows.set(code, r);
  }
  for (const s of scanned) {
    const r = rows.get(s) ?? { code: s, skuId: null, want: 0, got: 0 };
    r.got += 1;
    rows.set(s, r);
  }
  const list = [...rows.values()];
  const missing = list.reduce((a, r) => a + Math.max(0, r.want - r.got), 0);
  const extra = list.reduce((a, r) => a + Math.max(0, r.got - r.want), 0);
  return { rows: list, missing, extra, exact: missing === 0 && extra === 0 && scanned.length > 0 };
}

export const kg = (grams: number) => (grams / 1000).toFixed(2);
export const addressText = (a: Parcel['address']) => [a.province, a.city !== a.province ? a.city : '', a.district, a.detail].filter(Boolean).join(' ');
