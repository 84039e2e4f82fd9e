// Customer tags (客户标签): what one consumer's purchases through one reseller say about her, for the
// reseller's customer list — the tags, her sizes, her children's ages and favourite brands. Pure:
// the caller reads her paid lines, this judges; `now` is passed in.
//
// The thresholds (DEFAULT_TAG_RULES), each one sentence a reseller can check against her chat:
//   price_sensitive  ≥ 60% of the units she bought were deals (min 3 units). A deal is a line with a
//                    coupon, red packet, flash price or 满减 applied, or a price at or below 2.5折 of
//                    tag. Not 4折: clearance events routinely sell at 3–4折 (base price is 2–3.5折
//                    of tag before the reseller's markup), so 4折 would tag nearly every customer.
//   brand_loyal      ≥ 60% of the units she kept are one brand, min 3 units kept, and she kept that
//                    brand from ≥ 2 orders (one big order is a haul, not loyalty).
//   return_prone     ≥ 30% of the units delivered to her were returned (min 3 units).
//   big_spender      ≥ ¥2,000.00 kept (paid, net of refunds) in the last 90 days.
//   repeat_buyer     she bought on ≥ 2 different days (China calendar) — 复购 as the trade counts it.
//   new_customer     her first purchase was less than 14 days ago.
//   dormant          her last purchase was 60 days ago or more.
//   has_children     she ever bought children's wear or mother-and-baby (童装, 母婴).
// No purchases, no tags: there is nothing to say yet.
// Children's ages come from the heights children's sizes name (110 cm → 4–5 years), from her last
// 12 months of children's buying, each aged by the years since (see childAgeBand).
//
// Kept units (bought − returned) feed sizes, brands and spend: a size sent back was likely the
// wrong one, a brand sent back is no favourite, refunded money was not spent. Deals and returns
// count what she bought: what drew her to check out, and what came back of it.
// Ratios compare integers in basis points (a × 10000 ≥ bps × b); money is integer fen throughout.
import { assertMinor, BPS } from '../../platform/money.ts';
import { shanghaiDay } from '../../platform/time.ts';

/** One paid order line of one consumer with one reseller. */
export interface PurchaseLine {
  /** The order the line was paid in: orders are counted by this, not by time. */
  orderId: string;
  /** When the order was paid. Lines paid after `now` (clocks differ) count as just paid. */
  at: Date;
  brandId: string;
  brandName: string;
  /** The catalogue's category, in Chinese: '女装', '童装', '美妆', '男装', '鞋包', '母婴', '家居'. */
  category: string;
  productName: string;
  /** The SKU's size as listed: 'S'…'XXL', '均码', children's heights '90'…'160' (cm), shoes '36', cosmetics '标准', '50ml'. */
  size: string;
  /** Units bought on this line, at least 1. */
  units: number;
  /** Of those, units returned and refunded after delivery (after-sales), 0..units. */
  unitsReturned: number;
  /** What the consumer paid per unit after every discount, fen. */
  price: number;
  /** The tag price per unit, fen; 0 when unknown (then only `discounted` makes the line a deal). */
  tagPrice: number;
  /** A coupon, red packet, flash price or threshold discount (满减) applied to the line. */
  discounted: boolean;
}

/** Every tag, in the one order tags are listed in. */
export const TAG_CODES = ['price_sensitive', 'brand_loyal', 'return_prone', 'big_spender', 'repeat_buyer', 'new_customer', 'dormant', 'has_children'] as const;
export type Tag = (typeof TAG_CODES)[number];

export interface CustomerTags {
  /** The tags that hold, in TAG_CODES order. */
  tags: Tag[];
  /** Sizes she kept, per category, most units first (ties: size order, then category). */
  sizes: { category: string; size: string; units: number }[];
  /** Her children's ages now, from children's heights she kept (see childAgeBand); null: none known. */
  childAgeBand: { minYears: number; maxYears: number } | null;
  /** The three brands she kept most units of (ties: brand id); the name is the latest one she bought under. */
  favouriteBrands: { brandId: string; brandName: string; units: number }[];
  /** Distinct orders. */
  orders: number;
  /** Units bought, returns included. */
  units: number;
  /** Fen paid for the units she kept (net of refunds). */
  spent: number;
  /** Units returned ÷ units bought, basis points rounded down; 0 with no purchases. */
  returnRateBps: number;
  lastBoughtAt: Date | null;
}

