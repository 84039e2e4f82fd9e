// Fulfilment over HTTP, end to end: an event ends → purchase orders per brand → the brand
// confirms a ship date → receiving by scans and by file, with a shortage and a damaged unit →
// the lines paid last are cancelled and refunded to the fen (gateway and wallet), overage goes
// back to the lot → a sorting wave merges one consumer's units from two events and brands into one
// parcel → packing by scan → hand-over → the sandbox carrier's signed tracking delivers it → the
// order is delivered and its return window runs. Plus who may not do any of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent, reseller, uniquePhone, payOnGateway, ADDRESS, type BrandWithLot, type ResellerFixture } from './support/fixtures.ts';
import { login, call as httpCall } from './support/http.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { endSaleEventNow, type SaleEventView } from '../src/modules/sale-events/index.ts';
import { auditLedger, balancesOf } from '../src/modules/ledger/index.ts';
import { skuTags } from '../src/modules/catalog/index.ts';
import { applyTrackingChanges } from '../src/flows/fulfilment.flow.ts';
import { lookupToken } from '../src/modules/orders/index.ts';
import { submitRefund } from '../src/modules/payments/index.ts';

let tp: TestPlatform;
let op: string;
let brandA: BrandWithLot;
let brandB: BrandWithLot;
let tokA: string;
let tokB: string;
let r1: ResellerFixture;
let tokR1: string;
let tokR2: string;
let evA: SaleEventView;
let evB: SaleEventView;

const call = (method: string, url: string, opts: { token?: string; body?: unknown; key?: string } = {}) =>
  httpCall(tp, method, url, { token: opts.token, body: opts.body, headers: opts.key ? { 'idempotency-key': opts.key } : undefined });
const ok = (r: { status: number; body: any }, status = 200) => { assert.equal(r.status, status, JSON.stringify(r.body)); return r.body; };

const BUYER = { name: '王芳', phone: '13600001111', address: ADDRESS };

before(async () => {
  tp = await testPlatform({ sandboxCarrier: { stepSeconds: 0.05, pickupSeconds: 0.05, duplicateRate: 0.3, reorderRate: 0.3, exceptionRate: 0 } } as never);
  const opPhone = uniquePhone();
  await createUser(tp.ctx(), { role: 'operator', phone: opPhone, name: '仓库主管', password: 'password1' });
  op = await login(tp, opPhone, 'password1');
  brandA = await brandWithLot(tp, { commissionBps: 2000, base: '100.00', sizes: ['S', 'M'] });
  brandB = await brandWithLot(tp, { commissionBps: 1500, base: '50.00', sizes: ['M'] });
  for (const [b, set] of [[brandA, (t: string) => { tokA = t; }], [brandB, (t: string) => { tokB = t; }]] as const) {
    const phone = uniquePhone();
    await createUser(tp.ctx(), { role: 'brand', brandId: b.brandId, phone, name: 'brand', password: 'password1' });
    set(await login(tp, phone, 'password1'));
  }
  r1 = await reseller(tp, 1_000_000);
  tokR1 = await login(tp, r1.phone, r1.password);
  const r2 = await reseller(tp, 0);
  tokR2 = await login(tp, r2.phone, r2.password);
  evA = await liveEvent(tp, brandA, { quantity: 20 });
  evB = await liveEvent(tp, brandB, { quantity: 20 });
});

after(async () => { await tp?.close(); });

async function walletOrder(eventSkuId: string, quantity: number, buyer = BUYER): Promise<any> {
  return ok(await call('POST', '/api/v1/reseller/orders', { token: tokR1, key: `f-${crypto.randomUUID()}`, body: { consumer: buyer, lines: [{ eventSkuId, quantity }], payWith: 'wallet' } }), 201);
}

async function storefrontPaid(eventSkuId: string, quantity: number, buyer = BUYER): Promise<any> {
  const o = ok(await call('POST', `/api/v1/storefront/${r1.shareCode}/orders`, { key: `f-${crypto.randomUUID()}`, body: { consumer: buyer, lines: [{ eventSkuId, quantity }] } }), 201).order;
  await payOnGateway(tp, o.payment.payUrl);
  return o;
}

