// Placing an order, both ways: a reseller for a consumer in chat (代下单), or a consumer through
// a reseller's link. One transaction takes the stock, records the order and (for wallet
// payment) posts the money; the gateway is called only after it commits.
import { authorize } from '../platform/access.ts';
import { withTx, type Ctx } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import { within } from '../platform/within.ts';
import { takeStock, availableOf } from '../modules/inventory/index.ts';
import { sellableSkus, refuseUnsellable, allOnSale } from '../modules/sale-events/index.ts';
import { pricesOf } from '../modules/pricing/index.ts';
import { confirmSession } from '../modules/accounts/index.ts';
import { activeReseller, customerAsConsumer, getCustomer, resellerByShareCode, shareCodeOf } from '../modules/resellers/index.ts';
import { productCards } from '../modules/catalog/index.ts';
import { placeAtDesk } from './order-desk.flow.ts';
import { placeAtStorefrontDesk } from './storefront-desk.flow.ts';
import { openIntent, attachCharge, intentForOrder, requestHash, refundsForOrder } from '../modules/payments/index.ts';
import {
  insertOrder, orderByIdempotencyKey, linesOfOrder, stockLinesOf, postOrderPaid, normaliseLines, priceOrder, orderView, lookupToken, readOrderByToken, awaitingPayment, getOrderRow,
  lockAndCountHeld, heldBy, judgeHold, holdLimitsOn, clientAddressKey, describeHoldRefusal,
  type Address, type OrderKind, type OrderRow, type OrderView, type OrderLineRow, type LineFacts, type PricedOrder, type PlannedDiscount, type Holders, type HoldVerdict,
} from '../modules/orders/index.ts';
import { flashOnly } from '../modules/flash-sales/index.ts';
import { attributeStorefrontOrder, bindingOf, bindOnPaid, linkVisitorToConsumer, shareLinkOf } from '../modules/sharing/index.ts';
import { storefrontDiscountHooks, type DiscountCodes } from '../modules/promotions/index.ts';
import { withPresale } from '../modules/presales/index.ts';
import { ensurePayable } from './payment-settlement.flow.ts';

export interface ConsumerInput { name: string; phone: string; address: Address }
export interface LineInput { eventSkuId: string; quantity: number }

export interface PlaceResult { order: OrderView; lookupToken?: string; replayed: boolean }

interface Placement {
  kind: OrderKind; resellerId: string; customerId: string | null; consumer: ConsumerInput;
  lines: LineInput[]; payMethod: 'wallet' | 'provider'; idempotencyKey: string; note: string; hashInput: unknown;
  campaign?: CampaignHooks;
  /** The client's address as the request came (req.ip): unpaid storefront orders per address are capped. */
  clientAddress?: string | null;
  /**
   * 流量保护: the order goes to `resellerId` (the reseller the consumer is bound to) at the prices
   * of the link's reseller (`via`), whose page the consumer bought from; their link's unpaid
   * orders are capped as theirs.
   */
  via?: { resellerId: string } | null;
  /** The share link the order came through (its code). */
  shareLink?: string | null;
}

/**
 * What a campaign (group buy, presale, coupons, red packets) adds to an ordinary placement.
 * Everything runs inside the placement's transaction, so a refusal leaves nothing behind.
 */
export interface CampaignHooks {
  /** Recorded on the order. */
  tag?: { kind: 'group' | 'presale'; ref: string };
  /** Per event SKU: the unit prices this campaign sells at instead of the event's. */
  prices?: Map<string, { basePrice: number; sellingPrice: number }>;
  /** Plans the order's discounts (reads only), before the order is written: its amount due depends on them. */
  discounts?: (t: Ctx, priced: PricedOrder) => Promise<PlannedDiscount[]>;
  /**
   * Runs after the order and its lines are written — so the idempotency key is claimed, and a
   * retry waits for this placement and answers as it did — and just before stock is taken:
   * taking a group seat, a coupon's caps, a red packet.
   */
  within?: (t: Ctx, order: OrderRow, lines: OrderLineRow[]) => Promise<void>;
  /** The unpaid order's hold ends no later than this (a group's or a presale's deadline). */
  holdUntil?: Date;
}

interface Placed { order: OrderRow; replayed: boolean; lines?: OrderLineRow[] }

