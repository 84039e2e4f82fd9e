import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LangSwitch } from '../components/LangSwitch.tsx';

export default function Home() {
  const { t } = useTranslation();
  return (
    <main className="home">
      <div className="login-top"><LangSwitch /></div>
      <h1>{t('common.appName')}</h1>
      <p className="tagline">{t('home.tagline')}</p>
      <nav className="home-links">
        <Link className="btn btn-primary" to="/reseller">{t('home.reseller')}</Link>
        <Link className="btn" to="/console">{t('home.console')}</Link>
        <Link className="btn" to="/brand">{t('home.brand')}</Link>
      </nav>
    </main>
  );
}
