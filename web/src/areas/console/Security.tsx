// 安全: phones and client addresses locked after failed logins right now (each with an unlock
// that is audited), every login tried (by outcome and phone, failures marked), and the audit of
// what was done to logins and sessions.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import i18n from '../../lib/i18n.ts';
import { deviceName } from '../../lib/device.ts';
import { Empty, ErrorState, Loading, QueryView } from '../../components/states.tsx';
import { OutcomeTag, Problem, type LoginOutcome, type LoginRecord } from '../../components/AccountSecurity.tsx';
import { LoadMore } from './ui.tsx';
import { fmtDateTime, qs, type Page } from './lib.ts';
import './security.css';

interface Lock { kind: 'phone' | 'address'; value: string; failures: number; firstFailedAt: string; lastFailedAt: string; lockedUntil: string; retryAfter: number; userName: string | null; role: string | null }
type AuditAction = 'throttle_cleared' | 'password_changed' | 'password_change_refused' | 'session_revoked' | 'other_sessions_revoked';
interface AuditEntry { id: string; at: string; action: AuditAction; actorUserId: string; actorName: string | null; subjectUserId: string | null; target: string; ip: string; userAgent: string }

const OUTCOMES: LoginOutcome[] = ['succeeded', 'failed', 'locked'];
const LOCKS_KEY = ['console', 'security', 'locks'];

/** "2 minutes" / "2 分钟": a wait, rounded up to whole seconds, minutes or hours. */
function waitText(seconds: number): string {
  const [n, unit] = seconds < 60 ? [seconds, 'second'] : seconds < 3600 ? [Math.ceil(seconds / 60), 'minute'] : [Math.ceil(seconds / 3600), 'hour'];
  return new Intl.NumberFormat(i18n.language === 'en' ? 'en' : 'zh-CN', { style: 'unit', unit, unitDisplay: 'long' }).format(n);
}

