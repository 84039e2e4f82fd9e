// 销售战报 as a picture: the card a reseller forwards into WeChat groups to show how fast a brand's
// sale event is selling (social proof), with a QR code of their share link. Pure: figures in, PNG
// bytes out, no browser, no network, no database.
//
// - 750 px wide (POSTER_WIDTH, as the share posters); the height follows what is shown — the
//   headline on one line or two, the title on one or two, 0–5 top SKUs, the footer with or without
//   the QR code: about 1,650 px for a full report, 940 before the first sale.
// - Units, percentages and people only: the input has no money field and the headline, the one
//   free sentence, is refused when it carries an amount of money (¥, 元, CNY…). The sale event's
//   title and brand are its public names and are printed as they are.
// - Counts print with thousands separators (1,200), in Chinese as in English; sell-through is
//   rounded down to a tenth of a per cent, so an event never reads 100% before its last unit goes.
// - The curve is drawn here (no chart library): cumulative units against China time, each bucket's
//   units spread over its bucket (10 minutes, or an hour from 24 hours after the first bucket, as
//   battleReport buckets them), flat across buckets without sales.
// - satori lays the card out and draws its text; the band's gradient and rings, the curve and the
//   QR code are SVG written here and put into satori's SVG in place of a box of a colour kept for
//   them (a slot). Drawn by satori they would be a pattern and images, each of which costs resvg
//   a canvas-sized layer, most of the time of a render on these machines; for the same reason text
//   is cut with lineClamp (no clip) rather than overflow: hidden (a mask).
// - The fonts (Noto Sans SC Regular and Bold from @embedpdf/fonts-sc) are read once per process and
//   handed to satori as the same array every call, so satori parses them once. poster.ts keeps its
//   own array (it does not export it), so a process drawing both holds two parsed copies.
// - Cost, warm: see renderBattleReport.
import satori from 'satori';
import { renderAsync } from '@resvg/resvg-js';
import QRCode from 'qrcode';
import { POSTER_WIDTH, fonts, posterEndsAt, type PosterNode } from './poster.ts';

export interface BattleReportImageInput {
  lang: 'zh-CN' | 'en';
  brandName: string;
  title: string;
  /** Worded by the caller from units and people ("开场 30 分钟售出 1,200 件"); never money. */
  headline: string;
  sold: number;
  sellThroughBps: number;
  buyers: number;
  soldOutSkus: number;
  /** The best sellers, best first; the first five are shown. */
  topSkus: { productName: string; colour: string; size: string; sold: number }[];
  /** Cumulative units paid by bucket start, 'YYYY-MM-DDTHH:MM' China time, ascending; may be empty. */
  curve: { at: string; cumulative: number }[];
  /** When the sale event ends; printed in China time. */
  endsAt: Date;
  /** The reseller's share link, drawn as a QR code in the footer (never printed); null: no code. */
  link: string | null;
  resellerName: string | null;
}

export const BATTLE_REPORT_WIDTH = POSTER_WIDTH;
export const MAX_TOP_SKUS = 5;

// ---- geometry (px) and colours ----

const PAD_X = 32;
const CARD_PAD = 28;
const CARD_INNER = POSTER_WIDTH - 2 * PAD_X - 2 * CARD_PAD;
const BAND_PAD = PAD_X + 8;
const BAND_INNER = POSTER_WIDTH - 2 * BAND_PAD;
const CHART_H = 170;
const QR_BOX = 200;
const QR_MIN = 168;
const QR_MARGIN = 2;

const RED = '#d7261e';
const RED_DEEP = '#b3121a';
const GOLD = '#ffd98a';
const GOLD_DEEP = '#e9a23b';
const INK = '#1f1f1f';
const GREY = '#8c8c8c';
const PAGE = '#fbf1e6';
const FONT = 'Noto Sans SC';

// ---- the fonts: the posters' (poster.ts), read once per process and parsed once by satori ----

// ---- words and figures ----

const PICTOGRAPHS = /[\p{Extended_Pictographic}\u200d\ufe0e\ufe0f]/gu;

/**
 * One printable line: controls and whitespace runs become one space; emoji go (the font has none);
 * a curly apostrophe inside a Latin word becomes straight (the CJK font's is a full em wide).
 */
