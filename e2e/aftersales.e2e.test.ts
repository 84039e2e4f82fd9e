// After-sales (售后) in real Chromium against `sellthrough start`, once in zh-CN and once in en,
// each on its own brand and event. Set up over the API and the platform's own use cases: a
// shortage (a purchase order closed with one unit of three) cancels the order paid last — the
// brand could not supply it — and leaves one unit short on the other; a consumer's storefront
// order and a reseller's order are drop-shipped by the brand and delivered by the sandbox
// carrier. Then in the browser: the consumer opens their order page, sees the tracking and asks
// to return a unit with a photo; the reseller asks for another customer and sees the shortage
// on their orders; the operator approves the consumer's request and rejects the reseller's with
// a reason; the return parcel travels back (the carrier's ticks); the operator inspects and
// refunds; the consumer sees it refunded with the amount; the brand sees its return rate and a
// statement that owes nothing for what was short or returned. Every screen photographed.
// And a lost parcel (zh-CN): shipped more than LOST_PARCEL_DAYS ago and never delivered, the
// consumer asks for a refund only; the operator grants it; the consumer sees the refund.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { person, DESKTOP, PHONE, SHOTS, shot, chromiumAvailable, type Running, apiLogin, apiGet, api, ok, paySandbox, eventually, pageErrors, waitForPage, formLogin, failureShot } from './support/browser.ts';
import { twoSkuEvent, startWarehouseRun, stopWarehouseRun, paidStorefrontOrder, dropShipAndDeliver, DEMO_RESELLER, DEMO_OPERATOR } from './support/fulfilment.ts';
import { assertTapTargets } from './support/tap-targets.ts';
import { photo } from './support/photo.ts';
import type { Ctx } from '../src/platform/context.ts';
import type { Database } from '../src/platform/database.ts';

const RESELLER = DEMO_RESELLER;

let platform: Running;
let browser: Browser;
let sys: { ctx: Ctx; database: Database; close(): Promise<void> };
let operator = '';
let shareCode = '';

before(async () => {
  if (!chromiumAvailable()) return;
  ({ platform, browser, sys, operator } = await startWarehouseRun());
  shareCode = (await apiGet<{ reseller: { shareCode: string } }>(platform, '/reseller/me', await apiLogin(platform, RESELLER))).reseller.shareCode;
});

after(() => stopWarehouseRun({ platform, browser, sys }));

const TEXT = {
  'zh-CN': {
    brand: 'E2E 售后女装', event: 'E2E 售后专场', coat: 'E2E 驼色大衣', scarf: 'E2E 羊绒围巾', consumer: '林小雨', buyerR: '王芳', buyerP1: '李雷', buyerP2: '韩梅梅',
    note: '袖口有脱线', reject: '吊牌已剪，影响二次销售', approve: '符合七天无理由退货', inspect: '吊牌完好，可二次销售',
    brandShort: '品牌缺货，已全额退款', refunded: '已退款', short: '品牌缺货 1 件，已退款', returned: '已退货 1 件',
  },
  en: {
    brand: 'E2E Aftersales Wear', event: 'E2E after-sales event', coat: 'E2E camel coat', scarf: 'E2E cashmere scarf', consumer: 'Lin Xiaoyu', buyerR: 'Fang Wang', buyerP1: 'Lei Li', buyerP2: 'Meimei Han',
    note: 'A seam has come loose at the cuff', reject: 'Tags removed; it cannot be resold', approve: 'Within the 7-day no-reason policy', inspect: 'Tags intact, fit for resale',
    brandShort: 'The brand could not supply it; fully refunded', refunded: 'Refunded', short: '1 not supplied by the brand, refunded', returned: '1 returned',
  },
} as const;
type Lang = keyof typeof TEXT;

interface Line { id: string; skuId: string; quantity: number; sellingPrice: number; basePrice: number }
interface OrderView { id: string; orderNo: string; status: string; amountDue: number; cancelReason: string | null; lines: (Line & { units: Record<string, number> })[] }
interface ReturnView { id: string; returnNo: string; status: string; refunded: number; returnWaybillNo: string | null; decisionReason: string | null }

