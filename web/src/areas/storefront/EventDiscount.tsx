// An event's discount badge, 低至2.7折 / Up to 73% off: worked out from the shop's prices (the
// server's cards, or format.ts deepestDiscount on an event page), never typed into a title.
import { useTranslation } from 'react-i18next';
import { zhe } from '../../lib/money.ts';
import './discount.i18n.ts';

export function EventDiscount({ tenths }: { tenths: number | null }) {
  const { t } = useTranslation();
  if (tenths === null) return null;
  return <span className="sf-discount sf-event-discount" data-testid="event-discount" data-tenths={tenths} title={t('storefront.upToHint')}>{t('storefront.upTo', zhe(tenths))}</span>;
}