function clean(text: string): string {
  return text.replace(PICTOGRAPHS, '').replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').replace(/(?<=[A-Za-z])[\u2018\u2019](?=[A-Za-z])/g, "'").trim();
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1,200: a count with thousands separators, in both languages. */
export function battleCount(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`a count must be a non-negative integer, got ${n}`);
  return COUNT.format(n);
}

/** Sell-through in per cent, rounded down to a tenth: 8734 → "87.3%", 10000 → "100%", 9999 → "99.9%". */
export function battleSellThrough(bps: number): string {
  if (!Number.isSafeInteger(bps) || bps < 0 || bps > 10_000) throw new RangeError(`sell-through must be 0–10000 basis points, got ${bps}`);
  const tenths = Math.floor(bps / 10);
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}%`;
}

// An amount of money: a currency sign or code, or a number followed by 元 / 块 (万元, 千元 too).
const MONEY = /[¥￥$€£]|\b(?:CNY|RMB|yuan)\b|\d\s*[万千百]?\s*[元块]/i;

const WORDS = {
  'zh-CN': {
    band: '销售战报', bandLatin: 'BATTLE REPORT',
    sold: '已售', sellThrough: '售罄率', buyers: '买家', units: '件', people: '位',
    curve: '累计销量', noCurve: '还没有成交，开场后这里会实时更新',
    top: (n: number) => `热销 TOP ${n}`, soldOut: (n: string) => `已售罄 ${n} 款`, pcs: (n: string) => `${n} 件`,
    invites: '邀你一起抢购', scan: '长按识别二维码 抢购', dayTime: (month: number, day: number, time: string) => `${month}月${day}日 ${time}`,
  },
  en: {
    band: 'Battle report', bandLatin: null,
    sold: 'Units sold', sellThrough: 'Sell-through', buyers: 'Buyers', units: '', people: '',
    curve: 'Units sold so far', noCurve: 'No sales yet — this updates live once the sale opens',
    top: (n: number) => `Top ${n}`, soldOut: (n: string) => `${n} SKUs sold out`, pcs: (n: string) => `${n} pcs`,
    invites: 'invites you to shop', scan: 'Scan to shop', dayTime: (month: number, day: number, time: string) => `${day} ${MONTHS[month - 1]} ${time}`,
  },
} as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// ---- the curve ----

/** Minutes since the epoch of a 'YYYY-MM-DDTHH:MM' China-time label (as if UTC: only differences matter). */
function minutesOf(at: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(at);
  if (!m) throw new RangeError(`a curve point's time must be 'YYYY-MM-DDTHH:MM', got ${JSON.stringify(at)}`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) / 60_000;
}

/** "20:00" when the curve stays within a day, else "12月6日 20:00" / "6 Dec 20:00". */
function timeLabel(minutes: number, withDay: boolean, lang: BattleReportImageInput['lang']): string {
  const d = new Date(minutes * 60_000);
  const time = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return withDay ? WORDS[lang].dayTime(d.getUTCMonth() + 1, d.getUTCDate(), time) : time;
}

const DAY = 24 * 60;

/**
 * The curve as [minute, cumulative] corners: from zero at the first bucket's start, each bucket's
 * units added across its bucket (10 minutes for the first day, an hour after, as battleReport
 * buckets them), flat from one bucket's end to the next one's start.
 */
function curvePoints(curve: BattleReportImageInput['curve']): [number, number][] {
  if (curve.length === 0) return [];
  const start = minutesOf(curve[0].at);
  const points: [number, number][] = [[start, 0]];
  let before = 0;
  for (const { at, cumulative } of curve) {
    if (!Number.isFinite(cumulative) || cumulative < 0) throw new RangeError(`a cumulative count must be non-negative, got ${cumulative}`);
    const t = minutesOf(at);
    const last = points[points.length - 1];
    if (t < last[0]) throw new RangeError(`the curve must be in ascending time, ${at} comes too late`);
    if (t > last[0]) points.push([t, before]);
    const to: [number, number] = [t + (t - start < DAY ? 10 : 60), Math.max(before, cumulative)];
    points.push(to);
    before = to[1];
  }
  return points;
}

// ---- what is drawn as SVG here: the band's background, the curve, the QR code ----

/**
 * A slot: a box of a colour kept for it, which satori draws as one `<rect>`; draw() gives the SVG
 * drawn in its place, at the rect's position and size. Its colour is never used for anything else.
 */