interface Setup {
  brandId: string; brandPhone: string; eventId: string; coatSku: string; scarfSku: string;
  /** the consumer's storefront order (2 coats) and its order link */
  c: OrderView; cUrl: string;
  /** the reseller's order for another customer (a coat and a scarf) */
  r: OrderView;
  /** paid first: one scarf of two short; paid last: its only scarf short, so cancelled */
  p1: string; p2: string;
}

async function orderOf(id: string): Promise<OrderView> {
  return ok(await api<OrderView>(platform, 'GET', `/orders/${id}`, { token: operator }));
}

async function returnOf(id: string): Promise<ReturnView> {
  return ok(await api<ReturnView>(platform, 'GET', `/returns/${id}`, { token: operator }));
}

/**
 * A brand with a coat and a scarf (known barcodes) in a live event; a shortage closed on its
 * warehouse purchase order; then a consumer's storefront order and a reseller's order, drop-shipped
 * by the brand and delivered by the sandbox carrier.
 */
async function setUp(lang: Lang, n: number): Promise<Setup> {
  const L = TEXT[lang];
  const e = await twoSkuEvent(sys, { tag: 'AS', barcodeHead: '68', phoneHead: '1392', n, street: 200 + n, brand: L.brand, event: L.event, coat: L.coat, scarf: L.scarf });
  const { brandPhone, stamp, scarf, coatSku, scarfSku, esku, place, address } = e;
  const ev = { id: e.eventId };

  // ---- a shortage: three scarves asked for, one arrives; the order paid last is cancelled ----
  const p1 = await place(L.buyerP1, `1350000${n}111`, [{ eventSkuId: esku(scarfSku), quantity: 2 }], 'p1');
  const p2 = await place(L.buyerP2, `1350000${n}222`, [{ eventSkuId: esku(scarfSku), quantity: 1 }], 'p2');
  const [po1] = ok(await api<{ items: { id: string }[] }>(platform, 'POST', '/purchase-orders/issue', { token: operator, body: { saleEventId: ev.id, mode: 'warehouse' } })).items;
  ok(await api(platform, 'POST', `/purchase-orders/${po1.id}/scans`, { token: operator, body: { scans: [{ barcode: scarf }] } }));
  ok(await api(platform, 'POST', `/purchase-orders/${po1.id}/close`, { token: operator }));

  // ---- the consumer's storefront order, paid on the sandbox gateway ----
  const placed = await paidStorefrontOrder(platform, operator, {
    shareCode, key: `e2e-as-${stamp}-c`, consumer: { name: L.consumer, phone: `1390000${n}077`, address }, lines: [{ eventSkuId: esku(coatSku), quantity: 2 }],
  });
  const r = await place(L.buyerR, `1360000${n}333`, [{ eventSkuId: esku(coatSku), quantity: 1 }, { eventSkuId: esku(scarfSku), quantity: 1 }], 'r');

  // ---- the brand ships both itself; the carrier delivers them ----
  await dropShipAndDeliver(platform, operator, { saleEventId: ev.id, brandPhone, orderIds: [placed.orderId, r.order.id] });
  return {
    brandId: e.brandId, brandPhone, eventId: ev.id, coatSku, scarfSku,
    c: await orderOf(placed.orderId), cUrl: placed.url,
    r: await orderOf(r.order.id), p1: p1.order.id, p2: p2.order.id,
  };
}

/**
 * The courier's round reaches the consumer now: a return waybill is collected on the carrier's
 * own round (SANDBOX_CARRIER_PICKUP_SECONDS, ten minutes), which the test does not wait for.
 */
async function courierCollects(waybillNo: string): Promise<void> {
  const r = await sys.database.pool.query(`UPDATE sandbox_carrier_waybills SET pickup_due_at = now() WHERE waybill_no = $1 AND status = 'created'`, [waybillNo]);
  assert.equal(r.rowCount, 1, `the carrier holds return waybill ${waybillNo}, not yet collected`);
}

/** A bottom sheet photographed whole: the phone made taller for the picture (a sheet is 90% of the screen at most). */
async function sheetShot(page: Page, area: string, name: string, lang: string): Promise<void> {
  await page.setViewportSize({ width: PHONE.width, height: 1400 });
  fs.mkdirSync(path.join(SHOTS, area), { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, area, `${name}.${lang}.png`) });
  await page.setViewportSize(PHONE);
}

const login = (page: Page, area: 'console' | 'brand' | 'reseller', phone: string, ready: string) => formLogin(page, platform, area, phone, ready);

