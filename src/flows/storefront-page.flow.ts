// What a shared link's page names before its scripts run: the reseller's shop and, when the link
// opens a sale event, that event. Public, like the storefront itself; a draft event stays unnamed.
import type { Ctx } from '../platform/context.ts';
import { publicSaleEvent } from '../modules/sale-events/index.ts';
import { resellerByShareCode } from '../modules/resellers/index.ts';

export interface StorefrontPageHead { shopName: string; saleEventTitle: string | null }

/** The shop behind a share code and the named sale event's title; null when the shop does not exist. */
export async function storefrontPageHead(ctx: Ctx, shareCode: string, saleEventId: string | null): Promise<StorefrontPageHead | null> {
  const shop = await resellerByShareCode(ctx, shareCode);
  if (!shop) return null;
  const saleEvent = saleEventId ? await publicSaleEvent(ctx, saleEventId) : null;
  return { shopName: shop.name, saleEventTitle: saleEvent?.title ?? null };
}