interface Slot { colour: string; draw: (x: number, y: number, width: number, height: number) => string }

const BAND_SLOT = '#fe0101';
const CURVE_SLOT = '#fe0102';
const QR_SLOT = '#fe0103';

/** The band: red going deeper down and to the right, gold rings in the top right corner. */
const bandSlot: Slot = {
  colour: BAND_SLOT,
  draw: (x, y, w, h) => '<defs><linearGradient id="br-band" x1="0.2" y1="0" x2="0.8" y2="1">'
    + `<stop offset="0" stop-color="#ef4a2f"/><stop offset="0.45" stop-color="${RED}"/><stop offset="1" stop-color="${RED_DEEP}"/></linearGradient></defs>`
    + `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="url(#br-band)"/>`
    + `<g fill="none" stroke="${GOLD}" stroke-width="3"><circle cx="${x + w - 90}" cy="${y + 30}" r="150" stroke-opacity="0.28"/>`
    + `<circle cx="${x + w - 105}" cy="${y + 55}" r="95" stroke-opacity="0.2"/></g>`
    + `<circle cx="${x + w - 270}" cy="${y + 34}" r="5" fill="${GOLD}" fill-opacity="0.4"/>`,
};

interface Chart { slot: Slot; from: string; to: string; top: string }

/** The cumulative curve (area under a line, a dot at the end) and its axis labels, or null before the first sale. */
function curveChart(curve: BattleReportImageInput['curve'], lang: BattleReportImageInput['lang']): Chart | null {
  const points = curvePoints(curve);
  const peak = points.length ? points[points.length - 1][1] : 0;
  if (peak === 0) return null;
  const [t0, t1] = [points[0][0], points[points.length - 1][0]];
  const withDay = Math.floor(t0 / DAY) !== Math.floor(t1 / DAY);
  const draw = (ox: number, oy: number, w: number, h: number): string => {
    // room for the stroke and the end dot inside the box
    const [left, right, top, bottom] = [ox + 6, ox + w - 10, oy + 12, oy + h - 4];
    const x = (t: number) => (left + ((t - t0) / (t1 - t0)) * (right - left)).toFixed(1);
    const y = (v: number) => (bottom - (v / peak) * (bottom - top)).toFixed(1);
    const line = points.map(([t, v]) => `${x(t)},${y(v)}`).join(' ');
    const grid = [0.25, 0.5, 0.75, 1].map((f) => {
      const gy = (bottom - f * (bottom - top)).toFixed(1);
      return `<line x1="${ox}" y1="${gy}" x2="${ox + w}" y2="${gy}"/>`;
    }).join('');
    return '<defs><linearGradient id="br-area" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#ff5a3c" stop-opacity="0.38"/>'
      + '<stop offset="1" stop-color="#ff5a3c" stop-opacity="0.02"/></linearGradient></defs>'
      + `<g stroke="#f0e4d6" stroke-width="1.5" stroke-dasharray="6 6">${grid}</g>`
      + `<line x1="${ox}" y1="${bottom}" x2="${ox + w}" y2="${bottom}" stroke="#e6d3bf" stroke-width="2"/>`
      + `<polygon points="${left},${bottom} ${line} ${x(t1)},${bottom}" fill="url(#br-area)"/>`
      + `<polyline points="${line}" fill="none" stroke="${RED}" stroke-width="4" stroke-linejoin="round" stroke-linecap="round"/>`
      + `<circle cx="${x(t1)}" cy="${y(peak)}" r="8" fill="${GOLD_DEEP}" stroke="#fff" stroke-width="3"/>`;
  };
  return { slot: { colour: CURVE_SLOT, draw }, from: timeLabel(t0, withDay, lang), to: timeLabel(t1, withDay, lang), top: battleCount(peak) };
}

/**
 * The link's QR code: whole pixels a module when that makes it QR_MIN–QR_BOX px, so every module
 * is sharp, with a quiet zone of QR_MARGIN modules (the white card around it adds more).
 */
