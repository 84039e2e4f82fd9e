// One event: paste a customer's message to order, set my price per product inside the window
// (slider and number, profit shown live), see sizes and stock, share a product or the event.
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Countdown } from '../../components/Countdown.tsx';
import { ErrorState, QueryView } from '../../components/states.tsx';
import { put } from '../../lib/api.ts';
import { percent, toFen, yuan } from '../../lib/money.ts';
import { bySize, keys, useEvent, useEvents, type Product, type SaleEvent, type Sku } from './data.ts';
import { ShareSheet, type ShareTarget } from './Share.tsx';
import './data.i18n.ts';
import { Img, useToast } from './ui.tsx';
import { FlashSkuBadge, isFlashSku } from './FlashSales.tsx';
import './status.i18n.ts';
import { PresaleNote } from './GroupBuys.tsx';

/** SKUs of a product that share a base price share one selling price (cosmetics differ by size). */
interface PriceGroup { key: string; label: string; skus: Sku[]; basePrice: number; minPrice: number; maxPrice: number; suggestedPrice: number; current: number }

function priceGroups(p: Product): PriceGroup[] {
  const by = new Map<number, Sku[]>();
  for (const s of p.skus) by.set(s.basePrice, [...(by.get(s.basePrice) ?? []), s]);
  const many = by.size > 1;
  return [...by.values()].map((skus) => {
    const s = skus[0];
    const sizes = [...new Set(skus.map((x) => x.size))].sort(bySize);
    return { key: String(s.basePrice), label: many ? sizes.join(' / ') : '', skus, basePrice: s.basePrice, minPrice: s.minPrice, maxPrice: s.maxPrice, suggestedPrice: s.suggestedPrice, current: s.myPrice ?? s.sellingPrice };
  });
}

/** Fen → the yuan the price box shows, always with two decimals so it reads like the window's bounds. */
export const fenToInput = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function PriceEditor({ g, value, onChange, productName }: { g: PriceGroup; value: string; onChange: (v: string) => void; productName: string }) {
  const { t } = useTranslation();
  const fen = toFen(value);
  const valid = fen !== null && fen >= g.minPrice && fen <= g.maxPrice;
  const id = `price-${g.skus[0].eventSkuId}`;
  const shown = valid ? fen : g.current;
  return (
    <div className="rs-price-editor">
      <div className="row rs-price-row">
        <label htmlFor={id} className="rs-price-label">{t('reseller.event.myPrice')}{g.label && <span className="muted"> · {g.label}</span>}</label>
        <div className="rs-yuan-input">
          <span aria-hidden>¥</span>
          <input id={id} inputMode="decimal" value={value} data-testid="price-input" aria-invalid={!valid}
            aria-describedby={`${id}-range`} onChange={(e) => onChange(e.target.value)} />
        </div>
      </div>
      {/* The slider moves in whole yuan but reaches both bounds exactly; its value is read out in yuan. */}
      <input type="range" min={g.minPrice} max={g.maxPrice} step={1} value={clamp(shown, g.minPrice, g.maxPrice)} data-testid="price-slider"
        aria-label={t('reseller.event.priceSlider', { name: productName })} aria-valuetext={yuan(clamp(shown, g.minPrice, g.maxPrice))}
        onChange={(e) => { const v = Number(e.target.value); onChange(fenToInput(v <= g.minPrice || v >= g.maxPrice ? v : clamp(Math.round(v / 100) * 100, g.minPrice, g.maxPrice))); }} />
      <div className="row hint" aria-hidden><span className="num" data-testid="price-min">{yuan(g.minPrice)}</span><span className="spacer" /><span className="num" data-testid="price-max">{yuan(g.maxPrice)}</span></div>
      <div className="row rs-price-foot">
        <span id={`${id}-range`} className="hint">{t('reseller.event.window', { min: yuan(g.minPrice), max: yuan(g.maxPrice) })}</span>
        <span className="spacer" />
        {valid
          ? <span className="rs-profit" data-testid="profit">{t('reseller.event.profitEach', { amount: yuan(fen - g.basePrice), pct: percent(Math.round(((fen - g.basePrice) * 10000) / g.basePrice)) })}</span>
          : <span className="field-error" role="alert">{t('reseller.event.priceInvalid', { min: yuan(g.minPrice), max: yuan(g.maxPrice) })}</span>}
      </div>
    </div>
  );
}

