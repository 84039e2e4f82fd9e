// Sharing: share links with their channel and end, the storefront's visitor records, and
// customer binding (流量保护). What a link opens is checked by the flow that makes it
// (flows/share-kit.flow.ts); this module keeps the rows and answers from them.
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { authorize } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { executeHot, type Db } from '../../platform/database.ts';
import { AppError } from '../../platform/errors.ts';
import { customerBindings, shareLinks, visitorConsumers } from './sharing.tables.ts';
import { bindingUntilSql, resellerSellsSql } from './sharing.bulk.ts';
import { bindingAfterPaid, type BindingNow, type Channel, type LinkTarget, type ViewPage } from './sharing.rules.ts';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** 10 base58 characters (58^10 ≈ 4·10^17): not guessable, short enough for a chat message. */
function linkCode(): string {
  const bytes = crypto.randomBytes(10);
  let s = '';
  for (const b of bytes) s += BASE58[b % 58];
  return s;
}

export interface ShareLinkView {
  code: string; target: LinkTarget; saleEventId: string | null; targetRef: string | null;
  channel: Channel; label: string; expiresAt: Date | null; createdAt: Date;
}

function view(r: typeof shareLinks.$inferSelect): ShareLinkView {
  return { code: r.code, target: r.target as LinkTarget, saleEventId: r.saleEventId, targetRef: r.targetRef, channel: r.channel as Channel, label: r.label, expiresAt: r.expiresAt, createdAt: r.createdAt };
}

/**
 * The signed-in reseller's link for this target and channel: the one made before (opening the
 * share sheet twice gives the same link, so a channel's figures stay on one row), or a new one.
 * The caller has checked the target and passes the event's end as `expiresAt`.
 */
export async function shareLinkFor(ctx: Ctx, input: { target: LinkTarget; saleEventId: string | null; targetRef: string | null; channel: Channel; label: string; expiresAt: Date | null }): Promise<ShareLinkView> {
  authorize(ctx, 'sharing.links');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const resellerId = ctx.actor.resellerId;
  const same = and(eq(shareLinks.resellerId, resellerId), eq(shareLinks.target, input.target), eq(shareLinks.channel, input.channel), eq(shareLinks.label, input.label),
    input.saleEventId ? eq(shareLinks.saleEventId, input.saleEventId) : sql`${shareLinks.saleEventId} IS NULL`,
    input.targetRef ? eq(shareLinks.targetRef, input.targetRef) : sql`${shareLinks.targetRef} IS NULL`);
  const [found] = await ctx.db.select().from(shareLinks).where(same).limit(1);
  if (found) return view(found);
  const [made] = await ctx.db.insert(shareLinks).values({ code: linkCode(), resellerId, ...input }).returning();
  return view(made);
}

/** The reseller's links, newest first. */
export async function myShareLinks(ctx: Ctx, limit = 100): Promise<ShareLinkView[]> {
  authorize(ctx, 'sharing.links');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const rows = await ctx.db.select().from(shareLinks).where(eq(shareLinks.resellerId, ctx.actor.resellerId)).orderBy(sql`${shareLinks.createdAt} DESC`).limit(limit);
  return rows.map(view);
}

/** A link of this reseller and whether it has ended (the database clock); null: no such link of theirs. */
export async function shareLinkOf(ctx: Ctx, resellerId: string, code: string): Promise<(ShareLinkView & { expired: boolean }) | null> {
  const [r] = await ctx.db.select({ link: shareLinks, expired: sql<boolean>`${shareLinks.expiresAt} IS NOT NULL AND ${shareLinks.expiresAt} <= now()` })
    .from(shareLinks).where(and(eq(shareLinks.code, code), eq(shareLinks.resellerId, resellerId)));
  return r ? { ...view(r.link), expired: r.expired } : null;
}

// ---- visitor records ----

export interface ViewRecord {
  visitorId: string; resellerId: string; linkCode: string | null; channel: Channel | null;
  page: ViewPage; saleEventId: string | null; productId: string | null;
  /** When it was seen; the request's arrival when not given (the demo's history gives earlier days). */
  at?: Date;
}

/**
 * Views are written in batches: a storefront page view answers at once and its record joins the
 * next insert, at most FLUSH_MS later (or when BATCH views wait). A process that dies loses at
 * most that much of its views — they are figures, not money. One recorder per database pool.
 */
const FLUSH_MS = 200;
const BATCH = 500;

class ViewRecorder {
  private waiting: (ViewRecord & { at: Date })[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  constructor(private readonly db: Db, private readonly log: Ctx['log']) {}

  add(v: ViewRecord): void {
    this.waiting.push({ ...v, at: v.at ?? new Date() });
    if (this.waiting.length >= BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Write what waits; resolves when every view added before the call is in the table. */
  flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    const batch = this.waiting;
    this.waiting = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      const col = <K extends keyof (typeof batch)[number]>(k: K) => sql.param(batch.map((v) => v[k]));
      try {
        // One statement for the batch: arrays unnested into rows.
        await this.db.execute(sql`
          INSERT INTO storefront_views (visitor_id, reseller_id, link_code, channel, page, sale_event_id, product_id, at)
          SELECT * FROM unnest(${col('visitorId')}::text[], ${col('resellerId')}::text[], ${col('linkCode')}::text[], ${col('channel')}::text[],
            ${col('page')}::text[], ${col('saleEventId')}::text[], ${col('productId')}::text[], ${sql.param(batch.map((v) => v.at.toISOString()))}::timestamptz[])`);
      } catch (e) {
        this.log.warn({ err: e, views: batch.length }, 'storefront views not recorded');
      }
    });
    return this.flushing;
  }
}

