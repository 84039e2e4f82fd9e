// A sale event: its stock pools per SKU, sell-through with charts, and the operator's actions
// (schedule, unschedule, close, edit — everything before it starts; once live, extend, restock,
// end it early or pull one SKU, each with a reason for the operator actions record).
import { useMemo, useState } from 'react';
import { MaterialsEditor } from '../../components/Materials.tsx';
import { BattleReportLink } from '../../components/Traffic.tsx';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import { get, api, post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Countdown } from '../../components/Countdown.tsx';
import { Chart } from '../../components/Chart.tsx';
import { Empty, QueryView } from '../../components/states.tsx';
import { FormError, Modal, StatusTag, useBrands } from './ui.tsx';
import { EventFields, checkEvent, draftFromEvent, type EventDraft } from './EventFields.tsx';
import { SkuPicker, checkSelection, useAllProducts, type Selection } from './SkuPicker.tsx';
import FlashItems from './FlashItems.tsx';
import { OperatorActionsTable, ReasonDialog } from './controls.tsx';
import { OPERATOR_PRESETS } from '../../lib/reasons.ts';
import { bpsToPct, brandLabel, fieldErrors, fmtDateTime, fromLocalInput, startOfWeek, toDateInput, toLocalInput, type EventSku, type SaleEvent, type SellThrough } from './lib.ts';

/** A pool as the event answers it, with when the operator pulled it (null: still on sale). */
type PoolSku = EventSku & { pulledAt?: string | null };
interface EndedEarly { event: SaleEvent; released: { orderId: string; units: number }[]; skipped: { orderId: string; status: string }[] }
interface Pulled { event: SaleEvent; returnedUnits: number }

type Action = 'schedule' | 'unschedule' | 'close';

function EditEvent({ ev, onClose }: { ev: SaleEvent; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const live = ev.status === 'live';
  const [draft, setDraft] = useState<EventDraft>(() => draftFromEvent(ev));
  const [sel, setSel] = useState<Selection>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [skuErrors, setSkuErrors] = useState<Record<string, string>>({});
  const [restock, setRestock] = useState(live);
  const products = useAllProducts(ev.brandId);
  const inEvent = useMemo(() => new Map(ev.skus.map((s) => [s.skuId, s.initial])), [ev]);
  const m = useMutation({
    mutationFn: (body: unknown) => api<SaleEvent>('PATCH', `/sale-events/${ev.id}`, { body }),
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: ['console', 'event', ev.id] }), qc.invalidateQueries({ queryKey: ['console', 'sellThrough', ev.id] }), qc.invalidateQueries({ queryKey: ['console', 'events'] }), qc.invalidateQueries({ queryKey: ['console', 'allProducts', ev.brandId] })]);
      onClose();
    },
    onError: (e) => {
      const f = fieldErrors(t, e);
      setErrors(Object.fromEntries(Object.entries(f).map(([k, v]) => [k.startsWith('markup') ? 'markup' : k, v])));
    },
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const c = checkEvent(t, draft);
    const errs = { ...c.errors };
    const s = checkSelection(t, products.data ?? [], sel);
    const end = fromLocalInput(draft.endsAt);
    if (live && end && Date.parse(end) < Date.parse(ev.endsAt)) errs.endsAt = t('console.issues.onlyExtend');
    setErrors(errs); setSkuErrors(s.errors);
    if (Object.keys(errs).length || Object.keys(s.errors).length || !c.value) return;
    const addItems = s.items.length ? { addItems: s.items } : {};
    if (live) {
      // The input has minute precision: an untouched end must not be sent back truncated.
      const endChanged = toLocalInput(new Date(ev.endsAt)) !== draft.endsAt;
      const body = { ...(endChanged ? { endsAt: c.value.endsAt } : {}), ...addItems };
      if (Object.keys(body).length === 0) { onClose(); return; }
      m.mutate(body);
      return;
    }
    m.mutate({ ...c.value, ...addItems });
  };
  return (
    <Modal title={live ? t('console.event.editLiveTitle') : t('console.event.editTitle')} onClose={onClose} wide testId="edit-event">
      <form className="stack" onSubmit={submit} noValidate>
        {live && <p className="notice">{t('console.event.liveEditNote')}</p>}
        <EventFields draft={draft} onChange={setDraft} errors={errors} live={live} />
        <fieldset>
          <legend><label className="check"><input type="checkbox" checked={restock} onChange={(e) => { setRestock(e.target.checked); if (!e.target.checked) setSel({}); }} /> {t('console.event.addStock')}</label></legend>
          {restock && <SkuPicker brandId={ev.brandId} value={sel} onChange={setSel} errors={skuErrors} inEvent={inEvent} />}
        </fieldset>
        <FormError error={m.error} />
        <div className="row end">
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={m.isPending} data-testid="edit-save">{m.isPending ? t('console.common.saving') : t('common.save')}</button>
        </div>
      </form>
    </Modal>
  );
}

