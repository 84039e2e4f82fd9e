// The event fields shared by "create" and "edit": title, description, start/end in the user's
// local time, and the markup window in percent (sent as basis points), checked like the server.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { yuan } from '../../lib/money.ts';
import { Field } from './ui.tsx';
import './review.i18n.ts';
import { addDays, bpsToPct, fromLocalInput, MAX_EVENT_DAYS, pctToBps, toLocalInput, type Markup, type SaleEvent } from './lib.ts';

export interface EventDraft { title: string; description: string; startsAt: string; endsAt: string; min: string; suggested: string; max: string }
export interface EventValue { title: string; description: string; startsAt: string; endsAt: string; markup: Markup }

/** The error keys checkEvent gives, each cleared by the form as its field becomes right. */
export const DRAFT_FIELDS = ['title', 'description', 'startsAt', 'endsAt', 'min', 'suggested', 'max', 'markup'] as const;

/**
 * "低至2.5折", "全场2折起": a discount typed into a title. Allowed, with a warning: the real one
 * depends on each reseller's prices, and the cards show it worked out (docs/decisions.md).
 */
export const TITLE_PROMISE = /\d+(?:\.\d+)?\s*折|折起|低至|up to \d+\s*% off/i;

export function newEventDraft(): EventDraft {
  // Events usually open at 10:00 and run two days.
  const start = addDays(new Date(), 1);
  start.setHours(10, 0, 0, 0);
  return { title: '', description: '', startsAt: toLocalInput(start), endsAt: toLocalInput(addDays(start, 2)), min: '15', suggested: '20', max: '30' };
}

export function draftFromEvent(e: SaleEvent): EventDraft {
  return {
    title: e.title, description: e.description, startsAt: toLocalInput(new Date(e.startsAt)), endsAt: toLocalInput(new Date(e.endsAt)),
    min: bpsToPct(e.markup.minBps), suggested: bpsToPct(e.markup.suggestedBps), max: bpsToPct(e.markup.maxBps),
  };
}

export function checkEvent(t: TFunction, d: EventDraft): { value?: EventValue; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const title = d.title.trim();
  if (!title) errors.title = t('console.common.required');
  else if (title.length > 100) errors.title = t('console.common.maxLen', { n: 100 });
  if (d.description.length > 2000) errors.description = t('console.common.maxLen', { n: 2000 });
  const s = fromLocalInput(d.startsAt);
  const e = fromLocalInput(d.endsAt);
  if (!s) errors.startsAt = t('console.common.required');
  if (!e) errors.endsAt = t('console.common.required');
  if (s && e) {
    if (!(Date.parse(e) > Date.parse(s))) errors.endsAt = t('console.issues.endAfterStart');
    else if (Date.parse(e) - Date.parse(s) > MAX_EVENT_DAYS * 86400_000) errors.endsAt = t('console.issues.maxDays', { a: MAX_EVENT_DAYS });
  }
  const min = pctToBps(d.min), sug = pctToBps(d.suggested), max = pctToBps(d.max);
  if (min === null) errors.min = t('console.eventForm.pctInvalid');
  if (sug === null) errors.suggested = t('console.eventForm.pctInvalid');
  if (max === null) errors.max = t('console.eventForm.pctInvalid');
  if (max !== null && max > 100_000) errors.max = t('console.eventForm.pctTooBig');
  if (min !== null && sug !== null && max !== null && !errors.max && !(min <= sug && sug <= max)) errors.markup = t('console.eventForm.markupOrder');
  if (Object.keys(errors).length) return { errors };
  return { value: { title, description: d.description, startsAt: s!, endsAt: e!, markup: { minBps: min!, suggestedBps: sug!, maxBps: max! } }, errors };
}

/** Selling price at a markup, rounded to the fen with integers only. */
const marked = (base: number, bps: number) => Math.round((base * (10_000 + bps)) / 10_000);

