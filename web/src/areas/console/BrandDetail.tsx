// A brand's page: contract, what the platform owes it (statement, and the ledger lines behind
// the payable), its lots and its products with supply and allocation per SKU.
import { Fragment, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LoadMore } from './ui.tsx';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading, QueryView } from '../../components/states.tsx';
import { AddContract, ContractSummary } from './Brands.tsx';
import { LedgerLines } from './controls.tsx';
import { fmtDateTime, qs, type Brand, type Lot, type Page, type Product } from './lib.ts';

function range(values: number[]): string {
  if (values.length === 0) return '—';
  const lo = Math.min(...values), hi = Math.max(...values);
  return lo === hi ? yuan(lo) : `${yuan(lo)} – ${yuan(hi)}`;
}

function Products({ brandId }: { brandId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const q = useInfiniteQuery({
    queryKey: ['console', 'products', brandId],
    queryFn: ({ pageParam, signal }) => get<Page<Product>>(`/brands/${brandId}/products${qs({ cursor: pageParam, limit: 30 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const items = q.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <Empty>{t('console.brandDetail.noProducts')}</Empty>;
  const toggle = (id: string) => setOpen((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  return (
    <>
      <table className="table" data-testid="brand-products">
        <thead><tr>
          <th>{t('console.columns.spu_code')}</th><th>{t('console.columns.product_name')}</th><th>{t('console.columns.category')}</th>
          <th className="num">{t('console.brandDetail.skuCount')}</th><th>{t('console.columns.base_price')}</th><th>{t('console.columns.tag_price')}</th>
          <th className="num">{t('console.picker.supplied')}</th><th className="num">{t('console.picker.allocated')}</th><th className="num">{t('console.picker.unallocated')}</th><th />
        </tr></thead>
        <tbody>
          {items.map((p) => {
            const supplied = p.skus.reduce((a, s) => a + s.supplied, 0);
            const allocated = p.skus.reduce((a, s) => a + s.allocated, 0);
            const isOpen = open.has(p.id);
            return (
              <Fragment key={p.id}>
                <tr>
                  <td className="mono">{p.spuCode}</td>
                  <td>{p.name}</td>
                  <td>{p.category}</td>
                  <td className="num">{p.skus.length}</td>
                  <td className="num">{range(p.skus.map((s) => s.basePrice))}</td>
                  <td className="num muted">{range(p.skus.map((s) => s.tagPrice))}</td>
                  <td className="num">{supplied}</td>
                  <td className="num">{allocated}</td>
                  <td className="num strong">{supplied - allocated}</td>
                  <td><button type="button" className="btn btn-small btn-ghost" aria-expanded={isOpen} onClick={() => toggle(p.id)}>{isOpen ? t('console.common.collapse') : t('console.common.expand')}</button></td>
                </tr>
                {isOpen && (
                  <tr className="subrow"><td colSpan={10}>
                    <table className="table inner">
                      <thead><tr><th>{t('console.columns.sku_code')}</th><th>{t('console.columns.colour')}</th><th>{t('console.columns.size')}</th><th>{t('console.columns.barcode')}</th><th className="num">{t('console.columns.base_price')}</th><th className="num">{t('console.columns.tag_price')}</th><th className="num">{t('console.picker.supplied')}</th><th className="num">{t('console.picker.allocated')}</th><th className="num">{t('console.picker.unallocated')}</th></tr></thead>
                      <tbody>{p.skus.map((s) => (
                        <tr key={s.id}><td className="mono">{s.skuCode}</td><td>{s.colour}</td><td>{s.size}</td><td className="mono muted">{s.barcode ?? '—'}</td>
                          <td className="num">{yuan(s.basePrice)}</td><td className="num muted">{yuan(s.tagPrice)}</td><td className="num">{s.supplied}</td><td className="num">{s.allocated}</td><td className="num strong">{s.supplied - s.allocated}</td></tr>
                      ))}</tbody>
                    </table>
                  </td></tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      <LoadMore q={q} count={items.length} />
    </>
  );
}

export default function BrandDetail() {
  const { t } = useTranslation();
  const { brandId = '' } = useParams();
  const [adding, setAdding] = useState(false);
  const brand = useQuery({ queryKey: ['console', 'brand', brandId], queryFn: ({ signal }) => get<Brand>(`/brands/${brandId}`, signal) });
  const lots = useQuery({ queryKey: ['console', 'lots', brandId], queryFn: ({ signal }) => get<{ items: Lot[] }>(`/brands/${brandId}/lots`, signal).then((r) => r.items) });
  const statement = useQuery({
    queryKey: ['console', 'statement', brandId],
    queryFn: ({ signal }) => get<{ partyId: string; payable: number; accounts: { account: string; balance: number }[] }>(`/brands/${brandId}/statement`, signal),
  });
  return (
    <QueryView q={brand}>
      {(b) => (
        <>
          <div className="page-head">
            <Link to="/console/brands" className="btn btn-ghost">← {t('console.nav.brands')}</Link>
            <h1 data-testid="brand-name">{b.name}{b.nameEn && <small className="muted"> · {b.nameEn}</small>}</h1>
            <Link className="btn" to={`/console/import?brand=${b.id}`}>{t('console.brands.importLot')}</Link>
            <Link className="btn" to={`/console/events/new?brand=${b.id}`}>{t('console.brands.newEvent')}</Link>
            <Link className="btn" to={`/console/orders?brandId=${b.id}`}>{t('console.brandDetail.orders')}</Link>
          </div>
          <div className="grid two">
            <section className="card">
              <div className="card-head"><h2>{t('console.contract.current')}</h2><button type="button" className="btn btn-small" onClick={() => setAdding(true)}>{t('console.contract.add')}</button></div>
              <dl className="facts">
                <dt>{t('console.brands.category')}</dt><dd>{b.category}</dd>
                <dt>{t('console.contract.title')}</dt><dd><ContractSummary c={b.contract} /></dd>
                <dt>{t('console.brandDetail.signedAt')}</dt><dd>{fmtDateTime(b.createdAt)}</dd>
              </dl>
            </section>
            <section className="card">
              <h2>{t('console.brandDetail.statement')}</h2>
              <QueryView q={statement}>
                {(s) => (
                  <>
                    <div className="big-number price" data-testid="brand-payable">{yuan(s.payable)}</div>
                    <p className="hint">{t('console.brandDetail.payableHint')}</p>
                    {s.accounts.length > 1 && (
                      <dl className="facts">{s.accounts.map((a) => <Fragment key={a.account}><dt className="mono">{a.account}</dt><dd className="num">{yuan(a.balance)}</dd></Fragment>)}</dl>
                    )}
                  </>
                )}
              </QueryView>
            </section>
          </div>
          <section className="card flush" data-testid="brand-payable-lines">
            <div className="card-head pad"><h2>{t('console.controls.wallet.payableTitle')} · {t('console.controls.wallet.lines')}</h2></div>
            <p className="hint pad-x">{t('console.controls.wallet.payableHint')}</p>
            <LedgerLines path={`/brands/${b.id}/payable`} queryKey={['console', 'payable', b.id]} testId="payable-lines" />
          </section>
          <section className="card flush">
            <div className="card-head pad"><h2>{t('console.brandDetail.lots')}</h2></div>
            <QueryView q={lots}>
              {(items) => items.length === 0 ? <Empty>{t('console.brandDetail.noLots')}</Empty> : (
                <table className="table" data-testid="brand-lots">
                  <thead><tr><th>{t('console.lots.lotName')}</th><th>{t('console.lots.file')}</th><th className="num">{t('console.lots.rows')}</th><th className="num">{t('console.lots.units')}</th><th>{t('console.lots.importedAt')}</th></tr></thead>
                  <tbody>{items.map((l) => (
                    <tr key={l.id}><td>{l.name}</td><td className="mono muted">{l.fileName}</td><td className="num">{l.rowCount}</td><td className="num">{l.units}</td><td>{fmtDateTime(l.createdAt)}</td></tr>
                  ))}</tbody>
                </table>
              )}
            </QueryView>
          </section>
          <section className="card flush">
            <div className="card-head pad"><h2>{t('console.brandDetail.products')}</h2></div>
            <Products brandId={b.id} />
          </section>
          {adding && <AddContract brand={b} onClose={() => setAdding(false)} />}
        </>
      )}
    </QueryView>
  );
}
