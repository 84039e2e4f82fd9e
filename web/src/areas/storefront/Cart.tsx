// The cart's lines (used by the cart sheet and the checkout page) and the cart sheet itself.
// Lines are checked against fresh event data: ended sales, short stock and price changes show.
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCart, type CartLine, type ShopEvent } from './data.ts';
import { price } from './format.ts';
import { Img, Stepper } from './parts.tsx';
import './pulled.i18n.ts';

export interface LineState {
  price: number; available: number | null; problem: 'ended' | 'not_started' | 'pulled' | 'sold_out' | 'short' | null; priceChanged: boolean;
  /** The SKU's picture as the event now gives it (a cart saved earlier may hold another). */
  image?: string | null;
}

/** A cart line as it stands now, given the latest copy of its event (if loaded). */
export function lineState(l: CartLine, ev: ShopEvent | undefined): LineState {
  if (!ev) return { price: l.price, available: null, problem: null, priceChanged: false };
  const sku = ev.products.flatMap((p) => p.skus).find((s) => s.eventSkuId === l.eventSkuId);
  if (ev.ended || !sku) return { price: l.price, available: 0, problem: 'ended', priceChanged: false };
  const image = sku.image;
  if (sku.pulled) return { price: sku.price, available: 0, problem: 'pulled', priceChanged: false, image };
  if (!ev.onSale) return { price: sku.price, available: sku.available, problem: 'not_started', priceChanged: sku.price !== l.price, image };
  const problem = sku.available <= 0 ? 'sold_out' : sku.available < l.quantity ? 'short' : null;
  return { price: sku.price, available: sku.available, problem, priceChanged: sku.price !== l.price, image };
}

export const skuLabel = (l: { colour: string; size: string }) => [l.colour, l.size].filter(Boolean).join(' / ');

export function CartLines({ code, lines, states, highlight }: { code: string; lines: CartLine[]; states?: Map<string, LineState>; highlight?: string | null }) {
  const { t } = useTranslation();
  const cart = useCart(code);
  return (
    <ul className="sf-lines">
      {lines.map((l) => {
        const st = states?.get(l.eventSkuId);
        const p = st?.price ?? l.price;
        const problem = st?.problem;
        const note = problem === 'ended' ? t('storefront.lineEnded') : problem === 'not_started' ? t('storefront.lineNotStarted')
          : problem === 'pulled' ? t('storefront.pulled') : problem === 'sold_out' ? t('storefront.soldOut') : problem === 'short' ? t('storefront.lineShort', { n: st!.available }) : null;
        return (
          <li key={l.eventSkuId} className={`sf-line ${problem ? 'sf-line-bad' : ''} ${highlight === l.eventSkuId ? 'sf-line-hl' : ''}`} data-testid="cart-line" data-esku={l.eventSkuId}>
            <Link to={`/s/${code}/e/${l.saleEventId}`} className="sf-line-img"><Img src={st?.image ?? l.image} alt={l.name} label={l.name} /></Link>
            <div className="sf-line-body">
              <div className="sf-line-name">{l.name}</div>
              <div className="sf-line-sku">{skuLabel(l)}</div>
              {note && <div className="sf-line-problem" role="status">{note}</div>}
              {!note && st?.priceChanged && <div className="sf-line-note">{t('storefront.priceChanged')}</div>}
              <div className="sf-line-foot">
                <span className="price">{price(p)}</span>
                <Stepper value={l.quantity} max={st?.available && st.available > 0 ? st.available : 99} label={t('storefront.quantity')}
                  onChange={(n) => cart.setQuantity(l.eventSkuId, n)} />
              </div>
            </div>
            <button type="button" className="sf-line-remove" aria-label={`${t('storefront.remove')} ${l.name} ${skuLabel(l)}`} onClick={() => cart.remove([l.eventSkuId])} data-testid="line-remove">×</button>
          </li>
        );
      })}
    </ul>
  );
}

export function Sheet({ title, onClose, children, footer, testId }: { title: React.ReactNode; onClose: () => void; children: React.ReactNode; footer?: React.ReactNode; testId?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') close.current(); };
    document.addEventListener('keydown', onKey);
    document.body.style.overflow = 'hidden';
    return () => { document.removeEventListener('keydown', onKey); document.body.style.overflow = ''; prev?.focus?.(); };
  }, []);
  return (
    <div className="sheet-backdrop" onClick={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div className="sheet sf-sheet" role="dialog" aria-modal="true" aria-label={typeof title === 'string' ? title : undefined} ref={ref} tabIndex={-1} data-testid={testId}>
        <div className="sf-sheet-head">
          <div className="sf-sheet-title">{title}</div>
          <button type="button" className="sf-icon-btn" aria-label={t('storefront.close')} onClick={onClose} data-testid="sheet-close">×</button>
        </div>
        <div className="sf-sheet-body">{children}</div>
        {footer && <div className="sf-sheet-foot">{footer}</div>}
      </div>
    </div>
  );
}

export function CartSheet({ code, onClose, states }: { code: string; onClose: () => void; states?: Map<string, LineState> }) {
  const { t } = useTranslation();
  const cart = useCart(code);
  return (
    <Sheet title={t('storefront.cart')} onClose={onClose} testId="cart-sheet"
      footer={cart.lines.length > 0 && (
        <div className="sf-sheet-total">
          <span>{t('storefront.total')} <strong className="price">{price(cart.total)}</strong></span>
          <Link className="btn btn-primary" to={`/s/${code}/checkout`} data-testid="sheet-checkout">{t('storefront.checkoutN', { n: cart.count })}</Link>
        </div>
      )}>
      {cart.lines.length === 0 ? <div className="state state-empty">{t('storefront.cartEmpty')}</div> : <CartLines code={code} lines={cart.lines} states={states} />}
    </Sheet>
  );
}
