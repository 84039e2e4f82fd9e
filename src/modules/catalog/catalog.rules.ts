// Pure rules for reading a lot file: header aliases (en and zh), yuan → fen without floats,
// and row-by-row validation. Any bad row rejects the whole file.
import type { FieldIssue } from '../../platform/errors.ts';

export const LOT_COLUMNS = {
  spu_code: ['spu_code', 'spu', '款号'],
  product_name: ['product_name', 'name', '商品名称', '品名'],
  category: ['category', '品类', '类目'],
  colour: ['colour', 'color', '颜色'],
  size: ['size', '尺码', '规格'],
  sku_code: ['sku_code', 'sku', 'sku编码', '货号'],
  barcode: ['barcode', '条码'],
  tag_price: ['tag_price', '吊牌价'],
  base_price: ['base_price', '平台价', '供货价'],
  quantity: ['quantity', 'qty', '数量', '库存'],
  image_urls: ['image_urls', 'images', '图片'],
  description: ['description', '描述'],
} as const;

export type LotColumn = keyof typeof LOT_COLUMNS;
const REQUIRED: LotColumn[] = ['spu_code', 'product_name', 'category', 'colour', 'size', 'sku_code', 'tag_price', 'base_price', 'quantity'];
export const MAX_LOT_ROWS = 50_000;
export const MAX_QUANTITY = 1_000_000;
export const MAX_PRICE_FEN = 100_000_000; // ¥1,000,000 per unit

export interface LotRow {
  row: number; // 1-based line in the file, header is row 1
  spuCode: string; productName: string; category: string; colour: string; size: string;
  skuCode: string; barcode: string | null; tagPrice: number; basePrice: number; quantity: number;
  images: string[]; description: string;
}

