// Share posters (分享海报): the PNG a reseller forwards into WeChat groups and Moments for one
// product or one sale event, with a QR code of their share link. Pure: bytes in, PNG bytes out,
// no browser, no network, no database.
//
// - Two layouts, both 750 px wide (POSTER_WIDTH, the width WeChat shows full-screen on a phone):
//   * one item (a product, or a flash sale / group buy / presale of one product): 750 × 1334, the
//     classic phone-screen poster — the picture, the selling price large, the tag price struck
//     through, the discount, the name, the brand, the end time, then the QR code.
//   * a sale event (kind 'event', or any campaign of several items): the event's title over a grid
//     of up to nine items, each with its picture and price — 1 column for 1 item, 2 for 2 or 4,
//     else 3 — so 3×3, 2×2, 3×2, …; the height follows the rows (posterSize): 750 × 1583 for
//     7–9 items, 1261 for 5–6, 1491 for 4, 939 for 3, 1054 for 2, 1397 for one.
// - What is printed comes only from PosterInput's named fields, and it has no base price (the
//   price the platform charges the reseller): a caller passing a wider row still prints only the
//   selling and tag prices. The discount is the selling price over the tag price in 折, rounded
//   up to a tenth as the shop rounds it ("3.5折"; en "65% off", the same figure).
// - Pictures arrive as bytes: PNG, JPEG, GIF and SVG are drawn, cropped to fill their frame;
//   the type is read from the bytes, not the declared mime type. WebP is not drawn (resvg 2.6
//   draws nothing for it), nor is anything unrecognised, nor an SVG that links outside itself
//   (resvg would read such a path from this machine's disk): those get a plain block. Text inside
//   an SVG picture is not drawn either: resvg draws no text in an embedded SVG image (the demo's
//   pictures lose their caption, which the poster prints anyway). A picture is drawn once per
//   process at the size it is shown (670 × 620 for one item, a 212–670 px square on a grid, 64 for
//   the avatar), cropped to fill, and kept as a PNG by its bytes' hash: a full-size photo is
//   decoded and shrunk once, not on every poster (a 9-photo grid: 460 → 200 ms the first time).
// - The QR code is drawn at a whole number of pixels per module when that makes it 200–248 px,
//   so every module is sharp, with a quiet zone of two modules inside the white footer.
// - The fonts (Noto Sans SC Regular and Bold, OTF, from @embedpdf/fonts-sc) are read once per
//   process and handed to satori as the same array every call, so satori parses them once too.
// - Posters are composed (renderPoster): the posters of one sale event differ only in the
//   reseller's header, the QR code and, for a few resellers, the prices. So a process keeps the
//   body (everything but the header and the code, as compressed PNG rows) by what it shows, and
//   each reseller's header by name and avatar; a poster is then its link's QR code drawn into the
//   footer's rows and one band of rows compressed — pixel for pixel the poster drawn whole
//   (renderPosterWhole, the reference the tests hold it to). The PNG is 8-bit RGB, a third smaller
//   than resvg's.
// - Cost, warm, on the project's 2-core machines (CPU time, all threads): a poster whose body and
//   header are kept ~6 ms, 2–3 of them on the calling thread, so one process makes 150–280 a
//   second; a new body (new prices, a new event) ~120–150 ms, as much as a poster drawn whole,
//   two thirds of it on libuv's pool (resvg, deflate). A caller may still keep finished PNGs by
//   content, but need not avoid asking for posters of the same sale event.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import satori from 'satori';
import { renderAsync } from '@resvg/resvg-js';
import QRCode from 'qrcode';
import { PosterPartCache } from './poster-cache.ts';
import { assemblePng, paethRows, pngBand, rgbRows, rowBytes, withScratch, type PngBand } from './poster-png.ts';
import { deepestDiscountTenths } from '../pricing/index.ts';

export interface PosterItem {
  name: string;
  image: Uint8Array | null;
  imageMime: string | null;
  /** The reseller's selling price, in fen. */
  price: number;
  /** The brand's tag price (吊牌价), in fen. */
  tagPrice: number;
}

export type PosterKind = 'product' | 'event' | 'flash' | 'group' | 'presale';

