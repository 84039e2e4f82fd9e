// The storefront's words for an order after payment, state by state (paid and waiting for the
// warehouse, shipped, delivered, completed), merged under storefront.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('storefront', {
  afterPayment: {
    shipped: { title: '已发货', body: '商品已发出，请留意物流信息。' },
    delivered: { title: '已送达', body: '商品已送达，请查收。' },
    completed: { title: '订单已完成', body: '感谢您的购买。' },
  },
  orderNoLoading: '订单号查询中…',
}, {
  afterPayment: {
    shipped: { title: 'Shipped', body: 'Your items are on their way — watch for tracking updates.' },
    delivered: { title: 'Delivered', body: 'Your items have been delivered.' },
    completed: { title: 'Order completed', body: 'Thank you for your purchase.' },
  },
  orderNoLoading: 'Looking up the order number…',
});
