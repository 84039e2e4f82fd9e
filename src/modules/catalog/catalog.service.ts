// Products, SKUs and lots. A lot file is imported whole or not at all, and importing the same
// file twice returns the first lot.
import crypto from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { authorize, scopeBrand } from '../../platform/access.ts';
import { withTx, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { saveImage } from '../../platform/uploads.ts';
import { addSupply, supplyOf } from '../inventory/index.ts';
import { getBrand } from '../brands/index.ts';
import { products, skus, lots, lotLines } from './catalog.tables.ts';
import { colourPictures, skuPicture, validateLotRows, type LotRow } from './catalog.rules.ts';
import { pageSize, keysetPage } from '../../platform/paging.ts';

export interface LotView { id: string; brandId: string; name: string; fileName: string; rowCount: number; units: number; createdAt: Date; duplicate: boolean }

async function fileCells(fileName: string, content: Buffer): Promise<string[][]> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(content as unknown as ArrayBuffer);
    } catch {
      throw new AppError('unsupported_file', { detail: 'not a readable .xlsx workbook' });
    }
    const ws = wb.worksheets[0];
    if (!ws) return [];
    const out: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const vals = (row.values as unknown[]).slice(1).map((v) => {
        if (v == null) return '';
        if (typeof v === 'object' && v !== null && 'text' in v) return String((v as { text: unknown }).text);
        if (typeof v === 'object' && v !== null && 'result' in v) return String((v as { result: unknown }).result);
        return String(v);
      });
      out.push(vals);
    });
    return out;
  }
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) {
    let text = content.toString('utf8');
    if (text.includes('\uFFFD')) throw new AppError('unsupported_file', { detail: 'the file is not UTF-8 text' });
    text = text.replace(/^\uFEFF/, '');
    try {
      return parseCsv(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
    } catch (e) {
      throw new AppError('import_rejected', { fields: [{ path: 'file', message: `CSV syntax: ${(e as Error).message}` }] });
    }
  }
  throw new AppError('unsupported_file', { detail: 'upload a .csv or .xlsx file' });
}

/** Import a lot file for a brand: every row valid or nothing written. */
export async function importLot(ctx: Ctx, input: { brandId: string; fileName: string; content: Buffer; name?: string }): Promise<LotView> {
  authorize(ctx, 'catalog.import', { brandId: input.brandId });
  await getBrand(ctx, input.brandId);
  const sha = crypto.createHash('sha256').update(input.content).digest('hex');
  const existing = await findLotByHash(ctx, input.brandId, sha);
  if (existing) return existing;
  const cells = await fileCells(input.fileName, input.content);
  const { rows, errors } = validateLotRows(cells);
  if (errors.length) throw new AppError('import_rejected', { fields: errors, extra: { errorCount: errors.length } });

  return withTx(ctx, async (t) => {
    const lotId = newId('lot');
    const units = rows.reduce((a, r) => a + r.quantity, 0);
    const inserted = await t.db.insert(lots).values({
      id: lotId, brandId: input.brandId, name: input.name ?? input.fileName, fileName: input.fileName, fileSha256: sha,
      rowCount: rows.length, units, createdBy: 'userId' in ctx.actor ? ctx.actor.userId : null,
    }).onConflictDoNothing().returning({ id: lots.id });
    if (inserted.length === 0) return (await findLotByHash(t, input.brandId, sha))!; // a concurrent import of the same file won
    const skuIds = await upsertCatalog(t, input.brandId, rows);
    const lines = rows.map((r) => ({ lotId, skuId: skuIds.get(r.skuCode)!, quantity: r.quantity }));
    for (let i = 0; i < lines.length; i += 2000) await t.db.insert(lotLines).values(lines.slice(i, i + 2000));
    await addSupply(t, input.brandId, lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })));
    return { ...(await findLotByHash(t, input.brandId, sha))!, duplicate: false };
  });
}

async function findLotByHash(ctx: Ctx, brandId: string, sha: string): Promise<LotView | null> {
  const [l] = await ctx.db.select().from(lots).where(and(eq(lots.brandId, brandId), eq(lots.fileSha256, sha)));
  return l ? { id: l.id, brandId: l.brandId, name: l.name, fileName: l.fileName, rowCount: l.rowCount, units: l.units, createdAt: l.createdAt, duplicate: true } : null;
}

