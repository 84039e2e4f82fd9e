export { login, logout, actorForToken, recentActorForToken, confirmSession, liveSessionsSql, sessionLookupStats, createUser, hashPassword, sha256, type LoginResult } from './accounts.service.ts';
export { recordOperatorAction, listOperatorActions, type OperatorAction, type OperatorObject, type OperatorActionInput } from './accounts.operator.ts';
export { backdateResellerLogins } from './accounts.history.ts';
