// Sorting received units into parcels (合单), as a pure rule: the warehouse's sorting wave calls it
// with what has arrived and what is still on its way, and gets parcels to pack now and units to
// keep back a little longer.
//
// - One parcel never mixes consumers or addresses. A consumer is a phone; an address is its
//   normalised text (addressKey), so "浙江省 杭州市" and "浙江省杭州市" are one address. The name on
//   the label is the recipient's as first written; a different name at the same phone and address
//   is the same household and shares the parcel.
// - Merging: units of one consumer and address from any events and brands go out together. While
//   more of theirs is still expected (paid, not yet received), the group waits — but never past
//   any of its units' limit (received + the holding time): when one unit reaches its limit, the
//   whole group that is here goes out, and what arrives later makes another parcel.
// - Splitting: a group too heavy or too many items for one parcel is split by first-fit
//   decreasing over weight and count, so no two parcels of one group would fit in one. A single
//   unit over the weight limit goes alone, marked oversize, for the carrier's bulky service.

/** A unit that has arrived at the warehouse and is paid and due to ship. */
export interface ReceivedUnit {
  unitId: string;
  orderLineId: string;
  orderId: string;
  phone: string;
  recipient: string;
  address: Address;
  /**
   * Who the parcel is sent in the name of (the reseller, 代发): goods one consumer bought through
   * two resellers never share a parcel, since each label names one sender.
   */
  senderId?: string;
  /** When it was received (ms since epoch). */
  receivedAt: number;
  weightGrams: number;
}

export interface Address { province: string; city: string; district: string; detail: string }

export interface SortPolicy {
  /** How long a received unit may wait for the rest of its consumer's goods (minutes). */
  holdMinutes: number;
  /** A parcel's limits at the carrier. */
  maxWeightGrams: number;
  maxItems: number;
}

export interface Parcel {
  /** The consumer and address it goes to (groupKey of its units). */
  key: string;
  phone: string;
  recipient: string;
  address: Address;
  unitIds: string[];
  weightGrams: number;
  /** One unit heavier than a parcel may be: it goes alone by the carrier's bulky service. */
  oversize: boolean;
}

export interface SortPlan {
  parcels: Parcel[];
  /** Units kept back for the rest of their consumer's goods, with when they must go at the latest. */
  waiting: { unitId: string; key: string; shipBy: number }[];
}

const FULL_WIDTH = /[\uFF01-\uFF5E]/g;

/** An address as one comparable text: full-width letters and digits made half-width, spaces and case dropped. */
export function addressKey(a: Address): string {
  return [a.province, a.city, a.district, a.detail]
    .join('')
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .toLowerCase();
}

/** The parcel group of a unit: its sender, its consumer (phone) and address. */
export function groupKey(phone: string, a: Address, senderId = ''): string {
  return `${senderId}|${phone.trim()}|${addressKey(a)}`;
}

/**
 * Sort what is here into parcels now, or keep it back for what is still coming.
 * `expected` holds the group keys (groupKey) of consumers with paid units not yet received.
 */
export function planParcels(units: readonly ReceivedUnit[], expected: ReadonlySet<string>, policy: SortPolicy, now: number): SortPlan {
  if (!(policy.maxItems >= 1) || !(policy.maxWeightGrams > 0) || !(policy.holdMinutes >= 0)) throw new RangeError('a parcel must take at least one item and some weight; the holding time cannot be negative');
  const holdMs = policy.holdMinutes * 60_000;
  const groups = new Map<string, ReceivedUnit[]>();
  for (const u of units) {
    const k = groupKey(u.phone, u.address, u.senderId);
    const g = groups.get(k);
    if (g) g.push(u); else groups.set(k, [u]);
  }
  const parcels: Parcel[] = [];
  const waiting: SortPlan['waiting'] = [];
  for (const [key, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const shipBy = Math.min(...group.map((u) => u.receivedAt + holdMs));
    if (expected.has(key) && shipBy > now) {
      for (const u of [...group].sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0))) waiting.push({ unitId: u.unitId, key, shipBy });
      continue;
    }
    parcels.push(...pack(key, group, policy));
  }
  return { parcels, waiting };
}

/** First-fit decreasing over weight and item count; heaviest first, then by id for a stable plan. */
function pack(key: string, group: ReceivedUnit[], policy: SortPolicy): Parcel[] {
  const first = [...group].sort((a, b) => a.receivedAt - b.receivedAt || (a.unitId < b.unitId ? -1 : 1))[0];
  const blank = (): Parcel => ({ key, phone: first.phone.trim(), recipient: first.recipient, address: first.address, unitIds: [], weightGrams: 0, oversize: false });
  const bins: Parcel[] = [];
  const ordered = [...group].sort((a, b) => b.weightGrams - a.weightGrams || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
  for (const u of ordered) {
    if (u.weightGrams > policy.maxWeightGrams) {
      bins.push({ ...blank(), unitIds: [u.unitId], weightGrams: u.weightGrams, oversize: true });
      continue;
    }
    const bin = bins.find((b) => !b.oversize && b.unitIds.length < policy.maxItems && b.weightGrams + u.weightGrams <= policy.maxWeightGrams);
    if (bin) { bin.unitIds.push(u.unitId); bin.weightGrams += u.weightGrams; } else bins.push({ ...blank(), unitIds: [u.unitId], weightGrams: u.weightGrams });
  }
  return bins;
}
