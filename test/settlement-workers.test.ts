// The orders-complete job settles with several transactions at once (each claims its own batch),
// and two runs of the job may overlap: every order is still completed and settled exactly once,
// every line's pending margin moves to available once, every reward is posted once, and the
// ledger balances. The orders are written in bulk with the columns and paid entries the use cases
// write (as the settlement bench does), so there are enough batches to interleave.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, liveEvent } from './support/fixtures.ts';
import { completeAndSettleOrders } from '../src/flows/settlement.flow.ts';
import { auditLedger } from '../src/modules/ledger/index.ts';
import { currentPolicy, setPolicy } from '../src/modules/resellers/index.ts';

let tp: TestPlatform;
const ORDERS = 400;
const MEMBERS = 40;

const q = async <T = Record<string, string>>(text: string, params: unknown[] = []) => (await tp.database.pool.query(text, params)).rows as T[];

before(async () => {
  tp = await testPlatform();
  const brand = await brandWithLot(tp, { commissionBps: 2000, base: '100.00', sizes: ['S', 'M'] });
  const ev = await liveEvent(tp, brand, { quantity: 50, markup: { minBps: 0, maxBps: 5000, suggestedBps: 2000 } });
  const skus = ev.skus.map((s) => ({ eventSkuId: s.eventSkuId, skuId: s.skuId, saleEventId: ev.id, brandId: brand.brandId }));
  const [{ product_id: productId }] = await q<{ product_id: string }>('SELECT product_id FROM skus WHERE id = $1', [skus[0].skuId]);
  const db = tp.ctx().db;
  // Every invitee's sale earns its inviter's reward (no threshold), whichever batch settles it first.
  const { version: _v, ...policy } = await currentPolicy(tp.ctx());
  await setPolicy(tp.ctx(), { ...policy, invitation: { ...policy.invitation, thresholdSales: 0 } });
  // Members; every third one invited by one of the first five (joined this month: rewards apply).
  await db.execute(sql`
    INSERT INTO resellers (id, name, phone, level, status, share_code, invited_by, membership_expires_at, created_at)
    SELECT 'rsl_w' || i, '代购' || i, '1570000' || lpad(i::text, 4, '0'), 'V1', 'active', 'w' || i,
      CASE WHEN i > 5 AND i % 3 = 0 THEN 'rsl_w' || (i % 5 + 1) END, now() + interval '200 days', now() - interval '10 days'
    FROM generate_series(1, ${MEMBERS}) i`);
  // Storefront orders of two lines (1–3 units each), delivered, their return window over.
  await db.execute(sql`
    INSERT INTO orders (id, kind, reseller_id, consumer_name, consumer_phone, address, status, pay_method, selling_total, base_total, amount_due,
      paid_at, shipped_at, delivered_at, return_window_ends_at, idempotency_key, request_hash, created_at)
    SELECT 'ord_w' || i, 'storefront', 'rsl_w' || (i % ${MEMBERS} + 1), '顾客', '1360000' || lpad(i::text, 4, '0'),
      '{"province":"浙江省","city":"杭州市","district":"西湖区","detail":"文三路 100 号"}'::jsonb, 'delivered', 'provider',
      (q1 + q2) * 12000, (q1 + q2) * 10000, (q1 + q2) * 12000,
      now() - interval '20 days', now() - interval '19 days', now() - interval '18 days', now() - interval '1 minute', 'workers-' || i, 'workers', now() - interval '20 days'
    FROM (SELECT i, 1 + i % 3 AS q1, 1 + (i / 3) % 3 AS q2 FROM generate_series(1, ${ORDERS}) i) g`);
  await db.execute(sql`
    INSERT INTO order_lines (id, order_id, line_no, event_sku_id, sale_event_id, sku_id, product_id, brand_id, quantity, base_price, selling_price, commission_bps, qty_shipped, qty_delivered)
    SELECT 'oln_w' || i || '_' || k, 'ord_w' || i, k, s->>'eventSkuId', s->>'saleEventId', s->>'skuId', ${productId}, s->>'brandId', q, 10000, 12000, 2000, q, q
    FROM (SELECT i, k, CASE k WHEN 1 THEN 1 + i % 3 ELSE 1 + (i / 3) % 3 END AS q, (${JSON.stringify(skus)}::jsonb)->((i + k) % ${skus.length}) AS s
          FROM generate_series(1, ${ORDERS}) i, generate_series(1, 2) k) g`);
  // Each order's paid entry, per line, as postOrderPaid writes it.
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO journal_entries (id, kind, cause_type, cause_id, idempotency_key, currency, memo, line_count)
      SELECT 'jnl_w' || i, 'order_paid', 'order', 'ord_w' || i, 'order-paid:ord_w' || i, 'CNY', '', 8 FROM generate_series(1, ${ORDERS}) i`);
    await tx.execute(sql`
      INSERT INTO journal_lines (entry_id, account, party_id, amount, currency, order_line_id)
      SELECT 'jnl_w' || substr(l.order_id, 6), v.account, v.party, v.amount, 'CNY', l.id
      FROM order_lines l JOIN orders o ON o.id = l.order_id
      CROSS JOIN LATERAL (VALUES
        ('provider_cash', '', l.quantity * l.selling_price),
        ('brand_payable', l.brand_id, -(l.quantity * l.base_price * 8 / 10)),
        ('platform_commission', '', -(l.quantity * l.base_price * 2 / 10)),
        ('reseller_margin_pending', o.reseller_id, -(l.quantity * (l.selling_price - l.base_price)))) v(account, party, amount)
      WHERE l.id LIKE 'oln_w%'`);
  });
});

after(async () => { await tp?.close(); });

test('two overlapping runs of the job, with several workers each, settle every order exactly once and the books stay exact', async () => {
  const [{ margin, units }] = await q<{ margin: string; units: string }>(`SELECT sum(quantity * (selling_price - base_price))::text AS margin, sum(quantity)::text AS units FROM order_lines WHERE id LIKE 'oln_w%'`);
  const runs = await Promise.all([
    completeAndSettleOrders(tp.ctx(), { batch: 15, workers: 3, maxBatches: 1000 }),
    completeAndSettleOrders(tp.ctx(), { batch: 20, workers: 2, maxBatches: 1000 }),
  ]);
  assert.equal(runs[0].orders + runs[1].orders, ORDERS, JSON.stringify(runs));
  assert.equal(runs[0].lines + runs[1].lines, 2 * ORDERS);
  // Once more: nothing is left.
  assert.deepEqual(await completeAndSettleOrders(tp.ctx(), { workers: 2 }), { orders: 0, lines: 0, rewards: 0 });

  const [o] = await q(`SELECT count(*) FILTER (WHERE status = 'completed')::text AS completed, (SELECT count(*) FROM order_settlements WHERE order_id LIKE 'ord_w%')::text AS settled FROM orders WHERE id LIKE 'ord_w%'`);
  assert.deepEqual(o, { completed: String(ORDERS), settled: String(ORDERS) });
  const [ls] = await q(`SELECT count(*)::text AS n, sum(units)::text AS units, sum(margin)::text AS margin FROM line_settlements WHERE order_line_id LIKE 'oln_w%'`);
  assert.deepEqual(ls, { n: String(2 * ORDERS), units, margin });
  // Every line's pending margin moved once: nothing pending, exactly the margins available, each by its line.
  const [m] = await q(`
    SELECT coalesce(sum(amount) FILTER (WHERE account = 'reseller_margin_pending'), 0)::text AS pending,
           (-coalesce(sum(amount) FILTER (WHERE account = 'reseller_margin_available'), 0))::text AS available,
           count(*) FILTER (WHERE account = 'reseller_margin_available')::text AS moves
    FROM journal_lines WHERE order_line_id LIKE 'oln_w%'`);
  assert.deepEqual(m, { pending: '0', available: margin, moves: String(2 * ORDERS) });
  // One invitation reward per line an invitee sold (no threshold), each on the ledger once.
  const [w] = await q(`SELECT count(*)::text AS n, coalesce(sum(amount), 0)::text AS earned FROM rewards WHERE order_line_id LIKE 'oln_w%'`);
  const [inv] = await q(`SELECT count(*)::text AS n FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN resellers r ON r.id = o.reseller_id WHERE l.id LIKE 'oln_w%' AND r.invited_by IS NOT NULL`);
  assert.ok(Number(inv.n) > 0);
  assert.equal(w.n, inv.n);
  assert.equal(runs[0].rewards + runs[1].rewards, Number(w.n));
  const [e] = await q(`SELECT coalesce(sum(amount), 0)::text AS expense FROM journal_lines WHERE account = 'reward_expense'`);
  assert.equal(e.expense, w.earned);
  const audit = await auditLedger(tp.ctx());
  assert.equal(audit.unbalancedEntries, 0);
  assert.equal(audit.total, 0);
});
