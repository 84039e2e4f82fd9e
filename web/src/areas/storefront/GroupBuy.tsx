// Group buys (拼团) and presale badges in the storefront: the strip on an event page, the
// group-buy item page (join a group being filled — the one nearest full first — or start one) and
// a group's page behind a shared link (members with masked phones, seats left, countdown, join).
import { useEffect, useRef, useState } from 'react';
import { useStorefrontView } from './Sharing.tsx';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { UserRound } from 'lucide-react';
import { ApiError, get, newKey, post } from '../../lib/api.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { lastConsumer, markPaying, rememberConsumer, saveOrder, type ConsumerForm, type Order } from './data.ts';
import { price, when } from './format.ts';
import { Header, Img, Message, Page } from './parts.tsx';
import './group-buys.i18n.ts';
import './group-buys.css';
import './addresses.i18n.ts';
import { PasteAddress, RegionPicker, SavedAddresses, rememberAddress } from './Address.tsx';
import { useTitle } from '../../lib/title.ts';
import { dayText } from '../../lib/device.ts';

export interface Offer {
  id: string; saleEventId: string; eventSkuId: string; productName: string; image: string | null; colour: string; size: string;
  groupSize: number; hours: number; groupPrice: number; tagPrice: number; onSale: boolean; eventEndsAt: string; available: number;
}
export interface Group {
  id: string; offerId: string; status: 'open' | 'full' | 'succeeded' | 'failed'; size: number; joined: number; paid: number; slotsLeft: number;
  expiresAt: string; openedAt: string; completedAt: string | null; members: { phone: string; leader: boolean; status: string; joinedAt: string }[];
}
interface PresaleBadge { presale: { id: string; moq: number; deadline: string; status: string; open: boolean; paidUnits: number; progressBps: number; expectedShipDate: string } | null; now: string }

/** Milliseconds until `iso`, ticking each second, measured against the server's clock. */
function useLeft(iso: string | undefined, serverNow: string | undefined): number {
  const offset = useRef(0);
  useEffect(() => { if (serverNow) offset.current = Date.parse(serverNow) - Date.now(); }, [serverNow]);
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => { const id = setInterval(() => setTick(Date.now()), 1000); return () => clearInterval(id); }, []);
  return iso ? Math.max(0, Date.parse(iso) - (tick + offset.current)) : 0;
}

function hms(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

// ---- the strip on an event page ----

export function CampaignStrip({ code, saleEventId }: { code: string; saleEventId: string }) {
  const { t, i18n } = useTranslation();
  const presale = useQuery({ queryKey: ['sf', code, 'presale', saleEventId], queryFn: ({ signal }) => get<PresaleBadge>(`/storefront/${code}/sale-events/${saleEventId}/presale`, signal), refetchInterval: 30_000 });
  const offers = useQuery({ queryKey: ['sf', code, 'group-offers', saleEventId], queryFn: ({ signal }) => get<{ items: Offer[] }>(`/storefront/${code}/group-buy-offers?saleEventId=${saleEventId}`, signal) });
  const p = presale.data?.presale;
  const items = offers.data?.items ?? [];
  if (!p && items.length === 0) return null;
  return (
    <div className="gb-strip">
      {p && (
        <section className="gb-presale" data-testid="presale-badge" aria-label={t('storefront.presale.badge')}>
          <div className="gb-presale-top">
            <span className="gb-tag gb-tag-presale">{t('storefront.presale.badge')}</span>
            <strong>{p.status === 'confirmed' ? t('storefront.presale.confirmed') : p.status === 'failed' ? t('storefront.presale.failed') : p.open ? t('storefront.presale.deadline', { time: when(p.deadline, i18n.language) }) : t('storefront.presale.closed')}</strong>
          </div>
          <div className="gb-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(p.progressBps / 100)}><span style={{ width: `${p.progressBps / 100}%` }} /></div>
          <div className="hint">{p.paidUnits >= p.moq ? t('storefront.presale.reached') : t('storefront.presale.progress', { paid: p.paidUnits, moq: p.moq })} · {t('storefront.presale.ship', { date: dayText(p.expectedShipDate) })}</div>
          {/* The refund rule only while it can still apply: open (collecting, before its deadline) and not beside 已达起订量. */}
          {p.open && p.paidUnits < p.moq && <div className="hint" data-testid="presale-rule">{t('storefront.presale.rule')}</div>}
        </section>
      )}
      {items.length > 0 && (
        <div className="gb-offers" data-testid="group-offers">
          {items.map((o) => (
            <Link key={o.id} className="gb-offer" to={`/s/${code}/g/${o.id}`} data-testid="group-offer">
              <Img src={o.image} alt={o.productName} label={o.productName} />
              <span className="gb-offer-body">
                <span><span className="gb-tag">{t('storefront.group.badge', { n: o.groupSize })}</span></span>
                <span className="gb-offer-name">{o.productName}</span>
                <span className="hint">{o.colour} {o.size}</span>
                <strong className="price">{price(o.groupPrice)}</strong>
              </span>
            </Link>
          ))}
        </div>
      )}
    </div>
  );
}

// ---- avatars: phones are masked, so a member is a figure in a colour of their own ----
const AVATAR_COLOURS = ['#e4393c', '#fa8c16', '#13a8a8', '#2f54eb', '#722ed1', '#eb2f96', '#52c41a', '#1677ff'];

function Avatar({ seed, empty, children }: { seed: string; empty?: boolean; children?: React.ReactNode }) {
  const n = [...seed].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7);
  const colour = AVATAR_COLOURS[n % AVATAR_COLOURS.length];
  return (
    <span className={`gb-avatar ${empty ? 'gb-empty' : ''}`} style={empty ? undefined : { background: colour, borderColor: colour, color: '#fff' }}>
      {empty ? '?' : <UserRound size={22} aria-hidden />}
      {children}
    </span>
  );
}

