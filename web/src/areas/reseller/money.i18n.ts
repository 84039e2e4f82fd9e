// The reseller app's strings for 收益余额 and 提现 (merged under reseller.*).
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('reseller', {
  titles: { balance: '收益余额', withdraw: '提现' },
  balance: {
    title: '我的收益', available: '可提现', pending: '待结算', withdrawing: '提现中', withdrawn: '已提现', withdraw: '提现',
    hint: '订单签收且退货期结束后，待结算收益转为可提现；邀请奖励也计入可提现。',
    chartTitle: '近 30 天', chartLabel: '近 30 天可提现余额、每日到账与提现', earned: '当日到账', withdrawnDay: '当日提现',
    rewards: '累计奖励 {{earned}}，已扣回 {{clawedBack}}。', rewardsLink: '查看明细', menuWithdraw: '到银行卡或支付宝',
  },
  withdraw: {
    accountsTitle: '收款账户', add: '+ 添加', noAccounts: '还没有收款账户，先添加一张银行卡或支付宝', toWhich: '提现到',
    addTitle: '添加收款账户', kindLabel: '账户类型',
    holder: '户名（本人姓名）', number: { bank_card: '银行卡号', alipay: '支付宝账号（手机号或邮箱）', wechat: '微信号' }, bank: '开户银行',
    banks: ['中国工商银行', '中国建设银行', '中国农业银行', '中国银行', '招商银行', '交通银行', '中国邮政储蓄银行', '浦发银行', '中信银行', '兴业银行', '平安银行', '民生银行'],
    save: '保存', added: '收款账户已添加', accountHint: '只能提现到本人账户；卡号只显示后四位。',
    default: '默认', makeDefault: '设为默认', defaultSet: '已设为默认账户', remove: '删除', confirmRemove: '确认删除', removed: '收款账户已删除',
    formTitle: '提现金额', amountLabel: '提现金额（元）', all: '全部', availableNow: '可提现 ', submit: '申请提现 {{amount}}', submitting: '提交中…',
    feeHint: '手续费以平台规则计算，提交后显示实际到账金额；平台审核后打款，通常 1–2 个工作日到账。',
    doneTitle: '提现申请已提交', amount: '提现金额', fee: '手续费', net: '实际到账', statusLabel: '状态',
    doneHint: '平台审核后打款到你的账户，进度可在「收益余额」查看；审核前可以取消。', seeList: '查看提现记录', again: '继续提现',
    listTitle: '提现记录', none: '还没有提现记录', toAccount: '到 {{account}}', feeNet: '手续费 {{fee}} · 到账 {{net}}',
    paidAt: '{{time}} 已到账', rejectReason: '未通过：{{reason}}，金额已退回可提现', failedHint: '打款失败，金额已退回可提现，请检查收款账户后重新申请',
    cancel: '取消提现', cancelled: '已取消，{{amount}} 退回可提现',
    status: { requested: '待审核', approved: '已批准', paying: '打款中', paid: '已到账', failed: '打款失败', rejected: '未通过', cancelled: '已取消' },
    err: {
      holder: '请填写户名', card: '请输入 16–19 位银行卡号', bank: '请填写开户银行', alipay: '请输入支付宝账号', wechat: '请输入微信号',
      amount: '请输入提现金额', noAccount: '请先添加收款账户',
      insufficient: '可提现余额不足，当前可提现 {{available}}', limits: '单笔提现金额为 {{min}}–{{max}}', daily: '每天最多提现 {{n}} 次',
    },
  },
}, {
  titles: { balance: 'Earnings balance', withdraw: 'Withdraw' },
  balance: {
    title: 'My earnings', available: 'Available', pending: 'Pending', withdrawing: 'Withdrawing', withdrawn: 'Withdrawn', withdraw: 'Withdraw',
    hint: 'Pending earnings become available once an order is delivered and its return window is over; invitation rewards count as available too.',
    chartTitle: 'Last 30 days', chartLabel: 'Available balance, daily earnings and withdrawals over the last 30 days', earned: 'Earned', withdrawnDay: 'Withdrawn',
    rewards: 'Rewards earned {{earned}}, taken back {{clawedBack}}.', rewardsLink: 'Details', menuWithdraw: 'To a bank card or Alipay',
  },
  withdraw: {
    accountsTitle: 'Payout accounts', add: '+ Add', noAccounts: 'No payout account yet: add a bank card or Alipay account first', toWhich: 'Withdraw to',
    addTitle: 'Add a payout account', kindLabel: 'Account type',
    holder: 'Account holder (your name)', number: { bank_card: 'Card number', alipay: 'Alipay account (mobile or email)', wechat: 'WeChat ID' }, bank: 'Bank',
    banks: ['中国工商银行', '中国建设银行', '中国农业银行', '中国银行', '招商银行', '交通银行', '中国邮政储蓄银行', '浦发银行', '中信银行', '兴业银行', '平安银行', '民生银行'],
    save: 'Save', added: 'Payout account added', accountHint: 'Withdrawals go only to your own accounts; only the last four digits are shown.',
    default: 'Default', makeDefault: 'Make default', defaultSet: 'Default account set', remove: 'Remove', confirmRemove: 'Tap to remove', removed: 'Payout account removed',
    formTitle: 'Amount', amountLabel: 'Amount (yuan)', all: 'All', availableNow: 'Available ', submit: 'Withdraw {{amount}}', submitting: 'Sending…',
    feeHint: 'The fee follows the platform’s rules; you see what arrives once the request is in. The platform reviews and pays, usually within 1–2 working days.',
    doneTitle: 'Withdrawal requested', amount: 'Amount', fee: 'Fee', net: 'You receive', statusLabel: 'Status',
    doneHint: 'The platform reviews it and pays your account; follow it on Balance. You can cancel it until it is approved.', seeList: 'See withdrawals', again: 'Withdraw more',
    listTitle: 'Withdrawals', none: 'No withdrawals yet', toAccount: 'To {{account}}', feeNet: 'Fee {{fee}} · you receive {{net}}',
    paidAt: 'Paid {{time}}', rejectReason: 'Declined: {{reason}}; the money is available again', failedHint: 'The transfer failed and the money is available again; check the account and try again',
    cancel: 'Cancel', cancelled: 'Cancelled: {{amount}} is available again',
    status: { requested: 'Awaiting review', approved: 'Approved', paying: 'Paying', paid: 'Paid', failed: 'Failed', rejected: 'Declined', cancelled: 'Cancelled' },
    err: {
      holder: 'Enter the account holder', card: 'Enter a 16–19 digit card number', bank: 'Enter the bank', alipay: 'Enter the Alipay account', wechat: 'Enter the WeChat ID',
      amount: 'Enter an amount', noAccount: 'Add a payout account first',
      insufficient: 'Not enough available: {{available}} can be withdrawn', limits: 'A withdrawal is {{min}}–{{max}}', daily: 'At most {{n}} withdrawals a day',
    },
  },
});
