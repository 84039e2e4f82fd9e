// Made for one thumb, at 375 × 812 in zh-CN and in English: the consumer fills the address by
// pasting a chat message or picking 省/市/区, is offered the coupons the cart can use (the best
// chosen), finds the address saved at the next checkout and deletes it; joins the group that
// lacks one person from the group-buy item page; the reseller corrects and deletes a customer in
// the address book. Every screen visited is checked for tap targets of at least 44 × 44 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, apiLogin, apiGet, chromiumAvailable, formLogin, launchBrowser, pageErrors, person, PHONE, SHOTS, openShopItem, shopItem, shot, startPlatform, type Running, chooseFirstSku } from './support/browser.ts';
import { assertTapTargets } from './support/tap-targets.ts';

const skip = chromiumAvailable() ? false : 'Chromium is not installed';
let platform: Running;
let browser: Browser;
let shareCode = '';

before(async () => {
  if (skip) return;
  platform = await startPlatform();
  browser = await launchBrowser();
  const rt = await apiLogin(platform, '13700000001');
  shareCode = (await apiGet<{ reseller: { shareCode: string } }>(platform, '/reseller/me', rt)).reseller.shareCode;
  // A coupon every cart can use, so the list always has one to choose.
  const op = await apiLogin(platform, '13800000000');
  const made = await api(platform, 'POST', '/coupons', {
    token: op,
    body: { code: 'E2E-THUMB-3', name: '立减3元', kind: 'fixed', amountOff: 300, fundedBy: 'platform', validFrom: new Date(Date.now() - 60_000).toISOString(), validTo: new Date(Date.now() + 86400_000).toISOString(), totalCap: 100, perCustomerCap: 5 },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
});
after(async () => {
  await browser?.close();
  await platform?.stop();
});

/** A sheet sits on the viewport: pictured as the phone shows it. */
async function screen(page: Page, area: string, name: string, lang: string) {
  fs.mkdirSync(path.join(SHOTS, area), { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, area, `${name}.${lang}.png`) });
}

/** From the shop: an item on sale (an event on now, a product of it in stock) into the cart, then to checkout. */
async function toCheckout(page: Page) {
  const item = await shopItem(platform, 1);
  await page.goto(`${platform.baseUrl}/s/${shareCode}`);
  await openShopItem(page, shareCode, item);
  const sheet = await chooseFirstSku(page);
  await sheet.getByTestId('add-to-cart').click();
  await page.getByTestId('open-cart').click();
  await page.getByTestId('sheet-checkout').click();
  await page.getByTestId('f-name').waitFor();
}

const value = (page: Page, id: string) => page.getByTestId(id).inputValue();

const T = {
  'zh-CN': { phone: '13622220001', detail: '科技园南路 8 号' },
  en: { phone: '13622220002', detail: 'Keji Rd S 8' },
} as const;

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a consumer pastes or picks the address, gets the best coupon, and finds the address saved next time (${lang})`, { skip, timeout: 240_000 }, async () => {
    const ctx = await person(browser, { viewport: PHONE, lang, mobile: true });
    const page = await ctx.newPage();
    const errors = pageErrors(page);
    try {
      await toCheckout(page);

      // Coupons: the list is there; when one applies, exactly one is chosen, and the consumer can decline or choose.
      const list = page.getByTestId('coupon-list');
      await list.waitFor();
      const usable = page.locator('[data-testid=coupon-card]:not([disabled])');
      await page.locator('[data-testid=coupon-card][data-code="E2E-THUMB-3"]').waitFor();
      {
        await page.locator('[data-testid=coupon-card][aria-pressed=true]').waitFor();
        assert.equal(await page.locator('[data-testid=coupon-card][aria-pressed=true]').count(), 1, 'the best coupon is chosen');
        await page.getByTestId('checkout-discount').waitFor();
        await list.scrollIntoViewIfNeeded();
        await screen(page, 'storefront', 'checkout-coupon-list', lang);
        await page.getByTestId('coupon-none').click();
        await page.locator('[data-testid=coupon-none][aria-pressed=true]').waitFor();
        assert.equal(await page.locator('[data-testid=coupon-card][aria-pressed=true]').count(), 0);
        await usable.first().click();
        await page.locator('[data-testid=coupon-card][aria-pressed=true]').waitFor();
      }

      // 粘贴地址自动识别: one chat message fills the name, phone and 省/市/区.
      await page.getByTestId('paste-open').click();
      await page.getByTestId('paste-text').fill('收件人：李雷 13612345678 浙江省杭州市西湖区文三路100号 5幢');
      await page.getByTestId('paste-recognise').click();
      await page.getByTestId('paste-result').waitFor();
      assert.deepEqual(
        [await value(page, 'f-name'), await value(page, 'f-phone'), await value(page, 'f-province'), await value(page, 'f-city'), await value(page, 'f-district'), await value(page, 'f-detail')],
        ['李雷', '13612345678', '浙江省', '杭州市', '西湖区', '文三路100号 5幢'],
      );
      await page.getByTestId('paste-address').scrollIntoViewIfNeeded();
      await screen(page, 'storefront', 'checkout-paste', lang);
      await assertTapTargets(page, `checkout with paste and coupons (${lang})`);

      // The 省/市/区 picker: one list at a time.
      await page.getByTestId('region-open').click();
      const picker = page.getByTestId('region-picker');
      await picker.getByTestId('region-item').filter({ hasText: /^广东省$/ }).click();
      await picker.getByTestId('region-item').filter({ hasText: /^深圳市$/ }).waitFor();
      await screen(page, 'storefront', 'region-picker', lang);
      await assertTapTargets(page, `region picker (${lang})`);
      await picker.getByTestId('region-item').filter({ hasText: /^深圳市$/ }).click();
      await picker.getByTestId('region-item').filter({ hasText: /^南山区$/ }).click();
      await picker.waitFor({ state: 'detached' });
      assert.deepEqual([await value(page, 'f-province'), await value(page, 'f-city'), await value(page, 'f-district')], ['广东省', '深圳市', '南山区']);
      await page.getByTestId('f-phone').fill(T[lang].phone);
      await page.getByTestId('f-detail').fill(T[lang].detail);
      assert.equal(await page.getByTestId('keep-address').isChecked(), true, 'saving the address is offered, on');
      await page.getByTestId('place-order').click();
      await page.waitForURL(/\/sandbox\/pay\//);

      // Next time: the address is offered, in use (the form remembers it), and can be deleted.
      await toCheckout(page);
      const saved = page.getByTestId('saved-address').filter({ hasText: T[lang].detail });
      await saved.waitFor();
      assert.match(await saved.innerText(), /广东省深圳市南山区/);
      assert.equal(await saved.getByTestId('saved-address-use').getAttribute('aria-pressed'), 'true');
      await page.getByTestId('saved-addresses').scrollIntoViewIfNeeded();
      await screen(page, 'storefront', 'checkout-saved-address', lang);
      await assertTapTargets(page, `checkout with a saved address (${lang})`);
      await saved.getByTestId('saved-address-remove').click();
      await saved.getByTestId('saved-address-remove-confirm').click();
      await page.getByTestId('saved-addresses').waitFor({ state: 'detached' });
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
    }
  });

  test(`a consumer joins the group that lacks one person from the item page (${lang})`, { skip, timeout: 180_000 }, async () => {
    const rt = await apiLogin(platform, '13700000001');
    const mine = await apiGet<{ groups: { id: string; offerId: string; status: string; slotsLeft: number; size: number }[] }>(platform, '/reseller/group-buys', rt);
    // A group two seats short: after this consumer joins, it lacks one.
    let group = mine.groups.find((g) => g.status === 'open' && g.slotsLeft >= 2);
    if (!group) {
      const any = mine.groups[0];
      const opened = await api<{ groupId: string }>(platform, 'POST', `/storefront/${shareCode}/group-buy-offers/${any.offerId}/groups`, {
        key: `e2e-adr-open-${lang}-${Date.now()}`, body: { consumer: { name: '团长', phone: lang === 'en' ? '13533330002' : '13533330001', address: { province: '上海市', city: '上海市', district: '静安区', detail: '南京西路 1 号' } }, quantity: 1 },
      });
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      group = { id: opened.body.groupId, offerId: any.offerId, status: 'open', slotsLeft: 2, size: 3 };
    }
    const ctx = await person(browser, { viewport: PHONE, lang, mobile: true });
    const page = await ctx.newPage();
    const errors = pageErrors(page);
    try {
      await page.goto(`${platform.baseUrl}/s/${shareCode}/g/${group.offerId}`);
      await page.getByTestId('group-price').waitFor();
      const shop = (await apiGet<{ resellerName: string }>(platform, `/storefront/${shareCode}`, rt)).resellerName;
      // Titled as every storefront page: the shop's name (李丽的特卖小店 / 李丽's shop).
      assert.equal((await page.getByTestId('sf-title').innerText()).trim(), lang === 'en' ? `${shop}'s shop` : `${shop}的特卖小店`, 'the page names the shop');
      const rows = page.getByTestId('open-group');
      await rows.first().waitFor();
      const slots = (await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-slots')))));
      assert.deepEqual(slots, [...slots].sort((a, b) => a - b), 'the group nearest full comes first');
      assert.equal(await rows.first().locator('.gb-avatar svg').count(), 1, 'a figure, not two digits');
      await assertTapTargets(page, `group-buy item (${lang})`);
      await shot(page, 'storefront', 'group-offer-join', lang);
      const row = page.locator(`[data-testid=open-group]:has(a[href$="/groups/${group.id}"])`);
      await row.getByTestId('join-open-group').click();
      await page.getByTestId('group-form').waitFor();
      await page.getByTestId('f-name').fill(lang === 'en' ? 'Lily' : '林莉');
      await page.getByTestId('f-phone').fill(lang === 'en' ? '13644440002' : '13644440001');
      await page.getByTestId('f-province').fill('浙江省');
      await page.getByTestId('f-city').fill('杭州市');
      await page.getByTestId('f-district').fill('西湖区');
      await page.getByTestId('f-detail').fill('文三路 90 号');
      await page.getByTestId('group-form').scrollIntoViewIfNeeded();
      await screen(page, 'storefront', 'group-offer-join-form', lang);
      await assertTapTargets(page, `group join form (${lang})`);
      await page.getByTestId('group-submit').click();
      await page.waitForURL(/\/sandbox\/pay\//);
      const after = await apiGet<{ groups: { id: string; slotsLeft: number }[] }>(platform, '/reseller/group-buys', rt);
      assert.equal(after.groups.find((g) => g.id === group.id)?.slotsLeft, group.slotsLeft - 1, 'the consumer joined that group');
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
    }
  });

  test(`a reseller corrects a customer and deletes one after confirming (${lang})`, { skip, timeout: 180_000 }, async () => {
    const ctx = await person(browser, { viewport: PHONE, lang, mobile: true });
    const page = await ctx.newPage();
    const errors = pageErrors(page);
    const rt = await apiLogin(platform, '13700000003');
    const phone = lang === 'en' ? '13655550002' : '13655550001';
    const made = await api<{ id: string }>(platform, 'POST', '/reseller/customers', { token: rt, body: { name: '周小姐', phone, province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 1 号' } });
    assert.equal(made.status, 201);
    try {
      await formLogin(page, platform, 'reseller', '13700000003');
      await page.goto(`${platform.baseUrl}/reseller/customers`);
      await page.locator('#cust-search').fill(phone);
      const row = page.getByTestId('customer-row').filter({ hasText: phone });
      await row.waitFor();
      await assertTapTargets(page, `address book (${lang})`);
      await row.getByTestId('customer-edit').click();
      const sheet = page.getByTestId('edit-customer');
      await sheet.waitFor();
      assert.equal(await sheet.locator('#c-name').inputValue(), '周小姐');
      await sheet.locator('#c-phone').fill('12345');
      await sheet.locator('button[type=submit]').click();
      await sheet.locator('.field-error').first().waitFor();
      await sheet.locator('#c-phone').fill(phone);
      await sheet.locator('#c-detail').fill('世纪大道 100 号 8 楼');
      await screen(page, 'reseller', 'customer-edit', lang);
      await assertTapTargets(page, `customer edit sheet (${lang})`);
      await sheet.locator('button[type=submit]').click();
      await row.filter({ hasText: '世纪大道 100 号 8 楼' }).waitFor();
      const api1 = await api<{ detail: string }>(platform, 'GET', `/reseller/customers/${made.body.id}`, { token: rt });
      assert.equal(api1.body.detail, '世纪大道 100 号 8 楼');

      await row.getByTestId('customer-remove').click();
      const confirm = page.getByTestId('remove-customer');
      await confirm.waitFor();
      assert.match(await confirm.innerText(), new RegExp(phone));
      await screen(page, 'reseller', 'customer-delete', lang);
      await assertTapTargets(page, `customer delete confirmation (${lang})`);
      await confirm.getByTestId('remove-customer-confirm').click();
      await row.waitFor({ state: 'detached' });
      assert.equal((await api(platform, 'GET', `/reseller/customers/${made.body.id}`, { token: rt })).status, 404);
      await shot(page, 'reseller', 'customers-after-delete', lang);
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
    }
  });
}