// ---- the consumer's details and the placement ----

const PHONE = /^1[3-9]\d{9}$/;
const FIELDS: (keyof ConsumerForm)[] = ['name', 'phone', 'province', 'city', 'district', 'detail'];

function JoinForm({ code, path, cta, onDone }: { code: string; path: string; cta: string; onDone?: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<ConsumerForm>(lastConsumer);
  const [errors, setErrors] = useState<Partial<Record<keyof ConsumerForm, string>>>({});
  const [banner, setBanner] = useState('');
  const [busy, setBusy] = useState(false);
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const labels: Record<keyof ConsumerForm, string> = {
    name: t('storefront.name'), phone: t('storefront.phone'), province: t('storefront.province'), city: t('storefront.city'), district: t('storefront.district'), detail: t('storefront.detail'),
  };
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found: typeof errors = {};
    for (const f of FIELDS) {
      const v = form[f].trim();
      if (!v) found[f] = t('storefront.required', { field: labels[f] });
      else if (f === 'phone' && !PHONE.test(v)) found[f] = t('storefront.phoneInvalid');
    }
    setErrors(found);
    if (Object.keys(found).length) return;
    const tr = (s: string) => s.trim();
    const body = { consumer: { name: tr(form.name), phone: tr(form.phone), address: { province: tr(form.province), city: tr(form.city), district: tr(form.district), detail: tr(form.detail) } }, quantity: 1 };
    const text = JSON.stringify(body);
    if (!attempt.current || attempt.current.body !== text) attempt.current = { key: newKey('gb'), body: text };
    setBusy(true); setBanner('');
    try {
      const r = await post<{ order: Order; lookupToken: string; groupId: string }>(path, body, attempt.current.key);
      rememberConsumer({ ...form, phone: tr(form.phone) });
      saveOrder(code, { orderId: r.order.id, token: r.lookupToken, createdAt: r.order.createdAt, amount: r.order.amountDue });
      await rememberAddress(r.order.id, r.lookupToken);
      onDone?.();
      if (r.order.payment?.payUrl) { markPaying(r.order.id); window.location.assign(r.order.payment.payUrl); }
    } catch (err) {
      setBanner(err instanceof ApiError ? err.title : t('common.unknownError'));
      setBusy(false);
    }
  }
  return (
    <form className="card gb-form" onSubmit={submit} noValidate data-testid="group-form">
      <h3 className="sf-card-title">{t('storefront.group.shipTo')}</h3>
      {banner && <div className="sf-banner" role="alert" data-testid="group-error"><p>{banner}</p></div>}
      <SavedAddresses code={code} form={form} onUse={(f) => { setForm(f); setErrors({}); }} />
      <div className="sf-address-tools">
        <PasteAddress onFill={(patch) => { setForm((x) => ({ ...x, ...patch })); setErrors({}); }} />
        <RegionPicker onPick={(r) => { setForm((x) => ({ ...x, ...r })); setErrors({}); }} />
      </div>
      {FIELDS.map((f) => (
        <label key={f} className="sf-field">
          <span>{labels[f]}</span>
          <input name={f} value={form[f]} data-testid={`f-${f}`} aria-invalid={errors[f] ? true : undefined} inputMode={f === 'phone' ? 'numeric' : undefined} maxLength={f === 'detail' ? 200 : f === 'phone' ? 11 : 50}
            onChange={(e) => { setForm({ ...form, [f]: e.target.value }); setErrors({ ...errors, [f]: undefined }); }} />
          {errors[f] && <span className="field-error">{errors[f]}</span>}
        </label>
      ))}
      <button type="submit" className="btn btn-primary sf-wide-btn" disabled={busy} data-testid="group-submit">{busy ? t('storefront.group.placing') : cta}</button>
    </form>
  );
}

