// settlement: settling order lines after their return window, closing the brands' month, and the
// monthly review — at the scale the issue asks for, on a real PostgreSQL.
//
// 1. Builds a platform through the use cases (three brands, their lots and a live event each),
//    then — in bulk SQL, with the same columns and ledger entries the use cases write — BENCH_MEMBERS
//    members (default 100,000; one in ten invited by one of the first thousand) and orders of two
//    lines each until there are BENCH_LINES order lines (default 1,000,000): three in five sold
//    through the storefront (margin pending), the rest placed by the reseller; all paid last month,
//    delivered, their return window over. Each paid order has its `order-paid:` entry per line
//    (provider cash, brand payable, commission, pending margin), as orders.postOrderPaid writes it.
// 2. settleMs: the orders-complete job as it runs (completeAndSettleOrders: a batch of orders per
//    transaction, two transactions at a time, completed and settled — line settlements, rewards,
//    one ledger entry per batch).
//    baselineMs: the floor any settlement pays — one set-based statement that reads every line's
//    held pending margin and brand payable and writes one row per line to an unlogged table.
// 3. statementsMs: closing the month's statements for the brands (the lines backdated a month).
// 4. reviewMs: the monthly review preview over every member; reviewBaselineMs: the plain
//    aggregate of last month's sales per member it cannot avoid.
// Own embedded PostgreSQL in a temp dir unless BENCH_DATABASE_URL names an admin URL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { runMigrations } from '../src/platform/database.ts';
import { benchDatabase, postgresSeconds } from './lib/database.ts';
import { systemContext } from '../src/main.ts';
import { signBrand } from '../src/modules/brands/index.ts';
import { importLot, listProducts } from '../src/modules/catalog/index.ts';
import { createSaleEvent, scheduleSaleEvent } from '../src/modules/sale-events/index.ts';
import { previewReview } from '../src/modules/resellers/index.ts';
import { closeBrandStatements } from '../src/modules/settlement/index.ts';
import { completeAndSettleOrders } from '../src/flows/settlement.flow.ts';
import { previousShanghaiMonth, shanghaiMonthSpan } from '../src/platform/time.ts';

