// Brand portal: the brand's lots (货盘) and its products, each as a colour × size grid of stock.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { yuan, zhe } from '../../lib/money.ts';
import { deepestDiscountTenths } from '../../../../src/modules/pricing/pricing.rules.ts';
import { Empty, ErrorState, Loading, QueryView } from '../../components/states.tsx';
import { fmtDateTime, sortSizes, type Lot, type Page, type Product } from './data.ts';
import { LoadMore } from './parts.tsx';

const PAGE = 10;

function priceRange(values: number[]): string {
  const min = Math.min(...values), max = Math.max(...values);
  return min === max ? yuan(min) : `${yuan(min)} – ${yuan(max)}`;
}

function Lots({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const lots = useQuery({ queryKey: ['brand', brandId, 'lots'], queryFn: async ({ signal }) => (await get<{ items: Lot[] }>(`/brands/${brandId}/lots`, signal)).items });
  return (
    <section className="card" aria-labelledby="lots-h">
      <div className="page-head"><h2 id="lots-h">{t('brand.products.lots')}</h2><Link className="btn btn-primary" to="/brand/import">{t('brand.products.importLot')}</Link></div>
      <QueryView q={lots}>
        {(items) => items.length === 0 ? <Empty>{t('brand.products.noLots')}</Empty> : (
          <table className="table" data-testid="lots">
            <thead><tr><th>{t('brand.products.lotName')}</th><th>{t('brand.products.fileName')}</th><th className="num">{t('brand.products.rows')}</th><th className="num">{t('brand.products.units')}</th><th>{t('brand.products.importedAt')}</th></tr></thead>
            <tbody>
              {items.map((l) => (
                <tr key={l.id} data-testid="lot-row">
                  <td>{l.name}</td><td className="muted">{l.fileName}</td>
                  <td className="num">{l.rowCount.toLocaleString()}</td><td className="num">{l.units.toLocaleString()}</td>
                  <td className="muted">{fmtDateTime(l.createdAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}

function ProductCard({ p }: { p: Product }) {
  const { t } = useTranslation();
  const colours = [...new Set(p.skus.map((s) => s.colour))];
  const sizes = sortSizes(p.skus.map((s) => s.size));
  const cell = new Map(p.skus.map((s) => [`${s.colour}\u0000${s.size}`, s]));
  const supplied = p.skus.reduce((a, s) => a + s.supplied, 0);
  const allocated = p.skus.reduce((a, s) => a + s.allocated, 0);
  const tag = p.skus.map((s) => s.tagPrice), base = p.skus.map((s) => s.basePrice);
  // The base price's deepest discount as a Chinese shopper reads it (2.4折) or as "% off", each SKU's
  // base against its own tag and rounded as every other discount on the platform rounds
  // (pricing.rules deepestDiscountTenths: up, never promising more than the price gives).
  const discount = deepestDiscountTenths(p.skus.map((s) => ({ price: s.basePrice, tagPrice: s.tagPrice })));
  return (
    <article className="card bp-product" data-testid="product">
      <div className="bp-product-head">
        <div className="bp-thumb">{p.images[0] ? <img src={p.images[0]} alt={p.name} loading="lazy" onError={(e) => { e.currentTarget.style.visibility = 'hidden'; }} /> : null}</div>
        <div className="bp-product-info">
          <h3 data-testid="product-name">{p.name}</h3>
          <div className="muted">{t('brand.products.spu')} {p.spuCode} · {p.category} · {t('brand.products.skuCount', { count: p.skus.length })}</div>
          <div className="row bp-prices">
            <span>{t('brand.products.tagPrice')} <span className="strike">{priceRange(tag)}</span></span>
            <span>{t('brand.products.basePrice')} <span className="price">{priceRange(base)}</span></span>
            {discount !== null && <span className="tag bp-tag-discount" data-testid="product-discount">{t('brand.products.discount', zhe(discount))}</span>}
          </div>
          {p.description && <p className="bp-desc">{p.description}</p>}
          <dl className="bp-stock">
            <div><dt>{t('brand.products.supplied')}</dt><dd className="num">{supplied.toLocaleString()}</dd></div>
            <div><dt>{t('brand.products.allocated')}</dt><dd className="num">{allocated.toLocaleString()}</dd></div>
            <div><dt>{t('brand.products.unallocated')}</dt><dd className="num">{(supplied - allocated).toLocaleString()}</dd></div>
          </dl>
        </div>
      </div>
      <div className="bp-grid-wrap">
        <table className="table bp-sku-grid" aria-label={t('brand.products.gridLabel', { name: p.name })}>
          <thead><tr><th scope="col">{t('brand.products.colourSize')}</th>{sizes.map((s) => <th key={s} scope="col" className="num">{s}</th>)}<th scope="col" className="num">{t('brand.products.total')}</th></tr></thead>
          <tbody>
            {colours.map((c) => {
              const row = p.skus.filter((s) => s.colour === c);
              return (
                <tr key={c}>
                  <th scope="row">{c}</th>
                  {sizes.map((z) => {
                    const s = cell.get(`${c}\u0000${z}`);
                    if (!s) return <td key={z} className="num muted">—</td>;
                    const title = [`${t('brand.products.skuCode')} ${s.skuCode}`, s.barcode ? `${t('brand.products.barcode')} ${s.barcode}` : '', `${t('brand.products.tagPrice')} ${yuan(s.tagPrice)}`, `${t('brand.products.basePrice')} ${yuan(s.basePrice)}`].filter(Boolean).join('\n');
                    return (
                      <td key={z} className="num bp-cell" title={title} data-testid="sku-cell">
                        <span className="bp-cell-main">{s.supplied.toLocaleString()}</span>
                        <span className="bp-cell-sub">{t('brand.products.allocatedShort', { n: s.allocated })}</span>
                      </td>
                    );
                  })}
                  <td className="num"><strong>{row.reduce((a, s) => a + s.supplied, 0).toLocaleString()}</strong></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </article>
  );
}

function ProductList({ brandId }: { brandId: string }) {
  const { t } = useTranslation();
  const q = useInfiniteQuery({
    queryKey: ['brand', brandId, 'products'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => get<Page<Product>>(`/brands/${brandId}/products?limit=${PAGE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`, signal),
    getNextPageParam: (last) => last.nextCursor,
  });
  if (q.isPending) return <Loading />;
  if (q.error && !q.data) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  if (items.length === 0) return <Empty>{t('brand.products.noProducts')}</Empty>;
  return (
    <>
      <div className="bp-products">{items.map((p) => <ProductCard key={p.id} p={p} />)}</div>
      {q.error ? <ErrorState error={q.error} onRetry={() => q.fetchNextPage()} /> : null}
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()} shown={t('brand.products.shown', { count: items.length })} />
    </>
  );
}

export default function Products({ brandId }: { brandId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="page-head"><h1>{t('brand.products.heading')}</h1></div>
      <Lots brandId={brandId} />
      <section aria-labelledby="products-h" className="bp-stack">
        <div className="page-head"><h2 id="products-h">{t('brand.products.products')}</h2><span className="hint">{t('brand.products.gridHint')}</span></div>
        <ProductList brandId={brandId} />
      </section>
    </>
  );
}
