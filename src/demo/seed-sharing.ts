// The demo's sharing history: each reseller's links (shop, live and past events, per channel),
// the storefront visits they brought over the last 30 days — so 访客记录, 我的数据 and the
// dashboards' traffic show curves on first start — and today's visitors who bought through them
// (orders placed and paid through the use cases, so conversion, channels and bindings are real).
// Visits of earlier days are recorded with their day; links of ended events show as ended.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';
import type { SandboxGateway } from '../modules/payments/index.ts';
import type { ResellerView } from '../modules/resellers/index.ts';
import { shareLinkFor, recordView, flushViews, type Channel } from '../modules/sharing/index.ts';
import { placeStorefrontOrder } from '../flows/checkout.flow.ts';
import { consumer } from './people.ts';
import { rng, type Rng } from './random.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SEED = 0x5ea12;
const GROUP_LABELS = ['宝妈群', '闺蜜群', '小区团购群', '同事群', '老客户群'];

export interface SharingSummary { links: number; visitors: number; views: number; orders: number }

interface DemoEvent { id: string; startsAt: number; endsAt: number; live: boolean; products: string[]; skus: { eventSkuId: string; available: number }[] }

/** A visitor id as the storefront's cookie holds it (16 bytes, base64url), drawn from the demo's generator. */
function visitorId(r: Rng): string {
  return Buffer.from(Array.from({ length: 16 }, () => r.int(0, 255))).toString('base64url');
}

/**
 * A consumer who checks out in a shop without a share link came to it first: their visit to the
 * event's page (channel 直接访问), a few minutes before `at` (now when not given). Returns the
 * visitor id the order names, so the reseller's figures count them as a visitor who bought
 * (orders with no visit at all read as 0 % conversion beside 13 buyers).
 */
export function shopVisit(ctx: Ctx, r: Rng, v: { resellerId: string; saleEventId: string; productId: string | null; at?: number }): string {
  const id = visitorId(r);
  const at = (v.at ?? Date.now()) - r.int(2, 40) * 60_000;
  recordView(ctx, { visitorId: id, resellerId: v.resellerId, linkCode: null, channel: null, page: 'event', saleEventId: v.saleEventId, productId: null, at: new Date(at) });
  if (v.productId) recordView(ctx, { visitorId: id, resellerId: v.resellerId, linkCode: null, channel: null, page: 'product', saleEventId: v.saleEventId, productId: v.productId, at: new Date(at + 60_000) });
  return id;
}

/** An instant in [from, to], later ones likelier (sharing grows, and most visits come soon after a link goes out). */
function when(r: Rng, from: number, to: number): number {
  return Math.round(to - (to - from) * r.next() ** 1.6);
}

