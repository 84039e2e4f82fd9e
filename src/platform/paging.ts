// Keyset paging, as every list of the API pages: newest (or first) first, `limit` rows at a time,
// the next page asked for with the last row's key as its cursor.

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
