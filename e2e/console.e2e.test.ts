// The operator console on a desktop (1366 × 860), in zh-CN and en: log in through the form, read
// the dashboard, import a lot CSV for a demo brand (progress and result), upload a broken CSV
// (row-level errors), create an event from the imported SKUs starting now, schedule it, find it
// live on the calendar and in its detail, then search orders and cancel one awaiting payment
// with a ready-made reason, which the other language's screen then says in its own words.
// And any brand's event's 销售战报 page, with a SKU sold out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser, person, DESKTOP, shot, startPlatform, chromiumAvailable, type Running, waitForPage } from './support/browser.ts';
import { api, apiLogin, formLogin, pageErrors } from './support/browser.ts';
import { twoSkuEvent } from './support/fulfilment.ts';
import { checkBattleReportPage } from './support/battle-report.ts';
import { systemContext } from '../src/main.ts';

const AREA = 'console';
let platform: Running;
let browser: Browser;

const BRAND = '城市漫步女装 · Urban Stroll';

const TEXT = {
  'zh-CN': {
    navImport: '货盘导入', navCalendar: '档期日历', navOrders: '订单',
    gmvToday: '今日成交额', ordersToday: '今日支付订单', liveEvents: '进行中档期',
    imported: '导入成功', rejected: '文件未通过校验，未导入任何数据',
    tagBelowBase: '吊牌价低于平台价', wholeNumber: '必须是整数', required: '必填',
    colTag: '吊牌价', colQty: '数量', colName: '商品名称', chooseBrandFirst: '请先选择品牌',
    title: 'E2E 冬季围巾开衫专场', liveTitle: '档期已上线', live: '进行中', cancelled: '已取消', reason: '消费者要求取消',
    scarf: 'E2E 羊绒围巾', cardigan: 'E2E 针织开衫',
  },
  en: {
    navImport: 'Lot import', navCalendar: 'Event calendar', navOrders: 'Orders',
    gmvToday: 'GMV today', ordersToday: 'Paid orders today', liveEvents: 'Live events',
    imported: 'Lot imported', rejected: 'The file was rejected; nothing was imported',
    tagBelowBase: 'Tag price is below base price', wholeNumber: 'Must be a whole number', required: 'Required',
    colTag: 'Tag price', colQty: 'Quantity', colName: 'Product name', chooseBrandFirst: 'Choose a brand first',
    title: 'E2E winter scarves and cardigans', liveTitle: 'The event is live', live: 'Live', cancelled: 'Cancelled', reason: 'Consumer asked to cancel',
    scarf: 'E2E cashmere scarf', cardigan: 'E2E knit cardigan',
  },
} as const;

const HEADER = '款号,商品名称,品类,颜色,尺码,SKU编码,条码,吊牌价,平台价,数量,图片,描述';

/** A good lot: 2 products, 3 SKUs, 75 units. The padding makes the upload long enough to watch. */
function goodLot(code: string, L: (typeof TEXT)[keyof typeof TEXT]): Buffer {
  const pad = '柔软亲肤，'.repeat(3000);
  return Buffer.from([
    HEADER,
    `${code}01,${L.scarf},配饰,燕麦色,均码,${code}01-OAT-F,,399.00,89.00,30,,${pad}`,
    `${code}02,${L.cardigan},女装,黑色,M,${code}02-BK-M,,599.00,129.00,20,,`,
    `${code}02,${L.cardigan},女装,黑色,L,${code}02-BK-L,,599.00,129.00,25,,`,
  ].join('\n') + '\n');
}

/** Three bad rows: tag below base (row 2), a quantity that is not a number (row 3), no name (row 4). */
function brokenLot(code: string): Buffer {
  return Buffer.from([
    HEADER,
    `${code}91,坏数据外套,女装,灰色,M,${code}91-GR-M,,50.00,89.00,10,,`,
    `${code}92,坏数据长裤,女装,黑色,S,${code}92-BK-S,,299.00,99.00,abc,,`,
    `${code}93,,女装,白色,L,${code}93-WH-L,,199.00,69.00,5,,`,
  ].join('\n') + '\n');
}

