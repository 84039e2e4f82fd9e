// Strings of the account & security screen every area shows (merged under account.*).
import { addAreaStrings } from '../lib/i18n-area.ts';

addAreaStrings('account', {
  title: '账户与安全',
  intro: '修改密码，查看和管理正在登录你账户的设备。',
  profile: {
    phone: '手机号', role: '身份', passwordChanged: '密码上次修改', never: '从未修改',
    roles: { operator: '运营', brand: '品牌商', reseller: '代购' },
  },
  password: {
    title: '修改密码', current: '当前密码', next: '新密码', confirm: '再次输入新密码', submit: '修改密码', saving: '正在修改…',
    hint: '至少 8 位。修改后，其他设备上的登录会全部退出，本机保持登录。',
    required: '请输入当前密码', tooShort: '新密码至少 8 位', mismatch: '两次输入的新密码不一致', same: '新密码不能与当前密码相同',
    done: '密码已修改，已退出其他 {{count}} 台设备上的登录。', doneNone: '密码已修改。',
    show: '显示密码', hide: '隐藏密码',
  },
  sessions: {
    title: '登录设备', hint: '这些设备正登录着你的账户。遇到不认识的设备，请立即让它退出，并修改密码。',
    current: '当前设备', unknownDevice: '未知设备', ip: 'IP 地址', since: '登录于', lastUsed: '最近使用',
    revoke: '退出', revokeCurrent: '退出本机', confirmRevoke: '让这台设备退出登录？', confirmCurrent: '本机将退出登录，需要重新登录。确定吗？',
    revokeOthers: '退出其他所有设备', confirmOthers: '除本机外，所有设备都将退出登录。确定吗？',
    othersDone: '已让 {{count}} 台设备退出登录。', revoked: '该设备已退出登录。', onlyThis: '只有本机在登录。',
  },
  logins: {
    title: '最近登录记录', hint: '用你的手机号尝试过的登录，包括失败的。连续失败 5 次后，该手机号会被暂时锁定。', none: '暂无记录',
    outcome: { succeeded: '登录成功', failed: '密码错误', locked: '锁定中，已拒绝' },
    at: '时间', result: '结果', where: '来源', device: '设备',
  },
  confirm: '确定', cancel: '取消',
}, {
  title: 'Account & security',
  intro: 'Change your password, and see and manage the devices logged in to your account.',
  profile: {
    phone: 'Phone', role: 'Role', passwordChanged: 'Password last changed', never: 'Never',
    roles: { operator: 'Operator', brand: 'Brand', reseller: 'Reseller' },
  },
  password: {
    title: 'Change password', current: 'Current password', next: 'New password', confirm: 'New password again', submit: 'Change password', saving: 'Changing…',
    hint: 'At least 8 characters. Changing it logs out every other device; this one stays logged in.',
    required: 'Enter your current password', tooShort: 'The new password needs at least 8 characters', mismatch: 'The two new passwords differ', same: 'The new password must differ from the current one',
    done_one: 'Password changed; 1 other device was logged out.', done_other: 'Password changed; {{count}} other devices were logged out.', doneNone: 'Password changed.',
    show: 'Show passwords', hide: 'Hide passwords',
  },
  sessions: {
    title: 'Devices logged in', hint: 'These devices are logged in to your account. If you do not recognise one, log it out and change your password.',
    current: 'This device', unknownDevice: 'Unknown device', ip: 'IP address', since: 'Logged in', lastUsed: 'Last used',
    revoke: 'Log out', revokeCurrent: 'Log out here', confirmRevoke: 'Log this device out?', confirmCurrent: 'This device will be logged out and you will need to log in again. Sure?',
    revokeOthers: 'Log out all other devices', confirmOthers: 'Every device but this one will be logged out. Sure?',
    othersDone_one: '1 device was logged out.', othersDone_other: '{{count}} devices were logged out.', revoked: 'That device was logged out.', onlyThis: 'Only this device is logged in.',
  },
  logins: {
    title: 'Recent logins', hint: 'Logins tried with your phone number, failed ones included. After 5 failures in a row the phone number is locked for a while.', none: 'No logins yet',
    outcome: { succeeded: 'Logged in', failed: 'Wrong password', locked: 'Refused: locked' },
    at: 'When', result: 'Result', where: 'From', device: 'Device',
  },
  confirm: 'Confirm', cancel: 'Cancel',
});
