// One default-deny access policy. Every use case starts with `authorize(ctx, permission, owner)`:
// the role must be listed for the permission, and an owned object must belong to the actor.
// A foreign object answers exactly like a missing one (not_found), so ids cannot be probed.
import { AppError } from './errors.ts';
import type { Actor, Ctx } from './context.ts';

type Kind = Actor['kind'];

const policy = {
  'brands.manage': ['operator'],
  'brands.read': ['operator', 'brand'],
  'catalog.import': ['operator', 'brand'],
  'catalog.read': ['operator', 'brand'],
  'sale-events.manage': ['operator'],
  'sale-events.read': ['operator', 'brand'],
  'sale-events.browse': ['operator', 'reseller'],
  'resellers.manage': ['operator'],
  'resellers.self': ['reseller'],
  'prices.set': ['reseller'],
  'customers.manage': ['reseller'],
  'orders.place': ['reseller'],
  'orders.read': ['operator', 'brand', 'reseller'],
  'orders.cancel': ['operator', 'reseller'],
  'orders.fulfil': ['operator'],
  'purchase-orders.read': ['operator', 'brand'],
  'purchase-orders.confirm': ['brand'],
  'purchase-orders.issue': ['operator'],
  'warehouse.operate': ['operator'],
  'drop-ship.ship': ['brand'],
  'returns.request': ['operator', 'reseller'],
  'returns.read': ['operator', 'brand', 'reseller'],
  'returns.decide': ['operator'],
  // The consumer withdraws by their order link (no actor); the operator rejects instead.
  'returns.withdraw': ['reseller'],
  'returns.stats': ['operator', 'brand'],
  'orders.export': ['operator', 'brand'],
  'wallet.topup': ['reseller'],
  'ledger.read': ['operator', 'brand', 'reseller'],
  'ledger.audit': ['operator'],
  'payments.read': ['operator'],
  'accounts.self': ['operator', 'brand', 'reseller'],
  'accounts.security': ['operator'],
  'accounts.manage': ['operator'],
  'operator-actions.read': ['operator'],
  'holds.mine': ['reseller'],
  'holds.view': ['operator'],
  'holds.release': ['operator', 'reseller'],
  'payments.reconcile': ['operator'],
  // Payout accounts: a reseller its own, a brand user its brand's; the operator reads any (payouts.read).
  'payout-accounts.manage': ['reseller', 'brand'],
  'payouts.read': ['operator'],
  'payouts.operate': ['operator'],
  'analytics.platform': ['operator'],
  // A reseller's share links, and their own visitors and bound customers (never another's).
  'sharing.links': ['reseller'],
  'sharing.visitors': ['reseller'],
  // Brand material on an event: the brand (its own events) and the operator attach it; resellers read it.
  'sharing.materials.manage': ['operator', 'brand'],
  'sharing.materials.read': ['operator', 'brand', 'reseller'],
  'analytics.brand': ['operator', 'brand'],
  // 销售战报: social proof every party may show (a brand only its own events').
  'analytics.battle-report': ['operator', 'brand', 'reseller'],
  'campaigns.manage': ['operator'],
  'campaigns.read': ['operator', 'brand'],
  'campaigns.browse': ['operator', 'reseller'],
  'production.acknowledge': ['brand'],
  'red-packets.manage': ['reseller'],
  'membership.self': ['reseller'],
  'membership.manage': ['operator'],
  'settlement.read': ['operator', 'brand', 'reseller'],
  'settlement.operate': ['operator'],
  'withdrawals.request': ['reseller'],
  'withdrawals.decide': ['operator'],
  'storefront.buy': ['anonymous', 'reseller', 'operator', 'brand'],
} as const satisfies Record<string, readonly Kind[]>;

export type Permission = keyof typeof policy;

export interface Owner {
  brandId?: string | null;
  resellerId?: string | null;
}

export function allowed(actor: Actor, permission: Permission): boolean {
  if (actor.kind === 'system') return true;
  return (policy[permission] as readonly Kind[]).includes(actor.kind);
}

export function ownsObject(actor: Actor, owner: Owner): boolean {
  switch (actor.kind) {
    case 'system':
    case 'operator':
      return true;
    case 'brand':
      return owner.brandId != null && owner.brandId === actor.brandId;
    case 'reseller':
      return owner.resellerId != null && owner.resellerId === actor.resellerId;
    default:
      return false;
  }
}

/** Throws forbidden for a role not allowed, not_found for an object the actor does not own. */
export function authorize(ctx: Ctx, permission: Permission, owner?: Owner): void {
  if (!allowed(ctx.actor, permission)) {
    throw new AppError(ctx.actor.kind === 'anonymous' ? 'unauthenticated' : 'forbidden');
  }
  if (owner && !ownsObject(ctx.actor, owner)) throw new AppError('not_found');
}

/** For a brand actor: the brand it is scoped to; for others: the brand asked for (or none). */
export function scopeBrand(actor: Actor, asked?: string): string | undefined {
  return actor.kind === 'brand' ? actor.brandId : asked;
}

export function scopeReseller(actor: Actor, asked?: string): string | undefined {
  return actor.kind === 'reseller' ? actor.resellerId : asked;
}
