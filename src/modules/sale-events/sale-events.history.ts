// Dating ended events in the past, for a demo's history (src/demo/seed-history.ts): an event the
// demo sold now, then ended, goes back to the window it is to have had.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';

/** Ended events' windows set to the given past ones (a window that ends after now is refused). */
export async function backdateEndedEvents(ctx: Ctx, windows: { id: string; startsAt: Date; endsAt: Date }[]): Promise<void> {
  if (ctx.actor.kind !== 'system') throw new AppError('forbidden');
  if (windows.length === 0) return;
  const r = await ctx.db.execute(sql`
    UPDATE sale_events e SET starts_at = w.starts_at, ends_at = w.ends_at
    FROM unnest(${sql.param(windows.map((w) => w.id))}::text[], ${sql.param(windows.map((w) => w.startsAt.toISOString()))}::timestamptz[], ${sql.param(windows.map((w) => w.endsAt.toISOString()))}::timestamptz[]) AS w(id, starts_at, ends_at)
    WHERE e.id = w.id AND e.status = 'ended' AND w.ends_at <= now()`);
  if (r.rowCount !== windows.length) throw new AppError('invalid_transition', { detail: 'only an ended event can be dated back, to a window that is over' });
}
