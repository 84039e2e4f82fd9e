// Tells a reseller who cannot sell why, on every screen of the app (their profile says so:
// /reseller/me): the operator disabled them, or their membership is unpaid, expired or ended by
// the monthly review — then the way to 我的会员 to pay, renew or rejoin.
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CircleSlash, Crown } from 'lucide-react';
import { useProfile, type Profile } from './data.ts';
import './status.i18n.ts';
import './membership.i18n.ts';

/** Where the reseller stands, as the server judges it (resellers.service standingOf): expired is an active status past its term. */
export function standingOfProfile(r: Profile['reseller'], now = Date.now()): string {
  if (r.status === 'active' && r.membershipExpiresAt && new Date(r.membershipExpiresAt).getTime() <= now) return 'expired';
  return r.status;
}

export default function SuspendedBanner() {
  const { t } = useTranslation();
  const q = useProfile();
  const path = useLocation().pathname;
  if (!q.data) return null;
  const standing = standingOfProfile(q.data.reseller);
  if (standing === 'active') return null;
  if (standing === 'pending' || standing === 'expired' || standing === 'removed') {
    if (path.startsWith('/reseller/membership')) return null;
    return (
      <div className="card rs-suspended rs-membership-banner" role="alert" data-testid="membership-banner" data-standing={standing}>
        <Crown size={20} aria-hidden />
        <div className="rs-grow">
          <strong>{t(`reseller.membership.banner.${standing}`)}</strong>
          <p>{t(`reseller.membership.bannerBody.${standing}`)}</p>
        </div>
        <Link className="btn btn-small btn-primary" to="/reseller/membership">{t(`reseller.membership.bannerAction.${standing}`)}</Link>
      </div>
    );
  }
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
