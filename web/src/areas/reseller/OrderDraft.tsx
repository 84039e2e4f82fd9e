// Paste-to-order and 代下单: a pasted chat message becomes an editable draft (consumer, address,
// lines), checked with the server's rules, optionally saved to the address book, then placed
// and paid from the wallet. One idempotency key per draft, reused when the same order is retried.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import './status.i18n.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, newKey, post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { ErrorState, Loading, QueryView } from '../../components/states.tsx';
import { PHONE_RE, bySize, keys, useCustomers, useEvent, useProfile, type Customer, type Order, type PasteDraft, type SaleEvent } from './data.ts';
import { Sheet, StatusTag } from './ui.tsx';

interface Form { name: string; phone: string; province: string; city: string; district: string; detail: string }
interface Line { eventSkuId: string; quantity: number }
interface Saved { text: string; form: Form; lines: Line[]; saveToBook: boolean; draft: PasteDraft | null }

const EMPTY: Form = { name: '', phone: '', province: '', city: '', district: '', detail: '' };
const storeKey = (id: string) => `rs-draft-${id}`;

function loadSaved(id: string): Saved | null {
  try { return JSON.parse(sessionStorage.getItem(storeKey(id)) ?? 'null') as Saved | null; } catch { return null; }
}

/** The server's rules (flows.routes.ts Consumer, AddressSchema, Lines), checked before sending. */
function validate(f: Form, lines: Line[], stock: Map<string, number>): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.name.trim()) e.name = 'required'; else if (f.name.trim().length > 50) e.name = 'tooLong';
  if (!PHONE_RE.test(f.phone.trim())) e.phone = 'phone';
  for (const k of ['province', 'city', 'district'] as const) { if (!f[k].trim()) e[k] = 'required'; else if (f[k].trim().length > 40) e[k] = 'tooLong'; }
  if (!f.detail.trim()) e.detail = 'required'; else if (f.detail.trim().length > 200) e.detail = 'tooLong';
  if (!lines.length) e.lines = 'noLines';
  lines.forEach((l, i) => {
    if (!l.eventSkuId) e[`line${i}`] = 'chooseSku';
    else if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > 99) e[`line${i}`] = 'quantity';
    else if (l.quantity > (stock.get(l.eventSkuId) ?? 0)) e[`line${i}`] = 'stock';
  });
  return e;
}

/** Per cent complete; an item still to be chosen keeps it below 100 (sessions saved before `share` count it as not done). */
function completeness(d: PasteDraft): number {
  const pct = Math.round(d.confidence * 100);
  return d.unmatched.length > 0 ? Math.min(99, pct) : pct;
}

function SkuSelect({ ev, value, onChange, id, only }: { ev: SaleEvent; value: string; onChange: (v: string) => void; id: string; only?: string[] }) {
  const { t } = useTranslation();
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid="sku-select" aria-label={t('reseller.draft.chooseSku')}>
      <option value="">{t('reseller.draft.chooseSku')}</option>
      {ev.products.map((p) => {
        const skus = p.skus.filter((s) => !only || only.includes(s.eventSkuId)).sort((a, b) => a.colour.localeCompare(b.colour, 'zh-CN') || bySize(a.size, b.size));
        if (!skus.length) return null;
        return (
          <optgroup key={p.id} label={p.name}>
            {skus.map((s) => (
              <option key={s.eventSkuId} value={s.eventSkuId} disabled={s.available === 0}>
                {`${p.name} · ${s.colour} / ${s.size} · ${yuan(s.myPrice ?? s.sellingPrice)} · ${s.pulled ? t('reseller.event.pulled') : s.available === 0 ? t('reseller.event.soldOut') : t('reseller.event.left', { n: s.available })}`}
              </option>
            ))}
          </optgroup>
        );
      })}
    </select>
  );
}

