// Unpaid holds, seen and released (恶意占库存). A reseller sees the unpaid orders of their own
// customers and releases one, or a customer's; the operator sees the biggest holders right now —
// by phone, by client address, by reseller link — and releases a holder's orders with a reason.
// Every release is an unpaid cancellation (stock back, the gateway charge closed) and leaves an
// audit row naming who released it and why, written in the same transaction.
import crypto from 'node:crypto';
import { authorize } from '../platform/access.ts';
import { withTx, systemCtx, type Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import {
  cancelOrder, listOrders, heldOrders, holdersNow, recordHoldRelease, holdReleaseBatches, type HolderBy,
} from '../modules/orders/index.ts';
import { getReseller } from '../modules/resellers/index.ts';
import { lineFacts } from './checkout.flow.ts';
import { closeOrderCharges } from './payment-sweeps.flow.ts';
import { pageSize } from '../platform/paging.ts';

const ago = (d: Date) => d.toISOString();

/** My customers' unpaid orders (oldest first), and the same grouped by customer: who holds what, since when. */
export async function resellerHolds(ctx: Ctx) {
  authorize(ctx, 'holds.mine');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const { items } = await listOrders(ctx, { status: 'pending_payment', limit: 200 });
  const facts = await lineFacts(ctx, items.flatMap((i) => i.lines));
  const orders = items.map(({ order: o, lines }) => ({
    id: o.id, orderNo: o.orderNo, kind: o.kind as 'reseller' | 'storefront', consumer: { name: o.consumerName, phone: o.consumerPhone },
    units: lines.reduce((a, l) => a + l.quantity, 0), amountDue: o.amountDue, currency: o.currency,
    campaign: o.campaign, createdAt: ago(o.createdAt), holdExpiresAt: o.holdExpiresAt ? ago(o.holdExpiresAt) : null,
    lines: lines.map((l) => ({ eventSkuId: l.eventSkuId, productName: facts.get(l.skuId)?.productName ?? '', colour: facts.get(l.skuId)?.colour ?? '', size: facts.get(l.skuId)?.size ?? '', image: facts.get(l.skuId)?.image ?? null, quantity: l.quantity })),
  })).reverse();
  const byPhone = new Map<string, { phone: string; name: string; orders: number; units: number; since: string; until: string | null }>();
  for (const o of orders) {
    const c = byPhone.get(o.consumer.phone) ?? { phone: o.consumer.phone, name: o.consumer.name, orders: 0, units: 0, since: o.createdAt, until: o.holdExpiresAt };
    c.orders++;
    c.units += o.units;
    c.name = o.consumer.name; // the newest order's name
    if (o.holdExpiresAt && (!c.until || o.holdExpiresAt > c.until)) c.until = o.holdExpiresAt;
    byPhone.set(o.consumer.phone, c);
  }
  const customers = [...byPhone.values()].sort((a, b) => b.units - a.units || b.orders - a.orders || a.since.localeCompare(b.since));
  return { orders, customers, totals: { orders: orders.length, units: orders.reduce((a, o) => a + o.units, 0) } };
}

/** The biggest holders of unpaid storefront orders right now, most units first (operator). */
export async function biggestHolders(ctx: Ctx, q: { by: HolderBy; limit?: number }) {
  authorize(ctx, 'holds.view');
  const { holders, totals } = await holdersNow(ctx, q.by, Math.min(q.limit ?? 20, 100));
  const links = q.by === 'link' ? new Map(await Promise.all(holders.map(async (h) => [h.key, await getReseller(ctx, h.key)] as const))) : new Map();
  const { holdLimits, storefrontHoldMinutes, holdMinutes } = ctx.deps.config;
  return {
    by: q.by, totals, policy: { ...holdLimits, storefrontHoldMinutes, holdMinutes },
    holders: holders.map((h) => {
      const r = links.get(h.key);
      return {
        key: h.key, orders: h.orders, units: h.units, since: ago(h.since), until: h.until ? ago(h.until) : null, phones: h.phones, resellers: h.resellers,
        // The phone's newest name; the reseller and share code behind a link; an address names nobody.
        label: q.by === 'phone' ? h.name : r ? `${r.name} · ${r.shareCode}` : h.key,
      };
    }),
  };
}

export interface ReleaseInput { orderId?: string; orderIds?: string[]; by?: HolderBy; key?: string; reason: string }

/**
 * Release unpaid holds: one order, a list of orders (an event ended early), or a holder's orders
 * (a reseller: their own customers' by phone; the operator: anyone's by phone, client address or
 * reseller link). Each order is
 * cancelled in its own transaction, only while it still awaits payment (one paid meanwhile is
 * left alone, never refunded), with its audit row; their gateway charges are closed after.
 */
export async function releaseHolds(ctx: Ctx, input: ReleaseInput) {
  authorize(ctx, 'holds.release');
  const reseller = ctx.actor.kind === 'reseller' ? ctx.actor.resellerId : undefined;
  if (reseller && input.by && input.by !== 'phone') throw new AppError('forbidden', { detail: 'resellers release their customers’ holds by order or by phone' });
  let ids: string[];
  // Order numbers of a holder's orders, for the skipped ones (a released order names its own).
  const numbers = new Map<string, string>();
  if (input.orderId) ids = [input.orderId];
  else if (input.orderIds) ids = input.orderIds;
  else if (input.by && input.key) {
    const held = await heldOrders(ctx, { by: input.by, key: input.key, resellerId: reseller, limit: 500 });
    for (const o of held) numbers.set(o.id, o.orderNo);
    ids = held.map((o) => o.id);
  } else throw new AppError('validation_failed', { fields: [{ path: 'orderId', message: 'give an orderId, or by and key' }] });

  const batchId = crypto.randomUUID();
  const actor = ctx.actor;
  const who = {
    actorKind: actor.kind === 'operator' || actor.kind === 'reseller' ? actor.kind : 'system' as const,
    actorUserId: 'userId' in actor ? actor.userId : null,
    actorName: (actor as { name?: string }).name ?? null,
  };
  const released: { orderId: string; orderNo: string; units: number; provider: boolean }[] = [];
  const skipped: { orderId: string; orderNo: string | null; status: string }[] = [];
  for (const id of ids) {
    try {
      released.push(await withTx(ctx, async (t) => {
        const out = await cancelOrder(t, id, input.reason, { unpaidOnly: true });
        const units = out.lines.reduce((a, l) => a + l.quantity, 0);
        await recordHoldRelease(t, {
          orderId: id, batchId, resellerId: out.order.resellerId, ...who,
          scope: input.by && input.key ? input.by : 'order', subject: input.by && input.key ? input.key : id, reason: input.reason, units,
        });
        return { orderId: id, orderNo: out.order.orderNo, units, provider: out.order.payMethod === 'provider' };
      }));
    } catch (e) {
      // One of many orders paid, expired or cancelled meanwhile is no longer held: skipped, not an error.
      if (!input.orderId && e instanceof AppError && e.code === 'order_not_holding') { skipped.push({ orderId: id, orderNo: numbers.get(id) ?? null, status: String(e.extra?.status ?? '') }); continue; }
      throw e;
    }
  }
  // The released orders' payment links must stop working (money taken a moment before goes back).
  const gateway = released.filter((r) => r.provider).map((r) => r.orderId);
  if (gateway.length) await closeOrderCharges(systemCtx(ctx), gateway);
  return {
    batchId: released.length ? batchId : null,
    released: released.map(({ orderId, orderNo, units }) => ({ orderId, orderNo, units })), skipped,
    units: released.reduce((a, r) => a + r.units, 0),
  };
}

/** Who released which holds and why, newest first (operator). */
export async function holdReleaseLog(ctx: Ctx, q: { limit?: number }) {
  authorize(ctx, 'holds.view');
  const batches = await holdReleaseBatches(ctx, pageSize(q.limit));
  return batches.map((b) => ({ ...b, createdAt: ago(b.createdAt) }));
}
