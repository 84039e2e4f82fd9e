// The demo dataset on a fresh platform: the figures the demo promises, logins that work over
// HTTP, a ledger that balances to the fen, and a second start that leaves the data alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { testPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { auditLedger } from '../modules/ledger/index.ts';
import { listSaleEvents } from '../modules/sale-events/index.ts';
import { listResellers, currentPolicy, salesBetween, recomputeLevels, levelFor, DEFAULT_POLICY } from '../modules/resellers/index.ts';
import { listOrders, type OrderStatus } from '../modules/orders/index.ts';
import { resellerDashboard, overview, battleReport } from '../modules/analytics/index.ts';
import type { Ctx } from '../platform/context.ts';
import { seedDemo, seedDemoIfEmpty, eventWindow, type Summary } from './seed.ts';
import { BRANDS } from './catalogue.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from './logins.ts';

let tp: TestPlatform;
let summary: Summary;
before(async () => {
  tp = await testPlatform();
  summary = await seedDemo(tp.ctx());
});
after(async () => { await tp.close(); });

async function login(phone: string) {
  const res = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ phone, password: DEMO_PASSWORD }) });
  assert.equal(res.statusCode, 200, `${phone}: ${res.body}`);
  return JSON.parse(res.body) as { token: string; user: { role: string; brandId: string | null; resellerId: string | null } };
}

/** Orders matching the filter, over every page of the list (the demo has more than a page holds). */
async function countOrders(filter: { status?: OrderStatus }): Promise<number> {
  let count = 0;
  for (let cursor: string | undefined; ;) {
    const page = await listOrders(tp.ctx(), { ...filter, limit: 200, cursor });
    count += page.items.length;
    if (!page.nextCursor) return count;
    cursor = page.nextCursor;
  }
}

test('brands, SKUs and sale events in every state', async () => {
  assert.ok(summary.brands >= 5, `brands ${summary.brands}`);
  assert.ok(summary.skus >= 200, `skus ${summary.skus}`);
  const events = await listSaleEvents(tp.ctx(), { limit: 500 });
  const count = (s: string) => events.filter((e) => e.status === s).length;
  assert.ok(count('live') >= 1 && count('scheduled') >= 1 && count('ended') >= 1, JSON.stringify(summary.events));
  assert.deepEqual({ live: count('live'), scheduled: count('scheduled'), ended: count('ended') }, summary.events);
  const now = Date.now();
  for (const e of events.filter((x) => x.status === 'scheduled')) assert.ok(e.startsAt.getTime() > now + 86400_000 && e.startsAt.getTime() <= now + 5 * 86400_000, e.title);
  for (const e of events.filter((x) => x.status === 'live')) assert.ok(e.endsAt.getTime() > now + 86400_000 && e.endsAt.getTime() <= now + 3 * 86400_000, e.title);
  for (const e of events) assert.ok(e.commissionBps >= 1500 && e.commissionBps <= 2500);
  // Base prices are a fraction of the tag price, as in a clearance.
  for (const s of events.flatMap((e) => e.skus)) assert.ok(s.basePrice >= s.tagPrice * 0.2 && s.basePrice <= s.tagPrice * 0.35, `${s.basePrice} of ${s.tagPrice}`);
});

