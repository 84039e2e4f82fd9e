export {
  openIntent, attachCharge, reopenIntent, merchantRefOf, intentForOrder, lockIntent, markIntent, recordNotification, requestHash, requestTopup, getTopup, completeTopup,
  receiveForRefund, createRefund, submitRefund, submitPendingRefunds, settleRefund, refundsForOrder, type IntentRow, type TopupView, type RefundRow,
} from './payments.service.ts';
export type { PaymentProvider, VerifiedNotification, ChargeState, RefundState } from './payments.provider.ts';
export { SandboxGateway, sign, verifySignature, SIGNATURE_HEADER, TOLERANCE_SECONDS } from './sandbox.provider.ts';
