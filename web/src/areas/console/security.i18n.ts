// The console's security strings (merged under console.*): locked logins, login records, the audit.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('console', {
  nav: { security: '安全', account: '账户与安全' },
  security: {
    title: '安全',
    hint: '登录失败会按手机号和来源 IP 计数：同一手机号连续失败 5 次后锁定 30 秒，之后每次失败锁定时间翻倍，最长 1 小时；同一 IP 失败 20 次后同样锁定（最长 15 分钟）。登录成功会清除该手机号的计数。',
    locks: {
      title: '锁定中', none: '当前没有被锁定的手机号或 IP 地址。', refresh: '刷新',
      kind: '类型', value: '手机号 / IP', who: '账户', failures: '连续失败', first: '首次失败', last: '最近失败', until: '解锁时间', actions: '',
      kinds: { phone: '手机号', address: 'IP 地址' }, unregistered: '未注册的手机号', remaining: '还剩 {{wait}}',
      unlock: '解锁', confirm: '解锁 {{value}}，并清除它的失败计数？此操作会记入审计。', unlocked: '已解锁 {{value}}。',
    },
    records: {
      title: '登录记录', hint: '每一次登录尝试：成功、密码错误（或手机号未注册）、因锁定被拒绝。', none: '还没有登录记录',
      all: '全部', phone: '手机号', phonePlaceholder: '手机号或前几位', filter: '结果',
      at: '时间', who: '账户', outcome: '结果', ip: 'IP 地址', device: '设备', unknown: '未注册',
    },
    audit: {
      title: '操作审计', hint: '谁在何时对登录和会话做了什么：解锁、修改密码、让设备退出登录。', none: '暂无记录',
      at: '时间', actor: '操作人', action: '操作', target: '对象', ip: 'IP 地址',
      actions: {
        throttle_cleared: '解除登录锁定', password_changed: '修改密码', password_change_refused: '修改密码失败（当前密码错误）',
        session_revoked: '让一台设备退出登录', other_sessions_revoked: '让其他设备退出登录',
      },
      sessions: '{{count}} 台设备',
    },
  },
}, {
  nav: { security: 'Security', account: 'Account & security' },
  security: {
    title: 'Security',
    hint: 'Failed logins are counted per phone number and per client IP: 5 failures in a row lock a phone for 30 s, doubling with each further failure up to 1 hour; 20 failures from one IP lock it the same way (up to 15 minutes). A successful login clears the phone’s count.',
    locks: {
      title: 'Locked now', none: 'No phone number or IP address is locked right now.', refresh: 'Refresh',
      kind: 'Kind', value: 'Phone / IP', who: 'Account', failures: 'Failures in a row', first: 'First failure', last: 'Last failure', until: 'Locked until', actions: '',
      kinds: { phone: 'Phone', address: 'IP address' }, unregistered: 'Not a registered phone', remaining: '{{wait}} left',
      unlock: 'Unlock', confirm: 'Unlock {{value}} and forget its failures? This is recorded in the audit.', unlocked: '{{value}} is unlocked.',
    },
    records: {
      title: 'Login records', hint: 'Every login tried: succeeded, wrong password (or unregistered phone), refused while locked.', none: 'No logins recorded yet',
      all: 'All', phone: 'Phone', phonePlaceholder: 'Phone or its first digits', filter: 'Outcome',
      at: 'When', who: 'Account', outcome: 'Outcome', ip: 'IP address', device: 'Device', unknown: 'Unregistered',
    },
    audit: {
      title: 'Audit', hint: 'Who did what to logins and sessions, and when: unlocks, password changes, devices logged out.', none: 'Nothing recorded yet',
      at: 'When', actor: 'By', action: 'Action', target: 'Target', ip: 'IP address',
      actions: {
        throttle_cleared: 'Lifted a login lock', password_changed: 'Changed password', password_change_refused: 'Password change refused (wrong current password)',
        session_revoked: 'Logged a device out', other_sessions_revoked: 'Logged other devices out',
      },
      sessions_one: '1 device', sessions_other: '{{count}} devices',
    },
  },
});
