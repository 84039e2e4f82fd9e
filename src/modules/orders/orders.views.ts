// How an order looks to each actor. Base prices are for resellers and operators only; brands
// see their own lines without the consumer's personal data; consumers see what they pay.
import type { Actor } from '../../platform/context.ts';
import type { OrderRow, OrderLineRow } from './orders.service.ts';
import type { OrderKind } from './orders.rules.ts';

export interface PaymentSummary { id: string; status: string; payUrl: string | null }
/** A gateway refund of the order's payment: how much, where it stands, when. */
export interface RefundLine { id: string; amount: number; currency: string; status: 'pending' | 'succeeded' | 'failed'; reason: string; createdAt: Date; settledAt: Date | null }
/** What a line is, for people: product name, colour, size and a picture (by SKU id). */
export type LineFacts = Map<string, { productName: string; colour: string; size: string; image: string | null }>;

export function orderView(actor: Actor | 'consumer', o: OrderRow, lines: OrderLineRow[], payment: PaymentSummary | null, facts: LineFacts = new Map(), refunds: RefundLine[] = []) {
  const consumer = actor === 'consumer';
  const brand = actor !== 'consumer' && actor.kind === 'brand';
  return {
    id: o.id,
    /** The order number people read, search and print (订单号). */
    orderNo: o.orderNo,
    kind: o.kind as OrderKind,
    status: o.status,
    resellerId: o.resellerId,
    consumer: brand ? null : { name: o.consumerName, phone: o.consumerPhone, address: o.address },
    payMethod: o.payMethod,
    currency: o.currency,
    sellingTotal: brand ? null : o.sellingTotal,
    baseTotal: consumer ? null : o.baseTotal,
    amountDue: brand ? null : o.amountDue,
    discountTotal: brand ? null : o.discountTotal,
    /** 流量保护: the link's reseller when the order went to the reseller the consumer is bound to; the link it came through. */
    viaResellerId: consumer || brand ? null : o.viaResellerId,
    shareLink: consumer || brand ? null : o.shareLink,
    campaign: o.campaign ? { kind: o.campaign as 'flash' | 'group' | 'presale', ref: o.campaignRef! } : null,
    holdExpiresAt: o.holdExpiresAt?.toISOString() ?? null,
    paidAt: o.paidAt?.toISOString() ?? null,
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    cancelReason: o.cancelReason,
    note: o.note,
    createdAt: o.createdAt.toISOString(),
    shippedAt: o.shippedAt?.toISOString() ?? null,
    deliveredAt: o.deliveredAt?.toISOString() ?? null,
    returnWindowEndsAt: o.returnWindowEndsAt?.toISOString() ?? null,
    lines: lines.map((l) => ({
      id: l.id, eventSkuId: l.eventSkuId, saleEventId: l.saleEventId, skuId: l.skuId, productId: l.productId, brandId: l.brandId,
      productName: facts.get(l.skuId)?.productName ?? '', colour: facts.get(l.skuId)?.colour ?? '', size: facts.get(l.skuId)?.size ?? '', image: facts.get(l.skuId)?.image ?? null,
      quantity: l.quantity,
      basePrice: consumer ? null : l.basePrice,
      sellingPrice: brand ? null : l.sellingPrice,
      /** The commission rate frozen on the line: what the brand's payable is computed from. */
      commissionBps: brand || (actor !== 'consumer' && actor.kind === 'operator') ? l.commissionBps : null,
      units: { cancelled: l.qtyCancelled, short: l.qtyShort, shipped: l.qtyShipped, delivered: l.qtyDelivered, returned: l.qtyReturned, refunded: l.qtyRefunded },
    })),
    payment: brand ? null : payment,
    // What went back to the payer; a brand sees none of the payment side.
    refunds: brand ? [] : refunds.map((r) => ({ id: r.id, amount: r.amount, currency: r.currency, status: r.status, reason: r.reason, createdAt: r.createdAt.toISOString(), settledAt: r.settledAt?.toISOString() ?? null })),
  };
}

export type OrderView = ReturnType<typeof orderView>;
