// Brand portal (品牌商): the guard, the desktop frame and the routes of its screens.
import { Routes, Route, Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RequireRole } from '../../lib/auth.tsx';
import { DesktopShell } from '../../components/shells.tsx';
import { ErrorState } from '../../components/states.tsx';
import { ApiError } from '../../lib/api.ts';
import './i18n.ts';
import './brand.css';
import './returns.i18n.ts';
import './settlement.i18n.ts';
import '../../components/account.i18n.ts';
import Overview from './Overview.tsx';
import Products from './Products.tsx';
import ImportLot from './ImportLot.tsx';
import Events from './Events.tsx';
import EventDetail from './EventDetail.tsx';
import BattleReport from './BattleReport.tsx';
import Orders from './Orders.tsx';
import StatementPage from './Statement.tsx';
import { PresaleList, PresaleDetailPage } from './Presales.tsx';
import Coupons from './Coupons.tsx';
import { PurchaseOrderDetail, PurchaseOrderList } from './PurchaseOrders.tsx';
import ReturnsPage from './Returns.tsx';
import SettlementPage from './Settlement.tsx';
import EventStatementPage from './EventStatement.tsx';
import AccountSecurity from '../../components/AccountSecurity.tsx';
import { Banknote, Boxes, CalendarRange, ClipboardList, FileUp, Flag, LayoutDashboard, Receipt, RotateCcw, Settings, Ticket, Truck } from 'lucide-react';

export default function BrandArea() {
  const { t } = useTranslation();
  return (
    <RequireRole role="brand" title={t('brand.loginTitle')}>
      {(me) => {
        const nav = [
          { to: '/brand', label: t('brand.nav.overview'), icon: <LayoutDashboard size={16} />, end: true },
          { to: '/brand/products', label: t('brand.nav.products'), icon: <Boxes size={16} /> },
          { to: '/brand/import', label: t('brand.nav.import'), icon: <FileUp size={16} /> },
          { to: '/brand/events', label: t('brand.nav.events'), icon: <CalendarRange size={16} /> },
          { to: '/brand/orders', label: t('brand.nav.orders'), icon: <ClipboardList size={16} /> },
          { to: '/brand/purchase-orders', label: t('brand.po.nav'), icon: <Truck size={16} /> },
          { to: '/brand/returns', label: t('brand.returns.nav'), icon: <RotateCcw size={16} /> },
          { to: '/brand/statement', label: t('brand.nav.statement'), icon: <Receipt size={16} /> },
          { to: '/brand/settlement', label: t('brand.settle.nav'), icon: <Banknote size={16} /> },
          { to: '/brand/presales', label: t('brand.presales.nav'), icon: <Flag size={16} /> },
          { to: '/brand/coupons', label: t('brand.coupons.nav'), icon: <Ticket size={16} /> },
          { to: '/brand/account', label: t('account.title'), icon: <Settings size={16} /> },
        ];
        // A brand login always carries its brand; without one there is nothing to show.
        if (!me.brandId) return <ErrorState error={new ApiError(403, 'forbidden', t('brand.noBrand'))} />;
        const brandId = me.brandId;
        return (
          <DesktopShell title={t('brand.portal')} user={me.name} nav={nav}>
            <Routes>
              <Route index element={<Overview brandId={brandId} />} />
              <Route path="products" element={<Products brandId={brandId} />} />
              <Route path="import" element={<ImportLot brandId={brandId} />} />
              <Route path="events" element={<Events brandId={brandId} />} />
              <Route path="events/:saleEventId" element={<EventDetail brandId={brandId} />} />
              <Route path="events/:saleEventId/report" element={<BattleReport brandId={brandId} />} />
              <Route path="events/:saleEventId/statement" element={<EventStatementPage brandId={brandId} />} />
              <Route path="orders" element={<Orders brandId={brandId} />} />
              <Route path="purchase-orders" element={<PurchaseOrderList brandId={brandId} />} />
              <Route path="purchase-orders/:poId" element={<PurchaseOrderDetail brandId={brandId} />} />
              <Route path="returns" element={<ReturnsPage brandId={brandId} />} />
              <Route path="statement" element={<StatementPage brandId={brandId} />} />
              <Route path="settlement" element={<SettlementPage brandId={brandId} />} />
              <Route path="presales" element={<PresaleList brandId={brandId} />} />
              <Route path="presales/:presaleId" element={<PresaleDetailPage brandId={brandId} />} />
              <Route path="coupons" element={<Coupons brandId={brandId} />} />
              <Route path="account" element={<AccountSecurity layout="desktop" />} />
              <Route path="*" element={<Navigate to="/brand" replace />} />
            </Routes>
          </DesktopShell>
        );
      }}
    </RequireRole>
  );
}
