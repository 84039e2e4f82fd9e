// Stock moved for a whole batch of orders at once, for a hot path that must do its work in one
// statement (the flash desk): drizzle `sql` fragments the caller composes into its statement, so
// the inventory module still writes its own tables.
import { sql, type SQL } from 'drizzle-orm';
import type { OrderStockLine } from './inventory.service.ts';

/** A scalar subquery: the units available now in the pool of the event SKU `eventSkuId` names (NULL without a pool). */
export function availableSql(eventSkuId: SQL): SQL {
  return sql`(SELECT available FROM pools WHERE event_sku_id = ${eventSkuId})`;
}

/** A scalar subquery: the units available now in the pools of these event SKUs, as a JSON object by event SKU (NULL when none). */
export function availableJsonSql(eventSkuIds: string[]): SQL {
  return sql`(SELECT json_object_agg(p.event_sku_id, p.available) FROM pools p WHERE p.event_sku_id = ANY(${sql.param(eventSkuIds)}::text[]))`;
}

/**
 * Stock for many orders' lines taken inside the caller's single statement (the order desk), when
 * `when` holds: `<name>` moves each pool's total from available to held or sold (the pools' rows
 * locked in key order first), `<name>_movements` records one movement per line, naming its order
 * and line — the batched form of takeStock. Not guarded on purpose: the caller judged the stock,
 * and the pool's CHECK (available ≥ 0) fails the whole statement if it judged wrong. `gate` is a
 * boolean expression for the caller's `when`: every pool exists.
 */
export function takeStockBatch(lines: (OrderStockLine & { orderId: string })[], mode: 'hold' | 'sell'): { gate: SQL; ctes: (name: string, when: SQL) => SQL } {
  const totals = new Map<string, number>();
  for (const l of lines) totals.set(l.eventSkuId, (totals.get(l.eventSkuId) ?? 0) + l.quantity);
  const esks = [...totals.keys()];
  const to = sql.identifier(mode === 'hold' ? 'held' : 'sold');
  const col = <T>(f: (l: (typeof lines)[number]) => T, type: string) => sql`${sql.param(lines.map(f))}::${sql.raw(type)}[]`;
  const gate = sql`(SELECT count(*) FROM pools WHERE event_sku_id = ANY(${sql.param(esks)}::text[])) = ${esks.length}`;
  const ctes = (name: string, when: SQL) => {
    const n = (suffix: string) => sql.identifier(`${name}${suffix}`);
    return sql`${n('_locked')} AS (
        SELECT p.event_sku_id, t.q FROM pools p
        JOIN unnest(${sql.param(esks)}::text[], ${sql.param([...totals.values()])}::int[]) AS t(event_sku_id, q) USING (event_sku_id)
        WHERE ${when} ORDER BY p.event_sku_id FOR UPDATE OF p),
      ${n('')} AS (
        UPDATE pools p SET available = p.available - k.q, ${to} = p.${to} + k.q FROM ${n('_locked')} k
        WHERE p.event_sku_id = k.event_sku_id RETURNING p.event_sku_id),
      ${n('_movements')} AS (
        INSERT INTO stock_movements (event_sku_id, order_id, order_line_id, kind, quantity)
        SELECT x.event_sku_id, x.order_id, x.order_line_id, ${mode}, x.quantity
        FROM unnest(${col((l) => l.eventSkuId, 'text')}, ${col((l) => l.orderId, 'text')}, ${col((l) => l.orderLineId, 'text')}, ${col((l) => l.quantity, 'int')})
          AS x(event_sku_id, order_id, order_line_id, quantity)
        WHERE ${when} RETURNING 1)`;
  };
  return { gate, ctes };
}