before(async () => {
  if (!chromiumAvailable()) return;
  platform = await startPlatform();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

async function login(page: Page) {
  await page.goto(`${platform.baseUrl}/console`);
  await page.locator('input[name=phone]').fill('13800000000');
  await page.locator('input[name=password]').fill('demo1234');
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('kpis').waitFor();
}

/** Record every value the upload progress bar shows, from the page itself. (A string, so the
 * test runner's transpiler adds no helpers the page does not have.) */
async function watchProgress(page: Page) {
  await page.evaluate(`(() => {
    const seen = [];
    window.__progress = seen;
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid=upload-progress]');
      const v = el ? Number(el.getAttribute('aria-valuenow')) : NaN;
      if (!Number.isNaN(v) && seen[seen.length - 1] !== v) seen.push(v);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  })()`);
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`operator console (${lang}): dashboard, lot import, event creation, calendar, orders`, { timeout: 300_000, skip: !chromiumAvailable() && 'no chromium' }, async () => {
    const L = TEXT[lang];
    const code = lang === 'en' ? 'E2EEN' : 'E2EZH';
    const ctx = await person(browser, { viewport: DESKTOP, lang });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      // ---- log in through the form and read the dashboard ----
      await login(page);
      const kpis = page.getByTestId('kpis');
      assert.match(await kpis.innerText(), new RegExp(L.gmvToday));
      assert.match(await page.getByTestId('kpi-gmv').innerText(), /¥[\d,]+\.\d\d/);
      const orders = Number((await page.getByTestId('kpi-orders').locator('.value').innerText()).trim());
      assert.ok(orders > 0, 'the demo data has paid orders today');
      assert.match(await page.getByTestId('kpi-live').innerText(), new RegExp(L.liveEvents));
      await page.locator('.chart canvas').first().waitFor();
      await page.getByTestId('top-events').waitFor();
      await shot(page, AREA, 'dashboard', lang);

      // ---- import a lot: choose the brand and the file, watch the upload, see the result ----
      await page.getByRole('link', { name: L.navImport }).click();
      await page.getByTestId('import-brand').selectOption({ label: BRAND });
      await page.getByTestId('import-file').setInputFiles({ name: `${code.toLowerCase()}-lot.csv`, mimeType: 'text/csv', buffer: goodLot(code, L) });
      assert.equal(await page.getByTestId('import-file-name').innerText(), `${code.toLowerCase()}-lot.csv`);
      await watchProgress(page);
      // A slow uplink, so the bar moves through intermediate values as a person would see it.
      const cdp: CDPSession = await ctx.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 40 * 1024 });
      await page.getByTestId('import-submit').click();
      await page.getByTestId('upload-progress').waitFor();
      await page.getByTestId('import-result').waitFor({ timeout: 30_000 });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      const seen = await page.evaluate<number[]>('window.__progress');
      assert.equal(await page.getByTestId('upload-progress').getAttribute('aria-valuenow'), '100');
      assert.ok(seen.includes(100), `progress reached 100%: ${seen.join(',')}`);
      assert.ok(seen.some((v) => v > 0 && v < 100), `progress showed intermediate values: ${seen.join(',')}`);
      const result = page.getByTestId('import-result');
      assert.match(await result.innerText(), new RegExp(L.imported));
      assert.equal(await page.getByTestId('import-rows').innerText(), '3');
      assert.equal(await page.getByTestId('import-units').innerText(), '75');
      await shot(page, AREA, 'lot-import-result', lang);

      // ---- a broken file: nothing imported, every bad row listed with its column ----
      await page.getByTestId('import-file').setInputFiles({ name: `${code.toLowerCase()}-broken.csv`, mimeType: 'text/csv', buffer: brokenLot(code) });
      await page.getByTestId('import-submit').click();
      await page.getByTestId('import-errors').waitFor();
      assert.match(await page.getByTestId('import-errors').innerText(), new RegExp(L.rejected));
      const rows = page.getByTestId('import-error-row');
      assert.equal(await rows.count(), 3);
      const cells = async (i: number) => (await rows.nth(i).locator('td').allInnerTexts()).map((s) => s.trim());
      assert.deepEqual(await cells(0), ['2', L.colTag, L.tagBelowBase]);
      assert.deepEqual(await cells(1), ['3', L.colQty, L.wholeNumber]);
      assert.deepEqual(await cells(2), ['4', L.colName, L.required]);
      assert.equal(await page.getByTestId('import-result').count(), 0);
      await shot(page, AREA, 'lot-import-errors', lang);

      // ---- create an event for that brand with the imported SKUs, starting now ----
      await page.getByRole('link', { name: L.navCalendar }).click();
      await page.getByTestId('calendar').waitFor();
      await page.getByTestId('new-event').click();
      // An empty form names what is missing; each error goes as soon as its field is put right.
      const brandError = page.locator('.field', { has: page.getByTestId('event-brand') }).locator('.field-error');
      const titleError = page.locator('.field', { has: page.getByTestId('event-title') }).locator('.field-error');
      await page.getByTestId('event-submit').click();
      await brandError.waitFor();
      assert.equal((await brandError.innerText()).trim(), L.chooseBrandFirst);
      assert.equal((await titleError.innerText()).trim(), L.required);
      assert.equal(await page.getByTestId('event-brand').getAttribute('aria-invalid'), 'true');
      await page.getByTestId('event-brand').selectOption({ label: BRAND });
      await brandError.waitFor({ state: 'detached' });
      assert.equal(await page.getByTestId('event-brand').getAttribute('aria-invalid'), 'false');
      assert.equal(await titleError.count(), 1, 'the title is still missing');
      await page.getByTestId('event-title').fill(L.title);
      await titleError.waitFor({ state: 'detached' });
      assert.equal(await page.getByTestId('event-title').getAttribute('aria-invalid'), 'false');
      await page.getByTestId('event-start-now').click();
      // Validation runs before anything is sent: a window with min above max is refused.
      await page.getByTestId('markup-min').fill('40');
      await page.getByTestId('picker-filter').fill(code);
      await page.getByTestId(`pick-product-${code}01`).check();
      await page.getByTestId(`pick-product-${code}02`).check();
      assert.match(await page.getByTestId('picker-summary').innerText(), /3\D+75/);
      assert.equal(await page.getByTestId(`qty-${code}02-BK-L`).inputValue(), '25');
      await page.getByTestId('event-submit').click();
      await page.locator('[data-testid=event-form] .field-error').first().waitFor();
      assert.equal(await page.getByTestId('event-created').count(), 0);
      await page.getByTestId('markup-min').fill('15');
      await page.getByTestId('event-submit').click();
      await page.getByTestId('event-created').waitFor();
      assert.equal(await page.getByTestId('created-status').getAttribute('data-status'), 'draft');
      await page.getByTestId('schedule-now').click();
      await page.locator('[data-testid=created-status][data-status=live]').waitFor();
      assert.match(await page.getByTestId('event-created').innerText(), new RegExp(L.liveTitle));

      // ---- the calendar shows it live this week; its detail shows the pools ----
      await page.getByTestId('created-calendar').click();
      const bar = page.getByTestId('cal-event').filter({ hasText: L.title });
      await bar.waitFor();
      assert.equal(await bar.getAttribute('data-status'), 'live');
      assert.match(await bar.innerText(), new RegExp(L.live));
      await shot(page, AREA, 'calendar', lang);
      await bar.click();
      await page.locator('[data-testid=event-status][data-status=live]').waitFor();
      assert.equal(await page.getByTestId('event-title-head').innerText(), L.title);
      await page.getByTestId('pool-row').first().waitFor();
      assert.equal(await page.getByTestId('pool-row').count(), 3);
      await page.getByTestId('pool-row').filter({ hasText: L.cardigan }).first().waitFor();
      await page.locator('.chart canvas').first().waitFor();
      await shot(page, AREA, 'event-detail', lang);

      // ---- orders: filter awaiting payment, open one, cancel it with a reason ----
      await page.getByRole('link', { name: L.navOrders, exact: true }).click();
      await page.getByTestId('orders-table').waitFor();
      await page.getByTestId('orders-status').selectOption('pending_payment');
      await waitForPage(page, `(() => {
        const rows = [...document.querySelectorAll('[data-testid=order-row]')];
        return rows.length > 0 && rows.every((r) => r.querySelector('[data-status=pending_payment]'));
      })()`);
      const pendingRows = await page.getByTestId('order-row').count();
      assert.ok(pendingRows > 0, 'demo data has orders awaiting payment');
      // The list shows order numbers, counts the whole filter from the server, and exports it.
      const orderNo = (await page.getByTestId('row-order-no').first().innerText()).trim();
      assert.match(orderNo, /^\d{16}$/);
      const summary = await page.evaluate(async () => (await (await fetch('/api/v1/orders/summary?status=pending_payment')).json()) as { orders: number; units: number });
      await page.getByTestId('orders-summary').filter({ hasText: String(summary.units) }).waitFor();
      assert.match(await page.getByTestId('orders-summary').innerText(), new RegExp(`${summary.orders}\\D.*${summary.units}`));
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('orders-export').click()]);
      const file = fs.readFileSync((await download.path())!, 'utf8');
      assert.ok(file.startsWith('\uFEFF'), 'a BOM for Excel');
      assert.match(download.suggestedFilename(), lang === 'en' ? /^orders-\d{8}\.csv$/ : /^订单-\d{8}\.csv$/);
      assert.equal(new Set(file.split('\r\n').slice(1).filter(Boolean).map((l) => l.split(',')[0])).size, summary.orders, 'every order of the filter is in the file');
      // Found again by the last digits of its number.
      await page.getByTestId('orders-q').fill(orderNo.slice(-8));
      await page.getByTestId('orders-q').press('Enter');
      await waitForPage(page, `(() => {
        const nos = [...document.querySelectorAll('[data-testid=row-order-no]')].map((e) => e.textContent);
        return nos.length > 0 && nos.every((n) => n.endsWith(${JSON.stringify(orderNo.slice(-8))}));
      })()`);
      await shot(page, AREA, 'orders-search', lang);
      await page.getByTestId('order-row').first().click();
      const drawer = page.getByTestId('order-drawer');
      await drawer.getByTestId('order-lines').waitFor();
      // Product names come from the event's sell-through; wait until every line has one.
      await waitForPage(page, `[...document.querySelectorAll('[data-testid=order-line-name]')].every((e) => e.dataset.loaded === 'true')`);
      await shot(page, AREA, 'orders', lang);
      await drawer.getByRole('button', { name: L.reason }).click();
      await drawer.getByTestId('cancel-submit').click();
      await drawer.locator('[data-testid=order-status][data-status=cancelled]').waitFor();
      assert.equal(await drawer.getByTestId('order-cancel-reason').innerText(), L.reason);
      assert.match(await drawer.getByTestId('order-status').innerText(), new RegExp(L.cancelled));
      // The chip sent its code, not its words: the same order read in the other language says the reason in that language.
      const orderId = new URL(page.url()).searchParams.get('order')!;
      const stored = await page.evaluate(async (id) => ((await (await fetch(`/api/v1/orders/${id}`)).json()) as { cancelReason: string }).cancelReason, orderId);
      assert.equal(stored, 'consumer_asked');
      const other = lang === 'en' ? 'zh-CN' : 'en';
      await page.goto(`${platform.baseUrl}/console/orders?order=${orderId}&lang=${other}`);
      const reread = page.getByTestId('order-drawer');
      await reread.locator('[data-testid=order-status][data-status=cancelled]').waitFor();
      assert.equal(await reread.getByTestId('order-cancel-reason').innerText(), TEXT[other].reason);
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
    }
  });
}

