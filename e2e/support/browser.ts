// End-to-end harness: the real `sellthrough start` process on a fresh database (demo data and
// all), and Debian's Chromium driven by playwright-core, clicking like a person.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { freePort, runMigrations } from '../../src/platform/database.ts';
import { startOwnPostgres } from '../../test/support/embedded.ts';
import { testPoolCap } from '../../test/support/pool-cap.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = path.resolve('test-output/screenshots');
export const DESKTOP = { width: 1366, height: 860 };
export const PHONE = { width: 375, height: 812 };

export interface Running { baseUrl: string; databaseUrl: string; stop(): Promise<void>; log(): string }

interface Server { adminUrl: string; template: string | null; stop?: () => Promise<void> }
let serverPromise: Promise<Server> | undefined;
/** Platforms started (or starting) and not yet stopped: a server of our own stops at 0. */
let inUse = 0;

/** npm test's server and template, or (running a file alone) an embedded server of our own. */
function adminAndTemplate(): Promise<Server> {
  if (serverPromise) return serverPromise;
  const p = (async (): Promise<Server> => {
    if (process.env.ST_TEST_ADMIN_URL && process.env.ST_TEST_TEMPLATE) return { adminUrl: process.env.ST_TEST_ADMIN_URL, template: process.env.ST_TEST_TEMPLATE };
    // Stopped (folder and all) when the last platform stops, or when the process ends anyhow.
    const pgs = await startOwnPostgres('sellthrough-e2e-', 'postgres');
    return { adminUrl: pgs.adminUrl, template: null, stop: pgs.stop };
  })();
  serverPromise = p;
  p.catch(() => { if (serverPromise === p) serverPromise = undefined; });
  return p;
}

/** Running a file alone, the embedded server stops when the last platform does, so the file's process can exit. */
async function release(): Promise<void> {
  if (--inUse > 0 || !serverPromise) return;
  const p = serverPromise;
  const s = await p.catch(() => undefined);
  if (!s?.stop || inUse > 0 || serverPromise !== p) return;
  serverPromise = undefined;
  await s.stop();
}

/** Start the platform as `npm start` does, on its own database, and wait until it is ready. */
export async function startPlatform(): Promise<Running> {
  inUse++;
  try {
    return await launchPlatform();
  } catch (e) {
    await release();
    throw e;
  }
}

async function launchPlatform(): Promise<Running> {
  const { adminUrl, template } = await adminAndTemplate();
  const name = `st_t_e2e_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => { /* the server went away (stopped by a signal): clean-up copes */ });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'st-e2e-data-'));
  let child: ChildProcess | undefined;
  // If this process ends without stop() (a crash, a signal), the platform must not outlive it.
  const onExit = () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  let output = '';
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const running = child;
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGINT');
      // A platform that does not stop in 10 s is killed: the run must go on.
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (running.exitCode === null && running.signalCode === null) { running.kill('SIGKILL'); await exited; }
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.removeListener('exit', onExit);
  };
  try {
    await admin.connect();
    for (let i = 0; ; i++) {
      try { await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`); break; } catch (e) {
        if (i > 50) throw e;
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    const u = new URL(adminUrl); u.pathname = `/${name}`;
    const databaseUrl = u.toString();
    if (!template) await runMigrations(databaseUrl);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const started = child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: baseUrl, SELLTHROUGH_DATA_DIR: dataDir, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', DATABASE_POOL_SIZE: String(Math.min(20, testPoolCap())) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout!.on('data', (d) => { output += d; });
    started.stderr!.on('data', (d) => { output += d; });
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (started.exitCode !== null) throw new Error(`sellthrough start exited ${started.exitCode}:\n${output}`);
      try { if ((await fetch(`${baseUrl}/ready`)).ok) break; } catch { /* not listening yet */ }
      if (Date.now() > deadline) throw new Error(`platform not ready in 120 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    let stopped = false;
    return {
      baseUrl, databaseUrl,
      log: () => output,
      async stop() {
        if (stopped) return;
        stopped = true;
        try { await stop(); } finally { await release(); }
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
  });
}

/** A browser context for one person: desktop or phone-sized, zh-CN or en. */
export async function person(browser: Browser, opts: { viewport: { width: number; height: number }; lang: 'zh-CN' | 'en'; mobile?: boolean }): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: opts.viewport, locale: opts.lang, deviceScaleFactor: 1, isMobile: opts.mobile ?? false, hasTouch: opts.mobile ?? false });
  await ctx.addInitScript((lang) => { try { localStorage.setItem('lang', lang); } catch { /* opaque origins */ } }, opts.lang);
  // Chromium logs a refused script, style or frame to the console; the event names the directive.
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  // The app must work under its policy: a violation fails the test that opened this context (an
  // after hook of the running test; the file's own hooks still run).
  const violations: string[] = [];
  ctx.on('console', (m) => {
    if (/CSP violation|Content Security Policy/.test(m.text())) violations.push(`${m.location().url}: ${m.text()}`);
  });
  after(() => { assert.deepEqual(violations, [], 'pages logged Content-Security-Policy violations'); });
  return ctx;
}

/**
 * Wait until a page expression (a string: the test runner's transpiler would add helpers to a
 * function that the page does not have) is truthy. Evaluated through the DevTools protocol, which
 * the app's Content-Security-Policy does not govern; waitForFunction with a string evals inside
 * the page, which the policy (rightly) refuses.
 */
export async function waitForPage(page: Page, expression: string, opts: { timeout?: number } = {}): Promise<void> {
  const until = Date.now() + (opts.timeout ?? 30_000);
  for (;;) {
    if (await page.evaluate(expression)) return;
    if (Date.now() > until) throw new Error(`timed out waiting for the page: ${expression}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Save a screenshot under test-output/screenshots/<area>/<name>.<lang>.png. */
export async function shot(page: Page, area: string, name: string, lang: string): Promise<string> {
  const dir = path.join(SHOTS, area);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.${lang}.png`);
  // Images still on their way (a battle report's PNG drawn by the server) would be blank in the shot:
  // give the page's eager images a few seconds to arrive (or fail); lazy ones load as they scroll in.
  await page.waitForFunction(() => [...document.images].every((i) => i.loading === 'lazy' || i.complete), undefined, { timeout: 5_000 }).catch(() => undefined);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM);
}

/** A demo login over the API (every demo password is demo1234): the bearer token. */
export async function apiLogin(platform: Running, phone: string): Promise<string> {
  const r = await fetch(`${platform.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password: 'demo1234' }) });
  if (r.status !== 200) throw new Error(`login ${phone}: HTTP ${r.status}`);
  return ((await r.json()) as { token: string }).token;
}

