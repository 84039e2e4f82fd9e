// The console's words for the order list as a whole filter: the summary from the server and the
// CSV export of every order it names. Merged under console.orders.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('console', {
  orders: { summary: '共 {{orders}} 笔订单 · {{units}} 件', exportCsv: '导出 CSV', exportHint: '导出当前筛选下的全部订单（每行一个商品）' },
}, {
  orders: { summary_one: '1 order · {{units}} units', summary_other: '{{count}} orders · {{units}} units', exportCsv: 'Export CSV', exportHint: 'Every order of the current filter, one row per item' },
});
