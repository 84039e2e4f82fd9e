// HTTP: log in and out, and who am I.
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { SESSION_COOKIE, Timestamp, Ok, tokenFrom, type App } from '../../platform/http.ts';
import { login, logout } from './accounts.service.ts';

const User = z.object({ id: z.string(), role: z.enum(['operator', 'brand', 'reseller']), name: z.string(), phone: z.string(), brandId: z.string().nullable(), resellerId: z.string().nullable() });

export function accountsRoutes(app: App): void {
  app.post('/api/v1/auth/login', {
    config: { auth: 'public' },
    schema: {
      tags: ['auth'], summary: 'Log in by phone and password; sets a session cookie and returns a bearer token',
      body: z.strictObject({ phone: z.string().min(5).max(20), password: z.string().min(1).max(200) }),
      response: { 200: z.object({ token: z.string(), expiresAt: Timestamp, user: User }) },
    },
  }, async (req, reply) => {
    const r = await login(req.ctx, req.body);
    reply.setCookie(SESSION_COOKIE, r.token, { path: '/', httpOnly: true, sameSite: 'lax', expires: r.expiresAt });
    return r;
  });

  app.post('/api/v1/auth/logout', {
    config: { auth: ['operator', 'brand', 'reseller'] },
    schema: { tags: ['auth'], summary: 'End this session', response: { 200: Ok } },
  }, async (req, reply) => {
    const token = tokenFrom(req);
    if (token) await logout(req.ctx.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/api/v1/me', {
    config: { auth: ['operator', 'brand', 'reseller'] },
    schema: { tags: ['auth'], summary: 'The logged-in actor', response: { 200: z.object({ kind: z.string(), userId: z.string(), name: z.string().optional(), brandId: z.string().optional(), resellerId: z.string().optional() }) } },
  }, async (req) => {
    const a = req.actor;
    if (a.kind === 'anonymous' || a.kind === 'system') throw new AppError('unauthenticated');
    return a;
  });
}
