// Background work on pg-boss: scheduled sweeps run once per minute across all workers (pg-boss
// elects one), each a plain function of a context. A fast in-process tick covers what needs
// seconds, not minutes (gateway deliveries in the sandbox).
import PgBoss from 'pg-boss';
import type { Ctx } from './context.ts';
import { connect } from './database.ts';
import { within } from './within.ts';

export interface ScheduledJob { name: string; cron: string; run: (ctx: Ctx) => Promise<unknown> }
export interface TickJob { name: string; everyMs: number; run: (ctx: Ctx) => Promise<unknown> }

export interface Worker { stop(): Promise<void> }

/** How long a stopping worker waits for the ticks and jobs in progress. */
const STOP_WAIT_MS = 5000;

export async function startWorker(databaseUrl: string, ctx: Ctx, scheduled: ScheduledJob[], ticks: TickJob[]): Promise<Worker> {
  // The queue's own connections, through our pool: a broken one is logged as the app's are, and a
  // stop waits until every one has hung up before the database may stop (Database.close).
  const queue = connect(databaseUrl, 4, (err) => ctx.log.warn({ err: err.message }, 'job queue connection lost'), { applicationName: 'pgboss' });
  const boss = new PgBoss({ db: { executeSql: (text, values) => queue.pool.query(text, values) }, schema: 'pgboss' });
  boss.on('error', (err) => ctx.log.error({ err }, 'job queue error'));
  await boss.start();
  for (const j of scheduled) {
    await boss.createQueue(j.name);
    await boss.schedule(j.name, j.cron, {}, { tz: 'UTC' });
    await boss.work(j.name, async () => {
      const r = await j.run(ctx);
      ctx.log.debug({ job: j.name, result: r }, 'job done');
    });
  }
  const timers: NodeJS.Timeout[] = [];
  const inProgress = new Set<Promise<unknown>>();
  let stopping = false;
  for (const t of ticks) {
    let running = false;
    timers.push(setInterval(() => {
      if (running || stopping) return;
      running = true;
      const p: Promise<unknown> = t.run(ctx).catch((err) => ctx.log.warn({ err, job: t.name }, 'tick failed')).finally(() => { running = false; inProgress.delete(p); });
      inProgress.add(p);
    }, t.everyMs));
  }
  return {
    /**
     * No new ticks or jobs; those in progress finish (up to STOP_WAIT_MS: a tick cut short by the
     * pool's end would fail half-way and say so), then the queue's connections close.
     */
    async stop() {
      stopping = true;
      for (const t of timers) clearInterval(t);
      const finished = Promise.all([boss.stop({ graceful: true, timeout: STOP_WAIT_MS }).catch(() => {}), Promise.allSettled([...inProgress])]);
      if (await within(finished, STOP_WAIT_MS, 'late') === 'late') ctx.log.warn({ ticks: inProgress.size }, 'stopping: background work still running; not waiting for it');
      await queue.close().catch(() => {});
    },
  };
}
