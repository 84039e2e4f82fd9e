// A real platform for one test file: its own database cloned from the migrated template, the
// real app (driven with inject), and the sandbox gateway and carrier delivering notifications into it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { carrierSandboxSecret, loadConfig, payoutSandboxSecret, type Config } from '../../src/platform/config.ts';
import { connect, runMigrations, type Database } from '../../src/platform/database.ts';
import { startOwnPostgres } from './embedded.ts';
import { testPoolCap } from './pool-cap.ts';
import { makeCtx, type Actor, type Ctx, type Deps } from '../../src/platform/context.ts';
import { SandboxGateway } from '../../src/modules/payments/index.ts';
import { SandboxCarrier } from '../../src/modules/carriers/index.ts';
import { SandboxPayouts } from '../../src/modules/payouts/index.ts';
import { buildApp } from '../../src/app.ts';
import { ReadReplica } from '../../src/platform/replica.ts';
import type { App } from '../../src/platform/http.ts';

export interface TestPlatform {
  app: App; database: Database; deps: Deps; gateway: SandboxGateway; carrier: SandboxCarrier; config: Config; url: string;
  /** The sandbox payout provider, notifying into the app. */
  payouts: SandboxPayouts;
  ctx(actor?: Actor): Ctx;
  /** Deliver every due gateway notification (into the app) until none are left. */
  deliver(): Promise<number>;
  close(): Promise<void>;
}

interface Server { adminUrl: string; template: string; stop?: () => Promise<void> }
let serverPromise: Promise<Server> | undefined;
/** Platforms made (or being made) and not yet closed: a server of our own stops at 0. */
let inUse = 0;

/** The server and template npm test prepared, or (running a file alone) an embedded one. */
function server(): Promise<Server> {
  if (serverPromise) return serverPromise;
  const p = (async (): Promise<Server> => {
    if (process.env.ST_TEST_ADMIN_URL && process.env.ST_TEST_TEMPLATE) return { adminUrl: process.env.ST_TEST_ADMIN_URL, template: process.env.ST_TEST_TEMPLATE };
    // Stopped (folder and all) when the last platform closes, or when the process ends anyhow.
    // Named like npm test's template, after this process: its test databases and upload folders
    // are st_t_<pid>_…, and those a crash leaves are swept when the process exits.
    const template = `st_tmpl_${process.pid}`;
    if (!process.listeners('exit').includes(sweepUploads)) process.on('exit', sweepUploads);
    const pgs = await startOwnPostgres('sellthrough-single-', template);
    try {
      const u = new URL(pgs.adminUrl); u.pathname = `/${template}`;
      await runMigrations(u.toString());
    } catch (e) {
      await pgs.stop();
      throw e;
    }
    return { adminUrl: pgs.adminUrl, template, stop: pgs.stop };
  })();
  serverPromise = p;
  // A failed start is not remembered: the next caller tries again.
  p.catch(() => { if (serverPromise === p) serverPromise = undefined; });
  return p;
}

/** Running a file alone: the upload folders of platforms this process never closed (it crashed). */
function sweepUploads(): void {
  for (const n of fs.readdirSync(os.tmpdir())) {
    if (n.startsWith(`st-uploads-st_t_${process.pid}_`)) fs.rmSync(path.join(os.tmpdir(), n), { recursive: true, force: true });
  }
}

/**
 * Running a file alone, the embedded server this process started stops (and its folder goes)
 * when the last platform closes, so the file's process can exit when its tests are done; a later
 * testPlatform() starts a new one. Under npm test the server is the runner's: nothing to do.
 */
async function release(): Promise<void> {
  if (--inUse > 0 || !serverPromise) return;
  const p = serverPromise;
  const s = await p.catch(() => undefined);
  if (!s?.stop || inUse > 0 || serverPromise !== p) return;
  serverPromise = undefined;
  await s.stop();
}

export interface PlatformOptions {
  server?: { adminUrl: string; template: string };
  replicaAdminUrl?: string;
  /** The app's pool reaches the database through this host:port (a PgBouncer in front of the server); set-up and clean-up go direct. */
  poolVia?: { host: string; port: number };
}

/** The run's server (its admin URL): for a test that puts something in front of it. */
export async function testServerAdminUrl(): Promise<string> {
  return (await server()).adminUrl;
}

