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
  | 'red_packet_liability';    // red packets a reseller bought and has not yet seen used or expire (liability, never below zero)

/** Accounts whose normal-side balance is kept by the database and may never go negative. */
export const GUARDED_ACCOUNTS: ReadonlySet<AccountKind> = new Set(['reseller_wallet', 'red_packet_liability']);

export interface PostingLine { account: AccountKind; partyId: string; amount: number }

export interface SaleLine {
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

/** Merge lines on the same account and party; drop zeros. Keeps the first-seen order. */
export function mergeLines(lines: PostingLine[]): PostingLine[] {
  const m = new Map<string, PostingLine>();
  for (const l of lines) {
    const k = `${l.account}\u0000${l.partyId}`;
    const cur = m.get(k);
    if (cur) cur.amount += l.amount; else m.set(k, { ...l });
  }
  return [...m.values()].filter((l) => l.amount !== 0);
}

export type Payer = { kind: 'provider' } | { kind: 'wallet'; resellerId: string };

/** A discount on a paid order and who bears its cost. */
export interface DiscountCost { bearer: 'platform' | 'brand' | 'reseller'; partyId: string; amount: number }

/**
 * The account that absorbs a discount: the platform's promotion expense, the brand's payable
 * (a brand-funded coupon lowers what the brand is owed) or the reseller's prepaid red packets.
 */
export function discountCostLine(d: DiscountCost): PostingLine {
  if (d.bearer === 'platform') return { account: 'promotion_expense', partyId: '', amount: d.amount };
  if (d.bearer === 'brand') return { account: 'brand_payable', partyId: d.partyId, amount: d.amount };
  return { account: 'red_packet_liability', partyId: d.partyId, amount: d.amount };
}

/**
 * The entry for a paid order. A storefront order's payer paid the selling price, so the
 * reseller's margin is credited (pending); a reseller-placed order was paid at base price,
 * because the reseller collected the selling price in chat.
 */
export function orderPaidLines(input: { resellerId: string; payer: Payer; creditMargin: boolean; lines: SaleLine[]; discounts?: DiscountCost[] }): PostingLine[] {
  const out: PostingLine[] = [];
  let due = 0;
  for (const l of input.lines) {
    const s = splitLine(l);
    out.push({ account: 'brand_payable', partyId: l.brandId, amount: -s.brandPayable });
    out.push({ account: 'platform_commission', partyId: '', amount: -s.commission });
    due += s.base;
    if (input.creditMargin) {
      out.push({ account: 'reseller_margin_pending', partyId: input.resellerId, amount: -s.margin });
      due += s.margin;
    }
  }
  // Each discount is money the payer did not pay; its bearer's account is debited instead.
  for (const d of input.discounts ?? []) {
    out.push(discountCostLine(d));
    due -= d.amount;
  }
  const payerLine: PostingLine = input.payer.kind === 'wallet'
    ? { account: 'reseller_wallet', partyId: input.payer.resellerId, amount: due }
    : { account: 'provider_cash', partyId: '', amount: due };
  return mergeLines([payerLine, ...out]);
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
  })));
}

export function sumLines(lines: PostingLine[]): number {
  return lines.reduce((a, l) => a + l.amount, 0);
}
