// What a phone on a slow link downloads, and how soon it shows something, when it opens a shared
// storefront link (/s/:shareCode): the real platform (`sellthrough start`, demo data) twice on one
// database — as it serves today (precompressed files, pages rendered with the shop's name and a
// skeleton) and as the baseline (WEB_COMPRESSION=off, WEB_SHELL=off: files as they are, an empty
// page until the scripts run) — each opened in Debian's Chromium with the network throttled
// through the DevTools protocol: 150 ms latency, 1.6 Mbps down, 750 kbps up, no cache.
//
// Knobs: BENCH_RUNS (page loads per server, default 5), BENCH_DATABASE_URL (an admin URL: a fresh
// database on that server instead of an embedded one), CHROMIUM_PATH.
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Browser } from 'playwright-core';
import { runMigrations } from '../src/platform/database.ts';
import { startOwnPostgres, type OwnPostgres } from '../test/support/embedded.ts';
import { startApiProcess, type ApiProcess } from '../test/support/processes.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
/** The review's phone: 150 ms round trips, 1.6 Mbps down (200,000 bytes/s), 750 kbps up. */
const NETWORK = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 750_000 / 8 };
const TARGET_FIRST_CONTENT_MS = 1500;

interface Load {
  /** First contentful paint (performance paint entry), ms from navigation start. */
  firstContentMs: number;
  /** When the app itself showed the shop's name (rendered from the API's answer), ms from navigation start. */
  shopShownMs: number;
  /** Bytes on the wire (compressed where compressed, headers included) by kind, until the shop showed. */
  bytes: Record<string, number>;
  /** What the first paint says: the shop's name, or only a loading line. */
  firstPaintNamesShop: boolean;
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2); };

