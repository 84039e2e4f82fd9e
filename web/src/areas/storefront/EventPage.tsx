// One sale event in the shop: product cards with the reseller's price, a sheet to pick colour,
// size and quantity, the cart. Ended sales show a friendly page instead of their prices.
import { useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useStorefrontView } from './Sharing.tsx';
import { useTranslation } from 'react-i18next';
import { Countdown } from '../../components/Countdown.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { isCode, useCart, useShopEvent, type Product, type ShopEvent } from './data.ts';
import { deepestDiscount, discount, price, sortSizes, unique, when } from './format.ts';
import { EventDiscount } from './EventDiscount.tsx';
import { CartBar, Header, Img, Message, Page, Stepper } from './parts.tsx';
import { CartSheet, Sheet, lineState, type LineState } from './Cart.tsx';
import { ShopNotFound, ShopPaused } from './Shop.tsx';
import { useTitle } from '../../lib/title.ts';
import { CampaignStrip } from './GroupBuy.tsx';
import { FlashBadge, FlashSheetFooter, flashOf } from './Flash.tsx';
import './pulled.i18n.ts';

function priceRange(p: Product) {
  const prices = p.skus.map((s) => s.price);
  const tags = p.skus.map((s) => s.tagPrice);
  return { min: Math.min(...prices), max: Math.max(...prices), tag: Math.max(...tags) };
}

function Discount({ price: p, tag }: { price: number; tag: number }) {
  const { t } = useTranslation();
  const d = discount(p, tag);
  return d ? <span className="sf-discount">{t('storefront.off', d)}</span> : null;
}

function ProductCard({ p, onOpen }: { p: Product; onOpen: () => void }) {
  const { t } = useTranslation();
  const r = priceRange(p);
  const soldOut = p.skus.every((s) => s.available <= 0);
  const pulled = p.skus.every((s) => s.pulled);
  return (
    <button type="button" className={`sf-product ${soldOut ? 'sf-soldout' : ''}`} onClick={onOpen} data-testid="product-card" data-product-id={p.id}>
      <span className="sf-product-img">
        <Img src={p.images[0]} alt={p.name} label={p.name} />
        {soldOut && <span className="sf-soldout-badge" data-testid={pulled ? 'product-pulled' : undefined}>{t(pulled ? 'storefront.pulled' : 'storefront.soldOut')}</span>}
      </span>
      <span className="sf-product-body">
        <span className="sf-product-name">{p.skus.some((s) => flashOf(s)) && <FlashBadge />} {p.name}</span>
        <span className="sf-product-price">
          <span className="price sf-big" data-testid="product-price">{r.min === r.max ? price(r.min) : t('storefront.priceFrom', { price: price(r.min) })}</span>
          <Discount price={r.min} tag={r.tag} />
        </span>
        <span className="sf-tag-price"><span className="strike">{price(r.tag)}</span></span>
      </span>
    </button>
  );
}

