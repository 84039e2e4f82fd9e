// What the fulfilment and after-sales browser tests set up the same way: a brand of their own
// with a coat and a scarf (known barcodes) in a live event, and the demo reseller placing paid
// wallet orders on it, through the platform's own use cases on the running platform's database.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { makeCtx, type Actor, type Ctx } from '../../src/platform/context.ts';
import { systemContext } from '../../src/main.ts';
import { startPlatform, launchBrowser, apiLogin, api, ok, paySandbox, eventually, type Running } from './browser.ts';
import type { Database } from '../../src/platform/database.ts';
import { signBrand } from '../../src/modules/brands/index.ts';
import { importLot, listProducts } from '../../src/modules/catalog/index.ts';
import { createUser } from '../../src/modules/accounts/index.ts';
import { createSaleEvent, scheduleSaleEvent } from '../../src/modules/sale-events/index.ts';
import { placeResellerOrder } from '../../src/flows/checkout.flow.ts';

export const DEMO_RESELLER = '13700000001';

export interface TwoSkuEvent {
  brandId: string; brandPhone: string; eventId: string; stamp: string;
  /** Where the test's consumers live. */
  address: { province: string; city: string; district: string; detail: string };
  /** The barcodes, and the SKU ids behind them. */
  coat: string; scarf: string; coatSku: string; scarfSku: string;
  /** The event's SKU of a catalogue SKU. */
  esku(skuId: string): string;
  /** A paid wallet order by the demo reseller for a consumer at the test's address. */
  place(name: string, phone: string, lines: { eventSkuId: string; quantity: number }[], key: string): ReturnType<typeof placeResellerOrder>;
}

/**
 * `tag` keeps each test's SKU codes, barcodes and brand phones apart (two letters, two digits);
 * `n` the runs of one test (one per language); `street` the consumers' house number.
 */
export async function twoSkuEvent(sys: { ctx: Ctx; database: Database }, o: {
  tag: string; barcodeHead: string; phoneHead: string; n: number; street: number;
  brand: string; event: string; coat: string; scarf: string;
}): Promise<TwoSkuEvent> {
  const { ctx, database } = sys;
  const stamp = `${Date.now() % 1e6}`.padStart(6, '0');
  const coat = `${o.barcodeHead}${o.n}1${stamp}01`, scarf = `${o.barcodeHead}${o.n}2${stamp}02`;
  const brand = await signBrand(ctx, { name: `${o.brand} ${stamp}`, category: '女装', contract: { commissionBps: 2000 } });
  const csv = ['spu_code,product_name,category,colour,size,sku_code,barcode,tag_price,base_price,quantity,image_urls',
    `${o.tag}${stamp}A,${o.coat},女装,驼色,M,${o.tag}${stamp}A-M,${coat},1299.00,299.00,20,`,
    `${o.tag}${stamp}B,${o.scarf},配饰,燕麦色,均码,${o.tag}${stamp}B-F,${scarf},599.00,129.00,20,`].join('\n') + '\n';
  await importLot(ctx, { brandId: brand.id, fileName: `${o.tag.toLowerCase()}.csv`, content: Buffer.from(csv) });
  const skus = (await listProducts(ctx, { brandId: brand.id })).items.flatMap((p) => p.skus);
  const brandPhone = `${o.phoneHead}${stamp}${o.n}`.slice(0, 11);
  await createUser(ctx, { role: 'brand', brandId: brand.id, phone: brandPhone, name: o.brand, password: 'demo1234' });
  const now = Date.now();
  const draft = await createSaleEvent(ctx, {
    brandId: brand.id, title: `${o.event} ${stamp}`, startsAt: new Date(now - 60_000), endsAt: new Date(now + 2 * 86_400_000),
    markup: { minBps: 2000, maxBps: 3000, suggestedBps: 2500 }, items: skus.map((s) => ({ skuId: s.id, quantity: 10 })),
  });
  const ev = await scheduleSaleEvent(ctx, draft.id);
  const [row] = (await database.pool.query<{ id: string; reseller_id: string }>('SELECT id, reseller_id FROM users WHERE phone = $1', [DEMO_RESELLER])).rows;
  const reseller: Actor = { kind: 'reseller', userId: row.id, resellerId: row.reseller_id };
  const address = { province: '浙江省', city: '杭州市', district: '西湖区', detail: `文三路 ${o.street} 号` };
  return {
    brandId: brand.id, brandPhone, eventId: ev.id, stamp, address, coat, scarf,
    coatSku: skus.find((s) => s.barcode === coat)!.id, scarfSku: skus.find((s) => s.barcode === scarf)!.id,
    esku: (skuId) => ev.skus.find((s) => s.skuId === skuId)!.eventSkuId,
    place: (name, phone, lines, key) => placeResellerOrder(makeCtx(database.db, ctx.deps, reseller), {
      consumer: { name, phone, address }, lines, payWith: 'wallet', idempotencyKey: `e2e-${o.tag.toLowerCase()}-${stamp}-${key}`,
    }),
  };
}

