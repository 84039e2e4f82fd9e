// Sale events read inside another module's single statement, for a hot path that must do its whole
// work in one (the flash desk): drizzle `sql` fragments the caller composes, so what "on sale now"
// means and which columns an event SKU carries are written here, beside the tables.
import { sql, type SQL } from 'drizzle-orm';

/**
 * A boolean expression: the sale event `saleEventId` names is on sale at the statement's clock
 * (scheduled or live, started, not ended) — allOnSale's rule, for one event inside a statement.
 */
export function onSaleNowSql(saleEventId: SQL | string): SQL {
  return sql`EXISTS (SELECT 1 FROM sale_events e WHERE e.id = ${saleEventId} AND e.status IN ('scheduled','live') AND e.starts_at <= now() AND e.ends_at > now())`;
}

/**
 * A subquery for a LATERAL join: the event SKU `eventSkuId` names, as an order line needs it —
 * `sku_id, product_id, brand_id` and its event's `commission_bps`. One row, or none.
 */
export function eventSkuHeadSql(eventSkuId: SQL | string): SQL {
  return sql`SELECT s.sku_id, s.product_id, s.brand_id, e.commission_bps FROM sale_event_skus s JOIN sale_events e ON e.id = s.sale_event_id WHERE s.id = ${eventSkuId}`;
}
