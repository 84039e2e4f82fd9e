// Order summaries and CSV exports over HTTP on a real PostgreSQL: they cover every order of the
// filter (more than a page of the list), with exact unit totals; cells a spreadsheet would run as
// formulas are escaped; the files are UTF-8 with a BOM and a download name; a brand exports only
// its own items, and resellers and anonymous callers cannot export at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, ADDRESS, type BrandWithLot, type ResellerFixture } from './support/fixtures.ts';
import { call, login } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import type { SaleEventView } from '../src/modules/sale-events/index.ts';

let tp: TestPlatform;
let shop: ResellerFixture;
let brandA: BrandWithLot;
let brandB: BrandWithLot;
let eventA: SaleEventView;
let eventB: SaleEventView;
const tokens = {} as Record<'operator' | 'shop' | 'brandA' | 'brandB', string>;

/** More orders than a page of the list (50 by default) and than the brand portal loads at once (30). */
const ORDERS = 60;
/** Units expected per event SKU id, and the order numbers, of brand A's paid orders. */
const expectedUnits = new Map<string, number>();
const numbersA = new Set<string>();
let orderB: { id: string; orderNo: string };
const FORMULA_NOTE = '=HYPERLINK("http://evil.example","点我")';
const FORMULA_NAME = '+Bob';

async function userLogin(role: 'operator' | 'brand', brandId?: string): Promise<string> {
  const phone = uniquePhone();
  await createUser(tp.ctx(), { role, phone, name: `${role} user`, password: 'export-password', ...(brandId ? { brandId } : {}) });
  return login(tp, phone, 'export-password');
}

