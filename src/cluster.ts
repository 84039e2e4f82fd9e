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
  const stopAll = stopOnSignals(starting, {
    // The API processes first (their requests finish on the database); Ctrl-C reached them already
    // (one process group), a signal to us alone is passed on, and they ignore a second one.
    first: async (p, sig) => {
      stopping = true;
      const children = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
      await Promise.race([
        Promise.all(children.map((w) => new Promise<void>((resolve) => { w.once('exit', () => resolve()); try { w.process.kill(sig); } catch { resolve(); } }))),
        new Promise((r) => setTimeout(r, CHILDREN_STOP_MS)),
      ]);
      for (const w of children) if (!w.isDead()) w.process.kill('SIGKILL');
      p.deps.log.info({ processes: children.length }, 'stopping: api processes done');
    },
  });
  // At once, not when the stop gets to them: API processes ending from here on are not replaced.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => { stopping = true; });

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
    stopAll('SIGTERM', 1);
    await new Promise(() => {}); // the stop exits the process
  }
  log.info({ processes: n, port: config.port }, 'API processes listening');
  return p;
}
