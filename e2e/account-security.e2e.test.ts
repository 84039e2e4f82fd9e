// Password guessing and account security in real Chromium against `sellthrough start` with the
// demo data, in zh-CN and en. Someone guesses a reseller's password on the reseller app's login
// form (375 × 812): five wrong answers, then the lock-out message. The operator (console, 1366 ×
// 768) finds the locked phone on 安全, sees the failed logins marked, unlocks it, and the unlock
// is in the audit; the operator's own 账户与安全 lists their sessions. The reseller logs in, opens
// 我的 → 账户与安全, sees the failed logins and a second device, changes the password (the other
// device is logged out), logs another device out, and finally logs this one out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchBrowser, person, PHONE, shot, startPlatform, type Running } from './support/browser.ts';

const AREA = 'account-security';
const CONSOLE = { width: 1366, height: 768 };
const OPERATOR = '13800000000';
// A reseller of the demo data per language, so the two runs never meet.
const TARGET = { 'zh-CN': '13700000003', en: '13700000002' } as const;
const LAPTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

const TEXT = {
  'zh-CN': {
    badPhone: '请输入 11 位手机号', wrong: '手机号或密码错误', locked: '登录失败次数过多，已暂时锁定，请稍后再试', security: '安全', account: '账户与安全', me: '我的',
    title: '账户与安全', currentWrong: '当前密码不正确', changed: /密码已修改，已退出其他 1 台设备上的登录/, unlocked: /已解锁/,
  },
  en: {
    badPhone: 'Enter your 11-digit mobile number', wrong: 'Phone or password is wrong', locked: 'Too many failed logins: temporarily locked, please try again later', security: 'Security', account: 'Account & security', me: 'Me',
    title: 'Account & security', currentWrong: 'The current password is wrong', changed: /Password changed; 1 other device was logged out/, unlocked: /is unlocked/,
  },
} as const;

let platform: Running | undefined;
let browser: Browser | undefined;
const skip = chromiumAvailable() ? false : 'Chromium is not installed';

