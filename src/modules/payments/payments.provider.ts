// The adapter every payment gateway implements. The platform never trusts a notification's
// body: it verifies the signature and timestamp, then asks the gateway for the object's state.

export type ChargeStatus = 'pending' | 'succeeded' | 'failed';
export type RefundStatus = 'pending' | 'succeeded' | 'failed';

export interface ChargeState { providerRef: string; merchantRef: string; status: ChargeStatus; amount: number; currency: string; refunded: number }
export interface RefundState { providerRef: string; merchantRef: string; chargeRef: string; status: RefundStatus; amount: number }

export interface VerifiedNotification {
  eventId: string;
  type: 'charge.succeeded' | 'charge.failed' | 'refund.succeeded' | 'refund.failed';
  objectRef: string;
}

export interface PaymentProvider {
  readonly name: string;
  /** Open a charge for our payment intent (merchantRef). Idempotent on merchantRef. */
  createCharge(input: { merchantRef: string; amount: number; currency: string; description: string; notifyUrl: string; returnUrl?: string }): Promise<{ providerRef: string; payUrl: string }>;
  retrieveCharge(providerRef: string): Promise<ChargeState>;
  /** Refund part or all of a charge. Idempotent on merchantRef (our refund id). */
  refund(input: { chargeRef: string; merchantRef: string; amount: number; notifyUrl: string }): Promise<{ providerRef: string; status: RefundStatus }>;
  retrieveRefund(providerRef: string): Promise<RefundState>;
  /** Check signature and freshness; throws AppError signature_invalid / notification_stale. */
  verifyNotification(rawBody: string, headers: Record<string, string | string[] | undefined>, now: Date): VerifiedNotification;
}
