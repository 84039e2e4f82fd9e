// The storefront's coupon and red packet strings (merged under storefront.*).
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('storefront', {
  promo: {
    title: '优惠', coupon: '优惠券', redPacket: '红包', couponPlaceholder: '输入优惠券码', redPacketPlaceholder: '输入红包码', apply: '使用', remove: '移除',
    checking: '计算中…', subtotal: '商品金额', discount: '已优惠', couponLine: '优惠券 {{code}}', redPacketLine: '红包 {{code}}', payable: '应付',
    fromLink: '已领取红包，结算时自动使用', fromLinkCoupon: '已领取优惠券，结算时自动使用', saved: '已优惠 {{amount}}', minPay: '订单至少需支付 ¥0.01',
    reasons: {
      not_found: '码不存在，请核对', paused: '该优惠券已暂停使用', not_started: '该优惠券还未开始', ended: '该优惠券已过期', below_threshold: '未满 {{threshold}}，还不能用',
      no_eligible_items: '购物车里没有适用该券的商品', nothing_off: '购物车里的商品用不上该券（买一送一需同款两件）', used: '该红包已被使用', expired: '该红包已过期',
      other_customer: '这个红包是送给其他手机号的', below_min_spend: '满 {{minSpend}} 才能用该红包', order_too_small: '订单金额太小，用不了这个红包',
    },
  },
}, {
  promo: {
    title: 'Discounts', coupon: 'Coupon', redPacket: 'Red packet', couponPlaceholder: 'Coupon code', redPacketPlaceholder: 'Red packet code', apply: 'Apply', remove: 'Remove',
    checking: 'Checking…', subtotal: 'Items', discount: 'You save', couponLine: 'Coupon {{code}}', redPacketLine: 'Red packet {{code}}', payable: 'To pay',
    fromLink: 'Red packet claimed: it applies at checkout', fromLinkCoupon: 'Coupon claimed: it applies at checkout', saved: 'You save {{amount}}', minPay: 'An order always costs at least ¥0.01',
    reasons: {
      not_found: 'No such code: please check it', paused: 'This coupon is paused', not_started: 'This coupon has not started yet', ended: 'This coupon has expired', below_threshold: 'Spend {{threshold}} to use it',
      no_eligible_items: 'Nothing in your cart qualifies for this coupon', nothing_off: 'Nothing in your cart qualifies (buy one get one needs two of an item)', used: 'This red packet has been used', expired: 'This red packet has expired',
      other_customer: 'This red packet was gifted to another phone number', below_min_spend: 'Spend {{minSpend}} to use this red packet', order_too_small: 'The order is too small for this red packet',
    },
  },
});
