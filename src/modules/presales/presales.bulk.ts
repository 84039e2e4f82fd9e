// Presales read inside another module's single statement (the order desk): drizzle `sql` fragments.
import { sql, type SQL } from 'drizzle-orm';

/** A scalar subquery: which of these sale events are presale events (their orders go through withPresale), as a JSON array (NULL when none). */
export function presaleEventsSql(saleEventIds: SQL): SQL {
  return sql`(SELECT json_agg(DISTINCT p.sale_event_id) FROM presales p WHERE p.sale_event_id IN (${saleEventIds}))`;
}

/** A boolean expression: none of these sale events is a presale event. */
export function noPresaleSql(saleEventIds: string[]): SQL {
  return sql`NOT EXISTS (SELECT 1 FROM presales p WHERE p.sale_event_id = ANY(${sql.param(saleEventIds)}::text[]))`;
}
