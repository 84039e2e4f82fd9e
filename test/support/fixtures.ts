// Building blocks for tests, through the real use cases: brands with a lot, live events,
// resellers with money in their wallet.
import type { TestPlatform } from './platform.ts';
import type { Actor } from '../../src/platform/context.ts';
import { signBrand } from '../../src/modules/brands/index.ts';
import { importLot, listProducts } from '../../src/modules/catalog/index.ts';
import { createSaleEvent, scheduleSaleEvent, type SaleEventView } from '../../src/modules/sale-events/index.ts';
import { enrolReseller } from '../../src/modules/resellers/index.ts';
import { requestTopup } from '../../src/modules/payments/index.ts';
import { createUser } from '../../src/modules/accounts/index.ts';
import { AppError } from '../../src/platform/errors.ts';

let seq = 0;
export function uniquePhone(): string {
  seq++;
  return `1${String(30 + (process.pid % 60)).padStart(2, '0')}${String(Date.now() % 1e4).padStart(4, '0')}${String(seq).padStart(4, '0')}`.slice(0, 11);
}

export const OPERATOR: Actor = { kind: 'system' };

export function lotCsv(spus: { spu: string; name: string; colours: string[]; sizes: string[]; tag: string; base: string; qty: number }[]): string {
  const rows = ['spu_code,product_name,category,colour,size,sku_code,barcode,tag_price,base_price,quantity,image_urls'];
  for (const p of spus) for (const c of p.colours) for (const s of p.sizes) {
    rows.push(`${p.spu},${p.name},女装,${c},${s},${p.spu}-${c}-${s},69${Math.floor(Math.random() * 1e10)},${p.tag},${p.base},${p.qty},https://img.example.com/${p.spu}.jpg`);
  }
  return rows.join('\n') + '\n';
}

export interface BrandWithLot { brandId: string; skuIds: string[]; brandActor: Actor }

export async function brandWithLot(tp: TestPlatform, opts: { commissionBps?: number; qty?: number; base?: string; tag?: string; sizes?: string[] } = {}): Promise<BrandWithLot> {
  const ctx = tp.ctx();
  const b = await signBrand(ctx, { name: `品牌${++seq}`, category: '女装', contract: { commissionBps: opts.commissionBps ?? 2000 } });
  const csv = lotCsv([{ spu: `SPU${seq}`, name: '羊毛大衣', colours: ['黑色', '驼色'], sizes: opts.sizes ?? ['S', 'M', 'L'], tag: opts.tag ?? '899.00', base: opts.base ?? '199.00', qty: opts.qty ?? 100 }]);
  await importLot(ctx, { brandId: b.id, fileName: 'lot.csv', content: Buffer.from(csv) });
  const products = await listProducts(ctx, { brandId: b.id });
  const u = await createUser(ctx, { role: 'brand', brandId: b.id, phone: uniquePhone(), name: 'brand user', password: 'password1' });
  return { brandId: b.id, skuIds: products.items.flatMap((p) => p.skus.map((s) => s.id)), brandActor: { kind: 'brand', userId: u.id, brandId: b.id } };
}

export async function liveEvent(tp: TestPlatform, brand: BrandWithLot, opts: { quantity?: number; skuIds?: string[]; markup?: { minBps: number; maxBps: number; suggestedBps: number }; startsInMs?: number; endsInMs?: number } = {}): Promise<SaleEventView> {
  const ctx = tp.ctx();
  const now = Date.now();
  const ev = await createSaleEvent(ctx, {
    brandId: brand.brandId, title: '冬季大衣专场',
    startsAt: new Date(now + (opts.startsInMs ?? -60_000)), endsAt: new Date(now + (opts.endsInMs ?? 2 * 86400_000)),
    markup: opts.markup ?? { minBps: 2000, maxBps: 3000, suggestedBps: 2500 },
    items: (opts.skuIds ?? brand.skuIds).map((skuId) => ({ skuId, quantity: opts.quantity ?? 10 })),
  });
  return scheduleSaleEvent(ctx, ev.id);
}

export interface ResellerFixture { resellerId: string; shareCode: string; actor: Actor; phone: string; password: string }

export async function reseller(tp: TestPlatform, walletFen = 0): Promise<ResellerFixture> {
  const phone = uniquePhone();
  const r = await enrolReseller(tp.ctx(), { name: '测试代购', phone, password: 'password1' });
  const userId = (await tp.database.pool.query<{ id: string }>('SELECT id FROM users WHERE reseller_id = $1', [r.id])).rows[0].id;
  const actor: Actor = { kind: 'reseller', userId, resellerId: r.id };
  if (walletFen > 0) await topUp(tp, actor, walletFen);
  return { resellerId: r.id, shareCode: r.shareCode, actor, phone, password: 'password1' };
}

/** Top up through the gateway: request, pay on the sandbox page, deliver the notification. */
export async function topUp(tp: TestPlatform, actor: Actor, amount: number): Promise<void> {
  const t = await requestTopup(tp.ctx(actor), { amount, idempotencyKey: `topup-${Math.random().toString(36).slice(2)}` });
  const chargeId = t.payment.payUrl!.split('/').pop()!;
  await tp.gateway.completeCharge(chargeId, 'succeed');
  await tp.deliver();
}

/**
 * How many of these orders' charges have the gateway's reference and link recorded, once `want` of
 * them do or 5 s passed (the storefront desk records them a moment after answering its buyers).
 */
export async function linksRecorded(tp: TestPlatform, orderIds: string[], want: number): Promise<number> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const { rows: [n] } = await tp.database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM payment_charges c JOIN payment_intents i ON i.id = c.intent_id
      WHERE i.order_id = ANY($1) AND c.provider_ref IS NOT NULL AND c.pay_url IS NOT NULL`, [orderIds]);
    if (n.n >= want || Date.now() > deadline) return n.n;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Pay an order's gateway charge on the sandbox page and deliver the notification. */
export async function payOnGateway(tp: TestPlatform, payUrl: string, outcome: 'succeed' | 'fail' = 'succeed'): Promise<void> {
  await tp.gateway.completeCharge(payUrl.split('/').pop()!, outcome);
  await tp.deliver();
}

export const ADDRESS = { province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道88号 12楼' };
export const CONSUMER = { name: '张三', phone: '13812345678', address: ADDRESS };

/** Every placement settled: its result, or the problem code it was refused with (anything else is thrown). */
export async function settle<T>(work: Promise<T>[]): Promise<(T | string)[]> {
  return (await Promise.allSettled(work)).map((r) => {
    if (r.status === 'fulfilled') return r.value;
    if (r.reason instanceof AppError) return r.reason.code;
    throw r.reason;
  });
}
