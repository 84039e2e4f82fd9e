// The reseller app's strings for what a real user's review asked for, merged under reseller.*:
// the wallet balance after a top-up, discount badges worked out from the prices, red-packet
// toasts that say the amount and threshold, and the flash-sale page's way back.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('reseller', {
  me: { topupBalance: '充值成功，{{amount}} 已到账，钱包余额 {{balance}}', topupNewBalance: '已到账，钱包余额 {{balance}}' },
  events: { upTo: '低至{{zhe}}折', upToHint: '按我的售价与吊牌价计算（有库存的商品）' },
  flash: { backToEvents: '档期' },
  rp: {
    giftedDetail: '已送出 {{count}} 个红包：每个 {{amount}}，满 {{min}} 可用', giftedNoMin: '已送出 {{count}} 个红包：每个 {{amount}}，无门槛',
    boughtDetail: '已买入 {{count}} 个红包：每个 {{amount}}，满 {{min}} 可用', boughtNoMin: '已买入 {{count}} 个红包：每个 {{amount}}，无门槛',
  },
}, {
  me: { topupBalance: 'Top-up done: {{amount}} added; wallet balance {{balance}}', topupNewBalance: 'Credited; wallet balance {{balance}}' },
  events: { upTo: 'Up to {{off}}% off', upToHint: 'Worked out from my prices and the tag prices of items in stock' },
  flash: { backToEvents: 'Events' },
  rp: {
    giftedDetail_one: '1 red packet gifted: {{amount}} off orders of {{min}} or more', giftedDetail_other: '{{count}} red packets gifted: {{amount}} each, off orders of {{min}} or more',
    giftedNoMin_one: '1 red packet gifted: {{amount}} off any order', giftedNoMin_other: '{{count}} red packets gifted: {{amount}} each, off any order',
    boughtDetail_one: '1 red packet bought: {{amount}} off orders of {{min}} or more', boughtDetail_other: '{{count}} red packets bought: {{amount}} each, off orders of {{min}} or more',
    boughtNoMin_one: '1 red packet bought: {{amount}} off any order', boughtNoMin_other: '{{count}} red packets bought: {{amount}} each, off any order',
  },
});
