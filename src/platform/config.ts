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
    sandboxSecret: process.env.PAYMENT_SANDBOX_SECRET ?? 'sandbox-secret-change-me',
    secret: process.env.SELLTHROUGH_SECRET ?? 'dev-only-secret-change-me',
    sandboxDuplicateRate: Number(process.env.SANDBOX_DUPLICATE_RATE ?? '0'),
    logLevel: process.env.LOG_LEVEL ?? 'info',
    workers: process.env.SELLTHROUGH_WORKERS !== 'off',
    poolSize: int('DATABASE_POOL_SIZE', 20),
    uploadDir: path.join(dataDir, 'uploads'),
    ...overrides,
  };
}
