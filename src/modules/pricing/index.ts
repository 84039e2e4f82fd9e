export { setPrices, pricesOf, type PriceInput } from './pricing.service.ts';
export { priceBounds, isInsideWindow, sellingPriceFor, deepestDiscountTenths, buyableNowPrices, type PriceBounds, type MarkupWindow } from './pricing.rules.ts';
export { pricesJsonSql } from './pricing.bulk.ts';
