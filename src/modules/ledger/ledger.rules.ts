// Pure rules that turn business facts into balanced postings. Brands are paid on base price net
// of commission; the platform keeps the commission; the reseller earns selling − base.
import { prorate, BPS } from '../../platform/money.ts';

/** The chart of accounts; the database lists the same names (ledger_accounts) and refuses any other. */
export type AccountKind =
  | 'provider_cash'            // money held at the payment provider (asset)
  | 'refunds_in_flight'        // money owed back to payers, awaiting the provider (liability)
  | 'brand_payable'            // owed to a brand (liability)
  | 'platform_commission'      // platform revenue
  | 'reseller_margin_pending'  // reseller earnings inside the return window (liability)
  | 'reseller_margin_available'// reseller earnings that may be withdrawn (liability)
  | 'reseller_wallet'          // a reseller's prepaid balance (liability, never below zero)
  | 'promotion_expense'        // the platform's cost of the coupons it funds (expense)
  | 'red_packet_liability'     // red packets a reseller bought and has not yet seen used or expire (liability, never below zero)
  | 'membership_fees'          // annual membership fees the platform took (revenue)
  | 'reward_expense'           // invitation and team rewards the platform funds (expense)
  | 'withdrawal_fees'          // fees withheld from reseller withdrawals (revenue)
  | 'payouts_in_flight'        // money on its way to a reseller or brand through the payout provider (liability)
  | 'payout_cash';             // money sent through the payout provider (asset: only ever goes down)

/** Accounts whose normal-side balance is kept by the database and may never go negative. */
export const GUARDED_ACCOUNTS: ReadonlySet<AccountKind> = new Set(['reseller_wallet', 'red_packet_liability']);

/**
 * One line of an entry. Lines that arise from an order line carry it (orderLineId), so what an
 * order line paid, and what has been given back for it so far, can be read per line and per unit.
 */
export interface PostingLine { account: AccountKind; partyId: string; amount: number; orderLineId?: string | null }

export interface SaleLine {
  /** The order line this sale is (its postings carry it); absent in pure examples. */
  orderLineId?: string;
  brandId: string;
  quantity: number;
  basePrice: number;
  sellingPrice: number;
  commissionBps: number;
}

export interface LineSplit { brandPayable: number; commission: number; margin: number; base: number; selling: number }

/** One order line split to the fen: payable + commission = base total; margin = selling − base. */
export function splitLine(l: SaleLine): LineSplit {
  const base = l.basePrice * l.quantity;
  const selling = l.sellingPrice * l.quantity;
  const [commission, brandPayable] = prorate(base, [l.commissionBps, BPS - l.commissionBps]);
  return { brandPayable, commission, margin: selling - base, base, selling };
}

/** Merge lines on the same account, party and order line; drop zeros. Keeps the first-seen order. */
export function mergeLines(lines: PostingLine[]): PostingLine[] {
  const m = new Map<string, PostingLine>();
  for (const l of lines) {
    const k = `${l.account}\u0000${l.partyId}\u0000${l.orderLineId ?? ''}`;
    const cur = m.get(k);
    if (cur) cur.amount += l.amount; else m.set(k, { ...l });
  }
  return [...m.values()].filter((l) => l.amount !== 0);
}

export type Payer = { kind: 'provider' } | { kind: 'wallet'; resellerId: string };

/** A discount on a paid order and who bears its cost (on the order line it discounted). */
export interface DiscountCost { bearer: 'platform' | 'brand' | 'reseller'; partyId: string; amount: number; orderLineId?: string }

/**
 * The account that absorbs a discount: the platform's promotion expense, the brand's payable
 * (a brand-funded coupon lowers what the brand is owed) or the reseller's prepaid red packets.
 */
export function discountCostLine(d: DiscountCost): PostingLine {
  const orderLineId = d.orderLineId ?? null;
  if (d.bearer === 'platform') return { account: 'promotion_expense', partyId: '', amount: d.amount, orderLineId };
  if (d.bearer === 'brand') return { account: 'brand_payable', partyId: d.partyId, amount: d.amount, orderLineId };
  return { account: 'red_packet_liability', partyId: d.partyId, amount: d.amount, orderLineId };
}

/**
 * The entry for a paid order. A storefront order's payer paid the selling price, so the
 * reseller's margin is credited (pending); a reseller-placed order was paid at base price,
 * because the reseller collected the selling price in chat.
 */
