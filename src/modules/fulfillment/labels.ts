// Shipping labels (面单): one PDF for a batch of parcels, one 100 × 150 mm page per parcel — the
// size of the Chinese one-part e-waybill (一联单) that thermal label printers take.
//
// - What a label shows: carrier and service; the waybill number as a Code 128 barcode with the
//   number beneath it; a big routing line (the carrier's sort code when it gave one, else the
//   destination); the recipient — name, phone masked (隐私面单), full address; the sender, who is
//   the reseller (代发: their shop's name, their phone masked), with the platform's return address
//   as a small line; the parcel's place among its consumer's parcels (n/N) when there are several;
//   item count and weight; the order numbers inside; when it was printed.
// - Never a price: ShippingLabel has no money field, and only its named fields are printed, so a
//   caller passing a wider row (an order with its totals) still prints no amount.
// - Phones (maskPhone): a mainland mobile keeps its first three and last four digits
//   (138****5678), the way carriers' privacy labels print them: the courier and the parcel
//   station (驿站) find a parcel by the name and the last four digits, and call through the
//   carrier's system, which holds the full number. Any other number keeps only its last four (and
//   its first three when it has eleven or more). The recipient's name is printed whole: the courier
//   hands the parcel to a person by that name.
// - The barcode is drawn as vector bars from bwip-js's bar pattern (no image per label). Its
//   module (narrowest bar) is a whole number of dots of a 203 dpi thermal printer, at most four
//   (0.5 mm), so every bar prints the same width; it keeps a quiet zone of ten modules each side.
// - The font (Noto Sans SC, OTF, from @embedpdf/fonts-sc) is read and parsed once per process;
//   each document embeds only the glyphs it uses (pdfkit subsets it when the document ends).
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import * as fontkit from 'fontkit';
import bwipjs from 'bwip-js';
import type { Address } from './fulfillment.rules.ts';
import { shanghaiMinute } from '../../platform/time.ts';

/** What one parcel's label prints. No money field, by design: a label never shows a price. */
export interface ShippingLabel {
  /** The carrier's waybill number (运单号): printable ASCII, drawn as Code 128. */
  waybillNo: string;
  /** The carrier's name and the service, as printed: e.g. 顺丰速运, 标快 (or its bulky service for an oversize parcel). */
  carrier: { name: string; service: string };
  /** The carrier's routing code (三段码 / 大头笔) when it gave one; else the destination is the big line. */
  sortCode?: string;
  recipient: { name: string; phone: string; address: Address };
  /** Who the parcel is from: the reseller whose customer this is (代发), never the platform or the brand. */
  sender: { shopName: string; phone: string };
  /** Where a refused or returned parcel goes: the platform's returns desk, one small line (its phone is a service line, printed whole). */
  returnAddress: { name: string; phone?: string; address: Address };
  /** This parcel's place among its consumer's parcels of this shipment (1-based); "n/N" is printed when count > 1. */
  parcel: { index: number; count: number };
  itemCount: number;
  weightGrams: number;
  /** The order numbers (order_no) whose goods are inside. */
  orderNos: string[];
}

export interface RenderLabelsOptions {
  /** The time printed on every label of the batch (打印时间); now when left out. Shown in China time. */
  printedAt?: Date;
}

// ---- page geometry (PDF points; pdfkit's origin is the top left corner) ----

const MM = 72 / 25.4;
export const LABEL_WIDTH_MM = 100;
export const LABEL_HEIGHT_MM = 150;
const W = LABEL_WIDTH_MM * MM;
const H = LABEL_HEIGHT_MM * MM;
const MARGIN = 4 * MM;
const INNER = W - 2 * MARGIN;
/** One dot of a 203 dpi thermal printer, in points. */
export const PRINTER_DOT = 72 / 203;
const MAX_MODULE_DOTS = 4;
const QUIET_MODULES = 10;
const BAR_HEIGHT = 18 * MM;

// ---- the font: read and parsed once per process ----

type Fonts = { regular: fontkit.Font; bold: fontkit.Font };
let fontsLoading: Promise<Fonts> | undefined;

function fontFile(name: string): string {
  // the package exports only its index (dist/index.*); its fonts sit beside dist/
  const index = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  return path.join(path.dirname(index), '..', 'fonts', name);
}

