// Flash sales: setting them up, reading them, and the checks the ordinary checkout makes.
import { inArray } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { flashItems } from './flash-sales.tables.ts';

/** Which of these event SKUs are flash-sale items (sold only through the flash path). */
export async function flashOnly(ctx: Ctx, eventSkuIds: string[]): Promise<string[]> {
  if (eventSkuIds.length === 0) return [];
  const rows = await ctx.db.select({ id: flashItems.eventSkuId }).from(flashItems).where(inArray(flashItems.eventSkuId, eventSkuIds));
  return rows.map((r) => r.id);
}
