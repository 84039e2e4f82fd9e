// Start the platform: configuration → database (embedded unless DATABASE_URL) → migrations →
// demo data on first run → HTTP → workers. Ctrl-C, SIGTERM or SIGHUP stops everything, the
// database last. After a crash the embedded database is reused or started again (see
// platform/embedded-postgres.ts and README "After a crash").
import path from 'node:path';
import pino from 'pino';
import { assertSafeForProduction, carrierSandboxSecret, loadConfig, payoutSandboxSecret, type Config } from './platform/config.ts';
import { logOptions } from './platform/log.ts';
import { useSharedSecrets } from './platform/secrets.ts';
import { connect, isDatabaseUnavailable, runMigrations, startEmbeddedPostgres, type Database, type EmbeddedServer } from './platform/database.ts';
import { makeCtx, type Ctx, type Deps } from './platform/context.ts';
import { startWorker, type Worker } from './platform/jobs.ts';
import { ReadReplica } from './platform/replica.ts';
import { within } from './platform/within.ts';
import { SandboxGateway } from './modules/payments/index.ts';
import { SandboxCarrier } from './modules/carriers/index.ts';
import { SandboxPayouts } from './modules/payouts/index.ts';
import { buildApp } from './app.ts';
import { scheduledJobs, tickJobs } from './jobs.ts';
import type { App } from './platform/http.ts';

export const EMBEDDED_PG_PORT = Number(process.env.SELLTHROUGH_PG_PORT ?? 54329);

export interface Platform { config: Config; url: string; database: Database; deps: Deps; app?: App; worker?: Worker; embedded?: EmbeddedServer; stop(): Promise<void> }

export function makeLogger(config: Config) {
  const pretty = process.stdout.isTTY && process.env.LOG_FORMAT !== 'json';
  return pino({ level: config.logLevel, ...logOptions, ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {}) });
}

/**
 * Bring up the database (embedded or DATABASE_URL) and apply migrations. The embedded server is
 * supervised: if it dies while we run, it is started again (crash recovery), and the pool's
 * connections come back with it. One log line says what the start found.
 */
export async function openDatabase(config: Config, log: pino.Logger): Promise<{ url: string; database: Database; embedded?: EmbeddedServer }> {
  let url = config.databaseUrl;
  let embedded: EmbeddedServer | undefined;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dir: path.join(config.dataDir), port: EMBEDDED_PG_PORT, database: 'sellthrough', supervise: true,
      onEvent: (e) => log[e.level](e.data, e.msg),
      log: (tail) => log.error({ pg: tail }, 'embedded PostgreSQL log'),
    });
    url = embedded.url;
  }
  try {
    await runMigrations(config.databaseDirectUrl ?? url);
  } catch (e) {
    await embedded?.stop().catch(() => {});
    throw e;
  }
  // A dropped connection is worth a line, not a crash (the request using it answers with an error).
  const database = connect(url, config.poolSize, (err) => log.warn({ err: err.message }, 'database connection lost'), { preparedStatements: config.preparedStatements });
  // Secrets left at their public defaults are replaced by the platform's generated ones (before
  // anything signs or verifies with them: the gateway, the app, the workers, the demo seed).
  await useSharedSecrets(database.pool, config, log);
  return { url, database, embedded };
}

export function makeDeps(config: Config, database: Database, log: pino.Logger): Deps {
  const payments = new SandboxGateway(database.db, { secret: config.sandboxSecret, baseUrl: config.publicUrl, duplicateRate: config.sandboxDuplicateRate });
  const carrier = new SandboxCarrier(database.db, { secret: carrierSandboxSecret(config), ...config.sandboxCarrier });
  const payouts = new SandboxPayouts(database.db, { secret: payoutSandboxSecret(config), duplicateRate: config.sandboxDuplicateRate, ...config.payouts.sandbox });
  return { config, log, payments, carrier, payouts };
}

/**
 * The system's context on an already migrated database, with no server and no log: for tools and
 * tests that act through the use cases (benchmark fixtures, browser-test setup).
 */
export function systemContext(url: string, poolSize = 4): { ctx: Ctx; database: Database; close(): Promise<void> } {
  const config = loadConfig({ databaseUrl: url, logLevel: 'silent' });
  const database = connect(url, poolSize, undefined, { preparedStatements: config.preparedStatements });
  const ctx = makeCtx(database.db, makeDeps(config, database, pino({ level: 'silent' })), { kind: 'system' });
  return { ctx, database, close: () => database.close() };
}

let outageGuard = false;
/**
 * pg-boss 10 settles a finished job with complete() or fail() that it neither awaits nor catches
 * (manager.js, onFetch). When the database is away at that moment (restarting, recovering, the
 * session terminated) the rejection is unhandled, and Node's default for an unhandled rejection
 * is to end the process: one PostgreSQL restart killed the API that way. Such a rejection is the
 * database being away, not a bug: log it and carry on (the job stays active until pg-boss expires
 * it and runs it again; our jobs are idempotent sweeps). The test is isDatabaseUnavailable, which
 * also matches a refused or reset connection of another client: that, too, is an outage to ride
 * out, not a reason to die. Any other unhandled rejection still ends the process, exactly as
 * Node's default would.
 */
function surviveDatabaseOutages(log: pino.Logger): void {
  if (outageGuard) return;
  outageGuard = true;
  process.on('unhandledRejection', (reason) => {
    if (isDatabaseUnavailable(reason)) {
      log.warn({ err: reason instanceof Error ? reason.message : String(reason) }, 'a background call failed: its connection is down (not fatal; the work is retried later)');
      return;
    }
    throw reason;
  });
}

