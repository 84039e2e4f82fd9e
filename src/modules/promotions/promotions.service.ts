// Coupons and red packets: the operator's coupons (platform- or brand-funded), a reseller's red
// packets bought from the wallet, the discounts they plan at checkout (caps reserved with guarded
// writes inside the order's transaction), and giving uses back when an order ends unpaid or cancelled.
import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { authorize, scopeBrand } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { post } from '../ledger/index.ts';
import { brandNames, getBrand } from '../brands/index.ts';
import { getCustomer, resellerByShareCode } from '../resellers/index.ts';
import { sellableSkus, refuseUnsellable } from '../sale-events/index.ts';
import { pricesOf } from '../pricing/index.ts';
import { normaliseLines, priceOrder, releaseEndedOrderDiscounts, discountUsage, type DiscountUsage, type PricedOrder, type PlannedDiscount, type OrderRow } from '../orders/index.ts';
import { coupons, couponCustomerCounts, redPacketBatches, redPackets } from './promotions.tables.ts';
import { planDiscounts, normaliseCode, redPacketCode, type CouponKind, type CouponTerms, type RedPacketTerms, type Refusal, type DiscountPlan } from './promotions.rules.ts';

type CouponRow = typeof coupons.$inferSelect;
type BatchRow = typeof redPacketBatches.$inferSelect;
type PacketRow = typeof redPackets.$inferSelect;

// ---------------------------------------------------------------- coupons (operator)

export interface CouponInput {
  code: string; name: string; kind: CouponKind;
  threshold?: number; amountOff?: number; percentBps?: number; maxOff?: number | null;
  fundedBy: 'platform' | 'brand'; brandId?: string | null;
  validFrom: Date; validTo: Date; totalCap: number; perCustomerCap: number;
}

/** A coupon with where it stands now (by the database clock). */
export interface CouponView extends CouponRow { brandName: string | null; state: 'scheduled' | 'active' | 'paused' | 'ended' | 'exhausted'; usage: DiscountUsage }

const couponState = sql<CouponView['state']>`CASE
  WHEN ${coupons.status} = 'paused' THEN 'paused'
  WHEN ${coupons.validTo} <= now() THEN 'ended'
  WHEN ${coupons.redeemed} >= ${coupons.totalCap} THEN 'exhausted'
  WHEN ${coupons.validFrom} > now() THEN 'scheduled'
  ELSE 'active' END`;

async function couponViews(ctx: Ctx, rows: { row: CouponRow; state: CouponView['state'] }[]): Promise<CouponView[]> {
  const names = await brandNames(ctx, [...new Set(rows.map((r) => r.row.brandId).filter((b): b is string => Boolean(b)))]);
  const usage = await discountUsage(ctx, 'coupon', rows.map((r) => r.row.id));
  const none: DiscountUsage = { paidOrders: 0, pendingOrders: 0, discount: 0, sales: 0 };
  return rows.map((r) => ({ ...r.row, state: r.state, brandName: r.row.brandId ? names.get(r.row.brandId) ?? null : null, usage: usage.get(r.row.id) ?? none }));
}

function couponIssues(c: CouponInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (c.kind === 'threshold' && !(c.threshold && c.threshold > 0)) issues.push({ path: 'threshold', message: 'must be more than 0' });
  if ((c.kind === 'threshold' || c.kind === 'fixed') && !(c.amountOff && c.amountOff > 0)) issues.push({ path: 'amountOff', message: 'must be more than 0' });
  if (c.kind === 'threshold' && c.threshold && c.amountOff && c.amountOff >= c.threshold) issues.push({ path: 'amountOff', message: 'must be below the threshold' });
  if (c.kind === 'percent' && !(c.percentBps && c.percentBps > 0 && c.percentBps < 10_000)) issues.push({ path: 'percentBps', message: 'must be between 1 and 9999' });
  if (c.fundedBy === 'brand' && !c.brandId) issues.push({ path: 'brandId', message: 'required' });
  if (c.validTo.getTime() <= c.validFrom.getTime()) issues.push({ path: 'validTo', message: 'must be after the start' });
  if (c.perCustomerCap > c.totalCap) issues.push({ path: 'perCustomerCap', message: 'must not exceed the total cap' });
  return issues;
}

