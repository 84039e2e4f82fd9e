export { login, logout, actorForToken, createUser, hashPassword, sha256, type LoginResult } from './accounts.service.ts';
