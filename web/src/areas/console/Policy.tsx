// 会员政策: the membership and settlement policy in force, edited as one form — the annual fee and
// its windows, what a removal refunds, levels by rolling sales (with invitation quotas and perks),
// the monthly minimum, the platform-funded invitation and team rewards, and withdrawal limits and
// fees. Money in yuan, rates in percent; the server's field errors show at their fields.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, put } from '../../lib/api.ts';
import { toFen } from '../../lib/money.ts';
import { QueryView } from '../../components/states.tsx';
import { Field, FormError, LevelBadge } from './ui.tsx';
import { bpsToPct, fieldErrors, LEVELS, pctToBps, type Level } from './lib.ts';
import { PERKS, sk, type Policy, type RemovalRefund } from './settlement.ts';
import './membership.i18n.ts';
import './settlement.css';

/** Fen as an input's value: 998 or 998.5 (no thousands separators, so it parses back). */
function fenInput(fen: number): string {
  const whole = Math.floor(fen / 100), cents = fen % 100;
  return cents ? `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}` : String(whole);
}

interface LevelForm { level: Level; minSales: string; inviteQuota: string; perks: string[] }
interface Form {
  annualFee: string; renewWithinDays: string; readmitAfterDays: string; removalRefund: RemovalRefund; levelWindowDays: string;
  levels: LevelForm[]; monthlyMinimum: string; firstMonthExempt: boolean;
  invitationPct: string; invitationBasis: 'sales' | 'margin'; invitationThreshold: string; invitationMonths: string;
  teamMinLevel: Level; teamPct: string;
  wMin: string; wMax: string; wDaily: string; wFeePct: string; wFeeMin: string;
}

function toForm(p: Policy): Form {
  return {
    annualFee: fenInput(p.annualFee), renewWithinDays: String(p.renewWithinDays), readmitAfterDays: String(p.readmitAfterDays), removalRefund: p.removalRefund,
    levelWindowDays: String(p.levelWindowDays),
    levels: p.levels.map((l) => ({ level: l.level, minSales: fenInput(l.minSales), inviteQuota: String(l.inviteQuota), perks: [...l.perks] })),
    monthlyMinimum: fenInput(p.monthlyMinimum), firstMonthExempt: p.firstMonthExempt,
    invitationPct: bpsToPct(p.invitation.bps), invitationBasis: p.invitation.basis, invitationThreshold: fenInput(p.invitation.thresholdSales), invitationMonths: String(p.invitation.months),
    teamMinLevel: p.team.minLevel, teamPct: bpsToPct(p.team.bps),
    wMin: fenInput(p.withdrawal.minAmount), wMax: fenInput(p.withdrawal.maxAmount), wDaily: String(p.withdrawal.dailyCount), wFeePct: bpsToPct(p.withdrawal.feeBps), wFeeMin: fenInput(p.withdrawal.feeMin),
  };
}

