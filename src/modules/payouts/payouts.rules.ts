// Pure rules of payouts: the payout lifecycle, what makes a payout account valid (a card number
// by its check digit, an Alipay account, a WeChat ID), how an account number is shown, how long a
// submission waits after a transient error, and the comparison of the provider's statement with
// our books and the ledger (对账).
import type { Transitions } from '../../platform/state-machine.ts';
import type { FieldIssue } from '../../platform/errors.ts';
import type { PayoutAccountKind, TransferRecord, TransferStatus } from '../../platform/payout-provider.ts';

export type PayoutStatus = 'pending' | 'submitted' | 'succeeded' | 'failed';
export type PayoutPurpose = 'withdrawal' | 'brand_payout';
export type PartyKind = 'reseller' | 'brand';
export const PAYOUT_PURPOSES = ['withdrawal', 'brand_payout'] as const satisfies readonly PayoutPurpose[];
export const PAYOUT_STATUSES = ['pending', 'submitted', 'succeeded', 'failed'] as const satisfies readonly PayoutStatus[];
export const PAYOUT_ACCOUNT_KINDS = ['bank_card', 'alipay', 'wechat'] as const satisfies readonly PayoutAccountKind[];

/**
 * pending: recorded and funded, not yet accepted by the provider; submitted: accepted, outcome
 * unknown; succeeded | failed: final. pending may settle directly: the provider may have taken
 * a request whose answer was lost (a timeout), and its outcome arrives before our next try; a
 * permanent rejection fails a pending payout. A failed payout stays failed: paying the cause
 * again is the caller's new cause, funded again.
 */
export const payoutTransitions = {
  pending: ['submitted', 'succeeded', 'failed'],
  submitted: ['succeeded', 'failed'],
  succeeded: [],
  failed: [],
} as const satisfies Transitions<PayoutStatus>;

/** Who each purpose pays. */
export function partyKindOf(purpose: PayoutPurpose): PartyKind {
  return purpose === 'withdrawal' ? 'reseller' : 'brand';
}

/** The Luhn check digit (ISO/IEC 7812) every UnionPay, Visa and Mastercard number carries. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

export interface PayoutAccountInput { kind: PayoutAccountKind; holderName: string; accountNo: string; bankName?: string | null }
export interface ValidPayoutAccount { kind: PayoutAccountKind; holderName: string; accountNo: string; bankName: string | null }

const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}$/;
const MOBILE = /^1[3-9]\d{9}$/;
const WECHAT_ID = /^[A-Za-z][A-Za-z0-9_-]{5,19}$/;

/**
 * A payout account as entered, made canonical (spaces and dashes out of card numbers, email in
 * lower case) and checked: a card number has 16–19 digits and a correct check digit, and names
 * its bank; an Alipay account is a mainland mobile number or an email; a WeChat ID is 6–20
 * letters, digits, _ or -, starting with a letter; the holder's name is never empty. Messages are
 * English fragments (field-messages renders them in zh-CN).
 */
export function validatePayoutAccount(input: PayoutAccountInput): { account: ValidPayoutAccount; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const holderName = input.holderName.trim().replace(/\s+/g, ' ');
  if (!holderName) issues.push({ path: 'holderName', message: 'required' });
  else if (holderName.length > 50) issues.push({ path: 'holderName', message: 'longer than 50 characters' });
  let accountNo = input.accountNo.trim();
  let bankName: string | null = null;
  if (input.kind === 'bank_card') {
    accountNo = accountNo.replace(/[\s-]/g, '');
    if (!/^\d{16,19}$/.test(accountNo) || !luhnValid(accountNo)) issues.push({ path: 'accountNo', message: 'not a valid card number (16–19 digits with a correct check digit)' });
    bankName = input.bankName?.trim() || null;
    if (!bankName) issues.push({ path: 'bankName', message: 'the bank name is required for a card' });
    else if (bankName.length > 50) issues.push({ path: 'bankName', message: 'longer than 50 characters' });
  } else if (input.kind === 'alipay') {
    if (EMAIL.test(accountNo)) accountNo = accountNo.toLowerCase();
    else if (!MOBILE.test(accountNo)) issues.push({ path: 'accountNo', message: 'a mobile number or an email address' });
  } else if (!WECHAT_ID.test(accountNo)) {
    issues.push({ path: 'accountNo', message: 'a WeChat ID of 6–20 letters, digits, _ or -, starting with a letter' });
  }
  return { account: { kind: input.kind, holderName, accountNo, bankName }, issues };
}