const recorders = new WeakMap<object, ViewRecorder>();

function recorderOf(ctx: Ctx): ViewRecorder {
  // Always the pool, never a transaction: a view is recorded whatever becomes of the request.
  const db = ctx.db as Db;
  let r = recorders.get(db);
  if (!r) recorders.set(db, (r = new ViewRecorder(db, ctx.deps.log)));
  return r;
}

/** Record a storefront view (batched; see ViewRecorder). */
export function recordView(ctx: Ctx, v: ViewRecord): void {
  recorderOf(ctx).add(v);
}

/** Write the views that wait (tests, and a process that stops). */
export function flushViews(ctx: Ctx): Promise<void> {
  return recorderOf(ctx).flush();
}

/** A visitor placed an order naming this phone: later views by them name the consumer to the order's reseller. */
export async function linkVisitorToConsumer(ctx: Ctx, visitorId: string, consumerPhone: string): Promise<void> {
  await ctx.db.insert(visitorConsumers).values({ visitorId, consumerPhone }).onConflictDoNothing();
}

export interface VisitorRow {
  visitorId: string;
  /** The visitor's name and masked phone when they have ordered from this reseller; null: anonymous. */
  customer: { name: string; phone: string } | null;
  views: number; products: { productId: string; name: string; views: number }[];
  firstAt: Date; lastAt: Date;
  channels: Channel[];
  /** Paid orders with this reseller since their first view in the period. */
  bought: boolean;
}

const maskPhone = (p: string) => (p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : p);

/**
 * 访客记录: the signed-in reseller's visitors in the last `days` days, the most recent first —
 * how often they looked, at what, from which channels, and whether they bought. Only this
 * reseller's views and orders are read: a visitor is named only to the reseller they ordered from.
 * A buyer is one row however many browsers or sessions they came in (each visitor id is the
 * customer its latest order from this reseller names); `visitorId` is their latest.
 */
export async function visitorFeed(ctx: Ctx, q: { days?: number; notBought?: boolean; before?: string; limit?: number }): Promise<{ items: VisitorRow[]; nextCursor: string | null }> {
  authorize(ctx, 'sharing.visitors');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const me = ctx.actor.resellerId;
  const days = Math.min(90, Math.max(1, q.days ?? 7));
  const limit = Math.min(100, Math.max(1, q.limit ?? 30));
  const before = q.before ? new Date(q.before) : null;
  const rows = (await ctx.db.execute<{
    visitor_id: string; views: number; first_at: string; last_at: string; channels: string[] | null;
    products: { productId: string; name: string; views: number }[] | null; name: string | null; phone: string | null; bought: boolean;
  }>(sql`
    WITH w AS (SELECT * FROM storefront_views WHERE reseller_id = ${me} AND at > now() - make_interval(days => ${days})),
    -- each visitor of the window as the person it is: the customer its latest order from me names
    -- (one buyer on two phones' browsers, or in two sessions, is one row), else the visitor itself
    who AS (
      SELECT k.visitor_id, coalesce(c.phone, 'v:' || k.visitor_id) AS person
      FROM (SELECT DISTINCT visitor_id FROM w) k
      LEFT JOIN LATERAL (
        SELECT o.consumer_phone AS phone FROM visitor_consumers vc
        JOIN orders o ON o.consumer_phone = vc.consumer_phone AND o.reseller_id = ${me}
        WHERE vc.visitor_id = k.visitor_id ORDER BY o.created_at DESC LIMIT 1) c ON true),
    v AS (
      SELECT who.person, (array_agg(w.visitor_id ORDER BY w.at DESC))[1] AS visitor_id, array_agg(DISTINCT w.visitor_id) AS visitor_ids,
             count(*)::int AS views, min(w.at) AS first_at, max(w.at) AS last_at,
             array_agg(DISTINCT w.channel) FILTER (WHERE w.channel IS NOT NULL) AS channels
      FROM w JOIN who ON who.visitor_id = w.visitor_id
      GROUP BY who.person),
    -- the page first (bought decides "only those who did not buy"); names and products for its rows only
    page AS (
      SELECT v.*, coalesce(b.bought, false) AS bought FROM v
      LEFT JOIN LATERAL (
        SELECT true AS bought FROM visitor_consumers vc
        JOIN orders o ON o.consumer_phone = vc.consumer_phone AND o.reseller_id = ${me} AND o.paid_at >= v.first_at
        WHERE vc.visitor_id = ANY(v.visitor_ids) LIMIT 1) b ON true
      WHERE (${before === null} OR v.last_at < ${before?.toISOString() ?? null}::timestamptz)
        AND (${!q.notBought} OR NOT coalesce(b.bought, false))
      ORDER BY v.last_at DESC LIMIT ${limit + 1}),
    -- the page's people's five most viewed products, in one pass over the window's views
    seen AS (
      SELECT who.person, w.product_id, count(*)::int AS n,
             row_number() OVER (PARTITION BY who.person ORDER BY count(*) DESC, w.product_id) AS rank
      FROM w JOIN who ON who.visitor_id = w.visitor_id
      WHERE w.product_id IS NOT NULL AND who.person IN (SELECT person FROM page)
      GROUP BY who.person, w.product_id),
    top AS (
      SELECT s.person, json_agg(json_build_object('productId', s.product_id, 'name', pr.name, 'views', s.n) ORDER BY s.n DESC, pr.name) AS products
      FROM seen s JOIN products pr ON pr.id = s.product_id WHERE s.rank <= 5 GROUP BY s.person)
    SELECT page.visitor_id, page.views, page.first_at, page.last_at, page.channels, top.products, c.name, c.phone, page.bought
    FROM page
    LEFT JOIN top ON top.person = page.person
    LEFT JOIN LATERAL (
      SELECT o.consumer_name AS name, o.consumer_phone AS phone FROM visitor_consumers vc
      JOIN orders o ON o.consumer_phone = vc.consumer_phone AND o.reseller_id = ${me}
      WHERE vc.visitor_id = ANY(page.visitor_ids) ORDER BY o.created_at DESC LIMIT 1) c ON true
    ORDER BY page.last_at DESC`)).rows;
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      visitorId: r.visitor_id, customer: r.name && r.phone ? { name: r.name, phone: maskPhone(r.phone) } : null,
      views: r.views, products: r.products ?? [], firstAt: new Date(r.first_at), lastAt: new Date(r.last_at),
      channels: (r.channels ?? []) as Channel[], bought: r.bought,
    })),
    nextCursor: rows.length > limit ? new Date(page[page.length - 1].last_at).toISOString() : null,
  };
}

