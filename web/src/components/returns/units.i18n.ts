// A line's units beyond the plain order (short, returned, refunded without a return) and the
// brand-short message: the order pages' words, merged under returns.* (small: the storefront
// loads them with every order page).
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('returns', {
  units: {
    short: '品牌缺货 {{n}} 件，已退款', returned: '已退货 {{n}} 件', refundOnly: '仅退款 {{n}} 件', cancelled: '已取消 {{n}} 件', open: '售后中 {{n}} 件',
  },
  brandShort: '品牌缺货，已全额退款', brandShortBody: '很抱歉，品牌未能供货，订单已取消，货款已全额原路退回。',
}, {
  units: {
    short: '{{n}} not supplied by the brand, refunded', returned: '{{n}} returned', refundOnly: '{{n}} refunded without return', cancelled: '{{n}} cancelled', open: '{{n}} in a return',
  },
  brandShort: 'The brand could not supply it; fully refunded', brandShortBody: 'Sorry — the brand could not supply this order, so it was cancelled and fully refunded the way it was paid.',
});
