export {
  insertPresale, presalesBy, withPresale, lockDuePresales, setPresaleStatus, insertProductionOrder, productionOrdersBy, acknowledgeProductionOrder,
  presaleOfOrder, reduceProductionOrder, type PresaleRow, type ProductionOrderRow, type ProductionLineRow,
} from './presales.service.ts';
export { validatePresale, decide, productionLines, committedShipDate, progressBps, demandBySize, type DemandRow } from './presales.rules.ts';
export { presaleEventsSql, noPresaleSql } from './presales.bulk.ts';
