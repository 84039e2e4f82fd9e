// What the operator's controls do to the phones, in real Chromium against `sellthrough start` with
// the demo data, in zh-CN and en: an item pulled from a live event (下架) says 已下架 on the
// consumer's event page and cannot be chosen; a reseller the operator pauses sees why on every
// screen of their app, and their shared link says the shop is paused; the flash sale's buy form
// has the same address helpers as the checkout (saved addresses, 粘贴地址自动识别, 省/市/区).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, person, PHONE, shot, startPlatform, chromiumAvailable, type Running, api, apiLogin, apiGet, pageErrors, formLogin } from './support/browser.ts';

const AREA = 'operator-effects';
const OPERATOR = '13800000000';
const RESELLER = '13700000001';
let platform: Running;
let browser: Browser;
let operator = '';
let shareCode = '';
let resellerId = '';

const TEXT = {
  'zh-CN': { pulled: '已下架', paused: '你的店铺已被平台暂停', linkPaused: '店铺暂停营业', paste: '粘贴地址', pick: '选择省 / 市 / 区' },
  en: { pulled: 'Removed from sale', paused: 'Your shop has been paused by the platform', linkPaused: 'This shop is paused', paste: 'Paste an address', pick: 'Choose province / city / district' },
} as const;

interface EventView { products: { id: string; skus: { eventSkuId: string; colour: string; size: string; available: number; pulled: boolean; flash: unknown }[] }[] }

