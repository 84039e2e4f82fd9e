// flash-sale: one hot SKU with 10,000 units on flash sale, 500 concurrent HTTP buyers grabbing
// through resellers' links (POST /api/v1/storefront/:code/flash-items/:id/orders) until it is
// sold out. Measured twice in the same run on the same machine and database: with group commit
// (the design) and with one transaction per order (the naive baseline, FLASH_GROUP_COMMIT=off).
// Prints orders/s until sold out, p50/p99 latency of the grabs, oversold units and limit
// violations counted in the database afterwards (both must be 0), and the ratio.
//
// The app runs as a separate process (the real `startPlatform`, as `npm start` runs it) so the
// load generator does not share its event loop. Own embedded PostgreSQL in a temp dir unless
// BENCH_DATABASE_URL names an admin URL (a fresh database is created there and dropped).
// Knobs: FLASH_STOCK (default 10000), FLASH_CONNECTIONS (default 500), FLASH_RESELLERS (20),
// FLASH_RUNS (1): the design is measured that many times, each on a fresh server and item, and the
// median run is the headline (this machine's speed drifts from one run to the next).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, runMigrations } from '../src/platform/database.ts';
import { benchDatabase, cpuSeconds, postgresSeconds } from './lib/database.ts';
import type { Ctx } from '../src/platform/context.ts';
import { claimFlash } from '../src/flows/flash-checkout.flow.ts';
import { systemContext } from '../src/main.ts';
import { signBrand } from '../src/modules/brands/index.ts';
import { importLot, listProducts } from '../src/modules/catalog/index.ts';
import { createSaleEvent, scheduleSaleEvent } from '../src/modules/sale-events/index.ts';
import { enrolReseller } from '../src/modules/resellers/index.ts';
import { createFlashItem } from '../src/modules/flash-sales/index.ts';
import { httpRequest, runLoad } from './lib/http-load.ts';

