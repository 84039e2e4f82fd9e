export {
  requestWaybill, cancelWaybill, handOverParcels, recordTrackingEvent, takeTrackingChanges, trackingOf, waybillsOf, reconcileTracking, carrierNotifyUrl,
  type WaybillView, type WaybillStatus, type ParcelToShip, type TrackingChange, type ParcelTracking,
} from './carriers.service.ts';
export { supersedes, isTerminal } from './carriers.rules.ts';
export {
  TRACKING_STATUSES, TERMINAL_TRACKING_STATUSES, CARRIER_SERVICES,
  type CarrierProvider, type CarrierLimits, type CarrierService, type TrackingStatus, type TrackingEvent, type VerifiedTrackingEvent,
  type WaybillRequest, type Waybill, type Party, type PostalAddress,
} from '../../platform/carrier-provider.ts';
export { SandboxCarrier, plannedWay, CARRIER_SIGNATURE_HEADER, SANDBOX_CARRIER_LIMITS, type SandboxCarrierOptions, type PlannedStep } from './sandbox.carrier.ts';
