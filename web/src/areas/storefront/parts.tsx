// Pieces every storefront screen shares: the sticky header, images with a graceful fallback,
// the quantity stepper, the bottom cart bar and the friendly full-page messages.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LangSwitch } from '../../components/LangSwitch.tsx';
import { MAX_QTY, useCart } from './data.ts';
import { price } from './format.ts';
import { Icon, type IconName } from './icons.tsx';

export function Header({ title, back }: { title: string; back?: string }) {
  const { t } = useTranslation();
  return (
    <header className="sf-header">
      {back
        ? <Link className="sf-icon-btn" to={back} aria-label={t('storefront.back')} data-testid="back">‹</Link>
        : <span className="sf-logo" aria-hidden><Icon name="store" size={18} /></span>}
      <h1 data-testid="sf-title">{title}</h1>
      <LangSwitch />
    </header>
  );
}

const tints = ['#fde2e1', '#fdebd3', '#e3f0fd', '#e6f5ec', '#f1e6fb', '#fbe6f0'];

/** Product photos come from brands' own hosts; when one does not load the card still looks finished. */
export function Img({ src, alt, label, className }: { src: string | null | undefined; alt: string; label: string; className?: string }) {
  const [broken, setBroken] = useState(false);
  if (!src || broken) {
    const seed = [...label].reduce((a, c) => a + c.charCodeAt(0), 0);
    return (
      <span className={`sf-img sf-img-fallback ${className ?? ''}`} style={{ background: tints[seed % tints.length] }} role="img" aria-label={alt}>
        <span aria-hidden>{[...label][0] ?? ''}</span>
      </span>
    );
  }
  return <img className={`sf-img ${className ?? ''}`} src={src} alt={alt} loading="lazy" decoding="async" onError={() => setBroken(true)} />;
}

export function Stepper({ value, max, onChange, label }: { value: number; max: number; onChange: (n: number) => void; label: string }) {
  const { t } = useTranslation();
  const top = Math.max(1, Math.min(MAX_QTY, max));
  return (
    <div className="sf-stepper" role="group" aria-label={label}>
      <button type="button" aria-label={t('storefront.decrease')} disabled={value <= 1} onClick={() => onChange(value - 1)} data-testid="qty-minus">−</button>
      <input type="number" inputMode="numeric" min={1} max={top} value={value} aria-label={label} data-testid="qty"
        onChange={(e) => { const n = Number(e.target.value); if (Number.isInteger(n) && n >= 1) onChange(Math.min(top, n)); }} />
      <button type="button" aria-label={t('storefront.increase')} disabled={value >= top} onClick={() => onChange(value + 1)} data-testid="qty-plus">+</button>
    </div>
  );
}

/** The sticky bottom bar: what is in the cart and the way to pay for it. */
export function CartBar({ code, onOpenCart }: { code: string; onOpenCart?: () => void }) {
  const { t } = useTranslation();
  const cart = useCart(code);
  const nav = useNavigate();
  return (
    <div className="sf-bottom-bar" data-testid="cart-bar">
      <button type="button" className="sf-cart-btn" onClick={onOpenCart ?? (() => nav(`/s/${code}/checkout`))} aria-label={t('storefront.cartCount', { count: cart.count })} data-testid="open-cart">
        <Icon name="cart" size={24} />
        {cart.count > 0 && <span className="sf-badge" data-testid="cart-count">{cart.count}</span>}
      </button>
      <div className="sf-bar-total">
        <span>{t('storefront.total')}</span> <strong className="price" data-testid="cart-total">{price(cart.total)}</strong>
      </div>
      <button type="button" className="btn btn-primary sf-bar-cta" disabled={cart.count === 0} onClick={() => nav(`/s/${code}/checkout`)} data-testid="go-checkout">
        {cart.count > 0 ? t('storefront.checkoutN', { n: cart.count }) : t('storefront.checkout')}
      </button>
    </div>
  );
}

/** A full-page friendly message (unknown shop, ended sale, missing order) with a way onwards. */
export function Message({ icon, title, body, code, action }: { icon: IconName; title: string; body?: React.ReactNode; code?: string; action?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="sf-message" role="status" data-testid="sf-message">
      <div className="sf-message-icon" aria-hidden><Icon name={icon} size={40} /></div>
      <h2>{title}</h2>
      {body && <p>{body}</p>}
      {action ?? (code && <Link className="btn btn-primary sf-wide-btn" to={`/s/${code}`} data-testid="to-shop">{t('storefront.toShop')}</Link>)}
    </div>
  );
}

export function Page({ children, withBar }: { children: React.ReactNode; withBar?: boolean }) {
  return <div className={`sf-page ${withBar ? 'sf-with-bar' : ''}`}>{children}</div>;
}
