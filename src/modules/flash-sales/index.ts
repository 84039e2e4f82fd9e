export {
  flashOnly, createFlashItem, flashItemViews, flashItemsForEvent, releaseFlashClaims, flashTimelines, listFlashItems,
  type FlashItemView, type NewFlashItem, type FlashItemRow, type FlashListFilter, type FlashListItem, type FlashPhase,
} from './flash-sales.service.ts';
export { FlashFigures } from './flash-sales.routes.ts';
export { flashItemHeadSql, flashCountersSql, claimItemCte, recordClaimsCtes, flashOnlySql, type ClaimBatch } from './flash-sales.bulk.ts';
