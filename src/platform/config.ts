// Configuration: every knob comes from the environment, with defaults that run a laptop demo.
import crypto from 'node:crypto';
import path from 'node:path';

export interface Config {
  /**
   * Fulfilment (RETURN_WINDOW_DAYS, SORT_HOLD_MINUTES, PARCEL_MAX_WEIGHT_GRAMS, PARCEL_MAX_ITEMS):
   * the return window after delivery (七天无理由), how long a received unit may wait for the rest
   * of its consumer's goods before its parcel goes anyway, and a parcel's limits.
   */
  fulfilment: {
    returnWindowDays: number; sortHoldMinutes: number; parcelMaxWeightGrams: number; parcelMaxItems: number;
    /** 仅退款 (REFUND_ONLY_MAX_FEN, LOST_PARCEL_DAYS): refund without a return up to this amount, or for a parcel this long undelivered. */
    refundOnly: { maxAmount: number; lostAfterDays: number };
    /** A live event gets a purchase-order wave every this many hours (PO_WAVE_HOURS; 0: only when it ends). */
    waveHours: number;
  };
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /**
   * A PostgreSQL streaming replica of the database (DATABASE_REPLICA_URL): storefront pages and
   * dashboards read from it while it keeps up (see platform/replica.ts); everything else, and
   * every read of what a caller has just written, goes to the primary.
   */
  databaseReplicaUrl: string | undefined;
  /**
   * The PostgreSQL server itself (DATABASE_DIRECT_URL) when DATABASE_URL goes through a pooler in
   * transaction mode (PgBouncer): migrations hold a session lock and the job queue keeps its own
   * sessions, so both connect here; requests go through the pooler. Unset: DATABASE_URL for all.
   */
  databaseDirectUrl: string | undefined;
  /** A replica further behind than this (REPLICA_MAX_LAG_MS) is not read from until it catches up. */
  replicaMaxLagMs: number;
  dataDir: string;
  publicUrl: string;
  holdMinutes: number;
  /**
   * Minutes a storefront order (a consumer's, through a reseller's link) holds its stock: at most
   * holdMinutes. Shorter than a reseller's gateway order by default — anyone can place a storefront
   * order, so a hoarder's hold should end sooner (恶意占库存).
   */
  storefrontHoldMinutes: number;
  /** What a consumer may hold unpaid through storefront orders (see HoldLimits); 0 turns a cap off. */
  holdLimits: HoldLimits;
  /**
   * Days a consumer stays bound to the reseller of their last paid order (CUSTOMER_BINDING_DAYS,
   * 流量保护; 0: no binding): an order through another reseller's link meanwhile is the bound
   * reseller's sale (docs/sharing.md).
   */
  customerBindingDays: number;
  /**
   * Milliseconds a storefront event page is served from the process's cache (STOREFRONT_CACHE_MS,
   * default 1000; 0: built for every request): its stock figures may be that old, checkout is exact.
   */
  storefrontCacheMs: number;
  /** Minutes a flash-sale order holds its unit before it goes back on sale. */
  flashHoldMinutes: number;
  /** Flash claims for one item are committed in groups (on), or one transaction each (off: the baseline). */
  flashGroupCommit: boolean;
  /** Resellers' wallet orders are committed in groups by the order desk (on), or one transaction each (off: the baseline). */
  orderGroupCommit: boolean;
  /**
   * How long (ms) the order desk waits, while orders keep coming and groups are small, for the
   * orders it expects before it starts the next group: the buyers it just answered order again
   * moments later, and one group of eight costs far less than two of four. 0: never waits.
   */
  orderDeskGatherMs: number;
  /**
   * Hot-path statements (the order desk's, session lookups) as named prepared statements, parsed
   * and planned once per connection. Off behind a pooler that cannot keep them (PgBouncer before
   * 1.21 in transaction mode).
   */
  preparedStatements: boolean;
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
  /**
   * Signs consumer order-lookup links. Set SELLTHROUGH_SECRET in production; unset elsewhere, one
   * is generated on first start and kept in the database for every process (platform/secrets.ts).
   */
  secret: string;
  /** Probability that the sandbox gateway sends a notification twice. */
  sandboxDuplicateRate: number;
  /** The carrier adapter (快递): only the built-in sandbox carrier exists so far. */
  carrierProvider: 'sandbox';
  /**
   * Signs the sandbox carrier's tracking notifications (CARRIER_SANDBOX_SECRET). Unset: derived
   * from the sandbox gateway's secret (carrierSandboxSecret), itself generated and kept when unset.
   */
  carrierSandboxSecret: string | undefined;
  /** How the sandbox carrier behaves (SANDBOX_CARRIER_*). */
  sandboxCarrier: SandboxCarrierSettings;
  /** Waybills still on their way this many hours after they were opened are asked about at the carrier. */
  carrierReconcileHours: number;
  /** Payouts (代付) to resellers and brands: the provider and how the platform follows it (docs/payouts.md). */
  payouts: PayoutSettings;
  logLevel: string;
  workers: boolean;
  poolSize: number;
  uploadDir: string;
  /**
   * TRUST_PROXY: whose X-Forwarded-For to believe when telling who the client is (rate limits,
   * login records). false (default): the connecting socket is the client; a client cannot make
   * up an address. true: every proxy in front; a number: that many hops; a list: those addresses
   * or CIDR ranges. Set it only behind a proxy that overwrites the header.
   */
  trustProxy: boolean | number | string[];
  /** Requests per client address on the public endpoints that create things, and on login; null: off. */
  rateLimits: RateLimits | null;
  /** Largest JSON body a route takes unless it says otherwise (bytes; BODY_LIMIT_KB). */
  jsonBodyLimit: number;
  /** Deepest nesting of arrays and objects a JSON body may have (JSON_MAX_DEPTH). */
  jsonMaxDepth: number;
  /**
   * WEB_COMPRESSION: send the web app's precompressed files (brotli, gzip) and compress JSON
   * answers over 1 KB (on); off sends everything as it is — behind a proxy that compresses, and
   * the web-size benchmark's baseline.
   */
  webCompression: boolean;
  /**
   * WEB_SHELL: pages arrive with their title and a skeleton of the page (a shared link names its
   * shop) so something shows before the scripts (on); off sends index.html as built, an empty
   * page until the scripts run (the web-size benchmark's baseline).
   */
  webShell: boolean;
  /** WEB_DIST: the built web app's folder (npm run build writes web/dist). */
  webDist: string;
}