export async function place(ctx: Ctx, p: Placement, returnUrl?: (orderId: string) => string): Promise<Placed> {
  const { issues } = normaliseLines(p.lines);
  if (issues.length) throw new AppError('validation_failed', { fields: issues });
  const hash = requestHash(p.hashInput);
  const replay = async () => {
    const previous = await orderByIdempotencyKey(ctx, p.resellerId, p.kind, p.idempotencyKey);
    // A replay may arrive before the first request has its gateway charge: attach it here too (the
    // gateway dedupes on our reference), so both answer with the same pay link.
    return previous ? withCharge(ctx, { order: checkSame(previous, hash), replayed: true }, returnUrl) : null;
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return await placeNew(ctx, p, hash, returnUrl);
  } catch (e) {
    // A retry that ran alongside the first request may be refused by what that request took
    // (the last unit, a coupon's last use, the red packet): it answers as the first one did.
    if (e instanceof AppError) return (await replay()) ?? Promise.reject(e);
    throw e;
  }
}

async function placeNew(ctx: Ctx, p: Placement, hash: string, returnUrl?: (orderId: string) => string): Promise<Placed> {
  const { lines } = normaliseLines(p.lines);
  const terms = await sellableSkus(ctx, lines.map((l) => l.eventSkuId));
  // An order on a presale event is tagged with it and refused after its deadline.
  p = { ...p, campaign: await withPresale(ctx, [...new Set([...terms.values()].map((t) => t.saleEventId))], p.campaign) };
  const prices = await pricesOf(ctx, p.via?.resellerId ?? p.resellerId, lines.map((l) => l.eventSkuId));
  const priced = priceOrder(p.kind, lines, terms, prices, p.campaign?.prices);
  if (priced.issues.length) throw new AppError('validation_failed', { fields: priced.issues });
  refuseUnsellable(lines.map((l) => l.eventSkuId), terms, priced.notLive);
  // A flash-sale item sells only through its flash sale (its own batched path).
  const flash = await flashOnly(ctx, lines.map((l) => l.eventSkuId));
  if (flash.length) throw new AppError('flash_sale_only', { extra: { eventSkuIds: flash } });
  const left = await availableOf(ctx, lines.map((l) => l.eventSkuId));
  const short = lines.find((l) => (left.get(l.eventSkuId) ?? 0) < l.quantity);
  if (short) throw new AppError('sold_out', { extra: { eventSkuId: short.eventSkuId } });
  // Anyone can place a storefront order, so what one buyer, one network and one link may hold
  // unpaid is capped (恶意占库存). Judged here without locks, so a hoarder's storm stays cheap;
  // judged again, exactly, inside the transaction.
  const limits = ctx.deps.config.holdLimits;
  const holders: Holders | null = p.kind === 'storefront' && p.payMethod === 'provider' && holdLimitsOn(limits)
    ? { phone: p.consumer.phone, address: clientAddressKey(p.clientAddress), resellerId: p.via?.resellerId ?? p.resellerId } : null;
  if (holders) refuseOverCap(ctx, judgeHold(limits, (await heldBy(ctx, holders, limits)).heldNow(holders), { lines }));
  const { holdMinutes, storefrontHoldMinutes } = ctx.deps.config;

  const result = await withTx(ctx, async (t): Promise<Placed> => {
    // The hold caps, exactly: under the holders' locks (phone, address, link — held to COMMIT, so
    // concurrent placements in any process count one after another), what they hold. First, before
    // the order claims its key and the pools are locked: the storefront desk takes a group's holders'
    // locks first too, so the two never wait on each other in a cycle. The link the order counts
    // toward (its reseller's, when it came through another's link: 流量保护) is locked too, as the
    // desk locks it, so a count of that link under its lock sees this order.
    if (holders) {
      const counted = { ...holders, resellerId: p.resellerId };
      refuseOverCap(t, judgeHold(limits, (await lockAndCountHeld(t, holders, counted, limits)).heldNow(holders), { lines }));
    }
    const discounts = p.campaign?.discounts ? await p.campaign.discounts(t, priced.order) : [];
    const inserted = await insertOrder(t, {
      kind: p.kind, resellerId: p.resellerId, customerId: p.customerId, consumer: p.consumer, payMethod: p.payMethod,
      // A consumer's storefront hold is shorter than a reseller's gateway hold (STOREFRONT_HOLD_MINUTES).
      priced: priced.order, holdMinutes: p.payMethod === 'wallet' ? null : p.kind === 'storefront' ? storefrontHoldMinutes : holdMinutes, holdCap: p.campaign?.holdUntil,
      idempotencyKey: p.idempotencyKey, requestHash: hash, note: p.note, campaign: p.campaign?.tag, discounts,
      clientAddress: p.kind === 'storefront' ? clientAddressKey(p.clientAddress) : null,
      viaResellerId: p.via?.resellerId ?? null, shareLink: p.shareLink ?? null,
    });
    // Another request with this key committed first: answer as it did.
    if (!inserted) return { order: checkSame((await orderByIdempotencyKey(t, p.resellerId, p.kind, p.idempotencyKey))!, hash), replayed: true };
    const { order, lines: rows } = inserted;
    // A reseller's own order, judged again under a share lock of their row: a disabling committed
    // before this point refuses it, one arriving later waits for this transaction to end.
    if (p.kind === 'reseller') await activeReseller(t, p.resellerId, { lock: true });
    // Judged again at this transaction's clock, so nothing is sold a moment after an event ends.
    if (!(await allOnSale(t, rows.map((l) => l.saleEventId)))) throw new AppError('sale_event_not_live');
    if (p.campaign?.within) await p.campaign.within(t, order, rows);
    if (p.payMethod === 'wallet') {
      await postOrderPaid(t, order, rows);
      await bindOnPaid(t, order);
    }
    else await openIntent(t, { orderId: order.id, amount: order.amountDue, currency: order.currency });
    // Stock last: a hot SKU's pool row stays locked only from here to COMMIT.
    await takeStock(t, order.id, stockLinesOf(rows), p.payMethod === 'wallet' ? 'sell' : 'hold');
    return { order, replayed: false, lines: rows };
  });
  return withCharge(ctx, result, returnUrl);
}

