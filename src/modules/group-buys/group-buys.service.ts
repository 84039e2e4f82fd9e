// Group buys: offers, groups and members. Taking a seat is one guarded UPDATE on the group row,
// so under any number of concurrent joins the last seat has exactly one winner; the phone's
// seat is a partial unique index. Status changes are guarded by the status they leave.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { isUniqueViolation } from '../../platform/database.ts';
import { newId } from '../../platform/ids.ts';
import { groupBuyOffers, groupBuys, groupBuyMembers } from './group-buys.tables.ts';
import type { GroupStatus } from './group-buys.rules.ts';
import { pageSize } from '../../platform/paging.ts';

export type OfferRow = typeof groupBuyOffers.$inferSelect;
export type GroupRow = typeof groupBuys.$inferSelect;
export type MemberRow = typeof groupBuyMembers.$inferSelect;

export async function insertOffer(ctx: Ctx, o: Omit<OfferRow, 'id' | 'createdAt'>): Promise<OfferRow> {
  const rows = await ctx.db.insert(groupBuyOffers).values({ id: newId('gbo'), ...o }).onConflictDoNothing().returning();
  if (rows.length === 0) throw new AppError('campaign_conflict', { detail: 'this item already has a group-buy offer' });
  return rows[0];
}

export async function offersBy(ctx: Ctx, by: { ids?: string[]; saleEventIds?: string[]; eventSkuIds?: string[] }): Promise<OfferRow[]> {
  const conds = [
    by.ids ? inArray(groupBuyOffers.id, by.ids.length ? by.ids : ['']) : undefined,
    by.saleEventIds ? inArray(groupBuyOffers.saleEventId, by.saleEventIds.length ? by.saleEventIds : ['']) : undefined,
    by.eventSkuIds ? inArray(groupBuyOffers.eventSkuId, by.eventSkuIds.length ? by.eventSkuIds : ['']) : undefined,
  ];
  return ctx.db.select().from(groupBuyOffers).where(and(...conds)).orderBy(desc(groupBuyOffers.id)).limit(500);
}

export async function offerStats(ctx: Ctx, offerIds: string[]): Promise<Map<string, Record<GroupStatus, number> & { members: number }>> {
  const out = new Map<string, Record<GroupStatus, number> & { members: number }>();
  for (const id of offerIds) out.set(id, { open: 0, full: 0, succeeded: 0, failed: 0, members: 0 });
  if (offerIds.length === 0) return out;
  const rows = await ctx.db.select({ offerId: groupBuys.offerId, status: groupBuys.status, n: sql<number>`count(*)::int`, members: sql<number>`sum(${groupBuys.joined})::int` })
    .from(groupBuys).where(inArray(groupBuys.offerId, offerIds)).groupBy(groupBuys.offerId, groupBuys.status);
  for (const r of rows) {
    const s = out.get(r.offerId)!;
    s[r.status as GroupStatus] = r.n;
    s.members += r.members;
  }
  return out;
}

/**
 * Open a group with its leader's seat taken, expiring `hours` from now (database clock) or when
 * the event ends, whichever comes first: nobody could join after that.
 */
export async function insertGroup(ctx: Ctx, g: { id: string; offer: OfferRow; resellerId: string; eventEndsAt: Date }): Promise<GroupRow> {
  const [row] = await ctx.db.insert(groupBuys).values({
    id: g.id, offerId: g.offer.id, resellerId: g.resellerId, status: 'open', size: g.offer.groupSize, joined: 1, paid: 0,
    expiresAt: sql`least(now() + make_interval(hours => ${g.offer.hours}), ${g.eventEndsAt.toISOString()}::timestamptz)`,
  }).returning();
  return row;
}

/**
 * Take one seat: the one guarded UPDATE. Zero rows means no seat: the group is full, or closed
 * (decided or past its deadline at this transaction's clock).
 */
