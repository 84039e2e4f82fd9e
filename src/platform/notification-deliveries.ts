// Sending a sandbox's queued notifications (the payment gateway's, the carrier's, the payout
// provider's webhooks). Each sandbox keeps its own queue table — its books are its own — of the
// same shape: id, url, body, attempts, next_attempt_at, delivered_at, last_error. This is the one
// loop over any of them: claim what is due, send each, record the answer.
import { sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './database.ts';

/** A notification is tried this many times in all, then left undelivered. */
export const MAX_DELIVERY_ATTEMPTS = 12;

/** A sandbox's queue of notifications (the columns every one of them has). */
export type DeliveryQueue = PgTable & Record<'id' | 'url' | 'body' | 'attempts' | 'nextAttemptAt' | 'deliveredAt' | 'lastError', PgColumn>;

/**
 * Deliver due notifications: `send` POSTs one (signed at send time) and answers null when it was
 * acknowledged (2xx), else why not; anything but an acknowledgement retries with exponential
 * backoff (retryBaseSeconds, doubling, at most an hour apart), MAX_DELIVERY_ATTEMPTS in all.
 */
export async function deliverDueNotifications(
  db: Db, queue: DeliveryQueue, opts: { limit: number; retryBaseSeconds: number; send: (url: string, body: string) => Promise<string | null> },
): Promise<{ delivered: number; failed: number }> {
  // Claimed for 30 s so another dispatcher does not send the same ones meanwhile.
  const { rows: due } = await db.execute<{ id: string; url: string; body: string }>(sql`
    UPDATE ${queue} SET next_attempt_at = now() + interval '30 seconds'
    WHERE id IN (
      SELECT id FROM ${queue} WHERE delivered_at IS NULL AND next_attempt_at <= now() AND attempts < ${MAX_DELIVERY_ATTEMPTS}
      ORDER BY next_attempt_at LIMIT ${opts.limit} FOR UPDATE SKIP LOCKED)
    RETURNING id, url, body`);
  let delivered = 0, failed = 0;
  await Promise.all(due.map(async (d) => {
    const error = await opts.send(d.url, d.body);
    if (error === null) {
      delivered++;
      await db.execute(sql`UPDATE ${queue} SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ${d.id}`);
    } else {
      failed++;
      await db.execute(sql`
        UPDATE ${queue} SET attempts = attempts + 1, last_error = ${error.slice(0, 500)},
          next_attempt_at = now() + make_interval(secs => least(3600, ${opts.retryBaseSeconds}::double precision * power(2, attempts)))
        WHERE id = ${d.id}`);
    }
  }));
  return { delivered, failed };
}
