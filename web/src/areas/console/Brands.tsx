// 品牌: the signed brands with their contract in force, signing a new brand (with an optional
// first login for the brand) and adding a contract.
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { QueryView } from '../../components/states.tsx';
import { Field, FormError, Modal, useBrands } from './ui.tsx';
import { ContractFields, checkContract, newContractDraft, type ContractDraft } from './ContractForm.tsx';
import { bpsToPct, fieldErrors, fmtDate, PHONE_RE, type Brand, type Contract } from './lib.ts';

const CATEGORIES = ['女装', '男装', '童装', '美妆', '鞋靴', '箱包', '内衣', '运动户外', '母婴', '家居', '小家电'];

export function ContractSummary({ c }: { c: Contract | null }) {
  const { t } = useTranslation();
  if (!c) return <span className="tag tag-warn">{t('console.contract.none')}</span>;
  const days = Math.ceil((Date.parse(c.validTo) - Date.now()) / 86400_000);
  return (
    <span className="contract-summary">
      <strong>{t('console.contract.commissionShort', { pct: bpsToPct(c.commissionBps) })}</strong>
      {c.exclusive && <span className="tag tag-exclusive">{t('console.contract.exclusiveTag')}</span>}
      <span className="muted">{fmtDate(c.validFrom)} – {fmtDate(c.validTo)}</span>
      {days <= 30 && <span className="tag tag-warn">{t('console.contract.expiresIn', { count: days })}</span>}
      {c.yearlyPlan ? <span className="muted">{t('console.contract.planShort', { amount: yuan(c.yearlyPlan) })}</span> : null}
    </span>
  );
}

