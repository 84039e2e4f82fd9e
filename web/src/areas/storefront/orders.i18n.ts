// The storefront's words for an order after payment, state by state (paid and waiting for the
// warehouse, shipped, delivered, completed), its parcels' tracking and its after-sales, merged
// under storefront.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('storefront', {
  afterPayment: {
    partially_shipped: { title: '部分已发货', body: '部分商品已发出，其余商品到仓后尽快发出。' },
    shipped: { title: '已发货', body: '商品已发出，请留意物流信息。' },
    delivered: { title: '已送达', body: '商品已送达，请查收。' },
    completed: { title: '订单已完成', body: '感谢您的购买。' },
  },
  orderNoLoading: '订单号查询中…',
  tracking: {
    title: '物流信息', waybill: '运单号', copy: '复制', copyFailed: '复制失败，请长按运单号复制', noCarrier: '快递待分配', noWaybill: '打包后生成运单号',
    noEvents: '快递尚未揽收，揽收后这里会显示物流轨迹', items: '{{count}} 件', more: '查看全部 {{n}} 条物流信息', less: '收起',
    carrier: { sandbox: '沙箱快递' },
    status: { packing: '仓库打包中', packed: '待揽收', shipped: '运输中', delivered: '已签收', returned: '已退回' },
    event: { created: '已下单', picked_up: '已揽收', in_transit: '运输中', out_for_delivery: '派送中', delivered: '已签收', exception: '派送异常', returned_to_sender: '已退回' },
  },
  aftersales: { title: '售后', open: '申请售后', formTitle: '申请售后', back: '返回订单' },
}, {
  afterPayment: {
    partially_shipped: { title: 'Partly shipped', body: 'Some of your items are on their way; the rest follow as soon as they reach the warehouse.' },
    shipped: { title: 'Shipped', body: 'Your items are on their way — watch for tracking updates.' },
    delivered: { title: 'Delivered', body: 'Your items have been delivered.' },
    completed: { title: 'Order completed', body: 'Thank you for your purchase.' },
  },
  orderNoLoading: 'Looking up the order number…',
  tracking: {
    title: 'Tracking', waybill: 'Waybill', copy: 'Copy', copyFailed: 'Could not copy; press and hold the number to copy it', noCarrier: 'Carrier to be assigned', noWaybill: 'The waybill is made when the parcel is packed',
    noEvents: 'Not collected by the courier yet; the tracking shows here once it is', items_one: '{{count}} item', items_other: '{{count}} items', more: 'Show all {{n}} updates', less: 'Show fewer',
    carrier: { sandbox: 'Sandbox Express' },
    status: { packing: 'Being packed', packed: 'Awaiting pickup', shipped: 'In transit', delivered: 'Delivered', returned: 'Returned' },
    event: { created: 'Order placed with the carrier', picked_up: 'Collected', in_transit: 'In transit', out_for_delivery: 'Out for delivery', delivered: 'Delivered', exception: 'Delivery problem', returned_to_sender: 'Returned to sender' },
  },
  aftersales: { title: 'After-sales', open: 'Request a return', formTitle: 'Request a return', back: 'Back to the order' },
});
