// buildApp: the Fastify app with every module's routes. No listen here: tests use app.inject().
import crypto from 'node:crypto';
import fs from 'node:fs';
import Fastify, { type RouteOptions } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { serializerCompiler, validatorCompiler, jsonSchemaTransform } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { makeCtx, type Deps } from './platform/context.ts';
import { migrationStatus, type Db } from './platform/database.ts';
import { AppError, pickLang } from './platform/errors.ts';
import { installAccessCheck, installErrorHandling, jsonable, sendProblem, tokenFrom, type App } from './platform/http.ts';
import { assertSafeForProduction, type RateLimits } from './platform/config.ts';
import { checkRequestText, parseJsonBody } from './platform/json-body.ts';
import { installRateLimits, routeRateLimit } from './platform/rate-limit.ts';
import { installSecurityHeaders } from './platform/security-headers.ts';
import { WebShell, installJsonCompression, serveWebFiles } from './platform/web-shell.ts';
import { sendAreaPage, webPageRoutes } from './flows/web-pages.routes.ts';
import { logOptions } from './platform/log.ts';
import { actorForToken, recentActorForToken } from './modules/accounts/index.ts';
import { accountsRoutes } from './modules/accounts/accounts.routes.ts';
import { brandsRoutes } from './modules/brands/brands.routes.ts';
import { catalogRoutes, XLSX_MIME } from './modules/catalog/catalog.routes.ts';
import { saleEventsRoutes } from './modules/sale-events/sale-events.routes.ts';
import { resellersRoutes } from './modules/resellers/resellers.routes.ts';
import { pricingRoutes } from './modules/pricing/pricing.routes.ts';
import { paymentsRoutes, sandboxGatewayRoutes } from './modules/payments/payments.routes.ts';
import { ledgerRoutes } from './modules/ledger/ledger.routes.ts';
import { SandboxGateway } from './modules/payments/index.ts';
import { flowsRoutes } from './flows/flows.routes.ts';
import { storefrontDeskAnswered } from './flows/storefront-desk.flow.ts';
import { shareKitRoutes } from './flows/share-kit.routes.ts';
import { flushViews } from './modules/sharing/index.ts';
import { analyticsRoutes } from './modules/analytics/analytics.routes.ts';
import { pasteOrderRoutes } from './flows/paste-order.routes.ts';
import { flashSalesRoutes } from './modules/flash-sales/flash-sales.routes.ts';
import { flashSalesShopRoutes } from './flows/flash-sales.routes.ts';
import { groupBuysRoutes } from './flows/group-buys.routes.ts';
import { presalesRoutes } from './flows/presales.routes.ts';
import { promotionsRoutes } from './modules/promotions/promotions.routes.ts';
import { addressesRoutes } from './modules/addresses/addresses.routes.ts';
import { carriersRoutes } from './modules/carriers/carriers.routes.ts';
import { payoutsRoutes } from './modules/payouts/payouts.routes.ts';
import { fulfilmentRoutes } from './flows/fulfilment.routes.ts';
import { returnTransitions } from './modules/aftersales/index.ts';
import { aftersalesRoutes } from './flows/aftersales.routes.ts';
import { membershipRoutes } from './modules/resellers/index.ts';
import { settlementRoutes } from './modules/settlement/index.ts';
import { settlementFlowRoutes } from './flows/settlement.routes.ts';
import { validateTransitions } from './platform/state-machine.ts';
import { orderTransitions } from './modules/orders/index.ts';
import { saleEventTransitions } from './modules/sale-events/index.ts';

export interface AppInput { db: Db; pool: pg.Pool; deps: Deps }

/**
 * The public endpoints that create things, and login: limited per client address (RATE_LIMIT_*).
 * Reads, signed-in work and gateway notifications are not: their cost is bounded elsewhere.
 */
const RATE_LIMITED_ROUTES: Record<string, keyof RateLimits> = {
  'POST /api/v1/auth/login': 'login',
  'POST /api/v1/storefront/:shareCode/orders': 'storefrontOrders',
  'POST /api/v1/storefront/:shareCode/orders/:orderId/pay': 'storefrontOrders',
  'POST /api/v1/storefront/:shareCode/flash-items/:flashItemId/orders': 'flashGrabs',
  'POST /api/v1/storefront/:shareCode/group-buy-offers/:offerId/groups': 'groupBuys',
  'POST /api/v1/storefront/:shareCode/groups/:groupId/join': 'groupBuys',
  'POST /api/v1/storefront/:shareCode/quote': 'quotes',
  'POST /api/v1/storefront/:shareCode/coupons': 'quotes',
  'POST /api/v1/addresses/parse': 'addresses',
  'POST /api/v1/storefront/addresses': 'addresses',
  'POST /api/v1/storefront/addresses/search': 'addresses',
  'DELETE /api/v1/storefront/addresses/:addressId': 'addresses',
  'POST /api/v1/join': 'signups',
};

