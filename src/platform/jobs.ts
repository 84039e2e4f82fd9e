// Background work on pg-boss: scheduled sweeps run once per minute across all workers (pg-boss
// elects one), each a plain function of a context. A fast in-process tick covers what needs
// seconds, not minutes (gateway deliveries in the sandbox).
import PgBoss from 'pg-boss';
import type { Ctx } from './context.ts';

export interface ScheduledJob { name: string; cron: string; run: (ctx: Ctx) => Promise<unknown> }
export interface TickJob { name: string; everyMs: number; run: (ctx: Ctx) => Promise<unknown> }

export interface Worker { stop(): Promise<void> }

export async function startWorker(databaseUrl: string, ctx: Ctx, scheduled: ScheduledJob[], ticks: TickJob[]): Promise<Worker> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 4 });
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
  let stopping = false;
  for (const t of ticks) {
    let running = false;
    timers.push(setInterval(() => {
      if (running || stopping) return;
      running = true;
      t.run(ctx).catch((err) => ctx.log.warn({ err, job: t.name }, 'tick failed')).finally(() => { running = false; });
    }, t.everyMs));
  }
  return {
    async stop() {
      stopping = true;
      for (const t of timers) clearInterval(t);
      await boss.stop({ graceful: true, timeout: 5000 }).catch(() => {});
    },
  };
}