export interface PosterInput {
  lang: 'zh-CN' | 'en';
  /** 'flash', 'group' and 'presale' print a campaign badge (秒杀 / 拼团 / 预售). */
  kind: PosterKind;
  /** The product's name on a one-item poster, the sale event's title on a grid. */
  title: string;
  brandName: string;
  /** One for a product; 1–9 for a sale event. */
  items: PosterItem[];
  currency: 'CNY';
  /** When the sale event ends; printed in China time. */
  endsAt: Date;
  /** The reseller's share link: encoded in the QR code, never printed. */
  link: string;
  reseller: { name: string; avatar: Uint8Array | null; avatarMime: string | null };
}

export const POSTER_WIDTH = 750;
/** The height of a one-item poster: 750 × 1334 is an iPhone 8 screen, the size shops' posters use. */
export const PRODUCT_POSTER_HEIGHT = 1334;
export const MAX_POSTER_ITEMS = 9;

// ---- geometry (px) ----

const PAD_X = 40;
const PAD_Y = 32;
const INNER = POSTER_WIDTH - 2 * PAD_X;
const HEADER = 72;
const HEADER_GAP = 24;
const QR_BOX = 248;
const QR_MIN = 200;
const QR_MARGIN = 2;
const FOOTER_GAP = 24;
const FOOTER = FOOTER_GAP + 1 + 24 + QR_BOX;

const PRODUCT_IMAGE_H = 620;

const EVENT_HEADING = 184;
const GRID_GAP_X = 16;
const GRID_GAP_Y = 24;
const TILE_CAPTION = 8 + 34 + 44;

const RED = '#e02e24';
const INK = '#1f1f1f';
const GREY = '#8c8c8c';
const BLOCK = '#f4f1ee';

// ---- the fonts: read once per process ----

export type SatoriFont = { name: string; data: Buffer; weight: 400 | 700; style: 'normal' };
let fontsLoading: Promise<SatoriFont[]> | undefined;

function fontFile(name: string): string {
  // the package exports only its index (dist/index.*); its fonts sit beside dist/
  const index = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  return path.join(path.dirname(index), '..', 'fonts', name);
}

/** The same array every call: satori keeps its parsed fonts keyed by it (the battle report's image shares them). */
export function fonts(): Promise<SatoriFont[]> {
  fontsLoading ??= Promise.all([fs.readFile(fontFile('NotoSansHans-Regular.otf')), fs.readFile(fontFile('NotoSansHans-Bold.otf'))])
    .then(([regular, bold]): SatoriFont[] => [
      { name: FONT, data: regular, weight: 400, style: 'normal' },
      { name: FONT, data: bold, weight: 700, style: 'normal' },
    ])
    .catch((e: unknown) => { fontsLoading = undefined; throw e; });
  return fontsLoading;
}

const FONT = 'Noto Sans SC';

// ---- text ----

const PICTOGRAPHS = /[\p{Extended_Pictographic}\u200d\ufe0e\ufe0f]/gu;

/** One printable line: controls and whitespace runs become one space; emoji go (the font has none). */
function clean(text: string): string {
  return text.replace(PICTOGRAPHS, '').replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** ¥129 for whole yuan, ¥129.50 otherwise; no thousands separator, as shop posters print it. */
export function posterPrice(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`a price must be a non-negative integer of fen, got ${fen}`);
  const yuan = Math.floor(fen / 100);
  const rest = fen % 100;
  return rest === 0 ? `¥${yuan}` : `¥${yuan}.${String(rest).padStart(2, '0')}`;
}

/**
 * The price as tenths of 折 (= whole per cent of the tag price), rounded up as the shop's badges
 * and product pages round it (pricing's deepestDiscountTenths: a tag never promises more than the
 * price gives), or null when it is no discount.
 */
function discountTenths(price: number, tagPrice: number): number | null {
  return deepestDiscountTenths([{ price, tagPrice }]);
}

/**
 * The discount as the shop prints it, or null when there is none: price × 10 / tagPrice 折,
 * rounded up to a tenth ("3.5折", "3折"); in English the same figure off ("65% off").
 */
