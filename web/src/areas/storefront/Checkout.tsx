// Checkout: delivery details checked like the server checks them, the cart checked against live
// stock, one idempotency key per attempt (kept for retries of the same attempt), then off to the
// gateway's pay page.
import { useEffect, useRef, useState } from 'react';
import { currentLink } from './Sharing.tsx';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, newKey, post } from '../../lib/api.ts';
import { Loading } from '../../components/states.tsx';
import {
  lastConsumer, markPaying, rememberConsumer, saveOrder, useCart, useShopEvents, type ConsumerForm, type Order,
} from './data.ts';
import { price } from './format.ts';
import { Header, Message, Page } from './parts.tsx';
import { CartLines, lineState, skuLabel, type LineState } from './Cart.tsx';
import { Icon } from './icons.tsx';
import { DiscountBox, clearCodes, failedCode, reasonText, useCodes, useQuote } from './Discounts.tsx';
import { PasteAddress, RegionPicker, SavedAddresses, rememberAddress } from './Address.tsx';
import { useTitle } from '../../lib/title.ts';

type Field = keyof ConsumerForm | 'note';
const PHONE = /^1[3-9]\d{9}$/;
const LIMITS: Record<Field, number> = { name: 50, phone: 11, province: 40, city: 40, district: 40, detail: 200, note: 200 };
const ORDER: Field[] = ['name', 'phone', 'province', 'city', 'district', 'detail', 'note'];

interface Placed { order: Order; lookupToken: string }

