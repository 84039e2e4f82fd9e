export { importLot, skuTags, listProducts, listLots, skusForBrand, storeImage, productCards, type LotView, type ProductView, type SkuView, type ProductCard } from './catalog.service.ts';
export { parseYuan, validateLotRows, LOT_COLUMNS } from './catalog.rules.ts';
export { skuFactsSql, type SkuFactJson } from './catalog.bulk.ts';
