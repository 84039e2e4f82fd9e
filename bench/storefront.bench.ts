// storefront: a live event page of 200 products (1,000 SKUs) opened from a reseller's link by 200
// phones at once, every second request a view the page records (POST …/views, batched) — the
// platform as `npm start` runs it (a separate process, embedded PostgreSQL or BENCH_DATABASE_URL)
// — next to bare Fastify answering the same bytes for the same requests from the same load
// generator in the same run (the floor). Then posters: distinct resellers' posters of the event
// rendered through the share kit (each a new link: no finished poster is reused), renders/s.
// Target (issue: sharing and data): storefront ≥ 40% of the floor's rate, p99 < 50 ms, posters ≥ 50/s.
// Knobs: STOREFRONT_REQUESTS (default 40000), STOREFRONT_CONNECTIONS (200), STOREFRONT_POSTERS (120).
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { freePort, runMigrations } from '../src/platform/database.ts';
import { benchDatabase, cpuSeconds, postgresSeconds } from './lib/database.ts';
import { httpRequest, runLoad } from './lib/http-load.ts';
import { systemContext } from '../src/main.ts';
import { signBrand } from '../src/modules/brands/index.ts';
import { importLot } from '../src/modules/catalog/index.ts';
import { createSaleEvent, scheduleSaleEvent, publicSaleEvent } from '../src/modules/sale-events/index.ts';
import { enrolReseller } from '../src/modules/resellers/index.ts';
import { makeShareLink, posterForLink } from '../src/flows/share-kit.flow.ts';
import type { Ctx } from '../src/platform/context.ts';

const REQUESTS = Number(process.env.STOREFRONT_REQUESTS ?? 40_000);
const CONNECTIONS = Number(process.env.STOREFRONT_CONNECTIONS ?? 200);
const POSTERS = Number(process.env.STOREFRONT_POSTERS ?? 120);
const PRODUCTS = 200;
const SIZES = ['S', 'M', 'L', 'XL', 'XXL'];
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const log = (msg: string) => process.stderr.write(`[storefront ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : 0);

/** A brand's lot of 200 products × 5 sizes with pictures, a live event of all of it, and resellers — through the use cases. */
export async function fixtures(url: string, uploadDir: string) {
  const { ctx, close } = systemContext(url);
  const c: Ctx = { ...ctx, deps: { ...ctx.deps, config: { ...ctx.deps.config, uploadDir } } };
  fs.mkdirSync(uploadDir, { recursive: true });
  // One picture per product, as the demo draws them (an SVG in the upload folder).
  const svg = (hue: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600"><rect width="600" height="600" fill="#f4f1ec"/><path d="M180 120 L300 90 L420 120 L470 260 L420 270 L420 520 L180 520 L180 270 L130 260 Z" fill="hsl(${hue},45%,55%)" stroke="#5a4630" stroke-width="6"/></svg>`;
  const rows = ['spu_code,product_name,category,colour,size,sku_code,barcode,tag_price,base_price,quantity,image_urls,description'];
  for (let p = 0; p < PRODUCTS; p++) {
    fs.writeFileSync(path.join(uploadDir, `bench-${p}.svg`), svg((p * 37) % 360));
    for (const s of SIZES) rows.push(`SF${p},羊毛双面呢大衣 第${p}款,女装,驼色,${s},SF${p}-${s},,${399 + p}.00,${99 + (p % 50)}.00,50,/uploads/bench-${p}.svg,落肩廓形 双面羊毛`);
  }
  const brand = await signBrand(c, { name: '江南布衣', category: '女装', contract: { commissionBps: 2000 } });
  const lot = await importLot(c, { brandId: brand.id, fileName: 'storefront.csv', content: Buffer.from(rows.join('\n')) });
  const skuIds = (await c.db.execute<{ id: string }>(sql`SELECT s.id FROM skus s JOIN products p ON p.id = s.product_id WHERE p.brand_id = ${brand.id} ORDER BY p.spu_code, s.sku_code`)).rows.map((r) => r.id);
  log(`lot ${lot.id}: ${skuIds.length} SKUs`);
  const now = Date.now();
  const ev = await createSaleEvent(c, {
    brandId: brand.id, title: '江南布衣 冬季清仓特卖', startsAt: new Date(now - 60_000), endsAt: new Date(now + 2 * 86_400_000),
    markup: { minBps: 2000, maxBps: 3000, suggestedBps: 2500 }, items: skuIds.map((skuId) => ({ skuId, quantity: 50 })),
  });
  await scheduleSaleEvent(c, ev.id);
  const resellers: { id: string; shareCode: string }[] = [];
  for (let i = 0; i < Math.max(20, Math.ceil(POSTERS / 2)); i++) {
    const r = await enrolReseller(c, { name: `代购小${'美丽芳娜静敏燕红'[i % 8]}${i}`, phone: `136${String(30_000_000 + i).slice(-8)}`, password: 'bench-password-1' });
    resellers.push({ id: r.id, shareCode: r.shareCode });
  }
  const live = await publicSaleEvent(c, ev.id);
  return { ctx: c, close, eventId: ev.id, resellers, skus: live!.skus.length };
}