/** The thresholds; integers throughout (shares in basis points, money in fen, windows in days). */
export interface TagRules {
  /** A line is a deal at or below this share of its tag price: 2500 = 2.5折. */
  dealPriceBps: number;
  priceSensitiveShareBps: number;
  priceSensitiveMinUnits: number;
  brandLoyalShareBps: number;
  brandLoyalMinUnits: number;
  brandLoyalMinOrders: number;
  returnProneShareBps: number;
  returnProneMinUnits: number;
  bigSpenderFen: number;
  bigSpenderDays: number;
  /** Distinct China calendar days with a purchase. */
  repeatBuyerDays: number;
  newCustomerDays: number;
  dormantDays: number;
  /** Categories bought for children: they set has_children, and their heights the age band. */
  childrenCategories: readonly string[];
  /** The age band reads the children's heights bought in this many days up to her latest one. */
  childBandDays: number;
}

export const DEFAULT_TAG_RULES: TagRules = Object.freeze({
  dealPriceBps: 2500,
  priceSensitiveShareBps: 6000,
  priceSensitiveMinUnits: 3,
  brandLoyalShareBps: 6000,
  brandLoyalMinUnits: 3,
  brandLoyalMinOrders: 2,
  returnProneShareBps: 3000,
  returnProneMinUnits: 3,
  bigSpenderFen: 200_000,
  bigSpenderDays: 90,
  repeatBuyerDays: 2,
  newCustomerDays: 14,
  dormantDays: 60,
  childrenCategories: Object.freeze(['童装', '母婴']),
  childBandDays: 365,
});

const DAY_MS = 86_400_000;
/** A year of a child's life: 365.25 days. */
const YEAR_MS = 31_557_600_000;

/**
 * The tags, sizes, children's ages and favourite brands one consumer's purchase history with one
 * reseller gives, as of `now`. The result does not depend on the order of `lines`.
 * Throws RangeError on a line that cannot be a paid line (units < 1, returns past units, fen not integers).
 */
