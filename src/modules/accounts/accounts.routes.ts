// HTTP: log in and out, who am I, my sessions and my password; the operator's view of logins
// (records, locks and their lifting, the audit).
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { Id, Phone, SESSION_COOKIE, SIGNED_IN_COOKIE, Timestamp, Ok, ProblemSchema, tokenFrom, type App } from '../../platform/http.ts';
import { changeMyPassword, listMySessions, login, logout, myAccount, revokeMyOtherSessions, revokeMySession, PASSWORD_MAX, PASSWORD_MIN } from './accounts.service.ts';
import { clearThrottle, listAudit, listLocks, listLoginRecords, listMyLogins } from './accounts.security.ts';
import { getUser, listOperatorActions, listUsers, resetUserPassword, setUserDisabled } from './accounts.operator.ts';
import { OPERATOR_ACTIONS, OPERATOR_OBJECTS } from './accounts.tables.ts';
import { ReasonBody, StoredReason } from '../../platform/reasons.schema.ts';

const ANY_USER = ['operator', 'brand', 'reseller'] as const;
const Role = z.enum(['operator', 'brand', 'reseller']);
const User = z.object({ id: z.string(), role: Role, name: z.string(), phone: z.string(), brandId: z.string().nullable(), resellerId: z.string().nullable(), mustChangePassword: z.boolean().describe('the operator reset the password: change it before anything else') });
const Outcome = z.enum(['succeeded', 'failed', 'locked']);
const Session = z.object({
  id: z.string(), createdAt: Timestamp, lastUsedAt: Timestamp.describe('moved forward at most once a minute'), expiresAt: Timestamp,
  ip: z.string(), userAgent: z.string(), current: z.boolean().describe('the session making this request'),
});
const LoginRecord = z.object({
  id: z.string(), at: Timestamp, phone: z.string().describe('as typed; not necessarily a registered phone'),
  userId: z.string().nullable(), userName: z.string().nullable(), role: z.string().nullable(), outcome: Outcome, ip: z.string(), userAgent: z.string(),
});
const Lock = z.object({
  kind: z.enum(['phone', 'address']), value: z.string(), failures: z.number().int(), firstFailedAt: Timestamp, lastFailedAt: Timestamp,
  lockedUntil: Timestamp, retryAfter: z.number().int().describe('seconds'), userName: z.string().nullable(), role: z.string().nullable(),
});
const AuditEntry = z.object({
  id: z.string(), at: Timestamp, action: z.enum(['throttle_cleared', 'password_changed', 'password_change_refused', 'session_revoked', 'other_sessions_revoked']),
  actorUserId: z.string(), actorName: z.string().nullable(), subjectUserId: z.string().nullable(), target: z.string(), ip: z.string(), userAgent: z.string(),
});
const ManagedUser = z.object({
  id: z.string(), role: Role, name: z.string(), phone: z.string(), brandId: z.string().nullable(), resellerId: z.string().nullable(),
  disabledAt: Timestamp.nullable(), mustChangePassword: z.boolean(), passwordChangedAt: Timestamp.nullable(), createdAt: Timestamp,
});
const OperatorActionEntry = z.object({
  id: z.string(), at: Timestamp, action: z.enum(OPERATOR_ACTIONS), objectKind: z.enum(OPERATOR_OBJECTS), objectId: z.string(), reason: StoredReason,
  detail: z.record(z.string(), z.unknown()), actorUserId: z.string(), actorName: z.string().nullable(),
  objectName: z.string().nullable().describe('what the object is called now: the event\'s title, the item (product · colour · size), the login\'s or the reseller\'s name; null when it is gone'),
});
const Paging = { cursor: z.string().max(32).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), lang: z.string().optional() };
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const originOf = (req: { ip: string; headers: Record<string, string | string[] | undefined> }) => {
  const ua = req.headers['user-agent'];
  return { ip: req.ip, userAgent: typeof ua === 'string' ? ua : '' };
};

