// Build the web app when its sources are newer than the last build (npm start runs this first).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const out = 'web/dist/index.html';
const sources = Math.max(newest('web/src'), fs.statSync('web/index.html').mtimeMs, fs.statSync('web/vite.config.ts').mtimeMs);
if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= sources && !process.argv.includes('--force')) {
  console.log('web app is up to date');
} else {
  const r = spawnSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log('web app built');
}
