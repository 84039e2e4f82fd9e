// After-sales rules: the lifecycle of a return request, what may be asked back, and the policy
// for refunds without a return (仅退款).
import { canTransition, type Transitions } from '../../platform/state-machine.ts';
import type { FieldIssue } from '../../platform/errors.ts';
import { shanghaiMinute } from '../../platform/time.ts';

export type ReturnKind = 'return' | 'refund_only';
export type ReturnStatus = 'requested' | 'approved' | 'in_transit' | 'received' | 'refunded' | 'rejected' | 'cancelled';
export type ReasonCode = 'size' | 'quality' | 'not_as_described' | 'wrong_item' | 'damaged' | 'changed_mind' | 'not_received' | 'other';
export const REASON_CODES: readonly ReasonCode[] = ['size', 'quality', 'not_as_described', 'wrong_item', 'damaged', 'changed_mind', 'not_received', 'other'];

export const returnTransitions: Transitions<ReturnStatus> = {
  requested: ['approved', 'rejected', 'cancelled'],
  // A return waits for its parcel (or is withdrawn); a refund-only request is refunded at once.
  approved: ['in_transit', 'received', 'refunded', 'cancelled'],
  in_transit: ['received'],
  // Inspection: accepted units are refunded; none accepted, the request is rejected.
  received: ['refunded', 'rejected'],
  refunded: [],
  rejected: [],
  cancelled: [],
};

/** Statuses in which a request still claims its units (no second request may claim them too). */
export const OPEN_RETURN: readonly ReturnStatus[] = ['requested', 'approved', 'in_transit', 'received'];

/**
 * Statuses in which the consumer or their reseller may withdraw a request (撤销申请): waiting for a
 * decision, or approved before any goods came back (an approved return's waybill must still be
 * cancellable, i.e. the courier has not collected the parcel). Withdrawing is the only way into
 * `cancelled`, so these are read off the table: those that may move there.
 */
export const WITHDRAWABLE_RETURN: readonly ReturnStatus[] = (Object.keys(returnTransitions) as ReturnStatus[])
  .filter((s) => canTransition(returnTransitions, s, 'cancelled'));

export interface RefundOnlyPolicy {
  /** Refund without a return up to this amount per request (fen): not worth the postage back. */
  maxAmount: number;
  /** A parcel shipped this many days ago and still not delivered counts as lost. */
  lostAfterDays: number;
}

export const DEFAULT_REFUND_ONLY: RefundOnlyPolicy = { maxAmount: 3000, lostAfterDays: 15 };

export interface LineNow {
  orderLineId: string; lineNo: number; quantity: number;
  qtyShipped: number; qtyDelivered: number; qtyReturned: number; qtyRefunded: number;
  /** Units of this line claimed by open requests. */
  claimed: number;
  /** The payer's money per unit still held (for the refund-only cap), fen. */
  unitPaid: number;
}

export interface OrderNow {
  /** Delivery started the window; null until every shipped unit was delivered. */
  returnWindowEndsAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  lines: LineNow[];
}

/** Units of a line that may be asked back now: delivered, not returned, not refunded, not claimed. */
export function returnable(l: LineNow, kind: ReturnKind, lost: boolean): number {
  const base = kind === 'refund_only' && lost ? l.qtyShipped - l.qtyDelivered : l.qtyDelivered - l.qtyReturned;
  return Math.max(0, Math.min(base, l.quantity - l.qtyRefunded) - l.claimed);
}

/**
 * Judge a request against the order as it is now (database clock `now`): inside the return window
 * (or a lost parcel for refund-only), quantities available per line, and refund-only within policy.
 */
export function judgeReturn(req: { kind: ReturnKind; reasonCode: ReasonCode; lines: { orderLineId: string; quantity: number }[] }, o: OrderNow, now: Date, policy: RefundOnlyPolicy):
  { ok: true; amount: number; lost: boolean } | { ok: false; code: 'return_window_closed' | 'refund_only_not_allowed' | 'validation_failed'; issues: FieldIssue[] } {
  const lost = o.shippedAt !== null && o.deliveredAt === null && now.getTime() - o.shippedAt.getTime() >= policy.lostAfterDays * 86400_000;
  if (!(req.kind === 'refund_only' && lost)) {
    if (!o.returnWindowEndsAt) return { ok: false, code: 'return_window_closed', issues: [{ path: 'orderId', message: 'the order has not been delivered yet' }] };
    if (now > o.returnWindowEndsAt) return { ok: false, code: 'return_window_closed', issues: [{ path: 'orderId', message: `returns closed at ${shanghaiMinute(o.returnWindowEndsAt)} (China time)` }] };
  }
  if (req.kind === 'refund_only' && req.reasonCode === 'not_received' && !lost) {
    return { ok: false, code: 'refund_only_not_allowed', issues: [{ path: 'reasonCode', message: `a parcel counts as lost ${policy.lostAfterDays} days after it shipped undelivered` }] };
  }
  const issues: FieldIssue[] = [];
  const byId = new Map(o.lines.map((l) => [l.orderLineId, l]));
  const seen = new Set<string>();
  let amount = 0;
  req.lines.forEach((r, i) => {
    const l = byId.get(r.orderLineId);
    if (!l) { issues.push({ path: `lines.${i}.orderLineId`, message: 'not a line of this order' }); return; }
    if (seen.has(r.orderLineId)) { issues.push({ path: `lines.${i}.orderLineId`, message: 'this line is named twice' }); return; }
    seen.add(r.orderLineId);
    const most = returnable(l, req.kind, lost);
    if (!Number.isInteger(r.quantity) || r.quantity < 1 || r.quantity > most) issues.push({ path: `lines.${i}.quantity`, message: `at most ${most} of line ${l.lineNo} can be asked back` });
    amount += l.unitPaid * r.quantity;
  });
  if (req.lines.length === 0) issues.push({ path: 'lines', message: 'name at least one line' });
  if (issues.length) return { ok: false, code: 'validation_failed', issues };
  if (req.kind === 'refund_only' && !lost && amount > policy.maxAmount) {
    return { ok: false, code: 'refund_only_not_allowed', issues: [{ path: 'kind', message: `refunds without a return are for up to ${policy.maxAmount} fen (or a lost parcel); return the goods instead` }] };
  }
  return { ok: true, amount, lost };
}
