// The brand portal's settlement strings (回款: monthly statements, a sale event's statement,
// payout accounts), merged under brand.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('brand', {
  settle: {
    nav: '回款', heading: '回款', explain: '平台按月与您结算货款：订单签收且退货期满后计入当月（已售未退货的平台价扣除佣金和您承担的优惠）；结算后发生的退款作为售后调整计入发生当月。每月月结后，平台把应付金额打到您的默认收款账户。',
    openTitle: '{{period}}（本月，截至目前）', soFar: '本月累计应付', soFarHint: '月结后确定金额并付款', backUnits: '退货 {{returned}} · 短缺 {{short}}',
    months: '月度对账单', monthsHint: '本月持续累计；已月结的月份可下载 PDF。', none: '还没有对账单', csv: '导出 CSV', pdf: '下载 PDF',
    period: '月份', statusLabel: '状态', status: { open: '本月累计中', closed: '已月结待付款', paying: '付款中', paid: '已付款' },
    sold: '售出件数', returned: '退货', short: '短缺', kept: '实售件数', gross: '货款', commission: '平台佣金', discounts: '承担优惠', settled: '已结算',
    adjustments: '售后调整', carriedIn: '上期结转', amountDue: '应付金额', paid: '已付', netPayable: '应付货款',
    payoutsN: '付款记录（{{count}}）', payoutAt: '付款时间', payoutAmount: '金额', account: '收款账户', arrivedAt: '到账时间',
    payoutStatus: { pending: '待提交', submitted: '处理中', succeeded: '已到账', failed: '失败' },
    accounts: '收款账户', accountsHint: '平台回款打入默认账户。银行卡需填写开户行；账号只显示末四位。', noAccounts: '还没有收款账户：请添加，平台才能向您付款。',
    addAccount: '添加收款账户', kindLabel: '类型',
    holderName: '户名', holderPlaceholder: '与账户一致的公司或个人名称', cardNo: '银行卡号', accountNo: '账号', bankName: '开户银行', bankPlaceholder: '例如：招商银行',
    makeDefault: '设为默认收款账户', save: '保存', saving: '保存中…', required: '必填', cardInvalid: '请输入 16–19 位银行卡号',
    default: '默认', setDefault: '设为默认', remove: '删除', removeConfirm: '删除收款账户 {{account}}？已付款的记录仍保留。', addedAt: '添加时间',
    toEvent: '本档期对账单', backToEvent: '返回档期', eventHeading: '{{title}} · 对账单',
    eventExplain: '本档期截至目前的货款：售出件数扣除取消、短缺和退货后为实售件数；应付货款 = 实售货款 − 平台佣金 − 您承担的优惠。已结算部分将计入对应月份的对账单。',
    eventBack: '取消 {{cancelled}} · 短缺 {{short}} · 退货 {{returned}}', settledLines: '已结算 {{settled}} / {{lines}} 行', bySku: '按 SKU', noLines: '本档期还没有订单',
  },
}, {
  settle: {
    nav: 'Payouts', heading: 'Payouts', explain: 'The platform settles with you monthly: an order line counts in the month its return window ends after delivery (base price of the units kept, less commission and the discounts you bear); refunds after that are adjustments in the month they happen. Once a month is closed, the amount due is paid to your default payout account.',
    openTitle: '{{period}} (this month, so far)', soFar: 'Due so far this month', soFarHint: 'Fixed and paid once the month closes', backUnits: '{{returned}} returned · {{short}} short',
    months: 'Monthly statements', monthsHint: 'This month adds up as it goes; closed months have a PDF.', none: 'No statements yet', csv: 'Export CSV', pdf: 'Download PDF',
    period: 'Month', statusLabel: 'Status', status: { open: 'Month to date', closed: 'Closed, to be paid', paying: 'Paying', paid: 'Paid' },
    sold: 'Units sold', returned: 'Returned', short: 'Short', kept: 'Units kept', gross: 'Gross', commission: 'Commission', discounts: 'Discounts borne', settled: 'Settled',
    adjustments: 'Adjustments', carriedIn: 'Carried in', amountDue: 'Amount due', paid: 'Paid', netPayable: 'Net payable',
    payoutsN: 'Payouts ({{count}})', payoutAt: 'Sent', payoutAmount: 'Amount', account: 'Payout account', arrivedAt: 'Arrived',
    payoutStatus: { pending: 'To submit', submitted: 'Processing', succeeded: 'Arrived', failed: 'Failed' },
    accounts: 'Payout accounts', accountsHint: 'Payouts go to the default account. A bank card needs its bank; numbers show their last four digits only.', noAccounts: 'No payout account yet: add one so the platform can pay you.',
    addAccount: 'Add a payout account', kindLabel: 'Type',
    holderName: 'Account holder', holderPlaceholder: 'The company or person the account belongs to', cardNo: 'Card number', accountNo: 'Account', bankName: 'Bank', bankPlaceholder: 'e.g. China Merchants Bank',
    makeDefault: 'Make it the default', save: 'Save', saving: 'Saving…', required: 'Required', cardInvalid: 'A card number of 16–19 digits',
    default: 'Default', setDefault: 'Make default', remove: 'Remove', removeConfirm: 'Remove payout account {{account}}? Payouts already sent keep naming it.', addedAt: 'Added',
    toEvent: 'Event statement', backToEvent: 'Back to the event', eventHeading: '{{title}} · statement',
    eventExplain: 'The event’s money so far: units sold less those cancelled, short and returned are the units kept; net payable = gross of the units kept − commission − discounts you bear. What has settled goes onto that month’s statement.',
    eventBack: '{{cancelled}} cancelled · {{short}} short · {{returned}} returned', settledLines: '{{settled}} of {{lines}} lines settled', bySku: 'By SKU', noLines: 'No orders in this event yet',
  },
});
