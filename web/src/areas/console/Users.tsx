// 账号管理: every login (operators, brand users, resellers) by role or found by name or phone;
// disabling and enabling one, and resetting a password to a one-time temporary password shown
// to the operator once. Each action asks why; the reason goes into the operator actions record.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { useMe } from '../../lib/auth.tsx';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { LoadMore, Modal } from './ui.tsx';
import { ReasonDialog } from './controls.tsx';
import { OPERATOR_PRESETS } from '../../lib/reasons.ts';
import { fmtDateTime, qs, type Page } from './lib.ts';

type Role = 'operator' | 'brand' | 'reseller';
const ROLES: Role[] = ['operator', 'brand', 'reseller'];
interface User {
  id: string; role: Role; name: string; phone: string; brandId: string | null; resellerId: string | null;
  disabledAt: string | null; mustChangePassword: boolean; passwordChangedAt: string | null; createdAt: string;
}
type Act = { kind: 'disable' | 'enable' | 'reset'; user: User };

/** The temporary password, once: the operator copies it or writes it down, then it is gone. */
function TemporaryPassword({ user, password, onClose }: { user: User; password: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <Modal title={t('console.controls.users.tempTitle')} onClose={onClose} testId="temp-password-dialog">
      <div className="stack">
        <p>{t('console.controls.users.tempBody', { name: user.name })}</p>
        <div className="temp-password">
          <code data-testid="temp-password">{password}</code>
          <button type="button" className="btn btn-small" onClick={() => { void navigator.clipboard?.writeText(password).then(() => setCopied(true), () => setCopied(false)); }}>
            {copied ? t('console.controls.users.copied') : t('console.controls.users.copy')}
          </button>
        </div>
        <div className="row end"><button type="button" className="btn btn-primary" onClick={onClose} data-testid="temp-password-done">{t('console.controls.users.tempDone')}</button></div>
      </div>
    </Modal>
  );
}

