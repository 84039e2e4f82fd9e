// Keyset paging, as every list of the API pages: newest (or first) first, `limit` rows at a time,
// the next page asked for with the last row's key as its cursor.
import { desc, sql, type AnyColumn, type SQL } from 'drizzle-orm';
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
 * beside the rows, order by `order`, and read a cursor back with `after`, which refuses one that is
 * not a key of this list (undefined when the caller has an older form of cursor to try).
 */
export function newestFirst(createdAt: AnyColumn, id: AnyColumn, idPattern: RegExp = /^[a-z]+_[0-9a-z]{1,40}$/) {
  return {
    key: sql<string>`(extract(epoch from ${createdAt}) * 1000000)::bigint::text || '.' || ${id}`,
    order: [desc(createdAt), desc(id)],
    after(cursor: string, legacy?: (cursor: string) => SQL | undefined): SQL {
      const m = /^(\d{1,17})\.(.+)$/.exec(cursor);
      if (m && idPattern.test(m[2])) return sql`(${createdAt}, ${id}) < (timestamptz 'epoch' + ${m[1]}::bigint * interval '1 microsecond', ${m[2]})`;
      const old = legacy?.(cursor);
      if (old) return old;
      throw new AppError('validation_failed', { fields: [{ path: 'cursor', message: 'not a cursor of this list' }] });
    },
  };
}
