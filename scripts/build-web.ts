// Build the web app when its sources are newer than the last build (npm start runs this first),
// then precompress it: a .br (brotli, quality 11) and a .gz (gzip, level 9) beside every text
// asset, which the server sends to browsers that accept them (a phone on a slow link downloads
// about a quarter of the bytes), so no request pays for compression.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Absolute: vite resolves a relative --outDir against its root (web/), not against the working directory. */
const DIST = path.resolve('web/dist');
/** What compresses: scripts, styles, pages, vector images, JSON. Images and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : [p];
  });
}

/**
 * Write file.br and file.gz beside each compressible file that lacks them or changed since. A
 * variant that would not be smaller is not written (the server then sends the file as it is).
 */
function precompress(dir: string): { files: number; raw: number; br: number; gz: number } {
  const sum = { files: 0, raw: 0, br: 0, gz: 0 };
  for (const f of files(dir)) {
    if (!COMPRESSIBLE.test(f)) continue;
    const raw = fs.readFileSync(f);
    const mtime = fs.statSync(f).mtimeMs;
    sum.files++;
    sum.raw += raw.length;
    for (const [ext, compress] of [
      ['.br', (b: Buffer) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length } })],
      ['.gz', (b: Buffer) => zlib.gzipSync(b, { level: 9 })],
    ] as const) {
      const out = f + ext;
      const fresh = fs.existsSync(out) && fs.statSync(out).mtimeMs >= mtime;
      const packed = fresh ? fs.readFileSync(out) : compress(raw);
      if (packed.length >= raw.length) { fs.rmSync(out, { force: true }); continue; }
      if (!fresh) fs.writeFileSync(out, packed);
      if (ext === '.br') sum.br += packed.length; else sum.gz += packed.length;
    }
  }
  return sum;
}

// --out DIR builds into another folder, always (the web-size benchmark serves a build of its own).
const outIndex = process.argv.indexOf('--out');
const dist = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : DIST;
const out = path.join(dist, 'index.html');
const sources = Math.max(newest('web/src'), newest('web/public'), fs.statSync('web/index.html').mtimeMs, fs.statSync('web/vite.config.ts').mtimeMs);
if (dist === DIST && fs.existsSync(out) && fs.statSync(out).mtimeMs >= sources && !process.argv.includes('--force')) {
  console.log('web app is up to date');
} else {
  const r = spawnSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log('web app built');
}
const s = precompress(dist);
console.log(`web app precompressed: ${s.files} files, ${Math.round(s.raw / 1024)} kB → brotli ${Math.round(s.br / 1024)} kB, gzip ${Math.round(s.gz / 1024)} kB`);