function qrCode(link: string): { size: number; slot: Slot } {
  const { modules } = QRCode.create(link, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const side = n + 2 * QR_MARGIN;
  const perModule = Math.floor(QR_BOX / side);
  const size = perModule * side >= QR_MIN ? perModule * side : QR_BOX;
  let d = '';
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (modules.get(y, x)) d += `M${x + QR_MARGIN} ${y + QR_MARGIN}h1v1h-1z`;
    }
  }
  const draw = (x: number, y: number) => `<g transform="translate(${x} ${y}) scale(${size / side})" shape-rendering="crispEdges">`
    + `<rect width="${side}" height="${side}" fill="#fff"/><path d="${d}" fill="#000"/></g>`;
  return { size, slot: { colour: QR_SLOT, draw } };
}

/** satori's SVG with each slot's rect replaced by what the slot draws. */
function fillSlots(svg: string, slots: Slot[]): string {
  for (const slot of slots) {
    let found = false;
    svg = svg.replace(new RegExp(`<rect ([^>]*)fill="${slot.colour}"/>`), (_, attrs: string) => {
      const at = (name: string) => Number(new RegExp(`\\b${name}="([-\\d.]+)"`).exec(attrs)?.[1]);
      const [x, y, w, h] = [at('x'), at('y'), at('width'), at('height')];
      found = [x, y, w, h].every(Number.isFinite);
      return found ? slot.draw(x, y, w, h) : _;
    });
    // a satori that draws a box otherwise would leave a box of the slot's colour: better to fail
    if (!found) throw new Error(`satori drew no plain rect for the slot ${slot.colour}`);
  }
  return svg;
}

// ---- the element tree (satori's React-like nodes, built as plain objects) ----

type Style = Record<string, string | number>;
type Child = PosterNode | string;

function box(style: Style, ...children: (Child | null | false | '')[]): PosterNode {
  return { type: 'div', props: { style: { display: 'flex', boxSizing: 'border-box', ...style }, children: children.filter((c): c is Child => Boolean(c)) } };
}

function text(style: Style, content: string): PosterNode {
  return { type: 'div', props: { style: { boxSizing: 'border-box', ...style }, children: content } };
}

/** At most `lines` lines in `width`, cut with … (lineClamp cuts without a clip; overflow: hidden would mask). */
function clamped(lines: number, width: number, style: Style, content: string): PosterNode {
  return text({ display: 'block', lineClamp: lines, width, ...style }, content);
}

function slotBox(slot: Slot, width: number, height: number, style: Style = {}): PosterNode {
  return box({ width, height, backgroundColor: slot.colour, flexShrink: 0, ...style });
}

function card(style: Style, ...children: (Child | null | false | '')[]): PosterNode {
  return box({ flexDirection: 'column', backgroundColor: '#fff', borderRadius: 24, padding: CARD_PAD, marginTop: 20, ...style }, ...children);
}