/** "199", "199.5", "199.00", "¥1,299.00" → fen. Returns null for anything else. */
export function parseYuan(raw: string): number | null {
  const s = raw.trim().replace(/^[¥￥]/, '').replace(/,/g, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Map the file's header cells to our columns; unknown or missing columns are errors. */
export function mapHeader(header: string[]): { map: Map<number, LotColumn>; errors: FieldIssue[] } {
  const map = new Map<number, LotColumn>();
  const errors: FieldIssue[] = [];
  const seen = new Set<LotColumn>();
  header.forEach((cell, i) => {
    const h = cell.trim().toLowerCase().replace(/^\uFEFF/, '');
    if (h === '') return;
    const col = (Object.keys(LOT_COLUMNS) as LotColumn[]).find((c) => (LOT_COLUMNS[c] as readonly string[]).includes(h));
    if (!col) errors.push({ path: `header.${i}`, row: 1, column: cell, message: `unknown column "${cell}"` });
    else if (seen.has(col)) errors.push({ path: `header.${i}`, row: 1, column: cell, message: `duplicate column "${cell}"` });
    else { map.set(i, col); seen.add(col); }
  });
  for (const r of REQUIRED) if (!seen.has(r)) errors.push({ path: `header.${r}`, row: 1, column: r, message: `missing column "${r}"` });
  return { map, errors };
}

/** Validate every row; returns the rows when all are good, or every error by row and column. */
export function validateLotRows(cells: string[][]): { rows: LotRow[]; errors: FieldIssue[] } {
  const errors: FieldIssue[] = [];
  if (cells.length === 0) return { rows: [], errors: [{ path: 'file', message: 'the file is empty' }] };
  const { map, errors: headerErrors } = mapHeader(cells[0]);
  if (headerErrors.length) return { rows: [], errors: headerErrors };
  const body = cells.slice(1).map((c, i) => ({ c, row: i + 2 })).filter(({ c }) => c.some((v) => v.trim() !== ''));
  if (body.length === 0) return { rows: [], errors: [{ path: 'file', message: 'the file has no data rows' }] };
  if (body.length > MAX_LOT_ROWS) return { rows: [], errors: [{ path: 'file', message: `at most ${MAX_LOT_ROWS} rows per file` }] };

  const rows: LotRow[] = [];
  const skuSeen = new Map<string, number>();
  const spuSeen = new Map<string, { name: string; category: string; row: number }>();
  for (const { c, row } of body) {
    const get = (col: LotColumn) => {
      for (const [i, k] of map) if (k === col) return (c[i] ?? '').trim();
      return '';
    };
    const err = (column: LotColumn, message: string) => errors.push({ path: `rows.${row}.${column}`, row, column, message });
    if (c.length > cells[0].length && c.slice(cells[0].length).some((v) => v.trim() !== '')) {
      errors.push({ path: `rows.${row}`, row, message: 'more cells than header columns' });
    }
    for (const r of REQUIRED) if (get(r) === '') err(r, 'required');
    const tagPrice = parseYuan(get('tag_price'));
    const basePrice = parseYuan(get('base_price'));
    if (get('tag_price') !== '' && tagPrice === null) err('tag_price', 'not a price in yuan (e.g. 199.00)');
    if (get('base_price') !== '' && basePrice === null) err('base_price', 'not a price in yuan (e.g. 89.00)');
    if (basePrice !== null && basePrice <= 0) err('base_price', 'must be more than 0');
    if (basePrice !== null && basePrice > MAX_PRICE_FEN) err('base_price', 'too large');
    if (tagPrice !== null && tagPrice > MAX_PRICE_FEN) err('tag_price', 'too large');
    if (tagPrice !== null && basePrice !== null && tagPrice < basePrice) err('tag_price', 'tag price is below base price');
    const qRaw = get('quantity');
    // A sign is read so that -5 is told it must be more than 0, not that it is no whole number.
    const quantity = /^[+-]?\d+$/.test(qRaw) ? Number(qRaw) : NaN;
    if (qRaw !== '' && !Number.isInteger(quantity)) err('quantity', 'must be a whole number');
    else if (qRaw !== '' && quantity <= 0) err('quantity', 'must be more than 0');
    else if (qRaw !== '' && quantity > MAX_QUANTITY) err('quantity', `must be between 1 and ${MAX_QUANTITY}`);
    const skuCode = get('sku_code');
    if (skuCode && skuSeen.has(skuCode)) err('sku_code', `repeats row ${skuSeen.get(skuCode)}`);
    else if (skuCode) skuSeen.set(skuCode, row);
    const spuCode = get('spu_code');
    const prev = spuSeen.get(spuCode);
    if (spuCode && prev && (prev.name !== get('product_name') || prev.category !== get('category'))) {
      err('product_name', `differs from row ${prev.row} for the same spu_code`);
    } else if (spuCode && !prev) spuSeen.set(spuCode, { name: get('product_name'), category: get('category'), row });
    const images = get('image_urls').split(/[|;\s]+/).filter(Boolean);
    for (const u of images) if (!/^(https?:\/\/|\/uploads\/)/.test(u)) err('image_urls', `not a URL: ${u}`);
    for (const col of ['spu_code', 'sku_code', 'colour', 'size', 'product_name', 'category'] as const) {
      if (get(col).length > 200) err(col, 'longer than 200 characters');
    }
    rows.push({
      row, spuCode, productName: get('product_name'), category: get('category'), colour: get('colour'), size: get('size'),
      skuCode, barcode: get('barcode') || null, tagPrice: tagPrice ?? 0, basePrice: basePrice ?? 0,
      quantity: Number.isInteger(quantity) ? quantity : 0, images, description: get('description'),
    });
  }
  return errors.length ? { rows: [], errors } : { rows, errors };
}

/**
 * Each colour's own picture, from one product's rows of a lot file. A lot row lists its SKU's
 * pictures; a picture every colour lists (the product's main shot, a size chart) is the
 * product's, so a colour's picture is the first it lists that not every colour does. A colour
 * listing only shared pictures gets none, and shows the product's first picture.
 */
export function colourPictures(rows: readonly { colour: string; images: readonly string[] }[]): Record<string, string> {
  const byColour = new Map<string, string[]>();
  for (const r of rows) {
    const list = byColour.get(r.colour) ?? [];
    for (const u of r.images) if (!list.includes(u)) list.push(u);
    byColour.set(r.colour, list);
  }
  const lists = [...byColour.values()];
  const shared = lists.length > 1 ? new Set(lists[0].filter((u) => lists.every((l) => l.includes(u)))) : new Set<string>();
  const out: Record<string, string> = {};
  for (const [colour, list] of byColour) {
    const own = list.find((u) => !shared.has(u));
    if (own) out[colour] = own;
  }
  return out;
}

/** The picture a SKU is shown with (order lines, the cart): its colour's own, else the product's first. */
export function skuPicture(product: { images: readonly string[]; colourImages: Readonly<Record<string, string>> }, colour: string): string | null {
  return (Object.hasOwn(product.colourImages, colour) ? product.colourImages[colour] : undefined) ?? product.images[0] ?? null;
}
