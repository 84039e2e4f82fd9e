// 拼团与预售: the operator offers event SKUs as group buys and marks events presale, and sees how
// each is doing (groups by state; progress to the MOQ and the decision).
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { toFen, yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { Drawer, Field, FormError, Modal } from './ui.tsx';
import { addDays, fieldErrors, fmtDateTime, fromLocalInput, toLocalInput, type Product, type SaleEvent } from './lib.ts';
import './campaigns.i18n.ts';
import './review.i18n.ts';

interface Offer {
  id: string; saleEventId: string; eventSkuId: string; productName: string; colour: string; size: string; groupSize: number; hours: number;
  groupPrice: number; basePrice: number; tagPrice: number; onSale: boolean; available: number;
  groups: { open: number; full: number; succeeded: number; failed: number; members: number };
}
interface Presale {
  id: string; saleEventId: string; eventTitle: string; moq: number; deadline: string; shipDays: number; status: 'collecting' | 'confirmed' | 'failed';
  paidUnits: number; pendingUnits: number; progressBps: number; expectedShipDate: string; productionOrderStatus: 'issued' | 'acknowledged' | 'cancelled' | null;
}

function useOpenEvents() {
  return useQuery({
    queryKey: ['console', 'campaign-events'],
    queryFn: async ({ signal }) => (await get<{ items: SaleEvent[] }>('/sale-events?limit=500', signal)).items.filter((e) => ['draft', 'scheduled', 'live'].includes(e.status)),
  });
}

function useProducts(brandId: string | undefined) {
  return useQuery({
    queryKey: ['console', 'products', brandId], enabled: !!brandId,
    queryFn: async ({ signal }) => (await get<{ items: Product[] }>(`/brands/${brandId}/products?limit=200`, signal)).items,
  });
}

function NewOffer({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const events = useOpenEvents();
  const [f, setF] = useState({ saleEventId: '', eventSkuId: '', groupSize: '3', groupPrice: '', hours: '24' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const ev = events.data?.find((e) => e.id === f.saleEventId);
  const products = useProducts(ev?.brandId);
  const skuLabel = useMemo(() => {
    const m = new Map<string, string>();
    for (const p of products.data ?? []) for (const s of p.skus) m.set(s.id, `${p.name} · ${s.colour} ${s.size}`);
    return m;
  }, [products.data]);
  const sku = ev?.skus.find((s) => s.eventSkuId === f.eventSkuId);
  const m = useMutation({
    mutationFn: (body: unknown) => post<Offer>('/group-buy-offers', body),
    onSuccess: async () => { await qc.invalidateQueries({ queryKey: ['console', 'group-buy-offers'] }); onClose(); },
    onError: (e) => setErrors(fieldErrors(t, e)),
  });
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setF({ ...f, [k]: e.target.value, ...(k === 'saleEventId' ? { eventSkuId: '' } : {}) });
  function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const price = toFen(f.groupPrice);
    if (!f.saleEventId) errs.saleEventId = t('console.campaigns.chooseEvent');
    if (!f.eventSkuId) errs.eventSkuId = t('console.campaigns.chooseSku');
    if (!price) errs.groupPrice = t('console.campaigns.invalid');
    const size = Number(f.groupSize), hours = Number(f.hours);
    if (!Number.isInteger(size) || size < 2 || size > 50) errs.groupSize = t('console.campaigns.invalid');
    if (!Number.isInteger(hours) || hours < 1 || hours > 72) errs.hours = t('console.campaigns.invalid');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    m.mutate({ saleEventId: f.saleEventId, eventSkuId: f.eventSkuId, groupSize: size, groupPrice: price, hours });
  }
  return (
    <Modal title={t('console.campaigns.newOffer')} onClose={onClose} testId="new-offer" wide>
      <form className="stack" onSubmit={submit} noValidate>
        <p className="hint">{t('console.campaigns.offerHint')}</p>
        <div className="form-grid">
          <Field label={t('console.campaigns.event')} error={errors.saleEventId} className="span-2">
            {(p) => <select {...p} value={f.saleEventId} onChange={set('saleEventId')} data-testid="offer-event"><option value="">{t('console.campaigns.chooseEvent')}</option>{(events.data ?? []).map((e) => <option key={e.id} value={e.id}>{e.title} · {fmtDateTime(e.startsAt)}</option>)}</select>}
          </Field>
          <Field label={t('console.campaigns.sku')} error={errors.eventSkuId} className="span-2" hint={sku ? `${t('console.campaigns.basePrice')} ${yuan(sku.basePrice)} · ${t('console.campaigns.tagPrice')} ${yuan(sku.tagPrice)}` : undefined}>
            {(p) => <select {...p} value={f.eventSkuId} onChange={set('eventSkuId')} data-testid="offer-sku"><option value="">{t('console.campaigns.chooseSku')}</option>{(ev?.skus ?? []).map((s) => <option key={s.eventSkuId} value={s.eventSkuId}>{skuLabel.get(s.skuId) ?? s.skuId} · {yuan(s.basePrice)}</option>)}</select>}
          </Field>
          <Field label={t('console.campaigns.size')} error={errors.groupSize}>{(p) => <input {...p} inputMode="numeric" value={f.groupSize} onChange={set('groupSize')} data-testid="offer-size" />}</Field>
          <Field label={t('console.campaigns.groupPrice')} error={errors.groupPrice}>{(p) => <input {...p} inputMode="decimal" value={f.groupPrice} onChange={set('groupPrice')} data-testid="offer-price" />}</Field>
          <Field label={t('console.campaigns.hours')} error={errors.hours}>{(p) => <input {...p} inputMode="numeric" value={f.hours} onChange={set('hours')} data-testid="offer-hours" />}</Field>
        </div>
        <FormError error={m.error} />
        <div className="row end">
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={m.isPending} data-testid="offer-submit">{m.isPending ? t('console.common.saving') : t('console.campaigns.submit')}</button>
        </div>
      </form>
    </Modal>
  );
}

function NewPresale({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const events = useOpenEvents();
  const [f, setF] = useState({ saleEventId: '', moq: '100', deadline: toLocalInput(addDays(new Date(), 2)), shipDays: '20' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: (body: unknown) => post<Presale>('/presales', body),
    onSuccess: async () => { await qc.invalidateQueries({ queryKey: ['console', 'presales'] }); onClose(); },
    onError: (e) => setErrors(fieldErrors(t, e)),
  });
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setF({ ...f, [k]: e.target.value });
  function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const moq = Number(f.moq), shipDays = Number(f.shipDays), deadline = fromLocalInput(f.deadline);
    if (!f.saleEventId) errs.saleEventId = t('console.campaigns.chooseEvent');
    if (!Number.isInteger(moq) || moq < 1) errs.moq = t('console.campaigns.invalid');
    if (!Number.isInteger(shipDays) || shipDays < 1 || shipDays > 180) errs.shipDays = t('console.campaigns.invalid');
    if (!deadline) errs.deadline = t('console.campaigns.invalid');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    m.mutate({ saleEventId: f.saleEventId, moq, deadline, shipDays });
  }
  return (
    <Modal title={t('console.campaigns.newPresale')} onClose={onClose} testId="new-presale" wide>
      <form className="stack" onSubmit={submit} noValidate>
        <p className="hint">{t('console.campaigns.presaleHint')}</p>
        <div className="form-grid">
          <Field label={t('console.campaigns.event')} error={errors.saleEventId} className="span-2">
            {(p) => <select {...p} value={f.saleEventId} onChange={set('saleEventId')} data-testid="presale-event"><option value="">{t('console.campaigns.chooseEvent')}</option>{(events.data ?? []).map((e) => <option key={e.id} value={e.id}>{e.title} · {fmtDateTime(e.startsAt)} – {fmtDateTime(e.endsAt)}</option>)}</select>}
          </Field>
          <Field label={t('console.campaigns.moq')} error={errors.moq}>{(p) => <input {...p} inputMode="numeric" value={f.moq} onChange={set('moq')} data-testid="presale-moq" />}</Field>
          <Field label={t('console.campaigns.deadline')} error={errors.deadline}>{(p) => <input {...p} type="datetime-local" value={f.deadline} onChange={set('deadline')} data-testid="presale-deadline" />}</Field>
          <Field label={t('console.campaigns.shipDays')} error={errors.shipDays}>{(p) => <input {...p} inputMode="numeric" value={f.shipDays} onChange={set('shipDays')} data-testid="presale-ship-days" />}</Field>
        </div>
        <FormError error={m.error} />
        <div className="row end">
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={m.isPending} data-testid="presale-submit">{m.isPending ? t('console.common.saving') : t('console.campaigns.submit')}</button>
        </div>
      </form>
    </Modal>
  );
}

/** "46 件已付款 / 起订 40 件（超出 6 件）· 另 3 件待付款": what each figure is, in words. */
function campaignProgress(t: TFunction, p: { paidUnits: number; moq: number; pendingUnits: number }): string {
  const parts = [t('console.campaigns.progressPaid', { paid: p.paidUnits, moq: p.moq })];
  if (p.paidUnits > p.moq) parts[0] += t('console.campaigns.progressOver', { n: p.paidUnits - p.moq });
  if (p.pendingUnits) parts.push(t('console.campaigns.progressPending', { n: p.pendingUnits }));
  return parts.join(' · ');
}

interface GroupRow { id: string; status: 'open' | 'full' | 'succeeded' | 'failed'; size: number; joined: number; paid: number; expiresAt: string; openedAt: string; completedAt: string | null; members: { phone: string; leader: boolean; status: string }[] }

function OfferGroups({ offer, onClose }: { offer: Offer; onClose: () => void }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['console', 'groups', offer.id], queryFn: ({ signal }) => get<{ items: GroupRow[] }>(`/group-buys?offerId=${offer.id}`, signal).then((r) => r.items), refetchInterval: 10_000 });
  return (
    <Drawer title={`${offer.productName} · ${offer.colour} ${offer.size}`} onClose={onClose} testId="offer-groups">
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : q.data.length === 0 ? <Empty>{t('console.campaigns.noGroups')}</Empty> : (
        <table className="table">
          <thead><tr><th>{t('console.campaigns.status')}</th><th className="num">{t('console.campaigns.members')}</th><th>{t('console.campaigns.openedAt')}</th><th>{t('console.campaigns.deadline')}</th><th>{t('console.campaigns.who')}</th></tr></thead>
          <tbody>{q.data.map((g) => (
            <tr key={g.id} data-testid="group-row">
              <td style={{ whiteSpace: 'nowrap' }}><span className={`tag ${g.status === 'succeeded' ? 'tag-paid' : g.status === 'failed' ? 'tag-cancelled' : 'tag-live'}`}>{t(`console.campaigns.${g.status}`)}</span></td>
              <td className="num">{g.joined}/{g.size} · {g.paid}</td>
              <td>{fmtDateTime(g.openedAt)}</td>
              <td>{fmtDateTime(g.completedAt ?? g.expiresAt)}</td>
              <td className="muted">{g.members.map((m) => `${m.leader ? '★' : ''}${m.phone}`).join(' ')}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </Drawer>
  );
}

export default function Campaigns() {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'offer' | 'presale' | null>(null);
  const [shown, setShown] = useState<Offer | null>(null);
  const offers = useQuery({ queryKey: ['console', 'group-buy-offers'], queryFn: ({ signal }) => get<{ items: Offer[] }>('/group-buy-offers', signal).then((r) => r.items), refetchInterval: 15_000 });
  const presales = useQuery({ queryKey: ['console', 'presales'], queryFn: ({ signal }) => get<{ items: Presale[] }>('/presales', signal).then((r) => r.items), refetchInterval: 15_000 });
  return (
    <>
      <div className="page-head"><h1>{t('console.campaigns.title')}</h1></div>
      <div className="page-head">
        <h2>{t('console.campaigns.groupBuys')}</h2>
        <button type="button" className="btn btn-primary" onClick={() => setDialog('offer')} data-testid="offer-open">{t('console.campaigns.newOffer')}</button>
      </div>
      <section className="card flush">
        {offers.isPending ? <Loading /> : offers.error ? <ErrorState error={offers.error} onRetry={() => offers.refetch()} /> : offers.data.length === 0 ? <Empty>{t('console.campaigns.noOffers')}</Empty> : (
          <table className="table" data-testid="offers-table">
            <thead><tr>
              <th>{t('console.campaigns.sku')}</th><th>{t('console.campaigns.size')}</th><th className="num">{t('console.campaigns.groupPrice')}</th><th className="num">{t('console.campaigns.basePrice')}</th>
              <th>{t('console.campaigns.hours')}</th><th className="num">{t('console.campaigns.open')}</th><th className="num">{t('console.campaigns.full')}</th><th className="num">{t('console.campaigns.succeeded')}</th><th className="num">{t('console.campaigns.failed')}</th><th className="num">{t('console.campaigns.members')}</th>
            </tr></thead>
            <tbody>{offers.data.map((o) => (
              <tr key={o.id} data-testid="offer-row" className="clickable" onClick={() => setShown(o)} style={{ cursor: 'pointer' }}>
                <td>{o.productName} · {o.colour} {o.size}</td><td>{o.groupSize}</td><td className="num">{yuan(o.groupPrice)}</td><td className="num">{yuan(o.basePrice)}</td><td>{o.hours}h</td>
                <td className="num">{o.groups.open}</td><td className="num">{o.groups.full}</td><td className="num"><strong>{o.groups.succeeded}</strong></td><td className="num">{o.groups.failed}</td><td className="num">{o.groups.members}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </section>
      <div className="page-head">
        <h2>{t('console.campaigns.presales')}</h2>
        <button type="button" className="btn btn-primary" onClick={() => setDialog('presale')} data-testid="presale-open">{t('console.campaigns.newPresale')}</button>
      </div>
      <section className="card flush">
        {presales.isPending ? <Loading /> : presales.error ? <ErrorState error={presales.error} onRetry={() => presales.refetch()} /> : presales.data.length === 0 ? <Empty>{t('console.campaigns.noPresales')}</Empty> : (
          <table className="table" data-testid="presales-table">
            <thead><tr><th>{t('console.campaigns.eventTitle')}</th><th>{t('console.campaigns.deadline')}</th><th className="num">{t('console.campaigns.moq')}</th><th>{t('console.campaigns.progress')}</th><th>{t('console.campaigns.status')}</th><th>{t('console.campaigns.shipDate')}</th><th>{t('console.campaigns.po')}</th></tr></thead>
            <tbody>{presales.data.map((p) => (
              <tr key={p.id} data-testid="presale-row" data-id={p.id}>
                <td>{p.eventTitle}</td><td>{fmtDateTime(p.deadline)}</td><td className="num">{p.moq}</td>
                <td><div className="progress" aria-hidden style={{ minWidth: 120 }}><span style={{ width: `${p.progressBps / 100}%` }} /></div><span className="num" data-testid="campaign-progress" title={t('console.campaigns.progressLegend')}>{campaignProgress(t, p)}</span></td>
                <td><span className={`tag ${p.status === 'confirmed' ? 'tag-paid' : p.status === 'failed' ? 'tag-cancelled' : 'tag-live'}`}>{t(`console.campaigns.statuses.${p.status}`)}</span></td>
                <td>{p.expectedShipDate}</td>
                <td data-testid="po-status">{p.productionOrderStatus ? t(`console.campaigns.poStatus.${p.productionOrderStatus}`) : '—'}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </section>
      {dialog === 'offer' && <NewOffer onClose={() => setDialog(null)} />}
      {dialog === 'presale' && <NewPresale onClose={() => setDialog(null)} />}
      {shown && <OfferGroups offer={shown} onClose={() => setShown(null)} />}
    </>
  );
}
