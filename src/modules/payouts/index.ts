export {
  listMyPayoutAccounts, payoutAccountsByIds, addPayoutAccount, removePayoutAccount, setDefaultPayoutAccount, payoutAccountsOf, payoutAccountFor,
  createPayout, submitPendingPayouts, applyTransferState, handlePayoutNotification, queryStalePayouts, payoutsOf, listPayouts, getPayout, payoutNotifyUrl,
  type PayoutAccountView, type PayoutView, type CreatePayoutInput, type PayoutFilter, type PayoutOutcome,
} from './payouts.service.ts';
export { reconcilePayouts, listPayoutReconciliations, getPayoutReconciliation, reconciliationDifferenceRows, reconcilePayoutsForDay, type PayoutReconciliationView } from './payouts.reconciliation.ts';
export {
  payoutTransitions, validatePayoutAccount, luhnValid, maskAccountNo, comparePayouts, partyKindOf, PAYOUT_PURPOSES, PAYOUT_STATUSES, PAYOUT_ACCOUNT_KINDS, DIFFERENCE_CAUSES,
  type PayoutStatus, type PayoutPurpose, type PartyKind, type DifferenceCause, type PayoutDifference, type PayoutAccountInput,
} from './payouts.rules.ts';
export { SandboxPayouts, sandboxPayoutFailure, PAYOUT_SIGNATURE_HEADER, type SandboxPayoutOptions } from './sandbox.payout.ts';
export {
  PayoutProviderError,
  type PayoutProvider, type TransferRequest, type TransferState, type TransferStatus, type TransferOutcome, type TransferRecord, type PayeeAccount, type PayoutAccountKind, type VerifiedPayoutNotification,
} from '../../platform/payout-provider.ts';
