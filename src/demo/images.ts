// Product pictures for the demo catalogue, drawn as SVG and written to the uploads folder like
// any uploaded image: the demo looks like a shop without reaching any image host.
import fs from 'node:fs/promises';
import path from 'node:path';
import { escapeHtml } from '../platform/web-shell.ts';

const COLOURS: Record<string, string> = {
  黑色: '#2b2b2e', 白色: '#f4f4f2', 米白: '#efe6d6', 驼色: '#b98a5e', 燕麦: '#d9c9ad', 雾霾蓝: '#8aa1b8', 酒红: '#7d2638', 卡其: '#b7a276',
  灰色: '#9a9da3', 浅蓝: '#a9c6e3', 深蓝: '#2f4a78', 藏青: '#23314f', 墨绿: '#2f4f43', 青花: '#3e5f9b', 咖啡: '#6f4e37', 烟粉: '#d8a7a7',
  军绿: '#5d6b3f', 粉色: '#f2b5c4', 黄色: '#f2cf5b', 红色: '#d8423a', 象牙白: '#f3eee2', 自然色: '#e8d7c0', 标准: '#e9d9e6',
};

type Shape = 'dress' | 'coat' | 'shirt' | 'trousers' | 'skirt' | 'sweater' | 'bottle' | 'jar' | 'tube' | 'mask';

function shapeOf(name: string, category: string): Shape {
  if (category === '美妆') {
    if (/霜|膏|乳霜/.test(name)) return 'jar';
    if (/面膜/.test(name)) return 'mask';
    if (/口红|唇|洁面|防晒/.test(name)) return 'tube';
    return 'bottle';
  }
  if (/连衣裙|裙装/.test(name)) return 'dress';
  if (/裙/.test(name)) return 'skirt';
  if (/裤/.test(name)) return 'trousers';
  if (/针织|毛衣|卫衣|打底/.test(name)) return 'sweater';
  if (/大衣|风衣|外套|羽绒|夹克|棉服|马甲/.test(name)) return 'coat';
  return 'shirt';
}

const PATHS: Record<Shape, string> = {
  dress: 'M250 170 L350 170 L370 240 L330 260 L420 600 L180 600 L270 260 L230 240 Z',
  coat: 'M240 160 L300 190 L360 160 L450 210 L480 420 L420 430 L410 320 L410 620 L190 620 L190 320 L180 430 L120 420 L150 210 Z M300 190 L300 620',
  shirt: 'M240 170 L300 200 L360 170 L450 220 L420 300 L380 280 L380 560 L220 560 L220 280 L180 300 L150 220 Z',
  trousers: 'M210 170 L390 170 L410 620 L320 620 L300 320 L280 620 L190 620 Z',
  skirt: 'M230 200 L370 200 L440 580 L160 580 Z',
  sweater: 'M230 170 L300 190 L370 170 L460 230 L470 470 L410 470 L400 320 L400 570 L200 570 L200 320 L190 470 L130 470 L140 230 Z',
  bottle: 'M270 150 L330 150 L330 220 L370 260 L370 600 L230 600 L230 260 L270 220 Z',
  jar: 'M190 330 L410 330 L410 560 Q410 600 370 600 L230 600 Q190 600 190 560 Z M180 280 L420 280 L420 330 L180 330 Z',
  tube: 'M260 150 L340 150 L360 560 L240 560 Z M250 560 L350 560 L350 610 L250 610 Z',
  mask: 'M170 200 L430 200 L430 600 L170 600 Z M200 260 L400 260',
};

function shade(hex: string, k: number): string {
  const n = parseInt(hex.slice(1), 16);
  const f = (v: number) => Math.max(0, Math.min(255, Math.round(v * k)));
  return `#${[(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => f(v).toString(16).padStart(2, '0')).join('')}`;
}

export function productSvg(p: { name: string; colour: string; category: string; brand: string }): string {
  const fill = COLOURS[p.colour] ?? '#c9b8a6';
  const light = (parseInt(fill.slice(1), 16) & 0xff) + ((parseInt(fill.slice(1), 16) >> 8) & 0xff) > 360;
  const bg = light ? '#f6f1ea' : '#f3f0ee';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800" viewBox="0 0 600 800">
<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${bg}"/><stop offset="1" stop-color="${shade(bg, 0.93)}"/></linearGradient>
<linearGradient id="f" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${shade(fill, 1.12)}"/><stop offset="1" stop-color="${shade(fill, 0.82)}"/></linearGradient></defs>
<rect width="600" height="800" fill="url(#g)"/>
<ellipse cx="300" cy="650" rx="190" ry="22" fill="#000" opacity=".07"/>
<path d="${PATHS[shapeOf(p.name, p.category)]}" fill="url(#f)" stroke="${shade(fill, 0.7)}" stroke-width="4" stroke-linejoin="round"/>
<text x="300" y="712" text-anchor="middle" font-family="Noto Sans CJK SC, PingFang SC, sans-serif" font-size="34" fill="#333">${escapeHtml(p.name)}</text>
<text x="300" y="752" text-anchor="middle" font-family="Noto Sans CJK SC, PingFang SC, sans-serif" font-size="24" fill="#888">${escapeHtml(p.brand)} · ${escapeHtml(p.colour)}</text>
</svg>`;
}

export interface DemoImage { file: string; name: string; colour: string; category: string; brand: string }

/** Write the pictures under <uploadDir>/demo/; returns how many. */
export async function writeDemoImages(uploadDir: string, images: Iterable<DemoImage>): Promise<number> {
  const dir = path.join(uploadDir, 'demo');
  await fs.mkdir(dir, { recursive: true });
  let n = 0;
  for (const img of images) { await fs.writeFile(path.join(dir, `${img.file}.svg`), productSvg(img)); n++; }
  return n;
}
