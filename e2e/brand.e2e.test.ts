// Browser test of the brand portal (/brand, desktop): a brand logs in through the form, reads its
// overview, products and lots, imports a lot (rejected rows, then a good file), watches a live
// event's sell-through move after a reseller's order, and checks orders to fulfil and its statement
// against the API — in Chinese and in English, with a screenshot of every screen. Then the 销售战报
// page of a brand's own event with a SKU sold out (and another brand's event refused).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startPlatform, launchBrowser, person, shot, chromiumAvailable, eventually, formLogin, apiLogin, pageErrors, failureShot, DESKTOP, type Running } from './support/browser.ts';
import { twoSkuEvent } from './support/fulfilment.ts';
import { checkBattleReportPage } from './support/battle-report.ts';
import { systemContext } from '../src/main.ts';
import { yuan, percent } from '../web/src/lib/money.ts';

const BRAND_PHONE = '13900000001';
const RESELLER_PHONE = '13700000001';
const PASSWORD = 'demo1234';
const AREA = 'brand';

const NAV = {
  'zh-CN': { products: '商品与货盘', import: '导入货盘', events: '我的档期', orders: '待发货订单', statement: '对账单', login: '登录' },
  en: { products: 'Products & lots', import: 'Import a lot', events: 'My events', orders: 'Orders to fulfil', statement: 'Statement', login: 'Log in' },
} as const;

let platform: Running;
let browser: Browser;
let tmp: string;

// API bodies are loose JSON here; the assertions below check the fields that matter.
interface Api { status: number; body: any }