/** The operator creates a coupon: a code consumers type, its terms, its window, its caps and who funds it. */
export async function createCoupon(ctx: Ctx, input: CouponInput): Promise<CouponView> {
  authorize(ctx, 'campaigns.manage');
  const issues = couponIssues(input);
  if (issues.length) throw new AppError('validation_failed', { fields: issues });
  if (input.fundedBy === 'brand') await getBrand(ctx, input.brandId!);
  const code = normaliseCode(input.code);
  const [row] = await ctx.db.insert(coupons).values({
    id: newId('cpn'), code, name: input.name, kind: input.kind,
    threshold: input.threshold ?? 0, amountOff: input.kind === 'threshold' || input.kind === 'fixed' ? input.amountOff ?? 0 : 0,
    percentBps: input.kind === 'percent' ? input.percentBps ?? 0 : 0, maxOff: input.kind === 'percent' ? input.maxOff ?? null : null,
    fundedBy: input.fundedBy, brandId: input.fundedBy === 'brand' ? input.brandId! : null,
    validFrom: input.validFrom, validTo: input.validTo, totalCap: input.totalCap, perCustomerCap: input.perCustomerCap,
  }).onConflictDoNothing({ target: coupons.code }).returning();
  if (!row) throw new AppError('validation_failed', { fields: [{ path: 'code', message: 'already in use' }] });
  return (await couponViews(ctx, [{ row, state: (await couponStateOf(ctx, row.id)) }]))[0];
}

async function couponStateOf(ctx: Ctx, id: string): Promise<CouponView['state']> {
  const [r] = await ctx.db.select({ state: couponState }).from(coupons).where(eq(coupons.id, id));
  return r.state;
}

/** Coupons newest first: the operator sees all, a brand the ones it funds. */
export async function listCoupons(ctx: Ctx, q: { brandId?: string } = {}): Promise<CouponView[]> {
  authorize(ctx, 'campaigns.read');
  const brandId = scopeBrand(ctx.actor, q.brandId);
  const rows = await ctx.db.select({ row: coupons, state: couponState }).from(coupons)
    .where(brandId ? eq(coupons.brandId, brandId) : undefined).orderBy(desc(coupons.createdAt), desc(coupons.id)).limit(500);
  return couponViews(ctx, rows);
}

/** Pause a coupon (no new uses; uses on open orders stand) or resume it. */
export async function setCouponStatus(ctx: Ctx, couponId: string, status: 'active' | 'paused'): Promise<CouponView> {
  authorize(ctx, 'campaigns.manage');
  const [row] = await ctx.db.update(coupons).set({ status }).where(eq(coupons.id, couponId)).returning();
  if (!row) throw new AppError('not_found');
  return (await couponViews(ctx, [{ row, state: await couponStateOf(ctx, row.id) }]))[0];
}

// ---------------------------------------------------------------- red packets (reseller)

export interface RedPacketView { id: string; code: string; amount: number; minSpend: number; status: string; customerId: string | null; orderId: string | null; usedAt: Date | null; expiresAt: Date }
export interface BatchView {
  id: string; title: string; amountEach: number; count: number; minSpend: number; currency: string; expiresAt: Date; createdAt: Date;
  total: number; counts: { issued: number; gifted: number; used: number; expired: number }; packets: RedPacketView[];
}

function batchView(b: BatchRow, packets: PacketRow[]): BatchView {
  const counts = { issued: 0, gifted: 0, used: 0, expired: 0 };
  for (const p of packets) counts[p.status as keyof typeof counts]++;
  return {
    id: b.id, title: b.title, amountEach: b.amountEach, count: b.count, minSpend: b.minSpend, currency: b.currency, expiresAt: b.expiresAt, createdAt: b.createdAt,
    total: b.amountEach * b.count, counts,
    packets: packets.map((p) => ({ id: p.id, code: p.code, amount: p.amount, minSpend: p.minSpend, status: p.status, customerId: p.customerId, orderId: p.orderId, usedAt: p.usedAt, expiresAt: p.expiresAt })),
  };
}

