export { planParcels, addressKey, groupKey, type ReceivedUnit, type Address, type SortPolicy, type Parcel, type SortPlan } from './fulfillment.rules.ts';
export { renderLabels, type ShippingLabel, type RenderLabelsOptions } from './labels.ts';