export function EventFields({ draft, onChange, errors, live, exampleBase }: { draft: EventDraft; onChange: (d: EventDraft) => void; errors: Record<string, string>; live?: boolean; exampleBase?: number }) {
  const { t } = useTranslation();
  const set = <K extends keyof EventDraft>(k: K, v: EventDraft[K]) => onChange({ ...draft, [k]: v });
  const min = pctToBps(draft.min), sug = pctToBps(draft.suggested), max = pctToBps(draft.max);
  const base = exampleBase ?? 10_000;
  const startNow = () => {
    const now = new Date();
    const end = fromLocalInput(draft.endsAt);
    onChange({ ...draft, startsAt: toLocalInput(now), endsAt: end && Date.parse(end) > now.getTime() ? draft.endsAt : toLocalInput(addDays(now, 2)) });
  };
  return (
    <div className="stack">
      <div className="form-grid">
        <Field label={t('console.event.title')} error={errors.title} className="span-2">
          {(p) => <input {...p} value={draft.title} maxLength={100} disabled={live} onChange={(e) => set('title', e.target.value)} placeholder={t('console.eventForm.titlePlaceholder')} data-testid="event-title" />}
        </Field>
        {TITLE_PROMISE.test(draft.title) && <p className="span-2 field-warning" role="status" data-testid="title-discount-warning">{t('console.eventForm.titlePromise')}</p>}
        <Field label={t('console.event.description')} error={errors.description} className="span-2">
          {(p) => <textarea {...p} rows={2} value={draft.description} maxLength={2000} disabled={live} onChange={(e) => set('description', e.target.value)} placeholder={t('console.eventForm.descriptionPlaceholder')} data-testid="event-description" />}
        </Field>
        <Field label={t('console.event.startsAt')} error={errors.startsAt} hint={live ? t('console.eventForm.liveFrozen') : t('console.eventForm.localTime')}>
          {(p) => (
            <div className="input-with-btn">
              <input {...p} type="datetime-local" value={draft.startsAt} disabled={live} onChange={(e) => set('startsAt', e.target.value)} data-testid="event-start" />
              {!live && <button type="button" className="btn btn-small" onClick={startNow} data-testid="event-start-now">{t('console.eventForm.startNow')}</button>}
            </div>
          )}
        </Field>
        <Field label={t('console.event.endsAt')} error={errors.endsAt} hint={live ? t('console.eventForm.liveExtendOnly') : t('console.eventForm.maxDays', { n: MAX_EVENT_DAYS })}>
          {(p) => <input {...p} type="datetime-local" value={draft.endsAt} onChange={(e) => set('endsAt', e.target.value)} data-testid="event-end" />}
        </Field>
      </div>
      <fieldset disabled={live}>
        <legend>{t('console.event.markup')}</legend>
        <div className="form-grid three">
          <Field label={t('console.event.markupMin')} error={errors.min}>{(p) => <div className="input-suffix"><input {...p} inputMode="decimal" value={draft.min} onChange={(e) => set('min', e.target.value)} data-testid="markup-min" /><span>%</span></div>}</Field>
          <Field label={t('console.event.markupSuggested')} error={errors.suggested}>{(p) => <div className="input-suffix"><input {...p} inputMode="decimal" value={draft.suggested} onChange={(e) => set('suggested', e.target.value)} data-testid="markup-suggested" /><span>%</span></div>}</Field>
          <Field label={t('console.event.markupMax')} error={errors.max}>{(p) => <div className="input-suffix"><input {...p} inputMode="decimal" value={draft.max} onChange={(e) => set('max', e.target.value)} data-testid="markup-max" /><span>%</span></div>}</Field>
        </div>
        {errors.markup && <p className="field-error" role="alert">{errors.markup}</p>}
        {min !== null && sug !== null && max !== null && min <= sug && sug <= max && (
          <p className="hint">{t('console.eventForm.markupExample', { base: yuan(base), min: yuan(marked(base, min)), max: yuan(marked(base, max)), sug: yuan(marked(base, sug)) })}</p>
        )}
      </fieldset>
    </div>
  );
}
