// Dating resellers in the past, for a demo's history (src/demo/seed-history.ts): resellers the
// demo enrolled today joined before the orders it dates back; their address books a few days later.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';

export async function backdateResellers(ctx: Ctx, joined: { id: string; at: Date }[]): Promise<void> {
  if (ctx.actor.kind !== 'system') throw new AppError('forbidden');
  if (joined.length === 0) return;
  await ctx.db.execute(sql`
    WITH m AS (SELECT * FROM unnest(${sql.param(joined.map((j) => j.id))}::text[], ${sql.param(joined.map((j) => j.at.toISOString()))}::timestamptz[]) AS m(id, at)),
    r AS (UPDATE resellers r SET created_at = m.at FROM m WHERE r.id = m.id RETURNING r.id)
    UPDATE customers c SET created_at = m.at + interval '3 days' FROM m WHERE c.reseller_id = m.id AND c.created_at > m.at + interval '3 days'`);
}