/** JSON routes whose bodies may be bigger than BODY_LIMIT_KB (64 KB), sized by their schemas' maxima. */
const LARGER_JSON_BODIES: Record<string, number> = {
  'POST /api/v1/sale-events': 1024 * 1024, // up to 5,000 SKUs
  'PATCH /api/v1/sale-events/:saleEventId': 1024 * 1024,
  'PUT /api/v1/reseller/sale-events/:saleEventId/prices': 256 * 1024, // up to 1,000 prices
  // a return request with up to 3 photos of 2 MB each, as data URLs
  'POST /api/v1/orders/:id/returns': 9 * 1024 * 1024,
  'POST /api/v1/storefront/orders/:id/returns': 9 * 1024 * 1024,
  // brand material (one image of up to 5 MB) and buyers' photos (up to 6 of 2 MB), as data URLs
  'POST /api/v1/sale-events/:saleEventId/materials': 7 * 1024 * 1024,
  'POST /api/v1/storefront/orders/:orderId/photos': 17 * 1024 * 1024,
  // a receiving file of scanned barcodes
  'POST /api/v1/purchase-orders/:id/scans': 2 * 1024 * 1024,
};
/** Lot files sent as the raw body (CSV, XLSX); multipart uploads have their own file limit. */
const UPLOAD_BODY_LIMIT = 25 * 1024 * 1024;

/**
 * Settings for routes named "METHOD /url", applied as each route is added (before plugins that
 * read them). A name that matches no route stops the start: a renamed route cannot silently
 * lose its limit.
 */
function settleRoutes(app: App, settings: Map<string, (route: RouteOptions) => void>): void {
  const unmatched = new Set(settings.keys());
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const name = `${method} ${route.url}`;
      const apply = settings.get(name);
      if (apply) { apply(route as unknown as RouteOptions); unmatched.delete(name); }
    }
  });
  app.addHook('onReady', async () => {
    if (unmatched.size) throw new Error(`settings for routes that do not exist: ${[...unmatched].join(', ')}`);
  });
}

