// The brand portal's coupon strings (merged under brand.*).
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('brand', {
  coupons: {
    nav: '优惠券', heading: '优惠券 · 品牌出资', intro: '平台运营为您设置、由您出资的优惠券：用了多少、您承担了多少优惠、带来了多少销售。优惠计入您的对账单。',
    none: '暂无由您出资的优惠券', count: '优惠券', paidOrders: '已付款订单', pending: '待付款 {{n}} 单', discount: '您承担的优惠', sales: '带来的销售额',
    roi: '投入产出比', roiHint: '销售额 ÷ 优惠金额', chart: '各优惠券的优惠与销售', chartLabel: '各优惠券您承担的优惠金额与带来的销售额',
    code: '券码', name: '名称', terms: '规则', validity: '有效期', state: '状态', used: '已使用 / 上限', perCustomer: '每人限 {{n}} 张',
    states: { scheduled: '未开始', active: '进行中', paused: '已暂停', ended: '已结束', exhausted: '已领完' },
    termsThreshold: '满 {{threshold}} 减 {{off}}', termsFixed: '立减 {{off}}', termsPercent: '{{pct}} 折', termsPercentMax: '{{pct}} 折，最多减 {{max}}', termsBogo: '同款第二件免费',
  },
}, {
  coupons: {
    nav: 'Coupons', heading: 'Coupons · funded by you', intro: 'Coupons the operator set up and you fund: how much they were used, the discount you bear and the sales they brought. The discount shows in your statement.',
    none: 'No coupons funded by you yet', count: 'Coupons', paidOrders: 'Paid orders', pending: '{{n}} awaiting payment', discount: 'Discount you bear', sales: 'Sales they brought',
    roi: 'Return', roiHint: 'sales ÷ discount', chart: 'Discount and sales per coupon', chartLabel: 'Discount you bear and sales brought, per coupon',
    code: 'Code', name: 'Name', terms: 'Terms', validity: 'Valid', state: 'State', used: 'Used / cap', perCustomer: '{{n}} per customer',
    states: { scheduled: 'Not started', active: 'Active', paused: 'Paused', ended: 'Ended', exhausted: 'Used up' },
    termsThreshold: '{{off}} off {{threshold}}+', termsFixed: '{{off}} off', termsPercent: '{{pctOff}} off', termsPercentMax: '{{pctOff}} off, at most {{max}}', termsBogo: 'Second unit free',
  },
});