/** The sandbox carrier's pace and its misbehaviours (as real carriers misbehave). */
export interface SandboxCarrierSettings {
  /** Seconds between two steps of a parcel's way (pickup, hub, hub, courier, signed). */
  stepSeconds: number;
  /** Seconds after a waybill is opened until the courier collects the parcel unless it is handed over first. */
  pickupSeconds: number;
  duplicateRate: number;
  reorderRate: number;
  exceptionRate: number;
}

export interface PayoutSettings {
  /** PAYOUT_PROVIDER: only the built-in sandbox exists so far. */
  provider: 'sandbox';
  /**
   * PAYOUT_SANDBOX_SECRET: signs the sandbox payout provider's notifications. Unset: derived from
   * the sandbox gateway's secret (payoutSandboxSecret), itself generated and kept when unset.
   */
  sandboxSecret: string | undefined;
  /** PAYOUT_QUERY_AFTER_MINUTES: a submitted payout with no outcome this long is asked about at the provider. */
  queryAfterMinutes: number;
  sandbox: {
    /** SANDBOX_PAYOUT_SETTLE_SECONDS: from acceptance until a transfer settles. */
    settleSeconds: number;
    /** SANDBOX_PAYOUT_FAILURE_RATE: probability [0,1] that a transfer to a good account fails (bank_rejected). */
    failureRate: number;
    /** SANDBOX_PAYOUT_TRANSIENT_RATE: probability [0,1] that a request fails transiently (unavailable, or a timeout after it was taken). */
    transientRate: number;
    /** SANDBOX_PAYOUT_MAX_FEN: the largest single transfer; more is refused for good (amount_over_limit). */
    maxAmount: number;
  };
}

