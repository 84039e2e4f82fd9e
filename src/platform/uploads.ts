// Images people upload (product pictures, buyers' photos of a return): checked by type and size,
// stored under the upload folder with a fresh name, served under /uploads/.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Ctx } from './context.ts';
import { AppError } from './errors.ts';
import { newId } from './ids.ts';

const IMAGE_TYPES: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp', 'image/gif': '.gif' };

/** The first bytes each image type starts with: a file is what its bytes say, not what it is called. */
const MAGIC: [string, (b: Buffer) => boolean][] = [
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['image/gif', (b) => b.subarray(0, 4).toString('latin1') === 'GIF8'],
  ['image/webp', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
];

export async function saveImage(ctx: Ctx, input: { mime: string; data: Buffer; maxBytes?: number; field?: string }): Promise<{ url: string }> {
  const ext = IMAGE_TYPES[input.mime];
  const field = input.field ?? 'file';
  if (!ext) throw new AppError('unsupported_file', { detail: 'images must be JPEG, PNG, WebP or GIF' });
  if (input.data.length > (input.maxBytes ?? 5 * 1024 * 1024)) throw new AppError('validation_failed', { fields: [{ path: field, message: `at most ${Math.round((input.maxBytes ?? 5 * 1024 * 1024) / 1024 / 1024)} MB` }] });
  const kind = MAGIC.find(([, is]) => is(input.data))?.[0];
  if (kind !== input.mime) throw new AppError('unsupported_file', { detail: `the file is not a ${input.mime.slice(6).toUpperCase()} image` });
  const name = `${newId('upl')}${ext}`;
  await fs.mkdir(ctx.deps.config.uploadDir, { recursive: true });
  await fs.writeFile(path.join(ctx.deps.config.uploadDir, name), input.data);
  return { url: `/uploads/${name}` };
}

const DATA_URL = /^data:(image\/(?:jpeg|png|webp));base64,([A-Za-z0-9+/=]+)$/;

/**
 * Images sent as base64 data URLs in a JSON body (photos of a return, of a delivered order, a
 * brand's material): each checked like an upload and stored; their URLs in order. `field` names
 * them in errors ("photos.1").
 */
export async function saveDataUrlImages(ctx: Ctx, images: string[], opts: { max: number; field: string; maxBytes?: number }): Promise<string[]> {
  if (images.length > opts.max) throw new AppError('validation_failed', { fields: [{ path: opts.field, message: `at most ${opts.max} images` }] });
  // Every one is checked before any is stored: a bad third image stores nothing.
  const decoded = images.map((p, i) => {
    const m = DATA_URL.exec(p);
    if (!m) throw new AppError('validation_failed', { fields: [{ path: `${opts.field}.${i}`, message: 'a JPEG, PNG or WebP image as a data URL' }] });
    const data = Buffer.from(m[2], 'base64');
    const max = opts.maxBytes ?? 2 * 1024 * 1024;
    if (data.length > max) throw new AppError('validation_failed', { fields: [{ path: `${opts.field}.${i}`, message: `at most ${Math.round(max / 1024 / 1024)} MB` }] });
    return { mime: m[1], data };
  });
  const out: string[] = [];
  for (const [i, d] of decoded.entries()) out.push((await saveImage(ctx, { ...d, maxBytes: opts.maxBytes ?? 2 * 1024 * 1024, field: `${opts.field}.${i}` })).url);
  return out;
}
