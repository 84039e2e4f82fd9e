// The only screen a user whose password the operator reset can use (the API refuses the rest
// with password_change_required): change the temporary password, or log out. Once changed, the
// area they logged in to opens.
import { useTranslation } from 'react-i18next';
import { useLogout } from '../lib/auth.tsx';
import { LangSwitch } from './LangSwitch.tsx';
import { ChangePassword } from './AccountSecurity.tsx';
import './account.i18n.ts';
import './forced-password.i18n.ts';
import './forced-password.css';

export default function ForcedPasswordChange({ name }: { name?: string }) {
  const { t } = useTranslation();
  const logout = useLogout();
  return (
    <main className="login-page" data-testid="forced-password-change">
      <div className="login-top"><LangSwitch /></div>
      <div className="forced-pw acct">
        <section className="card forced-pw-head">
          <h1>{t('account.forced.title')}</h1>
          {name && <strong>{name}</strong>}
          <p role="status">{t('account.forced.body')}</p>
        </section>
        <ChangePassword currentLabel={t('account.forced.current')} />
        <div className="forced-pw-foot"><button type="button" className="btn btn-ghost" onClick={() => void logout()} data-testid="forced-logout">{t('account.forced.logout')}</button></div>
      </div>
    </main>
  );
}
