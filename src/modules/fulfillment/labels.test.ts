import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { renderLabels, maskPhone, LABEL_WIDTH_MM, LABEL_HEIGHT_MM, PRINTER_DOT, type ShippingLabel } from './labels.ts';

// Every assert.ok here carries its own message: without one, node 20 rebuilds the message from
// this file's source, and it hung (rather than failed) on a line holding CJK text.
const MM = 72 / 25.4;
const PRINTED_AT = new Date('2026-12-04T12:00:00Z');

function label(over: Partial<ShippingLabel> = {}): ShippingLabel {
  return {
    waybillNo: 'SF1234567890123',
    carrier: { name: '顺丰速运', service: '标快' },
    recipient: { name: '欧阳喆堃', phone: '13862719945', address: { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号 翠苑小区 3 幢 1201 室' } },
    sender: { shopName: '小美的折扣店', phone: '13750836612' },
    returnAddress: { name: 'Sellthrough 退货组', phone: '4008000000', address: { province: '浙江省', city: '杭州市', district: '余杭区', detail: '仓前街道 云仓 3 号库' } },
    parcel: { index: 1, count: 1 },
    itemCount: 3,
    weightGrams: 1_250,
    orderNos: ['2026120412345678'],
    ...over,
  };
}

// ---- a small PDF reader: enough of the format to read back what renderLabels writes ----

interface Obj { dict: string; data?: Buffer }
interface Page { width: number; height: number; lines: string[]; sizes: number[]; glyphs: number[]; fills: number[][][] }
interface Pdf { pages: Page[]; objects: Map<number, Obj>; raw: string; inflated: string }

function readPdf(bytes: Uint8Array): Pdf {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const s = buf.toString('latin1');
  assert.ok(s.startsWith('%PDF-'), 'a PDF header');
  const xrefAt = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(s)?.[1]);
  const xref = /^xref\s+0 (\d+)\s+/.exec(s.slice(xrefAt));
  assert.ok(xref, 'a cross-reference table where startxref points');
  const objects = new Map<number, Obj>();
  const entries = s.slice(xrefAt + xref[0].length).split(/\r?\n|\r/).slice(0, Number(xref[1]));
  entries.forEach((e, num) => {
    const m = /^(\d{10}) (\d{5}) ([nf])/.exec(e.trim() + ' ');
    if (!m || m[3] !== 'n') return;
    const at = Number(m[1]);
    assert.ok(s.startsWith(`${num} 0 obj`, at), `object ${num} where the table says`);
    const end = s.indexOf('endobj', at);
    const streamAt = s.indexOf('stream', at);
    if (streamAt === -1 || streamAt > end) { objects.set(num, { dict: s.slice(at, end) }); return; }
    const dict = s.slice(at, streamAt);
    const len = /\/Length (\d+)( 0 R)?/.exec(dict);
    assert.ok(len, `object ${num}: a stream with a length`);
    const length = len[2] ? Number(/obj\s*(\d+)/.exec(objects.get(Number(len[1]))?.dict ?? '')?.[1]) : Number(len[1]);
    const start = streamAt + (s.startsWith('stream\r\n', streamAt) ? 8 : 7);
    const raw = buf.subarray(start, start + length);
    objects.set(num, { dict, data: /\/FlateDecode/.test(dict) ? zlib.inflateSync(raw) : raw });
  });
  const get = (ref: string) => { const o = objects.get(Number(ref)); assert.ok(o, `object ${ref}`); return o; };
  const root = get(/\/Root (\d+) 0 R/.exec(s.slice(xrefAt))![1]);
  const pages: Page[] = [];
  const walk = (num: string) => {
    const o = get(num);
    const kids = /\/Kids \[([^\]]*)\]/.exec(o.dict);
    if (kids) { for (const k of kids[1].matchAll(/(\d+) 0 R/g)) walk(k[1]); return; }
    pages.push(readPage(o, get));
  };
  walk(/\/Pages (\d+) 0 R/.exec(root.dict)![1]);
  const inflated = [...objects.values()].map((o) => o.data?.toString('latin1') ?? '').join('\n');
  return { pages, objects, raw: s, inflated };
}

/** ToUnicode CMap → glyph id to text. */
function readCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi)) map.set(parseInt(m[1], 16), utf16(m[2]));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\[[^\]]*\]|<[0-9a-f]+>)/gi)) {
      const lo = parseInt(m[1], 16);
      const hi = parseInt(m[2], 16);
      if (m[3].startsWith('[')) [...m[3].matchAll(/<([0-9a-f]+)>/gi)].forEach((v, i) => map.set(lo + i, utf16(v[1])));
      else for (let g = lo, u = parseInt(m[3].slice(1, -1), 16); g <= hi; g++, u++) map.set(g, String.fromCodePoint(u));
    }
  }
  return map;
}