before(async () => {
  if (!chromiumAvailable()) return;
  platform = await startPlatform();
  browser = await launchBrowser();
  operator = await apiLogin(platform, OPERATOR);
  const rt = await apiLogin(platform, RESELLER);
  const me = await apiGet<{ reseller: { id: string; shareCode: string } }>(platform, '/reseller/me', rt);
  ({ shareCode, id: resellerId } = me.reseller);
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

/** A live event of the shop with a plain item of its own still on sale (a different one each call). */
async function liveItem(skip: Set<string>): Promise<{ eventId: string; eventSkuId: string; productId: string; colour: string; size: string; colours: number }> {
  const rt = await apiLogin(platform, RESELLER);
  const events = (await apiGet<{ items: { id: string; onSale: boolean; stockLeft: number }[] }>(platform, '/reseller/sale-events', rt)).items.filter((e) => e.onSale && e.stockLeft > 0);
  for (const e of events) {
    const view = await api<EventView>(platform, 'GET', `/storefront/${shareCode}/sale-events/${e.id}`);
    for (const p of view.body.products) {
      const sku = p.skus.find((s) => s.available > 0 && !s.flash && !s.pulled && !skip.has(s.eventSkuId));
      if (sku) return { eventId: e.id, eventSkuId: sku.eventSkuId, productId: p.id, colour: sku.colour, size: sku.size, colours: new Set(p.skus.map((s) => s.colour)).size };
    }
  }
  throw new Error('the demo data has no plain item on sale in the reseller’s shop');
}

const used = new Set<string>();

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a pulled item says so on the consumer’s event page and cannot be chosen (${lang})`, { timeout: 180_000, skip: !chromiumAvailable() && 'no chromium' }, async () => {
    const L = TEXT[lang];
    const item = await liveItem(used);
    used.add(item.eventSkuId);
    const pulled = await api(platform, 'POST', `/sale-events/${item.eventId}/skus/${item.eventSkuId}/pull`, { token: operator, body: { reason: lang === 'en' ? 'Failed quality check' : '质检不合格' } });
    assert.equal(pulled.status, 200, JSON.stringify(pulled.body));

    const ctx = await person(browser, { viewport: PHONE, lang, mobile: true });
    const page = await ctx.newPage();
    const errors = pageErrors(page);
    try {
      await page.goto(`${platform.baseUrl}/s/${shareCode}/e/${item.eventId}`);
      // on its product, in its colour, the size chip says 已下架 and cannot be chosen
      await page.locator(`[data-testid=product-card][data-product-id="${item.productId}"]`).click();
      if (item.colours > 1) await page.getByTestId('colour-chip').filter({ hasText: item.colour }).first().click();
      const chip = page.getByTestId('size-chip').filter({ hasText: item.size }).first();
      await chip.waitFor();
      assert.equal(await chip.getAttribute('data-pulled'), 'true');
      assert.match(await chip.innerText(), new RegExp(L.pulled));
      assert.equal(await chip.isDisabled(), true, 'a pulled size cannot be chosen');
      await shot(page, AREA, 'pulled-item', lang);
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
    }
  });
}

test('a paused reseller sees why on every screen, their link says the shop is paused; enabled again, both are back (zh-CN and en)', { timeout: 240_000, skip: !chromiumAvailable() && 'no chromium' }, async () => {
  // A consumer's order from before the pause, kept on their phone as the shop keeps it.
  const item = await liveItem(used);
  const placed = await api<{ order: { id: string; orderNo: string; amountDue: number }; lookupToken: string }>(platform, 'POST', `/storefront/${shareCode}/orders`, {
    key: `e2e-paused-${Date.now()}`, body: { consumer: { name: '陈小满', phone: '13900007311', address: { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 90 号' } }, lines: [{ eventSkuId: item.eventSkuId, quantity: 1 }] },
  });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  const saved = [{ orderId: placed.body.order.id, token: placed.body.lookupToken, createdAt: new Date().toISOString(), amount: placed.body.order.amountDue }];
  const off = await api(platform, 'POST', `/resellers/${resellerId}/disable`, { token: operator, body: { reason: '投诉较多，暂停核查' } });
  assert.equal(off.status, 200, JSON.stringify(off.body));
  try {
    for (const lang of ['zh-CN', 'en'] as const) {
      const L = TEXT[lang];
      const ctx = await person(browser, { viewport: PHONE, lang, mobile: true });
      const page = await ctx.newPage();
      try {
        await formLogin(page, platform, 'reseller', RESELLER);
        const banner = page.getByTestId('suspended-banner');
        await banner.waitFor();
        assert.match(await banner.innerText(), new RegExp(L.paused));
        await shot(page, AREA, 'reseller-paused', lang);
        await page.goto(`${platform.baseUrl}/reseller/orders`);
        await banner.waitFor();
        // the shared link: a consumer is told the shop is paused, not shown an error
        await page.goto(`${platform.baseUrl}/s/${shareCode}`);
        await page.evaluate(([key, value]) => localStorage.setItem(key, value), [`sf-orders:${shareCode}`, JSON.stringify(saved)]);
        await page.reload();
        const paused = page.getByTestId('shop-paused');
        await paused.waitFor();
        assert.match(await paused.innerText(), new RegExp(L.linkPaused));
        // The page says paid orders go ahead and their pages show how: the consumer's orders are there to open.
        const mine = page.getByTestId('saved-order');
        await mine.getByTestId('saved-order-no').filter({ hasText: placed.body.order.orderNo }).waitFor();
        await shot(page, AREA, 'link-paused', lang);
        await mine.click();
        await page.waitForURL(new RegExp(`/s/${shareCode}/orders/${placed.body.order.id}\\?token=`));
        await page.getByTestId('order-status').waitFor();
      } finally {
        await ctx.close();
      }
    }
  } finally {
    const on = await api(platform, 'POST', `/resellers/${resellerId}/enable`, { token: operator, body: { reason: '核查完毕' } });
    assert.equal(on.status, 200, JSON.stringify(on.body));
  }
  const ctx = await person(browser, { viewport: PHONE, lang: 'zh-CN', mobile: true });
  const page = await ctx.newPage();
  try {
    await formLogin(page, platform, 'reseller', RESELLER);
    assert.equal(await page.getByTestId('suspended-banner').count(), 0, 'no banner once enabled');
  } finally {
    await ctx.close();
  }
});

for (const lang of ['zh-CN', 'en'] as const) {
  test(`the flash sale’s buy form recognises a pasted address and offers the region picker (${lang})`, { timeout: 180_000, skip: !chromiumAvailable() && 'no chromium' }, async () => {
    const L = TEXT[lang];
    const flash = await api<{ items: { id: string; phase: string }[] }>(platform, 'GET', `/storefront/${shareCode}/flash-items`);
    assert.equal(flash.status, 200, JSON.stringify(flash.body));
    const live = flash.body.items.find((i) => i.phase === 'on_sale') ?? flash.body.items[0];
    assert.ok(live, 'the demo data has a flash sale in the shop');
    const ctx = await person(browser, { viewport: PHONE, lang, mobile: true });
    const page = await ctx.newPage();
    try {
      await page.goto(`${platform.baseUrl}/s/${shareCode}/flash/${live.id}`);
      const form = page.getByTestId('flash-form');
      await form.waitFor();
      // the tab names the item, the flash sale and the shop
      const name = (await page.getByTestId('flash-name').innerText()).trim();
      await page.waitForFunction((n) => document.title.startsWith(n), name);
      assert.match(await page.title(), new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · ${lang === 'en' ? 'Flash sale' : '限时秒杀'} · .+ · ${lang === 'en' ? 'Sellthrough' : '爱清仓'}$`));
      assert.match(await form.getByTestId('paste-open').innerText(), new RegExp(L.paste));
      assert.match(await form.getByTestId('region-open').innerText(), new RegExp(L.pick));
      await form.getByTestId('paste-open').click();
      await form.getByTestId('paste-text').fill('王小明 13912345678 浙江省杭州市西湖区文三路100号');
      await form.getByTestId('paste-recognise').click();
      await form.getByTestId('paste-result').waitFor();
      await page.waitForFunction(() => (document.querySelector('[data-testid=f-phone]') as HTMLInputElement | null)?.value === '13912345678');
      assert.equal(await form.getByTestId('f-city').inputValue(), '杭州市');
      assert.equal(await form.getByTestId('f-district').inputValue(), '西湖区');
      await shot(page, AREA, 'flash-form-address', lang);
    } finally {
      await ctx.close();
    }
  });
}
