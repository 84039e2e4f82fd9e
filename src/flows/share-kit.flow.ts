// The share kit's flows: a reseller's link for an event, a product or a campaign (checked
// against what is on sale, ending with its event), what a link opens for the consumer (or, once
// ended, the reseller's other live events), views the storefront records, and each link's figures.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { authorize } from '../platform/access.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { publicSaleEvent } from '../modules/sale-events/index.ts';
import { resellerByShareCode, getReseller } from '../modules/resellers/index.ts';
import { flashItemViews } from '../modules/flash-sales/index.ts';
import { offersBy } from '../modules/group-buys/index.ts';
import { presalesBy } from '../modules/presales/index.ts';
import { recordView, shareLinkFor, shareLinkOf, myShareLinks, type Channel, type LinkTarget, type ShareLinkView, type ViewPage } from '../modules/sharing/index.ts';
import { renderPoster, MAX_POSTER_ITEMS, type PosterItem, type PosterKind } from '../modules/sharing/poster.ts';
import { PosterPartCache } from '../modules/sharing/poster-cache.ts';
import { renderBattleReport } from '../modules/sharing/battle-report-image.ts';
import { battleReport } from '../modules/analytics/index.ts';
import { eventShowcase, storefront, type EventShowcase } from './shop.flow.ts';
import { pricesOf, sellingPriceFor } from '../modules/pricing/index.ts';

export interface ShareLinkOut extends ShareLinkView { url: string }

/** Where in the storefront a link's target is, relative to /s/:shareCode. */
function pathOf(l: Pick<ShareLinkView, 'target' | 'saleEventId' | 'targetRef'>): string {
  switch (l.target) {
    case 'shop': return '';
    case 'event': case 'presale': return `/e/${l.saleEventId}`;
    case 'product': return `/e/${l.saleEventId}?p=${l.targetRef}`;
    case 'flash': return `/flash/${l.targetRef}`;
    case 'group': return `/g/${l.targetRef}`;
  }
}

const urlOf = (ctx: Ctx, shareCode: string, code: string) => `${ctx.deps.config.publicUrl}/s/${shareCode}/l/${code}`;

/**
 * The signed-in reseller's link for a target and channel (the same one each time it is asked
 * for). The target must be on sale now or later; the link ends when its event ends (阅后即焚).
 */
export async function makeShareLink(ctx: Ctx, input: { target: LinkTarget; saleEventId?: string; targetRef?: string; channel: Channel; label?: string }): Promise<ShareLinkOut> {
  authorize(ctx, 'sharing.links');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const me = await getReseller(ctx, ctx.actor.resellerId);
  const label = (input.label ?? '').trim();
  if (input.target === 'shop') {
    const l = await shareLinkFor(ctx, { target: 'shop', saleEventId: null, targetRef: null, channel: input.channel, label, expiresAt: null });
    return { ...l, url: urlOf(ctx, me.shareCode, l.code) };
  }
  const invalid = (field: string) => new AppError('share_target_invalid', { fields: [{ path: field, message: 'not on sale in a live or upcoming event' }] });
  let saleEventId = input.saleEventId ?? null;
  let targetRef: string | null = null;
  if (input.target === 'product') {
    if (!input.targetRef) throw invalid('targetRef');
    targetRef = input.targetRef;
  } else if (input.target === 'flash') {
    const [item] = input.targetRef ? await flashItemViews(ctx, { ids: [input.targetRef] }) : [];
    if (!item) throw invalid('targetRef');
    saleEventId = item.saleEventId; targetRef = item.id;
  } else if (input.target === 'group') {
    const [offer] = input.targetRef ? await offersBy(ctx, { ids: [input.targetRef] }) : [];
    if (!offer) throw invalid('targetRef');
    saleEventId = offer.saleEventId; targetRef = offer.id;
  } else if (input.target === 'presale') {
    const [p] = input.targetRef ? await presalesBy(ctx, { ids: [input.targetRef] }) : [];
    if (!p) throw invalid('targetRef');
    saleEventId = p.saleEventId; targetRef = p.id;
  }
  if (!saleEventId) throw invalid('saleEventId');
  const ev = await publicSaleEvent(ctx, saleEventId);
  // Judged by the database clock: onSale, or scheduled and not yet started.
  if (!ev || !(ev.onSale || (ev.status === 'scheduled' && ev.startsAt.getTime() > Date.now()))) throw invalid('saleEventId');
  if (input.target === 'product' && !ev.skus.some((s) => s.productId === targetRef)) throw invalid('targetRef');
  const l = await shareLinkFor(ctx, { target: input.target, saleEventId, targetRef, channel: input.channel, label, expiresAt: ev.endsAt });
  return { ...l, url: urlOf(ctx, me.shareCode, l.code) };
}