// ---- the operator's controls (issue 12): end an event early, pull an item, reset a password and
// disable a login, disable a reseller, wallets and payables, payments, and the record of it all ----

const CONTROLS = {
  'zh-CN': { ended: '已结束', pulled: '已下架', reasonRequired: '请填写原因', disabled: '已停用', accountDisabled: '该账号已被平台停用，请联系运营', forced: '请先设置新密码', ended_early: '提前结束档期', pulledAction: '下架商品', reset: '重置密码', paused: '该店铺已暂停营业' },
  en: { ended: 'Ended', pulled: 'Pulled', reasonRequired: 'Give a reason', disabled: 'Disabled', accountDisabled: 'This account has been disabled by the platform; contact the operator', forced: 'Choose a new password first', ended_early: 'Ended event early', pulledAction: 'Pulled item', reset: 'Reset password', paused: 'This shop is paused' },
} as const;

/** A live event of a demo brand with two items of 2 units each, made through the API for this test alone. */
async function ownLiveEvent(token: string, title: string): Promise<{ id: string; brandId: string }> {
  const brands = (await api<{ items: { id: string }[] }>(platform, 'GET', '/brands', { token })).body.items;
  for (const b of brands) {
    const products = (await api<{ items: { skus: { id: string; supplied: number; allocated: number }[] }[] }>(platform, 'GET', `/brands/${b.id}/products?limit=200`, { token })).body.items;
    const free = products.flatMap((p) => p.skus).filter((s) => s.supplied - s.allocated >= 2).slice(0, 2);
    if (free.length < 2) continue;
    const now = Date.now();
    const created = await api<{ id: string }>(platform, 'POST', '/sale-events', {
      token, body: {
        brandId: b.id, title, startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 86400_000).toISOString(),
        markup: { minBps: 1000, maxBps: 3000, suggestedBps: 2000 }, items: free.map((s) => ({ skuId: s.id, quantity: 2 })),
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await api(platform, 'POST', `/sale-events/${created.body.id}/schedule`, { token })).status, 200);
    return { id: created.body.id, brandId: b.id };
  }
  throw new Error('the demo data has no brand with unallocated supply');
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`operator controls (${lang}): end an event early, pull an item, reset a password, disable a login and a reseller, wallets, payments, the record`, { timeout: 300_000, skip: !chromiumAvailable() && 'no chromium' }, async () => {
    const C = CONTROLS[lang];
    const op = await apiLogin(platform, '13800000000');
    const ev = await ownLiveEvent(op, lang === 'en' ? 'E2E controls event' : 'E2E 管控档期');
    const phone = `1${lang === 'en' ? 36 : 35}${String(Date.now()).slice(-8)}`;
    const enrolled = await api<{ id: string }>(platform, 'POST', '/resellers', { token: op, body: { name: lang === 'en' ? 'E2E Reseller' : 'E2E 代购', phone, password: 'first-password' } });
    assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
    const ctx = await person(browser, { viewport: DESKTOP, lang });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      await login(page);

      // ---- pull one item of the event, then end the event early; a reason is required ----
      await page.goto(`${platform.baseUrl}/console/events/${ev.id}`);
      await page.locator('[data-testid=event-status][data-status=live]').waitFor();
      await page.getByTestId('pool-pull').first().click();
      const pull = page.getByTestId('pull-dialog');
      await pull.locator('.chip').first().click();
      await pull.getByTestId('control-confirm').click();
      await page.getByTestId('pool-pulled').waitFor();
      assert.match(await page.getByTestId('pool-pulled').innerText(), new RegExp(C.pulled));
      assert.equal(await page.getByTestId('pool-pull').count(), 1, 'the pulled item offers no second pull');
      await page.getByTestId('event-end-early').click();
      const end = page.getByTestId('end-early-dialog');
      await end.getByTestId('control-confirm').click();
      assert.match(await end.locator('.field-error').innerText(), new RegExp(C.reasonRequired));
      await end.getByTestId('control-reason').fill(lang === 'en' ? 'The brand asked to stop' : '品牌方要求下线');
      await shot(page, AREA, 'event-end-early-dialog', lang);
      await end.getByTestId('control-confirm').click();
      await page.locator('[data-testid=event-status][data-status=ended]').waitFor();
      assert.match(await page.getByTestId('event-status').innerText(), new RegExp(C.ended));
      await page.getByTestId('event-actions').getByTestId('operator-action').first().waitFor();
      // The event's record holds its own act and the pull of its item.
      await page.locator('[data-testid=event-actions] [data-testid=operator-action][data-action=sale_event_sku_pulled]').waitFor();
      assert.equal(await page.locator('[data-testid=event-actions] [data-testid=operator-action][data-action=sale_event_ended_early]').count(), 1);
      // The pull's chip and the typed words that match the end's chip were sent as codes, and are said in the page's language.
      const reasonOf = (action: string) => page.locator(`[data-testid=event-actions] [data-testid=operator-action][data-action=${action}] [data-testid=action-reason]`);
      assert.equal(await reasonOf('sale_event_sku_pulled').getAttribute('data-reason'), 'failed_quality_check');
      assert.equal(await reasonOf('sale_event_sku_pulled').innerText(), lang === 'en' ? 'Failed quality check' : '质检不合格');
      assert.equal(await reasonOf('sale_event_ended_early').getAttribute('data-reason'), 'brand_requested_end');
      assert.equal(await reasonOf('sale_event_ended_early').innerText(), lang === 'en' ? 'The brand asked to stop' : '品牌方要求下线');
      await shot(page, AREA, 'event-ended-early', lang);

      // ---- reset the new reseller's password: shown once; logging in with it asks for a new one ----
      await page.goto(`${platform.baseUrl}/console/users?q=${phone}`);
      const row = page.locator(`[data-testid=user-row][data-phone="${phone}"]`);
      await row.waitFor();
      await row.getByTestId('user-reset').click();
      const reset = page.getByTestId('user-reset-dialog');
      await reset.getByTestId('control-reason').fill(lang === 'en' ? 'Forgot the password, identity checked by phone' : '忘记密码，电话核实身份');
      await reset.getByTestId('control-confirm').click();
      const temp = (await page.getByTestId('temp-password').innerText()).trim();
      assert.match(temp, /^[A-Za-z2-9]{12}$/);
      await shot(page, AREA, 'user-temp-password', lang);
      await page.getByTestId('temp-password-done').click();

      const resellerCtx = await person(browser, { viewport: DESKTOP, lang });
      try {
        const rp = await resellerCtx.newPage();
        await rp.goto(`${platform.baseUrl}/reseller`);
        await rp.locator('input[name=phone]').fill(phone);
        await rp.locator('input[name=password]').fill(temp);
        await rp.locator('form button[type=submit]').click();
        await rp.getByTestId('forced-password-change').waitFor();
        assert.match(await rp.getByTestId('forced-password-change').innerText(), new RegExp(C.forced));
        await shot(rp, AREA, 'forced-password-change', lang);
        await rp.getByTestId('pw-current').fill(temp);
        await rp.getByTestId('pw-new').fill('my-own-password');
        await rp.getByTestId('pw-again').fill('my-own-password');
        await rp.getByTestId('pw-submit').click();
        await rp.getByTestId('forced-password-change').waitFor({ state: 'detached' });
      } finally {
        await resellerCtx.close();
      }

      // ---- disable that login: logging in is refused with a clear message ----
      await page.reload();
      await row.getByTestId('user-disable').click();
      const disable = page.getByTestId('user-toggle-dialog');
      await disable.locator('.chip').first().click();
      await disable.getByTestId('control-confirm').click();
      await row.locator('[data-testid=user-state]', { hasText: C.disabled }).waitFor();
      await shot(page, AREA, 'users', lang);
      const refused = await api<{ code: string; title: string }>(platform, 'POST', '/auth/login', { lang, body: { phone, password: 'my-own-password' } });
      assert.deepEqual([refused.status, refused.body.code, refused.body.title], [403, 'account_disabled', C.accountDisabled]);

      // ---- the reseller's page: wallet from the ledger; disabling them closes their shop ----
      await page.goto(`${platform.baseUrl}/console/resellers/${enrolled.body.id}`);
      await page.getByTestId('wallet-balance').waitFor();
      assert.match(await page.getByTestId('wallet-balance').innerText(), /¥0\.00/);
      await page.getByTestId('reseller-toggle').click();
      const off = page.getByTestId('reseller-toggle-dialog');
      await off.locator('.chip').first().click();
      await off.getByTestId('control-confirm').click();
      await page.locator('[data-testid=reseller-status][data-status=suspended]').waitFor();
      await page.getByTestId('reseller-actions').getByTestId('operator-action').first().waitFor();
      await shot(page, AREA, 'reseller-disabled', lang);
      const code = (await api<{ shareCode: string }>(platform, 'GET', `/resellers/${enrolled.body.id}`, { token: op })).body.shareCode;
      const shop = await api<{ code: string; title: string }>(platform, 'GET', `/storefront/${code}`, { lang });
      assert.equal(shop.body.code, 'reseller_disabled');
      assert.match(shop.body.title, new RegExp(C.paused));

      // A demo reseller with history: their wallet lines, newest first.
      const demo = (await api<{ items: { id: string; phone: string }[] }>(platform, 'GET', '/resellers?search=13700000001', { token: op })).body.items[0];
      await page.goto(`${platform.baseUrl}/console/resellers/${demo.id}`);
      await page.getByTestId('wallet-lines').getByTestId('ledger-line').first().waitFor();
      // Each line and balance says what it is in words, not the ledger's code (order_paid, payouts_in_flight, …).
      const kinds = await page.locator('[data-testid=ledger-kind], [data-testid=ledger-account], [data-testid=balance-account]')
        .evaluateAll((els) => els.map((e) => [e.getAttribute('data-kind') ?? e.getAttribute('data-account'), e.textContent?.trim()]));
      assert.ok(kinds.length > 0, 'the demo wallet has lines');
      for (const [kind, text] of kinds) assert.ok(text && text !== kind && !/^[a-z_]+$/.test(text), `${kind} is said in words, not '${text}'`);
      await shot(page, AREA, 'reseller-wallet', lang);
      // A member who has not paid the fee, opened from the list scrolled to its foot: the page opens
      // at its top, says the fee is unpaid, and has neither toggle (their membership decides).
      await page.goto(`${platform.baseUrl}/console/resellers`);
      const last = page.getByTestId('reseller-open').last();
      await last.scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      const scrolled = await page.evaluate(() => window.scrollY);
      const unpaid = (await api<{ items: { id: string }[] }>(platform, 'GET', '/resellers?search=13700000012', { token: op })).body.items[0];
      await page.locator(`[data-testid=reseller-open][href$="${unpaid.id}"]`).click();
      await page.getByTestId('reseller-pending-note').waitFor();
      assert.ok(scrolled > 0, `the list scrolls (${scrolled})`);
      assert.equal(await page.evaluate(() => window.scrollY), 0, 'the reseller opens at the top of the page');
      assert.equal(await page.locator('[data-testid=reseller-status][data-status=pending]').innerText(), lang === 'en' ? 'Fee unpaid' : '待缴年费');
      assert.equal(await page.getByTestId('reseller-toggle').count(), 0, 'no enable button for an unpaid member');
      assert.equal(await page.getByTestId('reseller-disabled-note').count(), 0);

      // ---- a brand's payable and the lines behind it ----
      await page.goto(`${platform.baseUrl}/console/brands/${ev.brandId}`);
      await page.getByTestId('brand-payable').waitFor();
      await page.getByTestId('brand-payable-lines').locator('[data-testid=ledger-line], .state-empty').first().waitFor();
      await shot(page, AREA, 'brand-payable', lang);

      // ---- payments: found by order number ----
      const any = (await api<{ items: { id: string; orderNo: string | null }[] }>(platform, 'GET', '/payments?purpose=order&limit=1', { token: op })).body.items[0];
      await page.goto(`${platform.baseUrl}/console/payments`);
      await page.getByTestId('payments-table').waitFor();
      await page.getByTestId('payments-q').fill(any.orderNo!);
      await page.getByTestId('payments-search').click();
      await waitForPage(page, `(() => {
        const rows = [...document.querySelectorAll('[data-testid=payment-row]')];
        return rows.length === 1 && rows[0].dataset.id === ${JSON.stringify(any.id)};
      })()`);
      await shot(page, AREA, 'payments-search', lang);

      // ---- the record: who did what, to what, why and when ----
      await page.goto(`${platform.baseUrl}/console/operator-actions`);
      await page.getByTestId('operator-actions').waitFor();
      const record = await page.getByTestId('operator-actions').innerText();
      for (const what of [C.ended_early, C.pulledAction, C.reset]) assert.match(record, new RegExp(what));
      await shot(page, AREA, 'operator-actions', lang);
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
    }
  });
}