/** After the placement committed: open the gateway charge of an order paid through the gateway. */
async function withCharge(ctx: Ctx, result: Placed, returnUrl?: (orderId: string) => string): Promise<Placed> {
  if (result.order.payMethod === 'provider') {
    const intent = await intentForOrder(ctx, result.order.id);
    if (intent && intent.status !== 'succeeded' && !intent.payUrl) await ensurePayable(ctx, intent.id, { description: `订单 ${result.order.orderNo}`, returnUrl: returnUrl?.(result.order.id), ask: false });
  }
  return result;
}

/** Past a hold cap: nothing is held; the buyer hears what they hold, the cap and what to do. */
function refuseOverCap(ctx: Ctx, v: HoldVerdict): void {
  if (v.ok) return;
  const { ok: _ok, ...numbers } = v;
  throw new AppError('too_many_unpaid_orders', { detail: describeHoldRefusal(v, ctx.lang), extra: numbers });
}

function checkSame(o: OrderRow, hash: string): OrderRow {
  if (o.requestHash !== hash) throw new AppError('idempotency_key_reused');
  return o;
}

/** Names, colours, sizes and pictures for order lines, from the catalogue. */
export async function lineFacts(ctx: Ctx, lines: OrderLineRow[]): Promise<LineFacts> {
  const cards = await productCards(ctx, [...new Set(lines.map((l) => l.productId))]);
  const facts: LineFacts = new Map();
  for (const l of lines) {
    const p = cards.get(l.productId);
    const s = p?.skus.get(l.skuId);
    if (p && s) facts.set(l.skuId, { productName: p.name, colour: s.colour, size: s.size, image: s.image });
  }
  return facts;
}

export async function presentOrder(ctx: Ctx, o: OrderRow, as: 'actor' | 'consumer', known?: OrderLineRow[]): Promise<OrderView> {
  const lines = known ?? await linesOfOrder(ctx, o.id);
  // A wallet order never has a payment intent, nor gateway refunds.
  const intent = o.payMethod === 'wallet' ? null : await intentForOrder(ctx, o.id);
  const refunds = intent ? await refundsForOrder(ctx, o.id) : [];
  return orderView(as === 'consumer' ? 'consumer' : ctx.actor, o, lines, intent ? { id: intent.id, status: intent.status, payUrl: intent.payUrl } : null, await lineFacts(ctx, lines), refunds);
}

