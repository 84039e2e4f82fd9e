// Resellers' standing read inside another module's single statement, for a hot path that must do
// its whole work in one (the flash desk, the order and storefront desks): drizzle `sql` fragments
// the caller composes, so what "disabled" means stays beside the resellers table: not active
// (suspended, unpaid, removed) or past the end of their paid membership.
import { sql, type SQL } from 'drizzle-orm';

/** These resellers, those disabled at the statement's clock (standingOf is not 'active'), as `rs`: what follows a FROM. */
function disabledAmong(resellerIds: string[]): SQL {
  return sql`resellers rs WHERE rs.id = ANY(${sql.param(resellerIds)}::text[]) AND (rs.status <> 'active' OR rs.membership_expires_at <= now())`;
}

/** A scalar subquery: those of these resellers the operator disabled, as a JSON array of ids (NULL when none). */
export function disabledResellersSql(resellerIds: string[]): SQL {
  return sql`(SELECT json_agg(rs.id) FROM ${disabledAmong(resellerIds)})`;
}

/** A boolean expression: none of these resellers is disabled at the statement's snapshot. */
export function noneDisabledSql(resellerIds: string[]): SQL {
  return sql`NOT EXISTS (SELECT 1 FROM ${disabledAmong(resellerIds)})`;
}

/**
 * A statement: share-locks these resellers' rows until the transaction ends, so their status cannot
 * change under a judgement that relies on it (a disabling waits; one committed before is seen).
 */
export function lockResellersSharedSql(resellerIds: string[]): SQL {
  return sql`SELECT 1 FROM resellers WHERE id = ANY(${sql.param(resellerIds)}::text[]) ORDER BY id FOR SHARE`;
}

/**
 * A scalar subquery: the shops behind these share codes as a JSON array of [share code, reseller
 * id, active] (NULL when none), active as standingOf says at the statement's clock — for a desk
 * that attributes a group's storefront orders in one statement (resellerByShareCode, one by one).
 */
export function shopsJsonSql(shareCodes: string[]): SQL {
  return sql`(SELECT json_agg(json_build_array(rs.share_code, rs.id, rs.status = 'active' AND (rs.membership_expires_at IS NULL OR rs.membership_expires_at > now())))
    FROM resellers rs WHERE rs.share_code = ANY(${sql.param(shareCodes)}::text[]))`;
}

/**
 * A scalar subquery: the ids of the resellers behind these share codes as a text[] (NULL when
 * none), whatever their standing — for a statement that reads what their shops need (prices, what
 * their links hold) before it is known which still sell.
 */
export function shopIdsSql(shareCodes: string[]): SQL {
  // Cast, so that `= ANY(…)` takes it as an array, not as a subquery of arrays.
  return sql`(SELECT array_agg(rs.id) FROM resellers rs WHERE rs.share_code = ANY(${sql.param(shareCodes)}::text[]))::text[]`;
}