function ProductSheet({ p, ev, code, onClose, onAdded }: { p: Product; ev: ShopEvent; code: string; onClose: () => void; onAdded: (msg: string) => void }) {
  const { t, i18n } = useTranslation();
  const cart = useCart(code);
  const nav = useNavigate();
  const colours = useMemo(() => unique(p.skus.map((s) => s.colour)), [p]);
  const sizes = useMemo(() => sortSizes(unique(p.skus.map((s) => s.size))), [p]);
  const skuOf = (c: string | null, s: string | null) => p.skus.find((k) => k.colour === c && k.size === s);
  const [colour, setColour] = useState<string | null>(() => (colours.length === 1 ? colours[0] : null));
  const [size, setSize] = useState<string | null>(() => {
    if (sizes.length !== 1) return null;
    return p.skus.some((k) => k.size === sizes[0] && k.available > 0) ? sizes[0] : null;
  });
  const [qty, setQty] = useState(1);
  const [hint, setHint] = useState('');
  const [img, setImg] = useState(0);
  const chosen = colour !== null && size !== null ? skuOf(colour, size) : undefined;
  const buyable = ev.onSale && !ev.ended;
  const r = priceRange(p);
  const shownPrice = chosen?.price ?? r.min;
  const shownTag = chosen?.tagPrice ?? r.tag;
  const sizeLeft = (s: string) => (colour !== null ? skuOf(colour, s)?.available ?? null : p.skus.filter((k) => k.size === s).reduce((a, k) => a + k.available, 0));
  const colourLeft = (c: string) => p.skus.filter((k) => k.colour === c).reduce((a, k) => a + k.available, 0);

  function pickColour(c: string) {
    setColour(c); setHint('');
    if (size !== null && !((skuOf(c, size)?.available ?? 0) > 0)) setSize(null);
  }

  function add(thenCheckout: boolean) {
    if (!chosen) { setHint(t('storefront.chooseSku')); return; }
    if (flashOf(chosen)) return; // sold only through its flash page
    if (chosen.available <= 0) return;
    const ok = cart.add({
      eventSkuId: chosen.eventSkuId, saleEventId: ev.id, productId: p.id, name: p.name, colour: chosen.colour, size: chosen.size,
      price: chosen.price, tagPrice: chosen.tagPrice, image: chosen.image, quantity: qty,
    }, chosen.available);
    if (!ok) { setHint(t('storefront.cartFull', { n: 50 })); return; }
    if (thenCheckout) nav(`/s/${code}/checkout`);
    else { onAdded(t('storefront.added')); onClose(); }
  }

  return (
    <Sheet title={p.name} onClose={onClose} testId="product-sheet"
      footer={flashOf(chosen) ? <FlashSheetFooter code={code} flash={flashOf(chosen)!} /> : buyable ? (
        <div className="sf-sheet-actions">
          <button type="button" className="btn sf-btn-cart" onClick={() => add(false)} disabled={chosen?.available === 0} data-testid="add-to-cart">{t('storefront.addToCart')}</button>
          <button type="button" className="btn btn-primary" onClick={() => add(true)} disabled={chosen?.available === 0} data-testid="buy-now">{t('storefront.buyNow')}</button>
        </div>
      ) : (
        <button type="button" className="btn btn-block" disabled data-testid="not-buyable">{ev.ended ? t('storefront.lineEnded') : t('storefront.notStartedShort')}</button>
      )}>
      <div className="sf-gallery" aria-label={t('storefront.images')}
        onScroll={(e) => { const el = e.currentTarget; setImg(Math.round(el.scrollLeft / Math.max(1, el.clientWidth))); }}>
        {(p.images.length ? p.images : [null]).map((src, i) => (
          <div className="sf-gallery-item" key={i}><Img src={src} alt={`${p.name} ${t('storefront.imageOf', { n: i + 1, total: Math.max(1, p.images.length) })}`} label={p.name} /></div>
        ))}
        {p.images.length > 1 && <span className="sf-gallery-count" aria-hidden>{img + 1}/{p.images.length}</span>}
      </div>
      <div className="sf-sheet-price">
        <span className="price sf-huge" data-testid="sheet-price">{!chosen && r.min !== r.max ? t('storefront.priceFrom', { price: price(r.min) }) : price(shownPrice)}</span>
        <Discount price={shownPrice} tag={shownTag} />
        <span className="sf-tag-price">{t('storefront.tagPrice')} <span className="strike">{price(shownTag)}</span></span>
      </div>
      {p.description && <p className="sf-desc">{p.description}</p>}
      {!buyable && !ev.ended && <p className="sf-notice" data-testid="not-started">{t('storefront.notStarted', { time: when(ev.startsAt, i18n.language) })}</p>}

      <fieldset className="sf-chips-group">
        <legend>{t('storefront.colour')}</legend>
        <div className="sf-chips">
          {colours.map((c) => {
            const out = colourLeft(c) <= 0;
            const gone = p.skus.filter((k) => k.colour === c).every((k) => k.pulled);
            return (
              <button type="button" key={c} className={`sf-chip ${colour === c ? 'on' : ''}`} aria-pressed={colour === c} disabled={out}
                onClick={() => pickColour(c)} data-testid="colour-chip">{c}{out && <small>{t(gone ? 'storefront.pulled' : 'storefront.soldOut')}</small>}</button>
            );
          })}
        </div>
      </fieldset>
      <fieldset className="sf-chips-group">
        <legend>{t('storefront.size')}</legend>
        <div className="sf-chips">
          {sizes.map((s) => {
            const left = sizeLeft(s);
            const out = left === null || left <= 0;
            // Pulled by the operator (已下架): the chosen colour's size, or every colour's when none is chosen.
            const gone = colour !== null ? skuOf(colour, s)?.pulled === true : p.skus.filter((k) => k.size === s).every((k) => k.pulled);
            return (
              <button type="button" key={s} className={`sf-chip sf-size ${size === s ? 'on' : ''}`} aria-pressed={size === s} disabled={out}
                onClick={() => { setSize(s); setHint(''); }} data-testid="size-chip" data-pulled={gone}>
                <span>{s}</span><small>{gone ? t('storefront.pulled') : left === null ? '—' : out ? t('storefront.soldOut') : t('storefront.left', { n: left })}</small>
              </button>
            );
          })}
        </div>
      </fieldset>
      <div className="sf-qty-row">
        <span>{t('storefront.quantity')}</span>
        {chosen && <span className="muted" data-testid="sku-stock">{chosen.available <= 10 ? t('storefront.lowStock', { n: chosen.available }) : t('storefront.stock', { n: chosen.available })}</span>}
        <span className="spacer" />
        <Stepper value={qty} max={chosen?.available ?? 99} onChange={setQty} label={t('storefront.quantity')} />
      </div>
      <p className={`sf-hint ${hint ? 'sf-hint-error' : ''}`} role="status" aria-live="polite" data-testid="sheet-hint">{hint || (chosen ? t('storefront.chosen', { sku: `${chosen.colour} / ${chosen.size}` }) : '')}</p>
    </Sheet>
  );
}

