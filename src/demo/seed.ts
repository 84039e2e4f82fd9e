// The demo dataset `npm start` loads into an empty database (and `sellthrough seed-demo`).
//
// Everything goes through the real use cases — signBrand, importLot (CSV text, Chinese and
// English headers), createSaleEvent/scheduleSaleEvent, enrolReseller, addCustomer,
// requestTopup, setPrices, placeResellerOrder, placeStorefrontOrder, cancelOrderFlow — so the
// demo holds exactly what the platform itself would have written: pools, stock movements,
// payment intents, gateway books and a balanced ledger. Nothing is inserted behind their back.
//
// Choices worth knowing:
// - Time. Every window is judged by the database clock and no use case places an order outside
//   its window. Live events end 1–3 days from now; upcoming ones start 1–5 days from now and stay
//   `scheduled` until the worker opens them. Events of the past month (seed-history.ts) are made
//   on sale now for as long as their planned window, sold day by day through the use cases, then
//   ended and aged: window and orders moved back to the planned days, so every chart has 30 days
//   of history. Today's orders on live events are spread from their event's start to now.
//   Windows sit on Beijing-time launch slots (10:00, 20:00) counted from the current launch day,
//   so the calendar looks like a real one whatever hour the seed runs. The ledger is immutable
//   and keeps the seed's time (see seed-history.ts).
// - Payments. No HTTP server listens yet, so the sandbox gateway's signed notifications are
//   handed to the notification flow in-process (see notifications.ts). Top-ups, storefront
//   payments and the refund of a cancelled storefront order all settle that way.
// - Storefront orders left unpaid keep their 15-minute hold; on a running platform the job
//   expires them, as it would any abandoned checkout.
// - Determinism. A seeded generator picks prices, quantities, people and orders, so every run
//   produces the same dataset; only ids, share codes and timestamps differ.
// - Speed. The demo password is hashed once and passed as a hash; the whole seed is a few
//   thousand short queries.
// - Re-running (`seed-demo --force`) adds another set of brands, events and orders. Logins and
//   resellers whose phone is taken are reused, and idempotency keys carry the number of brands
//   found at the start so they never collide with an earlier run's.
import { sql } from 'drizzle-orm';
import type { Actor, Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { createUser, hashPassword } from '../modules/accounts/index.ts';
import { signBrand } from '../modules/brands/index.ts';
import { importLot, listProducts, LOT_COLUMNS } from '../modules/catalog/index.ts';
import { createSaleEvent, scheduleSaleEvent, type SaleEventStatus } from '../modules/sale-events/index.ts';
import { enrolReseller, listResellers, addCustomer, customerAsConsumer, listCustomers, currentPolicy, setPolicy, recomputeLevels, type CustomerView, type Level, type ResellerView } from '../modules/resellers/index.ts';
import { requestTopup } from '../modules/payments/index.ts';
import { walletBalance } from '../modules/ledger/index.ts';
import { setPrices } from '../modules/pricing/index.ts';
import { type OrderKind, type OrderStatus } from '../modules/orders/index.ts';
import { placeResellerOrder, placeStorefrontOrder } from '../flows/checkout.flow.ts';
import { cancelOrderFlow } from '../flows/cancellation.flow.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from './logins.ts';
import { writeDemoImages, type DemoImage } from './images.ts';
import { BRANDS, BRAND_USER_NAMES, COLOUR_CODES, type DemoBrand, type DemoEventPlan, type DemoLot } from './catalogue.ts';
import { RESELLERS, ORDER_NOTES, CANCEL_REASONS, consumer, customerTags, mobile, type Consumer, type DemoReseller } from './people.ts';
import { rng, type Rng } from './random.ts';
import { chosenPrices, pickLines, take, type SellingEvent } from './basket.ts';
import { seedHistory, ageOrders, backdateEnrolled, type HistorySummary, type PastEvent, type Dated } from './seed-history.ts';
import { inProcessNotifications, sandboxGatewayOf, chargeIdOf } from './notifications.ts';
import { seedCampaigns, type CampaignSummary } from './seed-campaigns.ts';
import { seedFulfilment, type FulfilmentSummary } from './seed-fulfilment.ts';
import { seedSettlement, type SettlementSummary } from './seed-settlement.ts';
import { seedSharing, shopVisit, type SharingSummary } from './seed-sharing.ts';
import { earnLevels, withThresholds } from './seed-levels.ts';

const SEED = 20_240_917; // any fixed number: the same dataset on every run
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BEIJING = 8 * HOUR; // UTC+8 all year

/** 00:00 Beijing time of the current launch day: today once the 10:00 launch has passed, else yesterday. */
function launchDay(nowMs: number): number {
  const midnight = Math.floor((nowMs + BEIJING) / DAY) * DAY - BEIJING;
  return nowMs >= midnight + 10 * HOUR ? midnight : midnight - DAY;
}

/** A planned event's window as seen from `nowMs`. */
export function eventWindow(plan: Pick<DemoEventPlan, 'start' | 'end'>, nowMs: number): { startsAt: Date; endsAt: Date } {
  const day0 = launchDay(nowMs);
  const at = ([day, h]: [number, number]) => new Date(day0 + day * DAY + h * HOUR);
  return { startsAt: at(plan.start), endsAt: at(plan.end) };
}

export interface Summary {
  skipped: false;
  /** Wall-clock time the seed took. */
  ms: number;
  brands: number;
  lots: number;
  products: number;
  skus: number;
  units: number;
  events: Partial<Record<SaleEventStatus, number>>;
  resellers: number;
  resellersByLevel: Record<Level, number>;
  /** The demo policy's thresholds (fen, V1 … V5), set from its sales; the orders placed so resellers short of their level reach it. */
  levels: { minSales: number[]; orders: number };
  customers: number;
  /** Wallet money topped up through the gateway, fen. */
  toppedUp: number;
  orders: { total: number; byKind: Record<OrderKind, number>; byStatus: Partial<Record<OrderStatus, number>> };
  /** The past month's events sold day by day, on how many China days. */
  history: HistorySummary;
  campaigns: CampaignSummary;
  fulfilment: FulfilmentSummary;
  settlement: SettlementSummary;
  /** Share links, the visits they brought over the last 30 days, and today's orders through them. */
  sharing: SharingSummary;
}

/** Load the demo dataset only into a platform that has no brands yet. */
export async function seedDemoIfEmpty(ctx: Ctx): Promise<Summary | { skipped: true }> {
  if ((await brandCount(ctx)) > 0) return { skipped: true };
  return seedDemo(ctx);
}

export async function seedDemo(callerCtx: Ctx): Promise<Summary> {
  const started = Date.now();
  // The database clock at the start: what this run made is what was created since.
  const since = (await callerCtx.db.execute<{ t: string }>(sql`SELECT now()::text AS t`)).rows[0].t;
  const ctx: Ctx = { ...callerCtx, actor: { kind: 'system' } };
  const gateway = sandboxGatewayOf(ctx);
  const notifications = inProcessNotifications(ctx);
  const r = rng(SEED);
  const run = `demo${await brandCount(ctx)}`;
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await createLoginOnce(ctx, { role: 'operator', phone: DEMO_LOGINS.operator.phone, name: DEMO_LOGINS.operator.name, passwordHash });

  // ---- brands, lots and sale events ----
  const now = Date.now();
  const day0 = launchDay(now);
  const catalogue = { lots: 0, products: 0, skus: 0, units: 0 };
  const live: SellingEvent[] = [];
  const past: PastEvent[] = [];
  for (const b of BRANDS) {
    const brand = await signBrand(ctx, {
      name: b.name, nameEn: b.nameEn, category: b.category,
      contract: {
        commissionBps: b.commissionBps, exclusive: b.exclusive, yearlyPlan: b.yearlyPlanYuan ? b.yearlyPlanYuan * 100 : undefined,
        validFrom: new Date(day0 - 90 * DAY), validTo: new Date(day0 + 275 * DAY),
      },
    });
    const login = DEMO_LOGINS.brands.find((l) => l.brandKey === b.key);
    if (login) await createLoginOnce(ctx, { role: 'brand', brandId: brand.id, phone: login.phone, name: BRAND_USER_NAMES[b.key] ?? b.name, passwordHash });

    for (const lot of b.lots) {
      const file = lotFile(b, lot, r);
      const imported = await importLot(ctx, { brandId: brand.id, fileName: lot.fileName, name: lot.name, content: Buffer.from(file.csv, 'utf8') });
      catalogue.lots++;
      catalogue.skus += imported.rowCount;
      catalogue.units += imported.units;
      catalogue.products += file.products;
    }
    const skus = await skusBySpu(ctx, brand.id);
    for (const plan of b.events) {
      const items: { skuId: string; quantity: number }[] = [];
      for (const spu of plan.spus) {
        for (const s of skus.get(spu) ?? []) {
          const quantity = Math.min(s.unallocated, Math.max(1, Math.floor(s.supplied * plan.share)));
          if (quantity <= 0) continue;
          s.unallocated -= quantity;
          items.push({ skuId: s.id, quantity });
        }
      }
      // An event of the past is on sale now, as long as it was, for the history to sell (seed-history.ts).
      const planned = eventWindow(plan, now);
      const over = planned.endsAt.getTime() <= now;
      const window = over ? { startsAt: new Date(now - 60_000), endsAt: new Date(now + planned.endsAt.getTime() - planned.startsAt.getTime()) } : planned;
      const draft = await createSaleEvent(ctx, {
        brandId: brand.id, title: plan.title, description: plan.description, markup: plan.markup, items, ...window,
      });
      const ev = await scheduleSaleEvent(ctx, draft.id);
      const selling: SellingEvent = {
        id: ev.id, markup: ev.markup,
        skus: ev.skus.map((s) => ({ eventSkuId: s.eventSkuId, productId: s.productId, basePrice: s.basePrice, available: s.available })),
      };
      if (over && ev.status === 'live') past.push({ ...selling, startsAt: planned.startsAt.getTime(), endsAt: planned.endsAt.getTime() });
      else if (ev.status === 'live') live.push(selling);
    }
  }
  // Every lot's pictures, drawn once.
  await writeDemoImages(ctx.deps.config.uploadDir, demoImages.values());
  if (live.length === 0) throw new Error('demo seed: no sale event is live; the clocks of this process and the database disagree');

  // ---- resellers, their address books and wallets ----
  const resellers: SeededReseller[] = [];
  const enrolled: string[] = [];
  const takenPhones = new Set<string>(RESELLERS.flatMap((d) => (d.phone ? [d.phone] : [])));
  for (const def of RESELLERS) {
    let phone = def.phone;
    while (!phone) {
      const p = mobile(r, '137');
      if (!p.startsWith('1370000') && !takenPhones.has(p)) { phone = p; takenPhones.add(p); }
    }
    const invitedBy = def.invitedBy ? resellers.find((x) => x.def.key === def.invitedBy)?.view.id : undefined;
    const { view, reused } = await enrolOnce(ctx, { name: def.name, phone, level: def.level, invitedBy, passwordHash });
    if (!reused) enrolled.push(view.id);
    const actor: Actor = { kind: 'reseller', userId: await userIdOfReseller(ctx, view.id), resellerId: view.id };
    const rctx: Ctx = { ...ctx, actor };
    const customers: CustomerView[] = [];
    const drawn = Array.from({ length: def.customers }, () => ({ ...flatten(consumer(r)), tags: customerTags(r) }));
    if (reused) customers.push(...(await listCustomers(rctx, { limit: 200 })).items);
    else for (const c of drawn) customers.push(await addCustomer(rctx, c));
    const topup = await requestTopup(rctx, { amount: def.topupYuan * 100, idempotencyKey: `${run}-topup` });
    await gateway.completeCharge(chargeIdOf(topup.payment.payUrl), 'succeed');
    resellers.push({ def, view, ctx: rctx, customers, wallet: 0 });
  }
  await notifications.deliverAll();
  await backdateEnrolled(ctx, enrolled, now);
  let toppedUp = 0;
  for (const s of resellers) toppedUp += s.def.topupYuan * 100;

  // ---- the past month: the ended events sold day by day, then moved back to their days ----
  const history = await seedHistory(ctx, {
    run, now, events: past, gateway, deliverNotifications: async () => { await notifications.deliverAll(); },
    resellers: resellers.map((s) => ({ key: s.def.key, view: s.view, ctx: s.ctx, customers: s.customers })),
  });
  for (const s of resellers) s.wallet = await walletBalance(ctx, s.view.id);

  // ---- each reseller's selling prices on the live events ----
  const pricingChance: Record<Level, number> = { V5: 1, V4: 1, V3: 0.8, V2: 0.6, V1: 0.5 };
  for (const s of resellers) {
    for (const ev of live) {
      if (!r.chance(pricingChance[s.def.level])) continue;
      const prices = chosenPrices(r, ev);
      if (prices.length) await setPrices(s.ctx, { saleEventId: ev.id, prices });
    }
  }

  // ---- order history: reseller-placed (wallet) and storefront (gateway) ----
  const placed: PlacedOrder[] = [];
  for (const s of resellers) {
    for (let j = 0; j < s.def.resellerOrders; j++) {
      const ev = r.pick(live);
      const lines = pickLines(r, ev, s.wallet);
      if (!lines) continue;
      const fromBook = s.customers.length > 0 && r.chance(0.8);
      const who = fromBook ? { customerId: r.pick(s.customers).id } : { consumer: consumer(r) };
      const note = r.chance(0.25) ? r.pick(ORDER_NOTES) : undefined;
      const res = await placeResellerOrder(s.ctx, { ...who, lines: lines.lines, payWith: 'wallet', note, idempotencyKey: `${run}-${s.def.key}-r${j}` });
      take(ev, lines.lines);
      s.wallet -= lines.baseTotal;
      placed.push({ id: res.order.id, kind: 'reseller', reseller: s, outcome: 'paid', event: ev });
    }
  }
  const anonymous: Ctx = { ...ctx, actor: { kind: 'anonymous' } };
  let k = 0;
  for (const s of resellers) {
    for (let j = 0; j < s.def.storefrontOrders; j++, k++) {
      const ev = r.pick(live);
      const lines = pickLines(r, ev, Number.MAX_SAFE_INTEGER);
      if (!lines) continue;
      const buyer: Consumer = s.customers.length > 0 && r.chance(0.3) ? customerAsConsumer(r.pick(s.customers)) : consumer(r);
      const note = r.chance(0.2) ? r.pick(ORDER_NOTES) : undefined;
      const visitor = shopVisit(ctx, r, { resellerId: s.view.id, saleEventId: ev.id, productId: ev.skus.find((x) => x.eventSkuId === lines.lines[0].eventSkuId)?.productId ?? null });
      const res = await placeStorefrontOrder(anonymous, { shareCode: s.view.shareCode, consumer: buyer, lines: lines.lines, note, idempotencyKey: `${run}-${s.def.key}-s${j}`, visitorId: visitor });
      take(ev, lines.lines);
      // A fixed rhythm rather than dice, so every demo has abandoned and declined checkouts.
      const outcome: PlacedOrder['outcome'] = k % 6 === 4 ? 'pending' : k % 13 === 7 ? 'declined' : 'paid';
      if (outcome !== 'pending') await gateway.completeCharge(chargeIdOf(res.order.payment?.payUrl ?? null), outcome === 'paid' ? 'succeed' : 'fail');
      placed.push({ id: res.order.id, kind: 'storefront', reseller: s, outcome, event: ev });
    }
  }
  await notifications.deliverAll();

  // ---- a few cancellations: wallet money back at once, gateway money refunded, a hold released ----
  const byKey = (key: string) => (o: PlacedOrder) => o.reseller.def.key === key;
  const toCancel: [PlacedOrder | undefined, string][] = [
    [placed.find((o) => o.kind === 'reseller' && byKey('wangfang')(o)) ?? placed.find((o) => o.kind === 'reseller'), CANCEL_REASONS.wallet],
    [placed.find((o) => o.kind === 'storefront' && o.outcome === 'paid' && byKey('lili')(o)) ?? placed.find((o) => o.kind === 'storefront' && o.outcome === 'paid'), CANCEL_REASONS.storefrontPaid],
    [placed.find((o) => o.kind === 'storefront' && o.outcome === 'pending'), CANCEL_REASONS.storefrontPending],
  ];
  for (const [o, reason] of toCancel) if (o) await cancelOrderFlow(o.reseller.ctx, o.id, reason);
  await notifications.deliverAll();

  // ---- campaigns: flash sale, group buys, presale, coupons, red packets ----
  const campaigns = await seedCampaigns({
    ctx, run, r, now: new Date(now), gateway, deliverNotifications: async () => { await notifications.deliverAll(); },
    brandIds: (await ctx.db.execute<{ id: string }>(sql`SELECT id FROM brands ORDER BY created_at, id`)).rows.map((b) => b.id),
    resellers: resellers.map((s) => ({ key: s.def.key, view: s.view, ctx: s.ctx, customers: s.customers })),
  });

  // ---- levels earned: the demo's thresholds from its sales; resellers short of theirs sell more ----
  const levelSales = await earnLevels(ctx, { r, run, stage: 'a', live, gateway, deliverNotifications: async () => { await notifications.deliverAll(); } });

  // ---- today's orders spread from their event's start to now (the live events opened today or last night) ----
  const aged = await spreadOverLiveWindows(ctx, [...placed, ...levelSales.sold.map((id) => ({ id }))], now);

  // ---- fulfilment: an ended event received (with a shortage), sorted, packed and partly shipped ----
  const fulfilment = await seedFulfilment(ctx, live.map((e) => e.id));
  await notifications.deliverAll();

  // ---- settlement: orders past their window settled (margins available, rewards), withdrawals, new members ----
  const settlement = await seedSettlement(ctx, { gateway, deliverNotifications: async () => { await notifications.deliverAll(); } });

  // ---- sharing: links per channel, 30 days of visits, today's visitors who bought through them ----
  const sharing = await seedSharing(ctx, {
    run, gateway, deliverNotifications: async () => { await notifications.deliverAll(); },
    resellers: resellers.map((s) => ({ key: s.def.key, view: s.view, ctx: s.ctx })),
  });

  // ---- the levels once more on everything sold (a reseller still short sells now), then the policy ----
  const earned = await earnLevels(ctx, { r, run, stage: 'b', live, gateway, deliverNotifications: async () => { await notifications.deliverAll(); } });
  const { version: _version, ...policy } = await currentPolicy(ctx);
  await setPolicy(ctx, withThresholds(policy, earned.minSales));
  const moved = (await recomputeLevels(ctx, 'job')).changed;
  if (moved !== 0) throw new Error(`demo seed: the levels job moved ${moved} resellers the seed had placed at their level`);

  // ---- what is there now, read back: every event and order this run made, campaigns included ----
  const events: Partial<Record<SaleEventStatus, number>> = {};
  const madeEvents = await ctx.db.execute<{ status: SaleEventStatus; n: number }>(sql`SELECT status, count(*)::int AS n FROM sale_events WHERE created_at >= ${since}::timestamptz GROUP BY 1`);
  for (const e of madeEvents.rows) events[e.status] = e.n;
  const byStatus: Partial<Record<OrderStatus, number>> = {};
  const byKind: Record<OrderKind, number> = { reseller: 0, storefront: 0 };
  // Orders this run made: created since it started, or moved back into the past month by it.
  const madeOrders = await ctx.db.execute<{ status: OrderStatus; kind: OrderKind; n: number }>(sql`
    SELECT status, kind, count(*)::int AS n FROM orders WHERE created_at >= ${since}::timestamptz OR id = ANY(${sql.param([...history.orderIds, ...aged])}::text[]) GROUP BY 1, 2`);
  for (const o of madeOrders.rows) {
    byStatus[o.status] = (byStatus[o.status] ?? 0) + o.n;
    byKind[o.kind] += o.n;
  }
  const resellersByLevel: Record<Level, number> = { V1: 0, V2: 0, V3: 0, V4: 0, V5: 0 };
  for (const s of resellers) resellersByLevel[s.view.level]++;
  const summary: Summary = {
    skipped: false, ms: Date.now() - started, brands: BRANDS.length, ...catalogue, events,
    resellers: resellers.length, resellersByLevel, levels: { minSales: earned.minSales, orders: levelSales.sold.length + earned.sold.length }, customers: resellers.reduce((a, s) => a + s.customers.length, 0), toppedUp,
    orders: { total: byKind.reseller + byKind.storefront, byKind, byStatus },
    history: { events: history.events, orders: history.orders, days: history.days }, campaigns, fulfilment, settlement, sharing,
  };
  ctx.log.info({ demo: summary }, 'demo dataset loaded');
  return summary;
}

// ---------------------------------------------------------------------------------------------

interface SeededReseller { def: DemoReseller; view: ResellerView; ctx: Ctx; customers: CustomerView[]; wallet: number }

interface PlacedOrder { id: string; kind: OrderKind; reseller: SeededReseller; outcome: 'paid' | 'pending' | 'declined'; event: SellingEvent }

/**
 * Today's paid orders on live events, moved back to an instant between their event's start and a
 * few minutes ago (earlier ones likelier: launch hours sell most), so an event that opened last
 * night has last night's sales. Orders awaiting payment keep their hold; cancelled ones their time.
 * Returns the ids of the orders it moved.
 */
async function spreadOverLiveWindows(ctx: Ctx, placed: { id: string }[], now: number): Promise<string[]> {
  const r = rng(SEED + 1);
  const ids = placed.map((o) => o.id);
  const rows = (await ctx.db.execute<{ id: string; starts_at: string }>(sql`
    SELECT o.id, min(e.starts_at) AS starts_at FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN sale_events e ON e.id = l.sale_event_id
    WHERE o.id = ANY(${sql.param(ids)}::text[]) AND o.status = 'paid' GROUP BY o.id`)).rows;
  const startOf = new Map(rows.map((x) => [x.id, new Date(x.starts_at).getTime()]));
  const dated: Dated[] = [];
  for (const o of placed) {
    const from = startOf.get(o.id);
    if (from === undefined) continue;
    const to = now - 5 * 60_000;
    if (to - from < 10 * 60_000) continue;
    dated.push({ id: o.id, at: Math.round(from + (to - from) * r.next() ** 1.5) });
  }
  await ageOrders(ctx, dated);
  return dated.map((o) => o.id);
}

async function brandCount(ctx: Ctx): Promise<number> {
  const res = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM brands`);
  return res.rows[0].n;
}

// enrolReseller answers with the reseller, not its login; the reseller actor needs both ids.
async function userIdOfReseller(ctx: Ctx, resellerId: string): Promise<string> {
  const res = await ctx.db.execute<{ id: string }>(sql`SELECT id FROM users WHERE reseller_id = ${resellerId}`);
  if (!res.rows[0]) throw new Error(`demo seed: reseller ${resellerId} has no login`);
  return res.rows[0].id;
}

function isConflict(e: unknown): boolean {
  return e instanceof AppError && e.code === 'conflict';
}

/** A forced re-run finds the demo logins already there; they keep pointing where they did. */
async function createLoginOnce(ctx: Ctx, u: Parameters<typeof createUser>[1]): Promise<void> {
  try {
    await createUser(ctx, u);
  } catch (e) {
    if (!isConflict(e)) throw e;
  }
}

async function enrolOnce(ctx: Ctx, p: { name: string; phone: string; level: Level; invitedBy?: string; passwordHash: string }): Promise<{ view: ResellerView; reused: boolean }> {
  try {
    return { view: await enrolReseller(ctx, { ...p, password: DEMO_PASSWORD }), reused: false };
  } catch (e) {
    if (!isConflict(e)) throw e;
    const found = (await listResellers(ctx, { search: p.phone })).items.find((x) => x.phone === p.phone);
    if (!found) throw e;
    return { view: found, reused: true };
  }
}

function flatten(c: Consumer) {
  return { name: c.name, phone: c.phone, ...c.address };
}


/** The brand's SKUs by spu_code, with how much of each lot's supply is still unallocated. */
async function skusBySpu(ctx: Ctx, brandId: string) {
  const out = new Map<string, { id: string; supplied: number; unallocated: number }[]>();
  let cursor: string | undefined;
  do {
    const page = await listProducts(ctx, { brandId, cursor, limit: 200 });
    for (const p of page.items) out.set(p.spuCode, p.skus.map((s) => ({ id: s.id, supplied: s.supplied, unallocated: s.supplied - s.allocated })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

// ---- lot files ----

type LotColumn = keyof typeof LOT_COLUMNS;
const COLUMNS = Object.keys(LOT_COLUMNS) as LotColumn[];

/** The header a brand's ERP would print: the column's own name, or its first Chinese alias. */
function header(lang: 'zh' | 'en'): string[] {
  return COLUMNS.map((c) => (lang === 'en' ? c : (LOT_COLUMNS[c] as readonly string[]).find((a) => /[^\x00-\x7f]/.test(a)) ?? c));
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function yuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** Base ≈ 22–32% of tag, in the figures brands quote: ¥529.00 above a hundred, ¥40.90 below. */
function basePriceFen(tagYuan: number, ratio: number): number {
  const raw = tagYuan * ratio;
  const fen = raw >= 100 ? (Math.round(raw / 10) * 10 - 1) * 100 : Math.max(2, Math.round(raw)) * 100 - 10;
  return Math.min(fen, tagYuan * 100);
}

/** EAN-13 with a Chinese (69x) prefix and a correct check digit. */
function barcode(r: Rng): string {
  const d = '69' + r.digits(10);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(d[i]) * (i % 2 ? 3 : 1);
  return d + String((10 - (sum % 10)) % 10);
}

function colourCode(colour: string, i: number): string {
  return COLOUR_CODES[colour] ?? (colour.startsWith('#') ? `S${colour.slice(1, 3)}` : `C${i + 1}`);
}

/** Pictures the lot files point at; drawn into the uploads folder once the lots are in. */
const demoImages = new Map<string, DemoImage>();
function image(file: string, facts: Omit<DemoImage, 'file'>): string {
  demoImages.set(file, { file, ...facts });
  return `/uploads/demo/${file}.svg`;
}

/** A lot file as the brand's ERP would export it: one row per colour × size. */
function lotFile(b: DemoBrand, lot: DemoLot, r: Rng): { csv: string; products: number } {
  const rows = [header(lot.headers).map(csvCell).join(',')];
  const [lo, hi] = b.units;
  for (const p of lot.products) {
    const ratio = 0.22 + r.int(0, 10) / 100;
    const facts = (colour: string) => ({ name: p.name, colour, category: b.category, brand: b.name });
    p.colours.forEach((colour, ci) => {
      const cc = colourCode(colour, ci);
      // Each colour's rows list that colour's picture alone: the product's pictures are one per
      // colour, and each SKU is shown in its own colour (catalog.rules colourPictures). A main
      // picture beside them would be the first colour's drawn twice.
      const images = [p.colours.length > 1 ? image(`${p.spu.toLowerCase()}-${cc.toLowerCase()}`, facts(colour)) : image(p.spu.toLowerCase(), facts(colour))];
      p.sizes.forEach((size, si) => {
        const tag = typeof p.tag === 'number' ? p.tag : p.tag[size];
        // Middle sizes sell best, so brands are left with more of them.
        const edge = p.sizes.length > 2 && (si === 0 || si === p.sizes.length - 1);
        const quantity = Math.max(10, Math.round(r.int(lo, hi) * (edge ? 0.6 : 1)));
        const sizeCode = size.toUpperCase().replace(/[^0-9A-Z]/g, '');
        const row: Record<LotColumn, string> = {
          spu_code: p.spu, product_name: p.name, category: b.category, colour, size, sku_code: `${p.spu}-${cc}-${sizeCode}`, barcode: barcode(r),
          tag_price: yuan(tag * 100), base_price: yuan(basePriceFen(tag, ratio)), quantity: String(quantity), image_urls: images.join('|'), description: p.description,
        };
        rows.push(COLUMNS.map((c) => csvCell(row[c])).join(','));
      });
    });
  }
  return { csv: rows.join('\n') + '\n', products: lot.products.length };
}
