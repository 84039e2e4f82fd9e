export { activeReseller, enrolReseller, getReseller, listResellers, resellerByShareCode, shareCodeOf, setResellerStatus, addCustomer, getCustomer, customerAsConsumer, listCustomers, updateCustomer, deleteCustomer, type ResellerView, type CustomerView, type CustomerInput, type Level } from './resellers.service.ts';
export { disabledResellersSql, noneDisabledSql, lockResellersSharedSql, shopsJsonSql, shopIdsSql } from './resellers.bulk.ts';
export { standingOf, type Standing } from './resellers.service.ts';
export {
  currentPolicy, setPolicy, issueInviteCode, listInviteCodes, invitationInfo, join, renew, activateTerm, myMembership, salesBetween, recomputeLevels, recomputeMyLevel,
  myTeam, listMembers, previewReview, getReview, listReviews, confirmReview, type MembershipView, type JoinInput, type JoinResult, type MemberRow, type ReviewView,
} from './membership.service.ts';
export { DEFAULT_POLICY, MembershipPolicySchema, LEVELS, levelFor, nextLevel, levelRank, removalRefund, reviewVerdict, bpsOf, clawbackOf, withdrawalFee, mayRenew, termSpan, type MembershipPolicy } from './membership.rules.ts';
export { membershipRoutes, ReviewSchema } from './membership.routes.ts';
export { backdateResellers } from './resellers.history.ts';
