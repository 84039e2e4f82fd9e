// A poster's PNG assembled from bands of rows compressed separately, so the bands every reseller's
// poster of a sale event shares are compressed once and only the band with the QR code is
// compressed per link.
//
// - Rows are 8-bit RGB. A band's first row is unfiltered, so it depends on no row of another band;
//   a band made once (a sale event's body) may filter its other rows with Paeth, which takes up
//   to a third off a poster of photos (flat colour and text compress best unfiltered, and the
//   heuristic keeps them so); the band drawn per link stays unfiltered, cheaper to make.
// - Each band is its own raw deflate run, ended by a sync flush (the last one by a final block) and
//   started afresh, so no back-reference crosses bands; one after another they are a valid zlib
//   stream. Each band sits in its own IDAT chunk (PNG allows the stream split anywhere), so a
//   cached band's chunk, CRC and all, is reused byte for byte; the stream's Adler-32 is combined
//   from the bands' own.
import zlib from 'node:zlib';
import { promisify } from 'node:util';

const deflateRaw = promisify(zlib.deflateRaw);

/** One compressed band: its IDAT chunk, ready to write, and what the zlib trailer needs of it. */
export interface PngBand { chunk: Buffer; adler: number; length: number }

/** The bytes of one row in a band: the filter byte, then RGB. */
export function rowBytes(width: number): number {
  return 1 + 3 * width;
}

// Row buffers kept for reuse: the first write to a fresh large buffer pays its page faults (on
// this project's VMs about 3 ms a MB, more than compressing it); a reused one does not.
const spare: Buffer[] = [];
const SPARE_MAX = 6;

/** `bytes` of scratch space, any content, for `use` to fill and be done with when it settles. */
export async function withScratch<T>(bytes: number, use: (scratch: Buffer) => Promise<T>): Promise<T> {
  const i = spare.findIndex((b) => b.length >= bytes);
  const buffer = i >= 0 ? spare.splice(i, 1)[0] : Buffer.allocUnsafeSlow(bytes);
  try {
    return await use(buffer.subarray(0, bytes));
  } finally {
    if (spare.length < SPARE_MAX) spare.push(buffer);
  }
}

/**
 * `height` rows of RGBA pixels (as resvg gives them, opaque) from row `from`, as unfiltered RGB
 * rows ready to compress, written into `out` (rowBytes(width) × height bytes) or a new buffer.
 */
export function rgbRows(rgba: Uint8Array, width: number, from: number, height: number, out: Buffer = Buffer.allocUnsafe(rowBytes(width) * height)): Buffer {
  const stride = rowBytes(width);
  // a poster is mostly white: start white and copy only the other pixels
  out.fill(0xff, 0, stride * height);
  const words = rgba.byteOffset % 4 === 0 ? new Int32Array(rgba.buffer, rgba.byteOffset, rgba.byteLength >>> 2) : null;
  for (let y = 0; y < height; y++) {
    out[y * stride] = 0; // filter: none
    let s = (from + y) * width;
    let d = y * stride + 1;
    for (let x = 0; x < width; x++, s++, d += 3) {
      if (words !== null && words[s] === -1) continue; // 0xffffffff: opaque white
      out[d] = rgba[4 * s]; out[d + 1] = rgba[4 * s + 1]; out[d + 2] = rgba[4 * s + 2];
    }
  }
  return out;
}

// The mean signed magnitude of a row's bytes above which it is worth filtering: white scores 1,
// the demo's beige picture backgrounds about 18, a photo's rows far more.
const PHOTO_ROW = 16;

/**
 * Rows from rgbRows, filtered in place with Paeth where that leaves smaller bytes (libpng's
 * heuristic: the least sum of the bytes read as signed), except the first row: a band may follow
 * any other. Worth it only for a band compressed once. A row of white, flat colour and text
 * (below PHOTO_ROW) stays unfiltered even when the heuristic prefers Paeth: deflate finds it in
 * the rows above, which Paeth hides; on the demo's posters that makes the PNG 10 % smaller.
 */
