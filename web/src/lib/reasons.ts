// Reasons as the API gives them (why an order was cancelled or expired, why money went back, why
// holds were released, why an operator acted): a code from the platform's closed list
// (src/platform/reasons.ts, pure and imported as it is), optionally ':' and a reference, or the
// words a person typed. Every screen shows a reason through reasonText: a code in the reader's
// language with its reference kept, a person's words as they typed them. The forms' ready-made
// chips send the code.
import type { TFunction } from 'i18next';
import { addAreaStrings } from './i18n-area.ts';
import { parseReason, type PresetReason } from '../../../src/platform/reasons.ts';

/** The chips each form offers, in order. */
export const CANCEL_PRESETS = {
  console: ['consumer_asked', 'brand_out_of_stock', 'address_unserviceable', 'duplicate_order'],
  reseller: ['customer_changed_mind', 'wrong_size', 'wrong_address', 'duplicate_order'],
} satisfies Record<string, PresetReason[]>;
export const RELEASE_PRESETS = {
  console: ['hoarding', 'repeated_unpaid', 'scripted_orders'],
  reseller: ['customer_changed_mind', 'duplicate_order', 'customer_unreachable'],
} satisfies Record<string, PresetReason[]>;
/**
 * The operator's other forms: the acts kept in the operator actions record (ending early's reason
 * also goes to the unpaid orders it cancels), declining a withdrawal, deciding a return.
 */
export const OPERATOR_PRESETS = {
  endEarly: ['goods_ready_ship_early', 'brand_requested_end', 'quality_issue', 'price_error'],
  pull: ['failed_quality_check', 'brand_recall', 'price_error'],
  resellerDisable: ['counterfeit_sales', 'fake_orders', 'membership_lapsed'],
  userDisable: ['staff_left', 'account_compromised'],
  passwordReset: ['identity_verified', 'account_compromised'],
  withdrawalReject: ['payout_account_wrong', 'account_needs_check', 'asked_twice'],
  /** Deciding a return or refund request (an approval with nothing typed says within_policy). */
  returnDecision: ['within_policy', 'tags_removed', 'worn_or_washed', 'outside_return_window', 'no_fault_shown'],
} satisfies Record<string, PresetReason[]>;

/** A stored reason in the reader's language: a code's words (with its reference), else the words as typed. */
export function reasonText(t: TFunction, stored: string | null | undefined): string {
  const r = parseReason(stored);
  if (!r) return stored ?? '';
  const words = t(`reasons.${r.code}`);
  return r.ref ? t('reasons.withRef', { words, ref: r.ref }) : words;
}

/**
 * A form's ready-made reasons: each chip fills in its words in the reader's language, and `sent`
 * turns what the box holds back into the chip's code when it is a chip's words (so every later
 * reader sees it in their own language), or the person's own words as typed.
 */
export function reasonChips(t: TFunction, codes: readonly PresetReason[]): { chips: { code: PresetReason; words: string }[]; sent: (text: string) => string } {
  const chips = codes.map((code) => ({ code, words: reasonText(t, code) }));
  return { chips, sent: (text) => chips.find((c) => c.words === text.trim())?.code ?? text.trim() };
}

addAreaStrings('reasons', {
  consumer_asked: '消费者要求取消', brand_out_of_stock: '品牌缺货', address_unserviceable: '地址无法配送', duplicate_order: '重复下单',
  customer_changed_mind: '顾客说不要了', wrong_size: '尺码选错了', wrong_address: '地址填错了', customer_unreachable: '联系不上顾客',
  hoarding: '恶意占库存', repeated_unpaid: '同一人重复下单不付款', scripted_orders: '脚本批量下单',
  goods_ready_ship_early: '品牌货已备齐，提前结束进入发货', brand_requested_end: '品牌方要求下线', quality_issue: '商品质量问题', price_error: '价格设置错误',
  failed_quality_check: '质检不合格', brand_recall: '品牌方召回',
  counterfeit_sales: '违规售假', fake_orders: '恶意刷单', membership_lapsed: '会员未续费',
  staff_left: '员工离职', account_compromised: '账号疑似被盗', identity_verified: '用户忘记密码，已核实身份',
  payout_account_wrong: '收款账户信息有误，请更新后重新申请', account_needs_check: '账户存在风险，需人工核实', asked_twice: '重复申请',
  within_policy: '符合售后政策，同意', tags_removed: '吊牌已剪，影响二次销售', worn_or_washed: '商品已穿着或洗涤', outside_return_window: '已超出售后期限', no_fault_shown: '照片未显示质量问题',
  hold_expired: '超时未支付，库存已释放', paid_after_hold_expired: '库存保留到期后才支付，款项退回', paid_too_late: '订单已不可支付时付款，款项退回',
  paid_twice: '重复支付，多付的款项退回', payment_unmatched: '付款未对应任何订单或充值，款项退回',
  brand_short: '品牌缺货未能供货', parcel_refused: '包裹被拒收退回', return: '退货退款', refund_only: '仅退款', refund_only_within_policy: '小额仅退款，按规则自动同意',
  group_not_filled: '拼团未在时限内成团', presale_minimum_not_reached: '预售未达起订量', presale_closed_unpaid: '预售截止前未支付',
  membership_removed: '月度考核清退，年费按比例退回',
  withRef: '{{words}}（{{ref}}）',
}, {
  consumer_asked: 'Consumer asked to cancel', brand_out_of_stock: 'Brand out of stock', address_unserviceable: 'Address cannot be served', duplicate_order: 'Duplicate order',
  customer_changed_mind: 'Customer changed their mind', wrong_size: 'Wrong size', wrong_address: 'Wrong address', customer_unreachable: 'Cannot reach the customer',
  hoarding: 'Hoarding stock', repeated_unpaid: 'Repeated orders, never paid', scripted_orders: 'Scripted orders',
  goods_ready_ship_early: 'Goods all in; ended early to ship', brand_requested_end: 'The brand asked to stop', quality_issue: 'Product quality problem', price_error: 'Wrong price',
  failed_quality_check: 'Failed quality check', brand_recall: 'Recalled by the brand',
  counterfeit_sales: 'Selling counterfeits', fake_orders: 'Fake orders to inflate sales', membership_lapsed: 'Membership not renewed',
  staff_left: 'Left the company', account_compromised: 'Account looks stolen', identity_verified: 'Forgot the password, identity checked',
  payout_account_wrong: 'The payout account is wrong; update it and ask again', account_needs_check: 'The account needs a manual check', asked_twice: 'Asked twice',
  within_policy: 'Within the after-sales policy; approved', tags_removed: 'Tags removed; it cannot be resold', worn_or_washed: 'Worn or washed', outside_return_window: 'Past the after-sales period', no_fault_shown: 'The photos show no fault',
  hold_expired: 'Not paid in time; the hold expired', paid_after_hold_expired: 'Paid after the hold expired; money returned', paid_too_late: 'Paid when the order could no longer be paid; money returned',
  paid_twice: 'Paid twice; the extra payment returned', payment_unmatched: 'A payment for no order or top-up; returned',
  brand_short: 'The brand could not supply it', parcel_refused: 'Parcel refused and sent back', return: 'Returned', refund_only: 'Refunded without a return', refund_only_within_policy: 'Small refund without a return, approved by policy',
  group_not_filled: 'Group buy did not fill in time', presale_minimum_not_reached: 'Presale did not reach its minimum', presale_closed_unpaid: 'Presale closed before payment',
  membership_removed: 'Removed at the monthly review; fee refunded pro rata',
  withRef: '{{words}} ({{ref}})',
});
