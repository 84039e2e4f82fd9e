// 加入: the public page an invitation link opens (/reseller/join?inviter=<share code>, or
// ?code=<operator code>), no login: who invites, the annual fee, the sign-up form; then the new
// member is logged in and sent to the gateway to pay, which brings them back to 我的会员.
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { useTitle } from '../../lib/title.ts';
import { LangSwitch } from '../../components/LangSwitch.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { PHONE_RE, type Invitation, type Joined } from './data.ts';
import './membership.i18n.ts';
import './membership.css';

/** Where the gateway sends the new member back to: 我的会员, which waits for the fee to arrive. */
export const PAID_RETURN = '/reseller/membership?paid=1';

type Field = 'name' | 'phone' | 'password';

/** The field a server error names ("body.phone", "phone"), if it is one of the form's. */
function fieldOf(path: string): Field | null {
  const f = path.replace(/^body\./, '');
  return f === 'name' || f === 'phone' || f === 'password' ? f : null;
}

function CodeEntry() {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  const [code, setCode] = useState('');
  const valid = /^[A-Za-z0-9]{4,32}$/.test(code.trim());
  return (
    <form className="card stack-12" onSubmit={(e) => { e.preventDefault(); if (valid) setParams({ code: code.trim().toUpperCase() }); }} data-testid="join-code-entry">
      <p>{t('reseller.join.noInvite')}</p>
      <label>{t('reseller.join.codeLabel')}<input name="code" autoCapitalize="characters" value={code} onChange={(e) => setCode(e.target.value)} /></label>
      <button type="submit" className="btn btn-primary btn-block" disabled={!valid}>{t('reseller.join.useCode')}</button>
    </form>
  );
}

function SignUp({ inviter, code, invitation }: { inviter: string | null; code: string | null; invitation: Invitation }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({ name: '', phone: '', password: '' });
  const [touched, setTouched] = useState(false);
  const local: Partial<Record<Field, string>> = {};
  if (!form.name.trim()) local.name = t('reseller.join.err.name');
  else if (form.name.trim().length > 50) local.name = t('reseller.join.err.nameLong');
  if (!PHONE_RE.test(form.phone.trim())) local.phone = t('reseller.join.err.phone');
  if (form.password.length < 8) local.password = t('reseller.join.err.password');
  const m = useMutation({
    mutationFn: async () => {
      const phone = form.phone.trim();
      const joined = await post<Joined>('/join', {
        name: form.name.trim(), phone, password: form.password, returnTo: PAID_RETURN,
        ...(inviter ? { inviter } : { code: code! }),
      });
      // the new member's session: the gateway brings them back to a page behind the login
      await post('/auth/login', { phone, password: form.password });
      return joined;
    },
    onSuccess: async (j) => {
      qc.removeQueries();
      if (j.payUrl) location.assign(j.payUrl);
      else navigate('/reseller/membership');
    },
  });
  const server: Partial<Record<Field, string>> = {};
  if (m.error instanceof ApiError) for (const e of m.error.errors) { const f = fieldOf(e.path); if (f && !server[f]) server[f] = e.message; }
  const phoneTaken = m.error instanceof ApiError && m.error.code === 'conflict';
  const shown = (f: Field) => (touched ? local[f] : undefined) ?? server[f];
  const set = (f: Field) => (e: React.ChangeEvent<HTMLInputElement>) => setForm((s) => ({ ...s, [f]: e.target.value }));
  return (
    <form className="card stack-12 rs-join-form" noValidate data-testid="join-form"
      onSubmit={(e) => { e.preventDefault(); setTouched(true); if (Object.keys(local).length === 0) m.mutate(); }}>
      <h2>{t('reseller.join.formTitle')}</h2>
      <label>{t('reseller.join.name')}
        <input name="name" autoComplete="name" value={form.name} onChange={set('name')} aria-invalid={!!shown('name')} />
        {shown('name') && <span className="field-error" data-testid="err-name">{shown('name')}</span>}
      </label>
      <label>{t('reseller.join.phone')}
        <input name="phone" inputMode="tel" autoComplete="tel" value={form.phone} onChange={set('phone')} aria-invalid={!!shown('phone') || phoneTaken} />
        {shown('phone') && !phoneTaken && <span className="field-error" data-testid="err-phone">{shown('phone')}</span>}
      </label>
      <label>{t('reseller.join.password')}
        <input name="password" type="password" autoComplete="new-password" value={form.password} onChange={set('password')} aria-invalid={!!shown('password')} />
        {shown('password') ? <span className="field-error" data-testid="err-password">{shown('password')}</span> : <span className="hint">{t('reseller.join.passwordHint')}</span>}
      </label>
      {phoneTaken ? (
        <div className="state-error rs-join-error" role="alert" data-testid="join-error" data-code="conflict">
          <p>{t('reseller.join.phoneTaken')}</p>
          <Link className="btn btn-small" to="/reseller/membership">{t('reseller.join.toLogin')}</Link>
        </div>
      ) : m.error && !(m.error instanceof ApiError && m.error.code === 'validation_failed' && Object.keys(server).length > 0) ? (
        <div data-testid="join-error" data-code={m.error instanceof ApiError ? m.error.code : 'unknown'}>
          <JoinError error={m.error} />
        </div>
      ) : null}
      <button type="submit" className="btn btn-primary btn-block" disabled={m.isPending || m.isSuccess} data-testid="join-submit">
        {m.isPending || m.isSuccess ? t('reseller.join.toGateway') : t('reseller.join.submit', { fee: yuan(invitation.fee) })}
      </button>
      <p className="hint">{t('reseller.join.gatewayHint')}</p>
    </form>
  );
}

