// Demo group buys and presales, through the real use cases: two group-buy offers on live items,
// one with a group that filled and succeeded and one with a group a seat short; two presale
// events from the lots' unallocated supply, one short of its MOQ and one past it.
import { sql } from 'drizzle-orm';
import type { CampaignWorld } from './seed-campaigns.ts';
import { consumer } from './people.ts';
import { createGroupBuyOffer, openGroup, joinGroup, sweepGroupBuys } from '../flows/group-buy.flow.ts';
import { createPresale } from '../flows/presale.flow.ts';
import { placeStorefrontOrder } from '../flows/checkout.flow.ts';
import { createSaleEvent, scheduleSaleEvent } from '../modules/sale-events/index.ts';
import { listProducts } from '../modules/catalog/index.ts';
import type { Ctx } from '../platform/context.ts';

const DAY = 86_400_000;

export async function seedGroupBuysAndPresales(w: CampaignWorld): Promise<{ groupBuys: number; presales: number }> {
  if (w.resellers.length === 0 || w.brandIds.length === 0) return { groupBuys: 0, presales: 0 };
  const anonymous: Ctx = { ...w.ctx, actor: { kind: 'anonymous' } };
  const shop = w.resellers[0].view.shareCode;
  const pay = async (payUrl: string | null | undefined) => {
    if (payUrl) await w.gateway.completeCharge(payUrl.split('/').pop()!, 'succeed');
  };

  // ---- group buys on live items (not on flash sale, not in a presale) ----
  const items = (await w.ctx.db.execute<{ esk: string; event: string; base: number; tag: number }>(sql`
    SELECT s.id AS esk, s.sale_event_id AS event, s.base_price AS base, s.tag_price AS tag
    FROM sale_event_skus s JOIN sale_events e ON e.id = s.sale_event_id JOIN pools p ON p.event_sku_id = s.id
    WHERE e.status IN ('scheduled','live') AND e.starts_at <= now() AND e.ends_at > now() + interval '1 day' AND p.available >= 10
      AND NOT EXISTS (SELECT 1 FROM flash_items f WHERE f.event_sku_id = s.id)
      AND NOT EXISTS (SELECT 1 FROM group_buy_offers g WHERE g.event_sku_id = s.id)
      AND NOT EXISTS (SELECT 1 FROM presales pr WHERE pr.sale_event_id = s.sale_event_id)
    ORDER BY p.available DESC, s.id LIMIT 2`)).rows;
  let groupBuys = 0;
  for (const [i, it] of items.entries()) {
    const base = Number(it.base);
    const groupPrice = Math.min(Number(it.tag), Math.ceil((base * 1.25) / 100) * 100);
    if (groupPrice <= base) continue;
    const offer = await createGroupBuyOffer(w.ctx, { saleEventId: it.event, eventSkuId: it.esk, groupSize: 3, groupPrice, hours: 24 });
    groupBuys++;
    const key = `${w.run}-gb${i}`;
    const leader = await openGroup(anonymous, { shareCode: shop, offerId: offer.id, consumer: consumer(w.r), quantity: 1, idempotencyKey: `${key}-open` });
    await pay(leader.order.payment?.payUrl);
    const friend = await joinGroup(anonymous, { shareCode: shop, groupId: leader.groupId, consumer: consumer(w.r), quantity: 1, idempotencyKey: `${key}-join1` });
    await pay(friend.order.payment?.payUrl);
    if (i === 0) {
      // The first offer's group fills and everyone pays: it succeeds.
      const last = await joinGroup(anonymous, { shareCode: shop, groupId: leader.groupId, consumer: consumer(w.r), quantity: 1, idempotencyKey: `${key}-join2` });
      await pay(last.order.payment?.payUrl);
    }
    // The second offer's group stays one seat short, waiting for a friend to join.
  }
  await w.deliverNotifications();
  await sweepGroupBuys(w.ctx);

  // ---- presales: new events from unallocated supply ----
  let presales = 0;
  const brandId = w.brandIds[0];
  const products = (await listProducts(w.ctx, { brandId, limit: 200 })).items
    .map((p) => ({ p, skus: p.skus.filter((s) => s.supplied - s.allocated >= 40) }))
    .filter((x) => x.skus.length >= 3);
  const plans = [{ moq: 150, units: 46 }, { moq: 40, units: 52 }];
  for (const [i, plan] of plans.entries()) {
    const chosen = products[i];
    if (!chosen) break;
    const skus = chosen.skus.slice(0, 6);
    const ev = await createSaleEvent(w.ctx, {
      brandId, title: `预售 · 以销定产 ${chosen.p.name}`, description: '先下单后生产：达到起订量后品牌开工，按承诺日期发货；未达到则全额自动退款。',
      startsAt: new Date(w.now.getTime() - 3_600_000), endsAt: new Date(w.now.getTime() + 3 * DAY),
      markup: { minBps: 2000, maxBps: 3000, suggestedBps: 2500 },
      items: skus.map((s) => ({ skuId: s.id, quantity: 40 })),
    });
    const live = await scheduleSaleEvent(w.ctx, ev.id);
    await createPresale(w.ctx, { saleEventId: ev.id, moq: plan.moq, deadline: new Date(w.now.getTime() + 2 * DAY), shipDays: 21 });
    presales++;
    // Demand leans to the middle sizes, as real demand does.
    let left = plan.units;
    for (let j = 0; left > 0; j++) {
      const sku = live.skus[[1, 1, 2, 0, 1, 2, 3, 1][j % 8] % live.skus.length];
      const quantity = Math.min(left, 1 + (j % 3));
      const r = w.resellers[j % w.resellers.length];
      const o = await placeStorefrontOrder(anonymous, {
        shareCode: r.view.shareCode, consumer: consumer(w.r), lines: [{ eventSkuId: sku.eventSkuId, quantity }], idempotencyKey: `${w.run}-pre${i}-${j}`,
      });
      // Most pay; a few are still at the pay page.
      if (j % 7 !== 6) await pay(o.order.payment?.payUrl);
      left -= quantity;
    }
  }
  await w.deliverNotifications();
  return { groupBuys, presales };
}
