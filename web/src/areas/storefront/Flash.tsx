// Flash sales (秒杀) in the storefront: the item page behind a reseller's link (countdown to the
// start then to the end, progress, the grab button that opens exactly at the start by the server's
// clock, the buyer's details, friendly answers when it is gone), the strip on the shop page, the
// badges on an event page and the first "pay now" of a flash order (its payment opens on demand).
import { useEffect, useRef, useState } from 'react';
import { useStorefrontView } from './Sharing.tsx';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { ApiError, get, newKey, post } from '../../lib/api.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { lastConsumer, markPaying, rememberConsumer, saveOrder, savedToken, type ConsumerForm, type Order, type Sku } from './data.ts';
import { discount, mmss, price, when } from './format.ts';
import { Header, Img, Message, Page, Stepper } from './parts.tsx';
import { Icon } from './icons.tsx';
import { PasteAddress, RegionPicker, SavedAddresses, rememberAddress } from './Address.tsx';
import './flash.i18n.ts';
import './flash.css';
import { useTitle } from '../../lib/title.ts';

export type FlashPhase = 'upcoming' | 'on_sale' | 'sold_out' | 'ended';
export interface FlashItem {
  id: string; saleEventId: string; eventSkuId: string; productId: string; price: number; tagPrice: number; currency: string;
  quantity: number; claimed: number; left: number; perBuyerLimit: number; perResellerLimit: number; startsAt: string; endsAt: string;
  firstClaimAt: string | null; soldOutAt: string | null; phase: FlashPhase; sellingSeconds: number | null; now: string;
  productName: string; colour: string; size: string; image: string | null; eventTitle: string;
}
interface Grabbed { orderId: string; orderNo: string; lookupToken: string; status: string; amountDue: number; currency: string; quantity: number; holdExpiresAt: string | null }

const flashKey = (code: string) => ['sf', code, 'flash-items'];

/**
 * A shop's live and upcoming flash items. An answer up to 5 s old is fresh enough for a strip that
 * mounts after its shop asked (one request per shop view, not two); the polls keep it current.
 */
export function useFlashItems(code: string, refetchMs: number | false = 15_000) {
  return useQuery({ queryKey: flashKey(code), queryFn: ({ signal }) => get<{ resellerName: string; items: FlashItem[] }>(`/storefront/${code}/flash-items`, signal), refetchInterval: refetchMs, staleTime: 5_000 });
}

/** The server's clock, ticking each second: the client's clock corrected by the last answer's `now`. */
function useServerNow(serverNow: string | undefined, fetchedAt: number): number {
  const offset = serverNow ? Date.parse(serverNow) - fetchedAt : 0;
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => { const id = setInterval(() => setTick(Date.now()), 250); return () => clearInterval(id); }, []);
  return tick + offset;
}

/** The phase at this moment: an upcoming item opens at its start without waiting for the next poll. */
function phaseAt(i: FlashItem, now: number): FlashPhase {
  if (i.phase === 'upcoming' && now >= Date.parse(i.startsAt)) return i.left > 0 ? 'on_sale' : 'sold_out';
  if (i.phase === 'on_sale' && now >= Date.parse(i.endsAt)) return 'ended';
  return i.phase;
}

