// What a phone downloads to open a shared storefront link, against the whole web app (the
// baseline): builds the app with a manifest into a temporary folder and follows the storefront
// route's static imports.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

interface Chunk { file: string; imports?: string[]; css?: string[]; isEntry?: boolean; src?: string }

export async function run(): Promise<object> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'st-web-size-'));
  try {
    const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--outDir', out, '--manifest', '--logLevel', 'warn'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error('vite build failed');
    const manifest = JSON.parse(fs.readFileSync(path.join(out, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
    const size = (file: string) => { const b = fs.readFileSync(path.join(out, file)); return { raw: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length }; };
    const collect = (keys: string[]) => {
      const js = new Set<string>(), css = new Set<string>();
      const walk = (k: string) => {
        const c = manifest[k];
        if (!c || js.has(c.file)) return;
        js.add(c.file);
        for (const s of c.css ?? []) css.add(s);
        for (const i of c.imports ?? []) walk(i);
      };
      keys.forEach(walk);
      const sum = (files: Set<string>) => [...files].reduce((a, f) => { const s = size(f); return { raw: a.raw + s.raw, gzip: a.gzip + s.gzip }; }, { raw: 0, gzip: 0 });
      return { js: sum(js), css: sum(css), files: [...js, ...css].length };
    };
    const entry = Object.keys(manifest).find((k) => manifest[k].isEntry)!;
    const storefrontKey = Object.keys(manifest).find((k) => k.includes('areas/storefront/index'))!;
    const storefront = collect([entry, storefrontKey]);
    const everything = collect(Object.keys(manifest));
    const html = size('index.html');
    return {
      bench: 'web-size',
      ok: true,
      storefrontFirstLoad: { html, ...storefront },
      baselineWholeApp: everything,
      ratioGzipJs: Number((storefront.js.gzip / everything.js.gzip).toFixed(3)),
    };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
