export { planParcels, addressKey, groupKey, type ReceivedUnit, type Address, type SortPolicy, type Parcel, type SortPlan } from './fulfillment.rules.ts';