/** Upsert products by spu_code and SKUs by sku_code; returns sku_code → sku id. */
async function upsertCatalog(ctx: Ctx, brandId: string, rows: LotRow[]): Promise<Map<string, string>> {
  const bySpu = new Map<string, LotRow[]>();
  for (const r of rows) bySpu.set(r.spuCode, [...(bySpu.get(r.spuCode) ?? []), r]);
  const productIds = new Map<string, string>();
  const spus = [...bySpu.entries()];
  for (let i = 0; i < spus.length; i += 1000) {
    const chunk = spus.slice(i, i + 1000);
    const res = await ctx.db.insert(products).values(chunk.map(([spu, rs]) => ({
      id: newId('prd'), brandId, spuCode: spu, name: rs[0].productName, category: rs[0].category,
      description: rs.find((r) => r.description)?.description ?? '',
      images: [...new Set(rs.flatMap((r) => r.images))], colourImages: colourPictures(rs),
    }))).onConflictDoUpdate({
      target: [products.brandId, products.spuCode],
      // A later lot's colour pictures replace those colours' only; colours it does not picture keep theirs.
      set: { name: sql`excluded.name`, category: sql`excluded.category`, description: sql`CASE WHEN excluded.description <> '' THEN excluded.description ELSE products.description END`, images: sql`CASE WHEN jsonb_array_length(excluded.images) > 0 THEN excluded.images ELSE products.images END`, colourImages: sql`products.colour_images || excluded.colour_images` },
    }).returning({ id: products.id, spuCode: products.spuCode });
    for (const p of res) productIds.set(p.spuCode, p.id);
  }
  // A sku_code already used by another product of this brand is a conflict, not a move.
  const codes = rows.map((r) => r.skuCode);
  const rowByCode = new Map(rows.map((r) => [r.skuCode, r]));
  const clash: string[] = [];
  for (let i = 0; i < codes.length; i += 5000) {
    const found = await ctx.db.select({ code: skus.skuCode, productId: skus.productId }).from(skus)
      .where(and(eq(skus.brandId, brandId), inArray(skus.skuCode, codes.slice(i, i + 5000))));
    for (const f of found) {
      const row = rowByCode.get(f.code)!;
      if (productIds.get(row.spuCode) !== f.productId) clash.push(`${row.row}:${f.code}`);
    }
  }
  if (clash.length) {
    throw new AppError('import_rejected', {
      fields: clash.map((c) => { const [row, code] = c.split(':'); return { path: `rows.${row}.sku_code`, row: Number(row), column: 'sku_code', message: `SKU ${code} belongs to another product` }; }),
    });
  }
  const ids = new Map<string, string>();
  for (let i = 0; i < rows.length; i += 1000) {
    const res = await ctx.db.insert(skus).values(rows.slice(i, i + 1000).map((r) => ({
      id: newId('sku'), productId: productIds.get(r.spuCode)!, brandId, skuCode: r.skuCode, colour: r.colour, size: r.size,
      barcode: r.barcode, tagPrice: r.tagPrice, basePrice: r.basePrice,
    }))).onConflictDoUpdate({
      target: [skus.brandId, skus.skuCode],
      set: { colour: sql`excluded.colour`, size: sql`excluded.size`, barcode: sql`coalesce(excluded.barcode, skus.barcode)`, tagPrice: sql`excluded.tag_price`, basePrice: sql`excluded.base_price` },
    }).returning({ id: skus.id, code: skus.skuCode });
    for (const s of res) ids.set(s.code, s.id);
  }
  return ids;
}

export interface SkuView { id: string; skuCode: string; colour: string; size: string; barcode: string | null; tagPrice: number; basePrice: number; currency: string; supplied: number; allocated: number }
export interface ProductView { id: string; brandId: string; spuCode: string; name: string; category: string; description: string; images: string[]; skus: SkuView[] }

