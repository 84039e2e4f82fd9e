// CSV that a spreadsheet opens as data, never as formulas: a cell that starts with = + - @ (or a
// tab or carriage return, or their full-width forms) gets a leading apostrophe, which Excel, WPS
// and LibreOffice show as text. Numbers stay numbers. UTF-8 with a BOM so Excel reads Chinese.
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

export function csvCell(v: string | number): string {
  if (typeof v === 'number') return String(v);
  const s = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV text (CRLF lines), every cell escaped. */
export function csvRows(rows: (string | number)[][]): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** A whole CSV file's text, with the BOM. */
export function toCsv(rows: (string | number)[][]): string {
  return `\uFEFF${csvRows(rows)}`;
}

/**
 * Download text as a file the way a spreadsheet app opens it (UTF-8 with BOM for Excel). The
 * blob's address is kept for a minute: the browser reads it after the click, and a busy phone (or
 * browser) that had not started by the time it was revoked saved nothing (it was revoked after 1 s).
 */
export function downloadText(fileName: string, text: string, mime = 'text/csv;charset=utf-8'): void {
  const blob = new Blob(['\uFEFF', text], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url; a.download = fileName;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