async function loadFont(name: string): Promise<fontkit.Font> {
  const font = fontkit.create(await fs.readFile(fontFile(name)));
  if (!('layout' in font)) throw new Error(`${name} is a font collection, not a font`);
  return font;
}

function fonts(): Promise<Fonts> {
  fontsLoading ??= Promise.all([loadFont('NotoSansHans-Regular.otf'), loadFont('NotoSansHans-Bold.otf')])
    .then(([regular, bold]) => ({ regular, bold }))
    .catch((e: unknown) => { fontsLoading = undefined; throw e; });
  return fontsLoading;
}

// ---- text ----

/** 13812345678 → 138****5678; other numbers keep their last four digits (and first three when 11 or longer). */
export function maskPhone(phone: string): string {
  let p = phone.replace(/[\s\-()]/g, '');
  if (/^(\+86|0086)1\d{10}$/.test(p)) p = p.slice(p.length - 11);
  if (p.length <= 4) return '*'.repeat(Math.max(4, p.length));
  const head = p.length >= 11 ? p.slice(0, 3) : '';
  const tail = p.slice(-4);
  return `${head}${'*'.repeat(Math.max(4, p.length - head.length - tail.length))}${tail}`;
}

const PICTOGRAPHS = /[\p{Extended_Pictographic}\u200d\ufe0e\ufe0f]/gu;

/**
 * One printable line: whitespace runs (line breaks too) become one space, emoji go (they carry
 * nothing a courier needs, and the font has none), and any other character the font lacks prints
 * as □, so a missing character shows instead of vanishing.
 */
function clean(text: string, font: fontkit.Font): string {
  let out = '';
  for (const ch of text.replace(PICTOGRAPHS, '').replace(/\s+/g, ' ').trim()) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f) continue;
    out += cp < 0x80 || font.hasGlyphForCodePoint(cp) ? ch : '□';
  }
  return out;
}

function kilograms(grams: number): string {
  return `${(grams / 1000).toFixed(2)} kg`;
}

// ---- the barcode ----

/** Code 128 bar and space widths in modules (bar first), start and stop included, from bwip-js. */
function code128Pattern(text: string): number[] {
  const [symbol] = bwipjs.raw({ bcid: 'code128', text }) as { sbs?: number[] }[];
  if (!symbol?.sbs?.length) throw new Error(`bwip-js gave no bars for ${text}`);
  return symbol.sbs;
}

// ---- the document ----

type Doc = InstanceType<typeof PDFDocument>;
type Face = 'regular' | 'bold';

/** Advance widths (font units) by code point, per font, kept for the process: measuring text needs no shaping. */
const advances = new WeakMap<fontkit.Font, Map<number, number>>();

/** Draws text on one document, measuring it with the fonts' advance widths. */
class Pen {
  private face: Face = 'regular';
  constructor(readonly doc: Doc, private readonly fonts: Fonts) {}

  use(face: Face): this {
    if (face !== this.face) { this.face = face; this.doc.font(face); }
    return this;
  }

