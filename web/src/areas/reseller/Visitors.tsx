// 访客记录: who opened my links, what they looked at, how often, from which channel, and whether
// they bought — with my protected customers (流量保护) and how each of my links did.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { formatDate } from './ui.tsx';
import { CHINA_TIME } from '../../lib/device.ts';
import './share.i18n.ts';
import './share.css';

type Channel = 'group' | 'moments' | 'private' | 'other';
interface Visitor {
  visitorId: string; customer: { name: string; phone: string } | null; views: number;
  products: { productId: string; name: string; views: number }[]; firstAt: string; lastAt: string; channels: Channel[]; bought: boolean;
}
interface Feed { items: Visitor[]; nextCursor: string | null; bindings: { bound: number; endingSoon: number } }
interface LinkFigures {
  code: string; url: string; target: string; channel: Channel; label: string; title: string | null; expired: boolean; expiresAt: string | null;
  views: number; visitors: number; orders: number; buyers: number; sales: number; conversionBps: number;
}

const pct = (bps: number) => `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 1)}%`;

function when(iso: string, lang: string): string {
  const d = new Date(iso);
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: CHINA_TIME }); // yyyy-mm-dd, the China day
  const today = day.format(new Date()) === day.format(d);
  const hm = d.toLocaleTimeString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour: '2-digit', minute: '2-digit', timeZone: CHINA_TIME });
  return today ? hm : `${formatDate(iso, lang)} ${hm}`;
}

function LinkList() {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['reseller', 'share-links'], queryFn: ({ signal }) => get<{ items: LinkFigures[] }>('/reseller/share-links', signal) });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (q.data.items.length === 0) return <Empty>{t('reseller.visitors.noLinks')}</Empty>;
  return (
    <div className="stack-12" data-testid="link-figures">
      {q.data.items.map((l) => (
        <div key={l.code} className="card stack-8" data-testid="link-row" data-code={l.code}>
          <div className="rs-visitor-head">
            <span className="rs-visitor-name">{l.title ?? t('reseller.share.channels.other')}</span>
            <span className="muted">{t(`reseller.share.channels.${l.channel}`)}{l.label ? ` · ${l.label}` : ''}{l.expired ? ` · ${t('reseller.visitors.ended')}` : ''}</span>
          </div>
          <div className="rs-link-fig">
            <div><b className="num">{l.views}</b>{t('reseller.visitors.linkViews')}</div>
            <div><b className="num">{l.visitors}</b>{t('reseller.visitors.linkVisitors')}</div>
            <div><b className="num">{l.orders}</b>{t('reseller.visitors.linkOrders')}</div>
            <div><b className="num">{pct(l.conversionBps)}</b>{t('reseller.visitors.conversion')}</div>
          </div>
          {l.sales > 0 && <div className="muted">{t('reseller.visitors.linkSales')} {yuan(l.sales)}</div>}
        </div>
      ))}
    </div>
  );
}

export default function Visitors() {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState(7);
  const [notBought, setNotBought] = useState(false);
  const [tab, setTab] = useState<'visitors' | 'links'>('visitors');
  const q = useInfiniteQuery({
    queryKey: ['reseller', 'visitors', days, notBought],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => get<Feed>(`/reseller/visitors?days=${days}&notBought=${notBought}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 30_000,
  });
  const first = q.data?.pages[0];
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="stack-12" data-testid="visitors-page">
      <div className="rs-filters" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'visitors'} className={`rs-filter ${tab === 'visitors' ? 'active' : ''}`} onClick={() => setTab('visitors')}>{t('reseller.visitors.title')}</button>
        <button type="button" role="tab" aria-selected={tab === 'links'} className={`rs-filter ${tab === 'links' ? 'active' : ''}`} onClick={() => setTab('links')} data-testid="tab-links">{t('reseller.visitors.links')}</button>
      </div>
      {tab === 'links' ? <LinkList /> : (
        <>
          {first && (
            <div className="rs-binding" data-testid="bindings" title={t('reseller.visitors.bindingHint')}>
              <span>{t('reseller.visitors.bound', { n: first.bindings.bound })}</span>
              {first.bindings.endingSoon > 0 && <span>{t('reseller.visitors.endingSoon', { n: first.bindings.endingSoon })}</span>}
            </div>
          )}
          <div className="rs-filters">
            {[7, 30].map((n) => <button key={n} type="button" className={`rs-filter ${days === n ? 'active' : ''}`} onClick={() => setDays(n)}>{t('reseller.visitors.days', { n })}</button>)}
            <button type="button" className={`rs-filter ${notBought ? 'active' : ''}`} aria-pressed={notBought} onClick={() => setNotBought((x) => !x)} data-testid="only-not-bought">{t('reseller.visitors.onlyNotBought')}</button>
          </div>
          {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{t('reseller.visitors.none')}</Empty> : (
            <div className="card" style={{ padding: 0 }}>
              {items.map((v) => (
                <div key={v.visitorId} className="rs-visitor" data-testid="visitor-row">
                  <div className="rs-visitor-head">
                    <span className="rs-visitor-name">{v.customer ? `${v.customer.name} ${v.customer.phone}` : t('reseller.visitors.anonymous', { id: v.visitorId.slice(0, 4) })}</span>
                    <span className={v.bought ? 'rs-tag-bought' : 'rs-tag-not'}>{v.bought ? t('reseller.visitors.bought') : t('reseller.visitors.notBought')}</span>
                  </div>
                  <div className="muted">
                    {t('reseller.visitors.views', { count: v.views })} · {t('reseller.visitors.last', { time: when(v.lastAt, i18n.language) })}
                    {v.channels.length > 0 && ` · ${v.channels.map((c) => t(`reseller.share.channels.${c}`)).join('/')}`}
                  </div>
                  {v.products.length > 0 && <div className="rs-visitor-products">{t('reseller.visitors.looked')}{v.products.map((p) => `${p.name} ×${p.views}`).join(i18n.language === 'en' ? '; ' : '，')}</div>}
                </div>
              ))}
            </div>
          )}
          {q.hasNextPage && <button type="button" className="btn btn-block" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>{t('reseller.visitors.more')}</button>}
          <p className="hint">{t('reseller.visitors.bindingHint')}</p>
        </>
      )}
    </div>
  );
}
