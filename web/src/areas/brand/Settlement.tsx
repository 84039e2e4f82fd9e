// Brand portal: 回款 — the monthly statements the platform pays the brand by: the month as it
// stands, then each closed month (units sold, returned and short, gross, commission, discounts the
// brand bears, what settled, after-sales adjustments, what was carried in, the amount due, what
// was paid and the payouts), each closed month as a PDF and the list as CSV; and the payout
// accounts the platform pays into (the default first).
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, get, post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, ErrorState, QueryView } from '../../components/states.tsx';
import { accountLine, kindName, PAYOUT_KINDS, type PayoutKind } from '../../components/payouts/accounts.ts';
import { fmtDate, fmtDateTime, settlementKeys, useMonthStatements, type MonthStatement, type PayoutAccount, type StatementStatus } from './data.ts';
import './settlement.i18n.ts';

const STATUS_TAG: Record<StatementStatus, string> = { open: 'tag-scheduled', closed: 'tag-draft', paying: 'tag-pending_payment', paid: 'tag-paid' };

function StatementTag({ status }: { status: StatementStatus }) {
  const { t } = useTranslation();
  return <span className={`tag ${STATUS_TAG[status]}`} data-testid="statement-status" data-status={status}>{t(`brand.settle.status.${status}`)}</span>;
}

/** The month as it stands: what has settled so far and what it would owe if it closed now. */
function OpenMonth({ s }: { s: MonthStatement }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="open-h" data-testid="open-month">
      <div className="page-head"><h2 id="open-h">{t('brand.settle.openTitle', { period: s.period })}</h2><StatementTag status={s.status} /></div>
      <div className="kpis">
        <div className="kpi"><div className="label">{t('brand.settle.sold')}</div><div className="value">{s.soldUnits}</div><div className="hint">{t('brand.settle.backUnits', { returned: s.returnedUnits, short: s.shortUnits })}</div></div>
        <div className="kpi"><div className="label">{t('brand.settle.gross')}</div><div className="value">{yuan(s.gross)}</div></div>
        <div className="kpi"><div className="label">{t('brand.settle.commission')}</div><div className="value bp-neg">−{yuan(s.commission)}</div></div>
        <div className="kpi"><div className="label">{t('brand.settle.adjustments')}</div><div className="value">{yuan(s.adjustments)}</div></div>
        <div className="kpi"><div className="label">{t('brand.settle.soFar')}</div><div className="value bp-money" data-testid="open-due">{yuan(s.amountDue)}</div><div className="hint">{t('brand.settle.soFarHint')}</div></div>
      </div>
    </section>
  );
}

