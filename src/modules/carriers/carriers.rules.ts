// Which tracking event says where a parcel is. Notifications arrive late, twice and out of order,
// so a waybill's status is the event that happened last by the carrier's clock, never the one
// that arrived last: a pickup notification arriving after the delivery one changes nothing.
import type { TrackingStatus } from '../../platform/carrier-provider.ts';

/** How far along the way a status is: breaks ties between events stamped with the same second. */
const STAGE: Record<TrackingStatus, number> = {
  created: 0, picked_up: 1, in_transit: 2, out_for_delivery: 3, exception: 4, delivered: 5, returned_to_sender: 6,
};

export function isTerminal(status: string): boolean {
  return status === 'delivered' || status === 'returned_to_sender';
}

/**
 * Does an incoming event set the waybill's status? Yes when it happened after the event that set
 * the current one (or there was none yet); at the same instant, when it is further along the way.
 * So a terminal status (delivered, returned to sender) is only ever replaced by something the
 * carrier says happened later, and a cancelled waybill (no event set it) is never reopened.
 */
export function supersedes(current: { status: string; at: Date | null }, incoming: { status: TrackingStatus; at: Date }): boolean {
  if (current.status === 'cancelled') return false;
  if (current.at === null) return true;
  const d = incoming.at.getTime() - current.at.getTime();
  if (d !== 0) return d > 0;
  return STAGE[incoming.status] > (STAGE[current.status as TrackingStatus] ?? -1);
}
