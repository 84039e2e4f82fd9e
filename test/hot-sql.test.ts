// The hot path's own rendering of SQL (platform/database.ts renderPlain) gives exactly the text and
// parameters drizzle's dialect gives, for the chunks statements are made of and for the modules'
// batch fragments the order desk sends; anything else is left to drizzle (null). No database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { renderPlain } from '../src/platform/database.ts';
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