/** GET an API path (under /api/v1) as a logged-in user; anything but 200 fails the test. */
export async function apiGet<T>(platform: Running, path: string, token: string): Promise<T> {
  const r = await fetch(`${platform.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status}`);
  return (await r.json()) as T;
}

/** Any API call (under /api/v1) with its status and JSON body, for tests that check refusals too. */
export async function api<T>(platform: Running, method: string, path: string, opts: { body?: unknown; key?: string; lang?: string; token?: string } = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'accept-language': opts.lang ?? 'zh-CN' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.key) headers['idempotency-key'] = opts.key;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const r = await fetch(`${platform.baseUrl}/api/v1${path}`, { method, headers, body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined });
  return { status: r.status, body: (await r.json()) as T };
}

/** An API answer's body, once its status is the one expected (200 unless told); else the test fails with the body. */
export function ok<T>(r: { status: number; body: T }, status = 200): T {
  assert.equal(r.status, status, JSON.stringify(r.body));
  return r.body;
}

/** Pay a checkout on the sandbox gateway as its pay page's button does (the payment succeeds). */
export async function paySandbox(platform: Running, payUrl: string): Promise<void> {
  const page = new URL(payUrl, platform.baseUrl);
  const paid = await fetch(`${platform.baseUrl}${page.pathname}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'outcome=succeed', redirect: 'manual' });
  assert.ok(paid.status < 400, `the sandbox pay page took the payment (HTTP ${paid.status})`);
}

/**
 * A reseller's share code (the demo V5 reseller's unless another phone is given) and a plain item
 * on sale in their shop (not one only a flash sale sells) with at least `minAvailable` units left;
 * `productId` is a product of that event none of whose sizes is sold only by a flash sale, so a
 * test that opens its card (the event's tile `[data-event-id]`, then `[data-product-id]`) and picks
 * the first colour and size in stock can put it in the cart.
 */
export async function shopItem(platform: Running, minAvailable: number, phone = '13700000001'): Promise<{ shareCode: string; saleEventId: string; eventSkuId: string; productId: string }> {
  const rt = await apiLogin(platform, phone);
  const shareCode = (await apiGet<{ reseller: { shareCode: string } }>(platform, '/reseller/me', rt)).reseller.shareCode;
  const events = (await apiGet<{ items: { id: string; onSale: boolean; stockLeft: number }[] }>(platform, '/reseller/sale-events', rt)).items.filter((e) => e.onSale && e.stockLeft > 0);
  for (const e of events) {
    const view = await api<{ products: { id: string; skus: { eventSkuId: string; available: number; flash: unknown }[] }[] }>(platform, 'GET', `/storefront/${shareCode}/sale-events/${e.id}`);
    const plain = (x: { available: number; flash: unknown }) => x.available >= minAvailable && !x.flash;
    const product = view.body.products.find((p) => p.skus.some(plain) && p.skus.every((x) => !x.flash)) ?? view.body.products.find((p) => p.skus.some(plain));
    const sku = product?.skus.find(plain);
    if (product && sku) return { shareCode, saleEventId: e.id, eventSkuId: sku.eventSkuId, productId: product.id };
  }
  throw new Error(`the demo data has no item with ${minAvailable} units on sale in the reseller’s shop`);
}

/** From the shop's page: open the item's event by its tile, then its product's sheet (shopItem's `saleEventId`, `productId`). */
export async function openShopItem(page: Page, shareCode: string, item: { saleEventId: string; productId: string }): Promise<void> {
  await page.locator(`[data-testid=event-card][data-event-id="${item.saleEventId}"]`).click();
  await page.waitForURL((u) => u.pathname === `/s/${shareCode}/e/${item.saleEventId}`);
  await page.locator(`[data-testid=product-card][data-product-id="${item.productId}"]:not(.sf-soldout)`).click();
}

/** On an open product sheet: its first colour and size in stock chosen; returns the sheet. */
export async function chooseFirstSku(page: Page): Promise<Locator> {
  const sheet = page.getByTestId('product-sheet');
  await sheet.waitFor();
  await sheet.locator('[data-testid=colour-chip]:not([disabled])').first().click();
  await sheet.locator('[data-testid=size-chip]:not([disabled])').first().click();
  await sheet.getByTestId('sku-stock').waitFor();
  return sheet;
}

/**
 * A test's error, once the page it failed on is pictured (full page, under
 * test-output/screenshots/failures/<area>/<name>.<lang>.png) and the error names the picture and
 * the page's address: `catch (e) { throw await failureShot(page, { area, name, lang }, e); }`.
 */
export async function failureShot(page: Page, where: { area: string; name: string; lang: string }, error: unknown): Promise<unknown> {
  const file = path.join(SHOTS, 'failures', where.area, `${where.name}.${where.lang}.png`);
  let saved = false;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
    saved = true;
  } catch { /* the page or its browser is gone: the error says why itself */ }
  if (error instanceof Error) {
    const seen = `\n  on ${page.isClosed() ? 'a closed page' : page.url()}${saved ? `; screenshot: ${file}` : ''}`;
    // The spec reporter prints the stack (written when the error was made), not the message.
    const head = error.stack?.split('\n    at ')[0];
    error.message += seen;
    if (error.stack && head) error.stack = error.stack.replace(head, `${head}${seen}`);
  }
  return error;
}

/** Errors the page throws, collected for a test to assert none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Log in through an area's own form (demo password), then wait for what the area shows first. */
export async function formLogin(page: Page, platform: Running, area: 'console' | 'brand' | 'reseller', phone: string, ready?: string): Promise<void> {
  // A browser without a session shows the form without asking the server who it is (no 401 logged).
  const signedOut = !(await page.context().cookies()).some((c) => c.name === 'st_signed_in');
  const asked: string[] = [];
  const onRequest = (r: { url(): string }) => { if (new URL(r.url()).pathname === '/api/v1/me') asked.push(r.url()); };
  page.on('request', onRequest);
  await page.goto(`${platform.baseUrl}/${area}`);
  await page.locator('input[name=phone]').waitFor();
  page.off('request', onRequest);
  if (signedOut && asked.length) throw new Error(`a signed-out login page asked GET /me: ${asked.join(', ')}`);
  await page.locator('input[name=phone]').fill(phone);
  await page.locator('input[name=password]').fill('demo1234');
  await page.locator('form button[type=submit]').click();
  await page.getByTestId(ready ?? (area === 'console' ? 'kpis' : 'event-card')).first().waitFor();
}

/** How the storefront prints a price, as every screen does: ¥1,234.00 or ¥74.90. */
export function storefrontPrice(fen: number): string {
  return `¥${Math.floor(fen / 100).toLocaleString('zh-CN')}.${String(fen % 100).padStart(2, '0')}`;
}


/**
 * Retry an assertion until it passes or `timeout` ms have gone by (then its last error is thrown):
 * for what settles on its own time (a background job, a hold expiring, a refetch), instead of a
 * fixed sleep that is too short on a busy machine and wasted on a quiet one. `between` runs
 * before each retry (click refresh, reload).
 */
export async function eventually<T>(check: () => Promise<T>, opts: { timeout?: number; interval?: number; between?: () => Promise<unknown> } = {}): Promise<T> {
  const until = Date.now() + (opts.timeout ?? 30_000);
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > until) throw e;
    }
    await new Promise((r) => setTimeout(r, opts.interval ?? 250));
    await opts.between?.();
  }
}
