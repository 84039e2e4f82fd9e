// Flash sales (秒杀) in real browsers on the real platform with its demo data: a consumer opens the
// flash page from a reseller's link, sees the countdown and the progress, grabs, lands on the
// order page, pays on the sandbox gateway and sees the order paid (and a friendly answer past the
// per-person limit); an upcoming item cannot be grabbed yet and a sold-out one says how fast it
// went; the reseller sees what to share with the earning per unit; the console shows the event's
// flash items with the claims-per-minute chart. zh-CN and en; 375 × 812 phones, 1366 desktop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, launchBrowser, person, PHONE, shot, startPlatform, chromiumAvailable, type Running, apiLogin as loginAs, apiGet as apiGetAs, storefrontPrice } from './support/browser.ts';
import { assertTapTargets } from './support/tap-targets.ts';

let platform: Running;
let browser: Browser;

type Phase = 'upcoming' | 'on_sale' | 'sold_out' | 'ended';
interface Item { id: string; saleEventId: string; price: number; margin: number; quantity: number; claimed: number; left: number; perBuyerLimit: number; phase: Phase; productName: string }

const apiLogin = (phone: string) => loginAs(platform, phone);

const apiGet = <T>(path: string, token: string) => apiGetAs<T>(platform, path, token);

/** How the reseller app prints money: ¥1,234.00. */

const TEXT = {
  'zh-CN': { endsIn: '距结束', startsIn: '距开抢', claimed: '已抢', left: '仅剩', soldOutIn: /\d+ 件 \d+ (分钟|秒)抢光/, paid: '已支付', pending: '待支付', limit: '每人限购', has: '还能抢', notStarted: '即将开抢', copied: '已复制', flashTab: '限时秒杀', chart: '每分钟抢购件数' },
  en: { endsIn: 'Ends in', startsIn: 'Starts in', claimed: 'grabbed', left: 'left', soldOutIn: /\d+ sold out in \d+ (min|s)/, paid: 'Paid', pending: 'Awaiting payment', limit: 'per person', has: 'up to', notStarted: 'Starting soon', copied: 'copied', flashTab: 'Flash sales', chart: 'Units grabbed per minute' },
} as const;

let shareCode = '';
let live: Item;
let upcoming: Item;
let soldOut: Item;

