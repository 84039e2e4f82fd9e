// The contract fields (commission, exclusivity, validity, yearly plan) used when signing a brand
// and when adding a contract, with the server's rules checked before submitting.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { toFen } from '../../lib/money.ts';
import { Field } from './ui.tsx';
import { addDays, fromDateInput, pctToBps, toDateInput } from './lib.ts';

export interface ContractDraft { commission: string; exclusive: boolean; validFrom: string; validTo: string; yearlyPlan: string }
export interface ContractInput { commissionBps: number; exclusive: boolean; validFrom: string; validTo: string; yearlyPlan?: number }

export function newContractDraft(): ContractDraft {
  const today = new Date();
  return { commission: '20', exclusive: false, validFrom: toDateInput(today), validTo: toDateInput(addDays(today, 365)), yearlyPlan: '' };
}

/** Check a draft; returns the request body or the errors by field. */
export function checkContract(t: TFunction, d: ContractDraft): { value?: ContractInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const bps = pctToBps(d.commission);
  if (bps === null || bps > 10_000) errors.commissionBps = t('console.contract.commissionInvalid');
  const from = fromDateInput(d.validFrom);
  const to = fromDateInput(d.validTo);
  if (!from) errors.validFrom = t('console.common.required');
  if (!to) errors.validTo = t('console.common.required');
  if (from && to && !(to > from)) errors.validTo = t('console.contract.toAfterFrom');
  let plan: number | undefined;
  if (d.yearlyPlan.trim() !== '') {
    const f = toFen(d.yearlyPlan);
    if (f === null || f <= 0) errors.yearlyPlan = t('console.contract.planInvalid');
    else plan = f;
  }
  if (Object.keys(errors).length) return { errors };
  return { value: { commissionBps: bps!, exclusive: d.exclusive, validFrom: from!, validTo: to!, ...(plan ? { yearlyPlan: plan } : {}) }, errors };
}

export function ContractFields({ draft, onChange, errors }: { draft: ContractDraft; onChange: (d: ContractDraft) => void; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const set = <K extends keyof ContractDraft>(k: K, v: ContractDraft[K]) => onChange({ ...draft, [k]: v });
  return (
    <div className="form-grid">
      <Field label={t('console.contract.commission')} error={errors.commissionBps ?? errors['contract.commissionBps']} hint={t('console.contract.commissionHint')}>
        {(p) => <div className="input-suffix"><input {...p} inputMode="decimal" value={draft.commission} onChange={(e) => set('commission', e.target.value)} data-testid="contract-commission" /><span>%</span></div>}
      </Field>
      <Field label={t('console.contract.yearlyPlan')} error={errors.yearlyPlan ?? errors['contract.yearlyPlan']} hint={t('console.contract.yearlyPlanHint')}>
        {(p) => <div className="input-suffix"><span>¥</span><input {...p} inputMode="decimal" value={draft.yearlyPlan} onChange={(e) => set('yearlyPlan', e.target.value)} placeholder={t('console.common.optional')} /></div>}
      </Field>
      <Field label={t('console.contract.validFrom')} error={errors.validFrom ?? errors['contract.validFrom']}>
        {(p) => <input {...p} type="date" required value={draft.validFrom} onChange={(e) => set('validFrom', e.target.value)} />}
      </Field>
      <Field label={t('console.contract.validTo')} error={errors.validTo ?? errors['contract.validTo']}>
        {(p) => <input {...p} type="date" required value={draft.validTo} onChange={(e) => set('validTo', e.target.value)} />}
      </Field>
      <label className="check span-2">
        <input type="checkbox" checked={draft.exclusive} onChange={(e) => set('exclusive', e.target.checked)} />
        <span>{t('console.contract.exclusive')}<span className="hint"> — {t('console.contract.exclusiveHint')}</span></span>
      </label>
    </div>
  );
}
