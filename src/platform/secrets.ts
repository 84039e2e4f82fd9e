// Secrets nobody can read in the source. SELLTHROUGH_SECRET signs consumers' order-lookup links
// and PAYMENT_SANDBOX_SECRET the sandbox gateway's notifications; their defaults are public, so
// anyone could compute a consumer's link from an order id. When one is not set, a random one is
// made on first start and kept in the database (platform_secrets): every API and worker process
// of the platform — on any host — reads the same row, where a file in one host's data directory
// would give each host its own. Production refuses to run without them set (assertSafeForProduction).
import crypto from 'node:crypto';
import type pg from 'pg';
import { assertSafeForProduction, DEFAULT_SANDBOX_SECRET, DEFAULT_SECRET, type Config } from './config.ts';

/** The secret kept under `name`, made now if there is none yet (the first process to ask wins). */
async function sharedSecret(pool: Pick<pg.Pool, 'query'>, name: string): Promise<string> {
  // DO UPDATE (a no-op) rather than DO NOTHING: it returns the row another process committed a
  // moment ago, which a separate SELECT in the same snapshot would not see.
  const r = await pool.query<{ value: string }>(
    `INSERT INTO platform_secrets (name, value) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET value = platform_secrets.value RETURNING value`,
    [name, crypto.randomBytes(32).toString('base64url')],
  );
  return r.rows[0].value;
}

/**
 * Replace public default secrets in `config` (in place) with the platform's generated ones,
 * warning for each; refuse first if this is production. Call after migrations, before anything
 * signs or verifies (the payment gateway, the app, the workers).
 */
export async function useSharedSecrets(pool: Pick<pg.Pool, 'query'>, config: Config, log: { warn(obj: object, msg: string): void }): Promise<Config> {
  assertSafeForProduction(config);
  if (config.secret === DEFAULT_SECRET) {
    config.secret = await sharedSecret(pool, 'order_lookup');
    log.warn({ setting: 'SELLTHROUGH_SECRET' }, 'SELLTHROUGH_SECRET is not set: using a random secret generated on first start and kept in the database (table platform_secrets); set it to choose your own');
  }
  if (config.sandboxSecret === DEFAULT_SANDBOX_SECRET) {
    config.sandboxSecret = await sharedSecret(pool, 'payment_sandbox');
    log.warn({ setting: 'PAYMENT_SANDBOX_SECRET' }, 'PAYMENT_SANDBOX_SECRET is not set: the sandbox gateway signs with a random secret generated on first start and kept in the database');
  }
  return config;
}