/** One limit: at most `max` requests from one client address in a fixed window of `windowSeconds`. */
export interface RateLimit { max: number; windowSeconds: number }
/** The rate-limited groups of routes (see RATE_LIMITED_ROUTES in app.ts). */
export interface RateLimits { login: RateLimit; storefrontOrders: RateLimit; flashGrabs: RateLimit; groupBuys: RateLimit; quotes: RateLimit; addresses: RateLimit; signups: RateLimit }

/**
 * Caps on unpaid storefront orders, enforced in the placement transaction (database-wide, so every
 * API process agrees). Units are what a phone holds right now; orders are those placed in the last
 * windowMinutes and not paid (awaiting payment, expired or cancelled), per phone, per client
 * address and per reseller link. 0 turns a cap off.
 */
export interface HoldLimits {
  unitsPerPhoneSku: number;
  unitsPerPhone: number;
  ordersPerPhone: number;
  ordersPerAddress: number;
  ordersPerLink: number;
  windowMinutes: number;
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
  if (c.payouts.provider === 'sandbox') problems.push('PAYOUT_PROVIDER is the sandbox payout provider, which pays nobody: configure a real payout adapter');
  if (c.carrierProvider === 'sandbox') problems.push('CARRIER_PROVIDER is the sandbox carrier, which delivers nothing: configure a real carrier adapter');
  if (c.secret === DEFAULT_SECRET) problems.push('SELLTHROUGH_SECRET is not set: it signs consumers\' order-lookup links, and its default is public');
  if (c.sandboxSecret === DEFAULT_SANDBOX_SECRET && c.paymentProvider === 'sandbox') problems.push('PAYMENT_SANDBOX_SECRET is not set: its default is public');
  if (problems.length) throw new Error(`refusing to start in production (NODE_ENV=production or SELLTHROUGH_PRODUCTION=true):\n- ${problems.join('\n- ')}`);
}

function carrierProvider(raw: string | undefined): 'sandbox' {
  if (raw === undefined || raw === '' || raw === 'sandbox') return 'sandbox';
  throw new Error(`CARRIER_PROVIDER=${raw}: no adapter for this carrier is built in (the only one is "sandbox")`);
}

