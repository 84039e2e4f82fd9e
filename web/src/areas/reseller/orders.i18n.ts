// The reseller app's words for finding orders: the order number, searching by it, and what an
// empty list means under each status filter. Merged under reseller.orders.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('reseller', {
  orders: {
    orderNo: '订单号', search: '搜索订单', searchPlaceholder: '订单号或尾号、顾客姓名、手机号', searchGo: '搜索', searchClear: '清除',
    emptyBy: { all: '还没有订单', pending_payment: '没有待付款的订单', paid: '没有已付款、等待发货的订单', partially_shipped: '没有部分发货的订单', shipped: '还没有已发货的订单', delivered: '还没有已签收的订单', cancelled: '没有已取消的订单' },
    noMatch: '没有找到「{{q}}」相关的订单',
  },
}, {
  orders: {
    orderNo: 'Order no.', search: 'Search orders', searchPlaceholder: 'Order no. or its last digits, customer name, phone', searchGo: 'Search', searchClear: 'Clear',
    emptyBy: { all: 'No orders yet', pending_payment: 'No orders awaiting payment', paid: 'No paid orders waiting to ship', partially_shipped: 'No partly shipped orders', shipped: 'No orders shipped yet', delivered: 'No orders delivered yet', cancelled: 'No cancelled orders' },
    noMatch: 'No orders match “{{q}}”',
  },
});