function OfferHero({ offer }: { offer: Offer }) {
  const { t } = useTranslation();
  return (
    <section className="gb-hero">
      <Img src={offer.image} alt={offer.productName} label={offer.productName} />
      <div>
        <span className="gb-tag">{t('storefront.group.badge', { n: offer.groupSize })}</span>
        <h2 data-testid="group-product">{offer.productName}</h2>
        <div className="hint">{offer.colour} · {offer.size}</div>
        <div><span className="gb-price" data-testid="group-price">{price(offer.groupPrice)}</span><span className="gb-tagprice">{price(offer.tagPrice)}</span></div>
        <p className="gb-rule">{t('storefront.group.rule', { n: offer.groupSize, hours: offer.hours })}</p>
      </div>
    </section>
  );
}

/** A group being filled: who leads it, how many it still lacks, its countdown, and 参团. */
function GroupRow({ code, g, serverNow, onJoin, joining }: { code: string; g: Group; serverNow: string; onJoin: () => void; joining: boolean }) {
  const { t } = useTranslation();
  const left = useLeft(g.expiresAt, serverNow);
  const leader = g.members.find((m) => m.leader);
  return (
    <div className={`gb-group-row ${joining ? 'gb-group-joining' : ''}`} data-testid="open-group" data-slots={g.slotsLeft}>
      <Link className="gb-group-link" to={`/s/${code}/groups/${g.id}`}>
        <Avatar seed={g.id} />
        <span className="grow">
          <span className="gb-group-who">{t('storefront.groupJoin.leaderGroup', { name: leader?.phone ?? '' })}</span>
          <span className="hint">{t('storefront.group.expiresIn', { time: hms(left) })}</span>
        </span>
      </Link>
      <span className="gb-group-short">{t('storefront.groupJoin.short', { count: g.slotsLeft })}</span>
      <button type="button" className="btn btn-primary btn-small gb-join-btn" onClick={onJoin} aria-expanded={joining} data-testid="join-open-group">{t('storefront.groupJoin.join')}</button>
    </div>
  );
}