before(async () => {
  if (!chromiumAvailable()) return;
  platform = await startPlatform();
  browser = await launchBrowser();
  const rt = await apiLogin('13700000001');
  const list = await apiGet<{ shareCode: string; items: Item[] }>('/reseller/flash-items', rt);
  shareCode = list.shareCode;
  live = list.items.find((i) => i.phase === 'on_sale' && i.left >= 10)!;
  upcoming = list.items.find((i) => i.phase === 'upcoming')!;
  soldOut = list.items.find((i) => i.phase === 'sold_out')!;
  assert.ok(live && upcoming && soldOut, `the demo data has live, upcoming and sold-out flash items: ${JSON.stringify(list.items.map((i) => i.phase))}`);
  assert.ok(live.claimed > 0, 'some units of the live item were grabbed already');
  assert.ok(live.margin > 0, 'the reseller earns on the flash price');
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

async function fillBuyer(page: Page, phone: string) {
  await page.getByTestId('f-name').fill('林小满');
  await page.getByTestId('f-phone').fill(phone);
  await page.getByTestId('f-province').fill('广东省');
  await page.getByTestId('f-city').fill('深圳市');
  await page.getByTestId('f-district').fill('南山区');
  await page.getByTestId('f-detail').fill('科技园 8 栋 1201');
}

for (const lang of ['zh-CN', 'en'] as const) {
  const T = TEXT[lang];
  const AREA = 'storefront';
  test(`a consumer grabs a flash item from a reseller's link and pays (${lang})`, { skip: !chromiumAvailable() && 'no chromium', timeout: 240_000 }, async () => {
    const ctx = await person(browser, { viewport: PHONE, lang, mobile: true });
    const page = await ctx.newPage();
    try {
      // The shop shows the flash strip with the live, upcoming and sold-out items.
      await page.goto(`${platform.baseUrl}/s/${shareCode}`);
      await page.getByTestId('flash-strip').waitFor();
      await page.locator(`[data-testid=flash-tile][data-phase=on_sale]`).first().waitFor();
      assert.ok(await page.locator('[data-testid=flash-tile][data-phase=upcoming]').count() >= 1);
      await shot(page, AREA, 'shop-flash-strip', lang);
      await assertTapTargets(page, `shop with flash strip (${lang})`);

      // An upcoming item: the countdown to the start, the button closed.
      await page.goto(`${platform.baseUrl}/s/${shareCode}/flash/${upcoming.id}`);
      await page.getByTestId('flash-countdown').filter({ hasText: T.startsIn }).waitFor();
      assert.equal(await page.getByTestId('flash-grab').isDisabled(), true, 'no grabbing before the start');
      assert.match(await page.getByTestId('flash-grab').innerText(), new RegExp(T.notStarted));
      // Nothing is grabbed before the start: how many there will be and when it opens, not 仅剩 N.
      assert.equal(await page.getByTestId('flash-left').count(), 0);
      assert.match(await page.getByTestId('flash-limited').innerText(), new RegExp(String(upcoming.quantity)));
      await page.getByTestId('flash-starts').waitFor();
      await shot(page, AREA, 'flash-upcoming', lang);

      // A sold-out item: how fast it went.
      await page.goto(`${platform.baseUrl}/s/${shareCode}/flash/${soldOut.id}`);
      await page.getByTestId('flash-sold-out').waitFor();
      assert.match(await page.getByTestId('flash-sold-out').innerText(), T.soldOutIn);
      assert.equal(await page.getByTestId('flash-grab').isDisabled(), true);
      await shot(page, AREA, 'flash-sold-out', lang);

      // On the event page the flash item carries its badge and leads to its flash page, not the cart.
      await page.goto(`${platform.baseUrl}/s/${shareCode}/e/${live.saleEventId}`);
      const product = page.getByTestId('product-card').filter({ hasText: live.productName });
      await product.getByTestId('flash-badge').waitFor();
      await product.click();
      const sheet = page.getByTestId('product-sheet');
      await sheet.getByTestId('go-flash').waitFor();
      assert.equal((await sheet.getByTestId('sheet-flash-price').innerText()).trim(), storefrontPrice(live.price));
      assert.equal(await sheet.getByTestId('add-to-cart').count(), 0, 'a flash item is not added to the cart');
      await shot(page, AREA, 'event-flash-item', lang);
      await sheet.getByTestId('go-flash').click();
      await page.waitForURL(new RegExp(`/s/${shareCode}/flash/${live.id}$`));

      // The live item's page (the link the reseller shares).
      await page.getByTestId('flash-countdown').filter({ hasText: T.endsIn }).waitFor();
      assert.equal((await page.getByTestId('flash-name').innerText()).trim(), live.productName);
      assert.equal((await page.getByTestId('flash-price').innerText()).trim(), storefrontPrice(live.price));
      assert.match(await page.getByTestId('flash-claimed').innerText(), new RegExp(T.claimed));
      assert.match(await page.getByTestId('flash-left').innerText(), new RegExp(T.left));
      assert.match(await page.getByTestId('flash-limit').innerText(), new RegExp(T.limit));
      const phone = lang === 'en' ? '13512340002' : '13512340001';
      await fillBuyer(page, phone);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, AREA, 'flash', lang);
      await assertTapTargets(page, `flash item (${lang})`);
      await page.getByTestId('flash-grab').click();

      // The order page: held, a flash order, pay now opens the payment.
      await page.waitForURL(new RegExp(`/s/${shareCode}/orders/ord_[0-9a-z]+\\?token=`));
      await page.getByTestId('flash-order-tag').waitFor();
      await page.getByTestId('order-status').filter({ hasText: T.pending }).waitFor();
      await page.getByTestId('hold-left').waitFor();
      assert.equal((await page.getByTestId('order-amount').innerText()).trim(), storefrontPrice(live.price));
      await shot(page, AREA, 'flash-order-pending', lang);
      const orderUrl = page.url();
      await page.getByTestId('pay-now').click();
      await page.waitForURL(/\/sandbox\/pay\//);
      const pay = page.getByRole('button', { name: /确认支付/ });
      await pay.waitFor();
      await pay.click();
      await page.waitForURL(new RegExp(`/s/${shareCode}/orders/ord_[0-9a-z]+\\?token=`));
      assert.equal(page.url().split('?')[0], orderUrl.split('?')[0], 'back on the same order');
      await page.getByTestId('order-status').filter({ hasText: new RegExp(`^${T.paid}$`) }).waitFor({ timeout: 60_000 });
      await page.getByTestId('order-line').first().waitFor();
      await shot(page, AREA, 'flash-order-paid', lang);

      // Back to the flash page: the details are remembered; two more would pass the limit of two.
      await page.goto(`${platform.baseUrl}/s/${shareCode}/flash/${live.id}`);
      await page.getByTestId('flash-countdown').filter({ hasText: T.endsIn }).waitFor();
      assert.equal(await page.getByTestId('f-phone').inputValue(), phone, 'the buyer details are prefilled');
      if (live.perBuyerLimit > 1) {
        await page.getByTestId('qty-plus').click();
        await page.getByTestId('flash-grab').click();
        await page.getByTestId('flash-error').filter({ hasText: new RegExp(T.limit) }).waitFor();
        // One of the two is this phone's already: the page offers the one left, and still lets it be grabbed.
        assert.match(await page.getByTestId('flash-error').innerText(), new RegExp(`${T.has}.*${live.perBuyerLimit - 1}`));
        assert.equal(await page.getByTestId('qty').inputValue(), String(live.perBuyerLimit - 1), 'the quantity comes down to what is left');
        assert.equal(await page.getByTestId('flash-grab').isDisabled(), false, 'the phone may still grab what is left');
        await shot(page, AREA, 'flash-limit', lang);
      }
    } finally {
      await ctx.close();
    }
  });

  test(`the reseller sees the flash sales to share (${lang})`, { skip: !chromiumAvailable() && 'no chromium', timeout: 120_000 }, async () => {
    const ctx = await person(browser, { viewport: PHONE, lang, mobile: true });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: platform.baseUrl });
    const page = await ctx.newPage();
    try {
      await page.goto(`${platform.baseUrl}/reseller`);
      await page.locator('input[name=phone]').waitFor({ timeout: 30_000 });
      await page.locator('input[name=phone]').fill('13700000001');
      await page.locator('input[name=password]').fill('demo1234');
      await page.locator('button[type=submit]').click();
      await page.getByTestId('flash-entry').filter({ hasText: T.flashTab }).click();
      await page.waitForURL(/\/reseller\/flash$/);
      const card = page.locator(`[data-testid=rs-flash-item][data-phase=on_sale]`).first();
      await card.waitFor();
      // reached from 档期: that tab stays lit and a back link returns to it
      assert.equal(await page.locator('nav.tabbar a.active').count(), 1);
      assert.match(await page.locator('nav.tabbar a.active').getAttribute('href') ?? '', /\/reseller\/events$/);
      assert.equal((await page.getByTestId('flash-back').innerText()).replace(/^‹\s*/, ''), lang === 'en' ? 'Events' : '档期');
      await page.locator('[data-testid=rs-flash-item][data-phase=upcoming]').first().waitFor();
      assert.match(await card.getByTestId('rs-flash-countdown').innerText(), new RegExp(T.endsIn));
      assert.ok((await card.getByTestId('rs-flash-margin').innerText()).includes(storefrontPrice(live.margin)), 'my earning per unit');
      assert.equal((await card.getByTestId('rs-flash-link').innerText()).trim(), `${platform.baseUrl}/s/${shareCode}/flash/${live.id}`);
      await shot(page, 'reseller', 'flash', lang);
      await assertTapTargets(page, `reseller flash list (${lang})`);
      await card.getByTestId('rs-flash-share').click();
      await page.getByTestId('toast').filter({ hasText: new RegExp(T.copied) }).waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText()).catch(() => null);
      if (copied !== null) assert.equal(copied, `${platform.baseUrl}/s/${shareCode}/flash/${live.id}`);
      await page.getByTestId('flash-back').click();
      await page.waitForURL(/\/reseller\/events$/);
      await page.getByTestId('event-card').first().waitFor();
    } finally {
      await ctx.close();
    }
  });
}

