// Orders written and read a batch at a time, for a hot path that must do its whole work in one
// statement (the flash desk): each function returns a drizzle `sql` fragment the caller composes
// into its statement, so the orders module still writes its own tables.
//
// The column list and the defaults come from orders.tables.ts, as insertOrder's (a drizzle insert)
// do: a column the batch does not give is left to the table's default (order_no, created_at, the
// line's qty_* counts, …), a NOT NULL column without a default must be given (the type says so,
// and the statement is refused before it is sent), and a column whose default is computed in
// JavaScript ($defaultFn) must be given too, since raw SQL would not compute it. A new column is
// declared once, in the table, and both write paths follow.
import crypto from 'node:crypto';
import { Column, getTableColumns, getTableName, is, sql, Param, SQL, StringChunk, type SQLChunk, type Table } from 'drizzle-orm';
import { orders, orderLines } from './orders.tables.ts';
import type { OrderKind } from './orders.rules.ts';

/** One value per row of the batch, in row order (every per-row column of a batch has the same length). */
export class EachRow<T> {
  constructor(readonly values: readonly T[]) {}
}
export function eachRow<T>(values: readonly T[]): EachRow<T> {
  return new EachRow(values);
}

/** A batch of rows of a table: per column, values row by row (eachRow), one value for every row, or an SQL expression. */
export type Batch<R> = { [K in keyof R]: EachRow<R[K]> | R[K] | SQL };

export type OrderInsert = typeof orders.$inferInsert;
export type OrderLineInsert = typeof orderLines.$inferInsert;

interface ColumnInfo { key: string; column: Column; name: string; type: string; mapped: boolean }
const columnsOf = new Map<Table, ColumnInfo[]>();
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

function columnInfo(table: Table): ColumnInfo[] {
  let cols = columnsOf.get(table);
  if (!cols) {
    cols = Object.entries(getTableColumns(table) as Record<string, Column>).map(([key, column]) => ({
      key, column, name: quoted(column.name), type: column.getSQLType(),
      // Most columns hand their values to the driver as they are (text, integers): no copy of their lists.
      mapped: column.mapToDriverValue !== Column.prototype.mapToDriverValue,
    }));
    columnsOf.set(table, cols);
  }
  return cols;
}

/**
 * `INSERT INTO <table> (<given columns>) SELECT … FROM unnest(<per-row arrays>) WHERE <when>`:
 * the rows of a batch in one statement. Values go through the columns' own driver mapping (jsonb
 * is serialised as insertOrder's insert serialises it) and are cast to the columns' types. Built
 * as one flat fragment (text and parameters): this runs on the flash desk's hot path, and drizzle
 * renders a fragment nested per column several times slower.
 */
function insertBatch<R>(table: Table, batch: Batch<R>, when: SQL, returning = ''): SQL {
  const given = batch as Record<string, unknown>;
  const names: string[] = [];
  const select: (string | Bound | Param | SQL)[] = [];
  const arrays: (string | Param)[] = [];
  // A per-row list given for two columns (selling total and amount due, say) is sent once.
  const aliasOf = new Map<EachRow<unknown>, string>();
  let rows: number | undefined;
  for (const { key, column, name, type, mapped } of columnInfo(table)) {
    const v = given[key];
    if (v === undefined) {
      const where = `${getTableName(table)}.${column.name}`;
      if (column.defaultFn || column.onUpdateFn) throw new Error(`${where}: its default is computed in JavaScript, so a batch must give it`);
      if (column.notNull && !column.hasDefault) throw new Error(`${where} is NOT NULL without a default, so a batch must give it`);
      continue;
    }
    names.push(name);
    if (select.length) select.push(', ');
    if (v instanceof EachRow) {
      if (rows === undefined) rows = v.values.length;
      else if (v.values.length !== rows) throw new Error(`${getTableName(table)}.${column.name}: ${v.values.length} values for ${rows} rows`);
      let alias = aliasOf.get(v);
      if (!alias) {
        alias = `c${aliasOf.size}`;
        aliasOf.set(v, alias);
        if (arrays.length) arrays.push(', ');
        arrays.push(new Param(mapped ? v.values.map((x) => (x === null ? null : column.mapToDriverValue(x))) : v.values), `::${type}[]`);
      }
      select.push(alias);
    } else if (is(v, SQL)) {
      select.push(v);
    } else {
      // A plain string or number is a parameter to drizzle as it is (and cheaper to render than a Param).
      const value = v === null ? null : mapped ? column.mapToDriverValue(v) : v;
      select.push(typeof value === 'string' || typeof value === 'number' ? new Bound(value) : new Param(value), `::${type}`);
    }
  }
  if (aliasOf.size === 0) throw new Error(`a batch of ${getTableName(table)} needs at least one column given row by row`);
  return flat([
    `INSERT INTO ${quoted(getTableName(table))} (${names.join(', ')}) SELECT `, ...select, ' FROM unnest(', ...arrays,
    `) AS x(${[...aliasOf.values()].join(', ')}) WHERE `, when, returning ? ` RETURNING ${returning}` : '',
  ]);
}