function Statements({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const q = useMonthStatements(brandId);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const toggle = (k: string) => setOpen((o) => { const n = new Set(o); if (n.has(k)) n.delete(k); else n.add(k); return n; });
  return (
    <QueryView q={q}>
      {(items) => {
        const current = items.find((s) => s.status === 'open');
        // Columns that would be all dashes are left out, so the amount due stays in view.
        const anyDiscount = items.some((s) => s.discountsBorne !== 0);
        const anyCarried = items.some((s) => s.carriedIn !== 0);
        return (
          <>
            {current && <OpenMonth s={current} />}
            <section className="card bp-flush" aria-labelledby="months-h" data-testid="month-statements">
              <div className="page-head bp-card-title">
                <h2 id="months-h">{t('brand.settle.months')}</h2>
                <span className="spacer" />
                <a className="btn" href={`/api/v1/brand-statements.csv?lang=${lang}`} download data-testid="statements-csv">{t('brand.settle.csv')}</a>
              </div>
              <p className="hint bp-pad">{t('brand.settle.monthsHint')}</p>
              {items.length === 0 ? <Empty>{t('brand.settle.none')}</Empty> : (
                <div className="bp-scroll">
                  <table className="table bp-statements" data-testid="statements-table">
                    <thead><tr>
                      <th>{t('brand.settle.period')}</th><th>{t('brand.settle.statusLabel')}</th>
                      <th className="num">{t('brand.settle.sold')}</th>
                      <th className="num">{t('brand.settle.gross')}</th><th className="num">{t('brand.settle.commission')}</th>{anyDiscount && <th className="num">{t('brand.settle.discounts')}</th>}
                      <th className="num">{t('brand.settle.settled')}</th><th className="num">{t('brand.settle.adjustments')}</th>{anyCarried && <th className="num">{t('brand.settle.carriedIn')}</th>}
                      <th className="num">{t('brand.settle.amountDue')}</th><th className="num">{t('brand.settle.paid')}</th>
                    </tr></thead>
                    <tbody>
                      {items.map((s) => {
                        const k = s.id ?? s.period;
                        return (
                          <Fragment key={k}>
                            <tr data-testid="statement-row" data-id={s.id ?? ''} data-period={s.period} data-status={s.status}>
                              <td className="bp-nowrap"><strong>{s.period}</strong><div className="hint">{fmtDate(s.periodStart, i18n.language)} – {fmtDate(new Date(Date.parse(s.periodEnd) - 1).toISOString(), i18n.language)}</div>
                                {(s.id || s.payouts.length > 0) && <div className="bp-statement-actions">
                                  {s.id && <a className="btn btn-small" href={`/api/v1/brand-statements/${s.id}/pdf?lang=${lang}`} download data-testid="statement-pdf">{t('brand.settle.pdf')}</a>}
                                  {s.payouts.length > 0 && <button type="button" className="btn btn-small" aria-expanded={open.has(k)} onClick={() => toggle(k)} data-testid="statement-payouts-toggle">{t('brand.settle.payoutsN', { count: s.payouts.length })}</button>}
                                </div>}</td>
                              <td><StatementTag status={s.status} /></td>
                              <td className="num">{s.soldUnits}<div className="hint">{t('brand.settle.backUnits', { returned: s.returnedUnits, short: s.shortUnits })}</div></td>
                              <td className="num">{yuan(s.gross)}</td>
                              <td className="num bp-neg">−{yuan(s.commission)}</td>
                              {anyDiscount && <td className="num">{s.discountsBorne ? `−${yuan(s.discountsBorne)}` : '—'}</td>}
                              <td className="num">{yuan(s.settled)}</td>
                              <td className={`num ${s.adjustments < 0 ? 'bp-neg' : ''}`}>{s.adjustments ? yuan(s.adjustments) : '—'}</td>
                              {anyCarried && <td className="num">{s.carriedIn ? yuan(s.carriedIn) : '—'}</td>}
                              <td className="num"><strong data-testid="statement-due">{yuan(s.amountDue)}</strong></td>
                              <td className="num" data-testid="statement-paid">{s.paid ? yuan(s.paid) : '—'}</td>
                            </tr>
                            {open.has(k) && (
                              <tr><td colSpan={9 + Number(anyDiscount) + Number(anyCarried)}>
                                <table className="table" data-testid="statement-payouts">
                                  <thead><tr><th>{t('brand.settle.payoutAt')}</th><th className="num">{t('brand.settle.payoutAmount')}</th><th>{t('brand.settle.statusLabel')}</th><th>{t('brand.settle.account')}</th><th>{t('brand.settle.arrivedAt')}</th></tr></thead>
                                  <tbody>
                                    {s.payouts.map((p) => (
                                      <tr key={p.id} data-testid="statement-payout" data-status={p.status}>
                                        <td className="bp-nowrap">{fmtDateTime(p.createdAt, i18n.language)}</td><td className="num">{yuan(p.amount)}</td>
                                        <td>{t(`brand.settle.payoutStatus.${p.status}`, { defaultValue: p.status })}{p.failure && <div className="field-error">{p.failure}</div>}</td>
                                        <td>{accountLine(t, p.account)}</td><td className="bp-nowrap">{p.settledAt ? fmtDateTime(p.settledAt, i18n.language) : '—'}</td>
                                      </tr>
                                    ))}
                                  </tbody>
                                </table>
                              </td></tr>
                            )}
                          </Fragment>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          </>
        );
      }}
    </QueryView>
  );
}

function AddAccount({ brandId, onDone }: { brandId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [f, setF] = useState({ kind: 'bank_card' as PayoutKind, holderName: '', accountNo: '', bankName: '', makeDefault: false });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: () => post<PayoutAccount>('/me/payout-accounts', {
      kind: f.kind, holderName: f.holderName.trim(), accountNo: f.accountNo.replace(/\s+/g, ''), ...(f.kind === 'bank_card' ? { bankName: f.bankName.trim() } : {}), ...(f.makeDefault ? { makeDefault: true } : {}),
    }),
    onSuccess: async () => { await qc.invalidateQueries({ queryKey: settlementKeys.accounts(brandId) }); onDone(); },
    onError: (e) => {
      const out: Record<string, string> = {};
      if (e instanceof ApiError) for (const x of e.errors) out[x.path.replace(/^body\./, '')] ??= x.message;
      setErrors(out);
    },
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!f.holderName.trim()) errs.holderName = t('brand.settle.required');
    if (!f.accountNo.trim()) errs.accountNo = t('brand.settle.required');
    else if (f.kind === 'bank_card' && !/^\d{16,19}$/.test(f.accountNo.replace(/\s+/g, ''))) errs.accountNo = t('brand.settle.cardInvalid');
    if (f.kind === 'bank_card' && !f.bankName.trim()) errs.bankName = t('brand.settle.required');
    setErrors(errs);
    if (Object.keys(errs).length === 0) m.mutate();
  };
  const field = (key: 'holderName' | 'accountNo' | 'bankName', label: string, extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="bp-field">{label}
      <input value={f[key]} onChange={(e) => setF({ ...f, [key]: e.target.value })} aria-invalid={Boolean(errors[key])} aria-describedby={errors[key] ? `acct-${key}-err` : undefined} data-testid={`account-${key}`} {...extra} />
      {errors[key] && <span id={`acct-${key}-err`} className="field-error">{errors[key]}</span>}
    </label>
  );
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="add-acct-h" data-testid="account-form">
      <h3 id="add-acct-h">{t('brand.settle.addAccount')}</h3>
      <div className="row bp-account-form">
        <label className="bp-field">{t('brand.settle.kindLabel')}
          <select value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as PayoutKind })} data-testid="account-kind">
            {PAYOUT_KINDS.map((k) => <option key={k} value={k}>{kindName(t, k)}</option>)}
          </select>
        </label>
        {field('holderName', t('brand.settle.holderName'), { maxLength: 60, placeholder: t('brand.settle.holderPlaceholder') })}
        {field('accountNo', f.kind === 'bank_card' ? t('brand.settle.cardNo') : t('brand.settle.accountNo'), { inputMode: f.kind === 'bank_card' ? 'numeric' : 'text', maxLength: 60, autoComplete: 'off' })}
        {f.kind === 'bank_card' && field('bankName', t('brand.settle.bankName'), { maxLength: 60, placeholder: t('brand.settle.bankPlaceholder') })}
      </div>
      <label className="row"><input type="checkbox" checked={f.makeDefault} onChange={(e) => setF({ ...f, makeDefault: e.target.checked })} /> {t('brand.settle.makeDefault')}</label>
      {m.error && Object.keys(errors).length === 0 ? <ErrorState error={m.error} /> : null}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={m.isPending} data-testid="account-save">{m.isPending ? t('brand.settle.saving') : t('brand.settle.save')}</button>
        <button type="button" className="btn" onClick={onDone}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

function Accounts({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [adding, setAdding] = useState(false);
  const q = useQuery({ queryKey: settlementKeys.accounts(brandId), queryFn: ({ signal }) => get<{ items: PayoutAccount[] }>('/me/payout-accounts', signal).then((r) => r.items) });
  const refresh = () => qc.invalidateQueries({ queryKey: settlementKeys.accounts(brandId) });
  const remove = useMutation({ mutationFn: (id: string) => api('DELETE', `/me/payout-accounts/${id}`), onSuccess: refresh });
  const makeDefault = useMutation({ mutationFn: (id: string) => post(`/me/payout-accounts/${id}/default`, {}), onSuccess: refresh });
  return (
    <section className="card bp-flush" aria-labelledby="accts-h" data-testid="payout-accounts">
      <div className="page-head bp-card-title">
        <h2 id="accts-h">{t('brand.settle.accounts')}</h2>
        <span className="spacer" />
        {!adding && <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} data-testid="account-add">{t('brand.settle.addAccount')}</button>}
      </div>
      <p className="hint bp-pad">{t('brand.settle.accountsHint')}</p>
      {adding && <div className="bp-pad"><AddAccount brandId={brandId} onDone={() => setAdding(false)} /></div>}
      <QueryView q={q}>
        {(items) => {
          const live = items.filter((a) => !a.removedAt);
          return live.length === 0 ? <Empty>{t('brand.settle.noAccounts')}</Empty> : (
            <table className="table" data-testid="accounts-table">
              <thead><tr><th>{t('brand.settle.kindLabel')}</th><th>{t('brand.settle.account')}</th><th>{t('brand.settle.holderName')}</th><th>{t('brand.settle.addedAt')}</th><th /></tr></thead>
              <tbody>
                {live.map((a) => (
                  <tr key={a.id} data-testid="account-row" data-id={a.id}>
                    <td>{kindName(t, a.kind)}{a.isDefault && <span className="tag tag-paid" data-testid="account-default"> {t('brand.settle.default')}</span>}</td>
                    <td><code>{a.bankName ? `${a.bankName} · ` : ''}{a.accountNoMasked}</code></td>
                    <td>{a.holderName}</td>
                    <td className="bp-nowrap">{fmtDate(a.createdAt, i18n.language)}</td>
                    <td className="bp-nowrap">
                      {!a.isDefault && <button type="button" className="btn btn-small" disabled={makeDefault.isPending} onClick={() => makeDefault.mutate(a.id)} data-testid="account-make-default">{t('brand.settle.setDefault')}</button>}
                      <button type="button" className="btn btn-small btn-ghost" disabled={remove.isPending} onClick={() => { if (window.confirm(t('brand.settle.removeConfirm', { account: a.accountNoMasked }))) remove.mutate(a.id); }} data-testid="account-remove">{t('brand.settle.remove')}</button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </QueryView>
      {(remove.error || makeDefault.error) ? <ErrorState error={remove.error ?? makeDefault.error} /> : null}
    </section>
  );
}

export default function SettlementPage({ brandId }: { brandId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="page-head"><h1>{t('brand.settle.heading')}</h1></div>
      <p className="bp-callout">{t('brand.settle.explain')}</p>
      <Statements brandId={brandId} />
      <Accounts brandId={brandId} />
    </>
  );
}