export async function buildApp({ db, pool, deps }: AppInput): Promise<App> {
  validateTransitions('order', orderTransitions);
  validateTransitions('return request', returnTransitions);
  validateTransitions('sale event', saleEventTransitions);
  const { config } = deps;
  assertSafeForProduction(config);
  const app = Fastify({
    // Every request's logger keeps personal data and tokens out (platform/log.ts).
    loggerInstance: deps.log.child({}, logOptions),
    genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].length <= 64 ? req.headers['x-request-id'] : crypto.randomUUID()),
    requestIdHeader: false,
    // JSON routes take small bodies; the few that need more say so below (LARGER_JSON_BODIES, uploads).
    bodyLimit: config.jsonBodyLimit,
    // Who the client is (req.ip): the socket, unless TRUST_PROXY names the proxies in front.
    // (Fastify takes a hop count too; its types leave numbers out.)
    trustProxy: config.trustProxy as boolean | string[],
  }).withTypeProvider() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Callback-style hooks: they run on every request, and an async hook costs a promise each time.
  app.addHook('onSend', (req, reply, payload, done) => { reply.header('x-request-id', req.id); done(null, payload); });
  app.addHook('preSerialization', (_req, _reply, payload, done) => done(null, jsonable(payload)));
  installSecurityHeaders(app, { publicUrl: config.publicUrl });
  if (config.webCompression) installJsonCompression(app);

  const limits = config.rateLimits;
  settleRoutes(app, new Map<string, (route: RouteOptions) => void>([
    ...Object.entries(RATE_LIMITED_ROUTES).map(([name, group]) => [name, (route: RouteOptions) => {
      if (limits) route.config = { ...route.config, rateLimit: routeRateLimit(group, limits[group]) };
    }] as const),
    ...Object.entries(LARGER_JSON_BODIES).map(([name, bytes]) => [name, (route: RouteOptions) => { route.bodyLimit = Math.max(bytes, config.jsonBodyLimit); }] as const),
  ]));
  if (limits) await installRateLimits(app, pool);

  // JSON bodies keep their raw text: gateway signatures are computed over the exact bytes. Depth
  // and text are checked here, before any route sees the body (platform/json-body.ts).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    (req as { rawBody?: string }).rawBody = body as string;
    if (body === '') return done(null, undefined);
    try { done(null, parseJsonBody(body as string, config.jsonMaxDepth)); } catch (e) { done(e as Error, undefined); }
  });
  // JSON routes take JSON only: forms (the sandbox pay page) and raw files (lot uploads) are parsed
  // in their own contexts below, and Fastify's default text/plain parser goes, so a page elsewhere
  // cannot post a form or plain text to a JSON route (415).
  app.removeContentTypeParser('text/plain');
  app.addHook('preValidation', (req, _reply, done) => {
    try { checkRequestText(req.query, req.params); done(); } catch (e) { done(e as Error); }
  });

  // Secure when the platform is served over https (PUBLIC_URL); HttpOnly and SameSite=Lax by the login route.
  await app.register(cookie, { parseOptions: { secure: config.publicUrl.startsWith('https:') } });
  installErrorHandling(app);
  installAccessCheck(
    app,
    (req) => (req.routeOptions.config?.sessionCheckedLater ? recentActorForToken : actorForToken)(db, tokenFrom(req), req.routeOptions.config?.auth === 'public' ? undefined : req.routeOptions.url),
    (req, actor) => makeCtx(db, deps, actor, { lang: pickLang(req.headers['accept-language'], (req.query as Record<string, string> | undefined)?.lang), requestId: req.id, log: req.log }),
    { trustedOrigins: [new URL(config.publicUrl).origin] },
  );

  await app.register(swagger, {
    openapi: {
      info: { title: 'Sellthrough API', version: '1', description: 'S2B2C social commerce for clearing brand overstock. Money is integer fen; errors are application/problem+json.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'st_session' } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (req, reply) => {
    try {
      await pool.query('SELECT 1');
      const m = await migrationStatus(pool);
      if (m.applied < m.known) return reply.code(503).send({ status: 'migrating', ...m });
      // The replica is reported, not required: without it reads go to the primary.
      return { status: 'ready', database: 'ok', migrations: m, ...(deps.replica ? { replica: await deps.replica.check() } : {}) };
    } catch (e) {
      // Anyone may ask: the database's host, port and error are for the log only.
      req.log.error({ err: e }, 'not ready: the database does not answer');
      return reply.code(503).send({ status: 'not ready' });
    }
  });

  accountsRoutes(app);
  brandsRoutes(app);
  // Multipart uploads only where files are taken (lot files, product images): the plugin adds
  // hooks to every request of the context it is registered in.
  await app.register(async (uploads) => {
    await uploads.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
    uploads.addContentTypeParser(['text/csv', 'text/plain', XLSX_MIME, 'application/octet-stream'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    uploads.addHook('onRoute', (route) => { route.bodyLimit ??= UPLOAD_BODY_LIMIT; });
    catalogRoutes(uploads as App);
  });
  saleEventsRoutes(app);
  resellersRoutes(app);
  pricingRoutes(app);
  paymentsRoutes(app);
  ledgerRoutes(app);
  flowsRoutes(app);
  shareKitRoutes(app);
  // Storefront views wait up to 200 ms for their batch: a stopping app writes what waits.
  app.addHook('onClose', async () => flushViews(makeCtx(db, deps, { kind: 'system' })));
  // The storefront desk records what the gateway answered after answering its buyers: a stopping app lets it finish.
  app.addHook('onClose', async () => storefrontDeskAnswered(db));
  analyticsRoutes(app);
  pasteOrderRoutes(app);
  flashSalesRoutes(app);
  flashSalesShopRoutes(app);
  groupBuysRoutes(app);
  presalesRoutes(app);
  promotionsRoutes(app);
  addressesRoutes(app);
  carriersRoutes(app);
  payoutsRoutes(app);
  fulfilmentRoutes(app);
  aftersalesRoutes(app);
  membershipRoutes(app);
  settlementRoutes(app);
  settlementFlowRoutes(app);
  if (deps.payments instanceof SandboxGateway) {
    const gateway = deps.payments;
    await app.register(async (sandbox) => {
      sandbox.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
      sandboxGatewayRoutes(sandbox as App, gateway);
    });
  }

  fs.mkdirSync(deps.config.uploadDir, { recursive: true });
  await app.register(fastifyStatic, { root: deps.config.uploadDir, prefix: '/uploads/', decorateReply: false });

  // The built web app (npm run build): static files (precompressed), and index.html rendered for
  // every other page GET — a shared link's with its shop's name (platform/web-shell.ts).
  const webDist = config.webDist;
  const shell = WebShell.load(webDist, { compress: config.webCompression, render: config.webShell });
  if (shell) {
    await serveWebFiles(app, shell, config.webCompression);
    webPageRoutes(app, shell, (req, lang) => makeCtx(db, deps, { kind: 'anonymous' }, { lang, requestId: req.id, log: req.log }));
  } else deps.log.warn({ webDist }, 'web app not built (npm run build): serving the API only');

  app.setNotFoundHandler((req, reply) => {
    const page = req.method === 'GET' && !/^\/(api|uploads|sandbox)\//.test(req.url) && !/\.[a-z0-9]{2,5}$/i.test(req.url.split('?')[0]);
    if (shell && page) return sendAreaPage(shell, req, reply);
    return sendProblem(req, reply, new AppError('not_found'));
  });
  return app;
}
