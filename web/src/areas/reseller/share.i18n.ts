// The share sheet's channels, tabs, poster and picture set, merged under reseller.share.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('reseller', {
  share: {
    channel: '分享到', groupName: '群名（选填，每个群一条专属链接）', channels: { group: '微信群', moments: '朋友圈', private: '私聊', other: '其他' },
    tabs: { text: '文案', poster: '海报', images: '九宫格' },
    expiresHint: '每个渠道一条专属链接，链接随档期结束自动失效；顾客看到的是你的售价，利润自动计入你的收益',
    posterAlt: '分享海报', savePoster: '保存海报', posterHint: '长按海报可保存或直接转发；二维码就是你的专属链接',
    noImages: '这件商品还没有图片', imagesHint: '共 {{n}} 张，点图片保存，配上文案一起发朋友圈',
  },
  titles: { visitors: '访客记录' },
  visitors: {
    menuNote: '谁看了我的链接', title: '访客记录', days: '近 {{n}} 天', onlyNotBought: '只看未下单', none: '还没有访客，分享一条链接试试', anonymous: '访客 {{id}}',
    views: '看了 {{count}} 次', bought: '已下单', notBought: '未下单', looked: '看过：', last: '最近 {{time}}',
    bound: '受保护的客户 {{n}} 位', endingSoon: '{{n}} 位 7 天内到期', bindingHint: '客户在你这里付款后 30 天内，从其他代购链接下单也算你的（流量保护）',
    links: '链接效果', linkViews: '浏览', linkVisitors: '访客', linkOrders: '订单', linkSales: '销售额', conversion: '转化率', ended: '已失效', noLinks: '还没有分享过链接',
    more: '加载更多',
  },
}, {
  share: {
    channel: 'Share to', groupName: 'Group name (optional: each group its own link)', channels: { group: 'Group chat', moments: 'Moments', private: 'Private chat', other: 'Other' },
    tabs: { text: 'Message', poster: 'Poster', images: 'Pictures' },
    expiresHint: 'Each channel gets its own link, which stops working when the sale ends; customers see your price and your profit is credited automatically',
    posterAlt: 'Share poster', savePoster: 'Save poster', posterHint: 'Press and hold the poster to save or forward it; its QR code is your link',
    noImages: 'This product has no pictures yet', imagesHint: '{{n}} pictures: tap one to save it, then post them with the message',
  },
  titles: { visitors: 'Visitors' },
  visitors: {
    menuNote: 'Who opened my links', title: 'Visitors', days: 'Last {{n}} days', onlyNotBought: 'Only those who did not buy', none: 'No visitors yet — share a link', anonymous: 'Visitor {{id}}',
    views_one: '{{count}} view', views_other: '{{count}} views', bought: 'Bought', notBought: 'Not bought', looked: 'Looked at: ', last: 'Last {{time}}',
    bound: '{{n}} protected customers', endingSoon: '{{n}} ending within 7 days', bindingHint: 'For 30 days after a customer pays you, their orders through other resellers’ links are yours too (customer protection)',
    links: 'How my links did', linkViews: 'Views', linkVisitors: 'Visitors', linkOrders: 'Orders', linkSales: 'Sales', conversion: 'Conversion', ended: 'Ended', noLinks: 'No links shared yet',
    more: 'Load more',
  },
});
