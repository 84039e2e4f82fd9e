// Fulfilment in real Chromium against `sellthrough start`, once in zh-CN and once in en, each on
// its own brand and event: two paid orders of an event that ends → the operator issues the
// purchase order (仓库 · 采购单) → the brand confirms a ship date (a past one is refused) → the
// operator receives by typing barcodes into the scan field (an unknown one is refused on its own)
// and by uploading CSV files (a bad row refuses the file and is named; the good file counts) →
// closes receiving with a shortage, which cancels the order paid last → runs a sorting wave, packs
// the parcel by scan (missing and extra shown before it is sent) and hands it over → the sandbox
// carrier's tracking delivers it → the reseller sees the waybill (copied for the chat) and the
// timeline newest first; the brand sees the shortage on its purchase order. Every screen is
// photographed in the language of the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { person, DESKTOP, PHONE, SHOTS, shot, chromiumAvailable, type Running, api, eventually, pageErrors, formLogin } from './support/browser.ts';
import { twoSkuEvent, startWarehouseRun, stopWarehouseRun, DEMO_RESELLER, DEMO_OPERATOR } from './support/fulfilment.ts';
import { shanghaiDay } from '../src/platform/time.ts';
import { assertTapTargets } from './support/tap-targets.ts';
import type { Ctx } from '../src/platform/context.ts';
import type { Database } from '../src/platform/database.ts';
import { endSaleEventNow } from '../src/modules/sale-events/index.ts';

const RESELLER = DEMO_RESELLER;

let platform: Running;
let browser: Browser;
let sys: { ctx: Ctx; database: Database; close(): Promise<void> };
let operator = '';

before(async () => {
  if (!chromiumAvailable()) return;
  ({ platform, browser, sys, operator } = await startWarehouseRun());
});

after(() => stopWarehouseRun({ platform, browser, sys }));

const TEXT = {
  'zh-CN': {
    navWarehouse: '仓库', navPos: '采购单', navWaves: '分拣波次', notPast: '发货日期不能早于今天', notOnPo: '条码 NOPE-404 不在此采购单上',
    buyerA: '王芳', buyerB: '赵六', brand: 'E2E 仓配女装', event: 'E2E 秋冬仓配专场', coat: 'E2E 羊毛大衣', scarf: 'E2E 羊绒围巾', delivered: '已签收',
  },
  en: {
    navWarehouse: 'Warehouse', navPos: 'Purchase orders', navWaves: 'Sorting waves', notPast: 'The ship date cannot be in the past', notOnPo: 'Barcode NOPE-404 is not on this purchase order',
    buyerA: 'Fang Wang', buyerB: 'Liu Zhao', brand: 'E2E Warehouse Wear', event: 'E2E autumn warehouse event', coat: 'E2E wool coat', scarf: 'E2E cashmere scarf', delivered: 'Delivered',
  },
} as const;

type Lang = keyof typeof TEXT;

interface Setup { eventId: string; brandPhone: string; coat: string; scarf: string; orderA: string; orderB: string; phoneA: string }

/**
 * A brand with two SKUs (known barcodes) in a live event, and two paid wallet orders from the demo
 * reseller: A (2 coats + 1 scarf) paid first, B (2 coats) paid last. Set up through the platform's
 * own use cases on the running platform's database.
 */
async function setUp(lang: Lang, n: number): Promise<Setup> {
  const L = TEXT[lang];
  const e = await twoSkuEvent(sys, { tag: 'WH', barcodeHead: '69', phoneHead: '1391', n, street: 100 + n, brand: L.brand, event: L.event, coat: L.coat, scarf: L.scarf });
  const phoneA = `1360000${n}111`, phoneB = `1360000${n}222`;
  const a = await e.place(L.buyerA, phoneA, [{ eventSkuId: e.esku(e.coatSku), quantity: 2 }, { eventSkuId: e.esku(e.scarfSku), quantity: 1 }], 'a');
  const b = await e.place(L.buyerB, phoneB, [{ eventSkuId: e.esku(e.coatSku), quantity: 2 }], 'b');
  return { eventId: e.eventId, brandPhone: e.brandPhone, coat: e.coat, scarf: e.scarf, orderA: a.order.id, orderB: b.order.id, phoneA };
}