const LINES = Math.max(1000, Number(process.env.BENCH_LINES ?? 1_000_000));
const MEMBERS = Math.max(1000, Number(process.env.BENCH_MEMBERS ?? 100_000));
const BATCH = Math.max(10, Number(process.env.BENCH_SETTLE_BATCH ?? 500));
const log = (msg: string) => process.stderr.write(`[settlement ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function timed<T>(fn: () => Promise<T>, postmasterPid: number | null = null): Promise<{ ms: number; appCpuMs: number; pgCpuMs: number | null; result: T }> {
  const pg0 = postgresSeconds(postmasterPid);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, appCpuMs: (cpu.user + cpu.system) / 1000, pgCpuMs: pg0 === null ? null : (postgresSeconds(postmasterPid)! - pg0) * 1000, result };
}

export async function run(): Promise<object> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'st-settle-bench-'));
  const db = await benchDatabase(tmp);
  await runMigrations(db.url);
  const { ctx, close } = systemContext(db.url, 4);
  try {
    log(`building: ${MEMBERS} members, ${LINES} order lines (${db.mode})`);
    // Three brands, each with a two-SKU lot and a live event, through the use cases.
    const skus: { brandId: string; saleEventId: string; eventSkuId: string; skuId: string; productId: string }[] = [];
    for (let b = 0; b < 3; b++) {
      const brand = await signBrand(ctx, { name: `结算品牌${b}`, category: '女装', contract: { commissionBps: 2000 } });
      const csv = `spu_code,product_name,category,colour,size,sku_code,barcode,tag_price,base_price,quantity,image_urls\nST${b},羊绒大衣,女装,驼色,M,ST-${b}-M,,599.00,100.00,100000,\nST${b},羊绒大衣,女装,驼色,L,ST-${b}-L,,599.00,100.00,100000,\n`;
      await importLot(ctx, { brandId: brand.id, fileName: 'lot.csv', content: Buffer.from(csv) });
      const ids = (await listProducts(ctx, { brandId: brand.id, limit: 10 })).items.flatMap((p) => p.skus.map((s) => ({ skuId: s.id, productId: p.id })));
      const now = Date.now();
      const draft = await createSaleEvent(ctx, { brandId: brand.id, title: `结算专场${b}`, startsAt: new Date(now - 60_000), endsAt: new Date(now + 86_400_000), markup: { minBps: 0, maxBps: 5000, suggestedBps: 2000 }, items: ids.map((s) => ({ skuId: s.skuId, quantity: 100000 })) });
      const ev = await scheduleSaleEvent(ctx, draft.id);
      for (const s of ev.skus) skus.push({ brandId: brand.id, saleEventId: ev.id, eventSkuId: s.eventSkuId, skuId: s.skuId, productId: ids.find((x) => x.skuId === s.skuId)!.productId });
    }
    const month = previousShanghaiMonth();
    const span = shanghaiMonthSpan(month);
    const orders = Math.ceil(LINES / 2);
    const t0 = performance.now();
    await ctx.db.execute(sql`
      INSERT INTO resellers (id, name, phone, level, status, share_code, invited_by, membership_expires_at, created_at)
      SELECT 'rsl_b' || i, '代购' || i, '15' || lpad(i::text, 9, '0'), 'V1', 'active', 'b' || i,
        CASE WHEN i > 1000 AND i % 10 = 0 THEN 'rsl_b' || (i % 1000 + 1) END, now() + interval '200 days', now() - interval '120 days'
      FROM generate_series(1, ${MEMBERS}) i`);
    const skuJson = JSON.stringify(skus);
    // Orders of two lines (each line 1–3 units of one of the six SKUs), paid across last month.
    await ctx.db.execute(sql`
      INSERT INTO orders (id, kind, reseller_id, consumer_name, consumer_phone, address, status, pay_method, selling_total, base_total, amount_due,
        paid_at, shipped_at, delivered_at, return_window_ends_at, idempotency_key, request_hash, created_at)
      SELECT 'ord_b' || i, CASE WHEN i % 5 < 3 THEN 'storefront' ELSE 'reseller' END, 'rsl_b' || (i % ${MEMBERS} + 1), '顾客', '13' || lpad(i::text, 9, '0'),
        '{"province":"浙江省","city":"杭州市","district":"西湖区","detail":"文三路 100 号"}'::jsonb, 'delivered', 'provider',
        (q1 + q2) * 12000, (q1 + q2) * 10000, CASE WHEN i % 5 < 3 THEN (q1 + q2) * 12000 ELSE (q1 + q2) * 10000 END,
        ${span.start.toISOString()}::timestamptz + (i::float / ${orders}) * (${span.end.toISOString()}::timestamptz - ${span.start.toISOString()}::timestamptz),
        now() - interval '9 days', now() - interval '8 days', now() - interval '1 minute', 'bench-' || i, 'bench', now() - interval '10 days'
      FROM (SELECT i, 1 + i % 3 AS q1, 1 + (i / 3) % 3 AS q2 FROM generate_series(1, ${orders}) i) g`);
    await ctx.db.execute(sql`
      INSERT INTO order_lines (id, order_id, line_no, event_sku_id, sale_event_id, sku_id, product_id, brand_id, quantity, base_price, selling_price, commission_bps, qty_shipped, qty_delivered)
      SELECT 'oln_b' || i || '_' || k, 'ord_b' || i, k, s->>'eventSkuId', s->>'saleEventId', s->>'skuId', s->>'productId', s->>'brandId', q, 10000, 12000, 2000, q, q
      FROM (SELECT i, k, CASE k WHEN 1 THEN 1 + i % 3 ELSE 1 + (i / 3) % 3 END AS q, (${skuJson}::jsonb)->((i + k) % 6) AS s
            FROM generate_series(1, ${orders}) i, generate_series(1, 2) k) g`);
    // Each order's paid entry, per line, as postOrderPaid writes it (entries and lines in one transaction: checked at commit).
    await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO journal_entries (id, kind, cause_type, cause_id, idempotency_key, currency, memo, line_count, created_at)
      SELECT 'jnl_b' || i, 'order_paid', 'order', 'ord_b' || i, 'order-paid:ord_b' || i, 'CNY', '', CASE WHEN i % 5 < 3 THEN 8 ELSE 6 END, ${span.start.toISOString()}::timestamptz
      FROM generate_series(1, ${orders}) i`);
    await tx.execute(sql`
      INSERT INTO journal_lines (entry_id, account, party_id, amount, currency, order_line_id)
      SELECT 'jnl_b' || substr(l.order_id, 6), v.account, v.party, v.amount, 'CNY', l.id
      FROM order_lines l JOIN orders o ON o.id = l.order_id
      CROSS JOIN LATERAL (VALUES
        ('provider_cash', '', l.quantity * CASE WHEN o.kind = 'storefront' THEN l.selling_price ELSE l.base_price END),
        ('brand_payable', l.brand_id, -(l.quantity * l.base_price * 8 / 10)),
        ('platform_commission', '', -(l.quantity * l.base_price * 2 / 10)),
        ('reseller_margin_pending', o.reseller_id, CASE WHEN o.kind = 'storefront' THEN -(l.quantity * (l.selling_price - l.base_price)) ELSE 0 END)) v(account, party, amount)
      WHERE l.id LIKE 'oln_b%' AND v.amount <> 0`);
    });
    await ctx.db.execute(sql`ANALYZE`);
    const buildMs = performance.now() - t0;
    log(`built in ${round(buildMs / 1000)} s`);

    // The floor: read what settlement needs for every line, write one row per line.
    const base = await timed(async () => {
      await ctx.db.execute(sql`CREATE UNLOGGED TABLE bench_floor AS
        SELECT l.id, o.reseller_id, h.margin, h.brand FROM orders o JOIN order_lines l ON l.order_id = o.id
        LEFT JOIN LATERAL (SELECT -sum(j.amount) FILTER (WHERE j.account = 'reseller_margin_pending') AS margin, -sum(j.amount) FILTER (WHERE j.account = 'brand_payable') AS brand
          FROM journal_lines j WHERE j.order_line_id = l.id) h ON true
        WHERE o.status = 'delivered' AND o.return_window_ends_at <= now()`);
    });
    log(`baseline ${round(base.ms)} ms`);
    const settle = await timed(() => completeAndSettleOrders(ctx, { batch: BATCH, maxBatches: Number.MAX_SAFE_INTEGER }), db.postmasterPid);
    log(`settled ${settle.result.lines} lines, ${settle.result.rewards} rewards in ${round(settle.ms)} ms`);
    const check = (await ctx.db.execute<{ pending: string; unbalanced: number }>(sql`
      SELECT (SELECT coalesce(sum(amount), 0) FROM journal_lines WHERE account = 'reseller_margin_pending')::text AS pending,
        (SELECT count(*) FROM (SELECT entry_id FROM journal_lines GROUP BY entry_id HAVING sum(amount) <> 0) x)::int AS unbalanced`)).rows[0];
    // Statements: the lines count as settled last month.
    await ctx.db.execute(sql`UPDATE line_settlements SET settled_at = ${new Date(span.start.getTime() + 86_400_000).toISOString()}::timestamptz`);
    const statements = await timed(() => closeBrandStatements(ctx, month));
    log(`statements ${round(statements.ms)} ms`);
    const reviewBase = await timed(() => ctx.db.execute(sql`
      SELECT o.reseller_id, sum((l.quantity - l.qty_refunded)::bigint * l.selling_price) FROM orders o JOIN order_lines l ON l.order_id = o.id
      WHERE o.paid_at >= ${span.start.toISOString()}::timestamptz AND o.paid_at < ${span.end.toISOString()}::timestamptz GROUP BY 1`));
    const review = await timed(() => previewReview(ctx, month));
    log(`review ${round(review.ms)} ms (${review.result.members} members, ${review.result.flagged} flagged)`);
    const lines = settle.result.lines;
    return {
      bench: 'settlement', ok: lines === orders * 2 && Number(check.pending) === 0 && check.unbalanced === 0,
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', database: db.mode },
      orderLines: lines, orders: settle.result.orders, rewards: settle.result.rewards, members: review.result.members, flagged: review.result.flagged,
      settleMs: round(settle.ms, 0), baselineMs: round(base.ms, 0), ratio: round(settle.ms / base.ms, 2),
      settleCpuPerLineUs: { app: round((settle.appCpuMs * 1000) / lines, 1), postgres: settle.pgCpuMs === null ? null : round((settle.pgCpuMs * 1000) / lines, 1) },
      linesPerSecond: round(lines / (settle.ms / 1000), 0),
      statementsMs: round(statements.ms, 0), statementsClosed: statements.result.closed,
      reviewMs: round(review.ms, 0), reviewBaselineMs: round(reviewBase.ms, 0), reviewRatio: round(review.ms / reviewBase.ms, 2),
      target: { settleUnderMs: 60_000, met: settle.ms < 60_000 },
      pendingLeft: Number(check.pending), unbalancedEntries: check.unbalanced, buildMs: round(buildMs, 0),
    };
  } finally {
    await close();
    await db.cleanup();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
