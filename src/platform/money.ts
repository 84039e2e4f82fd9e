// Money is integer minor units (fen) with a currency. One rounding rule: largest remainder.

export type Currency = 'CNY';
export const DEFAULT_CURRENCY: Currency = 'CNY';
/** Basis points: 10000 = 100%. Rates are integers so no float ever touches money. */
export const BPS = 10_000;

export function assertMinor(n: number, what = 'amount'): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer number of minor units, got ${n}`);
  return n;
}

/**
 * Split `total` into parts proportional to non-negative integer `weights`, exactly:
 * the parts are integers that sum to `total`. Each part gets the floor of its share and the
 * leftover units go to the largest remainders (ties to the earlier part), so the split is
 * deterministic and never off by a fen.
 */
export function prorate(total: number, weights: readonly number[]): number[] {
  assertMinor(total, 'total');
  if (weights.length === 0) throw new RangeError('prorate needs at least one weight');
  const sumW = weights.reduce((a, w) => {
    if (!Number.isSafeInteger(w) || w < 0) throw new RangeError(`weight must be a non-negative integer, got ${w}`);
    return a + w;
  }, 0);
  if (sumW === 0) throw new RangeError('prorate weights sum to zero');
  const sign = total < 0 ? -1 : 1;
  const abs = BigInt(Math.abs(total));
  const W = BigInt(sumW);
  const parts = weights.map((w) => (abs * BigInt(w)) / W);
  const rems = weights.map((w, i) => ({ i, r: (abs * BigInt(w)) % W }));
  let left = abs - parts.reduce((a, p) => a + p, 0n);
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0n; k++, left--) parts[rems[k % rems.length].i] += 1n;
  return parts.map((p) => sign * Number(p));
}

/** `amount × bps / 10000`, rounded half up, for a single rate applied to one figure. */
export function applyBps(amount: number, bps: number): number {
  assertMinor(amount);
  const n = BigInt(amount) * BigInt(bps);
  const q = n / 10_000n;
  const r = n % 10_000n;
  return Number(r * 2n >= 10_000n ? q + 1n : q);
}

/**
 * ¥1,000.00: the one display format, the same as the web apps' yuan() (two decimals, thousands
 * separated), for pages the server renders itself such as the sandbox gateway's pay page.
 */
export function formatMoney(minor: number, currency: Currency = DEFAULT_CURRENCY): string {
  assertMinor(minor);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${currency === 'CNY' ? '¥' : currency + ' '}${whole}.${String(abs % 100).padStart(2, '0')}`;
}
