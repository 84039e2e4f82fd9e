// Resellers' prices read inside another module's single statement, for a hot path that must do its
// whole work in one (the order desk): drizzle `sql` fragments the caller composes.
import { sql, type SQL } from 'drizzle-orm';

/**
 * A scalar subquery: these resellers' prices for these event SKUs, as a JSON array of [resellerId,
 * eventSkuId, price] (NULL when none). The resellers as ids, or as an expression giving a text[].
 */
export function pricesJsonSql(resellerIds: string[] | SQL, eventSkuIds: string[]): SQL {
  const ids = Array.isArray(resellerIds) ? sql`${sql.param(resellerIds)}::text[]` : resellerIds;
  return sql`(SELECT json_agg(json_build_array(p.reseller_id, p.event_sku_id, p.selling_price)) FROM reseller_prices p
    WHERE p.reseller_id = ANY(${ids}) AND p.event_sku_id = ANY(${sql.param(eventSkuIds)}::text[]))`;
}