export default function EventPage({ code }: { code: string }) {
  const { saleEventId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const q = useShopEvent(code, saleEventId);
  const cart = useCart(code);
  // A product's share link opens its sheet (?p=<product id>).
  const [params] = useSearchParams();
  const [openId, setOpenId] = useState<string | null>(() => params.get('p'));
  const [cartOpen, setCartOpen] = useState(false);
  const [toast, setToast] = useState('');
  useStorefrontView(code, 'event', { saleEventId }, Boolean(q.data && !q.data.ended));
  useStorefrontView(code, 'product', { saleEventId, productId: openId ?? undefined }, Boolean(openId && q.data?.products.some((p) => p.id === openId)));
  useTitle(q.data ? [q.data.title, t('storefront.shopTitle', { name: q.data.resellerName })] : null);
  if (isCode(q.error, 'storefront_not_found')) return <ShopNotFound />;
  if (isCode(q.error, 'reseller_disabled')) return <ShopPaused code={code} />;
  const ev = q.data;
  const shopTitle = ev ? t('storefront.shopTitle', { name: ev.resellerName }) : t('common.appName');
  const back = `/s/${code}`;

  if (q.isPending) return <Page><Header title={shopTitle} back={back} /><Loading /></Page>;
  if (isCode(q.error, 'not_found') || isCode(q.error, 'validation_failed')) {
    return <Page><Header title={shopTitle} back={back} /><Message icon="search" title={t('storefront.eventNotFound')} code={code} /></Page>;
  }
  if (q.error || !ev) return <Page><Header title={shopTitle} back={back} /><ErrorState error={q.error} onRetry={() => q.refetch()} /></Page>;
  if (ev.ended) {
    return (
      <Page>
        <Header title={shopTitle} back={back} />
        <Message icon="clock" title={t('storefront.endedTitle')} body={t('storefront.endedBody', { title: ev.title })} code={code} />
      </Page>
    );
  }

  // Looked up on every render so an open sheet shows the latest stock after a refresh.
  const open = openId ? ev.products.find((p) => p.id === openId) : undefined;
  // The cart sheet on this page knows this event's live stock and prices.
  const states = new Map<string, LineState>(cart.lines.filter((l) => l.saleEventId === ev.id).map((l) => [l.eventSkuId, lineState(l, ev)]));
  return (
    <Page withBar>
      <Header title={shopTitle} back={back} />
      <section className="sf-event-head">
        <h2 data-testid="event-title">{ev.title}</h2>
        <EventDiscount tenths={deepestDiscount(ev.products.flatMap((p) => p.skus.map((s) => ({ price: s.price, tagPrice: s.tagPrice, available: s.available, flash: flashOf(s) }))))} />
        {ev.description && <p>{ev.description}</p>}
        <div className="sf-event-clock">
          {ev.onSale ? <Countdown startsAt={ev.startsAt} endsAt={ev.ordersCloseAt} />
            : <span className="sf-upcoming-note" data-testid="upcoming-note">{t('storefront.notStarted', { time: when(ev.startsAt, i18n.language) })}</span>}
        </div>
      </section>
      <main className="sf-content">
        <CampaignStrip code={code} saleEventId={ev.id} />
        {ev.products.length === 0 ? <div className="state state-empty">{t('common.empty')}</div> : (
          <div className="sf-products">{ev.products.map((p) => <ProductCard key={p.id} p={p} onOpen={() => setOpenId(p.id)} />)}</div>
        )}
      </main>
      <CartBar code={code} onOpenCart={() => { setToast(''); setCartOpen(true); }} />
      {open && <ProductSheet p={open} ev={ev} code={code} onClose={() => setOpenId(null)} onAdded={(m) => { setToast(m); setTimeout(() => setToast(''), 1800); }} />}
      {cartOpen && <CartSheet code={code} onClose={() => setCartOpen(false)} states={states} />}
      <div className="sf-toast" role="status" aria-live="polite" data-testid="toast" hidden={!toast}>{toast}</div>
    </Page>
  );
}