export type OpenedLink =
  | { status: 'live'; shopName: string; target: LinkTarget; saleEventId: string | null; targetRef: string | null; channel: Channel; path: string }
  | { status: 'expired'; shopName: string; channel: Channel; otherEvents: Awaited<ReturnType<typeof storefront>>['events'] };

/** What a link opens: its target while its event runs; once ended, the reseller's other events on sale now. */
export async function openShareLink(ctx: Ctx, shareCode: string, code: string): Promise<OpenedLink> {
  const owner = await resellerByShareCode(ctx, shareCode);
  if (!owner) throw new AppError('storefront_not_found');
  const link = await shareLinkOf(ctx, owner.id, code);
  if (!link) throw new AppError('share_link_not_found');
  if (!link.expired) return { status: 'live', shopName: owner.name, target: link.target, saleEventId: link.saleEventId, targetRef: link.targetRef, channel: link.channel, path: pathOf(link) };
  const shop = await storefront(ctx, shareCode);
  return { status: 'expired', shopName: owner.name, channel: link.channel, otherEvents: shop.events.filter((e) => e.onSale && e.id !== link.saleEventId) };
}

// Share codes and links never change what they name: a process keeps the last few thousand it
// resolved, so recording a view costs no query once its shop and link are known.
const CACHE_MAX = 5000;
const resellerOfCode = new Map<string, string | null>();
const channelOfLink = new Map<string, Channel | null>();
function remember<V>(m: Map<string, V>, k: string, v: V): V {
  if (m.size >= CACHE_MAX) m.delete(m.keys().next().value!);
  m.set(k, v);
  return v;
}

/** A storefront view (batched; no address kept). An unknown shop is refused; an unknown link is recorded without a channel. */
export async function recordStorefrontView(ctx: Ctx, v: { shareCode: string; visitorId: string; page: ViewPage; saleEventId?: string; productId?: string; link?: string }): Promise<void> {
  const resellerId = resellerOfCode.has(v.shareCode) ? resellerOfCode.get(v.shareCode)!
    : remember(resellerOfCode, v.shareCode, (await resellerByShareCode(ctx, v.shareCode))?.id ?? null);
  if (!resellerId) throw new AppError('storefront_not_found');
  let channel: Channel | null = null;
  if (v.link) {
    const key = `${resellerId}/${v.link}`;
    channel = channelOfLink.has(key) ? channelOfLink.get(key)! : remember(channelOfLink, key, (await shareLinkOf(ctx, resellerId, v.link))?.channel ?? null);
  }
  recordView(ctx, {
    visitorId: v.visitorId, resellerId, linkCode: channel ? v.link! : null, channel, page: v.page,
    saleEventId: v.saleEventId ?? null, productId: v.productId ?? null,
  });
}

export interface LinkFigures extends ShareLinkOut {
  title: string | null; expired: boolean;
  views: number; visitors: number; orders: number; buyers: number; sales: number;
  /** Buyers per visitor, basis points. */
  conversionBps: number;
}

/**
 * The signed-in reseller's links with what each brought: views, visitors, and their own paid orders,
 * buyers and sales through it (an order a bound consumer placed through it went to another reseller and is not counted).
 */