export function accountsRoutes(app: App): void {
  app.post('/api/v1/auth/login', {
    config: { auth: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Log in by phone and password; sets a session cookie and returns a bearer token',
      description: 'Failed logins are throttled per phone and per client address: after 5 failures for a phone (20 for an address) it is locked for 30 s, doubling with each further failure up to 1 h (15 min for an address); a locked login answers 429 `login_locked` with Retry-After. A success clears the phone.',
      body: z.strictObject({ phone: Phone, password: z.string().min(1).max(200) }),
      response: { 200: z.object({ token: z.string(), expiresAt: Timestamp, user: User }), 429: ProblemSchema },
    },
  }, async (req, reply) => {
    const r = await login(req.ctx, { ...req.body, ...originOf(req) });
    reply.setCookie(SESSION_COOKIE, r.token, { path: '/', httpOnly: true, sameSite: 'lax', expires: r.expiresAt });
    reply.setCookie(SIGNED_IN_COOKIE, '1', { path: '/', sameSite: 'lax', expires: r.expiresAt });
    return r;
  });

  app.post('/api/v1/auth/logout', {
    config: { auth: ANY_USER },
    schema: { tags: ['auth'], summary: 'End this session', response: { 200: Ok } },
  }, async (req, reply) => {
    const token = tokenFrom(req);
    if (token) await logout(req.ctx.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(SIGNED_IN_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/api/v1/me', {
    config: { auth: ANY_USER },
    schema: { tags: ['auth'], summary: 'The logged-in actor', response: { 200: z.object({ kind: z.string(), userId: z.string(), name: z.string().optional(), brandId: z.string().optional(), resellerId: z.string().optional(), mustChangePassword: z.boolean().optional() }) } },
  }, async (req) => {
    const a = req.actor;
    if (a.kind === 'anonymous' || a.kind === 'system') throw new AppError('unauthenticated');
    return a;
  });

  // ---- my account: sessions, password, logins tried with my phone ----

  app.get('/api/v1/me/account', {
    config: { auth: ANY_USER },
    schema: { tags: ['account'], summary: 'My login: phone, name, role, when my password last changed', response: { 200: z.object({ phone: z.string(), name: z.string(), role: Role, passwordChangedAt: Timestamp.nullable(), mustChangePassword: z.boolean(), createdAt: Timestamp }) } },
  }, async (req) => myAccount(req.ctx));

  app.get('/api/v1/me/sessions', {
    config: { auth: ANY_USER },
    schema: { tags: ['account'], summary: 'My sessions (devices logged in), the most recently used first', response: { 200: z.object({ items: z.array(Session) }) } },
  }, async (req) => listMySessions(req.ctx, tokenFrom(req)));

  app.delete('/api/v1/me/sessions/:sessionId', {
    config: { auth: ANY_USER },
    schema: {
      tags: ['account'], summary: 'End one of my sessions; ending the current one logs this client out',
      params: z.strictObject({ sessionId: z.string().min(3).max(64) }),
      response: { 200: z.object({ ok: z.literal(true), loggedOut: z.boolean() }) },
    },
  }, async (req, reply) => {
    const r = await revokeMySession(req.ctx, req.params.sessionId, tokenFrom(req), originOf(req));
    if (r.current) reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(SIGNED_IN_COOKIE, { path: '/' });
    return { ok: true as const, loggedOut: r.current };
  });

  app.post('/api/v1/me/sessions/revoke-others', {
    config: { auth: ANY_USER },
    schema: { tags: ['account'], summary: 'End every session of mine but this one', response: { 200: z.object({ revoked: z.number().int() }) } },
  }, async (req) => revokeMyOtherSessions(req.ctx, tokenFrom(req), originOf(req)));

  app.post('/api/v1/me/password', {
    config: { auth: ANY_USER },
    schema: {
      tags: ['account'], summary: 'Change my password (the current one required; throttled like logins); every other session of mine ends',
      body: z.strictObject({ currentPassword: z.string().min(1).max(PASSWORD_MAX), newPassword: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX) }),
      response: { 200: z.object({ ok: z.literal(true), endedSessions: z.number().int() }), 429: ProblemSchema },
    },
  }, async (req) => {
    const r = await changeMyPassword(req.ctx, { ...req.body, currentToken: tokenFrom(req), ...originOf(req) });
    return { ok: true as const, endedSessions: r.endedSessions };
  });

  app.get('/api/v1/me/logins', {
    config: { auth: ANY_USER },
    schema: {
      tags: ['account'], summary: 'Logins tried with my phone (succeeded, failed, locked), newest first',
      querystring: z.strictObject({ outcome: Outcome.optional(), ...Paging }), response: { 200: page(LoginRecord) },
    },
  }, async (req) => listMyLogins(req.ctx, req.query));

  // ---- the operator's view ----

  app.get('/api/v1/login-records', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['security'], summary: 'Every login tried, newest first: by phone (its beginning) and outcome',
      querystring: z.strictObject({ phone: z.string().trim().max(20).optional(), outcome: Outcome.optional(), ...Paging }), response: { 200: page(LoginRecord) },
    },
  }, async (req) => listLoginRecords(req.ctx, req.query));

  app.get('/api/v1/login-locks', {
    config: { auth: ['operator'] },
    schema: { tags: ['security'], summary: 'Phones and client addresses locked right now after failed logins', response: { 200: z.object({ items: z.array(Lock) }) } },
  }, async (req) => listLocks(req.ctx));

  app.post('/api/v1/login-locks/clear', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['security'], summary: 'Lift the lock on a phone or client address and forget its failures (audited)',
      body: z.strictObject({ kind: z.enum(['phone', 'address']), value: z.string().trim().min(1).max(64) }),
      response: { 200: z.object({ ok: z.literal(true), cleared: z.boolean() }) },
    },
  }, async (req) => ({ ok: true as const, ...(await clearThrottle(req.ctx, req.body, originOf(req))) }));

  app.get('/api/v1/account-audit', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['security'], summary: 'What users and operators did to logins and sessions (unlocks, password changes, sign-outs), newest first',
      querystring: z.strictObject(Paging), response: { 200: page(AuditEntry) },
    },
  }, async (req) => listAudit(req.ctx, req.query));

  // ---- the operator's controls over logins, and the record of operator actions ----

  app.get('/api/v1/users', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['security'], summary: 'Logins (operators, brand users, resellers), newest first: by role, or found by name or phone',
      querystring: z.strictObject({ role: Role.optional(), q: z.string().trim().max(40).optional(), ...Paging }), response: { 200: page(ManagedUser) },
    },
  }, async (req) => listUsers(req.ctx, req.query));

  app.get('/api/v1/users/:userId', {
    config: { auth: ['operator'] },
    schema: { tags: ['security'], params: z.strictObject({ userId: Id }), response: { 200: ManagedUser } },
  }, async (req) => getUser(req.ctx, req.params.userId));

  for (const [action, disabled, summary] of [
    ['disable', true, 'Disable a login: its sessions end now and it can no longer log in (`account_disabled`); the reason is recorded'],
    ['enable', false, 'Enable a disabled login again; the reason is recorded'],
  ] as const) {
    app.post(`/api/v1/users/:userId/${action}`, {
      config: { auth: ['operator'] },
      schema: {
        tags: ['security'], summary, params: z.strictObject({ userId: Id }), body: ReasonBody,
        response: { 200: ManagedUser.extend({ endedSessions: z.number().int() }) },
      },
    }, async (req) => setUserDisabled(req.ctx, req.params.userId, disabled, req.body.reason));
  }

  app.post('/api/v1/users/:userId/reset-password', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['security'],
      summary: 'Reset a password: answers a one-time temporary password (shown only here), ends every session of the user, who must choose a new password at next login',
      params: z.strictObject({ userId: Id }), body: ReasonBody,
      response: { 200: z.object({ user: ManagedUser, temporaryPassword: z.string(), endedSessions: z.number().int() }) },
    },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return resetUserPassword(req.ctx, req.params.userId, req.body.reason);
  });

  app.get('/api/v1/operator-actions', {
    config: { auth: ['operator'] },
    schema: {
      tags: ['security'], summary: 'What operators did (ended events early, pulled SKUs, disabled logins and resellers, reset passwords) and why, newest first',
      querystring: z.strictObject({ action: z.enum(OPERATOR_ACTIONS).optional(), objectKind: z.enum(OPERATOR_OBJECTS).optional(), objectId: z.string().max(64).optional(), saleEventId: z.string().max(64).optional().describe('an event\'s acts and those on its items'), ...Paging }),
      response: { 200: page(OperatorActionEntry) },
    },
  }, async (req) => listOperatorActions(req.ctx, req.query));
}
