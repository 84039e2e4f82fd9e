export {
  notifyUrl, openIntent, attachCharge, reopenIntent, merchantRefOf, intentForOrder, intentForMembershipTerm, intentById, currentCharge, lockCharge, lockIntent, recordChargeOutcome, recordUnmatchedCharge,
  markChargesChecked, chargesToCheck, openChargesOfOrders, markIntent, recordNotification, requestHash, requestTopup, getTopup, completeTopup,
  receiveForRefund, succeededChargeOf, createRefund, recordChargeLines, refundOrderPayment, submitRefund, submitPendingRefunds, refundsToCheck, markRefundsChecked, settleRefund,
  refundsForOrder, refundsForOrders, listRefunds, chargesByProviderRefs, refundsByIds, netCapturedByCurrency,
  type IntentRow, type IntentView, type ChargeRow, type TopupView, type RefundRow, type RefundSummary, type RefundFilter, type RefundListItem,
} from './payments.service.ts';
export { openIntentsCtes, askGateway, payLinksOf, recordGatewayAnswers, GatewayRecorder, type NewOrderIntent, type OpenedCharge, type GatewayAnswer } from './payments.bulk.ts';
export { reconcileWithGateway, listReconciliations, previousDay, type ReconciliationView, type Mismatch } from './payments.reconciliation.ts';
export type { PaymentProvider, VerifiedNotification, ChargeState, ChargeStatus, RefundState, GatewayActivity } from '../../platform/payment-provider.ts';
export { SandboxGateway, sign, postSigned, verifySignature, SIGNATURE_HEADER, TOLERANCE_SECONDS } from './sandbox.provider.ts';
export { shiftOrderPayments } from './payments.history.ts';
