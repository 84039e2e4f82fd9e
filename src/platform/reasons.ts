// The reason catalogue: why an order was cancelled or expired, why money went back, why an
// operator acted (orders.cancel_reason, refunds.reason, hold_releases.reason,
// return_requests.decision_reason, operator_actions.reason, withdrawals.reject_reason). A stored
// reason is either a code from the closed lists below — lowercase snake_case, optionally followed
// by ':' and a reference (a purchase order, parcel or return number, a month) — or the words a
// person typed, kept as typed. Codes are never words in a language: the web app says each one in
// the reader's language (web/src/lib/reasons.ts, which imports this file).
// Like the error catalogue, every module writes from this one list. docs/decisions.md says why.
// Pure (no imports): the web app imports it as it is, so the two cannot drift; the request and
// answer schemas are in reasons.schema.ts.
/**
 * Reasons a person picks from the ready-made chips: cancelling an order, releasing a hold, the
 * operator's acts kept in the operator actions record (ending an event early — whose reason is also
 * its unpaid orders' — pulling an item, disabling a reseller or a login, resetting a password),
 * declining a reseller's withdrawal (withdrawals.reject_reason, which the reseller reads) and
 * deciding a return or refund request.
 */
export const PRESET_REASONS = [
  'consumer_asked', 'brand_out_of_stock', 'address_unserviceable', 'duplicate_order',
  'customer_changed_mind', 'wrong_size', 'wrong_address', 'customer_unreachable',
  'hoarding', 'repeated_unpaid', 'scripted_orders',
  // the operator's acts
  'goods_ready_ship_early', 'brand_requested_end', 'quality_issue', 'price_error',
  'failed_quality_check', 'brand_recall',
  'counterfeit_sales', 'fake_orders', 'membership_lapsed',
  'staff_left', 'account_compromised', 'identity_verified',
  'payout_account_wrong', 'account_needs_check', 'asked_twice',
  // deciding a return (return_requests.decision_reason, which the consumer and the reseller read)
  'within_policy', 'tags_removed', 'worn_or_washed', 'outside_return_window', 'no_fault_shown',
] as const;

/** Reasons the platform writes itself, with the reference noted beside each (none: no reference). */
export const SYSTEM_REASONS = [
  'hold_expired', // an unpaid order's hold ran out
  'paid_after_hold_expired', // the payment came after the hold ended: the order expires, the money goes back
  'paid_too_late', // a payment for an order no longer payable, given back
  'paid_twice', // a second payment of an order someone already paid, given back
  'payment_unmatched', // a payment that matched no order or top-up, given back
  'brand_short', // :PO number — the brand did not supply the units
  'parcel_refused', // :parcel number — the recipient refused it, it came back
  'return', // :return number — units returned after delivery
  'refund_only', // :return number — units refunded without a return
  'refund_only_within_policy', // a small refund-only request approved at once (the decision's reason)
  'group_not_filled', // a group buy did not fill in time
  'presale_minimum_not_reached', // a presale closed under its minimum quantity
  'presale_closed_unpaid', // a presale closed before the order was paid
  'membership_removed', // :month of the review — a member removed, the unused fee refunded
] as const;

export type PresetReason = (typeof PRESET_REASONS)[number];
export type SystemReason = (typeof SYSTEM_REASONS)[number];
export type ReasonCode = PresetReason | SystemReason;
export const REASON_CODES: readonly ReasonCode[] = [...PRESET_REASONS, ...SYSTEM_REASONS];

const KNOWN = new Set<string>(REASON_CODES);
const PRESET = new Set<string>(PRESET_REASONS);
/** The shape of a code (what a person's words never look like: no capitals, spaces or CJK before any ':'). */
const CODE_SHAPE = /^([a-z][a-z0-9]*(?:_[a-z0-9]+)*)(?::(.*))?$/s;

/** The stored form of a code, with its reference if it has one: `brand_short:PO20261207-0001`. */
export function reasonOf(code: ReasonCode, ref?: string): string {
  return ref ? `${code}:${ref}` : code;
}

/** A stored reason read back: its code and reference, or null for a person's words (or an unknown code, shown as written). */
export function parseReason(stored: string | null | undefined): { code: ReasonCode; ref: string | null } | null {
  const m = stored ? CODE_SHAPE.exec(stored) : null;
  if (!m || !KNOWN.has(m[1])) return null;
  return { code: m[1] as ReasonCode, ref: m[2] || null };
}

/**
 * May a person send this as a reason? A preset code (no reference), or their own words. A known
 * code that is not a preset (`hold_expired`, `brand_short:PO…`) is refused, so nothing a person
 * sends passes for what the platform decided; so is an unknown snake_case code (`refund_now`: a
 * typo or a client on another version). A lone lowercase word ("x", "spam") is words.
 */
export function mayChooseReason(s: string): boolean {
  const m = CODE_SHAPE.exec(s);
  if (!m) return true;
  if (KNOWN.has(m[1])) return PRESET.has(s);
  return !m[1].includes('_');
}