/** A plain string or number bound as a parameter: drizzle takes one as it is, and renders it faster than a Param. */
class Bound {
  constructor(readonly value: string | number) {}
}

/** One fragment of text and parameters, adjacent texts merged (drizzle renders each chunk through a chain of type checks). */
function flat(parts: (string | Bound | Param | SQL)[]): SQL {
  const chunks: unknown[] = [];
  let text = '';
  for (const p of parts) {
    if (typeof p === 'string') { text += p; continue; }
    if (text) chunks.push(new StringChunk(text));
    text = '';
    chunks.push(p instanceof Bound ? p.value : p);
  }
  if (text) chunks.push(new StringChunk(text));
  return new SQL(chunks as SQLChunk[]);
}

/**
 * Two common table expressions inserting a batch of orders and their lines, written only when
 * `when` holds (e.g. a version gate of the caller's): `<name>` inserts the orders and returns
 * their `id, order_no` (the number is the column's default); `<name>_lines` inserts the lines.
 * Compose them into one statement: sql`WITH …, ${insertOrdersCtes('o', …)} SELECT … FROM o`.
 */
export function insertOrdersCtes(name: string, batch: { when: SQL; orders: Batch<OrderInsert>; lines: Batch<OrderLineInsert>; wholeRows?: boolean }): SQL {
  const o = sql.identifier(name);
  const l = sql.identifier(`${name}_lines`);
  // wholeRows: `<name>` returns the orders as stored (every column), for orderRowsFromJson.
  const returning = batch.wholeRows ? '*' : `${quoted(orders.id.name)}, ${quoted(orders.orderNo.name)}`;
  return sql`${o} AS (${insertBatch(orders, batch.orders, batch.when, returning)}),
    ${l} AS (${insertBatch(orderLines, batch.lines, batch.when)})`;
}

/** New order lines (newOrderLines) as a batch for insertOrdersCtes: every column they are written with, row by row. */
export function linesBatch(lines: readonly OrderLineInsert[]): Batch<OrderLineInsert> {
  const line = <T>(f: (l: OrderLineInsert) => T) => eachRow(lines.map(f));
  return {
    id: line((l) => l.id), orderId: line((l) => l.orderId), lineNo: line((l) => l.lineNo), eventSkuId: line((l) => l.eventSkuId),
    saleEventId: line((l) => l.saleEventId), skuId: line((l) => l.skuId), productId: line((l) => l.productId), brandId: line((l) => l.brandId),
    quantity: line((l) => l.quantity), basePrice: line((l) => l.basePrice), sellingPrice: line((l) => l.sellingPrice),
    commissionBps: line((l) => l.commissionBps), currency: line((l) => l.currency),
  };
}

/** Orders as `row_to_json` gives them (from insertOrdersCtes' `wholeRows`), as the orders table's rows: each column through its own driver mapping. */
export function orderRowsFromJson(rows: Record<string, unknown>[]): (typeof orders.$inferSelect)[] {
  const cols = columnInfo(orders);
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const { key, column } of cols) {
      const v = r[column.name];
      if (v === undefined) throw new Error(`orders.${column.name} missing from an order row`);
      out[key] = v === null ? null : column.mapFromDriverValue(v);
    }
    return out as typeof orders.$inferSelect;
  });
}

/** What a lookup token is stored as (orders.lookup_token_hash): its sha256, hex. */
export function lookupTokenHash(token: string): string {
  return crypto.hash('sha256', token);
}

/** An order found under a reseller's idempotency key, as ordersByKeysSql returns it (raw JSON). */
export interface KeyedOrder {
  id: string; order_no: string; reseller_id: string; idempotency_key: string; request_hash: string; status: string;
  amount_due: number; currency: string; hold_expires_at: string | null; quantity: number;
}

/**
 * A scalar subquery: the orders of `kind` already placed under these (reseller, idempotency key)
 * pairs, as a JSON array of KeyedOrder (NULL when none), for a batch's replays in the caller's
 * read. One probe of the idempotency key's unique index per pair: as a plain join, a batch of
 * hundreds made the planner hash-join against a scan of every order instead.
 */
export function ordersByKeysSql(kind: OrderKind, keys: { resellerId: string; key: string }[]): SQL {
  return sql`(SELECT json_agg(json_build_object('id', o.id, 'order_no', o.order_no, 'reseller_id', o.reseller_id, 'idempotency_key', o.idempotency_key,
                                'request_hash', o.request_hash, 'status', o.status, 'amount_due', o.amount_due, 'currency', o.currency,
                                'hold_expires_at', o.hold_expires_at, 'quantity', (SELECT sum(quantity) FROM order_lines l WHERE l.order_id = o.id)))
    FROM unnest(${sql.param(keys.map((k) => k.resellerId))}::text[], ${sql.param(keys.map((k) => k.key))}::text[]) AS k(reseller_id, key)
    CROSS JOIN LATERAL (SELECT * FROM orders o WHERE o.reseller_id = k.reseller_id AND o.kind = ${kind} AND o.idempotency_key = k.key LIMIT 1) o)`;
}
