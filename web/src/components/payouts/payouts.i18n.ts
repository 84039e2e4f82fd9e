// Payout-account words every area shares (the kinds of account money is paid into), merged under payouts.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('payouts', {
  kind: { bank_card: '银行卡', alipay: '支付宝', wechat: '微信' },
}, {
  kind: { bank_card: 'Bank card', alipay: 'Alipay', wechat: 'WeChat' },
});
