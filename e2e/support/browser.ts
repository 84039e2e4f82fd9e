// End-to-end harness: the real `sellthrough start` process on a fresh database (demo data and
// all), and Debian's Chromium driven by playwright-core, clicking like a person.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort, runMigrations, startEmbeddedPostgres } from '../../src/platform/database.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = path.resolve('test-output/screenshots');
export const DESKTOP = { width: 1366, height: 860 };
export const PHONE = { width: 375, height: 812 };

export interface Running { baseUrl: string; databaseUrl: string; stop(): Promise<void>; log(): string }

async function adminAndTemplate(): Promise<{ adminUrl: string; template: string | null }> {
  if (process.env.ST_TEST_ADMIN_URL && process.env.ST_TEST_TEMPLATE) return { adminUrl: process.env.ST_TEST_ADMIN_URL, template: process.env.ST_TEST_TEMPLATE };
  const dir = path.join(os.tmpdir(), `sellthrough-e2e-${process.pid}`);
  const pgs = await startEmbeddedPostgres({ dir, port: await freePort(), database: 'postgres', persistent: false });
  return { adminUrl: pgs.adminUrl, template: null };
}

/** Start the platform as `npm start` does, on its own database, and wait until it is ready. */
export async function startPlatform(): Promise<Running> {
  const { adminUrl, template } = await adminAndTemplate();
  const name = `st_t_e2e_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
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
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'st-e2e-data-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: baseUrl, SELLTHROUGH_DATA_DIR: dataDir, LOG_LEVEL: 'warn', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sellthrough start exited ${child.exitCode}:\n${output}`);
    try { if ((await fetch(`${baseUrl}/ready`)).ok) break; } catch { /* not listening yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`platform not ready in 120 s:\n${output}`); }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    baseUrl, databaseUrl,
    log: () => output,
    async stop() {
      child.kill('SIGINT');
      await new Promise((r) => { if (child.exitCode !== null) r(null); else child.once('exit', r); setTimeout(r, 10_000); });
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
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
  return ctx;
}

/** Save a screenshot under test-output/screenshots/<area>/<name>.<lang>.png. */
export async function shot(page: Page, area: string, name: string, lang: string): Promise<string> {
  const dir = path.join(SHOTS, area);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.${lang}.png`);
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

/** How the storefront prints a price: ¥1,234 or ¥74.90. */
export function storefrontPrice(fen: number): string {
  const whole = Math.floor(fen / 100).toLocaleString('zh-CN');
  const cents = fen % 100;
  return `¥${whole}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`;
}