function SignBrand({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [category, setCategory] = useState('');
  const [contract, setContract] = useState<ContractDraft>(newContractDraft);
  const [withUser, setWithUser] = useState(true);
  const [user, setUser] = useState({ phone: '', name: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: (body: unknown) => post<Brand>('/brands', body),
    onSuccess: async () => { await qc.invalidateQueries({ queryKey: ['console', 'brands'] }); onClose(); },
    // The login's uniqueness check reports the bare "phone" field.
    onError: (e) => setErrors(Object.fromEntries(Object.entries(fieldErrors(t, e)).map(([k, v]) => [k === 'phone' ? 'user.phone' : k, v]))),
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = t('console.common.required');
    else if (name.trim().length > 100) errs.name = t('console.common.maxLen', { n: 100 });
    if (nameEn.trim().length > 100) errs.nameEn = t('console.common.maxLen', { n: 100 });
    if (!category.trim()) errs.category = t('console.common.required');
    else if (category.trim().length > 50) errs.category = t('console.common.maxLen', { n: 50 });
    const c = checkContract(t, contract);
    Object.assign(errs, Object.fromEntries(Object.entries(c.errors).map(([k, v]) => [`contract.${k}`, v])));
    if (withUser) {
      if (!PHONE_RE.test(user.phone.trim())) errs['user.phone'] = t('console.common.phoneInvalid');
      if (!user.name.trim()) errs['user.name'] = t('console.common.required');
      else if (user.name.trim().length > 50) errs['user.name'] = t('console.common.maxLen', { n: 50 });
      if (user.password.length < 8) errs['user.password'] = t('console.common.passwordMin');
    }
    setErrors(errs);
    if (Object.keys(errs).length) return;
    m.mutate({
      name: name.trim(), ...(nameEn.trim() ? { nameEn: nameEn.trim() } : {}), category: category.trim(), contract: c.value,
      ...(withUser ? { user: { phone: user.phone.trim(), name: user.name.trim(), password: user.password } } : {}),
    });
  };
  return (
    <Modal title={t('console.brands.signTitle')} onClose={onClose} wide testId="sign-brand">
      <form className="stack" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label={t('console.brands.name')} error={errors.name}>{(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />}</Field>
          <Field label={t('console.brands.nameEn')} error={errors.nameEn}>{(p) => <input {...p} value={nameEn} onChange={(e) => setNameEn(e.target.value)} maxLength={100} placeholder={t('console.common.optional')} />}</Field>
          <Field label={t('console.brands.category')} error={errors.category}>
            {(p) => <><input {...p} list="brand-categories" value={category} onChange={(e) => setCategory(e.target.value)} maxLength={50} required />
              <datalist id="brand-categories">{CATEGORIES.map((c) => <option key={c} value={c} />)}</datalist></>}
          </Field>
        </div>
        <fieldset>
          <legend>{t('console.contract.title')}</legend>
          <ContractFields draft={contract} onChange={setContract} errors={Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith('contract.')).map(([k, v]) => [k.slice(9), v]))} />
        </fieldset>
        <fieldset>
          <legend>
            <label className="check"><input type="checkbox" checked={withUser} onChange={(e) => setWithUser(e.target.checked)} /> {t('console.brands.withUser')}</label>
          </legend>
          {withUser && (
            <div className="form-grid">
              <Field label={t('console.brands.userPhone')} error={errors['user.phone']}>{(p) => <input {...p} inputMode="tel" autoComplete="off" value={user.phone} onChange={(e) => setUser({ ...user, phone: e.target.value })} />}</Field>
              <Field label={t('console.brands.userName')} error={errors['user.name']}>{(p) => <input {...p} value={user.name} onChange={(e) => setUser({ ...user, name: e.target.value })} />}</Field>
              <Field label={t('console.brands.userPassword')} error={errors['user.password']} hint={t('console.common.passwordMin')}>{(p) => <input {...p} type="password" autoComplete="new-password" value={user.password} onChange={(e) => setUser({ ...user, password: e.target.value })} />}</Field>
            </div>
          )}
        </fieldset>
        <FormError error={m.error} />
        <div className="row end">
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={m.isPending}>{m.isPending ? t('console.common.saving') : t('console.brands.signSubmit')}</button>
        </div>
      </form>
    </Modal>
  );
}

export function AddContract({ brand, onClose }: { brand: Brand; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<ContractDraft>(() => {
    const d = newContractDraft();
    // A renewal usually keeps the terms and starts when the current contract ends.
    if (brand.contract) return { ...d, commission: bpsToPct(brand.contract.commissionBps), exclusive: brand.contract.exclusive };
    return d;
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: (body: unknown) => post<Brand>(`/brands/${brand.id}/contracts`, body),
    onSuccess: async () => { await qc.invalidateQueries({ queryKey: ['console', 'brands'] }); await qc.invalidateQueries({ queryKey: ['console', 'brand', brand.id] }); onClose(); },
    onError: (e) => setErrors(fieldErrors(t, e)),
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const c = checkContract(t, draft);
    setErrors(c.errors);
    if (c.value) m.mutate(c.value);
  };
  return (
    <Modal title={t('console.contract.addTitle', { brand: brand.name })} onClose={onClose} testId="add-contract">
      <form className="stack" onSubmit={submit} noValidate>
        <p className="hint">{t('console.contract.addHint')}</p>
        <ContractFields draft={draft} onChange={setDraft} errors={errors} />
        <FormError error={m.error} />
        <div className="row end">
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={m.isPending}>{m.isPending ? t('console.common.saving') : t('console.contract.addSubmit')}</button>
        </div>
      </form>
    </Modal>
  );
}

export default function Brands() {
  const { t } = useTranslation();
  const q = useBrands();
  const [signing, setSigning] = useState(false);
  const [contractFor, setContractFor] = useState<Brand | null>(null);
  const [filter, setFilter] = useState('');
  return (
    <>
      <div className="page-head">
        <h1>{t('console.brands.title')}</h1>
        <input type="search" className="search-input" aria-label={t('console.brands.filter')} placeholder={t('console.brands.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="button" className="btn btn-primary" onClick={() => setSigning(true)} data-testid="sign-brand-open">{t('console.brands.sign')}</button>
      </div>
      <section className="card flush">
        <QueryView q={q} empty={(d) => d.length === 0}>
          {(brands) => {
            const f = filter.trim().toLowerCase();
            const shown = f ? brands.filter((b) => `${b.name} ${b.nameEn ?? ''} ${b.category}`.toLowerCase().includes(f)) : brands;
            return (
              <table className="table" data-testid="brands-table">
                <thead><tr><th>{t('console.brands.name')}</th><th>{t('console.brands.category')}</th><th>{t('console.contract.current')}</th><th>{t('console.common.status')}</th><th>{t('console.common.actions')}</th></tr></thead>
                <tbody>
                  {shown.map((b) => (
                    <tr key={b.id}>
                      <td><Link to={`/console/brands/${b.id}`} className="strong">{b.name}</Link>{b.nameEn && <div className="muted small">{b.nameEn}</div>}</td>
                      <td>{b.category}</td>
                      <td><ContractSummary c={b.contract} /></td>
                      <td><span className={`tag tag-${b.status === 'active' ? 'live' : 'closed'}`}>{t(`console.brands.status.${b.status}`, { defaultValue: b.status })}</span></td>
                      <td className="actions">
                        <Link className="btn btn-small" to={`/console/brands/${b.id}`}>{t('console.common.view')}</Link>
                        <Link className="btn btn-small" to={`/console/import?brand=${b.id}`}>{t('console.brands.importLot')}</Link>
                        <Link className="btn btn-small" to={`/console/events/new?brand=${b.id}`}>{t('console.brands.newEvent')}</Link>
                        <button type="button" className="btn btn-small" onClick={() => setContractFor(b)}>{t('console.contract.add')}</button>
                      </td>
                    </tr>
                  ))}
                  {shown.length === 0 && <tr><td colSpan={5} className="state">{t('console.common.noMatch')}</td></tr>}
                </tbody>
              </table>
            );
          }}
        </QueryView>
      </section>
      {signing && <SignBrand onClose={() => setSigning(false)} />}
      {contractFor && <AddContract brand={contractFor} onClose={() => setContractFor(null)} />}
    </>
  );
}