async function walletOrder(eventSkuId: string, quantity: number, key: string, extra: { note?: string; name?: string } = {}) {
  const r = await call(tp, 'POST', '/api/v1/reseller/orders', {
    token: tokens.shop, headers: { 'idempotency-key': key },
    body: { consumer: { name: extra.name ?? '收货人', phone: '13812345678', address: ADDRESS }, lines: [{ eventSkuId, quantity }], payWith: 'wallet', ...(extra.note ? { note: extra.note } : {}) },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as { id: string; orderNo: string };
}

before(async () => {
  tp = await testPlatform();
  tokens.operator = await userLogin('operator');
  shop = await reseller(tp, 10_000_000);
  tokens.shop = await login(tp, shop.phone, shop.password);
  brandA = await brandWithLot(tp);
  brandB = await brandWithLot(tp);
  tokens.brandA = await userLogin('brand', brandA.brandId);
  tokens.brandB = await userLogin('brand', brandB.brandId);
  eventA = await liveEvent(tp, brandA, { quantity: 50 });
  eventB = await liveEvent(tp, brandB, { quantity: 50 });
  for (let i = 0; i < ORDERS; i++) {
    const esk = eventA.skus[i % eventA.skus.length].eventSkuId;
    const quantity = (i % 3) + 1;
    const note = i === 0 ? FORMULA_NOTE : undefined;
    const o = await walletOrder(esk, quantity, `export-a-${i}`, { note, name: i === 0 ? FORMULA_NAME : undefined });
    expectedUnits.set(esk, (expectedUnits.get(esk) ?? 0) + quantity);
    numbersA.add(o.orderNo);
  }
  orderB = await walletOrder(eventB.skus[0].eventSkuId, 4, 'export-b-0');
});
after(async () => { await tp?.close(); });

const totalA = () => [...expectedUnits.values()].reduce((a, n) => a + n, 0);

/** A CSV file's rows (RFC 4180: quoted cells, doubled quotes, CRLF lines), without the BOM. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += c;
  }
  assert.equal(cell + row.join(''), '', 'the file ends with a line break');
  return rows;
}

async function download(url: string, token?: string) {
  const res = await tp.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.statusCode, headers: res.headers, body: res.body };
}

/** The order lines section of a pick list file: rows after its heading row. */
function pickSections(rows: string[][]) {
  const split = rows.findIndex((r) => r.length === 1 && r[0] === '');
  return { picks: rows.slice(2, split - 1), total: rows[split - 1], lines: rows.slice(split + 3) };
}

test('the pick list covers every paid order of the filter, past the first page, with exact units per SKU', async () => {
  const filter = `status=paid&saleEventId=${eventA.id}`;
  const page = await call(tp, 'GET', `/api/v1/orders?${filter}`, { token: tokens.brandA });
  assert.equal(page.body.items.length, 50);
  assert.ok(page.body.nextCursor, 'the list has a second page');

  const summary = await call(tp, 'GET', `/api/v1/orders/summary?${filter}`, { token: tokens.brandA });
  assert.deepEqual(summary.body, { orders: ORDERS, units: totalA() });

  const picks = await call(tp, 'GET', `/api/v1/orders/pick-list?${filter}`, { token: tokens.brandA });
  assert.equal(picks.status, 200, JSON.stringify(picks.body));
  assert.deepEqual(picks.body.totals, { units: totalA(), skus: eventA.skus.length, orders: ORDERS });
  const bySku = new Map(eventA.skus.map((s) => [s.skuId, expectedUnits.get(s.eventSkuId)]));
  for (const p of picks.body.items) assert.equal(p.units, bySku.get(p.skuId), `units of ${p.skuCode}`);

  const file = await download(`/api/v1/orders/pick-list.csv?${filter}`, tokens.brandA);
  assert.equal(file.status, 200, file.body);
  assert.equal(file.headers['content-type'], 'text/csv; charset=utf-8');
  assert.match(String(file.headers['content-disposition']), /^attachment; filename="pick-list-\d{8}\.csv"; filename\*=UTF-8''/);
  assert.ok(String(file.headers['content-disposition']).includes(encodeURIComponent('拣货单')), 'the Chinese name for zh-CN');
  assert.ok(file.body.startsWith('\uFEFF'), 'a BOM for Excel');
  const rows = parseCsv(file.body.slice(1));
  assert.deepEqual(rows[0], ['拣货汇总']);
  const { picks: pickRows, total, lines } = pickSections(rows);
  assert.equal(pickRows.length, eventA.skus.length);
  assert.equal(pickRows.reduce((a, r) => a + Number(r[4]), 0), totalA());
  assert.deepEqual([total[0], total[4], total[5]], ['合计', String(totalA()), String(ORDERS)]);
  assert.equal(lines.length, ORDERS, 'one line per order (each has one line)');
  assert.deepEqual(new Set(lines.map((l) => l[0])), numbersA, 'every order number, printed');
  assert.equal(lines.reduce((a, l) => a + Number(l[7]), 0), totalA());
});

test('the order list CSV has every order of the filter, each line with its order number', async () => {
  const file = await download(`/api/v1/orders/export.csv?saleEventId=${eventA.id}&lang=en`, tokens.brandA);
  assert.equal(file.status, 200, file.body);
  assert.match(String(file.headers['content-disposition']), /filename\*=UTF-8''orders-\d{8}\.csv$/);
  const rows = parseCsv(file.body.slice(1));
  assert.equal(rows[0][0], 'Order no.', 'headers in the caller’s language');
  assert.equal(rows.length - 1, ORDERS);
  assert.deepEqual(new Set(rows.slice(1).map((r) => r[0])), numbersA);
  assert.equal(rows.slice(1).reduce((a, r) => a + Number(r[rows[0].indexOf('Qty')]), 0), totalA());
  assert.ok(!rows[0].includes('Phone') && !file.body.includes('13812345678'), 'no consumer data for a brand');
  assert.equal(rows[1][rows[0].indexOf('Base price (CNY)')], '199', 'money as a number of yuan');
});

test('cells a spreadsheet would run as formulas are shown as text', async () => {
  const brandFile = await download(`/api/v1/orders/export.csv?saleEventId=${eventA.id}`, tokens.brandA);
  assert.ok(brandFile.body.includes(`"'=HYPERLINK(""http://evil.example"",""点我"")"`), 'the note, escaped');
  const opFile = await download(`/api/v1/orders/export.csv?saleEventId=${eventA.id}`, tokens.operator);
  const rows = parseCsv(opFile.body.slice(1));
  const names = rows.slice(1).map((r) => r[rows[0].indexOf('收货人')]);
  assert.ok(names.includes(`'${FORMULA_NAME}`), 'the consumer’s name, escaped');
  assert.ok(!rows.flat().some((c) => /^[=+\-@]/.test(c)), 'no cell starts a formula');
  const pick = await download(`/api/v1/orders/pick-list.csv?saleEventId=${eventA.id}`, tokens.brandA);
  assert.ok(pick.body.includes(`"'=HYPERLINK(`), 'the pick list escapes notes too');
});

test('a brand exports only its own orders, whatever filter it sends', async () => {
  const pick = await download(`/api/v1/orders/pick-list.csv?saleEventId=${eventA.id}`, tokens.brandB);
  assert.equal(pick.status, 200);
  const { picks, total, lines } = pickSections(parseCsv(pick.body.slice(1)));
  assert.deepEqual([picks.length, total[4], lines.length], [0, '0', 0], 'brand A’s event holds nothing of brand B');
  const widened = await download(`/api/v1/orders/export.csv?brandId=${brandA.brandId}`, tokens.brandB);
  const rows = parseCsv(widened.body.slice(1));
  assert.deepEqual(rows.slice(1).map((r) => r[0]), [orderB.orderNo], 'only brand B’s order, though it asked for brand A');
  const json = await call(tp, 'GET', `/api/v1/orders/pick-list?brandId=${brandA.brandId}`, { token: tokens.brandB });
  assert.deepEqual(json.body.totals, { units: 4, skus: 1, orders: 1 });
  const summary = await call(tp, 'GET', `/api/v1/orders/summary?saleEventId=${eventA.id}`, { token: tokens.brandB });
  assert.deepEqual(summary.body, { orders: 0, units: 0 });
  // The operator filters by brand and gets that brand's orders only.
  const op = await call(tp, 'GET', `/api/v1/orders/summary?brandId=${brandB.brandId}`, { token: tokens.operator });
  assert.deepEqual(op.body, { orders: 1, units: 4 });
});

test('resellers and anonymous callers cannot use the exports', async () => {
  for (const url of ['/api/v1/orders/pick-list.csv', '/api/v1/orders/export.csv', '/api/v1/orders/pick-list']) {
    const asReseller = await download(`${url}?saleEventId=${eventA.id}`, tokens.shop);
    assert.equal(asReseller.status, 403, `${url}: ${asReseller.body}`);
    assert.equal(JSON.parse(asReseller.body).code, 'forbidden');
    assert.match(String(asReseller.headers['content-type']), /^application\/problem\+json/);
    const anonymous = await download(`${url}?saleEventId=${eventA.id}`);
    assert.equal(anonymous.status, 401, `${url}: ${anonymous.body}`);
    assert.equal(JSON.parse(anonymous.body).code, 'unauthenticated');
  }
  // A reseller's own summary is theirs: every order this test placed is the shop's.
  const mine = await call(tp, 'GET', '/api/v1/orders/summary', { token: tokens.shop });
  assert.deepEqual(mine.body, { orders: ORDERS + 1, units: totalA() + 4 });
});

test('a bad filter is refused with the field, and no file is made', async () => {
  const r = await download('/api/v1/orders/export.csv?status=shipped_yesterday', tokens.operator);
  assert.equal(r.status, 400);
  const body = JSON.parse(r.body);
  assert.equal(body.code, 'validation_failed');
  assert.ok(body.errors.some((e: { path: string }) => e.path === 'querystring.status'), r.body);
  const unknown = await download('/api/v1/orders/pick-list.csv?colour=red', tokens.brandA);
  assert.equal(unknown.status, 400);
});