function CustomerPicker({ onPick, onClose }: { onPick: (c: Customer) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useCustomers(search.trim());
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Sheet title={t('reseller.customers.pick')} onClose={onClose} testId="customer-picker">
      <label className="rs-search">{t('common.search')}<input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('reseller.customers.searchHint')} /></label>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <p className="state">{t('reseller.customers.none')}</p> : (
        <ul className="rs-pick-list">
          {items.map((c) => (
            <li key={c.id}><button type="button" className="rs-pick" onClick={() => onPick(c)}><b>{c.name}</b> <span className="num">{c.phone}</span><br /><small className="muted">{c.province}{c.city}{c.district}{c.detail}</small></button></li>
          ))}
        </ul>
      )}
      {q.hasNextPage && <button type="button" className="btn btn-block" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>{t('common.more')}</button>}
    </Sheet>
  );
}

function Field({ id, label, value, onChange, error, testId, ...rest }: { id: string; label: string; value: string; onChange: (v: string) => void; error?: string; testId?: string } & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'>) {
  const { t } = useTranslation();
  return (
    <div className="rs-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={Boolean(error)} aria-describedby={error ? `${id}-err` : undefined} data-testid={testId} {...rest} />
      {error && <span id={`${id}-err`} className="field-error">{t(`reseller.draft.err.${error}`)}</span>}
    </div>
  );
}

