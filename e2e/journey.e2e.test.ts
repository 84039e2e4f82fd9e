// One sale across every actor, in the browser: a consumer buys through a reseller's shared link,
// has a card declined and pays again; the reseller then sees the order and the pending earning in the app, the brand sees
// the units in its sell-through, and the operator finds the order in the console.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startPlatform, launchBrowser, person, shot, chromiumAvailable, PHONE, DESKTOP, type Running, chooseFirstSku } from './support/browser.ts';

const skip = !chromiumAvailable() && 'no chromium';
let platform: Running;
let browser: Browser;
before(async () => { if (skip) return; platform = await startPlatform(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await platform?.stop(); });

async function api<T = Record<string, unknown>>(method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${platform.baseUrl}/api/v1${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  assert.ok(res.ok, `${method} ${path}: ${res.status}`);
  return (await res.json()) as T;
}

async function logIn(page: Page, url: string, phone: string) {
  await page.goto(url);
  await page.locator('input[name=phone]').fill(phone);
  await page.locator('input[name=password]').fill('demo1234');
  await page.locator('button[type=submit]').click();
}

const fen = (text: string) => Math.round(Number(text.replace(/[^\d.-]/g, '')) * 100);

test('a consumer’s purchase shows up for the reseller, the brand and the operator', { skip, timeout: 300_000 }, async () => {
  const reseller = await api<{ token: string }>('POST', '/auth/login', { body: { phone: '13700000002', password: 'demo1234' } });
  const me = await api<{ reseller: { shareCode: string; name: string }; earnings: { pending: number } }>('GET', '/reseller/me', { token: reseller.token });
  const events = await api<{ items: { id: string; brandId: string; onSale: boolean; stockLeft: number }[] }>('GET', '/reseller/sale-events', { token: reseller.token });
  // A live event of the women's-wear brand whose login the demo has (13900000001).
  const brandLogin = await api<{ token: string; user: { brandId: string } }>('POST', '/auth/login', { body: { phone: '13900000001', password: 'demo1234' } });
  const live = events.items.find((e) => e.onSale && e.stockLeft > 0 && e.brandId === brandLogin.user.brandId);
  assert.ok(live, 'the demo has a live event of brand 13900000001');
  const soldBefore = (await api<{ totals: { sold: number } }>('GET', `/analytics/sale-events/${live.id}/sell-through`, { token: brandLogin.token })).totals.sold;

  // The consumer: opens the link from chat, picks a size, checks out, pays on the gateway page.
  const consumer = await (await person(browser, { viewport: PHONE, lang: 'zh-CN', mobile: true })).newPage();
  await consumer.goto(`${platform.baseUrl}/s/${me.reseller.shareCode}/e/${live.id}`);
  await consumer.locator('[data-testid=product-card]:not(.sf-soldout)').first().click();
  const sheet = await chooseFirstSku(consumer);
  const price = fen(await sheet.getByTestId('sheet-price').innerText());
  await sheet.getByTestId('add-to-cart').click();
  await consumer.getByTestId('open-cart').click();
  await consumer.getByTestId('sheet-checkout').click();
  await consumer.getByTestId('f-name').fill('旅程测试');
  await consumer.getByTestId('f-phone').fill('13955556666');
  await consumer.getByTestId('f-province').fill('广东省');
  await consumer.getByTestId('f-city').fill('深圳市');
  await consumer.getByTestId('f-district').fill('南山区');
  await consumer.getByTestId('f-detail').fill('科技园南路 8 号');
  await consumer.getByTestId('place-order').click();
  await consumer.waitForURL(/\/sandbox\/pay\//);
  // The first card is declined; back at the shop the consumer pays again with a new charge.
  const firstCharge = consumer.url();
  await consumer.getByRole('button', { name: /模拟支付失败/ }).click();
  await consumer.getByTestId('status').filter({ hasText: 'failed' }).waitFor();
  await consumer.getByRole('link', { name: /返回商户/ }).click();
  // The failed-payment card says how long is left to pay again (the hold's countdown), in both languages.
  const holdLeft = consumer.getByTestId('hold-left');
  await holdLeft.waitFor({ timeout: 60_000 });
  assert.match(await holdLeft.innerText(), /^剩余支付时间 \d{1,2}:\d{2}，超时订单将自动关闭$/);
  await shot(consumer, 'journey', 'consumer-payment-failed', 'zh-CN');
  const orderUrl = consumer.url();
  const en = await (await person(browser, { viewport: PHONE, lang: 'en', mobile: true })).newPage();
  await en.goto(orderUrl);
  await en.getByTestId('hold-left').waitFor({ timeout: 60_000 });
  assert.match(await en.getByTestId('hold-left').innerText(), /^Time left to pay: \d{1,2}:\d{2} — unpaid orders close automatically$/);
  assert.equal(await en.getByTestId('pay-again').innerText(), 'Pay again');
  await shot(en, 'journey', 'consumer-payment-failed', 'en');
  await en.context().close();
  await consumer.getByTestId('pay-again').click({ timeout: 60_000 });
  await consumer.waitForURL(/\/sandbox\/pay\//);
  assert.notEqual(consumer.url(), firstCharge, 'paying again opens a new gateway charge');
  await consumer.getByRole('button', { name: /确认支付/ }).click();
  await consumer.waitForURL(/\/orders\//);
  await consumer.getByTestId('order-status').filter({ hasText: '已支付' }).waitFor({ timeout: 60_000 });
  await shot(consumer, 'journey', 'consumer-paid', 'zh-CN');

  // The reseller: the order is in 订单, the margin is pending on 我的.
  const rPage = await (await person(browser, { viewport: PHONE, lang: 'zh-CN', mobile: true })).newPage();
  await logIn(rPage, `${platform.baseUrl}/reseller`, '13700000002');
  await rPage.getByTestId('event-card').first().waitFor();
  await rPage.goto(`${platform.baseUrl}/reseller/orders`);
  await rPage.getByTestId('order-row').filter({ hasText: '旅程测试' }).first().waitFor();
  await shot(rPage, 'journey', 'reseller-orders', 'zh-CN');
  await rPage.goto(`${platform.baseUrl}/reseller/me`);
  const pending = fen(await rPage.getByTestId('earn-pending').innerText());
  const after = await api<{ earnings: { pending: number } }>('GET', '/reseller/me', { token: reseller.token });
  assert.equal(pending, after.earnings.pending, 'the app shows the ledger’s pending earning');
  assert.ok(after.earnings.pending > me.earnings.pending && after.earnings.pending - me.earnings.pending < price, 'the margin on this sale is pending');
  await shot(rPage, 'journey', 'reseller-me', 'zh-CN');

  // The brand: one more unit sold in the event's sell-through.
  const bPage = await (await person(browser, { viewport: DESKTOP, lang: 'zh-CN' })).newPage();
  await logIn(bPage, `${platform.baseUrl}/brand`, '13900000001');
  await bPage.locator('nav a').first().waitFor();
  const st = await api<{ totals: { sold: number } }>('GET', `/analytics/sale-events/${live.id}/sell-through`, { token: brandLogin.token });
  assert.equal(st.totals.sold, soldBefore + 1);
  await bPage.goto(`${platform.baseUrl}/brand/events/${live.id}`);
  await bPage.getByText(String(st.totals.sold), { exact: true }).first().waitFor();
  await shot(bPage, 'journey', 'brand-sell-through', 'zh-CN');

  // The operator: the order is found by the consumer's phone.
  const oPage = await (await person(browser, { viewport: DESKTOP, lang: 'zh-CN' })).newPage();
  await logIn(oPage, `${platform.baseUrl}/console`, '13800000000');
  await oPage.locator('nav a').first().waitFor();
  await oPage.goto(`${platform.baseUrl}/console/orders?q=13955556666`);
  await oPage.getByText('旅程测试').first().waitFor();
  await shot(oPage, 'journey', 'operator-orders', 'zh-CN');
});
