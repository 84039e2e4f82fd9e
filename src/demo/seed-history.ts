// The demo's month of history: the events whose window is over sold, day by day, before the seed's
// day — so 我的数据, the operator's overview, an event's figures and the battle report draw a
// curve on first start rather than one bar for today.
//
// No use case sells in the past: every window is judged by the database clock. So an event of the
// past is made the way any event is, but on sale now, for as long as its planned window (seed.ts);
// the resellers price it and sell it through the real use cases (their own wallet orders,
// consumers' storefront orders paid through the sandbox gateway); then it is ended (the use case
// an operator's 提前结束 uses) and *aged*: its window moved back to the planned one, and each
// order, with every record its placement wrote, moved back to the instant drawn for it inside
// that window. Only times move — amounts, stock, statuses and links stay what the use cases made.
//
// What moves with an order (one shift per order, so its own sequence is kept): the order's
// created/paid/hold times, its stock movements, its payment intent, the gateway charge and the
// sandbox gateway's own record of it. What does not: the ledger. Journal rows are immutable (a
// trigger refuses any UPDATE, for the seed as for everyone), and that is right — the ledger
// records when money was posted, and the seed posted it today. Reports of sales read the orders'
// times. The 收益余额 chart reads the ledger's value dates: settlement values each margin at the
// end of its order's return window (the job runs after it), so the demo's settled margins, posted
// today, are drawn on the days their windows ended (seed-settlement.ts). The customer bindings a
// paid storefront order makes keep their time (bound from the seed's day), so the demo's
// customers stay bound to their resellers.
//
// Resellers existed before they sold: each one made here is given a join date 51–90 days back
// (inviters before the people they invited), with their login and address book.
import type { Ctx } from '../platform/context.ts';
import { shiftOrderPayments, type SandboxGateway } from '../modules/payments/index.ts';
import { backdateResellers, customerAsConsumer, type CustomerView, type ResellerView } from '../modules/resellers/index.ts';
import { backdateResellerLogins } from '../modules/accounts/index.ts';
import { backdatePaidOrders } from '../modules/orders/index.ts';
import { shiftOrderMovements } from '../modules/inventory/index.ts';
import { walletBalance } from '../modules/ledger/index.ts';
import { setPrices } from '../modules/pricing/index.ts';
import { endSaleEventNow, backdateEndedEvents } from '../modules/sale-events/index.ts';
import { placeResellerOrder, placeStorefrontOrder } from '../flows/checkout.flow.ts';
import { chosenPrices, pickLines, take, type SellingEvent } from './basket.ts';
import { consumer, ORDER_NOTES, type Consumer } from './people.ts';
import { rng } from './random.ts';
import { shopVisit } from './seed-sharing.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BEIJING = 8 * HOUR; // UTC+8 all year
const SEED = 0x415e5;
/** How many China days before today the history reaches back. */
export const HISTORY_DAYS = 29;

/** A past event, on sale now for the seed to sell, and the window it is moved back to. */
export interface PastEvent extends SellingEvent { startsAt: number; endsAt: number }

export interface HistoryReseller { key: string; view: ResellerView; ctx: Ctx; customers: CustomerView[] }

export interface HistorySummary { events: number; orders: number; days: number }

/** An order the seed placed and when it is to have been paid. */
export interface Dated { id: string; at: number }

