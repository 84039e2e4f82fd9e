// A flash item's claims read and written a whole group of buyers at a time, for the flash desk
// (src/flows/flash-checkout.flow.ts), which reads a group in one statement and writes it in one:
// drizzle `sql` fragments the flow composes into its statements, so the flash-sales module still
// reads and writes its own tables.
import { sql, type SQL } from 'drizzle-orm';

/**
 * The item's row as a group is judged on it: its figures, its window at the database clock and its
 * version (`ver`, the row's xmin: every writer of the item updates this row). `lock` takes the
 * row's lock (the pessimistic path). One row, or none for an unknown item.
 */
export function flashItemHeadSql(flashItemId: string, lock: boolean): SQL {
  return sql`SELECT quantity, claimed, per_buyer_limit, per_reseller_limit, price, base_price, currency, event_sku_id, sale_event_id,
           xmin::text AS ver, starts_at <= now() AS started, ends_at > now() AS item_open
    FROM flash_items WHERE id = ${flashItemId}${lock ? sql` FOR UPDATE` : sql``}`;
}

/**
 * Scalar subqueries for the group's counters of an item: `buyers` (JSON array of {buyer, quantity})
 * for these phones and `sellers` ({reseller_id, quantity}) for these resellers; NULL when none.
 */
export function flashCountersSql(flashItemId: string, phones: string[], resellerIds: string[]): { buyers: SQL; sellers: SQL } {
  return {
    buyers: sql`(SELECT json_agg(json_build_object('buyer', buyer, 'quantity', quantity)) FROM flash_buyer_counts WHERE flash_item_id = ${flashItemId} AND buyer = ANY(${sql.param(phones)}))`,
    sellers: sql`(SELECT json_agg(json_build_object('reseller_id', reseller_id, 'quantity', quantity)) FROM flash_reseller_counts WHERE flash_item_id = ${flashItemId} AND reseller_id = ANY(${sql.param(resellerIds)}))`,
  };
}

/**
 * The gate of a group's write, as a common table expression `<name>`: the item's `claimed` goes up
 * by the group's total (first claim and sell-out instants kept), only if the row is still the
 * version `ver` the group was judged on, the item's window is open at this statement's clock, and
 * `and` holds (the caller's other conditions). Returns the row's new version (`id, ver`), or no
 * row: then nothing of the group may be written (give the other parts `EXISTS (SELECT 1 FROM <name>)`).
 */
export function claimItemCte(name: string, gate: { flashItemId: string; ver: string; total: number; and: SQL }): SQL {
  return sql`${sql.identifier(name)} AS (
      UPDATE flash_items SET claimed = claimed + ${gate.total}, first_claim_at = coalesce(first_claim_at, now()),
             sold_out_at = CASE WHEN claimed + ${gate.total} = quantity THEN now() ELSE sold_out_at END
      WHERE id = ${gate.flashItemId} AND xmin::text = ${gate.ver} AND starts_at <= now() AND ends_at > now() AND ${gate.and}
      RETURNING id, xmin::text AS ver
    )`;
}

export interface ClaimBatch {
  flashItemId: string; perBuyerLimit: number; perResellerLimit: number;
  /** One claim per order. */
  claims: { orderId: string; buyer: string; resellerId: string; quantity: number }[];
  /** The claims' units summed per buyer and per reseller. */
  buyerTotals: Map<string, number>; sellerTotals: Map<string, number>;
  /** Written only when this holds (the gate). */
  when: SQL;
}

/**
 * Common table expressions writing a group's claims: `<name>` its claim rows, `<name>_buyers` and
 * `<name>_resellers` the counters (created with their caps, or added to). The counters carry
 * their limit as a CHECK, so a wrong judgement fails the statement rather than passing a limit.
 */
export function recordClaimsCtes(name: string, b: ClaimBatch): SQL {
  const col = <T>(f: (c: ClaimBatch['claims'][number]) => T) => sql.param(b.claims.map(f));
  return sql`${sql.identifier(name)} AS (
      INSERT INTO flash_claims (order_id, flash_item_id, buyer, reseller_id, quantity)
      SELECT order_id, ${b.flashItemId}, buyer, reseller_id, qty
      FROM unnest(${col((c) => c.orderId)}::text[], ${col((c) => c.buyer)}::text[], ${col((c) => c.resellerId)}::text[], ${col((c) => c.quantity)}::int[]) AS x(order_id, buyer, reseller_id, qty)
      WHERE ${b.when}
    ), ${sql.identifier(`${name}_buyers`)} AS (
      INSERT INTO flash_buyer_counts (flash_item_id, buyer, quantity, cap)
      SELECT ${b.flashItemId}, buyer, q, ${b.perBuyerLimit}::int FROM unnest(${sql.param([...b.buyerTotals.keys()])}::text[], ${sql.param([...b.buyerTotals.values()])}::int[]) AS y(buyer, q)
      WHERE ${b.when}
      ON CONFLICT (flash_item_id, buyer) DO UPDATE SET quantity = flash_buyer_counts.quantity + excluded.quantity
    ), ${sql.identifier(`${name}_resellers`)} AS (
      INSERT INTO flash_reseller_counts (flash_item_id, reseller_id, quantity, cap)
      SELECT ${b.flashItemId}, rid, q, ${b.perResellerLimit}::int FROM unnest(${sql.param([...b.sellerTotals.keys()])}::text[], ${sql.param([...b.sellerTotals.values()])}::int[]) AS y(rid, q)
      WHERE ${b.when}
      ON CONFLICT (flash_item_id, reseller_id) DO UPDATE SET quantity = flash_reseller_counts.quantity + excluded.quantity
    )`;
}

/** A scalar subquery: those of these event SKUs that sell only through their flash sale (flashOnly), as a JSON array (NULL when none). */
export function flashOnlySql(eventSkuIds: string[]): SQL {
  return sql`(SELECT json_agg(f.event_sku_id) FROM flash_items f WHERE f.event_sku_id = ANY(${sql.param(eventSkuIds)}::text[]))`;
}