/** The platform as `npm start` runs it, against `url`; `processes` > 1: `start --processes N`. */
export async function startApp(url: string, uploadDir: string, processes = 1): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const startFlags = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ').filter((a) => a.startsWith('--max-'));
  const child = spawn(process.execPath, [...startFlags, '--import', 'tsx', 'src/cli.ts', 'start', ...(processes > 1 ? ['--processes', String(processes)] : [])], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', SELLTHROUGH_WORKERS: 'off', SEED_DEMO: 'off', DATABASE_POOL_SIZE: '20', RATE_LIMITS: 'off', SELLTHROUGH_DATA_DIR: path.dirname(uploadDir) },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/health`)).ok) break; } catch { /* not yet */ }
    if (i > 300 || child.exitCode !== null) throw new Error('the app did not come up');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, child };
}

export interface Measured { reqPerSec: number; pagesPerSec: number; viewsPerSec: number; p50Ms: number; p99Ms: number; pageP99Ms: number; requests: number; bad: number; cpuMsPerRequest: { server: number; postgres: number | null; loadGenerator: number } }

/** 200 connections: even requests open the event page (as a phone asks: gzip/br), odd ones record a view (`pagesOnly`: every request a page). */
export async function load(port: number, shareCode: string, eventId: string, productIds: string[], n: number, cpu: { server: () => number; postgres: () => number | null }, pagesOnly = false): Promise<Measured> {
  const page = httpRequest('GET', `/api/v1/storefront/${shareCode}/sale-events/${eventId}`, { 'accept-encoding': 'gzip, deflate, br' });
  const views = productIds.map((p, i) => httpRequest('POST', `/api/v1/storefront/${shareCode}/views`,
    { 'content-type': 'application/json', cookie: `st_vid=${`visitor${String(i % 1000).padStart(4, '0')}`.padEnd(22, 'x')}` },
    JSON.stringify({ page: 'product', saleEventId: eventId, productId: p })));
  const all: number[] = [], pages: number[] = [];
  let bad = 0, pageCount = 0, viewCount = 0;
  const s0 = cpu.server(), p0 = cpu.postgres(), l0 = process.cpuUsage(), t0 = performance.now();
  const r = await runLoad({
    targets: [{ host: '127.0.0.1', port }], connections: CONNECTIONS, timeoutMs: 60_000,
    next: (i) => (i >= n ? null : pagesOnly || i % 2 === 0 ? page : views[(i >> 1) % views.length]),
    onResponse: (i, status, _body, ms) => {
      all.push(ms);
      if (pagesOnly || i % 2 === 0) { pages.push(ms); pageCount++; if (status !== 200) bad++; } else { viewCount++; if (status !== 204) bad++; }
    },
  });
  const secs = (performance.now() - t0) / 1000, l = process.cpuUsage(l0), p1 = cpu.postgres();
  all.sort((a, b) => a - b); pages.sort((a, b) => a - b);
  return {
    reqPerSec: Math.round(r.requests / secs), pagesPerSec: Math.round(pageCount / secs), viewsPerSec: Math.round(viewCount / secs),
    p50Ms: round(percentile(all, 50)), p99Ms: round(percentile(all, 99)), pageP99Ms: round(percentile(pages, 99)), requests: r.requests, bad: bad + r.errors,
    cpuMsPerRequest: { server: round(((cpu.server() - s0) * 1000) / r.requests, 3), postgres: p0 === null || p1 === null ? null : round(((p1 - p0) * 1000) / r.requests, 3), loadGenerator: round((l.user + l.system) / 1000 / r.requests, 3) },
  };
}

