// Group buy (拼团) across modules: an operator's offer on an event SKU; a consumer opens a group
// through a reseller's link (an order at the group price), friends join (each an order); the
// sweep below moves groups along from their members' order statuses.
//
// Payments reach groups through the sweep, not through the payment notification: a member's seat
// changes with its order (paid, expired, cancelled by anyone), and one reconciliation reading
// order statuses covers every path, including ones added later. It runs every few seconds.
import { sql } from 'drizzle-orm';
import { authorize } from '../platform/access.ts';
import { withTx, systemCtx, type Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { reasonOf } from '../platform/reasons.ts';
import { sellableSkus } from '../modules/sale-events/index.ts';
import { productCards } from '../modules/catalog/index.ts';
import { availableOf } from '../modules/inventory/index.ts';
import { resellerByShareCode } from '../modules/resellers/index.ts';
import { flashOnly } from '../modules/flash-sales/index.ts';
import { presalesBy } from '../modules/presales/index.ts';
import { getOrderRow, lookupToken, orderByIdempotencyKey, type OrderView } from '../modules/orders/index.ts';
import {
  insertOffer, offersBy, offerStats, insertGroup, takeSeat, insertMember, groupById, groupsBy, membersOf, moveMember, setGroupCounters,
  validateOffer, nextGroupStatus, maskPhone, slotsLeft, type OfferRow, type GroupRow, type GroupStatus,
} from '../modules/group-buys/index.ts';
import { place, presentOrder, type ConsumerInput } from './checkout.flow.ts';
import { cancelOrderFlow } from './cancellation.flow.ts';

// ---- offers ----

export async function createGroupBuyOffer(ctx: Ctx, input: { saleEventId: string; eventSkuId: string; groupSize: number; groupPrice: number; hours: number }) {
  authorize(ctx, 'campaigns.manage');
  const sku = (await sellableSkus(ctx, [input.eventSkuId])).get(input.eventSkuId);
  if (!sku || sku.saleEventId !== input.saleEventId) throw new AppError('validation_failed', { fields: [{ path: 'eventSkuId', message: 'not an item of this event' }] });
  if (!['draft', 'scheduled', 'live'].includes(sku.eventStatus)) throw new AppError('invalid_transition', { detail: 'the event has ended' });
  if ((await flashOnly(ctx, [input.eventSkuId])).length) throw new AppError('campaign_conflict', { detail: 'this item is on flash sale' });
  if ((await presalesBy(ctx, { saleEventIds: [input.saleEventId] })).length) throw new AppError('campaign_conflict', { detail: 'this event is a presale' });
  const issues = validateOffer({ groupSize: input.groupSize, hours: input.hours, groupPrice: input.groupPrice, basePrice: sku.basePrice, tagPrice: sku.tagPrice });
  if (issues.length) throw new AppError('validation_failed', { fields: issues });
  const offer = await insertOffer(ctx, {
    saleEventId: input.saleEventId, eventSkuId: input.eventSkuId, groupSize: input.groupSize, groupPrice: input.groupPrice,
    basePrice: sku.basePrice, currency: sku.currency, hours: input.hours,
  });
  return (await offerViews(ctx, [offer]))[0];
}

async function offerViews(ctx: Ctx, offers: OfferRow[]) {
  const esk = offers.map((o) => o.eventSkuId);
  const skus = await sellableSkus(ctx, esk);
  const cards = await productCards(ctx, [...new Set([...skus.values()].map((s) => s.productId))]);
  const left = await availableOf(ctx, esk);
  const stats = await offerStats(ctx, offers.map((o) => o.id));
  return offers.map((o) => {
    const s = skus.get(o.eventSkuId)!;
    const card = cards.get(s.productId);
    const sku = card?.skus.get(s.skuId);
    return {
      id: o.id, saleEventId: o.saleEventId, eventSkuId: o.eventSkuId, brandId: s.brandId, productId: s.productId, skuId: s.skuId,
      productName: card?.name ?? '', image: sku?.image ?? card?.images[0] ?? null, colour: sku?.colour ?? '', size: sku?.size ?? '',
      groupSize: o.groupSize, hours: o.hours, groupPrice: o.groupPrice, basePrice: o.basePrice, tagPrice: s.tagPrice, currency: o.currency,
      onSale: s.onSale, eventEndsAt: s.endsAt, available: left.get(o.eventSkuId) ?? 0, createdAt: o.createdAt,
      groups: stats.get(o.id)!,
    };
  });
}

/** Offers for the console (any) and brands (their own), optionally of one event. */
export async function listGroupBuyOffers(ctx: Ctx, q: { saleEventId?: string }) {
  authorize(ctx, 'campaigns.read');
  const offers = await offersBy(ctx, { saleEventIds: q.saleEventId ? [q.saleEventId] : undefined });
  const views = await offerViews(ctx, offers);
  return ctx.actor.kind === 'brand' ? views.filter((v) => v.brandId === (ctx.actor as { brandId: string }).brandId) : views;
}

// ---- groups: views ----

async function groupViews(ctx: Ctx, groups: (GroupRow & { live: boolean })[], opts: { withPhones?: boolean } = {}) {
  const members = await membersOf(ctx, groups.map((g) => g.id));
  return groups.map((g) => ({
    id: g.id, offerId: g.offerId, resellerId: g.resellerId, status: g.status as GroupStatus, size: g.size, joined: g.joined, paid: g.paid,
    slotsLeft: g.live ? slotsLeft({ status: g.status as GroupStatus, size: g.size, joined: g.joined }) : 0,
    expiresAt: g.expiresAt, openedAt: g.openedAt, completedAt: g.completedAt,
    members: members.filter((m) => m.groupId === g.id && (m.status === 'joined' || m.status === 'paid' || g.status === 'failed'))
      .map((m) => ({ phone: opts.withPhones ? m.buyerPhone : maskPhone(m.buyerPhone), leader: m.leader, status: m.status, joinedAt: m.joinedAt })),
  }));
}

async function shop(ctx: Ctx, shareCode: string) {
  const r = await resellerByShareCode(ctx, shareCode);
  if (!r) throw new AppError('storefront_not_found');
  return r;
}

function now(ctx: Ctx): Promise<Date> {
  return ctx.db.execute<{ now: Date }>(sql`SELECT now() AS now`).then((r) => new Date(r.rows[0].now));
}

/** A storefront's offer page: the item at the group price, and this shop's groups one can join. */
export async function storefrontOffer(ctx: Ctx, shareCode: string, offerId: string) {
  const r = await shop(ctx, shareCode);
  const [offer] = await offersBy(ctx, { ids: [offerId] });
  if (!offer) throw new AppError('not_found');
  const [view] = await offerViews(ctx, [offer]);
  const groups = await groupsBy(ctx, { offerIds: [offerId], resellerId: r.id, statuses: ['open'], liveOnly: true, limit: 10 });
  const { basePrice: _b, groups: _g, ...pub } = view;
  return { shareCode: r.shareCode, resellerName: r.name, offer: pub, openGroups: await groupViews(ctx, groups), now: await now(ctx) };
}

/** The offers of one event in a storefront (for the event page's 拼团 badges). */
export async function storefrontEventOffers(ctx: Ctx, shareCode: string, saleEventId: string) {
  await shop(ctx, shareCode);
  const views = await offerViews(ctx, await offersBy(ctx, { saleEventIds: [saleEventId] }));
  return views.map(({ basePrice: _b, groups: _g, ...pub }) => pub);
}

/** A group's page behind a shared link: members (masked phones), seats left, countdown. */
export async function storefrontGroup(ctx: Ctx, shareCode: string, groupId: string) {
  const r = await shop(ctx, shareCode);
  const g = await groupById(ctx, groupId);
  if (!g || g.resellerId !== r.id) throw new AppError('not_found');
  const [offer] = await offersBy(ctx, { ids: [g.offerId] });
  const [view] = await offerViews(ctx, [offer]);
  const { basePrice: _b, groups: _g, ...pub } = view;
  return { shareCode: r.shareCode, resellerName: r.name, group: (await groupViews(ctx, [g]))[0], offer: pub, now: g.now };
}

/** The reseller app: offers on events on sale to share (with my margin), and my groups. */
export async function resellerGroupBuys(ctx: Ctx) {
  authorize(ctx, 'campaigns.browse');
  const resellerId = ctx.actor.kind === 'reseller' ? ctx.actor.resellerId : undefined;
  const offers = (await offerViews(ctx, await offersBy(ctx, {}))).filter((o) => o.onSale);
  const groups = resellerId ? await groupsBy(ctx, { resellerId, limit: 50 }) : [];
  return {
    offers: offers.map(({ groups: _g, ...o }) => ({ ...o, margin: o.groupPrice - o.basePrice })),
    groups: await groupViews(ctx, groups),
    now: await now(ctx),
  };
}

/** The console: groups of an offer, newest first. */
export async function listGroups(ctx: Ctx, q: { offerId?: string; status?: GroupStatus }) {
  authorize(ctx, 'campaigns.manage');
  const groups = await groupsBy(ctx, { offerIds: q.offerId ? [q.offerId] : undefined, statuses: q.status ? [q.status] : undefined, limit: 100 });
  return groupViews(ctx, groups);
}

// ---- opening and joining ----

/** clientAddress: the request's address (req.ip), for the cap on unpaid orders per address; not part of the request's identity. */
interface JoinInput { shareCode: string; consumer: ConsumerInput; quantity: number; note?: string; idempotencyKey: string; clientAddress?: string }
export interface GroupOrderResult { order: OrderView; lookupToken: string; groupId: string; replayed: boolean }

async function placeGroupOrder(ctx: Ctx, input: JoinInput, offer: OfferRow, resellerId: string, groupId: string, holdUntil: Date, hashInput: unknown,
  within: (t: Ctx, orderId: string) => Promise<void>): Promise<GroupOrderResult> {
  const secret = ctx.deps.config.secret;
  const { order, replayed } = await place(ctx, {
    kind: 'storefront', resellerId, customerId: null, consumer: input.consumer, lines: [{ eventSkuId: offer.eventSkuId, quantity: input.quantity }],
    payMethod: 'provider', idempotencyKey: input.idempotencyKey, note: input.note ?? '',
    hashInput, clientAddress: input.clientAddress,
    campaign: {
      tag: { kind: 'group', ref: groupId },
      prices: new Map([[offer.eventSkuId, { basePrice: offer.basePrice, sellingPrice: offer.groupPrice }]]),
      holdUntil,
      within: (t, o) => within(t, o.id),
    },
  }, (id) => `${ctx.deps.config.publicUrl}/s/${input.shareCode}/groups/${groupId}?order=${id}&token=${lookupToken(secret, id)}`);
  return { order: await presentOrder(ctx, order, 'consumer'), lookupToken: lookupToken(secret, order.id), groupId: order.campaignRef ?? groupId, replayed };
}

/** A consumer opens a group through a reseller's link: the first seat is theirs, an order at the group price. */
export async function openGroup(ctx: Ctx, input: JoinInput & { offerId: string }): Promise<GroupOrderResult> {
  authorize(ctx, 'storefront.buy');
  const r = await shop(ctx, input.shareCode);
  const [offer] = await offersBy(ctx, { ids: [input.offerId] });
  if (!offer) throw new AppError('not_found');
  const sku = (await sellableSkus(ctx, [offer.eventSkuId])).get(offer.eventSkuId)!;
  const groupId = newId('grp');
  // The group cannot outlive its event, nor the first seat's hold.
  return placeGroupOrder(ctx, input, offer, r.id, groupId, sku.endsAt, { open: offer.id, ...input, idempotencyKey: undefined, clientAddress: undefined }, async (t, orderId) => {
    await insertGroup(t, { id: groupId, offer, resellerId: r.id, eventEndsAt: sku.endsAt });
    await insertMember(t, { groupId, orderId, phone: input.consumer.phone, leader: true });
  });
}

/** A friend joins a shared group: one guarded seat, then the order; the last seat has one winner. */
export async function joinGroup(ctx: Ctx, input: JoinInput & { groupId: string }): Promise<GroupOrderResult> {
  authorize(ctx, 'storefront.buy');
  const r = await shop(ctx, input.shareCode);
  const g = await groupById(ctx, input.groupId);
  if (!g || g.resellerId !== r.id) throw new AppError('not_found');
  const [offer] = await offersBy(ctx, { ids: [g.offerId] });
  // Refuse plainly hopeless joins before any transaction (a storm on a full group stays cheap);
  // a replay of an earlier join still answers through place().
  if (!(await orderByIdempotencyKey(ctx, r.id, 'storefront', input.idempotencyKey))) {
    if (g.status !== 'open' || !g.live) throw new AppError(g.live && g.status === 'full' ? 'group_full' : 'group_closed');
    if (g.joined >= g.size) throw new AppError('group_full');
  }
  // The unpaid order holds its seat no longer than the group lasts.
  return placeGroupOrder(ctx, input, offer, r.id, g.id, g.expiresAt, { join: g.id, ...input, idempotencyKey: undefined, clientAddress: undefined }, async (t, orderId) => {
    await takeSeat(t, g.id);
    await insertMember(t, { groupId: g.id, orderId, phone: input.consumer.phone, leader: false });
  });
}

// ---- the sweep ----

interface MemberFact { id: string; status: string; orderId: string; orderStatus: string; paidInTime: boolean }

/**
 * Move groups along from their members' orders (database clock):
 * a member whose order is paid (before the group's deadline) is paid; one whose order expired
 * or was cancelled leaves and frees the seat; every seat paid → succeeded; past the deadline
 * before that → failed, and every member's order is cancelled (paid ones refunded).
 */
export async function sweepGroupBuys(ctx: Ctx, limit = 200): Promise<{ groups: number; succeeded: number; failed: number; cancelled: number }> {
  const sys = systemCtx(ctx);
  const due = await sys.db.execute<{ id: string }>(sql`
    SELECT id FROM group_buys WHERE status IN ('open','full') AND expires_at <= now()
    UNION
    SELECT m.group_id FROM group_buy_members m JOIN group_buys g ON g.id = m.group_id JOIN orders o ON o.id = m.order_id
    WHERE (g.status IN ('open','full') AND ((m.status = 'joined' AND o.status <> 'pending_payment') OR (m.status = 'paid' AND o.status IN ('expired','cancelled'))))
       OR (g.status = 'failed' AND m.status IN ('joined','paid'))
    LIMIT ${limit}`);
  const out = { groups: 0, succeeded: 0, failed: 0, cancelled: 0 };
  for (const { id } of due.rows) {
    out.groups++;
    const { status, toCancel } = await withTx(sys, async (t) => {
      const g = await groupById(t, id, true);
      if (!g) return { status: null, toCancel: [] as MemberFact[] };
      const facts = (await t.db.execute<{ id: string; status: string; order_id: string; order_status: string; paid_in_time: boolean }>(sql`
        SELECT m.id, m.status, m.order_id, o.status AS order_status, (o.status = 'paid' AND o.paid_at <= ${g.expiresAt}) AS paid_in_time
        FROM group_buy_members m JOIN orders o ON o.id = m.order_id WHERE m.group_id = ${id} ORDER BY m.id`)).rows
        .map((m): MemberFact => ({ id: m.id, status: m.status, orderId: m.order_id, orderStatus: m.order_status, paidInTime: m.paid_in_time }));
      if (g.status === 'open' || g.status === 'full') {
        let { joined, paid } = g;
        for (const m of facts) {
          if (m.status === 'joined' && m.paidInTime) { if (await moveMember(t, m.id, 'joined', 'paid')) { paid++; m.status = 'paid'; } } else if (m.status === 'joined' && (m.orderStatus === 'expired' || m.orderStatus === 'cancelled')) {
            if (await moveMember(t, m.id, 'joined', 'left')) { joined--; m.status = 'left'; }
          } else if (m.status === 'paid' && (m.orderStatus === 'expired' || m.orderStatus === 'cancelled')) {
            if (await moveMember(t, m.id, 'paid', 'left')) { joined--; paid--; m.status = 'left'; }
          }
        }
        const next = nextGroupStatus({ status: g.status as GroupStatus, size: g.size, joined, paid, expired: !g.live });
        await setGroupCounters(t, id, g.status as GroupStatus, { status: next, joined, paid });
        return { status: next, toCancel: next === 'failed' ? facts.filter((m) => m.status === 'joined' || m.status === 'paid') : [] };
      }
      return { status: g.status, toCancel: g.status === 'failed' ? facts.filter((m) => m.status === 'joined' || m.status === 'paid') : [] };
    });
    if (status === 'succeeded') out.succeeded++;
    if (status === 'failed') out.failed++;
    // Gateway refunds go out after the group's decision commits, one order at a time; a crash
    // here leaves members holding seats in a failed group, which the next sweep picks up.
    for (const m of toCancel) {
      if (m.orderStatus === 'pending_payment' || m.orderStatus === 'paid') {
        try {
          await cancelOrderFlow(sys, m.orderId, reasonOf('group_not_filled'));
          out.cancelled++;
        } catch (e) {
          if (!(e instanceof AppError && e.code === 'invalid_transition')) throw e;
        }
      }
      const o = await getOrderRow(sys, m.orderId);
      await moveMember(sys, m.id, m.status, o?.paidAt ? 'refunded' : 'left');
    }
  }
  return out;
}
