// Keyset paging, as every list of the API pages: newest (or first) first, `limit` rows at a time,
// the next page asked for with the last row's key as its cursor.
import { desc, getTableName, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { AppError } from './errors.ts';

/** A page's size: as asked, 50 when not, never more than 200. */
export function pageSize(asked: number | undefined): number {
  return Math.min(asked ?? 50, 200);
}

/** A cursor over a numeric key (an identity column): the number, or undefined when it is not one. */
export function numericCursor(cursor: string | undefined): number | undefined {
  return cursor && /^\d{1,18}$/.test(cursor) ? Number(cursor) : undefined;
}

/** The query read `limit` + 1 rows: the page is the first `limit`, and the cursor the last one's key when more follow. */
export function keysetPage<T>(rows: T[], limit: number, keyOf: (row: T) => string | number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? String(keyOf(page[page.length - 1])) : null };
}

/**
 * A list newest first by the time a row was made, then by id — not by id alone: imported, migrated
 * and backdated rows (the demo's history) have new ids and old times. Its cursor is the last row's
 * `<µs since 1970>.<id>` (the time as stored, to the microsecond — a Date keeps milliseconds, and a
 * key rounded to them would skip or repeat rows made within one); opaque to clients. Select `key`
 * beside the rows, order by `order`, and read a cursor back with `after`. A page's cursor from
 * before the list ran by time was its last row's id: `after` starts after that row. Anything else
 * is refused (validation_failed).
 */
export function newestFirst(createdAt: AnyColumn, id: AnyColumn) {
  const table = sql.identifier(getTableName(createdAt.table));
  return {
    key: sql<string>`(extract(epoch from ${createdAt}) * 1000000)::bigint::text || '.' || ${id}`,
    order: [desc(createdAt), desc(id)],
    after(cursor: string): SQL {
      const m = /^(\d{1,17})\.([a-z]+_[0-9a-z]{1,40})$/.exec(cursor);
      if (m) return sql`(${createdAt}, ${id}) < (timestamptz 'epoch' + ${m[1]}::bigint * interval '1 microsecond', ${m[2]})`;
      if (/^[a-z]+_[0-9a-z]{26}$/.test(cursor)) {
        return sql`(${createdAt}, ${id}) < (SELECT x.${sql.identifier(createdAt.name)}, x.${sql.identifier(id.name)} FROM ${table} x WHERE x.${sql.identifier(id.name)} = ${cursor})`;
      }
      throw new AppError('validation_failed', { fields: [{ path: 'cursor', message: 'not a cursor of this list' }] });
    },
  };
}