function resellerOf(ctx: Ctx): string {
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  return ctx.actor.resellerId;
}

export interface BuyRedPackets { title: string; amountEach: number; count: number; minSpend: number; validDays: number; idempotencyKey: string }

/**
 * A reseller buys a batch of red packets from the wallet: the money moves from the wallet to the
 * reseller's red-packet liability at once (refused if the wallet is short), and comes back for
 * every packet that expires unused.
 */
export async function buyRedPackets(ctx: Ctx, input: BuyRedPackets): Promise<{ batch: BatchView; replayed: boolean }> {
  authorize(ctx, 'red-packets.manage');
  const resellerId = resellerOf(ctx);
  return withTx(ctx, async (t) => {
    const id = newId('rpb');
    const [b] = await t.db.insert(redPacketBatches).values({
      id, resellerId, title: input.title, amountEach: input.amountEach, count: input.count, minSpend: input.minSpend,
      expiresAt: sql`now() + make_interval(days => ${input.validDays})`, idempotencyKey: input.idempotencyKey,
    }).onConflictDoNothing({ target: [redPacketBatches.resellerId, redPacketBatches.idempotencyKey] }).returning();
    if (!b) {
      const [prev] = await t.db.select().from(redPacketBatches).where(and(eq(redPacketBatches.resellerId, resellerId), eq(redPacketBatches.idempotencyKey, input.idempotencyKey)));
      if (prev.title !== input.title || prev.amountEach !== input.amountEach || prev.count !== input.count || prev.minSpend !== input.minSpend) throw new AppError('idempotency_key_reused');
      return { batch: await readBatch(t, prev), replayed: true };
    }
    await t.db.insert(redPackets).values(Array.from({ length: input.count }, () => ({
      id: newId('rpk'), batchId: id, resellerId, code: redPacketCode(crypto.randomBytes(8)), amount: input.amountEach, minSpend: input.minSpend, expiresAt: b.expiresAt,
    })));
    const total = input.amountEach * input.count;
    await post(t, {
      kind: 'red_packets_bought', causeType: 'red_packet_batch', causeId: id, idempotencyKey: `red-packets-bought:${id}`, currency: b.currency,
      memo: input.title,
      lines: [{ account: 'reseller_wallet', partyId: resellerId, amount: total }, { account: 'red_packet_liability', partyId: resellerId, amount: -total }],
    });
    return { batch: await readBatch(t, b), replayed: false };
  });
}

async function readBatch(ctx: Ctx, b: BatchRow): Promise<BatchView> {
  return batchView(b, await ctx.db.select().from(redPackets).where(eq(redPackets.batchId, b.id)).orderBy(asc(redPackets.id)));
}

/** My red packet batches, newest first, with every packet's state. */
export async function listRedPacketBatches(ctx: Ctx): Promise<BatchView[]> {
  authorize(ctx, 'red-packets.manage');
  const resellerId = resellerOf(ctx);
  const batches = await ctx.db.select().from(redPacketBatches).where(eq(redPacketBatches.resellerId, resellerId)).orderBy(desc(redPacketBatches.createdAt), desc(redPacketBatches.id)).limit(100);
  const packets = batches.length ? await ctx.db.select().from(redPackets).where(inArray(redPackets.batchId, batches.map((b) => b.id))).orderBy(asc(redPackets.id)) : [];
  return batches.map((b) => batchView(b, packets.filter((p) => p.batchId === b.id)));
}

