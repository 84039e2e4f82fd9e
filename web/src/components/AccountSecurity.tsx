// 账户与安全 / Account & security, the same screen in every area (console, brand portal, the
// reseller app's 我的): change my password (with the current one; every other device is logged
// out), the devices logged in to my account (end one, all others, or this one), and the logins
// tried with my phone, failures marked.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, get, post } from '../lib/api.ts';
import { agoText, deviceName, whenText } from '../lib/device.ts';
import { Empty, ErrorState, Loading, QueryView } from './states.tsx';
import './account.i18n.ts';
import './account.css';

interface Account { phone: string; name: string; role: 'operator' | 'brand' | 'reseller'; passwordChangedAt: string | null; createdAt: string }
interface Session { id: string; createdAt: string; lastUsedAt: string; expiresAt: string; ip: string; userAgent: string; current: boolean }
export type LoginOutcome = 'succeeded' | 'failed' | 'locked';
export interface LoginRecord { id: string; at: string; phone: string; userId: string | null; userName: string | null; role: string | null; outcome: LoginOutcome; ip: string; userAgent: string }

const KEYS = { account: ['account', 'me'], sessions: ['account', 'sessions'], logins: ['account', 'logins'] };

/** A server problem as a sentence or two: its title, and the detail when it says more (how long to wait). */
export function Problem({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const title = error instanceof ApiError ? error.title : t('common.unknownError');
  const detail = error instanceof ApiError && typeof error.body.detail === 'string' ? error.body.detail : null;
  return <div className="acct-problem" role="alert" data-testid={testId} data-code={error instanceof ApiError ? error.code : undefined}><strong>{title}</strong>{detail && <p>{detail}</p>}</div>;
}

/** Asks once more before something that logs a device out. */
function Confirm({ text, onYes, onNo, busy, testId }: { text: string; onYes: () => void; onNo: () => void; busy: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="acct-confirm" role="group" aria-label={text} data-testid={testId}>
      <span>{text}</span>
      <span className="acct-confirm-buttons">
        <button type="button" className="btn btn-small btn-primary" onClick={onYes} disabled={busy} data-testid="confirm-yes">{t('account.confirm')}</button>
        <button type="button" className="btn btn-small" onClick={onNo} disabled={busy}>{t('account.cancel')}</button>
      </span>
    </div>
  );
}

function Profile() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: KEYS.account, queryFn: ({ signal }) => get<Account>('/me/account', signal) });
  return (
    <QueryView q={q}>
      {(a) => (
        <section className="card acct-profile" aria-label={t('account.title')} data-testid="account-profile">
          <div className="acct-avatar" aria-hidden>{a.name.slice(0, 1)}</div>
          <div className="acct-profile-main">
            <b>{a.name}</b>
            <span className="muted">{t(`account.profile.roles.${a.role}`)} · <span className="num">{a.phone}</span></span>
            <span className="muted small">{t('account.profile.passwordChanged')} · {a.passwordChangedAt ? whenText(a.passwordChangedAt) : t('account.profile.never')}</span>
          </div>
        </section>
      )}
    </QueryView>
  );
}

