// After-sales (售后) as every area reads it: the API's return requests and parcels, the units of an
// order line that may still be asked back (the server's rule, shown before it judges), the
// refusals it gives said by their codes, and photos made small enough to send.
import type { TFunction } from 'i18next';
import { ApiError } from './api.ts';
import { parseReason } from '../../../src/platform/reasons.ts';

export type ReturnKind = 'return' | 'refund_only';
export const RETURN_KINDS: ReturnKind[] = ['return', 'refund_only'];
export type ReturnStatus = 'requested' | 'approved' | 'in_transit' | 'received' | 'refunded' | 'rejected' | 'cancelled';
export const RETURN_STATUSES: ReturnStatus[] = ['requested', 'approved', 'in_transit', 'received', 'refunded', 'rejected', 'cancelled'];
/** Requests that still claim their units (aftersales.rules OPEN_RETURN). */
export const OPEN_RETURN: ReturnStatus[] = ['requested', 'approved', 'in_transit', 'received'];
/** Requests the consumer or their reseller may still withdraw (aftersales.rules WITHDRAWABLE_RETURN). */
export const WITHDRAWABLE_RETURN: ReturnStatus[] = ['requested', 'approved'];
/** What waits for the operator: a decision, or an inspection. */
export const NEEDS_ACTION: ReturnStatus[] = ['requested', 'received'];
export type ReasonCode = 'size' | 'quality' | 'not_as_described' | 'wrong_item' | 'damaged' | 'changed_mind' | 'not_received' | 'other';
export const REASON_CODES: ReasonCode[] = ['size', 'quality', 'not_as_described', 'wrong_item', 'damaged', 'changed_mind', 'not_received', 'other'];

export interface ReturnLine { orderLineId: string; brandId: string; saleEventId: string; skuId: string; quantity: number; accepted: number | null }
export interface Place { name: string; phone: string; address: { province: string; city: string; district: string; detail: string } }
export interface ReturnRequest {
  id: string; returnNo: string; orderId: string; resellerId: string; kind: ReturnKind; status: ReturnStatus; reasonCode: ReasonCode; note: string; photos: string[];
  requestedBy: 'consumer' | 'reseller' | 'operator'; decisionReason: string | null; returnCarrier: string | null; returnWaybillNo: string | null; inspectionNote: string | null;
  refunded: number; currency: string; createdAt: string; decidedAt: string | null; receivedAt: string | null; refundedAt: string | null; lines: ReturnLine[];
  /** Where an approved return's goods go back to (the platform's returns desk); null before. */
  returnAddress: Place | null;
  orderNo: string;
}
export interface ReturnBody { kind: ReturnKind; reasonCode: ReasonCode; note?: string; lines: { orderLineId: string; quantity: number }[]; photos?: string[] }

/** Where an order line's units are (GET …/orders/:id lines[].units). */
export interface LineUnits { cancelled: number; short: number; shipped: number; delivered: number; returned: number; refunded: number }
export interface ReturnableLine { id: string; quantity: number; units: LineUnits }

export const placeText = (p: Place) => [p.address.province, p.address.city !== p.address.province ? p.address.city : '', p.address.district, p.address.detail].filter(Boolean).join(' ');

/** An order cancelled because the brand could not supply it (the shortage's reason code, brand_short:PO…). */
export const isBrandShort = (cancelReason: string | null | undefined) => parseReason(cancelReason)?.code === 'brand_short';

/** Units of each order line claimed by the order's open requests. */
export function claimedUnits(requests: ReturnRequest[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of requests) if (OPEN_RETURN.includes(r.status)) for (const l of r.lines) out.set(l.orderLineId, (out.get(l.orderLineId) ?? 0) + l.quantity);
  return out;
}

/**
 * Units of a line that may be asked back now, as the server judges (aftersales.rules returnable):
 * delivered and not returned — or, for a lost parcel's refund-only, shipped and never delivered —
 * never more than the units not yet refunded, less what open requests already claim.
 */
export function returnableUnits(l: ReturnableLine, claimed: number, kind: ReturnKind = 'return', lost = false): number {
  const base = kind === 'refund_only' && lost ? l.units.shipped - l.units.delivered : l.units.delivered - l.units.returned;
  return Math.max(0, Math.min(base, l.quantity - l.units.refunded) - claimed);
}

/** Units refunded without being short, returned or cancelled: a refund-only request's. */
export const refundOnlyUnits = (u: LineUnits) => Math.max(0, u.refunded - u.short - u.returned - u.cancelled);

/** Whether returns may still be asked for: delivered, and the window (started by delivery) still open. */
export function windowOpen(o: { returnWindowEndsAt: string | null }, now = Date.now()): boolean {
  return o.returnWindowEndsAt !== null && Date.parse(o.returnWindowEndsAt) > now;
}

