// Dating logins in the past, for a demo's history (src/demo/seed-history.ts): a reseller's login
// was made when the reseller joined.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';

export async function backdateResellerLogins(ctx: Ctx, joined: { resellerId: string; at: Date }[]): Promise<void> {
  if (ctx.actor.kind !== 'system') throw new AppError('forbidden');
  if (joined.length === 0) return;
  await ctx.db.execute(sql`
    UPDATE users u SET created_at = m.at
    FROM unnest(${sql.param(joined.map((j) => j.resellerId))}::text[], ${sql.param(joined.map((j) => j.at.toISOString()))}::timestamptz[]) AS m(id, at)
    WHERE u.reseller_id = m.id`);
}
