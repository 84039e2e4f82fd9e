// Pieces the warehouse screens share: status tags for purchase orders and parcels, and a SKU as
// the warehouse reads it (product, colour / size, SKU code).
import { useTranslation } from 'react-i18next';
import type { ParcelStatus, PoStatus, SkuTag } from './warehouse.ts';

// Tag colours as the rest of the console uses them: waiting orange, in hand green, gone blue.
const PO_TAG: Record<PoStatus, string> = { issued: 'scheduled', confirmed: 'draft', receiving: 'live', received: 'paid', shipped: 'shipped' };
const PARCEL_TAG: Record<ParcelStatus, string> = { packing: 'scheduled', packed: 'paid', shipped: 'shipped', delivered: 'delivered', returned: 'cancelled' };

export function PoStatusTag({ status }: { status: PoStatus }) {
  const { t } = useTranslation();
  return <span className={`tag tag-${PO_TAG[status] ?? status}`} data-testid="po-status" data-status={status}>{t(`console.wh.poStatus.${status}`, { defaultValue: status })}</span>;
}

export function ParcelStatusTag({ status }: { status: ParcelStatus }) {
  const { t } = useTranslation();
  return <span className={`tag tag-${PARCEL_TAG[status] ?? status}`} data-testid="parcel-status" data-status={status}>{t(`console.wh.parcelStatus.${status}`, { defaultValue: status })}</span>;
}

export function SkuCell({ tag, skuId }: { tag: SkuTag | null | undefined; skuId: string }) {
  if (!tag) return <span className="mono muted small">{skuId}</span>;
  return (
    <>
      <div className="strong">{tag.name}</div>
      <div className="muted small">{tag.colour} / {tag.size} · <span className="mono">{tag.skuCode}</span></div>
    </>
  );
}