/** Gift one unused packet of a batch to each chosen customer of my customer book. */
export async function giftRedPackets(ctx: Ctx, batchId: string, customerIds: string[]): Promise<BatchView> {
  authorize(ctx, 'red-packets.manage');
  const resellerId = resellerOf(ctx);
  return withTx(ctx, async (t) => {
    const [b] = await t.db.select().from(redPacketBatches).where(eq(redPacketBatches.id, batchId));
    authorize(t, 'red-packets.manage', { resellerId: b?.resellerId ?? '\u0000' });
    if (!b || b.resellerId !== resellerId) throw new AppError('not_found');
    const ids = [...new Set(customerIds)];
    for (const cid of ids) await getCustomer(t, cid); // mine, or not_found
    for (const cid of ids) {
      const r = await t.db.execute<{ id: string }>(sql`
        UPDATE red_packets SET status = 'gifted', customer_id = ${cid}
        WHERE id = (SELECT id FROM red_packets WHERE batch_id = ${batchId} AND status = 'issued' AND expires_at > now() ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id`);
      if (r.rows.length === 0) throw new AppError('validation_failed', { fields: [{ path: 'customerIds', message: `only ${ids.indexOf(cid)} unused red packets left in this batch` }] });
    }
    return readBatch(t, b);
  });
}

// ---------------------------------------------------------------- at checkout

interface UsableCoupon { row: CouponRow; terms: CouponTerms }
interface UsablePacket { row: PacketRow; terms: RedPacketTerms }

/** A coupon the consumer may use now (database clock), else the reason why not. */
async function usableCoupon(ctx: Ctx, code: string, phone: string | undefined): Promise<UsableCoupon> {
  const [c] = await ctx.db.select({
    row: coupons, started: sql<boolean>`${coupons.validFrom} <= now()`, ended: sql<boolean>`${coupons.validTo} <= now()`,
  }).from(coupons).where(eq(coupons.code, normaliseCode(code)));
  if (!c) throw new AppError('coupon_invalid', { extra: { reason: 'not_found' } });
  if (c.row.status !== 'active') throw new AppError('coupon_invalid', { extra: { reason: 'paused' } });
  if (!c.started) throw new AppError('coupon_invalid', { extra: { reason: 'not_started' } });
  if (c.ended) throw new AppError('coupon_invalid', { extra: { reason: 'ended' } });
  if (c.row.redeemed >= c.row.totalCap) throw new AppError('coupon_exhausted');
  if (phone) {
    const [used] = await ctx.db.select().from(couponCustomerCounts).where(and(eq(couponCustomerCounts.couponId, c.row.id), eq(couponCustomerCounts.customer, phone)));
    if (used && used.used >= used.cap) throw new AppError('coupon_limit_reached');
  }
  const r = c.row;
  return { row: r, terms: { id: r.id, kind: r.kind as CouponKind, threshold: r.threshold, amountOff: r.amountOff, percentBps: r.percentBps, maxOff: r.maxOff, fundedBy: r.fundedBy as 'platform' | 'brand', brandId: r.brandId } };
}

/** A red packet of this reseller the consumer may use now, else the reason why not. */
async function usablePacket(ctx: Ctx, resellerId: string, code: string, phone: string | undefined): Promise<UsablePacket> {
  const [p] = await ctx.db.select({ row: redPackets, live: sql<boolean>`${redPackets.expiresAt} > now()` }).from(redPackets)
    .where(and(eq(redPackets.code, normaliseCode(code)), eq(redPackets.resellerId, resellerId)));
  if (!p) throw new AppError('red_packet_invalid', { extra: { reason: 'not_found' } });
  if (p.row.status === 'used') throw new AppError('red_packet_invalid', { extra: { reason: 'used' } });
  if (p.row.status === 'expired' || !p.live) throw new AppError('red_packet_invalid', { extra: { reason: 'expired' } });
  // A packet gifted to a customer is theirs: it works with the phone of that customer.
  if (p.row.customerId && phone) {
    const c = await getCustomer({ ...ctx, actor: { kind: 'system' } }, p.row.customerId);
    if (c.phone !== phone) throw new AppError('red_packet_invalid', { extra: { reason: 'other_customer' } });
  }
  return { row: p.row, terms: { id: p.row.id, resellerId, amount: p.row.amount, minSpend: p.row.minSpend } };
}

function refusalError(r: Refusal): AppError {
  const extra: Record<string, unknown> = { reason: r.reason };
  if (r.source === 'coupon' && r.threshold !== undefined) extra.threshold = r.threshold;
  if (r.source === 'red_packet' && r.minSpend !== undefined) extra.minSpend = r.minSpend;
  return new AppError(r.source === 'coupon' ? 'coupon_invalid' : 'red_packet_invalid', { extra });
}

