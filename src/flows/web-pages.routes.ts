// The web app's pages as they first arrive: index.html with the page's title and a skeleton in the
// visitor's language. A shared link (/s/:shareCode/…) names its shop, and the sale event it opens,
// so a phone on a slow link shows the shop while the scripts are still on their way.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../platform/context.ts';
import { AppError, pickLang, type Lang } from '../platform/errors.ts';
import type { App } from '../platform/http.ts';
import type { Skeleton, WebShell } from '../platform/web-shell.ts';
import { storefrontPageHead, type StorefrontPageHead } from './storefront-page.flow.ts';

/** The same words the web app shows (common.appName, common.loading, storefront.shopTitle, the area titles). */
const WORDS: Record<Lang, { app: string; loading: string; shop: (name: string) => string; tagline: string; areas: Record<string, string> }> = {
  'zh-CN': {
    app: '爱清仓', loading: '加载中…', shop: (name) => `${name}的特卖小店`, tagline: '品牌正品 · 限时特卖 · 售完即止',
    areas: { console: '运营后台', brand: '品牌商门户', reseller: '爱清仓 · 代购' },
  },
  en: {
    app: 'Sellthrough', loading: 'Loading…', shop: (name) => `${name}'s shop`, tagline: 'Genuine brands · limited-time sales · while stocks last',
    areas: { console: 'Operator console', brand: 'Brand portal', reseller: 'Sellthrough · Reseller' },
  },
};

/** As the web app's pageTitle (web/src/lib/title.ts): each name once, the app's name last. */
export function pageTitle(parts: readonly (string | null | undefined)[], appName: string): string {
  const names = parts.flatMap((p) => (p ?? '').split(' · ')).map((n) => n.trim()).filter((n) => n !== '' && n !== appName);
  return [...new Set(names), appName].join(' · ');
}

const SHARE_CODE = /^[a-z0-9]{4,32}$/;
const SALE_EVENT_ID = /^evt_[0-9a-z]{1,60}$/;

/** The page's language: ?lang= when the link says, else the browser's first choice (zh-CN by default). */
function langOf(req: FastifyRequest): Lang {
  return pickLang(req.headers['accept-language'], (req.query as Record<string, string> | undefined)?.lang);
}

/** A page with nothing personal in it: the area's name (console, brand portal, reseller app) or the app's. */
export function sendAreaPage(shell: WebShell, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const lang = langOf(req);
  const w = WORDS[lang];
  const area = /^\/(console|brand|reseller)(\/|$|\?)/.exec(req.url)?.[1];
  const name = area ? w.areas[area] : undefined;
  const page = shell.cached(`${lang}:${area ?? ''}`, () => shell.render(lang, pageTitle([name], w.app), { bar: pageTitle([name], w.app), status: w.loading }));
  return shell.send(req, reply, page, true);
}

function storefrontSkeleton(lang: Lang, head: StorefrontPageHead): { title: string; skeleton: Skeleton } {
  const w = WORDS[lang];
  const shop = w.shop(head.shopName);
  if (head.saleEventTitle) {
    return { title: pageTitle([head.saleEventTitle, shop], w.app), skeleton: { bar: head.saleEventTitle, hero: { name: shop, sub: w.tagline }, status: w.loading } };
  }
  return { title: pageTitle([shop], w.app), skeleton: { bar: shop, hero: { name: shop, sub: w.tagline }, status: w.loading } };
}

/** GET /s/:shareCode and everything under it: the storefront's pages, named after their shop. */
export function webPageRoutes(app: App, shell: WebShell, ctxFor: (req: FastifyRequest, lang: Lang) => Ctx): void {
  const storefrontPage = async (req: FastifyRequest, reply: FastifyReply) => {
    const { shareCode, '*': rest = '' } = req.params as { shareCode: string; '*'?: string };
    const lang = langOf(req);
    // Malformed codes and unknown shops get the plain page: the app says the shop does not exist.
    if (!shell.rendering || !SHARE_CODE.test(shareCode)) return sendAreaPage(shell, req, reply);
    const eventId = /^e\/([^/?#]+)/.exec(rest)?.[1];
    // A page is always the app, never a problem+json: a shop that cannot be named (paused by the
    // operator, say) gets the plain page, and the app says why.
    const head = await storefrontPageHead(ctxFor(req, lang), shareCode, eventId && SALE_EVENT_ID.test(eventId) ? eventId : null)
      .catch((e: unknown) => { if (e instanceof AppError) return null; throw e; });
    if (!head) return sendAreaPage(shell, req, reply);
    const { title, skeleton } = storefrontSkeleton(lang, head);
    return shell.send(req, reply, shell.render(lang, title, skeleton), true);
  };
  app.get('/s/:shareCode', { schema: { hide: true } }, storefrontPage);
  app.get('/s/:shareCode/*', { schema: { hide: true } }, storefrontPage);
}