const FLASH_LIST = {
  'zh-CN': { nav: '限时抢购', onSale: '抢购中' },
  en: { nav: 'Flash sales', onSale: 'On sale' },
} as const;

for (const lang of ['zh-CN', 'en'] as const) {
  test(`flash sales of every event (${lang}): the nav entry, the figures, the status filter, each row opening its event's flash items`, { timeout: 180_000, skip: !chromiumAvailable() && 'no chromium' }, async () => {
    const F = FLASH_LIST[lang];
    const op = await apiLogin(platform, '13800000000');
    const all = (await api<{ items: { id: string; saleEventId: string; eventTitle: string; price: number; claimed: number; sold: number; left: number; phase: string }[]; phases: Record<string, number> }>(platform, 'GET', '/flash-items?limit=200', { token: op })).body;
    assert.ok(all.items.length > 0, 'the demo data has flash items');
    const ctx = await person(browser, { viewport: DESKTOP, lang });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      await login(page);
      await page.getByRole('link', { name: F.nav, exact: true }).click();
      await page.waitForURL(/\/console\/flash-sales$/);
      await page.getByTestId('flash-list-table').waitFor();
      // Every item of the list, newest start first, with the server's figures.
      await waitForPage(page, `document.querySelectorAll('[data-testid=flash-list-row]').length === ${Math.min(all.items.length, 50)}`);
      const first = all.items[0];
      const row = page.locator(`[data-testid=flash-list-row][data-id="${first.id}"]`);
      assert.equal((await row.getByTestId('flash-list-figures').innerText()).trim(), `${first.claimed} / ${first.sold} / ${first.left}`);
      assert.match(await row.getByTestId('flash-list-price').innerText(), new RegExp(`¥${(first.price / 100).toFixed(2).replace('.', '\\.')}`));
      await shot(page, AREA, 'flash-sales', lang);

      // The status chips filter on the server and say how many each holds.
      const onSale = page.getByTestId('flash-phase-on_sale');
      assert.equal((await onSale.innerText()).trim(), lang === 'en' ? `${F.onSale} (${all.phases.on_sale})` : `${F.onSale}（${all.phases.on_sale}）`);
      await onSale.click();
      await page.waitForURL(/phase=on_sale/);
      if (all.phases.on_sale > 0) {
        await waitForPage(page, `(() => {
          const rows = [...document.querySelectorAll('[data-testid=flash-list-row]')];
          return rows.length === ${Math.min(all.phases.on_sale, 50)} && rows.every((r) => r.dataset.phase === 'on_sale');
        })()`);
      } else {
        await page.locator('[data-testid=flash-list] .state-empty').waitFor();
      }
      await shot(page, AREA, 'flash-sales-on-sale', lang);

      // A row opens its event's page at the flash items.
      await page.getByTestId('flash-phase-all').click();
      await row.getByTestId('flash-list-event-link').click();
      await page.waitForURL(new RegExp(`/console/events/${first.saleEventId}`));
      await page.getByTestId('flash-section').waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
    }
  });
}

