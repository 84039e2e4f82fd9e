export {
  flashOnly, createFlashItem, flashItemViews, flashItemsForEvent, releaseFlashClaims, flashTimelines,
  type FlashItemView, type NewFlashItem, type FlashItemRow,
} from './flash-sales.service.ts';