/** Take one use of the coupon: the total cap and this customer's cap, each a guarded write whose cap is on the row. */
async function reserveCoupon(t: Ctx, c: CouponRow, phone: string): Promise<void> {
  const taken = await t.db.execute<{ id: string }>(sql`
    UPDATE coupons SET redeemed = redeemed + 1
    WHERE id = ${c.id} AND status = 'active' AND valid_from <= now() AND valid_to > now() AND redeemed < total_cap
    RETURNING id`);
  if (taken.rows.length === 0) {
    const [now] = await t.db.select({ exhausted: sql<boolean>`${coupons.redeemed} >= ${coupons.totalCap}` }).from(coupons).where(eq(coupons.id, c.id));
    throw now?.exhausted ? new AppError('coupon_exhausted') : new AppError('coupon_invalid', { extra: { reason: 'ended' } });
  }
  const mine = await t.db.execute<{ used: number }>(sql`
    INSERT INTO coupon_customer_counts (coupon_id, customer, used, cap) VALUES (${c.id}, ${phone}, 1, ${c.perCustomerCap})
    ON CONFLICT (coupon_id, customer) DO UPDATE SET used = coupon_customer_counts.used + 1
    WHERE coupon_customer_counts.used < coupon_customer_counts.cap
    RETURNING used`);
  if (mine.rows.length === 0) throw new AppError('coupon_limit_reached');
}

async function claimPacket(t: Ctx, p: PacketRow): Promise<void> {
  const r = await t.db.execute<{ id: string }>(sql`
    UPDATE red_packets SET status = 'used', used_at = now()
    WHERE id = ${p.id} AND status IN ('issued','gifted') AND expires_at > now() RETURNING id`);
  if (r.rows.length === 0) throw new AppError('red_packet_invalid', { extra: { reason: 'used' } });
}

export interface DiscountCodes { couponCode?: string; redPacketCode?: string }

/**
 * The checkout's discount hooks for a storefront order: plan the discounts before the order is
 * written; once it holds its idempotency key (so ten retries of one request make one order and
 * one use), reserve the coupon's caps and claim the red packet — all inside the order's
 * transaction, so a refusal anywhere (sold out, cap reached) leaves nothing behind.
 */
export function storefrontDiscountHooks(input: DiscountCodes & { resellerId: string; phone: string }): {
  discounts: (t: Ctx, priced: PricedOrder) => Promise<PlannedDiscount[]>;
  within: (t: Ctx, order: OrderRow) => Promise<void>;
} {
  let coupon: UsableCoupon | null = null;
  let packet: UsablePacket | null = null;
  return {
    // Plan only: nothing is reserved before the order holds its idempotency key.
    async discounts(t, priced) {
      coupon = input.couponCode ? await usableCoupon(t, input.couponCode, input.phone) : null;
      packet = input.redPacketCode ? await usablePacket(t, input.resellerId, input.redPacketCode, input.phone) : null;
      const plan = planDiscounts(priced.lines, { coupon: coupon?.terms, redPacket: packet?.terms });
      if (plan.refusal) throw refusalError(plan.refusal);
      return plan.lines;
    },
    // The caps and the packet, just before stock: their rows stay locked only to the commit.
    async within(t, order) {
      if (coupon) await reserveCoupon(t, coupon.row, input.phone);
      if (packet) {
        await claimPacket(t, packet.row);
        await t.db.update(redPackets).set({ orderId: order.id }).where(eq(redPackets.id, packet.row.id));
      }
    },
  };
}

export interface Quote extends Omit<DiscountPlan, 'lines' | 'refusal'> {
  currency: string;
  coupon: { code: string; name: string; amount: number; fundedBy: string } | null;
  redPacket: { code: string; amount: number } | null;
}