export async function seedHistory(ctx: Ctx, opts: {
  run: string; now: number; events: PastEvent[]; resellers: HistoryReseller[]; gateway: SandboxGateway; deliverNotifications: () => Promise<void>;
}): Promise<HistorySummary & { orderIds: string[] }> {
  const r = rng(SEED);
  const { now, events } = opts;
  const out: HistorySummary & { orderIds: string[] } = { events: events.length, orders: 0, days: 0, orderIds: [] };
  if (events.length === 0) return out;

  // Resellers price the events they share, as they did when the events were on.
  for (const [i, s] of opts.resellers.entries()) {
    for (const ev of events) {
      if (!r.chance(Math.max(0.3, 0.9 - i * 0.08))) continue;
      const prices = chosenPrices(r, ev);
      if (prices.length) await setPrices(s.ctx, { saleEventId: ev.id, prices });
    }
  }

  // Day by day, oldest first: each reseller sells on some days (the busiest on most), on one of
  // the events on sale that day, at an hour when it was on — launch hours busiest.
  const wallets = new Map<string, number>();
  for (const s of opts.resellers) wallets.set(s.view.id, await walletBalance(ctx, s.view.id));
  const today = Math.floor((now + BEIJING) / DAY) * DAY - BEIJING;
  const anonymous: Ctx = { ...ctx, actor: { kind: 'anonymous' } };
  const dated: Dated[] = [];
  const days = new Set<number>();
  for (let d = HISTORY_DAYS; d >= 1; d--) {
    const dayStart = today - d * DAY;
    const open = events.map((ev) => ({ ev, from: Math.max(ev.startsAt, dayStart + 8 * HOUR), to: Math.min(ev.endsAt - MINUTE, dayStart + 23 * HOUR + 30 * MINUTE, now - HOUR) }))
      .filter((w) => w.to - w.from >= 15 * MINUTE);
    if (open.length === 0) continue;
    for (const [i, s] of opts.resellers.entries()) {
      // The first (李丽, the demo's reseller login) sells on most days; the rest less the further down the list.
      if (!r.chance(i === 0 ? 0.8 : Math.max(0.06, 0.6 - i * 0.07))) continue;
      const n = r.chance(0.15) ? 2 : 1;
      for (let j = 0; j < n; j++) {
        const w = r.pick(open);
        const at = Math.round(w.from + (w.to - w.from) * r.next() ** 1.5);
        const key = `${opts.run}-${s.key}-h${d}-${j}`;
        const wallet = wallets.get(s.view.id)!;
        // A reseller's own order for a customer (代下单) from the wallet, or a consumer's checkout in their shop.
        const own = r.chance(0.55) ? pickLines(r, w.ev, wallet) : null;
        let id: string;
        if (own) {
          const who = s.customers.length > 0 && r.chance(0.8) ? { customerId: r.pick(s.customers).id } : { consumer: consumer(r) };
          const note = r.chance(0.2) ? r.pick(ORDER_NOTES) : undefined;
          id = (await placeResellerOrder(s.ctx, { ...who, lines: own.lines, payWith: 'wallet', note, idempotencyKey: key })).order.id;
          take(w.ev, own.lines);
          wallets.set(s.view.id, wallet - own.baseTotal);
        } else {
          const lines = pickLines(r, w.ev, Number.MAX_SAFE_INTEGER);
          if (!lines) continue;
          const buyer: Consumer = s.customers.length > 0 && r.chance(0.3) ? customerAsConsumer(r.pick(s.customers)) : consumer(r);
          const visitor = shopVisit(ctx, r, { resellerId: s.view.id, saleEventId: w.ev.id, productId: w.ev.skus.find((k) => k.eventSkuId === lines.lines[0].eventSkuId)?.productId ?? null, at });
          const placed = await placeStorefrontOrder(anonymous, { shareCode: s.view.shareCode, consumer: buyer, lines: lines.lines, idempotencyKey: key, visitorId: visitor });
          take(w.ev, lines.lines);
          const payUrl = placed.order.payment?.payUrl;
          if (!payUrl) throw new Error('demo seed: the gateway returned no payment page');
          await opts.gateway.completeCharge(payUrl.split('/').pop()!, 'succeed');
          id = placed.order.id;
        }
        dated.push({ id, at });
        days.add(d);
      }
    }
  }
  // The gateway's notifications mark the storefront orders paid.
  await opts.deliverNotifications();

  // The events end, and go back to their window; their orders back to their day.
  for (const ev of events) await endSaleEventNow(ctx, ev.id);
  await backdateEndedEvents(ctx, events.map((e) => ({ id: e.id, startsAt: new Date(e.startsAt), endsAt: new Date(e.endsAt) })));
  await ageOrders(ctx, dated);
  out.orders = dated.length;
  out.days = days.size;
  out.orderIds = dated.map((o) => o.id);
  return out;
}

/**
 * Move paid orders back in time: each order so that it was paid at its `at`, and what its
 * placement and payment wrote (stock movements, intent, charges) by the same interval — each
 * module dating its own records.
 */
export async function ageOrders(ctx: Ctx, dated: Dated[]): Promise<void> {
  const shifts = await backdatePaidOrders(ctx, dated.map((o) => ({ id: o.id, at: new Date(o.at) })));
  await shiftOrderMovements(ctx, shifts);
  await shiftOrderPayments(ctx, shifts);
}

/**
 * The resellers this run enrolled joined before the history: the first 90 days back, each next one
 * three days later (inviters come first in the list); their logins with them, their address books
 * a few days after.
 */
export async function backdateEnrolled(ctx: Ctx, resellerIds: string[], now: number): Promise<void> {
  const joined = resellerIds.map((id, i) => ({ id, at: new Date(now - (90 - 3 * i) * DAY) }));
  await backdateResellers(ctx, joined);
  await backdateResellerLogins(ctx, joined.map((j) => ({ resellerId: j.id, at: j.at })));
}