function ConfirmAction({ action, ev, onClose }: { action: Action; ev: SaleEvent; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () => post<SaleEvent>(`/sale-events/${ev.id}/${action}`),
    onSuccess: async (e) => {
      qc.setQueryData(['console', 'event', ev.id], e);
      await Promise.all([qc.invalidateQueries({ queryKey: ['console', 'events'] }), qc.invalidateQueries({ queryKey: ['console', 'sellThrough', ev.id] }), qc.invalidateQueries({ queryKey: ['console', 'overview'] })]);
      onClose();
    },
  });
  return (
    <Modal title={t(`console.event.confirm.${action}.title`)} onClose={onClose} testId={`confirm-${action}`}>
      <div className="stack">
        <p>{t(`console.event.confirm.${action}.body`, { title: ev.title, start: fmtDateTime(ev.startsAt) })}</p>
        <FormError error={m.error} />
        <div className="row end">
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          <button type="button" className="btn btn-primary" onClick={() => m.mutate()} disabled={m.isPending} data-testid="confirm-action">{m.isPending ? t('console.common.saving') : t(`console.event.actions.${action}`)}</button>
        </div>
      </div>
    </Modal>
  );
}

// The server reports hours in Beijing time ("YYYY-MM-DDTHH:00") and only those with sales;
// the chart shows every hour from the start to now (or the end) so quiet hours read as zero.
const BEIJING_MS = 8 * 3600_000;
const beijingHour = (ms: number) => `${new Date(ms + BEIJING_MS).toISOString().slice(0, 13)}:00`;
function hourlySeries(st: SellThrough): { at: string; units: number }[] {
  const byHour = new Map(st.hourly.map((h) => [h.at, h.units]));
  const start = Date.parse(st.startsAt);
  const last = Math.min(Date.now(), Date.parse(st.endsAt));
  if (!(last > start) || (last - start) / 3600_000 > 24 * 14) return st.hourly;
  const out: { at: string; units: number }[] = [];
  for (let t = start - (start % 3600_000); t <= last; t += 3600_000) out.push({ at: beijingHour(t), units: byHour.get(beijingHour(t)) ?? 0 });
  return out;
}

function SellThroughCharts({ st }: { st: SellThrough }) {
  const { t } = useTranslation();
  const unitsName = t('console.event.unitsSold');
  const initialName = t('console.event.initial');
  const hourly = useMemo<EChartsOption>(() => {
    const series = hourlySeries(st);
    return {
      grid: { left: 44, right: 16, top: 24, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: series.map((h) => h.at.slice(5).replace('T', ' ')) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: unitsName, type: 'bar', data: series.map((h) => h.units), itemStyle: { color: '#e4393c', borderRadius: [2, 2, 0, 0] } }],
    };
  }, [st, unitsName]);
  const bySize = useMemo<EChartsOption>(() => ({
    grid: { left: 44, right: 16, top: 36, bottom: 28 },
    legend: { top: 0, data: [initialName, unitsName] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: st.bySize.map((s) => s.size) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: initialName, type: 'bar', data: st.bySize.map((s) => s.initial), itemStyle: { color: '#c9cdd4' } },
      { name: unitsName, type: 'bar', data: st.bySize.map((s) => s.sold), itemStyle: { color: '#e4393c' } },
    ],
  }), [st, unitsName, initialName]);
  return (
    <div className="dash-charts">
      <section className="card">
        <h2>{t('console.event.curve')}</h2>
        {st.hourly.length === 0 ? <Empty>{t('console.event.noSales')}</Empty> : <Chart option={hourly} height={240} label={t('console.event.curve')} />}
      </section>
      <section className="card">
        <h2>{t('console.event.bySize')}</h2>
        {st.bySize.length === 0 ? <Empty /> : <Chart option={bySize} height={240} label={t('console.event.bySize')} />}
      </section>
    </div>
  );
}