export async function myLinkFigures(ctx: Ctx): Promise<LinkFigures[]> {
  authorize(ctx, 'sharing.links');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const me = ctx.actor.resellerId;
  const links = await myShareLinks(ctx, 200);
  if (links.length === 0) return [];
  const shareCode = (await getReseller(ctx, me)).shareCode;
  const codes = links.map((l) => l.code);
  const figures = new Map((await ctx.db.execute<{ code: string; views: number; visitors: number; orders: number; buyers: number; sales: number; title: string | null; expired: boolean }>(sql`
    WITH v AS (SELECT link_code, count(*) AS views, count(DISTINCT visitor_id) AS visitors FROM storefront_views
               WHERE reseller_id = ${me} AND link_code IS NOT NULL GROUP BY link_code),
         o AS (SELECT share_link, count(*) AS orders, count(DISTINCT consumer_phone) AS buyers, sum(selling_total) AS sales FROM orders
               WHERE share_link = ANY(${sql.param(codes)}::text[]) AND reseller_id = ${me} AND paid_at IS NOT NULL AND status <> 'cancelled' GROUP BY share_link)
    SELECT l.code, coalesce(v.views, 0)::int AS views, coalesce(v.visitors, 0)::int AS visitors,
           coalesce(o.orders, 0)::int AS orders, coalesce(o.buyers, 0)::int AS buyers, coalesce(o.sales, 0)::bigint AS sales,
           e.title, (l.expires_at IS NOT NULL AND l.expires_at <= now()) AS expired
    FROM share_links l LEFT JOIN sale_events e ON e.id = l.sale_event_id
    LEFT JOIN v ON v.link_code = l.code LEFT JOIN o ON o.share_link = l.code
    WHERE l.code = ANY(${sql.param(codes)}::text[])`)).rows.map((r) => [r.code, r]));
  return links.map((l) => {
    const f = figures.get(l.code)!;
    return {
      ...l, url: urlOf(ctx, shareCode, l.code), title: f.title, expired: f.expired,
      views: f.views, visitors: f.visitors, orders: f.orders, buyers: f.buyers, sales: Number(f.sales),
      conversionBps: f.visitors ? Math.floor((f.buyers * 10_000) / f.visitors) : 0,
    };
  });
}

// ---- posters ----

const MIME_BY_EXT: Record<string, string> = { '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp' };

/** An uploaded picture's bytes (/uploads/<name>), or none: a poster shows a plain block instead of failing. */
async function uploadedImage(ctx: Ctx, url: string | undefined): Promise<{ image: Uint8Array | null; imageMime: string | null }> {
  const mime = url ? MIME_BY_EXT[path.extname(url).toLowerCase()] : undefined;
  if (!url || !url.startsWith('/uploads/') || !mime) return { image: null, imageMime: null };
  // Inside the upload folder only (the demo's pictures sit in its demo/ folder).
  const root = path.resolve(ctx.deps.config.uploadDir);
  const file = path.resolve(root, decodeURIComponent(url.slice('/uploads/'.length)));
  if (!file.startsWith(root + path.sep)) return { image: null, imageMime: null };
  try {
    return { image: await fs.readFile(file), imageMime: mime };
  } catch {
    return { image: null, imageMime: null };
  }
}

// Rendered posters by what they show (prices, names, pictures, the link, the language): a
// process keeps the last few hundred, so a poster asked for again costs no rendering.
// Finished posters by what they show (LRU, bounded in count and bytes; two requests for one
// poster at once draw it once).
const posters = new PosterPartCache<Uint8Array>(300, 64 * 1024 * 1024, (png) => png.byteLength);

/**
 * The poster of one of my links (a PNG, server-rendered: names, my prices, the tag price struck
 * through, the discount, the event's end, the link's QR code, my name) and its content key.
 * Never a base price: the renderer takes none.
 */