const login = (page: Page, area: 'console' | 'brand' | 'reseller', phone: string, ready: string) => formLogin(page, platform, area, phone, ready);

/** Type like a barcode scanner: the characters one by one, then Enter. */
async function scan(page: Page, testId: string, code: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.pressSequentially(code, { delay: 5 });
  await input.press('Enter');
}

const beijingToday = () => shanghaiDay();

async function orderStatus(id: string): Promise<string> {
  const r = await api<{ status: string }>(platform, 'GET', `/orders/${id}`, { token: operator });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.status;
}

for (const [n, lang] of (['zh-CN', 'en'] as const).entries()) {
  test(`the warehouse receives with a shortage, sorts, packs and ships; the brand confirms; the reseller tracks (${lang})`, { skip: !chromiumAvailable() && 'no chromium', timeout: 300_000 }, async () => {
    const L = TEXT[lang];
    const s = await setUp(lang, n);
    const contexts: BrowserContext[] = [];
    const open = async (viewport: typeof DESKTOP, mobile = false) => {
      const c = await person(browser, { viewport, lang, mobile });
      contexts.push(c);
      const page = await c.newPage();
      return { c, page, errors: pageErrors(page) };
    };
    try {
      // ---- the operator issues the event's purchase order ----
      const { page: op, errors: opErrors } = await open(DESKTOP);
      await login(op, 'console', DEMO_OPERATOR, 'kpis');
      await op.getByRole('link', { name: L.navPos, exact: true }).click();
      await op.getByTestId('po-filters').waitFor();
      assert.match(await op.locator('.sidebar').innerText(), new RegExp(`${L.navWarehouse}\\s+${L.navPos}\\s+${L.navWaves}`), 'a 仓库 section in the side nav');
      await op.getByTestId('issue-open').click();
      await op.getByTestId('issue-event').locator(`option[value="${s.eventId}"]`).waitFor({ state: 'attached' });
      // The event ends now; the purchase-order job may also issue it on its own minute.
      await eventually(() => endSaleEventNow(sys.ctx, s.eventId));
      await op.getByTestId('issue-event').selectOption(s.eventId);
      await shot(op, 'console', 'warehouse-issue', lang);
      await op.getByTestId('issue-submit').click();
      await op.getByTestId('issue-result').waitFor();
      await shot(op, 'console', 'warehouse-issued', lang);
      await op.keyboard.press('Escape');
      await op.goto(`${platform.baseUrl}/console/warehouse/purchase-orders?saleEventId=${s.eventId}`);
      const row = op.getByTestId('po-row');
      await row.first().waitFor();
      assert.equal(await row.count(), 1, 'one purchase order for the brand');
      assert.equal(await row.getAttribute('data-status'), 'issued');
      const poId = (await row.getAttribute('data-id'))!;
      await shot(op, 'console', 'warehouse-purchase-orders', lang);

      // ---- the brand confirms a ship date (not one in the past) ----
      const { page: bp, errors: bpErrors } = await open(DESKTOP);
      await login(bp, 'brand', s.brandPhone, 'kpi-events');
      await bp.getByRole('link', { name: L.navPos, exact: true }).click();
      await bp.getByTestId('po-row').first().waitFor();
      await shot(bp, 'brand', 'purchase-orders', lang);
      await bp.getByTestId('po-row').first().click();
      await bp.getByTestId('confirm-form').waitFor();
      await bp.getByTestId('ship-date').fill('2020-01-01');
      await bp.getByTestId('confirm-ship-date').click();
      assert.match(await bp.getByTestId('confirm-form').innerText(), new RegExp(L.notPast));
      await bp.getByTestId('ship-date').fill(beijingToday());
      await bp.getByTestId('confirm-ship-date').click();
      await bp.getByTestId('confirmed').waitFor();
      assert.equal(await bp.getByTestId('po-status').getAttribute('data-status'), 'confirmed');
      assert.equal(await bp.getByTestId('po-ship-date').getAttribute('data-day'), beijingToday(), 'the day confirmed, shown in the portal\'s date format');
      assert.notEqual(await bp.getByTestId('po-ship-date').innerText(), beijingToday(), 'not the raw yyyy-mm-dd beside the page\'s other dates');
      await shot(bp, 'brand', 'purchase-order-confirmed', lang);
      assert.match(await bp.getByTestId('po-export').getAttribute('href') ?? '', new RegExp(`/api/v1/purchase-orders/${poId}/export\\.csv`));

      // ---- receiving: barcodes typed into the scan field ----
      await op.goto(`${platform.baseUrl}/console/warehouse/purchase-orders/${poId}`);
      await op.getByTestId('scan-input').waitFor();
      assert.equal(await op.getByTestId('po-ship-date').innerText(), beijingToday(), 'the brand’s ship date');
      assert.equal(await op.evaluate('document.activeElement?.dataset?.testid'), 'scan-input', 'the scan field has the focus');
      const coatLine = op.locator(`[data-testid=po-line][data-barcode="${s.coat}"]`);
      const scarfLine = op.locator(`[data-testid=po-line][data-barcode="${s.scarf}"]`);
      await scan(op, 'scan-input', s.coat);
      await scan(op, 'scan-input', s.coat);
      await scan(op, 'scan-input', 'NOPE-404');
      await eventually(async () => assert.equal(await op.locator('[data-testid=scan-entry][data-state=sending]').count(), 0));
      assert.equal(await coatLine.getByTestId('line-received').innerText(), '2', 'two coats counted live');
      const refused = op.locator('[data-testid=scan-entry][data-state=refused]');
      assert.equal(await refused.count(), 1);
      assert.match(await refused.innerText(), new RegExp(L.notOnPo));
      assert.equal(await op.locator('[data-testid=scan-entry][data-state=counted]').count(), 2);
      await shot(op, 'console', 'warehouse-receiving-scans', lang);

      // ---- receiving: a file with a bad row counts nothing and names the row; the good one counts ----
      await op.getByTestId('scan-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`barcode,quantity,condition\n${s.scarf},1,good\nNOPE-404,2,good\n`) });
      await op.getByTestId('file-submit').click();
      await op.getByTestId('file-refused').waitFor();
      const bad = op.locator('[data-testid=file-row][data-bad=true]');
      assert.equal(await bad.count(), 1);
      assert.match(await bad.innerText(), /NOPE-404/);
      assert.equal(await scarfLine.getByTestId('line-received').innerText(), '0', 'nothing of a refused file is counted');
      await shot(op, 'console', 'warehouse-receiving-file-refused', lang);
      await op.getByTestId('scan-file').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(`barcode,quantity,condition\n${s.scarf},1,good\n${s.coat},1,damaged\n`) });
      await op.getByTestId('file-submit').click();
      await op.getByTestId('file-counted').waitFor();
      assert.equal(await scarfLine.getByTestId('line-received').innerText(), '1');
      assert.equal(await coatLine.getByTestId('line-damaged').innerText(), '1');
      assert.equal(await coatLine.getByTestId('line-short').innerText(), '2', '4 coats sold, 2 good came');
      await shot(op, 'console', 'warehouse-receiving', lang);

      // ---- closing receiving says what it cancels, then shows it: order B (paid last) is short ----
      await op.getByTestId('close-open').click();
      await op.getByTestId('close-short').waitFor();
      assert.match(await op.getByTestId('close-short').innerText(), /2/);
      await shot(op, 'console', 'warehouse-close-confirm', lang);
      await op.getByTestId('close-confirm').click();
      await op.getByTestId('close-result').waitFor();
      const short = op.getByTestId('short-order');
      assert.equal(await short.count(), 1);
      assert.equal(await short.getAttribute('data-order'), s.orderB, 'the shortage falls on the order paid last');
      assert.equal(await short.getByTestId('short-qty').innerText(), '2');
      assert.equal(await op.getByTestId('po-status').first().getAttribute('data-status'), 'received');
      await eventually(async () => assert.match(await short.innerText(), /已取消|Cancelled/));
      await shot(op, 'console', 'warehouse-close-result', lang);
      assert.equal(await orderStatus(s.orderB), 'cancelled');
      assert.equal(await orderStatus(s.orderA), 'paid');

      // ---- a sorting wave: order A's three units in one parcel ----
      await op.getByRole('link', { name: L.navWaves, exact: true }).click();
      await op.getByTestId('wave-run').click();
      await op.getByTestId('wave-run-result').waitFor();
      assert.match(await op.getByTestId('wave-run-figures').innerText(), /1\D+3/);
      await shot(op, 'console', 'warehouse-wave-run', lang);
      await op.getByTestId('wave-run-open').click();
      await op.getByTestId('pick-list').waitFor();
      await op.getByTestId('parcel-row').first().waitFor();
      assert.deepEqual((await op.getByTestId('pick-units').allInnerTexts()).sort(), ['1', '2'], 'two coats and a scarf to pick, by bin');
      const parcel = op.getByTestId('parcel-row');
      assert.equal(await parcel.count(), 1);
      assert.equal(await parcel.getByTestId('parcel-phone').innerText(), `${s.phoneA.slice(0, 3)}****${s.phoneA.slice(7)}`, 'the phone is masked');
      const labels = op.getByTestId('labels-pdf');
      assert.match(await labels.getAttribute('href') ?? '', /\/api\/v1\/warehouse\/waves\/[^/]+\/labels\.pdf/);
      assert.equal(await labels.getAttribute('target'), '_blank');
      await shot(op, 'console', 'warehouse-wave', lang);

      // ---- packing by scan: what is missing and extra shows before it is sent ----
      await parcel.getByTestId('pack-open').click();
      await op.getByTestId('pack-drawer').waitFor();
      await scan(op, 'pack-input', s.coat);
      assert.equal(await op.locator(`[data-testid=pack-row][data-code="${s.coat}"]`).getAttribute('data-state'), 'missing');
      assert.equal(await op.getByTestId('pack-submit').isDisabled(), true, 'not all scanned: cannot confirm');
      await scan(op, 'pack-input', s.scarf);
      await scan(op, 'pack-input', s.scarf);
      assert.equal(await op.locator(`[data-testid=pack-row][data-code="${s.scarf}"]`).getAttribute('data-state'), 'extra');
      await shot(op, 'console', 'warehouse-pack-scan', lang);
      await op.getByTestId('pack-undo').click();
      await scan(op, 'pack-input', s.coat);
      assert.equal(await op.getByTestId('pack-submit').isDisabled(), false);
      await op.getByTestId('pack-submit').click();
      await op.getByTestId('pack-done').waitFor();
      const waybill = (await op.getByTestId('pack-waybill').innerText()).trim();
      assert.match(waybill, /^[A-Z]{2}\d{10,}/);
      await shot(op, 'console', 'warehouse-packed', lang);
      await op.getByTestId('pack-close').click();

      // ---- hand-over ships the parcel and the order ----
      await op.locator('[data-testid=parcel-row][data-status=packed]').waitFor();
      await op.getByTestId('parcel-select').check();
      await op.getByTestId('hand-over').click();
      await op.getByTestId('hand-over-result').waitFor();
      assert.match(await op.getByTestId('hand-over-result').innerText(), new RegExp(waybill));
      await op.locator('[data-testid=parcel-row][data-status=shipped]').waitFor();
      await shot(op, 'console', 'warehouse-handed-over', lang);
      // The labels link opens the wave's labels as a PDF.
      const pdf = await fetch(`${platform.baseUrl}${await labels.getAttribute('href')}`, { headers: { authorization: `Bearer ${operator}` } });
      assert.equal(pdf.status, 200);
      assert.match(pdf.headers.get('content-type') ?? '', /application\/pdf/);
      assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
      assert.equal(await orderStatus(s.orderA), 'shipped');

      // ---- the sandbox carrier delivers it (its notifications, applied by the platform's ticks) ----
      await eventually(async () => assert.equal(await orderStatus(s.orderA), 'delivered'), { timeout: 60_000, interval: 500 });

      // ---- the reseller sees the waybill, copies it for the chat, and the timeline newest first ----
      const { c: rc, page: rp, errors: rpErrors } = await open(PHONE, true);
      await rc.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: platform.baseUrl });
      await login(rp, 'reseller', RESELLER, 'event-card');
      await rp.goto(`${platform.baseUrl}/reseller/orders`);
      await rp.locator(`[data-testid=order-row][data-order="${s.orderA}"]`).getByTestId('order-tracking-hint').waitFor();
      await shot(rp, 'reseller', 'orders-delivered', lang);
      await rp.locator(`[data-testid=order-row][data-order="${s.orderA}"]`).click();
      await rp.getByTestId('tracking').waitFor();
      assert.equal((await rp.getByTestId('waybill').innerText()).trim(), waybill);
      const events = rp.getByTestId('tracking-event');
      await eventually(async () => assert.equal(await events.first().getAttribute('data-status'), 'delivered'), { between: () => rp.reload() });
      assert.ok(await events.count() >= 4, 'picked up, through the hubs, out for delivery, delivered');
      assert.equal(await rp.getByTestId('parcel').getAttribute('data-status'), 'delivered');
      assert.match(await rp.getByTestId('order-detail').innerText(), new RegExp(L.delivered));
      await shot(rp, 'reseller', 'order-detail-delivered', lang);
      // What the reseller's thumb sees: the tracking scrolled up under the top bar, above the tabs.
      await rp.evaluate(`window.scrollTo(0, document.querySelector('[data-testid=tracking]').getBoundingClientRect().top + window.scrollY - 60)`);
      fs.mkdirSync(path.join(SHOTS, 'reseller'), { recursive: true });
      await rp.screenshot({ path: path.join(SHOTS, 'reseller', `order-tracking.${lang}.png`) });
      await assertTapTargets(rp, `reseller order tracking (${lang})`);
      await rp.getByTestId('copy-waybill').click();
      await rp.getByTestId('toast').waitFor();
      assert.equal(await rp.evaluate('navigator.clipboard.readText()'), waybill, 'the waybill number is on the clipboard');

      // ---- the brand sees what was short once received ----
      await bp.goto(`${platform.baseUrl}/brand/purchase-orders/${poId}`);
      await bp.getByTestId('po-received-summary').waitFor();
      const brandCoat = bp.getByTestId('po-line').filter({ hasText: s.coat });
      assert.equal(await brandCoat.getByTestId('line-short').innerText(), '2');
      await shot(bp, 'brand', 'purchase-order-received', lang);

      assert.deepEqual([...opErrors, ...bpErrors, ...rpErrors], []);
    } finally {
      for (const c of contexts) await c.close();
    }
  });
}

