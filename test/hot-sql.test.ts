// The hot path's own rendering of SQL (platform/database.ts renderPlain) gives exactly the text and
// parameters drizzle's dialect gives, for the chunks statements are made of and for the modules'
// batch fragments the order desk sends; anything else is left to drizzle (null). Array parameters are
// written exactly as pg writes them; response payloads lose their Dates. No database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { renderPlain, arrayLiteral } from '../src/platform/database.ts';
import { jsonable } from '../src/platform/http.ts';
// @ts-expect-error pg's own value preparation (no types published for pg/lib)
import pgUtils from 'pg/lib/utils.js';
import { entriesBatch } from '../src/modules/ledger/index.ts';
import { takeStockBatch } from '../src/modules/inventory/index.ts';
import { bindOnPaidCte } from '../src/modules/sharing/index.ts';
import { orders } from '../src/modules/orders/orders.tables.ts';

const dialect = new PgDialect();
const same = (q: SQL) => {
  const mine = renderPlain(q);
  assert.ok(mine, 'rendered without drizzle');
  const theirs = dialect.sqlToQuery(q);
  assert.deepEqual(mine, { sql: theirs.sql, params: theirs.params });
};

test('text, nested fragments, parameters, identifiers, lists and plain values render as drizzle renders them', () => {
  const at = new Date('2026-12-05T10:00:00Z');
  const inner = sql`x = ${sql.param(['a', 'b'])}::text[] AND y = ${42} AND z IS ${null}`;
  same(sql`SELECT ${sql.identifier('we"ird')}, ${sql.raw('1 + 1')} FROM t WHERE ${inner} AND w IN ${[1, 2, 3]} AND at < ${at} AND ok = ${true}`);
  same(sql`SELECT ${sql.join([sql`a`, sql`${'b'}`, sql.empty()], sql`, `)}, ${sql.param(null)}, ${sql.param({ k: 1 })}::jsonb, ${'it\'s'}`);
  same(sql`${sql.param([1, 2])}::int[]${undefined}`);
});

test('the batch fragments the order desk writes with render as drizzle renders them', () => {
  const when = sql`EXISTS (SELECT 1 FROM g)`;
  const ledger = entriesBatch([
    { kind: 'order_paid', causeType: 'order', causeId: 'ord_1', idempotencyKey: 'k1', currency: 'CNY', lines: [{ account: 'reseller_wallet', partyId: 'rsl_1', amount: 100 }, { account: 'brand_payable', partyId: 'brd_1', amount: -100 }] },
    { kind: 'order_paid', causeType: 'order', causeId: 'ord_2', idempotencyKey: 'k2', currency: 'CNY', memo: '备注', lines: [{ account: 'reseller_wallet', partyId: 'rsl_2', amount: 250, orderLineId: 'oln_2' }, { account: 'brand_payable', partyId: 'brd_1', amount: -250 }] },
  ]);
  same(sql`WITH g AS (SELECT 1 WHERE ${ledger.gate}), ${ledger.ctes('e', when)} SELECT 1`);
  const stock = takeStockBatch([
    { eventSkuId: 'esk_b', quantity: 2, orderId: 'ord_1', orderLineId: 'oln_1' },
    { eventSkuId: 'esk_a', quantity: 1, orderId: 'ord_2', orderLineId: 'oln_2' },
  ], 'sell');
  same(sql`WITH g AS (SELECT 1 WHERE ${stock.gate}), ${stock.ctes('s', when)} SELECT 1`);
  const bind = bindOnPaidCte('b', 30, [{ id: 'ord_1', resellerId: 'rsl_1', consumerPhone: '13800000001' }], when);
  assert.ok(bind);
  same(sql`WITH ${bind} SELECT 1`);
});

test('a statement naming a table or a column is left to drizzle', () => {
  assert.equal(renderPlain(sql`SELECT ${orders.id} FROM ${orders}`), null);
  assert.equal(renderPlain(sql`SELECT 1 FROM x WHERE y = ${sql.placeholder('p')}`), null);
});

test('array parameters are written exactly as pg writes them, quotes, backslashes, nulls, nesting and all', () => {
  const pgLiteral = (v: unknown[]) => (pgUtils as { prepareValue(v: unknown): string }).prepareValue(v);
  const cases: unknown[][] = [
    [], [''], ['a', 'b"c', 'd\\e', '\\"', '""', '\\\\'], [null, undefined, 'NULL', 'null'], ['{}', ',', '{a,b}', ' x ', '\t\n'],
    ['张三', 'é', '🙂', '{"province":"上海市","detail":"世纪大道88号 \\"12楼\\""}'],
    [1, -3, 2.5, 0, -0, 1e21, Number.NaN, Number.POSITIVE_INFINITY], [[1, 2], [null, 'q"'], [[]]],
    [true, false, new Date('2026-12-07T04:00:00.123Z'), { a: '"x', b: [1] }, Buffer.from('hi'), new Uint8Array([1, 2]), 10n],
  ];
  for (const c of cases) assert.equal(arrayLiteral(c), pgLiteral(c), JSON.stringify(c, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));
  // The order desk's columns: ids, names, JSON addresses, amounts.
  const col = Array.from({ length: 50 }, (_, i) => (i % 7 === 0 ? null : i % 3 === 0 ? i * 100 : `ord_${i}"\\${'x'.repeat(i)}`));
  assert.equal(arrayLiteral(col), pgLiteral(col));
});

test('a response payload loses its Dates and keeps everything else, copying only what held one', () => {
  const at = new Date('2026-12-07T04:00:00.000Z');
  const untouched = { id: 'ord_1', lines: [{ q: 1 }], n: null };
  assert.equal(jsonable(untouched), untouched, 'nothing to change: the same object');
  const lines = [{ q: 1 }, { q: 2, at }];
  const payload = { order: { id: 'ord_1', paidAt: at, lines, none: null, tags: ['a'] }, total: 3 };
  const out = jsonable(payload) as typeof payload;
  assert.deepEqual(out, { order: { id: 'ord_1', paidAt: '2026-12-07T04:00:00.000Z', lines: [{ q: 1 }, { q: 2, at: '2026-12-07T04:00:00.000Z' }], none: null, tags: ['a'] }, total: 3 });
  assert.equal(payload.order.paidAt, at, 'the payload itself is left as it was');
  assert.equal(lines[1].at, at);
  assert.equal(out.order.lines[0], lines[0], 'a line without a Date is not copied');
  assert.equal(out.order.tags, payload.order.tags);
  assert.deepEqual(jsonable([at]), ['2026-12-07T04:00:00.000Z']);
});