  /** Width of `text` at `size` in the current face, in points. */
  width(text: string, size: number): number {
    const font = this.fonts[this.face];
    let widths = advances.get(font);
    if (!widths) advances.set(font, (widths = new Map()));
    let units = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let a = widths.get(cp);
      if (a === undefined) { a = font.glyphForCodePoint(cp).advanceWidth; widths.set(cp, a); }
      units += a;
    }
    return (units * size) / font.unitsPerEm;
  }

  /** The font size at which `text` fits `width` (from `size` down to `min`); cut with … if even `min` is too wide. */
  fit(text: string, size: number, min: number, width: number): { text: string; size: number } {
    const w = this.width(text, size);
    if (w <= width) return { text, size };
    const fitted = Math.max(min, Math.floor(((size * width) / w) * 10) / 10);
    if (this.width(text, fitted) <= width) return { text, size: fitted };
    const chars = [...text];
    let lo = 0;
    let hi = chars.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.width(`${chars.slice(0, mid).join('')}…`, fitted) <= width) lo = mid; else hi = mid - 1;
    }
    return { text: `${chars.slice(0, lo).join('')}…`, size: fitted };
  }

  /** One line in a box of `width` from `x`; returns the width it took. */
  line(text: string, x: number, y: number, size: number, min: number, width: number, align: 'left' | 'right' | 'center' = 'left'): number {
    const fit = this.fit(text, size, min, width);
    const w = this.width(fit.text, fit.size);
    const left = align === 'left' ? x : align === 'right' ? x + width - w : x + (width - w) / 2;
    this.doc.fontSize(fit.size).text(fit.text, left, y, { lineBreak: false });
    return w;
  }

  /** Lines of at most `width`: breaks between CJK characters and at spaces, not inside a run of Latin letters or digits unless it is wider than a line. */
  wrap(text: string, size: number, width: number): string[] {
    const tokens = text.match(/[A-Za-z0-9\-_.#/]+|\s+|./gu) ?? [];
    const lines: string[] = [];
    let current = '';
    let used = 0;
    for (const token of tokens) {
      const w = this.width(token, size);
      if (used + w <= width) { current += token; used += w; continue; }
      if (/^\s+$/.test(token)) { lines.push(current); current = ''; used = 0; continue; }
      if (w <= width) { lines.push(current.trimEnd()); current = token; used = w; continue; }
      for (const ch of token) {
        const cw = this.width(ch, size);
        if (used + cw > width && current) { lines.push(current.trimEnd()); current = ''; used = 0; }
        current += ch;
        used += cw;
      }
    }
    if (current.trim()) lines.push(current.trimEnd());
    return lines.filter((l) => l.length > 0);
  }

  /** `text` over at most `maxLines` lines, shrinking from `size` to `min` before cutting the last line with …. */
  block(text: string, x: number, y: number, size: number, min: number, width: number, maxLines: number): void {
    let s = size;
    let lines = this.wrap(text, s, width);
    while (lines.length > maxLines && s - 1 >= min) lines = this.wrap(text, (s -= 1), width);
    if (lines.length > maxLines) lines = [...lines.slice(0, maxLines - 1), this.fit(`${lines.slice(maxLines - 1).join('')}`, s, s, width).text];
    const lh = s * 1.45;
    lines.forEach((t, i) => this.doc.fontSize(s).text(t, x, y + i * lh, { lineBreak: false }));
  }
}

function rule(doc: Doc, y: number): void {
  doc.moveTo(MARGIN, y).lineTo(W - MARGIN, y).lineWidth(0.8).stroke();
}

/** A small outlined square with one character in it (收, 寄): outlined, so the only filled shapes on a label are its bars. */
function badge(pen: Pen, char: string, x: number, y: number): void {
  const s = 6 * MM;
  pen.doc.rect(x, y, s, s).lineWidth(1).stroke();
  pen.use('bold').line(char, x, y + 0.9 * MM, 11, 11, s, 'center');
}

function drawBarcode(doc: Doc, waybillNo: string, top: number): void {
  const pattern = code128Pattern(waybillNo);
  const modules = pattern.reduce((a, b) => a + b, 0);
  const dots = Math.min(MAX_MODULE_DOTS, Math.floor(INNER / ((modules + 2 * QUIET_MODULES) * PRINTER_DOT)));
  // a number too long for 2 dots a module still prints, in thinner (fractional) modules
  const module = dots >= 2 ? dots * PRINTER_DOT : INNER / (modules + 2 * QUIET_MODULES);
  let x = MARGIN + (INNER - modules * module) / 2;
  for (let i = 0; i < pattern.length; i++) {
    const w = pattern[i] * module;
    if (i % 2 === 0) doc.rect(x, top, w, BAR_HEIGHT);
    x += w;
  }
  doc.fill('black');
}

function drawLabel(pen: Pen, l: ShippingLabel, f: Fonts, printed: string): void {
  const doc = pen.doc;
  const a = l.recipient.address;
  doc.addPage({ size: [W, H], margin: 0 });

  // carrier and service; n/N on the right when the consumer's goods go in several parcels
  let y = 3 * MM;
  const split = l.parcel.count > 1 ? `第 ${l.parcel.index}/${l.parcel.count} 件` : '';
  pen.use('bold');
  const splitWidth = split ? pen.line(split, MARGIN, y, 14, 14, INNER, 'right') + 3 * MM : 0;
  pen.line(`${clean(l.carrier.name, f.bold)}  ${clean(l.carrier.service, f.bold)}`, MARGIN, y, 14, 9, INNER - splitWidth);
  rule(doc, 11 * MM);

  // the routing line: the carrier's sort code, else province and city (a municipality: city and district)
  const municipality = a.province.trim() === a.city.trim();
  const destination = municipality ? `${a.city} ${a.district}` : `${a.province} ${a.city}`;
  if (l.sortCode?.trim()) {
    pen.line(clean(l.sortCode, f.bold), MARGIN, 12 * MM, 30, 14, INNER);
    pen.line(clean(destination, f.bold), MARGIN, 24 * MM, 11, 8, INNER);
  } else {
    pen.line(clean(destination, f.bold), MARGIN, 14 * MM, 26, 12, INNER);
  }
  rule(doc, 30 * MM);

  // the waybill number, as bars and beneath them as text
  drawBarcode(doc, l.waybillNo, 33 * MM);
  pen.use('regular').line(l.waybillNo, MARGIN, 33 * MM + BAR_HEIGHT + 1.2 * MM, 12, 7, INNER, 'center');
  rule(doc, 59 * MM);

  // the recipient
  y = 61 * MM;
  badge(pen, '收', MARGIN, y);
  pen.use('bold');
  const phoneWidth = pen.line(maskPhone(l.recipient.phone), MARGIN + 8 * MM, y, 14, 14, INNER - 8 * MM, 'right');
  pen.line(clean(l.recipient.name, f.bold), MARGIN + 8 * MM, y, 14, 9, INNER - 8 * MM - phoneWidth - 3 * MM);
  const full = `${a.province}${municipality ? '' : a.city}${a.district}${a.detail}`;
  pen.use('regular').block(clean(full, f.regular), MARGIN + 8 * MM, y + 7.5 * MM, 11, 8, INNER - 8 * MM, 3);
  rule(doc, 87 * MM);

  // the sender: the reseller (代发), and where returns go
  y = 89 * MM;
  badge(pen, '寄', MARGIN, y);
  pen.use('regular');
  const senderPhoneWidth = pen.line(maskPhone(l.sender.phone), MARGIN + 8 * MM, y + 0.5 * MM, 10, 10, INNER - 8 * MM, 'right');
  pen.line(`${clean(l.sender.shopName, f.regular)}（代发）`, MARGIN + 8 * MM, y + 0.5 * MM, 10, 7, INNER - 8 * MM - senderPhoneWidth - 3 * MM);
  const back = l.returnAddress;
  const backText = [back.name, back.phone ?? '', `${back.address.province}${back.address.province.trim() === back.address.city.trim() ? '' : back.address.city}${back.address.district}${back.address.detail}`].filter(Boolean).join(' ');
  pen.line(`退货：${clean(backText, f.regular)}`, MARGIN + 8 * MM, y + 6.5 * MM, 7, 5, INNER - 8 * MM);
  rule(doc, 101 * MM);

  // what is inside: count, weight, the orders
  y = 103 * MM;
  pen.line(`${l.itemCount} 件    ${kilograms(l.weightGrams)}`, MARGIN, y, 11, 8, INNER);
  drawOrderNos(pen, l.orderNos.map((n) => clean(n, f.regular)).filter(Boolean), MARGIN, y + 6.5 * MM, INNER);
  rule(doc, 138 * MM);

  // when it was printed, and the waybill number again for the shelf
  y = 140 * MM;
  pen.line(`打印时间 ${printed}`, MARGIN, y, 8, 6, INNER / 2);
  pen.line(`运单 ${l.waybillNo}`, MARGIN + INNER / 2, y, 8, 6, INNER / 2, 'right');
}

/** The order numbers, as many lines as fit (three), ending with 等 N 单 when some are left out. */
function drawOrderNos(pen: Pen, orderNos: string[], x: number, y: number, width: number): void {
  const size = 9;
  const lines: string[] = [];
  let current = '订单';
  let shown = 0;
  for (const no of orderNos) {
    const next = `${current}  ${no}`;
    if (pen.width(next, size) <= width) { current = next; shown++; continue; }
    if (lines.length + 1 >= 3) break;
    lines.push(current);
    current = `      ${no}`;
    shown++;
  }
  if (shown < orderNos.length) {
    const more = `  等 ${orderNos.length} 单`;
    while (pen.width(current + more, size) > width && current.trim().includes(' ')) current = current.slice(0, current.lastIndexOf('  '));
    current += more;
  }
  lines.push(current);
  lines.forEach((t, i) => pen.doc.fontSize(size).text(t, x, y + i * size * 1.45, { lineBreak: false }));
}

function check(l: ShippingLabel, i: number): void {
  const bad = (what: string) => new RangeError(`label ${i + 1} (${l.waybillNo}): ${what}`);
  if (!/^[\x20-\x7e]{1,40}$/.test(l.waybillNo ?? '')) throw bad('the waybill number must be 1–40 printable ASCII characters for Code 128');
  if (!Number.isInteger(l.parcel.count) || !Number.isInteger(l.parcel.index) || l.parcel.count < 1 || l.parcel.index < 1 || l.parcel.index > l.parcel.count) throw bad('the parcel must be n of N, 1 ≤ n ≤ N');
  if (!Number.isInteger(l.itemCount) || l.itemCount < 1) throw bad('a parcel holds at least one item');
  if (!(l.weightGrams >= 0)) throw bad('the weight cannot be negative');
}

/**
 * One PDF, one 100 × 150 mm page per label, in the order given. The font is loaded on the first
 * call of the process; each document embeds the subset of it that its labels use.
 */
/**
 * A PDF drawn by `draw` into a pdfkit document with the CJK font registered as 'regular' and
 * 'bold' (subset per document); the bytes once it ends.
 */
export async function pdfDocument(options: PDFKit.PDFDocumentOptions, draw: (doc: PDFKit.PDFDocument, f: Fonts) => void): Promise<Uint8Array> {
  const f = await fonts();
  return new Promise<Uint8Array>((resolve, reject) => {
    const doc = new PDFDocument({ compress: true, ...options, info: { Creator: 'Sellthrough', ...options.info } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      // pdfkit takes a parsed fontkit font as it takes a file (its types only name files and bytes)
      doc.registerFont('regular', f.regular as unknown as Buffer);
      doc.registerFont('bold', f.bold as unknown as Buffer);
      draw(doc, f);
      doc.end();
    } catch (e) {
      reject(e);
    }
  });
}

/**
 * A table on A4 documents: a bold header row ruled underneath, then a row per entry (each cell cut
 * to its column with an ellipsis), a new page with the header again when fewer than `reserve`
 * points are left. Draws at doc.y from the left margin; leaves doc.y under the last row.
 */
export function pdfTable(doc: PDFKit.PDFDocument, t: { columns: readonly string[]; widths: readonly number[]; rows: Iterable<readonly string[]>; reserve: number }): void {
  const header = () => {
    doc.font('bold').fontSize(9);
    let x = doc.page.margins.left;
    const y = doc.y;
    t.columns.forEach((c, i) => { doc.text(c, x, y, { width: t.widths[i], lineBreak: false }); x += t.widths[i]; });
    doc.moveTo(doc.page.margins.left, y + 13).lineTo(doc.page.width - doc.page.margins.right, y + 13).stroke();
    doc.y = y + 17;
    doc.font('regular');
  };
  header();
  for (const cells of t.rows) {
    if (doc.y > doc.page.height - doc.page.margins.bottom - t.reserve) { doc.addPage(); header(); }
    let x = doc.page.margins.left;
    const y = doc.y;
    cells.forEach((c, i) => { doc.text(c, x, y, { width: t.widths[i] - 4, height: 24, ellipsis: true }); x += t.widths[i]; });
    doc.y = y + 18;
  }
}

export async function renderLabels(labels: ShippingLabel[], opts: RenderLabelsOptions = {}): Promise<Uint8Array> {
  if (labels.length === 0) throw new RangeError('no labels to render');
  labels.forEach(check);
  const printed = shanghaiMinute(opts.printedAt ?? new Date());
  return pdfDocument({ size: [W, H], margin: 0, autoFirstPage: false, info: { Title: `面单 ×${labels.length}` } }, (doc, f) => {
    const pen = new Pen(doc, f);
    doc.font('regular');
    for (const l of labels) drawLabel(pen, l, f, printed);
  });
}