export default function Checkout({ code }: { code: string }) {
  const { t } = useTranslation();
  useTitle([t('storefront.checkoutTitle')]);
  const nav = useNavigate();
  const cart = useCart(code);
  const events = useShopEvents(code, cart.lines.map((l) => l.saleEventId));
  const [form, setForm] = useState<ConsumerForm>(lastConsumer);
  const [note, setNote] = useState('');
  const [keepAddress, setKeepAddress] = useState(true);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [banner, setBanner] = useState<{ text: string; items?: string[] } | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  const [tried, setTried] = useState(false);
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const bannerRef = useRef<HTMLDivElement>(null);
  // The submit button sits in the bottom bar; bring the reason it did not go through into view.
  useEffect(() => { if (banner) bannerRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' }); }, [banner]);

  const states = new Map<string, LineState>(cart.lines.map((l) => [l.eventSkuId, lineState(l, events.byId.get(l.saleEventId))]));
  const blocked = cart.lines.filter((l) => states.get(l.eventSkuId)?.problem);
  const total = cart.lines.reduce((a, l) => a + (states.get(l.eventSkuId)?.price ?? l.price) * l.quantity, 0);
  // Coupon and red packet codes: priced by the server's quote, checked again when the order is placed.
  const codes = useCodes(code);
  const quote = useQuote(code, cart.lines.map((l) => ({ eventSkuId: l.eventSkuId, quantity: l.quantity })), codes, PHONE.test(form.phone.trim()) ? form.phone.trim() : undefined);
  const payable = quote.data && !quote.error && (codes.couponCode || codes.redPacketCode) ? quote.data.amountDue : total;
  const itemName = (id: string) => { const l = cart.lines.find((x) => x.eventSkuId === id); return l ? `${l.name} ${skuLabel(l)}` : t('storefront.unknownItem'); };

  function fixBlocked() {
    // Short lines keep what is left; ended and sold-out lines go.
    for (const l of blocked) { const st = states.get(l.eventSkuId)!; if (st.problem === 'short' && st.available) cart.setQuantity(l.eventSkuId, st.available); }
    cart.remove(blocked.filter((l) => states.get(l.eventSkuId)?.problem !== 'short').map((l) => l.eventSkuId));
  }

  const labels: Record<Field, string> = {
    name: t('storefront.name'), phone: t('storefront.phone'), province: t('storefront.province'), city: t('storefront.city'),
    district: t('storefront.district'), detail: t('storefront.detail'), note: t('storefront.note'),
  };

  function check(f: Field, raw: string): string | undefined {
    const v = raw.trim();
    if (f === 'note') return v.length > LIMITS.note ? t('storefront.tooLong', { field: labels.note, max: LIMITS.note }) : undefined;
    if (!v) return t('storefront.required', { field: labels[f] });
    if (f === 'phone') return PHONE.test(v) ? undefined : t('storefront.phoneInvalid');
    return [...v].length > LIMITS[f] ? t('storefront.tooLong', { field: labels[f], max: LIMITS[f] }) : undefined;
  }

  const [placing, setPlacing] = useState(false);

  async function place(body: unknown, key: string) {
    setPlacing(true);
    try {
      const r = await post<Placed>(`/storefront/${code}/orders`, body, key);
      const o = r.order;
      saveOrder(code, { orderId: o.id, token: r.lookupToken, createdAt: o.createdAt, amount: o.amountDue });
      rememberConsumer({ ...form, phone: form.phone.trim() });
      if (keepAddress) await rememberAddress(o.id, r.lookupToken);
      if (o.discountTotal) clearCodes(code);
      attempt.current = null;
      setLeaving(true);
      cart.remove(o.lines.map((l) => l.eventSkuId));
      if (o.payment?.payUrl) { markPaying(o.id); window.location.assign(o.payment.payUrl); }
      else nav(`/s/${code}/orders/${o.id}?token=${encodeURIComponent(r.lookupToken)}`);
    } catch (e) {
      showError(e);
    } finally {
      setPlacing(false);
    }
  }

  function showError(e: unknown) {
    if (!(e instanceof ApiError)) { setBanner({ text: t('common.unknownError') }); return; }
    if (e.code === 'sold_out') {
      const id = String(e.body.eventSkuId ?? '');
      setHighlight(id);
      setBanner({ text: t('storefront.soldOutLine', { item: itemName(id) }) });
      events.refetch();
    } else if (e.code === 'sku_pulled') {
      const ids = Array.isArray(e.body.eventSkuIds) ? (e.body.eventSkuIds as string[]) : [];
      setHighlight(ids[0] ?? null);
      setBanner({ text: ids[0] ? t('storefront.pulledLine', { item: itemName(ids[0]) }) : e.title });
      events.refetch();
    } else if (e.code === 'sale_event_not_live') {
      const ids = Array.isArray(e.body.eventSkuIds) ? (e.body.eventSkuIds as string[]) : [];
      setHighlight(ids[0] ?? null);
      setBanner({ text: ids[0] ? t('storefront.eventEndedLine', { item: itemName(ids[0]) }) : t('storefront.eventEndedGeneric') });
      events.refetch();
    } else if (e.code === 'validation_failed' && e.errors.length) {
      const mapped: Partial<Record<Field, string>> = {};
      const rest: string[] = [];
      for (const fe of e.errors) {
        const f = ORDER.find((k) => fe.path.endsWith(`.${k}`));
        // Our own wording when the rule is one we know; the server's text otherwise.
        if (f) mapped[f] = check(f, f === 'note' ? note : form[f]) ?? fe.message; else rest.push(`${fe.path}: ${fe.message}`);
      }
      setErrors(mapped);
      setBanner({ text: e.title, items: rest });
    } else if (failedCode(e)) {
      // A refused coupon or red packet: the same words as under its field.
      setBanner({ text: reasonText(t, e) });
    } else setBanner({ text: e.title });
  }

  function submit(ev: React.FormEvent) {
    ev.preventDefault();
    if (placing) return;
    setBanner(null); setHighlight(null);
    const found: Partial<Record<Field, string>> = {};
    for (const f of ORDER) { const m = check(f, f === 'note' ? note : form[f as keyof ConsumerForm]); if (m) found[f] = m; }
    setErrors(found);
    const first = ORDER.find((f) => found[f]);
    if (first) {
      setTried(true);
      formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    if (blocked.length) {
      setHighlight(blocked[0].eventSkuId);
      const p = states.get(blocked[0].eventSkuId)!.problem;
      const item = itemName(blocked[0].eventSkuId);
      setBanner({ text: p === 'ended' || p === 'not_started' ? t('storefront.eventEndedLine', { item }) : p === 'pulled' ? t('storefront.pulledLine', { item }) : t('storefront.soldOutLine', { item }) });
      return;
    }
    const tr = (s: string) => s.trim();
    const body = {
      consumer: { name: tr(form.name), phone: tr(form.phone), address: { province: tr(form.province), city: tr(form.city), district: tr(form.district), detail: tr(form.detail) } },
      lines: cart.lines.map((l) => ({ eventSkuId: l.eventSkuId, quantity: l.quantity })),
      ...(tr(note) ? { note: tr(note) } : {}),
      ...codes,
      ...(currentLink(code) ? { shareLink: currentLink(code) } : {}),
    };
    // Same order details as the last try → same key, so a retry after a lost answer cannot order twice.
    const text = JSON.stringify(body);
    if (!attempt.current || attempt.current.body !== text) attempt.current = { key: newKey('sf'), body: text };
    void place(body, attempt.current.key);
  }

  if (leaving) return <Page><Header title={t('storefront.checkoutTitle')} /><Loading /></Page>;
  if (cart.lines.length === 0) {
    return <Page><Header title={t('storefront.checkoutTitle')} back={`/s/${code}`} /><Message icon="cart" title={t('storefront.cartEmpty')} code={code} /></Page>;
  }

  const input = (f: keyof ConsumerForm, extra: React.InputHTMLAttributes<HTMLInputElement>) => (
    <label className={`sf-field sf-field-${f}`}>
      <span>{labels[f]}</span>
      <input name={f} value={form[f]} aria-invalid={errors[f] ? true : undefined} aria-describedby={errors[f] ? `err-${f}` : undefined} data-testid={`f-${f}`}
        onChange={(e) => { setForm({ ...form, [f]: e.target.value }); if (errors[f]) setErrors({ ...errors, [f]: undefined }); }}
        onBlur={(e) => { if (e.target.value) setErrors((x) => ({ ...x, [f]: check(f, e.target.value) })); }} {...extra} />
      {errors[f] && <span className="field-error" id={`err-${f}`}>{errors[f]}</span>}
    </label>
  );

  return (
    <Page withBar>
      <Header title={t('storefront.checkoutTitle')} back={`/s/${code}/e/${cart.lines[0].saleEventId}`} />
      <form className="sf-content sf-checkout" onSubmit={submit} noValidate ref={formRef} id="sf-checkout">
        {tried && !banner && Object.values(errors).some(Boolean) && <div className="sf-banner" role="alert" data-testid="checkout-invalid"><p>{t('storefront.fixErrors')}</p></div>}
        {banner && (
          <div className="sf-banner" role="alert" data-testid="checkout-error" ref={bannerRef}>
            <p>{banner.text}</p>
            {banner.items && banner.items.length > 0 && <ul>{banner.items.map((m, i) => <li key={i}>{m}</li>)}</ul>}
          </div>
        )}
        <section className="card" aria-labelledby="sf-ship">
          <h2 id="sf-ship" className="sf-card-title"><Icon name="pin" />{t('storefront.shipTo')}</h2>
          <SavedAddresses code={code} form={form} onUse={(f) => { setForm(f); setErrors({}); }} />
          <div className="sf-address-tools">
            <PasteAddress onFill={(patch) => { setForm((x) => ({ ...x, ...patch })); setErrors({}); }} />
            <RegionPicker onPick={(r) => { setForm((x) => ({ ...x, ...r })); setErrors((x) => ({ ...x, province: undefined, city: undefined, district: undefined })); }} />
          </div>
          <div className="sf-form-grid">
            {input('name', { autoComplete: 'name', placeholder: t('storefront.namePlaceholder'), maxLength: 50 })}
            {input('phone', { autoComplete: 'tel-national', inputMode: 'numeric', type: 'tel', placeholder: t('storefront.phonePlaceholder'), maxLength: 11 })}
            {input('province', { autoComplete: 'address-level1', placeholder: t('storefront.provincePlaceholder'), maxLength: 40 })}
            {input('city', { autoComplete: 'address-level2', placeholder: t('storefront.cityPlaceholder'), maxLength: 40 })}
            {input('district', { autoComplete: 'address-level3', placeholder: t('storefront.districtPlaceholder'), maxLength: 40 })}
          </div>
          <label className="sf-field">
            <span>{labels.detail}</span>
            <textarea name="detail" rows={2} value={form.detail} maxLength={200} autoComplete="street-address" placeholder={t('storefront.detailPlaceholder')}
              aria-invalid={errors.detail ? true : undefined} aria-describedby={errors.detail ? 'err-detail' : undefined} data-testid="f-detail"
              onChange={(e) => { setForm({ ...form, detail: e.target.value }); if (errors.detail) setErrors({ ...errors, detail: undefined }); }} />
            {errors.detail && <span className="field-error" id="err-detail">{errors.detail}</span>}
          </label>
          <label className="sf-keep-address">
            <input type="checkbox" checked={keepAddress} onChange={(e) => setKeepAddress(e.target.checked)} data-testid="keep-address" />
            <span>{t('storefront.address.save')}</span>
          </label>
        </section>

        <section className="card" aria-labelledby="sf-items">
          <h2 id="sf-items" className="sf-card-title"><Icon name="bag" />{t('storefront.items')}</h2>
          <CartLines code={code} lines={cart.lines} states={states} highlight={highlight} />
          {blocked.length > 0 && (
            <button type="button" className="btn btn-small" onClick={() => { fixBlocked(); setBanner(null); setHighlight(null); }}
              data-testid="remove-unavailable">{t('storefront.removeUnavailable')}</button>
          )}
        </section>

        <DiscountBox shop={code} quote={quote} lines={cart.lines.map((l) => ({ eventSkuId: l.eventSkuId, quantity: l.quantity }))} phone={PHONE.test(form.phone.trim()) ? form.phone.trim() : undefined} />

        <section className="card">
          <label className="sf-field">
            <span>{labels.note}</span>
            <textarea name="note" rows={2} value={note} maxLength={200} placeholder={t('storefront.notePlaceholder')} aria-invalid={errors.note ? true : undefined}
              onChange={(e) => setNote(e.target.value)} data-testid="f-note" />
            {errors.note && <span className="field-error">{errors.note}</span>}
          </label>
        </section>
        <p className="hint sf-center">{t('storefront.payNext')}</p>
        <p className="hint sf-center"><Link to={`/s/${code}`}>{t('storefront.continueShopping')}</Link></p>
      </form>
      <div className="sf-bottom-bar">
        <div className="sf-bar-total sf-bar-total-wide">
          <span>{t('storefront.total')}</span> <strong className="price" data-testid="checkout-total">{price(payable)}</strong>
          <div className="hint">{t('storefront.totalHint')}</div>
        </div>
        <button type="submit" form="sf-checkout" className="btn btn-primary sf-bar-cta" disabled={placing || events.pending} data-testid="place-order">
          {placing ? t('storefront.placing') : t('storefront.placeOrder')}
        </button>
      </div>
    </Page>
  );
}
