// Brand proof and 晒单 in real Chromium against `sellthrough start`, in zh-CN and en, each on a
// brand and event of its own: the brand attaches its 品牌授权书, 质检报告 and 实拍图 to the event in
// the brand portal; the reseller finds them in the product's share sheet (品牌资质), with no buyer
// photos yet; a consumer whose storefront order the brand drop-shipped and the sandbox carrier
// delivered adds two photos with a note on their order page; the reseller then finds them under
// 买家秀 in the same share sheet, and the event's battle report image loads in the reseller app.
// Set up over the API and the platform's own use cases; every screen photographed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { person, DESKTOP, PHONE, SHOTS, shot, chromiumAvailable, type Running, apiLogin, apiGet, api, ok, eventually, pageErrors, formLogin } from './support/browser.ts';
import { twoSkuEvent, startWarehouseRun, stopWarehouseRun, paidStorefrontOrder, dropShipAndDeliver, DEMO_RESELLER } from './support/fulfilment.ts';
import { photo } from './support/photo.ts';
import type { Ctx } from '../src/platform/context.ts';
import type { Database } from '../src/platform/database.ts';

let platform: Running;
let browser: Browser;
let sys: { ctx: Ctx; database: Database; close(): Promise<void> };
let operator = '';
let shareCode = '';

before(async () => {
  if (!chromiumAvailable()) return;
  ({ platform, browser, sys, operator } = await startWarehouseRun());
  shareCode = (await apiGet<{ reseller: { shareCode: string } }>(platform, '/reseller/me', await apiLogin(platform, DEMO_RESELLER))).reseller.shareCode;
});

after(() => stopWarehouseRun({ platform, browser, sys }));

const TEXT = {
  'zh-CN': {
    brand: 'E2E 素材女装', event: 'E2E 素材专场', coat: 'E2E 素材大衣', scarf: 'E2E 素材围巾', consumer: '陈晓', note: '大衣很挺括，颜色和图上一样',
    materials: [
      { kind: 'authorisation', label: '品牌授权书', title: '品牌授权书 2025' },
      { kind: 'quality_report', label: '质检报告', title: '羊毛含量检测报告' },
      { kind: 'photo', label: '实拍图', title: '大衣仓库实拍' },
    ],
    noBuyerShow: '还没有顾客晒单', shared: '晒单已上传，谢谢你！',
  },
  en: {
    brand: 'E2E Proof Wear', event: 'E2E proof event', coat: 'E2E proof coat', scarf: 'E2E proof scarf', consumer: 'Xiao Chen', note: 'The coat holds its shape; the colour is as pictured',
    materials: [
      { kind: 'authorisation', label: 'Authorisation letter', title: 'Brand authorisation 2025' },
      { kind: 'quality_report', label: 'Quality report', title: 'Wool content test report' },
      { kind: 'photo', label: 'Real photo', title: 'The coat in the warehouse' },
    ],
    noBuyerShow: 'No buyer photos yet', shared: 'Thank you — your photos are up!',
  },
} as const;

/** Every image under `scope` has loaded and has a size (not a broken image). */
async function imagesDrawn(scope: Locator, count: number): Promise<void> {
  await eventually(async () => {
    const sizes = await scope.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0));
    assert.deepEqual(sizes, Array(count).fill(true));
  });
}

/** A bottom sheet photographed whole: the phone made taller for the picture. */
async function sheetShot(page: Page, name: string, lang: string): Promise<void> {
  await page.setViewportSize({ width: PHONE.width, height: 1500 });
  fs.mkdirSync(path.join(SHOTS, 'reseller'), { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, 'reseller', `${name}.${lang}.png`) });
  await page.setViewportSize(PHONE);
}

/** The reseller's share sheet of the product, on its pictures tab (九宫格, 品牌资质, 买家秀). */
async function productSheet(page: Page, eventId: string, productName: string): Promise<Locator> {
  await page.goto(`${platform.baseUrl}/reseller/events/${eventId}`);
  await page.getByTestId('product-card').filter({ hasText: productName }).getByTestId('share-product').click();
  const sheet = page.getByTestId('share-sheet');
  await sheet.getByTestId('share-tab-images').click();
  await sheet.getByTestId('share-buyer-show').waitFor();
  return sheet;
}