function SizeChips({ p }: { p: Product }) {
  const { t } = useTranslation();
  const colours = [...new Set(p.skus.map((s) => s.colour))];
  return (
    <div className="rs-sizes" aria-label={t('reseller.event.sizes')}>
      {colours.map((c) => (
        <div key={c} className="rs-size-row">
          <span className="rs-colour">{c}</span>
          <div className="rs-chips">
            {p.skus.filter((s) => s.colour === c).sort((a, b) => bySize(a.size, b.size)).map((s) => (
              <span key={s.eventSkuId} className={`rs-chip ${s.available === 0 ? 'rs-chip-out' : ''} ${s.pulled ? 'rs-chip-pulled' : ''}`} data-testid="size-chip" data-sku={s.eventSkuId} data-colour={s.colour} data-size={s.size} data-available={s.available} data-pulled={s.pulled}>
                {s.size}<small>{s.pulled ? t('reseller.event.pulled') : s.available === 0 ? t('reseller.event.soldOut') : t('reseller.event.left', { n: s.available })}</small>
              </span>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}

function range(values: number[]): string {
  const lo = Math.min(...values), hi = Math.max(...values);
  return lo === hi ? yuan(lo) : `${yuan(lo)}–${yuan(hi)}`;
}

function ProductCard({ p, event, onShare }: { p: Product; event: SaleEvent; onShare: (t: ShareTarget) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const groups = useMemo(() => priceGroups(p), [p]);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(groups.map((g) => [g.key, fenToInput(g.current)])));
  const parsed = groups.map((g) => ({ g, fen: toFen(values[g.key] ?? '') }));
  const allValid = parsed.every(({ g, fen }) => fen !== null && fen >= g.minPrice && fen <= g.maxPrice);
  const dirty = parsed.some(({ g, fen }) => fen !== g.current);
  const save = useMutation({
    mutationFn: () => put(`/reseller/sale-events/${event.id}/prices`, {
      prices: groups.length === 1
        ? [{ productId: p.id, sellingPrice: parsed[0].fen! }]
        : parsed.flatMap(({ g, fen }) => g.skus.map((s) => ({ eventSkuId: s.eventSkuId, sellingPrice: fen! }))),
    }),
    onSuccess: async () => { toast(t('reseller.event.saved')); await qc.invalidateQueries({ queryKey: keys.event(event.id) }); },
  });
  const soldOut = p.skus.every((s) => s.available === 0);
  // Every size pulled by the operator: 已下架 rather than 售罄 (nothing comes back).
  const pulled = p.skus.every((s) => s.pulled);
  const myPrices = parsed.map(({ g, fen }) => (fen !== null && fen >= g.minPrice && fen <= g.maxPrice ? fen : g.current));
  return (
    <article className="card rs-product" data-testid="product-card" data-product={p.id} aria-labelledby={`pn-${p.id}`}>
      <div className="rs-product-top">
        <Img src={p.images[0]} alt={p.name} className="rs-product-img" />
        <div className="rs-product-info">
          <h3 id={`pn-${p.id}`}>{p.skus.some(isFlashSku) && <FlashSkuBadge />} {p.name}{soldOut && <span className="tag tag-ended" data-testid={pulled ? 'product-pulled' : undefined}> {t(pulled ? 'reseller.event.pulled' : 'reseller.event.soldOut')}</span>}</h3>
          <p className="muted rs-desc">{p.description}</p>
          <div className="rs-prices">
            <span className="strike" aria-label={t('reseller.event.tagPrice')}>{range(p.skus.map((s) => s.tagPrice))}</span>
            <span>{t('reseller.event.basePrice')} <b className="num" data-testid="base-price">{range(p.skus.map((s) => s.basePrice))}</b></span>
          </div>
          <div className="price rs-my-price">{range(myPrices)}</div>
        </div>
      </div>
      <SizeChips p={p} />
      {groups.map((g) => (
        <PriceEditor key={g.key} g={g} productName={p.name} value={values[g.key] ?? ''} onChange={(v) => setValues((x) => ({ ...x, [g.key]: v }))} />
      ))}
      {save.error ? <ErrorState error={save.error} /> : null}
      <div className="row rs-product-actions">
        <button type="button" className="btn" data-testid="share-product" onClick={() => onShare({ kind: 'product', product: p, price: Math.min(...myPrices) })}>{t('reseller.share.product')}</button>
        <span className="spacer" />
        <button type="button" className="btn btn-primary" data-testid="save-price" disabled={!allValid || !dirty || save.isPending} onClick={() => save.mutate()}>
          {save.isPending ? t('common.loading') : t('reseller.event.savePrice')}
        </button>
      </div>
    </article>
  );
}

function PasteBox({ event }: { event: SaleEvent }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    navigate(`/reseller/events/${event.id}/order`, { state: { text } });
  };
  return (
    <form className="card rs-paste" onSubmit={submit} aria-labelledby="paste-h">
      <h2 id="paste-h">{t('reseller.paste.title')}</h2>
      <label htmlFor="paste-text" className="hint">{t('reseller.paste.hint')}</label>
      <textarea id="paste-text" rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('reseller.paste.placeholder')} data-testid="paste-text" maxLength={2000} />
      <div className="row">
        <button type="button" className="btn" onClick={() => navigate(`/reseller/events/${event.id}/order`)}>{t('reseller.paste.manual')}</button>
        <span className="spacer" />
        <button type="submit" className="btn btn-primary" disabled={!text.trim()} data-testid="paste-submit">{t('reseller.paste.submit')}</button>
      </div>
    </form>
  );
}

export default function EventDetail() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const q = useEvent(id);
  const events = useEvents();
  const [share, setShare] = useState<ShareTarget | null>(null);
  const brandName = events.data?.items.find((e) => e.id === id)?.brandName ?? '';
  return (
    <QueryView q={q}>
      {(ev) => (
        <>
          <section className="card rs-event-head" aria-labelledby="ev-title">
            <div className="row rs-event-meta">
              <span className={`tag tag-${ev.onSale ? 'live' : ev.status}`}>{t(ev.onSale ? 'reseller.events.live' : `status.${ev.status}`)}</span>
              {brandName && <span className="rs-brand">{brandName}</span>}
              <span className="spacer" />
              <button type="button" className="btn btn-small" data-testid="share-event" onClick={() => setShare({ kind: 'event' })}>{t('reseller.share.event')}</button>
              <Link className="btn btn-small" data-testid="open-report" to={`/reseller/events/${ev.id}/report`}>{t('reseller.report.open')}</Link>
            </div>
            <h2 id="ev-title" data-testid="event-title">{ev.title}</h2>
            <Countdown startsAt={ev.startsAt} endsAt={ev.ordersCloseAt} />
            {ev.description && <p className="muted">{ev.description}</p>}
            <p className="hint">{t('reseller.event.markup', { min: percent(ev.markup.minBps), max: percent(ev.markup.maxBps), suggested: percent(ev.markup.suggestedBps) })}</p>
          </section>
          <PresaleNote saleEventId={ev.id} />
          <PasteBox event={ev} />
          <h2 className="rs-section-title">{t('reseller.event.productsTitle', { n: ev.products.length })}</h2>
          {ev.products.map((p) => <ProductCard key={p.id} p={p} event={ev} onShare={setShare} />)}
          {share && <ShareSheet target={share} event={ev} brandName={brandName} onClose={() => setShare(null)} />}
        </>
      )}
    </QueryView>
  );
}
