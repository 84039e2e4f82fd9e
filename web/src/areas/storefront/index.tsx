// The storefront (/s/:shareCode/*): what a reseller's shared chat link opens. No login, phone
// first, kept light — no charts, no shells, only what a consumer needs to buy and pay.
import { Route, Routes, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import './i18n.ts';
import './storefront.css';
import { validShareCode } from './data.ts';
import Shop, { ShopNotFound } from './Shop.tsx';
import EventPage from './EventPage.tsx';
import Checkout from './Checkout.tsx';
import OrderPage from './OrderPage.tsx';
import { GroupOfferPage, GroupPage } from './GroupBuy.tsx';
import FlashPage from './Flash.tsx';
import LinkPage from './Sharing.tsx';
import { Header, Message, Page } from './parts.tsx';
import { DiscountLinkCapture } from './Discounts.tsx';

function NotFound({ code }: { code: string }) {
  const { t } = useTranslation();
  return <Page><Header title={t('common.appName')} back={`/s/${code}`} /><Message icon="search" title={t('storefront.pageNotFound')} code={code} /></Page>;
}

export default function Storefront() {
  const { shareCode } = useParams();
  if (!validShareCode(shareCode)) return <ShopNotFound />;
  const code = shareCode;
  return (
    <>
    <DiscountLinkCapture shop={code} />
    <Routes>
      <Route index element={<Shop code={code} />} />
      <Route path="e/:saleEventId" element={<EventPage code={code} />} />
      <Route path="checkout" element={<Checkout code={code} />} />
      <Route path="orders/:orderId" element={<OrderPage code={code} />} />
      <Route path="g/:offerId" element={<GroupOfferPage code={code} />} />
      <Route path="groups/:groupId" element={<GroupPage code={code} />} />
      <Route path="flash/:flashItemId" element={<FlashPage code={code} />} />
      <Route path="l/:linkCode" element={<LinkPage code={code} />} />
      <Route path="*" element={<NotFound code={code} />} />
    </Routes>
    </>
  );
}