/** A consumer's cart in a shop, priced at the reseller's prices (bad lines refused), as the checkout would. */
async function storefrontCart(ctx: Ctx, input: { shareCode: string; lines: { eventSkuId: string; quantity: number }[] }) {
  authorize(ctx, 'storefront.buy');
  const reseller = await resellerByShareCode(ctx, input.shareCode);
  if (!reseller) throw new AppError('storefront_not_found');
  const { lines, issues } = normaliseLines(input.lines);
  if (issues.length) throw new AppError('validation_failed', { fields: issues });
  const ids = lines.map((l) => l.eventSkuId);
  const terms = await sellableSkus(ctx, ids);
  const priced = priceOrder('storefront', lines, terms, await pricesOf(ctx, reseller.id, ids));
  if (priced.issues.length) throw new AppError('validation_failed', { fields: priced.issues });
  return { reseller, priced: { ...priced, ids, terms } };
}

/** What the order would cost with these codes, without reserving anything (the checkout page's preview). */
export async function quoteStorefrontDiscounts(ctx: Ctx, input: DiscountCodes & { shareCode: string; lines: { eventSkuId: string; quantity: number }[]; phone?: string }): Promise<Quote> {
  const { reseller, priced } = await storefrontCart(ctx, input);
  refuseUnsellable(priced.ids, priced.terms, priced.notLive);
  const coupon = input.couponCode ? await usableCoupon(ctx, input.couponCode, input.phone) : null;
  const packet = input.redPacketCode ? await usablePacket(ctx, reseller.id, input.redPacketCode, input.phone) : null;
  const plan = planDiscounts(priced.order.lines, { coupon: coupon?.terms, redPacket: packet?.terms });
  if (plan.refusal) throw refusalError(plan.refusal);
  return {
    subtotal: plan.subtotal, couponOff: plan.couponOff, redPacketOff: plan.redPacketOff, discountTotal: plan.discountTotal, amountDue: plan.amountDue, currency: priced.order.currency,
    coupon: coupon ? { code: coupon.row.code, name: coupon.row.name, amount: plan.couponOff, fundedBy: coupon.row.fundedBy } : null,
    redPacket: packet ? { code: packet.row.code, amount: plan.redPacketOff } : null,
  };
}

/** A coupon as the checkout lists it: its terms, and what it takes off this cart (0 when it does not apply yet). */
export interface CheckoutCoupon {
  code: string; name: string; kind: CouponKind; threshold: number; amountOff: number; percentBps: number; maxOff: number | null; validTo: Date;
  off: number; usable: boolean; reason: 'below_threshold' | 'nothing_off' | null; best: boolean;
  /** Below the threshold: how much more of the coupon's items the cart needs. */
  short: number;
}

/**
 * The coupons a consumer can use on this cart now, best first: every active coupon in its window
 * with uses left (and, with the phone, uses left for that phone) that covers an item in the cart.
 * One below its threshold is listed too, unusable, so the consumer sees how far they are from it.
 */
export async function checkoutCoupons(ctx: Ctx, input: { shareCode: string; lines: { eventSkuId: string; quantity: number }[]; phone?: string }): Promise<CheckoutCoupon[]> {
  const { priced } = await storefrontCart(ctx, input);
  const brands = [...new Set(priced.order.lines.map((l) => l.brandId))];
  const rows = await ctx.db.select().from(coupons).where(and(
    eq(coupons.status, 'active'), sql`${coupons.validFrom} <= now()`, sql`${coupons.validTo} > now()`, sql`${coupons.redeemed} < ${coupons.totalCap}`,
    or(isNull(coupons.brandId), inArray(coupons.brandId, brands)),
    input.phone ? sql`NOT EXISTS (SELECT 1 FROM coupon_customer_counts u WHERE u.coupon_id = ${coupons.id} AND u.customer = ${input.phone} AND u.used >= u.cap)` : undefined,
  )).orderBy(asc(coupons.validTo)).limit(50);
  const list: CheckoutCoupon[] = [];
  for (const r of rows) {
    const terms: CouponTerms = { id: r.id, kind: r.kind as CouponKind, threshold: r.threshold, amountOff: r.amountOff, percentBps: r.percentBps, maxOff: r.maxOff, fundedBy: r.fundedBy as 'platform' | 'brand', brandId: r.brandId };
    const plan = planDiscounts(priced.order.lines, { coupon: terms });
    const reason = plan.refusal?.source === 'coupon' ? plan.refusal.reason : null;
    if (reason === 'no_eligible_items') continue;
    const covered = priced.order.lines.reduce((a, l) => a + (r.brandId === null || l.brandId === r.brandId ? l.sellingPrice * l.quantity : 0), 0);
    list.push({
      code: r.code, name: r.name, kind: terms.kind, threshold: r.threshold, amountOff: r.amountOff, percentBps: r.percentBps, maxOff: r.maxOff, validTo: r.validTo,
      off: reason ? 0 : plan.couponOff, usable: !reason, reason, best: false, short: reason === 'below_threshold' ? Math.max(0, r.threshold - covered) : 0,
    });
  }
  list.sort((a, b) => Number(b.usable) - Number(a.usable) || b.off - a.off || a.validTo.getTime() - b.validTo.getTime());
  if (list[0]?.usable && list[0].off > 0) list[0].best = true;
  return list.slice(0, 20);
}

