// Every module's tables, for drizzle-kit to diff into migrations. Code imports tables from the
// owning module, never from here.
export * from './modules/brands/brands.tables.ts';
export * from './modules/resellers/resellers.tables.ts';
export * from './modules/resellers/membership.tables.ts';
export * from './modules/accounts/accounts.tables.ts';
export * from './modules/catalog/catalog.tables.ts';
export * from './modules/sale-events/sale-events.tables.ts';
export * from './modules/inventory/inventory.tables.ts';
export * from './modules/pricing/pricing.tables.ts';
export * from './modules/orders/orders.tables.ts';
export * from './modules/payments/payments.tables.ts';
export * from './modules/payouts/payouts.tables.ts';
export * from './modules/ledger/ledger.tables.ts';
export * from './modules/flash-sales/flash-sales.tables.ts';
export * from './modules/group-buys/group-buys.tables.ts';
export * from './modules/presales/presales.tables.ts';
export * from './modules/promotions/promotions.tables.ts';
export * from './modules/addresses/addresses.tables.ts';
export * from './modules/carriers/carriers.tables.ts';
export * from './modules/fulfillment/fulfillment.tables.ts';
export * from './modules/aftersales/aftersales.tables.ts';
export * from './modules/settlement/settlement.tables.ts';
export * from './modules/sharing/sharing.tables.ts';
export * from './platform/platform.tables.ts';
