// The poster's own PNG pieces against independent implementations: zlib's Adler-32, and a PNG
// decoder reading back rows that paethRows filtered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { adler32, assemblePng, paethRows, pngBand, rowBytes } from './poster-png.ts';
import { decodePng } from '../../../test/support/png.ts';

test('adler32 equals zlib’s checksum for any bytes, around its eight-byte turns and its reduction every 2000', () => {
  const lengths = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1990, max: 2020 }), fc.integer({ min: 3990, max: 12_000 }));
  fc.assert(fc.property(lengths, fc.integer({ min: 0, max: 255 }), fc.boolean(), (n, seed, saturated) => {
    // 0xff throughout is the worst case for the sums' growth between reductions
    const data = saturated ? Buffer.alloc(n, 0xff) : Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed * 7 + (i >> 3)) & 0xff));
    const z = zlib.deflateSync(data, { level: 0 });
    assert.equal(adler32(data), z.readUInt32BE(z.length - 4));
  }), { numRuns: 200 });
});

test('rows filtered by paethRows decode to the pixels drawn: repeated rows, flat colour, white and noise', async () => {
  const width = 37;
  const stride = rowBytes(width);
  const kinds = fc.array(fc.constantFrom('white', 'flat', 'noise', 'repeat'), { minLength: 2, maxLength: 40 });
  await fc.assert(fc.asyncProperty(kinds, fc.integer({ min: 0, max: 1000 }), async (rowKinds, seed) => {
    const rows = Buffer.alloc(stride * rowKinds.length);
    rowKinds.forEach((k, y) => {
      const at = y * stride;
      rows[at] = 0;
      for (let i = 1; i < stride; i++) {
        rows[at + i] = k === 'white' ? 255 : k === 'flat' ? 0xd8 - (i % 3) * 40
          : k === 'repeat' && y > 0 ? rows[at - stride + i] : (i * 131 + y * 17 + seed) % 251;
      }
    });
    const drawn = Buffer.from(rows);
    paethRows(rows, width);
    assert.equal(rows[0], 0, 'a band’s first row stays unfiltered');
    const png = decodePng(assemblePng(width, rowKinds.length, [await pngBand(rows, { first: true, last: true })]));
    for (let y = 0; y < rowKinds.length; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 3; c++) assert.equal(png.data[4 * (y * width + x) + c], drawn[y * stride + 1 + 3 * x + c], `row ${y} (${rowKinds[y]}), x ${x}`);
      }
    }
  }), { numRuns: 60 });
});
