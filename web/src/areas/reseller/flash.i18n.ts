// The reseller app's flash-sale (秒杀) strings (merged under reseller.*).
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('reseller', {
  titles: { flash: '限时秒杀' },
  flash: {
    entry: '限时秒杀', entryHint: '{{live}} 场抢购中 · {{upcoming}} 场即将开抢', entryNone: '限量爆款，分享给顾客来抢', badge: '秒杀',
    live: '抢购中（{{n}}）', upcoming: '即将开抢（{{n}}）', ended: '已抢光 / 已结束（{{n}}）', none: '暂时没有秒杀，留意运营通知', noLive: '现在没有正在抢购的秒杀',
    startsIn: '距开抢 {{time}}', endsIn: '距结束 {{time}}', soldOut: '已抢光', over: '已结束',
    claimed: '已抢 {{claimed}}/{{quantity}} 件', left: '剩 {{n}} 件', soldOutIn: '{{n}} 件 {{m}} 分钟抢光', soldOutInSeconds: '{{n}} 件 {{s}} 秒抢光',
    margin: '每件赚 {{amount}}', basePrice: '平台价 {{price}}', limit: '每人限购 {{n}} 件', shopLimit: '本店限 {{n}} 件',
    share: '分享', copyText: '复制文案', copied: '秒杀链接已复制，去群里粘贴吧', copyFailed: '复制失败，请长按链接手动复制',
    text: '⚡限时秒杀⚡ {{name}} {{colour}} {{size}} 秒杀价{{price}}（吊牌价{{tag}}），{{when}}，限量 {{quantity}} 件，每人限 {{limit}} 件，手慢无👉 {{link}}',
    whenLive: '正在抢', whenUpcoming: '{{time}} 开抢',
  },
}, {
  titles: { flash: 'Flash sales' },
  flash: {
    entry: 'Flash sales', entryHint: '{{live}} on now · {{upcoming}} coming up', entryNone: 'Limited hot items for your customers to grab', badge: 'Flash',
    live: 'On now ({{n}})', upcoming: 'Coming up ({{n}})', ended: 'Sold out or over ({{n}})', none: 'No flash sales right now — watch for the operator’s notice', noLive: 'No flash sale is on right now',
    startsIn: 'Starts in {{time}}', endsIn: 'Ends in {{time}}', soldOut: 'Sold out', over: 'Over',
    claimed: '{{claimed}}/{{quantity}} grabbed', left: '{{n}} left', soldOutIn: '{{n}} sold out in {{m}} min', soldOutInSeconds: '{{n}} sold out in {{s}} s',
    margin: 'You earn {{amount}} each', basePrice: 'Base price {{price}}', limit: 'Limit {{n}} per person', shopLimit: 'Shop limit {{n}}',
    share: 'Share', copyText: 'Copy text', copied: 'Flash link copied — paste it in your chats', copyFailed: 'Copy failed — press and hold the link to copy it',
    text: '⚡Flash sale⚡ {{name}} {{colour}} {{size}} for {{price}} (tag {{tag}}), {{when}}, only {{quantity}} units, limit {{limit}} per person 👉 {{link}}',
    whenLive: 'on now', whenUpcoming: 'starts {{time}}',
  },
});
