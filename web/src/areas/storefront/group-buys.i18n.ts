// The storefront's group-buy and presale strings (merged under storefront.*).
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('storefront', {
  group: {
    badge: '{{n}}人团', title: '拼团', groupPrice: '拼团价', tagPrice: '吊牌价', open: '开团', openCta: '发起拼团 {{price}}', joinCta: '参团 {{price}}',
    rule: '{{n}}人成团 · {{hours}}小时内凑齐，未成团自动全额退款', openGroups: '正在拼的团，可直接参与', noOpenGroups: '还没有人开团，来当团长吧',
    slotsLeft: '还差 {{n}} 人', slotsLeftShort: '差{{n}}人', expiresIn: '剩余 {{time}}', ended: '已结束', leader: '团长', paid: '已付款', joined: '待付款', empty: '待加入',
    status: { open: '拼团中', full: '已满员，等待付款', succeeded: '拼团成功', failed: '未成团，已退款' },
    succeededNote: '拼团成功！订单将尽快发货。', failedNote: '很遗憾，未在时间内凑齐，已付款项已原路退回。', fullNote: '人已满，等待团员完成付款',
    share: '邀请好友参团', copied: '链接已复制，发给好友吧', shareHint: '把链接发到群里，好友点开即可参团',
    yourOrder: '我的订单', quantity: '数量', members: '团员', placing: '提交中…', shipTo: '收货信息', join: '我要参团', notFound: '没有找到这个团',
    itemTitle: '拼团商品', see: '去拼团', toGroup: '查看拼团进度', countdownLabel: '拼团倒计时',
  },
  presale: {
    badge: '预售', deadline: '{{time}} 截止', progress: '已预订 {{paid}} 件 · 满 {{moq}} 件开产', reached: '已达起订量，确定生产', ship: '预计 {{date}} 发货',
    rule: '以销定产：截止时未达起订量将自动全额退款', closed: '预售已截止', confirmed: '预售成功，已安排生产', failed: '未达起订量，已全额退款',
  },
}, {
  group: {
    badge: 'Group of {{n}}', title: 'Group buy', groupPrice: 'Group price', tagPrice: 'Tag price', open: 'Start a group', openCta: 'Start a group {{price}}', joinCta: 'Join {{price}}',
    rule: 'Needs {{n}} people within {{hours}} h; if it does not fill, everyone is refunded automatically', openGroups: 'Groups filling now — join one', noOpenGroups: 'No group yet — start one and be the leader',
    slotsLeft: '{{n}} more needed', slotsLeftShort: '{{n}} to go', expiresIn: '{{time}} left', ended: 'Ended', leader: 'Leader', paid: 'Paid', joined: 'Awaiting payment', empty: 'Open seat',
    status: { open: 'Filling', full: 'Full, waiting for payments', succeeded: 'Group complete', failed: 'Did not fill — refunded' },
    succeededNote: 'The group is complete! Your order ships soon.', failedNote: 'The group did not fill in time; payments have been refunded.', fullNote: 'All seats taken; waiting for members to pay',
    share: 'Invite friends', copied: 'Link copied — send it to your friends', shareHint: 'Drop the link in your chat; friends join with one tap',
    yourOrder: 'My order', quantity: 'Quantity', members: 'Members', placing: 'Placing…', shipTo: 'Delivery details', join: 'Join this group', notFound: 'This group was not found',
    itemTitle: 'Group-buy item', see: 'Group buy', toGroup: 'See the group', countdownLabel: 'Group countdown',
  },
  presale: {
    badge: 'Presale', deadline: 'closes {{time}}', progress: '{{paid}} ordered · production at {{moq}}', reached: 'Minimum reached — going into production', ship: 'ships around {{date}}',
    rule: 'Made to order: if the minimum is not reached by the deadline, every order is refunded automatically', closed: 'Presale closed', confirmed: 'Presale confirmed — in production', failed: 'Minimum not reached — refunded',
  },
});
