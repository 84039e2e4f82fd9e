// The adapter every payout provider (代付: a bank's or Alipay's or WeChat Pay's transfer service)
// implements. Declared here because the context carries it (platform names no module); the
// payouts module is its only user and re-exports it.
//
// Like the payment gateway: the platform asks for a transfer under its own reference (the
// provider is idempotent on it, so asking twice pays once), hears the outcome by signed
// notifications that may be lost, duplicated or reordered (so it believes only the provider's
// answer to a query, never a notification's body), asks on its own about transfers that went
// quiet, and compares the provider's statement (对账单) with its books every day.

/** processing: accepted, not yet settled; succeeded: paid to the account; failed: not paid (the money stays with the platform). */
export type TransferStatus = 'processing' | 'succeeded' | 'failed';

export type PayoutAccountKind = 'bank_card' | 'alipay' | 'wechat';

/** Where the money goes, as the provider needs it. */
export interface PayeeAccount { kind: PayoutAccountKind; holderName: string; accountNo: string; bankName: string | null }

export interface TransferRequest {
  /** Our reference: the provider pays each at most once, whatever is asked again. */
  merchantRef: string;
  amount: number;
  currency: string;
  payee: PayeeAccount;
  /** Words on the payee's statement (附言). */
  remark: string;
  /** Where the provider posts its notifications. */
  notifyUrl: string;
}

export interface TransferState {
  providerRef: string;
  merchantRef: string;
  status: TransferStatus;
  amount: number;
  currency: string;
  /** What the provider charged for the transfer (on top; the sandbox charges 0). */
  fee: number;
  /** Why it failed, by the provider's stable code (account_invalid, name_mismatch, …). */
  failureCode: string | null;
  failureMessage: string | null;
  /** When it settled, by the provider's clock (null while processing). */
  settledAt: Date | null;
  createdAt: Date;
}

/**
 * What a transfer request came to: accepted (processing, or already settled when asked again),
 * or refused for good (a permanent rejection: the amount over the provider's limit, a currency
 * it does not pay). A transient failure — the provider unavailable, a timeout — is thrown
 * instead (PayoutProviderError with transient true): the request may or may not have reached
 * it, so it is asked again later, under the same reference.
 */
export type TransferOutcome =
  | { outcome: 'accepted'; state: TransferState }
  | { outcome: 'rejected'; code: string; message: string };

export class PayoutProviderError extends Error {
  constructor(message: string, readonly transient: boolean) {
    super(message);
    this.name = 'PayoutProviderError';
  }
}

/** One line of the provider's statement: every transfer it accepted, with its status. */
export interface TransferRecord {
  providerRef: string; merchantRef: string; status: TransferStatus; amount: number; currency: string; fee: number;
  /** When the provider accepted it (the statement lists transfers by this). */
  createdAt: Date;
  settledAt: Date | null;
}

export interface VerifiedPayoutNotification {
  eventId: string;
  type: 'transfer.succeeded' | 'transfer.failed';
  /** The provider's reference of the transfer. */
  objectRef: string;
}

export interface PayoutProvider {
  readonly name: string;
  /** Ask for a transfer. Idempotent on merchantRef: the same transfer comes back, whatever its state. */
  createTransfer(input: TransferRequest): Promise<TransferOutcome>;
  /** The transfer's state by the provider's reference; not_found for one it never issued. */
  retrieveTransfer(providerRef: string): Promise<TransferState>;
  /** Query by our reference; null if the provider never heard of it. */
  findTransfer(merchantRef: string): Promise<TransferState | null>;
  /** The provider's statement: every transfer it accepted in [from, to), with its status. */
  records(period: { from: Date; to: Date }): Promise<TransferRecord[]>;
  /** Check signature and freshness; throws AppError signature_invalid / notification_stale / validation_failed. */
  verifyNotification(rawBody: string, headers: Record<string, string | string[] | undefined>, now: Date): VerifiedPayoutNotification;
}