async function call(method: string, p: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Api> {
  const res = await fetch(`${platform.baseUrl}/api/v1${p}`, {
    method,
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function login(phone: string): Promise<{ token: string; brandId: string | null }> {
  const r = await call('POST', '/auth/login', { body: { phone, password: PASSWORD } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return { token: r.body.token, brandId: r.body.user.brandId };
}

async function text(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

const num = (s: string) => Number(s.replace(/[^\d.-]/g, ''));

before(async () => {
  if (!chromiumAvailable()) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'brand-e2e-'));
  platform = await startPlatform();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await platform?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

for (const lang of ['zh-CN', 'en'] as const) {
  test(`brand portal, ${lang}: overview, products, import, live sell-through, orders, statement`, { skip: !chromiumAvailable() && 'no Chromium' }, async () => {
    const L = NAV[lang];
    const brand = await login(BRAND_PHONE);
    const brandId = brand.brandId!;
    const ctx = await person(browser, { viewport: DESKTOP, lang });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      // ---- log in through the form ----
      await page.goto(`${platform.baseUrl}/brand`);
      await page.locator('input[name=phone]').fill(BRAND_PHONE);
      await page.locator('input[name=password]').fill(PASSWORD);
      await page.getByRole('button', { name: L.login }).click();

      // ---- overview: brand, contract, headline figures ----
      const profile = (await call('GET', `/brands/${brandId}`, { token: brand.token })).body;
      await page.getByTestId('brand-name').waitFor();
      assert.ok((await text(page, 'brand-name')).includes(profile.name));
      assert.equal(await text(page, 'contract-commission'), percent(profile.contract.commissionBps));
      await page.getByTestId('kpi-payable').filter({ hasText: '¥' }).waitFor();
      const events0 = (await call('GET', '/sale-events', { token: brand.token })).body.items as { id: string; status: string; skus: { sold: number; initial: number; available: number; eventSkuId: string }[] }[];
      const statement0 = (await call('GET', `/brands/${brandId}/statement`, { token: brand.token })).body;
      assert.equal(await text(page, 'kpi-payable'), yuan(statement0.payable));
      const soldAll = events0.reduce((a, e) => a + e.skus.reduce((b, s) => b + s.sold, 0), 0);
      assert.equal(num(await text(page, 'kpi-units-sold')), soldAll);
      const live = events0.filter((e) => e.status === 'live');
      const upcoming = events0.filter((e) => e.status === 'scheduled');
      assert.ok(live.length > 0, 'the demo brand has a live event');
      assert.equal((await text(page, 'kpi-events')).replace(/\s/g, ''), `${live.length}/${upcoming.length}`);
      await shot(page, AREA, 'overview', lang);

      // ---- products and lots ----
      await page.getByRole('link', { name: L.products }).click();
      await page.getByTestId('product').first().waitFor();
      const lots = (await call('GET', `/brands/${brandId}/lots`, { token: brand.token })).body.items;
      // The lots load beside the products (their own query): wait for them, do not count what is there yet.
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=lot-row]').length === n, lots.length);
      assert.ok(await page.getByTestId('sku-cell').count() > 0, 'colour × size grid is drawn');
      // Products come a page at a time (cursor paging): the next page adds to the list.
      const firstPage = await page.getByTestId('product').count();
      if (await page.getByTestId('load-more').isVisible()) {
        await page.getByTestId('load-more').click();
        await page.waitForFunction((n) => document.querySelectorAll('[data-testid=product]').length > n, firstPage);
      }
      const allProducts = await call('GET', `/brands/${brandId}/products?limit=200`, { token: brand.token });
      assert.equal(await page.getByTestId('product').count(), Math.min(allProducts.body.items.length, firstPage * 2));
      await shot(page, AREA, 'products', lang);

      // ---- import: a bad file is rejected row by row, a good one imports ----
      await page.getByRole('link', { name: L.import, exact: true }).first().click();
      await page.getByTestId('upload').click();
      await page.getByTestId('file-error').waitFor();
      const tag = lang === 'en' ? 'E' : 'Z';
      const bad = path.join(tmp, `bad-${tag}.csv`);
      fs.writeFileSync(bad, [
        '款号,商品名称,品类,颜色,尺码,SKU编码,条码,吊牌价,平台价,数量,图片,描述',
        `T${tag}1,测试衬衫,女装,白色,M,T${tag}1-WH-M,,99.00,129.00,10,,`,
        `T${tag}1,测试衬衫,女装,白色,L,T${tag}1-WH-M,,abc,59.00,0,,`,
      ].join('\n'));
      await page.getByTestId('lot-file').setInputFiles(bad);
      await page.getByTestId('upload').click();
      await page.getByTestId('import-errors').waitFor();
      const errorRows = page.getByTestId('import-error-row');
      assert.ok(await errorRows.count() >= 4, 'tag < base, bad price, bad quantity, repeated SKU');
      assert.deepEqual(new Set(await errorRows.locator('td:first-child').allTextContents()), new Set(['2', '3']));
      assert.equal(await page.getByTestId('upload-progress').getAttribute('aria-valuenow'), '100');
      await shot(page, AREA, 'import-rejected', lang);

      const good = path.join(tmp, `good-${tag}.csv`);
      fs.writeFileSync(good, [
        '款号,商品名称,品类,颜色,尺码,SKU编码,条码,吊牌价,平台价,数量,图片,描述',
        `T${tag}2,测试针织开衫,女装,燕麦,M,T${tag}2-OT-M,,599.00,149.00,12,,`,
        `T${tag}2,测试针织开衫,女装,燕麦,L,T${tag}2-OT-L,,599.00,149.00,8,,`,
      ].join('\n'));
      await page.getByTestId('lot-file').setInputFiles(good);
      await page.getByTestId('upload').click();
      await page.getByTestId('import-result').waitFor();
      assert.equal(await text(page, 'result-rows'), '2');
      assert.equal(await text(page, 'result-units'), '20');
      assert.equal((await call('GET', `/brands/${brandId}/lots`, { token: brand.token })).body.items.length, lots.length + 1);
      await shot(page, AREA, 'import-done', lang);

      // ---- my events, then the live event ----
      await page.getByRole('link', { name: L.events }).click();
      await page.getByTestId('event-row').first().waitFor();
      assert.equal(await page.getByTestId('event-row').count(), events0.length);
      await shot(page, AREA, 'events', lang);
      const ev = live[0];
      await page.getByTestId('filter-live').click();
      await page.locator(`a[href="/brand/events/${ev.id}"]`).click();
      await page.getByTestId('st-sold').waitFor();
      const before = (await call('GET', `/analytics/sale-events/${ev.id}/sell-through`, { token: brand.token })).body;
      assert.equal(num(await text(page, 'st-sold')), before.totals.sold);

      // A reseller sells two units of this event while the brand is watching.
      const sku = before.skus.find((s: { available: number }) => s.available >= 2);
      assert.ok(sku, 'a SKU with stock');
      const reseller = await login(RESELLER_PHONE);
      const order = await call('POST', '/reseller/orders', {
        token: reseller.token, headers: { 'idempotency-key': `brand-e2e-${lang}-${Date.now()}` },
        body: { consumer: { name: '周女士', phone: '13812345678', address: { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' } }, lines: [{ eventSkuId: sku.eventSkuId, quantity: 2 }], payWith: 'wallet' },
      });
      assert.equal(order.status, 201, JSON.stringify(order.body));
      assert.equal(order.body.status, 'paid');

      await page.reload();
      await page.getByTestId('st-sold').waitFor();
      // Every figure on the page is the API's, read right after (a stray hold may expire in
      // between, or the page may still be fetching: refresh and compare again, within a bound).
      const api = await eventually(async () => {
        const now = (await call('GET', `/analytics/sale-events/${ev.id}/sell-through`, { token: brand.token })).body;
        const shown = { initial: num(await text(page, 'st-initial')), sold: num(await text(page, 'st-sold')), held: num(await text(page, 'st-held')), available: num(await text(page, 'st-available')), rate: await text(page, 'st-rate') };
        const want = { initial: now.totals.initial, sold: now.totals.sold, held: now.totals.held, available: now.totals.available, rate: percent(now.totals.sellThroughBps) };
        assert.deepEqual(shown, want);
        return now;
      }, { between: () => page.getByTestId('refresh').click() });
      assert.equal(api.totals.sold, before.totals.sold + 2, 'the order shows as two more units sold');
      const cell = page.locator(`[data-testid=sku-cell][data-event-sku="${sku.eventSkuId}"] [data-testid=sku-sold]`);
      assert.equal(num((await cell.textContent()) ?? ''), sku.sold + 2);
      await page.locator('[data-testid=chart-by-size] canvas').first().waitFor();
      await page.locator('[data-testid=chart-hourly] canvas').first().waitFor();
      assert.equal(await page.getByRole('img', { name: lang === 'en' ? 'Bar chart of sell-through by size' : '各尺码售罄率柱状图' }).count(), 1);
      await shot(page, AREA, 'event', lang);

      // ---- orders to fulfil: the new order and the picking list ----
      await page.getByRole('link', { name: L.orders }).click();
      await page.getByTestId('picking').waitFor();
      await page.locator(`[data-testid=order-row][data-order="${order.body.id}"]`).waitFor();
      const paid = (await call('GET', '/orders?status=paid&limit=200', { token: brand.token })).body.items as { lines: { quantity: number; brandId: string }[]; consumer: unknown }[];
      assert.ok(paid.every((o) => o.consumer === null), 'a brand never receives consumer data');
      const shownOrders = await page.getByTestId('order-row').count();
      assert.equal(shownOrders, Math.min(30, paid.length));
      // The order number, as the reseller and the consumer see it.
      assert.equal(await page.locator(`[data-testid=order-row][data-order="${order.body.id}"] [data-testid=order-no]`).innerText(), order.body.orderNo);
      // The picking list is the server's, over every paid order, not just the rows loaded.
      const summary = (await call('GET', '/orders/summary?status=paid', { token: brand.token })).body as { orders: number; units: number };
      await eventually(async () => {
        assert.equal(num(await text(page, 'pick-total-units')), summary.units);
        const pickUnits = (await page.getByTestId('pick-units').allTextContents()).reduce((a, s) => a + num(s), 0);
        assert.equal(pickUnits, summary.units);
      });
      assert.ok(!(await page.content()).includes('13812345678'), 'the consumer phone is nowhere on the page');
      // The search's button sits beside its field, not wrapped under it.
      const mid = async (id: string) => { const b = (await page.getByTestId(id).boundingBox())!; return b.y + b.height / 2; };
      assert.ok(Math.abs((await mid('orders-q')) - (await mid('orders-q-go'))) < 6, 'the search button is on the field\'s line');
      await shot(page, AREA, 'orders', lang);

      // The pick list file comes from the server: every order of the filter, its number printed.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-picking').click()]);
      const file = fs.readFileSync((await download.path())!, 'utf8');
      assert.ok(file.startsWith('\uFEFF'), 'a BOM for Excel');
      assert.match(download.suggestedFilename(), lang === 'en' ? /^pick-list-\d{8}\.csv$/ : /^拣货单-\d{8}\.csv$/);
      assert.ok(file.includes(order.body.orderNo), 'the new order’s number is on the pick list');
      const total = file.split('\r\n').find((l) => l.startsWith(lang === 'en' ? 'Total,' : '合计,'))!;
      assert.equal(Number(total.split(',')[4]), summary.units, 'the file’s total is every paid unit');

      // Found by the last digits of its number.
      await page.getByTestId('orders-q').fill(order.body.orderNo.slice(-6));
      await page.getByTestId('orders-q').press('Enter');
      await page.locator(`[data-testid=order-row][data-order="${order.body.id}"]`).waitFor();
      await eventually(async () => assert.ok((await page.getByTestId('order-row').count()) <= shownOrders));
      await shot(page, AREA, 'orders-search', lang);

      // ---- statement: the amount owed is the ledger's ----
      await page.getByRole('link', { name: L.statement }).click();
      await page.getByTestId('statement-payable').waitFor();
      const statement = (await call('GET', `/brands/${brandId}/statement`, { token: brand.token })).body;
      assert.equal(await text(page, 'statement-payable'), yuan(statement.payable));
      assert.ok(statement.payable > statement0.payable, 'the new order adds to what the brand is owed');
      await page.getByTestId('statement-line').first().waitFor();
      if (paid.length <= 30) {
        assert.equal(await text(page, 'statement-owed-total'), yuan(statement.payable));
        await page.getByTestId('reconciled').waitFor();
      }
      await shot(page, AREA, 'statement', lang);

      // ---- coupons it funds: the figures are the API's ----
      const coupons = (await call('GET', '/coupons', { token: brand.token })).body.items as { code: string; usage: { discount: number; paidOrders: number } }[];
      await page.goto(`${platform.baseUrl}/brand/coupons`);
      if (coupons.length === 0) await page.getByTestId('no-coupons').waitFor();
      else {
        await page.getByTestId('coupon-table').waitFor();
        assert.equal(await page.getByTestId('coupon-row').count(), coupons.length);
        assert.equal(await text(page, 'kpi-coupon-discount'), yuan(coupons.reduce((s, c) => s + c.usage.discount, 0)));
        assert.ok(coupons.some((c) => c.code === 'BRAND-12' && c.usage.paidOrders > 0), 'the demo brand’s coupon was used on a paid order');
        await page.locator('[data-testid=brand-coupons] canvas').first().waitFor();
      }
      await shot(page, AREA, 'coupons', lang);

      assert.deepEqual(errors, [], 'no uncaught errors in the page');
    } finally {
      await ctx.close();
    }
  });
}

const REPORT = {
  'zh-CN': { brand: 'E2E 战报女装', event: 'E2E 战报专场', coat: 'E2E 战报大衣', scarf: 'E2E 战报围巾', buyers: ['周敏', '吴倩', '郑洁'] },
  en: { brand: 'E2E Report Wear', event: 'E2E report event', coat: 'E2E report coat', scarf: 'E2E report scarf', buyers: ['Min Zhou', 'Qian Wu', 'Jie Zheng'] },
} as const;

for (const [n, lang] of (['zh-CN', 'en'] as const).entries()) {
  test(`brand portal, ${lang}: the battle report of its own event (figures, top and sold-out SKUs, CSV, the image); another brand's is refused`, { skip: !chromiumAvailable() && 'no Chromium', timeout: 180_000 }, async () => {
    const L = REPORT[lang];
    const sys = systemContext(platform.databaseUrl, 2);
    const ctx = await person(browser, { viewport: DESKTOP, lang });
    let page: Page | undefined;
    try {
      // Its own brand and event: three paid orders sell every scarf and three coats.
      const e = await twoSkuEvent(sys, { tag: 'BR', barcodeHead: '66', phoneHead: '1396', n, street: 300 + n, brand: L.brand, event: L.event, coat: L.coat, scarf: L.scarf });
      await e.place(L.buyers[0], `1351000${n}101`, [{ eventSkuId: e.esku(e.scarfSku), quantity: 6 }], 'a');
      await e.place(L.buyers[1], `1351000${n}102`, [{ eventSkuId: e.esku(e.scarfSku), quantity: 4 }, { eventSkuId: e.esku(e.coatSku), quantity: 1 }], 'b');
      await e.place(L.buyers[2], `1351000${n}103`, [{ eventSkuId: e.esku(e.coatSku), quantity: 2 }], 'c');

      page = await ctx.newPage();
      const errors = pageErrors(page);
      await formLogin(page, platform, 'brand', e.brandPhone, 'brand-name');
      await page.goto(`${platform.baseUrl}/brand/events/${e.eventId}`);
      await page.getByTestId('st-sold').waitFor();
      const token = await apiLogin(platform, e.brandPhone);
      const r = await checkBattleReportPage(page, { platform, token, eventId: e.eventId, area: AREA, lang, soldOut: [{ productName: L.scarf, colour: '燕麦色', size: '均码' }] });
      assert.deepEqual({ sold: r.totals.sold, orders: r.totals.orders, buyers: r.totals.buyers, resellers: r.totals.resellers, top: r.topSkus.map((s) => [s.productName, s.sold]) },
        { sold: 13, orders: 3, buyers: 3, resellers: 1, top: [[L.scarf, 10], [L.coat, 3]] });
      assert.equal(r.opening.units, 13, 'every unit was sold in the opening minutes');

      // Back to the event page from the report.
      await page.getByTestId('battle-report-back').click();
      await page.waitForURL(new RegExp(`/brand/events/${e.eventId}$`));

      // Another brand's event (the demo brand's live one): the API answers 404 and the page says so.
      const demo = await apiLogin(platform, BRAND_PHONE);
      const other = ((await call('GET', '/sale-events', { token: demo })).body.items as { id: string; status: string }[]).find((x) => x.status === 'live')!;
      assert.equal((await call('GET', `/sale-events/${other.id}/battle-report`, { token })).status, 404);
      await page.goto(`${platform.baseUrl}/brand/events/${other.id}/report`);
      await page.getByRole('alert').waitFor();
      assert.equal(await page.getByTestId('battle-report').count(), 0);
      await shot(page, AREA, 'battle-report-other-brand', lang);
      assert.deepEqual(errors, [], 'no uncaught errors in the page');
    } catch (err) {
      throw page ? await failureShot(page, { area: AREA, name: 'battle-report-failed', lang }, err) : err;
    } finally {
      await ctx.close();
      await sys.close();
    }
  });
}