export function posterDiscount(price: number, tagPrice: number, lang: PosterInput['lang']): string | null {
  const tenths = discountTenths(price, tagPrice);
  if (tenths === null) return null;
  if (lang === 'en') return `${100 - tenths}% off`;
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}折`;
}

const SHANGHAI = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "12月6日 20:00 结束" / "Ends 6 Dec 20:00", in China time. */
export function posterEndsAt(d: Date, lang: PosterInput['lang']): string {
  const part = Object.fromEntries(SHANGHAI.formatToParts(d).map((p) => [p.type, p.value]));
  const [month, day] = [Number(part.month), Number(part.day)];
  const time = `${part.hour}:${part.minute}`;
  return lang === 'en' ? `Ends ${day} ${MONTHS[month - 1]} ${time}` : `${month}月${day}日 ${time} 结束`;
}

const WORDS = {
  'zh-CN': {
    recommends: '为你推荐了一件好物', recommendsEvent: '为你推荐了一场特卖', scan: '长按识别二维码',
    scanMore: (brand: string) => `进入${brand}特卖`, upTo: (d: string) => `低至${d}`, items: (n: number) => `${n}款精选`,
    badge: { flash: '秒杀', group: '拼团', presale: '预售' } as Record<string, string>,
  },
  en: {
    recommends: 'picked this for you', recommendsEvent: 'picked a sale for you', scan: 'Press and hold to scan',
    scanMore: (brand: string) => `Shop the ${brand} sale`, upTo: (d: string) => `Up to ${d}`, items: (n: number) => `${n} picks`,
    badge: { flash: 'Flash sale', group: 'Group buy', presale: 'Presale' } as Record<string, string>,
  },
} as const;

// ---- pictures ----

/**
 * A picture as a data URI satori and resvg can draw, or null for a plain block. The type comes
 * from the bytes (PNG, JPEG, GIF, SVG); the declared mime type is not trusted.
 */
function pictureSource(bytes: Uint8Array | null, declaredMime: string | null): string | null {
  if (!bytes || bytes.length < 8) return null;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let mime: string | null = null;
  if (b[0] === 0x89 && b.toString('latin1', 1, 4) === 'PNG') mime = 'image/png';
  else if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) mime = 'image/jpeg';
  else if (b.toString('latin1', 0, 4) === 'GIF8') mime = 'image/gif';
  else if (declaredMime === 'image/svg+xml' || /^\s*</.test(b.toString('latin1', 0, 64))) {
    const text = b.toString('utf8');
    // a link out of the file (or into a nested SVG) could make resvg read a path on this machine
    if (!/<svg[\s>]/.test(text) || /href\s*=\s*["']\s*(?!#|data:image\/(?:png|jpeg|gif);)/i.test(text) || /<!ENTITY/i.test(text)) return null;
    return `data:image/svg+xml;base64,${b.toString('base64')}`;
  }
  return mime && `data:${mime};base64,${b.toString('base64')}`;
}

// ---- the QR code ----

interface QrMatrix { n: number; dark: (y: number, x: number) => boolean; side: number; size: number }

/** The link's QR modules, and the size drawn: whole pixels a module when that makes it QR_MIN–QR_BOX px. */
function qrMatrix(link: string): QrMatrix {
  const { modules } = QRCode.create(link, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const side = n + 2 * QR_MARGIN;
  const perModule = Math.floor(QR_BOX / side);
  return { n, dark: (y, x) => Boolean(modules.get(y, x)), side, size: perModule * side >= QR_MIN ? perModule * side : QR_BOX };
}

/** The link's QR code as an SVG data URI (the poster drawn whole). */
function qrCode(link: string): { src: string; size: number } {
  const { n, dark, side, size } = qrMatrix(link);
  let d = '';
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (dark(y, x)) d += `M${x + QR_MARGIN} ${y + QR_MARGIN}h1v1h-1z`;
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges">`
    + `<rect width="${side}" height="${side}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
  return { src: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, size };
}

// ---- the element tree (satori's React-like nodes, built as plain objects) ----

type Style = Record<string, string | number>;
type Child = PosterNode | string;
export interface PosterNode { type: string; props: { style?: Style; children?: Child | Child[]; src?: string; width?: number; height?: number } }

function box(style: Style, ...children: (Child | null)[]): PosterNode {
  return { type: 'div', props: { style: { display: 'flex', boxSizing: 'border-box', ...style }, children: children.filter((c): c is Child => c !== null) } };
}

function text(style: Style, content: string): PosterNode {
  return { type: 'div', props: { style: { boxSizing: 'border-box', ...style }, children: content } };
}

/** One line, cut with … when too long. */
function oneLine(style: Style, content: string): PosterNode {
  return text({ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', ...style }, content);
}

function picture(src: string | null, width: number, height: number, radius: number): PosterNode {
  if (!src) return box({ width, height, borderRadius: radius, backgroundColor: BLOCK });
  return { type: 'img', props: { src, width, height, style: { width, height, borderRadius: radius, objectFit: 'cover', backgroundColor: BLOCK } } };
}

const AVATAR_COLOURS = ['#e76f51', '#2a9d8f', '#e9a23b', '#6d597a', '#457b9d', '#d1495b'];

function avatar(src: string | null, name: string, size: number): PosterNode {
  const frame: Style = { width: size, height: size, borderRadius: size / 2, overflow: 'hidden', flexShrink: 0, alignItems: 'center', justifyContent: 'center' };
  if (src) return box(frame, { type: 'img', props: { src, width: size, height: size, style: { width: size, height: size, objectFit: 'cover' } } });
  const initial = Array.from(name)[0]?.toUpperCase() ?? '?';
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  return box({ ...frame, backgroundColor: AVATAR_COLOURS[h % AVATAR_COLOURS.length] },
    text({ color: '#fff', fontSize: size * 0.46, fontWeight: 700, lineHeight: 1 }, initial));
}

const AVATAR = 64;

/** The reseller's avatar (or initial on a colour) and name over the poster's line. */
function header(name: string, avatarSrc: string | null, line: string): PosterNode {
  return box({ height: HEADER, alignItems: 'center', marginBottom: HEADER_GAP },
    avatar(avatarSrc, name, AVATAR),
    box({ flexDirection: 'column', marginLeft: 16, flexGrow: 1, minWidth: 0 },
      oneLine({ fontSize: 28, fontWeight: 700, color: INK, lineHeight: 1.3, maxWidth: INNER - 80 }, name),
      oneLine({ fontSize: 22, color: GREY, lineHeight: 1.4 }, line)));
}

function badge(input: PosterInput, fontSize: number): PosterNode | null {
  const label = WORDS[input.lang].badge[input.kind];
  if (!label) return null;
  return text({ backgroundColor: RED, color: '#fff', fontSize, fontWeight: 700, lineHeight: 1.3, padding: '4px 14px', borderRadius: 8 }, label);
}

/** ¥ small, yuan large, fen smaller: the way shops print a selling price. */
function bigPrice(fen: number, yuanSize: number): PosterNode {
  const [yuan, cents] = posterPrice(fen).slice(1).split('.');
  const parts: Child[] = [
    text({ fontSize: yuanSize * 0.5, fontWeight: 700, lineHeight: 1, marginBottom: yuanSize * 0.08, marginRight: 2 }, '¥'),
    text({ fontSize: yuanSize, fontWeight: 700, lineHeight: 1 }, yuan),
  ];
  if (cents) parts.push(text({ fontSize: yuanSize * 0.55, fontWeight: 700, lineHeight: 1, marginBottom: yuanSize * 0.06 }, `.${cents}`));
  return box({ alignItems: 'flex-end', color: RED, flexShrink: 0 }, ...parts);
}

function struck(fen: number, fontSize: number): PosterNode {
  return text({ fontSize, color: GREY, textDecoration: 'line-through', lineHeight: 1.2 }, posterPrice(fen));
}

function chip(label: string, fontSize: number): PosterNode {
  return text({ fontSize, color: RED, border: `2px solid ${RED}`, borderRadius: 6, padding: '0px 8px', lineHeight: 1.35, fontWeight: 700 }, label);
}

/** The footer; without a QR code its box stays blank (the composed poster draws the code itself). */
function footer(input: PosterInput, qr: { src: string; size: number } | null, brand: string): PosterNode {
  const w = WORDS[input.lang];
  return box({ flexDirection: 'column', marginTop: 'auto' },
    box({ height: 1, borderTop: '2px dashed #e8e8e8', marginBottom: 24 }),
    box({ height: QR_BOX, alignItems: 'center' },
      box({ flexDirection: 'column', flexGrow: 1, minWidth: 0, paddingRight: 24 },
        text({ fontSize: 32, fontWeight: 700, color: INK, lineHeight: 1.4 }, w.scan),
        oneLine({ fontSize: 24, color: GREY, lineHeight: 1.5, marginTop: 6, maxWidth: INNER - QR_BOX - 24 }, w.scanMore(brand)),
        box({ marginTop: 18 }, text({ fontSize: 24, color: RED, backgroundColor: '#fff1f0', padding: '6px 14px', borderRadius: 8, lineHeight: 1.3 }, posterEndsAt(input.endsAt, input.lang)))),
      box({ width: QR_BOX, height: QR_BOX, alignItems: 'center', justifyContent: 'center', flexShrink: 0 },
        qr && { type: 'img', props: { src: qr.src, width: qr.size, height: qr.size, style: { width: qr.size, height: qr.size } } })));
}

function root(height: number, ...children: (PosterNode | null)[]): PosterNode {
  return box({
    flexDirection: 'column', width: POSTER_WIDTH, height, padding: `${PAD_Y}px ${PAD_X}px`,
    backgroundColor: '#fff', fontFamily: FONT, color: INK,
  }, ...children);
}

type Layout = { kind: 'single' } | { kind: 'grid'; cols: number; rows: number; tile: number; gapX: number };

function layoutOf(input: Pick<PosterInput, 'kind' | 'items'>): Layout {
  const n = input.items.length;
  if (n < 1 || n > MAX_POSTER_ITEMS) throw new RangeError(`a poster shows 1–${MAX_POSTER_ITEMS} items, got ${n}`);
  if (input.kind === 'product' && n !== 1) throw new RangeError(`a product poster shows one item, got ${n}`);
  if (input.kind !== 'event' && n === 1) return { kind: 'single' };
  const cols = n === 1 ? 1 : n === 2 || n === 4 ? 2 : 3;
  const rows = Math.ceil(n / cols);
  const tile = Math.floor((INNER - (cols - 1) * GRID_GAP_X) / cols);
  return { kind: 'grid', cols, rows, tile, gapX: cols > 1 ? (INNER - cols * tile) / (cols - 1) : 0 };
}

/** The poster's size in px: 750 × 1334 for one item; a grid's height follows its rows. */
export function posterSize(input: Pick<PosterInput, 'kind' | 'items'>): { width: number; height: number } {
  const l = layoutOf(input);
  if (l.kind === 'single') return { width: POSTER_WIDTH, height: PRODUCT_POSTER_HEIGHT };
  const grid = l.rows * (l.tile + TILE_CAPTION) + (l.rows - 1) * GRID_GAP_Y;
  return { width: POSTER_WIDTH, height: 2 * PAD_Y + HEADER + HEADER_GAP + EVENT_HEADING + grid + FOOTER };
}

/** What a render draws besides the input's text: the header, the QR code (null: a blank box), the pictures' sources. */
interface Drawn { header: PosterNode; qr: { src: string; size: number } | null; pictures: (string | null)[] }

function headerLine(input: PosterInput, layout: Layout): string {
  return layout.kind === 'single' ? WORDS[input.lang].recommends : WORDS[input.lang].recommendsEvent;
}

/** The poster as satori's element tree, and its height (exported for tests: what it prints is in its strings). */
export function posterTree(input: PosterInput): { tree: PosterNode; height: number } {
  const layout = layoutOf(input);
  const { height } = posterSize(input);
  const drawn: Drawn = {
    header: header(clean(input.reseller.name) || '?', pictureSource(input.reseller.avatar, input.reseller.avatarMime), headerLine(input, layout)),
    qr: qrCode(input.link),
    pictures: input.items.map((i) => pictureSource(i.image, i.imageMime)),
  };
  return { tree: layoutTree(input, layout, height, drawn), height };
}

function layoutTree(input: PosterInput, layout: Layout, height: number, drawn: Drawn): PosterNode {
  const w = WORDS[input.lang];
  const brand = clean(input.brandName);
  const title = clean(input.title);
  const qr = drawn.qr;
  // only the named fields of each item are read: a wider row passed in prints nothing more
  const items = input.items.map(({ name, price, tagPrice }, i) => ({ name: clean(name), picture: drawn.pictures[i], price, tagPrice }));

  if (layout.kind === 'single') {
    const item = items[0];
    const discount = posterDiscount(item.price, item.tagPrice, input.lang);
    const badgeNode = badge(input, 26);
    return root(height,
      drawn.header,
      box({ position: 'relative', width: INNER, height: PRODUCT_IMAGE_H },
        picture(item.picture, INNER, PRODUCT_IMAGE_H, 16),
        badgeNode && box({ position: 'absolute', top: 20, left: 20 }, badgeNode)),
      box({ alignItems: 'flex-end', marginTop: 28, height: 76 },
        bigPrice(item.price, 76),
        item.tagPrice > item.price ? box({ marginLeft: 18, marginBottom: 6 }, struck(item.tagPrice, 30)) : null,
        discount ? box({ marginLeft: 14, marginBottom: 6 }, chip(discount, 26)) : null),
      text({ fontSize: 32, fontWeight: 700, lineHeight: 1.4, marginTop: 18, height: 90, overflow: 'hidden', lineClamp: 2, display: 'block' }, title || item.name),
      box({ alignItems: 'center', marginTop: 12 },
        oneLine({ fontSize: 24, color: '#595959', backgroundColor: '#f5f5f5', padding: '4px 12px', borderRadius: 6, lineHeight: 1.35, maxWidth: INNER }, brand)),
      footer(input, qr, brand));
  }

  // the grid's heading shows the deepest discount among its items: 低至2.9折 / Up to 71% off
  const deepest = items.reduce<{ price: number; tagPrice: number; tenths: number } | null>((lo, i) => {
    const tenths = discountTenths(i.price, i.tagPrice);
    return tenths !== null && (lo === null || tenths < lo.tenths) ? { ...i, tenths } : lo;
  }, null);
  const bestLabel = deepest && posterDiscount(deepest.price, deepest.tagPrice, input.lang);
  const badgeNode = badge(input, 24);
  const tiles: PosterNode[] = items.map((item, i) => {
    const priceSize = layout.cols === 3 ? 32 : 40;
    return box({
      flexDirection: 'column', width: layout.tile,
      marginRight: i % layout.cols === layout.cols - 1 ? 0 : layout.gapX,
      marginBottom: Math.floor(i / layout.cols) === layout.rows - 1 ? 0 : GRID_GAP_Y,
    },
    picture(item.picture, layout.tile, layout.tile, 12),
    oneLine({ fontSize: 24, color: INK, lineHeight: 1.4, marginTop: 8, height: 34, maxWidth: layout.tile }, item.name),
    box({ alignItems: 'flex-end', height: 44 },
      bigPrice(item.price, priceSize),
      item.tagPrice > item.price ? box({ marginLeft: 8, marginBottom: 2 }, struck(item.tagPrice, 20)) : null));
  });
  return root(height,
    drawn.header,
    // a one-line title leaves the block's spare height above and below, not in one gap
    box({ flexDirection: 'column', height: EVENT_HEADING, justifyContent: 'center', paddingBottom: 16 },
      text({ fontSize: 36, fontWeight: 700, lineHeight: 1.4, overflow: 'hidden', lineClamp: 2, display: 'block', maxHeight: 101, width: INNER }, title),
      box({ alignItems: 'center', marginTop: 14, height: 40 },
        badgeNode ? box({ marginRight: 12 }, badgeNode) : null,
        oneLine({ fontSize: 24, color: '#595959', backgroundColor: '#f5f5f5', padding: '4px 12px', borderRadius: 6, lineHeight: 1.35, maxWidth: 300 }, brand),
        text({ fontSize: 24, color: GREY, lineHeight: 1.35, padding: '4px 12px' }, w.items(items.length)),
        bestLabel ? box({ marginLeft: 'auto' }, chip(w.upTo(bestLabel), 24)) : null)),
    box({ flexWrap: 'wrap', width: INNER }, ...tiles),
    footer(input, qr, brand));
}

// ---- rendering ----

// the poster's own text is already paths: resvg needs no font, so it loads none
const RESVG = { font: { loadSystemFonts: false }, logLevel: 'off' } as const;

/** satori's SVG of a tree, on a canvas `height` px tall (shorter than the tree: its top only). */
async function svgOf(tree: PosterNode, height: number): Promise<string> {
  // satori's types want a React element; these plain objects are what it reads from one
  return satori(tree as unknown as Parameters<typeof satori>[0], { width: POSTER_WIDTH, height, fonts: await fonts() });
}

/** A short stable name for some bytes, to key the caches by content. */
function bytesKey(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('base64url');
}

// Pictures at the size they are drawn (cropped to fill), as PNG, for every body after the first
// that shows them (a reseller's own prices make a new body of the same pictures): a photo is
// decoded and shrunk once (a body of nine photos: 460 → 200 ms). The demo's small SVG pictures
// gain nothing measurable: resvg's time goes to each picture's rounded clip and mask (a layer
// each), not to drawing the picture.
const pictures = new PosterPartCache<string | null>(2_000, 48 * 2 ** 20, (src) => src?.length ?? 0);

function pictureAt(bytes: Uint8Array | null, declaredMime: string | null, key: string | null, width: number, height: number): Promise<string | null> {
  if (!bytes || !key) return Promise.resolve(null);
  return pictures.get(`${key} ${declaredMime} ${width}×${height}`, async () => {
    const src = pictureSource(bytes, declaredMime);
    if (!src) return null;
    // preserveAspectRatio slice is objectFit cover: centred, cropped to fill the frame
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`
      + `<image width="${width}" height="${height}" preserveAspectRatio="xMidYMid slice" href="${src}"/></svg>`;
    try {
      const png = (await renderAsync(svg, RESVG)).asPng();
      return `data:image/png;base64,${png.toString('base64')}`;
    } catch {
      return null;
    }
  });
}