// A drop-ship purchase order (issued while the event still sells): the brand ships an order itself
// from its portal and gets the waybill; the order is shipped.
for (const [n, lang] of (['zh-CN', 'en'] as const).entries()) {
  test(`the brand ships a drop-ship order itself and gets its waybill (${lang})`, { skip: !chromiumAvailable() && 'no chromium', timeout: 180_000 }, async () => {
    const s = await setUp(lang, n + 2);
    const issued = await api<{ items: { id: string; mode: string }[] }>(platform, 'POST', '/purchase-orders/issue', { token: operator, body: { saleEventId: s.eventId, mode: 'drop_ship' } });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    const [po] = issued.body.items;
    assert.equal(po.mode, 'drop_ship');
    const ctx = await person(browser, { viewport: DESKTOP, lang });
    const page = await ctx.newPage();
    const errors = pageErrors(page);
    try {
      await login(page, 'brand', s.brandPhone, 'kpi-events');
      await page.goto(`${platform.baseUrl}/brand/purchase-orders/${po.id}`);
      const row = page.locator(`[data-testid=drop-order][data-order="${s.orderA}"]`);
      await row.getByTestId('drop-ship-order').waitFor();
      assert.equal(await page.locator('[data-testid=drop-order]').count(), 2, 'both paid orders of the event');
      await row.getByTestId('drop-ship-order').click();
      await row.getByTestId('drop-waybill').waitFor();
      assert.match(await row.getByTestId('drop-waybill').innerText(), /[A-Z]{2}\d{10,}/);
      await eventually(async () => assert.equal(await orderStatus(s.orderA), 'shipped'));
      await page.locator(`[data-testid=drop-order][data-order="${s.orderA}"] [data-testid=status-tag]`).filter({ hasText: lang === 'en' ? 'Shipped' : '已发货' }).waitFor();
      await shot(page, 'brand', 'purchase-order-drop-ship', lang);
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
    }
  });
}
