export {
  listMyPayoutAccounts, payoutAccountsByIds, addPayoutAccount, removePayoutAccount, payoutAccountFor,
  createPayout, submitPendingPayouts, applyTransferState, queryStalePayouts, payoutsOf,
  type PayoutAccountView, type PayoutView, type CreatePayoutInput, type PayoutOutcome,
} from './payouts.service.ts';
export { reconcilePayouts, reconcilePayoutsForDay, type PayoutReconciliationView } from './payouts.reconciliation.ts';
export { luhnValid } from './payouts.rules.ts';
export { SandboxPayouts, PAYOUT_SIGNATURE_HEADER, type SandboxPayoutOptions } from './sandbox.payout.ts';
export {
  PayoutProviderError,
  type PayoutProvider, type TransferRequest, type TransferState, type TransferStatus, type TransferOutcome, type TransferRecord, type PayeeAccount, type PayoutAccountKind, type VerifiedPayoutNotification,
} from '../../platform/payout-provider.ts';