function readPage(page: Obj, get: (ref: string) => Obj): Page {
  const box = /\/MediaBox \[([^\]]*)\]/.exec(page.dict)![1].trim().split(/\s+/).map(Number);
  const resources = get(/\/Resources (\d+) 0 R/.exec(page.dict)![1]).dict;
  const fonts = new Map<string, Map<number, string>>();
  for (const m of (/\/Font <<([\s\S]*?)>>/.exec(resources)?.[1] ?? '').matchAll(/\/(\S+) (\d+) 0 R/g)) {
    const font = get(m[2]).dict;
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(font);
    assert.ok(toUnicode, `font ${m[1]} has a ToUnicode map (its text can be copied and searched)`);
    fonts.set(m[1], readCMap(get(toUnicode[1]).data!.toString('latin1')));
  }
  const content = get(/\/Contents (\d+) 0 R/.exec(page.dict)![1]).data!.toString('latin1');
  const lines: string[] = [];
  const sizes: number[] = [];
  let size = 0;
  const glyphs: number[] = [];
  const fills: number[][][] = [];
  let path: number[][] = [];
  let operands: (string | number)[] = [];
  let font: Map<number, string> | undefined;
  const show = (hex: string) => {
    let text = '';
    for (let i = 0; i + 4 <= hex.length; i += 4) {
      const gid = parseInt(hex.slice(i, i + 4), 16);
      glyphs.push(gid);
      const ch = font?.get(gid);
      assert.ok(ch !== undefined, `glyph ${gid} has a Unicode mapping`);
      text += ch;
    }
    return text;
  };
  for (const t of content.matchAll(/\/([^\s/[\]<>()]+)|<([0-9a-fA-F]*)>|(\[)|(\])|(-?\d*\.?\d+(?:e-?\d+)?)|([A-Za-z*'"]+)/g)) {
    if (t[1] !== undefined) operands.push(`/${t[1]}`);
    else if (t[2] !== undefined) operands.push(`<${t[2]}>`);
    else if (t[3] || t[4]) continue;
    else if (t[5] !== undefined) operands.push(Number(t[5]));
    else {
      const op = t[6];
      if (op === 'Tf') { font = fonts.get(String(operands[0]).slice(1)); size = Number(operands[1]); }
      else if ((op === 'TJ' || op === 'Tj') && sizes.push(size)) lines.push(operands.filter((o): o is string => typeof o === 'string' && o.startsWith('<')).map((o) => show(o.slice(1, -1))).join(''));
      else if (op === 're') path.push(operands.slice(-4) as number[]);
      else if (op === 'f' || op === 'f*' || op === 'F') { fills.push(path); path = []; }
      else if (op === 'S' || op === 's' || op === 'n' || op === 'B' || op === 'b') path = [];
      operands = [];
    }
  }
  return { width: box[2] - box[0], height: box[3] - box[1], lines, sizes, glyphs, fills };
}

// ---- Code 128, decoded from bar and space widths (the symbology's own table, not bwip-js's) ----

const CODE128 = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232',
];
const STOP = '2331112';

/** Bars (x, width) of one bar row → the text they encode; checks start, checksum and stop. */
function decodeCode128(bars: { x: number; w: number }[]): { text: string; module: number } {
  const widths: number[] = [];
  bars.forEach((b, i) => { if (i > 0) widths.push(b.x - (bars[i - 1].x + bars[i - 1].w)); widths.push(b.w); });
  assert.equal((widths.length - 7) % 6, 0, 'start, data and check symbols of six elements and a stop of seven');
  const symbols = (widths.length - 7) / 6 + 1;
  const span = bars.at(-1)!.x + bars.at(-1)!.w - bars[0].x;
  const module = span / (11 * symbols + 2);
  const units = widths.map((w) => { const u = w / module; assert.ok(Math.abs(u - Math.round(u)) < 0.05, `element of ${u.toFixed(3)} modules`); return Math.round(u); });
  assert.equal(units.slice(-7).join(''), STOP, 'the stop pattern');
  const values = [];
  for (let i = 0; i + 7 < units.length; i += 6) {
    const v = CODE128.indexOf(units.slice(i, i + 6).join(''));
    assert.ok(v >= 0, `symbol ${i / 6} is a Code 128 pattern`);
    values.push(v);
  }
  const [start, ...rest] = values;
  const check = rest.pop()!;
  assert.ok(start >= 103 && start <= 105, 'a start symbol');
  assert.equal(rest.reduce((sum, v, i) => sum + v * (i + 1), start) % 103, check, 'the check symbol');
  let set = start - 103; // 0 A, 1 B, 2 C
  let text = '';
  for (const v of rest) {
    if (set === 2) {
      if (v < 100) text += String(v).padStart(2, '0');
      else if (v === 100) set = 1; else if (v === 101) set = 0; else assert.fail(`unexpected ${v} in code set C`);
    } else if (v < 96) {
      text += String.fromCharCode(set === 1 ? v + 32 : v < 64 ? v + 32 : v - 64);
    } else if (v === 99) set = 2;
    else if ((set === 1 && v === 101) || (set === 0 && v === 100)) set = 1 - set;
    else assert.fail(`unexpected ${v} in code set ${set === 0 ? 'A' : 'B'}`);
  }
  return { text, module };
}

/** The one filled path of a page made of many equal-height rectangles: the barcode. */
function barsOf(page: Page): { x: number; w: number; y: number; h: number }[] {
  const rows = page.fills.filter((p) => p.length > 10);
  assert.equal(rows.length, 1, 'one row of bars on the label');
  const bars = rows[0].map(([x, y, w, h]) => ({ x, y, w, h })).sort((a, b) => a.x - b.x);
  assert.ok(bars.every((b) => b.y === bars[0].y && b.h === bars[0].h), 'bars of one height');
  return bars;
}

// ---- the tests ----

/** Text without its spaces: a wrapped line drops the space it was broken at. */
const squeeze = (s: string) => s.replace(/\s+/g, '');

test('one 100 × 150 mm page per label, in the order given, each with its own waybill number', async () => {
  const nos = ['SF1000000000001', 'SF1000000000002', 'SF1000000000003'];
  const pdf = readPdf(await renderLabels(nos.map((waybillNo) => label({ waybillNo })), { printedAt: PRINTED_AT }));
  assert.equal(pdf.pages.length, 3);
  for (const [i, page] of pdf.pages.entries()) {
    assert.ok(Math.abs(page.width - LABEL_WIDTH_MM * MM) < 0.01 && Math.abs(page.height - LABEL_HEIGHT_MM * MM) < 0.01, `page ${i + 1} is ${page.width} × ${page.height} pt`);
    assert.ok(page.lines.includes(nos[i]), `page ${i + 1} prints ${nos[i]} beneath its bars`);
    assert.ok(!nos.filter((n) => n !== nos[i]).some((n) => page.lines.join('\n').includes(n)), `page ${i + 1} prints no other label's number`);
  }
});

test('the bars are Code 128 of the waybill number, in whole printer dots, with quiet zones inside the label', async () => {
  const nos = ['SF1234567890123', '773012345678901', 'JT0001234567', 'JDVA00123456789-1-1-', 'YT-ab/7 X9', '4'];
  const pdf = readPdf(await renderLabels(nos.map((waybillNo) => label({ waybillNo })), { printedAt: PRINTED_AT }));
  for (const [i, page] of pdf.pages.entries()) {
    const bars = barsOf(page);
    const { text, module } = decodeCode128(bars);
    assert.equal(text, nos[i]);
    const dots = module / PRINTER_DOT;
    assert.ok(Math.abs(dots - Math.round(dots)) < 1e-3 && dots >= 2 && dots <= 4, `module of ${dots} dots`);
    const left = bars[0].x;
    const right = bars.at(-1)!.x + bars.at(-1)!.w;
    assert.ok(left >= 10 * module && page.width - right >= 10 * module, 'ten modules of quiet zone each side');
    assert.ok(bars[0].h >= 15 * MM, 'bars at least 15 mm tall');
  }
});

test('Chinese prints in the embedded font: the recipient, the address, a rare character; no missing glyphs', async () => {
  const pdf = readPdf(await renderLabels([label()], { printedAt: PRINTED_AT }));
  const text = pdf.pages[0].lines.join('');
  assert.ok(pdf.pages[0].lines.includes('欧阳喆堃'), 'the recipient name, whole');
  assert.ok(squeeze(text).includes(squeeze('浙江省杭州市西湖区文三路 100 号 翠苑小区 3 幢 1201 室')), 'the full address (over lines broken where they may be)');
  assert.ok(text.includes('顺丰速运') && text.includes('标快'), 'carrier and service');
  assert.ok(pdf.pages[0].lines.includes('浙江省 杭州市'), 'the destination line');
  assert.ok(pdf.pages[0].lines.includes('小美的折扣店（代发）'), 'the sender is the reseller’s shop');
  assert.ok(pdf.pages[0].lines.includes('退货：Sellthrough 退货组 4008000000 浙江省杭州市余杭区仓前街道 云仓 3 号库'), 'the platform’s returns desk, one small line');
  assert.ok(!pdf.pages[0].glyphs.includes(0), 'no .notdef glyph (a box where a character should be)');
  const fontFiles = [...pdf.objects.values()].filter((o) => /\/Subtype \/CIDFontType0C/.test(o.dict));
  assert.ok(fontFiles.length >= 1, 'the font is embedded');
  for (const f of fontFiles) assert.ok(f.data!.length < 1_000_000, `a subset of the font, not all of it (${f.data!.length} bytes)`);
  assert.match(pdf.raw, /\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/, 'a subset font, named as one');
});

test('phones are masked: the middle four digits of a mobile, never the whole number anywhere in the file', async () => {
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskPhone('+86 138 1234 5678'), '138****5678');
  assert.equal(maskPhone('0571-88881234'), '057*****1234');
  assert.equal(maskPhone('88881234'), '****1234');
  assert.equal(maskPhone('5678'), '****');
  assert.equal(maskPhone('123'), '****');
  const bytes = await renderLabels([label()], { printedAt: PRINTED_AT });
  const pdf = readPdf(bytes);
  assert.ok(pdf.pages[0].lines.includes('138****9945'), 'the recipient, masked');
  assert.ok(pdf.pages[0].lines.includes('137****6612'), 'the reseller, masked');
  const text = pdf.pages[0].lines.join('\n');
  for (const middle of ['6271', '5083']) assert.ok(!text.includes(middle), `${middle} (the middle digits) is not printed`);
  for (const phone of ['13862719945', '13750836612']) assert.ok(!pdf.raw.includes(phone) && !pdf.inflated.includes(phone), `${phone} is nowhere in the file`);
});

