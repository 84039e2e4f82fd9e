// The adapter every payment gateway implements. The platform never trusts a notification's
// body: it verifies the signature and timestamp, then asks the gateway for the object's state.
// Notifications get lost (a crash between the gateway's books and its queue, a receiver whose
// clock is off, retries that run out), so the platform also asks on its own: by our reference
// (WeChat Pay's and Alipay's "query order"), and closes a charge before it gives up on it
// ("close order"), so a charge is either paid before it closed or never.
//
// Declared here because the context carries it (platform names no module); the payments module
// implements it (the sandbox gateway) and re-exports it.

/** pending: payable; succeeded: money taken; failed: declined; closed: closed unpaid, can no longer be paid. */
export type ChargeStatus = 'pending' | 'succeeded' | 'failed' | 'closed';
export type RefundStatus = 'pending' | 'succeeded' | 'failed';

export interface ChargeState {
  providerRef: string; merchantRef: string; status: ChargeStatus; amount: number; currency: string; refunded: number;
  /** When the gateway took the money, by its clock (null unless succeeded). */
  paidAt: Date | null;
}
export interface RefundState { providerRef: string; merchantRef: string; chargeRef: string; status: RefundStatus; amount: number }

export interface VerifiedNotification {
  eventId: string;
  type: 'charge.succeeded' | 'charge.failed' | 'refund.succeeded' | 'refund.failed';
  objectRef: string;
}

/** The gateway's statement for a period (对账单): what it took and what it gave back. */
export interface GatewayActivity {
  charges: { providerRef: string; merchantRef: string; amount: number; currency: string; paidAt: Date }[];
  refunds: { providerRef: string; merchantRef: string; chargeRef: string; amount: number; currency: string; at: Date }[];
}

export interface PaymentProvider {
  readonly name: string;
  /** Open a charge for our payment intent (merchantRef). Idempotent on merchantRef: the same charge comes back, whatever its state. */
  createCharge(input: { merchantRef: string; amount: number; currency: string; description: string; notifyUrl: string; returnUrl?: string }): Promise<{ providerRef: string; payUrl: string; status: ChargeStatus }>;
  retrieveCharge(providerRef: string): Promise<ChargeState>;
  /** Query by our reference; null if the gateway never heard of it. */
  findCharge(merchantRef: string): Promise<ChargeState | null>;
  /**
   * Close a charge so it can no longer be paid. Returns the final state (succeeded if it was paid
   * first), or null for a reference the gateway never heard of — which it then refuses to open.
   */
  closeCharge(merchantRef: string): Promise<ChargeState | null>;
  /** Refund part or all of a charge. Idempotent on merchantRef (our refund id). */
  refund(input: { chargeRef: string; merchantRef: string; amount: number; notifyUrl: string }): Promise<{ providerRef: string; status: RefundStatus }>;
  retrieveRefund(providerRef: string): Promise<RefundState>;
  /** Query a refund by our reference; null if the gateway never heard of it. */
  findRefund(merchantRef: string): Promise<RefundState | null>;
  /** Money the gateway took (by paid-at) and gave back (by settlement) in [from, to). */
  activity(from: Date, to: Date): Promise<GatewayActivity>;
  /** Check signature and freshness; throws AppError signature_invalid / notification_stale. */
  verifyNotification(rawBody: string, headers: Record<string, string | string[] | undefined>, now: Date): VerifiedNotification;
}
