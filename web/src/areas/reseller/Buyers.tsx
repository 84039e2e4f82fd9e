// 买过的客户: everyone who bought from me, the most recent first, with tags derived from what they
// bought (price-sensitive, brand-loyal, sizes, children's ages, return-prone …) and a filter by tag.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { formatDate } from './ui.tsx';
import './data.i18n.ts';
import './share.css';

const TAGS = ['price_sensitive', 'brand_loyal', 'return_prone', 'big_spender', 'repeat_buyer', 'new_customer', 'dormant', 'has_children'] as const;
type Tag = (typeof TAGS)[number];
interface Buyer {
  phone: string; name: string; boundUntil: string | null; tags: Tag[]; sizes: { category: string; size: string; units: number }[];
  childAgeBand: { minYears: number; maxYears: number } | null; favouriteBrands: { brandId: string; brandName: string; units: number }[];
  orders: number; units: number; spent: number; returnRateBps: number; lastBoughtAt: string | null;
}
interface Page { items: Buyer[]; total: number; counts: Record<Tag, number>; nextOffset: number | null }

export default function Buyers() {
  const { t, i18n } = useTranslation();
  const [tag, setTag] = useState<Tag | null>(null);
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => { const h = setTimeout(() => setSearch(input.trim()), 300); return () => clearTimeout(h); }, [input]);
  const q = useInfiniteQuery({
    queryKey: ['reseller', 'buyers', tag, search],
    initialPageParam: 0,
    queryFn: ({ pageParam, signal }) => get<Page>(`/reseller/buyers?offset=${pageParam}${tag ? `&tag=${tag}` : ''}${search ? `&search=${encodeURIComponent(search)}` : ''}`, signal),
    getNextPageParam: (last) => last.nextOffset ?? undefined,
  });
  const first = q.data?.pages[0];
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="stack-12" data-testid="buyers">
      <input type="search" value={input} onChange={(e) => setInput(e.target.value)} placeholder={t('reseller.customers.searchHint')} aria-label={t('common.search')} />
      {first && (
        <div className="rs-filters" aria-label={t('reseller.buyers.filter')}>
          <button type="button" className={`rs-filter ${tag === null ? 'active' : ''}`} onClick={() => setTag(null)}>{t('reseller.buyers.all')}</button>
          {TAGS.filter((x) => first.counts[x] > 0 || tag === x).map((x) => (
            <button key={x} type="button" className={`rs-filter ${tag === x ? 'active' : ''}`} onClick={() => setTag(x)} data-testid={`buyer-tag-${x}`}>{t(`reseller.buyers.tags.${x}`)} {first.counts[x]}</button>
          ))}
        </div>
      )}
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{t('reseller.buyers.none')}</Empty> : (
        <ul className="rs-list rs-plain">
          {items.map((b) => (
            <li key={b.phone} className="card stack-8" data-testid="buyer-row">
              <div className="row"><b>{b.name}</b><a className="num rs-tel" href={`tel:${b.phone}`}>{b.phone}</a></div>
              <div className="rs-chips">
                {b.tags.map((x) => <span key={x} className="tag">{t(`reseller.buyers.tags.${x}`)}</span>)}
                {b.boundUntil && <span className="tag" title={t('reseller.visitors.bindingHint')}>{t('reseller.buyers.bound', { date: formatDate(b.boundUntil, i18n.language) })}</span>}
              </div>
              <div className="muted">
                {t('reseller.buyers.summary', { orders: b.orders, units: b.units, spent: yuan(b.spent) })}
                {b.lastBoughtAt && ` · ${t('reseller.buyers.last', { date: formatDate(b.lastBoughtAt, i18n.language) })}`}
              </div>
              {(b.sizes.length > 0 || b.childAgeBand || b.favouriteBrands.length > 0) && (
                <div className="rs-visitor-products">
                  {b.sizes.length > 0 && <span>{t('reseller.buyers.sizes')}{b.sizes.slice(0, 4).map((s) => s.size).join(' / ')} </span>}
                  {b.childAgeBand && <span>· {t('reseller.buyers.child', { min: b.childAgeBand.minYears, max: b.childAgeBand.maxYears })} </span>}
                  {b.favouriteBrands.length > 0 && <span>· {t('reseller.buyers.brands')}{b.favouriteBrands.map((x) => x.brandName).join('、')}</span>}
                </div>
              )}
              <Link className="btn btn-small" to={`/reseller/orders?q=${b.phone}`}>{t('reseller.buyers.history')}</Link>
            </li>
          ))}
        </ul>
      )}
      {q.hasNextPage && <button type="button" className="btn btn-block" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>{t('reseller.visitors.more')}</button>}
    </div>
  );
}