/** A reseller places an order for a consumer from chat, paying the base price. */
export async function placeResellerOrder(ctx: Ctx, input: {
  customerId?: string; consumer?: ConsumerInput; lines: LineInput[]; payWith: 'wallet' | 'provider'; note?: string; idempotencyKey: string;
}): Promise<PlaceResult> {
  authorize(ctx, 'orders.place');
  if (ctx.actor.kind !== 'reseller') throw new AppError('forbidden');
  const resellerId = ctx.actor.resellerId;
  const unchecked = ctx.actor.checkSession ?? null;
  const hashInput = { ...input, idempotencyKey: undefined };
  const normal = normaliseLines(input.lines);
  // A wallet order goes to the order desk (group commit); what the desk does not place, the ordinary path does.
  const atDesk = input.payWith === 'wallet' && ctx.deps.config.orderGroupCommit && !ctx.inTx && !normal.issues.length;
  // A session taken from recent lookups (recentActorForToken) is checked before anything is read
  // for it — at the desk, in its group's read, when nothing else is to be read first.
  const checkFirst = !atDesk || Boolean(input.customerId);
  if (checkFirst) ctx = await confirmSession(ctx);
  let consumer = input.consumer;
  if (input.customerId) {
    const c = await getCustomer(ctx, input.customerId);
    consumer = customerAsConsumer(c);
  }
  if (!consumer) throw new AppError('validation_failed', { fields: [{ path: 'consumer', message: 'give a customerId or the consumer’s name, phone and address' }] });
  if (atDesk) {
    const out = await placeAtDesk(ctx, {
      resellerId, session: checkFirst ? null : unchecked, customerId: input.customerId ?? null, consumer, lines: normal.lines, idempotencyKey: input.idempotencyKey,
      hash: requestHash(hashInput), note: input.note ?? '',
    });
    if (out !== 'ordinary') return { order: orderView(ctx.actor, out.order, out.lines, null, out.facts), replayed: false };
    ctx = await confirmSession(ctx);
  }
  const { order, replayed, lines } = await place(ctx, {
    kind: 'reseller', resellerId, customerId: input.customerId ?? null, consumer, lines: input.lines, payMethod: input.payWith,
    idempotencyKey: input.idempotencyKey, note: input.note ?? '', hashInput,
  });
  return { order: await presentOrder(ctx, order, 'actor', lines), replayed };
}

/** A consumer buys through a reseller's shared link and pays the reseller's price. */
export async function placeStorefrontOrder(ctx: Ctx, input: { shareCode: string; consumer: ConsumerInput; lines: LineInput[]; note?: string; idempotencyKey: string; clientAddress?: string; shareLink?: string; visitorId?: string | null } & DiscountCodes): Promise<PlaceResult> {
  authorize(ctx, 'storefront.buy');
  // A coupon or red packet code: its discounts are planned and its caps reserved inside the placement.
  const codes = input.couponCode || input.redPacketCode;
  const hashInput = { ...input, idempotencyKey: undefined, clientAddress: undefined, visitorId: undefined };
  const returnUrl = (id: string) => storefrontOrderUrl(ctx, input.shareCode, id);
  // An order without codes goes to the storefront desk (group commit), which reads whose sale it is
  // for its whole group at once; what the desk does not place, the ordinary path does.
  if (!codes && ctx.deps.config.orderGroupCommit && !ctx.inTx) {
    const normal = normaliseLines(input.lines);
    if (!normal.issues.length) {
      const out = await placeAtStorefrontDesk(ctx, {
        shareCode: input.shareCode, shareLinkCode: input.shareLink ?? null, consumer: input.consumer, lines: normal.lines,
        idempotencyKey: input.idempotencyKey, hash: requestHash(hashInput), note: input.note ?? '', clientAddress: clientAddressKey(input.clientAddress), returnUrl,
      });
      if (out !== 'ordinary') {
        if (input.visitorId) await linkVisitorToConsumer(ctx, input.visitorId, input.consumer.phone);
        // The gateway did not open the charge just now: opened the ordinary way (it retries, and says why not).
        const view = out.intent.payUrl === null
          ? await withCharge(ctx, { order: out.order, replayed: false }, returnUrl).then((r) => presentOrder(ctx, r.order, 'consumer', out.lines))
          : orderView('consumer', out.order, out.lines, out.intent, out.facts, []);
        return { order: view, lookupToken: lookupToken(ctx.deps.config.secret, out.order.id), replayed: false };
      }
    }
  }
  const owner = await resellerByShareCode(ctx, input.shareCode);
  if (!owner) throw new AppError('storefront_not_found');
  // Whose sale it is (流量保护, docs/sharing.md): the link's reseller, or the one the consumer is bound to.
  const who = attributeStorefrontOrder(owner.id, await bindingOf(ctx, input.consumer.phone));
  // A link of another shop, or one never made, attributes nothing: the order still goes through.
  const link = input.shareLink ? await shareLinkOf(ctx, owner.id, input.shareLink) : null;
  const { order, replayed } = await place(ctx, {
    kind: 'storefront', resellerId: who.resellerId, customerId: null, consumer: input.consumer, lines: input.lines, payMethod: 'provider',
    via: who.viaResellerId ? { resellerId: who.viaResellerId } : null, shareLink: link?.code ?? null,
    // A retry from another network (or another browser) is the same request: neither is part of it.
    idempotencyKey: input.idempotencyKey, note: input.note ?? '', hashInput, clientAddress: input.clientAddress,
    // Coupons and red packets are the link's reseller's: they gave them out.
    campaign: codes ? storefrontDiscountHooks({ resellerId: owner.id, phone: input.consumer.phone, couponCode: input.couponCode, redPacketCode: input.redPacketCode }) : undefined,
  }, returnUrl);
  // The visitor who ordered is this consumer from now on: their later views name them to the order's reseller.
  if (input.visitorId && !replayed) await linkVisitorToConsumer(ctx, input.visitorId, input.consumer.phone);
  return { order: await presentOrder(ctx, order, 'consumer'), lookupToken: lookupToken(ctx.deps.config.secret, order.id), replayed };
}

