// The console's strings for unpaid holds (占库存), merged under console.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('console', {
  nav: { holds: '占库存' },
  holds: {
    title: '占库存', subtitle: '未付款订单占着的库存：谁占得最多、从什么时候开始；必要时释放并注明原因。',
    now: '当前 {{orders}} 笔未付款店铺订单，占 {{units}} 件库存',
    policy: '规则：每个手机号同一商品最多占 {{sku}} 件、全平台最多 {{units}} 件；{{window}} 分钟内未付款订单每个手机号最多 {{phone}} 笔、每个网络地址 {{address}} 笔、每个代购链接 {{link}} 笔。超出的下单会被拒绝，什么都不占。',
    by: { phone: '按手机号', address: '按网络地址', link: '按代购链接' },
    column: { holder: '占用者', units: '占用件数', orders: '未付款订单', spread: '涉及', since: '最早下单', until: '最晚释放', actions: '操作' },
    phones: '{{count}} 个手机号', resellers: '{{count}} 个代购', ago: '{{m}} 分钟前', agoJust: '刚刚',
    none: '现在没有未付款订单占着库存', release: '释放', releaseTitle: '释放 {{holder}} 占用的库存',
    releaseHint: '将取消 TA 全部 {{count}} 笔未付款订单（{{units}} 件），库存立即回到可售，支付链接随即失效。已付款的订单不受影响。',
    reason: '原因', reasonRequired: '请填写释放原因（最多 200 字）',
    confirm: '确认释放', releasing: '释放中…', released: '已释放 {{count}} 笔订单、{{units}} 件库存', releasedNone: '没有可释放的订单（可能刚付款或已过期）',
    log: '释放记录', logHint: '每次释放都会记录操作人和原因。', logNone: '还没有释放记录',
    logColumn: { at: '时间', who: '操作人', scope: '对象', reason: '原因', orders: '订单', units: '件数' },
    actor: { operator: '运营', reseller: '代购', system: '系统' },
    scope: { order: '单笔订单', phone: '手机号', address: '网络地址', link: '代购链接' },
  },
}, {
  nav: { holds: 'Holds' },
  holds: {
    title: 'Unpaid holds', subtitle: 'Stock held by unpaid orders: who holds the most and since when; release it, with a reason, when needed.',
    now: '{{orders}} unpaid storefront orders hold {{units}} units right now',
    policy: 'Policy: one phone holds at most {{sku}} units of an item and {{units}} in all; in {{window}} minutes at most {{phone}} unpaid orders per phone, {{address}} per network address and {{link}} per reseller link. Orders past a cap are refused and hold nothing.',
    by: { phone: 'By phone', address: 'By network address', link: 'By reseller link' },
    column: { holder: 'Holder', units: 'Units held', orders: 'Unpaid orders', spread: 'Spread', since: 'First order', until: 'Last hold ends', actions: 'Actions' },
    phones_one: '1 phone', phones_other: '{{count}} phones', resellers_one: '1 reseller', resellers_other: '{{count}} resellers', ago: '{{m}} min ago', agoJust: 'just now',
    none: 'No unpaid orders hold stock right now', release: 'Release', releaseTitle: 'Release the stock {{holder}} holds',
    releaseHint_one: 'Cancels their unpaid order ({{units}} units): the stock is on sale again at once and its payment link stops working. Paid orders are not touched.',
    releaseHint_other: 'Cancels all {{count}} of their unpaid orders ({{units}} units): the stock is on sale again at once and their payment links stop working. Paid orders are not touched.',
    reason: 'Reason', reasonRequired: 'Give a reason (at most 200 characters)',
    confirm: 'Release', releasing: 'Releasing…', released_one: 'Released 1 order, {{units}} units', released_other: 'Released {{count}} orders, {{units}} units', releasedNone: 'Nothing to release (just paid or expired)',
    log: 'Releases', logHint: 'Every release records who did it and why.', logNone: 'No releases yet',
    logColumn: { at: 'When', who: 'By', scope: 'What', reason: 'Reason', orders: 'Orders', units: 'Units' },
    actor: { operator: 'Operator', reseller: 'Reseller', system: 'System' },
    scope: { order: 'one order', phone: 'phone', address: 'network address', link: 'reseller link' },
  },
});
