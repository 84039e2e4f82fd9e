// On 我的: the rows that open 我的会员, 我的团队, 收益余额 and 提现, each saying where it stands.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ChartLine, ChevronRight, Crown, Eye, HandCoins, UsersRound, Wallet } from 'lucide-react';
import { yuan } from '../../lib/money.ts';
import type { Profile } from './data.ts';
import { standingOfProfile } from './Suspended.tsx';
import { formatDate } from './ui.tsx';
import './membership.i18n.ts';
import './money.i18n.ts';
import './share.i18n.ts';
import './data.i18n.ts';
import './membership.css';

export function MoneyMenu({ profile }: { profile: Profile }) {
  const { t, i18n } = useTranslation();
  const r = profile.reseller;
  const standing = standingOfProfile(r);
  const membershipNote = standing === 'active'
    ? (r.membershipExpiresAt ? t('reseller.membership.menuUntil', { level: r.level, date: formatDate(r.membershipExpiresAt, i18n.language) }) : r.level)
    : t(`reseller.membership.standing.${standing}`, { defaultValue: standing });
  const rows = [
    { to: '/reseller/data', icon: <ChartLine size={20} aria-hidden />, label: t('reseller.titles.data'), note: t('reseller.data.menuNote'), testId: 'menu-data' },
    { to: '/reseller/visitors', icon: <Eye size={20} aria-hidden />, label: t('reseller.titles.visitors'), note: t('reseller.visitors.menuNote'), testId: 'menu-visitors' },
    { to: '/reseller/membership', icon: <Crown size={20} aria-hidden />, label: t('reseller.titles.membership'), note: membershipNote, testId: 'menu-membership', alert: standing !== 'active' },
    { to: '/reseller/team', icon: <UsersRound size={20} aria-hidden />, label: t('reseller.titles.team'), note: t('reseller.membership.menuTeam'), testId: 'menu-team' },
    { to: '/reseller/balance', icon: <Wallet size={20} aria-hidden />, label: t('reseller.titles.balance'), note: yuan(profile.earnings.available), testId: 'menu-balance' },
    { to: '/reseller/withdraw', icon: <HandCoins size={20} aria-hidden />, label: t('reseller.titles.withdraw'), note: t('reseller.balance.menuWithdraw'), testId: 'menu-withdraw' },
  ];
  return (
    <nav className="card rs-menu" aria-label={t('reseller.membership.menuLabel')}>
      {rows.map((x) => (
        <Link key={x.to} to={x.to} className="rs-menu-row" data-testid={x.testId}>
          <span className="rs-menu-icon">{x.icon}</span>
          <span className="rs-grow">{x.label}</span>
          <span className={`rs-menu-note num ${x.alert ? 'alert' : ''}`}>{x.note}</span>
          <ChevronRight size={18} aria-hidden className="muted" />
        </Link>
      ))}
    </nav>
  );
}
