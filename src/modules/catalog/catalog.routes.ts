// HTTP: lot import (multipart upload or a raw CSV/XLSX body), lots, products, image upload.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { Id, Timestamp, type App } from '../../platform/http.ts';
import { importLot, listLots, listProducts, storeImage } from './catalog.service.ts';

const Params = z.strictObject({ brandId: Id });
const Lot = z.object({ id: z.string(), brandId: z.string(), name: z.string(), fileName: z.string(), rowCount: z.number(), units: z.number(), createdAt: Timestamp, duplicate: z.boolean() });
const Sku = z.object({ id: z.string(), skuCode: z.string(), colour: z.string(), size: z.string(), barcode: z.string().nullable(), tagPrice: z.number(), basePrice: z.number(), currency: z.string(), supplied: z.number(), allocated: z.number() });
const Product = z.object({ id: z.string(), brandId: z.string(), spuCode: z.string(), name: z.string(), category: z.string(), description: z.string(), images: z.array(z.string()), skus: z.array(Sku) });

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The uploaded file: a multipart part named "file", or the raw body with ?fileName=. */
async function uploadedFile(req: FastifyRequest, fallbackName: string): Promise<{ fileName: string; content: Buffer; mime: string }> {
  if (req.isMultipart()) {
    const part = await req.file();
    if (!part) throw new AppError('file_required');
    return { fileName: part.filename || fallbackName, content: await part.toBuffer(), mime: part.mimetype };
  }
  if (Buffer.isBuffer(req.body) && req.body.length > 0) {
    const q = req.query as { fileName?: string };
    return { fileName: q.fileName ?? fallbackName, content: req.body, mime: String(req.headers['content-type'] ?? '') };
  }
  throw new AppError('file_required');
}

export function catalogRoutes(app: App): void {
  app.post('/api/v1/brands/:brandId/lots', {
    config: { auth: ['operator', 'brand'] },
    schema: {
      tags: ['catalog'], summary: 'Import a lot file (.csv or .xlsx): all rows valid or nothing imported; the same file twice returns the first lot',
      description: 'Columns (en or zh headers): spu_code/款号, product_name/商品名称, category/品类, colour/颜色, size/尺码, sku_code/SKU编码, barcode/条码, tag_price/吊牌价, base_price/平台价, quantity/数量, image_urls/图片, description/描述. Prices in yuan (e.g. 199.00).',
      params: Params, querystring: z.strictObject({ fileName: z.string().max(200).optional(), name: z.string().max(200).optional(), lang: z.string().optional() }),
      response: { 201: Lot, 200: Lot },
    },
  }, async (req, reply) => {
    const f = await uploadedFile(req, 'lot.csv');
    const fileName = f.mime.includes('spreadsheetml') && !f.fileName.endsWith('.xlsx') ? `${f.fileName}.xlsx` : f.fileName;
    const lot = await importLot(req.ctx, { brandId: req.params.brandId, fileName, content: f.content, name: req.query.name });
    return reply.code(lot.duplicate ? 200 : 201).send(lot);
  });

  app.get('/api/v1/brands/:brandId/lots', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['catalog'], params: Params, response: { 200: z.object({ items: z.array(Lot) }) } },
  }, async (req) => ({ items: await listLots(req.ctx, { brandId: req.params.brandId }) }));

  app.get('/api/v1/brands/:brandId/products', {
    config: { auth: ['operator', 'brand'] },
    schema: {
      tags: ['catalog'], params: Params,
      querystring: z.strictObject({ cursor: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), lang: z.string().optional() }),
      response: { 200: z.object({ items: z.array(Product), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => listProducts(req.ctx, { brandId: req.params.brandId, cursor: req.query.cursor, limit: req.query.limit }));

  app.post('/api/v1/brands/:brandId/images', {
    config: { auth: ['operator', 'brand'] },
    schema: { tags: ['catalog'], summary: 'Upload a product image (JPEG, PNG, WebP, GIF; ≤ 5 MB)', params: Params, response: { 201: z.object({ url: z.string() }) } },
  }, async (req, reply) => {
    const f = await uploadedFile(req, 'image');
    return reply.code(201).send(await storeImage(req.ctx, { brandId: req.params.brandId, mime: f.mime.split(';')[0], data: f.content }));
  });
}
