// The console's strings for the operator's controls (运营管控): ending events early, pulling SKUs,
// disabling logins and resellers, resetting passwords, wallets and payables, the payment search
// and the operator actions record; merged under console.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('console', {
  nav: { users: '账号管理', operatorActions: '操作记录' },
  controls: {
    reason: '原因', reasonHint: '必填，最多 200 字；会写入操作记录', reasonRequired: '请填写原因（最多 200 字）', confirm: '确认', working: '处理中…',
    endEarly: {
      button: '提前结束', title: '提前结束档期「{{title}}」',
      body: '档期立即结束、停止售卖；未付款订单全部取消，库存回到档期，支付链接随即失效。已付款的订单照常履约。',
      done: '档期已结束：取消 {{count}} 笔未付款订单（{{units}} 件）',
    },
    pull: {
      button: '下架', title: '下架 {{name}}', pulled: '已下架',
      body: '该商品立即停止售卖，店铺和代购 App 中显示为不可购买；未售出的 {{available}} 件回到货盘。已被未付款订单占用的 {{held}} 件待订单取消或过期后也回到货盘；已付款订单照常履约。',
      done: '已下架，{{count}} 件回到货盘',
    },
    reseller: {
      back: '代购列表', detail: '详情', disable: '停用代购', enable: '恢复代购',
      disableTitle: '停用代购 {{name}}', enableTitle: '恢复代购 {{name}}',
      disableBody: '停用后 TA 的分享链接和店铺不再接受下单，消费者会看到“店铺已暂停营业”。已付款订单照常履约，TA 仍可登录查看。',
      enableBody: '恢复后 TA 的分享链接和店铺重新接受下单。',
      disabledNote: '该代购已停用：分享链接和店铺暂停接单。', pendingNote: '该代购尚未缴纳年费：缴费后分享链接和店铺开始接单。', removedNote: '该代购已在月度考核中清退：重新加入后店铺再接单。',
      profile: '资料', level: '等级', shareCode: '店铺码', joined: '加入时间', expires: '会员到期',
    },
    wallet: {
      title: '钱包', balance: '钱包余额', accounts: '各账户余额', lines: '账户流水', none: '还没有流水', payable: '应付品牌款',
      payableTitle: '应付账款', payableHint: '平台欠品牌的货款（按平台价扣除佣金），来自账本，每一笔都可追溯到订单。',
      column: { at: '时间', account: '账户', kind: '类型', cause: '来源', amount: '金额' },
      entry: {
        order_paid: '订单付款', order_cancelled: '订单取消', order_line_returned: '退货退款', order_line_short: '品牌缺货退款', orders_settled: '收益结算',
        wallet_topup: '钱包充值', refund_settled: '退款到账', late_payment: '超时付款退回', red_packets_bought: '购买红包', red_packet_expired: '红包过期',
        reward_clawback: '奖励追回', membership_fee: '会员年费', membership_fee_refund: '年费退还', withdrawal_funded: '提现', payout_paid: '打款成功',
        payout_failed: '打款失败', brand_payout_funded: '品牌结算打款',
      },
      causeOf: {
        brand_statement: '品牌对账单', charge: '支付', membership_term: '会员期', order: '订单', parcel: '包裹', payout: '打款', purchase_order: '采购单',
        red_packet: '红包', red_packet_batch: '红包批次', refund: '退款', return: '售后', settlement: '结算', topup: '充值', withdrawal: '提现',
      },
      account: {
        reseller_wallet: '钱包余额', reseller_margin_pending: '待结算收益', reseller_margin_available: '可提现收益', brand_payable: '应付品牌款',
        red_packet_liability: '红包待用', platform_commission: '平台佣金', provider_cash: '支付机构资金', refunds_in_flight: '退款中', promotion_expense: '促销费用',
        payouts_in_flight: '打款中', payout_cash: '打款资金', membership_fees: '会员年费收入', reward_expense: '奖励费用', withdrawal_fees: '提现手续费',
      },
    },
    users: {
      title: '账号管理', subtitle: '停用、恢复登录账号，或为忘记密码的用户重置密码。每次操作都需填写原因并记入操作记录。',
      search: '搜索', searchPlaceholder: '姓名或手机号', role: '角色', roles: { operator: '运营', brand: '品牌商', reseller: '代购' },
      none: '没有符合条件的账号', name: '姓名', phone: '手机号', state: '状态', active: '正常', disabled: '已停用', mustChange: '待改密码',
      passwordChanged: '密码修改', never: '从未', createdAt: '创建时间',
      disable: '停用', enable: '恢复', reset: '重置密码', you: '（本人）',
      disableTitle: '停用账号 {{name}}', disableBody: '该账号的所有登录立即失效，之后登录会提示“账号已被平台停用”。',
      enableTitle: '恢复账号 {{name}}', enableBody: '恢复后该账号可以重新登录。',
      resetTitle: '重置 {{name}} 的密码', resetBody: '生成一个一次性临时密码，只显示这一次；该账号所有登录立即失效，用户用临时密码登录后必须先设置新密码。',
      tempTitle: '临时密码', tempBody: '请通过可靠渠道告知 {{name}}，关闭后无法再次查看：', tempDone: '我已记下', copy: '复制', copied: '已复制',
      disabledDone: '已停用，结束 {{count}} 个登录',
    },
    actions: {
      title: '操作记录', subtitle: '运营做过的管控操作：谁、做了什么、对象、原因、时间。', none: '还没有操作记录', filter: '操作类型', all: '全部',
      column: { at: '时间', who: '操作人', what: '操作', object: '对象', reason: '原因', detail: '结果' },
      action: {
        sale_event_ended_early: '提前结束档期', sale_event_sku_pulled: '下架商品', user_disabled: '停用账号', user_enabled: '恢复账号',
        reseller_disabled: '停用代购', reseller_enabled: '恢复代购', password_reset: '重置密码',
      },
      object: { sale_event: '档期', event_sku: '档期商品', user: '账号', reseller: '代购' },
      detail: { unpaidOrders: '未付款订单 {{count}} 笔', returnedUnits: '回货盘 {{count}} 件', heldUnits: '占用中 {{count}} 件', endedSessions: '结束登录 {{count}} 个' },
      recent: '最近操作',
    },
    payments: {
      title: '支付', search: '搜索', searchPlaceholder: '订单号、支付单号、渠道流水号或网关单号', status: '状态', from: '开始日期', to: '结束日期', purpose: '用途',
      purposes: { order: '订单', topup: '钱包充值' }, statuses: { requires_payment: '待支付', succeeded: '已支付', failed: '支付失败' },
      none: '没有符合条件的支付', column: { id: '支付单', order: '订单 / 充值', amount: '金额', status: '状态', charge: '渠道流水', gatewayRef: '网关单号', createdAt: '发起时间', paidAt: '支付时间' },
      tries: '第 {{n}} 次尝试', rangeInvalid: '开始日期需早于结束日期',
    },
  },
}, {
  nav: { users: 'Logins', operatorActions: 'Operator actions' },
  controls: {
    reason: 'Reason', reasonHint: 'Required, at most 200 characters; kept in the operator actions record', reasonRequired: 'Give a reason (at most 200 characters)', confirm: 'Confirm', working: 'Working…',
    endEarly: {
      button: 'End early', title: 'End “{{title}}” early',
      body: 'The event ends now and stops selling; its unpaid orders are cancelled, their stock returns to the event and their payment links stop working. Paid orders are fulfilled as usual.',
      done_one: 'Event ended: 1 unpaid order cancelled ({{units}} units)', done_other: 'Event ended: {{count}} unpaid orders cancelled ({{units}} units)',
    },
    pull: {
      button: 'Pull', title: 'Pull {{name}}', pulled: 'Pulled',
      body: 'The item stops selling now and shows as unavailable in shops and the reseller app; its {{available}} unsold units go back to the lot. The {{held}} units held by unpaid orders follow once those orders are cancelled or expire; paid orders are fulfilled as usual.',
      done: 'Pulled: {{count}} units back to the lot',
    },
    reseller: {
      back: 'Resellers', detail: 'Details', disable: 'Disable reseller', enable: 'Enable reseller',
      disableTitle: 'Disable reseller {{name}}', enableTitle: 'Enable reseller {{name}}',
      disableBody: 'Their shared links and shop stop taking orders; consumers see that the shop is paused. Paid orders are fulfilled as usual and they can still log in to look.',
      enableBody: 'Their shared links and shop take orders again.',
      disabledNote: 'This reseller is disabled: their links and shop take no orders.', pendingNote: 'This reseller has not paid the membership fee yet: their links and shop take orders once it is paid.', removedNote: 'This reseller was removed by the monthly review: their shop takes orders again if they rejoin.',
      profile: 'Profile', level: 'Level', shareCode: 'Shop code', joined: 'Joined', expires: 'Membership ends',
    },
    wallet: {
      title: 'Wallet', balance: 'Wallet balance', accounts: 'Balances by account', lines: 'Ledger lines', none: 'No ledger lines yet', payable: 'Payable to the brand',
      payableTitle: 'Payable', payableHint: 'What the platform owes the brand (base price net of commission), from the ledger; every line leads back to its order.',
      column: { at: 'When', account: 'Account', kind: 'Kind', cause: 'Cause', amount: 'Amount' },
      entry: {
        order_paid: 'Order paid', order_cancelled: 'Order cancelled', order_line_returned: 'Return refunded', order_line_short: 'Brand shortage refunded', orders_settled: 'Earnings settled',
        wallet_topup: 'Wallet top-up', refund_settled: 'Refund settled', late_payment: 'Late payment returned', red_packets_bought: 'Red packets bought', red_packet_expired: 'Red packet expired',
        reward_clawback: 'Reward clawed back', membership_fee: 'Membership fee', membership_fee_refund: 'Membership fee refunded', withdrawal_funded: 'Withdrawal', payout_paid: 'Payout sent',
        payout_failed: 'Payout failed', brand_payout_funded: 'Brand statement payout',
      },
      causeOf: {
        brand_statement: 'Brand statement', charge: 'Payment', membership_term: 'Membership term', order: 'Order', parcel: 'Parcel', payout: 'Payout', purchase_order: 'Purchase order',
        red_packet: 'Red packet', red_packet_batch: 'Red packet batch', refund: 'Refund', return: 'Return', settlement: 'Settlement', topup: 'Top-up', withdrawal: 'Withdrawal',
      },
      account: {
        reseller_wallet: 'Wallet', reseller_margin_pending: 'Earnings pending', reseller_margin_available: 'Earnings available', brand_payable: 'Payable to brand',
        red_packet_liability: 'Red packets unused', platform_commission: 'Platform commission', provider_cash: 'Cash at provider', refunds_in_flight: 'Refunds in flight', promotion_expense: 'Promotion cost',
        payouts_in_flight: 'Payouts in flight', payout_cash: 'Payout cash', membership_fees: 'Membership fees', reward_expense: 'Reward cost', withdrawal_fees: 'Withdrawal fees',
      },
    },
    users: {
      title: 'Logins', subtitle: 'Disable or enable a login, or reset the password of a user who forgot it. Each action needs a reason and is kept in the operator actions record.',
      search: 'Search', searchPlaceholder: 'Name or phone', role: 'Role', roles: { operator: 'Operator', brand: 'Brand', reseller: 'Reseller' },
      none: 'No logins match', name: 'Name', phone: 'Phone', state: 'State', active: 'Active', disabled: 'Disabled', mustChange: 'Must change password',
      passwordChanged: 'Password changed', never: 'never', createdAt: 'Created',
      disable: 'Disable', enable: 'Enable', reset: 'Reset password', you: ' (you)',
      disableTitle: 'Disable {{name}}', disableBody: 'Every session of this login ends now; logging in then says the account was disabled by the platform.',
      enableTitle: 'Enable {{name}}', enableBody: 'The login can be used again.',
      resetTitle: 'Reset the password of {{name}}', resetBody: 'Makes a one-time temporary password, shown only now; every session of the login ends, and after logging in with it the user must choose a new password first.',
      tempTitle: 'Temporary password', tempBody: 'Give it to {{name}} through a trusted channel; it cannot be shown again once closed:', tempDone: 'I have noted it', copy: 'Copy', copied: 'Copied',
      disabledDone_one: 'Disabled; 1 session ended', disabledDone_other: 'Disabled; {{count}} sessions ended',
    },
    actions: {
      title: 'Operator actions', subtitle: 'What operators did: who, what, to which object, why and when.', none: 'No operator actions yet', filter: 'Action', all: 'All',
      column: { at: 'When', who: 'By', what: 'Action', object: 'Object', reason: 'Reason', detail: 'Outcome' },
      action: {
        sale_event_ended_early: 'Ended event early', sale_event_sku_pulled: 'Pulled item', user_disabled: 'Disabled login', user_enabled: 'Enabled login',
        reseller_disabled: 'Disabled reseller', reseller_enabled: 'Enabled reseller', password_reset: 'Reset password',
      },
      object: { sale_event: 'Event', event_sku: 'Event item', user: 'Login', reseller: 'Reseller' },
      detail: {
        unpaidOrders_one: '{{count}} unpaid order', unpaidOrders_other: '{{count}} unpaid orders', returnedUnits_one: '{{count}} unit back to lot', returnedUnits_other: '{{count}} units back to lot',
        heldUnits_one: '{{count}} unit held', heldUnits_other: '{{count}} units held', endedSessions_one: '{{count}} session ended', endedSessions_other: '{{count}} sessions ended',
      },
      recent: 'Recent actions',
    },
    payments: {
      title: 'Payments', search: 'Search', searchPlaceholder: 'Order number, payment, charge or gateway reference', status: 'Status', from: 'From', to: 'To', purpose: 'For',
      purposes: { order: 'Order', topup: 'Wallet top-up' }, statuses: { requires_payment: 'Awaiting payment', succeeded: 'Paid', failed: 'Failed' },
      none: 'No payments match', column: { id: 'Payment', order: 'Order / top-up', amount: 'Amount', status: 'Status', charge: 'Charge', gatewayRef: 'Gateway ref', createdAt: 'Started', paidAt: 'Paid' },
      tries: 'try {{n}}', rangeInvalid: 'The start must be before the end',
    },
  },
});