const STOCK = Number(process.env.FLASH_STOCK ?? 10_000);
const CONNECTIONS = Number(process.env.FLASH_CONNECTIONS ?? 500);
const RESELLERS = Number(process.env.FLASH_RESELLERS ?? 20);
/** Units of a warm-up flash sale each server sells out before the measured one (0: start cold). */
const WARM = Number(process.env.FLASH_WARMUP ?? 3000);
/** App processes serving the grabs (connections spread over them), as several instances behind a balancer would. */
const APPS = Number(process.env.FLASH_APPS ?? 1);
/** Measured runs of the design; the median one is reported, every one listed. */
const RUNS = Math.max(1, Number(process.env.FLASH_RUNS ?? 1));
const PER_BUYER = 1;
/** Every tenth request comes again from a phone that already bought: those must be refused. */
const REPEAT_EVERY = 10;
const ADDRESS = { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' };
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const log = (msg: string) => process.stderr.write(`[flash-sale ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}


/** A brand, a lot with two flash SKUs, a live event, two flash items, resellers: through the use cases. */
async function fixtures(url: string) {
  const { ctx, close } = systemContext(url);
  const brand = await signBrand(ctx, { name: '秒杀品牌', category: '女装', contract: { commissionBps: 2000 } });
  // The warm-up items exist even when FLASH_WARMUP=0 (a lot row needs a quantity); they are then not grabbed.
  const warmUnits = Math.max(WARM, 1);
  // One SKU (and one warm-up SKU) per measured run of the design: each run sells out its own item.
  const runs = Array.from({ length: RUNS }, (_, k) => k + 1);
  const csv = ['spu_code,product_name,category,colour,size,sku_code,barcode,tag_price,base_price,quantity,image_urls',
    ...runs.map((k) => `FSG${k},秒杀羽绒服,女装,黑色,M,FS-GROUP-${k},,599.00,99.00,${STOCK},`), `FS,秒杀羽绒服,女装,黑色,L,FS-NAIVE,,599.00,99.00,${STOCK},`,
    `FS,秒杀羽绒服,女装,黑色,XL,FS-INPROC,,599.00,99.00,${STOCK},`,
    ...runs.map((k) => `FSG${k},秒杀羽绒服,女装,白色,M,FS-WARM-G-${k},,599.00,99.00,${warmUnits},`), `FS,秒杀羽绒服,女装,白色,L,FS-WARM-N,,599.00,99.00,${warmUnits},`].join('\n') + '\n';
  await importLot(ctx, { brandId: brand.id, fileName: 'flash.csv', content: Buffer.from(csv) });
  const skus = new Map((await listProducts(ctx, { brandId: brand.id, limit: 200 })).items.flatMap((p) => p.skus.map((s) => [s.skuCode, s.id] as const)));
  const codesOfItems = [...runs.map((k) => `FS-GROUP-${k}`), 'FS-NAIVE', 'FS-INPROC', ...runs.map((k) => `FS-WARM-G-${k}`), 'FS-WARM-N'];
  const now = Date.now();
  const draft = await createSaleEvent(ctx, {
    brandId: brand.id, title: '秒杀专场', startsAt: new Date(now - 60_000), endsAt: new Date(now + 86_400_000), markup: { minBps: 2000, maxBps: 3000, suggestedBps: 2500 },
    items: codesOfItems.map((code) => ({ skuId: skus.get(code)!, quantity: code.startsWith('FS-WARM') ? warmUnits : STOCK })),
  });
  const ev = await scheduleSaleEvent(ctx, draft.id);
  const item = async (code: string, quantity = STOCK) => createFlashItem(ctx, {
    saleEventId: ev.id, eventSkuId: ev.skus.find((s) => s.skuId === skus.get(code))!.eventSkuId, price: 12_900, quantity,
    perBuyerLimit: PER_BUYER, perResellerLimit: Math.ceil((STOCK * 1.5) / RESELLERS), startsAt: new Date(now - 1000),
  });
  const grouped: string[] = [];
  const warmG: string[] = [];
  for (const k of runs) {
    grouped.push((await item(`FS-GROUP-${k}`)).id);
    warmG.push((await item(`FS-WARM-G-${k}`, warmUnits)).id);
  }
  const naive = await item('FS-NAIVE');
  const inProcess = await item('FS-INPROC');
  const warm = { g: warmG, n: (await item('FS-WARM-N', warmUnits)).id };
  const codes: string[] = [];
  for (let i = 0; i < RESELLERS; i++) codes.push((await enrolReseller(ctx, { name: `代购${i}`, phone: `137${String(20_000_000 + i).slice(-8)}`, password: 'bench-password-1' })).shareCode);
  return { grouped, naive: naive.id, inProcess: inProcess.id, warm, codes, perReseller: naive.perResellerLimit, ctx, close };
}

async function startServers(url: string, groupCommit: boolean): Promise<{ bases: string[]; children: ChildProcess[] }> {
  const all = await Promise.all(Array.from({ length: APPS }, () => startServer(url, groupCommit)));
  return { bases: all.map((s) => s.base), children: all.map((s) => s.child) };
}

async function startServer(url: string, groupCommit: boolean): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  // The node flags `npm start` runs the app with (package.json), so the app runs as it does in production.
  const startFlags = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
    .split(' ').filter((a) => a.startsWith('--max-') );
  const prof = process.env.FLASH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.FLASH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...startFlags, ...prof, '--import', 'tsx', 'src/cli.ts', 'start'], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', SELLTHROUGH_WORKERS: 'off', SEED_DEMO: 'off', FLASH_GROUP_COMMIT: groupCommit ? 'on' : 'off', DATABASE_POOL_SIZE: '20', RATE_LIMITS: 'off' },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/health`)).ok) break; } catch { /* not yet */ }
    if (i > 300 || child.exitCode !== null) throw new Error('the app did not come up');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, child };
}