export function paethRows(rows: Buffer, width: number): Buffer {
  const stride = rowBytes(width);
  const filtered = Buffer.alloc(stride - 1);
  // bottom up, so the row above is still as drawn when a row is filtered
  for (let y = rows.length / stride - 1; y >= 1; y--) {
    const row = y * stride + 1;
    const above = row - stride;
    // the same as the row above (margins, flat colour): filtered Up, it is zeros, which deflate
    // packs tightest, and nothing needs computing
    if (rows.compare(rows, above, above + stride - 1, row, row + stride - 1) === 0) {
      rows[row - 1] = 2; // filter: Up
      rows.fill(0, row, row + stride - 1);
      continue;
    }
    let plainCost = 0;
    for (let i = 0; i < stride - 1; i++) {
      const byte = rows[row + i];
      plainCost += byte < 128 ? byte : 256 - byte;
    }
    if (plainCost <= PHOTO_ROW * (stride - 1)) continue;
    let paethCost = 0;
    for (let i = 0; i < stride - 1; i++) {
      const left = i >= 3 ? rows[row + i - 3] : 0;
      const up = rows[above + i];
      const upLeft = i >= 3 ? rows[above + i - 3] : 0;
      const p = left + up - upLeft;
      const dLeft = Math.abs(p - left);
      const dUp = Math.abs(p - up);
      const dUpLeft = Math.abs(p - upLeft);
      const predicted = dLeft <= dUp && dLeft <= dUpLeft ? left : dUp <= dUpLeft ? up : upLeft;
      const v = (rows[row + i] - predicted) & 0xff;
      filtered[i] = v;
      paethCost += v < 128 ? v : 256 - v;
      if (paethCost >= plainCost) break; // Paeth has lost: the row stays as drawn
    }
    if (paethCost < plainCost) {
      rows[row - 1] = 4; // filter: Paeth
      filtered.copy(rows, row);
    }
  }
  return rows;
}

const ADLER_MOD = 65521;

export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  const n = data.length;
  for (let i = 0; i < n;) {
    // reduced every 2000 bytes, the sums stay below 2^30: small integers to V8, never doubles;
    // eight bytes a turn while eight remain
    const end = Math.min(i + 2000, n);
    for (const end8 = end - 8; i <= end8; i += 8) {
      a += data[i]; b += a; a += data[i + 1]; b += a; a += data[i + 2]; b += a; a += data[i + 3]; b += a;
      a += data[i + 4]; b += a; a += data[i + 5]; b += a; a += data[i + 6]; b += a; a += data[i + 7]; b += a;
    }
    for (; i < end; i++) { a += data[i]; b += a; }
    a %= ADLER_MOD; b %= ADLER_MOD;
  }
  return ((b << 16) | a) >>> 0;
}

/** The Adler-32 of two runs one after the other, from each one's (zlib's adler32_combine). */
export function adler32Combine(first: number, second: number, secondLength: number): number {
  const rem = secondLength % ADLER_MOD;
  let a = first & 0xffff;
  let b = (rem * a) % ADLER_MOD;
  a += (second & 0xffff) + ADLER_MOD - 1;
  b += (first >>> 16) + (second >>> 16) + ADLER_MOD - rem;
  if (a >= ADLER_MOD) a -= ADLER_MOD;
  if (a >= ADLER_MOD) a -= ADLER_MOD;
  if (b >= 2 * ADLER_MOD) b -= 2 * ADLER_MOD;
  if (b >= ADLER_MOD) b -= ADLER_MOD;
  return ((b << 16) | a) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

// zlib's header for a 32 KiB window, default compression
const ZLIB_HEADER = Buffer.from([0x78, 0x9c]);

/**
 * Rows (from rgbRows) as one band. The first band of an image carries the zlib header; the last
 * one the final block. Compressed on libuv's thread pool.
 */
export async function pngBand(rows: Buffer, place: { first: boolean; last: boolean }): Promise<PngBand> {
  const flush = place.last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH;
  const deflated = await deflateRaw(rows, { finishFlush: flush });
  return { chunk: chunk('IDAT', place.first ? Buffer.concat([ZLIB_HEADER, deflated]) : deflated), adler: adler32(rows), length: rows.length };
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IEND = chunk('IEND', new Uint8Array(0));

/** The PNG of an 8-bit RGB image whose rows are `bands`, top to bottom (first and last as pngBand was told). */
export function assemblePng(width: number, height: number, bands: PngBand[]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  let adler = 1;
  for (const band of bands) adler = adler32Combine(adler, band.adler, band.length);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler, 0);
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), ...bands.map((b) => b.chunk), chunk('IDAT', trailer), IEND]);
}
