// The reseller app (代购 App), 375 px first: events, orders, customers and me behind the
// reseller login, in the mobile shell with bottom tabs; joining by invitation needs no login.
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BookUser, CalendarDays, CircleUser, ClipboardList, Gift, UsersRound } from 'lucide-react';
import { RequireRole } from '../../lib/auth.tsx';
import { MobileShell } from '../../components/shells.tsx';
import { Empty, Loading } from '../../components/states.tsx';
import './i18n.ts';
import './promotions.i18n.ts';
import './reseller.css';
import './account.i18n.ts';
import AccountSecurity from '../../components/AccountSecurity.tsx';
import Events from './Events.tsx';
import EventDetail from './EventDetail.tsx';
import OrderDraft from './OrderDraft.tsx';
import { OrderDetail, OrdersList } from './Orders.tsx';
import Customers from './Customers.tsx';
import Me from './Me.tsx';
import RedPackets from './RedPackets.tsx';
import GroupBuys from './GroupBuys.tsx';
import FlashSales from './FlashSales.tsx';
import Holds, { HoldsBanner } from './Holds.tsx';
import SuspendedBanner, { standingOfProfile } from './Suspended.tsx';
import Join from './Join.tsx';
import Membership from './Membership.tsx';
import Team from './Team.tsx';
import Balance from './Balance.tsx';
import Withdraw from './Withdraw.tsx';
import Visitors from './Visitors.tsx';
import Data from './Data.tsx';
import BattleReport from './BattleReport.tsx';
import { useProfile } from './data.ts';
import { ToastProvider } from './ui.tsx';
import { ReturnsList } from './Returns.tsx';

/** The app's front door: today's events, or 我的会员 for a member who must pay, renew or rejoin before selling. */
function Landing() {
  const q = useProfile();
  if (q.isPending) return <Loading />;
  const standing = q.data ? standingOfProfile(q.data.reseller) : 'active';
  return <Navigate to={standing === 'pending' || standing === 'expired' || standing === 'removed' ? 'membership' : 'events'} replace />;
}

function Shell() {
  const { t } = useTranslation();
  const tabs = [
    { to: '/reseller/events', label: t('reseller.tabs.events'), icon: <CalendarDays size={22} aria-hidden />, also: ['/reseller/flash'] },
    { to: '/reseller/orders', label: t('reseller.tabs.orders'), icon: <ClipboardList size={22} aria-hidden />, also: ['/reseller/returns'] },
    { to: '/reseller/customers', label: t('reseller.tabs.customers'), icon: <BookUser size={22} aria-hidden /> },
    { to: '/reseller/group-buys', label: t('reseller.tabs.groupBuys'), icon: <UsersRound size={22} aria-hidden /> },
    { to: '/reseller/red-packets', label: t('reseller.tabs.redPackets'), icon: <Gift size={22} aria-hidden /> },
    { to: '/reseller/me', label: t('reseller.tabs.me'), icon: <CircleUser size={22} aria-hidden />, also: ['/reseller/membership', '/reseller/team', '/reseller/balance', '/reseller/withdraw', '/reseller/visitors', '/reseller/data'] },
  ];
  // /reseller/events/:id/order → "order"; /reseller/orders/:id → "order-detail"
  const parts = useLocation().pathname.split('/').slice(2);
  const section = parts[0] === 'me' && parts[1] === 'account' ? 'account' : parts[0] === 'events' && parts[2] === 'order' ? 'draft' : parts[0] === 'events' && parts[2] === 'report' ? 'report' : parts[0] === 'events' && parts[1] ? 'event' : parts[0] === 'orders' && parts[1] ? 'order' : parts[0] || 'events';
  const title = t(`reseller.titles.${section}`, { defaultValue: t('reseller.appTitle') });
  return (
    <MobileShell title={title} area={t('reseller.appTitle')} tabs={tabs} action={section === 'me' ? <Link className="btn btn-ghost btn-small" to="/reseller/me/account" data-testid="account-open">{t('reseller.account.open')}</Link> : undefined}>
      <SuspendedBanner />
      <Routes>
        <Route index element={<Landing />} />
        <Route path="events" element={<Events />} />
        <Route path="events/:id" element={<EventDetail />} />
        <Route path="events/:id/order" element={<OrderDraft />} />
        <Route path="orders" element={<><HoldsBanner /><OrdersList /></>} />
        <Route path="holds" element={<Holds />} />
        <Route path="orders/:id" element={<OrderDetail />} />
        <Route path="returns" element={<ReturnsList />} />
        <Route path="customers" element={<Customers />} />
        <Route path="red-packets" element={<RedPackets />} />
        <Route path="group-buys" element={<GroupBuys />} />
        <Route path="flash" element={<FlashSales />} />
        <Route path="me" element={<Me />} />
        <Route path="me/account" element={<AccountSecurity layout="mobile" />} />
        <Route path="membership" element={<Membership />} />
        <Route path="team" element={<Team />} />
        <Route path="balance" element={<Balance />} />
        <Route path="withdraw" element={<Withdraw />} />
        <Route path="visitors" element={<Visitors />} />
        <Route path="data" element={<Data />} />
        <Route path="events/:id/report" element={<BattleReport />} />
        <Route path="*" element={<Empty>{t('reseller.notFound')}</Empty>} />
      </Routes>
    </MobileShell>
  );
}

export default function Area() {
  const { t } = useTranslation();
  return (
    <Routes>
      {/* an invitation link: open to anyone, no login (the sign-up logs the new member in) */}
      <Route path="join" element={<Join />} />
      <Route path="*" element={
        <RequireRole role="reseller" title={t('reseller.loginTitle')}>
          {() => <ToastProvider><Shell /></ToastProvider>}
        </RequireRole>
      } />
    </Routes>
  );
}