/** A section's heading: a short red bar, the words, and something on the right. */
function heading(label: string, right: PosterNode | null): PosterNode {
  return box({ alignItems: 'center', marginBottom: 20, height: 40, width: CARD_INNER },
    box({ width: 8, height: 30, borderRadius: 4, backgroundColor: RED, marginRight: 14 }),
    text({ fontSize: 32, fontWeight: 700, lineHeight: 1.2, color: INK }, label),
    right && box({ marginLeft: 'auto' }, right));
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** The rough width of a line at 1 px font size: CJK a full em, Latin and digits about half. */
function ems(s: string): number {
  let w = 0;
  for (const ch of s) w += CJK.test(ch) ? 1 : /[\s,.:'’]/.test(ch) ? 0.28 : 0.6;
  return w;
}

const NUMBER_SCALE = 1.12;
const NUMBER_GAP = 0.16;
// punctuation that may not start a line: it stays with the character before it
const CLOSING = /^[，。、！？：；）》」』%,.!?:;)]/;

interface Token { text: string; number: boolean; gapAfter: boolean }

/**
 * The headline in pieces a line may break between: numbers whole, and, when `fine`, every CJK
 * character and every Latin word (else each run of words whole). A gap separates a number from
 * its neighbours and Latin words from each other, as the spaces around them would.
 */
function tokens(s: string, fine: boolean): Token[] {
  const out: Token[] = [];
  for (const part of s.split(/(\d[\d,.]*%?)/).map((p) => p.trim()).filter((p) => p !== '')) {
    if (/^\d/.test(part)) { out.push({ text: part, number: true, gapAfter: false }); continue; }
    const pieces = fine ? part.split(' ').flatMap((word) => (CJK.test(word) ? Array.from(word) : [word])) : [part];
    for (const piece of pieces) {
      const last = out[out.length - 1];
      if (last && !last.number && CLOSING.test(piece)) last.text += piece;
      else out.push({ text: piece, number: false, gapAfter: false });
    }
  }
  out.forEach((t, i) => {
    const next = out[i + 1];
    t.gapAfter = next !== undefined && (t.number || next.number || (!CJK.test(t.text) && !CJK.test(next.text)));
  });
  return out;
}

/**
 * The headline, numbers in gold and a touch larger (开场 30 分钟售出 1,200 件): as large as fits one
 * line, 48–84 px; a longer one wraps, up to three lines at 40–56 px.
 */
function headline(s: string): PosterNode {
  const whole = tokens(s, false);
  const width = whole.reduce((w, t) => w + ems(t.text) * (t.number ? NUMBER_SCALE : 1) + (t.gapAfter ? NUMBER_GAP : 0), 0);
  const fit = Math.floor((BAND_INNER - 4) / Math.max(1, width));
  const oneLine = fit >= 48;
  const size = oneLine ? Math.min(84, fit) : Math.max(40, Math.min(56, Math.floor((3 * (BAND_INNER - 4) * 0.9) / width)));
  const gap = Math.round(size * NUMBER_GAP);
  return box({ flexWrap: 'wrap', alignItems: 'baseline', marginTop: 28, width: BAND_INNER, color: '#fff', fontWeight: 700, lineHeight: 1.25 },
    // the gap after a piece, never before: a wrapped line starts at the margin
    ...(oneLine ? whole : tokens(s, true)).map((t) => text({
      fontSize: t.number ? Math.round(size * NUMBER_SCALE) : size, marginRight: t.gapAfter ? gap : 0, ...(t.number ? { color: GOLD } : {}),
    }, t.text)));
}

const BRAND_MAX = 260;

function band(input: BattleReportImageInput, brand: string, title: string): PosterNode {
  const w = WORDS[input.lang];
  // the title takes what the brand leaves of the line (a guess at the brand's width, on the safe side)
  const brandWidth = Math.min(BRAND_MAX, Math.ceil(ems(brand) * 24 + 28 + 6));
  return box({ flexDirection: 'column', width: POSTER_WIDTH, padding: `40px ${BAND_PAD}px 112px`, backgroundColor: BAND_SLOT },
    box({ alignItems: 'flex-end' },
      text({ fontSize: 60, fontWeight: 700, color: GOLD, lineHeight: 1.1, letterSpacing: input.lang === 'en' ? 1 : 10 }, w.band),
      w.bandLatin && text({ fontSize: 20, fontWeight: 700, color: 'rgba(255, 217, 138, 0.75)', letterSpacing: 5, marginLeft: 10, marginBottom: 8 }, w.bandLatin)),
    box({ width: 72, height: 5, borderRadius: 3, backgroundColor: GOLD, marginTop: 18 }),
    box({ alignItems: 'flex-start', marginTop: 24, width: BAND_INNER },
      brand && clamped(1, brandWidth, { fontSize: 24, fontWeight: 700, color: RED_DEEP, backgroundColor: GOLD, borderRadius: 8, padding: '3px 14px', lineHeight: 1.35, marginTop: 3, marginRight: 14, flexShrink: 0 }, brand),
      clamped(2, BAND_INNER - (brand ? brandWidth + 14 : 0), { fontSize: 28, color: '#fff', lineHeight: 1.35 }, title)),
    headline(clean(input.headline)));
}

const FIGURES_INNER = POSTER_WIDTH - 2 * PAD_X - 4;
const FIGURE_W = Math.floor((FIGURES_INNER - 2 * 2) / 3);

function figure(value: string, unit: string, label: string): PosterNode {
  // 52 px, smaller when a long count would not fit its third of the card (1,234,567)
  const size = Math.min(52, Math.floor((FIGURE_W - 28 - (unit ? 28 : 0)) / ems(value)));
  return box({ flexDirection: 'column', alignItems: 'center', width: FIGURE_W },
    box({ alignItems: 'flex-end', color: RED, height: 58 },
      text({ fontSize: size, fontWeight: 700, lineHeight: 1.1 }, value),
      unit && text({ fontSize: 24, fontWeight: 700, lineHeight: 1, marginLeft: 4, marginBottom: 8 }, unit)),
    text({ fontSize: 24, color: GREY, marginTop: 6, lineHeight: 1.3 }, label));
}

const divider = (): PosterNode => box({ width: 2, height: 72, backgroundColor: '#f2e6d9' });

function figures(input: BattleReportImageInput): PosterNode {
  const w = WORDS[input.lang];
  // a gold frame: the white card on a gold one 2 px larger (a border with a radius would clip)
  return box({ marginTop: -84, padding: 2, backgroundColor: GOLD, borderRadius: 26 },
    box({ backgroundColor: '#fff', borderRadius: 24, padding: '30px 0 26px', alignItems: 'center', width: FIGURES_INNER },
      figure(battleCount(input.sold), w.units, w.sold), divider(),
      figure(battleSellThrough(input.sellThroughBps), '', w.sellThrough), divider(),
      figure(battleCount(input.buyers), w.people, w.buyers)));
}

function curveCard(input: BattleReportImageInput, chart: Chart | null): PosterNode {
  const w = WORDS[input.lang];
  const label = (s: string, style: Style = {}) => text({ fontSize: 22, color: GREY, lineHeight: 1.3, ...style }, s);
  if (!chart) {
    return card({},
      heading(w.curve, null),
      box({ height: CHART_H, width: CARD_INNER, alignItems: 'center', justifyContent: 'center', borderRadius: 16, backgroundColor: '#fdf6ee' },
        label(w.noCurve, { fontSize: 24 })));
  }
  return card({},
    heading(w.curve, text({ fontSize: 26, fontWeight: 700, color: RED, lineHeight: 1.2 }, w.pcs(chart.top))),
    slotBox(chart.slot, CARD_INNER, CHART_H),
    box({ justifyContent: 'space-between', marginTop: 8, width: CARD_INNER }, label(chart.from), label(chart.to)));
}

const ROW_H = 76;
const RANK = 44;
const UNITS_W = 140;
const NAME_W = CARD_INNER - 18 - RANK - 18 - UNITS_W - 20;

/** One best seller: its rank, name and variant, units, on a warm bar as long as its share of the best one's units. */
function topRow(rank: number, name: string, variant: string, units: string, share: number): PosterNode {
  const medal = rank <= 3;
  return box({ height: ROW_H, width: CARD_INNER, alignItems: 'center', marginTop: rank === 1 ? 0 : 10 },
    // the bar first and in the flow, the row drawn over it by a negative margin (an absolute bar
    // would be painted over the row, as CSS paints positioned boxes last)
    box({ height: ROW_H, borderRadius: 16, width: Math.max(RANK + 36, Math.round(CARD_INNER * share)), marginRight: -Math.max(RANK + 36, Math.round(CARD_INNER * share)), backgroundColor: medal ? '#ffeedd' : '#fbf3ea', flexShrink: 0 }),
    box({ width: RANK, height: RANK, borderRadius: 12, marginLeft: 18, marginRight: 18, alignItems: 'center', justifyContent: 'center', backgroundColor: medal ? RED : '#eadfd2', flexShrink: 0 },
      text({ fontSize: 24, fontWeight: 700, color: medal ? GOLD : '#8a7a6a', lineHeight: 1 }, String(rank))),
    box({ flexDirection: 'column', width: NAME_W, flexShrink: 0 },
      clamped(1, NAME_W, { fontSize: 26, fontWeight: 700, color: INK, lineHeight: 1.3 }, name),
      variant && clamped(1, NAME_W, { fontSize: 22, color: GREY, lineHeight: 1.3, marginTop: 2 }, variant)),
    text({ fontSize: 28, fontWeight: 700, color: RED, lineHeight: 1.2, width: UNITS_W, textAlign: 'right', flexShrink: 0 }, units));
}

function topCard(input: BattleReportImageInput): PosterNode | null {
  const w = WORDS[input.lang];
  const skus = input.topSkus.slice(0, MAX_TOP_SKUS);
  if (skus.length === 0) return null;
  const soldOut = input.soldOutSkus > 0
    ? text({ fontSize: 22, fontWeight: 700, color: '#fff', backgroundColor: RED, borderRadius: 20, padding: '4px 16px', lineHeight: 1.3 }, w.soldOut(battleCount(input.soldOutSkus)))
    : null;
  const most = Math.max(1, ...skus.map((s) => s.sold));
  return card({}, heading(w.top(skus.length), soldOut),
    ...skus.map((s, i) => topRow(i + 1, clean(s.productName), [clean(s.colour), clean(s.size)].filter(Boolean).join(' / '), w.pcs(battleCount(s.sold)), s.sold / most)));
}

function footer(input: BattleReportImageInput, qr: { size: number; slot: Slot } | null): PosterNode {
  const w = WORDS[input.lang];
  const name = input.resellerName === null ? '' : clean(input.resellerName);
  const left = CARD_INNER - (qr ? QR_BOX + 8 : 0);
  const ends = text({ fontSize: 24, fontWeight: 700, color: RED, backgroundColor: '#fff1ec', padding: '6px 16px', borderRadius: 8, lineHeight: 1.3 }, posterEndsAt(input.endsAt, input.lang));
  // with nothing but the end time, the end time in the middle
  const alone = !qr && !name;
  return card({ flexDirection: 'row', alignItems: 'center', justifyContent: alone ? 'center' : 'flex-start', marginBottom: PAD_X, padding: qr ? `20px 20px 20px ${CARD_PAD}px` : CARD_PAD },
    box({ flexDirection: 'column', alignItems: alone ? 'center' : 'flex-start', width: left },
      name && clamped(1, left, { fontSize: 30, fontWeight: 700, color: INK, lineHeight: 1.35 }, name),
      name && text({ fontSize: 22, color: GREY, lineHeight: 1.4, marginTop: 2 }, w.invites),
      box({ marginTop: name ? 18 : 0 }, ends),
      qr && text({ fontSize: 28, fontWeight: 700, color: INK, lineHeight: 1.4, marginTop: 18 }, w.scan)),
    qr && box({ width: QR_BOX, height: QR_BOX, alignItems: 'center', justifyContent: 'center', flexShrink: 0 }, slotBox(qr.slot, qr.size, qr.size)));
}

/** The tree, and the slots to fill in satori's SVG. */
function layout(input: BattleReportImageInput): { tree: PosterNode; slots: Slot[] } {
  const head = clean(input.headline);
  if (MONEY.test(head)) throw new RangeError(`a battle report prints no money, and the headline has some: ${JSON.stringify(input.headline)}`);
  const chart = curveChart(input.curve, input.lang);
  const qr = input.link === null ? null : qrCode(input.link);
  const tree = box({ flexDirection: 'column', width: POSTER_WIDTH, backgroundColor: PAGE, fontFamily: FONT, color: INK },
    band(input, clean(input.brandName), clean(input.title)),
    box({ flexDirection: 'column', padding: `0 ${PAD_X}px` },
      figures(input),
      curveCard(input, chart),
      topCard(input),
      footer(input, qr)));
  return { tree, slots: [bandSlot, ...(chart ? [chart.slot] : []), ...(qr ? [qr.slot] : [])] };
}

/** The battle report as satori's element tree (exported for tests: what it prints is in its strings). */
export function battleReportTree(input: BattleReportImageInput): PosterNode {
  return layout(input).tree;
}

// the card's text is already paths: resvg needs no font, so it loads none
const RESVG = { font: { loadSystemFonts: false }, logLevel: 'off' } as const;

/**
 * The battle report as PNG bytes (8-bit RGBA), 750 px wide. satori lays it out and the PNG is
 * encoded on the calling thread, resvg rasterises on the thread pool. Cost, warm, of a full report
 * (750 × 1,674) on the project's 2-core machine while other sessions kept it busy (load average
 * 4–11), node --max-semi-space-size=64 as `npm start` runs it: 90–105 ms of CPU at best (satori
 * ~25, resvg ~30, the PNG ~30), 100–170 ms from call to bytes at best, 170–320 typical; the share
 * poster drawn whole, measured beside it, 55–115 ms of CPU. The first call also reads the fonts
 * and satori parses them (about a second).
 */
export async function renderBattleReport(input: BattleReportImageInput): Promise<Uint8Array> {
  const { tree, slots } = layout(input);
  // no height: satori makes the canvas as tall as the card
  const svg = await satori(tree as unknown as Parameters<typeof satori>[0], { width: POSTER_WIDTH, fonts: await fonts() });
  const png = (await renderAsync(fillSlots(svg, slots), RESVG)).asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