// ---------------------------------------------------------------- sweeps

/**
 * Orders that expired unpaid or were cancelled give their coupon use and red packet back: the
 * coupon's counts go down by one; the packet is usable again, or (past its expiry) expires and
 * returns its money. A cancelled paid order's ledger reversal already restored the liability.
 */
export async function releaseDiscountUses(ctx: Ctx, batch = 200): Promise<number> {
  return withTx(ctx, async (t) => {
    const released = await releaseEndedOrderDiscounts(t, batch);
    // One use per order and source (a discount is split over lines); sorted so two sweeps lock alike.
    const uses = [...new Map(released.map((r) => [`${r.source}\u0000${r.sourceId}\u0000${r.orderId}`, r])).values()]
      .sort((a, b) => (a.sourceId + a.orderId < b.sourceId + b.orderId ? -1 : 1));
    for (const u of uses) {
      if (u.source === 'coupon') {
        await t.db.execute(sql`UPDATE coupons SET redeemed = redeemed - 1 WHERE id = ${u.sourceId} AND redeemed > 0`);
        await t.db.execute(sql`UPDATE coupon_customer_counts SET used = used - 1 WHERE coupon_id = ${u.sourceId} AND customer = ${u.consumerPhone} AND used > 0`);
      } else {
        await t.db.execute(sql`
          UPDATE red_packets SET status = CASE WHEN customer_id IS NULL THEN 'issued' ELSE 'gifted' END, order_id = NULL, used_at = NULL
          WHERE id = ${u.sourceId} AND status = 'used' AND (order_id = ${u.orderId} OR order_id IS NULL)`);
      }
    }
    return uses.length;
  });
}

/** Unused red packets past their expiry expire, and each one's money returns to its reseller's wallet. */
export async function expireRedPackets(ctx: Ctx, batch = 200): Promise<number> {
  return withTx(ctx, async (t) => {
    const due = await t.db.execute<{ id: string; reseller_id: string; amount: number; batch_id: string }>(sql`
      UPDATE red_packets SET status = 'expired'
      WHERE id IN (SELECT id FROM red_packets WHERE status IN ('issued','gifted') AND expires_at <= now() ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED)
      RETURNING id, reseller_id, amount, batch_id`);
    for (const p of due.rows) {
      await post(t, {
        kind: 'red_packet_expired', causeType: 'red_packet', causeId: p.id, idempotencyKey: `red-packet-expired:${p.id}`, currency: 'CNY',
        lines: [{ account: 'red_packet_liability', partyId: p.reseller_id, amount: p.amount }, { account: 'reseller_wallet', partyId: p.reseller_id, amount: -p.amount }],
      });
    }
    return due.rows.length;
  });
}

/** The promotions sweep: give back uses of ended orders first, so a packet past expiry returns its money in the same run. */
export async function sweepPromotions(ctx: Ctx): Promise<{ released: number; expired: number }> {
  const released = await releaseDiscountUses(ctx);
  const expired = await expireRedPackets(ctx);
  return { released, expired };
}