export function customerTags(lines: readonly PurchaseLine[], now: Date, rules: Partial<TagRules> = {}): CustomerTags {
  const r = withDefaults(rules);
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError('now is not a valid date');
  const children = new Set(r.childrenCategories);

  let units = 0;
  let returned = 0;
  let kept = 0;
  let dealUnits = 0;
  let spent = 0;
  let recentSpent = 0;
  let first = Infinity;
  let last = -Infinity;
  let hasChildren = false;
  const orders = new Set<string>();
  const days = new Set<string>();
  const brands = new Map<string, { brandId: string; brandName: string; nameAt: number; units: number; orders: Set<string> }>();
  const sizes = new Map<string, { category: string; size: string; units: number }>();
  const heights: { at: number; cm: number }[] = [];

  for (const l of lines) {
    const t = checkLine(l);
    const k = l.units - l.unitsReturned;
    units += l.units;
    returned += l.unitsReturned;
    kept += k;
    spent += l.price * k;
    if (nowMs - t < r.bigSpenderDays * DAY_MS) recentSpent += l.price * k;
    if (l.discounted || (l.tagPrice > 0 && l.price * BPS <= l.tagPrice * r.dealPriceBps)) dealUnits += l.units;
    first = Math.min(first, t);
    last = Math.max(last, t);
    orders.add(l.orderId);
    days.add(shanghaiDay(l.at));
    const forChildren = children.has(l.category);
    if (forChildren) hasChildren = true;
    if (k === 0) continue;

    const b = brands.get(l.brandId) ?? { brandId: l.brandId, brandName: l.brandName, nameAt: t, units: 0, orders: new Set<string>() };
    b.units += k;
    b.orders.add(l.orderId);
    // The latest name wins (brands rename); at the same instant the greater string, so input order never matters.
    if (t > b.nameAt || (t === b.nameAt && l.brandName > b.brandName)) Object.assign(b, { brandName: l.brandName, nameAt: t });
    brands.set(l.brandId, b);

    const size = l.size.trim();
    if (size) {
      const key = `${l.category}\u0000${size}`;
      const s = sizes.get(key) ?? { category: l.category, size, units: 0 };
      s.units += k;
      sizes.set(key, s);
    }
    const cm = forChildren ? childHeightCm(size) : null;
    if (cm !== null) heights.push({ at: t, cm });
  }
  assertMinor(spent, 'spent');

  const share = (part: number, whole: number, bps: number) => part * BPS >= bps * whole;
  const brandList = [...brands.values()].sort((a, b) => b.units - a.units || cmp(a.brandId, b.brandId));
  const holds: Record<Tag, boolean> = {
    price_sensitive: units >= r.priceSensitiveMinUnits && share(dealUnits, units, r.priceSensitiveShareBps),
    brand_loyal: kept >= r.brandLoyalMinUnits
      && brandList.some((b) => b.orders.size >= r.brandLoyalMinOrders && share(b.units, kept, r.brandLoyalShareBps)),
    return_prone: units >= r.returnProneMinUnits && share(returned, units, r.returnProneShareBps),
    big_spender: lines.length > 0 && recentSpent >= r.bigSpenderFen,
    repeat_buyer: lines.length > 0 && days.size >= r.repeatBuyerDays,
    new_customer: lines.length > 0 && nowMs - first < r.newCustomerDays * DAY_MS,
    dormant: lines.length > 0 && nowMs - last >= r.dormantDays * DAY_MS,
    has_children: hasChildren,
  };

  return {
    tags: TAG_CODES.filter((t) => holds[t]),
    sizes: [...sizes.values()].sort((a, b) => b.units - a.units || compareSizes(a.size, b.size) || cmp(a.category, b.category)),
    childAgeBand: childAgeBand(heights, nowMs, r.childBandDays),
    favouriteBrands: brandList.slice(0, 3).map(({ brandId, brandName, units: u }) => ({ brandId, brandName, units: u })),
    orders: orders.size,
    units,
    spent,
    returnRateBps: units === 0 ? 0 : Math.floor((returned * BPS) / units),
    lastBoughtAt: lines.length === 0 ? null : new Date(last),
  };
}

/**
 * Chinese children's wear is sized by the child's height in cm (号型); the age a height usually
 * fits, both ends in whole years. A height takes the row at or below it (115 → 4–5); babies'
 * 52–73 are 0–1; 160 and up is the top of children's wear, 14–15.
 */
const HEIGHT_AGE: readonly (readonly [cm: number, minYears: number, maxYears: number])[] = [
  [50, 0, 1], [80, 1, 2], [90, 2, 3], [100, 3, 4], [110, 4, 5], [120, 6, 7], [130, 8, 9], [140, 10, 11], [150, 12, 13], [160, 14, 15],
];
const MIN_HEIGHT_CM = 50;
const MAX_HEIGHT_CM = 175;

/** The age a child's height in cm usually means; null outside children's heights (a shoe size, an adult's). */
export function ageForHeight(cm: number): { minYears: number; maxYears: number } | null {
  if (!Number.isInteger(cm) || cm < MIN_HEIGHT_CM || cm > MAX_HEIGHT_CM) return null;
  let row = HEIGHT_AGE[0];
  for (const h of HEIGHT_AGE) if (h[0] <= cm) row = h;
  return { minYears: row[1], maxYears: row[2] };
}

/** The height a children's size names: '110', '110cm', '110/56' (height/chest) → 110; else null. */
export function childHeightCm(size: string): number | null {
  const m = /^(\d{2,3})\s*(?:cm)?(?:\s*\/\s*\d{2,3}[a-z]?)?$/i.exec(size.trim());
  if (!m) return null;
  const cm = Number(m[1]);
  return ageForHeight(cm) ? cm : null;
}

