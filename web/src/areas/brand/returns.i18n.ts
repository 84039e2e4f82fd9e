// The brand portal's 退货分析 words (reasons, states and rate columns are the shared returns.*),
// merged under brand.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';
import './returns.css';

addAreaStrings('brand', {
  returns: {
    nav: '退货分析', heading: '退货分析',
    intro: '您的商品签收后的退货情况：退货率 = 已退款的退货件数 ÷ 已签收件数，以及顾客申请售后的原因。退货的货款和佣金已自动冲回，见对账单。',
    rateHint: '退货件数 ÷ 签收件数', ratesTitle: '退货率与原因', by: { sku: '按 SKU', event: '按档期' },
    recent: '最近的售后申请', items: '商品', requestedAt: '申请时间', status: '状态',
  },
}, {
  returns: {
    nav: 'Returns', heading: 'Returns',
    intro: 'How your items come back after delivery: the return rate is units returned and refunded over units delivered, with the reasons customers gave. What is returned is reversed from what you are owed — see the statement.',
    rateHint: 'Units returned ÷ units delivered', ratesTitle: 'Return rates and reasons', by: { sku: 'By SKU', event: 'By event' },
    recent: 'Latest return requests', items: 'Items', requestedAt: 'Requested', status: 'Status',
  },
});