// ---- customer binding (流量保护) ----

/** The consumer's binding as the database sees it now; null: never bound. `lock`: its row locked for the transaction. */
export async function bindingOf(ctx: Ctx, consumerPhone: string, opts: { lock?: boolean } = {}): Promise<(BindingNow & { expiresAt: Date }) | null> {
  // On every ordinary storefront order and every payment: a named prepared statement, planned once per connection.
  const [r] = await executeHot<{ reseller_id: string; live: boolean; reseller_active: boolean; expires_at: string }>(ctx.db, sql`
    SELECT b.reseller_id, b.expires_at > now() AS live, b.expires_at,
           ${resellerSellsSql} AS reseller_active
    FROM customer_bindings b JOIN resellers r ON r.id = b.reseller_id WHERE b.consumer_phone = ${consumerPhone}${opts.lock ? sql` FOR UPDATE OF b` : sql``}`);
  return r ? { resellerId: r.reseller_id, live: r.live, resellerActive: r.reseller_active, expiresAt: new Date(r.expires_at) } : null;
}

/**
 * A paid order of `resellerId` for this phone binds the consumer, renews the binding, or leaves
 * another reseller's live binding alone (sharing.rules.ts bindingAfterPaid). In the payment's
 * transaction; the row lock orders two payments of one phone.
 */
export async function bindOnPaid(ctx: Ctx, order: { id: string; resellerId: string; consumerPhone: string }): Promise<void> {
  const days = ctx.deps.config.customerBindingDays;
  if (days <= 0) return;
  const change = bindingAfterPaid(await bindingOf(ctx, order.consumerPhone, { lock: true }), order.resellerId, days);
  if (change.kind === 'keep') return;
  const until = bindingUntilSql(days);
  if (change.kind === 'renew') {
    // Renewed by this order unless one this hour renewed it already (the row is locked above).
    await ctx.db.execute(sql`UPDATE customer_bindings SET order_id = ${order.id}, expires_at = ${until}
      WHERE consumer_phone = ${order.consumerPhone} AND expires_at < ${until}`);
    return;
  }
  await ctx.db.insert(customerBindings).values({ consumerPhone: order.consumerPhone, resellerId: change.resellerId, orderId: order.id, expiresAt: until })
    .onConflictDoUpdate({ target: customerBindings.consumerPhone, set: { resellerId: change.resellerId, orderId: order.id, boundAt: sql`now()`, expiresAt: until } });
}

/** How many consumers are bound to the signed-in reseller now, and how many bindings end within 7 days. */
export async function myBindings(ctx: Ctx): Promise<{ bound: number; endingSoon: number }> {
  authorize(ctx, 'sharing.visitors');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const [r] = (await ctx.db.execute<{ bound: number; ending: number }>(sql`
    SELECT count(*)::int AS bound, count(*) FILTER (WHERE expires_at <= now() + interval '7 days')::int AS ending
    FROM customer_bindings WHERE reseller_id = ${ctx.actor.resellerId} AND expires_at > now()`)).rows;
  return { bound: r.bound, endingSoon: r.ending };
}
