export { addSupply, supplyOf, allocateToPool, takeStock, moveStock, poolsOf, availableOf, type StockLine, type PoolView } from './inventory.service.ts';
