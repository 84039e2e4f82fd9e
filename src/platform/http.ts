// HTTP plumbing shared by every module's routes: zod schemas, problem+json errors, the language
// of the caller, authentication, and the default-deny route check.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, pickLang, toProblem, type FieldIssue, type Lang } from './errors.ts';
import { zodIssueMessage } from './field-messages.ts';
import { makeCtx, type Ctx, type Role, type Actor } from './context.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** Who may call a route: 'public' (anyone, incl. consumers without an account) or roles. */
export type RouteAuth = 'public' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig { auth?: RouteAuth }
  interface FastifyRequest { actor: Actor; ctx: Ctx; rawBody?: string }
}

export const SESSION_COOKIE = 'st_session';

export function tokenFrom(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  return (req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE];
}

/** Convert Dates to ISO strings before response schemas see the payload. */
export function jsonable(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(jsonable);
  if (v && typeof v === 'object' && (v as object).constructor === Object) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = jsonable(x);
    return out;
  }
  return v;
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  const lang = pickLang(req.headers['accept-language'], (req.query as Record<string, string> | undefined)?.lang);
  if (err.retryAfter !== undefined) reply.header('retry-after', String(err.retryAfter));
  return reply.code(err.status).type('application/problem+json').send(toProblem(err, lang, req.url.split('?')[0]));
}

function zodIssuesToFields(issues: { instancePath?: string; keyword?: string; message?: string; params?: Record<string, unknown> }[], where: string, lang: Lang): FieldIssue[] {
  return issues.map((i) => {
    const path = (i.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const message = zodIssueMessage({ ...(i.params ?? {}), code: i.keyword ?? 'custom', message: i.message ?? 'invalid' }, lang);
    return { path: path ? `${where}.${path}` : where, message };
  });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) return sendProblem(req, reply, err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = (err as { validationContext?: string }).validationContext ?? 'body';
      const lang = pickLang(req.headers['accept-language'], (req.query as Record<string, string> | undefined)?.lang);
      return sendProblem(req, reply, new AppError('validation_failed', { fields: zodIssuesToFields(err.validation as never, where, lang) }));
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause?.issues }, 'response did not match its schema');
      return sendProblem(req, reply, new AppError('internal'));
    }
    const e = err as { statusCode?: number; code?: string; message: string };
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      // JSON everywhere; multipart, CSV, XLSX or raw bytes only where files are uploaded.
      return sendProblem(req, reply, new AppError('unsupported_media_type', { detail: `Content-Type ${String(req.headers['content-type'] ?? '').split(';')[0]} is not accepted here` }));
    }
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.code === 'FST_REQ_FILE_TOO_LARGE') return sendProblem(req, reply, new AppError('validation_failed', { detail: 'the request body is too large' }));
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return sendProblem(req, reply, new AppError('validation_failed', { detail: e.message }));
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(req, reply, new AppError('internal'));
  });
}

/** Every /api/v1 route must say who may call it; the app refuses to start otherwise. */
export function installAccessCheck(app: FastifyInstance, resolve: (req: FastifyRequest) => Promise<Actor>, ctxFor: (req: FastifyRequest, actor: Actor) => Ctx): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1') && !route.config?.auth) throw new Error(`route ${route.method} ${route.url} declares no auth`);
  });
  app.decorateRequest('actor', null as never);
  app.decorateRequest('ctx', null as never);
  // onRequest, before the body is parsed: a caller who may not call a route learns nothing more.
  app.addHook('onRequest', async (req) => {
    const auth = req.routeOptions.config?.auth;
    // Judge by the matched route, not the raw URL: /%61pi/v1/… routes to /api/v1/… too.
    if (req.is404 || !(req.routeOptions.url ?? '').startsWith('/api/v1')) return;
    if (!auth) throw new AppError('forbidden');
    const actor = await resolve(req);
    req.actor = actor;
    req.ctx = ctxFor(req, actor);
    if (auth === 'public') return;
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated');
    if (actor.kind === 'system' || !auth.includes(actor.kind)) throw new AppError('forbidden');
  });
}

export { makeCtx };

// ---- shared schemas ----

export const Id = z.string().min(3).max(64).regex(/^[a-z]{2,4}_[0-9a-z]+$/, 'not an id');
export const Money = z.number().int().nonnegative().max(1_000_000_000_000).describe('integer minor units (fen)');
// Services return Dates; the preSerialization hook turns them into ISO strings before this
// schema checks the payload, so the type admits both while OpenAPI documents a string.
export const Timestamp = z.string().describe('ISO 8601 date-time') as unknown as z.ZodType<string | Date, string | Date>;
export const Phone = z.string().regex(/^1[3-9]\d{9}$/, 'a mainland mobile number of 11 digits');
export const AddressSchema = z.strictObject({
  province: z.string().min(1).max(40), city: z.string().min(1).max(40), district: z.string().min(1).max(40), detail: z.string().min(1).max(200),
});
export const Cursor = z.strictObject({ cursor: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), lang: z.string().optional() });
export const ProblemSchema = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string(), detail: z.string().optional(), errors: z.array(z.object({ path: z.string(), message: z.string() }).loose()).optional() }).loose();
export const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().min(8).max(128).regex(/^[\w.:-]+$/, 'letters, digits, _ . : - only') }).loose();
export const Ok = z.object({ ok: z.literal(true) });