test('pictures: a product’s gallery draws each colour once, and every SKU is shown in its own colour', async () => {
  const drawn = new Map<string, string>();
  const colourOf = async (url: string) => {
    if (!drawn.has(url)) {
      const svg = await fs.readFile(path.join(tp.config.uploadDir, url.replace(/^\/uploads\//, '')), 'utf8');
      drawn.set(url, /· ([^<]*)<\/text>/.exec(svg)![1]);
    }
    return drawn.get(url)!;
  };
  const { rows } = await tp.database.pool.query<{ name: string; images: string[]; colour: string; shown: string }>(`SELECT p.name, p.images, k.colour,
    coalesce(p.colour_images->>k.colour, p.images->>0) AS shown FROM products p JOIN skus k ON k.product_id = p.id`);
  assert.ok(rows.length >= 200);
  for (const r of rows) {
    const colours = await Promise.all(r.images.map(colourOf));
    assert.equal(new Set(colours).size, colours.length, `${r.name}: ${colours.join(', ')}`);
    assert.equal(await colourOf(r.shown), r.colour, `${r.name} ${r.colour} is shown as ${await colourOf(r.shown)}`);
  }
});

test('at any hour of the day the calendar has live, upcoming and ended events', () => {
  const plans = BRANDS.flatMap((b) => b.events);
  const start = Date.UTC(2026, 0, 1);
  let first: string[] | undefined;
  for (let now = start; now < start + 86400_000; now += 7 * 60_000) {
    const states = plans.map((plan) => {
      const { startsAt, endsAt } = eventWindow(plan, now);
      const s = startsAt.getTime(), e = endsAt.getTime();
      if (e <= now) return 'ended';
      if (s <= now) {
        assert.ok(e > now + 86400_000 && e <= now + 3 * 86400_000, `${plan.title} live at ${new Date(now).toISOString()}`);
        return 'live';
      }
      assert.ok(s > now + 86400_000 && s <= now + 5 * 86400_000, `${plan.title} upcoming at ${new Date(now).toISOString()}`);
      return 'upcoming';
    });
    first ??= states;
    assert.deepEqual(states, first, `the same calendar at ${new Date(now).toISOString()}`);
  }
  for (const st of ['ended', 'live', 'upcoming']) assert.ok(first!.includes(st), st);
});

test('levels are earned: each level\'s threshold is above all the level below sold, every reseller holds what their sales give, and the daily job moves nobody', async () => {
  const policy = await currentPolicy(tp.ctx());
  assert.deepEqual(policy.levels.map((l) => l.minSales), summary.levels.minSales, 'the policy in force has the thresholds the seed set');
  // The demo's thresholds are on its own scale (the default's V2 alone is ¥30,000), whole thousands, rising.
  assert.ok(summary.levels.minSales[4] < DEFAULT_POLICY.levels[1].minSales, JSON.stringify(summary.levels));
  for (const [i, m] of summary.levels.minSales.entries()) {
    assert.equal(m % 1_000_00, 0, `V${i + 1} ${m}`);
    if (i > 0) assert.ok(m > summary.levels.minSales[i - 1], `V${i + 1} ${m}`);
  }
  const sales = await salesBetween(tp.ctx(), new Date(Date.now() - policy.levelWindowDays * 86400_000), new Date());
  const resellers = (await listResellers(tp.ctx(), { limit: 200 })).items;
  for (const r of resellers) assert.equal(r.level, levelFor(policy, sales.get(r.id) ?? 0), `${r.name}: ${sales.get(r.id) ?? 0} fen`);
  assert.equal((await recomputeLevels(tp.ctx(), 'job')).changed, 0);
  // The logins are the levels they are documented as, earned.
  for (const l of DEMO_LOGINS.resellers) assert.equal(resellers.find((r) => r.name === l.name)?.level, l.level, l.name);
});

test('resellers at every level, with orders paid, awaiting payment and cancelled', async () => {
  const resellers = (await listResellers(tp.ctx(), { limit: 200 })).items;
  assert.ok(resellers.length >= 12);
  for (const level of ['V1', 'V2', 'V3', 'V4', 'V5'] as const) assert.ok(resellers.some((r) => r.level === level), level);
  for (const status of ['paid', 'pending_payment', 'cancelled'] as const) {
    const count = await countOrders({ status });
    assert.ok(count > 0, status);
    assert.equal(count, summary.orders.byStatus[status], status);
  }
  const kinds = await listOrders(tp.ctx(), { kind: 'storefront', status: 'paid', limit: 1 });
  assert.equal(kinds.items.length, 1, 'storefront orders paid through the gateway');
});

test('the demo logins log in over HTTP', async () => {
  assert.equal((await login(DEMO_LOGINS.operator.phone)).user.role, 'operator');
  const brandIds = new Set<string>();
  for (const b of DEMO_LOGINS.brands) {
    const l = await login(b.phone);
    assert.equal(l.user.role, 'brand');
    brandIds.add(l.user.brandId!);
  }
  assert.equal(brandIds.size, 3);
  for (const r of DEMO_LOGINS.resellers) {
    const l = await login(r.phone);
    assert.equal(l.user.role, 'reseller');
    const me = await tp.app.inject({ method: 'GET', url: '/api/v1/reseller/me', headers: { authorization: `Bearer ${l.token}` } });
    const body = JSON.parse(me.body);
    assert.equal(body.reseller.level, r.level);
    assert.equal(body.reseller.name, r.name);
    assert.ok(body.wallet > 0, 'wallet topped up');
    const events = await tp.app.inject({ method: 'GET', url: '/api/v1/reseller/sale-events', headers: { authorization: `Bearer ${l.token}` } });
    assert.ok(JSON.parse(events.body).items.some((e: { onSale: boolean }) => e.onSale));
  }
});

test('the ledger balances to the fen', async () => {
  const audit = await auditLedger(tp.ctx());
  assert.ok(audit.entries > 0);
  assert.deepEqual([audit.unbalancedEntries, audit.total, audit.guardedMismatches], [0, 0, 0]);
  // Every refund the gateway owed has settled.
  assert.equal(audit.accounts.filter((a) => a.account === 'refunds_in_flight').reduce((s, a) => s + Number(a.balance), 0), 0);
});

test('money after delivery: orders settled, margins available, inviters rewarded, a withdrawal to approve, a new member', async () => {
  const s = summary.settlement;
  assert.ok(s.settledOrders > 0 && s.settledOrders === s.delivered, JSON.stringify(s));
  assert.ok(s.rewards > 0, 'the inviters earned rewards');
  const q = async (text: string) => (await tp.database.pool.query(text)).rows[0];
  assert.ok(Number((await q(`SELECT -coalesce(sum(amount),0) AS s FROM journal_lines WHERE account = 'reseller_margin_available'`)).s) > 0, 'margins available');
  assert.equal(Number((await q(`SELECT count(*) AS n FROM withdrawals WHERE status = 'requested'`)).n), 1, 'one withdrawal waits for the operator');
  assert.equal(Number((await q(`SELECT count(*) AS n FROM payouts WHERE purpose = 'withdrawal'`)).n), 1, 'one approved and sent to the payout provider');
  const joined = await q(`SELECT count(*) FILTER (WHERE status = 'active') AS active, count(*) FILTER (WHERE status = 'pending') AS pending FROM resellers WHERE invited_by IS NOT NULL AND invite_code IS NULL AND phone IN ('13700000011','13700000012')`);
  assert.deepEqual([Number(joined.active), Number(joined.pending)], [1, 1]);
  assert.equal(Number((await q(`SELECT -sum(amount) AS s FROM journal_lines WHERE account = 'membership_fees'`)).s), 998_00);
});

test('sharing: links per channel, visits over the month, today’s visitors who bought through a link, bound customers', async () => {
  const s = summary.sharing;
  assert.ok(s.links > 20 && s.visitors > 100 && s.views > s.visitors && s.orders > 0, JSON.stringify(s));
  const q = async (text: string) => (await tp.database.pool.query(text)).rows[0];
  const days = await q(`SELECT count(DISTINCT (at AT TIME ZONE 'Asia/Shanghai')::date)::int AS n, min(at) < now() - interval '20 days' AS old FROM storefront_views`);
  assert.ok(days.n >= 15 && days.old, `visits on ${days.n} days`);
  assert.equal(Number((await q(`SELECT count(*) AS n FROM storefront_views WHERE at > now()`)).n), 0, 'no visit in the future');
  assert.ok(Number((await q(`SELECT count(*) AS n FROM orders WHERE share_link IS NOT NULL AND paid_at IS NOT NULL`)).n) >= s.orders);
  assert.ok(Number((await q(`SELECT count(*) AS n FROM visitor_consumers`)).n) >= s.orders);
  assert.ok(Number((await q(`SELECT count(*) AS n FROM customer_bindings WHERE expires_at > now()`)).n) > 10, 'paying customers are bound to their resellers');
  assert.ok(Number((await q(`SELECT count(*) AS n FROM share_links WHERE expires_at <= now()`)).n) > 0, 'links of ended events show as ended');
  // Each demo login's links have sold something today (their 链接 and 渠道效果 figures are not all 0).
  for (const l of DEMO_LOGINS.resellers) {
    const { rows } = await tp.database.pool.query(`SELECT count(*)::int AS n FROM orders o JOIN users u ON u.reseller_id = o.reseller_id
      WHERE u.phone = $1 AND o.share_link IS NOT NULL AND o.paid_at IS NOT NULL`, [l.phone]);
    assert.ok(rows[0].n > 0, `${l.name}: no order through a link`);
  }
});

test('a month of history: orders on the days their events were on, a curve on every chart', async () => {
  const h = summary.history;
  assert.ok(h.events >= 10 && h.orders > 60 && h.days >= 25, JSON.stringify(h));
  const q = async (text: string, params: unknown[] = []) => (await tp.database.pool.query(text, params)).rows;
  // 李丽 sold on most China days of the last 30.
  const [lili] = await q(`SELECT u.id AS user_id, u.reseller_id FROM users u WHERE u.phone = $1`, [DEMO_LOGINS.resellers[0].phone]);
  const [days] = await q(`SELECT count(DISTINCT (paid_at AT TIME ZONE 'Asia/Shanghai')::date)::int AS n FROM orders
    WHERE reseller_id = $1 AND paid_at IS NOT NULL AND status <> 'cancelled'
      AND (paid_at AT TIME ZONE 'Asia/Shanghai')::date > (now() AT TIME ZONE 'Asia/Shanghai')::date - 30`, [lili.reseller_id]);
  assert.ok(days.n >= 15, `李丽 sold on ${days.n} days`);
  // Her 30-day dashboard (the service the route calls) shows sales on many days, and the 7-day one too.
  const me: Ctx = { ...tp.ctx(), actor: { kind: 'reseller', userId: lili.user_id, resellerId: lili.reseller_id } };
  const month = await resellerDashboard(me, 30);
  assert.equal(month.daily.length, 30);
  assert.ok(month.daily.filter((d) => d.sales > 0).length >= 15, JSON.stringify(month.daily.map((d) => d.sales)));
  assert.equal(month.daily.reduce((a, d) => a + d.sales, 0), month.totals.sales);
  const week = await resellerDashboard(me, 7);
  assert.ok(week.daily.filter((d) => d.sales > 0).length >= 3);
  // Her shop's buyers came to it first: visitors who bought, and a direct channel with visitors
  // beside its orders (not "0 visitors, 9 orders, 0 %").
  assert.ok(week.totals.conversionBps > 0, JSON.stringify(week.totals));
  const direct = week.channels.find((c) => c.channel === 'direct');
  if (direct && direct.orders > 0) assert.ok(direct.visitors > 0 && direct.conversionBps > 0, JSON.stringify(direct));
  // The operator's last 14 days.
  const op = await overview(tp.ctx());
  assert.ok(op.daily.filter((d) => Number(d.gmv) > 0).length >= 12, JSON.stringify(op.daily));
  // Nothing dated in the future, nor outside its event's window, nor before its reseller joined.
  const [bad] = await q(`SELECT
      count(*) FILTER (WHERE o.paid_at > now() OR o.created_at > o.paid_at)::int AS future,
      count(*) FILTER (WHERE o.paid_at < e.starts_at OR o.paid_at > e.ends_at)::int AS outside,
      count(*) FILTER (WHERE o.created_at < r.created_at)::int AS before_reseller,
      count(*) FILTER (WHERE o.shipped_at < o.paid_at OR o.delivered_at < o.shipped_at OR o.delivered_at > now())::int AS shipping
    FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN sale_events e ON e.id = l.sale_event_id JOIN resellers r ON r.id = o.reseller_id
    WHERE o.paid_at IS NOT NULL`);
  assert.deepEqual(bad, { future: 0, outside: 0, before_reseller: 0, shipping: 0 });
  // What an order's placement and payment wrote moved with it.
  const [moved] = await q(`SELECT
      (SELECT count(*)::int FROM orders o JOIN payment_intents i ON i.order_id = o.id WHERE i.succeeded_at IS NOT NULL AND abs(extract(epoch FROM i.succeeded_at - o.paid_at)) > 60) AS intents,
      (SELECT count(*)::int FROM orders o JOIN payment_intents i ON i.order_id = o.id JOIN payment_charges c ON c.intent_id = i.id JOIN sandbox_charges g ON g.merchant_ref = c.merchant_ref
        WHERE c.paid_at IS NOT NULL AND (abs(extract(epoch FROM c.paid_at - o.paid_at)) > 60 OR abs(extract(epoch FROM g.paid_at - c.paid_at)) > 60)) AS charges,
      (SELECT count(*)::int FROM orders o JOIN stock_movements s ON s.order_id = o.id WHERE s.kind IN ('hold','sell') AND abs(extract(epoch FROM s.created_at - o.created_at)) > 60) AS stock`);
  assert.deepEqual(moved, { intents: 0, charges: 0, stock: 0 });
  // Older orders delivered and completed, the last days' on their way; completed ones past their return window.
  const stages = Object.fromEntries((await q(`SELECT status, count(*)::int AS n, bool_and(return_window_ends_at <= now()) AS closed FROM orders WHERE campaign IS NULL GROUP BY 1`)).map((x) => [x.status, x]));
  assert.ok(stages.completed?.n > 30 && stages.completed.closed, JSON.stringify(stages));
  assert.ok(stages.shipped?.n > 0 && stages.paid?.n > 0, JSON.stringify(stages));
  // An ended event's battle report has its curve over its own days.
  const [ended] = await q(`SELECT e.id FROM sale_events e JOIN order_lines l ON l.sale_event_id = e.id WHERE e.status = 'ended' AND e.ends_at < now() - interval '10 days' GROUP BY e.id ORDER BY count(*) DESC LIMIT 1`);
  const report = await battleReport(tp.ctx(), ended.id);
  assert.ok(report.curve.length >= 3 && report.curve.at(-1)!.cumulative > 0, JSON.stringify(report.curve));
});

test('a second start finds data and leaves it alone', async () => {
  assert.deepEqual(await seedDemoIfEmpty(tp.ctx()), { skipped: true });
});

test('a forced re-run adds a second dataset beside the first and still balances', async () => {
  const again = await seedDemo(tp.ctx());
  assert.equal(again.resellers, summary.resellers, 'the same resellers, reused');
  // The seeded resellers, and the people who joined through an invitation link in the first run.
  assert.equal((await listResellers(tp.ctx(), { limit: 200 })).items.length, summary.resellers + summary.settlement.joined);
  // Both datasets together pass one page of orders: count every page.
  assert.equal(await countOrders({}), summary.orders.total + again.orders.total);
  const audit = await auditLedger(tp.ctx());
  assert.deepEqual([audit.unbalancedEntries, audit.total, audit.guardedMismatches], [0, 0, 0]);
  assert.equal((await login(DEMO_LOGINS.resellers[0].phone)).user.role, 'reseller');
});

test('no demo event promises a discount in words: the cards work it out from the prices', () => {
  for (const e of BRANDS.flatMap((b) => b.events)) {
    assert.doesNotMatch(`${e.title} ${e.description}`, /\d+(\.\d+)?\s*折|折起|低至/, e.title);
  }
});