/**
 * The server's default for when a parcel shipped and never delivered counts as lost
 * (LOST_PARCEL_DAYS); the order view does not say the configured value, and the server judges.
 */
export const LOST_AFTER_DAYS = 15;

/** A parcel shipped long ago and not delivered: the consumer may ask for a refund only (lost). */
export function mayBeLost(o: { shippedAt: string | null; deliveredAt: string | null; status: string }, now = Date.now()): boolean {
  return o.shippedAt !== null && o.deliveredAt === null && (o.status === 'shipped' || o.status === 'partially_shipped')
    && now - Date.parse(o.shippedAt) >= LOST_AFTER_DAYS * 86_400_000;
}

/** A refusal of a return request in the reader's language: what went wrong, and per field (lines.0.quantity…). */
export function returnProblem(t: TFunction, err: unknown): { message: string; fields: Record<string, string> } | null {
  if (!err) return null;
  if (err instanceof PhotoError) return { message: t(`returns.errors.photo_${err.reason}`), fields: {} };
  if (!(err instanceof ApiError)) return { message: t('common.unknownError'), fields: {} };
  const fields: Record<string, string> = {};
  for (const e of err.errors) {
    const path = e.path.replace(/^(body|querystring)\./, '');
    const most = /(\d+)/.exec(e.message)?.[1];
    if (/^lines\.\d+\.quantity$/.test(path)) fields[path] = most !== undefined ? t('returns.errors.atMost', { n: Number(most) }) : t('returns.errors.quantity');
    else if (/^lines\.\d+\.orderLineId$/.test(path)) fields[path] = t('returns.errors.line');
    else if (/^photos/.test(path)) fields[path] = t('returns.errors.photo');
    else if (path === 'lines') fields.lines = t('returns.errors.noLines');
    else if (path === 'note') fields.note = t('returns.errors.note');
    else if (path === 'reason') fields.reason = t('returns.errors.reason');
    else fields[path] = e.message;
  }
  let message: string;
  switch (err.code) {
    case 'return_window_closed': message = t('returns.errors.windowClosed'); break;
    case 'refund_only_not_allowed': message = err.errors.some((e) => /reasonCode$/.test(e.path)) ? t('returns.errors.notLostYet') : t('returns.errors.refundOnlyTooMuch'); break;
    case 'validation_failed': message = t('returns.errors.invalid'); break;
    case 'invalid_transition': message = t('returns.errors.changed'); break;
    case 'return_not_withdrawable': message = t('returns.errors.notWithdrawable'); break;
    case 'not_found': message = t('returns.errors.notFound'); break;
    case 'network': message = t('common.networkError'); break;
    default: message = err.title;
  }
  return { message, fields };
}

// ---- photos ----

/** What the server takes per photo (2 MB decoded); a little under, for the data URL's own bytes. */
export const PHOTO_MAX_BYTES = 1_900_000;
export const MAX_PHOTOS = 3;

export class PhotoError extends Error {
  constructor(readonly reason: 'not_image' | 'unreadable' | 'too_big') { super(reason); }
}

function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(new PhotoError('unreadable'));
    r.readAsDataURL(blob);
  });
}

/**
 * A phone photo as a JPEG data URL under the server's 2 MB: drawn again at most 1600 px on its
 * long side (smaller and plainer until it fits). Drawing it again also drops the camera's
 * metadata (where the photo was taken) before it leaves the phone.
 */
export async function compressPhoto(file: File): Promise<string> {
  if (!file.type.startsWith('image/')) throw new PhotoError('not_image');
  let bitmap: ImageBitmap;
  try { bitmap = await createImageBitmap(file); } catch { throw new PhotoError('unreadable'); }
  try {
    let side = 1600, quality = 0.85;
    for (let i = 0; i < 6; i++) {
      const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      const w = Math.max(1, Math.round(bitmap.width * scale)), h = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = document.createElement('canvas');
      canvas.width = w; canvas.height = h;
      const g = canvas.getContext('2d');
      if (!g) throw new PhotoError('unreadable');
      // A transparent PNG on white, as JPEG has no transparency.
      g.fillStyle = '#fff';
      g.fillRect(0, 0, w, h);
      g.drawImage(bitmap, 0, 0, w, h);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
      if (!blob) throw new PhotoError('unreadable');
      if (blob.size <= PHOTO_MAX_BYTES) return dataUrlOf(blob);
      side = Math.round(side * 0.75);
      quality = Math.max(0.5, quality - 0.1);
    }
    throw new PhotoError('too_big');
  } finally {
    bitmap.close();
  }
}

// ---- parcels and their tracking (物流) ----

export interface TrackingEvent { status: string; occurredAt: string; location: string; description: string }
export interface TrackedParcel {
  id: string; parcelNo: string; status: string; carrier: string | null; waybillNo: string | null; trackingStatus: string | null; items: number;
  shippedAt: string | null; deliveredAt: string | null; tracking: TrackingEvent[];
}