/** An account number as people see it: only its last four characters (**** 6789). */
export function maskAccountNo(accountNo: string): string {
  return `**** ${accountNo.slice(-4)}`;
}

/** Seconds a pending payout waits after its n-th failed submission: 5 s doubling, at most an hour. */
export function submitBackoffSeconds(attempts: number): number {
  return Math.min(3600, 5 * 2 ** Math.max(0, attempts - 1));
}

// ---- reconciliation ----

export type DifferenceCause = 'provider_paid_not_in_books' | 'books_paid_provider_failed' | 'amount_differs' | 'unknown_to_provider' | 'ledger_difference';
export const DIFFERENCE_CAUSES = ['provider_paid_not_in_books', 'books_paid_provider_failed', 'amount_differs', 'unknown_to_provider', 'ledger_difference'] as const satisfies readonly DifferenceCause[];

export interface PayoutDifference {
  cause: DifferenceCause;
  payoutId: string | null;
  merchantRef: string | null;
  providerRef: string | null;
  /** What the provider's statement says, and what our books say. */
  provider: { status: TransferStatus; amount: number; currency: string } | null;
  ours: { status: PayoutStatus; amount: number; currency: string } | null;
  /** For a ledger difference: the account, what our payouts say it must hold and what it holds. */
  account?: string;
  expected?: number;
  actual?: number;
  currency?: string;
}

export interface BookPayout { id: string; merchantRef: string; providerRef: string | null; status: PayoutStatus; amount: number; currency: string }

/**
 * Compare the provider's statement with our payouts and the ledger:
 * - provider_paid_not_in_books: the provider paid a transfer our books do not hold as paid (none
 *   of ours, or ours pending, submitted or failed — money that left without being booked);
 * - books_paid_provider_failed: our books hold a payout paid that the provider failed (or has
 *   not settled yet);
 * - amount_differs: both know the transfer, with different amounts or currencies;
 * - unknown_to_provider: a payout we submitted (in the period) that the provider never heard of;
 * - ledger_difference: payout_cash is not minus Σ succeeded payouts, or payouts_in_flight not
 *   minus Σ pending and submitted ones (per currency, in one snapshot of the whole books).
 * `ours` holds our payouts named by the statement and those submitted in the period;
 * `unknownToProvider` those of ours the provider, asked by reference, does not know at all.
 */
export function comparePayouts(input: {
  records: TransferRecord[];
  ours: Map<string, BookPayout>;
  unknownToProvider: BookPayout[];
  ledger: { account: 'payout_cash' | 'payouts_in_flight'; currency: string; expected: number; actual: number }[];
}): PayoutDifference[] {
  const out: PayoutDifference[] = [];
  for (const r of input.records) {
    const o = input.ours.get(r.merchantRef) ?? null;
    const provider = { status: r.status, amount: r.amount, currency: r.currency };
    const ours = o ? { status: o.status, amount: o.amount, currency: o.currency } : null;
    const base = { payoutId: o?.id ?? null, merchantRef: r.merchantRef, providerRef: r.providerRef, provider, ours };
    if (o && (o.amount !== r.amount || o.currency !== r.currency)) out.push({ cause: 'amount_differs', ...base });
    else if (r.status === 'succeeded' && o?.status !== 'succeeded') out.push({ cause: 'provider_paid_not_in_books', ...base });
    else if (r.status !== 'succeeded' && o?.status === 'succeeded') out.push({ cause: 'books_paid_provider_failed', ...base });
  }
  for (const o of input.unknownToProvider) {
    out.push({ cause: 'unknown_to_provider', payoutId: o.id, merchantRef: o.merchantRef, providerRef: o.providerRef, provider: null, ours: { status: o.status, amount: o.amount, currency: o.currency } });
  }
  for (const l of input.ledger) {
    if (l.expected !== l.actual) out.push({ cause: 'ledger_difference', payoutId: null, merchantRef: null, providerRef: null, provider: null, ours: null, account: l.account, expected: l.expected, actual: l.actual, currency: l.currency });
  }
  return out;
}
