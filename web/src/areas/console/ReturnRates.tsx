// 售后 · 退货率: return rates and reasons per brand, event or SKU (one brand's, or every brand's),
// a chart of the highest rates with their reasons, and the table of every row.
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { RatesView, type RatesBy, type ReturnRate } from '../../components/returns/ReturnRates.tsx';
import { Empty, QueryView } from '../../components/states.tsx';
import { BrandSelect, useBrands } from './ui.tsx';
import { brandLabel, qs } from './lib.ts';
import { useSaleEvents, useSkuTags } from './warehouse.ts';
import './aftersales.i18n.ts';
import './aftersales.css';

const BY: RatesBy[] = ['brand', 'event', 'sku'];

export default function ReturnRates() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const by = (BY as string[]).includes(params.get('by') ?? '') ? params.get('by') as RatesBy : 'brand';
  const brandId = params.get('brandId') ?? '';
  const update = (patch: Record<string, string>) => {
    const n = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v) n.set(k, v); else n.delete(k); }
    setParams(n, { replace: true });
  };
  const q = useQuery({
    queryKey: ['console', 'return-rates', by, brandId],
    queryFn: ({ signal }) => get<{ items: ReturnRate[] }>(`/returns/rates${qs({ by, brandId })}`, signal).then((r) => r.items),
  });
  // The rates name their rows by id: brands and events from their lists, SKUs from the catalogues.
  const brands = useBrands();
  const events = useSaleEvents();
  const skuBrands = by === 'sku' ? (brandId ? [brandId] : 'all' as const) : [];
  const skus = useSkuTags(skuBrands);
  const label = (key: string) => {
    if (by === 'brand') { const b = brands.data?.find((x) => x.id === key); return b ? brandLabel(b) : key; }
    if (by === 'event') return events.data?.find((e) => e.id === key)?.title ?? key;
    const s = skus.data?.get(key);
    return s ? `${s.name} · ${s.colour} / ${s.size} (${s.skuCode})` : key;
  };
  return (
    <>
      <div className="page-head"><h1>{t('console.ret.rates.title')}</h1></div>
      <p className="hint">{t('console.ret.rates.subtitle')}</p>
      <div className="card filters">
        <div className="rates-tabs" role="group" aria-label={t('console.ret.rates.title')}>
          {BY.map((b) => <button key={b} type="button" className="btn" aria-pressed={by === b} onClick={() => update({ by: b })} data-testid={`rates-by-${b}`}>{t(`console.ret.rates.by.${b}`)}</button>)}
        </div>
        <label>{t('console.common.brand')}
          <BrandSelect allowAll value={brandId} onChange={(v) => update({ brandId: v })} testId="rates-brand" />
        </label>
      </div>
      <section className="card flush" data-testid="rates" data-by={by}>
        <QueryView q={q}>
          {(rows) => rows.length === 0 ? <Empty>{t('returns.rates.none')}</Empty> : <RatesView rows={rows} label={label} chartLabel={t('console.ret.rates.chart')} />}
        </QueryView>
      </section>
    </>
  );
}
