export { overview, sellThrough, resellerToday, type Overview, type SellThrough, type ResellerToday } from './analytics.service.ts';
