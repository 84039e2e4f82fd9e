// Pure rules of sharing: channels and link targets, and customer binding (流量保护) — whose sale
// an order through a link is, and what a paid order does to the consumer's binding.
// docs/sharing.md explains the rules; the database clock decides what has expired (the caller
// passes `live`, read as `expires_at > now()`).

export const CHANNELS = ['group', 'moments', 'private', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
export const TARGETS = ['shop', 'event', 'product', 'flash', 'group', 'presale'] as const;
export type LinkTarget = (typeof TARGETS)[number];
export const VIEW_PAGES = ['shop', 'event', 'product', 'flash', 'group', 'order'] as const;
export type ViewPage = (typeof VIEW_PAGES)[number];

/** A consumer's binding as the database sees it now. */
export interface BindingNow {
  resellerId: string;
  /** `expires_at > now()` by the database clock. */
  live: boolean;
  /** The bound reseller may still sell (an active member whose term has not ended). */
  resellerActive: boolean;
}

export type AttributionRule =
  /** No binding: the link's reseller sells. */
  | 'unbound'
  /** Bound to the link's own reseller. */
  | 'own'
  /** Bound to another reseller, binding live: the sale is theirs (流量保护). */
  | 'protected'
  /** Bound to another reseller whose binding has ended: the link's reseller sells. */
  | 'binding_expired'
  /** Bound to a reseller who can no longer sell (expired, removed, suspended): the link's reseller sells. */
  | 'bound_reseller_inactive'
  /** A reseller's own order for a consumer (代下单): always theirs, whoever the consumer is bound to. */
  | 'placed_by_reseller';

export interface Attribution {
  /** The reseller the order belongs to: their margin, their order list, their after-sales. */
  resellerId: string;
  /** The link's reseller when the order went to another (the page the consumer bought from). */
  viaResellerId: string | null;
  rule: AttributionRule;
}

/**
 * Whose sale a storefront order through `linkOwner`'s link is. The consumer pays the prices of
 * the page they bought from; a live binding to another reseller who can still sell gives that
 * reseller the order (the link's reseller is recorded as `via`).
 */
export function attributeStorefrontOrder(linkOwner: string, binding: BindingNow | null): Attribution {
  if (!binding) return { resellerId: linkOwner, viaResellerId: null, rule: 'unbound' };
  if (binding.resellerId === linkOwner) return { resellerId: linkOwner, viaResellerId: null, rule: 'own' };
  if (!binding.live) return { resellerId: linkOwner, viaResellerId: null, rule: 'binding_expired' };
  if (!binding.resellerActive) return { resellerId: linkOwner, viaResellerId: null, rule: 'bound_reseller_inactive' };
  return { resellerId: binding.resellerId, viaResellerId: linkOwner, rule: 'protected' };
}

export type BindingChange =
  | { kind: 'bind'; resellerId: string }
  | { kind: 'renew'; resellerId: string }
  | { kind: 'keep' };

/**
 * What a paid order of `resellerId` (the reseller it belongs to, after attribution) does to the
 * consumer's binding: none, ended or to someone who can no longer sell → bound to this reseller;
 * bound to this reseller → renewed from this payment; bound, live, to another → unchanged (a
 * reseller's own order for a protected consumer does not take the consumer over).
 * `days` 0 turns binding off.
 */
export function bindingAfterPaid(current: BindingNow | null, resellerId: string, days: number): BindingChange {
  if (days <= 0) return { kind: 'keep' };
  if (!current || !current.live || !current.resellerActive) return { kind: 'bind', resellerId };
  if (current.resellerId === resellerId) return { kind: 'renew', resellerId };
  return { kind: 'keep' };
}
