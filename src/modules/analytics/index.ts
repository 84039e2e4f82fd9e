export { overview, sellThrough, resellerToday, type Overview, type SellThrough, type ResellerToday } from './analytics.service.ts';
export { battleReport, type BattleReport } from './battle-report.ts';
export { resellerDashboard, type ResellerDashboard } from './reseller-dashboard.ts';
