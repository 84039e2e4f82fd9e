// Sale events read inside another module's single statement, for a hot path that must do its whole
// work in one (the flash desk): drizzle `sql` fragments the caller composes, so what "on sale now"
// means and which columns an event SKU carries are written here, beside the tables.
import { sql, type SQL } from 'drizzle-orm';
import type { SellableSku } from './sale-events.service.ts';
import type { SaleEventStatus } from './sale-events.rules.ts';

/** The rule, on a sale event aliased `e`: scheduled or live, started, not ended (sellableSkus' and allOnSale's). */
const onSale = sql.raw(`e.status IN ('scheduled','live') AND e.starts_at <= now() AND e.ends_at > now()`);

/**
 * A boolean expression: the sale event `saleEventId` names is on sale at the statement's clock
 * (scheduled or live, started, not ended) — allOnSale's rule, for one event inside a statement.
 */
export function onSaleNowSql(saleEventId: SQL | string): SQL {
  return sql`EXISTS (SELECT 1 FROM sale_events e WHERE e.id = ${saleEventId} AND ${onSale})`;
}

/** A subquery: one column of these event SKUs (their events or their SKUs), for another module's `IN (…)`. */
export function eventSkuColumnSql(eventSkuIds: string[], column: 'sale_event_id' | 'sku_id'): SQL {
  return sql`SELECT ${sql.identifier(column)} FROM sale_event_skus WHERE id = ANY(${sql.param(eventSkuIds)}::text[])`;
}

/**
 * A subquery for a LATERAL join: the event SKU `eventSkuId` names, as an order line needs it —
 * `sku_id, product_id, brand_id` and its event's `commission_bps`. One row, or none.
 */
export function eventSkuHeadSql(eventSkuId: SQL | string): SQL {
  return sql`SELECT s.sku_id, s.product_id, s.brand_id, e.commission_bps FROM sale_event_skus s JOIN sale_events e ON e.id = s.sale_event_id WHERE s.id = ${eventSkuId}`;
}

/** One event SKU's terms as sellableJsonSql returns them (raw JSON). */
export interface SellableJson {
  eventSkuId: string; saleEventId: string; skuId: string; productId: string; brandId: string; basePrice: number; tagPrice: number; currency: string;
  commissionBps: number; minBps: number; maxBps: number; suggestedBps: number; eventStatus: string; endsAt: string; pulled: boolean; onSale: boolean;
}

/**
 * A scalar subquery: sellableSkus for these event SKUs as a JSON array of SellableJson (NULL when
 * none) — the same columns and the same "on sale" rule, judged by the statement's clock.
 */
export function sellableJsonSql(eventSkuIds: string[]): SQL {
  return sql`(SELECT json_agg(json_build_object('eventSkuId', s.id, 'saleEventId', s.sale_event_id, 'skuId', s.sku_id, 'productId', s.product_id,
      'brandId', s.brand_id, 'basePrice', s.base_price, 'tagPrice', s.tag_price, 'currency', s.currency, 'commissionBps', e.commission_bps,
      'minBps', e.markup_min_bps, 'maxBps', e.markup_max_bps, 'suggestedBps', e.markup_suggested_bps, 'eventStatus', e.status, 'endsAt', e.ends_at,
      'pulled', s.pulled_at IS NOT NULL,
      'onSale', s.pulled_at IS NULL AND ${onSale}))
    FROM sale_event_skus s JOIN sale_events e ON e.id = s.sale_event_id WHERE s.id = ANY(${sql.param(eventSkuIds)}::text[]))`;
}

/** SellableJson rows as sellableSkus returns them, keyed by event SKU. */
export function sellableFromJson(rows: SellableJson[] | null): Map<string, SellableSku> {
  return new Map((rows ?? []).map((r) => [r.eventSkuId, {
    eventSkuId: r.eventSkuId, saleEventId: r.saleEventId, skuId: r.skuId, productId: r.productId, brandId: r.brandId,
    basePrice: Number(r.basePrice), tagPrice: Number(r.tagPrice), currency: r.currency, commissionBps: r.commissionBps,
    markup: { minBps: r.minBps, maxBps: r.maxBps, suggestedBps: r.suggestedBps }, onSale: r.onSale,
    eventStatus: r.eventStatus as SaleEventStatus, endsAt: new Date(r.endsAt), pulled: r.pulled,
  }]));
}

/** A boolean expression: every one of these sale events is on sale at the statement's clock (allOnSale's rule). */
export function allOnSaleSql(saleEventIds: string[]): SQL {
  return sql`(SELECT count(*) FROM sale_events e WHERE e.id = ANY(${sql.param(saleEventIds)}::text[]) AND ${onSale}) = ${saleEventIds.length}`;
}