/** The invitation's own refusals in words a newcomer understands; anything else as the server says it. */
function JoinError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && (error.code === 'invitation_invalid' || error.code === 'invitation_quota_used')) {
    return <div className="state-error rs-join-error" role="alert"><p>{t(`reseller.join.err.${error.code}`)}</p></div>;
  }
  return <ErrorState error={error} />;
}

export default function Join() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const inviter = params.get('inviter')?.trim().toLowerCase() || null;
  const code = inviter ? null : params.get('code')?.trim().toUpperCase() || null;
  useTitle([t('reseller.titles.join'), t('reseller.appTitle')]);
  const q = useQuery({
    queryKey: ['join', inviter, code],
    enabled: !!(inviter || code),
    queryFn: ({ signal }) => get<Invitation>(`/join/invitation?${new URLSearchParams(inviter ? { inviter } : { code: code! })}`, signal),
  });
  return (
    <div className="mobile-shell rs-join-page">
      <header className="mobile-top"><h1>{t('reseller.titles.join')}</h1><div className="mobile-actions"><LangSwitch /></div></header>
      <main className="mobile-content">
        <section className="card rs-join-hero" aria-labelledby="join-h">
          <h2 id="join-h">{t('reseller.join.headline')}</h2>
          <p>{t('reseller.join.pitch')}</p>
          <ul className="rs-plain rs-join-points">
            {(t('reseller.join.points', { returnObjects: true }) as string[]).map((p) => <li key={p}>{p}</li>)}
          </ul>
        </section>
        {!inviter && !code ? <CodeEntry /> : q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (
          <>
            <section className="card rs-join-invite" data-testid="invitation" data-usable={q.data.usable}>
              <div className="rs-avatar" aria-hidden>{(q.data.inviterName ?? '邀').slice(0, 1)}</div>
              <div className="rs-grow">
                <p className="rs-join-who" data-testid="inviter">
                  {q.data.kind === 'reseller' && q.data.inviterName ? t('reseller.join.invitedBy', { name: q.data.inviterName }) : t('reseller.join.invitedByCode', { code })}
                </p>
                <p className="muted">{t('reseller.join.feeLine')}<b className="price num" data-testid="join-fee">{yuan(q.data.fee)}</b>{t('reseller.join.perYear')}</p>
              </div>
            </section>
            {q.data.usable ? <SignUp inviter={inviter} code={code} invitation={q.data} /> : (
              <div className="card state-error rs-join-error" role="alert" data-testid="join-unusable">
                <p>{t(q.data.kind === 'reseller' && q.data.inviterName ? 'reseller.join.err.inviterFull' : 'reseller.join.err.invitation_invalid')}</p>
                <p className="hint">{t('reseller.join.askAnother')}</p>
              </div>
            )}
          </>
        )}
        <p className="hint rs-join-login">{t('reseller.join.haveAccount')} <Link to="/reseller/membership">{t('reseller.join.toLogin')}</Link></p>
      </main>
    </div>
  );
}
