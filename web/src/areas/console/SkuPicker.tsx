// Curating an event: pick a brand's SKUs and how many units of each go into the event, from
// what its lots still have unallocated (supplied − allocated).
import { useMemo, useState, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { qs, type Page, type Product, type Sku } from './lib.ts';

/** skuId → quantity as typed. */
export type Selection = Record<string, string>;

const free = (s: Sku) => Math.max(0, s.supplied - s.allocated);

/** Every product of a brand: the picker needs them all, so it walks the cursor to the end. */
export function useAllProducts(brandId: string) {
  return useQuery({
    queryKey: ['console', 'allProducts', brandId],
    enabled: Boolean(brandId),
    queryFn: async ({ signal }) => {
      const out: Product[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 100; i++) {
        const p = await get<Page<Product>>(`/brands/${brandId}/products${qs({ cursor, limit: 200 })}`, signal);
        out.push(...p.items);
        if (!p.nextCursor) break;
        cursor = p.nextCursor;
      }
      return out;
    },
  });
}

/** Validate the picked quantities; returns the request items or the errors by SKU. */
export function checkSelection(t: TFunction, products: Product[], sel: Selection): { items: { skuId: string; quantity: number }[]; errors: Record<string, string> } {
  const skus = new Map(products.flatMap((p) => p.skus.map((s) => [s.id, s] as const)));
  const items: { skuId: string; quantity: number }[] = [];
  const errors: Record<string, string> = {};
  for (const [skuId, raw] of Object.entries(sel)) {
    const s = skus.get(skuId);
    if (!s) continue;
    const q = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
    if (!Number.isInteger(q) || q < 1) errors[skuId] = t('console.picker.qtyInvalid');
    else if (q > free(s)) errors[skuId] = t('console.picker.qtyTooMany', { n: free(s) });
    else items.push({ skuId, quantity: q });
  }
  return { items, errors };
}

function ProductCheckbox({ checked, indeterminate, disabled, onChange, label, testId }: { checked: boolean; indeterminate: boolean; disabled: boolean; onChange: (v: boolean) => void; label: string; testId: string }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => { if (ref.current) ref.current.indeterminate = indeterminate; }, [indeterminate]);
  return <input ref={ref} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} aria-label={label} data-testid={testId} />;
}

