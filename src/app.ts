// buildApp: the Fastify app with every module's routes. No listen here: tests use app.inject().
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
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
import { actorForToken } from './modules/accounts/index.ts';
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
import { analyticsRoutes } from './modules/analytics/analytics.routes.ts';
import { pasteOrderRoutes } from './flows/paste-order.routes.ts';
import { flashSalesRoutes } from './modules/flash-sales/flash-sales.routes.ts';
import { groupBuysRoutes } from './modules/group-buys/group-buys.routes.ts';
import { presalesRoutes } from './modules/presales/presales.routes.ts';
import { promotionsRoutes } from './modules/promotions/promotions.routes.ts';
import { validateTransitions } from './platform/state-machine.ts';
import { orderTransitions } from './modules/orders/index.ts';
import { saleEventTransitions } from './modules/sale-events/index.ts';

export interface AppInput { db: Db; pool: pg.Pool; deps: Deps }

export async function buildApp({ db, pool, deps }: AppInput): Promise<App> {
  validateTransitions('order', orderTransitions);
  validateTransitions('sale event', saleEventTransitions);
  const app = Fastify({
    loggerInstance: deps.log,
    genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].length <= 64 ? req.headers['x-request-id'] : crypto.randomUUID()),
    requestIdHeader: false,
    bodyLimit: 25 * 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Callback-style hooks: they run on every request, and an async hook costs a promise each time.
  app.addHook('onSend', (req, reply, payload, done) => { reply.header('x-request-id', req.id); done(null, payload); });
  app.addHook('preSerialization', (_req, _reply, payload, done) => done(null, jsonable(payload)));

  // JSON bodies keep their raw text: gateway signatures are computed over the exact bytes.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    (req as { rawBody?: string }).rawBody = body as string;
    if (body === '' ) return done(null, undefined);
    try { done(null, JSON.parse(body as string)); } catch { done(new AppError('validation_failed', { detail: 'the body is not valid JSON' }), undefined); }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
  app.addContentTypeParser(['text/csv', 'text/plain', XLSX_MIME, 'application/octet-stream'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  await app.register(cookie);
  installErrorHandling(app);
  installAccessCheck(
    app,
    (req) => actorForToken(db, tokenFrom(req)),
    (req, actor) => makeCtx(db, deps, actor, { lang: pickLang(req.headers['accept-language'], (req.query as Record<string, string> | undefined)?.lang), requestId: req.id, log: req.log }),
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
  app.get('/ready', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await pool.query('SELECT 1');
      const m = await migrationStatus(pool);
      if (m.applied < m.known) return reply.code(503).send({ status: 'migrating', ...m });
      return { status: 'ready', database: 'ok', migrations: m };
    } catch (e) {
      return reply.code(503).send({ status: 'unavailable', error: (e as Error).message });
    }
  });

  accountsRoutes(app);
  brandsRoutes(app);
  // Multipart uploads only where files are taken (lot files, product images): the plugin adds
  // hooks to every request of the context it is registered in.
  await app.register(async (uploads) => {
    await uploads.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
    catalogRoutes(uploads as App);
  });
  saleEventsRoutes(app);
  resellersRoutes(app);
  pricingRoutes(app);
  paymentsRoutes(app);
  ledgerRoutes(app);
  flowsRoutes(app);
  analyticsRoutes(app);
  pasteOrderRoutes(app);
  flashSalesRoutes(app);
  groupBuysRoutes(app);
  presalesRoutes(app);
  promotionsRoutes(app);
  if (deps.payments instanceof SandboxGateway) sandboxGatewayRoutes(app, deps.payments);

  fs.mkdirSync(deps.config.uploadDir, { recursive: true });
  await app.register(fastifyStatic, { root: deps.config.uploadDir, prefix: '/uploads/', decorateReply: false });

  // The built web app (npm run build): static files, and index.html for every other page GET.
  const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');
  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, decorateReply: true, maxAge: '1h', immutable: false });
  else deps.log.warn({ webDist }, 'web app not built (npm run build): serving the API only');

  app.setNotFoundHandler((req, reply) => {
    const page = req.method === 'GET' && !/^\/(api|uploads|sandbox)\//.test(req.url) && !/\.[a-z0-9]{2,5}$/i.test(req.url.split('?')[0]);
    if (hasWeb && page) return reply.header('cache-control', 'no-cache').sendFile('index.html', webDist);
    return sendProblem(req, reply, new AppError('not_found'));
  });
  return app;
}
