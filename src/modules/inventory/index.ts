export { addSupply, supplyOf, allocateToPool, takeStock, moveStock, poolsOf, availableOf, returnUnsold, type StockLine, type OrderStockLine, type PoolView } from './inventory.service.ts';
export { availableSql, availableJsonSql, takeStockBatch } from './inventory.bulk.ts';
export { shiftOrderMovements } from './inventory.history.ts';
