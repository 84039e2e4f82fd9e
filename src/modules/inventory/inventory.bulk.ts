// Stock moved for a whole batch of orders at once, for a hot path that must do its work in one
// statement (the flash desk): drizzle `sql` fragments the caller composes into its statement, so
// the inventory module still writes its own tables.
import { sql, type SQL } from 'drizzle-orm';

/**
 * Two common table expressions holding units of one event SKU for a batch of order lines, when
 * `when` holds: `<name>` moves their total from available to held in the pool (returning the
 * pool's row when it did), `<name>_movement` records one `hold` movement per order line, naming
 * its order and line. Not guarded on purpose: the caller has judged the stock, and the pool's
 * CHECK (available ≥ 0) fails the whole statement if it judged wrong, so a batch never oversells.
 */
export function holdStockCtes(name: string, hold: { eventSkuId: string; lines: { orderId: string; orderLineId: string; quantity: number }[]; when: SQL }): SQL {
  const p = sql.identifier(name);
  const total = hold.lines.reduce((a, l) => a + l.quantity, 0);
  const col = <T>(f: (l: (typeof hold.lines)[number]) => T) => sql.param(hold.lines.map(f));
  return sql`${p} AS (
      UPDATE pools SET available = available - ${total}, held = held + ${total}
      WHERE event_sku_id = ${hold.eventSkuId} AND ${hold.when} RETURNING event_sku_id
    ), ${sql.identifier(`${name}_movement`)} AS (
      INSERT INTO stock_movements (event_sku_id, order_id, order_line_id, kind, quantity)
      SELECT ${p}.event_sku_id, x.order_id, x.order_line_id, 'hold', x.quantity
      FROM ${p}, unnest(${col((l) => l.orderId)}::text[], ${col((l) => l.orderLineId)}::text[], ${col((l) => l.quantity)}::int[]) AS x(order_id, order_line_id, quantity)
    )`;
}

/** A scalar subquery: the units available now in the pool of the event SKU `eventSkuId` names (NULL without a pool). */
export function availableSql(eventSkuId: SQL): SQL {
  return sql`(SELECT available FROM pools WHERE event_sku_id = ${eventSkuId})`;
}