test('an event ends → purchase orders → shortage cancels the lines paid last, refunded to the fen → merged parcel → delivered', async () => {
  const skuA = { id: evA.skus[0].eventSkuId, skuId: evA.skus[0].skuId };
  const skuB = { id: evB.skus[0].eventSkuId, skuId: evB.skus[0].skuId };
  // Three paid orders for brand A's first SKU (2 + 1 + 2 units), paid in that order; the same buyer
  // also buys brand B's SKU in another event.
  const first = await walletOrder(skuA.id, 2);
  const second = await storefrontPaid(skuA.id, 1);
  const third = await storefrontPaid(skuA.id, 2, { ...BUYER, name: '赵六', phone: '13600002222' });
  const fromB = await walletOrder(skuB.id, 1);
  const before = { wallet: await walletOf(r1.resellerId) };

  await endSaleEventNow(tp.ctx(), evA.id);
  await endSaleEventNow(tp.ctx(), evB.id);
  // Brands cannot issue; the operator can, and issuing twice asks for nothing twice.
  assert.equal((await call('POST', '/api/v1/purchase-orders/issue', { token: tokA, body: { saleEventId: evA.id } })).status, 403);
  const issued = ok(await call('POST', '/api/v1/purchase-orders/issue', { token: op, body: { saleEventId: evA.id } })).items;
  assert.equal(issued.length, 1);
  assert.equal(issued[0].units, 5);
  assert.deepEqual(ok(await call('POST', '/api/v1/purchase-orders/issue', { token: op, body: { saleEventId: evA.id } })).items, []);
  const poB = ok(await call('POST', '/api/v1/purchase-orders/issue', { token: op, body: { saleEventId: evB.id } })).items[0];
  const poA = issued[0];

  // Each brand sees its own purchase orders only; another brand's is not found.
  const mine = ok(await call('GET', '/api/v1/purchase-orders', { token: tokA })).items;
  assert.deepEqual(mine.map((p: any) => p.id), [poA.id]);
  assert.equal((await call('GET', `/api/v1/purchase-orders/${poA.id}`, { token: tokB })).status, 404);
  assert.equal((await call('GET', `/api/v1/purchase-orders/${poA.id}`, { token: tokR1 })).status, 403);
  // The brand confirms a ship date (not one in the past) and exports the order.
  const past = await call('POST', `/api/v1/purchase-orders/${poA.id}/confirm`, { token: tokA, body: { shipDate: '2020-01-01' } });
  assert.equal(past.status, 400);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  assert.equal(ok(await call('POST', `/api/v1/purchase-orders/${poA.id}/confirm`, { token: tokA, body: { shipDate: today } })).status, 'confirmed');
  assert.equal((await call('POST', `/api/v1/purchase-orders/${poA.id}/confirm`, { token: tokB, body: { shipDate: today } })).status, 404);
  const csv = await tp.app.inject({ method: 'GET', url: `/api/v1/purchase-orders/${poA.id}/export.csv`, headers: { authorization: `Bearer ${tokA}` } });
  assert.equal(csv.statusCode, 200);
  assert.match(csv.body, new RegExp(`${poA.poNo}.*,5,${today}`));

  // Receiving: 3 good by scans, 1 damaged by file; an unknown barcode refuses the whole batch.
  const tags = await skuTags(tp.ctx(), [skuA.skuId, skuB.skuId]);
  const codeA = tags.get(skuA.skuId)!.barcode;
  const codeB = tags.get(skuB.skuId)!.barcode;
  const bad = await call('POST', `/api/v1/purchase-orders/${poA.id}/scans`, { token: op, body: { scans: [{ barcode: codeA }, { barcode: 'NOPE-1' }] } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.errors[0].path, 'scans.1.barcode');
  assert.equal(ok(await call('GET', `/api/v1/purchase-orders/${poA.id}`, { token: op })).lines[0].received, 0, 'nothing of a refused batch is counted');
  ok(await call('POST', `/api/v1/purchase-orders/${poA.id}/scans`, { token: op, body: { scans: [{ barcode: codeA }, { barcode: codeA }, { barcode: codeA }] } }));
  const counted = ok(await call('POST', `/api/v1/purchase-orders/${poA.id}/scans`, { token: op, body: { file: `barcode,quantity,condition\n${codeA},1,damaged\n` } }));
  assert.deepEqual([counted.lines[0].received, counted.lines[0].damaged], [3, 1]);
  assert.equal((await call('POST', `/api/v1/purchase-orders/${poA.id}/close`, { token: tokA })).status, 403);
  const closed = ok(await call('POST', `/api/v1/purchase-orders/${poA.id}/close`, { token: op }));
  // 5 sold, 3 good: 2 short, and they fall on the order paid last (the third, 2 units).
  assert.deepEqual(closed.short.map((s: any) => [s.orderId, s.quantity]), [[third.id, 2]]);
  assert.equal(closed.refunds, 1);
  const thirdNow = ok(await call('GET', `/api/v1/orders/${third.id}`, { token: tokR1 }));
  assert.equal(thirdNow.status, 'cancelled', 'every unit short: the order is cancelled');
  // The reason is the shortage's code and its purchase order, for each reader to word (never English words).
  assert.equal(thirdNow.cancelReason, `brand_short:${poA.poNo}`);
  // Brand B's purchase order: 2 arrive for 1 sold: the extra unit goes back to the lot.
  ok(await call('POST', `/api/v1/purchase-orders/${poB.id}/scans`, { token: op, body: { scans: [{ barcode: codeB, quantity: 2 }] } }));
  const closedB = ok(await call('POST', `/api/v1/purchase-orders/${poB.id}/close`, { token: op }));
  assert.deepEqual(closedB.over, [{ skuId: skuB.skuId, quantity: 1 }]);

  // The refund of the short lines is exact: the third order paid 2 × its price and gets it all back.
  await tp.deliver();
  const refunds = (await tp.database.pool.query<{ amount: string; status: string; reason: string }>('SELECT amount, status, reason FROM refunds WHERE order_id = $1', [third.id])).rows;
  assert.deepEqual(refunds.map((r) => Number(r.amount)), [third.amountDue]);
  assert.deepEqual(refunds.map((r) => r.reason), [`brand_short:${poA.poNo}`], 'a shortage refund’s reason is its code');
  assert.deepEqual(ok(await call('GET', `/api/v1/orders/${third.id}`, { token: op })).refunds.map((r: any) => r.reason), [`brand_short:${poA.poNo}`]);
  const audit = await auditLedger(tp.ctx());
  assert.equal(audit.unbalancedEntries, 0);
  assert.equal(audit.total, 0);
  assert.equal(audit.guardedMismatches, 0);

  // Sorting: the buyer's units from both events and brands (first: 2 A, second: 1 A, fromB: 1 B) go in one parcel.
  const wave = ok(await call('POST', '/api/v1/warehouse/waves', { token: op, body: {} }));
  assert.equal(wave.units, 4);
  const waves = ok(await call('GET', '/api/v1/warehouse/waves', { token: op }));
  assert.deepEqual(waves.items.map((w: any) => w.id), [wave.waveId]);
  const detail = ok(await call('GET', `/api/v1/warehouse/waves/${wave.waveId}`, { token: op }));
  const parcel = detail.parcels.find((p: any) => p.phone === BUYER.phone);
  assert.ok(parcel, JSON.stringify(detail.parcels));
  assert.equal(parcel.items, 4);
  assert.deepEqual(new Set(parcel.lines.map((l: any) => l.orderId)), new Set([first.id, second.id, fromB.id]));
  assert.equal(detail.picks.reduce((a: number, p: any) => a + p.units, 0), 4);
  // Labels: one page per parcel, a PDF; the purchase order prints too.
  const labels = await tp.app.inject({ method: 'GET', url: `/api/v1/warehouse/waves/${wave.waveId}/labels.pdf`, headers: { authorization: `Bearer ${op}` } });
  assert.equal(labels.statusCode, 200);
  assert.equal(labels.headers['content-type'], 'application/pdf');
  assert.equal((labels.rawPayload.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length, detail.parcels.length);
  const poPdf = await tp.app.inject({ method: 'GET', url: `/api/v1/purchase-orders/${poA.id}/export.pdf`, headers: { authorization: `Bearer ${tokA}` } });
  assert.equal(poPdf.statusCode, 200);
  assert.equal(poPdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  assert.equal((await tp.app.inject({ method: 'GET', url: `/api/v1/purchase-orders/${poA.id}/export.pdf`, headers: { authorization: `Bearer ${tokB}` } })).statusCode, 404);
  // Packing must scan exactly the parcel's items.
  const short = await call('POST', `/api/v1/warehouse/parcels/${parcel.id}/pack`, { token: op, body: { barcodes: [codeA, codeA, codeB] } });
  assert.equal(short.status, 400);
  const packed = ok(await call('POST', `/api/v1/warehouse/parcels/${parcel.id}/pack`, { token: op, body: { barcodes: [codeA, codeB, codeA, codeA] } }));
  assert.equal(packed.status, 'packed');
  assert.match(packed.waybillNo, /^[A-Z]{2}\d{10,}/);
  ok(await call('POST', '/api/v1/warehouse/hand-over', { token: op, body: { parcelIds: [parcel.id] } }));
  const shipped = ok(await call('GET', `/api/v1/orders/${first.id}`, { token: tokR1 }));
  assert.equal(shipped.status, 'shipped');

  // The sandbox carrier's signed events (with duplicates and reordering) deliver the parcel.
  for (let i = 0; i < 200; i++) {
    await tp.carrier.deliverDue();
    await applyTrackingChanges(tp.ctx());
    const o = ok(await call('GET', `/api/v1/orders/${first.id}`, { token: tokR1 }));
    if (o.status === 'delivered') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const id of [first.id, second.id, fromB.id]) {
    const row = (await tp.database.pool.query('SELECT status, delivered_at, return_window_ends_at - delivered_at AS window FROM orders WHERE id = $1', [id])).rows[0];
    assert.equal(row.status, 'delivered', id);
    assert.equal(row.window.days, 7, 'delivery starts the 7-day return window');
  }
  const track = ok(await call('GET', `/api/v1/orders/${first.id}/parcels`, { token: tokR1 }));
  assert.equal(track.items.length, 1);
  assert.equal(track.items[0].waybillNo, packed.waybillNo);
  assert.ok(track.items[0].tracking.some((e: any) => e.status === 'delivered'));
  assert.equal((await call('GET', `/api/v1/orders/${first.id}/parcels`, { token: tokR2 })).status, 404, 'another reseller sees nothing');
  // The wallet paid for two of the reseller's own orders and got nothing back (none were short).
  assert.equal(await walletOf(r1.resellerId), before.wallet);
});

test('after-sales: returns within the window per line and unit, approved, shipped back, inspected and refunded exactly once; balances by hand', async () => {
  const orders = (await tp.database.pool.query<{ id: string; kind: string; pay_method: string; status: string; total: string }>(
    "SELECT o.id, o.kind, o.pay_method, o.status, o.amount_due AS total FROM orders o WHERE o.reseller_id = $1 ORDER BY o.paid_at", [r1.resellerId])).rows;
  const [first, second, , fromB] = orders;
  assert.deepEqual(orders.map((o) => o.status), ['delivered', 'delivered', 'cancelled', 'delivered']);
  const lineOf = async (orderId: string) => (await tp.database.pool.query<{ id: string }>('SELECT id FROM order_lines WHERE order_id = $1', [orderId])).rows[0].id;
  const l1 = await lineOf(first.id);
  const l2 = await lineOf(second.id);
  const token2 = lookupToken(tp.config.secret, second.id);

  // More than was delivered, another reseller, a refund-only too large: refused, nothing recorded.
  const tooMany = await call('POST', `/api/v1/orders/${first.id}/returns`, { token: tokR1, body: { kind: 'return', reasonCode: 'size', lines: [{ orderLineId: l1, quantity: 3 }] } });
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.body.errors[0].path, 'lines.0.quantity');
  assert.equal((await call('POST', `/api/v1/orders/${first.id}/returns`, { token: tokR2, body: { kind: 'return', reasonCode: 'size', lines: [{ orderLineId: l1, quantity: 1 }] } })).status, 404);
  const big = await call('POST', `/api/v1/storefront/orders/${second.id}/returns?token=${token2}`, { body: { kind: 'refund_only', reasonCode: 'quality', lines: [{ orderLineId: l2, quantity: 1 }] } });
  assert.equal(big.status, 409);
  assert.equal(big.body.code, 'refund_only_not_allowed');

  // The reseller asks back 1 of the 2 units of their wallet order; the consumer 1 unit of theirs, with a photo.
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');
  const ret1 = ok(await call('POST', `/api/v1/orders/${first.id}/returns`, { token: tokR1, body: { kind: 'return', reasonCode: 'size', note: '偏小', lines: [{ orderLineId: l1, quantity: 1 }] } }), 201);
  const ret2 = ok(await call('POST', `/api/v1/storefront/orders/${second.id}/returns?token=${token2}`, { body: { kind: 'return', reasonCode: 'quality', lines: [{ orderLineId: l2, quantity: 1 }], photos: [`data:image/png;base64,${png}`] } }), 201);
  assert.equal(ret2.requestedBy, 'consumer');
  assert.match(ret2.photos[0], /^\/uploads\/upl_.*\.png$/);
  // The same unit cannot be asked back twice while a request is open.
  assert.equal((await call('POST', `/api/v1/orders/${first.id}/returns`, { token: tokR1, body: { kind: 'return', reasonCode: 'size', lines: [{ orderLineId: l1, quantity: 2 }] } })).status, 400);
  assert.equal((await call('POST', `/api/v1/returns/${ret1.id}/approve`, { token: tokR1, body: { reason: 'ok' } })).status, 403);
  for (const r of [ret1, ret2]) {
    const a = ok(await call('POST', `/api/v1/returns/${r.id}/approve`, { token: op, body: { reason: '符合七天无理由' } }));
    assert.equal(a.status, 'approved');
    assert.ok(a.returnWaybillNo);
  }
  // The return parcels travel back (the sandbox carrier's signed tracking) and are received.
  for (let i = 0; i < 200; i++) {
    await tp.carrier.deliverDue();
    await applyTrackingChanges(tp.ctx());
    const st = await Promise.all([ret1, ret2].map(async (r) => ok(await call('GET', `/api/v1/returns/${r.id}`, { token: op })).status));
    if (st.every((x) => x === 'received')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // Inspection, asked 40 times at once for the consumer's return: one refund, one reversal.
  const tries = await Promise.all(Array.from({ length: 40 }, () => call('POST', `/api/v1/returns/${ret2.id}/inspect`, { token: op, body: { accepted: [{ orderLineId: l2, quantity: 1 }], note: '完好' } })));
  assert.equal(tries.filter((r) => r.status === 200).length + tries.filter((r) => r.status === 409).length, 40);
  assert.ok(tries.some((r) => r.status === 200));
  ok(await call('POST', `/api/v1/returns/${ret1.id}/inspect`, { token: op, body: { accepted: [{ orderLineId: l1, quantity: 1 }], note: '完好' } }));
  // Forty workers sending the same recorded refund (as the retry job would after a worker died
  // between its commit and the call): the gateway takes it once, the ledger settles it once.
  const [refundRow] = (await tp.database.pool.query<{ id: string }>('SELECT id FROM refunds WHERE order_id = $1', [second.id])).rows;
  await tp.database.pool.query('UPDATE refunds SET provider_ref = NULL WHERE id = $1', [refundRow.id]);
  await Promise.all(Array.from({ length: 40 }, () => submitRefund(tp.ctx(), refundRow.id).catch(() => undefined)));
  await tp.deliver();
  assert.equal((await tp.database.pool.query('SELECT count(*)::int AS n FROM sandbox_refunds WHERE merchant_ref = $1', [refundRow.id])).rows[0].n, 1);
  assert.equal((await tp.database.pool.query("SELECT count(*)::int AS n FROM journal_entries WHERE idempotency_key = $1", [`refund:${refundRow.id}`])).rows[0].n, 1);
  const refunds = (await tp.database.pool.query<{ amount: string; reason: string }>("SELECT amount, reason FROM refunds WHERE order_id = $1", [second.id])).rows;
  assert.deepEqual(refunds.map((r) => Number(r.amount)), [12500], 'one refund of the unit’s ¥125.00');
  assert.deepEqual(refunds.map((r) => r.reason), [`return:${ret2.returnNo}`], 'a return’s refund names its request by code');
  const entries = (await tp.database.pool.query("SELECT count(*)::int AS n FROM journal_entries WHERE idempotency_key = $1", [`return:${ret2.id}`])).rows[0].n;
  assert.equal(entries, 1);
  const line1 = (await tp.database.pool.query('SELECT qty_returned, qty_refunded FROM order_lines WHERE id = $1', [l1])).rows[0];
  assert.deepEqual(line1, { qty_returned: 1, qty_refunded: 1 });

  // Every party's balance, by hand (fen): A ¥100 base at 20%, B ¥50 at 15%, storefront price ¥125.
  //   first (wallet, A×2): 20000 paid, brand 16000, commission 4000; 1 returned: −8000, −2000, wallet +10000
  //   second (gateway, A×1): 12500 paid, brand 8000, commission 2000, margin 2500; returned: all back
  //   third (gateway, A×2): short, all back;  fromB (wallet, B×1): 5000, brand B 4250, commission 750
  const bal = async (party: string, account: string) => 0 - ((await balancesOf(tp.ctx(), party)).find((b) => b.account === account)?.balance ?? 0) || 0;
  assert.equal(await bal(brandA.brandId, 'brand_payable'), 16000 + 8000 - 8000 - 8000);
  assert.equal(await bal(brandB.brandId, 'brand_payable'), 4250);
  assert.equal(await bal('', 'platform_commission'), 4000 + 2000 + 750 - 2000 - 2000);
  assert.equal(await bal(r1.resellerId, 'reseller_margin_pending'), 0);
  assert.equal(await bal(r1.resellerId, 'reseller_wallet'), 1_000_000 - 20000 - 5000 + 10000);
  assert.equal(0 - (await bal('', 'provider_cash')), 1_000_000, 'the gateway kept only the wallet top-up');
  assert.equal(await bal('', 'refunds_in_flight'), 0, 'every refund settled');
  const audit = await auditLedger(tp.ctx());
  assert.deepEqual([audit.unbalancedEntries, audit.total, audit.guardedMismatches], [0, 0, 0]);
  // Rates per SKU: 2 returned of 4 delivered for A's SKU; the brand sees its own only.
  const rates = ok(await call('GET', '/api/v1/returns/rates?by=brand', { token: tokA })).items;
  assert.deepEqual(rates.map((r: any) => [r.key, r.returned, r.delivered]), [[brandA.brandId, 2, 3]]);
  // The window closes: nothing more may be asked back.
  await tp.database.pool.query("UPDATE orders SET return_window_ends_at = now() - interval '1 second' WHERE id = $1", [fromB.id]);
  const late = await call('POST', `/api/v1/orders/${fromB.id}/returns`, { token: tokR1, body: { kind: 'return', reasonCode: 'changed_mind', lines: [{ orderLineId: await lineOf(fromB.id), quantity: 1 }] } });
  assert.equal(late.status, 409);
  assert.equal(late.body.code, 'return_window_closed');
});

test('a packed parcel the courier collects on their round, before anyone handed it over, ships and is delivered', async () => {
  const ev = await liveEvent(tp, brandB, { quantity: 5 });
  const esk = ev.skus[0];
  const buyer = { name: '周七', phone: '13600003333', address: ADDRESS };
  const o = await walletOrder(esk.eventSkuId, 1, buyer);
  await endSaleEventNow(tp.ctx(), ev.id);
  const [po] = ok(await call('POST', '/api/v1/purchase-orders/issue', { token: op, body: { saleEventId: ev.id } })).items;
  const code = (await skuTags(tp.ctx(), [esk.skuId])).get(esk.skuId)!.barcode;
  ok(await call('POST', `/api/v1/purchase-orders/${po.id}/scans`, { token: op, body: { scans: [{ barcode: code }] } }));
  ok(await call('POST', `/api/v1/purchase-orders/${po.id}/close`, { token: op }));
  const wave = ok(await call('POST', '/api/v1/warehouse/waves', { token: op, body: {} }));
  const parcel = ok(await call('GET', `/api/v1/warehouse/waves/${wave.waveId}`, { token: op })).parcels.find((p: any) => p.phone === buyer.phone);
  ok(await call('POST', `/api/v1/warehouse/parcels/${parcel.id}/pack`, { token: op, body: { barcodes: [code] } }));
  // Not handed over: the courier's own round collects it.
  await tp.database.pool.query('UPDATE sandbox_carrier_waybills SET pickup_due_at = now() WHERE merchant_ref = $1', [parcel.id]);
  let status = '';
  for (let i = 0; i < 200 && status !== 'delivered'; i++) {
    await tp.carrier.deliverDue();
    await applyTrackingChanges(tp.ctx());
    status = ok(await call('GET', `/api/v1/orders/${o.id}`, { token: tokR1 })).status;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(status, 'delivered');
  const line = (await tp.database.pool.query('SELECT qty_shipped, qty_delivered FROM order_lines WHERE order_id = $1', [o.id])).rows[0];
  assert.deepEqual(line, { qty_shipped: 1, qty_delivered: 1 });
});

async function walletOf(resellerId: string): Promise<number> {
  const b = await balancesOf(tp.ctx(), resellerId);
  return -(b.find((x) => x.account === 'reseller_wallet')?.balance ?? 0);
}

test('a paid order cancelled after the brand was short of some of its units gives back only the units that exist', async () => {
  const ev = await liveEvent(tp, brandA, { quantity: 6, skuIds: [brandA.skuIds[3]] });
  const sku = { id: ev.skus[0].eventSkuId, skuId: ev.skus[0].skuId };
  const pool = async () => (await tp.database.pool.query<{ sold: number; available: number; held: number }>('SELECT sold, available, held FROM pools WHERE event_sku_id = $1', [sku.id])).rows[0];
  await walletOrder(sku.id, 1);
  const late = await walletOrder(sku.id, 3); // paid last: the shortage falls on it
  await endSaleEventNow(tp.ctx(), ev.id);
  const po = ok(await call('POST', '/api/v1/purchase-orders/issue', { token: op, body: { saleEventId: ev.id } })).items[0];
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  ok(await call('POST', `/api/v1/purchase-orders/${po.id}/confirm`, { token: tokA, body: { shipDate: today } }));
  const code = (await skuTags(tp.ctx(), [sku.skuId])).get(sku.skuId)!.barcode;
  ok(await call('POST', `/api/v1/purchase-orders/${po.id}/scans`, { token: op, body: { scans: [{ barcode: code, quantity: 3 }] } }));
  // 4 sold, 3 came: one unit short, on the order paid last, which still has 2 to ship.
  const closed = ok(await call('POST', `/api/v1/purchase-orders/${po.id}/close`, { token: op }));
  assert.deepEqual(closed.short.map((s: any) => [s.orderId, s.quantity]), [[late.id, 1]]);
  assert.equal(ok(await call('GET', `/api/v1/orders/${late.id}`, { token: tokR1 })).status, 'paid');
  assert.equal(Number((await pool()).sold), 4, 'a unit the brand was short of stays sold: it never existed to sell again');
  // Cancelled before shipment: its 2 units that exist go back, the short one does not.
  const cancelled = ok(await call('POST', `/api/v1/orders/${late.id}/cancel`, { token: op, body: { reason: '客户不要了' } }));
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(Number((await pool()).sold), 2, 'the first order’s unit and the short one');
  const moved = (await tp.database.pool.query<{ kind: string; quantity: number }>(`SELECT kind, quantity FROM stock_movements WHERE order_id = $1 AND kind = 'unsell'`, [late.id])).rows;
  assert.deepEqual(moved.map((m) => [m.kind, Number(m.quantity)]), [['unsell', 2]]);
  const audit = await auditLedger(tp.ctx());
  assert.equal(audit.unbalancedEntries, 0);
});
