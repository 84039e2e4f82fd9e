// The reseller app's 售后 words (the shared ones are under returns.*), merged under reseller.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';
import './returns.css';

addAreaStrings('reseller', {
  titles: { returns: '售后' },
  returns: {
    intro: '你和顾客提交的退货退款申请，点开查看订单和处理进度。', filter: '按状态筛选', sent: '售后申请已提交，平台审核后会通知你',
    forCustomer: '为顾客「{{name}}」申请，审核结果和退货运单号也会显示在顾客的订单页面。',
    brandShortBody: '品牌未能供货，订单已取消；货款已全额退回（钱包支付退回钱包，在线支付原路退回），不影响你的账户。',
  },
}, {
  titles: { returns: 'After-sales' },
  returns: {
    intro: 'Return and refund requests from you and your customers; open one for its order and progress.', filter: 'Filter by status', sent: 'Return request sent; you will see the platform’s decision here',
    forCustomer: 'For your customer {{name}}. The decision and the return waybill also show on the customer’s order page.',
    brandShortBody: 'The brand could not supply this order, so it was cancelled and fully refunded (wallet payments to your wallet, online payments the way they were paid).',
  },
});