function pictureFrame(layout: Layout): { width: number; height: number } {
  return layout.kind === 'single' ? { width: INNER, height: PRODUCT_IMAGE_H } : { width: layout.tile, height: layout.tile };
}

/**
 * The poster drawn in one pass: satori lays out the whole of it, resvg rasterises it and encodes
 * the PNG. The reference a composed poster is tested against; renderPoster is the fast way.
 */
export async function renderPosterWhole(input: PosterInput): Promise<Uint8Array> {
  const layout = layoutOf(input);
  const { height } = posterSize(input);
  const frame = pictureFrame(layout);
  const { avatar: face, avatarMime } = input.reseller;
  const drawn: Drawn = {
    header: header(clean(input.reseller.name) || '?', await pictureAt(face, avatarMime, face && bytesKey(face), AVATAR, AVATAR), headerLine(input, layout)),
    qr: qrCode(input.link),
    pictures: await Promise.all(input.items.map((i) => pictureAt(i.image, i.imageMime, i.image && bytesKey(i.image), frame.width, frame.height))),
  };
  const png = (await renderAsync(await svgOf(layoutTree(input, layout, height, drawn), height), RESVG)).asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

// A composed poster's rows are four bands: the reseller's header (kept per name and avatar), then
// the body (kept per what it shows) above the QR code, the QR band, and the body below it. The
// body keeps its QR band uncompressed and without a code; that band is the only one drawn and
// compressed per link.

/** Rows 0 – HEADER_BAND: the reseller's header, on white. */
const HEADER_BAND = PAD_Y + HEADER + HEADER_GAP;

interface Body { top: PngBand; qrRows: Buffer; bottom: PngBand }

// a header is ~6 KB; a body ~0.6 MB (the QR band's rows uncompressed: 560 KB), ~1 MB with photos
const headers = new PosterPartCache<PngBand>(1_000);
const bodies = new PosterPartCache<Body>(24);

async function makeHeader(name: string, avatarSrc: string | null, line: string): Promise<PngBand> {
  // the header is the first child, so it lays out the same whatever follows it; the canvas cuts
  // the rest off
  const tree = root(PRODUCT_POSTER_HEIGHT, header(name, avatarSrc, line));
  const image = await renderAsync(await svgOf(tree, HEADER_BAND), RESVG);
  return withScratch(rowBytes(POSTER_WIDTH) * HEADER_BAND, (rows) =>
    pngBand(paethRows(rgbRows(image.pixels, POSTER_WIDTH, 0, HEADER_BAND, rows), POSTER_WIDTH), { first: true, last: false }));
}

async function makeBody(input: PosterInput, layout: Layout, height: number, imageKeys: (string | null)[]): Promise<Body> {
  const frame = pictureFrame(layout);
  const drawn: Drawn = {
    // a blank of the header's size keeps everything below where it is on the whole poster
    header: box({ height: HEADER, marginBottom: HEADER_GAP }),
    qr: null,
    pictures: await Promise.all(input.items.map((i, k) => pictureAt(i.image, i.imageMime, imageKeys[k], frame.width, frame.height))),
  };
  const image = await renderAsync(await svgOf(layoutTree(input, layout, height, drawn), height), RESVG);
  const px = image.pixels;
  const qrTop = height - PAD_Y - QR_BOX;
  const [top, bottom] = await Promise.all([
    withScratch(rowBytes(POSTER_WIDTH) * (qrTop - HEADER_BAND), (rows) =>
      pngBand(paethRows(rgbRows(px, POSTER_WIDTH, HEADER_BAND, qrTop - HEADER_BAND, rows), POSTER_WIDTH), { first: false, last: false })),
    pngBand(rgbRows(px, POSTER_WIDTH, qrTop + QR_BOX, height - qrTop - QR_BOX), { first: false, last: true }),
  ]);
  return { top, qrRows: rgbRows(px, POSTER_WIDTH, qrTop, QR_BOX), bottom };
}

/** What the body shows: everything but the link and the reseller. */
function bodyKey(input: PosterInput, imageKeys: (string | null)[]): string {
  const { lang, kind, title, brandName, currency, endsAt, items } = input;
  const shown = [lang, kind, title, brandName, currency, endsAt.getTime(), items.map((i, k) => [i.name, i.price, i.tagPrice, imageKeys[k], i.imageMime])];
  return crypto.createHash('sha256').update(JSON.stringify(shown)).digest('base64url');
}

/**
 * The link's QR code drawn into the QR band's rows, in the footer's box, centred, each module
 * snapped to whole pixels (as resvg draws the code's crisp-edged SVG on the poster drawn whole).
 */
function drawQr(rows: Buffer, qr: QrMatrix): void {
  const stride = rowBytes(POSTER_WIDTH);
  const offset = Math.round((QR_BOX - qr.size) / 2);
  const left = PAD_X + INNER - QR_BOX + offset;
  const edge = (i: number) => Math.round((i * qr.size) / qr.side);
  const paint = (x0: number, x1: number, y0: number, y1: number, value: number) => {
    for (let y = offset + y0; y < offset + y1; y++) rows.fill(value, y * stride + 1 + 3 * (left + x0), y * stride + 1 + 3 * (left + x1));
  };
  paint(0, qr.size, 0, qr.size, 255);
  for (let y = 0; y < qr.n; y++) {
    for (let x = 0; x < qr.n; x++) {
      if (qr.dark(y, x)) paint(edge(x + QR_MARGIN), edge(x + QR_MARGIN + 1), edge(y + QR_MARGIN), edge(y + QR_MARGIN + 1), 0);
    }
  }
}

/**
 * The poster as PNG bytes (8-bit RGB). Composed: the reseller's header and the sale event's body
 * come from this process's caches (drawn by satori and resvg on a miss), the QR code is drawn
 * straight into its rows, and only that band is compressed; see poster-png.ts.
 */
export async function renderPoster(input: PosterInput): Promise<Uint8Array> {
  const layout = layoutOf(input);
  const { height } = posterSize(input);
  const qr = qrMatrix(input.link);
  const imageKeys = input.items.map((i) => i.image && bytesKey(i.image));
  const name = clean(input.reseller.name) || '?';
  const line = headerLine(input, layout);
  const { avatar: face, avatarMime } = input.reseller;
  const faceKey = face && bytesKey(face);
  const [head, body] = await Promise.all([
    headers.get(JSON.stringify([name, line, faceKey, avatarMime]), async () => makeHeader(name, await pictureAt(face, avatarMime, faceKey, AVATAR, AVATAR), line)),
    bodies.get(bodyKey(input, imageKeys), () => makeBody(input, layout, height, imageKeys)),
  ]);
  const qrBand = await withScratch(body.qrRows.length, (rows) => {
    body.qrRows.copy(rows);
    drawQr(rows, qr);
    return pngBand(rows, { first: false, last: false });
  });
  const png = assemblePng(POSTER_WIDTH, height, [head, body.top, qrBand, body.bottom]);
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
