// The demo's coupons and red packets: a platform 满减, a brand-funded percent coupon, a BOGO and
// a coupon that opens next week; the top reseller's red packets, some gifted to customers; and a
// few storefront orders that use them (paid and awaiting payment).
import type { CampaignWorld } from './seed-campaigns.ts';
import { createCoupon, listCoupons, buyRedPackets, giftRedPackets, listRedPacketBatches } from '../modules/promotions/index.ts';
import { browseSaleEvents, resellerSaleEvent } from '../flows/shop.flow.ts';
import { placeStorefrontOrder } from '../flows/checkout.flow.ts';
import { AppError } from '../platform/errors.ts';
import { customerAsConsumer } from '../modules/resellers/index.ts';

const DAY = 86_400_000;

export async function seedPromotions(w: CampaignWorld): Promise<{ coupons: number; redPackets: number }> {
  const now = w.now.getTime();
  const window = { validFrom: new Date(now - DAY), validTo: new Date(now + 14 * DAY) };
  // The demo's codes are the ones the README lists: a forced re-run keeps the coupons it finds.
  const existing = new Map((await listCoupons(w.ctx)).map((c) => [c.code, c]));
  const once = async (input: Parameters<typeof createCoupon>[1]) => existing.get(input.code) ?? createCoupon(w.ctx, input);
  const made = [
    await once({ code: 'MAN300-50', name: '满300减50', kind: 'threshold', threshold: 30000, amountOff: 5000, fundedBy: 'platform', ...window, totalCap: 2000, perCustomerCap: 2 }),
    await once({ code: 'BOGO-DAY', name: '买一送一日', kind: 'bogo', fundedBy: 'platform', ...window, totalCap: 300, perCustomerCap: 1 }),
    await once({ code: 'NEWYEAR-20', name: '新年立减20', kind: 'fixed', amountOff: 2000, fundedBy: 'platform', validFrom: new Date(now + 7 * DAY), validTo: new Date(now + 21 * DAY), totalCap: 5000, perCustomerCap: 1 }),
  ];
  if (w.brandIds[0]) {
    made.push(await once({ code: 'BRAND-12', name: '品牌专享88折', kind: 'percent', percentBps: 1200, maxOff: 6000, fundedBy: 'brand', brandId: w.brandIds[0], ...window, totalCap: 500, perCustomerCap: 1 }));
  }

  const top = w.resellers[0];
  if (!top) return { coupons: made.length, redPackets: 0 };
  const { batch } = await buyRedPackets(top.ctx, { title: '老客回馈红包', amountEach: 1000, count: 10, minSpend: 9900, validDays: 7, idempotencyKey: `${w.run}-demo-red-packets` });
  const giftTo = top.customers.slice(0, 3);
  if (giftTo.length) await giftRedPackets(top.ctx, batch.id, giftTo.map((c) => c.id));
  const packets = (await listRedPacketBatches(top.ctx)).find((b) => b.id === batch.id)?.packets ?? [];

  // A few consumers use them: one coupon order paid, one red packet order paid, one waiting.
  const anonymous = { ...w.ctx, actor: { kind: 'anonymous' as const } };
  const skus: { eventSkuId: string; price: number; brandId: string }[] = [];
  for (const card of (await browseSaleEvents(top.ctx)).filter((e) => e.onSale && e.stockLeft > 20)) {
    const ev = await resellerSaleEvent(top.ctx, card.id);
    for (const p of ev.products) for (const s of p.skus) if (s.available > 5) skus.push({ eventSkuId: s.eventSkuId, price: s.sellingPrice, brandId: card.brandId });
  }
  const uses: { codes: { couponCode?: string; redPacketCode?: string }; customer?: (typeof top.customers)[number]; pay: boolean; brandId?: string }[] = [
    { codes: { couponCode: 'MAN300-50' }, pay: true },
    { codes: { couponCode: 'BOGO-DAY' }, pay: false },
  ];
  // The brand-funded coupon too, on its brand's items, so that brand's portal has figures.
  if (made.some((c) => c.code === 'BRAND-12')) uses.push({ codes: { couponCode: 'BRAND-12' }, pay: true, brandId: w.brandIds[0] });
  const mine = packets.find((p) => p.customerId && p.customerId === giftTo[0]?.id);
  if (mine) uses.push({ codes: { redPacketCode: mine.code }, customer: giftTo[0], pay: true });
  let i = 0;
  for (const use of uses) {
    // Enough for any threshold: three units of a SKU (two of which make a BOGO pair).
    for (const sku of use.brandId ? skus : skus.slice(i)) {
      i++;
      if (use.brandId && sku.brandId !== use.brandId) continue;
      const c = use.customer;
      const consumer = c
        ? customerAsConsumer(c)
        : { name: '周女士', phone: `1350000${String(1000 + i).slice(-4)}`, address: { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' } };
      try {
        const res = await placeStorefrontOrder(anonymous, {
          shareCode: top.view.shareCode, consumer, lines: [{ eventSkuId: sku.eventSkuId, quantity: sku.price * 3 >= 30000 ? 3 : 4 }],
          idempotencyKey: `${w.run}-promo-${i}`, ...use.codes,
        });
        const charge = res.order.payment?.payUrl?.split('/').pop();
        if (use.pay && charge) await w.gateway.completeCharge(charge, 'succeed');
        break;
      } catch (e) {
        // A flash-only or sold-out item, or a price under the threshold: try the next one.
        if (!(e instanceof AppError)) throw e;
      }
    }
  }
  await w.deliverNotifications();
  return { coupons: made.length, redPackets: batch.count };
}
