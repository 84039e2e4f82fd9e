// A real platform for one test file: its own database cloned from the migrated template, the
// real app (driven with inject), and the sandbox gateway delivering notifications into it.
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import { connect, runMigrations, startEmbeddedPostgres, freePort, type Database } from '../../src/platform/database.ts';
import { makeCtx, type Actor, type Ctx, type Deps } from '../../src/platform/context.ts';
import { SandboxGateway } from '../../src/modules/payments/index.ts';
import { buildApp } from '../../src/app.ts';
import type { App } from '../../src/platform/http.ts';

export interface TestPlatform {
  app: App; database: Database; deps: Deps; gateway: SandboxGateway; config: Config; url: string;
  ctx(actor?: Actor): Ctx;
  /** Deliver every due gateway notification (into the app) until none are left. */
  deliver(): Promise<number>;
  close(): Promise<void>;
}

let serverPromise: Promise<{ adminUrl: string; template: string; stop?: () => Promise<void> }> | undefined;

/** The server and template npm test prepared, or (running a file alone) an embedded one. */
function server() {
  serverPromise ??= (async () => {
    if (process.env.ST_TEST_ADMIN_URL && process.env.ST_TEST_TEMPLATE) return { adminUrl: process.env.ST_TEST_ADMIN_URL, template: process.env.ST_TEST_TEMPLATE };
    const dir = path.join(os.tmpdir(), `sellthrough-single-${process.pid}`);
    const pgs = await startEmbeddedPostgres({ dir, port: await freePort(), database: 'st_single_tmpl', persistent: false });
    const u = new URL(pgs.adminUrl); u.pathname = '/st_single_tmpl';
    await runMigrations(u.toString());
    return { adminUrl: pgs.adminUrl, template: 'st_single_tmpl', stop: pgs.stop };
  })();
  return serverPromise;
}

export async function testPlatform(overrides: Partial<Config> = {}): Promise<TestPlatform> {
  const { adminUrl, template } = await server();
  // Named after this run's template, so a run cleans up only its own databases on a shared server.
  const name = `st_t_${template.replace(/^st_tmpl_/, '').replace(/\W/g, '')}_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => { /* the server went away (stopped by a signal); cleanup below copes */ });
  await admin.connect();
  // CREATE DATABASE … TEMPLATE needs the template to have no other sessions: retry briefly.
  for (let i = 0; ; i++) {
    try { await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`); break; } catch (e) {
      if (i > 50) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const u = new URL(adminUrl); u.pathname = `/${name}`;
  const url = u.toString();
  const config = loadConfig({ databaseUrl: url, publicUrl: 'http://test.local', uploadDir: path.join(os.tmpdir(), `st-uploads-${name}`), poolSize: 40, ...overrides });
  const database = connect(url, config.poolSize);
  const log = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  let app!: App;
  // The gateway "sends" its notifications straight into the app under test.
  const injectFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const target = new URL(String(input));
    const res = await app.inject({ method: (init?.method ?? 'GET') as 'POST', url: target.pathname + target.search, headers: init?.headers as Record<string, string>, payload: init?.body as string });
    return new Response(res.body, { status: res.statusCode });
  }) as typeof fetch;
  const gateway = new SandboxGateway(database.db, { secret: config.sandboxSecret, baseUrl: config.publicUrl, duplicateRate: config.sandboxDuplicateRate, fetchImpl: injectFetch });
  const deps: Deps = { config, log, payments: gateway };
  app = await buildApp({ db: database.db, pool: database.pool, deps });
  await app.ready();
  return {
    app, database, deps, gateway, config, url,
    ctx: (actor: Actor = { kind: 'system' }) => makeCtx(database.db, deps, actor),
    async deliver() {
      let total = 0;
      for (let i = 0; i < 20; i++) {
        const r = await gateway.deliverDue(200);
        total += r.delivered;
        if (r.delivered + r.failed === 0) break;
      }
      return total;
    },
    async close() {
      await app.close();
      await database.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end();
    },
  };
}
