// Unpaid holds (恶意占库存) in real Chromium against `sellthrough start` with the demo data, in
// zh-CN and en: a buyer who holds five units of an item unpaid is refused a sixth (problem+json);
// the reseller (375 × 812) finds the customer's holds from the orders tab and releases one order
// with a reason; the operator (1366 × 768) sees the biggest holders by phone and by network
// address, releases the buyer's remaining holds with a reason, and finds the release in the log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, person, PHONE, shot, startPlatform, chromiumAvailable, type Running, api, shopItem, pageErrors, formLogin } from './support/browser.ts';

const AREA = 'holds';
const CONSOLE = { width: 1366, height: 768 };
let platform: Running;
let browser: Browser;
let shareCode = '';
let eventSkuId = '';

const TEXT = {
  'zh-CN': {
    refused: '未付款订单过多', ordersTab: '订单', banner: /笔待付款订单占着 \d+ 件库存/, reason: '顾客说不要了', released: /已释放 2 件库存/,
    nav: '占库存', byAddress: '按网络地址', opReason: '恶意占库存', opReleased: '已释放 1 笔订单、3 件库存', operator: '运营', orderNo: '订单号',
  },
  en: {
    refused: 'Too many unpaid orders', ordersTab: 'Orders', banner: /unpaid orders? holds? \d+ items/, reason: 'Customer changed their mind', released: /Released 2 items/,
    nav: 'Holds', byAddress: 'By network address', opReason: 'Hoarding stock', opReleased: 'Released 1 order, 3 units', operator: 'Operator', orderNo: 'Order no.',
  },
} as const;

