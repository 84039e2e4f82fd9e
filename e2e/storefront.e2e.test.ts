// The storefront in a phone browser, as a consumer who opened a reseller's shared link: no base
// price anywhere, pick colour and size, check out, pay on the sandbox gateway, see the order
// paid; an ended sale and an unknown shop get friendly pages. Both languages, 375 × 812.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import path from 'node:path';
import { launchBrowser, person, PHONE, SHOTS, shot, startPlatform, chromiumAvailable, type Running, apiLogin, apiGet as apiGetAs, storefrontPrice, chooseFirstSku } from './support/browser.ts';
import { assertTapTargets } from './support/tap-targets.ts';

const AREA = 'storefront';
let platform: Running;
let browser: Browser;

interface EventCard { id: string; title: string; onSale: boolean; stockLeft: number }
interface ResellerEvent { products: { name: string; skus: { eventSkuId: string; colour: string; size: string; basePrice: number; tagPrice: number; sellingPrice: number; available: number }[] }[] }

const login = (phone: string) => apiLogin(platform, phone);

const apiGet = <T>(path: string, token: string) => apiGetAs<T>(platform, path, token);

const shown = storefrontPrice;
const priceRe = (fen: number) => new RegExp(`${shown(fen).replace(/[.$]/g, '\\$&')}(?![\\d.,])`);

const TEXT = {
  'zh-CN': { phoneError: '请输入正确的 11 位手机号码', paid: '已支付', pending: '待支付', ended: '本场特卖已结束', noShop: '店铺不存在', notOpen: '现在还不能购买', added: '已加入购物车', endedLine: '所在的特卖已结束', paidBody: '订单已付款，正在等待仓库备货。发货后这里会显示已发货。' },
  en: { phoneError: 'Enter a valid 11-digit mainland mobile number', paid: 'Paid', pending: 'Awaiting payment', ended: 'This sale has ended', noShop: 'Shop not found', notOpen: "can't be bought yet", added: 'Added to cart', endedLine: 'has ended', paidBody: 'Your order is paid and waiting for the warehouse. Once it ships, this page will say so.' },
} as const;

let shareCode = '';
let resellerName = '';
let live: EventCard;
let upcoming: EventCard | undefined;
let endedId = '';
let endedSku = '';
let hiddenPrices: number[] = [];
let scarce: { eventSkuId: string; name: string; colour: string; size: string; price: number; available: number } | undefined;

