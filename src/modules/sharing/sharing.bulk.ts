// Customer binding (流量保护) for many orders inside another module's single statement: for the
// order desk's paid orders one upsert applies sharing.rules' bindingAfterPaid to every phone at its
// row's own committed state, so two writers binding one phone still go one after the other on its
// row; for the storefront desk, a group's bindings and share links read at once to attribute it.
import { sql, type SQL } from 'drizzle-orm';
import type { BindingNow } from './sharing.rules.ts';

/** Whether the reseller `r` (a row of resellers) sells now: a binding to them protects the consumer. */
export const resellerSellsSql = sql`(r.status = 'active' AND (r.membership_expires_at IS NULL OR r.membership_expires_at > now()))`;

/**
 * Until when a payment now binds or renews: `days` from now, to the next whole hour. Renewals by
 * one consumer's orders within the same hour then change nothing, so a consumer who orders all
 * day costs the binding one write an hour, not one per order (each write a new row version and
 * new index entries: at a sale's opening, thousands a minute on a few hundred rows).
 */
export function bindingUntilSql(days: number): SQL {
  return sql`(date_trunc('hour', now() + make_interval(days => ${days})) + interval '1 hour')`;
}

/**
 * A common table expression `<name>`: the paid orders bind their consumers, when `when` holds —
 * at most one order per phone (the caller keeps the orders of one phone by different resellers
 * apart; of one reseller's, the latest names the binding). Per row, as bindingAfterPaid says: no
 * binding, an ended one, or one to a reseller no longer active → bound to this order's reseller
 * from now; a live binding to the same reseller → renewed (its order, its expiry extended) unless
 * an order this hour renewed it already (bindingUntilSql); a live binding to another → kept.
 * Null when binding is off (`days` ≤ 0).
 */
export function bindOnPaidCte(name: string, days: number, orders: { id: string; resellerId: string; consumerPhone: string }[], when: SQL): SQL | null {
  if (days <= 0 || orders.length === 0) return null;
  const phones = orders.map((o) => o.consumerPhone);
  if (new Set(phones).size !== phones.length) throw new Error('bindOnPaidCte: one order per phone');
  // Whether the row as it stands is a live binding to an active reseller (sharing.service bindingOf).
  const held = sql`(b.expires_at > now() AND EXISTS (SELECT 1 FROM resellers r WHERE r.id = b.reseller_id AND ${resellerSellsSql}))`;
  return sql`${sql.identifier(name)} AS (
    INSERT INTO customer_bindings AS b (consumer_phone, reseller_id, order_id, expires_at)
    SELECT x.phone, x.reseller_id, x.order_id, ${bindingUntilSql(days)}
    FROM unnest(${sql.param(phones)}::text[], ${sql.param(orders.map((o) => o.resellerId))}::text[], ${sql.param(orders.map((o) => o.id))}::text[]) AS x(phone, reseller_id, order_id)
    WHERE ${when}
    ORDER BY x.phone
    ON CONFLICT (consumer_phone) DO UPDATE SET
      reseller_id = excluded.reseller_id, order_id = excluded.order_id,
      bound_at = CASE WHEN ${held} THEN b.bound_at ELSE now() END,
      -- a row written here either moves to this reseller or is renewed past its end: either way, to the new end
      expires_at = excluded.expires_at
    WHERE NOT ${held} OR (b.reseller_id = excluded.reseller_id AND excluded.expires_at > b.expires_at)
    RETURNING 1)`;
}

/**
 * A scalar subquery: these consumers' bindings as the database sees them now (bindingOf, for many
 * phones in one statement), a JSON array of [phone, reseller id, live, reseller active], NULL when
 * none is bound. `bindingsFromJson` reads it.
 */
export function bindingsJsonSql(phones: string[]): SQL {
  return sql`(SELECT json_agg(json_build_array(b.consumer_phone, b.reseller_id, b.expires_at > now(), ${resellerSellsSql}))
    FROM customer_bindings b JOIN resellers r ON r.id = b.reseller_id WHERE b.consumer_phone = ANY(${sql.param(phones)}::text[]))`;
}

export type BindingsJson = [string, string, boolean, boolean][] | null;

/** The bindings read by bindingsJsonSql, by phone. */
export function bindingsFromJson(json: BindingsJson): Map<string, BindingNow> {
  return new Map((json ?? []).map(([phone, resellerId, live, resellerActive]) => [phone, { resellerId, live, resellerActive }]));
}

/** A scalar subquery: the share links behind these codes as a JSON array of [code, reseller id] (NULL when none). */
export function shareLinkOwnersSql(codes: string[]): SQL {
  return sql`(SELECT json_agg(json_build_array(l.code, l.reseller_id)) FROM share_links l WHERE l.code = ANY(${sql.param(codes)}::text[]))`;
}
