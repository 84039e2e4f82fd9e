// The reseller app's strings for unpaid holds (待付款占库存), merged under reseller.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('reseller', {
  titles: { holds: '待付款占库存' },
  holds: {
    banner: '{{count}} 笔待付款订单占着 {{units}} 件库存', bannerAction: '查看',
    summary: '{{count}} 笔订单 · {{units}} 件', hint: '顾客下单后未付款，库存会被占住直到超时自动释放。顾客不要了，可以先释放，让别人买得到。',
    none: '没有待付款的订单占着库存', customer: '{{count}} 笔 · {{units}} 件 · {{time}} 起',
    units: '{{count}} 件', endsIn: '{{m}} 分 {{s}} 秒后自动释放', ended: '即将自动释放', kindReseller: '代下单', kindStorefront: '店铺',
    release: '释放', releaseAll: '全部释放', call: '打电话',
    sheetOne: '释放这笔订单', sheetAll: '释放 {{name}} 的全部待付款订单',
    sheetHintOne: '订单将被取消，{{units}} 件库存马上回到可售，顾客的支付链接随即失效。', sheetHintAll: '{{orders}} 笔订单将被取消，{{units}} 件库存马上回到可售，支付链接随即失效。已付款的订单不受影响。',
    reason: '原因', reasonRequired: '请填写原因（最多 200 字）',
    confirm: '确认释放', done: '已释放 {{units}} 件库存', doneNone: '订单已付款或已过期，无需释放',
  },
}, {
  titles: { holds: 'Unpaid holds' },
  holds: {
    banner_one: '1 unpaid order holds {{units}} items', banner_other: '{{count}} unpaid orders hold {{units}} items', bannerAction: 'View',
    summary_one: '1 order · {{units}} items', summary_other: '{{count}} orders · {{units}} items', hint: 'An order not yet paid holds its stock until the hold runs out. If the customer no longer wants it, release it so others can buy.',
    none: 'No unpaid orders are holding stock', customer_one: '1 order · {{units}} items · since {{time}}', customer_other: '{{count}} orders · {{units}} items · since {{time}}',
    units_one: '{{count}} item', units_other: '{{count}} items', endsIn: 'released in {{m}} min {{s}} s', ended: 'being released', kindReseller: 'Placed by me', kindStorefront: 'Shop',
    release: 'Release', releaseAll: 'Release all', call: 'Call',
    sheetOne: 'Release this order', sheetAll: 'Release all unpaid orders of {{name}}',
    sheetHintOne: 'The order is cancelled: its {{units}} items go back on sale at once and the customer’s payment link stops working.', sheetHintAll: '{{orders}} orders are cancelled: {{units}} items go back on sale at once and their payment links stop working. Paid orders are not touched.',
    reason: 'Reason', reasonRequired: 'Give a reason (at most 200 characters)',
    confirm: 'Release', done: 'Released {{units}} items', doneNone: 'Already paid or expired: nothing to release',
  },
});
