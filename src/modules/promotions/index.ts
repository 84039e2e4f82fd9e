export {
  createCoupon, listCoupons, setCouponStatus, buyRedPackets, listRedPacketBatches, giftRedPackets, storefrontDiscountHooks, quoteStorefrontDiscounts,
  releaseDiscountUses, expireRedPackets, sweepPromotions,
  type CouponInput, type CouponView, type BatchView, type RedPacketView, type BuyRedPackets, type DiscountCodes, type Quote,
} from './promotions.service.ts';
export { planDiscounts, couponDiscount, MIN_PAYMENT, type CouponKind, type CouponTerms, type RedPacketTerms, type DiscountPlan, type LineDiscount } from './promotions.rules.ts';