/** The form as the policy the server takes, or the fields that do not parse (keyed by the server's paths). */
function fromForm(f: Form, t: (k: string, o?: Record<string, unknown>) => string): { policy: Policy } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const money = (path: string, v: string) => { const x = toFen(v); if (x === null) errors[path] = t('console.policy.err.money'); return x ?? 0; };
  const int = (path: string, v: string) => { if (!/^\s*\d{1,6}\s*$/.test(v)) { errors[path] = t('console.policy.err.int'); return 0; } return Number(v); };
  const pct = (path: string, v: string) => { const x = pctToBps(v); if (x === null) errors[path] = t('console.policy.err.pct'); return x ?? 0; };
  const policy: Policy = {
    annualFee: money('annualFee', f.annualFee), renewWithinDays: int('renewWithinDays', f.renewWithinDays), readmitAfterDays: int('readmitAfterDays', f.readmitAfterDays),
    removalRefund: f.removalRefund, levelWindowDays: int('levelWindowDays', f.levelWindowDays),
    levels: f.levels.map((l, i) => ({ level: l.level, minSales: money(`levels.${i}.minSales`, l.minSales), inviteQuota: int(`levels.${i}.inviteQuota`, l.inviteQuota), perks: l.perks })),
    monthlyMinimum: money('monthlyMinimum', f.monthlyMinimum), firstMonthExempt: f.firstMonthExempt,
    invitation: { bps: pct('invitation.bps', f.invitationPct), basis: f.invitationBasis, thresholdSales: money('invitation.thresholdSales', f.invitationThreshold), months: int('invitation.months', f.invitationMonths) },
    team: { minLevel: f.teamMinLevel, bps: pct('team.bps', f.teamPct) },
    withdrawal: { minAmount: money('withdrawal.minAmount', f.wMin), maxAmount: money('withdrawal.maxAmount', f.wMax), dailyCount: int('withdrawal.dailyCount', f.wDaily), feeBps: pct('withdrawal.feeBps', f.wFeePct), feeMin: money('withdrawal.feeMin', f.wFeeMin) },
  };
  // The server's own checks, said before sending (in the operator's language).
  policy.levels.forEach((l, i) => {
    if (i > 0 && !errors[`levels.${i}.minSales`] && l.minSales <= policy.levels[i - 1].minSales) errors[`levels.${i}.minSales`] = t('console.policy.err.levelOrder');
  });
  // Rates are percent here and basis points at the server: its bounds said in percent.
  for (const [path, bps, max] of [['invitation.bps', policy.invitation.bps, 5000], ['team.bps', policy.team.bps, 5000], ['withdrawal.feeBps', policy.withdrawal.feeBps, 1000]] as const) {
    if (!errors[path] && bps > max) errors[path] = t('console.policy.err.pctMax', { max: bpsToPct(max) });
  }
  if (!errors.annualFee && policy.annualFee < 1) errors.annualFee = t('console.policy.err.positive');
  if (!errors['withdrawal.minAmount'] && policy.withdrawal.minAmount < 1) errors['withdrawal.minAmount'] = t('console.policy.err.positive');
  if (!errors['withdrawal.maxAmount'] && policy.withdrawal.maxAmount < policy.withdrawal.minAmount) errors['withdrawal.maxAmount'] = t('console.policy.err.maxBelowMin');
  if (!errors['withdrawal.feeMin'] && policy.withdrawal.feeMin >= policy.withdrawal.minAmount) errors['withdrawal.feeMin'] = t('console.policy.err.feeMinTooBig');
  return Object.keys(errors).length ? { errors } : { policy };
}

function Suffix({ children, unit }: { children: React.ReactNode; unit: string }) {
  return <div className="input-suffix">{children}<span>{unit}</span></div>;
}