before(async () => {
  if (!chromiumAvailable()) return;
  platform = await startPlatform();
  browser = await launchBrowser();
  ({ shareCode, eventSkuId } = await shopItem(platform, 12));
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

/** Every button and link in `scope` is at least 44 × 44 px: a thumb's target. */
async function thumbSized(page: Page, selector: string, what: string) {
  const boxes = await page.locator(selector).evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { w: r.width, h: r.height, text: (e.textContent ?? '').trim().slice(0, 20) }; }));
  assert.ok(boxes.length > 0, `no ${what}`);
  for (const b of boxes) assert.ok(b.w >= 44 && b.h >= 44, `${what} "${b.text}" is ${b.w}×${b.h}, smaller than 44×44`);
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a hoarder is refused; the reseller and the operator release the holds (${lang})`, { timeout: 240_000, skip: !chromiumAvailable() && 'no chromium' }, async () => {
    const L = TEXT[lang];
    const phoneNo = lang === 'en' ? '13512344402' : '13512344401';
    const buyer = { name: lang === 'en' ? 'Hoarder Zhao' : '赵囤囤', phone: phoneNo, address: { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' } };
    const order = (quantity: number, n: number) => api<{ order?: { id: string; orderNo: string }; code?: string; title?: string; limit?: string; held?: number; cap?: number }>(platform, 'POST', `/storefront/${shareCode}/orders`, {
      key: `e2e-hoard-${lang}-${n}-${Date.now()}`, lang, body: { consumer: buyer, lines: [{ eventSkuId, quantity }] },
    });
    // ---- the buyer holds 5 units unpaid; a sixth is refused, and nothing more is held ----
    const first = await order(3, 1);
    const second = await order(2, 2);
    assert.deepEqual([first.status, second.status], [201, 201], JSON.stringify([first.body, second.body]));
    const third = await order(1, 3);
    assert.equal(third.status, 409);
    assert.equal(third.body.code, 'too_many_unpaid_orders');
    assert.ok(third.body.title?.startsWith(L.refused), third.body.title);
    assert.deepEqual([third.body.limit, third.body.held, third.body.cap], ['units_per_phone_sku', 5, 5]);

    const phone = await person(browser, { viewport: PHONE, lang, mobile: true });
    const desk = await person(browser, { viewport: CONSOLE, lang });
    const rPage = await phone.newPage();
    const oPage = await desk.newPage();
    const errors = [...pageErrors(rPage), ...pageErrors(oPage)];
    try {
      // ---- the reseller: a banner on the orders tab leads to the customers' holds ----
      await formLogin(rPage, platform, 'reseller', '13700000001');
      await rPage.locator('nav.tabbar').getByRole('link', { name: L.ordersTab, exact: true }).click();
      const banner = rPage.getByTestId('holds-banner');
      await banner.waitFor();
      assert.match(await banner.innerText(), L.banner);
      await banner.click();
      await rPage.waitForURL(/\/reseller\/holds$/);
      const customer = rPage.locator(`[data-testid=hold-customer][data-phone="${phoneNo}"]`);
      await customer.waitFor();
      assert.equal(await customer.getByTestId('held-order').count(), 2);
      // Each held order shows its order number (订单号), not its id.
      for (const o of [first.body.order!, second.body.order!]) {
        assert.match(await customer.locator(`[data-testid=held-order][data-order="${o.id}"]`).getByTestId('held-order-no').innerText(), new RegExp(`${L.orderNo}\\s*${o.orderNo}$`));
      }
      assert.match(await customer.innerText(), lang === 'en' ? /2 orders · 5 items/ : /2 笔 · 5 件/);
      // The time left is said as minutes and seconds, not as a clock time ('09:57 后' read as 9:57 in the morning).
      assert.match(await customer.getByTestId('hold-left').first().innerText(), lang === 'en' ? /^released in \d+ min \d+ s$/ : /^\d+ 分 \d+ 秒后自动释放$/);
      await thumbSized(rPage, '[data-testid=holds] button, [data-testid=holds] a', 'tap target on the holds screen');
      await customer.scrollIntoViewIfNeeded();
      await shot(rPage, AREA, 'reseller-holds', lang);

      // Release the 2-unit order with a ready-made reason.
      await customer.locator(`[data-testid=held-order][data-order="${second.body.order!.id}"]`).getByTestId('release-order').click();
      const sheet = rPage.getByTestId('release-sheet');
      await sheet.waitFor();
      await sheet.getByRole('button', { name: L.reason }).click();
      await thumbSized(rPage, '[data-testid=release-sheet] form button', 'tap target in the release sheet');
      await shot(rPage, AREA, 'reseller-release-sheet', lang);
      const [released] = await Promise.all([
        rPage.waitForResponse((r) => r.url().endsWith('/api/v1/holds/release')),
        sheet.getByTestId('release-confirm').click(),
      ]);
      assert.equal(released.status(), 200);
      await rPage.getByTestId('toast').filter({ hasText: L.released }).waitFor();
      await customer.locator('[data-testid=held-order]').nth(1).waitFor({ state: 'detached' });
      assert.equal(await customer.getByTestId('held-order').count(), 1);

      // ---- the operator: the biggest holders now, by phone and by network address ----
      await formLogin(oPage, platform, 'console', '13800000000');
      await oPage.getByRole('link', { name: L.nav, exact: true }).click();
      await oPage.waitForURL(/\/console\/holds/);
      const row = oPage.locator(`[data-testid=holder-row][data-key="${phoneNo}"]`);
      await row.waitFor();
      assert.equal((await row.getByTestId('holder-units').innerText()).trim(), '3');
      assert.equal((await row.getByTestId('holder-orders').innerText()).trim(), '1');
      assert.match(await row.innerText(), new RegExp(buyer.name));
      await shot(oPage, AREA, 'console-holders-by-phone', lang);
      await oPage.getByTestId('holders-by-address').click();
      await oPage.locator('[data-testid=holder-row][data-key="127.0.0.1"]').waitFor();
      await shot(oPage, AREA, 'console-holders-by-address', lang);
      await oPage.getByTestId('holders-by-phone').click();

      // Release the buyer's remaining hold with a reason; the log says who and why.
      await row.getByTestId('holder-release').click();
      const dialog = oPage.getByTestId('release-dialog');
      await dialog.waitFor();
      await dialog.getByRole('button', { name: L.opReason }).click();
      await shot(oPage, AREA, 'console-release-dialog', lang);
      await dialog.getByTestId('release-confirm').click();
      await oPage.getByTestId('release-done').filter({ hasText: L.opReleased }).waitFor();
      await row.waitFor({ state: 'detached' });
      const log = oPage.getByTestId('hold-release-row').first();
      await log.waitFor();
      assert.match(await log.innerText(), new RegExp(L.opReason));
      assert.match(await log.innerText(), new RegExp(L.operator));
      // The reseller's release of one order names it by its number.
      const byOrder = oPage.locator(`[data-testid=hold-release-row][data-scope=order][data-subject="${second.body.order!.id}"]`);
      assert.equal((await byOrder.getByTestId('hold-release-subject').innerText()).trim(), second.body.order!.orderNo);
      await shot(oPage, AREA, 'console-holds-released', lang);

      // The buyer holds nothing now, and the stock is back: ordering the same item again works.
      const again = await order(5, 4);
      assert.equal(again.status, 201, JSON.stringify(again.body));
      assert.deepEqual(errors, [], 'no page errors');
    } finally {
      await phone.close();
      await desk.close();
    }
  });
}
