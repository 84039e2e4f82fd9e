// Refunds and reconciliation in real Chromium against `sellthrough start` with the demo data, in
// zh-CN and en: a consumer pays a storefront order on the sandbox gateway (375 × 812); customer
// service cancels it in the console's order drawer (1366 × 768) and watches the gateway refund
// settle; the consumer's order page and the reseller's order show it refunded; 退款与对账 lists
// it, finds it by order id, opens its order, and "reconcile now" reports the books balanced.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, person, PHONE, shot, startPlatform, chromiumAvailable, apiLogin, storefrontPrice, type Running, waitForPage, api, shopItem, pageErrors, formLogin, apiGet } from './support/browser.ts';

const AREA = 'payments';
const CONSOLE = { width: 1366, height: 768 };
let platform: Running;
let browser: Browser;
let shareCode = '';
let eventSkuId = '';

const TEXT = {
  'zh-CN': {
    paid: '已支付', reason: '消费者要求取消', refunded: '已退款', failed: '退款失败', callsBack: '客服会尽快联系你', nav: '退款与对账', ok: '一致', noMatch: '没有符合条件的记录',
  },
  en: {
    paid: 'Paid', reason: 'Consumer asked to cancel', refunded: 'Refunded', failed: 'Refund failed', callsBack: 'Customer service will contact you', nav: 'Refunds & reconciliation', ok: 'Balanced', noMatch: 'Nothing matches these filters',
  },
} as const;

/** How the console prints money: ¥1,234.00. */

interface Placed { order: { id: string; orderNo: string; amountDue: number; payment: { payUrl: string | null } | null }; lookupToken: string }

