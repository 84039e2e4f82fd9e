// The adapter every carrier (快递公司) implements. The platform hands it a packed parcel and gets a
// waybill (运单) back; the carrier then reports the parcel's way (物流轨迹) by signed notifications.
// Notifications get lost, duplicated and reordered, so the platform records each event once by
// its id, judges the waybill's status by when events happened (not when they arrived), and asks
// the carrier (track) for waybills that go quiet.
//
// Declared here because the context carries it (platform names no module); the carriers module
// implements it (the sandbox carrier) and re-exports it.

export const TRACKING_STATUSES = ['created', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned_to_sender'] as const;
/**
 * created: the carrier has the order, no courier yet (已下单); picked_up: collected (已揽收);
 * in_transit: between hubs (运输中); out_for_delivery: with the courier (派送中); delivered: signed
 * for (已签收); exception: something went wrong — not home, refused, damaged (异常); returned_to_sender:
 * back with the sender (已退回). delivered and returned_to_sender are terminal.
 */
export type TrackingStatus = typeof TRACKING_STATUSES[number];
export const TERMINAL_TRACKING_STATUSES: readonly TrackingStatus[] = ['delivered', 'returned_to_sender'];

/** standard: within the carrier's limits; bulky: one item over the weight limit (大件), alone. */
export type CarrierService = 'standard' | 'bulky';
export const CARRIER_SERVICES = ['standard', 'bulky'] as const satisfies readonly CarrierService[];

/** What one standard parcel may hold at this carrier: the sorting rule packs within it (SortPolicy). */
export interface CarrierLimits {
  maxWeightGrams: number;
  maxItems: number;
  /** The heaviest single item the bulky service takes. */
  bulkyMaxWeightGrams: number;
}

export interface PostalAddress { province: string; city: string; district: string; detail: string }
export interface Party { name: string; phone: string; address: PostalAddress }

export interface WaybillRequest {
  /** Our parcel id. The carrier is idempotent on it: asking again returns the same waybill. */
  merchantRef: string;
  service: CarrierService;
  sender: Party;
  recipient: Party;
  weightGrams: number;
  /** What is inside (托寄物), for the label and customs-like checks; quantity counts items. */
  items: { name: string; quantity: number }[];
  /** Where the carrier posts tracking notifications. */
  notifyUrl: string;
}

export interface Waybill {
  waybillNo: string;
  carrier: string;
  /** The routing code printed on the label (三段码 / 大头笔) that the carrier's hubs sort by. */
  sortCode: string;
}

/** One step of a parcel's way, as the carrier tells it. */
export interface TrackingEvent {
  /** The carrier's id of the event: the same in a notification and in track(), so a replay is recognised. */
  eventId: string;
  waybillNo: string;
  status: TrackingStatus;
  /** When it happened, by the carrier's clock. */
  occurredAt: Date;
  location: string;
  /** Words for people, in zh-CN, as the carrier writes them (物流轨迹). */
  description: string;
}

/** A tracking event whose notification was signed by the carrier and is fresh. */
export interface VerifiedTrackingEvent extends TrackingEvent {
  carrier: string;
}

export interface CarrierProvider {
  readonly name: string;
  readonly limits: CarrierLimits;
  /** Open a waybill for a parcel. Idempotent on merchantRef; refuses a parcel over the service's limits (parcel_over_limits). */
  createWaybill(input: WaybillRequest): Promise<Waybill>;
  /** Cancel a waybill before its parcel was collected; waybill_not_cancellable after. Cancelling twice is fine. */
  cancelWaybill(waybillNo: string): Promise<void>;
  /**
   * The warehouse handed these parcels to the carrier's courier (交接). Returns the waybills
   * collected now; those collected already, cancelled or unknown are left out.
   */
  handOver(waybillNos: string[]): Promise<{ pickedUp: string[] }>;
  /** Every event of a waybill so far, oldest first (查询路由): what reconciliation records when notifications were lost. */
  track(waybillNo: string): Promise<TrackingEvent[]>;
  /** Check signature and freshness, then the body; throws signature_invalid / notification_stale / tracking_event_invalid. */
  verifyNotification(headers: Record<string, string | string[] | undefined>, rawBody: string, now: Date): VerifiedTrackingEvent;
}