export function SkuPicker({ brandId, value, onChange, errors, inEvent }: { brandId: string; value: Selection; onChange: (s: Selection) => void; errors: Record<string, string>; inEvent?: Map<string, number> }) {
  const { t } = useTranslation();
  const q = useAllProducts(brandId);
  const [filter, setFilter] = useState('');
  const [onlyFree, setOnlyFree] = useState(true);
  const products = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return (q.data ?? []).filter((p) => {
      if (onlyFree && !p.skus.some((s) => free(s) > 0)) return false;
      if (!f) return true;
      return `${p.name} ${p.spuCode} ${p.category} ${p.skus.map((s) => `${s.skuCode} ${s.colour} ${s.size}`).join(' ')}`.toLowerCase().includes(f);
    });
  }, [q.data, filter, onlyFree]);

  if (!brandId) return <Empty>{t('console.picker.chooseBrand')}</Empty>;
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;

  const selectedUnits = Object.values(value).reduce((a, v) => a + (/^\d+$/.test(v.trim()) ? Number(v) : 0), 0);
  const set = (skuId: string, qty: string | null) => {
    const next = { ...value };
    if (qty === null) delete next[skuId]; else next[skuId] = qty;
    onChange(next);
  };
  const setProduct = (p: Product, on: boolean) => {
    const next = { ...value };
    for (const s of p.skus) {
      if (on && free(s) > 0) next[s.id] ??= String(free(s));
      if (!on) delete next[s.id];
    }
    onChange(next);
  };

  return (
    <div className="picker" data-testid="sku-picker">
      <div className="picker-bar">
        <input type="search" className="search-input" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('console.picker.filter')} aria-label={t('console.picker.filter')} data-testid="picker-filter" />
        <label className="check"><input type="checkbox" checked={onlyFree} onChange={(e) => setOnlyFree(e.target.checked)} /> {t('console.picker.onlyFree')}</label>
        <span className="spacer" />
        <span className="picker-summary" data-testid="picker-summary" aria-live="polite">{t('console.picker.summary', { skus: Object.keys(value).length, units: selectedUnits })}</span>
        {Object.keys(value).length > 0 && <button type="button" className="btn btn-small" onClick={() => onChange({})}>{t('console.picker.clear')}</button>}
      </div>
      {products.length === 0 ? <Empty>{(q.data ?? []).length === 0 ? t('console.picker.noProducts') : t('console.common.noMatch')}</Empty> : (
        <div className="picker-scroll">
          <table className="table picker-table">
            <thead><tr>
              <th className="check-col"><span className="visually-hidden">{t('console.picker.pick')}</span></th><th>{t('console.columns.sku_code')}</th><th>{t('console.columns.colour')}</th><th>{t('console.columns.size')}</th>
              <th className="num">{t('console.columns.base_price')}</th><th className="num">{t('console.columns.tag_price')}</th>
              <th className="num">{t('console.picker.supplied')}</th><th className="num">{t('console.picker.allocated')}</th><th className="num">{t('console.picker.unallocated')}</th>
              {inEvent && <th className="num">{t('console.picker.inEvent')}</th>}
              <th className="qty-col">{t('console.picker.quantity')}</th>
            </tr></thead>
            {products.map((p) => {
              const selectable = p.skus.filter((s) => free(s) > 0);
              const chosen = selectable.filter((s) => value[s.id] !== undefined).length;
              const freeTotal = p.skus.reduce((a, s) => a + free(s), 0);
              return (
                <tbody key={p.id} data-testid="picker-product" data-spu={p.spuCode}>
                  <tr className="product-row">
                    <td className="check-col">
                      <ProductCheckbox checked={selectable.length > 0 && chosen === selectable.length} indeterminate={chosen > 0 && chosen < selectable.length} disabled={selectable.length === 0}
                        onChange={(on) => setProduct(p, on)} label={t('console.picker.selectProduct', { name: p.name })} testId={`pick-product-${p.spuCode}`} />
                    </td>
                    <td colSpan={inEvent ? 10 : 9}>
                      <strong>{p.name}</strong> <span className="mono muted">{p.spuCode}</span> <span className="tag">{p.category}</span>
                      <span className="muted small"> · {t('console.picker.productFree', { skus: p.skus.length, units: freeTotal })}</span>
                    </td>
                  </tr>
                  {p.skus.map((s) => {
                    const f = free(s);
                    const on = value[s.id] !== undefined;
                    if (onlyFree && f === 0) return null;
                    return (
                      <tr key={s.id} className={`${on ? 'picked' : ''} ${f === 0 ? 'exhausted' : ''}`}>
                        <td className="check-col"><input type="checkbox" checked={on} disabled={f === 0} onChange={(e) => set(s.id, e.target.checked ? String(f) : null)} aria-label={t('console.picker.selectSku', { sku: s.skuCode })} data-testid={`pick-sku-${s.skuCode}`} /></td>
                        <td className="mono">{s.skuCode}</td>
                        <td>{s.colour}</td>
                        <td>{s.size}</td>
                        <td className="num">{yuan(s.basePrice)}</td>
                        <td className="num muted">{yuan(s.tagPrice)}</td>
                        <td className="num">{s.supplied}</td>
                        <td className="num">{s.allocated}</td>
                        <td className="num strong">{f}</td>
                        {inEvent && <td className="num">{inEvent.get(s.id) ?? '—'}</td>}
                        <td className="qty-col">
                          {on && (
                            <>
                              <input className="qty" inputMode="numeric" value={value[s.id]} onChange={(e) => set(s.id, e.target.value)} aria-label={t('console.picker.qtyFor', { sku: s.skuCode })} aria-invalid={Boolean(errors[s.id])} data-testid={`qty-${s.skuCode}`} />
                              {errors[s.id] && <div className="field-error">{errors[s.id]}</div>}
                            </>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              );
            })}
          </table>
        </div>
      )}
    </div>
  );
}