export default function EventDetail() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { eventId = '' } = useParams();
  const [action, setAction] = useState<Action | null>(null);
  const [editing, setEditing] = useState(false);
  const [ending, setEnding] = useState(false);
  const [pulling, setPulling] = useState<{ sku: PoolSku; name: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = async (e: SaleEvent) => {
    qc.setQueryData(['console', 'event', eventId], e);
    await Promise.all([qc.invalidateQueries({ queryKey: ['console', 'events'] }), qc.invalidateQueries({ queryKey: ['console', 'sellThrough', eventId] }), qc.invalidateQueries({ queryKey: ['console', 'operator-actions'] }), qc.invalidateQueries({ queryKey: ['console', 'overview'] })]);
  };
  const brands = useBrands();
  const q = useQuery({ queryKey: ['console', 'event', eventId], queryFn: ({ signal }) => get<SaleEvent>(`/sale-events/${eventId}`, signal), refetchInterval: 30_000 });
  const st = useQuery({ queryKey: ['console', 'sellThrough', eventId], queryFn: ({ signal }) => get<SellThrough>(`/analytics/sale-events/${eventId}/sell-through`, signal), refetchInterval: 30_000 });
  return (
    <QueryView q={q}>
      {(ev) => {
        const brand = brands.data?.find((b) => b.id === ev.brandId);
        const names = new Map((st.data?.skus ?? []).map((s) => [s.eventSkuId, s]));
        const totals = ev.skus.reduce((a, s) => ({ initial: a.initial + s.initial, available: a.available + s.available, held: a.held + s.held, sold: a.sold + s.sold }), { initial: 0, available: 0, held: 0, sold: 0 });
        const week = toDateInput(startOfWeek(new Date(ev.startsAt)));
        const pullable = ev.status === 'live' || ev.status === 'scheduled';
        return (
          <>
            <div className="page-head">
              <Link to={`/console/calendar?week=${week}`} className="btn btn-ghost">← {t('console.nav.calendar')}</Link>
              <div className="title-group">
                <h1 data-testid="event-title-head">{ev.title}</h1>
                <StatusTag status={ev.status} testId="event-status" />
              </div>
              {ev.status !== 'draft' && <BattleReportLink to={`/console/events/${ev.id}/report`} />}
              {(ev.status === 'draft' || ev.status === 'scheduled' || ev.status === 'live') && (
                <button type="button" className="btn" onClick={() => setEditing(true)} data-testid="event-edit">{ev.status === 'live' ? t('console.event.actions.extend') : t('console.event.actions.edit')}</button>
              )}
              {ev.status === 'draft' && <button type="button" className="btn btn-primary" onClick={() => setAction('schedule')} data-testid="event-schedule">{t('console.event.actions.schedule')}</button>}
              {ev.status === 'scheduled' && <button type="button" className="btn" onClick={() => setAction('unschedule')} data-testid="event-unschedule">{t('console.event.actions.unschedule')}</button>}
              {ev.status === 'live' && <button type="button" className="btn btn-danger" onClick={() => setEnding(true)} data-testid="event-end-early">{t('console.controls.endEarly.button')}</button>}
              {ev.status === 'ended' && <button type="button" className="btn btn-primary" onClick={() => setAction('close')} data-testid="event-close">{t('console.event.actions.close')}</button>}
            </div>
            {notice && <p className="notice" role="status" data-testid="control-notice">{notice}</p>}
            <section className="card">
              <dl className="facts wide">
                <dt>{t('console.common.brand')}</dt><dd>{brand ? <Link to={`/console/brands/${brand.id}`}>{brandLabel(brand)}</Link> : '—'}</dd>
                <dt>{t('console.event.time')}</dt><dd>{fmtDateTime(ev.startsAt)} – {fmtDateTime(ev.endsAt)} {(ev.status === 'scheduled' || ev.status === 'live') && <Countdown startsAt={ev.startsAt} endsAt={ev.endsAt} />}</dd>
                <dt>{t('console.event.markup')}</dt><dd>{t('console.event.markupSummary', { min: bpsToPct(ev.markup.minBps), sug: bpsToPct(ev.markup.suggestedBps), max: bpsToPct(ev.markup.maxBps) })}</dd>
                <dt>{t('console.event.commission')}</dt><dd>{bpsToPct(ev.commissionBps)}%</dd>
                {ev.description && <><dt>{t('console.event.description')}</dt><dd>{ev.description}</dd></>}
                <dt>{t('console.event.createdAt')}</dt><dd>{fmtDateTime(ev.createdAt)}</dd>
              </dl>
              <p className="hint">{t(`console.event.statusHint.${ev.status}`)}</p>
            </section>
            <div className="kpis" data-testid="event-kpis">
              <div className="kpi"><div className="label">{t('console.event.initial')}</div><div className="value">{totals.initial}</div></div>
              <div className="kpi"><div className="label">{t('console.event.sold')}</div><div className="value" data-testid="event-sold">{totals.sold}</div></div>
              <div className="kpi"><div className="label">{t('console.event.held')}</div><div className="value">{totals.held}</div></div>
              <div className="kpi"><div className="label">{t('console.event.available')}</div><div className="value">{totals.available}</div></div>
              <div className="kpi"><div className="label">{t('console.event.sellThrough')}</div><div className="value">{st.data ? `${bpsToPct(st.data.totals.sellThroughBps)}%` : '—'}</div></div>
              <div className="kpi"><div className="label">{t('console.event.baseRevenue')}</div><div className="value">{st.data ? yuan(st.data.totals.baseRevenue) : '—'}</div></div>
            </div>
            {st.data && <SellThroughCharts st={st.data} />}
            <FlashItems ev={ev} />
            <MaterialsEditor saleEventId={ev.id} />
            <section className="card flush">
              <div className="card-head pad">
                <h2>{t('console.event.pools', { count: ev.skus.length })}</h2>
                <Link className="btn btn-small" to={`/console/orders?saleEventId=${ev.id}`}>{t('console.event.viewOrders')}</Link>
              </div>
              {ev.skus.length === 0 ? <Empty>{t('console.event.noSkus')}</Empty> : (
                <table className="table" data-testid="event-pools">
                  <thead><tr>
                    <th>{t('console.columns.product_name')}</th><th>{t('console.columns.colour')}</th><th>{t('console.columns.size')}</th>
                    <th className="num">{t('console.columns.base_price')}</th><th className="num">{t('console.columns.tag_price')}</th>
                    <th className="num">{t('console.event.initial')}</th><th className="num">{t('console.event.available')}</th><th className="num">{t('console.event.held')}</th><th className="num">{t('console.event.sold')}</th><th>{t('console.event.sellThrough')}</th>
                    {pullable && <th />}
                  </tr></thead>
                  <tbody>
                    {(ev.skus as PoolSku[]).map((s) => {
                      const n = names.get(s.eventSkuId);
                      const pct = s.initial ? Math.floor((s.sold * 100) / s.initial) : 0;
                      const label = n ? `${n.productName} ${n.colour} ${n.size}` : s.eventSkuId;
                      return (
                        <tr key={s.eventSkuId} data-testid="pool-row" className={s.pulledAt ? 'pulled' : undefined}>
                          <td>{n?.productName ?? '…'}{s.pulledAt && <> <span className="tag tag-closed" data-testid="pool-pulled">{t('console.controls.pull.pulled')}</span></>}</td><td>{n?.colour ?? ''}</td><td>{n?.size ?? ''}</td>
                          <td className="num">{yuan(s.basePrice)}</td><td className="num muted">{yuan(s.tagPrice)}</td>
                          <td className="num">{s.initial}</td><td className="num strong">{s.available}</td><td className="num">{s.held}</td><td className="num">{s.sold}</td>
                          <td className="st-cell"><div><div className="progress" aria-hidden><span style={{ width: `${pct}%` }} /></div><span className="num small">{pct}%</span></div></td>
                          {pullable && <td>{!s.pulledAt && <button type="button" className="btn btn-small" onClick={() => setPulling({ sku: s, name: label })} data-testid="pool-pull">{t('console.controls.pull.button')}</button>}</td>}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
            </section>
            {editing && <EditEvent ev={ev} onClose={() => setEditing(false)} />}
            {action && <ConfirmAction action={action} ev={ev} onClose={() => setAction(null)} />}
            <section className="card flush">
              <div className="card-head pad"><h2>{t('console.controls.actions.recent')}</h2></div>
              <OperatorActionsTable saleEventId={ev.id} testId="event-actions" />
            </section>
            {ending && (
              <ReasonDialog<EndedEarly>
                title={t('console.controls.endEarly.title', { title: ev.title })} body={t('console.controls.endEarly.body')} danger
                presets={OPERATOR_PRESETS.endEarly} confirmLabel={t('console.controls.endEarly.button')}
                act={(reason) => post<EndedEarly>(`/sale-events/${ev.id}/end-early`, { reason })}
                onDone={async (r) => {
                  setEnding(false);
                  setNotice(t('console.controls.endEarly.done', { count: r.released.length, units: r.released.reduce((a, x) => a + x.units, 0) }));
                  await refresh(r.event);
                }}
                onClose={() => setEnding(false)} testId="end-early-dialog"
              />
            )}
            {pulling && (
              <ReasonDialog<Pulled>
                title={t('console.controls.pull.title', { name: pulling.name })} body={t('console.controls.pull.body', { available: pulling.sku.available, held: pulling.sku.held })} danger
                presets={OPERATOR_PRESETS.pull} confirmLabel={t('console.controls.pull.button')}
                act={(reason) => post<Pulled>(`/sale-events/${ev.id}/skus/${pulling.sku.eventSkuId}/pull`, { reason })}
                onDone={async (r) => {
                  setPulling(null);
                  setNotice(t('console.controls.pull.done', { count: r.returnedUnits }));
                  await refresh(r.event);
                }}
                onClose={() => setPulling(null)} testId="pull-dialog"
              />
            )}
          </>
        );
      }}
    </QueryView>
  );
}