test('the console shows an event’s flash items with the claims chart (zh-CN and en)', { skip: !chromiumAvailable() && 'no chromium', timeout: 120_000 }, async () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    const ctx = await person(browser, { viewport: DESKTOP, lang });
    const page = await ctx.newPage();
    try {
      await page.goto(`${platform.baseUrl}/console`);
      await page.locator('input[name=phone]').fill('13800000000');
      await page.locator('input[name=password]').fill('demo1234');
      await page.locator('form button[type=submit]').click();
      await page.getByTestId('kpis').waitFor();
      await page.goto(`${platform.baseUrl}/console/events/${live.saleEventId}`);
      const section = page.getByTestId('flash-section');
      await section.waitFor();
      await section.getByTestId('flash-row').nth(2).waitFor();
      assert.equal(await section.getByTestId('flash-row').count(), 3);
      assert.match(await section.locator('[data-testid=flash-row][data-phase=sold_out]').getByTestId('flash-speed').innerText(), TEXT[lang].soldOutIn);
      await section.getByTestId('flash-chart').locator('canvas').first().waitFor();
      await section.getByTestId('flash-chart').getByText(TEXT[lang].chart).waitFor();
      await section.scrollIntoViewIfNeeded();
      await shot(page, 'console', 'event-flash', lang);

      // The create form shows the server's field errors: a price under the platform price.
      if (lang === 'zh-CN') {
        const ot = await apiLogin('13800000000');
        const events = (await apiGet<{ items: { id: string; skus: { eventSkuId: string; held: number; sold: number; available: number }[] }[] }>('/sale-events?status=live&limit=100', ot)).items;
        const grouped = new Set((await apiGet<{ items: { eventSkuId: string }[] }>('/group-buy-offers', ot)).items.map((o) => o.eventSkuId));
        const presale = new Set((await apiGet<{ items: { saleEventId: string }[] }>('/presales', ot)).items.map((x) => x.saleEventId));
        const target = events.filter((e) => !presale.has(e.id)).flatMap((e) => e.skus.filter((k) => k.held + k.sold === 0 && k.available > 0 && !grouped.has(k.eventSkuId)).map((k) => ({ eventId: e.id, eventSkuId: k.eventSkuId })))
          .find((x) => x.eventId !== live.saleEventId);
        assert.ok(target, 'a live event has an untouched item');
        await page.goto(`${platform.baseUrl}/console/events/${target.eventId}`);
        await page.getByTestId('flash-create').click();
        const form = page.getByTestId('new-flash');
        await form.waitFor();
        await form.getByTestId('flash-sku').selectOption(target.eventSkuId);
        await form.getByTestId('flash-price').fill('0.01');
        await form.getByTestId('flash-quantity').fill('1');
        await form.getByTestId('flash-submit').click();
        await form.getByTestId('form-error').waitFor();
        await shot(page, 'console', 'event-flash-form', lang);
        await form.locator('.field-error').first().waitFor();
      }
    } finally {
      await ctx.close();
    }
  }
});
