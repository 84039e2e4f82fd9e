export {
  claimedUnits, insertReturn, getReturn, returnsOfOrder, listReturns, lockReturn, moveReturn, recordInspection, returnRates,
  type ReturnRow, type ReturnLineRow, type ReturnView, type NewReturn, type ReturnRate,
} from './aftersales.service.ts';
export { judgeReturn, returnable, returnTransitions, REASON_CODES, OPEN_RETURN, WITHDRAWABLE_RETURN, DEFAULT_REFUND_ONLY, type ReturnKind, type ReturnStatus, type ReasonCode, type RefundOnlyPolicy, type LineNow, type OrderNow } from './aftersales.rules.ts';
