// The web app's pages and bytes on the wire: index.html rendered with each page's title and a
// skeleton of the page (so a phone on a slow link sees something before the scripts arrive), the
// built files sent precompressed (brotli or gzip, as the browser accepts), and JSON answers over
// 1 KB compressed on the fly. Markup and CSS only: the Content-Security-Policy allows no inline
// script, and needs none here.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Lang } from './errors.ts';

export type Encoding = 'br' | 'gzip';

/**
 * The encoding to answer with: brotli when the browser takes it, else gzip, else none (identity).
 * "q=0" refuses an encoding; "*" stands for any not named.
 */
export function pickEncoding(acceptEncoding: string | string[] | undefined): Encoding | null {
  // No header (API clients, load generators): nothing to read.
  if (acceptEncoding === undefined) return null;
  // Browsers send a handful of distinct headers: each is read once per process.
  if (typeof acceptEncoding === 'string') {
    const known = encodings.get(acceptEncoding);
    if (known !== undefined) return known;
    if (encodings.size >= 200) encodings.clear();
    const picked = readEncoding(acceptEncoding);
    encodings.set(acceptEncoding, picked);
    return picked;
  }
  return readEncoding(acceptEncoding);
}
const encodings = new Map<string, Encoding | null>();

function readEncoding(acceptEncoding: string | string[] | undefined): Encoding | null {
  const header = [acceptEncoding ?? ''].flat().join(',').toLowerCase();
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const accepts = (e: string) => (q.get(e) ?? q.get('*') ?? 0) > 0;
  return accepts('br') ? 'br' : accepts('gzip') ? 'gzip' : null;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and quoted attributes: a name with <script> stays text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** What a page shows before its scripts run: the bar's text, an optional hero (a shop), a status line. */
export interface Skeleton { bar: string; hero?: { name: string; sub: string }; status: string }

/** The skeleton's markup (classes styled by index.html's own <style>); every text is escaped. */
export function skeletonMarkup(s: Skeleton): string {
  const card = '<div class="boot-card" aria-hidden="true"><div class="boot-img"></div><div class="boot-lines"><div class="boot-line"></div><div class="boot-line short"></div><div class="boot-line"></div></div></div>';
  const hero = s.hero
    ? `<section class="boot-hero"><div class="boot-avatar" aria-hidden="true">${escapeHtml([...s.hero.name][0] ?? '')}</div><div><p class="boot-name" data-shell="name">${escapeHtml(s.hero.name)}</p><p class="boot-sub">${escapeHtml(s.hero.sub)}</p></div></section>`
    : '';
  return `<div class="boot" data-shell="skeleton"><header class="boot-bar" data-shell="bar">${escapeHtml(s.bar)}</header>${hero}<p class="boot-status" role="status">${escapeHtml(s.status)}</p><div class="boot-list">${card}${card}${card}</div></div>`;
}

/** A rendered page, ready to send: its bytes, their ETag, and compressed variants made on demand. */
export interface Page { html: Buffer; etag: string; variants: Map<Encoding, Buffer> }

/**
 * index.html from the build, rendered per page. The built file keeps Vite's script and style
 * tags; the page's language, <title> and the contents of #root are filled in here.
 */
export class WebShell {
  /** Generic pages (same title and skeleton for everyone in one language) are rendered once. */
  private readonly cache = new Map<string, Page>();

  private constructor(readonly dir: string, private readonly template: string, private readonly options: { compress: boolean; render: boolean }) {
    for (const marker of ['<html lang="zh-CN">', '<div id="root"></div>']) {
      if (!template.includes(marker)) throw new Error(`web/dist/index.html has no ${marker}: the page cannot be rendered`);
    }
    if (!/<title>[^<]*<\/title>/.test(template)) throw new Error('web/dist/index.html has no <title>');
  }

  /** The built app in `dir`, or null when it was not built. */
  static load(dir: string, options: { compress: boolean; render: boolean }): WebShell | null {
    const file = path.join(dir, 'index.html');
    return fs.existsSync(file) ? new WebShell(dir, fs.readFileSync(file, 'utf8'), options) : null;
  }

  /** Whether pages are rendered (WEB_SHELL on) or sent as built. */
  get rendering(): boolean { return this.options.render; }

  /** The page with this language, title (plain text) and skeleton. */
  render(lang: Lang, title: string, skeleton: Skeleton): Page {
    if (!this.options.render) return this.page(this.template);
    const html = this.template
      .replace('<html lang="zh-CN">', `<html lang="${lang}">`)
      .replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(title)}</title>`)
      .replace('<div id="root"></div>', () => `<div id="root">${skeletonMarkup(skeleton)}</div>`);
    return this.page(html);
  }

  /** A page every visitor in one language gets alike (the console, the brand portal, …): kept once rendered. */
  cached(key: string, make: () => Page): Page {
    let p = this.cache.get(key);
    if (!p) { p = make(); this.cache.set(key, p); }
    return p;
  }

  private page(html: string): Page {
    const bytes = Buffer.from(html);
    return { html: bytes, etag: `"${crypto.createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`, variants: new Map() };
  }

  /**
   * Send a page: never cached without asking (no-cache, ETag, 304), compressed as the browser
   * accepts. A page is a few kilobytes: brotli at quality 5 takes well under a millisecond.
   */
  send(req: FastifyRequest, reply: FastifyReply, page: Page, varyLanguage: boolean): FastifyReply {
    reply.header('cache-control', 'no-cache');
    reply.header('vary', varyLanguage ? 'Accept-Encoding, Accept-Language' : 'Accept-Encoding');
    reply.header('etag', page.etag);
    reply.type('text/html; charset=utf-8');
    const match = req.headers['if-none-match'];
    if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === page.etag)) return reply.code(304).send();
    const encoding = this.options.compress ? pickEncoding(req.headers['accept-encoding']) : null;
    if (!encoding) return reply.send(page.html);
    let body = page.variants.get(encoding);
    if (!body) {
      body = encoding === 'br'
        ? zlib.brotliCompressSync(page.html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: page.html.length } })
        : zlib.gzipSync(page.html, { level: 6 });
      page.variants.set(encoding, body);
    }
    reply.header('content-encoding', encoding);
    return reply.send(body);
  }
}