export default function Users() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const role = (params.get('role') ?? '') as Role | '';
  const search = params.get('q') ?? '';
  const [typed, setTyped] = useState(search);
  const [act, setAct] = useState<Act | null>(null);
  const [temp, setTemp] = useState<{ user: User; password: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const update = (k: string, v: string) => { const n = new URLSearchParams(params); if (v) n.set(k, v); else n.delete(k); setParams(n, { replace: true }); };
  const q = useInfiniteQuery({
    queryKey: ['console', 'users', role, search],
    queryFn: ({ pageParam, signal }) => get<Page<User>>(`/users${qs({ role, q: search, cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const done = async () => {
    setAct(null);
    await Promise.all([qc.invalidateQueries({ queryKey: ['console', 'users'] }), qc.invalidateQueries({ queryKey: ['console', 'operator-actions'] })]);
  };
  return (
    <>
      <div className="page-head"><h1>{t('console.controls.users.title')}</h1></div>
      <p className="hint">{t('console.controls.users.subtitle')}</p>
      <form className="card filters" role="search" onSubmit={(e) => { e.preventDefault(); update('q', typed.trim().slice(0, 40)); }}>
        <label>{t('console.controls.users.role')}
          <select value={role} onChange={(e) => update('role', e.target.value)} data-testid="users-role">
            <option value="">{t('console.common.all')}</option>
            {ROLES.map((r) => <option key={r} value={r}>{t(`console.controls.users.roles.${r}`)}</option>)}
          </select>
        </label>
        <label className="grow">{t('console.controls.users.search')}
          <input type="search" value={typed} maxLength={40} onChange={(e) => setTyped(e.target.value)} placeholder={t('console.controls.users.searchPlaceholder')} data-testid="users-q" />
        </label>
        <button type="submit" className="btn" data-testid="users-search">{t('common.search')}</button>
        {(role || search) && <button type="button" className="btn btn-ghost" onClick={() => { setTyped(''); setParams({}, { replace: true }); }}>{t('console.common.reset')}</button>}
      </form>
      {notice && <p className="notice" role="status" data-testid="control-notice">{notice}</p>}
      <section className="card flush">
        {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{t('console.controls.users.none')}</Empty> : (
          <>
            <table className="table" data-testid="users-table">
              <thead><tr>
                <th>{t('console.controls.users.name')}</th><th>{t('console.controls.users.phone')}</th><th>{t('console.controls.users.role')}</th><th>{t('console.controls.users.state')}</th>
                <th>{t('console.controls.users.passwordChanged')}</th><th>{t('console.controls.users.createdAt')}</th><th />
              </tr></thead>
              <tbody>
                {items.map((u) => {
                  const self = me.data?.userId === u.id;
                  return (
                    <tr key={u.id} data-testid="user-row" data-id={u.id} data-phone={u.phone}>
                      <td className="strong">{u.name}{self && <span className="muted">{t('console.controls.users.you')}</span>}</td>
                      <td className="num">{u.phone}</td>
                      <td>{t(`console.controls.users.roles.${u.role}`)}</td>
                      <td>
                        <span className={`tag ${u.disabledAt ? 'tag-closed' : 'tag-live'}`} data-testid="user-state">{u.disabledAt ? t('console.controls.users.disabled') : t('console.controls.users.active')}</span>
                        {u.mustChangePassword && <> <span className="tag tag-warn">{t('console.controls.users.mustChange')}</span></>}
                      </td>
                      <td className="muted">{u.passwordChangedAt ? fmtDateTime(u.passwordChangedAt) : t('console.controls.users.never')}</td>
                      <td className="muted">{fmtDateTime(u.createdAt)}</td>
                      <td>
                        {!self && (
                          <div className="row">
                            {u.disabledAt
                              ? <button type="button" className="btn btn-small" onClick={() => setAct({ kind: 'enable', user: u })} data-testid="user-enable">{t('console.controls.users.enable')}</button>
                              : <button type="button" className="btn btn-small" onClick={() => setAct({ kind: 'disable', user: u })} data-testid="user-disable">{t('console.controls.users.disable')}</button>}
                            <button type="button" className="btn btn-small" onClick={() => setAct({ kind: 'reset', user: u })} data-testid="user-reset">{t('console.controls.users.reset')}</button>
                          </div>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <LoadMore q={q} count={items.length} />
          </>
        )}
      </section>
      {act?.kind === 'reset' && (
        <ReasonDialog<{ temporaryPassword: string }>
          title={t('console.controls.users.resetTitle', { name: act.user.name })} body={t('console.controls.users.resetBody')}
          presets={OPERATOR_PRESETS.passwordReset} confirmLabel={t('console.controls.users.reset')}
          act={(reason) => post<{ temporaryPassword: string }>(`/users/${act.user.id}/reset-password`, { reason })}
          onDone={async (r) => { setTemp({ user: act.user, password: r.temporaryPassword }); setNotice(null); await done(); }}
          onClose={() => setAct(null)} testId="user-reset-dialog"
        />
      )}
      {act && act.kind !== 'reset' && (
        <ReasonDialog<{ endedSessions: number }>
          title={t(`console.controls.users.${act.kind}Title`, { name: act.user.name })} body={t(`console.controls.users.${act.kind}Body`)} danger={act.kind === 'disable'}
          presets={act.kind === 'disable' ? OPERATOR_PRESETS.userDisable : []} confirmLabel={t(`console.controls.users.${act.kind}`)}
          act={(reason) => post<{ endedSessions: number }>(`/users/${act.user.id}/${act.kind}`, { reason })}
          onDone={async (r) => { setNotice(act.kind === 'disable' ? t('console.controls.users.disabledDone', { count: r.endedSessions }) : null); await done(); }}
          onClose={() => setAct(null)} testId="user-toggle-dialog"
        />
      )}
      {temp && <TemporaryPassword user={temp.user} password={temp.password} onClose={() => setTemp(null)} />}
    </>
  );
}