async function openLink(browser: Browser, url: string, shopName: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    const kinds = new Map<string, string>();
    const bytes: Record<string, number> = {};
    cdp.on('Network.responseReceived', (e: { requestId: string; type: string; response: { url: string } }) => {
      const kind = e.type === 'Fetch' || e.type === 'XHR' ? 'api' : e.type === 'Document' ? 'html' : e.type === 'Script' ? 'js' : e.type === 'Stylesheet' ? 'css' : e.type === 'Font' ? 'fonts' : e.type === 'Image' ? 'images' : 'other';
      kinds.set(e.requestId, kind);
    });
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
      const kind = kinds.get(e.requestId) ?? 'other';
      bytes[kind] = (bytes[kind] ?? 0) + e.encodedDataLength;
    });
    await page.goto(url, { waitUntil: 'commit' });
    // Polled through the DevTools protocol (not throttled); the page's own clock says when.
    const probe = `(() => { const el = document.querySelector('[data-testid="shop-name"]'); if (el && !window.__shownAt) window.__shownAt = performance.now(); return window.__shownAt || 0; })()`;
    const deadline = Date.now() + 60_000;
    let shownAt = 0;
    while (!(shownAt = await page.evaluate(probe) as number)) {
      if (Date.now() > deadline) throw new Error(`the shop did not show within 60 s: ${url}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const fcp = await page.evaluate(`performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? 0`) as number;
    // What the first paint could show: the served page's own text (before the app replaced it).
    const served = await page.evaluate(`performance.getEntriesByType('navigation')[0]?.name ?? ''`) as string;
    const html = await (await fetch(served, { headers: { 'accept-language': 'zh-CN' } })).text();
    return { firstContentMs: Math.round(fcp), shopShownMs: Math.round(shownAt), bytes, firstPaintNamesShop: html.includes(shopName) };
  } finally {
    await context.close();
  }
}

function summary(loads: Load[]) {
  const kinds = [...new Set(loads.flatMap((l) => Object.keys(l.bytes)))].sort();
  const bytes = Object.fromEntries(kinds.map((k) => [k, median(loads.map((l) => l.bytes[k] ?? 0))]));
  const firstLoad = median(loads.map((l) => ['html', 'js', 'css', 'fonts', 'images'].reduce((a, k) => a + (l.bytes[k] ?? 0), 0)));
  return {
    firstContentMs: median(loads.map((l) => l.firstContentMs)),
    firstContentRunsMs: loads.map((l) => l.firstContentMs),
    shopShownMs: median(loads.map((l) => l.shopShownMs)),
    firstPaintNamesShop: loads.every((l) => l.firstPaintNamesShop),
    firstLoadBytes: firstLoad,
    bytes,
  };
}

export async function run(): Promise<object> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  // A build of its own (precompressed as npm run build does), served by both processes: a
  // rebuild of web/dist meanwhile cannot change what is measured.
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'st-bench-web-dist-'));
  try {
    const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-web.ts', '--out', webDist], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status !== 0) throw new Error('the web app did not build');
    return await measure(webDist);
  } finally {
    fs.rmSync(webDist, { recursive: true, force: true });
  }
}

async function measure(webDist: string): Promise<object> {

  let own: OwnPostgres | undefined;
  let adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) { own = await startOwnPostgres('st-bench-web-', 'postgres'); adminUrl = own.adminUrl; }
  const name = `st_bench_web_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const servers: ApiProcess[] = [];
  let browser: Browser | undefined;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(adminUrl); u.pathname = `/${name}`;
    const databaseUrl = u.toString();
    await runMigrations(databaseUrl);
    console.error('starting the platform (demo data) and the baseline on one database');
    const now = await startApiProcess(databaseUrl, { SEED_DEMO: 'on', LOG_LEVEL: 'error', WEB_DIST: webDist, WEB_COMPRESSION: undefined, WEB_SHELL: undefined });
    servers.push(now);
    const baseline = await startApiProcess(databaseUrl, { SEED_DEMO: 'off', LOG_LEVEL: 'error', WEB_DIST: webDist, WEB_COMPRESSION: 'off', WEB_SHELL: 'off' });
    servers.push(baseline);

    const login = await fetch(`${now.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13700000001', password: 'demo1234' }) });
    const { token } = (await login.json()) as { token: string };
    const me = (await (await fetch(`${now.base}/api/v1/reseller/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { reseller: { shareCode: string; name: string } };
    const link = `/s/${me.reseller.shareCode}`;

    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
    });
    // One unmeasured load each (the servers' first page, Chromium's own start-up), then the two alternate.
    await openLink(browser, now.base + link, me.reseller.name);
    await openLink(browser, baseline.base + link, me.reseller.name);
    const loads = { now: [] as Load[], baseline: [] as Load[] };
    for (let i = 0; i < RUNS; i++) {
      console.error(`load ${i + 1} of ${RUNS}`);
      loads.baseline.push(await openLink(browser, baseline.base + link, me.reseller.name));
      loads.now.push(await openLink(browser, now.base + link, me.reseller.name));
    }
    const after = summary(loads.now);
    const before = summary(loads.baseline);
    let commit = '';
    try { commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(); } catch { /* not a checkout */ }
    return {
      bench: 'web-size',
      ok: after.firstPaintNamesShop,
      link: '/s/:shareCode (the demo V5 reseller’s shop)',
      network: { latencyMs: NETWORK.latency, downBytesPerSecond: NETWORK.downloadThroughput, upBytesPerSecond: NETWORK.uploadThroughput, cache: 'disabled' },
      runs: RUNS,
      now: after,
      baseline: before,
      ratio: {
        firstLoadBytes: Number((after.firstLoadBytes / before.firstLoadBytes).toFixed(3)),
        firstContent: Number((after.firstContentMs / before.firstContentMs).toFixed(3)),
        shopShown: Number((after.shopShownMs / before.shopShownMs).toFixed(3)),
      },
      targetFirstContentMs: TARGET_FIRST_CONTENT_MS,
      targetMet: after.firstContentMs < TARGET_FIRST_CONTENT_MS,
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', node: process.version, chromium: browser.version() },
      code: commit,
    };
  } finally {
    await browser?.close().catch(() => {});
    for (const s of servers) await s.stop().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end().catch(() => {});
    await own?.stop();
  }
}
