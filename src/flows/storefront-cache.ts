// A short-lived cache of the storefront's busiest answer — a live event page, the same for every
// consumer of one shop — so an event opening at 10:00 with thousands of phones on it costs one
// build per shop and event per STOREFRONT_CACHE_MS (1 s), not one per request. The page's stock
// figures may be that much old; checkout judges stock exactly. Compressed copies are made once
// per entry. Concurrent misses share one build, and a stale page is served while it is rebuilt.
// Per process: nothing another instance needs.
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { COMPRESS_JSON_FROM, pickEncoding } from '../platform/web-shell.ts';
import { onSaleEventChanged } from '../platform/changes.ts';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

interface Built { json: string; etag: string; br?: Promise<Buffer>; gz?: Promise<Buffer> }
interface Entry {
  /** Fresh until then; after it, served while one rebuild runs (stale-while-revalidate). */
  until: number;
  /** The last build that succeeded. */
  built: Built | null;
  /** The build under way, if any. */
  building: Promise<Built> | null;
}

const MAX = 2000;
/** A stale answer is served while it is rebuilt only this many times its freshness: older, callers wait. */
const STALE_FACTOR = 10;
const entries = new Map<string, Entry>();

const brotliOf = (json: string) => brotli(Buffer.from(json), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } });

/** One build, with its brotli copy made before it is served (phones ask for br; the rebuild runs while the stale copy is served). */
async function buildOne(build: () => Promise<unknown>, eager: boolean): Promise<Built> {
  const json = JSON.stringify(await build());
  const br = eager && json.length >= COMPRESS_JSON_FROM ? brotliOf(json) : undefined;
  if (br) await br;
  return { json, etag: `"${crypto.createHash('sha1').update(json).digest('base64url')}"`, br };
}

/**
 * The answer for `key`: fresh from the cache; or, once stale, the last one while one rebuild runs
 * (so the instant an entry expires costs no caller a build); or built now. ttlMs 0: always built.
 */
async function builtFor(key: string, ttlMs: number, build: () => Promise<unknown>): Promise<Built> {
  if (ttlMs <= 0) return buildOne(build, false);
  const now = Date.now();
  let e = entries.get(key);
  if (!e) {
    if (entries.size >= MAX) entries.delete(entries.keys().next().value!);
    e = { until: 0, built: null, building: null };
    entries.set(key, e);
  }
  if (e.built && now < e.until) return e.built;
  const entry = e;
  entry.building ??= buildOne(build, true).then((b) => {
    entry.built = b; entry.until = Date.now() + ttlMs; entry.building = null;
    return b;
  }, (err: unknown) => {
    entry.building = null;
    throw err;
  });
  // Stale but recent: answer with it; the rebuild finishes for later callers (its failure is theirs to see).
  if (entry.built && now < entry.until + ttlMs * STALE_FACTOR) {
    entry.building.catch(() => undefined);
    return entry.built;
  }
  return entry.building;
}

/** Answer with the cached JSON of `build()` (its ETag, 304 when unchanged, compressed when asked). */
export async function sendCachedJson(req: FastifyRequest, reply: FastifyReply, key: string, ttlMs: number, build: () => Promise<unknown>): Promise<FastifyReply> {
  const e = await builtFor(key, ttlMs, build);
  const { json, etag } = e;
  reply.header('etag', etag).header('vary', 'Accept-Encoding').header('cache-control', 'no-cache').type('application/json; charset=utf-8');
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  const enc = json.length >= COMPRESS_JSON_FROM ? pickEncoding(req.headers['accept-encoding']) : null;
  if (enc === 'br') {
    e.br ??= brotliOf(json);
    return reply.header('content-encoding', 'br').send(await e.br);
  }
  if (enc === 'gzip') {
    e.gz ??= gzip(Buffer.from(json), { level: 6 });
    return reply.header('content-encoding', 'gzip').send(await e.gz);
  }
  return reply.send(json);
}

onSaleEventChanged((saleEventId) => forgetStorefrontPages({ saleEventId }));

/**
 * Forget this process's pages of an event or of a shop, after the operator changed them (an event
 * edited, an item pulled, an event ended early, a shop paused): the next request builds the page again instead of
 * being answered with the old one. Other processes' copies live out their second (and, stale,
 * their rebuild).
 */
export function forgetStorefrontPages(of: { saleEventId?: string; shareCode?: string }): void {
  for (const key of entries.keys()) {
    const [, code, event] = key.split(':');
    if ((of.saleEventId && event === of.saleEventId) || (of.shareCode && code === of.shareCode)) entries.delete(key);
  }
}