/**
 * Her children's ages now. It reads the heights bought in the `bandDays` up to her latest
 * children's purchase (older sizes have been outgrown and are no longer news), and ages each by
 * the whole years since it was bought — children grow: a 110 (4–5) bought two years ago means
 * 6–7 now. Two children make one band across both (a 90 and a 140: 2–11).
 */
function childAgeBand(heights: readonly { at: number; cm: number }[], nowMs: number, bandDays: number): CustomerTags['childAgeBand'] {
  if (heights.length === 0) return null;
  const latest = heights.reduce((m, h) => Math.max(m, h.at), -Infinity);
  let band: { minYears: number; maxYears: number } | null = null;
  for (const h of heights) {
    if (latest - h.at > bandDays * DAY_MS) continue;
    const age = ageForHeight(h.cm)!;
    const grown = Math.floor(Math.max(0, nowMs - h.at) / YEAR_MS);
    band = band === null
      ? { minYears: age.minYears + grown, maxYears: age.maxYears + grown }
      : { minYears: Math.min(band.minYears, age.minYears + grown), maxYears: Math.max(band.maxYears, age.maxYears + grown) };
  }
  return band;
}

const LETTER_SIZES = ['XXXS', 'XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', 'XXXL', 'XXXXL'];
const LETTER_ALIASES: Record<string, string> = { '3XS': 'XXXS', '2XS': 'XXS', '2XL': 'XXL', '3XL': 'XXXL', '4XL': 'XXXXL' };
const ONE_SIZE = new Set(['均码', 'F', 'FREE', 'FREESIZE', 'FREE SIZE', 'ONE SIZE', 'OS']);

/**
 * The order sizes are listed in: letter sizes small to large (XS, S, M, L, XL, XXL = 2XL…), then
 * one size (均码), then sizes led by a number by that number (children's heights, shoes, 50ml
 * before 100ml), then the rest ('标准') by their text.
 */
export function compareSizes(a: string, b: string): number {
  const ka = sizeKey(a);
  const kb = sizeKey(b);
  return ka.group - kb.group || ka.rank - kb.rank || cmp(a, b);
}

function sizeKey(size: string): { group: number; rank: number } {
  const s = size.trim().toUpperCase();
  const letter = LETTER_SIZES.indexOf(LETTER_ALIASES[s] ?? s);
  if (letter >= 0) return { group: 0, rank: letter };
  if (ONE_SIZE.has(s)) return { group: 1, rank: 0 };
  const n = /^\d+(?:\.\d+)?/.exec(s);
  if (n) return { group: 2, rank: Number(n[0]) };
  return { group: 3, rank: 0 };
}

/** Code-unit order: the same on every machine, whatever its locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function withDefaults(rules: Partial<TagRules>): TagRules {
  const r: TagRules = { ...DEFAULT_TAG_RULES };
  for (const [k, v] of Object.entries(rules)) if (v !== undefined) Object.assign(r, { [k]: v });
  return r;
}

/** The line's paid instant, after checking it can be a paid line. */
function checkLine(l: PurchaseLine): number {
  const t = l.at.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`line of order ${l.orderId}: not a valid date`);
  if (!Number.isSafeInteger(l.units) || l.units < 1) throw new RangeError(`line of order ${l.orderId}: units must be a whole number ≥ 1, got ${l.units}`);
  if (!Number.isSafeInteger(l.unitsReturned) || l.unitsReturned < 0 || l.unitsReturned > l.units) {
    throw new RangeError(`line of order ${l.orderId}: units returned must be 0..${l.units}, got ${l.unitsReturned}`);
  }
  if (assertMinor(l.price, 'price') < 0 || assertMinor(l.tagPrice, 'tag price') < 0) throw new RangeError(`line of order ${l.orderId}: prices cannot be negative`);
  return t;
}