export async function run(): Promise<object> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'st-storefront-bench-'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'st-storefront-files-'));
  const uploadDir = path.join(work, 'uploads');
  const db = await benchDatabase(tmp, log);
  let app: ChildProcess | undefined, floor: ChildProcess | undefined;
  try {
    await runMigrations(db.url);
    log('fixtures: a 200-product event through the use cases');
    const f = await fixtures(db.url, uploadDir);
    const shop = f.resellers[0];
    const a = await startApp(db.url, uploadDir);
    app = a.child;
    const appPort = Number(new URL(a.base).port);
    // The page as a phone gets it, and the products its views name.
    // The bytes as sent (node:http does not decompress, unlike fetch).
    const body = await rawGet(`${a.base}/api/v1/storefront/${shop.shareCode}/sale-events/${f.eventId}`, { 'accept-encoding': 'gzip, deflate, br' });
    const raw = body.bytes;
    const plain = await (await fetch(`${a.base}/api/v1/storefront/${shop.shareCode}/sale-events/${f.eventId}`, { headers: { 'accept-encoding': 'identity' } })).json() as { products: { id: string; skus: unknown[] }[] };
    const productIds = plain.products.map((p) => p.id);
    log(`event page: ${plain.products.length} products, ${plain.products.reduce((n, p) => n + p.skus.length, 0)} SKUs, ${raw.length} bytes as sent (${body.encoding ?? 'identity'})`);

    // The floor: bare Fastify answering the same bytes (already compressed, as the cache keeps them) and 204 to views.
    const bodyFile = path.join(work, 'page.bin');
    fs.writeFileSync(bodyFile, raw);
    const floorPort = await freePort();
    floor = fork(fileURLToPath(new URL('./lib/floor-server.ts', import.meta.url)), ['storefront', String(floorPort), bodyFile, body.encoding ?? ''], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    await new Promise((resolve, reject) => { floor!.once('message', resolve); floor!.once('exit', () => reject(new Error('floor server exited'))); });

    const views0 = Number((await queryOne(db.url, 'SELECT count(*)::int AS n FROM storefront_views')).n);
    const appCpu = { server: () => cpuSeconds(app!.pid), postgres: () => postgresSeconds(db.postmasterPid) };
    const floorCpu = { server: () => cpuSeconds(floor!.pid), postgres: () => null };
    log('warm-up');
    await load(appPort, shop.shareCode, f.eventId, productIds, Math.min(REQUESTS, 8000), appCpu);
    await load(floorPort, shop.shareCode, f.eventId, productIds, Math.min(REQUESTS, 8000), floorCpu);
    log(`measuring: ${REQUESTS} requests at ${CONNECTIONS} connections, floor then storefront then floor`);
    const floorA = await load(floorPort, shop.shareCode, f.eventId, productIds, REQUESTS, floorCpu);
    const storefront = await load(appPort, shop.shareCode, f.eventId, productIds, REQUESTS, appCpu);
    const floorB = await load(floorPort, shop.shareCode, f.eventId, productIds, REQUESTS, floorCpu);
    const floorRate = Math.round((floorA.reqPerSec + floorB.reqPerSec) / 2);
    log(`storefront ${JSON.stringify(storefront)}; floor ${floorA.reqPerSec}/${floorB.reqPerSec} req/s`);
    // Every view answered 204 is in the table once its batch is written (≤ 200 ms).
    await new Promise((r) => setTimeout(r, 1000));
    const viewsSent = Math.floor(Math.min(REQUESTS, 8000) / 2) + Math.floor(REQUESTS / 2);
    const viewsRecorded = Number((await queryOne(db.url, 'SELECT count(*)::int AS n FROM storefront_views')).n) - views0;
    app.kill('SIGTERM'); app = undefined;
    floor.kill('SIGTERM'); floor = undefined;

    // Posters: each reseller's poster of the event and of one product — distinct links, no cache hits.
    log(`posters: ${POSTERS} distinct posters, 4 at a time`);
    const jobs: { resellerId: string; code: string }[] = [];
    for (let i = 0; i < POSTERS; i++) {
      const r = f.resellers[i % f.resellers.length];
      const actor = { kind: 'reseller' as const, userId: 'bench', resellerId: r.id };
      // Every reseller shares the event and one of its ten hottest products, as resellers of one
      // brand sale do at 10:00; each poster is a new link (its own QR code), never a cache hit.
      const target = i < f.resellers.length ? { target: 'event' as const, saleEventId: f.eventId } : { target: 'product' as const, saleEventId: f.eventId, targetRef: productIds[i % 10] };
      jobs.push({ resellerId: r.id, code: (await makeShareLink({ ...f.ctx, actor }, { ...target, channel: 'group' })).code });
    }
    const posterOf = (j: { resellerId: string; code: string }) => posterForLink({ ...f.ctx, actor: { kind: 'reseller', userId: 'bench', resellerId: j.resellerId } }, j.code);
    await posterOf(jobs[0]); // fonts and code warm
    const c0 = process.cpuUsage(), t0 = performance.now();
    let next = 1, bytes = 0;
    await Promise.all(Array.from({ length: 4 }, async () => { while (next < jobs.length) { const j = jobs[next++]; bytes += (await posterOf(j)).png.length; } }));
    const posterSecs = (performance.now() - t0) / 1000, pc = process.cpuUsage(c0);
    const posters = { rendered: jobs.length - 1, perSec: round((jobs.length - 1) / posterSecs), cpuMsPerPoster: round((pc.user + pc.system) / 1000 / (jobs.length - 1)), avgKB: round(bytes / 1024 / (jobs.length - 1)) };
    await f.close();

    const ratio = round(storefront.reqPerSec / floorRate, 3);
    return {
      bench: 'storefront', ok: storefront.bad === 0 && floorA.bad === 0 && viewsRecorded === viewsSent,
      target: { ratioToFloor: 0.4, p99Ms: 50, postersPerSec: 50 },
      met: { ratio: ratio >= 0.4, p99: storefront.p99Ms < 50, posters: posters.perSec >= 50 },
      connections: CONNECTIONS, requests: REQUESTS, page: { products: plain.products.length, skus: f.skus, bytesSent: raw.length, encoding: body.encoding, jsonBytes: Buffer.byteLength(JSON.stringify(plain)) },
      storefront, floor: { design: 'bare Fastify answering the same bytes', reqPerSec: floorRate, runs: [floorA, floorB] }, ratio,
      views: { sent: viewsSent, recorded: viewsRecorded },
      posters,
      database: db.mode,
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, memGiB: round(os.totalmem() / 2 ** 30), node: process.version, load1: round(os.loadavg()[0], 2) },
    };
  } finally {
    app?.kill('SIGTERM');
    floor?.kill('SIGTERM');
    await db.cleanup();
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function rawGet(url: string, headers: Record<string, string>): Promise<{ bytes: Buffer; encoding: string | null }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ bytes: Buffer.concat(chunks), encoding: (res.headers['content-encoding'] as string | undefined) ?? null }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function queryOne(url: string, text: string): Promise<Record<string, unknown>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return (await c.query(text)).rows[0]; } finally { await c.end(); }
}
