// Tells a reseller the operator disabled that they cannot sell, on every screen of the app (their
// profile says so: /reseller/me).
import { useTranslation } from 'react-i18next';
import { CircleSlash } from 'lucide-react';
import { useProfile } from './data.ts';
import './status.i18n.ts';

export default function SuspendedBanner() {
  const { t } = useTranslation();
  const q = useProfile();
  if (!q.data || q.data.reseller.status === 'active') return null;
  return (
    <div className="card rs-suspended" role="alert" data-testid="suspended-banner">
      <CircleSlash size={20} aria-hidden />
      <div>
        <strong>{t('reseller.suspended.title')}</strong>
        <p>{t('reseller.suspended.body')}</p>
      </div>
    </div>
  );
}
