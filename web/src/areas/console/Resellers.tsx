// 代购: the reseller network by level and search, with enrolment of a new reseller; each opens
// its detail (wallet, disabling).
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { Field, FormError, LevelBadge, Modal, LoadMore } from './ui.tsx';
import { fieldErrors, fmtDate, LEVELS, PHONE_RE, qs, type Level, type Page, type Reseller } from './lib.ts';
import { standingTag } from './settlement.ts';

function Enrol({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [f, setF] = useState({ name: '', phone: '', password: '', level: 'V1' as Level, invitedBy: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const inviters = useQuery({ queryKey: ['console', 'resellers', 'inviters'], queryFn: ({ signal }) => get<Page<Reseller>>('/resellers?limit=200', signal).then((r) => r.items) });
  const m = useMutation({
    mutationFn: (body: unknown) => post<Reseller>('/resellers', body),
    onSuccess: async () => { await qc.invalidateQueries({ queryKey: ['console', 'resellers'] }); onClose(); },
    onError: (e) => setErrors(fieldErrors(t, e)),
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!f.name.trim()) errs.name = t('console.common.required');
    else if (f.name.trim().length > 50) errs.name = t('console.common.maxLen', { n: 50 });
    if (!PHONE_RE.test(f.phone.trim())) errs.phone = t('console.common.phoneInvalid');
    if (f.password.length < 8) errs.password = t('console.common.passwordMin');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    m.mutate({ name: f.name.trim(), phone: f.phone.trim(), password: f.password, level: f.level, ...(f.invitedBy ? { invitedBy: f.invitedBy } : {}) });
  };
  return (
    <Modal title={t('console.resellers.enrolTitle')} onClose={onClose} testId="enrol-reseller">
      <form className="stack" onSubmit={submit} noValidate>
        <p className="hint">{t('console.resellers.enrolHint')}</p>
        <div className="form-grid">
          <Field label={t('console.resellers.name')} error={errors.name}>{(p) => <input {...p} value={f.name} maxLength={50} onChange={(e) => setF({ ...f, name: e.target.value })} />}</Field>
          <Field label={t('console.resellers.phone')} error={errors.phone}>{(p) => <input {...p} inputMode="tel" autoComplete="off" value={f.phone} onChange={(e) => setF({ ...f, phone: e.target.value })} />}</Field>
          <Field label={t('console.resellers.password')} error={errors.password} hint={t('console.common.passwordMin')}>{(p) => <input {...p} type="password" autoComplete="new-password" value={f.password} onChange={(e) => setF({ ...f, password: e.target.value })} />}</Field>
          <Field label={t('console.resellers.level')} error={errors.level}>
            {(p) => <select {...p} value={f.level} onChange={(e) => setF({ ...f, level: e.target.value as Level })}>{LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}</select>}
          </Field>
          <Field label={t('console.resellers.invitedBy')} error={errors.invitedBy} className="span-2">
            {(p) => (
              <select {...p} value={f.invitedBy} onChange={(e) => setF({ ...f, invitedBy: e.target.value })} disabled={inviters.isPending}>
                <option value="">{t('console.resellers.noInviter')}</option>
                {(inviters.data ?? []).map((r) => <option key={r.id} value={r.id}>{r.name} · {r.phone} · {r.level}</option>)}
              </select>
            )}
          </Field>
        </div>
        <FormError error={m.error} />
        <div className="row end">
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={m.isPending}>{m.isPending ? t('console.common.saving') : t('console.resellers.enrolSubmit')}</button>
        </div>
      </form>
    </Modal>
  );
}

export default function Resellers() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const level = (params.get('level') ?? '') as Level | '';
  const search = params.get('q') ?? '';
  const [typed, setTyped] = useState(search);
  const [enrolling, setEnrolling] = useState(false);
  const update = (k: string, v: string) => { const n = new URLSearchParams(params); if (v) n.set(k, v); else n.delete(k); setParams(n, { replace: true }); };
  const q = useInfiniteQuery({
    queryKey: ['console', 'resellers', 'list', level, search],
    queryFn: ({ pageParam, signal }) => get<Page<Reseller>>(`/resellers${qs({ level, search, cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const byId = new Map((q.data?.pages.flatMap((p) => p.items) ?? []).map((r) => [r.id, r]));
  const items = [...byId.values()];
  const soon = Date.now() + 30 * 86400_000;
  return (
    <>
      <div className="page-head">
        <h1>{t('console.resellers.title')}</h1>
        <button type="button" className="btn btn-primary" onClick={() => setEnrolling(true)} data-testid="enrol-open">{t('console.resellers.enrol')}</button>
      </div>
      <form className="card filters" role="search" onSubmit={(e) => { e.preventDefault(); if (typed.length <= 50) update('q', typed.trim()); }}>
        <label>{t('console.resellers.level')}
          <select value={level} onChange={(e) => update('level', e.target.value)} data-testid="reseller-level">
            <option value="">{t('console.common.all')}</option>
            {LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </label>
        <label className="grow">{t('console.resellers.search')}
          <input type="search" value={typed} maxLength={50} onChange={(e) => setTyped(e.target.value)} placeholder={t('console.resellers.searchPlaceholder')} data-testid="reseller-search" />
        </label>
        <button type="submit" className="btn">{t('common.search')}</button>
        {(level || search) && <button type="button" className="btn btn-ghost" onClick={() => { setTyped(''); setParams({}, { replace: true }); }}>{t('console.common.reset')}</button>}
      </form>
      <section className="card flush">
        {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{level || search ? t('console.common.noMatch') : t('console.resellers.none')}</Empty> : (
          <>
            <table className="table" data-testid="resellers-table">
              <thead><tr><th>{t('console.resellers.name')}</th><th>{t('console.resellers.phone')}</th><th>{t('console.resellers.level')}</th><th>{t('console.common.status')}</th><th>{t('console.resellers.shareCode')}</th><th>{t('console.resellers.invitedBy')}</th><th>{t('console.resellers.expires')}</th><th>{t('console.resellers.joined')}</th><th /></tr></thead>
              <tbody>
                {items.map((r) => {
                  const exp = r.membershipExpiresAt ? Date.parse(r.membershipExpiresAt) : null;
                  return (
                    <tr key={r.id}>
                      <td className="strong"><Link to={`/console/resellers/${r.id}`} data-testid="reseller-open">{r.name}</Link></td>
                      <td className="num">{r.phone}</td>
                      <td><LevelBadge level={r.level} /></td>
                      <td><span className={`tag ${standingTag(r.status)}`}>{t(`console.resellers.status.${r.status}`, { defaultValue: r.status })}</span></td>
                      <td><a className="mono" href={`/s/${r.shareCode}`} target="_blank" rel="noreferrer">{r.shareCode}</a></td>
                      <td>{r.invitedBy ? (byId.get(r.invitedBy)?.name ?? <span className="mono muted small">{r.invitedBy}</span>) : <span className="muted">—</span>}</td>
                      <td>{fmtDate(r.membershipExpiresAt)}{exp !== null && exp < Date.now() ? <span className="tag tag-closed">{t('console.resellers.expired')}</span> : exp !== null && exp < soon ? <span className="tag tag-warn">{t('console.resellers.expiresSoon')}</span> : null}</td>
                      <td className="muted">{fmtDate(r.createdAt)}</td>
                      <td><div className="row"><Link className="btn btn-small" to={`/console/resellers/${r.id}`}>{t('console.controls.reseller.detail')}</Link><Link className="btn btn-small" to={`/console/orders?resellerId=${r.id}`}>{t('console.resellers.orders')}</Link></div></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <LoadMore q={q} count={items.length} />
          </>
        )}
      </section>
      {enrolling && <Enrol onClose={() => setEnrolling(false)} />}
    </>
  );
}