function hms(ms: number, t: (k: string, o?: Record<string, unknown>) => string): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  return `${d ? t('countdown.days', { d }) : ''}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** "50 件 3 分钟抢光" (seconds when it went faster than a minute). */
export function soldOutText(t: (k: string, o?: Record<string, unknown>) => string, i: Pick<FlashItem, 'quantity' | 'sellingSeconds'>): string {
  const s = i.sellingSeconds ?? 0;
  return s < 60 ? t('storefront.flash.soldOutInSeconds', { n: i.quantity, s: Math.max(1, s) }) : t('storefront.flash.soldOutIn', { n: i.quantity, m: Math.round(s / 60) });
}

export function FlashProgress({ i }: { i: Pick<FlashItem, 'quantity' | 'claimed' | 'left' | 'phase' | 'sellingSeconds' | 'startsAt'> }) {
  const { t, i18n } = useTranslation();
  const pct = i.quantity ? Math.min(100, Math.round((i.claimed * 100) / i.quantity)) : 0;
  return (
    <div className="fl-progress" data-testid="flash-progress">
      <div className="fl-bar" role="progressbar" aria-valuemin={0} aria-valuemax={i.quantity} aria-valuenow={i.claimed}><span style={{ width: `${pct}%` }} /></div>
      <div className="fl-progress-text">
        {i.phase === 'sold_out'
          ? <strong data-testid="flash-sold-out">{soldOutText(t, i)}</strong>
          // Before the start nothing is grabbed yet: how many there will be and when, not 仅剩 N.
          : i.phase === 'upcoming'
            ? <><span data-testid="flash-limited">{t('storefront.flash.limited', { n: i.quantity })}</span><span className="fl-left" data-testid="flash-starts">{t('storefront.flash.startsAt', { time: when(i.startsAt, i18n.language) })}</span></>
          : <><span data-testid="flash-claimed">{t('storefront.flash.claimed', { n: i.claimed })}</span><span className="fl-left" data-testid="flash-left">{t('storefront.flash.left', { n: i.left })}</span></>}
      </div>
    </div>
  );
}

// ---- the strip on the shop page ----

export function FlashStrip({ code }: { code: string }) {
  const { t } = useTranslation();
  const q = useFlashItems(code, 30_000);
  const rank: Record<FlashPhase, number> = { on_sale: 0, upcoming: 1, sold_out: 2, ended: 3 };
  const items = (q.data?.items ?? []).filter((i) => i.phase !== 'ended').sort((a, b) => rank[a.phase] - rank[b.phase]);
  if (items.length === 0) return null;
  return (
    <section className="fl-strip" aria-labelledby="fl-strip-h" data-testid="flash-strip">
      <h2 id="fl-strip-h" className="sf-section-title"><span className="fl-bolt" aria-hidden>⚡</span>{t('storefront.flash.strip')}<span className="hint fl-strip-hint">{t('storefront.flash.stripHint')}</span></h2>
      <div className="fl-strip-list">
        {items.map((i) => (
          <Link key={i.id} to={`/s/${code}/flash/${i.id}`} className={`fl-tile fl-${i.phase}`} data-testid="flash-tile" data-phase={i.phase}>
            <Img src={i.image} alt={i.productName} label={i.productName} />
            <span className="fl-tile-body">
              <span className="fl-tile-name">{i.productName}</span>
              <span><strong className="fl-tile-price">{price(i.price)}</strong> <s className="hint">{price(i.tagPrice)}</s></span>
              <span className={`fl-chip fl-chip-${i.phase}`}>{i.phase === 'on_sale' ? t('storefront.flash.left', { n: i.left }) : i.phase === 'sold_out' ? t('storefront.flash.soldOut') : t('storefront.flash.upcoming')}</span>
            </span>
          </Link>
        ))}
      </div>
    </section>
  );
}

// ---- on an event page: a flash SKU is bought through its own page ----

export interface FlashRef { id: string; price: number; startsAt: string; phase: string }
export const flashOf = (sku: Sku | undefined): FlashRef | null => ((sku as (Sku & { flash?: FlashRef | null }) | undefined)?.flash ?? null);

export function FlashBadge() {
  const { t } = useTranslation();
  return <span className="fl-badge" data-testid="flash-badge">{t('storefront.flash.badge')}</span>;
}

/** The product sheet's footer for a flash SKU: its flash price and the way to its page. */
export function FlashSheetFooter({ code, flash }: { code: string; flash: FlashRef }) {
  const { t } = useTranslation();
  return (
    <div className="fl-sheet-foot">
      <span><FlashBadge /> <strong className="fl-tile-price" data-testid="sheet-flash-price">{price(flash.price)}</strong></span>
      <Link className="btn btn-primary" to={`/s/${code}/flash/${flash.id}`} data-testid="go-flash">{t('storefront.flash.see')}</Link>
    </div>
  );
}

// ---- the order page: a flash order's payment opens when the buyer first goes to pay ----

export const isFlashOrder = (o: Order) => (o as Order & { campaign?: { kind: string } | null }).campaign?.kind === 'flash';

export function FlashOrderTag() {
  const { t } = useTranslation();
  return <span className="fl-badge" data-testid="flash-order-tag" title={t('storefront.flash.tagLabel')}>{t('storefront.flash.badge')}</span>;
}

export function OpenPayment({ o, code, tag }: { o: Order; code: string; tag: React.ReactNode }) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const token = search.get('token') ?? savedToken(code, o.id) ?? '';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => { const id = setInterval(() => setNow(Date.now()), 1000); return () => clearInterval(id); }, []);
  const left = o.holdExpiresAt ? Date.parse(o.holdExpiresAt) - now : null;
  const pay = async () => {
    setBusy(true); setError(null);
    try {
      const fresh = await post<Order>(`/storefront/${code}/orders/${o.id}/pay?token=${encodeURIComponent(token)}`);
      if (fresh.payment?.payUrl) { markPaying(o.id); window.location.assign(fresh.payment.payUrl); } else setBusy(false);
    } catch (e) { setError(e); setBusy(false); }
  };
  return (
    <section className="sf-status sf-status-wait" data-testid="status-card">
      <div className="sf-status-head"><span className="sf-status-icon" aria-hidden><Icon name="yuan" /></span><h2>{isFlashOrder(o) ? t('storefront.flash.payTitle') : t('storefront.awaitingTitle')}</h2>{tag}</div>
      {left !== null && <p data-testid="hold-left">{t('storefront.payWithin', { time: mmss(left) })}</p>}
      {error ? <p className="field-error" role="alert">{error instanceof ApiError ? error.title : t('common.unknownError')}</p> : null}
      <button type="button" className="btn btn-primary sf-wide-btn" disabled={busy} onClick={() => void pay()} data-testid="pay-now">{busy ? t('storefront.flash.paying') : t('storefront.flash.payNow')}</button>
    </section>
  );
}

// ---- the flash item page ----

const PHONE = /^1[3-9]\d{9}$/;
const FIELDS: (keyof ConsumerForm)[] = ['name', 'phone', 'province', 'city', 'district', 'detail'];
const LIMITS: Record<keyof ConsumerForm, number> = { name: 50, phone: 11, province: 40, city: 40, district: 40, detail: 200 };

function errorText(t: (k: string, o?: Record<string, unknown>) => string, e: unknown): string {
  if (!(e instanceof ApiError)) return t('common.unknownError');
  if (e.code === 'limit_exceeded') {
    const limit = typeof e.body.limit === 'number' ? e.body.limit : null;
    const left = limitLeft(e);
    if (e.body.by === 'reseller') return left ? t('storefront.flash.err.limit_reseller_left', { left }) : t('storefront.flash.err.limit_reseller', { n: limit ?? '' });
    return left ? t('storefront.flash.err.limit_buyer_left', { n: limit, has: e.body.has, left }) : t('storefront.flash.err.limit_buyer', { n: limit ?? '' });
  }
  if (['sold_out', 'flash_not_started', 'flash_ended', 'storefront_not_found'].includes(e.code)) return t(`storefront.flash.err.${e.code}`);
  return e.title;
}

/** The units still allowed to the buyer (or the shop) a limit refused, when the answer says what they hold; null: not said. */
function limitLeft(e: ApiError): number | null {
  return typeof e.body.limit === 'number' && typeof e.body.has === 'number' ? Math.max(0, e.body.limit - e.body.has) : null;
}

export default function FlashPage({ code }: { code: string }) {
  const { t } = useTranslation();
  const nav = useNavigate();
  const { flashItemId = '' } = useParams();
  useStorefrontView(code, 'flash');
  const fetchedAt = useRef(Date.now());
  const q = useQuery({
    queryKey: flashKey(code),
    queryFn: async ({ signal }) => { const r = await get<{ resellerName: string; items: FlashItem[] }>(`/storefront/${code}/flash-items`, signal); fetchedAt.current = Date.now(); return r; },
    // Every few seconds while it sells (the bar moves); slower before the start.
    refetchInterval: (query) => { const i = query.state.data?.items.find((x) => x.id === flashItemId); return i?.phase === 'on_sale' ? 3_000 : i?.phase === 'upcoming' ? 15_000 : false; },
  });
  const item = q.data?.items.find((x) => x.id === flashItemId);
  const now = useServerNow(item?.now, fetchedAt.current);
  const phase = item ? phaseAt(item, now) : 'ended';
  // At the start, ask the server for the figures once the button has opened.
  const startedRef = useRef(false);
  useEffect(() => {
    if (item?.phase === 'upcoming' && phase === 'on_sale' && !startedRef.current) { startedRef.current = true; void q.refetch(); }
  }, [item?.phase, phase, q]);

  const [form, setForm] = useState<ConsumerForm>(lastConsumer);
  const [keepAddress, setKeepAddress] = useState(true);
  const [qty, setQty] = useState(1);
  const [errors, setErrors] = useState<Partial<Record<keyof ConsumerForm, string>>>({});
  const [banner, setBanner] = useState('');
  const [busy, setBusy] = useState(false);
  // What a limit answer said is left: to the phone that asked (another phone is another buyer), and to the shop.
  const [phoneLeft, setPhoneLeft] = useState<{ phone: string; left: number } | null>(null);
  const [shopLeft, setShopLeft] = useState<number | null>(null);
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const bannerRef = useRef<HTMLDivElement>(null);
  // The button sits in the bottom bar: bring the answer into view.
  useEffect(() => { if (banner) bannerRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' }); }, [banner]);

  const back = `/s/${code}`;
  const title = t('storefront.flash.title');
  useTitle(item ? [item.productName, title, q.data?.resellerName ? t('storefront.shopTitle', { name: q.data.resellerName }) : null] : null);
  if (q.isPending) return <Page><Header title={title} back={back} /><Loading /></Page>;
  if (q.error && !q.data) {
    if (q.error instanceof ApiError && q.error.code === 'storefront_not_found') return <Page><Header title={title} /><Message icon="store" title={t('storefront.notFoundTitle')} body={t('storefront.notFoundBody')} /></Page>;
    return <Page><Header title={title} back={back} /><ErrorState error={q.error} onRetry={() => void q.refetch()} /></Page>;
  }
  if (!item) return <Page><Header title={title} back={back} /><Message icon="clock" title={t('storefront.flash.notFound')} body={t('storefront.flash.notFoundBody')} code={code} /></Page>;

  const labels: Record<keyof ConsumerForm, string> = {
    name: t('storefront.name'), phone: t('storefront.phone'), province: t('storefront.province'), city: t('storefront.city'), district: t('storefront.district'), detail: t('storefront.detail'),
  };
  const placeholders: Partial<Record<keyof ConsumerForm, string>> = {
    name: t('storefront.namePlaceholder'), phone: t('storefront.phonePlaceholder'), province: t('storefront.provincePlaceholder'), city: t('storefront.cityPlaceholder'),
    district: t('storefront.districtPlaceholder'), detail: t('storefront.detailPlaceholder'),
  };
  const check = (f: keyof ConsumerForm, raw: string): string | undefined => {
    const v = raw.trim();
    if (!v) return t('storefront.required', { field: labels[f] });
    if (f === 'phone') return PHONE.test(v) ? undefined : t('storefront.phoneInvalid');
    return [...v].length > LIMITS[f] ? t('storefront.tooLong', { field: labels[f], max: LIMITS[f] }) : undefined;
  };
  const mine = phoneLeft && phoneLeft.phone === form.phone.trim() ? phoneLeft.left : null;
  const maxQty = Math.max(1, Math.min(item.perBuyerLimit, item.left || 1, mine ?? Infinity, shopLeft ?? Infinity));
  // Nothing more for this phone, or for anyone through this shop: the button says so instead of asking again.
  const blocked = mine === 0 || shopLeft === 0;
  const start = Date.parse(item.startsAt), end = Date.parse(item.endsAt);
  const d = discount(item.price, item.tagPrice);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (busy || blocked || phase !== 'on_sale' || !item) return;
    setBanner('');
    const found: typeof errors = {};
    for (const f of FIELDS) { const m = check(f, form[f]); if (m) found[f] = m; }
    setErrors(found);
    const first = FIELDS.find((f) => found[f]);
    if (first) { formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus(); return; }
    const tr = (s: string) => s.trim();
    const body = {
      consumer: { name: tr(form.name), phone: tr(form.phone), address: { province: tr(form.province), city: tr(form.city), district: tr(form.district), detail: tr(form.detail) } },
      quantity: Math.min(qty, maxQty),
    };
    // The same details as the last try keep its key: a retry after a lost answer cannot grab twice.
    const text = JSON.stringify(body);
    if (!attempt.current || attempt.current.body !== text) attempt.current = { key: newKey('fl'), body: text };
    setBusy(true);
    try {
      const r = await post<Grabbed>(`/storefront/${code}/flash-items/${item.id}/orders`, body, attempt.current.key);
      attempt.current = null;
      rememberConsumer({ ...form, phone: tr(form.phone) });
      saveOrder(code, { orderId: r.orderId, token: r.lookupToken, createdAt: new Date().toISOString(), amount: r.amountDue });
      if (keepAddress) await rememberAddress(r.orderId, r.lookupToken);
      nav(`/s/${code}/orders/${r.orderId}?token=${encodeURIComponent(r.lookupToken)}`);
    } catch (err) {
      // A judged answer (sold out, limit, window) is final for this attempt; a new tap is a new attempt.
      if (err instanceof ApiError && err.status > 0 && err.status < 500) attempt.current = null;
      if (err instanceof ApiError && err.code === 'limit_exceeded') {
        // Unsaid (a race the database refused): a single unit refused means none is left.
        const left = limitLeft(err) ?? (body.quantity === 1 ? 0 : null);
        if (left !== null && err.body.by === 'reseller') setShopLeft(left);
        else if (left !== null) setPhoneLeft({ phone: body.consumer.phone, left });
        if (left) setQty(left);
      }
      if (err instanceof ApiError && err.code === 'validation_failed' && err.errors.length) {
        const mapped: typeof errors = {};
        for (const fe of err.errors) { const f = FIELDS.find((k) => fe.path.endsWith(`.${k}`) || fe.path === `consumer.${k}`); if (f) mapped[f] = check(f, form[f]) ?? fe.message; }
        setErrors(mapped);
      }
      setBanner(errorText(t, err));
      void q.refetch();
      setBusy(false);
    }
  }

  const cta = phase === 'on_sale' ? (shopLeft === 0 ? t('storefront.flash.shopFullCta') : mine === 0 ? t('storefront.flash.haveYoursCta', { n: item.perBuyerLimit })
    : busy ? t('storefront.flash.grabbing') : t('storefront.flash.grabPrice', { price: price(item.price * Math.min(qty, maxQty)) }))
    : phase === 'upcoming' ? t('storefront.flash.notStarted') : phase === 'sold_out' ? t('storefront.flash.soldOutCta') : t('storefront.flash.endedCta');

  return (
    <Page withBar>
      <Header title={q.data?.resellerName ? t('storefront.shopTitle', { name: q.data.resellerName }) : title} back={back} />
      <section className="fl-hero">
        <Img src={item.image} alt={item.productName} label={item.productName} className="fl-hero-img" />
      </section>
      <section className={`fl-price-band fl-band-${phase}`} data-testid="flash-band" data-phase={phase}>
        <div className="fl-band-left">
          <span className="fl-band-label"><span aria-hidden>⚡</span>{t('storefront.flash.flashPrice')}</span>
          <span className="fl-band-price" data-testid="flash-price">{price(item.price)}</span>
          <s className="fl-band-tag">{price(item.tagPrice)}</s>
          {d && <span className="fl-band-off">{t('storefront.off', d)}</span>}
        </div>
        <div className="fl-band-right" data-testid="flash-countdown">
          {phase === 'upcoming' ? <><small>{t('storefront.flash.upcoming')}</small><strong>{t('storefront.flash.startsIn', { time: hms(start - now, t) })}</strong></>
            : phase === 'on_sale' ? <><small>{t('storefront.flash.onSale')}</small><strong>{t('storefront.flash.endsIn', { time: hms(end - now, t) })}</strong></>
              : <strong>{phase === 'sold_out' ? t('storefront.flash.soldOut') : t('storefront.flash.ended')}</strong>}
        </div>
      </section>
      <main className="sf-content">
        <section className="card fl-info">
          <h2 data-testid="flash-name">{item.productName}</h2>
          <div className="muted" data-testid="flash-sku">{item.colour} · {item.size}</div>
          <FlashProgress i={{ ...item, phase }} />
          <p className="fl-limit" data-testid="flash-limit">{t('storefront.flash.limit', { n: item.perBuyerLimit })} · {t('storefront.flash.holdNote')}</p>
        </section>
        {banner && <div className="sf-banner" role="alert" data-testid="flash-error" ref={bannerRef}><p>{banner}</p></div>}
        {(phase === 'on_sale' || phase === 'upcoming') && (
          <form className="card fl-form" onSubmit={(e) => void submit(e)} noValidate ref={formRef} id="fl-form" data-testid="flash-form">
            <h3 className="sf-card-title"><Icon name="pin" />{t('storefront.flash.shipTo')}</h3>
            <SavedAddresses code={code} form={form} onUse={(f) => { setForm(f); setErrors({}); }} />
            <div className="sf-address-tools">
              <PasteAddress onFill={(patch) => { setForm((x) => ({ ...x, ...patch })); setErrors({}); }} />
              <RegionPicker onPick={(r) => { setForm((x) => ({ ...x, ...r })); setErrors((x) => ({ ...x, province: undefined, city: undefined, district: undefined })); }} />
            </div>
            {FIELDS.map((f) => (
              <label key={f} className="sf-field">
                <span>{labels[f]}</span>
                <input name={f} value={form[f]} placeholder={placeholders[f]} data-testid={`f-${f}`} aria-invalid={errors[f] ? true : undefined}
                  inputMode={f === 'phone' ? 'numeric' : undefined} type={f === 'phone' ? 'tel' : 'text'} maxLength={LIMITS[f]}
                  onChange={(e) => { setForm({ ...form, [f]: e.target.value }); if (errors[f]) setErrors({ ...errors, [f]: undefined }); }}
                  onBlur={(e) => { if (e.target.value) setErrors((x) => ({ ...x, [f]: check(f, e.target.value) })); }} />
                {errors[f] && <span className="field-error">{errors[f]}</span>}
              </label>
            ))}
            <label className="sf-keep-address">
              <input type="checkbox" checked={keepAddress} onChange={(e) => setKeepAddress(e.target.checked)} data-testid="keep-address" />
              <span>{t('storefront.address.save')}</span>
            </label>
            {item.perBuyerLimit > 1 && (
              <div className="sf-qty-row">
                <span>{t('storefront.flash.quantity')}</span><span className="spacer" />
                <Stepper value={Math.min(qty, maxQty)} max={maxQty} onChange={setQty} label={t('storefront.flash.quantity')} />
              </div>
            )}
          </form>
        )}
        {(phase === 'sold_out' || phase === 'ended') && <Link className="btn sf-wide-btn" to={back}>{t('storefront.backToShop')}</Link>}
      </main>
      <div className="sf-bottom-bar fl-bottom">
        <button type="submit" form="fl-form" className="btn btn-primary fl-grab" disabled={phase !== 'on_sale' || busy || blocked} data-testid="flash-grab">{cta}</button>
      </div>
    </Page>
  );
}
