export { addSupply, supplyOf, allocateToPool, takeStock, moveStock, poolsOf, type StockLine, type PoolView } from './inventory.service.ts';