/** How long a stopping API waits for requests in flight, and the pool for its connections. */
const API_DRAIN_MS = 10_000;
const POOL_END_MS = 5_000;

/**
 * Stop taking requests and finish those in flight. A keep-alive connection that was busy when
 * the stop began would otherwise stay open after its answer until the client's idle timeout
 * (Fastify's keep-alive lasts 72 s; a webhook sender on keep-alive honours it) and hold the
 * stop past the 30 s cut: idle connections are closed as soon as they become idle, and after
 * API_DRAIN_MS whatever is left is cut.
 */
async function drainAndClose(app: App, log: pino.Logger): Promise<void> {
  const idle = setInterval(() => app.server.closeIdleConnections(), 100);
  const cut = setTimeout(() => {
    log.warn({ afterMs: API_DRAIN_MS }, 'stopping: requests still in flight; closing their connections');
    app.server.closeAllConnections();
  }, API_DRAIN_MS);
  try { await app.close(); } finally { clearInterval(idle); clearTimeout(cut); }
}

/** End the pool; a connection still checked out after POOL_END_MS (a stuck query) is named and left to the process's exit. */
async function endPool(database: Database, log: pino.Logger): Promise<void> {
  if (await within(database.close(), POOL_END_MS, 'late') !== 'late') return;
  const { pool } = database;
  log.warn({ checkedOut: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }, 'stopping: database connections still in use; not waiting for them');
}

export async function startPlatform(opts: { http: boolean; workers: boolean; seed: boolean; config?: Config }): Promise<Platform> {
  const config = opts.config ?? loadConfig();
  // Before anything starts: production refuses the sandbox gateway and public default secrets.
  assertSafeForProduction(config);
  const log = makeLogger(config);
  surviveDatabaseOutages(log);
  const { url, database, embedded } = await openDatabase(config, log);
  const deps = makeDeps(config, database, log);
  const ctx = makeCtx(database.db, deps, { kind: 'system' });
  // Storefront pages and dashboards read from the replica when there is one (the API only).
  if (opts.http && config.databaseReplicaUrl) {
    deps.replica = new ReadReplica(config.databaseReplicaUrl, config.poolSize, database.pool, config.replicaMaxLagMs, log);
    await deps.replica.start();
  }
  let app: App | undefined;
  let worker: Worker | undefined;
  let stopped = false;
  // Requests first (finish those in flight), then jobs, then connections, the database last.
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // Each step says how long it took, so a slow stop names its culprit in the log.
    const step = async (what: string, f: () => Promise<unknown> | undefined) => {
      const t0 = Date.now();
      await f()?.catch(() => {});
      log.info({ ms: Date.now() - t0 }, `stopping: ${what} done`);
    };
    await step('api', () => app && drainAndClose(app, log));
    await step('workers', () => worker?.stop());
    await step('pool', () => endPool(database, log));
    await step('replica', () => deps.replica && (deps.replica.stopChecking(), endPool(deps.replica.database, log)));
    await step('database', () => embedded?.stop());
  };
  try {
    if (opts.seed) {
      const { seedDemoIfEmpty } = await import('./demo/seed.ts');
      await seedDemoIfEmpty(ctx);
    }
    if (opts.http) {
      app = await buildApp({ db: database.db, pool: database.pool, deps });
      await app.listen({ port: config.port, host: config.host });
    }
    worker = opts.workers ? await startWorker(config.databaseDirectUrl ?? url, ctx, scheduledJobs, tickJobs(ctx)) : undefined;
  } catch (e) {
    // A start that fails half-way (port taken, migration error) leaves nothing running.
    await stop();
    throw e;
  }
  return { config, url, database, deps, app, worker, embedded, stop };
}

/**
 * Stop cleanly on Ctrl-C (SIGINT), SIGTERM (process managers; npm passes it on, since the npm
 * scripts exec node) and SIGHUP (the terminal closed): the API stops taking requests and finishes
 * those in flight, the workers finish their jobs, the pool closes, the embedded database stops
 * last; exit code 0. Installed before the start so a signal during start-up is not lost: what
 * has started is stopped once it is up. A second signal is ignored rather than obeyed (Ctrl-C
 * reaches npm and node alike, and npm forwards its copy: node gets two); a stop that hangs is
 * cut after 30 s with exit code 1. `first` runs before the platform stops; the answer stops on
 * demand (a start that failed after the platform was up).
 */
export function stopOnSignals(starting: Promise<Platform>, opts: { first?: (p: Platform, sig: NodeJS.Signals) => Promise<void> } = {}): (sig: NodeJS.Signals, code?: number) => void {
  let stopping = false;
  const handler = (sig: NodeJS.Signals, code = 0) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => { console.error(`sellthrough: still stopping 30 s after ${sig}; exiting`); process.exit(1); }, 30_000).unref();
    starting.then(async (p) => {
      p.deps.log.info({ sig }, 'stopping');
      // What must stop before the platform (a cluster's API processes, which use its database).
      await opts.first?.(p, sig);
      await p.stop();
      p.deps.log.info('stopped');
      // The log is written asynchronously: let its last lines (the database stopped, stopped)
      // reach the output before exiting, or a busy pipe loses them.
      const log = p.deps.log as Partial<Pick<pino.Logger, 'flush'>>;
      await new Promise<void>((resolve) => (log.flush ? log.flush(() => resolve()) : resolve()));
      process.exit(code);
    }, () => process.exit(1)).catch(() => process.exit(1));
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, (s: NodeJS.Signals) => handler(s));
  return handler;
}
