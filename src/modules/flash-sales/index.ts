export {
  flashOnly, createFlashItem, flashItemViews, flashItemsForEvent, releaseFlashClaims, flashTimeline,
  type FlashItemView, type NewFlashItem, type FlashItemRow,
} from './flash-sales.service.ts';
