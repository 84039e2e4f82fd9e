// 新建档期: pick a brand, describe the event, set its markup window, curate SKUs from the
// brand's unallocated stock, create it as a draft, then offer to schedule it at once.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../../lib/api.ts';
import { BrandSelect, Field, FormError, StatusTag, useBrands } from './ui.tsx';
import { DRAFT_FIELDS, EventFields, checkEvent, newEventDraft, type EventDraft } from './EventFields.tsx';
import { SkuPicker, checkSelection, useAllProducts, type Selection } from './SkuPicker.tsx';
import { ContractSummary } from './Brands.tsx';
import { fieldErrors, fmtDateTime, toDateInput, startOfWeek, type SaleEvent } from './lib.ts';

function Created({ ev, onAnother }: { ev: SaleEvent; onAnother: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [current, setCurrent] = useState(ev);
  const schedule = useMutation({
    mutationFn: () => post<SaleEvent>(`/sale-events/${ev.id}/schedule`),
    onSuccess: async (e) => { setCurrent(e); await qc.invalidateQueries({ queryKey: ['console', 'events'] }); await qc.invalidateQueries({ queryKey: ['console', 'overview'] }); },
  });
  const units = current.skus.reduce((a, s) => a + s.initial, 0);
  const week = toDateInput(startOfWeek(new Date(current.startsAt)));
  return (
    <section className="card created" data-testid="event-created">
      <div className="result-head good">
        <span className="result-icon" aria-hidden>✓</span>
        <div>
          <h2>{current.status === 'draft' ? t('console.eventForm.createdTitle') : current.status === 'live' ? t('console.eventForm.liveTitle') : t('console.eventForm.scheduledTitle')}</h2>
          <p>{t('console.eventForm.createdBody', { title: current.title, skus: current.skus.length, units })}</p>
        </div>
        <StatusTag status={current.status} testId="created-status" />
      </div>
      <dl className="facts">
        <dt>{t('console.event.startsAt')}</dt><dd>{fmtDateTime(current.startsAt)}</dd>
        <dt>{t('console.event.endsAt')}</dt><dd>{fmtDateTime(current.endsAt)}</dd>
      </dl>
      {current.status === 'draft' && <p className="muted">{Date.parse(current.startsAt) <= Date.now() ? t('console.eventForm.scheduleNowOpens') : t('console.eventForm.scheduleNowWaits')}</p>}
      <FormError error={schedule.error} />
      <div className="row">
        {current.status === 'draft' && (
          <button type="button" className="btn btn-primary" onClick={() => schedule.mutate()} disabled={schedule.isPending} data-testid="schedule-now">
            {schedule.isPending ? t('console.common.saving') : t('console.eventForm.scheduleNow')}
          </button>
        )}
        <Link className="btn" to={`/console/events/${current.id}`} data-testid="created-open">{t('console.eventForm.openEvent')}</Link>
        <Link className="btn" to={`/console/calendar?week=${week}`} data-testid="created-calendar">{t('console.eventForm.toCalendar')}</Link>
        <button type="button" className="btn btn-ghost" onClick={onAnother}>{t('console.eventForm.another')}</button>
      </div>
    </section>
  );
}

export default function EventCreate() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const brandId = params.get('brand') ?? '';
  const brands = useBrands();
  const brand = brands.data?.find((b) => b.id === brandId);
  const products = useAllProducts(brandId);
  const [draft, setDraft] = useState<EventDraft>(newEventDraft);
  const [sel, setSel] = useState<Selection>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [skuErrors, setSkuErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<SaleEvent | null>(null);
  const m = useMutation({
    mutationFn: (body: unknown) => post<SaleEvent>('/sale-events', body),
    onSuccess: async (ev) => {
      setCreated(ev);
      window.scrollTo({ top: 0 });
      await Promise.all([qc.invalidateQueries({ queryKey: ['console', 'events'] }), qc.invalidateQueries({ queryKey: ['console', 'allProducts', ev.brandId] }), qc.invalidateQueries({ queryKey: ['console', 'products', ev.brandId] })]);
    },
    onError: (e) => {
      const f = fieldErrors(t, e);
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(f)) {
        if (k.startsWith('markup')) fields.markup = v; else fields[k] = v;
      }
      setErrors(fields);
    },
  });

  const setBrand = (id: string) => {
    setParams(id ? { brand: id } : {}, { replace: true }); setSel({}); setSkuErrors({});
    if (id) setErrors(({ brandId: _fixed, ...rest }) => rest);
  };
  // An error shown goes as soon as its field is right (new ones wait for the next submit).
  const changeDraft = (d: EventDraft) => {
    setDraft(d);
    setErrors((prev) => {
      const now = checkEvent(t, d).errors;
      const next = { ...prev };
      for (const k of DRAFT_FIELDS) { if (!prev[k]) continue; if (now[k]) next[k] = now[k]; else delete next[k]; }
      return next;
    });
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const ev = checkEvent(t, draft);
    const errs = { ...ev.errors };
    if (!brandId) errs.brandId = t('console.lots.chooseBrandFirst');
    const s = checkSelection(t, products.data ?? [], sel);
    if (brandId && Object.keys(sel).length === 0) errs.items = t('console.eventForm.needSku');
    setErrors(errs); setSkuErrors(s.errors);
    if (Object.keys(errs).length || Object.keys(s.errors).length || !ev.value) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"], .field-error')?.scrollIntoView({ block: 'center' }));
      return;
    }
    m.mutate({ brandId, ...ev.value, items: s.items });
  };

  if (created) {
    return (
      <>
        <div className="page-head"><h1>{t('console.eventForm.title')}</h1></div>
        <Created ev={created} onAnother={() => { setCreated(null); setDraft(newEventDraft()); setSel({}); m.reset(); }} />
      </>
    );
  }

  const firstPicked = Object.keys(sel)[0];
  const exampleBase = firstPicked ? products.data?.flatMap((p) => p.skus).find((s) => s.id === firstPicked)?.basePrice : undefined;
  return (
    <>
      <div className="page-head">
        <Link to="/console/calendar" className="btn btn-ghost">← {t('console.nav.calendar')}</Link>
        <h1>{t('console.eventForm.title')}</h1>
      </div>
      <form className="stack" onSubmit={submit} noValidate data-testid="event-form">
        <section className="card stack">
          <h2>{t('console.eventForm.stepBrand')}</h2>
          <div className="form-grid">
            <Field label={t('console.common.brand')} error={errors.brandId}>
              {(p) => <BrandSelect id={p.id} invalid={p['aria-invalid']} describedBy={p['aria-describedby']} value={brandId} onChange={setBrand} testId="event-brand" />}
            </Field>
            {brand && <div className="field"><span className="label-like">{t('console.contract.current')}</span><ContractSummary c={brand.contract} />{!brand.contract && <span className="field-error">{t('console.issues.noContract')}</span>}</div>}
          </div>
        </section>
        <section className="card stack">
          <h2>{t('console.eventForm.stepInfo')}</h2>
          <EventFields draft={draft} onChange={changeDraft} errors={errors} exampleBase={exampleBase} />
        </section>
        <section className="card stack">
          <h2>{t('console.eventForm.stepSkus')}</h2>
          <p className="hint">{t('console.eventForm.skusHint')}</p>
          {errors.items && <p className="field-error" role="alert">{errors.items}</p>}
          <SkuPicker brandId={brandId} value={sel} onChange={(s) => { setSel(s); if (errors.items) setErrors(({ items: _fixed, ...rest }) => rest); }} errors={skuErrors} />
        </section>
        <FormError error={m.error} />
        <div className="row end">
          <Link to="/console/calendar" className="btn">{t('common.cancel')}</Link>
          <button type="submit" className="btn btn-primary" disabled={m.isPending} data-testid="event-submit">{m.isPending ? t('console.common.saving') : t('console.eventForm.submit')}</button>
        </div>
      </form>
    </>
  );
}