/**
 * The built files (web/dist) under /: hashed assets, the icon. With compression on, the .br or
 * .gz written beside each file at build time (scripts/build-web.ts) goes to a browser that takes
 * it, with Content-Encoding; every answer says it varies by Accept-Encoding, so a cache never
 * hands brotli to a browser that asked for none.
 */
export async function serveWebFiles(app: FastifyInstance, shell: WebShell, compress: boolean): Promise<void> {
  await app.register(fastifyStatic, {
    root: shell.dir, prefix: '/', wildcard: false, decorateReply: true, maxAge: '1h', immutable: false, preCompressed: compress,
    // index.html is only ever sent rendered (WebShell); the file itself is not served.
    index: false, globIgnore: ['index.html', 'index.html.br', 'index.html.gz'],
    setHeaders: (res) => { if (compress) res.setHeader('vary', 'Accept-Encoding'); },
  });
  // Browsers ask for /favicon.ico whatever the page links: the same icon.
  app.get('/favicon.ico', { schema: { hide: true } }, (_req, reply) => reply.type('image/svg+xml').sendFile('favicon.svg'));
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
/** JSON answers smaller than this go as they are: compressing them saves less than a packet. */
export const COMPRESS_JSON_FROM = 1024;

/**
 * Compress JSON answers over 1 KB (an event's product list, the OpenAPI document) for browsers
 * that take brotli or gzip. Brotli at quality 4 is about as fast as gzip at 6 and smaller; it
 * runs on libuv's thread pool (zlib's async API), off the event loop.
 */
export function installJsonCompression(app: FastifyInstance): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    const type = String(reply.getHeader('content-type') ?? '');
    const size = typeof payload === 'string' ? Buffer.byteLength(payload) : Buffer.isBuffer(payload) ? payload.length : 0;
    if (size < COMPRESS_JSON_FROM || !/^application\/(problem\+)?json/.test(type) || reply.hasHeader('content-encoding')) return done(null, payload);
    const vary = String(reply.getHeader('vary') ?? '');
    if (!/accept-encoding/i.test(vary)) reply.header('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    const encoding = pickEncoding(req.headers['accept-encoding']);
    if (!encoding) return done(null, payload);
    const input = Buffer.isBuffer(payload) ? payload : Buffer.from(payload as string);
    const work = encoding === 'br'
      ? brotli(input, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: input.length } })
      : gzip(input, { level: 6 });
    work.then((body) => {
      reply.header('content-encoding', encoding);
      reply.removeHeader('content-length');
      done(null, body);
    }, (e: Error) => done(e));
  });
}
