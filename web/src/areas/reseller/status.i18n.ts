// The reseller app's strings for a reseller the operator disabled and for an item pulled from
// its event (下架), merged under reseller.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('reseller', {
  suspended: {
    title: '你的店铺已被平台暂停',
    body: '暂停期间不能代下单，分享链接和秒杀也不接受顾客下单；已付款的订单照常发货。如有疑问请联系平台运营。',
  },
  event: { pulled: '已下架' },
}, {
  suspended: {
    title: 'Your shop has been paused by the platform',
    body: 'While paused you cannot place orders, and your shared links and flash sales take no orders from customers; paid orders are still shipped. Contact the platform’s operators with any questions.',
  },
  event: { pulled: 'Removed from sale' },
});