for (const [n, lang] of (['zh-CN', 'en'] as const).entries()) {
  test(`brand proof and 晒单: the brand's material and a buyer's photos reach the reseller's share sheet (${lang})`, { skip: !chromiumAvailable() && 'no chromium', timeout: 300_000 }, async () => {
    const L = TEXT[lang];
    const e = await twoSkuEvent(sys, { tag: 'SK', barcodeHead: '67', phoneHead: '1398', n, street: 400 + n, brand: L.brand, event: L.event, coat: L.coat, scarf: L.scarf });
    // A consumer's storefront order for a coat, drop-shipped by the brand and delivered.
    const order = await paidStorefrontOrder(platform, operator, {
      shareCode, key: `e2e-sk-${e.stamp}-${n}`, consumer: { name: L.consumer, phone: `1391100${n}088`, address: e.address }, lines: [{ eventSkuId: e.esku(e.coatSku), quantity: 1 }],
    });
    const delivered = dropShipAndDeliver(platform, operator, { saleEventId: e.eventId, brandPhone: e.brandPhone, orderIds: [order.orderId] });
    delivered.catch(() => { /* awaited below */ });

    const bctx = await person(browser, { viewport: DESKTOP, lang });
    const rctx = await person(browser, { viewport: PHONE, lang, mobile: true });
    const cctx = await person(browser, { viewport: PHONE, lang, mobile: true });
    try {
      // ---- the brand attaches its proof to the event ----
      const bp = await bctx.newPage();
      const bErrors = pageErrors(bp);
      await formLogin(bp, platform, 'brand', e.brandPhone, 'brand-name');
      await bp.goto(`${platform.baseUrl}/brand/events/${e.eventId}`);
      const editor = bp.getByTestId('materials-editor');
      await editor.waitFor();
      for (const [i, m] of L.materials.entries()) {
        await editor.getByTestId('material-kind').selectOption(m.kind);
        await editor.getByTestId('material-title').fill(m.title);
        await editor.getByTestId('material-file').setInputFiles({ name: `${m.kind}.png`, mimeType: 'image/png', buffer: photo(i * 40) });
        await editor.getByTestId('material-add').click();
        await eventually(async () => assert.equal(await editor.getByTestId('material').count(), i + 1));
        assert.equal(await editor.getByTestId('material-title').inputValue(), '', 'the form is cleared for the next one');
      }
      assert.deepEqual(await editor.locator('.materials-cap').allInnerTexts(), L.materials.map((m) => `${m.label} ${m.title}`));
      await imagesDrawn(editor.locator('.materials-grid'), 3);
      await shot(bp, 'brand', 'event-materials', lang);
      const rt = await apiLogin(platform, DEMO_RESELLER);
      const proof = (await apiGet<{ items: { kind: string; title: string }[] }>(platform, `/sale-events/${e.eventId}/materials`, rt)).items;
      assert.deepEqual(proof.map((m) => [m.kind, m.title]).sort(), L.materials.map((m) => [m.kind, m.title]).sort(), 'every reseller reads the brand’s proof');
      assert.deepEqual(bErrors, []);

      // ---- the reseller finds it in the product's share sheet; no buyer photos yet ----
      const rp = await rctx.newPage();
      const rErrors = pageErrors(rp);
      await formLogin(rp, platform, 'reseller', DEMO_RESELLER);
      let sheet = await productSheet(rp, e.eventId, L.coat);
      const shown = sheet.getByTestId('share-proof');
      await shown.waitFor();
      assert.deepEqual((await shown.locator('.materials-cap').allInnerTexts()).sort(), L.materials.map((m) => `${m.label} ${m.title}`).sort());
      await imagesDrawn(shown, 3);
      assert.equal((await sheet.getByTestId('share-buyer-show').innerText()).includes(L.noBuyerShow), true);
      await sheetShot(rp, 'share-brand-proof', lang);
      await rp.keyboard.press('Escape');

      // ---- the consumer, once delivered, adds two photos to their order ----
      await delivered;
      const cp = await cctx.newPage();
      const cErrors = pageErrors(cp);
      await cp.goto(order.url);
      const share = cp.getByTestId('share-order');
      await share.waitFor();
      await share.getByTestId('share-photos').setInputFiles([
        { name: 'coat-front.png', mimeType: 'image/png', buffer: photo(10) },
        { name: 'coat-label.png', mimeType: 'image/png', buffer: photo(70) },
      ]);
      await share.locator('input[type=text]').fill(L.note);
      await share.getByTestId('share-photos-submit').click();
      await share.getByRole('status').filter({ hasText: L.shared }).waitFor();
      await imagesDrawn(share.locator('.sf-photo-row'), 2);
      const stored = ok(await api<{ items: { note: string }[] }>(platform, 'GET', `/storefront/orders/${order.orderId}/photos?token=${encodeURIComponent(order.lookupToken)}`)).items;
      assert.deepEqual(stored.map((p) => p.note), [L.note, L.note]);
      await shot(cp, 'storefront', 'order-share-photos', lang);
      assert.deepEqual(cErrors, []);

      // ---- the reseller sees them under 买家秀, beside the brand's proof ----
      sheet = await productSheet(rp, e.eventId, L.coat);
      const show = sheet.getByTestId('share-buyer-show');
      await show.locator('img').first().waitFor();
      assert.deepEqual(await show.locator('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt'))), [L.note, L.note]);
      await imagesDrawn(show, 2);
      await sheet.getByTestId('share-proof').waitFor();
      await sheetShot(rp, 'share-buyer-show', lang);
      await rp.keyboard.press('Escape');

      // ---- the event's battle report in the reseller app: the order counted, the image drawn ----
      const image = rp.waitForResponse((r) => r.url().includes(`/sale-events/${e.eventId}/battle-report.png`) && r.request().resourceType() === 'image');
      await rp.goto(`${platform.baseUrl}/reseller/events/${e.eventId}/report`);
      await rp.getByTestId('battle-report').waitFor();
      assert.equal((await image).status(), 200);
      await imagesDrawn(rp.getByTestId('report-image'), 1);
      assert.deepEqual(rErrors, []);
    } finally {
      await bctx.close();
      await rctx.close();
      await cctx.close();
    }
  });
}