// A money field on ShippingLabel, at any depth, fails the typecheck here.
type Keys<T> = T extends readonly unknown[] ? Keys<T[number]> : T extends object ? { [K in keyof T & string]: K | Keys<T[K]> }[keyof T & string] : never;
type MoneyKeys = Extract<Keys<ShippingLabel>, `${string}${'price' | 'Price' | 'amount' | 'Amount' | 'fen' | 'Fen' | 'cost' | 'Cost' | 'total' | 'Total' | 'value' | 'Value'}${string}`>;
const labelHasNoMoneyField: [MoneyKeys] extends [never] ? true : false = true;

test('never a price: a label made from a wider row (an order with its amounts) prints none of them', async () => {
  assert.equal(labelHasNoMoneyField, true);
  const row = { ...label(), priceFen: 13_579, totalFen: 86_420, declaredValue: '¥864.20', order: { amountFen: 86_420 } };
  const pdf = readPdf(await renderLabels([row], { printedAt: PRINTED_AT }));
  const text = pdf.pages[0].lines.join('\n');
  for (const money of ['135', '579', '864', '¥', '元', '价', '金额']) assert.ok(!text.includes(money), `${money} is not printed`);
  assert.ok(text.includes('3 件') && text.includes('1.25 kg'), 'item count and weight are');
});

