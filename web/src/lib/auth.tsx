// Who is logged in, the login form, and the guard each area puts around its screens.
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, post } from './api.ts';
import { Loading, ErrorState } from '../components/states.tsx';
import { LangSwitch } from '../components/LangSwitch.tsx';

export type Role = 'operator' | 'brand' | 'reseller';
export interface Me { kind: Role; userId: string; name?: string; brandId?: string; resellerId?: string; mustChangePassword?: boolean }

// Loaded only for the rare user whose password the operator reset.
const ForcedPasswordChange = lazy(() => import('../components/ForcedPasswordChange.tsx'));

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      // No session in this browser (the server sets st_signed_in beside its session cookie): nobody to ask about.
      if (!/(?:^|;\s*)st_signed_in=/.test(document.cookie)) return null;
      try { return await get<Me>('/me'); } catch (e) { if (e instanceof ApiError && e.status === 401) return null; throw e; }
    },
    staleTime: 60_000,
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return async () => { await post('/auth/logout').catch(() => {}); qc.clear(); location.reload(); };
}

function LoginForm({ role, title }: { role: Role; title: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    // Every account logs in with its 11-digit mobile number: say so under the field, not as the
    // API's "body.phone" after a round trip.
    const typed = phone.replace(/[\s-]/g, '');
    // The server's rule (platform/http.ts Phone): a mainland mobile number, 1[3-9] and nine digits.
    if (!/^1[3-9]\d{9}$/.test(typed)) { setPhoneError(t('login.phoneInvalid')); return; }
    setPhoneError(null);
    setBusy(true);
    try {
      const r = await post<{ user: { role: Role } }>('/auth/login', { phone: typed, password });
      if (r.user.role !== role) { await post('/auth/logout'); setError(new ApiError(403, 'forbidden', t('login.wrongRole'))); return; }
      await qc.invalidateQueries();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <main className={`login-page login-${role}`}>
      <div className="login-top"><LangSwitch /></div>
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{title}</h1>
        <label>{t('login.phone')}<input name="phone" inputMode="tel" autoComplete="username" required value={phone} aria-invalid={phoneError ? true : undefined} aria-describedby={phoneError ? 'login-phone-error' : undefined} onChange={(e) => { setPhone(e.target.value); setPhoneError(null); }} /></label>
        {phoneError && <span className="field-error" id="login-phone-error" data-testid="login-phone-error">{phoneError}</span>}
        <label>{t('login.password')}<input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} /></label>
        {error ? <ErrorState error={error} /> : null}
        <button className="btn btn-primary" type="submit" disabled={busy}>{t('login.submit')}</button>
        <p className="hint">{t('login.demoHint')}</p>
      </form>
    </main>
  );
}

/** Show the children to a logged-in user of `role` (first the new-password screen after an operator's reset); otherwise the login form. */
export function RequireRole({ role, title, children }: { role: Role; title: string; children: (me: Me) => React.ReactNode }) {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.error) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data || me.data.kind !== role) return <LoginForm role={role} title={title} />;
  // The operator reset this password: nothing else works until the user picks their own.
  if (me.data.mustChangePassword) return <Suspense fallback={<Loading />}><ForcedPasswordChange name={me.data.name} /></Suspense>;
  return <>{children(me.data)}</>;
}