interface Run { ordersPerSec: number; dbOrdersPerSec: number; soldOutAfterSec: number; p50Ms: number; p99Ms: number; requests: number; orders: number; refusedByLimit: number; soldOutAnswers: number; other: Record<string, number> }

/** 500 connections grab until the item is sold out (then a few more requests see "sold out"). */
async function grab(bases: string[], flashItemId: string, codes: string[], tag: string, stock = STOCK): Promise<Run> {
  let units = 0, limit = 0, soldOut = 0;
  const other: Record<string, number> = {};
  const latencies: number[] = [];
  let lastOrderAt = 0;
  const started = performance.now();
  const total = Math.ceil(stock * 1.2) + CONNECTIONS;
  const address = JSON.stringify(ADDRESS);
  const result = await runLoad({
    targets: bases.map((b) => ({ host: new URL(b).hostname, port: Number(new URL(b).port) })), connections: CONNECTIONS, timeoutMs: 60_000,
    next(i) {
      if (i >= total) return null;
      // Every REPEAT_EVERY-th request reuses an earlier buyer's phone (one unit each is the limit).
      const buyer = i % REPEAT_EVERY === REPEAT_EVERY - 1 ? i - REPEAT_EVERY + 1 : i;
      const code = codes[buyer % codes.length];
      return httpRequest('POST', `/api/v1/storefront/${code}/flash-items/${flashItemId}/orders`,
        { 'content-type': 'application/json', 'idempotency-key': `flash-${tag}-${i}-key` },
        `{"consumer":{"name":"抢购者","phone":"13${String(100_000_000 + buyer).slice(-9)}","address":${address}},"quantity":1}`);
    },
    onResponse(_i, status, body, ms) {
      if (status === 201) { units++; lastOrderAt = performance.now(); latencies.push(ms); return; }
      let code = `http_${status}`;
      try { code = (JSON.parse(body ?? '') as { code?: string }).code ?? code; } catch { /* keep the status */ }
      if (code === 'limit_exceeded') limit++;
      else if (code === 'sold_out') soldOut++;
      else other[code] = (other[code] ?? 0) + 1;
    },
  });
  const secs = (lastOrderAt - started) / 1000;
  latencies.sort((a, b) => a - b);
  if (result.errors) other.transport = result.errors;
  return {
    ordersPerSec: round(units / secs), dbOrdersPerSec: 0, soldOutAfterSec: round(secs, 2), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)),
    requests: result.requests, orders: units, refusedByLimit: limit, soldOutAnswers: soldOut, other,
  };
}

/**
 * The same grabs without HTTP: 500 concurrent callers of the flash checkout inside this process.
 * What the group-commit design itself sustains on this machine (its database-side ceiling).
 */
async function grabInProcess(ctx: Ctx, flashItemId: string, codes: string[]): Promise<{ ordersPerSec: number; p50Ms: number; p99Ms: number; orders: number }> {
  let n = 0, orders = 0, last = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const anon: Ctx = { ...ctx, actor: { kind: 'anonymous' } };
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (orders < STOCK && n < STOCK * 2) {
      const i = n++;
      const t0 = performance.now();
      try {
        await claimFlash(anon, { shareCode: codes[i % codes.length], flashItemId, quantity: 1, idempotencyKey: `flash-p-${i}-key`, consumer: { name: '抢购者', phone: `13${String(300_000_000 + i).slice(-9)}`, address: ADDRESS } });
        orders++; last = performance.now(); latencies.push(last - t0);
      } catch { /* sold out at the end */ }
    }
  }));
  latencies.sort((a, b) => a - b);
  return { ordersPerSec: round(orders / ((last - started) / 1000)), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), orders };
}

