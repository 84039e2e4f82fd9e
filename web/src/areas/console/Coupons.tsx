// 优惠券: the operator's coupons with how many are used of the cap, and a form to create one
// (满减, amount off, percent off, buy-one-get-one; platform- or brand-funded).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { toFen, yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { BrandSelect, Field, FormError, Modal } from './ui.tsx';
import { addDays, fieldErrors, fmtDateTime, fromLocalInput, pctToBps, toLocalInput } from './lib.ts';
import './promotions.i18n.ts';

type Kind = 'threshold' | 'fixed' | 'percent' | 'bogo';
type State = 'scheduled' | 'active' | 'paused' | 'ended' | 'exhausted';
export interface Coupon {
  id: string; code: string; name: string; kind: Kind; threshold: number; amountOff: number; percentBps: number; maxOff: number | null;
  fundedBy: 'platform' | 'brand'; brandId: string | null; brandName: string | null; validFrom: string; validTo: string;
  totalCap: number; perCustomerCap: number; redeemed: number; status: 'active' | 'paused'; state: State;
}
const KINDS: Kind[] = ['threshold', 'fixed', 'percent', 'bogo'];
const STATE_TAG: Record<State, string> = { scheduled: 'scheduled', active: 'live', paused: 'closed', ended: 'closed', exhausted: 'warn' };

export function couponTerms(t: TFunction, c: Pick<Coupon, 'kind' | 'threshold' | 'amountOff' | 'percentBps' | 'maxOff'>): string {
  const pct = `${(c.percentBps / 100).toFixed(c.percentBps % 100 ? 2 : 0)}%`;
  switch (c.kind) {
    case 'threshold': return t('console.coupons.termsThreshold', { threshold: yuan(c.threshold), off: yuan(c.amountOff) });
    case 'fixed': return t('console.coupons.termsFixed', { off: yuan(c.amountOff) });
    case 'percent': return c.maxOff ? t('console.coupons.termsPercentMax', { pct, max: yuan(c.maxOff) }) : t('console.coupons.termsPercent', { pct });
    default: return t('console.coupons.termsBogo');
  }
}