export function orderPaidLines(input: { resellerId: string; payer: Payer; creditMargin: boolean; lines: SaleLine[]; discounts?: DiscountCost[] }): PostingLine[] {
  const out: PostingLine[] = [];
  // What the payer paid for each order line: its sale less the discounts on it. A line's payer
  // amount is the ceiling of what can ever be refunded for it.
  const due = new Map<string, number>();
  const payerOn = (key: string | undefined, amount: number) => due.set(key ?? '', (due.get(key ?? '') ?? 0) + amount);
  for (const l of input.lines) {
    const s = splitLine(l);
    const orderLineId = l.orderLineId ?? null;
    out.push({ account: 'brand_payable', partyId: l.brandId, amount: -s.brandPayable, orderLineId });
    out.push({ account: 'platform_commission', partyId: '', amount: -s.commission, orderLineId });
    payerOn(l.orderLineId, s.base);
    if (input.creditMargin) {
      out.push({ account: 'reseller_margin_pending', partyId: input.resellerId, amount: -s.margin, orderLineId });
      payerOn(l.orderLineId, s.margin);
    }
  }
  // Each discount is money the payer did not pay; its bearer's account is debited instead.
  for (const d of input.discounts ?? []) {
    out.push(discountCostLine(d));
    payerOn(d.orderLineId, -d.amount);
  }
  const payerLines: PostingLine[] = [...due].map(([key, amount]) => (input.payer.kind === 'wallet'
    ? { account: 'reseller_wallet', partyId: input.payer.resellerId, amount, orderLineId: key || null }
    : { account: 'provider_cash', partyId: '', amount, orderLineId: key || null }));
  return mergeLines([...payerLines, ...out]);
}

/**
 * Give back `units` of an order line's `remaining` units. `held` is what the line's entries hold
 * now (Σ of its paid lines and every reversal so far, per account and party, with refunds in
 * flight counted as the provider cash they came from: heldForLine). The debit side (what the
 * payer and any discount bearer put in) is split in proportion — floor(units/remaining) of its
 * total, by largest remainder — and the credit side (brand payable, commission, margin) takes the
 * same total back by largest remainder too, so the entry balances to the fen; giving back the
 * last units takes exactly what is left, so rounding always ends on the last unit. Provider money
 * goes back through the provider: the cash line becomes refunds in flight.
 */
export function unitReversalLines(held: PostingLine[], units: number, remaining: number): PostingLine[] {
  if (!Number.isInteger(units) || !Number.isInteger(remaining) || units < 1 || units > remaining) throw new RangeError(`cannot give back ${units} of ${remaining} units`);
  const live = held.filter((l) => l.amount !== 0);
  if (sumLines(live) !== 0) throw new Error(`an order line's held lines do not balance: ${JSON.stringify(live)}`);
  let share: PostingLine[];
  if (units === remaining) share = live;
  else {
    const debits = live.filter((l) => l.amount > 0);
    const credits = live.filter((l) => l.amount < 0);
    const debitTotal = debits.reduce((a, l) => a + l.amount, 0);
    const back = Number((BigInt(debitTotal) * BigInt(units)) / BigInt(remaining));
    const d = back === 0 ? debits.map(() => 0) : prorate(back, debits.map((l) => l.amount));
    const c = back === 0 ? credits.map(() => 0) : prorate(-back, credits.map((l) => -l.amount));
    share = [...debits.map((l, i) => ({ ...l, amount: d[i] })), ...credits.map((l, i) => ({ ...l, amount: c[i] }))];
  }
  return reversalLines(share);
}

/** What a reversal gives back to the payer: refunds in flight (provider) or the wallet credit. */
export function payerRefundOf(reversal: PostingLine[]): { provider: number; wallet: number } {
  let provider = 0;
  let wallet = 0;
  for (const l of reversal) {
    if (l.account === 'refunds_in_flight') provider -= l.amount;
    if (l.account === 'reseller_wallet') wallet -= l.amount;
  }
  return { provider, wallet };
}

/**
 * A reversal mirrors an entry exactly. Money that came through the provider goes back through
 * it, so the provider cash line becomes an obligation (refunds in flight) until the refund settles.
 */
export function reversalLines(original: PostingLine[]): PostingLine[] {
  return mergeLines(original.map((l) => ({
    account: l.account === 'provider_cash' ? 'refunds_in_flight' : l.account,
    partyId: l.account === 'provider_cash' ? '' : l.partyId,
    amount: -l.amount,
    orderLineId: l.orderLineId ?? null,
  })));
}

/** The accounts of a line's held money: refunds in flight count as the provider cash they were. */
export function heldAccount(account: AccountKind): AccountKind {
  return account === 'refunds_in_flight' ? 'provider_cash' : account;
}

export function sumLines(lines: PostingLine[]): number {
  return lines.reduce((a, l) => a + l.amount, 0);
}