export async function takeSeat(ctx: Ctx, groupId: string): Promise<void> {
  const r = await ctx.db.execute(sql`UPDATE group_buys SET joined = joined + 1, status = CASE WHEN joined + 1 = size THEN 'full' ELSE status END
    WHERE id = ${groupId} AND joined < size AND status = 'open' AND expires_at > now()`);
  if (r.rowCount === 1) return;
  const [g] = await ctx.db.select({ status: groupBuys.status, joined: groupBuys.joined, size: groupBuys.size, live: sql<boolean>`${groupBuys.expiresAt} > now()` })
    .from(groupBuys).where(eq(groupBuys.id, groupId));
  if (!g) throw new AppError('not_found');
  if (g.live && (g.status === 'full' || (g.status === 'open' && g.joined >= g.size))) throw new AppError('group_full');
  throw new AppError('group_closed');
}

/** A member's seat; the same phone twice in a group is refused by the partial unique index. */
export async function insertMember(ctx: Ctx, m: { groupId: string; orderId: string; phone: string; leader: boolean }): Promise<MemberRow> {
  try {
    const [row] = await ctx.db.insert(groupBuyMembers).values({ id: newId('gbm'), groupId: m.groupId, orderId: m.orderId, buyerPhone: m.phone, leader: m.leader }).returning();
    return row;
  } catch (e) {
    if (isUniqueViolation(e, 'group_buy_members_phone_uq')) throw new AppError('group_already_joined');
    throw e;
  }
}

export async function groupById(ctx: Ctx, id: string, lock = false): Promise<(GroupRow & { live: boolean; now: Date }) | null> {
  const q = ctx.db.select({ g: groupBuys, live: sql<boolean>`${groupBuys.expiresAt} > now()`, now: sql<Date>`now()` }).from(groupBuys).where(eq(groupBuys.id, id));
  const [r] = lock ? await q.for('update') : await q;
  return r ? { ...r.g, live: r.live, now: new Date(r.now) } : null;
}

export async function groupsBy(ctx: Ctx, by: { offerIds?: string[]; resellerId?: string; statuses?: GroupStatus[]; liveOnly?: boolean; limit?: number }): Promise<(GroupRow & { live: boolean })[]> {
  const conds = [
    by.offerIds ? inArray(groupBuys.offerId, by.offerIds.length ? by.offerIds : ['']) : undefined,
    by.resellerId ? eq(groupBuys.resellerId, by.resellerId) : undefined,
    by.statuses ? inArray(groupBuys.status, by.statuses) : undefined,
    by.liveOnly ? sql`${groupBuys.expiresAt} > now()` : undefined,
  ];
  const rows = await ctx.db.select({ g: groupBuys, live: sql<boolean>`${groupBuys.expiresAt} > now()` }).from(groupBuys).where(and(...conds))
    .orderBy(desc(groupBuys.id)).limit(pageSize(by.limit));
  return rows.map((r) => ({ ...r.g, live: r.live }));
}

export async function membersOf(ctx: Ctx, groupIds: string[]): Promise<MemberRow[]> {
  if (groupIds.length === 0) return [];
  return ctx.db.select().from(groupBuyMembers).where(inArray(groupBuyMembers.groupId, groupIds)).orderBy(groupBuyMembers.joinedAt, groupBuyMembers.id);
}

export async function memberByOrder(ctx: Ctx, orderId: string): Promise<MemberRow | null> {
  const [m] = await ctx.db.select().from(groupBuyMembers).where(eq(groupBuyMembers.orderId, orderId));
  return m ?? null;
}

/** Apply a member's change and the group's counters in one go (caller holds the group's lock). */
export async function moveMember(ctx: Ctx, memberId: string, from: string, to: 'paid' | 'left' | 'refunded'): Promise<boolean> {
  const r = await ctx.db.update(groupBuyMembers).set({ status: to }).where(and(eq(groupBuyMembers.id, memberId), eq(groupBuyMembers.status, from))).returning({ id: groupBuyMembers.id });
  return r.length === 1;
}

export async function setGroupCounters(ctx: Ctx, groupId: string, from: GroupStatus, to: { status: GroupStatus; joined: number; paid: number }): Promise<void> {
  await ctx.db.update(groupBuys).set({
    status: to.status, joined: to.joined, paid: to.paid,
    completedAt: to.status === 'succeeded' || to.status === 'failed' ? sql`now()` : null,
  }).where(and(eq(groupBuys.id, groupId), eq(groupBuys.status, from)));
}