for (const [n, lang] of (['zh-CN', 'en'] as const).entries()) {
  test(`after-sales: tracking, a return with a photo, approve, reject, the parcel back, inspection and refund; the brand’s return rate (${lang})`, { skip: !chromiumAvailable() && 'no chromium', timeout: 360_000 }, async () => {
    const L = TEXT[lang];
    const s = await setUp(lang, n);
    const [p1, p2] = [await orderOf(s.p1), await orderOf(s.p2)];
    assert.equal(p2.status, 'cancelled');
    assert.match(p2.cancelReason ?? '', /^brand_short/, 'the order paid last was short');
    assert.equal(p1.lines[0].units.short, 1, 'one scarf of the order paid first was short');
    const contexts: BrowserContext[] = [];
    // The page last opened: the one a failure's screenshot shows.
    let last: Page | undefined;
    const open = async (viewport: typeof DESKTOP, mobile = false) => {
      const c = await person(browser, { viewport, lang, mobile });
      contexts.push(c);
      const page = await c.newPage();
      last = page;
      return { c, page, errors: pageErrors(page) };
    };
    try {
      // ---- the consumer's order page: delivered, the parcel's waybill and tracking ----
      const { page: sf, errors: sfErrors } = await open(PHONE, true);
      await sf.goto(s.cUrl);
      await sf.getByTestId('tracking').waitFor();
      const events = sf.getByTestId('tracking-event');
      assert.equal(await events.first().getAttribute('data-status'), 'delivered', 'the timeline reads newest first');
      assert.equal(await events.count(), 3, 'the latest three steps, the rest on a tap');
      assert.match((await sf.getByTestId('waybill').innerText()).trim(), /^SF\d{12}$/);
      await sf.getByTestId('return-deadline').waitFor();
      assert.equal(await sf.getByTestId('tracking-ask').count(), 0, 'no more “ask the shop”');
      await shot(sf, 'storefront', 'aftersales-tracking', lang);
      await assertTapTargets(sf, `storefront order tracking (${lang})`);
      await sf.getByTestId('tracking-more').click();
      assert.ok(await events.count() >= 5, 'collected, two hubs, out for delivery, delivered');
      await sf.getByTestId('tracking-more').click();

      // ---- the consumer asks to return one coat, with a photo ----
      await sf.getByTestId('return-open').click();
      await sf.getByTestId('return-form').waitFor();
      assert.equal(await sf.getByTestId('return-qty').innerText(), '1', 'one line: one unit chosen to start with');
      await sf.getByTestId('return-reason-quality').click();
      await sf.getByTestId('return-note').fill(L.note);
      await sf.getByTestId('return-photo-input').setInputFiles({ name: 'cuff.png', mimeType: 'image/png', buffer: photo() });
      await sf.getByTestId('return-photo').waitFor();
      assert.match(await sf.getByTestId('return-photo').locator('img').getAttribute('src') ?? '', /^data:image\/jpeg;base64,/, 'made small as a JPEG on the phone');
      await shot(sf, 'storefront', 'aftersales-request-form', lang);
      await assertTapTargets(sf, `storefront return form (${lang})`);
      await sf.getByTestId('return-submit').click();
      const card = sf.getByTestId('return-card');
      await card.waitFor();
      assert.equal(await card.getAttribute('data-status'), 'requested');
      const cReturnId = (await card.getAttribute('data-return'))!;
      await shot(sf, 'storefront', 'aftersales-requested', lang);

      // ---- the reseller asks for another customer; the shortage shows on their orders ----
      const { page: rs, errors: rsErrors } = await open(PHONE, true);
      await login(rs, 'reseller', RESELLER, 'event-card');
      await rs.goto(`${platform.baseUrl}/reseller/orders/${s.r.id}`);
      await rs.getByTestId('order-aftersales').waitFor();
      await rs.getByTestId('return-open').click();
      await rs.getByTestId('return-sheet').waitFor();
      const scarfLine = s.r.lines.find((l) => l.skuId === s.scarfSku)!;
      await rs.locator(`[data-testid=return-line][data-line="${scarfLine.id}"]`).getByTestId('return-qty-plus').click();
      await rs.getByTestId('return-reason-size').click();
      await sheetShot(rs, 'reseller', 'aftersales-request-form', lang);
      await assertTapTargets(rs, `reseller return form (${lang})`);
      await rs.getByTestId('return-submit').click();
      await rs.getByTestId('return-sheet').waitFor({ state: 'detached' });
      const rCard = rs.getByTestId('return-card');
      await rCard.waitFor();
      const rReturnId = (await rCard.getAttribute('data-return'))!;
      assert.match(await rs.getByTestId('line-units-open').innerText(), /1/, 'the scarf is in an open request');
      await shot(rs, 'reseller', 'aftersales-order-requested', lang);
      await assertTapTargets(rs, `reseller order after-sales (${lang})`);
      // The order the brand could not supply, and the one it supplied in part.
      await rs.goto(`${platform.baseUrl}/reseller/orders/${s.p2}`);
      assert.equal((await rs.getByTestId('brand-short').innerText()).split('\n')[0].trim(), L.brandShort);
      // A cancelled order earns nothing, and the page says why the profit is not selling less base.
      assert.equal(await rs.getByTestId('order-profit').innerText(), '¥0.00');
      await rs.getByTestId('order-profit-kept').waitFor();
      await shot(rs, 'reseller', 'aftersales-order-brand-short', lang);
      await rs.goto(`${platform.baseUrl}/reseller/orders/${s.p1}`);
      assert.equal((await rs.getByTestId('line-units-short').innerText()).trim(), L.short);
      // The short unit's margin is not counted.
      const kept = p1.lines.reduce((a, l) => a + (l.quantity - Math.max(l.units.refunded, l.units.cancelled + l.units.short)) * (l.sellingPrice - l.basePrice), 0);
      assert.ok(kept < p1.lines.reduce((a, l) => a + l.quantity * (l.sellingPrice - l.basePrice), 0), 'a unit is short');
      assert.equal(await rs.getByTestId('order-profit').innerText(), `¥${(kept / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
      await rs.getByTestId('order-profit-kept').waitFor();
      await shot(rs, 'reseller', 'aftersales-order-partly-short', lang);
      // 售后 from the orders screen: every request of mine, by status.
      await rs.goto(`${platform.baseUrl}/reseller/orders`);
      await rs.getByTestId('returns-link').click();
      await rs.locator(`[data-testid=return-row][data-return="${rReturnId}"]`).waitFor();
      await rs.locator(`[data-testid=return-row][data-return="${cReturnId}"]`).waitFor();
      await rs.getByTestId('returns-filter-requested').click();
      await rs.locator(`[data-testid=return-row][data-return="${rReturnId}"]`).waitFor();
      await shot(rs, 'reseller', 'aftersales-returns', lang);
      await assertTapTargets(rs, `reseller after-sales list (${lang})`);

      // ---- the operator: both need action; approve the consumer's, reject the reseller's ----
      const { page: op, errors: opErrors } = await open(DESKTOP);
      await login(op, 'console', DEMO_OPERATOR, 'kpis');
      await op.getByRole('link', { name: lang === 'en' ? 'Returns' : '售后单', exact: true }).click();
      await op.locator(`[data-testid=return-row][data-id="${cReturnId}"]`).waitFor();
      await op.locator(`[data-testid=return-row][data-id="${rReturnId}"]`).waitFor();
      await shot(op, 'console', 'aftersales-returns', lang);
      await op.locator(`[data-testid=return-row][data-id="${cReturnId}"]`).click();
      await op.getByTestId('review').waitFor();
      await op.getByTestId('return-photos').locator('img').first().waitFor();
      // The photo was stored and shows (it loaded, as a JPEG made on the phone).
      await waitForPage(op, `document.querySelector('[data-testid=return-photos] img').complete && document.querySelector('[data-testid=return-photos] img').naturalWidth > 0`);
      assert.equal(await op.getByTestId('return-note').innerText(), L.note);
      await op.getByTestId('return-order').waitFor();
      await shot(op, 'console', 'aftersales-return-detail', lang);
      await op.getByTestId('decision-reason').fill(L.approve);
      await op.getByTestId('approve').click();
      await op.getByTestId('return-outcome').waitFor();
      assert.match(await op.getByTestId('return-waybill').innerText(), /^SF\d{12}$/);
      await shot(op, 'console', 'aftersales-return-approved', lang);

      await op.goto(`${platform.baseUrl}/console/returns/${rReturnId}`);
      await op.getByTestId('review').waitFor();
      await op.getByTestId('reject').click();
      await op.getByRole('alert').filter({ hasText: lang === 'en' ? 'Give the reason' : '拒绝须写明原因' }).waitFor();
      // A ready-made reason: sent as its code, read in each reader's language.
      await op.locator('[data-testid=review] .chip[data-reason=tags_removed]').click();
      assert.equal(await op.getByTestId('decision-reason').inputValue(), L.reject);
      await op.getByTestId('reject').click();
      await op.locator('[data-testid=return-status][data-status=rejected]').first().waitFor();
      assert.equal(await op.getByTestId('return-decision').innerText(), L.reject);
      assert.equal((await returnOf(rReturnId)).decisionReason, 'tags_removed');
      await shot(op, 'console', 'aftersales-return-rejected', lang);

      // ---- the consumer: approved, with the waybill to write on the parcel and where it goes ----
      await sf.reload();
      await sf.locator('[data-testid=return-card][data-status=approved]').waitFor();
      const waybill = (await sf.getByTestId('return-waybill').innerText()).trim();
      assert.equal(waybill, (await returnOf(cReturnId)).returnWaybillNo);
      assert.match(await sf.getByTestId('return-address').innerText(), /杭州市/);
      await shot(sf, 'storefront', 'aftersales-approved', lang);
      await assertTapTargets(sf, `storefront return approved (${lang})`);

      // ---- the reseller sees the rejection and its reason ----
      await rs.goto(`${platform.baseUrl}/reseller/orders/${s.r.id}`);
      await rs.locator('[data-testid=return-card][data-status=rejected]').waitFor();
      assert.equal(await rs.getByTestId('return-rejected-reason').innerText(), L.reject);
      await shot(rs, 'reseller', 'aftersales-rejected', lang);

      // ---- the return parcel travels back to the warehouse (the carrier's ticks) ----
      await courierCollects(waybill);
      await eventually(async () => assert.equal((await returnOf(cReturnId)).status, 'received'), { timeout: 60_000, interval: 500 });

      // ---- the operator inspects: the coat is accepted and refunded ----
      await op.goto(`${platform.baseUrl}/console/returns`);
      await op.locator(`[data-testid=return-row][data-id="${cReturnId}"][data-status=received]`).click();
      await op.getByTestId('inspection').waitFor();
      assert.equal(await op.getByTestId('inspect-accepted').inputValue(), '1');
      await op.getByTestId('inspect-note').fill(L.inspect);
      assert.match(await op.getByTestId('inspect-summary').innerText(), /¥/);
      await shot(op, 'console', 'aftersales-inspection', lang);
      await op.getByTestId('inspect-submit').click();
      await op.locator('[data-testid=return-status][data-status=refunded]').first().waitFor();
      const refunded = await returnOf(cReturnId);
      assert.equal(refunded.status, 'refunded');
      assert.ok(refunded.refunded > 0 && refunded.refunded * 2 === s.c.amountDue, 'one coat of two: half of what the consumer paid');
      assert.match(await op.getByTestId('return-outcome').innerText(), new RegExp(`¥${Math.floor(refunded.refunded / 100).toLocaleString('zh-CN')}\\.${String(refunded.refunded % 100).padStart(2, '0')}`));
      await shot(op, 'console', 'aftersales-refunded', lang);

      // ---- the consumer sees it refunded, and how much ----
      await sf.reload();
      const done = sf.locator('[data-testid=return-card][data-status=refunded]');
      await done.waitFor();
      assert.equal(Number(await done.getByTestId('return-refunded-amount').getAttribute('data-amount')), refunded.refunded);
      assert.match(await done.getByTestId('return-refunded-amount').innerText(), new RegExp(L.refunded));
      assert.match(await sf.getByTestId('line-units-returned').innerText(), new RegExp(L.returned));
      await shot(sf, 'storefront', 'aftersales-refunded', lang);

      // ---- the operator's return rates, per SKU of this brand ----
      await op.goto(`${platform.baseUrl}/console/return-rates?by=sku&brandId=${s.brandId}`);
      const coatRate = op.locator(`[data-testid=rate-row][data-key="${s.coatSku}"]`);
      await coatRate.waitFor();
      assert.equal(await coatRate.getByTestId('rate-value').innerText(), '33.3%', 'one coat returned of three delivered');
      await op.locator('[data-testid=rates-chart] canvas').first().waitFor();
      await shot(op, 'console', 'aftersales-return-rates', lang);

      // ---- the brand: its return rate and reasons, and a statement that owes nothing for what came back ----
      const { page: bp, errors: bpErrors } = await open(DESKTOP);
      await login(bp, 'brand', s.brandPhone, 'kpi-events');
      await bp.getByRole('link', { name: lang === 'en' ? 'Returns' : '退货分析', exact: true }).click();
      await bp.getByTestId('kpi-return-rate').waitFor();
      assert.equal(await bp.getByTestId('kpi-return-rate').innerText(), '25%', 'one unit returned of four delivered');
      assert.equal(await bp.locator(`[data-testid=rate-row][data-key="${s.coatSku}"]`).getByTestId('rate-returned').innerText(), '1');
      await bp.locator('[data-testid=rates-chart] canvas').first().waitFor();
      await shot(bp, 'brand', 'aftersales-returns', lang);
      await bp.getByRole('link', { name: lang === 'en' ? 'Statement' : '对账单', exact: true }).click();
      const cLine = bp.locator(`[data-testid=statement-line][data-order="${s.c.id}"]`);
      await cLine.waitFor();
      assert.equal(await cLine.getByTestId('statement-returned').innerText(), '−1');
      assert.equal(await cLine.getByTestId('statement-kept').innerText(), '1');
      const p1Line = bp.locator(`[data-testid=statement-line][data-order="${s.p1}"]`);
      assert.equal(await p1Line.getByTestId('statement-short').innerText(), '−1');
      assert.equal(await bp.locator(`[data-testid=statement-line][data-order="${s.p2}"]`).getByTestId('statement-kept').innerText(), '0');
      await bp.getByTestId('reconciled').waitFor();
      await shot(bp, 'brand', 'aftersales-statement', lang);

      assert.deepEqual([...sfErrors, ...rsErrors, ...opErrors, ...bpErrors], []);
    } catch (e) {
      throw last ? await failureShot(last, { area: 'aftersales', name: 'returns-failed', lang }, e) : e;
    } finally {
      for (const c of contexts) await c.close();
    }
  });
}

test('after-sales: a parcel lost on its way — the consumer asks for a refund only, the operator grants it, the consumer sees the refund (zh-CN)', { skip: !chromiumAvailable() && 'no chromium', timeout: 240_000 }, async () => {
  const lang = 'zh-CN';
  const e = await twoSkuEvent(sys, { tag: 'AL', barcodeHead: '67', phoneHead: '1393', n: 7, street: 300, brand: 'E2E 丢件女装', event: 'E2E 丢件专场', coat: 'E2E 羊绒大衣', scarf: 'E2E 真丝围巾' });
  // The consumer's storefront order, paid on the sandbox gateway.
  const placed = ok(await api<{ order: OrderView & { payment: { payUrl: string } }; lookupToken: string }>(platform, 'POST', `/storefront/${shareCode}/orders`, {
    key: `e2e-al-${e.stamp}`, body: { consumer: { name: '周芷若', phone: '13900007088', address: e.address }, lines: [{ eventSkuId: e.esku(e.coatSku), quantity: 1 }] },
  }), 201);
  await paySandbox(platform, placed.order.payment.payUrl);
  await eventually(async () => assert.equal((await orderOf(placed.order.id)).status, 'paid'), { timeout: 30_000 });
  // The brand ships it itself; the courier collects it, and it never arrives: its later steps are
  // put off by a month at the carrier, and the shipping is dated as if it left 16 days ago
  // (LOST_PARCEL_DAYS is 15).
  const [po] = ok(await api<{ items: { id: string }[] }>(platform, 'POST', '/purchase-orders/issue', { token: operator, body: { saleEventId: e.eventId, mode: 'drop_ship' } })).items;
  const parcel = ok(await api<{ id: string; waybillNo: string }>(platform, 'POST', `/purchase-orders/${po.id}/drop-ship`, { token: await apiLogin(platform, e.brandPhone), body: { orderId: placed.order.id } }));
  const waybill = parcel.waybillNo ?? (await sys.database.pool.query<{ waybill_no: string }>('SELECT waybill_no FROM parcels WHERE id = $1', [parcel.id])).rows[0].waybill_no;
  await sys.database.pool.query(`UPDATE sandbox_carrier_events SET occurred_at = now() + interval '30 days' WHERE waybill_no = $1 AND status IN ('out_for_delivery','delivered','exception')`, [waybill]);
  await sys.database.pool.query(`UPDATE sandbox_carrier_deliveries SET next_attempt_at = now() + interval '30 days' WHERE delivered_at IS NULL AND event_id IN (SELECT id FROM sandbox_carrier_events WHERE waybill_no = $1 AND status IN ('out_for_delivery','delivered','exception'))`, [waybill]);
  await eventually(async () => assert.equal((await orderOf(placed.order.id)).status, 'shipped'), { timeout: 30_000 });
  await sys.database.pool.query(`UPDATE orders SET shipped_at = now() - interval '16 days' WHERE id = $1`, [placed.order.id]);
  await sys.database.pool.query(`UPDATE parcels SET shipped_at = now() - interval '16 days' WHERE id = $1`, [parcel.id]);
  const cUrl = `${platform.baseUrl}/s/${shareCode}/orders/${placed.order.id}?token=${encodeURIComponent(placed.lookupToken)}`;

  const contexts: BrowserContext[] = [];
  try {
    // ---- the consumer: not delivered after 16 days; asks for a refund only ----
    const sfc = await person(browser, { viewport: PHONE, lang, mobile: true });
    contexts.push(sfc);
    const sf = await sfc.newPage();
    const sfErrors = pageErrors(sf);
    await sf.goto(cUrl);
    await sf.getByTestId('return-lost').click();
    await sf.getByTestId('return-form').waitFor();
    await shot(sf, 'storefront', 'aftersales-lost-form', lang);
    await sf.getByTestId('return-submit').click();
    const card = sf.getByTestId('return-card');
    await card.waitFor();
    assert.equal(await card.getAttribute('data-status'), 'requested', 'a lost parcel waits for the operator');
    const returnId = (await card.getAttribute('data-return'))!;
    assert.equal((await returnOf(returnId)).status, 'requested');

    // ---- the operator grants the refund ----
    const opc = await person(browser, { viewport: DESKTOP, lang });
    contexts.push(opc);
    const op = await opc.newPage();
    const opErrors = pageErrors(op);
    await login(op, 'console', DEMO_OPERATOR, 'kpis');
    await op.goto(`${platform.baseUrl}/console/returns/${returnId}`);
    await op.getByTestId('review').waitFor();
    await op.getByTestId('decision-reason').fill('快递核实丢件，同意仅退款');
    await shot(op, 'console', 'aftersales-lost-review', lang);
    await op.getByTestId('approve').click();
    await op.locator('[data-testid=return-status][data-status=refunded]').first().waitFor();
    const refunded = await returnOf(returnId);
    assert.equal(refunded.status, 'refunded');
    assert.equal(refunded.refunded, placed.order.amountDue, 'the whole of what the consumer paid for the lost coat');
    await eventually(async () => {
      const o = ok(await api<{ refunds: { status: string; amount: number }[] }>(platform, 'GET', `/orders/${placed.order.id}`, { token: operator }));
      assert.deepEqual(o.refunds.map((r) => [r.status, r.amount]), [['succeeded', placed.order.amountDue]], 'the gateway paid it back, once');
    }, { timeout: 60_000, interval: 500 });

    // ---- the consumer sees the refund ----
    await sf.reload();
    const done = sf.locator(`[data-testid=return-card][data-return="${returnId}"][data-status=refunded]`);
    await done.waitFor();
    assert.equal(Number(await done.getByTestId('return-refunded-amount').getAttribute('data-amount')), placed.order.amountDue);
    assert.match(await done.getByTestId('return-refunded-amount').innerText(), /已退款/);
    // Everything lost was refunded: nothing is left to ask for again.
    assert.equal(await sf.getByTestId('return-lost').count(), 0, 'no second refund-only button once the lost units are refunded');
    await shot(sf, 'storefront', 'aftersales-lost-refunded', lang);
    assert.deepEqual([...sfErrors, ...opErrors], []);
  } finally {
    for (const c of contexts) await c.close();
  }
});
