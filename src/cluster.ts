// `sellthrough start --processes N`: N API processes on one port (node:cluster; the primary hands
// each new connection to the next process in turn), and one primary that owns everything else —
// the database (the embedded server, or DATABASE_URL), migrations, the demo, the background
// jobs. Each API process is the same app as a single `start`; they share nothing but PostgreSQL:
// stock, limits, caps and idempotency are guarded there, and what a process keeps for itself
// (storefront pages, the poster showcase, flash links) is at most a second old or checked again.
// In-memory rate limits are per process: N processes allow N times a limit (docs/scaling.md).
//
// A process that dies is started again. Ctrl-C reaches every process of the group: each API
// process finishes its requests; the primary waits for them, then stops the jobs, the pool and
// the database. A signal to the primary alone (a process manager) is passed on to them first.
import cluster, { type Worker } from 'node:cluster';
import type { Config } from './platform/config.ts';
import { startPlatform, stopOnSignals, type Platform } from './main.ts';

/** The API processes' stop has this long before the primary stops the database under them. */
const CHILDREN_STOP_MS = 25_000;

export function isApiProcess(): boolean {
  return cluster.isWorker;
}

/** In an API process: the app only (the primary runs the jobs and owns the database). */
export async function startApiProcess(): Promise<Platform> {
  const starting = startPlatform({ http: true, workers: false, seed: false });
  stopOnSignals(starting);
  const p = await starting;
  process.send?.({ kind: 'sellthrough-api-up', pid: process.pid });
  return p;
}

/** In the primary: the platform without HTTP, then `n` API processes; resolves when all listen. */
export async function startPrimary(n: number, config: Config): Promise<Platform> {
  // The handlers come first, so a signal during start-up is not lost: what has started stops.
  const starting = startPlatform({ http: false, workers: config.workers, seed: process.env.SEED_DEMO !== 'off' });
  let stopping = false;
  const stopAll = async (sig: NodeJS.Signals, code = 0) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => { console.error(`sellthrough: still stopping 30 s after ${sig}; exiting`); process.exit(1); }, 30_000).unref();
    const p = await starting.catch(() => null);
    if (!p) process.exit(1);
    const log = p.deps.log;
    const children = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    log.info({ sig, processes: children.length }, 'stopping');
    // Ctrl-C reached them already (one process group); a signal to us alone is passed on. They
    // ignore a second one.
    await Promise.race([
      Promise.all(children.map((w) => new Promise<void>((resolve) => { w.once('exit', () => resolve()); try { w.process.kill(sig); } catch { resolve(); } }))),
      new Promise((r) => setTimeout(r, CHILDREN_STOP_MS)),
    ]);
    for (const w of children) if (!w.isDead()) w.process.kill('SIGKILL');
    log.info('stopping: api processes done');
    await p.stop();
    log.info('stopped');
    const flush = (log as { flush?: (cb: () => void) => void }).flush;
    await new Promise<void>((resolve) => (flush ? flush.call(log, () => resolve()) : resolve()));
    process.exit(code);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, (s) => void stopAll(s));

  const p = await starting;
  const log = p.deps.log;
  const env = { DATABASE_URL: p.url, SELLTHROUGH_WORKERS: 'off', SEED_DEMO: 'off' };
  const fork = () => cluster.fork(env);
  const up = new Set<number>();
  const allUp = new Promise<void>((resolve, reject) => {
    cluster.on('message', (w: Worker, m: { kind?: string }) => {
      if (m?.kind === 'sellthrough-api-up') { up.add(w.id); if (up.size >= n) resolve(); }
    });
    cluster.on('exit', (w: Worker, code: number | null, signal: string | null) => {
      if (stopping) return;
      if (up.size < n && !up.has(w.id)) { reject(new Error(`an API process exited while starting (code ${code}, signal ${signal})`)); return; }
      up.delete(w.id);
      log.warn({ pid: w.process.pid, code, signal }, 'an API process exited: starting another');
      fork();
    });
  });
  for (let i = 0; i < n; i++) fork();
  try {
    await allUp;
  } catch (e) {
    log.error({ err: e instanceof Error ? e.message : String(e) }, 'the API processes did not start');
    await stopAll('SIGTERM', 1);
  }
  log.info({ processes: n, port: config.port }, 'API processes listening');
  return p;
}
