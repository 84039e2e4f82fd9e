export {
  insertOrder, orderByIdempotencyKey, giveBackUnits, deliveredUnits, lockOrderWithLines, fulfillableLines, consigneesOf, type FulfillableLine, type Consignee, moveUnits, completeDeliveredOrders, type GiveBack, type GivenBack, type GiveBackAs, linesOfOrder, stockLinesOf, postOrderPaid, orderPaidPosting, newOrderLines, settleOrderPayment, dueUnpaidOrders, expireHolds, PAYMENT_GRACE_SECONDS, cancelOrder, getOrderRow, readOrder,
  readOrderByToken, listOrders, awaitingPayment, lookupToken, isPaidOrLater, discountsOfOrder, releaseEndedOrderDiscounts, discountUsage, type DiscountUsage, type OrderRow, type PlannedDiscount, type OrderDiscountRow, type OrderLineRow, type NewOrder, type CancelOutcome, type OrderFilter,
} from './orders.service.ts';
export { orderTransitions, orderStatusOf, toShip, unrefunded, lineQuantityProblems, type LineQuantities, normaliseLines, priceOrder, MAX_LINE_QUANTITY, type OrderStatus, type OrderKind, type PricedOrder, type SkuTerms } from './orders.rules.ts';
export type { Address } from './orders.tables.ts';
export { parsePastedOrder, type ParsedOrder, type ParseIssue } from './paste-order.rules.ts';
export { orderView, type OrderView, type PaymentSummary, type RefundLine, type LineFacts } from './orders.views.ts';
export { holderLockIds, heldJsonSql, heldAfterLocksSql, heldWithinSql, heldBy, lockAndCountHeld, holdersNow, heldOrders, recordHoldRelease, holdReleaseBatches, type Holders, type HeldKeys, type HolderBy, type Holder, type HeldOrder, type HoldRelease, type ReleaseBatch } from './holds.service.ts';
export { judgeHold, holdLimitsOn, clientAddressKey, describeHoldRefusal, HeldTally, GroupHolds, type HeldJson, type HeldCeilingsJson, type HeldNow, type HoldVerdict, type HoldLimitName } from './holds.rules.ts';
export { summariseOrders, pickList, orderListCsv, pickListCsv, type OrderSummary, type PickRow } from './orders.exports.ts';
export { insertOrdersCtes, linesBatch, orderRowsFromJson, eachRow, lookupTokenHash, ordersByKeysSql, EachRow, type Batch, type OrderInsert, type OrderLineInsert, type KeyedOrder } from './orders.bulk.ts';
export { backdatePaidOrders, dateShipments, type OrderShift } from './orders.history.ts';
