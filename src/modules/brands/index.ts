export { signBrand, addContract, getBrand, listBrands, currentContract, brandNames, DEFAULT_COMMISSION_BPS, type BrandView, type NewBrand } from './brands.service.ts';
