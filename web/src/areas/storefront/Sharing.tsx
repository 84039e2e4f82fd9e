// What a share link opens (/s/:code/l/:link): its page while its event runs, or — once the event
// has ended (阅后即焚) — a friendly page with the shop's other sales on now. The link is kept for
// this visit so views and the order name the channel it came through.
import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api, get } from '../../lib/api.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { useTitle } from '../../lib/title.ts';
import { addAreaStrings } from '../../lib/i18n-area.ts';
import { isCode } from './data.ts';
import { EventDiscount } from './EventDiscount.tsx';
import { Header, Img, Message, Page } from './parts.tsx';
import { ShopNotFound } from './Shop.tsx';

addAreaStrings('storefront', {
  linkEndedTitle: '这场特卖已经结束啦',
  linkEndedBody: '分享的内容随活动结束自动失效。{{shop}}正在卖的还有这些：',
  linkEndedNone: '{{shop}}暂时没有正在进行的特卖，晚点再来看看吧。',
  linkNotFound: '这个分享链接不存在，可能复制得不完整',
}, {
  linkEndedTitle: 'This sale has ended',
  linkEndedBody: 'Shared links stop working when their sale ends. {{shop}} has these on sale now:',
  linkEndedNone: '{{shop}} has nothing on sale right now — come back later.',
  linkNotFound: 'This share link does not exist; it may have been copied incompletely',
});

const LINK_RE = /^[1-9A-HJ-NP-Za-km-z]{10}$/;
const KEY = (shop: string) => `st:link:${shop}`;

/** The share link this visit came through, for this shop (kept for the browser tab). */
export function currentLink(shop: string): string | undefined {
  try {
    const v = sessionStorage.getItem(KEY(shop));
    return v && LINK_RE.test(v) ? v : undefined;
  } catch { return undefined; }
}

function keepLink(shop: string, link: string): void {
  try { sessionStorage.setItem(KEY(shop), link); } catch { /* private mode: views go without a channel */ }
}

type Opened =
  | { status: 'live'; shopName: string; path: string }
  | { status: 'expired'; shopName: string; otherEvents: { id: string; title: string; brandName: string; coverImage: string | null; productCount: number; discountTenths: number | null }[] };

/**
 * Record a view of this page (once per mount): the server batches it and sets the anonymous
 * visitor cookie. A failure is ignored — a view is a figure, never worth an error on screen.
 */
export function useStorefrontView(shop: string, page: 'shop' | 'event' | 'product' | 'flash' | 'group' | 'order', ids: { saleEventId?: string; productId?: string } = {}, ready = true): void {
  const { saleEventId, productId } = ids;
  useEffect(() => {
    if (!ready) return;
    const link = currentLink(shop);
    void api('POST', `/storefront/${shop}/views`, { body: { page, ...(saleEventId ? { saleEventId } : {}), ...(productId ? { productId } : {}), ...(link ? { link } : {}) } }).catch(() => undefined);
  }, [shop, page, saleEventId, productId, ready]);
}

export default function LinkPage({ code }: { code: string }) {
  const { t } = useTranslation();
  const { linkCode = '' } = useParams();
  const nav = useNavigate();
  const valid = LINK_RE.test(linkCode);
  const q = useQuery({ queryKey: ['sf', code, 'link', linkCode], enabled: valid, retry: false, queryFn: ({ signal }) => get<Opened>(`/storefront/${code}/links/${linkCode}`, signal) });
  useEffect(() => {
    if (q.data?.status !== 'live') return;
    keepLink(code, linkCode);
    void nav(`/s/${code}${q.data.path}`, { replace: true });
  }, [q.data, code, linkCode, nav]);
  useTitle(q.data?.status === 'expired' ? [t('storefront.linkEndedTitle')] : null);
  if (isCode(q.error, 'storefront_not_found')) return <ShopNotFound />;
  if (!valid || isCode(q.error, 'share_link_not_found')) return <Page><Header title={t('common.appName')} back={`/s/${code}`} /><Message icon="search" title={t('storefront.linkNotFound')} code={code} /></Page>;
  if (q.error) return <Page><ErrorState error={q.error} onRetry={() => q.refetch()} /></Page>;
  if (!q.data || q.data.status === 'live') return <Page><Loading /></Page>;
  const d = q.data;
  return (
    <Page>
      <Header title={d.shopName} back={`/s/${code}`} />
      <div className="sf-link-ended" data-testid="link-ended">
        <Message icon="store" title={t('storefront.linkEndedTitle')} body={d.otherEvents.length ? t('storefront.linkEndedBody', { shop: d.shopName }) : t('storefront.linkEndedNone', { shop: d.shopName })} action={<></>} />
        <div className="sf-link-others">
          {d.otherEvents.map((e) => (
            <Link key={e.id} to={`/s/${code}/e/${e.id}`} className="sf-event" data-testid="other-event">
              <Img src={e.coverImage} alt={e.title} label={e.brandName || e.title} className="sf-event-cover" />
              <div className="sf-event-body">
                <div className="sf-event-brand">{e.brandName}</div>
                <h3>{e.title}</h3>
                <EventDiscount tenths={e.discountTenths} />
              </div>
            </Link>
          ))}
        </div>
        <Link className="btn btn-primary sf-wide-btn" to={`/s/${code}`} data-testid="to-shop">{t('storefront.toShop')}</Link>
      </div>
    </Page>
  );
}