export async function seedSharing(ctx: Ctx, opts: {
  resellers: { key: string; view: ResellerView; ctx: Ctx }[]; run: string; gateway: SandboxGateway; deliverNotifications: () => Promise<void>;
}): Promise<SharingSummary> {
  const r = rng(SEED);
  const now = Date.now();
  const events: DemoEvent[] = (await ctx.db.execute<{ id: string; starts_at: string; ends_at: string; live: boolean; products: string[]; skus: { eventSkuId: string; available: number }[] | null }>(sql`
    SELECT e.id, e.starts_at, e.ends_at, (e.status IN ('scheduled','live') AND e.starts_at <= now() AND e.ends_at > now()) AS live,
           array_agg(DISTINCT s.product_id) AS products,
           -- What an ordinary order may buy: not a flash item, a group offer, a pulled SKU, nor a presale event's.
           json_agg(json_build_object('eventSkuId', p.event_sku_id, 'available', p.available)) FILTER (WHERE esk.pulled_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM flash_items f WHERE f.event_sku_id = p.event_sku_id)
             AND NOT EXISTS (SELECT 1 FROM group_buy_offers g WHERE g.event_sku_id = p.event_sku_id)
             AND NOT EXISTS (SELECT 1 FROM presales pr WHERE pr.sale_event_id = e.id)) AS skus
    FROM sale_events e JOIN pools p ON p.sale_event_id = e.id JOIN skus s ON s.id = p.sku_id JOIN sale_event_skus esk ON esk.id = p.event_sku_id
    WHERE e.status <> 'draft' AND e.starts_at <= now() AND e.starts_at > now() - interval '30 days'
    GROUP BY e.id ORDER BY e.starts_at`)).rows.map((e) => ({ id: e.id, startsAt: new Date(e.starts_at).getTime(), endsAt: new Date(e.ends_at).getTime(), live: e.live, products: e.products, skus: e.skus ?? [] }));
  const anonymous: Ctx = { ...ctx, actor: { kind: 'anonymous' } };
  const summary: SharingSummary = { links: 0, visitors: 0, views: 0, orders: 0 };
  for (const [i, s] of opts.resellers.entries()) {
    // Busier resellers first: the demo's list runs from the top sellers down.
    const reach = Math.max(2, 14 - i);
    // The shop's own link, shared in a group now and then over the month.
    const shop = await shareLinkFor(s.ctx, { target: 'shop', saleEventId: null, targetRef: null, channel: 'group', label: r.pick(GROUP_LABELS), expiresAt: null });
    summary.links++;
    for (let v = 0; v < reach; v++) {
      const id = visitorId(r);
      const at = when(r, now - 30 * DAY, now);
      summary.visitors++;
      recordView(ctx, { visitorId: id, resellerId: s.view.id, linkCode: shop.code, channel: 'group', page: 'shop', saleEventId: null, productId: null, at: new Date(at) });
      summary.views++;
    }
    // A few of the month's events, one of them on sale now with items anyone may buy (today's
    // buyers come through its links; a flash sale's or a presale's items are bought otherwise).
    const shared = r.sample(events, Math.min(events.length, r.int(3, 6)));
    const buyable = events.filter((e) => e.live && e.skus.length > 0);
    if (buyable.length > 0 && !shared.some((e) => e.live && e.skus.length > 0)) shared.push(r.pick(buyable));
    for (const ev of shared) {
      for (const channel of r.sample<Channel>(['group', 'moments', 'private'], r.int(1, 3))) {
        const link = await shareLinkFor(s.ctx, {
          target: 'event', saleEventId: ev.id, targetRef: null, channel, label: channel === 'group' ? r.pick(GROUP_LABELS) : '', expiresAt: new Date(ev.endsAt),
        });
        summary.links++;
        const visitors = Math.max(1, Math.round(reach * (channel === 'moments' ? 1.5 : channel === 'group' ? 1 : 0.4) * (0.5 + r.next())));
        for (let v = 0; v < visitors; v++) {
          const id = visitorId(r);
          // A third of a live event's visitors came in the last ten hours (and some of them buy, below):
          // every link of a live event has today's buyers to show, the top sellers' too.
          const today = ev.live && v < Math.ceil(visitors / 3);
          const first = today ? when(r, Math.max(ev.startsAt, now - 10 * HOUR), now) : when(r, ev.startsAt, Math.min(ev.endsAt, now));
          const n = r.int(1, 5);
          for (let k = 0; k < n; k++) {
            const at = Math.min(now, first + k * r.int(20, 600) * 1000);
            recordView(ctx, { visitorId: id, resellerId: s.view.id, linkCode: link.code, channel, page: k === 0 ? 'event' : 'product', saleEventId: ev.id, productId: k === 0 ? null : r.pick(ev.products), at: new Date(at) });
            summary.views++;
          }
          summary.visitors++;
          // Some of today's visitors of a live event buy through the link.
          // (the first of them always: every such link has bought something today)
          if (!today || (v > 0 && !r.chance(0.4))) continue;
          const sku = ev.skus.find((x) => x.available >= 3 && r.chance(0.5)) ?? ev.skus.find((x) => x.available >= 3);
          if (!sku) continue;
          const placed = await placeStorefrontOrder(anonymous, {
            shareCode: s.view.shareCode, consumer: consumer(r), lines: [{ eventSkuId: sku.eventSkuId, quantity: 1 }],
            idempotencyKey: `${opts.run}-${s.key}-share-${summary.orders}`, shareLink: link.code, visitorId: id,
          });
          sku.available--;
          const payUrl = placed.order.payment?.payUrl;
          if (payUrl) await opts.gateway.completeCharge(payUrl.split('/').pop()!, 'succeed');
          summary.orders++;
        }
      }
    }
  }
  await flushViews(ctx);
  await opts.deliverNotifications();
  return summary;
}