/**
 * `opts.server`: a server and migrated template of the caller's own instead of the run's (it stays
 * the caller's to stop); `opts.replicaAdminUrl`: a streaming replica of that server, read from
 * as DATABASE_REPLICA_URL would be (the platform's database by name).
 */
export async function testPlatform(overrides: Partial<Config> = {}, opts: PlatformOptions = {}): Promise<TestPlatform> {
  inUse++;
  let tp: TestPlatform;
  try {
    tp = await makePlatform(overrides, opts);
  } catch (e) {
    await release();
    throw e;
  }
  const closePlatform = tp.close;
  let closed = false;
  return {
    ...tp,
    async close() {
      if (closed) return;
      closed = true;
      try { await closePlatform(); } finally { await release(); }
    },
  };
}

async function makePlatform(overrides: Partial<Config>, opts: PlatformOptions): Promise<TestPlatform> {
  const { adminUrl, template } = opts.server ?? await server();
  // Named after this run's template, so a run cleans up only its own databases on a shared server.
  const name = `st_t_${template.replace(/^st_tmpl_/, '').replace(/\W/g, '')}_${crypto.randomBytes(6).toString('hex')}`;
  // Named after the database: close() removes it, and npm test sweeps those of files that crashed.
  const uploadDir = path.join(os.tmpdir(), `st-uploads-${name}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => { /* the server went away (stopped by a signal); cleanup below copes */ });
  let database: Database | undefined;
  let app: App | undefined;
  // Everything this platform holds, let go even when making it failed half-way.
  let replica: ReadReplica | undefined;
  const dispose = async () => {
    try {
      await app?.close();
      await replica?.close();
      await database?.close();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end().catch(() => {});
      fs.rmSync(uploadDir, { recursive: true, force: true });
    }
  };
  try {
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
    // Tests read an event page right after changing it: no storefront cache unless a test asks for one.
    const config = loadConfig({ databaseUrl: url, publicUrl: 'http://test.local', uploadDir, poolSize: 40, storefrontCacheMs: 0, ...overrides });
    // The runner's connection budget (TEST_POOL_CAP, from the server's max_connections) bounds every pool.
    config.poolSize = Math.min(config.poolSize, testPoolCap());
    const poolUrl = new URL(url);
    if (opts.poolVia) { poolUrl.hostname = opts.poolVia.host; poolUrl.port = String(opts.poolVia.port); }
    const db = database = connect(poolUrl.toString(), config.poolSize, undefined, { preparedStatements: config.preparedStatements });
    const log = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
    // The gateway "sends" its notifications straight into the app under test.
    const injectFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const target = new URL(String(input));
      const res = await app!.inject({ method: (init?.method ?? 'GET') as 'POST', url: target.pathname + target.search, headers: init?.headers as Record<string, string>, payload: init?.body as string });
      return new Response(res.body, { status: res.statusCode });
    }) as typeof fetch;
    const gateway = new SandboxGateway(db.db, { secret: config.sandboxSecret, baseUrl: config.publicUrl, duplicateRate: config.sandboxDuplicateRate, fetchImpl: injectFetch });
    const carrier = new SandboxCarrier(db.db, { secret: carrierSandboxSecret(config), ...config.sandboxCarrier, fetchImpl: injectFetch });
    const payouts = new SandboxPayouts(db.db, { secret: payoutSandboxSecret(config), duplicateRate: config.sandboxDuplicateRate, ...config.payouts.sandbox, fetchImpl: injectFetch });
    const deps: Deps = { config, log, payments: gateway, carrier, payouts };
    if (opts.replicaAdminUrl) {
      const r = new URL(opts.replicaAdminUrl); r.pathname = `/${name}`;
      deps.replica = replica = new ReadReplica(r.toString(), 4, db.pool, config.replicaMaxLagMs, log);
      await replica.start();
    }
    const built = app = await buildApp({ db: db.db, pool: db.pool, deps });
    await built.ready();
    return {
      app: built, database: db, deps, gateway, carrier, payouts, config, url,
      ctx: (actor: Actor = { kind: 'system' }) => makeCtx(db.db, deps, actor),
      async deliver() {
        let total = 0;
        for (let i = 0; i < 20; i++) {
          const r = await gateway.deliverDue(200);
          total += r.delivered;
          if (r.delivered + r.failed === 0) break;
        }
        return total;
      },
      close: dispose,
    };
  } catch (e) {
    await dispose().catch(() => {});
    throw e;
  }
}