export const DEMO_OPERATOR = '13800000000';

export interface WarehouseRun { platform: Running; browser: Browser; sys: { ctx: Ctx; database: Database; close(): Promise<void> }; operator: string }

/**
 * `sellthrough start` with a sandbox carrier that walks a parcel in steps of 0.4 s (the
 * platform's own ticks deliver its notifications) and never fails a first delivery; a browser; a
 * system context on the platform's database; the demo operator's token.
 */
export async function startWarehouseRun(): Promise<WarehouseRun> {
  process.env.SANDBOX_CARRIER_STEP_SECONDS = '0.4';
  process.env.SANDBOX_CARRIER_EXCEPTION_RATE = '0';
  const platform = await startPlatform();
  const browser = await launchBrowser();
  return { platform, browser, sys: systemContext(platform.databaseUrl, 2), operator: await apiLogin(platform, DEMO_OPERATOR) };
}

export async function stopWarehouseRun(r: Partial<WarehouseRun>): Promise<void> {
  await r.sys?.close();
  await r.browser?.close();
  await r.platform?.stop();
}

/** An order's status, as the operator reads it. */
export async function orderStatus(platform: Running, operator: string, orderId: string): Promise<string> {
  return ok(await api<{ status: string }>(platform, 'GET', `/orders/${orderId}`, { token: operator })).status;
}

export interface StorefrontOrder { orderId: string; lookupToken: string; /** The consumer's order page (the link the order confirmation gives). */ url: string }

/** A consumer's order on a reseller's storefront, paid on the sandbox gateway, once the platform has it paid. */
export async function paidStorefrontOrder(platform: Running, operator: string, o: {
  shareCode: string; key: string; consumer: { name: string; phone: string; address: TwoSkuEvent['address'] }; lines: { eventSkuId: string; quantity: number }[];
}): Promise<StorefrontOrder> {
  const placed = ok(await api<{ order: { id: string; payment: { payUrl: string } }; lookupToken: string }>(platform, 'POST', `/storefront/${o.shareCode}/orders`, {
    key: o.key, body: { consumer: o.consumer, lines: o.lines },
  }), 201);
  await paySandbox(platform, placed.order.payment.payUrl);
  await eventually(async () => assert.equal(await orderStatus(platform, operator, placed.order.id), 'paid'), { timeout: 30_000 });
  return { orderId: placed.order.id, lookupToken: placed.lookupToken, url: `${platform.baseUrl}/s/${o.shareCode}/orders/${placed.order.id}?token=${encodeURIComponent(placed.lookupToken)}` };
}

/**
 * The brand ships the orders itself (the event's drop-ship purchase order) and the sandbox carrier
 * delivers them: returns once every one is delivered (a warehouse run walks a parcel in seconds).
 */
export async function dropShipAndDeliver(platform: Running, operator: string, o: { saleEventId: string; brandPhone: string; orderIds: string[] }): Promise<void> {
  const [po] = ok(await api<{ items: { id: string }[] }>(platform, 'POST', '/purchase-orders/issue', { token: operator, body: { saleEventId: o.saleEventId, mode: 'drop_ship' } })).items;
  const brandToken = await apiLogin(platform, o.brandPhone);
  for (const id of o.orderIds) ok(await api(platform, 'POST', `/purchase-orders/${po.id}/drop-ship`, { token: brandToken, body: { orderId: id } }));
  await eventually(async () => {
    for (const id of o.orderIds) assert.equal(await orderStatus(platform, operator, id), 'delivered');
  }, { timeout: 90_000, interval: 500 });
}
