// HTTP plumbing shared by every module's routes: zod schemas, problem+json errors, the language
// of the caller, authentication, and the default-deny route check.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, pickLang, toProblem, type FieldIssue, type Lang } from './errors.ts';
import { zodIssueMessage } from './field-messages.ts';
import { isDatabaseUnavailable } from './database.ts';
import { makeCtx, type Ctx, type Role, type Actor } from './context.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** Who may call a route: 'public' (anyone, incl. consumers without an account) or roles. */
export type RouteAuth = 'public' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
    /** The handler checks the session before it acts (recentActorForToken, confirmSession): a recent lookup may stand until then. */
    sessionCheckedLater?: boolean;
  }
  interface FastifyRequest { actor: Actor; ctx: Ctx; rawBody?: string }
}

export const SESSION_COOKIE = 'st_session';
/**
 * Set beside the session cookie (same expiry), readable by the page: whether this browser holds a
 * session, so the web app asks GET /me only then (a fresh login page asked, and logged a 401).
 * It carries nothing secret and grants nothing: the session cookie alone authenticates.
 */
export const SIGNED_IN_COOKIE = 'st_signed_in';

export function tokenFrom(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  return (req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE];
}

/**
 * Convert Dates to ISO strings before response schemas see the payload. Copies only the arrays
 * and plain objects on the way to a Date; the rest is returned as it is (a copy of every response
 * was 2.5 % of the app's CPU on the order desk's path).
 */
export function jsonable(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const x = jsonable(v[i]);
      if (x !== v[i]) (out ??= v.slice())[i] = x;
    }
    return out ?? v;
  }
  if (v && typeof v === 'object' && (v as object).constructor === Object) {
    const o = v as Record<string, unknown>;
    let out: Record<string, unknown> | null = null;
    for (const k of Object.keys(o)) {
      const x = jsonable(o[k]);
      if (x !== o[k]) (out ??= { ...o })[k] = x;
    }
    return out ?? v;
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
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(req, reply, new AppError('payload_too_large', { extra: { limitBytes: req.routeOptions.bodyLimit } }));
    if (e.code === 'FST_REQ_FILE_TOO_LARGE') return sendProblem(req, reply, new AppError('payload_too_large'));
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return sendProblem(req, reply, new AppError('validation_failed', { detail: e.message }));
    }
    // The database is away (restarting, recovering, a connection cut): a passing state, not a bug.
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err }, 'database unavailable');
      return sendProblem(req, reply, new AppError('database_unavailable', { retryAfter: 1 }));
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(req, reply, new AppError('internal'));
  });
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF: a state-changing request that rides on the session cookie must come from one of our own
 * pages. Browsers say where a request comes from (Origin; Sec-Fetch-Site where Origin is absent)
 * and a page elsewhere cannot hide it; a caller that says nothing is not a browser page. Bearer
 * tokens are never sent by a browser on its own, so bearer callers are not checked.
 */
function crossSiteOnCookie(req: FastifyRequest, trustedOrigins: readonly string[]): boolean {
  if (!UNSAFE_METHODS.has(req.method) || req.headers.authorization?.startsWith('Bearer ')) return false;
  if (!(req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE]) return false;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (trustedOrigins.includes(origin)) return false;
    try {
      const o = new URL(origin);
      // Our own page at whatever name it was reached by: the origin's host is the Host asked for.
      return !(o.protocol.startsWith('http') && o.host === new URL(`${o.protocol}//${req.host}`).host);
    } catch { return true; } // "null" (sandboxed frames, some redirects) or garbage
  }
  const site = req.headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

/**
 * The routes whose handler checks the session itself before it acts (`sessionCheckedLater`):
 * placeResellerOrder, through confirmSession or the order desk's read. Any other route saying so
 * would act on a session nobody checked: the app refuses to start.
 */
const SESSION_CHECKED_LATER = new Set(['POST /api/v1/reseller/orders']);

/** Every /api/v1 route must say who may call it; the app refuses to start otherwise. */
export function installAccessCheck(app: FastifyInstance, resolve: (req: FastifyRequest) => Promise<Actor>, ctxFor: (req: FastifyRequest, actor: Actor) => Ctx, opts: { trustedOrigins?: readonly string[] } = {}): void {
  const trustedOrigins = opts.trustedOrigins ?? [];
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1') && !route.config?.auth) throw new Error(`route ${route.method} ${route.url} declares no auth`);
    if (route.config?.sessionCheckedLater && !SESSION_CHECKED_LATER.has(`${String(route.method)} ${route.url}`)) {
      throw new Error(`route ${route.method} ${route.url} may not leave its session to be checked later`);
    }
  });
  app.decorateRequest('actor', null as never);
  app.decorateRequest('ctx', null as never);
  // onRequest, before the body is parsed: a caller who may not call a route learns nothing more
  // (on a route whose handler checks a recently looked-up session itself, `sessionCheckedLater`,
  // a session ended meanwhile may see its malformed body refused before it is refused).
  app.addHook('onRequest', async (req) => {
    const auth = req.routeOptions.config?.auth;
    // Judge by the matched route, not the raw URL: /%61pi/v1/… routes to /api/v1/… too.
    if (req.is404 || !(req.routeOptions.url ?? '').startsWith('/api/v1')) return;
    if (!auth) throw new AppError('forbidden');
    if (crossSiteOnCookie(req, trustedOrigins)) throw new AppError('cross_site_request');
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
/** Text a person types (a name, an address line): trimmed, not blank, at most `max` characters. */
export const Text = (max: number) => z.string().trim().min(1, 'required').max(max);
export const Phone = z.string().trim().regex(/^1[3-9]\d{9}$/, 'a mainland mobile number of 11 digits');
export const AddressSchema = z.strictObject({ province: Text(40), city: Text(40), district: Text(40), detail: Text(200) });
/** An address as stored and shown: answers never fail on rows written before the rules above. */
export const AddressView = z.object({ province: z.string(), city: z.string(), district: z.string(), detail: z.string() });
export const Cursor = z.strictObject({ cursor: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), lang: z.string().optional() });
export const ProblemSchema = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string(), detail: z.string().optional(), errors: z.array(z.object({ path: z.string(), message: z.string() }).loose()).optional() }).loose();
const IdempotencyKey = z.string().min(8).max(128).regex(/^[\w.:-]+$/, 'letters, digits, _ . : - only');
export const IdempotencyHeaders = z.object({ 'idempotency-key': IdempotencyKey }).loose();
export const OptionalIdempotencyHeaders = z.object({ 'idempotency-key': IdempotencyKey.optional() }).loose();
export const Ok = z.object({ ok: z.literal(true) });
/** A China month, yyyy-mm. */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, yyyy-mm');
/**
 * Where the gateway's page sends the reseller back: a path of our own reseller app only, never
 * another site (an open redirect would lend our gateway page to phishing).
 */
export const ResellerReturnPath = z.string().max(200).regex(/^\/reseller(?:\/[A-Za-z0-9_-]+)*\/?(?:\?[A-Za-z0-9_=&-]*)?$/, 'a path of the reseller app, such as /reseller/me')
  .describe('path of the reseller app the gateway page returns to, e.g. /reseller/me?topup=return');
/** The full URL of a checked return path (ResellerReturnPath), or none. */
export function returnUrlOf(ctx: { deps: { config: { publicUrl: string } } }, path: string | undefined): string | undefined {
  return path ? `${ctx.deps.config.publicUrl}${path}` : undefined;
}