export async function posterForLink(ctx: Ctx, code: string): Promise<{ png: Uint8Array; key: string }> {
  authorize(ctx, 'sharing.links');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const me = await getReseller(ctx, ctx.actor.resellerId);
  const link = await shareLinkOf(ctx, me.id, code);
  if (!link) throw new AppError('not_found');
  if (link.target === 'shop' || !link.saleEventId) throw new AppError('share_target_invalid', { fields: [{ path: 'code', message: 'posters are made for events, products and campaigns' }] });
  const show = await eventShowcase(ctx, link.saleEventId);
  if (!show) throw new AppError('not_found');
  const { event: ev, flash } = show;
  const brand = show.brandName;
  type Shown = EventShowcase['products'][number];
  // The products the poster shows, then my prices for their SKUs only.
  let title = ev.title;
  let picked: { p: Shown; price: number | null }[];
  const inStock = (p: Shown) => p.skus.some((x) => x.available > 0 && x.pulledAt === null);
  if (link.target === 'product' || link.target === 'flash' || link.target === 'group') {
    let productId = link.targetRef;
    let price: number | null = null;
    if (link.target === 'flash') {
      const [item] = await flashItemViews(ctx, { ids: [link.targetRef!] });
      productId = item?.productId ?? null; price = item?.price ?? null;
    } else if (link.target === 'group') {
      const [offer] = await offersBy(ctx, { ids: [link.targetRef!] });
      productId = show.products.find((x) => x.skus.some((k) => k.eventSkuId === offer?.eventSkuId))?.product.id ?? null; price = offer?.groupPrice ?? null;
    }
    const p = show.products.find((x) => x.product.id === productId);
    if (!p) throw new AppError('not_found');
    title = p.product.name;
    picked = [{ p, price }];
  } else {
    // The event's grid: products still in stock first, as the event lists them.
    picked = [...show.products.filter(inStock), ...show.products.filter((p) => !inStock(p))].slice(0, MAX_POSTER_ITEMS).map((p) => ({ p, price: null }));
  }
  const mine = await pricesOf(ctx, me.id, picked.flatMap(({ p }) => p.skus.map((k) => k.eventSkuId)));
  // A product's price on a poster: the lowest it sells at among sizes in stock (else all sizes).
  const chosen = picked.map(({ p, price }) => {
    const skus = p.skus.filter((x) => x.available > 0 && x.pulledAt === null);
    const from = skus.length ? skus : p.skus;
    const lowest = Math.min(...from.map((x) => flash.get(x.eventSkuId)?.price ?? sellingPriceFor(x.basePrice, ev.markup, mine.get(x.eventSkuId))));
    return { name: p.product.name, image: p.product.images[0], price: price ?? lowest, tagPrice: Math.max(...from.map((x) => x.tagPrice)) };
  });
  const url = urlOf(ctx, me.shareCode, link.code);
  const facts = { v: 1, lang: ctx.lang, kind: link.target, title, brand, endsAt: ev.endsAt, url, name: me.name, chosen };
  const key = crypto.createHash('sha256').update(JSON.stringify(facts)).digest('base64url').slice(0, 27);
  const kind: PosterKind = link.target; // not a shop (refused above); the closure below loses the narrowing
  const png = await posters.get(key, async () => {
    const items: PosterItem[] = await Promise.all(chosen.map(async (c) => ({ name: c.name, price: c.price, tagPrice: c.tagPrice, ...(await uploadedImage(ctx, c.image)) })));
    return renderPoster({
      lang: ctx.lang === 'en' ? 'en' : 'zh-CN', kind, title, brandName: brand, items, currency: 'CNY',
      endsAt: new Date(ev.endsAt), link: url, reseller: { name: me.name, avatar: null, avatarMime: null },
    });
  });
  return { png, key };
}

// ---- the battle report as an image ----

const reports = new PosterPartCache<Uint8Array>(100, 32 * 1024 * 1024, (png) => png.byteLength);

/**
 * An event's battle report (销售战报) as a PNG to post in groups: units and people only, never
 * money. A reseller's carries the QR code of their group link to the event while it is on sale.
 */
export async function battleReportPng(ctx: Ctx, saleEventId: string): Promise<{ png: Uint8Array; key: string }> {
  const r = await battleReport(ctx, saleEventId);
  const en = ctx.lang === 'en';
  let link: string | null = null, resellerName: string | null = null;
  if (ctx.actor.kind === 'reseller') {
    resellerName = (await getReseller(ctx, ctx.actor.resellerId)).name;
    // An ended event's report is still worth showing; it just links nowhere.
    link = await makeShareLink(ctx, { target: 'event', saleEventId, channel: 'group' }).then((l) => l.url, () => null);
  }
  const n = (x: number) => x.toLocaleString('en-US');
  const headline = r.opening.units > 0
    ? (en ? `${n(r.opening.units)} sold in the first ${r.opening.minutes} minutes` : `开场 ${r.opening.minutes} 分钟售出 ${n(r.opening.units)} 件`)
    : (en ? `${n(r.totals.sold)} sold to ${n(r.totals.buyers)} buyers so far` : `已抢走 ${n(r.totals.sold)} 件，${n(r.totals.buyers)} 位买家下单`);
  const input = {
    lang: en ? 'en' as const : 'zh-CN' as const, brandName: r.brandName, title: r.title, headline,
    sold: r.totals.sold, sellThroughBps: r.totals.sellThroughBps, buyers: r.totals.buyers, soldOutSkus: r.totals.soldOutSkus,
    topSkus: r.topSkus.map((x) => ({ productName: x.productName, colour: x.colour, size: x.size, sold: x.sold })),
    curve: r.curve.map((c) => ({ at: c.at, cumulative: c.cumulative })), endsAt: r.endsAt, link, resellerName,
  };
  const key = crypto.createHash('sha256').update(JSON.stringify(input)).digest('base64url').slice(0, 27);
  return { png: await reports.get(key, () => renderBattleReport(input)), key };
}
