// Hoarding (恶意占库存): how much one buyer, one network address and one reseller link may hold
// unpaid. Pure: the placement counts what is held under the holders' locks, and judges here.
import { isIPv4, isIPv6 } from 'node:net';
import type { HoldLimits } from '../../platform/config.ts';
import type { Lang } from '../../platform/errors.ts';

export type HoldLimitName = 'units_per_phone_sku' | 'units_per_phone' | 'orders_per_phone' | 'orders_per_address' | 'orders_per_link';

/** What is held already, not counting the order being judged. */
export interface HeldNow {
  /** Units the phone holds on unpaid orders right now, per event SKU (the SKUs asked for). */
  phoneUnitsBySku: ReadonlyMap<string, number>;
  /** Units the phone holds on unpaid orders right now, across the platform. */
  phoneUnits: number;
  /** Unpaid orders placed in the window: by the phone, from the client address (null: unknown), through the link. */
  phoneOrders: number;
  addressOrders: number | null;
  linkOrders: number;
}

export interface HoldAsk { lines: readonly { eventSkuId: string; quantity: number }[] }

export type HoldVerdict =
  | { ok: true }
  | { ok: false; limit: HoldLimitName; cap: number; held: number; requested: number; eventSkuId?: string; windowMinutes?: number };

/** One cap an order is judged against: what is held toward it and what the order asks. */
type CapCheck = Omit<Extract<HoldVerdict, { ok: false }>, 'ok'>;

/**
 * The caps that are on, in the order an order is judged against them — the buyer's own first
 * (they say the most useful thing: pay what you hold), then the address's, then the link's — each
 * with what is held toward it and what the order asks. An address not known is not judged.
 */
function capChecks(limits: HoldLimits, held: HeldNow, ask: HoldAsk): CapCheck[] {
  const checks: CapCheck[] = [];
  const windowMinutes = limits.windowMinutes;
  if (limits.unitsPerPhoneSku > 0) {
    for (const l of ask.lines) checks.push({ limit: 'units_per_phone_sku', cap: limits.unitsPerPhoneSku, held: held.phoneUnitsBySku.get(l.eventSkuId) ?? 0, requested: l.quantity, eventSkuId: l.eventSkuId });
  }
  if (limits.unitsPerPhone > 0) checks.push({ limit: 'units_per_phone', cap: limits.unitsPerPhone, held: held.phoneUnits, requested: ask.lines.reduce((a, l) => a + l.quantity, 0) });
  if (limits.ordersPerPhone > 0) checks.push({ limit: 'orders_per_phone', cap: limits.ordersPerPhone, held: held.phoneOrders, requested: 1, windowMinutes });
  if (limits.ordersPerAddress > 0 && held.addressOrders !== null) checks.push({ limit: 'orders_per_address', cap: limits.ordersPerAddress, held: held.addressOrders, requested: 1, windowMinutes });
  if (limits.ordersPerLink > 0) checks.push({ limit: 'orders_per_link', cap: limits.ordersPerLink, held: held.linkOrders, requested: 1, windowMinutes });
  return checks;
}

/** May this order be held on top of what is held already? The first cap it would pass (capChecks' order) refuses it. A cap of 0 is off. */
export function judgeHold(limits: HoldLimits, held: HeldNow, ask: HoldAsk): HoldVerdict {
  const over = capChecks(limits, held, ask).find((c) => c.held + c.requested > c.cap);
  return over ? { ok: false, ...over } : { ok: true };
}

/** Is any cap on? (All off: the placement counts nothing and takes no lock.) */
export function holdLimitsOn(limits: HoldLimits): boolean {
  return limits.unitsPerPhoneSku > 0 || limits.unitsPerPhone > 0 || limits.ordersPerPhone > 0 || limits.ordersPerAddress > 0 || limits.ordersPerLink > 0;
}

/**
 * The client address a cap counts by: an IPv4 address as it is (also when written as an
 * IPv4-mapped IPv6 address), an IPv6 address by its /64 — one subscriber's network, whose
 * interface half a phone may change at will. Anything else is not an address: null.
 */
export function clientAddressKey(ip: string | null | undefined): string | null {
  if (!ip) return null;
  let a = ip.trim().toLowerCase();
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) a = mapped[1];
  if (isIPv4(a)) return a;
  if (!isIPv6(a)) return null;
  const groups = expandIPv6(a);
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