function CreateCoupon({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const now = new Date();
  const [f, setF] = useState({
    code: '', name: '', kind: 'threshold' as Kind, threshold: '', amountOff: '', percent: '', maxOff: '', fundedBy: 'platform' as 'platform' | 'brand', brandId: '',
    validFrom: toLocalInput(now), validTo: toLocalInput(addDays(now, 7)), totalCap: '1000', perCustomerCap: '1',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setF({ ...f, [k]: e.target.value });
  const m = useMutation({
    mutationFn: (body: unknown) => post<Coupon>('/coupons', body),
    onSuccess: async () => { await qc.invalidateQueries({ queryKey: ['console', 'coupons'] }); onClose(); },
    onError: (e) => setErrors(fieldErrors(t, e)),
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const E = (k: string) => t(`console.coupons.errors.${k}`);
    if (!/^[A-Za-z0-9-]{3,32}$/.test(f.code.trim())) errs.code = E('code');
    if (!f.name.trim()) errs.name = t('console.common.required');
    const threshold = f.threshold ? toFen(f.threshold) : 0;
    const amountOff = toFen(f.amountOff);
    const bps = pctToBps(f.percent);
    const maxOff = f.maxOff ? toFen(f.maxOff) : null;
    if (f.kind === 'threshold' && !threshold) errs.threshold = E('amount');
    if ((f.kind === 'threshold' || f.kind === 'fixed') && !amountOff) errs.amountOff = E('amount');
    if (f.kind === 'threshold' && threshold && amountOff && amountOff >= threshold) errs.amountOff = E('thresholdOff');
    if (f.kind === 'percent' && (bps === null || bps <= 0 || bps >= 10000)) errs.percent = E('percent');
    if (f.kind === 'percent' && f.maxOff && !maxOff) errs.maxOff = E('amount');
    if (f.fundedBy === 'brand' && !f.brandId) errs.brandId = E('brand');
    const from = fromLocalInput(f.validFrom);
    const to = fromLocalInput(f.validTo);
    if (!from || !to || Date.parse(to) <= Date.parse(from)) errs.validTo = E('window');
    const total = Number(f.totalCap);
    const per = Number(f.perCustomerCap);
    if (!Number.isInteger(total) || total < 1) errs.totalCap = E('cap');
    if (!Number.isInteger(per) || per < 1) errs.perCustomerCap = E('cap');
    else if (per > total) errs.perCustomerCap = E('perCustomer');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    m.mutate({
      code: f.code.trim(), name: f.name.trim(), kind: f.kind, fundedBy: f.fundedBy, brandId: f.fundedBy === 'brand' ? f.brandId : null,
      validFrom: from, validTo: to, totalCap: total, perCustomerCap: per,
      ...(f.kind === 'threshold' ? { threshold, amountOff } : {}), ...(f.kind === 'fixed' ? { amountOff } : {}),
      ...(f.kind === 'percent' ? { percentBps: bps, maxOff } : {}),
    });
  };
  return (
    <Modal title={t('console.coupons.createTitle')} onClose={onClose} testId="create-coupon" wide>
      <form className="stack" onSubmit={submit} noValidate>
        <p className="hint">{t('console.coupons.hint')}</p>
        <div className="form-grid">
          <Field label={t('console.coupons.code')} error={errors.code}>{(p) => <input {...p} value={f.code} maxLength={32} onChange={set('code')} data-testid="coupon-code" style={{ textTransform: 'uppercase' }} />}</Field>
          <Field label={t('console.coupons.name')} error={errors.name}>{(p) => <input {...p} value={f.name} maxLength={60} onChange={set('name')} data-testid="coupon-name" />}</Field>
          <Field label={t('console.coupons.kind')} error={errors.kind} hint={t(`console.coupons.kindHint.${f.kind}`)}>
            {(p) => <select {...p} value={f.kind} onChange={set('kind')} data-testid="coupon-kind">{KINDS.map((k) => <option key={k} value={k}>{t(`console.coupons.kinds.${k}`)}</option>)}</select>}
          </Field>
          <Field label={t('console.coupons.funding')} error={errors.fundedBy}>
            {(p) => <select {...p} value={f.fundedBy} onChange={set('fundedBy')} data-testid="coupon-funding"><option value="platform">{t('console.coupons.platform')}</option><option value="brand">{t('console.coupons.brand')}</option></select>}
          </Field>
          {f.fundedBy === 'brand' && (
            <Field label={t('console.coupons.brand')} error={errors.brandId} className="span-2">
              {(p) => <BrandSelect id={p.id} value={f.brandId} onChange={(v) => setF({ ...f, brandId: v })} invalid={p['aria-invalid']} describedBy={p['aria-describedby']} testId="coupon-brand" />}
            </Field>
          )}
          {f.kind === 'threshold' && <Field label={t('console.coupons.threshold')} error={errors.threshold}>{(p) => <input {...p} inputMode="decimal" value={f.threshold} onChange={set('threshold')} data-testid="coupon-threshold" />}</Field>}
          {(f.kind === 'threshold' || f.kind === 'fixed') && <Field label={t('console.coupons.amountOff')} error={errors.amountOff}>{(p) => <input {...p} inputMode="decimal" value={f.amountOff} onChange={set('amountOff')} data-testid="coupon-amount-off" />}</Field>}
          {f.kind === 'percent' && <Field label={t('console.coupons.percent')} error={errors.percent} hint={t('console.coupons.percentHint')}>{(p) => <input {...p} inputMode="decimal" value={f.percent} onChange={set('percent')} data-testid="coupon-percent" />}</Field>}
          {f.kind === 'percent' && <Field label={t('console.coupons.maxOff')} error={errors.maxOff}>{(p) => <input {...p} inputMode="decimal" value={f.maxOff} onChange={set('maxOff')} data-testid="coupon-max-off" />}</Field>}
          <Field label={t('console.coupons.validFrom')} error={errors.validFrom}>{(p) => <input {...p} type="datetime-local" value={f.validFrom} onChange={set('validFrom')} />}</Field>
          <Field label={t('console.coupons.validTo')} error={errors.validTo}>{(p) => <input {...p} type="datetime-local" value={f.validTo} onChange={set('validTo')} />}</Field>
          <Field label={t('console.coupons.totalCap')} error={errors.totalCap}>{(p) => <input {...p} inputMode="numeric" value={f.totalCap} onChange={set('totalCap')} data-testid="coupon-total-cap" />}</Field>
          <Field label={t('console.coupons.perCustomerCap')} error={errors.perCustomerCap}>{(p) => <input {...p} inputMode="numeric" value={f.perCustomerCap} onChange={set('perCustomerCap')} data-testid="coupon-per-customer" />}</Field>
        </div>
        <FormError error={m.error} />
        <div className="row end">
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={m.isPending} data-testid="coupon-submit">{m.isPending ? t('console.common.saving') : t('console.coupons.submit')}</button>
        </div>
      </form>
    </Modal>
  );
}

export default function Coupons() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const q = useQuery({ queryKey: ['console', 'coupons'], queryFn: ({ signal }) => get<{ items: Coupon[] }>('/coupons', signal).then((r) => r.items) });
  const toggle = useMutation({
    mutationFn: (c: Coupon) => post<Coupon>(`/coupons/${c.id}/status`, { status: c.status === 'active' ? 'paused' : 'active' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['console', 'coupons'] }),
  });
  return (
    <>
      <div className="page-head">
        <h1>{t('console.coupons.title')}</h1>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="coupon-open">{t('console.coupons.create')}</button>
      </div>
      <section className="card flush">
        {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : q.data.length === 0 ? <Empty>{t('console.coupons.none')}</Empty> : (
          <table className="table" data-testid="coupons-table">
            <thead><tr>
              <th>{t('console.coupons.code')}</th><th>{t('console.coupons.name')}</th><th>{t('console.coupons.kind')}</th><th>{t('console.coupons.terms')}</th>
              <th>{t('console.coupons.funding')}</th><th>{t('console.coupons.window')}</th><th>{t('console.coupons.redeemed')}</th><th>{t('console.coupons.perCustomer')}</th><th>{t('console.coupons.state')}</th><th />
            </tr></thead>
            <tbody>
              {q.data.map((c) => {
                const pct = Math.min(100, Math.round((c.redeemed / c.totalCap) * 100));
                return (
                  <tr key={c.id} data-testid={`coupon-row-${c.code}`}>
                    <td className="mono strong" style={{ whiteSpace: 'nowrap' }}>{c.code}</td>
                    <td>{c.name}</td>
                    <td>{t(`console.coupons.kinds.${c.kind}`)}</td>
                    <td>{couponTerms(t, c)}</td>
                    <td className="nowrap">{c.fundedBy === 'brand' ? t('console.coupons.brandFunded', { brand: c.brandName ?? c.brandId }) : t('console.coupons.platform')}</td>
                    <td className="small">{fmtDateTime(c.validFrom)} – {fmtDateTime(c.validTo)}</td>
                    <td style={{ minWidth: 140 }}>
                      <div className="num" data-testid="coupon-redeemed">{c.redeemed.toLocaleString()} / {c.totalCap.toLocaleString()}</div>
                      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}><span style={{ width: `${pct}%` }} /></div>
                    </td>
                    <td className="num">{c.perCustomerCap}</td>
                    <td className="nowrap"><span className={`tag tag-${STATE_TAG[c.state]}`} data-state={c.state} data-testid="coupon-state">{t(`console.coupons.states.${c.state}`)}</span></td>
                    <td className="nowrap">{c.state !== 'ended' && <button type="button" className="btn btn-small" onClick={() => toggle.mutate(c)} disabled={toggle.isPending}>{c.status === 'active' ? t('console.coupons.pause') : t('console.coupons.resume')}</button>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {creating && <CreateCoupon onClose={() => setCreating(false)} />}
    </>
  );
}
