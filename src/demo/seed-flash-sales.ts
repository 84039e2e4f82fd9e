// Demo flash sales (秒杀), through the real use cases: a dedicated live flash event for one brand
// with one item on sale now (some units already grabbed, most of those paid), one sold out and
// one starting in two hours. Idempotency keys carry the run, so a forced re-run seeds anew.
import type { CampaignWorld } from './seed-campaigns.ts';
import { consumer } from './people.ts';
import { createFlashItem } from '../modules/flash-sales/index.ts';
import { claimFlash } from '../flows/flash-checkout.flow.ts';
import { payStorefrontOrderAgain } from '../flows/checkout.flow.ts';
import { createSaleEvent, scheduleSaleEvent } from '../modules/sale-events/index.ts';
import { listProducts } from '../modules/catalog/index.ts';
import type { Ctx } from '../platform/context.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The three items: quantity on flash sale, how many are grabbed now, when each starts. */
const PLAN = [
  { key: 'live', quantity: 50, grabbed: 12, startsIn: -20 * MINUTE },
  { key: 'gone', quantity: 6, grabbed: 6, startsIn: -40 * MINUTE },
  { key: 'next', quantity: 30, grabbed: 0, startsIn: 2 * HOUR },
] as const;

export async function seedFlashSales(w: CampaignWorld): Promise<{ flashItems: number }> {
  if (w.resellers.length === 0 || w.brandIds.length === 0) return { flashItems: 0 };
  // One brand of this run (brands are listed oldest first; a forced re-run adds its own after them).
  const brandId = w.brandIds[Math.max(0, w.brandIds.length - 2)];
  const skus = (await listProducts(w.ctx, { brandId, limit: 200 })).items
    .flatMap((p) => p.skus.map((s) => ({ id: s.id, productId: p.id, free: s.supplied - s.allocated, basePrice: s.basePrice, tagPrice: s.tagPrice })))
    .sort((a, b) => b.free - a.free || a.id.localeCompare(b.id));
  // One SKU per product, so the three items read as three different things.
  const chosen: typeof skus = [];
  for (const [i, plan] of PLAN.entries()) {
    const s = skus.find((x) => x.free >= plan.quantity && !chosen.some((c) => c.productId === x.productId));
    if (!s) break;
    chosen[i] = s;
  }
  if (chosen.length < PLAN.length) return { flashItems: 0 };

  const draft = await createSaleEvent(w.ctx, {
    brandId, title: '限时秒杀 · 人气爆款限量抢', description: '每款限量，手慢无；每人限购 2 件，抢到后 5 分钟内付款。',
    startsAt: new Date(w.now.getTime() - HOUR), endsAt: new Date(w.now.getTime() + 2 * 24 * HOUR),
    markup: { minBps: 1000, maxBps: 3000, suggestedBps: 2000 },
    items: chosen.map((s, i) => ({ skuId: s.id, quantity: PLAN[i].quantity })),
  });
  const ev = await scheduleSaleEvent(w.ctx, draft.id);
  const anonymous: Ctx = { ...w.ctx, actor: { kind: 'anonymous' } };

  let flashItems = 0;
  for (const [i, plan] of PLAN.entries()) {
    const s = chosen[i];
    const esk = ev.skus.find((x) => x.skuId === s.id);
    if (!esk) continue;
    // A flash price a little over the platform price (the reseller still earns), whole yuan, under the tag.
    const price = Math.min(esk.tagPrice, Math.max(esk.basePrice + 100, Math.ceil((esk.basePrice * 1.08) / 100) * 100));
    const item = await createFlashItem(w.ctx, {
      saleEventId: ev.id, eventSkuId: esk.eventSkuId, price, quantity: plan.quantity, perBuyerLimit: 2, perResellerLimit: plan.quantity,
      startsAt: new Date(Math.max(Date.now() + plan.startsIn, ev.startsAt.getTime())),
    });
    flashItems++;
    for (let j = 0; j < plan.grabbed; j++) {
      const r = w.resellers[j % w.resellers.length];
      const quantity = plan.key === 'live' && j % 4 === 3 ? 2 : 1;
      const grab = await claimFlash(anonymous, {
        shareCode: r.view.shareCode, flashItemId: item.id, quantity, consumer: consumer(w.r), idempotencyKey: `${w.run}-flash-${plan.key}-${j}`,
      });
      // Most buyers pay at once; on the live item the last two are still at the pay page (their hold expires).
      if (plan.key === 'live' && j >= plan.grabbed - 2) continue;
      const order = await payStorefrontOrderAgain(anonymous, { orderId: grab.orderId, token: grab.lookupToken, shareCode: r.view.shareCode });
      const payUrl = order.payment?.payUrl;
      if (payUrl) await w.gateway.completeCharge(payUrl.split('/').pop()!, 'succeed');
    }
  }
  await w.deliverNotifications();
  return { flashItems };
}
