// The operator console (运营后台): desktop shell, navigation and the console's routes.
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RequireRole } from '../../lib/auth.tsx';
import { DesktopShell } from '../../components/shells.tsx';
import { Loading } from '../../components/states.tsx';
import './i18n.ts';
import './promotions.i18n.ts';
import './campaigns.i18n.ts';
import './holds.i18n.ts';
import './security.i18n.ts';
import './controls.i18n.ts';
import './flash-list.i18n.ts';
import './warehouse.i18n.ts';
import './aftersales.i18n.ts';
import './membership.i18n.ts';
import './settlement.i18n.ts';
import './console.css';
import Dashboard from './Dashboard.tsx';

// Screens beyond the dashboard load when first opened, so logging in stays quick.
const Brands = lazy(() => import('./Brands.tsx'));
const BrandDetail = lazy(() => import('./BrandDetail.tsx'));
const LotImport = lazy(() => import('./LotImport.tsx'));
const Calendar = lazy(() => import('./Calendar.tsx'));
const EventDetail = lazy(() => import('./EventDetail.tsx'));
const EventCreate = lazy(() => import('./EventCreate.tsx'));
const BattleReport = lazy(() => import('./BattleReport.tsx'));
const Resellers = lazy(() => import('./Resellers.tsx'));
const Orders = lazy(() => import('./Orders.tsx'));
const Coupons = lazy(() => import('./Coupons.tsx'));
const Campaigns = lazy(() => import('./Campaigns.tsx'));
const Payments = lazy(() => import('./Payments.tsx'));
const Security = lazy(() => import('./Security.tsx'));
const AccountSecurity = lazy(() => import('../../components/AccountSecurity.tsx'));
const Holds = lazy(() => import('./Holds.tsx'));
const ResellerDetail = lazy(() => import('./ResellerDetail.tsx'));
const Users = lazy(() => import('./Users.tsx'));
const OperatorActions = lazy(() => import('./OperatorActions.tsx'));
const FlashSales = lazy(() => import('./FlashSales.tsx'));
const PurchaseOrders = lazy(() => import('./PurchaseOrders.tsx'));
const PurchaseOrder = lazy(() => import('./PurchaseOrder.tsx'));
const Waves = lazy(() => import('./Waves.tsx'));
const Wave = lazy(() => import('./Wave.tsx'));
const Returns = lazy(() => import('./Returns.tsx'));
const ReturnPage = lazy(() => import('./Return.tsx'));
const ReturnRates = lazy(() => import('./ReturnRates.tsx'));
const Members = lazy(() => import('./Members.tsx'));
const Member = lazy(() => import('./Member.tsx'));
const Policy = lazy(() => import('./Policy.tsx'));
const Reviews = lazy(() => import('./Reviews.tsx'));
const Review = lazy(() => import('./Review.tsx'));
const Withdrawals = lazy(() => import('./Withdrawals.tsx'));
const BrandPayouts = lazy(() => import('./BrandPayouts.tsx'));
const Reconciliation = lazy(() => import('./Reconciliation.tsx'));

export default function ConsoleArea() {
  const { t } = useTranslation();
  const nav = [
    { to: '/console', label: t('console.nav.dashboard'), end: true },
    { to: '/console/brands', label: t('console.nav.brands') },
    { to: '/console/import', label: t('console.nav.import') },
    { to: '/console/calendar', label: t('console.nav.calendar') },
    { to: '/console/resellers', label: t('console.nav.resellers') },
    { to: '/console/orders', label: t('console.nav.orders') },
    { to: '/console/payments', label: t('console.nav.payments') },
    { to: '/console/holds', label: t('console.nav.holds') },
    { to: '/console/coupons', label: t('console.nav.coupons') },
    { to: '/console/campaigns', label: t('console.nav.campaigns') },
    { to: '/console/flash-sales', label: t('console.nav.flashList') },
    { to: '/console/warehouse/purchase-orders', label: t('console.nav.purchaseOrders'), section: t('console.nav.warehouse') },
    { to: '/console/warehouse/waves', label: t('console.nav.waves') },
    { to: '/console/returns', label: t('console.nav.returns'), section: t('console.nav.aftersales') },
    { to: '/console/return-rates', label: t('console.nav.returnRates') },
    { to: '/console/members', label: t('console.nav.members'), section: t('console.nav.membership') },
    { to: '/console/membership/policy', label: t('console.nav.policy') },
    { to: '/console/membership/reviews', label: t('console.nav.reviews') },
    { to: '/console/withdrawals', label: t('console.nav.withdrawals') },
    { to: '/console/brand-payouts', label: t('console.nav.brandPayouts') },
    { to: '/console/reconciliation', label: t('console.nav.reconciliation') },
    { to: '/console/security', label: t('console.nav.security'), section: t('console.nav.admin') },
    { to: '/console/users', label: t('console.nav.users') },
    { to: '/console/operator-actions', label: t('console.nav.operatorActions') },
    { to: '/console/account', label: t('console.nav.account') },
  ];
  return (
    <RequireRole role="operator" title={t('console.loginTitle')}>
      {(me) => (
        <DesktopShell title={t('console.title')} user={me.name} nav={nav}>
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route index element={<Dashboard />} />
              <Route path="brands" element={<Brands />} />
              <Route path="brands/:brandId" element={<BrandDetail />} />
              <Route path="import" element={<LotImport />} />
              <Route path="calendar" element={<Calendar />} />
              <Route path="events/new" element={<EventCreate />} />
              <Route path="events/:eventId" element={<EventDetail />} />
              <Route path="events/:eventId/report" element={<BattleReport />} />
              <Route path="resellers" element={<Resellers />} />
              <Route path="resellers/:resellerId" element={<ResellerDetail />} />
              <Route path="orders" element={<Orders />} />
              <Route path="payments" element={<Payments />} />
              <Route path="holds" element={<Holds />} />
              <Route path="coupons" element={<Coupons />} />
              <Route path="campaigns" element={<Campaigns />} />
              <Route path="flash-sales" element={<FlashSales />} />
              <Route path="warehouse/purchase-orders" element={<PurchaseOrders />} />
              <Route path="warehouse/purchase-orders/:poId" element={<PurchaseOrder />} />
              <Route path="warehouse/waves" element={<Waves />} />
              <Route path="warehouse/waves/:waveId" element={<Wave />} />
              <Route path="returns" element={<Returns />} />
              <Route path="returns/:returnId" element={<ReturnPage />} />
              <Route path="return-rates" element={<ReturnRates />} />
              <Route path="members" element={<Members />} />
              <Route path="members/:resellerId" element={<Member />} />
              <Route path="membership/policy" element={<Policy />} />
              <Route path="membership/reviews" element={<Reviews />} />
              <Route path="membership/reviews/:reviewId" element={<Review />} />
              <Route path="withdrawals" element={<Withdrawals />} />
              <Route path="brand-payouts" element={<BrandPayouts />} />
              <Route path="reconciliation" element={<Reconciliation />} />
              <Route path="security" element={<Security />} />
              <Route path="users" element={<Users />} />
              <Route path="operator-actions" element={<OperatorActions />} />
              <Route path="account" element={<AccountSecurity layout="desktop" />} />
              <Route path="*" element={<Navigate to="/console" replace />} />
            </Routes>
          </Suspense>
        </DesktopShell>
      )}
    </RequireRole>
  );
}
