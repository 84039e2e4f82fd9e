// The brand portal's words for orders as a whole filter: searching by order number and the
// order list file, both from the server. Merged under brand.orders.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('brand', {
  orders: {
    search: '订单号', searchPlaceholder: '订单号或尾号', searchGo: '搜索', searchClear: '清除', noMatch: '没有找到「{{q}}」相关的待发货订单',
    exportOrders: '导出订单明细', exportHint: '导出当前筛选下的全部订单，不只是已加载的部分',
  },
}, {
  orders: {
    search: 'Order no.', searchPlaceholder: 'Order no. or its last digits', searchGo: 'Search', searchClear: 'Clear', noMatch: 'No orders to fulfil match “{{q}}”',
    exportOrders: 'Export order lines', exportHint: 'Every order of the current filter, not only those loaded',
  },
});