function expandIPv6(a: string): number[] {
  // A trailing dotted quad (::1.2.3.4, 64:ff9b::1.2.3.4) is the last two groups.
  const quad = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (quad) {
    const [b1, b2, b3, b4] = quad.slice(1).map(Number);
    a = `${a.slice(0, quad.index)}${((b1 << 8) | b2).toString(16)}:${((b3 << 8) | b4).toString(16)}`;
  }
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array.from({ length: 8 - h.length - t.length }, () => '0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

/** The refusal in the buyer's language: what is held, the cap, and what to do about it. */
export function describeHoldRefusal(v: Exclude<HoldVerdict, { ok: true }>, lang: Lang): string {
  const zh = lang !== 'en';
  switch (v.limit) {
    case 'units_per_phone_sku':
      return zh
        ? `这个手机号已有 ${v.held} 件该商品未付款，每个手机号最多同时保留 ${v.cap} 件（本单 ${v.requested} 件）。请先支付或取消已下的订单。`
        : `this phone number already holds ${v.held} unpaid of this item; one phone number may hold at most ${v.cap} (this order asks for ${v.requested}). Pay for or cancel the orders you hold first`;
    case 'units_per_phone':
      return zh
        ? `这个手机号已有 ${v.held} 件商品未付款，每个手机号最多同时保留 ${v.cap} 件（本单 ${v.requested} 件）。请先支付或取消已下的订单。`
        : `this phone number already holds ${v.held} unpaid items; one phone number may hold at most ${v.cap} (this order asks for ${v.requested}). Pay for or cancel the orders you hold first`;
    case 'orders_per_phone':
      return zh
        ? `这个手机号 ${v.windowMinutes} 分钟内已有 ${v.held} 笔未付款订单（最多 ${v.cap} 笔）。请先支付已下的订单，或联系代购取消后再下单。`
        : `this phone number has ${v.held} unpaid orders from the last ${v.windowMinutes} minutes (at most ${v.cap}). Pay for them, or ask your seller to cancel them, before ordering again`;
    case 'orders_per_address':
      return zh
        ? `您所在的网络 ${v.windowMinutes} 分钟内已有 ${v.held} 笔未付款订单（最多 ${v.cap} 笔）。请先支付已下的订单，或稍后再试。`
        : `your network has ${v.held} unpaid orders from the last ${v.windowMinutes} minutes (at most ${v.cap}). Pay for the orders already placed, or try again later`;
    case 'orders_per_link':
      return zh
        ? `这个店铺链接 ${v.windowMinutes} 分钟内已有 ${v.held} 笔未付款订单（最多 ${v.cap} 笔）。请先支付已下的订单，或稍后再试。`
        : `this shop link has ${v.held} unpaid orders from the last ${v.windowMinutes} minutes (at most ${v.cap}). Pay for the orders already placed, or try again later`;
  }
}

/** What holders hold now, as heldJsonSql gives it (counts per phone, address and link; a phone's units per event SKU). */
export interface HeldJson {
  phoneOrders: Record<string, number> | null; addressOrders: Record<string, number> | null; linkOrders: Record<string, number> | null;
  units: [phone: string, eventSkuId: string, quantity: number][] | null;
}

/**
 * What holders hold, counted: read once for a group of placements, then each placement accepted
 * is added, so the next one of the same phone, address or link is judged on top of it — as if
 * they had been placed one after another.
 */
export class HeldTally {
  private constructor(
    private readonly phoneOrders: Map<string, number>, private readonly addressOrders: Map<string, number>,
    private readonly linkOrders: Map<string, number>, private readonly units: Map<string, Map<string, number>>,
  ) {}

  /** Nothing held: to count what a group adds on its own. */
  static empty(): HeldTally { return HeldTally.fromJson({ phoneOrders: null, addressOrders: null, linkOrders: null, units: null }); }

  static fromJson(j: HeldJson): HeldTally {
    const counts = (r: Record<string, number> | null) => new Map(Object.entries(r ?? {}).map(([k, n]) => [k, Number(n)]));
    const units = new Map<string, Map<string, number>>();
    for (const [phone, esk, q] of j.units ?? []) {
      const m = units.get(phone) ?? new Map<string, number>();
      m.set(esk, (m.get(esk) ?? 0) + Number(q));
      units.set(phone, m);
    }
    return new HeldTally(counts(j.phoneOrders), counts(j.addressOrders), counts(j.linkOrders), units);
  }

  /** What these holders hold now, as judgeHold judges it (an unknown client address: null). */
  heldNow(h: { phone: string; address: string | null; resellerId: string }): HeldNow {
    const bySku = this.units.get(h.phone) ?? new Map<string, number>();
    return {
      phoneUnitsBySku: bySku, phoneUnits: [...bySku.values()].reduce((a, n) => a + n, 0),
      phoneOrders: this.phoneOrders.get(h.phone) ?? 0, addressOrders: h.address ? this.addressOrders.get(h.address) ?? 0 : null,
      linkOrders: this.linkOrders.get(h.resellerId) ?? 0,
    };
  }

  /** One more unpaid order of these holders, with these lines. */
  add(h: { phone: string; address: string | null; resellerId: string }, lines: HoldAsk['lines']): void {
    const bump = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
    bump(this.phoneOrders, h.phone, 1);
    if (h.address) bump(this.addressOrders, h.address, 1);
    bump(this.linkOrders, h.resellerId, 1);
    const bySku = this.units.get(h.phone) ?? new Map<string, number>();
    for (const l of lines) bump(bySku, l.eventSkuId, l.quantity);
    this.units.set(h.phone, bySku);
  }
}

/**
 * The most each holder may hold, when counted again, for every order of a group to fit its caps:
 * per phone, client address and link its unpaid orders in the window, per phone its units in all
 * and of each item. A holder not named is not limited by the group.
 */
export interface HeldCeilingsJson {
  phoneOrders: Record<string, number>; addressOrders: Record<string, number>; linkOrders: Record<string, number>;
  phoneUnits: Record<string, number>; units: Record<string, Record<string, number>>;
}

/**
 * A group's orders judged one after another on what their holders held when read, each on top of
 * the orders accepted before it (as one by one), and what the accepted orders allow each holder to
 * hold when counted again under the locks (`ceilings`, for the storefront desk's write): for each
 * cap an order was judged against, the cap less what the order asks and what the group added
 * toward that holder before it; the least over the group's orders. More held meanwhile by
 * placements elsewhere, within that, changes no judgement.
 */
export class GroupHolds {
  /** What the group's accepted orders add, apart from what was read. */
  private readonly added = HeldTally.empty();
  private readonly c: HeldCeilingsJson = { phoneOrders: {}, addressOrders: {}, linkOrders: {}, phoneUnits: {}, units: {} };

  /** `tally`: what was read; each accepted order is added to it. */
  constructor(private readonly limits: HoldLimits, private readonly tally: HeldTally) {}

  /**
   * Whether an order judged against `holders` fits its caps on top of the tally; if it does, it is
   * accepted: its ceilings noted and it is added to the tally, counted toward `counted`.
   */
  accept(holders: { phone: string; address: string | null; resellerId: string }, counted: { phone: string; address: string | null; resellerId: string }, ask: HoldAsk): boolean {
    if (!judgeHold(this.limits, this.tally.heldNow(holders), ask).ok) return false;
    const lower = (m: Record<string, number>, k: string, v: number) => { m[k] = Math.min(m[k] ?? Infinity, v); };
    for (const c of capChecks(this.limits, this.added.heldNow(holders), ask)) {
      const room = c.cap - c.requested - c.held;
      if (c.limit === 'units_per_phone_sku') lower((this.c.units[holders.phone] ??= {}), c.eventSkuId!, room);
      else if (c.limit === 'units_per_phone') lower(this.c.phoneUnits, holders.phone, room);
      else if (c.limit === 'orders_per_phone') lower(this.c.phoneOrders, holders.phone, room);
      else if (c.limit === 'orders_per_address') lower(this.c.addressOrders, holders.address!, room);
      else lower(this.c.linkOrders, holders.resellerId, room);
    }
    this.tally.add(counted, ask.lines);
    this.added.add(counted, ask.lines);
    return true;
  }

  ceilings(): HeldCeilingsJson { return this.c; }
}
