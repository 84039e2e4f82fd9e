// 秒杀 on an event's page: the event's flash items with their figures (price, quantity, grabbed,
// left, phase, limits, "sold N in M minutes"), a chart of units grabbed per minute, and the form
// that puts an item of the event on flash sale (the server's field errors shown by their fields).
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import { get, post } from '../../lib/api.ts';
import { toFen, yuan } from '../../lib/money.ts';
import { Chart } from '../../components/Chart.tsx';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { Field, FormError, Modal } from './ui.tsx';
import { fieldErrors, fmtDateTime, fmtTime, fromLocalInput, toLocalInput, type SaleEvent, type SellThrough } from './lib.ts';
import './flash.i18n.ts';

type Phase = 'upcoming' | 'on_sale' | 'sold_out' | 'ended';
interface FlashItem {
  id: string; saleEventId: string; eventSkuId: string; price: number; basePrice: number; tagPrice: number; quantity: number; claimed: number; left: number;
  perBuyerLimit: number; perResellerLimit: number; startsAt: string; endsAt: string; firstClaimAt: string | null; soldOutAt: string | null;
  phase: Phase; sellingSeconds: number | null; timeline: { minute: string; units: number }[];
}

const PHASE_TAG: Record<Phase, string> = { upcoming: 'scheduled', on_sale: 'live', sold_out: 'paid', ended: 'ended' };
const COLOURS = ['#e4393c', '#fa8c16', '#1677ff', '#13a454', '#722ed1', '#eb2f96'];
// China time, as the rest of the page (fmtTime)
const hhmm = (iso: string) => fmtTime(iso);

function useNames(eventId: string) {
  const st = useQuery({ queryKey: ['console', 'sellThrough', eventId], queryFn: ({ signal }) => get<SellThrough>(`/analytics/sale-events/${eventId}/sell-through`, signal) });
  return useMemo(() => new Map((st.data?.skus ?? []).map((s) => [s.eventSkuId, `${s.productName} · ${s.colour} ${s.size}`])), [st.data]);
}

function ClaimsChart({ items, names }: { items: FlashItem[]; names: Map<string, string> }) {
  const { t } = useTranslation();
  const option = useMemo<EChartsOption>(() => {
    const minutes = [...new Set(items.flatMap((i) => i.timeline.map((p) => p.minute)))].sort();
    // Every minute from the first grab to the last, so quiet minutes read as zero.
    const axis: string[] = [];
    if (minutes.length) {
      const first = Date.parse(minutes[0]), last = Date.parse(minutes[minutes.length - 1]);
      if ((last - first) / 60_000 <= 24 * 60) for (let m = first; m <= last; m += 60_000) axis.push(new Date(m).toISOString());
      else axis.push(...minutes);
    }
    const key = (iso: string) => Math.floor(Date.parse(iso) / 60_000);
    return {
      grid: { left: 44, right: 16, top: 36, bottom: 28 },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: axis.map(hhmm) },
      yAxis: { type: 'value', minInterval: 1, name: t('console.flash.units') },
      series: items.filter((i) => i.timeline.length).map((i, n) => {
        const by = new Map(i.timeline.map((p) => [key(p.minute), p.units]));
        return { name: names.get(i.eventSkuId) ?? i.id, type: 'bar', stack: 'claims', data: axis.map((m) => by.get(key(m)) ?? 0), itemStyle: { color: COLOURS[n % COLOURS.length] } };
      }),
    };
  }, [items, names, t]);
  if (!items.some((i) => i.timeline.length)) return <Empty>{t('console.flash.noClaims')}</Empty>;
  return <Chart option={option} height={240} label={t('console.flash.chart')} />;
}

function speed(t: (k: string, o?: Record<string, unknown>) => string, i: FlashItem): string {
  if (i.sellingSeconds === null) return '—';
  const s = i.sellingSeconds;
  if (i.phase === 'sold_out') return s < 60 ? t('console.flash.soldInSeconds', { n: i.quantity, s: Math.max(1, s) }) : t('console.flash.soldIn', { n: i.quantity, m: Math.round(s / 60) });
  return t('console.flash.sellingFor', { m: Math.round(s / 60) });
}

