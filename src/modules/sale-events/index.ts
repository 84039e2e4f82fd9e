export {
  createSaleEvent, updateSaleEvent, endSaleEventNow, pullEventSku, scheduleSaleEvent, unscheduleSaleEvent, closeSaleEvent, advanceSaleEvents, getSaleEvent, listSaleEvents,
  sellableSkus, refuseUnsellable, allOnSale, liveAndUpcoming, publicSaleEvent, saleEventHeads, type SaleEventView, type SellableSku, type NewSaleEvent, type SaleEventPatch,
} from './sale-events.service.ts';
export { onSaleNowSql, eventSkuHeadSql, sellableJsonSql, sellableFromJson, allOnSaleSql, eventSkuColumnSql, type SellableJson } from './sale-events.bulk.ts';
export { saleEventTransitions, type MarkupWindow, type SaleEventStatus } from './sale-events.rules.ts';
export { backdateEndedEvents } from './sale-events.history.ts';