/** A number from the environment within [min, max]. */
function num(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number from ${min} to ${max}, got ${raw}`);
  return n;
}

/**
 * The sandbox carrier's signing secret: CARRIER_SANDBOX_SECRET, or one derived from the sandbox
 * gateway's (which is generated and kept in the database when unset), so no public default ever
 * signs tracking notifications. Call after the shared secrets are in place.
 */
export function carrierSandboxSecret(c: Config): string {
  return c.carrierSandboxSecret ?? crypto.createHmac('sha256', c.sandboxSecret).update('sandbox-carrier-notifications').digest('base64url');
}

/** The sandbox payout provider's signing secret: PAYOUT_SANDBOX_SECRET, or one derived like the carrier's (never a public default). */
export function payoutSandboxSecret(c: Config): string {
  return c.payouts.sandboxSecret ?? crypto.createHmac('sha256', c.sandboxSecret).update('sandbox-payout-notifications').digest('base64url');
}

function payoutProvider(raw: string | undefined): 'sandbox' {
  if (raw === undefined || raw === '' || raw === 'sandbox') return 'sandbox';
  throw new Error(`PAYOUT_PROVIDER=${raw}: no adapter for this payout provider is built in (the only one is "sandbox")`);
}

/** A storefront hold longer than a reseller's gateway hold would outlive the charge sweeps' horizon. */
function storefrontHoldMinutes(holdMinutes: number): number {
  const raw = process.env.STOREFRONT_HOLD_MINUTES;
  if (raw === undefined || raw === '') return Math.max(1, Math.min(10, holdMinutes));
  const n = int('STOREFRONT_HOLD_MINUTES', 10);
  if (n < 1 || n > holdMinutes) throw new Error(`STOREFRONT_HOLD_MINUTES must be between 1 and HOLD_MINUTES (${holdMinutes}), got ${raw}`);
  return n;
}

function cap(name: string, fallback: number): number {
  const n = int(name, fallback);
  if (n < 0) throw new Error(`${name} must be 0 (no cap) or more, got ${n}`);
  return n;
}

/** TRUST_PROXY: off (default) | on | a hop count | a comma-separated list of addresses or CIDRs. */
function trustProxy(raw: string | undefined): boolean | number | string[] {
  const v = (raw ?? '').trim();
  if (v === '' || /^(off|false|no)$/i.test(v)) return false;
  if (/^(on|true|yes)$/i.test(v)) return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((x) => x.trim()).filter(Boolean);
}

/** RATE_LIMIT_<NAME>=max/seconds (e.g. 30/60); RATE_LIMITS=off turns every one off (benchmarks). */
function rateLimits(): RateLimits | null {
  if (/^(off|false|no)$/i.test(process.env.RATE_LIMITS ?? '')) return null;
  const one = (name: string, max: number, windowSeconds: number): RateLimit => {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return { max, windowSeconds };
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new Error(`${name} must be requests/seconds, e.g. ${max}/${windowSeconds}; got ${raw}`);
    return { max: Number(m[1]), windowSeconds: Number(m[2]) };
  };
  return {
    login: one('RATE_LIMIT_LOGIN', 60, 60),
    storefrontOrders: one('RATE_LIMIT_STOREFRONT_ORDERS', 60, 60),
    flashGrabs: one('RATE_LIMIT_FLASH_GRABS', 120, 60),
    groupBuys: one('RATE_LIMIT_GROUP_BUYS', 60, 60),
    quotes: one('RATE_LIMIT_QUOTES', 240, 60),
    addresses: one('RATE_LIMIT_ADDRESSES', 60, 60),
    signups: one('RATE_LIMIT_SIGNUPS', 10, 3600),
  };
}

export function loadConfig(overrides: Partial<Config> = {}): Config {
  const port = int('PORT', 3000);
  const holdMinutes = int('HOLD_MINUTES', 15);
  const dataDir = path.resolve(process.env.SELLTHROUGH_DATA_DIR ?? '.sellthrough');
  return {
    port,
    host: process.env.HOST ?? '0.0.0.0',
    databaseUrl: process.env.DATABASE_URL || undefined,
    databaseReplicaUrl: process.env.DATABASE_REPLICA_URL || undefined,
    databaseDirectUrl: process.env.DATABASE_DIRECT_URL || undefined,
    replicaMaxLagMs: int('REPLICA_MAX_LAG_MS', 5000),
    dataDir,
    publicUrl: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
    holdMinutes,
    fulfilment: {
      returnWindowDays: int('RETURN_WINDOW_DAYS', 7),
      sortHoldMinutes: int('SORT_HOLD_MINUTES', 120),
      parcelMaxWeightGrams: int('PARCEL_MAX_WEIGHT_GRAMS', 20_000),
      parcelMaxItems: int('PARCEL_MAX_ITEMS', 30),
      refundOnly: { maxAmount: int('REFUND_ONLY_MAX_FEN', 3000), lostAfterDays: int('LOST_PARCEL_DAYS', 15) },
      waveHours: int('PO_WAVE_HOURS', 24),
    },
    storefrontHoldMinutes: storefrontHoldMinutes(holdMinutes),
    holdLimits: {
      unitsPerPhoneSku: cap('UNPAID_UNITS_PER_PHONE_SKU', 5),
      unitsPerPhone: cap('UNPAID_UNITS_PER_PHONE', 20),
      ordersPerPhone: cap('UNPAID_ORDERS_PER_PHONE', 5),
      ordersPerAddress: cap('UNPAID_ORDERS_PER_ADDRESS', 30),
      ordersPerLink: cap('UNPAID_ORDERS_PER_LINK', 200),
      windowMinutes: Math.max(1, int('UNPAID_WINDOW_MINUTES', 60)),
    },
    customerBindingDays: Math.max(0, int('CUSTOMER_BINDING_DAYS', 30)),
    storefrontCacheMs: Math.max(0, int('STOREFRONT_CACHE_MS', 1000)),
    flashHoldMinutes: int('FLASH_HOLD_MINUTES', 5),
    flashGroupCommit: process.env.FLASH_GROUP_COMMIT !== 'off',
    orderGroupCommit: process.env.ORDER_GROUP_COMMIT !== 'off',
    orderDeskGatherMs: Math.min(50, Math.max(0, int('ORDER_DESK_GATHER_MS', 3))),
    preparedStatements: process.env.DATABASE_PREPARED_STATEMENTS !== 'off',
    flashQueueLimit: Math.max(1, int('FLASH_QUEUE_LIMIT', 5000)),
    returnWindowDays: int('RETURN_WINDOW_DAYS', 7),
    topupPayMinutes: int('TOPUP_PAY_MINUTES', 30),
    paymentProvider: paymentProvider(process.env.PAYMENT_PROVIDER),
    production: process.env.NODE_ENV === 'production' || process.env.SELLTHROUGH_PRODUCTION === 'true',
    sandboxSecret: process.env.PAYMENT_SANDBOX_SECRET || DEFAULT_SANDBOX_SECRET,
    secret: process.env.SELLTHROUGH_SECRET || DEFAULT_SECRET,
    sandboxDuplicateRate: Number(process.env.SANDBOX_DUPLICATE_RATE ?? '0'),
    carrierProvider: carrierProvider(process.env.CARRIER_PROVIDER),
    carrierSandboxSecret: process.env.CARRIER_SANDBOX_SECRET || undefined,
    sandboxCarrier: {
      stepSeconds: num('SANDBOX_CARRIER_STEP_SECONDS', 60, 0.001, 86_400),
      pickupSeconds: num('SANDBOX_CARRIER_PICKUP_SECONDS', 600, 0, 7 * 86_400),
      duplicateRate: num('SANDBOX_CARRIER_DUPLICATE_RATE', 0, 0, 1),
      reorderRate: num('SANDBOX_CARRIER_REORDER_RATE', 0, 0, 1),
      exceptionRate: num('SANDBOX_CARRIER_EXCEPTION_RATE', 0.1, 0, 1),
    },
    carrierReconcileHours: num('CARRIER_RECONCILE_HOURS', 6, 0, 24 * 30),
    payouts: {
      provider: payoutProvider(process.env.PAYOUT_PROVIDER),
      sandboxSecret: process.env.PAYOUT_SANDBOX_SECRET || undefined,
      queryAfterMinutes: num('PAYOUT_QUERY_AFTER_MINUTES', 10, 0, 24 * 60),
      sandbox: {
        settleSeconds: num('SANDBOX_PAYOUT_SETTLE_SECONDS', 5, 0, 86_400),
        failureRate: num('SANDBOX_PAYOUT_FAILURE_RATE', 0, 0, 1),
        transientRate: num('SANDBOX_PAYOUT_TRANSIENT_RATE', 0, 0, 1),
        maxAmount: num('SANDBOX_PAYOUT_MAX_FEN', 5_000_000, 1, 1_000_000_000_00),
      },
    },
    logLevel: process.env.LOG_LEVEL ?? 'info',
    workers: process.env.SELLTHROUGH_WORKERS !== 'off',
    poolSize: int('DATABASE_POOL_SIZE', 20),
    uploadDir: path.join(dataDir, 'uploads'),
    trustProxy: trustProxy(process.env.TRUST_PROXY),
    rateLimits: rateLimits(),
    jsonBodyLimit: Math.max(1, int('BODY_LIMIT_KB', 64)) * 1024,
    jsonMaxDepth: Math.max(2, int('JSON_MAX_DEPTH', 32)),
    webCompression: process.env.WEB_COMPRESSION !== 'off',
    webShell: process.env.WEB_SHELL !== 'off',
    webDist: path.resolve(process.env.WEB_DIST || path.join(import.meta.dirname, '../../web/dist')),
    ...overrides,
  };
}