function LockRow({ l, onUnlocked }: { l: Lock; onUnlocked: (value: string) => void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const unlock = useMutation({
    mutationFn: () => post<{ ok: true; cleared: boolean }>('/login-locks/clear', { kind: l.kind, value: l.value }),
    onSuccess: () => onUnlocked(l.value),
  });
  return (
    <>
      <tr data-testid="lock-row" data-kind={l.kind} data-value={l.value}>
        <td>{t(`console.security.locks.kinds.${l.kind}`)}</td>
        <td className="mono">{l.value}</td>
        <td>{l.kind === 'phone' ? (l.userName ? <>{l.userName} <span className="muted small">{t(`account.profile.roles.${l.role}`, { defaultValue: l.role ?? '' })}</span></> : <span className="muted">{t('console.security.locks.unregistered')}</span>) : '—'}</td>
        <td className="num bad-number" data-testid="lock-failures">{l.failures}</td>
        <td className="nowrap">{fmtDateTime(l.firstFailedAt)}</td>
        <td className="nowrap">{fmtDateTime(l.lastFailedAt)}</td>
        <td className="nowrap">{fmtDateTime(l.lockedUntil)} <span className="muted small">{t('console.security.locks.remaining', { wait: waitText(l.retryAfter) })}</span></td>
        <td className="actions">
          {!asking && <button type="button" className="btn btn-small btn-danger" onClick={() => setAsking(true)} data-testid="lock-unlock">{t('console.security.locks.unlock')}</button>}
        </td>
      </tr>
      {asking && (
        <tr className="subrow">
          <td colSpan={8}>
            <div className="row" data-testid="lock-confirm">
              <span>{t('console.security.locks.confirm', { value: l.value })}</span>
              <button type="button" className="btn btn-small btn-primary" disabled={unlock.isPending} onClick={() => unlock.mutate()} data-testid="confirm-yes">{t('console.security.locks.unlock')}</button>
              <button type="button" className="btn btn-small" disabled={unlock.isPending} onClick={() => setAsking(false)}>{t('common.cancel')}</button>
            </div>
            <Problem error={unlock.error} />
          </td>
        </tr>
      )}
    </>
  );
}

function Locks() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  // Locks end by themselves: keep the list current while the page is open.
  const q = useQuery({ queryKey: LOCKS_KEY, queryFn: ({ signal }) => get<{ items: Lock[] }>('/login-locks', signal).then((r) => r.items), refetchInterval: 15_000 });
  const unlocked = (value: string) => {
    setDone(t('console.security.locks.unlocked', { value }));
    void qc.invalidateQueries({ queryKey: ['console', 'security'] });
  };
  return (
    <section className="card flush" aria-labelledby="locks-h" data-testid="locks">
      <div className="card-head pad">
        <h2 id="locks-h">{t('console.security.locks.title')}{q.data && q.data.length > 0 && <span className="tag tag-warn sec-count">{q.data.length}</span>}</h2>
        <button type="button" className="btn btn-small" onClick={() => void q.refetch()} disabled={q.isFetching}>{t('console.security.locks.refresh')}</button>
      </div>
      {done && <p className="sec-done" role="status" data-testid="lock-done">{done}</p>}
      <QueryView q={q}>
        {(items) => items.length === 0 ? <Empty>{t('console.security.locks.none')}</Empty> : (
          <table className="table" data-testid="locks-table">
            <thead><tr>
              <th>{t('console.security.locks.kind')}</th><th>{t('console.security.locks.value')}</th><th>{t('console.security.locks.who')}</th>
              <th className="num">{t('console.security.locks.failures')}</th><th>{t('console.security.locks.first')}</th><th>{t('console.security.locks.last')}</th>
              <th>{t('console.security.locks.until')}</th><th />
            </tr></thead>
            <tbody>{items.map((l) => <LockRow key={`${l.kind}:${l.value}`} l={l} onUnlocked={unlocked} />)}</tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}

function Records() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const outcome = params.get('outcome') ?? '';
  const phone = params.get('phone') ?? '';
  const [typed, setTyped] = useState(phone);
  const update = (patch: Record<string, string | null>) => {
    const n = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v) n.set(k, v); else n.delete(k); }
    setParams(n, { replace: true });
  };
  const q = useInfiniteQuery({
    queryKey: ['console', 'security', 'records', outcome, phone],
    queryFn: ({ pageParam, signal }) => get<Page<LoginRecord>>(`/login-records${qs({ outcome, phone, cursor: pageParam, limit: 30 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(outcome || phone);
  return (
    <section className="card flush" aria-labelledby="records-h" data-testid="login-records">
      <div className="card-head pad"><h2 id="records-h">{t('console.security.records.title')}</h2></div>
      <div className="pad-x stack">
        <p className="hint">{t('console.security.records.hint')}</p>
        <form className="filters" role="search" onSubmit={(e) => { e.preventDefault(); update({ phone: typed.replace(/\s/g, '').slice(0, 20) }); }}>
          <div className="chips" role="group" aria-label={t('console.security.records.filter')} data-testid="outcome-chips">
            {['', ...OUTCOMES].map((o) => (
              <button key={o || 'all'} type="button" className={`chip ${outcome === o ? 'on' : ''}`} aria-pressed={outcome === o} onClick={() => update({ outcome: o })} data-testid={`outcome-chip-${o || 'all'}`}>
                {o ? t(`account.logins.outcome.${o}`) : t('console.security.records.all')}
              </button>
            ))}
          </div>
          <label className="grow">{t('console.security.records.phone')}
            <input type="search" inputMode="tel" value={typed} maxLength={20} onChange={(e) => setTyped(e.target.value)} placeholder={t('console.security.records.phonePlaceholder')} data-testid="records-phone" />
          </label>
          <button type="submit" className="btn" data-testid="records-search">{t('common.search')}</button>
          {filtered && <button type="button" className="btn btn-ghost" onClick={() => { setTyped(''); update({ outcome: null, phone: null }); }}>{t('console.common.reset')}</button>}
        </form>
      </div>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{filtered ? t('console.common.noMatch') : t('console.security.records.none')}</Empty> : (
        <>
          <table className="table" data-testid="records-table">
            <thead><tr>
              <th>{t('console.security.records.at')}</th><th>{t('console.security.records.phone')}</th><th>{t('console.security.records.who')}</th>
              <th>{t('console.security.records.outcome')}</th><th>{t('console.security.records.ip')}</th><th>{t('console.security.records.device')}</th>
            </tr></thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} className={r.outcome === 'succeeded' ? '' : 'sec-bad'} data-testid="record-row" data-outcome={r.outcome} data-phone={r.phone}>
                  <td className="nowrap">{fmtDateTime(r.at)}</td>
                  <td className="mono">{r.phone}</td>
                  <td>{r.userName ? <>{r.userName} <span className="muted small">{t(`account.profile.roles.${r.role}`, { defaultValue: r.role ?? '' })}</span></> : <span className="muted">{t('console.security.records.unknown')}</span>}</td>
                  <td><OutcomeTag outcome={r.outcome} /></td>
                  <td className="mono">{r.ip || '—'}</td>
                  <td className="sec-ua" title={r.userAgent}>{deviceName(r.userAgent) || <span className="muted">{r.userAgent.slice(0, 40) || '—'}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <LoadMore q={q} count={items.length} testId="records-more" />
        </>
      )}
    </section>
  );
}

function Audit() {
  const { t } = useTranslation();
  const q = useInfiniteQuery({
    queryKey: ['console', 'security', 'audit'],
    queryFn: ({ pageParam, signal }) => get<Page<AuditEntry>>(`/account-audit${qs({ cursor: pageParam, limit: 20 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const target = (e: AuditEntry) => {
    const key = /^(phone|address):(.*)$/.exec(e.target);
    if (key) return `${t(`console.security.locks.kinds.${key[1]}`)} ${key[2]}`;
    if (e.action === 'password_changed' || e.action === 'other_sessions_revoked') return t('console.security.audit.sessions', { count: Number(e.target) });
    return e.target;
  };
  return (
    <section className="card flush" aria-labelledby="audit-h" data-testid="audit">
      <div className="card-head pad"><h2 id="audit-h">{t('console.security.audit.title')}</h2></div>
      <div className="pad-x"><p className="hint">{t('console.security.audit.hint')}</p></div>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{t('console.security.audit.none')}</Empty> : (
        <>
          <table className="table" data-testid="audit-table">
            <thead><tr>
              <th>{t('console.security.audit.at')}</th><th>{t('console.security.audit.actor')}</th><th>{t('console.security.audit.action')}</th>
              <th>{t('console.security.audit.target')}</th><th>{t('console.security.audit.ip')}</th>
            </tr></thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                  <td className="nowrap">{fmtDateTime(e.at)}</td>
                  <td>{e.actorName ?? e.actorUserId}</td>
                  <td>{t(`console.security.audit.actions.${e.action}`)}</td>
                  <td className="mono">{target(e)}</td>
                  <td className="mono">{e.ip || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <LoadMore q={q} count={items.length} testId="audit-more" />
        </>
      )}
    </section>
  );
}

export default function Security() {
  const { t } = useTranslation();
  return (
    <>
      <div className="page-head"><h1>{t('console.security.title')}</h1></div>
      <p className="hint sec-hint">{t('console.security.hint')}</p>
      <Locks />
      <Records />
      <Audit />
    </>
  );
}
