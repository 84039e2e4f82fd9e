// Request rate limits per client address, counted in PostgreSQL so that every API process counts
// together (@fastify/rate-limit with a store of our own). Which routes are limited, and in which
// group, is one table in app.ts; the figures come from the configuration (RATE_LIMIT_*).
import rateLimit from '@fastify/rate-limit';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type pg from 'pg';
import { AppError } from './errors.ts';
import type { RateLimit } from './config.ts';

/**
 * One fixed window per key: the first hit opens it, later hits count up until it ends, and the
 * first hit after that opens the next. One statement, so two processes never lose a count (the
 * row lock orders them). The counter table is UNLOGGED: no WAL, no fsync per request.
 */
const COUNT = `
INSERT INTO rate_limit_counters AS c (key, hits, resets_at) VALUES ($1, 1, now() + $2 * interval '1 millisecond')
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN c.resets_at <= now() THEN 1 ELSE least(c.hits, 1000000000) + 1 END,
  resets_at = CASE WHEN c.resets_at <= now() THEN EXCLUDED.resets_at ELSE c.resets_at END
RETURNING hits, greatest(0, ceil(extract(epoch FROM c.resets_at - now()) * 1000))::int AS ttl`;

/** What a limited route carries in its config (route.config.rateLimit). */
export interface RouteRateLimit { max: number; timeWindow: number; group: string }

export function routeRateLimit(group: string, limit: RateLimit): RouteRateLimit {
  return { max: limit.max, timeWindow: limit.windowSeconds * 1000, group };
}

type Callback = (err: Error | null, result?: { current: number; ttl: number }) => void;

/** The plugin makes one store, then a child per limited route; the child knows the route's group. */
function postgresStore(pool: pg.Pool, log: FastifyBaseLogger) {
  return class PostgresCounterStore {
    private readonly group: string;
    constructor(options: unknown) { this.group = (options as { group?: string }).group ?? 'all'; }
    child(routeOptions: unknown) { return new PostgresCounterStore(routeOptions); }
    incr(key: string, done: Callback, timeWindow: number): void {
      pool.query<{ hits: number; ttl: number }>(COUNT, [`${this.group}|${key}`, timeWindow]).then(
        (r) => done(null, { current: r.rows[0].hits, ttl: r.rows[0].ttl }),
        (err: Error) => { log.warn({ err: err.message, group: this.group }, 'rate limit not counted (the request goes through)'); done(err); },
      );
    }
  };
}

/**
 * Register the limiter (before any route). Routes opt in with `config.rateLimit` (routeRateLimit);
 * the client is req.ip, which TRUST_PROXY decides; IPv6 clients count per /64, as one host's
 * addresses. A limiter that cannot count lets the request through rather than turn buyers away.
 */
export async function installRateLimits(app: FastifyInstance, pool: pg.Pool): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    store: postgresStore(pool, app.log),
    skipOnError: true,
    enableDraftSpec: true,
    errorResponseBuilder: (_req, c) => new AppError('rate_limited', { retryAfter: Math.max(1, Math.ceil(c.ttl / 1000)), extra: { limit: c.max } }),
  });
  // Windows that ended a while ago are rows nobody needs; every process sweeps, harmlessly.
  const sweep = setInterval(() => { pool.query(`DELETE FROM rate_limit_counters WHERE resets_at < now() - interval '1 minute'`).catch(() => {}); }, 60_000);
  sweep.unref();
  app.addHook('onClose', (_instance, done) => { clearInterval(sweep); done(); });
}