/** Change my password with the current one (or the temporary one the operator gave, `currentLabel` naming it). */
export function ChangePassword({ currentLabel }: { currentLabel?: string } = {}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [shown, setShown] = useState(false);
  const [touched, setTouched] = useState(false);
  const problems = {
    current: !current ? t('account.password.required') : null,
    next: next.length < 8 ? t('account.password.tooShort') : next === current ? t('account.password.same') : null,
    again: again !== next ? t('account.password.mismatch') : null,
  };
  const invalid = Object.values(problems).some(Boolean);
  const m = useMutation({
    mutationFn: () => post<{ ok: true; endedSessions: number }>('/me/password', { currentPassword: current, newPassword: next }),
    onSuccess: () => {
      setCurrent(''); setNext(''); setAgain(''); setTouched(false);
      void qc.invalidateQueries({ queryKey: ['account'] });
      // A password reset by the operator is no longer pending: the area opens.
      void qc.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const show = (k: keyof typeof problems) => (touched ? problems[k] : null);
  const type = shown ? 'text' : 'password';
  return (
    <section className="card acct-section" aria-labelledby="acct-pw-h" data-testid="change-password">
      <h2 id="acct-pw-h">{t('account.password.title')}</h2>
      <p className="hint">{t('account.password.hint')}</p>
      <form className="acct-form" noValidate onSubmit={(e) => { e.preventDefault(); setTouched(true); if (!invalid) m.mutate(); }}>
        <label>{currentLabel ?? t('account.password.current')}
          <input type={type} name="current-password" autoComplete="current-password" value={current} onChange={(e) => { setCurrent(e.target.value); m.reset(); }} aria-invalid={Boolean(show('current'))} data-testid="pw-current" />
          {show('current') && <span className="field-error">{show('current')}</span>}
        </label>
        <label>{t('account.password.next')}
          <input type={type} name="new-password" autoComplete="new-password" value={next} onChange={(e) => { setNext(e.target.value); m.reset(); }} aria-invalid={Boolean(show('next'))} data-testid="pw-new" />
          {show('next') && <span className="field-error">{show('next')}</span>}
        </label>
        <label>{t('account.password.confirm')}
          <input type={type} name="new-password-again" autoComplete="new-password" value={again} onChange={(e) => { setAgain(e.target.value); m.reset(); }} aria-invalid={Boolean(show('again'))} data-testid="pw-again" />
          {show('again') && <span className="field-error">{show('again')}</span>}
        </label>
        <label className="acct-check"><input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} />{t('account.password.show')}</label>
        <Problem error={m.error} testId="pw-error" />
        {m.isSuccess && (
          <p className="acct-done" role="status" data-testid="pw-done">
            {m.data.endedSessions > 0 ? t('account.password.done', { count: m.data.endedSessions }) : t('account.password.doneNone')}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={m.isPending} data-testid="pw-submit">{m.isPending ? t('account.password.saving') : t('account.password.submit')}</button>
      </form>
    </section>
  );
}

function SessionItem({ s, onEnded }: { s: Session; onEnded: (current: boolean) => void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const end = useMutation({
    mutationFn: () => api<{ ok: true; loggedOut: boolean }>('DELETE', `/me/sessions/${encodeURIComponent(s.id)}`),
    onSuccess: (r) => onEnded(r.loggedOut),
  });
  const device = deviceName(s.userAgent) || t('account.sessions.unknownDevice');
  return (
    <li className={`acct-session ${s.current ? 'is-current' : ''}`} data-testid="session-row" data-current={s.current} data-id={s.id}>
      <div className="acct-session-head">
        <span className="acct-device" title={s.userAgent}>{device}</span>
        {s.current && <span className="tag tag-succeeded" data-testid="session-current">{t('account.sessions.current')}</span>}
        <span className="spacer" />
        {!asking && (
          <button type="button" className="btn btn-small" onClick={() => setAsking(true)} data-testid="session-revoke">
            {s.current ? t('account.sessions.revokeCurrent') : t('account.sessions.revoke')}
          </button>
        )}
      </div>
      <dl className="acct-facts">
        <div><dt>{t('account.sessions.ip')}</dt><dd className="num">{s.ip || '—'}</dd></div>
        <div><dt>{t('account.sessions.lastUsed')}</dt><dd>{agoText(s.lastUsedAt)}</dd></div>
        <div><dt>{t('account.sessions.since')}</dt><dd>{whenText(s.createdAt)}</dd></div>
      </dl>
      {asking && <Confirm text={s.current ? t('account.sessions.confirmCurrent') : t('account.sessions.confirmRevoke')} busy={end.isPending} onYes={() => end.mutate()} onNo={() => setAsking(false)} testId="session-confirm" />}
      <Problem error={end.error} />
    </li>
  );
}

function Sessions() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: KEYS.sessions, queryFn: ({ signal }) => get<{ items: Session[] }>('/me/sessions', signal).then((r) => r.items) });
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const others = useMutation({
    mutationFn: () => post<{ revoked: number }>('/me/sessions/revoke-others'),
    onSuccess: (r) => { setAsking(false); setNote(t('account.sessions.othersDone', { count: r.revoked })); void qc.invalidateQueries({ queryKey: KEYS.sessions }); },
  });
  const ended = (current: boolean) => {
    // This device logged itself out: forget everything read as this user; the area's guard
    // (who am I: nobody) shows the login form.
    if (current) {
      qc.setQueryData(['me'], null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      return;
    }
    setNote(t('account.sessions.revoked'));
    void qc.invalidateQueries({ queryKey: KEYS.sessions });
  };
  const count = q.data?.filter((s) => !s.current).length ?? 0;
  return (
    <section className="card acct-section" aria-labelledby="acct-sessions-h" data-testid="sessions">
      <div className="acct-section-head">
        <h2 id="acct-sessions-h">{t('account.sessions.title')}</h2>
        <span className="spacer" />
        {!asking && <button type="button" className="btn btn-small" disabled={count === 0} onClick={() => { setNote(null); setAsking(true); }} data-testid="sessions-revoke-others">{t('account.sessions.revokeOthers')}</button>}
      </div>
      <p className="hint">{t('account.sessions.hint')}</p>
      {asking && <Confirm text={t('account.sessions.confirmOthers')} busy={others.isPending} onYes={() => others.mutate()} onNo={() => setAsking(false)} testId="sessions-confirm" />}
      <Problem error={others.error} />
      {note && <p className="acct-done" role="status" data-testid="sessions-note">{note}</p>}
      <QueryView q={q}>
        {(items) => (
          <>
            <ul className="acct-sessions">{items.map((s) => <SessionItem key={s.id} s={s} onEnded={ended} />)}</ul>
            {count === 0 && <p className="hint">{t('account.sessions.onlyThis')}</p>}
          </>
        )}
      </QueryView>
    </section>
  );
}

/** A login outcome as a tag: failures and refusals stand out. */
export function OutcomeTag({ outcome }: { outcome: LoginOutcome }) {
  const { t } = useTranslation();
  return <span className={`tag acct-outcome acct-outcome-${outcome}`} data-testid="login-outcome" data-outcome={outcome}>{t(`account.logins.outcome.${outcome}`)}</span>;
}

function MyLogins() {
  const { t } = useTranslation();
  const q = useInfiniteQuery({
    queryKey: KEYS.logins,
    queryFn: ({ pageParam, signal }) => get<{ items: LoginRecord[]; nextCursor: string | null }>(`/me/logins?limit=10${pageParam ? `&cursor=${pageParam}` : ''}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card acct-section" aria-labelledby="acct-logins-h" data-testid="my-logins">
      <h2 id="acct-logins-h">{t('account.logins.title')}</h2>
      <p className="hint">{t('account.logins.hint')}</p>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{t('account.logins.none')}</Empty> : (
        <>
          <ul className="acct-logins">
            {items.map((r) => (
              <li key={r.id} className={`acct-login acct-login-${r.outcome}`} data-testid="login-row" data-outcome={r.outcome}>
                <OutcomeTag outcome={r.outcome} />
                <span className="acct-login-when">{whenText(r.at)}</span>
                <span className="acct-login-where num">{r.ip || '—'}</span>
                <span className="acct-login-device muted" title={r.userAgent}>{deviceName(r.userAgent) || t('account.sessions.unknownDevice')}</span>
              </li>
            ))}
          </ul>
          {q.hasNextPage && (
            <div className="acct-more">
              <button type="button" className="btn btn-small btn-ghost" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>{t('common.more')}</button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** The whole screen; `layout` picks the two-column desktop arrangement or the phone's single column. */
export default function AccountSecurity({ layout }: { layout: 'desktop' | 'mobile' }) {
  const { t } = useTranslation();
  return (
    <div className={`acct acct-${layout}`} data-testid="account-security">
      {layout === 'desktop' && (
        <div className="page-head"><h1>{t('account.title')}</h1></div>
      )}
      <Profile />
      <div className="acct-columns">
        <div className="acct-column">
          <ChangePassword />
        </div>
        <div className="acct-column">
          <Sessions />
          <MyLogins />
        </div>
      </div>
    </div>
  );
}
