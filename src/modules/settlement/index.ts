export {
  settleOrders, clawBackRewards, balanceOf, myRewards, requestWithdrawal, approveWithdrawals, closeWithdrawal, getWithdrawal, listWithdrawals,
  type BalanceView, type WithdrawalView,
} from './settlement.service.ts';
export { closeBrandStatements, listBrandStatements, openStatement, getBrandStatement, payBrandStatement, eventStatement, type BrandStatementView, type EventStatementView, type StatementFigures } from './statements.service.ts';
export { settlementRoutes } from './settlement.routes.ts';