before(async () => {
  if (!chromiumAvailable()) return;
  platform = await startPlatform();
  browser = await launchBrowser();
  const rt = await login('13700000001');
  const me = await apiGet<{ reseller: { shareCode: string; name: string } }>('/reseller/me', rt);
  shareCode = me.reseller.shareCode;
  resellerName = me.reseller.name;
  const events = (await apiGet<{ items: EventCard[] }>('/reseller/sale-events', rt)).items;
  live = events.find((e) => e.onSale && e.stockLeft > 0)!;
  upcoming = events.find((e) => !e.onSale);
  assert.ok(live, 'the demo data has a live event');
  // Base prices the consumer must never see; those equal to a price the page legitimately shows are not telling.
  const view = await apiGet<ResellerEvent>(`/reseller/sale-events/${live.id}`, rt);
  const skus = view.products.flatMap((p) => p.skus);
  const visible = new Set(skus.flatMap((s) => [s.sellingPrice, s.tagPrice]));
  hiddenPrices = [...new Set(skus.map((s) => s.basePrice))].filter((b) => !visible.has(b));
  assert.ok(hiddenPrices.length > 0, 'base prices differ from the prices shown');
  for (const p of view.products) for (const k of p.skus) if (!scarce && k.available > 0 && k.available < 99) scarce = { ...k, name: p.name, price: k.sellingPrice };
  const ot = await login('13800000000');
  const ended = (await apiGet<{ items: { id: string; skus: { eventSkuId: string }[] }[] }>('/sale-events?status=ended', ot)).items[0];
  endedId = ended?.id ?? '';
  endedSku = ended?.skus[0]?.eventSkuId ?? '';
  assert.ok(endedId, 'the demo data has an ended event');
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

/** Sheets are fixed to the screen: photograph the screen, not the whole page behind them. */
async function screenShot(page: Page, name: string, lang: string) {
  await page.screenshot({ path: path.join(SHOTS, AREA, `${name}.${lang}.png`) });
}

async function fillAddress(page: Page) {
  await page.getByTestId('f-name').fill('陈小雨');
  await page.getByTestId('f-phone').fill('13912345678');
  await page.getByTestId('f-province').fill('浙江省');
  await page.getByTestId('f-city').fill('杭州市');
  await page.getByTestId('f-district').fill('西湖区');
  await page.getByTestId('f-detail').fill('文三路 90 号');
}

async function assertNoBasePrice(page: Page, where: string) {
  const text = await page.locator('body').innerText();
  for (const b of hiddenPrices) assert.doesNotMatch(text, priceRe(b), `base price ${shown(b)} shown on the ${where}`);
}

/** The tab's title on a shop's page, as the server renders it and the app keeps it. */
const shopTitle = (lang: 'zh-CN' | 'en') => (lang === 'en' ? `${resellerName}'s shop · Sellthrough` : `${resellerName}的特卖小店 · 爱清仓`);

for (const lang of ['zh-CN', 'en'] as const) {
  test(`before its scripts run, a shared link already shows its shop (${lang})`, { skip: !chromiumAvailable() && 'no chromium' }, async () => {
    // Scripts off: what a phone on a slow link paints while the app's scripts are still arriving.
    const ctx = await browser.newContext({ viewport: PHONE, locale: lang, isMobile: true, hasTouch: true, deviceScaleFactor: 1, javaScriptEnabled: false });
    try {
      const page = await ctx.newPage();
      await page.goto(`${platform.baseUrl}/s/${shareCode}`);
      assert.equal(await page.title(), shopTitle(lang));
      assert.equal((await page.locator('[data-shell=name]').innerText()).trim(), shopTitle(lang).split(' · ')[0]);
      assert.ok(await page.locator('.boot-card').count() > 0, 'a skeleton of the event list');
      await shot(page, AREA, 'first-paint', lang);
      await page.goto(`${platform.baseUrl}/s/${shareCode}/e/${live.id}`);
      assert.equal(await page.title(), `${live.title} · ${shopTitle(lang)}`);
      assert.equal((await page.locator('[data-shell=bar]').innerText()).trim(), live.title);
      await shot(page, AREA, 'first-paint-event', lang);
    } finally {
      await ctx.close();
    }
  });

  test(`a consumer buys through a shared link and pays (${lang})`, { skip: !chromiumAvailable() && 'no chromium', timeout: 240_000 }, async () => {
    const T = TEXT[lang];
    const ctx = await person(browser, { viewport: PHONE, lang, mobile: true });
    const page = await ctx.newPage();
    const bodies: string[] = [];
    page.on('response', (r) => { if (r.url().includes('/api/v1/storefront')) void r.text().then((b) => bodies.push(b), () => {}); });
    try {
      // The shop the link opens.
      await page.goto(`${platform.baseUrl}/s/${shareCode}`);
      await page.getByTestId('shop-name').filter({ hasText: resellerName }).waitFor();
      assert.ok(await page.getByTestId('event-card').count() > 0, 'the shop lists events');
      assert.equal(await page.title(), shopTitle(lang), 'the tab names the shop');
      await shot(page, AREA, 'shop', lang);
      await assertTapTargets(page, `shop (${lang})`);

      // The event link, as shared in chat.
      await page.goto(`${platform.baseUrl}/s/${shareCode}/e/${live.id}`);
      await page.getByTestId('event-title').filter({ hasText: live.title }).waitFor();
      assert.equal(await page.title(), `${live.title} · ${shopTitle(lang)}`, 'the tab names the sale event and the shop');
      await page.getByTestId('product-card').first().waitFor();
      await assertNoBasePrice(page, 'event page');
      await shot(page, AREA, 'event', lang);
      await assertTapTargets(page, `event page (${lang})`);

      // Choose colour and size, add to the cart.
      await page.locator('[data-testid=product-card]:not(.sf-soldout)').first().click();
      const sheet = await chooseFirstSku(page);
      const unitPrice = (await sheet.getByTestId('sheet-price').innerText()).trim();
      assert.match(unitPrice, /^¥[\d,]+(\.\d\d)?$/);
      await assertNoBasePrice(page, 'product sheet');
      await screenShot(page, 'product-sheet', lang);
      await assertTapTargets(page, `product sheet (${lang})`);
      await sheet.getByTestId('add-to-cart').click();
      await page.getByTestId('toast').filter({ hasText: T.added }).waitFor();
      assert.equal(await page.getByTestId('cart-count').innerText(), '1');
      assert.equal((await page.getByTestId('cart-total').innerText()).trim(), unitPrice);
      await page.getByTestId('open-cart').click();
      await page.getByTestId('cart-sheet').getByTestId('cart-line').waitFor();
      await screenShot(page, 'cart', lang);
      await assertTapTargets(page, `cart (${lang})`);
      await page.getByTestId('sheet-checkout').click();

      // Checkout: the phone is checked before anything is sent.
      await page.getByTestId('f-name').waitFor();
      // The best coupon for the cart is chosen for the consumer; this one pays the full price.
      await page.getByTestId('coupon-list').waitFor();
      if (await page.getByTestId('coupon-none').count()) await page.getByTestId('coupon-none').click();
      await page.waitForFunction((want) => document.querySelector('[data-testid=checkout-total]')?.textContent?.trim() === want, unitPrice);
      assert.equal((await page.getByTestId('checkout-total').innerText()).trim(), unitPrice);
      assert.equal(await page.title(), lang === 'en' ? 'Confirm your order · Sellthrough' : '确认订单 · 爱清仓', 'the tab says where the consumer is');
      await page.getByTestId('f-name').fill('陈小雨');
      await page.getByTestId('f-phone').fill('12345');
      await page.getByTestId('f-province').fill('浙江省');
      await page.getByTestId('f-city').fill('杭州市');
      await page.getByTestId('f-district').fill('西湖区');
      await page.getByTestId('f-detail').fill('文三路 90 号 2 幢 501 室');
      await page.getByTestId('place-order').click();
      await page.getByText(T.phoneError).waitFor();
      assert.match(page.url(), /\/checkout$/, 'an invalid phone is not submitted');
      await page.getByTestId('f-phone').fill('13912345678');
      await page.getByTestId('f-note').fill(lang === 'en' ? 'Please gift-wrap' : '麻烦帮忙包装好一点');
      await shot(page, AREA, 'checkout', lang);
      await assertTapTargets(page, `checkout (${lang})`);
      await page.getByTestId('place-order').click();

      // The sandbox gateway's hosted page.
      await page.waitForURL(/\/sandbox\/pay\//);
      const pay = page.getByRole('button', { name: /确认支付/ });
      await pay.waitFor();
      // The gateway's page names the order by its number, as the consumer will see it.
      const payingFor = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
      assert.match(payingFor, /^订单 \d{16}$/);
      await shot(page, AREA, 'sandbox', lang);

      // The same order opened from its saved link before paying: awaiting payment, with a way to pay.
      const [mine] = JSON.parse((await page.evaluate((c) => localStorage.getItem(`sf-orders:${c}`), shareCode)) ?? '[]') as { orderId: string; token: string }[];
      assert.ok(mine?.token, 'the lookup token is kept in localStorage');
      const waiting = await ctx.newPage();
      await waiting.goto(`${platform.baseUrl}/s/${shareCode}/orders/${mine.orderId}?token=${encodeURIComponent(mine.token)}`);
      await waiting.getByTestId('order-status').filter({ hasText: T.pending }).waitFor();
      assert.equal(await waiting.getByTestId('pay-now').getAttribute('href'), page.url());
      await shot(waiting, AREA, 'order-pending', lang);
      await waiting.close();

      await pay.click();

      // Back on the order page; the notification lands on its own time.
      await page.waitForURL(new RegExp(`/s/${shareCode}/orders/ord_[0-9a-z]+\\?token=`));
      await page.getByTestId('order-status').filter({ hasText: new RegExp(`^${T.paid}$`) }).waitFor({ timeout: 60_000 });
      assert.equal((await page.getByTestId('order-amount').innerText()).trim(), unitPrice);
      await page.getByTestId('order-line').first().waitFor();
      assert.ok((await page.getByTestId('lookup-link').inputValue()).includes('?token='), 'the lookup link carries the token');
      await assertNoBasePrice(page, 'order page');
      // One order number everywhere: the page, the gateway's page, the API.
      const orderNo = (await page.getByTestId('order-no').innerText()).trim();
      assert.match(orderNo, /^\d{16}$/);
      await page.waitForFunction((no) => document.title.startsWith(no), orderNo);
      assert.equal(await page.title(), `${orderNo} · ${lang === 'en' ? 'Order details · Sellthrough' : '订单详情 · 爱清仓'}`);
      assert.equal(payingFor, `订单 ${orderNo}`);
      const fromApi = await page.evaluate(async (u) => (await (await fetch(u)).json()).orderNo, `/api/v1/storefront/orders/${mine.orderId}?token=${encodeURIComponent(mine.token)}`);
      assert.equal(fromApi, orderNo);
      // Paid, nothing shipped yet: the words say so, and promise no tracking.
      assert.equal(await page.getByTestId('status-body').innerText(), T.paidBody);
      await shot(page, AREA, 'order', lang);
      await assertTapTargets(page, `order page (${lang})`);
      assert.match(page.url(), new RegExp(mine.orderId));
      assert.equal(await page.evaluate((c) => JSON.parse(localStorage.getItem(`sf-cart:${c}`) ?? '[]').length, shareCode), 0, 'ordered lines leave the cart');

      // 我的订单 in the shop shows the same number.
      await page.goto(`${platform.baseUrl}/s/${shareCode}`);
      await page.locator('[data-testid=saved-order-no]', { hasText: orderNo }).first().waitFor();
      await shot(page, AREA, 'my-orders', lang);
      await assertTapTargets(page, `my orders (${lang})`);

      // Nothing the storefront was sent carries a base price.
      for (const b of bodies) assert.doesNotMatch(b, /"base(Price|Total)":\d/);
    } finally {
      await ctx.close();
    }
  });

  test(`ended and upcoming sales, and an unknown shop (${lang})`, { skip: !chromiumAvailable() && 'no chromium', timeout: 120_000 }, async () => {
    const T = TEXT[lang];
    const ctx = await person(browser, { viewport: PHONE, lang, mobile: true });
    const page = await ctx.newPage();
    try {
      await page.goto(`${platform.baseUrl}/s/${shareCode}/e/${endedId}`);
      await page.getByRole('heading', { name: T.ended }).waitFor();
      assert.equal(await page.getByTestId('product-card').count(), 0, 'an ended sale shows no products or prices');
      await shot(page, AREA, 'ended', lang);
      await page.getByTestId('to-shop').click();
      await page.getByTestId('shop-name').waitFor();

      // A cart kept from before the sale ended: checkout marks the line and will not send it.
      await page.evaluate(([c, e, k]) => localStorage.setItem(`sf-cart:${c}`, JSON.stringify([{ eventSkuId: k, saleEventId: e, productId: 'p', name: '纯棉短袖POLO衫', colour: '白色', size: 'L', price: 9900, tagPrice: 29900, image: null, quantity: 1 }])), [shareCode, endedId, endedSku]);
      await page.goto(`${platform.baseUrl}/s/${shareCode}/checkout`);
      await page.getByTestId('cart-line').filter({ hasText: lang === 'en' ? 'Sale ended' : '特卖已结束' }).waitFor();
      await fillAddress(page);
      await page.getByTestId('place-order').click();
      await page.getByTestId('checkout-error').filter({ hasText: T.endedLine }).waitFor();
      assert.match(page.url(), /\/checkout$/);
      await page.getByTestId('remove-unavailable').click();
      await page.getByTestId('sf-message').waitFor();

      if (upcoming) {
        await page.goto(`${platform.baseUrl}/s/${shareCode}/e/${upcoming.id}`);
        await page.getByTestId('upcoming-note').filter({ hasText: T.notOpen }).waitFor();
        await page.getByTestId('product-card').first().click();
        assert.equal(await page.getByTestId('not-buyable').isDisabled(), true, 'an upcoming sale cannot be bought');
        assert.equal(await page.getByTestId('add-to-cart').count(), 0);
        await screenShot(page, 'upcoming', lang);
      }

      // The stock the page knew was stale: the server's sold_out names the line to fix.
      if (scarce) {
        const sku = scarce;
        await page.route(`**/api/v1/storefront/${shareCode}/sale-events/${live.id}`, async (route) => {
          const res = await route.fetch();
          const body = (await res.json()) as { products: { skus: { available: number }[] }[] };
          for (const p of body.products) for (const k of p.skus) k.available = 999;
          await route.fulfill({ response: res, json: body });
        });
        await page.evaluate(([c, e, k]) => localStorage.setItem(`sf-cart:${c}`, JSON.stringify([k])),
          [shareCode, live.id, { eventSkuId: sku.eventSkuId, saleEventId: live.id, productId: 'p', name: sku.name, colour: sku.colour, size: sku.size, price: sku.price, tagPrice: sku.price, image: null, quantity: 99 }] as const);
        await page.goto(`${platform.baseUrl}/s/${shareCode}/checkout`);
        await page.getByTestId('cart-line').waitFor();
        await fillAddress(page);
        await page.getByTestId('place-order').click();
        await page.getByTestId('checkout-error').filter({ hasText: sku.name }).waitFor();
        assert.match(page.url(), /\/checkout$/);
        await screenShot(page, 'checkout-sold-out', lang);
        await page.unroute(`**/api/v1/storefront/${shareCode}/sale-events/${live.id}`);
        await page.evaluate((c) => localStorage.removeItem(`sf-cart:${c}`), shareCode);
      }

      await page.goto(`${platform.baseUrl}/s/nosuchshop1/`);
      await page.getByRole('heading', { name: T.noShop }).waitFor();
      await shot(page, AREA, 'unknown-shop', lang);
    } finally {
      await ctx.close();
    }
  });
}

// ---- the discount badge (低至N折), worked out from the shop's own prices ----

interface ShopEvents { events: { id: string; discountTenths: number | null }[] }
interface ShopEventView { products: { skus: { price: number; tagPrice: number; available: number; flash: { phase: string } | null }[] }[] }

/** 27 → 2.7折 / 73% off, as the app words it. */
const badge = (tenths: number, lang: 'zh-CN' | 'en') => (lang === 'en' ? `Up to ${100 - tenths}% off` : `低至${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}折`);

for (const lang of ['zh-CN', 'en'] as const) {
  test(`the discount badge on the shop's event tiles and on the event page comes from the shop's prices (${lang})`, { skip: !chromiumAvailable() && 'no chromium', timeout: 120_000 }, async () => {
    const shop = (await fetch(`${platform.baseUrl}/api/v1/storefront/${shareCode}`).then((r) => r.json())) as ShopEvents;
    const discounted = shop.events.filter((e) => e.discountTenths !== null);
    assert.ok(discounted.length > 0, 'the demo shop has an event below its tag prices');
    const ctx = await person(browser, { viewport: PHONE, lang, mobile: true });
    const page = await ctx.newPage();
    try {
      await page.goto(`${platform.baseUrl}/s/${shareCode}`);
      await page.getByTestId('event-card').first().waitFor();
      for (const e of shop.events) {
        const tile = page.locator(`[data-testid=event-card][data-event-id="${e.id}"]`);
        const b = tile.getByTestId('event-discount');
        if (e.discountTenths === null) { assert.equal(await b.count(), 0, `no badge on event ${e.id}, nothing is below its tag`); continue; }
        assert.equal((await b.innerText()).trim(), badge(e.discountTenths, lang), `the badge of event ${e.id}`);
      }
      await shot(page, AREA, 'discount-shop', lang);

      // The event page: the deepest discount among the items buyable now — in stock, a flash item
      // only while its sale is on, at the price it sells at — the same figure as its tile.
      const ev = discounted[0];
      const view = (await fetch(`${platform.baseUrl}/api/v1/storefront/${shareCode}/sale-events/${ev.id}`).then((r) => r.json())) as ShopEventView;
      const tenths = view.products.flatMap((p) => p.skus).filter((s) => (s.flash ? s.flash.phase === 'on_sale' : s.available > 0) && s.price > 0 && s.price < s.tagPrice)
        .map((s) => Math.ceil((s.price * 100) / s.tagPrice));
      assert.equal(tenths.length ? Math.min(...tenths) : null, ev.discountTenths, 'the event page and its tile say the same');
      await page.goto(`${platform.baseUrl}/s/${shareCode}/e/${ev.id}`);
      await page.getByTestId('product-card').first().waitFor();
      const onPage = page.getByTestId('event-discount');
      if (tenths.length === 0) assert.equal(await onPage.count(), 0);
      else assert.equal((await onPage.first().innerText()).trim(), badge(Math.min(...tenths), lang));
      await shot(page, AREA, 'discount-event', lang);
    } finally {
      await ctx.close();
    }
  });
}