/** What the database says afterwards: units on live orders vs the quantity, and limit violations. */
async function check(db: pg.Client, flashItemId: string, perReseller: number) {
  const q = async (text: string) => (await db.query(text, [flashItemId])).rows[0];
  const sold = await q(`SELECT coalesce(sum(l.quantity),0)::int AS units, count(DISTINCT o.id)::int AS orders FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.campaign_ref = $1 AND o.status IN ('pending_payment','paid')`);
  const item = await q(`SELECT quantity, claimed, extract(epoch FROM sold_out_at - first_claim_at)::float AS secs FROM flash_items WHERE id = $1`);
  const pool = await q(`SELECT p.initial, p.available, p.held, p.sold FROM pools p JOIN flash_items f ON f.event_sku_id = p.event_sku_id WHERE f.id = $1`);
  const buyers = await q(`SELECT count(*)::int AS n FROM (SELECT o.consumer_phone FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.campaign_ref = $1 AND o.status IN ('pending_payment','paid') GROUP BY 1 HAVING sum(l.quantity) > ${PER_BUYER}) x`);
  const sellers = await q(`SELECT count(*)::int AS n FROM (SELECT o.reseller_id FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.campaign_ref = $1 AND o.status IN ('pending_payment','paid') GROUP BY 1 HAVING sum(l.quantity) > ${perReseller}) x`);
  const oversold = Math.max(0, sold.units - item.quantity) + Math.max(0, pool.held + pool.sold - pool.initial) + Math.max(0, -pool.available);
  return {
    units: sold.units, orders: sold.orders, claimed: item.claimed, soldOutSecs: item.secs as number | null, oversold,
    limitViolations: buyers.n + sellers.n, poolMatches: pool.held + pool.sold === sold.units && pool.available + pool.held + pool.sold === pool.initial,
  };
}