function Draft({ ev }: { ev: SaleEvent }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const incoming = location.state as { text?: string; customer?: Customer } | null;
  const saved = useMemo(() => (incoming ? null : loadSaved(ev.id)), [ev.id, incoming]);
  const [text, setText] = useState(incoming?.text ?? saved?.text ?? '');
  const [draft, setDraft] = useState<PasteDraft | null>(saved?.draft ?? null);
  const [form, setForm] = useState<Form>(saved?.form ?? EMPTY);
  const [lines, setLines] = useState<Line[]>(saved?.lines ?? []);
  const [saveToBook, setSaveToBook] = useState(saved?.saveToBook ?? true);
  const [touched, setTouched] = useState(false);
  const [picking, setPicking] = useState(false);
  const [placed, setPlaced] = useState<Order | null>(null);
  // One key per draft; a retry of the very same request reuses it, an edited order gets a new one.
  const attempt = useRef<{ key: string; body: string } | null>(null);

  const skus = useMemo(() => new Map(ev.products.flatMap((p) => p.skus.map((s) => [s.eventSkuId, { ...s, productName: p.name }] as const))), [ev]);
  const stock = useMemo(() => new Map([...skus].map(([k, s]) => [k, s.available])), [skus]);

  useEffect(() => {
    if (placed) return;
    sessionStorage.setItem(storeKey(ev.id), JSON.stringify({ text, form, lines, saveToBook, draft } satisfies Saved));
  }, [ev.id, text, form, lines, saveToBook, draft, placed]);

  const fill = (c: Customer) => {
    setForm({ name: c.name, phone: c.phone, province: c.province, city: c.city, district: c.district, detail: c.detail });
    setSaveToBook(false);
    setPicking(false);
  };

  const parse = useMutation({
    mutationFn: (s: string) => post<PasteDraft>('/reseller/paste-order', { saleEventId: ev.id, text: s }),
    onSuccess: (d) => {
      setDraft(d);
      setForm({ name: d.consumer.name, phone: d.consumer.phone, ...d.consumer.address });
      setLines(d.lines.map((l) => ({ eventSkuId: l.eventSkuId, quantity: l.quantity })));
      setSaveToBook(true);
      setTouched(false);
      attempt.current = null;
    },
  });

  // Arriving with a pasted message or a customer from the address book.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    if (incoming?.customer) fill(incoming.customer);
    if (incoming?.text?.trim()) parse.mutate(incoming.text);
    if (incoming) navigate(location.pathname, { replace: true, state: null });
  // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const errors = validate(form, lines, stock);
  const valid = Object.keys(errors).length === 0;
  const totals = lines.reduce((a, l) => {
    const s = skus.get(l.eventSkuId);
    if (!s || !Number.isInteger(l.quantity)) return a;
    return { selling: a.selling + (s.myPrice ?? s.sellingPrice) * l.quantity, base: a.base + s.basePrice * l.quantity, units: a.units + l.quantity };
  }, { selling: 0, base: 0, units: 0 });
  const me = useProfile();
  const short = me.data ? totals.base - me.data.wallet : 0;

  const place = useMutation({
    mutationFn: async () => {
      const consumer = { name: form.name.trim(), phone: form.phone.trim(), address: { province: form.province.trim(), city: form.city.trim(), district: form.district.trim(), detail: form.detail.trim() } };
      const body = { consumer, lines: lines.map((l) => ({ eventSkuId: l.eventSkuId, quantity: l.quantity })), payWith: 'wallet' as const };
      const json = JSON.stringify(body);
      if (!attempt.current || attempt.current.body !== json) attempt.current = { key: newKey('order'), body: json };
      if (saveToBook) {
        await post('/reseller/customers', { name: consumer.name, phone: consumer.phone, ...consumer.address });
        setSaveToBook(false); // saved once; a retry must not add the customer again
      }
      return post<Order>('/reseller/orders', body, attempt.current.key);
    },
    onSuccess: async (o) => {
      setPlaced(o);
      sessionStorage.removeItem(storeKey(ev.id));
      await Promise.all([
        qc.invalidateQueries({ queryKey: keys.profile }), qc.invalidateQueries({ queryKey: ['reseller', 'orders'] }),
        qc.invalidateQueries({ queryKey: keys.event(ev.id) }), qc.invalidateQueries({ queryKey: keys.today }), qc.invalidateQueries({ queryKey: ['reseller', 'customers'] }),
      ]);
    },
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!valid) { document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(); return; }
    place.mutate();
  };

  const reset = () => {
    setPlaced(null); setDraft(null); setText(''); setForm(EMPTY); setLines([]); setSaveToBook(true); setTouched(false);
    attempt.current = null; parse.reset(); place.reset();
  };

  if (placed) {
    return (
      <section className="card rs-result" data-testid="order-result" aria-live="polite">
        <div className="rs-result-icon" aria-hidden>✓</div>
        <h2>{t('reseller.draft.placedTitle')}</h2>
        <p><StatusTag status={placed.status} /> <span className="num muted" data-testid="order-no">{t('reseller.orders.orderNo')} {placed.orderNo}</span></p>
        <dl className="rs-dl">
          <dt>{t('reseller.draft.customerPays')}</dt><dd className="num">{yuan(placed.sellingTotal)}</dd>
          <dt>{t('reseller.draft.walletPaid')}</dt><dd className="num" data-testid="wallet-paid">{yuan(placed.baseTotal)}</dd>
          <dt>{t('reseller.draft.profit')}</dt><dd className="num rs-profit">{yuan((placed.sellingTotal ?? 0) - (placed.baseTotal ?? 0))}</dd>
        </dl>
        <div className="row">
          <Link className="btn" to={`/reseller/orders/${placed.id}`} data-testid="view-order">{t('reseller.draft.viewOrder')}</Link>
          <span className="spacer" />
          <button type="button" className="btn btn-primary" onClick={reset}>{t('reseller.draft.another')}</button>
        </div>
      </section>
    );
  }

  const err = (k: string) => (touched ? errors[k] : undefined);
  const set = (k: keyof Form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const insufficient = place.error instanceof ApiError && place.error.code === 'insufficient_funds';

  return (
    <>
      <form className="card rs-paste" onSubmit={(e) => { e.preventDefault(); if (text.trim()) parse.mutate(text); }} aria-labelledby="dp-h">
        <h2 id="dp-h">{t('reseller.paste.title')}</h2>
        <label htmlFor="draft-text" className="hint">{t('reseller.paste.hint')}</label>
        <textarea id="draft-text" rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('reseller.paste.placeholder')} data-testid="draft-text" maxLength={2000} />
        {parse.error ? <ErrorState error={parse.error} /> : null}
        <div className="row">
          <button type="button" className="btn" onClick={() => setPicking(true)} data-testid="pick-customer">{t('reseller.draft.fromBook')}</button>
          <span className="spacer" />
          <button type="submit" className="btn btn-primary" disabled={!text.trim() || parse.isPending} data-testid="parse">{parse.isPending ? t('reseller.paste.parsing') : t('reseller.paste.reparse')}</button>
        </div>
      </form>

      {draft && (
        <section className="card rs-parse-report" aria-labelledby="pr-h" data-testid="parse-report">
          <div className="row"><h2 id="pr-h">{t('reseller.draft.recognised')}</h2><span className="spacer" /><span className="tag" data-testid="completeness">{t('reseller.draft.confidence', { pct: completeness(draft) })}</span></div>
          {draft.lines.length > 0 && <p className="hint">{t('reseller.draft.found', { n: draft.lines.reduce((a, l) => a + l.quantity, 0) })}</p>}
          {draft.warnings.length > 0 && <ul className="rs-warnings">{draft.warnings.map((w) => <li key={w.code} data-code={w.code}>{w.message}</li>)}</ul>}
          {draft.unparsed && <p className="hint">{t('reseller.draft.unparsed')}: {draft.unparsed}</p>}
          {draft.unmatched.map((u, i) => (
            <div key={i} className="rs-unmatched" data-testid="unmatched">
              <p><b>“{u.text}”</b> <span className="muted">{t(u.reason === 'ambiguous' ? 'reseller.draft.ambiguous' : 'reseller.draft.noMatch')}</span></p>
              {u.candidates.length > 0 && (
                <SkuSelect ev={ev} id={`um-${i}`} value="" only={u.reason === 'ambiguous' ? u.candidates : undefined}
                  onChange={(v) => { if (v) { setLines((ls) => [...ls, { eventSkuId: v, quantity: u.quantity }]); setDraft((d) => d && { ...d, confidence: Math.min(1, d.confidence + (d.unmatched[i]?.share ?? 0)), unmatched: d.unmatched.filter((_, k) => k !== i) }); } }} />
              )}
            </div>
          ))}
        </section>
      )}

      <form className="card rs-draft" onSubmit={submit} noValidate aria-labelledby="df-h" data-testid="draft-form">
        <h2 id="df-h">{t('reseller.draft.consumer')}</h2>
        <div className="rs-grid-2">
          <Field id="f-name" label={t('reseller.draft.name')} value={form.name} onChange={set('name')} error={err('name')} testId="f-name" autoComplete="off" maxLength={50} />
          <Field id="f-phone" label={t('reseller.draft.phone')} value={form.phone} onChange={set('phone')} error={err('phone')} testId="f-phone" inputMode="tel" maxLength={11} />
          <Field id="f-province" label={t('reseller.draft.province')} value={form.province} onChange={set('province')} error={err('province')} testId="f-province" maxLength={40} />
          <Field id="f-city" label={t('reseller.draft.city')} value={form.city} onChange={set('city')} error={err('city')} testId="f-city" maxLength={40} />
          <Field id="f-district" label={t('reseller.draft.district')} value={form.district} onChange={set('district')} error={err('district')} testId="f-district" maxLength={40} />
        </div>
        <div className="rs-field">
          <label htmlFor="f-detail">{t('reseller.draft.detail')}</label>
          <textarea id="f-detail" rows={2} value={form.detail} onChange={(e) => set('detail')(e.target.value)} aria-invalid={Boolean(err('detail'))} data-testid="f-detail" maxLength={200} />
          {err('detail') && <span className="field-error">{t(`reseller.draft.err.${err('detail')}`)}</span>}
        </div>
        <label className="rs-check"><input type="checkbox" checked={saveToBook} onChange={(e) => setSaveToBook(e.target.checked)} data-testid="save-customer" /> {t('reseller.draft.saveToBook')}</label>

        <h2>{t('reseller.draft.items')}</h2>
        {lines.length === 0 && <p className="muted">{t('reseller.draft.noLines')}</p>}
        {err('lines') && <p className="field-error">{t('reseller.draft.err.noLines')}</p>}
        <ul className="rs-lines">
          {lines.map((l, i) => {
            const s = skus.get(l.eventSkuId);
            return (
              <li key={i} className="rs-line" data-testid="draft-line" data-sku={l.eventSkuId}>
                <label htmlFor={`l-sku-${i}`} className="rs-sr-only">{t('reseller.draft.sku')}</label>
                <SkuSelect ev={ev} id={`l-sku-${i}`} value={l.eventSkuId} onChange={(v) => setLines((ls) => ls.map((x, k) => (k === i ? { ...x, eventSkuId: v } : x)))} />
                <div className="row">
                  <label className="rs-qty" htmlFor={`l-qty-${i}`}>{t('reseller.draft.qty')}</label>
                  <button type="button" className="btn btn-small" aria-label={t('reseller.draft.less')} onClick={() => setLines((ls) => ls.map((x, k) => (k === i ? { ...x, quantity: Math.max(1, x.quantity - 1) } : x)))}>−</button>
                  <input id={`l-qty-${i}`} className="rs-qty-input" inputMode="numeric" value={String(l.quantity)} data-testid="line-qty"
                    onChange={(e) => { const n = Number(e.target.value.replace(/\D/g, '')); setLines((ls) => ls.map((x, k) => (k === i ? { ...x, quantity: n } : x))); }} />
                  <button type="button" className="btn btn-small" aria-label={t('reseller.draft.more')} onClick={() => setLines((ls) => ls.map((x, k) => (k === i ? { ...x, quantity: Math.min(99, x.quantity + 1) } : x)))}>+</button>
                  <span className="spacer" />
                  {s && <span className="num">{yuan((s.myPrice ?? s.sellingPrice) * (l.quantity || 0))}</span>}
                  <button type="button" className="btn btn-ghost btn-small" onClick={() => setLines((ls) => ls.filter((_, k) => k !== i))}>{t('reseller.draft.remove')}</button>
                </div>
                {err(`line${i}`) && <span className="field-error">{t(`reseller.draft.err.${err(`line${i}`)}`, { n: s?.available ?? 0 })}</span>}
              </li>
            );
          })}
        </ul>
        <button type="button" className="btn" onClick={() => setLines((ls) => [...ls, { eventSkuId: '', quantity: 1 }])} data-testid="add-line">{t('reseller.draft.addLine')}</button>

        <dl className="rs-dl rs-totals">
          <dt>{t('reseller.draft.customerPays')}</dt><dd className="num" data-testid="total-selling">{yuan(totals.selling)}</dd>
          <dt>{t('reseller.draft.walletPays')}</dt><dd className="num" data-testid="total-base">{yuan(totals.base)}</dd>
          <dt>{t('reseller.draft.profit')}</dt><dd className="num rs-profit">{yuan(totals.selling - totals.base)}</dd>
          {me.data && <><dt>{t('reseller.draft.walletBalance')}</dt><dd className="num">{yuan(me.data.wallet)}</dd></>}
        </dl>
        {!ev.onSale && <p className="field-error" role="alert">{t('reseller.draft.notOnSale')}</p>}
        {me.data && short > 0 && lines.length > 0 && <p className="field-error">{t('reseller.draft.short', { amount: yuan(short) })}</p>}
        {place.error ? <ErrorState error={place.error} /> : null}
        {insufficient && (
          <button type="button" className="btn btn-block" data-testid="go-topup"
            onClick={() => { sessionStorage.setItem('rs-return-to', location.pathname); navigate('/reseller/me', { state: { topup: Math.max(100, short) } }); }}>
            {t('reseller.draft.topUp')}
          </button>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={place.isPending || !ev.onSale} data-testid="place-order">
          {place.isPending ? t('reseller.draft.placing') : totals.base > 0 ? t('reseller.draft.placeAndPay', { amount: yuan(totals.base) }) : t('reseller.draft.place')}
        </button>
      </form>
      {picking && <CustomerPicker onPick={fill} onClose={() => setPicking(false)} />}
    </>
  );
}

export default function OrderDraft() {
  const { id = '' } = useParams();
  const q = useEvent(id);
  const { t } = useTranslation();
  return (
    <QueryView q={q}>
      {(ev) => (
        <>
          <div className="row rs-back-row">
            <Link to={`/reseller/events/${ev.id}`} className="btn btn-ghost btn-small">‹ {t('common.back')}</Link>
            <b className="rs-back-title">{ev.title}</b>
          </div>
          <Draft ev={ev} />
        </>
      )}
    </QueryView>
  );
}
