// Stock moved for a whole batch of orders at once, for a hot path that must do its work in one
// statement (the flash desk): drizzle `sql` fragments the caller composes into its statement, so
// the inventory module still writes its own tables.
import { sql, type SQL } from 'drizzle-orm';

/**
 * Two common table expressions holding `quantity` units of one event SKU for a batch, when `when`
 * holds: `<name>` moves them from available to held in the pool (returning the pool's row when it
 * did), `<name>_movement` records one `hold` movement for the batch (no order id: the caller
 * records each order's share, e.g. in its claim rows). Not guarded on purpose: the caller has
 * judged the stock, and the pool's CHECK (available ≥ 0) fails the whole statement if it judged
 * wrong, so a batch never oversells.
 */
export function holdStockCtes(name: string, hold: { eventSkuId: string; quantity: number; when: SQL }): SQL {
  const p = sql.identifier(name);
  return sql`${p} AS (
      UPDATE pools SET available = available - ${hold.quantity}, held = held + ${hold.quantity}
      WHERE event_sku_id = ${hold.eventSkuId} AND ${hold.when} RETURNING event_sku_id
    ), ${sql.identifier(`${name}_movement`)} AS (
      INSERT INTO stock_movements (event_sku_id, order_id, kind, quantity) SELECT event_sku_id, NULL, 'hold', ${hold.quantity}::int FROM ${p}
    )`;
}

/** A scalar subquery: the units available now in the pool of the event SKU `eventSkuId` names (NULL without a pool). */
export function availableSql(eventSkuId: SQL): SQL {
  return sql`(SELECT available FROM pools WHERE event_sku_id = ${eventSkuId})`;
}