before(async () => {
  if (!chromiumAvailable()) return;
  platform = await startPlatform();
  browser = await launchBrowser();
  ({ shareCode, eventSkuId } = await shopItem(platform, 3));
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

/** The order page names its items once their events have loaded. */
async function linesNamed(page: Page) {
  await page.getByTestId('order-line').first().waitFor();
  await waitForPage(page, `[...document.querySelectorAll('[data-testid=order-line] .sf-line-name')].every((e) => e.textContent !== '…')`);
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a cancelled paid order is refunded and the books reconcile (${lang})`, { timeout: 240_000, skip: !chromiumAvailable() && 'no chromium' }, async () => {
    const L = TEXT[lang];
    // ---- a consumer's storefront order, placed over HTTP as the checkout does ----
    const placed = await api<Placed>(platform, 'POST', `/storefront/${shareCode}/orders`, {
      key: `e2e-refund-${lang}-${Date.now()}`,
      body: { consumer: { name: lang === 'en' ? 'Lin Xiaoyu' : '林小雨', phone: '13912340077', address: { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 90 号' } }, lines: [{ eventSkuId, quantity: 1 }] },
    });
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    const { order, lookupToken } = placed.body;
    const amount = order.amountDue;
    assert.ok(amount > 0 && order.payment?.payUrl, 'a storefront order is paid through the gateway');
    const orderUrl = `${platform.baseUrl}/s/${shareCode}/orders/${order.id}?token=${encodeURIComponent(lookupToken)}`;

    const phone = await person(browser, { viewport: PHONE, lang, mobile: true });
    const desk = await person(browser, { viewport: CONSOLE, lang });
    const consumer = await phone.newPage();
    const operator = await desk.newPage();
    const errors = [...pageErrors(consumer), ...pageErrors(operator)];
    try {
      // ---- the consumer pays on the sandbox gateway and comes back to a paid order ----
      await consumer.goto(orderUrl);
      await consumer.getByTestId('pay-now').click();
      await consumer.waitForURL(/\/sandbox\/pay\//);
      await consumer.getByRole('button', { name: /确认支付/ }).click();
      await consumer.waitForURL(new RegExp(`/s/${shareCode}/orders/${order.id}\\?token=`));
      await consumer.getByTestId('order-status').filter({ hasText: new RegExp(`^${L.paid}$`) }).waitFor({ timeout: 30_000 });
      assert.equal(await consumer.getByTestId('refunds').count(), 0, 'a paid order has no refund');

      // ---- customer service cancels it in the console's order drawer ----
      await formLogin(operator, platform, 'console', '13800000000');
      await operator.goto(`${platform.baseUrl}/console/orders?q=${order.id}&order=${order.id}`);
      const drawer = operator.getByTestId('order-drawer');
      await drawer.locator('[data-testid=order-status][data-status=paid]').waitFor();
      await drawer.getByRole('button', { name: L.reason }).click();
      const [cancelled] = await Promise.all([
        operator.waitForResponse((r) => r.url().endsWith(`/api/v1/orders/${order.id}/cancel`)),
        drawer.getByTestId('cancel-submit').click(),
      ]);
      assert.equal(cancelled.status(), 200);
      await drawer.locator('[data-testid=order-status][data-status=cancelled]').waitFor();
      // The gateway settles the refund on its own time; the drawer looks again until it has.
      const refundRow = drawer.getByTestId('order-refund');
      await drawer.locator('[data-testid=order-refund][data-status=succeeded]').waitFor({ timeout: 60_000 });
      assert.equal(await refundRow.count(), 1);
      assert.equal((await drawer.getByTestId('order-refund-amount').innerText()).trim(), storefrontPrice(amount));
      assert.match(await refundRow.innerText(), new RegExp(L.refunded));
      assert.match(await refundRow.innerText(), new RegExp(L.reason));
      await drawer.getByTestId('order-line-name').first().waitFor();
      await waitForPage(operator, `[...document.querySelectorAll('[data-testid=order-line-name]')].every((e) => e.dataset.loaded === 'true')`);
      await shot(operator, AREA, 'console-order-drawer', lang);

      // ---- the consumer's order page: cancelled, refunded, how much and when ----
      await consumer.reload();
      const refund = consumer.locator('[data-testid=refund][data-status=succeeded]');
      await refund.waitFor({ timeout: 30_000 });
      assert.equal((await refund.getByTestId('refund-status').innerText()).trim(), L.refunded);
      assert.equal((await refund.getByTestId('refund-amount').innerText()).trim(), storefrontPrice(amount));
      assert.match(await refund.innerText(), /\d{1,2}:\d\d/, 'says when');
      assert.equal(await consumer.getByTestId('refund').count(), 1);
      await linesNamed(consumer);
      await shot(consumer, AREA, 'storefront-order-refunded', lang);

      // A refund the gateway refused (simulated) says so, and that customer service will call.
      const ORDER = `**/api/v1/storefront/orders/${order.id}?*`;
      await consumer.route(ORDER, async (route) => {
        const real = await route.fetch();
        const body = (await real.json()) as { refunds: { status: string }[] };
        body.refunds = body.refunds.map((r) => ({ ...r, status: 'failed' }));
        await route.fulfill({ response: real, json: body });
      });
      await consumer.reload();
      const failed = consumer.locator('[data-testid=refund][data-status=failed]');
      await failed.waitFor();
      assert.equal((await failed.getByTestId('refund-status').innerText()).trim(), L.failed);
      assert.match(await failed.innerText(), new RegExp(L.callsBack));
      await linesNamed(consumer);
      await shot(consumer, AREA, 'storefront-order-refund-failed', lang);
      await consumer.unroute(ORDER);

      // ---- 退款与对账: the refund is listed, found by its order number, filtered by status ----
      await operator.keyboard.press('Escape');
      await operator.getByRole('link', { name: L.nav, exact: true }).click();
      await operator.getByTestId('refunds-table').waitFor();
      await operator.locator(`[data-testid=refund-row][data-order="${order.id}"]`).waitFor();
      await operator.getByTestId('refunds-q').fill(order.orderNo);
      await operator.getByTestId('refunds-search').click();
      await waitForPage(operator, `(() => {
        const rows = [...document.querySelectorAll('[data-testid=refund-row]')];
        return rows.length === 1 && rows[0].dataset.order === ${JSON.stringify(order.id)};
      })()`);
      const row = operator.getByTestId('refund-row');
      assert.equal(await row.getAttribute('data-status'), 'succeeded');
      assert.equal((await row.getByTestId('refund-amount').innerText()).trim(), storefrontPrice(amount));
      assert.equal((await row.getByTestId('refund-order').innerText()).trim(), order.orderNo, 'the refund names its order by number');
      await operator.getByTestId('refund-chip-pending').click();
      await operator.getByText(L.noMatch).waitFor();
      await operator.getByTestId('refund-chip-succeeded').click();
      await operator.locator(`[data-testid=refund-row][data-order="${order.id}"]`).waitFor();
      assert.equal(await operator.getByTestId('refund-chip-succeeded').getAttribute('aria-pressed'), 'true');

      // ---- reconcile now: today so far, on top, balanced ----
      await operator.getByTestId('recon-table').or(operator.getByTestId('reconciliations').locator('.state-empty')).first().waitFor();
      const [posted] = await Promise.all([
        operator.waitForResponse((r) => r.url().endsWith('/api/v1/payments/reconciliations') && r.request().method() === 'POST'),
        operator.getByTestId('recon-run').click(),
      ]);
      assert.equal(posted.status(), 201);
      const report = (await posted.json()) as { id: string; gatewayCaptured: number; gatewayRefunded: number; unheld: number; ledgerDifference: number; mismatches: unknown[] };
      await operator.getByTestId('recon-done').waitFor();
      const first = operator.getByTestId('recon-row').first();
      assert.equal(await first.getAttribute('data-id'), report.id, 'the new report is on top');
      assert.deepEqual({ unheld: report.unheld, ledgerDifference: report.ledgerDifference, mismatches: report.mismatches.length }, { unheld: 0, ledgerDifference: 0, mismatches: 0 });
      assert.ok(report.gatewayCaptured >= amount && report.gatewayRefunded >= amount, 'today’s gateway activity includes this payment and its refund');
      assert.equal(await first.getByTestId('recon-badge').getAttribute('data-ok'), 'true');
      assert.match(await first.getByTestId('recon-badge').innerText(), new RegExp(L.ok));
      assert.equal((await first.getByTestId('recon-difference').innerText()).trim(), '¥0.00');
      assert.equal((await first.getByTestId('recon-unheld').innerText()).trim(), '¥0.00');
      assert.equal((await first.getByTestId('recon-mismatch-count').innerText()).trim(), '0');
      await shot(operator, AREA, 'console-payments', lang);

      // ---- the refund's order link opens the order with its refund ----
      await row.getByTestId('refund-order').click();
      await operator.waitForURL(new RegExp(`/console/orders\\?q=${order.orderNo}&order=${order.id}$`));
      await operator.getByTestId('order-drawer').locator('[data-testid=order-refund][data-status=succeeded]').waitFor();

      // ---- a report with differences (simulated: the demo's books balance) is marked and opens its items ----
      const LIST = '**/api/v1/payments/reconciliations';
      await operator.route(LIST, async (route) => {
        if (route.request().method() !== 'GET') return route.continue();
        const real = await route.fetch();
        const body = (await real.json()) as { items: Record<string, unknown>[] };
        body.items.push({
          id: 'rec_simulated', provider: 'sandbox', periodStart: '2026-01-01T00:00:00.000Z', periodEnd: '2026-01-02T00:00:00.000Z', currency: 'CNY',
          gatewayCaptured: 1_234_500, gatewayRefunded: 9_900, unheld: 12_900, ledgerDifference: -9_900, createdAt: '2026-01-02T00:10:00.000Z',
          mismatches: [
            { kind: 'charge', providerRef: 'ch_sim_1', merchantRef: 'chg_sim_1', gateway: { amount: 12_900, currency: 'CNY' }, ours: { status: 'open', amount: 0 } },
            { kind: 'refund', providerRef: 're_sim_2', merchantRef: 'rfd_sim_2', gateway: { amount: 9_900, currency: 'CNY' }, ours: null },
          ],
        });
        await route.fulfill({ response: real, json: body });
      });
      await operator.goto(`${platform.baseUrl}/console/payments`);
      const bad = operator.locator('[data-testid=recon-row][data-id=rec_simulated]');
      await bad.waitFor();
      assert.equal(await bad.getByTestId('recon-badge').getAttribute('data-ok'), 'false');
      assert.equal((await bad.getByTestId('recon-difference').innerText()).trim(), '-¥99.00');
      assert.equal((await bad.getByTestId('recon-unheld').innerText()).trim(), '¥129.00');
      await bad.getByTestId('recon-expand').click();
      await operator.getByTestId('recon-mismatches').waitFor();
      assert.equal(await operator.getByTestId('recon-mismatch').count(), 2);
      await shot(operator, AREA, 'console-reconciliation-mismatches', lang);
      await operator.unroute(LIST);
      assert.deepEqual(errors, []);
    } finally {
      await phone.close();
      await desk.close();
    }
  });
}

test('the reseller sees the refund on the order from their link', { timeout: 120_000, skip: !chromiumAvailable() && 'no chromium' }, async () => {
  const op = await apiLogin(platform, '13800000000');
  const refunded = (await apiGet<{ items: { orderId: string | null; status: string }[] }>(platform, '/refunds?status=succeeded', op)).items;
  const rt = await apiLogin(platform, '13700000001');
  const mine = (await apiGet<{ items: { id: string; kind: string }[] }>(platform, '/orders?status=cancelled&kind=storefront&limit=50', rt)).items;
  const orderId = mine.find((o) => refunded.some((r) => r.orderId === o.id))?.id;
  assert.ok(orderId, 'an order refunded above came through this reseller’s link');
  for (const lang of ['zh-CN', 'en'] as const) {
    const ctx = await person(browser, { viewport: PHONE, lang, mobile: true });
    const page = await ctx.newPage();
    const errors = pageErrors(page);
    try {
      await page.goto(`${platform.baseUrl}/reseller`);
      await page.locator('input[name=phone]').fill('13700000001');
      await page.locator('input[name=password]').fill('demo1234');
      await page.locator('button[type=submit]').click();
      await page.getByTestId('event-card').first().waitFor();
      await page.goto(`${platform.baseUrl}/reseller/orders/${orderId}`);
      const refund = page.locator('[data-testid=order-refund][data-status=succeeded]');
      await refund.waitFor();
      assert.match(await refund.innerText(), new RegExp(TEXT[lang].refunded));
      await shot(page, AREA, 'reseller-order-refunded', lang);
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
    }
  }
});