function PolicyForm({ policy }: { policy: Policy }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [f, setF] = useState<Form>(() => toForm(policy));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<number | null>(null);
  useEffect(() => { setF(toForm(policy)); }, [policy]);
  const m = useMutation({
    mutationFn: (p: Policy) => put<Policy>('/membership/policy', p),
    onSuccess: (p) => { qc.setQueryData(sk.policy, p); setSaved(p.version ?? null); setErrors({}); },
    onError: (e) => setErrors(fieldErrors(t, e)),
  });
  const set = (patch: Partial<Form>) => { setF((x) => ({ ...x, ...patch })); setSaved(null); };
  const setLevel = (i: number, patch: Partial<LevelForm>) => set({ levels: f.levels.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const r = fromForm(f, t);
    if ('errors' in r) { setErrors(r.errors); return; }
    setErrors({});
    m.mutate(r.policy);
  };
  const yuanUnit = t('console.policy.yuan'), days = t('console.policy.days'), pctUnit = '%';
  const num = (path: string, label: string, value: string, on: (v: string) => void, unit: string, hint?: string, testId?: string) => (
    <Field label={label} error={errors[path]} hint={hint}>
      {(p) => <Suffix unit={unit}><input {...p} inputMode="decimal" value={value} onChange={(e) => on(e.target.value)} data-testid={testId ?? `policy-${path}`} /></Suffix>}
    </Field>
  );
  return (
    <form className="stack" onSubmit={submit} noValidate data-testid="policy-form">
      <section className="card" aria-labelledby="p-fee">
        <h2 id="p-fee">{t('console.policy.feeTitle')}</h2>
        <div className="form-grid three">
          {num('annualFee', t('console.policy.annualFee'), f.annualFee, (v) => set({ annualFee: v }), yuanUnit, t('console.policy.annualFeeHint'))}
          {num('renewWithinDays', t('console.policy.renewWithinDays'), f.renewWithinDays, (v) => set({ renewWithinDays: v }), days, t('console.policy.renewWithinDaysHint'))}
          {num('readmitAfterDays', t('console.policy.readmitAfterDays'), f.readmitAfterDays, (v) => set({ readmitAfterDays: v }), days, t('console.policy.readmitAfterDaysHint'))}
        </div>
        <fieldset className="radio-row" data-testid="policy-removalRefund">
          <legend>{t('console.policy.removalRefund')}</legend>
          {(['full', 'pro_rata', 'none'] as const).map((r) => (
            <label key={r}><input type="radio" name="removalRefund" value={r} checked={f.removalRefund === r} onChange={() => set({ removalRefund: r })} /> {t(`console.policy.refund.${r}`)}</label>
          ))}
          {errors.removalRefund && <span className="field-error">{errors.removalRefund}</span>}
        </fieldset>
      </section>

      <section className="card flush" aria-labelledby="p-levels">
        <div className="card-head pad"><h2 id="p-levels">{t('console.policy.levelsTitle')}</h2></div>
        <div className="pad-x form-grid three">
          {num('levelWindowDays', t('console.policy.levelWindowDays'), f.levelWindowDays, (v) => set({ levelWindowDays: v }), days, t('console.policy.levelWindowDaysHint'))}
        </div>
        <table className="table policy-levels" data-testid="policy-levels">
          <thead><tr><th>{t('console.members.level')}</th><th>{t('console.policy.minSales')}</th><th>{t('console.policy.inviteQuota')}</th><th>{t('console.policy.perks')}</th></tr></thead>
          <tbody>
            {f.levels.map((l, i) => (
              <tr key={l.level} data-testid="policy-level" data-level={l.level}>
                <td><LevelBadge level={l.level} /></td>
                <td>
                  <Suffix unit={yuanUnit}><input aria-label={`${l.level} ${t('console.policy.minSales')}`} inputMode="decimal" value={l.minSales} disabled={i === 0} onChange={(e) => setLevel(i, { minSales: e.target.value })} aria-invalid={Boolean(errors[`levels.${i}.minSales`])} data-testid="level-min-sales" /></Suffix>
                  {errors[`levels.${i}.minSales`] && <span className="field-error">{errors[`levels.${i}.minSales`]}</span>}
                </td>
                <td>
                  <Suffix unit={t('console.policy.people')}><input aria-label={`${l.level} ${t('console.policy.inviteQuota')}`} inputMode="numeric" value={l.inviteQuota} onChange={(e) => setLevel(i, { inviteQuota: e.target.value })} aria-invalid={Boolean(errors[`levels.${i}.inviteQuota`])} data-testid="level-quota" /></Suffix>
                  {errors[`levels.${i}.inviteQuota`] && <span className="field-error">{errors[`levels.${i}.inviteQuota`]}</span>}
                </td>
                <td>
                  <div className="chips">
                    {[...PERKS, ...l.perks.filter((p) => !PERKS.includes(p))].map((p) => {
                      const on = l.perks.includes(p);
                      return <button key={p} type="button" className={`chip ${on ? 'on' : ''}`} aria-pressed={on} onClick={() => setLevel(i, { perks: on ? l.perks.filter((x) => x !== p) : [...l.perks, p] })}>{t(`console.policy.perk.${p}`, { defaultValue: p })}</button>;
                    })}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {errors.levels && <p className="field-error pad-x">{errors.levels}</p>}
        <p className="hint pad-x">{t('console.policy.levelsHint')}</p>
      </section>

      <section className="card" aria-labelledby="p-review">
        <h2 id="p-review">{t('console.policy.reviewTitle')}</h2>
        <div className="form-grid three">
          {num('monthlyMinimum', t('console.policy.monthlyMinimum'), f.monthlyMinimum, (v) => set({ monthlyMinimum: v }), yuanUnit, t('console.policy.monthlyMinimumHint'))}
          <label className="check"><input type="checkbox" checked={f.firstMonthExempt} onChange={(e) => set({ firstMonthExempt: e.target.checked })} data-testid="policy-firstMonthExempt" /> {t('console.policy.firstMonthExempt')}</label>
        </div>
      </section>

      <section className="card" aria-labelledby="p-rewards">
        <h2 id="p-rewards">{t('console.policy.rewardsTitle')}</h2>
        <p className="hint">{t('console.policy.rewardsHint')}</p>
        <div className="form-grid three">
          {num('invitation.bps', t('console.policy.invitationRate'), f.invitationPct, (v) => set({ invitationPct: v }), pctUnit)}
          <Field label={t('console.policy.invitationBasis')} error={errors['invitation.basis']}>
            {(p) => <select {...p} value={f.invitationBasis} onChange={(e) => set({ invitationBasis: e.target.value as 'sales' | 'margin' })} data-testid="policy-invitation.basis">
              <option value="sales">{t('console.policy.basis.sales')}</option><option value="margin">{t('console.policy.basis.margin')}</option>
            </select>}
          </Field>
          {num('invitation.thresholdSales', t('console.policy.invitationThreshold'), f.invitationThreshold, (v) => set({ invitationThreshold: v }), yuanUnit, t('console.policy.invitationThresholdHint'))}
          {num('invitation.months', t('console.policy.invitationMonths'), f.invitationMonths, (v) => set({ invitationMonths: v }), t('console.policy.months'), t('console.policy.invitationMonthsHint'))}
          <Field label={t('console.policy.teamMinLevel')} error={errors['team.minLevel']}>
            {(p) => <select {...p} value={f.teamMinLevel} onChange={(e) => set({ teamMinLevel: e.target.value as Level })} data-testid="policy-team.minLevel">{LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}</select>}
          </Field>
          {num('team.bps', t('console.policy.teamRate'), f.teamPct, (v) => set({ teamPct: v }), pctUnit, t('console.policy.teamRateHint'))}
        </div>
      </section>

      <section className="card" aria-labelledby="p-withdraw">
        <h2 id="p-withdraw">{t('console.policy.withdrawalTitle')}</h2>
        <div className="form-grid three">
          {num('withdrawal.minAmount', t('console.policy.wMin'), f.wMin, (v) => set({ wMin: v }), yuanUnit)}
          {num('withdrawal.maxAmount', t('console.policy.wMax'), f.wMax, (v) => set({ wMax: v }), yuanUnit)}
          {num('withdrawal.dailyCount', t('console.policy.wDaily'), f.wDaily, (v) => set({ wDaily: v }), t('console.policy.times'))}
          {num('withdrawal.feeBps', t('console.policy.wFeePct'), f.wFeePct, (v) => set({ wFeePct: v }), pctUnit, t('console.policy.wFeeHint'))}
          {num('withdrawal.feeMin', t('console.policy.wFeeMin'), f.wFeeMin, (v) => set({ wFeeMin: v }), yuanUnit)}
        </div>
      </section>

      <FormError error={m.error} />
      <div className="row end">
        {saved !== null && <span className="ok-text" role="status" data-testid="policy-saved">{t('console.policy.saved', { version: saved })}</span>}
        {Object.keys(errors).length > 0 && !m.error && <span className="field-error" role="alert" data-testid="policy-invalid">{t('console.policy.fixFields')}</span>}
        <button type="button" className="btn" onClick={() => { setF(toForm(policy)); setErrors({}); m.reset(); }}>{t('console.policy.revert')}</button>
        <button type="submit" className="btn btn-primary" disabled={m.isPending} data-testid="policy-save">{m.isPending ? t('console.common.saving') : t('console.policy.save')}</button>
      </div>
    </form>
  );
}

/** The policy in force (one query and cache for the policy form and the review's refund rule). */
export const usePolicy = (enabled = true) => useQuery({ queryKey: sk.policy, queryFn: ({ signal }) => get<Policy>('/membership/policy', signal), enabled });

export default function PolicyPage() {
  const { t } = useTranslation();
  const q = usePolicy();
  return (
    <>
      <div className="page-head">
        <h1>{t('console.policy.title')}</h1>
        {q.data?.version !== undefined && <span className="tag tag-draft" data-testid="policy-version">{t('console.policy.version', { version: q.data.version })}</span>}
      </div>
      <p className="hint">{t('console.policy.subtitle')}</p>
      <QueryView q={q}>{(p) => <PolicyForm policy={p} />}</QueryView>
    </>
  );
}
