// The reseller app's group-buy strings (merged under reseller.*).
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('reseller', {
  tabs: { groupBuys: '拼团' },
  titles: { 'group-buys': '拼团' },
  presale: {
    badge: '预售', deadline: '{{time}} 截止下单', progress: '已付款 {{paid}} / 起订量 {{moq}} 件 · 达量后预计 {{date}} 发货',
    tell: '告诉顾客：先付款后生产，截止时未达起订量将自动全额退款。',
  },
  groupBuys: {
    offers: '可分享的拼团（{{n}}）', none: '暂时没有拼团商品', groups: '我店里的团（{{n}}）', noGroups: '还没有顾客开团，把拼团链接发到群里吧',
    size: '{{n}}人团', hours: '{{h}}小时成团', groupPrice: '拼团价', tagPrice: '吊牌价', margin: '每件赚 {{amount}}', stock: '剩 {{n}} 件',
    share: '复制拼团链接', copyText: '复制文案', copied: '已复制，去群里粘贴吧', shareGroup: '复制团链接',
    text: '【{{n}}人团】{{name}} {{colour}}{{size}} 拼团价{{price}}（吊牌价{{tag}}），{{h}}小时内凑齐{{n}}人成团，不成团自动退款👉 {{link}}',
    joined: '{{joined}}/{{size}} 人 · 已付 {{paid}}', left: '剩余 {{time}}',
    status: { open: '拼团中', full: '已满员待付款', succeeded: '拼团成功', failed: '未成团已退款' },
  },
}, {
  tabs: { groupBuys: 'Groups' },
  titles: { 'group-buys': 'Group buys' },
  presale: {
    badge: 'Presale', deadline: 'orders close {{time}}', progress: '{{paid}} paid of a {{moq}}-unit minimum · ships around {{date}} once reached',
    tell: 'Tell customers: pay now, made to order; if the minimum is not reached by the deadline, everyone is refunded automatically.',
  },
  groupBuys: {
    offers: 'Group buys to share ({{n}})', none: 'No group-buy items right now', groups: 'Groups in my shop ({{n}})', noGroups: 'No customer has started a group yet — share a link in your chats',
    size: 'Group of {{n}}', hours: 'fills within {{h}} h', groupPrice: 'Group price', tagPrice: 'Tag price', margin: 'You earn {{amount}} each', stock: '{{n}} left',
    share: 'Copy group-buy link', copyText: 'Copy text', copied: 'Copied — paste it in your chat', shareGroup: 'Copy group link',
    text: '[Group of {{n}}] {{name}} {{colour}} {{size}} at {{price}} (tag {{tag}}). Fill {{n}} seats within {{h}} h or everyone is refunded 👉 {{link}}',
    joined: '{{joined}}/{{size}} joined · {{paid}} paid', left: '{{time}} left',
    status: { open: 'Filling', full: 'Full, awaiting payment', succeeded: 'Complete', failed: 'Did not fill — refunded' },
  },
});