function NewFlashItem({ ev, taken, names, onClose }: { ev: SaleEvent; taken: Set<string>; names: Map<string, string>; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const soon = new Date(Math.max(Date.now() + 10 * 60_000, Date.parse(ev.startsAt)));
  soon.setSeconds(0, 0);
  const [f, setF] = useState({ eventSkuId: '', price: '', quantity: '', perBuyerLimit: '1', perResellerLimit: '', startsAt: toLocalInput(soon), endsAt: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const sku = ev.skus.find((s) => s.eventSkuId === f.eventSkuId);
  const m = useMutation({
    mutationFn: (body: unknown) => post<FlashItem>(`/sale-events/${ev.id}/flash-items`, body),
    onSuccess: async () => { await Promise.all([qc.invalidateQueries({ queryKey: ['console', 'flash-items', ev.id] }), qc.invalidateQueries({ queryKey: ['console', 'event', ev.id] })]); onClose(); },
    onError: (e) => setErrors(fieldErrors(t, e)),
  });
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => { setF({ ...f, [k]: e.target.value }); setErrors((x) => ({ ...x, [k]: '' })); };
  function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const price = toFen(f.price);
    const int = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : NaN);
    const quantity = int(f.quantity), perBuyerLimit = int(f.perBuyerLimit), perResellerLimit = f.perResellerLimit.trim() ? int(f.perResellerLimit) : quantity;
    const startsAt = fromLocalInput(f.startsAt), endsAt = f.endsAt ? fromLocalInput(f.endsAt) : undefined;
    if (!f.eventSkuId) errs.eventSkuId = t('console.flash.chooseSku');
    if (!price) errs.price = t('console.flash.invalid');
    if (!(quantity >= 1)) errs.quantity = t('console.flash.invalid');
    if (!(perBuyerLimit >= 1 && perBuyerLimit <= 99)) errs.perBuyerLimit = t('console.flash.invalid');
    if (!(perResellerLimit >= 1)) errs.perResellerLimit = t('console.flash.invalid');
    if (!startsAt) errs.startsAt = t('console.flash.invalid');
    if (endsAt === null) errs.endsAt = t('console.flash.invalid');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    m.mutate({ eventSkuId: f.eventSkuId, price, quantity, perBuyerLimit, perResellerLimit, startsAt, ...(endsAt ? { endsAt } : {}) });
  }
  return (
    <Modal title={t('console.flash.createTitle')} onClose={onClose} testId="new-flash" wide>
      <form className="stack" onSubmit={submit} noValidate>
        <p className="hint">{t('console.flash.hint')}</p>
        <div className="form-grid">
          <Field label={t('console.flash.sku')} error={errors.eventSkuId} className="span-2" hint={sku ? t('console.flash.skuHint', { base: yuan(sku.basePrice), tag: yuan(sku.tagPrice), available: sku.available }) : undefined}>
            {(p) => (
              <select {...p} value={f.eventSkuId} onChange={set('eventSkuId')} data-testid="flash-sku">
                <option value="">{t('console.flash.chooseSku')}</option>
                {ev.skus.map((s) => (
                  <option key={s.eventSkuId} value={s.eventSkuId} disabled={taken.has(s.eventSkuId)}>
                    {names.get(s.eventSkuId) ?? s.skuId} · {yuan(s.basePrice)} · {s.available}{taken.has(s.eventSkuId) ? ` · ${t('console.flash.already')}` : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('console.flash.price')} error={errors.price}>{(p) => <input {...p} inputMode="decimal" value={f.price} onChange={set('price')} data-testid="flash-price" />}</Field>
          <Field label={t('console.flash.quantity')} error={errors.quantity}>{(p) => <input {...p} inputMode="numeric" value={f.quantity} onChange={set('quantity')} data-testid="flash-quantity" />}</Field>
          <Field label={t('console.flash.perBuyer')} error={errors.perBuyerLimit}>{(p) => <input {...p} inputMode="numeric" value={f.perBuyerLimit} onChange={set('perBuyerLimit')} data-testid="flash-per-buyer" />}</Field>
          <Field label={t('console.flash.perReseller')} error={errors.perResellerLimit}>{(p) => <input {...p} inputMode="numeric" value={f.perResellerLimit} placeholder={f.quantity} onChange={set('perResellerLimit')} data-testid="flash-per-reseller" />}</Field>
          <Field label={t('console.flash.startsAt')} error={errors.startsAt}>{(p) => <input {...p} type="datetime-local" value={f.startsAt} onChange={set('startsAt')} data-testid="flash-starts" />}</Field>
          <Field label={t('console.flash.endsAt')} error={errors.endsAt}>{(p) => <input {...p} type="datetime-local" value={f.endsAt} onChange={set('endsAt')} data-testid="flash-ends" />}</Field>
        </div>
        <FormError error={m.error} />
        <div className="row end">
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={m.isPending} data-testid="flash-submit">{m.isPending ? t('console.common.saving') : t('console.flash.submit')}</button>
        </div>
      </form>
    </Modal>
  );
}

export default function FlashItems({ ev }: { ev: SaleEvent }) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const names = useNames(ev.id);
  const q = useQuery({
    queryKey: ['console', 'flash-items', ev.id],
    queryFn: ({ signal }) => get<{ items: FlashItem[] }>(`/sale-events/${ev.id}/flash-items`, signal),
    refetchInterval: (query) => (query.state.data?.items.some((i) => i.phase === 'on_sale' || i.phase === 'upcoming') ? 10_000 : false),
  });
  const items = q.data?.items ?? [];
  const open = ['draft', 'scheduled', 'live'].includes(ev.status);
  return (
    <section className="card flush" data-testid="flash-section" aria-labelledby="flash-h">
      <div className="card-head pad">
        <h2 id="flash-h">{t('console.flash.title', { n: items.length })}</h2>
        {open && <button type="button" className="btn btn-small btn-primary" onClick={() => setCreating(true)} data-testid="flash-create">{t('console.flash.create')}</button>}
      </div>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : items.length === 0 ? <Empty>{t('console.flash.none')}</Empty> : (
        <>
          <table className="table" data-testid="flash-items">
            <thead><tr>
              <th>{t('console.flash.columns.item')}</th><th className="num">{t('console.flash.columns.price')}</th><th className="num">{t('console.flash.columns.basePrice')}</th>
              <th className="num">{t('console.flash.columns.quantity')}</th><th className="num">{t('console.flash.columns.claimed')}</th><th className="num">{t('console.flash.columns.left')}</th>
              <th>{t('console.flash.columns.phase')}</th><th className="num">{t('console.flash.columns.limits')}</th><th>{t('console.flash.columns.startsAt')}</th><th>{t('console.flash.columns.selling')}</th>
            </tr></thead>
            <tbody>
              {items.map((i) => {
                const pct = i.quantity ? Math.floor((i.claimed * 100) / i.quantity) : 0;
                return (
                  <tr key={i.id} data-testid="flash-row" data-phase={i.phase}>
                    <td>{names.get(i.eventSkuId) ?? '…'}</td>
                    <td className="num strong">{yuan(i.price)}</td><td className="num muted">{yuan(i.basePrice)}</td>
                    <td className="num">{i.quantity}</td>
                    <td className="st-cell"><div><div className="progress" aria-hidden><span style={{ width: `${pct}%` }} /></div><span className="num small">{i.claimed}</span></div></td>
                    <td className="num strong">{i.left}</td>
                    <td><span className={`tag tag-${PHASE_TAG[i.phase]}`}>{t(`console.flash.phase.${i.phase}`)}</span></td>
                    <td className="num">{i.perBuyerLimit} / {i.perResellerLimit}</td>
                    <td>{fmtDateTime(i.startsAt)}</td>
                    <td data-testid="flash-speed">{speed(t, i)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div style={{ padding: '12px 16px' }} data-testid="flash-chart">
            <h3 style={{ margin: '0 0 8px' }}>{t('console.flash.chart')}</h3>
            <ClaimsChart items={items} names={names} />
          </div>
        </>
      )}
      {creating && <NewFlashItem ev={ev} taken={new Set(items.map((i) => i.eventSkuId))} names={names} onClose={() => setCreating(false)} />}
    </section>
  );
}
