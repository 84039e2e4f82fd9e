// CSV files the platform hands out (exports): a spreadsheet opens them as data, never as
// formulas. A cell that starts with = + - @ (or a tab or carriage return, or their full-width
// forms) gets a leading apostrophe, which Excel, WPS and LibreOffice show as text; numbers stay
// numbers. UTF-8 with a BOM so Excel reads Chinese. The same rules as web/src/lib/csv.ts.
import { Readable } from 'node:stream';

const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

export type CsvValue = string | number;

export function csvCell(v: CsvValue): string {
  if (typeof v === 'number') return String(v);
  const s = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV text (CRLF lines), every cell escaped. */
export function csvRows(rows: CsvValue[][]): string {
  return rows.map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
}

/** A CSV file streamed from batches of rows (read as they come, or all at hand): the BOM first, then each batch. */
export function csvStream(batches: AsyncIterable<CsvValue[][]> | Iterable<CsvValue[][]>): Readable {
  return Readable.from((async function* () {
    yield '\uFEFF';
    for await (const rows of batches) if (rows.length) yield csvRows(rows);
  })());
}

/** Content-Disposition for a download: an ASCII name for old clients and the UTF-8 one (RFC 6266). */
export function attachment(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * An amount in fen as a number of yuan (199, 19.9) that a spreadsheet adds up: integer fen over
 * 100 prints as its exact decimal (JavaScript prints the shortest form that reads back the same).
 */
export function csvYuan(minor: number): number {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount must be integer fen, got ${minor}`);
  return minor / 100;
}
