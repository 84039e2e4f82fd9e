// The storefront's flash-sale (秒杀) strings (merged under storefront.flash.*).
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('storefront', {
  flash: {
    badge: '秒杀', title: '限时秒杀', strip: '限时秒杀', stripHint: '限量抢购，手慢无', see: '去抢购', flashPrice: '秒杀价', tagPrice: '吊牌价',
    startsIn: '距开抢 {{time}}', endsIn: '距结束 {{time}}', startsAt: '{{time}} 开抢',
    claimed: '已抢 {{n}} 件', left: '仅剩 {{n}} 件', limited: '限量 {{n}} 件', soldOutIn: '{{n}} 件 {{m}} 分钟抢光', soldOutInSeconds: '{{n}} 件 {{s}} 秒抢光', soldOut: '已抢光', ended: '已结束',
    limit: '每人限购 {{n}} 件', holdNote: '抢到后请在 5 分钟内付款，超时名额将释放给其他人',
    grab: '立即抢购', grabPrice: '立即抢购 {{price}}', grabbing: '抢购中…', notStarted: '即将开抢', soldOutCta: '已抢光', endedCta: '已结束',
    haveYoursCta: '已抢够 {{n}} 件', shopFullCta: '本店名额已用完',
    upcoming: '即将开抢', onSale: '抢购中',
    err: {
      sold_out: '手慢了，已经被抢光啦', limit_buyer: '每人限购 {{n}} 件，这个手机号已经抢够啦', limit_reseller: '本店的抢购名额已用完（限 {{n}} 件）',
      limit_buyer_left: '每人限购 {{n}} 件，你已抢到 {{has}} 件，最多还能抢 {{left}} 件', limit_reseller_left: '本店的抢购名额只剩 {{left}} 件',
      flash_not_started: '还没开抢，请留意倒计时', flash_ended: '秒杀已经结束', storefront_not_found: '店铺不存在',
    },
    notFound: '没有找到这个秒杀', notFoundBody: '它可能已经结束了，去店里看看别的吧。',
    shipTo: '收货信息', quantity: '数量', tagLabel: '秒杀订单',
    payTitle: '抢到了！请尽快付款', payNow: '去支付', paying: '正在打开支付…',
  },
}, {
  flash: {
    badge: 'Flash', title: 'Flash sale', strip: 'Flash sales', stripHint: 'Limited units — first come, first served', see: 'Grab it', flashPrice: 'Flash price', tagPrice: 'Tag price',
    startsIn: 'Starts in {{time}}', endsIn: 'Ends in {{time}}', startsAt: 'Starts {{time}}',
    claimed: '{{n}} grabbed', left: 'only {{n}} left', limited: '{{n}} units only', soldOutIn: '{{n}} sold out in {{m}} min', soldOutInSeconds: '{{n}} sold out in {{s}} s', soldOut: 'Sold out', ended: 'Ended',
    limit: 'Limit {{n}} per person', holdNote: 'Pay within 5 minutes of grabbing one, or it is released to other buyers',
    grab: 'Grab now', grabPrice: 'Grab now {{price}}', grabbing: 'Grabbing…', notStarted: 'Starting soon', soldOutCta: 'Sold out', endedCta: 'Ended',
    haveYoursCta: 'You have your {{n}}', shopFullCta: 'This shop’s share is used up',
    upcoming: 'Starting soon', onSale: 'On now',
    err: {
      sold_out: 'Too slow — it has sold out', limit_buyer: 'Limit {{n}} per person — this phone has its {{n}}', limit_reseller: 'This shop’s share is used up (limit {{n}})',
      limit_buyer_left: 'Limit {{n}} per person — you have {{has}}, so up to {{left}} more', limit_reseller_left: 'Only {{left}} left of this shop’s share',
      flash_not_started: 'Not started yet — watch the countdown', flash_ended: 'This flash sale has ended', storefront_not_found: 'Shop not found',
    },
    notFound: 'Flash sale not found', notFoundBody: 'It may have ended; have a look round the shop.',
    shipTo: 'Delivery details', quantity: 'Quantity', tagLabel: 'Flash order',
    payTitle: 'Got it! Pay to keep it', payNow: 'Pay now', paying: 'Opening payment…',
  },
});
