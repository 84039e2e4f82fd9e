// The storefront's words for an order after payment, state by state (paid and waiting for the
// warehouse, shipped, delivered, completed), merged under storefront.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('storefront', {
  afterPayment: {
    partially_shipped: { title: '部分已发货', body: '部分商品已发出，其余商品到仓后尽快发出。' },
    shipped: { title: '已发货', body: '商品已发出，请留意物流信息。' },
    delivered: { title: '已送达', body: '商品已送达，请查收。' },
    completed: { title: '订单已完成', body: '感谢您的购买。' },
  },
  orderNoLoading: '订单号查询中…',
  trackingAsk: '运单号和物流轨迹可向为您下单的店主索取。',
}, {
  afterPayment: {
    partially_shipped: { title: 'Partly shipped', body: 'Some of your items are on their way; the rest follow as soon as they reach the warehouse.' },
    shipped: { title: 'Shipped', body: 'Your items are on their way — watch for tracking updates.' },
    delivered: { title: 'Delivered', body: 'Your items have been delivered.' },
    completed: { title: 'Order completed', body: 'Thank you for your purchase.' },
  },
  orderNoLoading: 'Looking up the order number…',
  trackingAsk: 'Ask the shop that took your order for the waybill number and tracking.',
});
