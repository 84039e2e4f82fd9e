// Idempotency keys for requests that have no row of their own to carry one (an order carries its
// creation key; a cancel has nowhere to put its key). Claimed inside the use case's transaction:
// the claim commits with the effect or not at all, and a concurrent request with the same key
// waits at the primary key until the first commits, then replays it.
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Ctx } from './context.ts';
import { AppError } from './errors.ts';
import { idempotencyKeys } from './platform.tables.ts';

export function requestHashOf(request: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

/**
 * 'claimed': this request is the first with the key (go on; the claim is undone if the
 * transaction is). 'replay': the same request came with this key before and took effect (answer
 * as then). The same key with another request is refused (idempotency_key_reused).
 */
export async function claimIdempotencyKey(ctx: Ctx, claim: { scope: string; key: string; request: unknown; resourceId: string }): Promise<'claimed' | 'replay'> {
  const requestHash = requestHashOf(claim.request);
  const inserted = await ctx.db.insert(idempotencyKeys).values({ scope: claim.scope, key: claim.key, requestHash, resourceId: claim.resourceId })
    .onConflictDoNothing().returning({ key: idempotencyKeys.key });
  if (inserted.length === 1) return 'claimed';
  const [row] = await ctx.db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, claim.scope), eq(idempotencyKeys.key, claim.key)));
  if (!row || row.requestHash !== requestHash || row.resourceId !== claim.resourceId) throw new AppError('idempotency_key_reused');
  return 'replay';
}
