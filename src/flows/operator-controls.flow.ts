// The operator's controls over what is selling and who sells it: end a live sale event early
// (its unpaid holds are released as the operator's releases always are), pull one SKU from an
// event, disable and re-enable a reseller. Each act is written to the operator actions record,
// with the reason given, in the transaction that does it.
import { authorize } from '../platform/access.ts';
import { forgetStorefrontPages } from './storefront-cache.ts';
import { saleEventChanged } from '../platform/changes.ts';
import { withTx, type Ctx } from '../platform/context.ts';
import { recordOperatorAction } from '../modules/accounts/index.ts';
import { listOrders } from '../modules/orders/index.ts';
import { setResellerStatus, type ResellerView } from '../modules/resellers/index.ts';
import { endSaleEventNow, getSaleEvent, pullEventSku, type SaleEventView } from '../modules/sale-events/index.ts';
import { releaseHolds } from './holds.flow.ts';

/** The unpaid orders holding stock of an event, oldest first. */
async function unpaidOrdersOf(ctx: Ctx, saleEventId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listOrders(ctx, { saleEventId, status: 'pending_payment', cursor, limit: 200 });
    ids.push(...page.items.map((i) => i.order.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids.reverse();
}

export interface EndedEarly {
  event: SaleEventView;
  released: { orderId: string; units: number }[];
  /** Orders paid (or expired) between the end and their release: paid ones go on like any paid order. */
  skipped: { orderId: string; status: string }[];
}

/**
 * End a live event now. It stops selling in the transaction that records the act; then each of
 * its unpaid orders is released like any operator release (stock back, its payment link closed,
 * a hold-release row naming the operator and the reason). Paid orders are untouched.
 */
export async function endSaleEventEarly(ctx: Ctx, saleEventId: string, reason: string): Promise<EndedEarly> {
  authorize(ctx, 'sale-events.manage');
  await withTx(ctx, async (t) => {
    await endSaleEventNow(t, saleEventId);
    const unpaid = await unpaidOrdersOf(t, saleEventId);
    await recordOperatorAction(t, { action: 'sale_event_ended_early', objectKind: 'sale_event', objectId: saleEventId, reason, detail: { unpaidOrders: unpaid.length } });
  });
  saleEventChanged(saleEventId);
  // No order can be placed in the event any more, so this list is complete: one release of them all.
  const { released, skipped } = await releaseHolds(ctx, { orderIds: await unpaidOrdersOf(ctx, saleEventId), reason });
  return { event: await getSaleEvent(ctx, saleEventId), released, skipped: skipped.map(({ orderId, status }) => ({ orderId, status })) };
}

/** Pull one SKU from an event: off sale at once, its unsold units back to the lot; recorded with the reason. */
export async function pullSaleEventSku(ctx: Ctx, saleEventId: string, eventSkuId: string, reason: string): Promise<{ event: SaleEventView; returnedUnits: number }> {
  authorize(ctx, 'sale-events.manage');
  const pulled = await withTx(ctx, async (t) => {
    const out = await pullEventSku(t, saleEventId, eventSkuId);
    const sku = out.event.skus.find((s) => s.eventSkuId === eventSkuId)!;
    await recordOperatorAction(t, {
      action: 'sale_event_sku_pulled', objectKind: 'event_sku', objectId: eventSkuId, reason,
      detail: { saleEventId, skuId: sku.skuId, returnedUnits: out.returnedUnits, heldUnits: sku.held },
    });
    return out;
  });
  saleEventChanged(saleEventId);
  return pulled;
}

/** Disable a reseller (their links stop taking orders; paid orders go on) or enable them again; recorded with the reason. */
export async function setResellerEnabled(ctx: Ctx, resellerId: string, enabled: boolean, reason: string): Promise<ResellerView> {
  authorize(ctx, 'resellers.manage');
  const r = await withTx(ctx, async (t) => {
    const r = await setResellerStatus(t, resellerId, enabled ? 'active' : 'suspended');
    await recordOperatorAction(t, { action: enabled ? 'reseller_enabled' : 'reseller_disabled', objectKind: 'reseller', objectId: resellerId, reason });
    return r;
  });
  forgetStorefrontPages({ shareCode: r.shareCode });
  return r;
}
