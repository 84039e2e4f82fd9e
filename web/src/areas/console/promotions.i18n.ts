// The console's coupon strings (merged under console.*).
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('console', {
  nav: { coupons: '优惠券' },
  coupons: {
    title: '优惠券', create: '新建优惠券', createTitle: '新建优惠券', none: '还没有优惠券', submit: '创建',
    hint: '平台出资的券由平台承担；品牌出资的券只优惠该品牌的商品，由品牌从货款中承担，且不超过该商品应付品牌的金额。',
    code: '券码', name: '名称', kind: '类型', terms: '优惠', funding: '出资方', window: '有效期', redeemed: '已用 / 总量', perCustomer: '每人限用', state: '状态', actions: '',
    kinds: { threshold: '满减', fixed: '立减', percent: '折扣', bogo: '买一送一' },
    kindHint: { threshold: '订单满门槛金额减固定金额', fixed: '直接减固定金额', percent: '按比例优惠，可设上限', bogo: '同一 SKU 每买两件免一件' },
    platform: '平台', brand: '品牌', brandFunded: '品牌出资：{{brand}}',
    threshold: '门槛（元）', amountOff: '减（元）', percent: '折扣（%）', percentHint: '例如 12 表示优惠 12%（即 88 折）', maxOff: '最多优惠（元，可空）',
    validFrom: '开始时间', validTo: '结束时间', totalCap: '发放总量', perCustomerCap: '每位顾客限用（按手机号）',
    termsThreshold: '满 {{threshold}} 减 {{off}}', termsFixed: '立减 {{off}}', termsPercent: '优惠 {{pct}}', termsPercentMax: '优惠 {{pct}}，最多 {{max}}', termsBogo: '同款第二件免费',
    states: { scheduled: '未开始', active: '进行中', paused: '已暂停', ended: '已结束', exhausted: '已领完' },
    pause: '暂停', resume: '恢复',
    errors: { code: '券码为 3–32 位字母、数字或 -', amount: '请输入金额', percent: '请输入 0.01–99.99 之间的折扣', cap: '请输入正整数', perCustomer: '每人限用不能超过总量', window: '结束时间必须晚于开始时间', brand: '请选择品牌', thresholdOff: '优惠金额必须小于门槛' },
  },
}, {
  nav: { coupons: 'Coupons' },
  coupons: {
    title: 'Coupons', create: 'New coupon', createTitle: 'New coupon', none: 'No coupons yet', submit: 'Create',
    hint: 'Platform-funded coupons are a platform expense. A brand-funded coupon discounts only that brand’s items and comes out of what the brand is owed, never more than that item’s payable.',
    code: 'Code', name: 'Name', kind: 'Kind', terms: 'Discount', funding: 'Funded by', window: 'Valid', redeemed: 'Used / cap', perCustomer: 'Per customer', state: 'State', actions: '',
    kinds: { threshold: 'Spend & save', fixed: 'Amount off', percent: 'Percent off', bogo: 'Buy one get one' },
    kindHint: { threshold: 'A fixed amount off once the order reaches a threshold', fixed: 'A fixed amount off', percent: 'A share off, optionally capped', bogo: 'Every second unit of a SKU is free' },
    platform: 'Platform', brand: 'Brand', brandFunded: 'Brand: {{brand}}',
    threshold: 'Threshold (¥)', amountOff: 'Amount off (¥)', percent: 'Percent off (%)', percentHint: 'e.g. 12 means 12% off', maxOff: 'Cap (¥, optional)',
    validFrom: 'Starts', validTo: 'Ends', totalCap: 'Total cap', perCustomerCap: 'Uses per customer (by phone)',
    termsThreshold: '{{off}} off over {{threshold}}', termsFixed: '{{off}} off', termsPercent: '{{pct}} off', termsPercentMax: '{{pct}} off, up to {{max}}', termsBogo: 'Second unit free',
    states: { scheduled: 'Scheduled', active: 'Active', paused: 'Paused', ended: 'Ended', exhausted: 'Used up' },
    pause: 'Pause', resume: 'Resume',
    errors: { code: 'Use 3–32 letters, digits or -', amount: 'Enter an amount', percent: 'Enter a percentage between 0.01 and 99.99', cap: 'Enter a whole number of at least 1', perCustomer: 'Cannot exceed the total cap', window: 'The end must be after the start', brand: 'Choose a brand', thresholdOff: 'The amount off must be below the threshold' },
  },
});
