// How an order looks to each actor. Base prices are for resellers and operators only; brands
// see their own lines without the consumer's personal data; consumers see what they pay.
import type { Actor } from '../../platform/context.ts';
import type { OrderRow, OrderLineRow } from './orders.service.ts';
import type { OrderKind } from './orders.rules.ts';

export interface PaymentSummary { id: string; status: string; payUrl: string | null }

export function orderView(actor: Actor | 'consumer', o: OrderRow, lines: OrderLineRow[], payment: PaymentSummary | null) {
  const consumer = actor === 'consumer';
  const brand = actor !== 'consumer' && actor.kind === 'brand';
  return {
    id: o.id,
    kind: o.kind as OrderKind,
    status: o.status,
    resellerId: o.resellerId,
    consumer: brand ? null : { name: o.consumerName, phone: o.consumerPhone, address: o.address },
    payMethod: o.payMethod,
    currency: o.currency,
    sellingTotal: brand ? null : o.sellingTotal,
    baseTotal: consumer ? null : o.baseTotal,
    amountDue: brand ? null : o.amountDue,
    holdExpiresAt: o.holdExpiresAt?.toISOString() ?? null,
    paidAt: o.paidAt?.toISOString() ?? null,
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    cancelReason: o.cancelReason,
    note: o.note,
    createdAt: o.createdAt.toISOString(),
    lines: lines.map((l) => ({
      id: l.id, eventSkuId: l.eventSkuId, saleEventId: l.saleEventId, skuId: l.skuId, productId: l.productId, brandId: l.brandId,
      quantity: l.quantity,
      basePrice: consumer ? null : l.basePrice,
      sellingPrice: brand ? null : l.sellingPrice,
    })),
    payment: brand ? null : payment,
  };
}

export type OrderView = ReturnType<typeof orderView>;