before(async () => {
  if (skip) return;
  // Every browser and API request here comes from 127.0.0.1: lift the per-address request limit
  // on logins (another mechanism, tested on its own) so it never answers before the throttle.
  process.env.RATE_LIMIT_LOGIN = '500/60';
  platform = await startPlatform();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

async function api(method: string, path: string, opts: { token?: string; body?: unknown; ua?: string } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.ua) headers['user-agent'] = opts.ua;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${platform!.baseUrl}/api/v1${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const consoleLines: string[] = [];
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('framenavigated', (f) => consoleLines.push(`nav: ${f.url()}`));
  return errors;
}

async function submitLogin(page: Page, phone: string, password: string) {
  await page.locator('input[name=phone]').fill(phone);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a guessed password locks the phone; the operator unlocks it; the owner manages sessions and password (${lang})`, { timeout: 300_000, skip }, async () => {
    const L = TEXT[lang];
    const target = TARGET[lang];
    const phone = await person(browser!, { viewport: PHONE, lang, mobile: true });
    const desk = await person(browser!, { viewport: CONSOLE, lang });
    const guesser = await phone.newPage();
    const operator = await desk.newPage();
    const errors = [...watchErrors(guesser), ...watchErrors(operator)];
    try {
      // ---- someone guesses the reseller's password on the app's login form ----
      await guesser.goto(`${platform!.baseUrl}/reseller`);
      await guesser.locator('input[name=phone]').waitFor();
      // A phone that is not a mobile number is said under the field, in the page's language, and
      // never sent (no raw "body.phone" from the API, no failed login counted).
      const sent: string[] = [];
      guesser.on('request', (r) => { if (r.url().endsWith('/api/v1/auth/login')) sent.push(r.url()); });
      await submitLogin(guesser, '137', 'x');
      assert.equal(await guesser.getByTestId('login-phone-error').innerText(), L.badPhone);
      assert.equal(await guesser.locator('input[name=phone]').getAttribute('aria-invalid'), 'true');
      assert.deepEqual(sent, []);
      for (let i = 0; i < 5; i++) {
        const [res] = await Promise.all([
          guesser.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
          submitLogin(guesser, target, `guess-${lang}-${i}`),
        ]);
        assert.equal(res.status(), 401);
        await guesser.getByRole('alert').filter({ hasText: L.wrong }).waitFor();
      }
      const [locked] = await Promise.all([
        guesser.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
        submitLogin(guesser, target, 'demo1234'),
      ]);
      assert.equal(locked.status(), 429, 'even the right password waits');
      assert.ok(Number(locked.headers()['retry-after']) > 0);
      await guesser.getByRole('alert').filter({ hasText: L.locked }).waitFor();
      await shot(guesser, AREA, 'reseller-login-locked', lang);

      // ---- the operator finds the lock on 安全, sees the failures, and unlocks it ----
      await operator.goto(`${platform!.baseUrl}/console`);
      await submitLogin(operator, OPERATOR, 'demo1234');
      await operator.getByTestId('kpis').waitFor();
      await operator.locator('aside nav').getByRole('link', { name: L.security, exact: true }).click();
      const lockRow = operator.locator(`[data-testid=lock-row][data-value="${target}"]`);
      await lockRow.waitFor();
      assert.equal(await lockRow.getByTestId('lock-failures').innerText(), '5');
      const rows = operator.locator(`[data-testid=record-row][data-phone="${target}"]`);
      await rows.first().waitFor();
      assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome'))), ['locked', 'failed', 'failed', 'failed', 'failed', 'failed']);
      assert.ok(await rows.first().evaluate((e) => e.classList.contains('sec-bad')), 'failures are marked');
      await shot(operator, AREA, 'console-security', lang);
      await operator.getByTestId('outcome-chip-failed').click();
      await operator.waitForFunction(() => [...document.querySelectorAll('[data-testid=record-row]')].every((e) => e.getAttribute('data-outcome') === 'failed'));
      await operator.getByTestId('records-phone').fill(target);
      await operator.getByTestId('records-search').click();
      await operator.waitForFunction((p) => { const r = [...document.querySelectorAll('[data-testid=record-row]')]; return r.length === 5 && r.every((e) => e.getAttribute('data-phone') === p); }, target);

      await lockRow.getByTestId('lock-unlock').click();
      const [cleared] = await Promise.all([
        operator.waitForResponse((r) => r.url().endsWith('/api/v1/login-locks/clear')),
        operator.getByTestId('lock-confirm').getByTestId('confirm-yes').click(),
      ]);
      assert.equal(cleared.status(), 200);
      await operator.getByTestId('lock-done').filter({ hasText: L.unlocked }).waitFor();
      await lockRow.waitFor({ state: 'detached' });
      await operator.locator('[data-testid=audit-row][data-action=throttle_cleared]').first().waitFor();

      // ---- the operator's own account & security ----
      await operator.locator('aside nav').getByRole('link', { name: L.account, exact: true }).click();
      await operator.getByTestId('account-security').waitFor();
      await operator.locator('[data-testid=session-row][data-current=true]').waitFor();
      await operator.locator('[data-testid=login-row][data-outcome=succeeded]').first().waitFor();
      await shot(operator, AREA, 'console-account', lang);

      // ---- the owner logs in (the lock is lifted) and opens 我的 → 账户与安全 ----
      const laptop = await api('POST', '/auth/login', { body: { phone: target, password: 'demo1234' }, ua: LAPTOP_UA });
      assert.equal(laptop.status, 200, JSON.stringify(laptop.body));
      await guesser.goto(`${platform!.baseUrl}/reseller`);
      await submitLogin(guesser, target, 'demo1234');
      await guesser.getByTestId('event-card').first().waitFor();
      await guesser.locator('nav.tabbar').getByRole('link', { name: L.me, exact: true }).click();
      await guesser.getByTestId('account-open').waitFor();
      await shot(guesser, AREA, 'reseller-me', lang);
      await guesser.getByTestId('account-open').click();
      await guesser.getByTestId('account-security').waitFor();
      assert.equal(await guesser.locator('.mobile-top h1').innerText(), L.title);
      const sessions = guesser.getByTestId('session-row');
      await guesser.waitForFunction(() => document.querySelectorAll('[data-testid=session-row]').length === 2);
      assert.deepEqual(await sessions.evaluateAll((els) => els.map((e) => e.getAttribute('data-current')).sort()), ['false', 'true']);
      assert.match(await guesser.locator('[data-testid=session-row][data-current=false]').innerText(), /Chrome · Windows/);
      await guesser.locator('[data-testid=login-row][data-outcome=failed]').first().waitFor();
      assert.equal(await guesser.locator('[data-testid=login-row][data-outcome=failed]').count(), 5, 'the guesses show on the owner’s list');
      await shot(guesser, AREA, 'reseller-account', lang);

      // ---- a wrong current password is refused; the right one changes it and ends the laptop's session ----
      await guesser.getByTestId('pw-current').fill('not-my-password');
      await guesser.getByTestId('pw-new').fill('new-password-1');
      await guesser.getByTestId('pw-again').fill('new-password-1');
      await guesser.getByTestId('pw-submit').click();
      await guesser.getByTestId('pw-error').filter({ hasText: L.currentWrong }).waitFor();
      await guesser.getByTestId('pw-current').fill('demo1234');
      await guesser.getByTestId('pw-submit').click();
      await guesser.getByTestId('pw-done').filter({ hasText: L.changed }).waitFor();
      assert.equal((await api('GET', '/me', { token: laptop.body.token })).status, 401, 'the laptop was logged out');
      await guesser.waitForFunction(() => document.querySelectorAll('[data-testid=session-row]').length === 1);
      await shot(guesser, AREA, 'reseller-password-changed', lang);

      // ---- another device logs in with the new password; the owner logs it out from here ----
      const tablet = await api('POST', '/auth/login', { body: { phone: target, password: 'new-password-1' }, ua: 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) Safari/604.1' });
      assert.equal(tablet.status, 200);
      await guesser.reload();
      await guesser.waitForFunction(() => document.querySelectorAll('[data-testid=session-row]').length === 2);
      const other = guesser.locator('[data-testid=session-row][data-current=false]');
      await other.getByTestId('session-revoke').click();
      await other.getByTestId('session-confirm').getByTestId('confirm-yes').click();
      await guesser.getByTestId('sessions-note').waitFor();
      await guesser.waitForFunction(() => document.querySelectorAll('[data-testid=session-row]').length === 1);
      assert.equal((await api('GET', '/me', { token: tablet.body.token })).status, 401, 'the tablet was logged out');

      // ---- and logs this device out: back to the login form ----
      const here = guesser.locator('[data-testid=session-row][data-current=true]');
      await here.getByTestId('session-revoke').click();
      await here.getByTestId('session-confirm').getByTestId('confirm-yes').click();
      await guesser.locator('input[name=phone]').waitFor();
      assert.equal((await api('POST', '/auth/login', { body: { phone: target, password: 'demo1234' } })).status, 401, 'the old password is gone');
      assert.deepEqual(errors, []);
    } catch (e) {
      await shot(guesser, AREA, 'failure-phone', lang).catch(() => {});
      await shot(operator, AREA, 'failure-console', lang).catch(() => {});
      console.log(consoleLines.join('\n'), errors, await guesser.content().catch(() => ''));
      throw e;
    } finally {
      await phone.close();
      await desk.close();
    }
  });
}
