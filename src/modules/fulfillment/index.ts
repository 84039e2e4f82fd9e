export {
  issuePurchaseOrders, listPurchaseOrders, getPurchaseOrder, confirmPurchaseOrder, recordScans, closeReceiving, runSortingWave, listWaves, wavePickList, parcelWithLines,
  packParcel, setWaybill, markShipped, parcelTracked, parcelsOfOrders, dropShipParcel, binFor, receiveReturnedUnits, RETURNS_BIN, RETURN_ADDRESS, lastWaveAt,
  type SourceLine, type PurchaseOrderRow, type PurchaseOrderLineRow, type PurchaseOrderView, type ParcelRow, type ParcelLineRow, type Scan, type ReceivingOutcome, type WaveOutcome, type PickRow,
} from './fulfillment.service.ts';
export { planParcels, addressKey, groupKey, type ReceivedUnit, type Address, type SortPolicy, type Parcel, type SortPlan } from './fulfillment.rules.ts';
export { renderLabels, type ShippingLabel, type RenderLabelsOptions } from './labels.ts';
export { renderPurchaseOrder, type PurchaseOrderDoc } from './documents.ts';
export { pdfDocument, pdfTable } from './labels.ts';
