// Strings of the screen a user whose password the operator reset sees first (merged under account.forced.*).
import { addAreaStrings } from '../lib/i18n-area.ts';

addAreaStrings('account', {
  forced: {
    title: '请先设置新密码', body: '您的密码已由平台运营重置。请输入运营告知的临时密码，并设置一个只有您知道的新密码，然后才能继续使用。',
    current: '临时密码', logout: '退出登录',
  },
}, {
  forced: {
    title: 'Choose a new password first', body: 'The platform operator reset your password. Enter the temporary password they gave you and choose a new one only you know before you carry on.',
    current: 'Temporary password', logout: 'Log out',
  },
});