// ---- the battle report (销售战报) of any brand's event ----
const REPORT = {
  'zh-CN': { brand: 'E2E 运营战报女装', event: 'E2E 运营战报专场', coat: 'E2E 运营战报大衣', scarf: 'E2E 运营战报围巾', buyers: ['冯丽', '蒋欣'] },
  en: { brand: 'E2E Console Report Wear', event: 'E2E console report event', coat: 'E2E console report coat', scarf: 'E2E console report scarf', buyers: ['Li Feng', 'Xin Jiang'] },
} as const;

for (const [n, lang] of (['zh-CN', 'en'] as const).entries()) {
  test(`battle report of an event (${lang}): figures, top and sold-out SKUs with CSV, the curve and the image`, { timeout: 180_000, skip: !chromiumAvailable() && 'no chromium' }, async () => {
    const L = REPORT[lang];
    const sys = systemContext(platform.databaseUrl, 2);
    const ctx = await person(browser, { viewport: DESKTOP, lang });
    try {
      // A brand's event where two orders sell every coat and some scarves.
      const e = await twoSkuEvent(sys, { tag: 'CR', barcodeHead: '65', phoneHead: '1397', n, street: 500 + n, brand: L.brand, event: L.event, coat: L.coat, scarf: L.scarf });
      await e.place(L.buyers[0], `1352000${n}201`, [{ eventSkuId: e.esku(e.coatSku), quantity: 7 }, { eventSkuId: e.esku(e.scarfSku), quantity: 2 }], 'a');
      await e.place(L.buyers[1], `1352000${n}202`, [{ eventSkuId: e.esku(e.coatSku), quantity: 3 }], 'b');

      const page = await ctx.newPage();
      const errors = pageErrors(page);
      await formLogin(page, platform, 'console', '13800000000');
      await page.goto(`${platform.baseUrl}/console/events/${e.eventId}`);
      await page.getByTestId('event-title-head').waitFor();
      const r = await checkBattleReportPage(page, { platform, token: await apiLogin(platform, '13800000000'), eventId: e.eventId, area: AREA, lang, soldOut: [{ productName: L.coat, colour: '驼色', size: 'M' }] });
      assert.deepEqual({ sold: r.totals.sold, orders: r.totals.orders, buyers: r.totals.buyers, top: r.topSkus.map((s) => [s.productName, s.sold]) },
        { sold: 12, orders: 2, buyers: 2, top: [[L.coat, 10], [L.scarf, 2]] });
      await page.getByTestId('battle-report-back').click();
      await page.getByTestId('event-title-head').waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
      await sys.close();
    }
  });
}
