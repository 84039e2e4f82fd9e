// The 销售战报 page as the brand portal and the operator console show it, checked against the
// API: the figures on the cards, the top and sold-out SKU tables and their CSV files, the curve
// drawn, and the shareable image answering 200 as a PNG (shown, opened and downloaded).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { apiGet, eventually, shot, type Running } from './browser.ts';
import { percent } from '../../web/src/lib/money.ts';

export interface BattleReportApi {
  saleEventId: string; title: string; brandName: string; status: string;
  totals: { initial: number; sold: number; sellThroughBps: number; orders: number; buyers: number; resellers: number; skus: number; soldOutSkus: number };
  opening: { minutes: number; units: number };
  peak: { at: string; units: number } | null;
  topSkus: { productName: string; colour: string; size: string; sold: number; initial: number; sellThroughBps: number }[];
  curve: { at: string; units: number; cumulative: number }[];
}

type Lang = 'zh-CN' | 'en';

const headline = (r: BattleReportApi, lang: Lang) => (r.opening.units > 0
  ? (lang === 'en' ? `${r.opening.units} sold in the first ${r.opening.minutes} minutes` : `开场 ${r.opening.minutes} 分钟售出 ${r.opening.units} 件`)
  : (lang === 'en' ? `${r.totals.sold} sold to ${r.totals.buyers} buyers so far` : `已抢走 ${r.totals.sold} 件，${r.totals.buyers} 位买家下单`));

const cells = (page: Page, row: string) => page.getByTestId(row).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));

/** A CSV file the page downloads when `testId` is clicked: its rows (BOM checked, then dropped). */
async function csvOf(page: Page, testId: string): Promise<{ name: string; rows: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const text = fs.readFileSync((await download.path())!, 'utf8');
  assert.ok(text.startsWith('\uFEFF'), 'a BOM for Excel');
  return { name: download.suggestedFilename(), rows: text.slice(1).split('\r\n').filter(Boolean).map((l) => l.split(',')) };
}

/**
 * From the area's event page (already open): the battle report link opens the page, whose every
 * figure is the API's; `soldOut` names the SKUs that must be listed as sold out. A screenshot
 * `battle-report.<lang>.png` in the area's folder.
 */
export async function checkBattleReportPage(page: Page, o: {
  platform: Running; token: string; eventId: string; area: 'brand' | 'console'; lang: Lang;
  soldOut: { productName: string; colour: string; size: string }[];
}): Promise<BattleReportApi> {
  const { platform, eventId, lang } = o;
  const image = page.waitForResponse((r) => r.url().includes(`/sale-events/${eventId}/battle-report.png`) && r.request().resourceType() === 'image', { timeout: 60_000 });
  await page.getByTestId('battle-report-link').click();
  await page.waitForURL(new RegExp(`/${o.area}/events/${eventId}/report$`));
  await page.getByTestId('battle-report').waitFor();

  // The figures: read right after the API's (the opening minutes grow with the clock: reload and compare again).
  const r = await eventually(async () => {
    const api = await apiGet<BattleReportApi>(platform, `/sale-events/${eventId}/battle-report`, o.token);
    const shown = {
      title: await page.getByTestId('report-title').innerText(), brand: await page.getByTestId('report-brand').innerText(),
      headline: await page.getByTestId('report-headline').innerText(),
      sold: await page.getByTestId('report-sold').innerText(), rate: await page.getByTestId('report-rate').innerText(),
      orders: await page.getByTestId('report-orders').innerText(), buyers: await page.getByTestId('report-buyers').innerText(),
      resellers: await page.getByTestId('report-resellers').innerText(), soldOut: await page.getByTestId('report-sold-out').innerText(),
    };
    const t = api.totals;
    assert.deepEqual(shown, {
      title: api.title, brand: api.brandName, headline: headline(api, lang),
      sold: t.sold.toLocaleString('en-US'), rate: percent(t.sellThroughBps), orders: String(t.orders), buyers: String(t.buyers), resellers: String(t.resellers), soldOut: String(t.soldOutSkus),
    });
    return api;
  }, { between: () => page.reload().then(() => page.getByTestId('battle-report').waitFor()) });
  assert.ok(r.totals.sold > 0 && r.topSkus.length > 0, 'the event has sales to report');
  if (r.peak) assert.equal(await page.getByTestId('report-peak').innerText(), String(r.peak.units));

  // Top SKUs and sold-out SKUs, row by row, and the same in their CSV files.
  const top = r.topSkus.map((s, i) => [String(i + 1), s.productName, s.colour, s.size, String(s.sold), String(s.initial), percent(s.sellThroughBps)]);
  assert.deepEqual(await cells(page, 'top-row'), top);
  const topCsv = await csvOf(page, 'top-csv');
  assert.match(topCsv.name, lang === 'en' ? /^top-skus-.+\.csv$/ : /^热销SKU-.+\.csv$/);
  assert.deepEqual(topCsv.rows.slice(1), top);
  assert.equal(topCsv.rows[0][0], lang === 'en' ? 'Rank' : '排名');

  assert.equal(r.totals.soldOutSkus, o.soldOut.length, 'the report counts the SKUs sold out');
  await page.getByTestId('sold-out-row').first().waitFor();
  const out = await cells(page, 'sold-out-row');
  assert.deepEqual(out.map((c) => c.slice(0, 3)), o.soldOut.map((s) => [s.productName, s.colour, s.size]));
  for (const c of out) assert.equal(c[3], c[4], 'a sold-out SKU sold all its stock');
  const outCsv = await csvOf(page, 'sold-out-csv');
  assert.deepEqual(outCsv.rows.slice(1), out);

  // The curve: drawn, its last point the units sold.
  await page.locator('[data-testid=report-curve] canvas').first().waitFor();
  assert.equal(r.curve.at(-1)?.cumulative, r.totals.sold);
  const curveCsv = await csvOf(page, 'curve-csv');
  assert.equal(Number(curveCsv.rows.at(-1)![2]), r.totals.sold);

  // The shareable image: 200, a PNG, shown on the page; the open and download links answer it too.
  const png = await image;
  assert.equal(png.status(), 200);
  assert.equal(png.headers()['content-type'], 'image/png');
  await eventually(async () => assert.ok(await page.getByTestId('report-png').evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0), 'the image is drawn'));
  const open = await page.request.get(new URL((await page.getByTestId('report-image-open').getAttribute('href'))!, platform.baseUrl).toString());
  assert.equal(open.status(), 200);
  assert.deepEqual([...(await open.body()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'PNG bytes');
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-image-download').click()]);
  assert.equal(saved.suggestedFilename(), `battle-report-${eventId}.png`);
  assert.deepEqual([...fs.readFileSync((await saved.path())!).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'the download is the PNG');

  await shot(page, o.area, 'battle-report', lang);
  return r;
}