export function GroupOfferPage({ code }: { code: string }) {
  const { t } = useTranslation();
  const { offerId = '' } = useParams();
  useStorefrontView(code, 'group');
  const q = useQuery({ queryKey: ['sf', code, 'group-offer', offerId], queryFn: ({ signal }) => get<{ resellerName: string; offer: Offer; openGroups: Group[]; now: string }>(`/storefront/${code}/group-buy-offers/${offerId}`, signal), refetchInterval: 10_000 });
  const [starting, setStarting] = useState(false);
  const [joiningId, setJoiningId] = useState<string | null>(null);
  useTitle(q.data ? [q.data.offer.productName, t('storefront.group.itemTitle'), t('storefront.shopTitle', { name: q.data.resellerName })] : null);
  if (q.isPending) return <Page><Header title={t('storefront.group.itemTitle')} back={`/s/${code}`} /><Loading /></Page>;
  if (q.error) {
    return <Page><Header title={t('storefront.group.itemTitle')} back={`/s/${code}`} />{q.error instanceof ApiError && q.error.status === 404 ? <Message icon="search" title={t('storefront.pageNotFound')} code={code} /> : <ErrorState error={q.error} onRetry={() => void q.refetch()} />}</Page>;
  }
  const { offer, resellerName, now } = q.data;
  // The group nearest full first: one person more and it succeeds for everyone in it.
  const openGroups = q.data.openGroups.filter((g) => g.status === 'open' && g.slotsLeft > 0).sort((a, b) => a.slotsLeft - b.slotsLeft || Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
  const joiningGroup = openGroups.find((g) => g.id === joiningId) ?? null;
  return (
    <Page>
      <Header title={resellerName ? t('storefront.shopTitle', { name: resellerName }) : t('storefront.group.itemTitle')} back={`/s/${code}/e/${offer.saleEventId}`} />
      <OfferHero offer={offer} />
      <main className="sf-content">
        <section>
          <h3 className="sf-section-title"><span className="sf-dot" />{t('storefront.group.openGroups')}</h3>
          {openGroups.length === 0 ? <p className="hint">{t('storefront.group.noOpenGroups')}</p>
            : <div className="gb-groups">{openGroups.map((g) => <GroupRow key={g.id} code={code} g={g} serverNow={now} joining={g.id === joiningId} onJoin={() => { setJoiningId(g.id === joiningId ? null : g.id); setStarting(false); }} />)}</div>}
        </section>
        {offer.onSale && joiningGroup && (
          <JoinForm key={joiningGroup.id} code={code} path={`/storefront/${code}/groups/${joiningGroup.id}/join`} cta={t('storefront.group.joinCta', { price: price(offer.groupPrice) })} />
        )}
        {!offer.onSale ? <div className="sf-banner"><p>{t('storefront.group.ended')}</p></div>
          : starting ? <JoinForm code={code} path={`/storefront/${code}/group-buy-offers/${offer.id}/groups`} cta={t('storefront.group.openCta', { price: price(offer.groupPrice) })} />
            : <button type="button" className={`btn sf-wide-btn ${openGroups.length ? '' : 'btn-primary'}`} onClick={() => { setStarting(true); setJoiningId(null); }} data-testid="start-group">{t('storefront.group.openCta', { price: price(offer.groupPrice) })}</button>}
      </main>
    </Page>
  );
}

export function GroupPage({ code }: { code: string }) {
  const { t } = useTranslation();
  const { groupId = '' } = useParams();
  const [params] = useSearchParams();
  const q = useQuery({
    queryKey: ['sf', code, 'group', groupId],
    queryFn: ({ signal }) => get<{ resellerName: string; group: Group; offer: Offer; now: string }>(`/storefront/${code}/groups/${groupId}`, signal),
    refetchInterval: (query) => (query.state.data && ['open', 'full'].includes(query.state.data.group.status) ? 3_000 : false),
  });
  const left = useLeft(q.data?.group.expiresAt, q.data?.now);
  const [joining, setJoining] = useState(false);
  const [copied, setCopied] = useState(false);
  useTitle(q.data ? [t('storefront.group.title'), q.data.offer.productName, t('storefront.shopTitle', { name: q.data.resellerName })] : null);
  if (q.isPending) return <Page><Header title={t('storefront.group.title')} back={`/s/${code}`} /><Loading /></Page>;
  if (q.error) {
    return <Page><Header title={t('storefront.group.title')} back={`/s/${code}`} />{q.error instanceof ApiError && q.error.status === 404 ? <Message icon="search" title={t('storefront.group.notFound')} code={code} /> : <ErrorState error={q.error} onRetry={() => void q.refetch()} />}</Page>;
  }
  const { group: g, offer, resellerName } = q.data;
  const seats = Array.from({ length: g.size }, (_, i) => g.members.filter((m) => m.status === 'joined' || m.status === 'paid')[i] ?? null);
  const orderId = params.get('order');
  const token = params.get('token');
  const live = (g.status === 'open' || g.status === 'full') && left > 0;
  async function share() {
    const url = `${window.location.origin}/s/${code}/groups/${g.id}`;
    try { await navigator.clipboard.writeText(url); } catch { /* the hint still shows the link */ }
    setCopied(true); setTimeout(() => setCopied(false), 2000);
  }
  return (
    <Page>
      <Header title={resellerName ? t('storefront.shopTitle', { name: resellerName }) : t('storefront.group.title')} back={`/s/${code}/g/${offer.id}`} />
      <OfferHero offer={offer} />
      <main className="sf-content">
        <section className={`gb-status gb-${g.status}`} data-testid="group-status" data-status={g.status}>
          <h2>{t(`storefront.group.status.${g.status}`)}</h2>
          {live && (
            <>
              <div className="gb-clock" data-testid="group-countdown" aria-label={t('storefront.group.countdownLabel')}>{t('storefront.group.expiresIn', { time: hms(left) })}</div>
              {g.status === 'open' ? <div data-testid="slots-left"><strong>{t('storefront.group.slotsLeft', { n: g.slotsLeft })}</strong></div> : <div className="hint">{t('storefront.group.fullNote')}</div>}
            </>
          )}
          {g.status === 'succeeded' && <p className="hint">{t('storefront.group.succeededNote')}</p>}
          {g.status === 'failed' && <p className="hint">{t('storefront.group.failedNote')}</p>}
          <div className="gb-seats" data-testid="group-members" aria-label={t('storefront.group.members')}>
            {seats.map((m, i) => (
              <div key={i} className="gb-seat" data-testid={m ? 'member' : 'empty-seat'}>
                <Avatar seed={m ? `${g.id}:${m.joinedAt}:${m.phone}` : ''} empty={!m}>{m?.leader && <span className="gb-leader">{t('storefront.group.leader')}</span>}</Avatar>
                <span>{m ? m.phone : t('storefront.group.empty')}</span>
                {m && <span>{m.status === 'paid' ? t('storefront.group.paid') : t('storefront.group.joined')}</span>}
              </div>
            ))}
          </div>
        </section>
        {orderId && token && <Link className="btn sf-wide-btn" to={`/s/${code}/orders/${orderId}?token=${encodeURIComponent(token)}`} data-testid="my-order">{t('storefront.group.yourOrder')}</Link>}
        {live && g.status === 'open' && (
          <>
            <button type="button" className="btn sf-wide-btn" onClick={() => void share()} data-testid="share-group">{t('storefront.group.share')}</button>
            <p className="hint sf-center" role="status">{copied ? t('storefront.group.copied') : t('storefront.group.shareHint')}</p>
            {!orderId && (joining
              ? <JoinForm code={code} path={`/storefront/${code}/groups/${g.id}/join`} cta={t('storefront.group.joinCta', { price: price(offer.groupPrice) })} />
              : <button type="button" className="btn btn-primary sf-wide-btn" onClick={() => setJoining(true)} data-testid="join-group">{t('storefront.group.joinCta', { price: price(offer.groupPrice) })}</button>)}
          </>
        )}
      </main>
    </Page>
  );
}

/** On a consumer's order page: the way back to the group, or what a presale order means. */
export function CampaignOrderNote({ o, code, token }: { o: { id: string; campaign?: { kind: string; ref: string } | null }; code: string; token: string }) {
  const { t } = useTranslation();
  if (o.campaign?.kind === 'group') {
    return <Link className="btn btn-primary sf-wide-btn" to={`/s/${code}/groups/${o.campaign.ref}?order=${o.id}&token=${encodeURIComponent(token)}`} data-testid="to-group">{t('storefront.group.toGroup')}</Link>;
  }
  if (o.campaign?.kind === 'presale') {
    return <section className="gb-presale" data-testid="presale-order-note"><div className="gb-presale-top"><span className="gb-tag gb-tag-presale">{t('storefront.presale.badge')}</span></div><div className="hint">{t('storefront.presale.rule')}</div></section>;
  }
  return null;
}