/** A brand's products with SKUs and unallocated supply, cursor-paginated by id. */
export async function listProducts(ctx: Ctx, q: { brandId?: string; cursor?: string; limit?: number }): Promise<{ items: ProductView[]; nextCursor: string | null }> {
  authorize(ctx, 'catalog.read', q.brandId ? { brandId: q.brandId } : undefined);
  const brandId = scopeBrand(ctx.actor, q.brandId);
  const limit = pageSize(q.limit);
  const rows = await ctx.db.select().from(products)
    .where(and(brandId ? eq(products.brandId, brandId) : undefined, q.cursor ? gt(products.id, q.cursor) : undefined))
    .orderBy(asc(products.id)).limit(limit + 1);
  const { page, nextCursor } = keysetPage(rows, limit, (r) => r.id);
  const skuRows = page.length ? await ctx.db.select({
    id: skus.id, skuCode: skus.skuCode, colour: skus.colour, size: skus.size, barcode: skus.barcode,
    tagPrice: skus.tagPrice, basePrice: skus.basePrice, currency: skus.currency, productId: skus.productId,
  }).from(skus).where(inArray(skus.productId, page.map((p) => p.id))).orderBy(asc(skus.skuCode)) : [];
  const supply = await supplyOf(ctx, skuRows.map((s) => s.id));
  const items = page.map((p) => ({
    id: p.id, brandId: p.brandId, spuCode: p.spuCode, name: p.name, category: p.category, description: p.description, images: p.images,
    skus: skuRows.filter((s) => s.productId === p.id).map(({ productId: _p, ...s }) => ({ ...s, supplied: supply.get(s.id)?.supplied ?? 0, allocated: supply.get(s.id)?.allocated ?? 0 })),
  }));
  return { items, nextCursor };
}

export async function listLots(ctx: Ctx, q: { brandId?: string }): Promise<LotView[]> {
  authorize(ctx, 'catalog.read', q.brandId ? { brandId: q.brandId } : undefined);
  const brandId = scopeBrand(ctx.actor, q.brandId);
  const rows = await ctx.db.select().from(lots).where(brandId ? eq(lots.brandId, brandId) : undefined).orderBy(sql`${lots.createdAt} DESC`).limit(200);
  return rows.map((l) => ({ id: l.id, brandId: l.brandId, name: l.name, fileName: l.fileName, rowCount: l.rowCount, units: l.units, createdAt: l.createdAt, duplicate: false }));
}

/** SKUs by id with their product, for curating events. Only the owning brand's SKUs. */
export async function skusForBrand(ctx: Ctx, brandId: string, skuIds: string[]): Promise<{ id: string; productId: string; basePrice: number; tagPrice: number; currency: string }[]> {
  if (skuIds.length === 0) return [];
  return ctx.db.select({ id: skus.id, productId: skus.productId, basePrice: skus.basePrice, tagPrice: skus.tagPrice, currency: skus.currency })
    .from(skus).where(and(eq(skus.brandId, brandId), inArray(skus.id, skuIds)));
}


/** Store an uploaded product image on disk; returns its public path. */
export async function storeImage(ctx: Ctx, input: { brandId: string; mime: string; data: Buffer }): Promise<{ url: string }> {
  authorize(ctx, 'catalog.import', { brandId: input.brandId });
  return saveImage(ctx, { mime: input.mime, data: input.data });
}

export interface ProductCard {
  id: string; brandId: string; name: string; category: string; description: string; images: string[];
  /** Each SKU with the picture it is shown with: its colour's own, else the product's first (catalog.rules skuPicture). */
  skus: Map<string, { colour: string; size: string; skuCode: string; image: string | null }>;
}

/** Product facts for events on show (resellers and storefronts); no prices, no access check. */
export async function productCards(ctx: Ctx, productIds: string[]): Promise<Map<string, ProductCard>> {
  if (productIds.length === 0) return new Map();
  const ps = await ctx.db.select().from(products).where(inArray(products.id, productIds));
  const ss = await ctx.db.select({ id: skus.id, productId: skus.productId, colour: skus.colour, size: skus.size, skuCode: skus.skuCode }).from(skus).where(inArray(skus.productId, productIds));
  return new Map(ps.map((p) => [p.id, {
    id: p.id, brandId: p.brandId, name: p.name, category: p.category, description: p.description, images: p.images,
    skus: new Map(ss.filter((s) => s.productId === p.id).map((s) => [s.id, { colour: s.colour, size: s.size, skuCode: s.skuCode, image: skuPicture(p, s.colour) }])),
  }]));
}

/** What the warehouse prints and scans for SKUs: the barcode (the SKU code when none was given), name, colour and size. */
export async function skuTags(ctx: Ctx, skuIds: string[]): Promise<Map<string, { barcode: string; skuCode: string; name: string; colour: string; size: string }>> {
  if (skuIds.length === 0) return new Map();
  const rows = await ctx.db.select({ id: skus.id, barcode: skus.barcode, skuCode: skus.skuCode, name: products.name, colour: skus.colour, size: skus.size })
    .from(skus).innerJoin(products, eq(products.id, skus.productId)).where(inArray(skus.id, [...new Set(skuIds)]));
  return new Map(rows.map((r) => [r.id, { barcode: r.barcode?.trim() || r.skuCode, skuCode: r.skuCode, name: r.name, colour: r.colour, size: r.size }]));
}
