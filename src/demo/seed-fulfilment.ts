// The demo's physical half, made through the real use cases: the live event with the most paid
// orders ends early (as an operator would end it), its brand gets a purchase order and confirms a
// ship date, the warehouse receives it with one unit short and one damaged (the orders paid last
// are cancelled and refunded), a sorting wave makes parcels, some are packed and handed to the
// sandbox carrier — whose tracking then arrives over the next minutes, so deliveries happen while
// you watch. A second event's purchase order waits for its brand to confirm.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';
import { shanghaiDay } from '../platform/time.ts';
import { skuTags } from '../modules/catalog/index.ts';
import { confirmPurchaseOrder, recordScans, wavePickList, type Scan } from '../modules/fulfillment/index.ts';
import { endSaleEventEarly } from '../flows/operator-controls.flow.ts';
import { DEMO_LOGINS } from './logins.ts';
import { issuePurchaseOrdersFor, closeReceivingFlow, sortingWaveFlow, packParcelFlow, handOverFlow } from '../flows/fulfilment.flow.ts';

export interface FulfilmentSummary { purchaseOrders: number; short: number; parcels: number; packed: number; shipped: number }

export async function seedFulfilment(ctx: Ctx, liveEventIds: string[]): Promise<FulfilmentSummary> {
  const out: FulfilmentSummary = { purchaseOrders: 0, short: 0, parcels: 0, packed: 0, shipped: 0 };
  if (liveEventIds.length < 3) return out;
  // The two live events with the most paid units (kept apart from the rest, which stay on sale).
  const ranked = (await ctx.db.execute<{ id: string; units: number }>(sql`
    SELECT l.sale_event_id AS id, sum(l.quantity)::int AS units FROM order_lines l JOIN orders o ON o.id = l.order_id
    WHERE o.status = 'paid' AND o.campaign IS NULL AND l.sale_event_id = ANY(${sql.param(liveEventIds)}::text[])
      -- events that carry a campaign stay live for it
      AND NOT EXISTS (SELECT 1 FROM flash_items f WHERE f.sale_event_id = l.sale_event_id)
      AND NOT EXISTS (SELECT 1 FROM group_buy_offers g WHERE g.sale_event_id = l.sale_event_id)
      AND NOT EXISTS (SELECT 1 FROM presales p WHERE p.sale_event_id = l.sale_event_id)
    GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 2`)).rows;
  if (ranked.length < 2) return out;
  const [received, waiting] = ranked.map((r) => r.id);
  // Ended by the demo operator, as the console would (the act is recorded under their name).
  const [opUser] = (await ctx.db.execute<{ id: string }>(sql`SELECT id FROM users WHERE phone = ${DEMO_LOGINS.operator.phone}`)).rows;
  const operator: Ctx = { ...ctx, actor: { kind: 'operator', userId: opUser.id } };
  for (const id of [received, waiting]) await endSaleEventEarly(operator, id, 'goods_ready_ship_early');

  // The first event: confirmed, received (one short, one damaged), sorted, partly packed and shipped.
  const pos = await issuePurchaseOrdersFor(ctx, received);
  await issuePurchaseOrdersFor(ctx, waiting);
  out.purchaseOrders = (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM purchase_orders`)).rows[0].n;
  const today = shanghaiDay();
  for (const po of pos) {
    const view = await confirmPurchaseOrder({ ...ctx, actor: { kind: 'system' } }, po.id, today);
    const scans: Scan[] = [];
    view.lines.forEach((l, i) => {
      let good = l.ordered;
      if (i === 0 && good >= 2) good -= 1; // one never came
      if (i === 1 && good >= 2) { good -= 1; scans.push({ barcode: l.barcode, quantity: 1, condition: 'damaged' }); }
      if (good > 0) scans.push({ barcode: l.barcode, quantity: good });
    });
    if (scans.length) await recordScans(ctx, po.id, scans, 'scan');
    const closed = await closeReceivingFlow(ctx, po.id);
    out.short += closed.short.reduce((a, s) => a + s.quantity, 0);
  }
  const wave = await sortingWaveFlow(ctx);
  if (!wave.waveId) return out;
  out.parcels = wave.parcels;
  const { parcels } = await wavePickList(ctx, wave.waveId);
  const tags = await skuTags(ctx, parcels.flatMap((p) => p.lines.map((l) => l.skuId)));
  const packed: string[] = [];
  for (const p of parcels.slice(0, Math.ceil(parcels.length * 0.6))) {
    await packParcelFlow(ctx, p.id, p.lines.flatMap((l) => Array.from({ length: l.quantity }, () => tags.get(l.skuId)!.barcode)));
    packed.push(p.id);
  }
  out.packed = packed.length;
  const toShip = packed.slice(0, Math.ceil(packed.length / 2));
  if (toShip.length) out.shipped = (await handOverFlow(ctx, toShip)).shipped.length;
  return out;
}
