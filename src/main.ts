// Start the platform: configuration → database (embedded unless DATABASE_URL) → migrations →
// demo data on first run → HTTP → workers. Ctrl-C stops everything, the database last.
import path from 'node:path';
import pino from 'pino';
import { loadConfig, type Config } from './platform/config.ts';
import { connect, runMigrations, startEmbeddedPostgres, type Database, type EmbeddedServer } from './platform/database.ts';
import { makeCtx, type Ctx, type Deps } from './platform/context.ts';
import { startWorker, type Worker } from './platform/jobs.ts';
import { SandboxGateway } from './modules/payments/index.ts';
import { buildApp } from './app.ts';
import { scheduledJobs, tickJobs } from './jobs.ts';
import type { App } from './platform/http.ts';

export const EMBEDDED_PG_PORT = Number(process.env.SELLTHROUGH_PG_PORT ?? 54329);

export interface Platform { config: Config; url: string; database: Database; deps: Deps; app?: App; worker?: Worker; embedded?: EmbeddedServer; stop(): Promise<void> }

export function makeLogger(config: Config) {
  const pretty = process.stdout.isTTY && process.env.LOG_FORMAT !== 'json';
  return pino({ level: config.logLevel, ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {}) });
}

/** Bring up the database (embedded or DATABASE_URL) and apply migrations. */
export async function openDatabase(config: Config, log: pino.Logger): Promise<{ url: string; database: Database; embedded?: EmbeddedServer }> {
  let url = config.databaseUrl;
  let embedded: EmbeddedServer | undefined;
  if (!url) {
    log.info({ dir: config.dataDir, port: EMBEDDED_PG_PORT }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dir: path.join(config.dataDir), port: EMBEDDED_PG_PORT, database: 'sellthrough', log: (l) => log.debug({ pg: l }) });
    url = embedded.url;
  }
  await runMigrations(url);
  return { url, database: connect(url, config.poolSize), embedded };
}

export function makeDeps(config: Config, database: Database, log: pino.Logger): Deps {
  const payments = new SandboxGateway(database.db, { secret: config.sandboxSecret, baseUrl: config.publicUrl, duplicateRate: config.sandboxDuplicateRate });
  return { config, log, payments };
}

/**
 * The system's context on an already migrated database, with no server and no log: for tools and
 * tests that act through the use cases (benchmark fixtures, browser-test setup).
 */
export function systemContext(url: string, poolSize = 4): { ctx: Ctx; database: Database; close(): Promise<void> } {
  const config = loadConfig({ databaseUrl: url, logLevel: 'silent' });
  const database = connect(url, poolSize);
  const ctx = makeCtx(database.db, makeDeps(config, database, pino({ level: 'silent' })), { kind: 'system' });
  return { ctx, database, close: () => database.close() };
}

export async function startPlatform(opts: { http: boolean; workers: boolean; seed: boolean; config?: Config }): Promise<Platform> {
  const config = opts.config ?? loadConfig();
  const log = makeLogger(config);
  const { url, database, embedded } = await openDatabase(config, log);
  const deps = makeDeps(config, database, log);
  const ctx = makeCtx(database.db, deps, { kind: 'system' });
  if (opts.seed) {
    const { seedDemoIfEmpty } = await import('./demo/seed.ts');
    await seedDemoIfEmpty(ctx);
  }
  let app: App | undefined;
  if (opts.http) {
    app = await buildApp({ db: database.db, pool: database.pool, deps });
    await app.listen({ port: config.port, host: config.host });
  }
  const worker = opts.workers ? await startWorker(url, ctx, scheduledJobs, tickJobs(ctx)) : undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app?.close().catch(() => {});
    await worker?.stop().catch(() => {});
    await database.close().catch(() => {});
    await embedded?.stop().catch(() => {});
  };
  return { config, url, database, deps, app, worker, embedded, stop };
}

export function stopOnSignals(p: Platform): void {
  const handler = (sig: string) => {
    p.deps.log.info({ sig }, 'stopping');
    p.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
