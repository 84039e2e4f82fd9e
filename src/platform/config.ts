// Configuration: every knob comes from the environment, with defaults that run a laptop demo.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  holdMinutes: number;
  /** Minutes a flash-sale order holds its unit before it goes back on sale. */
  flashHoldMinutes: number;
  /** Flash claims for one item are committed in groups (on), or one transaction each (off: the baseline). */
  flashGroupCommit: boolean;
  /**
   * Grabs of one flash item that may wait in a process's desk; past it a grab is answered 503
   * flash_busy with Retry-After. 5,000 is about a second of waiting at the measured ~4,000 orders/s
   * (groups of up to 1,000): a buyer further back would wait longer than they would to try again,
   * and every waiting request holds a socket and memory.
   */
  flashQueueLimit: number;
  returnWindowDays: number;
  /** Minutes a wallet top-up may take to be paid before its charge is closed. */
  topupPayMinutes: number;
  /** The payment gateway adapter: only the built-in sandbox exists so far. */
  paymentProvider: 'sandbox';
  /** NODE_ENV=production or SELLTHROUGH_PRODUCTION=true: refuse what is only safe on a laptop. */
  production: boolean;
  sandboxSecret: string;
  /** Signs consumer order-lookup links. Set SELLTHROUGH_SECRET in production. */
  secret: string;
  /** Probability that the sandbox gateway sends a notification twice. */
  sandboxDuplicateRate: number;
  logLevel: string;
  workers: boolean;
  poolSize: number;
  uploadDir: string;
}

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got ${raw}`);
  return n;
}

export const DEFAULT_SECRET = 'dev-only-secret-change-me';
export const DEFAULT_SANDBOX_SECRET = 'sandbox-secret-change-me';

function paymentProvider(raw: string | undefined): 'sandbox' {
  if (raw === undefined || raw === '' || raw === 'sandbox') return 'sandbox';
  throw new Error(`PAYMENT_PROVIDER=${raw}: no adapter for this gateway is built in (the only one is "sandbox")`);
}

/**
 * Refuse to run in production with what is only safe on a laptop: the sandbox gateway (its pay
 * page marks any charge paid for free) and the secrets whose defaults are in the source (anyone
 * could sign gateway notifications or compute consumers' order-lookup links). Says why.
 */
export function assertSafeForProduction(c: Config): void {
  if (!c.production) return;
  const problems: string[] = [];
  if (c.paymentProvider === 'sandbox') problems.push('PAYMENT_PROVIDER is the sandbox gateway, whose pay page marks any charge paid without money: configure a real gateway adapter');
  if (c.secret === DEFAULT_SECRET) problems.push('SELLTHROUGH_SECRET is not set: it signs consumers\' order-lookup links, and its default is public');
  if (c.sandboxSecret === DEFAULT_SANDBOX_SECRET && c.paymentProvider === 'sandbox') problems.push('PAYMENT_SANDBOX_SECRET is not set: its default is public');
  if (problems.length) throw new Error(`refusing to start in production (NODE_ENV=production or SELLTHROUGH_PRODUCTION=true):\n- ${problems.join('\n- ')}`);
}

export function loadConfig(overrides: Partial<Config> = {}): Config {
  const port = int('PORT', 3000);
  const dataDir = path.resolve(process.env.SELLTHROUGH_DATA_DIR ?? '.sellthrough');
  return {
    port,
    host: process.env.HOST ?? '0.0.0.0',
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir,
    publicUrl: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
    holdMinutes: int('HOLD_MINUTES', 15),
    flashHoldMinutes: int('FLASH_HOLD_MINUTES', 5),
    flashGroupCommit: process.env.FLASH_GROUP_COMMIT !== 'off',
    flashQueueLimit: Math.max(1, int('FLASH_QUEUE_LIMIT', 5000)),
    returnWindowDays: int('RETURN_WINDOW_DAYS', 7),
    topupPayMinutes: int('TOPUP_PAY_MINUTES', 30),
    paymentProvider: paymentProvider(process.env.PAYMENT_PROVIDER),
    production: process.env.NODE_ENV === 'production' || process.env.SELLTHROUGH_PRODUCTION === 'true',
    sandboxSecret: process.env.PAYMENT_SANDBOX_SECRET || DEFAULT_SANDBOX_SECRET,
    secret: process.env.SELLTHROUGH_SECRET || DEFAULT_SECRET,
    sandboxDuplicateRate: Number(process.env.SANDBOX_DUPLICATE_RATE ?? '0'),
    logLevel: process.env.LOG_LEVEL ?? 'info',
    workers: process.env.SELLTHROUGH_WORKERS !== 'off',
    poolSize: int('DATABASE_POOL_SIZE', 20),
    uploadDir: path.join(dataDir, 'uploads'),
    ...overrides,
  };
}
