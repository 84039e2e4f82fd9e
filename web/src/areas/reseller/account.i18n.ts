// The reseller app's way into 账户与安全 (merged under reseller.*; the screen's own strings are account.*).
import { addAreaStrings } from '../../lib/i18n-area.ts';
import '../../components/account.i18n.ts';

addAreaStrings('reseller', {
  titles: { account: '账户与安全' },
  account: { open: '账户与安全' },
}, {
  titles: { account: 'Account & security' },
  account: { open: 'Security' },
});