/** Where a storefront order's payer returns after paying: the order's page in the shop, with its token. */
function storefrontOrderUrl(ctx: Ctx, shareCode: string, orderId: string): string {
  return `${ctx.deps.config.publicUrl}/s/${shareCode}/orders/${orderId}?token=${lookupToken(ctx.deps.config.secret, orderId)}`;
}

/** How long a consumer's read of an order waits for the gateway to give its link again. */
const READ_GATEWAY_WAIT_MS = 3000;

/**
 * A consumer's read of their order through the token of its confirmation link. The storefront
 * desk answers its buyers with their pay links before it records what the gateway answered (one
 * statement, a moment later): an order read in that moment, or one whose gateway call failed,
 * has no link of its own yet. While it awaits payment (unpaid, its hold not over), the gateway is
 * asked again for its current try — never a new try: paying again is the buyer's own request —
 * and since the gateway dedupes on our reference, it is the link the order was answered with, now
 * recorded. A gateway that fails or does not answer within READ_GATEWAY_WAIT_MS leaves the order
 * as it reads (logged); the page's next read asks again.
 */
export async function readStorefrontOrder(ctx: Ctx, orderId: string, token: string): Promise<OrderView> {
  const { order } = await readOrderByToken(ctx, orderId, token);
  const view = await presentOrder(ctx, order, 'consumer');
  if (view.payment?.status !== 'requires_payment' || view.payment.payUrl || !(await awaitingPayment(ctx, order.id))) return view;
  const code = await shareCodeOf(ctx, order.viaResellerId ?? order.resellerId);
  const asked = attachCharge(ctx, view.payment.id, `订单 ${order.orderNo}`, code ? storefrontOrderUrl(ctx, code, order.id) : undefined).then(() => true, (e: unknown) => {
    ctx.log.warn({ err: e, orderId: order.id }, 'the gateway did not give an order\'s link again');
    return false;
  });
  // The order itself is as read: only its payment's link is new.
  return (await within(asked, READ_GATEWAY_WAIT_MS, false)) ? presentOrder(ctx, order, 'consumer') : view;
}

/**
 * Pay (again): the consumer's card was declined, or a flash grab goes to pay for the first time.
 * The gateway is asked about the current try first — a decline it has not told us about yet
 * must not hand back a link that can no longer be paid — and a new try is opened whenever the
 * current one cannot be paid. Asking twice is harmless: a payable try is returned as it is.
 */
export async function payStorefrontOrderAgain(ctx: Ctx, input: { orderId: string; token: string; shareCode: string }): Promise<OrderView> {
  authorize(ctx, 'storefront.buy');
  const { order } = await readOrderByToken(ctx, input.orderId, input.token);
  if (!(await awaitingPayment(ctx, order.id))) throw new AppError('order_not_payable');
  let intent = await intentForOrder(ctx, order.id);
  if (!intent) {
    // A flash order opens its payment when the buyer first goes to pay (two taps at once: one wins).
    await openIntent(ctx, { orderId: order.id, amount: order.amountDue, currency: order.currency }).catch((e: unknown) => {
      if (!isUniqueViolation(e, 'payment_intents_order_uq')) throw e;
    });
    intent = (await intentForOrder(ctx, order.id))!;
  }
  await ensurePayable(ctx, intent.id, {
    description: `订单 ${order.orderNo}`, ask: true,
    returnUrl: storefrontOrderUrl(ctx, input.shareCode, order.id),
  });
  return presentOrder(ctx, (await getOrderRow(ctx, order.id))!, 'consumer');
}