test('n/N only when the consumer’s goods go in several parcels; sort code, municipality, orders, print time', async () => {
  const orders = Array.from({ length: 30 }, (_, i) => `20261204${String(10_000_000 + i)}`);
  const pdf = readPdf(await renderLabels([
    label(),
    label({ parcel: { index: 2, count: 3 }, orderNos: ['2026120400000001', '2026120400000002'] }),
    label({ sortCode: '571-WA 01', recipient: { ...label().recipient, address: { province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 8 号' } }, orderNos: orders }),
  ], { printedAt: new Date('2026-12-04T16:30:00Z') }));
  const [one, split, shanghai] = pdf.pages.map((p) => p.lines);
  assert.ok(!one.join('\n').includes('1/1'), 'a single parcel shows no 1/1');
  assert.ok(split.includes('第 2/3 件'), `第 2/3 件 among ${JSON.stringify(split)}`);
  assert.ok(split.join('\n').includes('2026120400000001') && split.join('\n').includes('2026120400000002'), 'every order number when they fit');
  assert.ok(shanghai.includes('571-WA 01'), 'the carrier’s sort code, big');
  assert.ok(shanghai.includes('上海市 浦东新区'), 'a municipality: city and district, not 上海市 上海市');
  assert.ok(squeeze(shanghai.join('')).includes('上海市浦东新区世纪大道8号') && !shanghai.join('').includes('上海市上海市'), 'the full address, without the city twice');
  const listed = shanghai.join('\n');
  assert.ok(listed.includes(orders[0]) && !listed.includes(orders[29]) && listed.includes('等 30 单'), 'the first order numbers and how many there are in all');
  assert.ok(one.includes('打印时间 2026-12-05 00:30'), 'printed-at in China time');
});

test('emoji are left out, a character the font lacks prints as □, line breaks become spaces', async () => {
  const pdf = readPdf(await renderLabels([label({
    sender: { shopName: '小美🌸的店', phone: '13700000001' },
    recipient: { ...label().recipient, name: '𠮷野', address: { ...label().recipient.address, detail: '文三路 100 号\n3 幢' } },
  })], { printedAt: PRINTED_AT }));
  const lines = pdf.pages[0].lines;
  const seen = JSON.stringify(lines);
  assert.ok(lines.includes('小美的店（代发）'), `the shop without its emoji, among ${seen}`);
  assert.ok(lines.includes('□野'), `□ for the missing character, among ${seen}`);
  assert.ok(lines.join('').includes('文三路 100 号 3 幢'), `the line break as a space, among ${seen}`);
  assert.ok(!pdf.pages[0].glyphs.includes(0), 'no .notdef glyph');
});

/** Lines of `original` as wrapped: each break falls at a space or beside a character that is not a Latin letter or digit. */
function assertBrokenWell(original: string, lines: string[]): void {
  let rest = original;
  for (const [i, l] of lines.entries()) {
    rest = rest.trimStart();
    assert.ok(rest.startsWith(l), `line ${i + 1} ${JSON.stringify(l)} continues the text at ${JSON.stringify(rest.slice(0, 20))}`);
    rest = rest.slice(l.length);
    const [before, after] = [l.at(-1) ?? '', rest[0] ?? ' '];
    assert.ok(/\s/.test(after) || !(/[A-Za-z0-9]/.test(before) && /[A-Za-z0-9]/.test(after)), `no word or number broken at ${JSON.stringify(l)} | ${JSON.stringify(rest.slice(0, 10))}`);
  }
}

test('a long address is wrapped over at most three lines, smaller, and cut with … only when even that is not enough', async () => {
  const long = '文三路 100 号 翠苑小区 3 幢 2 单元 1201 室，白天家里没人请放小区东门菜鸟驿站或者丰巢快递柜，到了请打电话';
  const latin = 'Room 1201, Building 3, Sellthrough Tower, No. 88 Century Avenue, Pudong (200120)';
  const tooLong = long.repeat(4);
  const at = (detail: string) => label({ recipient: { ...label().recipient, address: { ...label().recipient.address, detail } } });
  const pdf = readPdf(await renderLabels([at(long), at(latin), at(tooLong)], { printedAt: PRINTED_AT }));
  const address = (p: Page) => { const from = p.lines.indexOf('欧阳喆堃') + 1; const to = p.lines.indexOf('寄'); return { lines: p.lines.slice(from, to), size: p.sizes[from] }; };
  const [{ lines: fits, size: fitSize }, { lines: latinLines }, { lines: cut, size: cutSize }] = pdf.pages.map(address);
  assert.ok(fits.length >= 2 && fits.length <= 3, `${fits.length} lines: ${JSON.stringify(fits)}`);
  assertBrokenWell(`浙江省杭州市西湖区${long}`, fits);
  assert.ok(latinLines.length >= 2 && latinLines.length <= 3, `${latinLines.length} lines: ${JSON.stringify(latinLines)}`);
  assertBrokenWell(`浙江省杭州市西湖区${latin}`, latinLines);
  assert.equal(squeeze(latinLines.join('')), squeeze(`浙江省杭州市西湖区${latin}`));
  assert.equal(cut.length, 3, `three lines: ${JSON.stringify(cut)}`);
  assert.ok(cutSize < fitSize, `the longer address is smaller (${cutSize} < ${fitSize} pt)`);
  assert.ok(cut[2].endsWith('…') && squeeze(`浙江省杭州市西湖区${tooLong}`).startsWith(squeeze(cut.join('')).slice(0, -1)), `cut at the end: ${JSON.stringify(cut)}`);
});

test('refuses what it cannot print', async () => {
  await assert.rejects(renderLabels([]), RangeError);
  await assert.rejects(renderLabels([label({ waybillNo: '顺丰123' })]), /Code 128/);
  await assert.rejects(renderLabels([label({ waybillNo: '' })]), RangeError);
  await assert.rejects(renderLabels([label({ parcel: { index: 3, count: 2 } })]), /n of N/);
  await assert.rejects(renderLabels([label({ itemCount: 0 })]), RangeError);
});