export async function run(): Promise<object> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'st-flash-bench-'));
  const dbInfo = await benchDatabase(tmp);
  try {
    await runMigrations(dbInfo.url);
    const fx = await fixtures(dbInfo.url);
    log(`flash items ready: ${STOCK} units each, ${RESELLERS} resellers, ${CONNECTIONS} connections`);
    const admin = new pg.Client({ connectionString: dbInfo.url });
    await admin.connect();
    const syncCommit = (await admin.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0].synchronous_commit;

    const measure = async (groupCommit: boolean, itemId: string, warmId: string) => {
      const server = await startServers(dbInfo.url, groupCommit);
      const appSeconds = () => server.children.reduce((a, c) => a + cpuSeconds(c.pid), 0);
      try {
        // A server in production has been serving for a while when a flash sale starts: its code is
        // compiled and its connections are open. Each run first sells out a smaller flash item of
        // its own through the same load, then the measured one.
        for (const base of server.bases) await fetch(`${base}/api/v1/storefront/${fx.codes[0]}/flash-items`).then((r) => r.text());
        if (WARM > 0) {
          const w = await grab(server.bases, warmId, fx.codes, `w${itemId}`, WARM);
          log(`  warm-up: ${w.orders} orders at ${w.ordersPerSec}/s`);
        }
        log(`${groupCommit ? 'group commit' : 'one transaction per order (baseline)'}: grabbing`);
        const cpu0 = { app: appSeconds(), pg: postgresSeconds(dbInfo.postmasterPid), load: process.cpuUsage() };
        const r = await grab(server.bases, itemId, fx.codes, itemId);
        const load = process.cpuUsage(cpu0.load);
        const cpuMsPerOrder = {
          app: round(((appSeconds() - cpu0.app) * 1000) / r.orders, 3), postgres: cpu0.pg === null ? null : round(((postgresSeconds(dbInfo.postmasterPid)! - cpu0.pg) * 1000) / r.orders, 3),
          loadGenerator: round((load.user + load.system) / 1000 / r.orders, 3),
        };
        log(`  CPU per order (ms): ${JSON.stringify(cpuMsPerOrder)}`);
        const c = await check(admin, itemId, fx.perReseller);
        r.dbOrdersPerSec = c.soldOutSecs ? round(c.orders / c.soldOutSecs) : 0;
        log(`  ${r.orders} orders in ${r.soldOutAfterSec}s → ${r.ordersPerSec}/s (p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms); oversold ${c.oversold}, limit violations ${c.limitViolations}`);
        return { ...r, db: c, cpuMsPerOrder };
      } finally {
        await Promise.all(server.children.map((c) => { c.kill('SIGTERM'); return new Promise((res) => c.once('exit', res)); }));
      }
    };
    log('group commit without HTTP (in process): grabbing');
    const inProcess = await grabInProcess(fx.ctx, fx.inProcess, fx.codes);
    const inProcessCheck = await check(admin, fx.inProcess, fx.perReseller);
    await fx.close();
    log(`  ${inProcess.orders} orders → ${inProcess.ordersPerSec}/s; oversold ${inProcessCheck.oversold}, limit violations ${inProcessCheck.limitViolations}`);
    const all = [];
    for (let k = 0; k < RUNS; k++) {
      if (RUNS > 1) log(`run ${k + 1}/${RUNS}`);
      all.push(await measure(true, fx.grouped[k], fx.warm.g[k]));
    }
    const byRate = [...all].sort((a, b) => a.ordersPerSec - b.ordersPerSec);
    const grouped = byRate[Math.floor((byRate.length - 1) / 2)];
    // FLASH_BASELINE=skip measures the design alone (while tuning); the recorded figures include it.
    const naive = process.env.FLASH_BASELINE === 'skip' ? { ...grouped, ordersPerSec: 0 } : await measure(false, fx.naive, fx.warm.n);
    await admin.end();
    const ratio = round(grouped.ordersPerSec / Math.max(naive.ordersPerSec, 0.001), 2);
    const checked = [...all, naive, { db: inProcessCheck }];
    const zero = checked.every((r) => r.db.oversold === 0 && r.db.limitViolations === 0);
    const soldOut = [...all, naive].every((r) => r.db.units === STOCK && r.db.poolMatches);
    return {
      bench: 'flash-sale', ok: zero && soldOut,
      stock: STOCK, connections: CONNECTIONS, resellers: RESELLERS, perBuyerLimit: PER_BUYER, database: dbInfo.mode, synchronousCommit: syncCommit,
      ordersPerSec: grouped.ordersPerSec, p50Ms: grouped.p50Ms, p99Ms: grouped.p99Ms, oversold: grouped.db.oversold, limitViolations: grouped.db.limitViolations,
      soldOutAfterSec: grouped.soldOutAfterSec, dbOrdersPerSec: grouped.dbOrdersPerSec, refusedByLimit: grouped.refusedByLimit, otherRefusals: grouped.other, cpuMsPerOrder: grouped.cpuMsPerOrder,
      runs: all.map((r) => ({ ordersPerSec: r.ordersPerSec, p50Ms: r.p50Ms, p99Ms: r.p99Ms, oversold: r.db.oversold, limitViolations: r.db.limitViolations, cpuMsPerOrder: r.cpuMsPerOrder })),
      baseline: {
        design: 'one order per transaction', ordersPerSec: naive.ordersPerSec, p50Ms: naive.p50Ms, p99Ms: naive.p99Ms, oversold: naive.db.oversold,
        limitViolations: naive.db.limitViolations, soldOutAfterSec: naive.soldOutAfterSec, dbOrdersPerSec: naive.dbOrdersPerSec, refusedByLimit: naive.refusedByLimit, otherRefusals: naive.other, cpuMsPerOrder: naive.cpuMsPerOrder,
      },
      withoutHttp: { ...inProcess, oversold: inProcessCheck.oversold, limitViolations: inProcessCheck.limitViolations },
      ratio, target: { ordersPerSec: 5000, ratio: 5 }, meetsTarget: grouped.ordersPerSec >= 5000 && ratio >= 5,
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, memGiB: round(os.totalmem() / 2 ** 30), node: process.version },
    };
  } finally {
    await dbInfo.cleanup();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
